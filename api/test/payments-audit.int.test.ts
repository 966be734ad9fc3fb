import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expireHolds } from '../src/jobs/bookingJobs.ts'
import { reconcileOrders } from '../src/jobs/paymentJobs.ts'
import { book, DAY, makeSlot } from './support/bookings.ts'
import type { Client } from './support/client.ts'
import { deliver, FakeWechatPay } from './support/fakeWechatPay.ts'
import { eventually, paymentState, startPaymentWorld } from './support/payments.ts'
import type { TestServer } from './support/server.ts'

describe('payments: every state change of an order leaves exactly one audit row', () => {
  let srv: TestServer
  const fake = new FakeWechatPay(() => (srv ? srv.clock.now() : new Date()))
  let residents: { id: number; client: Client }[]
  let serviceId: number
  let next = 0

  beforeAll(async () => {
    await fake.start()
    ;({ srv, serviceId, residents } = await startPaymentWorld(fake, { service: '上门维修（审计）测试', feeFen: 2500, residents: 6, prefix: 'audited', openidFrom: 0 }))
  })
  afterAll(async () => {
    await srv?.close()
    await fake.stop()
  })

  async function newPaidBooking() {
    const who = residents[next++ % residents.length]
    const slot = await makeSlot(srv, serviceId, { inMs: 3 * DAY, capacity: 5 })
    const r = await book(who.client, { slotId: slot.id })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const order = await srv.deps.db.paymentOrder.findUniqueOrThrow({ where: { bookingId: r.body.data.id } })
    return { who, id: r.body.data.id as number, order }
  }
  const trail = (orderId: number) => srv.deps.db.auditLog.findMany({ where: { resourceType: 'payment_order', resourceId: String(orderId) }, orderBy: { id: 'asc' } })
  const actions = async (orderId: number) => (await trail(orderId)).map((a) => a.action)

  it('created (by the resident), paid (notification), refunded (REFUND.SUCCESS): one row each; paying again, replays and duplicates add none', async () => {
    const { who, id, order } = await newPaidBooking()
    const [created] = await trail(order.id)
    expect(created).toMatchObject({ action: 'payment.created', actorId: who.id, result: 'success', details: { bookingId: id, outTradeNo: order.outTradeNo, amountFen: 2500 } })
    expect(JSON.stringify(created.details)).not.toContain('o_audited')
    expect((await who.client.post(`/api/v1/bookings/${id}/pay`)).status).toBe(200)
    expect(await actions(order.id)).toEqual(['payment.created'])

    const paidAt = fake.pay(order.outTradeNo)
    const n = fake.notification(fake.transaction(paidAt))
    expect((await deliver(srv.baseUrl, n)).status).toBe(204)
    expect((await deliver(srv.baseUrl, n)).status).toBe(204) // replay
    expect((await deliver(srv.baseUrl, fake.notification(fake.transaction(paidAt)))).status).toBe(204) // duplicate
    const paid = (await trail(order.id)).filter((a) => a.action === 'payment.paid')
    expect(paid).toHaveLength(1)
    expect(paid[0]).toMatchObject({ actorId: null, details: { bookingId: id, transactionId: paidAt.transaction_id, from: 'created', refundQueued: false } })
    expect(paid[0].requestId).toBeTruthy()
    expect(paid[0].requestId).not.toMatch(/^job:/)

    expect((await who.client.post(`/api/v1/bookings/${id}/cancel`, {})).status).toBe(200)
    await eventually(async () => (await paymentState(srv, id)).refund?.status === 'processing')
    expect(await actions(order.id)).toEqual(['payment.created', 'payment.paid'])
    const { refund } = await paymentState(srv, id)
    const sent = fake.refunds.get(refund!.outRefundNo)!
    sent.status = 'SUCCESS'
    const note = () => fake.notification({ mchid: fake.mchid, ...fake.refundView(sent), refund_status: 'SUCCESS' }, { eventType: 'REFUND.SUCCESS' })
    expect((await Promise.all([deliver(srv.baseUrl, note()), deliver(srv.baseUrl, note())])).map((r) => r.status)).toEqual([204, 204])
    expect((await paymentState(srv, id)).order!.status).toBe('refunded')
    expect(await actions(order.id)).toEqual(['payment.created', 'payment.paid', 'payment.refunded'])
    expect((await trail(order.id))[2]).toMatchObject({ details: { bookingId: id, outRefundNo: refund!.outRefundNo, amountFen: 2500 } })
  })

  it('closed: by a cancelled unpaid booking, or by reconciliation at WeChat Pay; a payment found by two reconciliations at once is audited once', async () => {
    const cancelled = await newPaidBooking()
    expect((await cancelled.who.client.post(`/api/v1/bookings/${cancelled.id}/cancel`, {})).status).toBe(200)
    const [, closedRow] = await trail(cancelled.order.id)
    expect(closedRow).toMatchObject({ action: 'payment.closed', details: { bookingId: cancelled.id, reason: 'booking_ended' } })
    expect(await actions(cancelled.order.id)).toEqual(['payment.created', 'payment.closed'])

    const unpaid = await newPaidBooking()
    const paidLate = await newPaidBooking()
    fake.pay(paidLate.order.outTradeNo)
    srv.clock.advance((srv.config.booking.holdMinutes + 1) * 60_000)
    try {
      await Promise.all([reconcileOrders(srv.deps), reconcileOrders(srv.deps)])
      await expireHolds(srv.deps)
      await reconcileOrders(srv.deps)
    } finally {
      srv.clock.advance(-(srv.config.booking.holdMinutes + 1) * 60_000)
    }
    expect((await paymentState(srv, unpaid.id)).order!.status).toBe('closed')
    expect(await actions(unpaid.order.id)).toEqual(['payment.created', 'payment.closed'])
    expect((await trail(unpaid.order.id))[1]).toMatchObject({ requestId: 'job:payment-reconcile', details: { outTradeNo: unpaid.order.outTradeNo, reason: 'unpaid NOTPAY' } })
    expect(await actions(paidLate.order.id)).toEqual(['payment.created', 'payment.paid'])
    expect((await trail(paidLate.order.id))[1]).toMatchObject({ requestId: 'job:payment-reconcile' })
    // The cancelled one was asked about too (closed at WeChat Pay), and nothing more was written for it.
    expect(await actions(cancelled.order.id)).toEqual(['payment.created', 'payment.closed'])
  })
})
