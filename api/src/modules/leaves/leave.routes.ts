import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { CreateLeaveBody, LeaveListQuery, LeaveView } from './leave.schema.ts'
import { createLeave, deleteLeave, listLeaves } from './leave.service.ts'

const tags = ['网格员请假 worker leave']

/** Grid workers' leave (请假): while a worker is on leave, new reports go to a deputy. */
export function leaveRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/worker-leaves', {
    summary: '请假列表：网格员看本人的，网格长、社区、街道看所辖网格网格员的（默认不含已结束的）',
    tags, query: LeaveListQuery, response: z.array(LeaveView), paginated: true,
  }, async (ctx, { actor, query }) => {
    const { items, page } = await listLeaves(ctx.deps, actor, query)
    return { data: items, page }
  })

  r.post('/worker-leaves', {
    summary: '登记请假（网格员本人，或其网格所在社区的网格长、社区工作人员；同一人的请假不能重叠）',
    tags, body: CreateLeaveBody, response: LeaveView, status: 201, idempotent: true,
  }, async (ctx, { actor, body, unitOfWork }) => ({ data: await createLeave(ctx.deps, actor, body, requestOrigin(ctx), unitOfWork) }))

  r.delete('/worker-leaves/:id', { summary: '取消请假登记（登记人范围同上）', tags, params: IdParam, response: LeaveView },
    async (ctx, { actor, params }) => ({ data: await deleteLeave(ctx.deps, actor, params.id, requestOrigin(ctx)) }))

  return r
}
