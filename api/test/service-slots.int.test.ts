import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clearCalendarCache } from '../src/core/calendar.ts'
import type { Client } from './support/client.ts'
import { fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { book, residentsOf, seatCounts } from './support/bookings.ts'
import { deliver, FakeWechatPay, wechatPayEnv } from './support/fakeWechatPay.ts'
import { eventually, paymentState } from './support/payments.ts'
import { startTestServer, type TestServer } from './support/server.ts'

const HOUR = 3600_000
const DAY = 86_400_000
/** The Shanghai day of an instant, and `n` days after a day. */
const dayOf = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10)
const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10)
/** A Shanghai wall-clock time as an ISO instant with its offset. */
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`

/** Slots of a service: publishing, patterns over the working calendar, listing, capacity and closing. */
describe('service slots', () => {
  let srv: TestServer
  let committee1: Client
  let qs: number
  let tomorrow: string
  // WeChat Pay is configured (a fake on 127.0.0.1), so closing a slot can refund a paid booking.
  const fake = new FakeWechatPay(() => (srv ? srv.clock.now() : new Date()))
  const as = (user: string) => srv.as(user)
  const newService = async (extra: Record<string, unknown> = {}) => {
    const r = await committee1.post('/api/v1/services', { communityId: qs, name: `时段测试${Math.random().toString(36).slice(2, 8)}`, department: '社区服务中心 5号窗口', ...extra })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.data.id as number
  }
  const slotAt = async (serviceId: number, day: string, start: string, end: string, capacity = 3) => {
    const r = await committee1.post(`/api/v1/services/${serviceId}/slots`, { startsAt: at(day, start), endsAt: at(day, end), capacity })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.data.id as number
  }
  const slotsOf = async (who: Client, serviceId: number, q = '') => {
    const r = await who.get(`/api/v1/services/${serviceId}/slots${q}`)
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.data as { id: number; startsAt: string; day: string; status: string; capacity: number; booked: number; remaining: number; bookable: boolean }[]
  }

  beforeAll(async () => {
    await fake.start()
    srv = await startTestServer({ env: wechatPayEnv(fake) })
    qs = srv.demo!.communityIds[0]
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: srv.demo!.communityIds[1] })
    committee1 = await as('committee1')
    tomorrow = plus(dayOf(srv.clock.now()), 1)
  })
  afterAll(async () => {
    await srv?.close()
    await fake.stop()
  })

  describe('publishing one slot', () => {
    let serviceId: number
    beforeAll(async () => {
      serviceId = await newService()
    })

    it('201 with the slot view, and an audit row', async () => {
      const r = await committee1.post(`/api/v1/services/${serviceId}/slots`, { startsAt: at(tomorrow, '10:00'), endsAt: at(tomorrow, '10:30'), capacity: 3 })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.data).toMatchObject({
        serviceId, startsAt: new Date(at(tomorrow, '10:00')).toISOString(), endsAt: new Date(at(tomorrow, '10:30')).toISOString(),
        day: tomorrow, capacity: 3, booked: 0, remaining: 3, status: 'open', bookable: true,
      })
      expect(await srv.deps.db.auditLog.count({ where: { action: 'slot.create', resourceId: String(r.body.data.id) } })).toBe(1)
    })

    it('a second slot at the same start is a 409, even when sent five times at once', async () => {
      const rs = await Promise.all(Array.from({ length: 5 }, () =>
        committee1.post(`/api/v1/services/${serviceId}/slots`, { startsAt: at(tomorrow, '11:00'), endsAt: at(tomorrow, '11:30'), capacity: 3 })))
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409])
      expect(rs.find((r) => r.status === 409)!.body.error.code).toBe('SLOT_EXISTS')
      expect(await srv.deps.db.serviceSlot.count({ where: { serviceId, startsAt: new Date(at(tomorrow, '11:00')) } })).toBe(1)
    })

    const bad: [string, () => Record<string, unknown>, string][] = [
      ['ends when it starts', () => ({ startsAt: at(tomorrow, '12:00'), endsAt: at(tomorrow, '12:00'), capacity: 3 }), 'endsAt'],
      ['ends before it starts', () => ({ startsAt: at(tomorrow, '12:00'), endsAt: at(tomorrow, '11:59'), capacity: 3 }), 'endsAt'],
      ['lasts more than a day', () => ({ startsAt: at(tomorrow, '12:00'), endsAt: at(plus(tomorrow, 1), '12:01'), capacity: 3 }), 'endsAt'],
      ['already begun', () => ({ startsAt: new Date(srv.clock.now().getTime() - 60_000).toISOString(), endsAt: at(tomorrow, '12:00'), capacity: 3 }), 'startsAt'],
      ['more than a year ahead', () => ({ startsAt: at(plus(tomorrow, 400), '09:00'), endsAt: at(plus(tomorrow, 400), '10:00'), capacity: 3 }), 'startsAt'],
      ['a time without its offset', () => ({ startsAt: `${tomorrow}T12:00:00`, endsAt: at(tomorrow, '13:00'), capacity: 3 }), 'startsAt'],
      ['no places', () => ({ startsAt: at(tomorrow, '12:00'), endsAt: at(tomorrow, '13:00'), capacity: 0 }), 'capacity'],
      ['1001 places', () => ({ startsAt: at(tomorrow, '12:00'), endsAt: at(tomorrow, '13:00'), capacity: 1001 }), 'capacity'],
      ['an unknown field', () => ({ startsAt: at(tomorrow, '12:00'), endsAt: at(tomorrow, '13:00'), capacity: 3, booked: 2 }), 'booked'],
    ]
    for (const [name, make, field] of bad) {
      it(`400 naming ${field}: ${name}`, async () => {
        const before = await srv.deps.db.serviceSlot.count()
        const r = await committee1.post(`/api/v1/services/${serviceId}/slots`, make())
        expect([r.status, fieldsOf(r)]).toEqual([400, [field]])
        expect(await srv.deps.db.serviceSlot.count()).toBe(before)
      })
    }

    it('403 for residents and the committee of another community, 404 for a service that does not exist', async () => {
      const b = { startsAt: at(tomorrow, '15:00'), endsAt: at(tomorrow, '16:00'), capacity: 3 }
      for (const user of ['resident1', 'committeeB', 'grid1']) expect((await (await as(user)).post(`/api/v1/services/${serviceId}/slots`, b)).status, user).toBe(403)
      expect((await committee1.post('/api/v1/services/99999999/slots', b)).status).toBe(404)
    })
  })

  describe('a weekly pattern over the working calendar', () => {
    let serviceId: number
    let monday: string
    const pattern = (extra: Record<string, unknown> = {}) => ({
      from: plus(monday, -7), to: plus(monday, 6), weekdays: [1, 2, 3, 4, 5], times: [{ start: '09:00', end: '10:00' }, { start: '10:00', end: '10:30' }], capacity: 5, ...extra,
    })
    const post = (b: Record<string, unknown>, user?: Client) => (user ?? committee1).post(`/api/v1/services/${serviceId}/slot-patterns`, b)

    beforeAll(async () => {
      serviceId = await newService()
      // A holiday week (Mon–Fri) three weeks or more ahead, with the Saturday after it a 调休 working day.
      let day = plus(dayOf(srv.clock.now()), 21)
      while (new Date(`${day}T00:00:00Z`).getUTCDay() !== 1) day = plus(day, 1)
      monday = day
      const { db } = srv.deps
      await db.calendarDay.deleteMany({ where: { day: { gte: new Date(`${plus(monday, -7)}T00:00:00Z`), lte: new Date(`${plus(monday, 13)}T00:00:00Z`) } } })
      await db.calendarDay.createMany({
        data: [
          ...[0, 1, 2, 3, 4].map((i) => ({ day: new Date(`${plus(monday, i)}T00:00:00Z`), kind: 'holiday' as const, name: '测试假期' })),
          { day: new Date(`${plus(monday, 5)}T00:00:00Z`), kind: 'workday' as const, name: '测试调休上班' },
        ],
      })
      clearCalendarCache(srv.deps)
    })

    it('skips the holidays, gives the 调休 Saturday slots, and says which days it skipped', async () => {
      const r = await post(pattern())
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.data).toEqual({ created: 12, existing: 0, skippedDays: [0, 1, 2, 3, 4].map((i) => plus(monday, i)) })
      const rows = await srv.deps.db.serviceSlot.findMany({ where: { serviceId }, orderBy: { startsAt: 'asc' } })
      const days = [-7, -6, -5, -4, -3, 5].map((i) => plus(monday, i))
      expect(rows.map((s) => s.startsAt.toISOString())).toEqual(days.flatMap((d) => [at(d, '09:00'), at(d, '10:00')]).map((t) => new Date(t).toISOString()))
      expect(rows.every((s) => s.capacity === 5 && s.booked === 0 && s.status === 'open')).toBe(true)
      expect(rows[1].endsAt.toISOString()).toBe(new Date(at(plus(monday, -7), '10:30')).toISOString())
      const a = await srv.deps.db.auditLog.findFirst({ where: { action: 'slot.pattern', resourceId: String(serviceId) } })
      expect(a?.details).toMatchObject({ created: 12, existing: 0 })
    })

    it('run again it creates nothing and leaves the slots as they were', async () => {
      await srv.deps.db.serviceSlot.updateMany({ where: { serviceId }, data: { capacity: 7 } })
      const r = await post(pattern({ capacity: 9 }))
      expect(r.body.data).toMatchObject({ created: 0, existing: 12 })
      expect(await srv.deps.db.serviceSlot.count({ where: { serviceId, capacity: 7 } })).toBe(12)
    })

    it('five identical wider patterns at once create each new slot exactly once', async () => {
      const rs = await Promise.all(Array.from({ length: 5 }, () => post(pattern({ to: plus(monday, 13) }))))
      expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
      expect(rs.reduce((n, r) => n + r.body.data.created, 0)).toBe(10)
      expect(rs.every((r) => r.body.data.created + r.body.data.existing === 22)).toBe(true)
      expect(await srv.deps.db.serviceSlot.count({ where: { serviceId } })).toBe(22)
    })

    it('without workingDaysOnly the holidays get slots too', async () => {
      const other = await newService()
      const r = await committee1.post(`/api/v1/services/${other}/slot-patterns`, pattern({ from: monday, to: plus(monday, 6), workingDaysOnly: false, times: [{ start: '14:00', end: '15:00' }] }))
      expect(r.body.data).toEqual({ created: 5, existing: 0, skippedDays: [] })
    })

    const bad: [string, () => Record<string, unknown>, string][] = [
      ['to before from', () => pattern({ from: plus(monday, 1), to: monday }), 'to'],
      ['93 days', () => pattern({ to: plus(monday, 85) }), 'to'],
      ['a day that does not exist', () => pattern({ from: '2027-02-29' }), 'from'],
      ['a malformed day', () => pattern({ to: '2027/10/01' }), 'to'],
      ['a time ending before it starts', () => pattern({ times: [{ start: '10:00', end: '09:00' }] }), 'times.0.end'],
      ['overlapping times', () => pattern({ times: [{ start: '09:00', end: '10:00' }, { start: '09:30', end: '10:30' }] }), 'times'],
      ['a time like 24:00', () => pattern({ times: [{ start: '23:00', end: '24:00' }] }), 'times.0.end'],
      ['no weekday', () => pattern({ weekdays: [] }), 'weekdays'],
      ['weekday 8', () => pattern({ weekdays: [8] }), 'weekdays.0'],
      ['no time', () => pattern({ times: [] }), 'times'],
      ['no places', () => pattern({ capacity: 0 }), 'capacity'],
    ]
    for (const [name, make, field] of bad) {
      it(`400 naming ${field}: ${name}`, async () => {
        const before = await srv.deps.db.serviceSlot.count()
        const r = await post(make())
        expect([r.status, fieldsOf(r)]).toEqual([400, [field]])
        expect(await srv.deps.db.serviceSlot.count()).toBe(before)
      })
    }

    it('403 for residents and other communities; nothing created', async () => {
      const before = await srv.deps.db.serviceSlot.count()
      for (const user of ['resident1', 'committeeB', 'street1']) expect((await post(pattern({ to: plus(monday, 20) }), await as(user))).status, user).toBe(403)
      expect(await srv.deps.db.serviceSlot.count()).toBe(before)
    })
  })

  describe('listing slots', () => {
    let serviceId: number
    const ids: Record<string, number> = {}
    beforeAll(async () => {
      serviceId = await newService({ bookAheadDays: 2, minNoticeMinutes: 120 })
      const now = srv.clock.now()
      const { db } = srv.deps
      const slot = (startsAt: Date, extra: Record<string, unknown> = {}) =>
        db.serviceSlot.create({ data: { serviceId, startsAt, endsAt: new Date(startsAt.getTime() + HOUR / 2), capacity: 4, ...extra } }).then((s) => s.id)
      ids.past = await slot(new Date(now.getTime() - 3 * HOUR))
      ids.soon = await slot(new Date(now.getTime() + HOUR))
      ids.tomorrow = await slot(new Date(at(tomorrow, '10:00')))
      ids.full = await slot(new Date(at(tomorrow, '10:30')), { capacity: 1, booked: 1 })
      ids.closed = await slot(new Date(at(tomorrow, '11:00')), { status: 'closed', closedReason: '检修', closedAt: now })
      ids.later = await slot(new Date(at(plus(tomorrow, 4), '10:00')))
    })

    it('a resident sees the open slots not yet begun, today to the end of the booking window, with what can be booked', async () => {
      const slots = await slotsOf(await as('resident1'), serviceId)
      expect(slots.map((s) => s.id)).toEqual([ids.soon, ids.tomorrow, ids.full])
      expect(slots.map((s) => [s.remaining, s.bookable])).toEqual([[4, false], [4, true], [0, false]])
      expect(slots[1]).toMatchObject({ day: tomorrow, capacity: 4, booked: 0, status: 'open' })
      // Beyond the booking window: listed when asked for, never bookable.
      const later = await slotsOf(await as('resident1'), serviceId, `?from=${plus(tomorrow, 4)}&to=${plus(tomorrow, 4)}`)
      expect(later.map((s) => [s.id, s.bookable])).toEqual([[ids.later, false]])
    })

    it('the managers see every slot of the range, closed and past ones too', async () => {
      const slots = await slotsOf(committee1, serviceId, `?from=${plus(tomorrow, -2)}&to=${plus(tomorrow, 4)}`)
      expect(slots.map((s) => s.id)).toEqual([ids.past, ids.soon, ids.tomorrow, ids.full, ids.closed, ids.later])
      expect(slots.find((s) => s.id === ids.closed)).toMatchObject({ status: 'closed', bookable: false })
    })

    it('remaining counts follow bookings', async () => {
      const r = await book(await as('resident2'), { slotId: ids.tomorrow })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect((await slotsOf(await as('resident1'), serviceId)).find((s) => s.id === ids.tomorrow)).toMatchObject({ booked: 1, remaining: 3, bookable: true })
    })

    it('bad ranges are a 400 naming the field', async () => {
      const today = dayOf(srv.clock.now())
      const r1 = await as('resident1')
      for (const [q, field] of [
        [`from=${today}&to=${plus(today, 93)}`, 'to'], [`from=${today}&to=${plus(today, -1)}`, 'to'], ['from=2027-02-30', 'from'],
        ['from=abc', 'from'], ['to=2027-1-1', 'to'], ['limit=5', 'limit'],
      ]) {
        const r = await r1.get(`/api/v1/services/${serviceId}/slots?${q}`)
        expect([r.status, fieldsOf(r)], q).toEqual([400, [field]])
      }
      expect((await r1.get(`/api/v1/services/${serviceId}/slots?from=${today}&to=${plus(today, 92)}`)).status).toBe(200)
    })

    it('an inactive service has no slots for residents (404), only for its managers', async () => {
      const hidden = await newService()
      await slotAt(hidden, tomorrow, '09:00', '09:30')
      await committee1.request('PATCH', `/api/v1/services/${hidden}`, { version: 0, active: false })
      expect((await (await as('resident1')).get(`/api/v1/services/${hidden}/slots`)).status).toBe(404)
      expect((await (await as('committeeB')).get(`/api/v1/services/${hidden}/slots`)).status).toBe(404)
      expect((await slotsOf(committee1, hidden)).map((s) => [s.status, s.bookable])).toEqual([['open', false]])
    })
  })

  describe('changing the capacity', () => {
    let serviceId: number
    let slotId: number
    beforeAll(async () => {
      serviceId = await newService()
      slotId = await slotAt(serviceId, tomorrow, '14:00', '14:30', 3)
      for (const user of ['resident2', 'resident3']) expect((await book(await as(user), { slotId })).status, user).toBe(201)
    })

    it('below the places booked is a 409 naming capacity, and nothing changes', async () => {
      const r = await committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 1 })
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([409, 'CAPACITY_BELOW_BOOKED', '已有2人预约，名额不能少于2'])
      expect(r.body.error.details).toMatchObject({ booked: 2, fields: [{ field: 'capacity' }] })
      expect((await srv.deps.db.serviceSlot.findUniqueOrThrow({ where: { id: slotId } })).capacity).toBe(3)
    })

    it('down to the places booked, or up, is fine and audited', async () => {
      const down = await committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 2 })
      expect(down.body.data).toMatchObject({ id: slotId, capacity: 2, booked: 2, remaining: 0, bookable: false })
      const up = await committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 6 })
      expect(up.body.data).toMatchObject({ capacity: 6, remaining: 4, bookable: true })
      expect(await srv.deps.db.auditLog.count({ where: { action: 'slot.capacity', resourceId: String(slotId) } })).toBe(2)
    })

    it('403 for others, 404 for a slot that does not exist, 400 naming capacity', async () => {
      for (const user of ['resident2', 'committeeB', 'leader1']) expect((await (await as(user)).request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 9 })).status, user).toBe(403)
      expect((await committee1.request('PATCH', '/api/v1/service-slots/99999999', { capacity: 9 })).status).toBe(404)
      const r = await committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 0 })
      expect([r.status, fieldsOf(r)]).toEqual([400, ['capacity']])
    })

    it('a shrink racing a burst of bookings never leaves more bookings than places', async () => {
      const race = await slotAt(serviceId, tomorrow, '15:00', '15:30', 10)
      const people = await residentsOf(srv, qs, 8, 'capRace')
      const [shrink, ...booked] = await Promise.all([
        committee1.request('PATCH', `/api/v1/service-slots/${race}`, { capacity: 4 }),
        ...people.map((p) => book(p.client, { slotId: race })),
      ])
      expect([200, 409]).toContain(shrink.status)
      const [seats] = await seatCounts(srv, [race])
      expect(seats.booked).toBe(seats.rows)
      expect(seats.booked).toBeLessThanOrEqual(seats.capacity)
      expect(booked.filter((r) => r.status === 201).length).toBe(seats.rows)
      expect(seats.capacity).toBe(shrink.status === 200 ? 4 : 10)
    })
  })

  describe('closing a slot', () => {
    let serviceId: number
    let slotId: number
    let bookingIds: number[]
    beforeAll(async () => {
      serviceId = await newService()
      slotId = await slotAt(serviceId, tomorrow, '16:00', '16:30', 3)
      bookingIds = []
      for (const user of ['resident2', 'resident3']) {
        const r = await book(await as(user), { slotId })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
        bookingIds.push(r.body.data.id ?? r.body.data.booking.id)
      }
    })

    it('403 for others, 400 naming the reason', async () => {
      for (const user of ['resident2', 'committeeB', 'grid1']) expect((await (await as(user)).post(`/api/v1/service-slots/${slotId}/close`, { reason: '窗口设备检修' })).status, user).toBe(403)
      const r = await committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '修' })
      expect([r.status, fieldsOf(r)]).toEqual([400, ['reason']])
      expect((await srv.deps.db.serviceSlot.findUniqueOrThrow({ where: { id: slotId } })).status).toBe('open')
    })

    it('cancels the bookings holding a seat, frees the seats and tells the residents', async () => {
      const r = await committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '窗口设备检修' })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.data).toMatchObject({ id: slotId, status: 'closed', booked: 0, remaining: 3, bookable: false })
      const rows = await srv.deps.db.booking.findMany({ where: { id: { in: bookingIds } } })
      expect(rows.map((b) => [b.status, b.cancelledBy, b.cancelReason, b.seatSlotId])).toEqual([
        ['cancelled', 'staff', '窗口设备检修', null], ['cancelled', 'staff', '窗口设备检修', null],
      ])
      const [seats] = await seatCounts(srv, [slotId])
      expect([seats.booked, seats.rows]).toEqual([0, 0])
      for (const user of ['resident2', 'resident3']) {
        const told = await srv.deps.db.message.findMany({ where: { userId: srv.demo!.residentIds[user], body: { contains: '窗口设备检修' } } })
        expect(told, user).toHaveLength(1)
      }
      const a = await srv.deps.db.auditLog.findFirst({ where: { action: 'slot.close', resourceId: String(slotId) } })
      expect(a?.details).toMatchObject({ reason: '窗口设备检修', releasedBookings: 2 })
    })

    it('a closed slot is not listed for residents, cannot be booked, closed again or resized', async () => {
      expect((await slotsOf(await as('resident1'), serviceId)).map((s) => s.id)).not.toContain(slotId)
      expect((await slotsOf(committee1, serviceId)).find((s) => s.id === slotId)).toMatchObject({ status: 'closed' })
      const b = await book(await as('resident4'), { slotId })
      expect(b.status).toBeGreaterThanOrEqual(400)
      expect(b.status).toBeLessThan(500)
      const again = await committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '再次关闭' })
      expect([again.status, again.body.error.code]).toEqual([409, 'SLOT_CLOSED'])
      const resize = await committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 5 })
      expect([resize.status, resize.body.error.code]).toEqual([409, 'SLOT_CLOSED'])
    })

    it('two closes at once: one closes, one 409, each booking cancelled once', async () => {
      const s2 = await slotAt(serviceId, tomorrow, '17:00', '17:30', 3)
      expect((await book(await as('resident5'), { slotId: s2 })).status).toBe(201)
      const rs = await Promise.all([1, 2].map(() => committee1.post(`/api/v1/service-slots/${s2}/close`, { reason: '临时停电' })))
      expect(rs.map((r) => r.status).sort()).toEqual([200, 409])
      expect(await srv.deps.db.message.count({ where: { userId: srv.demo!.residentIds.resident5, body: { contains: '临时停电' } } })).toBe(1)
    })
  })

  describe('closing a slot while a resident cancels', () => {
    it('neither fails: the booking ends cancelled once (by whoever came first), the counter equals the seats held', async () => {
      const serviceId = await newService()
      const people = await residentsOf(srv, qs, 4, 'closeRace')
      for (let i = 0; i < 5; i++) {
        const slotId = await slotAt(serviceId, plus(tomorrow, 1), `1${i}:00`, `1${i}:30`, 4)
        const ids = await Promise.all(people.map(async (p) => (await book(p.client, { slotId })).body.data.id as number))
        // The resident of the i-th booking cancels as the slot is closed (bookings, then the slot: the same lock order).
        const k = i % people.length
        const [close, cancel] = await Promise.all([
          committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '临时停电' }),
          people[k].client.post(`/api/v1/bookings/${ids[k]}/cancel`, {}),
        ])
        expect(close.status, JSON.stringify(close.body)).toBe(200)
        expect(cancel.status, JSON.stringify(cancel.body)).toBeLessThan(500)
        const rows = await srv.deps.db.booking.findMany({ where: { id: { in: ids } } })
        expect(rows.every((b) => b.status === 'cancelled' && b.seatSlotId === null)).toBe(true)
        expect(rows.find((b) => b.id === ids[k])!.cancelledBy).toBe(cancel.status === 200 ? 'resident' : 'staff')
        const [seats] = await seatCounts(srv, [slotId])
        expect([seats.booked, seats.rows]).toEqual([0, 0])
      }
    })
  })

  describe('closing a slot of a paid service', () => {
    it('refunds the paid booking through WeChat Pay, closes the unpaid order, and tells both residents', async () => {
      const serviceId = await newService({ feeFen: 3000, homeService: false })
      const slotId = await slotAt(serviceId, tomorrow, '18:00', '19:00', 3)
      const [payer, holder] = await residentsOf(srv, qs, 2, 'paidClose')
      for (const p of [payer, holder]) await srv.deps.db.user.update({ where: { id: p.id }, data: { openid: `o_close_${p.id}` } })
      const [paid, unpaid] = await Promise.all([payer, holder].map(async (p) => {
        const r = await book(p.client, { slotId })
        expect(r.status, JSON.stringify(r.body)).toBe(201)
        expect(r.body.data).toMatchObject({ status: 'awaiting_payment' })
        return r.body.data.id as number
      }))
      const order = fake.pay((await srv.deps.db.paymentOrder.findUniqueOrThrow({ where: { bookingId: paid } })).outTradeNo)
      expect((await deliver(srv.baseUrl, fake.notification(fake.transaction(order)))).status).toBe(204)
      expect((await paymentState(srv, paid)).booking.status).toBe('confirmed')

      const r = await committee1.post(`/api/v1/service-slots/${slotId}/close`, { reason: '维修师傅临时有事' })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.data).toMatchObject({ status: 'closed', booked: 0 })
      await eventually(async () => (await paymentState(srv, paid)).refund?.status === 'processing')
      const p = await paymentState(srv, paid)
      expect([p.booking.status, p.booking.seatSlotId, p.order!.status]).toEqual(['cancelled', null, 'paid'])
      expect(fake.refunds.get(p.refund!.outRefundNo)).toMatchObject({ out_trade_no: order.out_trade_no, refund: 3000, total: 3000 })
      const u = await paymentState(srv, unpaid)
      expect([u.booking.status, u.order!.status, u.refund]).toEqual(['cancelled', 'closed', null])
      const told = async (userId: number) => (await srv.deps.db.message.findMany({ where: { userId, body: { contains: '维修师傅临时有事' } } })).map((m) => m.body)
      expect(await told(payer.id)).toEqual([expect.stringContaining('原路退回')])
      expect(await told(holder.id)).toEqual([expect.stringContaining('无需再支付')])
    })
  })

  describe('as time passes', () => {
    it('a slot that has begun leaves the resident list but stays in the manager list', async () => {
      const serviceId = await newService({ minNoticeMinutes: 0 })
      const slotId = await slotAt(serviceId, tomorrow, '09:00', '09:30')
      expect((await slotsOf(await as('resident1'), serviceId)).map((s) => [s.id, s.bookable])).toEqual([[slotId, true]])
      srv.clock.advance(new Date(at(tomorrow, '09:00')).getTime() - srv.clock.now().getTime() + 1000)
      expect(await slotsOf(await as('resident1'), serviceId)).toEqual([])
      expect((await slotsOf(committee1, serviceId)).map((s) => [s.id, s.bookable])).toEqual([[slotId, false]])
    })
  })
})
