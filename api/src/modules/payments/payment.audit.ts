import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { RawTx } from '../../core/db.ts'

/**
 * The changes of a payment order the audit trail records: created (the resident opened the
 * payment), paid (a verified notification or reconciliation), refunded (WeChat Pay reported the
 * refund's success), closed (its booking ended unpaid, or reconciliation closed it).
 */
export type PaymentChange = 'created' | 'paid' | 'refunded' | 'closed'

/** The origin of a change no request made: the job (or the step) that made it. */
export const systemOrigin = (what: string): AuditOrigin => ({ ip: null, userAgent: null, requestId: what })

/**
 * One audit row `payment.<change>` for the order, written by the caller inside the transaction of
 * the change (only when its conditional update changed the row). Ids, amounts and codes only:
 * never an openid.
 */
export async function auditPayment(
  tx: RawTx, change: PaymentChange, orderId: number, details: Record<string, string | number | boolean | null>,
  origin: AuditOrigin, actor: { id: number } | null = null,
): Promise<void> {
  await audit(tx, { actor, action: `payment.${change}`, resourceType: 'payment_order', resourceId: orderId, result: 'success', details }, origin)
}
