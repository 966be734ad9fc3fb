import type { Deps } from '../core/context.ts'
import { WechatPayError, wechatPayClientFor, type WechatPayClient } from '../integrations/wechatpay/client.ts'
import { auditPayment, systemOrigin } from '../modules/payments/payment.audit.ts'
import { recordRefundResult, resendRefund } from '../modules/payments/payment.refunds.ts'
import { deleteOldNotifications } from '../modules/payments/payment.retention.ts'
import { sendPendingRefunds } from '../modules/payments/payment.service.ts'
import { settlePaidTransaction } from '../modules/payments/payment.settle.ts'

const BATCH = 20
/** An unpaid order past its hold is asked about every 10 minutes during its first day, then daily. */
const ORDER_RECHECK_SECONDS = 600
/** A refund WeChat Pay is processing is asked about every 5 minutes during its first day, then daily. */
const REFUND_RECHECK_SECONDS = 300
const DAY_SECONDS = 86_400
/** The audit origin of the changes reconciliation makes. */
const RECONCILE = systemOrigin('job:payment-reconcile')

type OrderRow = { id: number; out_trade_no: string; status: 'created' | 'closed'; expires_at: Date; checked_at: Date | null }

export type ReconcileResult = { checked: number; settled: number; closed: number; refundsChecked: number; refundsResent: number; failed: number }

/**
 * Takes one row for this process: a conditional update of checked_at (or updated_at) from the
 * value it was read with, so N processes never ask WeChat Pay about the same row at once.
 */
async function claimOrder(deps: Deps, o: OrderRow, now: Date): Promise<boolean> {
  const n = await deps.db.$executeRaw`UPDATE payment_orders SET checked_at = ${now}
    WHERE id = ${o.id} AND status = ${o.status} AND checked_at <=> ${o.checked_at}`
  return n === 1
}

/**
 * Closes an order here (it stays closed if a payment raced it: that one is settled and refunded),
 * audited (payment.closed) in the same transaction; `reason`: what WeChat Pay said.
 */
async function closeLocally(deps: Deps, o: OrderRow, now: Date, reason: string): Promise<boolean> {
  return deps.db.$transaction(async (tx) => {
    const closed = await tx.$executeRaw`UPDATE payment_orders SET status = 'closed', updated_at = ${now} WHERE id = ${o.id} AND status = 'created'`
    if (closed !== 1) return false
    await auditPayment(tx, 'closed', Number(o.id), { outTradeNo: o.out_trade_no, reason: reason.slice(0, 40) }, RECONCILE)
    return true
  })
}

/** Asks WeChat Pay about one order and settles it: paid → the notification's path; unpaid → closed there and here. */
async function reconcileOrder(deps: Deps, client: WechatPayClient, o: OrderRow, r: ReconcileResult): Promise<void> {
  const now = deps.now()
  let wx
  try {
    wx = await client.queryOrder(o.out_trade_no)
  } catch (e) {
    if (e instanceof WechatPayError && e.code === 'ORDER_NOT_EXIST') {
      // The JSAPI order never reached WeChat Pay: nothing can be paid.
      if (o.status === 'created' && o.expires_at.getTime() <= now.getTime() && (await closeLocally(deps, o, now, 'ORDER_NOT_EXIST'))) r.closed++
      return
    }
    throw e
  }
  if (wx.trade_state === 'SUCCESS') {
    const s = await settlePaidTransaction(deps, wx, RECONCILE)
    if (s.outcome === 'processed') r.settled++
    else if (s.outcome !== 'duplicate') deps.log.error('reconciliation could not settle a paid order', { outTradeNo: o.out_trade_no, outcome: s.outcome, detail: s.detail })
    return
  }
  const unpaid = wx.trade_state === 'NOTPAY' || wx.trade_state === 'USERPAYING'
  if (unpaid && (o.status === 'closed' || o.expires_at.getTime() <= now.getTime())) {
    await client.closeOrder(o.out_trade_no)
    if (await closeLocally(deps, o, now, `unpaid ${wx.trade_state}`)) r.closed++
  } else if (['CLOSED', 'REVOKED', 'PAYERROR'].includes(String(wx.trade_state))) {
    if (await closeLocally(deps, o, now, String(wx.trade_state))) r.closed++
  } else if (!unpaid) {
    deps.log.warn('reconciliation: unexpected trade state', { outTradeNo: o.out_trade_no, tradeState: String(wx.trade_state).slice(0, 20), status: o.status })
  }
}

/**
 * Reconciliation of orders (safe on N processes): orders still `created` whose hold has ended
 * (every 10 minutes on their first day, daily after), and orders closed here (a cancelled or
 * expired booking) that WeChat Pay has not been asked about since. Paid at WeChat Pay (the
 * notification never came, or raced a cancel) → settled like a notification (a lapsed booking is
 * refunded); unpaid → closed at WeChat Pay and here. A failed query is tried again next run.
 */
export async function reconcileOrders(deps: Deps, r: ReconcileResult = emptyResult()): Promise<ReconcileResult> {
  const client = wechatPayClientFor(deps.config)
  if (!client) return r
  const now = deps.now()
  const rows = await deps.db.$queryRaw<OrderRow[]>`SELECT id, out_trade_no, status, expires_at, checked_at FROM payment_orders
    WHERE (status = 'created' AND expires_at <= ${now}
           AND (checked_at IS NULL OR checked_at <= DATE_SUB(${now}, INTERVAL IF(expires_at > DATE_SUB(${now}, INTERVAL 1 DAY), ${ORDER_RECHECK_SECONDS}, ${DAY_SECONDS}) SECOND)))
       OR (status = 'closed' AND checked_at IS NULL)
    ORDER BY id LIMIT ${BATCH}`
  for (const o of rows) {
    if (!(await claimOrder(deps, o, now))) continue
    r.checked++
    try {
      await reconcileOrder(deps, client, o, r)
    } catch (e) {
      r.failed++
      // Asked again on the next run (a closed order) or at the next recheck (a created one).
      if (o.status === 'closed') await deps.db.$executeRaw`UPDATE payment_orders SET checked_at = NULL WHERE id = ${o.id} AND checked_at = ${now}`
      deps.log.warn('reconciliation of an order failed', { outTradeNo: o.out_trade_no, error: (e as Error).message.slice(0, 200) })
    }
  }
  return r
}

/**
 * Refunds WeChat Pay is processing (or that a process claimed and never sent): asked about every
 * 5 minutes on their first day, daily after. The answer is recorded (success marks the order
 * refunded); a refund WeChat Pay never received is sent again (a failure puts it back to pending).
 */
export async function reconcileRefunds(deps: Deps, r: ReconcileResult = emptyResult()): Promise<ReconcileResult> {
  const client = wechatPayClientFor(deps.config)
  if (!client) return r
  const now = deps.now()
  const rows = await deps.db.$queryRaw<{ id: number; out_refund_no: string; updated_at: Date }[]>`SELECT id, out_refund_no, updated_at FROM payment_refunds
    WHERE status = 'processing'
      AND updated_at <= DATE_SUB(${now}, INTERVAL IF(created_at > DATE_SUB(${now}, INTERVAL 1 DAY), ${REFUND_RECHECK_SECONDS}, ${DAY_SECONDS}) SECOND)
    ORDER BY id LIMIT ${BATCH}`
  for (const row of rows) {
    const claimed = await deps.db.$executeRaw`UPDATE payment_refunds SET updated_at = ${now} WHERE id = ${row.id} AND status = 'processing' AND updated_at = ${row.updated_at}`
    if (claimed !== 1) continue
    r.refundsChecked++
    try {
      const wx = await client.queryRefund(row.out_refund_no)
      const status = await recordRefundResult(deps.db, row.out_refund_no, wx, deps.now(), RECONCILE)
      if (status === 'abnormal') deps.log.error('wechat pay refund abnormal: needs a person', { refundId: row.id, outRefundNo: row.out_refund_no })
    } catch (e) {
      if (e instanceof WechatPayError && e.code === 'RESOURCE_NOT_EXISTS') {
        if (await resendRefund(deps, row.id)) r.refundsResent++
        continue
      }
      r.failed++
      deps.log.warn('reconciliation of a refund failed', { outRefundNo: row.out_refund_no, error: (e as Error).message.slice(0, 200) })
    }
  }
  return r
}

const emptyResult = (): ReconcileResult => ({ checked: 0, settled: 0, closed: 0, refundsChecked: 0, refundsResent: 0, failed: 0 })

/** One reconciliation run: orders, then refunds. */
export async function reconcilePayments(deps: Deps): Promise<ReconcileResult> {
  const r = emptyResult()
  await reconcileOrders(deps, r)
  await reconcileRefunds(deps, r)
  return r
}

/**
 * The payment jobs of a process (jobs/index.ts runs them): sending pending refunds every 30 s and
 * reconciliation every minute (with WeChat Pay configured), and hourly the retention of verified
 * notifications (always: rows of an earlier configuration age out too).
 */
export function paymentJobs(deps: Deps): { name: string; everyMs: number; run: () => Promise<unknown> }[] {
  const retention = { name: 'payment-notification-retention', everyMs: 3_600_000, run: () => deleteOldNotifications(deps) }
  if (!deps.config.wechatPay) return [retention]
  return [
    { name: 'payment-refunds', everyMs: 30_000, run: () => sendPendingRefunds(deps) },
    { name: 'payment-reconcile', everyMs: 60_000, run: () => reconcilePayments(deps) },
    retention,
  ]
}
