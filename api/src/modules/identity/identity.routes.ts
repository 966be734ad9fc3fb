import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { DecideIdentityBody, IdentityReviewListQuery, IdentityReviewView } from './identity.schema.ts'
import { decideIdentityReview, listIdentityReviews } from './identity.service.ts'

const tags = ['身份核实 identity reviews']

/** ID numbers claimed by two accounts, decided by committee staff. */
export function identityRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/identity-reviews', { summary: '身份核实列表（社区、街道工作人员，按管辖范围）', tags, query: IdentityReviewListQuery, response: z.array(IdentityReviewView), paginated: true },
    async (ctx, { actor, query }) => {
      const { items, page } = await listIdentityReviews(ctx.deps, actor, query)
      return { data: items, page }
    })

  r.post('/identity-reviews/:id/reject', { summary: '核实未通过：清除申请人填写的身份证号', tags, params: IdParam, body: DecideIdentityBody, response: IdentityReviewView },
    async (ctx, { actor, params, body }) => ({ data: await decideIdentityReview(ctx.deps, actor, params.id, 'reject', body.reason, requestOrigin(ctx)) }))

  r.post('/identity-reviews/:id/transfer', {
    summary: '核实通过：身份证号归申请人（原账号上的身份证号清除，其房屋绑定回到待审核）',
    tags, params: IdParam, body: DecideIdentityBody, response: IdentityReviewView,
  }, async (ctx, { actor, params, body }) => ({ data: await decideIdentityReview(ctx.deps, actor, params.id, 'transfer', body.reason, requestOrigin(ctx)) }))

  return r
}
