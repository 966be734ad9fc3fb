import { createVerify, generateKeyPairSync } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FakeWechatPay } from '../../../test/support/fakeWechatPay.ts'
import type { WechatPayConfig } from '../../config.ts'
import { createWechatPayClient, rfc3339Shanghai, WechatPayError } from './client.ts'

const fake = new FakeWechatPay()

function config(over: Partial<WechatPayConfig> = {}): WechatPayConfig {
  return {
    mchid: fake.mchid, serial: fake.merchantSerial, privateKey: fake.merchant.privatePem, apiV3Key: fake.apiV3Key,
    platformCerts: { [fake.platformSerial]: fake.platformCert }, notifyUrl: fake.notifyUrl, apiBase: fake.baseUrl, timeoutMs: 1000, ...over,
  }
}

async function failure(p: Promise<unknown>): Promise<WechatPayError> {
  try {
    await p
  } catch (e) {
    if (e instanceof WechatPayError) return e
    throw e
  }
  throw new Error('expected a WechatPayError')
}

beforeAll(() => fake.start())
afterAll(() => fake.stop())

describe('WeChat Pay client against the fake', () => {
  const expiresAt = new Date(Date.UTC(2026, 11, 1, 2, 15, 30, 456))

  it('formats time_expire as RFC 3339 in Beijing time', () => {
    expect(rfc3339Shanghai(expiresAt)).toBe('2026-12-01T10:15:30+08:00')
  })

  it('creates a JSAPI order with a request signature the fake verifies, and the same prepay_id again', async () => {
    const client = createWechatPayClient(config(), fake.appid)
    const order = { description: '社区预约-上门维修', outTradeNo: 'BK1TABC123', expiresAt, amountFen: 3000, openid: 'o_1' }
    const prepay = await client.jsapiOrder(order)
    const call = fake.calls.at(-1)!
    expect(call).toMatchObject({ method: 'POST', path: '/v3/pay/transactions/jsapi', signed: true })
    expect(call.body).toEqual({
      appid: fake.appid, mchid: fake.mchid, description: '社区预约-上门维修', out_trade_no: 'BK1TABC123', time_expire: '2026-12-01T10:15:30+08:00',
      notify_url: fake.notifyUrl, amount: { total: 3000, currency: 'CNY' }, payer: { openid: 'o_1' },
    })
    expect(prepay).toBe(fake.orders.get('BK1TABC123')!.prepay_id)
    expect(await client.jsapiOrder(order)).toBe(prepay)
  })

  it('signs requestPayment over appId, timeStamp, nonceStr and package with the merchant key', () => {
    const client = createWechatPayClient(config(), fake.appid)
    const p = client.requestPayment('wx201410272009395522657a690389285100')
    expect(p).toMatchObject({ package: 'prepay_id=wx201410272009395522657a690389285100', signType: 'RSA' })
    expect(p.timeStamp).toMatch(/^\d{10}$/)
    const message = `${fake.appid}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`
    expect(createVerify('RSA-SHA256').update(message).verify(fake.merchant.publicKey, p.paySign, 'base64')).toBe(true)
    expect(createVerify('RSA-SHA256').update(message.replace(fake.appid, 'wxother')).verify(fake.merchant.publicKey, p.paySign, 'base64')).toBe(false)
  })

  it('queries, closes, refunds and queries refunds; errors carry WeChat Pay codes', async () => {
    const client = createWechatPayClient(config(), fake.appid)
    await client.jsapiOrder({ description: 'x', outTradeNo: 'BK2TABC123', expiresAt, amountFen: 500, openid: 'o_2' })
    expect(await client.queryOrder('BK2TABC123')).toMatchObject({ trade_state: 'NOTPAY', amount: { total: 500, currency: 'CNY' } })
    expect(await failure(client.queryOrder('BK404T1'))).toMatchObject({ status: 404, code: 'ORDER_NOT_EXIST', retryable: false })
    expect(await failure(client.refund({ outTradeNo: 'BK2TABC123', outRefundNo: 'RF2', reason: 'r', refundFen: 500, totalFen: 500 }))).toMatchObject({ status: 404, code: 'RESOURCE_NOT_EXISTS' })
    fake.pay('BK2TABC123')
    expect(await client.queryOrder('BK2TABC123')).toMatchObject({ trade_state: 'SUCCESS', transaction_id: fake.orders.get('BK2TABC123')!.transaction_id })
    expect(await failure(client.closeOrder('BK2TABC123'))).toMatchObject({ status: 400, code: 'ORDERPAID' })
    expect(await client.refund({ outTradeNo: 'BK2TABC123', outRefundNo: 'RF2', reason: '预约已取消', refundFen: 500, totalFen: 500 })).toMatchObject({ status: 'PROCESSING', out_refund_no: 'RF2' })
    expect(await client.queryRefund('RF2')).toMatchObject({ status: 'PROCESSING' })
    expect(await failure(client.queryRefund('RF404'))).toMatchObject({ status: 404, code: 'RESOURCE_NOT_EXISTS' })
    await client.jsapiOrder({ description: 'x', outTradeNo: 'BK3TABC123', expiresAt, amountFen: 500, openid: 'o_3' })
    await client.closeOrder('BK3TABC123')
    expect(fake.orders.get('BK3TABC123')!.trade_state).toBe('CLOSED')
  })

  it('works with the WeChat Pay public key (PUB_KEY_ID_…) instead of platform certificates', async () => {
    const client = createWechatPayClient(config({ platformCerts: {}, publicKey: { id: fake.pubKeyId, pem: fake.pubKey.publicPem } }), fake.appid)
    fake.signWith = 'publicKey'
    try {
      await client.jsapiOrder({ description: 'x', outTradeNo: 'BK4TABC123', expiresAt, amountFen: 500, openid: 'o_4' })
      // The platform-certificate client cannot verify these answers.
      const certOnly = createWechatPayClient(config(), fake.appid)
      expect(await failure(certOnly.queryOrder('BK4TABC123'))).toMatchObject({ status: 0, code: 'BAD_ANSWER', retryable: true })
    } finally {
      fake.signWith = 'platform'
    }
  })

  it('maps server errors, timeouts, refused connections and a wrong merchant key to typed errors', async () => {
    const client = createWechatPayClient(config(), fake.appid)
    fake.failNext.push({ status: 500, code: 'SYSTEM_ERROR' })
    expect(await failure(client.queryOrder('BK2TABC123'))).toMatchObject({ status: 500, code: 'SYSTEM_ERROR', retryable: true })
    fake.failNext.push('timeout')
    expect(await failure(client.queryOrder('BK2TABC123'))).toMatchObject({ status: 0, code: 'TIMEOUT', retryable: true })
    const refused = createWechatPayClient(config({ apiBase: 'http://127.0.0.1:9' }), fake.appid)
    expect(await failure(refused.queryOrder('BK2TABC123'))).toMatchObject({ status: 0, code: 'NETWORK', retryable: true })
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
    const forged = createWechatPayClient(config({ privateKey: otherKey }), fake.appid)
    expect(await failure(forged.queryOrder('BK2TABC123'))).toMatchObject({ status: 401, code: 'SIGN_ERROR', retryable: false })
    expect(fake.calls.at(-1)!.signed).toBe(false)
  })
})
