import { createSign } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPayment } from '../src/modules/payments/payment.service.ts'
import { deliver, FakeWechatPay, giveOpenid, wechatPayEnv, type FakeOrder } from './support/fakeWechatPay.ts'
import { eventually, heldPaidBooking, notificationOutcomes, paymentState } from './support/payments.ts'
import { startTestServer, type TestServer } from './support/server.ts'

describe('WeChat Pay notifications (POST /api/v1/payments/wechat/notify)', () => {
  let srv: TestServer
  const fake = new FakeWechatPay(() => (srv ? srv.clock.now() : new Date()))

  beforeAll(async () => {
    await fake.start()
    srv = await startTestServer({ env: wechatPayEnv(fake) })
    for (const u of ['resident1', 'resident2', 'resident3', 'resident4']) await giveOpenid(srv.deps.db, u)
  })
  afterAll(async () => {
    await srv?.close()
    await fake.stop()
  })

  /** A booking awaiting payment whose JSAPI order exists at the fake and was paid there. */
  async function paidAtWechat(username = 'resident1'): Promise<{ bookingId: number; order: FakeOrder }> {
    const { bookingId } = await heldPaidBooking(srv, username)
    await openPayment(srv.deps, bookingId)
    const { outTradeNo } = await srv.deps.db.paymentOrder.findUniqueOrThrow({ where: { bookingId } })
    return { bookingId, order: fake.pay(outTradeNo) }
  }

  it('a correct notification marks the order paid and confirms the booking; a second delivery is a duplicate', async () => {
    const { bookingId, order } = await paidAtWechat()
    const before = await paymentState(srv, bookingId)
    expect(before.booking.status).toBe('awaiting_payment')
    expect(before.order).toMatchObject({ status: 'created', transactionId: null })

    const r = await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))
    expect(r.status).toBe(204)
    const after = await paymentState(srv, bookingId)
    expect(after.booking).toMatchObject({ status: 'confirmed', holdUntil: null, seatSlotId: after.booking.slotId })
    expect(after.order).toMatchObject({ status: 'paid', transactionId: order.transaction_id })
    expect(after.order!.paidAt!.getTime()).toBe(Date.parse(order.success_time!))
    expect(after.booked).toBe(before.booked)
    expect(after.messages).toBe(before.messages + 1)

    const again = await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))
    expect(again.status).toBe(204)
    expect(await paymentState(srv, bookingId)).toEqual(after)
    expect(await notificationOutcomes(srv, order.out_trade_no)).toEqual(['processed', 'duplicate'])
  })

  it('5 parallel identical deliveries make one paid transition', async () => {
    const { bookingId, order } = await paidAtWechat('resident2')
    const before = await paymentState(srv, bookingId)
    const n = fake.notification(fake.transaction(order))
    const answers = await Promise.all(Array.from({ length: 5 }, () => deliver(srv.baseUrl, n)))
    expect(answers.map((a) => a.status)).toEqual([204, 204, 204, 204, 204])
    const after = await paymentState(srv, bookingId)
    expect(after.booking.status).toBe('confirmed')
    expect(after.booking.version).toBe(before.booking.version + 1)
    expect(after.messages).toBe(before.messages + 1)
    const outcomes = await srv.deps.db.paymentNotification.findMany({ where: { eventType: 'TRANSACTION.SUCCESS', outTradeNo: order.out_trade_no }, select: { outcome: true } })
    expect(outcomes.filter((o) => o.outcome === 'processed')).toHaveLength(1)
    expect((await srv.deps.db.paymentNotification.findMany({ where: { signatureHash: { not: null } } })).length).toBeGreaterThanOrEqual(5)
  })

  it('a forged signature, a tampered ciphertext, a stale timestamp and an unknown serial change nothing and are logged', async () => {
    const { bookingId, order } = await paidAtWechat('resident3')
    const before = await paymentState(srv, bookingId)
    const tx = fake.transaction(order)
    const logged = await srv.deps.db.paymentNotification.count()
    const cases: [ReturnType<FakeWechatPay['notification']>, number, string][] = [
      [fake.notification(tx, { signWithMerchantKey: true }), 401, 'bad_signature'],
      [fake.notification(tx, { tamper: true }), 400, 'bad_ciphertext'],
      [fake.notification(tx, { timestamp: Math.floor(srv.clock.now().getTime() / 1000) - 301 }), 401, 'stale'],
      [fake.notification(tx, { timestamp: Math.floor(srv.clock.now().getTime() / 1000) + 400 }), 401, 'stale'],
      [fake.notification(tx, { serial: 'ABCDEF0123456789' }), 401, 'unknown_serial'],
      [fake.notification(tx, { apiV3Key: 'x'.repeat(32) }), 400, 'bad_ciphertext'],
    ]
    // A body changed after signing (the amount in the clear envelope) fails the signature too.
    const signed = fake.notification(tx)
    cases.push([{ headers: signed.headers, body: signed.body.replace('TRANSACTION.SUCCESS', 'TRANSACTION.SUCCESS ') }, 401, 'bad_signature'])
    const { 'wechatpay-signature': _, ...unsigned } = fake.notification(tx).headers
    cases.push([{ headers: unsigned, body: signed.body }, 401, 'bad_headers'])
    for (const [n, status, outcome] of cases) {
      const r = await deliver(srv.baseUrl, n)
      expect({ outcome, status: r.status, body: r.body }).toEqual({ outcome, status, body: { code: 'FAIL', message: expect.any(String), error: { code: outcome.toUpperCase(), message: expect.any(String) }, requestId: expect.any(String) } })
    }
    expect(await paymentState(srv, bookingId)).toEqual(before)
    const rows = await srv.deps.db.paymentNotification.findMany({ orderBy: { id: 'asc' }, skip: logged })
    expect(rows.map((r) => r.outcome)).toEqual(cases.map((c) => c[2]))
    // Nothing of a refused delivery was decrypted: no order number is recorded for them.
    expect(rows.every((r) => r.outTradeNo === null)).toBe(true)
  })

  it('a replayed delivery (the same signed request) changes nothing and is logged as a replay', async () => {
    const { bookingId, order } = await paidAtWechat('resident4')
    const n = fake.notification(fake.transaction(order))
    expect((await deliver(srv.baseUrl, n)).status).toBe(204)
    const paid = await paymentState(srv, bookingId)
    // Staff set the order back to created by hand: only a replay could mark it paid again.
    await srv.deps.db.paymentOrder.update({ where: { bookingId }, data: { status: 'created', transactionId: null } })
    const r = await deliver(srv.baseUrl, n)
    expect(r.status).toBe(204)
    const after = await paymentState(srv, bookingId)
    expect(after.order).toMatchObject({ status: 'created', transactionId: null })
    expect(after.booking).toEqual(paid.booking)
    const last = await srv.deps.db.paymentNotification.findFirstOrThrow({ orderBy: { id: 'desc' } })
    expect(last).toMatchObject({ outcome: 'replay', eventType: 'TRANSACTION.SUCCESS' })
    await srv.deps.db.paymentOrder.update({ where: { bookingId }, data: { status: 'paid', transactionId: order.transaction_id } })
  })

  it('an amount that differs, a currency other than CNY, another merchant and an unknown order change nothing', async () => {
    const { bookingId, order } = await paidAtWechat('resident1')
    const before = await paymentState(srv, bookingId)
    const tx = fake.transaction(order) as { amount: Record<string, unknown> } & Record<string, unknown>
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...tx, amount: { ...tx.amount, total: order.total + 1 } }, 400, 'amount_mismatch'],
      [{ ...tx, amount: { ...tx.amount, total: 1 } }, 400, 'amount_mismatch'],
      [{ ...tx, amount: { ...tx.amount, currency: 'USD' } }, 400, 'bad_currency'],
      [{ ...tx, mchid: '1900000999' }, 400, 'wrong_merchant'],
      [{ ...tx, appid: 'wxother000000001' }, 400, 'wrong_merchant'],
      [{ ...tx, out_trade_no: 'BK999999T0000' }, 404, 'unknown_order'],
      [{ ...tx, trade_state: 'NOTPAY' }, 400, 'not_success'],
      [{ ...tx, transaction_id: undefined }, 400, 'bad_body'],
    ]
    for (const [plain, status, outcome] of cases) {
      const r = await deliver(srv.baseUrl, fake.notification(plain))
      expect({ outcome, status: r.status }).toEqual({ outcome, status })
    }
    expect(await paymentState(srv, bookingId)).toEqual(before)
    const rows = await srv.deps.db.paymentNotification.findMany({ orderBy: { id: 'desc' }, take: cases.length })
    expect(rows.reverse().map((r) => r.outcome)).toEqual(cases.map((c) => c[2]))
  })

  it('accepts a notification signed with the WeChat Pay public key (Wechatpay-Serial PUB_KEY_ID_…)', async () => {
    const { bookingId, order } = await paidAtWechat('resident2')
    const n = fake.notification(fake.transaction(order), { via: 'publicKey' })
    expect(n.headers['wechatpay-serial']).toMatch(/^PUB_KEY_ID_/)
    expect((await deliver(srv.baseUrl, n)).status).toBe(204)
    expect((await paymentState(srv, bookingId)).booking.status).toBe('confirmed')
    // The platform key under the public key's id is a forgery.
    const { bookingId: other, order: o2 } = await paidAtWechat('resident3')
    const forged = fake.notification(fake.transaction(o2), { via: 'platform', serial: fake.pubKeyId })
    expect((await deliver(srv.baseUrl, forged)).status).toBe(401)
    expect((await paymentState(srv, other)).booking.status).toBe('awaiting_payment')
  })

  it('money arriving after the hold expired is refunded automatically; the refund result is recorded', async () => {
    const { bookingId, order } = await paidAtWechat('resident4')
    srv.clock.advance((srv.config.booking.holdMinutes + 1) * 60_000)
    const { expireHolds } = await import('../src/jobs/bookingJobs.ts')
    expect(await expireHolds(srv.deps)).toBeGreaterThanOrEqual(1)
    const expired = await paymentState(srv, bookingId)
    expect(expired.booking).toMatchObject({ status: 'expired', seatSlotId: null })
    expect(expired.order!.status).toBe('closed')

    const r = await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))
    expect(r.status).toBe(204)
    await eventually(async () => (await paymentState(srv, bookingId)).refund?.status === 'processing')
    const after = await paymentState(srv, bookingId)
    expect(after.booking).toEqual(expired.booking)
    expect(after.booked).toBe(expired.booked)
    expect(after.order).toMatchObject({ status: 'paid', transactionId: order.transaction_id })
    const sent = fake.refunds.get(after.refund!.outRefundNo)!
    expect(sent).toMatchObject({ out_trade_no: order.out_trade_no, refund: order.total, total: order.total, reason: '预约已失效，自动退款' })

    sent.status = 'SUCCESS'
    const refunded = await deliver(srv.baseUrl, fake.notification({ mchid: fake.mchid, ...fake.refundView(sent), refund_status: 'SUCCESS' }, { eventType: 'REFUND.SUCCESS' }))
    expect(refunded.status).toBe(204)
    const done = await paymentState(srv, bookingId)
    expect(done.refund!.status).toBe('success')
    expect(done.order!.status).toBe('refunded')
    const dup = await deliver(srv.baseUrl, fake.notification({ mchid: fake.mchid, ...fake.refundView(sent), refund_status: 'SUCCESS' }, { eventType: 'REFUND.SUCCESS' }))
    expect(dup.status).toBe(204)
    const unknown = await deliver(srv.baseUrl, fake.notification({ mchid: fake.mchid, ...fake.refundView(sent), out_refund_no: 'RF0T0', refund_status: 'SUCCESS' }, { eventType: 'REFUND.SUCCESS' }))
    expect(unknown.status).toBe(404)
    expect((await notificationOutcomes(srv)).slice(-3)).toEqual(['processed', 'duplicate', 'unknown_refund'])
  })

  it('refuses bodies over the limit and bodies that are not JSON (400 INVALID_JSON, signed or not); JSON without a signature is 401', async () => {
    const big = await fetch(`${srv.baseUrl}/api/v1/payments/wechat/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(200_000) })
    expect(big.status).toBe(413)
    expect(await big.json()).toMatchObject({ code: 'FAIL', message: expect.any(String), error: { code: 'PAYLOAD_TOO_LARGE' } })
    const n = fake.notification({})
    const notJson = { headers: n.headers, body: 'not json' }
    // A non-JSON body signed with the platform key, as a buggy sender would.
    const h = { ...n.headers }
    h['wechatpay-signature'] = createSign('RSA-SHA256').update(`${h['wechatpay-timestamp']}\n${h['wechatpay-nonce']}\nnot json\n`).sign(fake.platform.privateKey, 'base64')
    const signedNotJson = { headers: h, body: 'not json' }
    const unsignedArray = { headers: { 'content-type': 'application/json' }, body: '[]' }
    expect((await deliver(srv.baseUrl, notJson)).status).toBe(400)
    expect((await deliver(srv.baseUrl, signedNotJson)).status).toBe(400)
    expect((await deliver(srv.baseUrl, unsignedArray)).status).toBe(401)
    expect((await notificationOutcomes(srv)).slice(-3)).toEqual(['invalid_json', 'invalid_json', 'bad_headers'])
  })
})
