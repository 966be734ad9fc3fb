import { beforeAll, describe, expect, it } from 'vitest'
import { clearCalendarCache } from '../src/core/calendar.ts'
import type { Client } from './support/client.ts'
import { fieldsOf } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { book, residentsOf, seatCounts } from './support/bookings.ts'
import { at, dayOf, HOUR, plus, serviceFixture, startServiceWorld } from './support/services.ts'

/** Slots of a service: publishing, patterns over the working calendar, listing and capacity (closing: service-slot-close). */
describe('service slots', () => {
  const w = useFixture(() => startServiceWorld())
  const as = (user: string) => w.srv.as(user)
  const { newService, slotAt, slotsOf } = serviceFixture(() => w.committee1, () => w.qs)

  describe('publishing one slot', () => {
    let serviceId: number
    beforeAll(async () => {
      serviceId = await newService()
    })

    it('201 with the slot view, and an audit row', async () => {
      const r = await w.committee1.post(`/api/v1/services/${serviceId}/slots`, { startsAt: at(w.tomorrow, '10:00'), endsAt: at(w.tomorrow, '10:30'), capacity: 3 })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.data).toMatchObject({
        serviceId, startsAt: new Date(at(w.tomorrow, '10:00')).toISOString(), endsAt: new Date(at(w.tomorrow, '10:30')).toISOString(),
        day: w.tomorrow, capacity: 3, booked: 0, remaining: 3, status: 'open', bookable: true,
      })
      expect(await w.srv.deps.db.auditLog.count({ where: { action: 'slot.create', resourceId: String(r.body.data.id) } })).toBe(1)
    })

    it('a second slot at the same start is a 409, even when sent five times at once', async () => {
      const rs = await Promise.all(Array.from({ length: 5 }, () =>
        w.committee1.post(`/api/v1/services/${serviceId}/slots`, { startsAt: at(w.tomorrow, '11:00'), endsAt: at(w.tomorrow, '11:30'), capacity: 3 })))
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409])
      expect(rs.find((r) => r.status === 409)!.body.error.code).toBe('SLOT_EXISTS')
      expect(await w.srv.deps.db.serviceSlot.count({ where: { serviceId, startsAt: new Date(at(w.tomorrow, '11:00')) } })).toBe(1)
    })

    const bad: [string, () => Record<string, unknown>, string][] = [
      ['ends when it starts', () => ({ startsAt: at(w.tomorrow, '12:00'), endsAt: at(w.tomorrow, '12:00'), capacity: 3 }), 'endsAt'],
      ['ends before it starts', () => ({ startsAt: at(w.tomorrow, '12:00'), endsAt: at(w.tomorrow, '11:59'), capacity: 3 }), 'endsAt'],
      ['lasts more than a day', () => ({ startsAt: at(w.tomorrow, '12:00'), endsAt: at(plus(w.tomorrow, 1), '12:01'), capacity: 3 }), 'endsAt'],
      ['already begun', () => ({ startsAt: new Date(w.srv.clock.now().getTime() - 60_000).toISOString(), endsAt: at(w.tomorrow, '12:00'), capacity: 3 }), 'startsAt'],
      ['more than a year ahead', () => ({ startsAt: at(plus(w.tomorrow, 400), '09:00'), endsAt: at(plus(w.tomorrow, 400), '10:00'), capacity: 3 }), 'startsAt'],
      ['a time without its offset', () => ({ startsAt: `${w.tomorrow}T12:00:00`, endsAt: at(w.tomorrow, '13:00'), capacity: 3 }), 'startsAt'],
      ['no places', () => ({ startsAt: at(w.tomorrow, '12:00'), endsAt: at(w.tomorrow, '13:00'), capacity: 0 }), 'capacity'],
      ['1001 places', () => ({ startsAt: at(w.tomorrow, '12:00'), endsAt: at(w.tomorrow, '13:00'), capacity: 1001 }), 'capacity'],
      ['an unknown field', () => ({ startsAt: at(w.tomorrow, '12:00'), endsAt: at(w.tomorrow, '13:00'), capacity: 3, booked: 2 }), 'booked'],
    ]
    for (const [name, make, field] of bad) {
      it(`400 naming ${field}: ${name}`, async () => {
        const before = await w.srv.deps.db.serviceSlot.count()
        const r = await w.committee1.post(`/api/v1/services/${serviceId}/slots`, make())
        expect([r.status, fieldsOf(r)]).toEqual([400, [field]])
        expect(await w.srv.deps.db.serviceSlot.count()).toBe(before)
      })
    }

    it('403 for residents and the committee of another community, 404 for a service that does not exist', async () => {
      const b = { startsAt: at(w.tomorrow, '15:00'), endsAt: at(w.tomorrow, '16:00'), capacity: 3 }
      for (const user of ['resident1', 'committeeB', 'grid1']) expect((await (await as(user)).post(`/api/v1/services/${serviceId}/slots`, b)).status, user).toBe(403)
      expect((await w.committee1.post('/api/v1/services/99999999/slots', b)).status).toBe(404)
    })
  })

  describe('a weekly pattern over the working calendar', () => {
    let serviceId: number
    let monday: string
    const pattern = (extra: Record<string, unknown> = {}) => ({
      from: plus(monday, -7), to: plus(monday, 6), weekdays: [1, 2, 3, 4, 5], times: [{ start: '09:00', end: '10:00' }, { start: '10:00', end: '10:30' }], capacity: 5, ...extra,
    })
    const post = (b: Record<string, unknown>, user?: Client) => (user ?? w.committee1).post(`/api/v1/services/${serviceId}/slot-patterns`, b)

    beforeAll(async () => {
      serviceId = await newService()
      // A holiday week (Mon–Fri) three weeks or more ahead, with the Saturday after it a 调休 working day.
      let day = plus(dayOf(w.srv.clock.now()), 21)
      while (new Date(`${day}T00:00:00Z`).getUTCDay() !== 1) day = plus(day, 1)
      monday = day
      const { db } = w.srv.deps
      await db.calendarDay.deleteMany({ where: { day: { gte: new Date(`${plus(monday, -7)}T00:00:00Z`), lte: new Date(`${plus(monday, 13)}T00:00:00Z`) } } })
      await db.calendarDay.createMany({
        data: [
          ...[0, 1, 2, 3, 4].map((i) => ({ day: new Date(`${plus(monday, i)}T00:00:00Z`), kind: 'holiday' as const, name: '测试假期' })),
          { day: new Date(`${plus(monday, 5)}T00:00:00Z`), kind: 'workday' as const, name: '测试调休上班' },
        ],
      })
      clearCalendarCache(w.srv.deps)
    })

    it('skips the holidays, gives the 调休 Saturday slots, and says which days it skipped', async () => {
      const r = await post(pattern())
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.data).toEqual({ created: 12, existing: 0, skippedDays: [0, 1, 2, 3, 4].map((i) => plus(monday, i)) })
      const rows = await w.srv.deps.db.serviceSlot.findMany({ where: { serviceId }, orderBy: { startsAt: 'asc' } })
      const days = [-7, -6, -5, -4, -3, 5].map((i) => plus(monday, i))
      expect(rows.map((s) => s.startsAt.toISOString())).toEqual(days.flatMap((d) => [at(d, '09:00'), at(d, '10:00')]).map((t) => new Date(t).toISOString()))
      expect(rows.every((s) => s.capacity === 5 && s.booked === 0 && s.status === 'open')).toBe(true)
      expect(rows[1].endsAt.toISOString()).toBe(new Date(at(plus(monday, -7), '10:30')).toISOString())
      const a = await w.srv.deps.db.auditLog.findFirst({ where: { action: 'slot.pattern', resourceId: String(serviceId) } })
      expect(a?.details).toMatchObject({ created: 12, existing: 0 })
    })

    it('run again it creates nothing and leaves the slots as they were', async () => {
      await w.srv.deps.db.serviceSlot.updateMany({ where: { serviceId }, data: { capacity: 7 } })
      const r = await post(pattern({ capacity: 9 }))
      expect(r.body.data).toMatchObject({ created: 0, existing: 12 })
      expect(await w.srv.deps.db.serviceSlot.count({ where: { serviceId, capacity: 7 } })).toBe(12)
    })

    it('five identical wider patterns at once create each new slot exactly once', async () => {
      const rs = await Promise.all(Array.from({ length: 5 }, () => post(pattern({ to: plus(monday, 13) }))))
      expect(rs.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
      expect(rs.reduce((n, r) => n + r.body.data.created, 0)).toBe(10)
      expect(rs.every((r) => r.body.data.created + r.body.data.existing === 22)).toBe(true)
      expect(await w.srv.deps.db.serviceSlot.count({ where: { serviceId } })).toBe(22)
    })

    it('without workingDaysOnly the holidays get slots too', async () => {
      const other = await newService()
      const r = await w.committee1.post(`/api/v1/services/${other}/slot-patterns`, pattern({ from: monday, to: plus(monday, 6), workingDaysOnly: false, times: [{ start: '14:00', end: '15:00' }] }))
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
        const before = await w.srv.deps.db.serviceSlot.count()
        const r = await post(make())
        expect([r.status, fieldsOf(r)]).toEqual([400, [field]])
        expect(await w.srv.deps.db.serviceSlot.count()).toBe(before)
      })
    }

    it('403 for residents and other communities; nothing created', async () => {
      const before = await w.srv.deps.db.serviceSlot.count()
      for (const user of ['resident1', 'committeeB', 'street1']) expect((await post(pattern({ to: plus(monday, 20) }), await as(user))).status, user).toBe(403)
      expect(await w.srv.deps.db.serviceSlot.count()).toBe(before)
    })
  })

  describe('listing slots', () => {
    let serviceId: number
    const ids: Record<string, number> = {}
    beforeAll(async () => {
      serviceId = await newService({ bookAheadDays: 2, minNoticeMinutes: 120 })
      const now = w.srv.clock.now()
      const { db } = w.srv.deps
      const slot = (startsAt: Date, extra: Record<string, unknown> = {}) =>
        db.serviceSlot.create({ data: { serviceId, startsAt, endsAt: new Date(startsAt.getTime() + HOUR / 2), capacity: 4, ...extra } }).then((s) => s.id)
      ids.past = await slot(new Date(now.getTime() - 3 * HOUR))
      ids.soon = await slot(new Date(now.getTime() + HOUR))
      ids.tomorrow = await slot(new Date(at(w.tomorrow, '10:00')))
      ids.full = await slot(new Date(at(w.tomorrow, '10:30')), { capacity: 1, booked: 1 })
      ids.closed = await slot(new Date(at(w.tomorrow, '11:00')), { status: 'closed', closedReason: '检修', closedAt: now })
      ids.later = await slot(new Date(at(plus(w.tomorrow, 4), '10:00')))
    })

    it('a resident sees the open slots not yet begun, today to the end of the booking window, with what can be booked', async () => {
      const slots = await slotsOf(await as('resident1'), serviceId)
      expect(slots.map((s) => s.id)).toEqual([ids.soon, ids.tomorrow, ids.full])
      expect(slots.map((s) => [s.remaining, s.bookable])).toEqual([[4, false], [4, true], [0, false]])
      expect(slots[1]).toMatchObject({ day: w.tomorrow, capacity: 4, booked: 0, status: 'open' })
      // Beyond the booking window: listed when asked for, never bookable.
      const later = await slotsOf(await as('resident1'), serviceId, `?from=${plus(w.tomorrow, 4)}&to=${plus(w.tomorrow, 4)}`)
      expect(later.map((s) => [s.id, s.bookable])).toEqual([[ids.later, false]])
    })

    it('the managers see every slot of the range, closed and past ones too', async () => {
      const slots = await slotsOf(w.committee1, serviceId, `?from=${plus(w.tomorrow, -2)}&to=${plus(w.tomorrow, 4)}`)
      expect(slots.map((s) => s.id)).toEqual([ids.past, ids.soon, ids.tomorrow, ids.full, ids.closed, ids.later])
      expect(slots.find((s) => s.id === ids.closed)).toMatchObject({ status: 'closed', bookable: false })
    })

    it('remaining counts follow bookings', async () => {
      const r = await book(await as('resident2'), { slotId: ids.tomorrow })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect((await slotsOf(await as('resident1'), serviceId)).find((s) => s.id === ids.tomorrow)).toMatchObject({ booked: 1, remaining: 3, bookable: true })
    })

    it('bad ranges are a 400 naming the field', async () => {
      const today = dayOf(w.srv.clock.now())
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
      await slotAt(hidden, w.tomorrow, '09:00', '09:30')
      await w.committee1.request('PATCH', `/api/v1/services/${hidden}`, { version: 0, active: false })
      expect((await (await as('resident1')).get(`/api/v1/services/${hidden}/slots`)).status).toBe(404)
      expect((await (await as('committeeB')).get(`/api/v1/services/${hidden}/slots`)).status).toBe(404)
      expect((await slotsOf(w.committee1, hidden)).map((s) => [s.status, s.bookable])).toEqual([['open', false]])
    })
  })

  describe('changing the capacity', () => {
    let serviceId: number
    let slotId: number
    beforeAll(async () => {
      serviceId = await newService()
      slotId = await slotAt(serviceId, w.tomorrow, '14:00', '14:30', 3)
      for (const user of ['resident2', 'resident3']) expect((await book(await as(user), { slotId })).status, user).toBe(201)
    })

    it('below the places booked is a 409 naming capacity, and nothing changes', async () => {
      const r = await w.committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 1 })
      expect([r.status, r.body.error.code, r.body.error.message]).toEqual([409, 'CAPACITY_BELOW_BOOKED', '已有2人预约，名额不能少于2'])
      expect(r.body.error.details).toMatchObject({ booked: 2, fields: [{ field: 'capacity' }] })
      expect((await w.srv.deps.db.serviceSlot.findUniqueOrThrow({ where: { id: slotId } })).capacity).toBe(3)
    })

    it('down to the places booked, or up, is fine and audited', async () => {
      const down = await w.committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 2 })
      expect(down.body.data).toMatchObject({ id: slotId, capacity: 2, booked: 2, remaining: 0, bookable: false })
      const up = await w.committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 6 })
      expect(up.body.data).toMatchObject({ capacity: 6, remaining: 4, bookable: true })
      expect(await w.srv.deps.db.auditLog.count({ where: { action: 'slot.capacity', resourceId: String(slotId) } })).toBe(2)
    })

    it('403 for others, 404 for a slot that does not exist, 400 naming capacity', async () => {
      for (const user of ['resident2', 'committeeB', 'leader1']) expect((await (await as(user)).request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 9 })).status, user).toBe(403)
      expect((await w.committee1.request('PATCH', '/api/v1/service-slots/99999999', { capacity: 9 })).status).toBe(404)
      const r = await w.committee1.request('PATCH', `/api/v1/service-slots/${slotId}`, { capacity: 0 })
      expect([r.status, fieldsOf(r)]).toEqual([400, ['capacity']])
    })

    it('a shrink racing a burst of bookings never leaves more bookings than places', async () => {
      const race = await slotAt(serviceId, w.tomorrow, '15:00', '15:30', 10)
      const people = await residentsOf(w.srv, w.qs, 8, 'capRace')
      const [shrink, ...booked] = await Promise.all([
        w.committee1.request('PATCH', `/api/v1/service-slots/${race}`, { capacity: 4 }),
        ...people.map((p) => book(p.client, { slotId: race })),
      ])
      expect([200, 409]).toContain(shrink.status)
      const [seats] = await seatCounts(w.srv, [race])
      expect(seats.booked).toBe(seats.rows)
      expect(seats.booked).toBeLessThanOrEqual(seats.capacity)
      expect(booked.filter((r) => r.status === 201).length).toBe(seats.rows)
      expect(seats.capacity).toBe(shrink.status === 200 ? 4 : 10)
    })
  })

  describe('as time passes', () => {
    it('a slot that has begun leaves the resident list but stays in the manager list', async () => {
      const serviceId = await newService({ minNoticeMinutes: 0 })
      const slotId = await slotAt(serviceId, w.tomorrow, '09:00', '09:30')
      expect((await slotsOf(await as('resident1'), serviceId)).map((s) => [s.id, s.bookable])).toEqual([[slotId, true]])
      w.srv.clock.advance(new Date(at(w.tomorrow, '09:00')).getTime() - w.srv.clock.now().getTime() + 1000)
      expect(await slotsOf(await as('resident1'), serviceId)).toEqual([])
      expect((await slotsOf(w.committee1, serviceId)).map((s) => [s.id, s.bookable])).toEqual([[slotId, false]])
    })
  })
})
