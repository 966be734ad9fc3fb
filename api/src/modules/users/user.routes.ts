import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { presentAccount } from './user.presenter.ts'
import { setAccountStatus } from './user.service.ts'

const ReasonBody = z.object({ reason: z.string().trim().min(2, '请填写原因（至少2个字）').max(200) }).strict()
const AccountView = z.object({
  id: z.number().int(),
  username: z.string().nullable(),
  displayName: z.string(),
  status: z.enum(['active', 'disabled', 'deleted']),
  policies: z.object({ disable: z.boolean(), enable: z.boolean() }),
})

const tags = ['账号管理 accounts']

/** Account administration: disabling ends every session of the account at once. */
export function userRoutes() {
  const r = new ApiRoutes('/api/v1')
  r.post('/admin/users/:id/disable', { summary: '停用账号（立即退出其全部登录）', tags, params: IdParam, body: ReasonBody, response: AccountView },
    async (ctx, { actor, params, body }) => ({ data: presentAccount(await setAccountStatus(ctx.deps, actor, params.id, 'disable', body.reason, requestOrigin(ctx)), actor) }))
  r.post('/admin/users/:id/enable', { summary: '重新启用账号', tags, params: IdParam, body: ReasonBody, response: AccountView },
    async (ctx, { actor, params, body }) => ({ data: presentAccount(await setAccountStatus(ctx.deps, actor, params.id, 'enable', body.reason, requestOrigin(ctx)), actor) }))
  return r
}
