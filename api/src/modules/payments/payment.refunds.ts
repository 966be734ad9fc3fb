import type { AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Db, Tx } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { WechatPayError, wechatPayClientFor, type WechatPayClient, type WxRefund } from '../../integrations/wechatpay/client.ts'
import { auditPayment, systemOrigin } from './payment.audit.ts'

/** Sends of one refund before it is given up as abnormal (for staff to settle by hand). */
export const MAX_REFUND_ATTEMPTS = 6
/** Seconds before the n-th retry of a refund whose send failed: 30 s, 1 min, 2 min… at most 1 h. */
const RETRY_BASE_SECONDS = 30
const RETRY_MAX_SECONDS = 3600
const BATCH = 10

/**
 * Inside the transaction that cancels (or expires) a booking, after it locked the booking row:
 * when the booking's order is paid, records the refund of the whole amount as `pending` (one per
 * order: the unique order_id makes a second call a no-op). Sent to WeChat Pay after commit by
 * `sendPendingRefunds`. True when a refund was queued by this call.
 */
export async function queueRefund(tx: Tx, bookingId: number, reason: string, now: Date): Promise<boolean> {
  const [order] = await tx.$queryRaw<{ id: number; status: string; amount_fen: number }[]>`
    SELECT id, status, amount_fen FROM payment_orders WHERE booking_id = ${bookingId} FOR UPDATE`
  if (!order || order.status !== 'paid') return false
  const outRefundNo = `RF${order.id}T${now.getTime().toString(36).toUpperCase()}`
  const inserted = await tx.$executeRaw`INSERT IGNORE INTO payment_refunds
      (order_id, out_refund_no, amount_fen, reason, status, attempts, created_at, updated_at)
    VALUES (${order.id}, ${outRefundNo}, ${order.amount_fen}, ${Array.from(reason).slice(0, 80).join('')}, 'pending', 0, ${now}, ${now})`
  return inserted === 1
}

const REFUND_STATUS: Record<string, 'success' | 'processing' | 'closed' | 'abnormal'> = {
  SUCCESS: 'success', PROCESSING: 'processing', CLOSED: 'closed', ABNORMAL: 'abnormal',
}

/**
 * Records what WeChat Pay said about a refund (its answer to the refund call, a refund query or a
 * REFUND.* notification). A final state is never overwritten; success also marks the order
 * refunded, audited (payment.refunded) in the same transaction; `origin` says which path.
 * Returns the status recorded, or null when the answer changed nothing.
 */
export async function recordRefundResult(db: Db, outRefundNo: string, wx: WxRefund, now: Date, origin: AuditOrigin): Promise<string | null> {
  const status = REFUND_STATUS[String(wx.status ?? wx.refund_status ?? '')]
  if (!status) return null
  const refundId = typeof wx.refund_id === 'string' ? wx.refund_id.slice(0, 32) : null
  const succeededAt = status === 'success' ? (wx.success_time && !Number.isNaN(Date.parse(wx.success_time)) ? new Date(wx.success_time) : now) : null
  return db.$transaction(async (tx) => {
    const changed = await tx.$executeRaw`UPDATE payment_refunds
      SET status = ${status}, refund_id = COALESCE(${refundId}, refund_id), succeeded_at = ${succeededAt}, last_error = NULL, updated_at = ${now}
      WHERE out_refund_no = ${outRefundNo} AND status IN ('pending', 'processing')`
    if (!changed) return null
    if (status === 'success') {
      const [r] = await tx.$queryRaw<{ order_id: number; amount_fen: number; booking_id: number }[]>`SELECT r.order_id, r.amount_fen, o.booking_id
        FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id WHERE r.out_refund_no = ${outRefundNo}`
      const refunded = await tx.$executeRaw`UPDATE payment_orders SET status = 'refunded', updated_at = ${now} WHERE id = ${r.order_id} AND status = 'paid'`
      if (refunded === 1) {
        await auditPayment(tx, 'refunded', Number(r.order_id), { bookingId: Number(r.booking_id), outRefundNo, amountFen: Number(r.amount_fen) }, origin)
      }
    }
    return status
  })
}

type Claimed = { id: number; out_refund_no: string; amount_fen: number; reason: string; attempts: number; out_trade_no: string; total_fen: number }

/** Claims up to BATCH due pending refunds for this caller (SKIP LOCKED: N processes never take the same row). */
async function claimRefunds(deps: Deps, now: Date): Promise<Claimed[]> {
  return deps.db.$transaction(async (tx) => {
    const due = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM payment_refunds
      WHERE status = 'pending'
        AND (attempts = 0 OR updated_at <= DATE_SUB(${now}, INTERVAL LEAST(${RETRY_BASE_SECONDS} * POW(2, attempts - 1), ${RETRY_MAX_SECONDS}) SECOND))
      ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`
    if (!due.length) return []
    const ids = due.map((r) => r.id)
    await tx.paymentRefund.updateMany({ where: { id: { in: ids }, status: 'pending' }, data: { status: 'processing', attempts: { increment: 1 }, updatedAt: now } })
    return tx.$queryRaw<Claimed[]>`SELECT r.id, r.out_refund_no, r.amount_fen, r.reason, r.attempts, o.out_trade_no, o.amount_fen AS total_fen
      FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id WHERE r.id IN (${Prisma.join(ids)}) ORDER BY r.id`
  }, { isolationLevel: 'ReadCommitted' })
}

/** A failed send: back to pending for a later retry, or abnormal once retries are used up or the error is final. */
async function recordRefundFailure(deps: Deps, row: Claimed, e: unknown, now: Date): Promise<void> {
  const err = e instanceof WechatPayError ? e : new WechatPayError(0, 'INTERNAL', (e as Error)?.message ?? String(e), 'refund')
  const lastError = `${err.status} ${err.code} ${err.detail}`.slice(0, 255)
  const giveUp = !err.retryable || row.attempts >= MAX_REFUND_ATTEMPTS
  await deps.db.$executeRaw`UPDATE payment_refunds SET status = ${giveUp ? 'abnormal' : 'pending'}, last_error = ${lastError}, updated_at = ${now}
    WHERE id = ${row.id} AND status = 'processing'`
  const fields = { refundId: row.id, outRefundNo: row.out_refund_no, attempts: row.attempts, status: err.status, code: err.code }
  if (giveUp) deps.log.error('wechat pay refund abnormal: needs a person', fields)
  else deps.log.warn('wechat pay refund failed, will retry', fields)
}

/** Sends one claimed refund and records the answer or the failure; true when WeChat Pay answered. */
async function sendOne(deps: Deps, client: WechatPayClient, row: Claimed): Promise<boolean> {
  try {
    const wx = await client.refund({ outTradeNo: row.out_trade_no, outRefundNo: row.out_refund_no, reason: row.reason, refundFen: row.amount_fen, totalFen: row.total_fen })
    const status = await recordRefundResult(deps.db, row.out_refund_no, wx, deps.now(), systemOrigin('payment:refund-sender'))
    deps.log.info('wechat pay refund sent', { refundId: row.id, outRefundNo: row.out_refund_no, status: status ?? wx.status })
    if (status === 'abnormal') deps.log.error('wechat pay refund abnormal: needs a person', { refundId: row.id, outRefundNo: row.out_refund_no })
    return true
  } catch (e) {
    await recordRefundFailure(deps, row, e, deps.now())
    return false
  }
}

/**
 * Sends again a refund that is `processing` here but that WeChat Pay never received (a sender
 * stopped between its claim and the call): counted as another attempt, same out_refund_no.
 * The caller has taken the row (reconciliation's conditional update). True when WeChat Pay answered.
 */
export async function resendRefund(deps: Deps, refundId: number): Promise<boolean> {
  const client = wechatPayClientFor(deps.config)
  if (!client) return false
  const bumped = await deps.db.$executeRaw`UPDATE payment_refunds SET attempts = attempts + 1, updated_at = ${deps.now()} WHERE id = ${refundId} AND status = 'processing'`
  if (bumped !== 1) return false
  const [row] = await deps.db.$queryRaw<Claimed[]>`SELECT r.id, r.out_refund_no, r.amount_fen, r.reason, r.attempts, o.out_trade_no, o.amount_fen AS total_fen
    FROM payment_refunds r JOIN payment_orders o ON o.id = r.order_id WHERE r.id = ${refundId}`
  return sendOne(deps, client, row)
}

/**
 * Asks WeChat Pay for every due pending refund: claims rows (pending → processing, attempts + 1),
 * sends each after the claim committed, records the answer. A failure goes back to pending with
 * its error and is retried with backoff; after MAX_REFUND_ATTEMPTS, or on an error a retry cannot
 * fix, the refund is abnormal (logged for a person). Resending is safe: WeChat Pay answers the
 * same out_refund_no with the same refund. Never throws; returns how many refunds were sent.
 */
export async function sendPendingRefunds(deps: Deps): Promise<number> {
  const client = wechatPayClientFor(deps.config)
  if (!client) return 0
  let sent = 0
  try {
    for (let round = 0; round < 100; round++) {
      const now = deps.now()
      const rows = await claimRefunds(deps, now)
      if (!rows.length) break
      for (const row of rows) if (await sendOne(deps, client, row)) sent++
    }
  } catch (e) {
    deps.log.error('sending refunds failed', { error: (e as Error).message })
  }
  return sent
}
