import { execFileSync } from 'node:child_process'
import { createCipheriv, createSign, createVerify, generateKeyPairSync, randomBytes, X509Certificate, type KeyObject } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import type { Db } from '../../src/core/db.ts'
import { FakeHttpServer } from './fakeServer.ts'

type KeyPair = { privateKey: KeyObject; publicKey: KeyObject; privatePem: string; publicPem: string }

function rsa(): KeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  return {
    privateKey, publicKey,
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  }
}

/** A self-signed certificate of `key` made with the openssl CLI, as WeChat Pay's platform certificate (null without openssl). */
function selfSignedCert(key: KeyPair): string | null {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-wxpay-'))
  try {
    fs.writeFileSync(path.join(dir, 'key.pem'), key.privatePem)
    execFileSync('openssl', ['req', '-x509', '-new', '-key', path.join(dir, 'key.pem'), '-subj', '/CN=Tenpay.com Root CA test', '-days', '3',
      '-set_serial', `0x${randomBytes(20).toString('hex').replace(/^./, '5')}`, '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' })
    return fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8')
  } catch {
    return null
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

export type FakeOrder = {
  appid: string; mchid: string; description: string; out_trade_no: string; time_expire: string; notify_url: string
  total: number; currency: string; openid: string; prepay_id: string
  trade_state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND'; transaction_id?: string; success_time?: string
}
export type FakeRefund = { out_refund_no: string; out_trade_no: string; refund_id: string; refund: number; total: number; reason?: string; status: 'PROCESSING' | 'SUCCESS' | 'CLOSED' | 'ABNORMAL' }
/** An injected failure of the next request: an error answer, or no answer within the client's timeout. */
export type Failure = { status: number; code: string } | 'timeout'

const OUT_TRADE_NO = /^[0-9A-Za-z_\-|*]{6,32}$/

/**
 * A fake of WeChat Pay's APIv3 on 127.0.0.1 speaking the documented protocol, with keys generated
 * here: every request's Authorization (`WECHATPAY2-SHA256-RSA2048`) is verified with the merchant
 * public key (401 SIGN_ERROR otherwise); JSAPI orders (prepay_id), query, close, refunds and refund
 * queries with the documented errors; every answer signed with the platform key or, in public-key
 * mode, the WeChat Pay public key. `notification()` builds signed and encrypted callbacks.
 */
export class FakeWechatPay extends FakeHttpServer {
  readonly appid = 'wxtest0000000001'
  readonly mchid = '1900000109'
  readonly merchant = rsa()
  readonly merchantSerial = randomBytes(20).toString('hex').toUpperCase()
  readonly platform = rsa()
  readonly platformCert: string
  readonly platformSerial: string
  readonly pubKey = rsa()
  readonly pubKeyId = `PUB_KEY_ID_0119000001${randomBytes(6).toString('hex').toUpperCase()}`
  readonly apiV3Key = randomBytes(16).toString('hex')
  readonly notifyUrl = 'https://linlitong.test/api/v1/payments/wechat/notify'
  /** Which key signs answers and notifications. */
  signWith: 'platform' | 'publicKey' = 'platform'
  readonly orders = new Map<string, FakeOrder>()
  readonly refunds = new Map<string, FakeRefund>()
  /** Every request: method, path with query, parsed body, whether its signature verified. */
  readonly calls: { method: string; path: string; body?: any; signed: boolean }[] = []
  readonly failNext: Failure[] = []
  /** Refunds answer SUCCESS at once instead of PROCESSING. */
  refundsSucceedAtOnce = false
  private seq = 0

  constructor(readonly clock: () => Date = () => new Date()) {
    super()
    const cert = selfSignedCert(this.platform)
    this.platformCert = cert ?? this.platform.publicPem
    this.platformSerial = cert ? new X509Certificate(cert).serialNumber.toUpperCase() : randomBytes(20).toString('hex').toUpperCase()
  }

  /** The WECHATPAY_* (and WECHAT_APPID) environment of an API using this fake; `mode` picks the verifying keys configured. */
  env(mode: 'platform' | 'publicKey' | 'both' = 'both'): Record<string, string> {
    return {
      WECHAT_APPID: this.appid,
      WECHATPAY_MCHID: this.mchid,
      WECHATPAY_SERIAL: this.merchantSerial,
      WECHATPAY_PRIVATE_KEY: this.merchant.privatePem,
      WECHATPAY_APIV3_KEY: this.apiV3Key,
      WECHATPAY_NOTIFY_URL: this.notifyUrl,
      WECHATPAY_API_BASE: this.baseUrl,
      WECHATPAY_TIMEOUT_MS: '1500',
      ...(mode !== 'publicKey' ? { WECHATPAY_PLATFORM_CERTS: JSON.stringify({ [this.platformSerial]: this.platformCert }) } : {}),
      ...(mode !== 'platform' ? { WECHATPAY_PUBLIC_KEY_ID: this.pubKeyId, WECHATPAY_PUBLIC_KEY: this.pubKey.publicPem } : {}),
    }
  }

  count(method: string, prefix: string) {
    return this.calls.filter((c) => c.method === method && c.path.startsWith(prefix)).length
  }


  /** The resident pays an order in WeChat (the order becomes SUCCESS); no notification is sent. */
  pay(outTradeNo: string): FakeOrder {
    const o = this.orders.get(outTradeNo)
    if (!o) throw new Error(`fake: no order ${outTradeNo}`)
    o.trade_state = 'SUCCESS'
    o.transaction_id = `42000${String(++this.seq).padStart(5, '0')}${Date.now()}`.slice(0, 28)
    o.success_time = rfc3339(this.clock())
    return o
  }

  /** A transaction as the query and TRANSACTION.SUCCESS show it. */
  transaction(o: FakeOrder): Record<string, unknown> {
    return {
      appid: o.appid, mchid: o.mchid, out_trade_no: o.out_trade_no, transaction_id: o.transaction_id, trade_type: 'JSAPI',
      trade_state: o.trade_state, trade_state_desc: o.trade_state === 'SUCCESS' ? '支付成功' : o.trade_state, bank_type: 'OTHERS', attach: '',
      success_time: o.success_time, payer: { openid: o.openid }, amount: { total: o.total, payer_total: o.total, currency: o.currency, payer_currency: 'CNY' },
    }
  }

  /** A refund as the refund API, its query and REFUND.* show it. */
  refundView(r: FakeRefund): Record<string, unknown> {
    const o = this.orders.get(r.out_trade_no)
    return {
      refund_id: r.refund_id, out_refund_no: r.out_refund_no, transaction_id: o?.transaction_id, out_trade_no: r.out_trade_no, channel: 'ORIGINAL',
      user_received_account: '支付用户零钱', status: r.status, create_time: rfc3339(this.clock()),
      ...(r.status === 'SUCCESS' ? { success_time: rfc3339(this.clock()) } : {}),
      amount: { total: r.total, refund: r.refund, payer_total: r.total, payer_refund: r.refund, currency: 'CNY' },
    }
  }

  /**
   * A signed, encrypted notification of `plaintext` (a transaction or a refund object) as WeChat Pay
   * posts it: {headers, body}. Options forge it: another signing key, an unknown serial, an old
   * timestamp, a tampered ciphertext (its tag no longer matches).
   */
  notification(plaintext: Record<string, unknown>, opts: {
    eventType?: string; via?: 'platform' | 'publicKey'; timestamp?: number; nonce?: string; serial?: string
    signWithMerchantKey?: boolean; tamper?: boolean; apiV3Key?: string
  } = {}): { headers: Record<string, string>; body: string } {
    const eventType = opts.eventType ?? 'TRANSACTION.SUCCESS'
    const originalType = eventType.startsWith('REFUND') ? 'refund' : 'transaction'
    const { ciphertext, nonce, associated_data } = this.encrypt(JSON.stringify(plaintext), originalType, opts.apiV3Key, opts.tamper)
    const body = JSON.stringify({
      id: `EV-${randomBytes(8).toString('hex')}`, create_time: rfc3339(this.clock()), resource_type: 'encrypt-resource', event_type: eventType,
      summary: originalType === 'refund' ? '退款成功' : '支付成功',
      resource: { original_type: originalType, algorithm: 'AEAD_AES_256_GCM', ciphertext, associated_data, nonce },
    })
    const via = opts.via ?? this.signWith
    const timestamp = String(opts.timestamp ?? Math.floor(this.clock().getTime() / 1000))
    const n = opts.nonce ?? randomBytes(16).toString('hex')
    const key = opts.signWithMerchantKey ? this.merchant.privateKey : via === 'platform' ? this.platform.privateKey : this.pubKey.privateKey
    return {
      headers: {
        'content-type': 'application/json',
        'wechatpay-timestamp': timestamp,
        'wechatpay-nonce': n,
        'wechatpay-serial': opts.serial ?? (via === 'platform' ? this.platformSerial : this.pubKeyId),
        'wechatpay-signature': createSign('RSA-SHA256').update(`${timestamp}\n${n}\n${body}\n`).sign(key, 'base64'),
        'wechatpay-signature-type': 'WECHATPAY2-SHA256-RSA2048',
      },
      body,
    }
  }

  /** AEAD_AES_256_GCM with the APIv3 key as WeChat Pay encrypts resources; `tamper` flips a ciphertext bit after sealing. */
  encrypt(plain: string, aad: string, apiV3Key = this.apiV3Key, tamper = false) {
    const nonce = randomBytes(6).toString('hex')
    const cipher = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce))
    cipher.setAAD(Buffer.from(aad))
    const sealed = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()])
    if (tamper) sealed[0] ^= 0x01
    return { ciphertext: sealed.toString('base64'), nonce, associated_data: aad }
  }

  private verifyAuthorization(req: http.IncomingMessage, url: string, raw: string): boolean {
    const m = /^WECHATPAY2-SHA256-RSA2048 (.+)$/.exec(String(req.headers.authorization ?? ''))
    if (!m) return false
    const parts = Object.fromEntries([...m[1].matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]))
    if (parts.mchid !== this.mchid || parts.serial_no !== this.merchantSerial || !parts.nonce_str || !parts.timestamp || !parts.signature) return false
    if (Math.abs(Date.now() / 1000 - Number(parts.timestamp)) > 300) return false
    const message = `${req.method}\n${url}\n${parts.timestamp}\n${parts.nonce_str}\n${raw}\n`
    return createVerify('RSA-SHA256').update(message).verify(this.merchant.publicKey, parts.signature, 'base64')
  }

  private send(res: http.ServerResponse, status: number, obj?: unknown) {
    const body = obj === undefined ? '' : JSON.stringify(obj)
    const ts = String(Math.floor(Date.now() / 1000))
    const n = randomBytes(16).toString('hex')
    const key = this.signWith === 'platform' ? this.platform.privateKey : this.pubKey.privateKey
    res.writeHead(status, {
      ...(body ? { 'content-type': 'application/json' } : {}),
      'request-id': randomBytes(8).toString('hex'),
      'wechatpay-timestamp': ts,
      'wechatpay-nonce': n,
      'wechatpay-serial': this.signWith === 'platform' ? this.platformSerial : this.pubKeyId,
      'wechatpay-signature': createSign('RSA-SHA256').update(`${ts}\n${n}\n${body}\n`).sign(key, 'base64'),
    })
    res.end(body)
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const url = req.url ?? '/'
    let raw = ''
    for await (const chunk of req) raw += chunk
    let body: any
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      body = undefined
    }
    const signed = this.verifyAuthorization(req, url, raw)
    this.calls.push({ method: req.method ?? '', path: url, body, signed })
    const err = (status: number, code: string, message: string) => this.send(res, status, { code, message })
    if (!signed) return err(401, 'SIGN_ERROR', '签名错误')
    const failure = this.failNext.shift()
    if (failure === 'timeout') {
      await new Promise((r) => setTimeout(r, 3000))
      res.destroy()
      return
    }
    if (failure) return err(failure.status, failure.code, 'injected failure')
    const { pathname, searchParams } = new URL(url, 'http://x')

    if (req.method === 'POST' && pathname === '/v3/pay/transactions/jsapi') {
      const b = body ?? {}
      if (b.appid !== this.appid) return err(400, 'APPID_MCHID_NOT_MATCH', 'appid和mch_id不匹配')
      if (b.mchid !== this.mchid) return err(400, 'MCH_NOT_EXISTS', '商户号不存在')
      if (typeof b.description !== 'string' || !b.description || Array.from(b.description).length > 127) return err(400, 'PARAM_ERROR', 'description')
      if (typeof b.out_trade_no !== 'string' || !OUT_TRADE_NO.test(b.out_trade_no)) return err(400, 'PARAM_ERROR', 'out_trade_no')
      if (typeof b.notify_url !== 'string' || !/^https:\/\/[^?#]+$/.test(b.notify_url)) return err(400, 'PARAM_ERROR', 'notify_url')
      if (!Number.isInteger(b.amount?.total) || b.amount.total <= 0 || b.amount.currency !== 'CNY') return err(400, 'PARAM_ERROR', 'amount')
      if (typeof b.payer?.openid !== 'string' || !b.payer.openid) return err(400, 'PARAM_ERROR', 'payer.openid')
      if (typeof b.time_expire !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/.test(b.time_expire)) return err(400, 'PARAM_ERROR', 'time_expire')
      const existing = this.orders.get(b.out_trade_no)
      if (existing) {
        if (existing.trade_state === 'SUCCESS') return err(400, 'ORDERPAID', '该订单已支付')
        if (existing.trade_state === 'CLOSED') return err(400, 'ORDER_CLOSED', '订单已关闭')
        if (existing.total !== b.amount.total || existing.openid !== b.payer.openid) return err(400, 'OUT_TRADE_NO_USED', '商户订单号重复')
        return this.send(res, 200, { prepay_id: existing.prepay_id })
      }
      const order: FakeOrder = {
        appid: b.appid, mchid: b.mchid, description: b.description, out_trade_no: b.out_trade_no, time_expire: b.time_expire, notify_url: b.notify_url,
        total: b.amount.total, currency: b.amount.currency, openid: b.payer.openid, prepay_id: `wx${randomBytes(14).toString('hex')}`, trade_state: 'NOTPAY',
      }
      this.orders.set(order.out_trade_no, order)
      return this.send(res, 200, { prepay_id: order.prepay_id })
    }
    let m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)$/.exec(pathname)
    if (req.method === 'GET' && m) {
      if (searchParams.get('mchid') !== this.mchid) return err(400, 'PARAM_ERROR', 'mchid')
      const o = this.orders.get(decodeURIComponent(m[1]))
      if (!o) return err(404, 'ORDER_NOT_EXIST', '订单不存在')
      return this.send(res, 200, this.transaction(o))
    }
    m = /^\/v3\/pay\/transactions\/out-trade-no\/([^/]+)\/close$/.exec(pathname)
    if (req.method === 'POST' && m) {
      if (body?.mchid !== this.mchid) return err(400, 'PARAM_ERROR', 'mchid')
      const o = this.orders.get(decodeURIComponent(m[1]))
      if (!o) return err(404, 'ORDER_NOT_EXIST', '订单不存在')
      if (o.trade_state === 'SUCCESS' || o.trade_state === 'REFUND') return err(400, 'ORDERPAID', '订单已支付')
      o.trade_state = 'CLOSED'
      return this.send(res, 204)
    }
    if (req.method === 'POST' && pathname === '/v3/refund/domestic/refunds') {
      const b = body ?? {}
      if (typeof b.out_refund_no !== 'string' || !b.out_refund_no || b.out_refund_no.length > 64) return err(400, 'PARAM_ERROR', 'out_refund_no')
      const o = this.orders.get(b.out_trade_no)
      if (!o || (o.trade_state !== 'SUCCESS' && o.trade_state !== 'REFUND')) return err(404, 'RESOURCE_NOT_EXISTS', '订单不存在')
      if (b.amount?.total !== o.total || !Number.isInteger(b.amount?.refund) || b.amount.refund <= 0 || b.amount.refund > o.total || b.amount.currency !== 'CNY') {
        return err(400, 'PARAM_ERROR', 'amount')
      }
      let r = this.refunds.get(b.out_refund_no)
      if (!r) {
        r = { out_refund_no: b.out_refund_no, out_trade_no: o.out_trade_no, refund_id: `50300${String(++this.seq).padStart(5, '0')}${Date.now()}`.slice(0, 29), refund: b.amount.refund, total: o.total, reason: b.reason, status: this.refundsSucceedAtOnce ? 'SUCCESS' : 'PROCESSING' }
        this.refunds.set(r.out_refund_no, r)
        o.trade_state = 'REFUND'
      }
      return this.send(res, 200, this.refundView(r))
    }
    m = /^\/v3\/refund\/domestic\/refunds\/([^/]+)$/.exec(pathname)
    if (req.method === 'GET' && m) {
      const r = this.refunds.get(decodeURIComponent(m[1]))
      if (!r) return err(404, 'RESOURCE_NOT_EXISTS', '退款单不存在')
      return this.send(res, 200, this.refundView(r))
    }
    return err(404, 'NOT_FOUND', 'no such API')
  }
}

/** RFC 3339 in Beijing time with seconds, as WeChat Pay writes times. */
export function rfc3339(d: Date): string {
  return new Date(Math.floor(d.getTime() / 1000) * 1000 + 8 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+08:00')
}

/** The environment of `startTestServer({ env })` for an API paying through `fake`. */
export function wechatPayEnv(fake: FakeWechatPay, mode: 'platform' | 'publicKey' | 'both' = 'both'): Record<string, string> {
  return fake.env(mode)
}

/** Gives test users a WeChat openid (payments need one); returns it. */
export async function giveOpenid(db: Db, username: string, openid = `o_test_${username}_${randomBytes(4).toString('hex')}`): Promise<string> {
  await db.user.update({ where: { username }, data: { openid } })
  return openid
}

/** Posts a notification to the API, as WeChat Pay does. */
export async function deliver(baseUrl: string, n: { headers: Record<string, string>; body: string }): Promise<{ status: number; body: any }> {
  const res = await fetch(`${baseUrl}/api/v1/payments/wechat/notify`, { method: 'POST', headers: n.headers, body: n.body })
  const text = await res.text()
  let body: unknown = text
  try {
    body = text ? JSON.parse(text) : undefined
  } catch {
    /* not JSON */
  }
  return { status: res.status, body }
}
