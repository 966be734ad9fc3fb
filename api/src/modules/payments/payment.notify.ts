import { createHash } from 'node:crypto'
import type { AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { wechatPayClientFor, type WxRefund, type WxTransaction } from '../../integrations/wechatpay/client.ts'
import { decryptResource, DecryptError, verifySignature, type EncryptedResource, type SignedHeaders } from '../../integrations/wechatpay/notify.ts'
import { recordRefundResult } from './payment.refunds.ts'
import { settlePaidTransaction } from './payment.settle.ts'

/** A notification older or newer than this (by Wechatpay-Timestamp against our clock) is refused. */
export const MAX_SKEW_SECONDS = 300

/**
 * The answer to each outcome. WeChat Pay counts only 2xx as received and otherwise retries, so:
 * 204 for what is done (processed, a duplicate, a replay of a handled delivery, an event we do not
 * act on); 400 for a body that is not JSON at all (checked first, as every JSON route does); 401
 * for what is not provably from WeChat Pay (missing headers, unknown serial, bad
 * signature, a stale timestamp); 400 for a signed body we cannot use (not JSON, the ciphertext fails
 * its tag, another merchant's, wrong currency or amount); 404 for an order or refund we do not
 * know; 413 for a body over the limit; 503 when we failed ourselves (WeChat Pay retries later).
 */
export const NOTIFY_STATUS: Record<string, number> = {
  processed: 204, duplicate: 204, replay: 204, ignored: 204,
  bad_headers: 401, unknown_serial: 401, bad_signature: 401, stale: 401,
  invalid_json: 400, bad_body: 400, bad_ciphertext: 400, wrong_merchant: 400, bad_currency: 400, amount_mismatch: 400, not_success: 400,
  unknown_order: 404, unknown_refund: 404,
  too_large: 413, not_configured: 404, error: 503,
}

/**
 * Outcomes recorded after the signature verified (the delivery provably came from WeChat Pay):
 * kept PAYMENT_NOTIFICATION_RETENTION_DAYS, then deleted (payment.retention.ts). The others
 * (bad_headers, unknown_serial, bad_signature, stale, invalid_json, not_configured) are kept
 * PAYMENT_REJECTED_NOTIFICATION_RETENTION_DAYS.
 */
export const VERIFIED_OUTCOMES = [
  'processed', 'duplicate', 'replay', 'ignored', 'bad_body', 'bad_ciphertext', 'wrong_merchant', 'bad_currency', 'amount_mismatch', 'not_success',
  'unknown_order', 'unknown_refund', 'error',
] as const

const MESSAGES: Record<number, string> = {
  401: '签名验证失败', 400: '通知内容无效', 404: '订单不存在', 413: '请求体过大', 503: '系统繁忙，请稍后重试',
}

/** Outcomes that mean the delivery was handled: the same signed request again is a replay. */
const HANDLED = ['processed', 'duplicate', 'replay', 'ignored']

/** 204, or an error status with a message (the route writes it in WeChat Pay's shape and ours). */
export type NotifyAnswer = { status: number; outcome: string; message?: string }

type Logged = { serial?: string; nonce?: string; signatureHash?: Buffer; eventType?: string; outTradeNo?: string; outcome: string; detail?: string }

/** One row in payment_notifications and one log line per delivery (never the ciphertext or plaintext). */
async function record(deps: Deps, n: Logged): Promise<void> {
  const cut = (s: string | undefined, max: number) => (s === undefined ? null : Array.from(s).slice(0, max).join(''))
  await deps.db.paymentNotification.create({
    data: {
      receivedAt: deps.now(), serial: cut(n.serial, 64), nonce: cut(n.nonce, 64), signatureHash: n.signatureHash ? new Uint8Array(n.signatureHash) : null,
      eventType: cut(n.eventType, 32), outTradeNo: cut(n.outTradeNo, 64), outcome: n.outcome, detail: cut(n.detail, 255),
    },
  })
  const fields = { outcome: n.outcome, eventType: n.eventType, outTradeNo: n.outTradeNo, serial: n.serial?.slice(0, 64), detail: n.detail }
  if ((NOTIFY_STATUS[n.outcome] ?? 500) < 300) deps.log.info('wechat pay notification', fields)
  else deps.log.warn('wechat pay notification refused', fields)
}

function answer(outcome: string): NotifyAnswer {
  const status = NOTIFY_STATUS[outcome] ?? 400
  if (status < 300) return { status, outcome }
  return { status, outcome, message: outcome === 'invalid_json' ? '请求体不是合法的 JSON' : MESSAGES[status] ?? '通知内容无效' }
}

type Envelope = { id?: unknown; event_type?: unknown; resource?: EncryptedResource }

/** What a verified, decrypted notification does. */
async function apply(deps: Deps, eventType: string, plain: string, origin: AuditOrigin): Promise<Omit<Logged, 'serial' | 'nonce' | 'signatureHash' | 'eventType'>> {
  let data: Record<string, unknown>
  try {
    data = JSON.parse(plain) as Record<string, unknown>
    if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error('not an object')
  } catch {
    return { outcome: 'bad_body', detail: 'resource plaintext is not a JSON object' }
  }
  if (eventType === 'TRANSACTION.SUCCESS') {
    const r = await settlePaidTransaction(deps, data as WxTransaction, origin)
    return { outcome: r.outcome, detail: r.detail, outTradeNo: r.outTradeNo }
  }
  if (eventType.startsWith('REFUND.')) {
    const wx = data as WxRefund & { mchid?: string }
    const outTradeNo = typeof wx.out_trade_no === 'string' ? wx.out_trade_no : undefined
    if (wx.mchid !== deps.config.wechatPay?.mchid) return { outcome: 'wrong_merchant', outTradeNo }
    if (typeof wx.out_refund_no !== 'string') return { outcome: 'bad_body', detail: 'no out_refund_no', outTradeNo }
    const known = await deps.db.paymentRefund.findUnique({ where: { outRefundNo: wx.out_refund_no }, select: { id: true } })
    if (!known) return { outcome: 'unknown_refund', detail: wx.out_refund_no.slice(0, 64), outTradeNo }
    const status = await recordRefundResult(deps.db, wx.out_refund_no, wx, deps.now(), origin)
    return { outcome: status ? 'processed' : 'duplicate', detail: status ? `refund ${status}` : undefined, outTradeNo }
  }
  return { outcome: 'ignored', detail: `event ${eventType.slice(0, 40)}` }
}

/**
 * Handles one POST /payments/wechat/notify: the raw body bytes and the Wechatpay-* headers.
 * Verifies the signature over `timestamp\nnonce\nrawBody\n` with the key of the serial (platform
 * certificate or `PUB_KEY_ID_…`), refuses timestamps more than 5 minutes from our clock, treats a
 * signature already handled as a replay, decrypts the resource with its tag checked, then applies
 * it. Every delivery is recorded with its outcome; only a failure of ours (the database) throws.
 * `origin`: the request's, for the audit rows of the payment changes it makes.
 */
export async function handleNotification(deps: Deps, headers: SignedHeaders, raw: Buffer, origin: AuditOrigin): Promise<NotifyAnswer> {
  const client = wechatPayClientFor(deps.config)
  const base: Logged = {
    outcome: 'bad_headers', serial: headers.serial, nonce: headers.nonce,
    signatureHash: headers.signature ? createHash('sha256').update(headers.signature).digest() : undefined,
  }
  const done = async (n: Partial<Logged> & { outcome: string }) => {
    await record(deps, { ...base, ...n })
    return answer(n.outcome)
  }
  // Like every JSON route, a body that is not JSON at all is refused first (nothing else is read).
  let envelope: Envelope
  try {
    envelope = JSON.parse(raw.toString('utf8')) as Envelope
  } catch {
    return done({ outcome: 'invalid_json' })
  }
  if (!client) return done({ outcome: 'not_configured' })
  const verified = verifySignature(client.keys, headers, raw, { now: deps.now(), maxSkewSeconds: MAX_SKEW_SECONDS })
  if (verified !== 'ok') return done({ outcome: verified })

  const seen = await deps.db.paymentNotification.findFirst({
    where: { signatureHash: new Uint8Array(base.signatureHash!), outcome: { in: HANDLED } }, select: { id: true },
  })
  if (!envelope || typeof envelope !== 'object' || typeof envelope.event_type !== 'string') return done({ outcome: 'bad_body', detail: 'not a notification' })
  const eventType = String(envelope.event_type)
  if (seen) return done({ outcome: 'replay', eventType, detail: `first seen as notification ${seen.id}` })
  const r = envelope.resource
  if (!r || typeof r !== 'object' || typeof r.ciphertext !== 'string' || typeof r.nonce !== 'string' || (r.associated_data !== undefined && typeof r.associated_data !== 'string')) {
    return done({ outcome: 'bad_body', eventType, detail: 'no encrypted resource' })
  }
  let plain: string
  try {
    plain = decryptResource(r, deps.config.wechatPay!.apiV3Key)
  } catch (e) {
    if (e instanceof DecryptError) return done({ outcome: 'bad_ciphertext', eventType, detail: e.message })
    throw e
  }
  try {
    return await done({ eventType, ...(await apply(deps, eventType, plain, origin)) })
  } catch (e) {
    deps.log.error('wechat pay notification failed', { eventType, error: (e as Error).message })
    await record(deps, { ...base, eventType, outcome: 'error', detail: (e as Error).message }).catch(() => undefined)
    return answer('error')
  }
}
