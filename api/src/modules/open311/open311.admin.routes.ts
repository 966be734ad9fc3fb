import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { IssueClientBody, IssuedClientView, issueClient, listClients, Open311ClientView, revokeClient } from './open311.clients.ts'

const tags = ['Open311 接入方 open311-clients']

/**
 * Administration of Open311 API keys. Issuing is deliberately not idempotent: a replayed answer
 * would have to keep the key in the idempotency store, and the key must exist only in the answer.
 */
export function open311AdminRoutes() {
  const r = new ApiRoutes('/api/v1')
  r.get('/admin/open311-clients', { summary: 'Open311 接入方列表（系统管理员）', tags, response: z.array(Open311ClientView) },
    async (ctx, { actor }) => ({ data: await listClients(ctx.deps, actor) }))
  r.post('/admin/open311-clients', {
    summary: '为一个社区签发 Open311 API 密钥（密钥只在此应答中出现一次）', tags, body: IssueClientBody, response: IssuedClientView, status: 201,
  }, async (ctx, { actor, body }) => ({ data: await issueClient(ctx.deps, actor, body, requestOrigin(ctx)) }))
  r.post('/admin/open311-clients/:id/revoke', { summary: '停用 Open311 密钥（立即生效）', tags, params: IdParam, response: Open311ClientView },
    async (ctx, { actor, params }) => ({ data: await revokeClient(ctx.deps, actor, params.id, requestOrigin(ctx)) }))
  return r
}
