import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import {
  cancelBooking, checkInBooking, completeBooking, confirmBooking, noShowBooking, payBooking, rescheduleBooking,
} from './booking.actions.ts'
import { createBooking, paymentFor } from './booking.create.ts'
import { bookingDetail, deskDay, listMyBookings, lookupByCode } from './booking.read.ts'
import {
  BookingDetailView, BookingListQuery, BookingView, CancelBookingBody, CancelResultView, CheckInBody, CreateBookingBody, CreatedBookingView, DayListQuery,
  DeskBookingView, Empty, LookupQuery, RequestPaymentView, RescheduleBody,
} from './booking.schema.ts'

const tags = ['预约 bookings']

/** Bookings of services: the resident's booking, cancelling, rescheduling and paying; the window's check-in and day list. */
export function bookingRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.post('/bookings', {
    summary: '预约一个时段（Idempotency-Key）：约满时 409 SLOT_FULL 并给出有空位的时段；付费服务返回 requestPayment',
    tags, body: CreateBookingBody, response: CreatedBookingView, status: 201, idempotent: true,
  }, async (ctx, { actor, body, sqlUnitOfWork }) => {
    const created = await createBooking(ctx.deps, actor, body, requestOrigin(ctx), sqlUnitOfWork)
    return { data: await paymentFor(ctx.deps, created) }
  })

  r.get('/bookings', { summary: '我的预约（when=upcoming 待办理 / past 已结束 / all）', tags, query: BookingListQuery, response: z.array(BookingView), paginated: true },
    async (ctx, { actor, query }) => listMyBookings(ctx.deps, actor, query))

  r.get('/bookings/lookup', { summary: '按预约码查询（本社区工作人员）', tags, query: LookupQuery, response: DeskBookingView },
    async (ctx, { actor, query }) => ({ data: await lookupByCode(ctx.deps, actor, query.code) }))

  r.get('/bookings/:id', { summary: '预约详情（含材料清单和可执行的操作）', tags, params: IdParam, response: BookingDetailView },
    async (ctx, { actor, params }) => ({ data: await bookingDetail(ctx.deps, actor, params.id) }))

  r.post('/bookings/:id/cancel', {
    summary: '取消预约（居民本人在开始前；社区工作人员须填写原因）。免费取消期内或由社区取消的已付费预约原路退款',
    tags, params: IdParam, body: CancelBookingBody, response: CancelResultView,
  }, async (ctx, { actor, params, body }) => ({ data: await cancelBooking(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.post('/bookings/:id/reschedule', { summary: '改约到同一服务的其他时段', tags, params: IdParam, body: RescheduleBody, response: BookingDetailView },
    async (ctx, { actor, params, body }) => ({ data: await rescheduleBooking(ctx.deps, actor, params.id, body.slotId, requestOrigin(ctx)) }))

  r.post('/bookings/:id/pay', { summary: '待支付的预约：取得微信支付参数（支付截止前可重试）', tags, params: IdParam, body: Empty, response: RequestPaymentView },
    async (ctx, { actor, params }) => ({ data: await payBooking(ctx.deps, actor, params.id) }))

  r.post('/bookings/:id/confirm', { summary: '确认预约（本社区工作人员）', tags, params: IdParam, body: Empty, response: BookingDetailView },
    async (ctx, { actor, params }) => ({ data: await confirmBooking(ctx.deps, actor, params.id, requestOrigin(ctx)) }))

  r.post('/bookings/:id/check-in', { summary: '窗口签到：核对居民出示的预约码（开始前1小时至当天结束）', tags, params: IdParam, body: CheckInBody, response: BookingDetailView },
    async (ctx, { actor, params, body }) => ({ data: await checkInBooking(ctx.deps, actor, params.id, body.code, requestOrigin(ctx)) }))

  r.post('/bookings/:id/complete', { summary: '办结（已签到的预约）', tags, params: IdParam, body: Empty, response: BookingDetailView },
    async (ctx, { actor, params }) => ({ data: await completeBooking(ctx.deps, actor, params.id, requestOrigin(ctx)) }))

  r.post('/bookings/:id/no-show', { summary: '标记未到场（时段开始后）', tags, params: IdParam, body: Empty, response: BookingDetailView },
    async (ctx, { actor, params }) => ({ data: await noShowBooking(ctx.deps, actor, params.id, requestOrigin(ctx)) }))

  r.get('/service-desk/day', { summary: '窗口当日预约名单（本社区工作人员；居民姓名和手机号已脱敏）', tags, query: DayListQuery, response: z.array(DeskBookingView) },
    async (ctx, { actor, query }) => ({ data: await deskDay(ctx.deps, actor, query) }))

  return r
}
