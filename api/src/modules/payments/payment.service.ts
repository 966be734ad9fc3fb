import type { Config } from '../../config.ts'
import type { RequestPaymentDto } from '../../contracts.ts'
import type { AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx } from '../../core/db.ts'
import { AppError, conflict, notFound, unprocessable } from '../../core/errors.ts'
import { WechatPayError, wechatPayClientFor } from '../../integrations/wechatpay/client.ts'
import { auditPayment, systemOrigin } from './payment.audit.ts'

export { queueRefund, sendPendingRefunds } from './payment.refunds.ts'

/** Paid services can be booked only with WeChat Pay configured (merchant, keys and the mini-program's appid). */
export function paymentsAvailable(config: Config): boolean {
  return Boolean(config.wechatPay && config.wechat.appid)
}

/** 503 when WeChat Pay cannot be reached: the booking keeps its seat and the resident may try again. */
export const paymentUnavailable = () =>
  new AppError(503, 'PAYMENT_UNAVAILABLE', '微信支付暂时连接不上，请稍后再点“去支付”。支付截止前座位会一直为您保留。', { retryAfterSeconds: 5 })

/** out_trade_no of a booking's order: `BK<booking id>T<base36 ms>` (≤ 22 characters of [0-9A-Z]). */
export function outTradeNoFor(bookingId: number, now: Date): string {
  return `BK${bookingId}T${now.getTime().toString(36).toUpperCase()}`
}

type PayRow = {
  id: number; user_id: number; status: string; fee_fen: number; hold_until: Date | null; service_name: string; openid: string | null
}

type OrderRow = { id: number; out_trade_no: string; status: string; prepay_id: string | null; amount_fen: number; payer_openid: string; description: string; expires_at: Date }

/**
 * The `wx.requestPayment` parameters of a booking awaiting payment. Called after the booking's
 * transaction committed (POST /bookings) and by POST /bookings/:id/pay; the caller has checked the
 * booking is the actor's. Creates the booking's WeChat Pay order once (unique booking_id; it expires
 * with the hold), asks `/v3/pay/transactions/jsapi` for its prepay_id once and keeps it (valid 2 h,
 * longer than any hold), then signs the parameters with the merchant key. WeChat Pay unreachable →
 * 503 PAYMENT_UNAVAILABLE (the booking stays awaiting payment until its hold ends). The order's
 * creation is audited (payment.created, by the booking's resident) in the transaction that inserts it.
 */
export async function openPayment(deps: Deps, bookingId: number, origin: AuditOrigin = systemOrigin('payment:open')): Promise<RequestPaymentDto> {
  const client = wechatPayClientFor(deps.config)
  if (!client) throw unprocessable('PAYMENT_NOT_CONFIGURED', '暂不支持在线支付，请到窗口办理')
  const now = deps.now()
  const [b] = await deps.db.$queryRaw<PayRow[]>`SELECT b.id, b.user_id, b.status, b.fee_fen, b.hold_until, s.name AS service_name, u.openid
    FROM bookings b JOIN services s ON s.id = b.service_id JOIN users u ON u.id = b.user_id WHERE b.id = ${bookingId}`
  if (!b) throw notFound('预约')
  if (b.status === 'pending' || b.status === 'confirmed' || b.status === 'checked_in' || b.status === 'completed') {
    throw conflict('ALREADY_PAID', '这个预约已经支付过了')
  }
  if (b.status !== 'awaiting_payment' || b.fee_fen <= 0) throw conflict('NOT_AWAITING_PAYMENT', '这个预约现在不需要支付')
  if (!b.hold_until || b.hold_until.getTime() <= now.getTime()) throw conflict('PAYMENT_EXPIRED', '支付时间已过，座位已经释放，请重新预约')
  if (!b.openid) throw unprocessable('NO_OPENID', '请在微信小程序中支付')

  const outTradeNo = outTradeNoFor(b.id, now)
  await deps.db.$transaction(async (tx) => {
    const inserted = await tx.$executeRaw`INSERT IGNORE INTO payment_orders
        (booking_id, out_trade_no, description, amount_fen, payer_openid, status, expires_at, created_at, updated_at)
      VALUES (${b.id}, ${outTradeNo}, ${Array.from(`社区预约-${b.service_name}`).slice(0, 127).join('')}, ${b.fee_fen}, ${b.openid}, 'created', ${b.hold_until}, ${now}, ${now})`
    if (inserted !== 1) return
    const [row] = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM payment_orders WHERE booking_id = ${b.id}`
    await auditPayment(tx, 'created', Number(row.id), { bookingId: b.id, outTradeNo, amountFen: b.fee_fen }, origin, { id: Number(b.user_id) })
  })
  const [order] = await deps.db.$queryRaw<OrderRow[]>`SELECT id, out_trade_no, status, prepay_id, amount_fen, payer_openid, description, expires_at
    FROM payment_orders WHERE booking_id = ${b.id}`
  if (order.status === 'paid' || order.status === 'refunded') throw conflict('ALREADY_PAID', '这个预约已经支付过了')
  if (order.status !== 'created') throw conflict('PAYMENT_CLOSED', '这笔支付已关闭，请重新预约')

  let prepayId = order.prepay_id
  if (!prepayId) {
    try {
      prepayId = await client.jsapiOrder({
        description: order.description, outTradeNo: order.out_trade_no, expiresAt: order.expires_at, amountFen: order.amount_fen, openid: order.payer_openid,
      })
    } catch (e) {
      throw jsapiError(deps, order, e)
    }
    await deps.db.$executeRaw`UPDATE payment_orders SET prepay_id = ${prepayId}, updated_at = ${deps.now()} WHERE id = ${order.id} AND prepay_id IS NULL`
  }
  return client.requestPayment(prepayId)
}

/** What a failed JSAPI order means for the resident. */
function jsapiError(deps: Deps, order: OrderRow, e: unknown): AppError {
  if (!(e instanceof WechatPayError)) throw e
  const fields = { orderId: order.id, outTradeNo: order.out_trade_no, status: e.status, code: e.code }
  if (e.code === 'ORDERPAID' || e.code === 'ORDER_PAID') return conflict('ALREADY_PAID', '这个预约已经支付过了，请稍后刷新查看')
  if (e.code === 'ORDER_CLOSED' || e.code === 'ORDERCLOSED') return conflict('PAYMENT_CLOSED', '这笔支付已关闭，请重新预约')
  if (e.retryable) deps.log.warn('wechat pay jsapi order failed', fields)
  else deps.log.error('wechat pay refused the jsapi order (configuration?)', fields)
  return paymentUnavailable()
}

/**
 * Inside the transaction that cancels or expires an unpaid booking (after it locked the booking
 * row): the booking's unpaid order is closed (audited as payment.closed; the booking's own change is
 * audited by its caller). WeChat Pay is told later by reconciliation (no network call in a
 * transaction), which also settles a payment that raced the close (paid → refunded).
 */
export async function closeUnpaidOrder(tx: Tx, bookingId: number, now: Date, origin: AuditOrigin = systemOrigin('payment:booking-ended')): Promise<void> {
  const [order] = await tx.$queryRaw<{ id: number; out_trade_no: string }[]>`SELECT id, out_trade_no FROM payment_orders
    WHERE booking_id = ${bookingId} AND status = 'created' FOR UPDATE`
  if (!order) return
  const closed = await tx.$executeRaw`UPDATE payment_orders SET status = 'closed', checked_at = NULL, updated_at = ${now}
    WHERE id = ${order.id} AND status = 'created'`
  if (closed === 1) await auditPayment(tx, 'closed', Number(order.id), { bookingId, outTradeNo: order.out_trade_no, reason: 'booking_ended' }, origin)
}
