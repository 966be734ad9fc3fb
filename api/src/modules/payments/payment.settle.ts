import type { AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { WxTransaction } from '../../integrations/wechatpay/client.ts'
import { markBookingPaid } from '../bookings/booking.rules.ts'
import { auditPayment } from './payment.audit.ts'
import { queueRefund, sendPendingRefunds } from './payment.refunds.ts'

/** Why a paid transaction was not applied (each also a payment_notifications outcome). */
export type SettleOutcome = 'processed' | 'duplicate' | 'not_success' | 'wrong_merchant' | 'unknown_order' | 'amount_mismatch' | 'bad_currency' | 'bad_body'

export type SettleResult = { outcome: SettleOutcome; detail?: string; outTradeNo?: string }

/** The refund reason when money arrives for a booking that no longer waits for it. */
export const LAPSED_REFUND_REASON = '预约已失效，自动退款'

type LockedOrder = { id: number; booking_id: number; status: string; amount_fen: number; transaction_id: string | null }

/**
 * Applies a transaction WeChat Pay reports as paid — from a verified TRANSACTION.SUCCESS
 * notification or from reconciliation's query, one path for both. The transaction must be ours
 * (mchid, appid), for a known order, of its exact amount in CNY. Then in one transaction: the
 * booking row locked first, then the order (the lock order every writer keeps); an order still
 * created (or closed by a cancel the payment raced) becomes paid and the booking is marked paid
 * (bookings' `markBookingPaid`); when the booking no longer awaited payment (hold expired,
 * cancelled) the money goes back (`queueRefund`, sent after commit). The order's change is
 * audited (payment.paid) in that transaction; `origin` says which path (the notification's
 * request, or the reconciliation job). An order already paid is a duplicate and changes nothing.
 */
export async function settlePaidTransaction(deps: Deps, wx: WxTransaction, origin: AuditOrigin): Promise<SettleResult> {
  const pay = deps.config.wechatPay
  const outTradeNo = typeof wx.out_trade_no === 'string' ? wx.out_trade_no.slice(0, 64) : undefined
  if (!pay || !outTradeNo) return { outcome: 'bad_body', detail: 'no out_trade_no', outTradeNo }
  if (wx.trade_state !== 'SUCCESS') return { outcome: 'not_success', detail: `trade_state ${String(wx.trade_state).slice(0, 20)}`, outTradeNo }
  if (wx.mchid !== pay.mchid || wx.appid !== deps.config.wechat.appid) return { outcome: 'wrong_merchant', detail: 'mchid or appid is not ours', outTradeNo }
  const transactionId = typeof wx.transaction_id === 'string' && /^[0-9A-Za-z_-]{1,32}$/.test(wx.transaction_id) ? wx.transaction_id : null
  if (!transactionId) return { outcome: 'bad_body', detail: 'no transaction_id', outTradeNo }
  const [found] = await deps.db.$queryRaw<{ id: number; booking_id: number; amount_fen: number }[]>`
    SELECT id, booking_id, amount_fen FROM payment_orders WHERE out_trade_no = ${outTradeNo}`
  if (!found) return { outcome: 'unknown_order', outTradeNo }
  if (wx.amount?.total !== found.amount_fen) return { outcome: 'amount_mismatch', detail: `total ${String(wx.amount?.total).slice(0, 20)} ≠ ${found.amount_fen}`, outTradeNo }
  if (wx.amount?.currency !== 'CNY') return { outcome: 'bad_currency', detail: `currency ${String(wx.amount?.currency).slice(0, 10)}`, outTradeNo }
  const paidAt = wx.success_time && !Number.isNaN(Date.parse(wx.success_time)) ? new Date(wx.success_time) : deps.now()

  const result = await deps.db.$transaction(async (tx) => {
    const now = deps.now()
    await tx.$queryRaw`SELECT id FROM bookings WHERE id = ${found.booking_id} FOR UPDATE`
    const [order] = await tx.$queryRaw<LockedOrder[]>`SELECT id, booking_id, status, amount_fen, transaction_id FROM payment_orders WHERE id = ${found.id} FOR UPDATE`
    if (order.status === 'paid' || order.status === 'refunded') {
      if (order.transaction_id !== transactionId) {
        deps.log.error('a second WeChat Pay transaction for one order', { orderId: order.id, outTradeNo })
      }
      return { outcome: 'duplicate' as const, refund: false }
    }
    await tx.$executeRaw`UPDATE payment_orders SET status = 'paid', transaction_id = ${transactionId}, paid_at = ${paidAt}, checked_at = ${now}, updated_at = ${now}
      WHERE id = ${order.id}`
    const booking = await markBookingPaid(tx, deps, order.booking_id, now)
    const refund = booking === 'not_awaiting' ? await queueRefund(tx, order.booking_id, LAPSED_REFUND_REASON, now) : false
    await auditPayment(tx, 'paid', Number(order.id), {
      bookingId: Number(order.booking_id), outTradeNo, transactionId, amountFen: Number(order.amount_fen), from: order.status, refundQueued: refund,
    }, origin)
    return { outcome: 'processed' as const, detail: refund ? 'paid after the booking lapsed: refund queued' : `booking ${booking}`, refund }
  })
  if (result.refund) void sendPendingRefunds(deps)
  return { outcome: result.outcome, detail: 'detail' in result ? result.detail : undefined, outTradeNo }
}
