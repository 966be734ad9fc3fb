import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { fieldsOf } from './support/client.ts'
import { book, residentsOf, seatCounts } from './support/bookings.ts'
import { deliver, FakeWechatPay, wechatPayEnv } from './support/fakeWechatPay.ts'
import { useFixture } from './support/fixture.ts'
import { eventually, paymentState } from './support/payments.ts'
import { plus, serviceFixture, startServiceWorld } from './support/services.ts'

/** Closing a slot: its bookings cancelled, seats freed, residents told, paid ones refunded; racing a resident's cancel. */
describe('closing a service slot', () => {
  // WeChat Pay is configured (a fake on 127.0.0.1), so closing a slot can refund a paid booking.
  let clock: (() => Date) | undefined
  const fake = new FakeWechatPay(() => (clock ? clock() : new Date()))
  const w = useFixture(async () => {
    await fake.start()
    const world = await startServiceWorld({ env: wechatPayEnv(fake) })
    clock = world.srv.clock.now
    return world
  })
  afterAll(async () => fake.stop())
  const as = (user: string) => w.srv.as(user)
  const { newService, slotAt, slotsOf } = serviceFixture(() => w.committee1, () => w.qs)

  describe('closing a slot', () => {
    let serviceId: number
    let slotId: number
    let bookingIds: number[]
    beforeAll(async () => {
      serviceId = await newService()
      slotId = await slotAt(serviceId, w.tomorrow, '16:00', '16:30', 3)
      bookingIds = []
      for (const user of ['resident2', 'resident3']) {
        const r = await book(await as(user), { slotId })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
        bookingIds.push(r.body.data.id ?? r.body.data.booking.id)
      }
    })

    it('403 for others, 400 naming the reason', async () => {
      for (const user of ['resident2', 'committeeB', 'grid1']) expect((await (await as(user)).post(`/api/v1/service-slots/${slotId}/close`, { reason: '窗口设备检修' })).status, user).toBe(403)
      const r = await w.committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '修' })
      expect([r.status, fieldsOf(r)]).toEqual([400, ['reason']])
      expect((await w.srv.deps.db.serviceSlot.findUniqueOrThrow({ where: { id: slotId } })).status).toBe('open')
    })

    it('cancels the bookings holding a seat, frees the seats and tells the residents', async () => {
      const r = await w.committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '窗口设备检修' })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.data).toMatchObject({ id: slotId, status: 'closed', booked: 0, remaining: 3, bookable: false })
      const rows = await w.srv.deps.db.booking.findMany({ where: { id: { in: bookingIds } } })
      expect(rows.map((b) => [b.status, b.cancelledBy, b.cancelReason, b.seatSlotId])).toEqual([
        ['cancelled', 'staff', '窗口设备检修', null], ['cancelled', 'staff', '窗口设备检修', null],
      ])
      const [seats] = await seatCounts(w.srv, [slotId])
      expect([seats.booked, seats.rows]).toEqual([0, 0])
      for (const user of ['resident2', 'resident3']) {
        const told = await w.srv.deps.db.message.findMany({ where: { userId: w.srv.demo!.residentIds[user], body: { contains: '窗口设备检修' } } })
        expect(told, user).toHaveLength(1)
      }
      const a = await w.srv.deps.db.auditLog.findFirst({ where: { action: 'slot.close', resourceId: String(slotId) } })
      expect(a?.details).toMatchObject({ reason: '窗口设备检修', releasedBookings: 2 })
    })

    it('a closed slot is not listed for residents, cannot be booked, closed again or resized', async () => {
      expect((await slotsOf(await as('resident1'), serviceId)).map((s) => s.id)).not.toContain(slotId)
      expect((await slotsOf(w.committee1, serviceId)).find((s) => s.id === slotId)).toMatchObject({ status: 'closed' })
      const b = await book(await as('resident4'), { slotId })
      expect(b.status).toBeGreaterThanOrEqual(400)
      expect(b.status).toBeLessThan(500)
      const again = await w.committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '再次关闭' })
      expect([again.status, again.body.error.code]).toEqual([409, 'SLOT_CLOSED'])
      const resize = await w.committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 5 })
      expect([resize.status, resize.body.error.code]).toEqual([409, 'SLOT_CLOSED'])
    })

    it('two closes at once: one closes, one 409, each booking cancelled once', async () => {
      const s2 = await slotAt(serviceId, w.tomorrow, '17:00', '17:30', 3)
      expect((await book(await as('resident5'), { slotId: s2 })).status).toBe(201)
      const rs = await Promise.all([1, 2].map(() => w.committee1.post(`/api/v1/service-slots/${s2}/close`, { reason: '临时停电' })))
      expect(rs.map((r) => r.status).sort()).toEqual([200, 409])
      expect(await w.srv.deps.db.message.count({ where: { userId: w.srv.demo!.residentIds.resident5, body: { contains: '临时停电' } } })).toBe(1)
    })
  })

  describe('closing a slot while a resident cancels', () => {
    it('neither fails: the booking ends cancelled once (by whoever came first), the counter equals the seats held', async () => {
      const serviceId = await newService()
      const people = await residentsOf(w.srv, w.qs, 4, 'closeRace')
      for (let i = 0; i < 5; i++) {
        const slotId = await slotAt(serviceId, plus(w.tomorrow, 1), `1${i}:00`, `1${i}:30`, 4)
        const ids = await Promise.all(people.map(async (p) => (await book(p.client, { slotId })).body.data.id as number))
        // The resident of the i-th booking cancels as the slot is closed (bookings, then the slot: the same lock order).
        const k = i % people.length
        const [close, cancel] = await Promise.all([
          w.committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '临时停电' }),
          people[k].client.post(`/api/v1/bookings/${ids[k]}/cancel`, {}),
        ])
        expect(close.status, JSON.stringify(close.body)).toBe(200)
        expect(cancel.status, JSON.stringify(cancel.body)).toBeLessThan(500)
        const rows = await w.srv.deps.db.booking.findMany({ where: { id: { in: ids } } })
        expect(rows.every((b) => b.status === 'cancelled' && b.seatSlotId === null)).toBe(true)
        expect(rows.find((b) => b.id === ids[k])!.cancelledBy).toBe(cancel.status === 200 ? 'resident' : 'staff')
        const [seats] = await seatCounts(w.srv, [slotId])
        expect([seats.booked, seats.rows]).toEqual([0, 0])
      }
    })
  })

  describe('closing a slot of a paid service', () => {
    it('refunds the paid booking through WeChat Pay, closes the unpaid order, and tells both residents', async () => {
      const serviceId = await newService({ feeFen: 3000, homeService: false })
      const slotId = await slotAt(serviceId, w.tomorrow, '18:00', '19:00', 3)
      const [payer, holder] = await residentsOf(w.srv, w.qs, 2, 'paidClose')
      for (const p of [payer, holder]) await w.srv.deps.db.user.update({ where: { id: p.id }, data: { openid: `o_close_${p.id}` } })
      const [paid, unpaid] = await Promise.all([payer, holder].map(async (p) => {
        const r = await book(p.client, { slotId })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
        expect(r.body.data).toMatchObject({ status: 'awaiting_payment' })
        return r.body.data.id as number
      }))
      const order = fake.pay((await w.srv.deps.db.paymentOrder.findUniqueOrThrow({ where: { bookingId: paid } })).outTradeNo)
      expect((await deliver(w.srv.baseUrl, fake.notification(fake.transaction(order)))).status).toBe(204)
      expect((await paymentState(w.srv, paid)).booking.status).toBe('confirmed')

      const r = await w.committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '维修师傅临时有事' })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.data).toMatchObject({ status: 'closed', booked: 0 })
      await eventually(async () => (await paymentState(w.srv, paid)).refund?.status === 'processing')
      const p = await paymentState(w.srv, paid)
      expect([p.booking.status, p.booking.seatSlotId, p.order!.status]).toEqual(['cancelled', null, 'paid'])
      expect(fake.refunds.get(p.refund!.outRefundNo)).toMatchObject({ out_trade_no: order.out_trade_no, refund: 3000, total: 3000 })
      const u = await paymentState(w.srv, unpaid)
      expect([u.booking.status, u.order!.status, u.refund]).toEqual(['cancelled', 'closed', null])
      const told = async (userId: number) => (await w.srv.deps.db.message.findMany({ where: { userId, body: { contains: '维修师傅临时有事' } } })).map((m) => m.body)
      expect(await told(payer.id)).toEqual([expect.stringContaining('原路退回')])
      expect(await told(holder.id)).toEqual([expect.stringContaining('无需再支付')])
    })
  })
})
