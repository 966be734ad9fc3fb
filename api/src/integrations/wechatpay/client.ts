import { createPrivateKey, createPublicKey, randomBytes } from 'node:crypto'
import WxPay from 'wechatpay-node-v3'
import type { WechatPayConfig } from '../../config.ts'
import { signatureKeys, signedHeaders, verifySignature, type SignatureKeys } from './notify.ts'

/**
 * A failed WeChat Pay call. `status` is the HTTP status of WeChat Pay's answer, 0 when no usable
 * answer came (network error, timeout, an answer whose signature does not verify); `code` is WeChat
 * Pay's error code (PARAM_ERROR, ORDER_NOT_EXIST, SYSTEM_ERROR…) or NETWORK / TIMEOUT / BAD_ANSWER.
 */
export class WechatPayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly detail: string,
    readonly api: string,
  ) {
    super(`WeChat Pay ${api} failed: ${status} ${code} ${detail}`)
    this.name = 'WechatPayError'
  }

  /** No answer, a server error or a rate limit: the same call may succeed later. */
  get retryable(): boolean {
    return this.status === 0 || this.status >= 500 || this.status === 429 || ['SYSTEM_ERROR', 'SYSTEMERROR', 'FREQUENCY_LIMITED', 'NOT_ENOUGH'].includes(this.code)
  }
}

/** A transaction as WeChat Pay reports it (query by out_trade_no, TRANSACTION.SUCCESS resource). */
export type WxTransaction = {
  appid?: string
  mchid?: string
  out_trade_no?: string
  transaction_id?: string
  trade_state?: string
  success_time?: string
  amount?: { total?: number; payer_total?: number; currency?: string; payer_currency?: string }
  payer?: { openid?: string }
}

/** A refund as WeChat Pay reports it (refund, query refund, REFUND.* resource). */
export type WxRefund = {
  refund_id?: string
  out_refund_no?: string
  out_trade_no?: string
  status?: string
  refund_status?: string
  success_time?: string
  amount?: { total?: number; refund?: number; currency?: string }
}

/** What `wx.requestPayment` takes. */
export type RequestPayment = { timeStamp: string; nonceStr: string; package: string; signType: 'RSA'; paySign: string }

export type WechatPayClient = {
  /** The keys that verify WeChat Pay's answers and notifications. */
  readonly keys: SignatureKeys
  /** POST /v3/pay/transactions/jsapi → prepay_id. */
  jsapiOrder(o: { description: string; outTradeNo: string; expiresAt: Date; amountFen: number; openid: string }): Promise<string>
  /** GET /v3/pay/transactions/out-trade-no/{out_trade_no} (404 ORDER_NOT_EXIST when WeChat Pay has no such order). */
  queryOrder(outTradeNo: string): Promise<WxTransaction>
  /** POST /v3/pay/transactions/out-trade-no/{out_trade_no}/close (204). */
  closeOrder(outTradeNo: string): Promise<void>
  /** POST /v3/refund/domestic/refunds (the same out_refund_no again returns the same refund). */
  refund(r: { outTradeNo: string; outRefundNo: string; reason: string; refundFen: number; totalFen: number }): Promise<WxRefund>
  /** GET /v3/refund/domestic/refunds/{out_refund_no} (404 RESOURCE_NOT_EXISTS when never received). */
  queryRefund(outRefundNo: string): Promise<WxRefund>
  /** The parameters of `wx.requestPayment` for a prepay_id, signed with the merchant key. */
  requestPayment(prepayId: string): RequestPayment
}

/** RFC 3339 in Beijing time, as WeChat Pay wants time_expire: 2026-12-01T10:15:00+08:00. */
export function rfc3339Shanghai(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

const nonce = () => randomBytes(16).toString('hex').toUpperCase()

/**
 * The request signer of wechatpay-node-v3 (`WECHATPAY2-SHA256-RSA2048` Authorization and paySign,
 * RSA-SHA256 with the merchant key). Only its signing is used: its HTTP calls go to a fixed host and
 * its callback decryption skips the GCM tag. Given the certificate's serial it never parses the
 * certificate, so the merchant's public key (derived from the private key) stands in for it.
 */
class MerchantSigner extends WxPay {
  /** paySign of `wx.requestPayment` over `appId\ntimeStamp\nnonceStr\npackage\n`. */
  paySign(message: string): string {
    return this.sign(message)
  }
}

function merchantSigner(config: WechatPayConfig, appid: string): MerchantSigner {
  const publicKey = createPublicKey(createPrivateKey(config.privateKey)).export({ type: 'spki', format: 'pem' })
  return new MerchantSigner({ appid, mchid: config.mchid, serial_no: config.serial, publicKey: Buffer.from(publicKey), privateKey: Buffer.from(config.privateKey) })
}

/**
 * The WeChat Pay APIv3 client: our own fetch to `apiBase` (tests point it at a fake), every request
 * signed (`WECHATPAY2-SHA256-RSA2048` over `METHOD\nURL\nTIMESTAMP\nNONCE\nBODY\n`, by
 * wechatpay-node-v3) and every answer's Wechatpay-Signature verified with the same keys as
 * notifications (notify.ts: the library cannot verify public-key-mode signatures).
 */
export function createWechatPayClient(config: WechatPayConfig, appid: string): WechatPayClient {
  const signer = merchantSigner(config, appid)
  const keys = signatureKeys(config)

  async function call<T>(api: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<T | undefined> {
    const payload = body === undefined ? '' : JSON.stringify(body)
    // Protocol timestamps are the real time (WeChat Pay refuses requests more than 5 minutes off).
    const ts = String(Math.floor(Date.now() / 1000))
    const n = nonce()
    const authorization = signer.getAuthorization(n, ts, signer.getSignature(method, n, ts, path, payload))
    let res: Response
    let text: string
    try {
      res = await fetch(`${config.apiBase}${path}`, {
        method,
        headers: {
          accept: 'application/json',
          'user-agent': 'linlitong-api',
          authorization,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : payload,
        signal: AbortSignal.timeout(config.timeoutMs),
      })
      text = await res.text()
    } catch (e) {
      const timeout = (e as Error).name === 'TimeoutError' || (e as Error).name === 'AbortError'
      throw new WechatPayError(0, timeout ? 'TIMEOUT' : 'NETWORK', (e as Error).message.slice(0, 200), api)
    }
    const verified = verifySignature(keys, signedHeaders((h) => res.headers.get(h)), text)
    let parsed: Record<string, unknown> | undefined
    if (text) {
      try {
        parsed = JSON.parse(text) as Record<string, unknown>
      } catch {
        throw new WechatPayError(0, 'BAD_ANSWER', `HTTP ${res.status}, body is not JSON`, api)
      }
    }
    if (!res.ok) {
      // An error answer is believed only when signed; otherwise it is no answer at all (retry later).
      if (verified !== 'ok') throw new WechatPayError(res.status >= 500 ? res.status : 0, 'BAD_ANSWER', `HTTP ${res.status}, answer not verified (${verified})`, api)
      throw new WechatPayError(res.status, String(parsed?.code ?? 'UNKNOWN'), String(parsed?.message ?? '').slice(0, 200), api)
    }
    if (verified !== 'ok') throw new WechatPayError(0, 'BAD_ANSWER', `answer signature: ${verified}`, api)
    return parsed as T | undefined
  }

  const enc = encodeURIComponent

  return {
    keys,

    async jsapiOrder(o) {
      const body = await call<{ prepay_id?: string }>('jsapi', 'POST', '/v3/pay/transactions/jsapi', {
        appid,
        mchid: config.mchid,
        description: Array.from(o.description).slice(0, 127).join(''),
        out_trade_no: o.outTradeNo,
        time_expire: rfc3339Shanghai(o.expiresAt),
        notify_url: config.notifyUrl,
        amount: { total: o.amountFen, currency: 'CNY' },
        payer: { openid: o.openid },
      })
      if (!body?.prepay_id || typeof body.prepay_id !== 'string') throw new WechatPayError(0, 'BAD_ANSWER', 'no prepay_id', 'jsapi')
      return body.prepay_id
    },

    async queryOrder(outTradeNo) {
      const body = await call<WxTransaction>('queryOrder', 'GET', `/v3/pay/transactions/out-trade-no/${enc(outTradeNo)}?mchid=${enc(config.mchid)}`)
      if (!body) throw new WechatPayError(0, 'BAD_ANSWER', 'empty answer', 'queryOrder')
      return body
    },

    async closeOrder(outTradeNo) {
      await call('closeOrder', 'POST', `/v3/pay/transactions/out-trade-no/${enc(outTradeNo)}/close`, { mchid: config.mchid })
    },

    async refund(r) {
      const body = await call<WxRefund>('refund', 'POST', '/v3/refund/domestic/refunds', {
        out_trade_no: r.outTradeNo,
        out_refund_no: r.outRefundNo,
        reason: Array.from(r.reason).slice(0, 80).join(''),
        notify_url: config.notifyUrl,
        amount: { refund: r.refundFen, total: r.totalFen, currency: 'CNY' },
      })
      if (!body) throw new WechatPayError(0, 'BAD_ANSWER', 'empty answer', 'refund')
      return body
    },

    async queryRefund(outRefundNo) {
      const body = await call<WxRefund>('queryRefund', 'GET', `/v3/refund/domestic/refunds/${enc(outRefundNo)}`)
      if (!body) throw new WechatPayError(0, 'BAD_ANSWER', 'empty answer', 'queryRefund')
      return body
    },

    requestPayment(prepayId) {
      const timeStamp = String(Math.floor(Date.now() / 1000))
      const nonceStr = nonce()
      const pkg = `prepay_id=${prepayId}`
      return { timeStamp, nonceStr, package: pkg, signType: 'RSA', paySign: signer.paySign(`${appid}\n${timeStamp}\n${nonceStr}\n${pkg}\n`) }
    },
  }
}

const clients = new WeakMap<WechatPayConfig, WechatPayClient>()

/** The client of a process's WeChat Pay config (built once per config object); undefined when not configured. */
export function wechatPayClientFor(config: { wechatPay?: WechatPayConfig; wechat: { appid?: string } }): WechatPayClient | undefined {
  const pay = config.wechatPay
  if (!pay || !config.wechat.appid) return undefined
  let client = clients.get(pay)
  if (!client) {
    client = createWechatPayClient(pay, config.wechat.appid)
    clients.set(pay, client)
  }
  return client
}
