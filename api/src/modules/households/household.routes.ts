import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { decideBinding, listBindingsForStaff, listOwnBindings, requestBinding, withdrawBinding } from './binding.service.ts'
import {
  BindingListQuery, BindingRequestBody, BindingView, BuildingView, HouseholdListQuery, HouseholdOption, HouseholdView, RejectBody,
} from './household.schema.ts'
import { getHousehold, listBuildingHouseholds, listBuildings, listHouseholds } from './household.service.ts'

const tags = ['房屋与绑定 households']

/** Households, the household picker, and household binding requests and their review. */
export function householdRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/me/households', { summary: '我的房屋绑定申请', tags, response: z.array(BindingView) },
    async (ctx, { actor }) => ({ data: await listOwnBindings(ctx.deps, actor) }))

  r.post('/me/households', { summary: '申请绑定房屋', tags, body: BindingRequestBody, response: BindingView, status: 201, idempotent: true },
    async (ctx, { actor, body, unitOfWork }) => ({ data: await requestBinding(ctx.deps, actor, body, unitOfWork) }))

  r.post('/me/households/:id/withdraw', { summary: '撤回申请或解除绑定', tags, params: IdParam, response: BindingView },
    async (ctx, { actor, params }) => ({ data: await withdrawBinding(ctx.deps, actor, params.id, requestOrigin(ctx)) }))

  r.get('/household-bindings', { summary: '绑定申请列表（工作人员，按管辖范围）', tags, query: BindingListQuery, response: z.array(BindingView), paginated: true },
    async (ctx, { actor, query }) => {
      const { items, page } = await listBindingsForStaff(ctx.deps, actor, query)
      return { data: items, page }
    })

  r.post('/household-bindings/:id/approve', { summary: '通过绑定申请（社区工作人员）', tags, params: IdParam, response: BindingView },
    async (ctx, { actor, params }) => ({ data: await decideBinding(ctx.deps, actor, params.id, { action: 'approve' }, requestOrigin(ctx)) }))

  r.post('/household-bindings/:id/reject', { summary: '驳回绑定申请（社区工作人员）', tags, params: IdParam, body: RejectBody, response: BindingView },
    async (ctx, { actor, params, body }) =>
      ({ data: await decideBinding(ctx.deps, actor, params.id, { action: 'reject', reason: body.reason }, requestOrigin(ctx)) }))

  r.get('/households', { summary: '房屋列表（工作人员，按管辖范围，住户信息脱敏）', tags, query: HouseholdListQuery, response: z.array(HouseholdView), paginated: true },
    async (ctx, { actor, query }) => {
      const { items, page } = await listHouseholds(ctx.deps, actor, query)
      return { data: items, page }
    })

  r.get('/households/:id', { summary: '房屋详情', tags, params: IdParam, response: HouseholdView },
    async (ctx, { actor, params }) => ({ data: await getHousehold(ctx.deps, actor, params.id) }))

  r.get('/communities/:id/buildings', { summary: '社区的楼栋（选择房屋用）', tags, params: IdParam, response: z.array(BuildingView) },
    async (ctx, { params }) => ({ data: await listBuildings(ctx.deps, params.id) }))

  r.get('/buildings/:id/households', { summary: '楼栋的房间（选择房屋用）', tags, params: IdParam, response: z.array(HouseholdOption) },
    async (ctx, { params }) => ({ data: await listBuildingHouseholds(ctx.deps, params.id) }))

  return r
}
