import { describe, expect, it } from 'vitest'
import { expireHolds, sendBookingReminders } from '../src/jobs/bookingJobs.ts'
import { book, DAY, HOUR, makeService, makeSlot, residentsOf, seatCounts } from './support/bookings.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer, type TestServer } from './support/server.ts'

const OFFSET = 8 * HOUR
/** The instant of a Shanghai wall-clock time `days` days after the day `now` falls on. */
const shanghaiAt = (now: Date, days: number, hh: number, mm = 0) =>
  new Date((Math.floor((now.getTime() + OFFSET) / DAY) + days) * DAY - OFFSET + hh * HOUR + mm * 60_000)

describe('booking jobs: hold expiry, reminders, the no-show block, account deletion', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const qs: number = srv.demo!.communityIds[0]
    const committee1: Awaited<ReturnType<TestServer['as']>> = await srv.as('committee1')
    return { srv, qs, committee1 }
  })

  /** Moves the test clock to an instant (forward or back). */
  const setClock = (at: Date) => t.srv.clock.advance(at.getTime() - t.srv.clock.now().getTime())

  it('an unpaid hold that ran out expires: seat freed, order closed, resident told; two runs at once expire it once', async () => {
    const svc = await makeService(t.srv, t.qs, { feeFen: 3000 })
    const slot = await makeSlot(t.srv, svc.id, { capacity: 5 })
    const people = await residentsOf(t.srv, t.qs, 3, 'hold')
    const now = t.srv.clock.now()
    // Awaiting payment as POST /bookings leaves them (paid services need WeChat Pay configured to be booked through the API).
    const ids: number[] = []
    for (const [i, p] of people.entries()) {
      await t.srv.deps.db.serviceSlot.update({ where: { id: slot.id }, data: { booked: { increment: 1 } } })
      const b = await t.srv.deps.db.booking.create({
        data: {
          code: `HHHHHHH${'ABC'[i]}`, serviceId: svc.id, slotId: slot.id, seatSlotId: slot.id, communityId: t.qs, userId: p.id,
          status: 'awaiting_payment', feeFen: 3000, holdUntil: new Date(now.getTime() + (i === 2 ? 10 * 60_000 : -60_000)),
        },
      })
      await t.srv.deps.db.paymentOrder.create({
        data: { bookingId: b.id, outTradeNo: `BKTEST${b.id}`, description: '测试', amountFen: 3000, payerOpenid: 'o-test', expiresAt: b.holdUntil! },
      })
      ids.push(b.id)
    }
    const [a, b] = await Promise.all([expireHolds(t.srv.deps), expireHolds(t.srv.deps)])
    expect(a + b).toBe(2)
    const rows = await t.srv.deps.db.booking.findMany({ where: { id: { in: ids } }, orderBy: { id: 'asc' }, include: { order: true } })
    expect(rows.map((r) => r.status)).toEqual(['expired', 'expired', 'awaiting_payment'])
    expect(rows.map((r) => r.order!.status)).toEqual(['closed', 'closed', 'created'])
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 1, capacity: 5, rows: 1 }])
    expect(await t.srv.deps.db.message.count({ where: { kind: 'booking_expired', userId: { in: people.map((p) => p.id) } } })).toBe(2)
    expect(await expireHolds(t.srv.deps)).toBe(0)
  })

  it('reminders the evening before and 1 hour before, once each even when two runs overlap; none in the evening for a late booking', async () => {
    const svc = await makeService(t.srv, t.qs, { minNoticeMinutes: 0 })
    const [early, late] = await residentsOf(t.srv, t.qs, 2, 'remind')
    const start = t.srv.clock.now()
    const slotAt = shanghaiAt(start, 2, 10)
    const slot = await makeSlot(t.srv, svc.id, { at: slotAt })
    const slot2 = await makeSlot(t.srv, svc.id, { at: new Date(slotAt.getTime() + 30 * 60_000) })
    const b1 = (await book(early.client, { slotId: slot.id })).body.data
    const count = (userId: number) => t.srv.deps.db.message.findMany({ where: { userId, kind: 'booking_reminder' }, orderBy: { id: 'asc' } })
    // 17:59 the day before: nothing yet.
    // (The demo data's own bookings may be reminded too: counts are per resident, and each run's
    // claims are checked against the rows it flagged.)
    const flagged = async () => ({
      evening: await t.srv.deps.db.booking.count({ where: { remindedEveningAt: { not: null } } }),
      hour: await t.srv.deps.db.booking.count({ where: { remindedHourAt: { not: null } } }),
    })
    setClock(shanghaiAt(start, 1, 17, 59))
    await sendBookingReminders(t.srv.deps)
    expect(await count(early.id)).toEqual([])
    setClock(shanghaiAt(start, 1, 18, 30))
    const b2 = (await book(late.client, { slotId: slot2.id })).body.data
    const before = await flagged()
    const runs = await Promise.all([sendBookingReminders(t.srv.deps), sendBookingReminders(t.srv.deps)])
    expect(runs.reduce((n, r) => n + r.evening, 0)).toBe((await flagged()).evening - before.evening)
    expect(await sendBookingReminders(t.srv.deps)).toEqual({ evening: 0, hour: 0 })
    expect((await count(early.id)).map((m) => m.title)).toEqual(['明天有预约，记得带齐材料'])
    expect(await count(late.id)).toEqual([])
    // 9:05 on the day: the hour reminder for the 10:00 slot only; 9:35 for the 10:30 one.
    setClock(shanghaiAt(start, 2, 9, 5))
    const beforeHour = await flagged()
    const hourRuns = await Promise.all([sendBookingReminders(t.srv.deps), sendBookingReminders(t.srv.deps)])
    expect(hourRuns.reduce((n, r) => n + r.hour, 0)).toBe((await flagged()).hour - beforeHour.hour)
    expect((await count(early.id)).map((m) => m.title)).toEqual(['明天有预约，记得带齐材料', '预约1小时后开始'])
    expect(await count(late.id)).toEqual([])
    setClock(shanghaiAt(start, 2, 9, 35))
    await sendBookingReminders(t.srv.deps)
    expect((await count(early.id)).map((m) => m.title)).toEqual(['明天有预约，记得带齐材料', '预约1小时后开始'])
    expect((await count(late.id)).map((m) => m.title)).toEqual(['预约1小时后开始'])
    const rows = await t.srv.deps.db.booking.findMany({ where: { id: { in: [b1.id, b2.id] } }, orderBy: { id: 'asc' } })
    expect(rows[0].remindedEveningAt).not.toBeNull()
    expect(rows[1].remindedEveningAt).toBeNull()
    setClock(start)
  })

  it('three no-shows within 90 days block new bookings for 30 days, with the day it ends; then booking works again', async () => {
    const svc = await makeService(t.srv, t.qs, { minNoticeMinutes: 0 })
    const [me] = await residentsOf(t.srv, t.qs, 1, 'absent')
    const start = t.srv.clock.now()
    let lastNoShow = start
    for (let i = 0; i < 3; i++) {
      const slot = await makeSlot(t.srv, svc.id, { inMs: 30 * 60_000 })
      const b = (await book(me.client, { slotId: slot.id })).body.data
      t.srv.clock.advance(31 * 60_000)
      const r = await t.committee1.post(`/api/v1/bookings/${b.id}/no-show`, {})
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      lastNoShow = t.srv.clock.now()
      t.srv.clock.advance(DAY)
    }
    const slot = await makeSlot(t.srv, svc.id)
    const refused = await book(me.client, { slotId: slot.id })
    expect(refused.status).toBe(403)
    const end = shanghaiAt(new Date(lastNoShow.getTime() + 30 * DAY - 1), 1, 0)
    const day = new Date(end.getTime() + OFFSET)
    expect(refused.body.error.message).toBe(`因近90天内3次预约未到场，${day.getUTCFullYear()}年${day.getUTCMonth() + 1}月${day.getUTCDate()}日前不能预约`)
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 0, capacity: 10, rows: 0 }])
    setClock(new Date(end.getTime() + 60_000))
    const later = await makeSlot(t.srv, svc.id)
    expect((await book(me.client, { slotId: later.id })).status).toBe(201)
    setClock(start)
  })

  it('deleting the account cancels upcoming bookings and frees their seats', async () => {
    const svc = await makeService(t.srv, t.qs)
    const slot = await makeSlot(t.srv, svc.id, { capacity: 2 })
    const [me] = await residentsOf(t.srv, t.qs, 1, 'leaver')
    const b = (await book(me.client, { slotId: slot.id })).body.data
    expect((await me.client.post('/api/v1/me/delete', { confirm: '注销账号' })).status).toBe(204)
    const row = await t.srv.deps.db.booking.findUniqueOrThrow({ where: { id: b.id } })
    expect(row).toMatchObject({ status: 'cancelled', seatSlotId: null, cancelReason: '账号注销' })
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 0, capacity: 2, rows: 0 }])
  })
})
