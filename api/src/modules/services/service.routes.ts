import { z } from 'zod'
import type { Deps } from '../../core/context.ts'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import {
  CloseSlotBody, CreateServiceBody, CreateSlotBody, ServiceDetailView, ServiceListQuery, ServiceSummaryView, SlotPatternBody, SlotPatternResultView,
  SlotQuery, SlotView, UpdateServiceBody, UpdateSlotBody,
} from './service.schema.ts'
import { createService, getService, listServices, updateService } from './service.service.ts'
import { applySlotPattern, closeSlot, createSlot, listSlots, updateSlotCapacity } from './slot.service.ts'

const tags = ['预约办事 services']

/** The service catalogue (any logged-in user) and its upkeep by committee staff: services, slots, patterns. */
export function serviceRoutes(_deps?: Deps) {
  const r = new ApiRoutes('/api/v1')

  r.get('/services', {
    summary: '服务列表：默认为我所在社区（居民：已绑定房屋的社区；工作人员：所辖社区）；communityId 指定社区；all=true 含已停用（管理者）',
    tags, query: ServiceListQuery, response: z.array(ServiceSummaryView),
  }, async (ctx, { actor, query }) => ({ data: await listServices(ctx.deps, actor, query) }))

  r.post('/services', { summary: '新建服务（本社区居委会工作人员）', tags, body: CreateServiceBody, response: ServiceDetailView, status: 201, idempotent: true },
    async (ctx, { actor, body, unitOfWork }) => ({ data: await createService(ctx.deps, actor, body, requestOrigin(ctx), unitOfWork) }))

  r.get('/services/:id', { summary: '服务详情：所需材料、预约规则、我能否预约', tags, params: IdParam, response: ServiceDetailView },
    async (ctx, { actor, params }) => ({ data: await getService(ctx.deps, actor, params.id) }))

  r.patch('/services/:id', { summary: '修改服务（须带 version；停用：active=false）', tags, params: IdParam, body: UpdateServiceBody, response: ServiceDetailView },
    async (ctx, { actor, params, body }) => ({ data: await updateService(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.get('/services/:id/slots', {
    summary: '服务的时段及剩余名额（from/to 为上海日期，默认今天到可预约的最后一天，最多93天）',
    tags, params: IdParam, query: SlotQuery, response: z.array(SlotView),
  }, async (ctx, { actor, params, query }) => ({ data: await listSlots(ctx.deps, actor, params.id, query) }))

  r.post('/services/:id/slots', { summary: '发布一个时段', tags, params: IdParam, body: CreateSlotBody, response: SlotView, status: 201, idempotent: true },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await createSlot(ctx.deps, actor, params.id, body, requestOrigin(ctx), unitOfWork) }))

  r.post('/services/:id/slot-patterns', {
    summary: '按周批量发布时段（按工作日历跳过节假日、调休上班日照常；已有的时段保持不变）',
    tags, params: IdParam, body: SlotPatternBody, response: SlotPatternResultView,
  }, async (ctx, { actor, params, body }) => ({ data: await applySlotPattern(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.patch('/service-slots/:id', { summary: '修改时段名额（不能少于已预约人数）', tags, params: IdParam, body: UpdateSlotBody, response: SlotView },
    async (ctx, { actor, params, body }) => ({ data: await updateSlotCapacity(ctx.deps, actor, params.id, body.capacity, requestOrigin(ctx)) }))

  r.post('/service-slots/:id/close', { summary: '关闭时段：已预约的居民收到通知，已支付的退款', tags, params: IdParam, body: CloseSlotBody, response: SlotView },
    async (ctx, { actor, params, body }) => ({ data: await closeSlot(ctx.deps, actor, params.id, body.reason, requestOrigin(ctx)) }))

  return r
}
