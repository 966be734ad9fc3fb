import { describe, expect, it } from 'vitest'
import { book, HOUR, makeService, makeSlot, residentsOf, seatCounts } from './support/bookings.ts'
import { answerCounts } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

/**
 * Seats under bursts of real parallel requests: the counter never passes the capacity, a resident
 * never holds two seats of one slot, a reschedule moves a seat (never both, never neither). Every
 * test ends by counting rows: each slot's counter equals the bookings holding a seat in it.
 */
describe('booking concurrency', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer({ env: { DB_POOL_SIZE: '20' } })
    return { srv, qs: srv.demo!.communityIds[0] }
  })

  it('200 residents at once for a slot of 10: exactly 10 bookings, 190 clean 409 SLOT_FULL, counter = rows', async () => {
    const svc = await makeService(t.srv, t.qs)
    const slot = await makeSlot(t.srv, svc.id, { capacity: 10 })
    await makeSlot(t.srv, svc.id, { capacity: 5, inMs: 26 * HOUR })
    const people = await residentsOf(t.srv, t.qs, 200, 'burst')
    const rs = await Promise.all(people.map((p, i) => book(p.client, { slotId: slot.id }, `burst-${i}`)))
    expect(answerCounts(rs)).toEqual({ 201: 10, '409 SLOT_FULL': 190 })
    for (const r of rs.filter((x) => x.status === 409)) expect(r.body.error.details.nextSlots).toHaveLength(1)
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 10, capacity: 10, rows: 10 }])
    expect(await t.srv.deps.db.booking.count({ where: { slotId: slot.id } })).toBe(10)
  }, 120_000)

  it('20 requests at once by one resident (distinct keys and none): one booking', async () => {
    const svc = await makeService(t.srv, t.qs)
    const slot = await makeSlot(t.srv, svc.id, { capacity: 10 })
    const [me] = await residentsOf(t.srv, t.qs, 1, 'eager')
    const rs = await Promise.all(Array.from({ length: 20 }, (_, i) => book(me.client, { slotId: slot.id }, i % 2 ? `eager-${i}` : undefined)))
    expect(answerCounts(rs)).toEqual({ 201: 1, '409 ALREADY_BOOKED': 19 })
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 1, capacity: 10, rows: 1 }])
    // The same key 10 times at once: one booking, the others replay it or are told it is in progress.
    const slot2 = await makeSlot(t.srv, svc.id, { capacity: 10 })
    const same = await Promise.all(Array.from({ length: 10 }, () => book(me.client, { slotId: slot2.id }, 'eager-same')))
    expect(same.every((r) => r.status === 201 || (r.status === 409 && r.body.error.code === 'IDEMPOTENCY_IN_PROGRESS'))).toBe(true)
    expect(new Set(same.filter((r) => r.status === 201).map((r) => r.body.data.id)).size).toBe(1)
    expect(await seatCounts(t.srv, [slot2.id])).toEqual([{ id: slot2.id, booked: 1, capacity: 10, rows: 1 }])
  }, 60_000)

  it('residents cancelling bookings of one slot at once: every cancel succeeds (no deadlock), the counter ends at 0', async () => {
    const svc = await makeService(t.srv, t.qs)
    const people = await residentsOf(t.srv, t.qs, 6, 'leavers')
    for (let round = 0; round < 5; round++) {
      const slot = await makeSlot(t.srv, svc.id, { capacity: 6 })
      const ids = (await Promise.all(people.map((p) => book(p.client, { slotId: slot.id })))).map((r) => r.body.data.id as number)
      const rs = await Promise.all(people.map((p, i) => p.client.post(`/api/v1/bookings/${ids[i]}/cancel`, {})))
      expect(answerCounts(rs)).toEqual({ 200: 6 })
      expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 0, capacity: 6, rows: 0 }])
    }
  }, 60_000)

  it('one booking rescheduled to 8 slots at once: it ends in exactly one seat; counters = rows', async () => {
    const svc = await makeService(t.srv, t.qs)
    const from = await makeSlot(t.srv, svc.id, { capacity: 3 })
    const targets = []
    for (let i = 0; i < 8; i++) targets.push(await makeSlot(t.srv, svc.id, { capacity: 2 }))
    const [me] = await residentsOf(t.srv, t.qs, 1, 'mover')
    const b = (await book(me.client, { slotId: from.id })).body.data
    const rs = await Promise.all(targets.map((t) => me.client.post(`/api/v1/bookings/${b.id}/reschedule`, { slotId: t.id })))
    expect(rs.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1)
    for (const r of rs.filter((x) => x.status !== 200)) expect([409]).toContain(r.status)
    const all = [from.id, ...targets.map((t) => t.id)]
    const counts = await seatCounts(t.srv, all)
    for (const c of counts) expect(c.booked, `slot ${c.id}`).toBe(c.rows)
    expect(counts.reduce((n, c) => n + c.booked, 0)).toBe(1)
    const row = await t.srv.deps.db.booking.findUniqueOrThrow({ where: { id: b.id } })
    expect(row.seatSlotId).toBe(row.slotId)
    expect(counts.find((c) => c.id === row.slotId)!.booked).toBe(1)
  }, 60_000)

  it('two bookings into one last seat at once: one moves, the other keeps its seat; crossing moves never deadlock or lose a seat', async () => {
    const svc = await makeService(t.srv, t.qs)
    const [a, b] = await residentsOf(t.srv, t.qs, 2, 'swap')
    for (let round = 0; round < 5; round++) {
      const s1 = await makeSlot(t.srv, svc.id, { capacity: 2 })
      const s2 = await makeSlot(t.srv, svc.id, { capacity: 2 })
      const last = await makeSlot(t.srv, svc.id, { capacity: 1 })
      const ba = (await book(a.client, { slotId: s1.id })).body.data
      const bb = (await book(b.client, { slotId: s2.id })).body.data
      const race = await Promise.all([
        a.client.post(`/api/v1/bookings/${ba.id}/reschedule`, { slotId: last.id }),
        b.client.post(`/api/v1/bookings/${bb.id}/reschedule`, { slotId: last.id }),
      ])
      expect(race.map((r) => r.status).sort()).toEqual([200, 409])
      expect(race.find((r) => r.status === 409)!.body.error.code).toBe('SLOT_FULL')
      let counts = await seatCounts(t.srv, [s1.id, s2.id, last.id])
      for (const c of counts) expect(c.booked).toBe(c.rows)
      expect(counts.find((c) => c.id === last.id)!.booked).toBe(1)
      // Crossing: the one still in its first slot and the one in `last` swap places at once.
      const moved = race[0].status === 200 ? { who: a, id: ba.id, home: s1 } : { who: b, id: bb.id, home: s2 }
      const stayed = race[0].status === 200 ? { who: b, id: bb.id, home: s2 } : { who: a, id: ba.id, home: s1 }
      const cross = await Promise.all([
        moved.who.client.post(`/api/v1/bookings/${moved.id}/reschedule`, { slotId: stayed.home.id }),
        stayed.who.client.post(`/api/v1/bookings/${stayed.id}/reschedule`, { slotId: moved.home.id }),
      ])
      expect(cross.map((r) => r.status), JSON.stringify(cross.map((r) => r.body))).toEqual([200, 200])
      counts = await seatCounts(t.srv, [s1.id, s2.id, last.id])
      for (const c of counts) expect(c.booked).toBe(c.rows)
      expect(counts.reduce((n, c) => n + c.booked, 0)).toBe(2)
    }
  }, 60_000)

  it('cancel and reschedule of one booking at once: one wins, the seat is neither lost nor doubled', async () => {
    const svc = await makeService(t.srv, t.qs)
    const [me] = await residentsOf(t.srv, t.qs, 1, 'both')
    for (let round = 0; round < 5; round++) {
      const s1 = await makeSlot(t.srv, svc.id)
      const s2 = await makeSlot(t.srv, svc.id)
      const b = (await book(me.client, { slotId: s1.id })).body.data
      const rs = await Promise.all([
        me.client.post(`/api/v1/bookings/${b.id}/cancel`, {}),
        me.client.post(`/api/v1/bookings/${b.id}/reschedule`, { slotId: s2.id }),
      ])
      expect(rs.some((r) => r.status === 200)).toBe(true)
      const counts = await seatCounts(t.srv, [s1.id, s2.id])
      for (const c of counts) expect(c.booked).toBe(c.rows)
      const row = await t.srv.deps.db.booking.findUniqueOrThrow({ where: { id: b.id } })
      expect(counts.reduce((n, c) => n + c.booked, 0)).toBe(row.status === 'cancelled' ? 0 : 1)
    }
  }, 60_000)
})
