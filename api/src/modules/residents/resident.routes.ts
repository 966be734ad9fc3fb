import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { revealResident } from './resident.service.ts'

const RevealBody = z
  .object({
    fields: z.array(z.enum(['realName', 'idNumber', 'phone'])).min(1).max(3),
    reason: z.string().trim().min(2, '事由至少2个字').max(200).optional(),
  })
  .strict()

const RevealView = z.object({ realName: z.string().nullable().optional(), idNumber: z.string().nullable().optional(), phone: z.string().nullable().optional() })

/** Unmasked personal data, for the roles that need it; every read is audited. */
export function residentRoutes() {
  const r = new ApiRoutes('/api/v1')
  r.post('/residents/:id/reveal', {
    summary: '查看居民完整个人信息（留痕）',
    description: '本人可查看自己的全部信息；本社区工作人员可查看其辖区居民（须填写事由）；网格员、网格长可查看其网格住户的姓名与电话。每次查看都写入审计日志。',
    tags: ['居民 residents'], params: IdParam, body: RevealBody, response: RevealView,
  }, async (ctx, { actor, params, body }) => ({ data: await revealResident(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))
  return r
}
