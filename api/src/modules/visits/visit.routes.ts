import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import {
  CareFlagsBody, CareFlagsView, CreateVisitBody, DueVisitsQuery, DueVisitView, VisitListQuery, VisitOptionsView, VisitView, visitOptions,
} from './visit.schema.ts'
import { createVisit, dueVisits, listVisits, setCareFlags } from './visit.service.ts'

const tags = ['民情日志 visits']

/** The visit log (民情日志), the 五必访 list and the households' 五必访 flags. */
export function visitRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.post('/visits', { summary: '记录一次走访（本网格的网格员）', tags, body: CreateVisitBody, response: VisitView, status: 201, idempotent: true },
    async (ctx, { actor, body, unitOfWork }) => ({ data: await createVisit(ctx.deps, actor, body, unitOfWork) }))

  r.get('/visits', {
    summary: '走访记录：网格员看自己的，网格长/社区/街道看管辖范围内的，最新在前',
    tags, query: VisitListQuery, response: z.array(VisitView), paginated: true,
  }, async (ctx, { actor, query }) => {
    const { items, page } = await listVisits(ctx.deps, actor, query)
    return { data: items, page }
  })

  r.get('/visits/options', { summary: '走访方式和五必访标记的选项（含中文名称）与每月走访目标', tags, response: VisitOptionsView },
    async () => ({ data: visitOptions() }))

  r.get('/visits/due', { summary: '五必访：本月尚未走访的重点户（新市民、独居老人、残疾人、留守儿童、流动人口）', tags, query: DueVisitsQuery, response: z.array(DueVisitView) },
    async (ctx, { actor, query }) => ({ data: await dueVisits(ctx.deps, actor, query) }))

  r.put('/households/:id/care-flags', { summary: '设置房屋的五必访标记（本网格的网格员或社区工作人员）', tags, params: IdParam, body: CareFlagsBody, response: CareFlagsView },
    async (ctx, { actor, params, body }) => ({ data: await setCareFlags(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  return r
}
