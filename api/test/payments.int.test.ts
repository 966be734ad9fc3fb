import { createVerify } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expireHolds } from '../src/jobs/bookingJobs.ts'
import { reconcileOrders, reconcilePayments, reconcileRefunds } from '../src/jobs/paymentJobs.ts'
import { MAX_REFUND_ATTEMPTS } from '../src/modules/payments/payment.refunds.ts'
import { paymentsAvailable, sendPendingRefunds } from '../src/modules/payments/payment.service.ts'
import { book, DAY, makeService, makeSlot, residentsOf } from './support/bookings.ts'
import type { Client } from './support/client.ts'
import { deliver, FakeWechatPay, giveOpenid, rfc3339 } from './support/fakeWechatPay.ts'
import { eventually, paymentState, startPaymentWorld } from './support/payments.ts'
import { startTestServer, type TestServer } from './support/server.ts'

describe('paying for a booking with WeChat Pay, refunds and reconciliation', () => {
  let srv: TestServer
  const fake = new FakeWechatPay(() => (srv ? srv.clock.now() : new Date()))
  let residents: { id: number; client: Client; householdId: number }[]
  let serviceId: number
  let next = 0

  beforeAll(async () => {
    await fake.start()
    ;({ srv, serviceId, residents } = await startPaymentWorld(fake, { service: '上门维修（水电）测试', feeFen: 3000, residents: 12, prefix: 'payer', openidFrom: 1 }))
  })
  afterAll(async () => {
    await srv?.close()
    await fake.stop()
  })

  /** A new paid booking by the next resident (each has an openid but the first). */
  async function newPaidBooking() {
    const who = residents[1 + (next++ % (residents.length - 1))]
    const slot = await makeSlot(srv, serviceId, { inMs: 3 * DAY, capacity: 5 })
    const r = await book(who.client, { slotId: slot.id })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return { who, id: r.body.data.id as number, data: r.body.data, slotId: slot.id }
  }

  const orderOf = (bookingId: number) => srv.deps.db.paymentOrder.findUniqueOrThrow({ where: { bookingId } })
  /** The refund was claimed (processing) and WeChat Pay has it: the claim alone comes before the call. */
  const refundReceived = async (bookingId: number) => {
    const { refund } = await paymentState(srv, bookingId)
    return refund?.status === 'processing' && fake.refunds.has(refund.outRefundNo)
  }

  it('booking a paid service returns requestPayment; the JSAPI order is signed, expires with the hold, and paySign verifies', async () => {
    expect(paymentsAvailable(srv.config)).toBe(true)
    const jsapiBefore = fake.count('POST', '/v3/pay/transactions/jsapi')
    const { id, data, who } = await newPaidBooking()
    expect(data).toMatchObject({ status: 'awaiting_payment', feeFen: 3000 })
    const p = data.requestPayment
    expect(p).toMatchObject({ signType: 'RSA', package: expect.stringMatching(/^prepay_id=wx/) })
    const message = `${fake.appid}\n${p.timeStamp}\n${p.nonceStr}\n${p.package}\n`
    expect(createVerify('RSA-SHA256').update(message).verify(fake.merchant.publicKey, p.paySign, 'base64')).toBe(true)

    const order = await orderOf(id)
    const booking = await srv.deps.db.booking.findUniqueOrThrow({ where: { id } })
    expect(order).toMatchObject({ status: 'created', amountFen: 3000, payerOpenid: `o_payer_${who.id}`, prepayId: p.package.slice('prepay_id='.length) })
    expect(order.outTradeNo).toMatch(/^BK\d+T[0-9A-Z]+$/)
    expect(order.outTradeNo.length).toBeLessThanOrEqual(32)
    expect(order.expiresAt.getTime()).toBe(booking.holdUntil!.getTime())
    expect(fake.count('POST', '/v3/pay/transactions/jsapi')).toBe(jsapiBefore + 1)
    const call = fake.calls.filter((c) => c.path === '/v3/pay/transactions/jsapi').at(-1)!
    expect(call.signed).toBe(true)
    expect(call.body).toMatchObject({
      appid: fake.appid, mchid: fake.mchid, out_trade_no: order.outTradeNo, notify_url: fake.notifyUrl,
      time_expire: rfc3339(booking.holdUntil!), amount: { total: 3000, currency: 'CNY' }, payer: { openid: `o_payer_${who.id}` },
    })
    expect(Array.from(call.body.description as string).length).toBeLessThanOrEqual(127)

    // Paying again (the page was closed): the same prepay, one order, no second JSAPI call.
    const again = await who.client.post(`/api/v1/bookings/${id}/pay`)
    expect(again.status).toBe(200)
    expect(again.body.data.package).toBe(p.package)
    expect(await srv.deps.db.paymentOrder.count({ where: { bookingId: id } })).toBe(1)
    expect(fake.count('POST', '/v3/pay/transactions/jsapi')).toBe(jsapiBefore + 1)
  })

  it('WeChat Pay unreachable: the booking keeps its seat, /pay answers 503 PAYMENT_UNAVAILABLE, and works once it is back', async () => {
    fake.failNext.push({ status: 500, code: 'SYSTEM_ERROR' })
    const { id, data, who } = await newPaidBooking()
    expect(data).toMatchObject({ status: 'awaiting_payment', requestPayment: null })
    fake.failNext.push('timeout')
    const down = await who.client.post(`/api/v1/bookings/${id}/pay`)
    expect(down.status).toBe(503)
    expect(down.body.error).toMatchObject({ code: 'PAYMENT_UNAVAILABLE', message: expect.stringMatching(/微信支付/) })
    expect((await paymentState(srv, id)).booking).toMatchObject({ status: 'awaiting_payment' })
    const up = await who.client.post(`/api/v1/bookings/${id}/pay`)
    expect(up.status).toBe(200)
    expect(up.body.data.package).toMatch(/^prepay_id=/)
  })

  it('a resident without a WeChat openid is told to pay in the mini-program (422 NO_OPENID)', async () => {
    const who = residents[0]
    const slot = await makeSlot(srv, serviceId, { inMs: 3 * DAY })
    const r = await book(who.client, { slotId: slot.id })
    expect(r.status).toBe(201)
    expect(r.body.data.requestPayment).toBeNull()
    const pay = await who.client.post(`/api/v1/bookings/${r.body.data.id}/pay`)
    expect(pay.status).toBe(422)
    expect(pay.body.error).toMatchObject({ code: 'NO_OPENID', message: '请在微信小程序中支付' })
  })

  it('cancelling a paid booking within the free window refunds it; the detail shows the refund until WeChat Pay reports success', async () => {
    const { id, who } = await newPaidBooking()
    const order = fake.pay((await orderOf(id)).outTradeNo)
    expect((await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))).status).toBe(204)
    expect((await paymentState(srv, id)).booking.status).toBe('confirmed')

    const c = await who.client.post(`/api/v1/bookings/${id}/cancel`, {})
    expect(c.status, JSON.stringify(c.body)).toBe(200)
    expect(c.body.data.refundQueued).toBe(true)
    await eventually(() => refundReceived(id))
    const { refund } = await paymentState(srv, id)
    expect(fake.refunds.get(refund!.outRefundNo)).toMatchObject({ out_trade_no: order.out_trade_no, refund: 3000, total: 3000, status: 'PROCESSING' })
    const shown = await who.client.get(`/api/v1/bookings/${id}`)
    expect(shown.body.data.payment).toMatchObject({ status: 'paid', refund: { status: 'processing', statusLabel: '退款中' } })

    // No REFUND notification came: reconciliation asks after 5 minutes.
    fake.refunds.get(refund!.outRefundNo)!.status = 'SUCCESS'
    srv.clock.advance(6 * 60_000)
    const r = await reconcileRefunds(srv.deps)
    expect(r.refundsChecked).toBeGreaterThanOrEqual(1)
    const done = await paymentState(srv, id)
    expect(done.refund!.status).toBe('success')
    expect(done.order!.status).toBe('refunded')
    expect((await who.client.get(`/api/v1/bookings/${id}`)).body.data.payment).toMatchObject({ status: 'refunded', refund: { status: 'success', statusLabel: '已退款' } })
  })

  it('a refund WeChat Pay answers with 500 goes back to pending, waits its backoff, and is sent again', async () => {
    const { id, who } = await newPaidBooking()
    const order = fake.pay((await orderOf(id)).outTradeNo)
    expect((await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))).status).toBe(204)
    fake.failNext.push({ status: 500, code: 'SYSTEM_ERROR' })
    expect((await who.client.post(`/api/v1/bookings/${id}/cancel`, {})).status).toBe(200)
    await eventually(async () => (await paymentState(srv, id)).refund?.attempts === 1 && (await paymentState(srv, id)).refund?.status === 'pending')
    const failed = (await paymentState(srv, id)).refund!
    expect(failed.lastError).toMatch(/500 SYSTEM_ERROR/)
    expect(fake.refunds.has(failed.outRefundNo)).toBe(false)
    expect(await sendPendingRefunds(srv.deps)).toBe(0)
    srv.clock.advance(31_000)
    expect(await sendPendingRefunds(srv.deps)).toBe(1)
    expect((await paymentState(srv, id)).refund).toMatchObject({ status: 'processing', attempts: 2, lastError: null })
    expect(fake.refunds.get(failed.outRefundNo)).toMatchObject({ refund: 3000 })
  })

  it('five refund senders at once send each pending refund once', async () => {
    const ids: number[] = []
    for (let i = 0; i < 3; i++) {
      const { id } = await newPaidBooking()
      const order = fake.pay((await orderOf(id)).outTradeNo)
      expect((await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))).status).toBe(204)
      ids.push(id)
    }
    const orders = await srv.deps.db.paymentOrder.findMany({ where: { bookingId: { in: ids } } })
    const now = srv.clock.now()
    await srv.deps.db.paymentRefund.createMany({
      data: orders.map((o) => ({ orderId: o.id, outRefundNo: `RFX${o.id}`, amountFen: o.amountFen, reason: '测试', createdAt: now, updatedAt: now })),
    })
    const before = fake.count('POST', '/v3/refund/domestic/refunds')
    const sent = await Promise.all(Array.from({ length: 5 }, () => sendPendingRefunds(srv.deps)))
    expect(sent.reduce((a, b) => a + b, 0)).toBe(3)
    expect(fake.count('POST', '/v3/refund/domestic/refunds')).toBe(before + 3)
    const rows = await srv.deps.db.paymentRefund.findMany({ where: { outRefundNo: { startsWith: 'RFX' } } })
    expect(rows.map((r) => [r.status, r.attempts])).toEqual([['processing', 1], ['processing', 1], ['processing', 1]])
  })

  it('a refund still failing after the last attempt, or refused for good, becomes abnormal (for a person) and is not sent again', async () => {
    const made: { orderId: number; amountFen: number }[] = []
    for (let i = 0; i < 2; i++) {
      const { id } = await newPaidBooking()
      const order = fake.pay((await orderOf(id)).outTradeNo)
      expect((await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))).status).toBe(204)
      const o = await orderOf(id)
      made.push({ orderId: o.id, amountFen: o.amountFen })
    }
    const old = new Date(srv.clock.now().getTime() - DAY)
    await srv.deps.db.paymentRefund.createMany({
      data: [
        { orderId: made[0].orderId, outRefundNo: `RFCAP${made[0].orderId}`, amountFen: made[0].amountFen, reason: '测试', attempts: MAX_REFUND_ATTEMPTS - 1, createdAt: old, updatedAt: old },
        { orderId: made[1].orderId, outRefundNo: `RFBAD${made[1].orderId}`, amountFen: made[1].amountFen, reason: '测试', createdAt: old, updatedAt: old },
      ],
    })
    fake.failNext.push({ status: 500, code: 'SYSTEM_ERROR' }, { status: 403, code: 'USER_ACCOUNT_ABNORMAL' })
    expect(await sendPendingRefunds(srv.deps)).toBe(0)
    const rows = await srv.deps.db.paymentRefund.findMany({ where: { orderId: { in: made.map((m) => m.orderId) } }, orderBy: { id: 'asc' } })
    expect(rows.map((r) => [r.status, r.attempts, r.lastError?.split(' ').slice(0, 2).join(' ')])).toEqual([
      ['abnormal', MAX_REFUND_ATTEMPTS, '500 SYSTEM_ERROR'], ['abnormal', 1, '403 USER_ACCOUNT_ABNORMAL'],
    ])
    srv.clock.advance(DAY)
    expect(await sendPendingRefunds(srv.deps)).toBe(0)
  })

  it('reconciliation settles an order paid at WeChat Pay whose notification never came, and closes unpaid ones there', async () => {
    const paid = await newPaidBooking()
    const paidOrder = fake.pay((await orderOf(paid.id)).outTradeNo)
    const unpaid = await newPaidBooking()
    const unpaidNo = (await orderOf(unpaid.id)).outTradeNo
    const queries = (no: string) => fake.calls.filter((c) => c.method === 'GET' && c.path.startsWith(`/v3/pay/transactions/out-trade-no/${no}`)).length
    // Before the hold ends, reconciliation leaves both alone (the notification may still come).
    await reconcileOrders(srv.deps)
    expect([queries(paidOrder.out_trade_no), queries(unpaidNo)]).toEqual([0, 0])

    srv.clock.advance((srv.config.booking.holdMinutes + 1) * 60_000)
    const r = await reconcilePayments(srv.deps)
    expect(r).toMatchObject({ settled: 1, failed: 0 })
    expect([queries(paidOrder.out_trade_no), queries(unpaidNo)]).toEqual([1, 1])
    expect(await paymentState(srv, paid.id)).toMatchObject({ booking: { status: 'confirmed' }, order: { status: 'paid', transactionId: paidOrder.transaction_id } })
    expect(fake.orders.get(unpaidNo)!.trade_state).toBe('CLOSED')
    expect((await orderOf(unpaid.id)).status).toBe('closed')
    await expireHolds(srv.deps)
    expect((await paymentState(srv, unpaid.id)).booking).toMatchObject({ status: 'expired', seatSlotId: null })
    // A second run asks about neither again.
    await reconcileOrders(srv.deps)
    expect([queries(paidOrder.out_trade_no), queries(unpaidNo)]).toEqual([1, 1])
  })

  it('a payment racing a cancellation is found by reconciliation and refunded', async () => {
    const { id, who } = await newPaidBooking()
    const no = (await orderOf(id)).outTradeNo
    expect((await who.client.post(`/api/v1/bookings/${id}/cancel`, {})).status).toBe(200)
    expect((await orderOf(id)).status).toBe('closed')
    fake.pay(no) // paid in WeChat while the cancel went through
    const r = await reconcileOrders(srv.deps)
    expect(r).toMatchObject({ settled: 1 })
    await eventually(() => refundReceived(id))
    const s = await paymentState(srv, id)
    expect(s.booking.status).toBe('cancelled')
    expect(s.order!.status).toBe('paid')
    expect(fake.refunds.get(s.refund!.outRefundNo)).toMatchObject({ out_trade_no: no, reason: '预约已失效，自动退款' })
  })

  it('a refund claimed but never received by WeChat Pay is sent again by reconciliation', async () => {
    const { id } = await newPaidBooking()
    const order = fake.pay((await orderOf(id)).outTradeNo)
    expect((await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))).status).toBe(204)
    const o = await orderOf(id)
    const now = srv.clock.now()
    // As if a process claimed it (processing) and died before the call.
    await srv.deps.db.paymentRefund.create({ data: { orderId: o.id, outRefundNo: `RFLOST${o.id}`, amountFen: 3000, reason: '测试', status: 'processing', attempts: 1, createdAt: now, updatedAt: now } })
    srv.clock.advance(6 * 60_000)
    const r = await reconcileRefunds(srv.deps)
    expect(r.refundsResent).toBe(1)
    expect(fake.refunds.get(`RFLOST${o.id}`)).toMatchObject({ refund: 3000 })
    expect((await paymentState(srv, id)).refund).toMatchObject({ status: 'processing', attempts: 2 })
  })
})

describe('without WeChat Pay configured', () => {
  let srv: TestServer
  beforeAll(async () => {
    srv = await startTestServer()
  })
  afterAll(async () => srv?.close())

  it('paid services cannot be booked (the reason says so); free ones can; the notify route answers 404 FAIL', async () => {
    expect(paymentsAvailable(srv.config)).toBe(false)
    const [qs] = srv.demo!.communityIds
    const paid = await makeService(srv, qs, { feeFen: 500 })
    const free = await makeService(srv, qs)
    const [who] = await residentsOf(srv, qs, 1, 'nopay')
    await giveOpenid(srv.deps.db, 'nopay0')
    const refused = await book(who.client, { slotId: (await makeSlot(srv, paid.id)).id })
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toBe('暂不支持在线支付，请到窗口办理')
    expect(await srv.deps.db.booking.count({ where: { serviceId: paid.id } })).toBe(0)
    expect((await book(who.client, { slotId: (await makeSlot(srv, free.id)).id })).status).toBe(201)
    const n = await fetch(`${srv.baseUrl}/api/v1/payments/wechat/notify`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })
    expect(n.status).toBe(404)
    expect(await n.json()).toMatchObject({ code: 'FAIL', message: expect.any(String), error: { code: 'NOT_CONFIGURED' }, requestId: expect.any(String) })
  })
})
