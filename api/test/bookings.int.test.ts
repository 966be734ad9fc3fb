import { describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { book, DAY, HOUR, makeService, makeSlot, seatCounts } from './support/bookings.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('bookings: booking, reading, cancelling, rescheduling and the window', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: la })
    const [r1, r2, r16, committee1, committeeB] = await Promise.all(['resident1', 'resident2', 'resident16', 'committee1', 'committeeB'].map((u) => srv.as(u)))
    return { srv, api, r1, r2, r16, committee1, committeeB, qs, la }
  })

  const messages = (userId: number, kind: string) => t.srv.deps.db.message.findMany({ where: { userId, kind } })
  const uid = (u: string) => t.srv.deps.db.user.findUniqueOrThrow({ where: { username: u } }).then((x) => x.id)

  it('books a free slot: 201 confirmed with a code, materials and actions; the seat is counted; a message tells the resident', async () => {
    const svc = await makeService(t.srv, t.qs)
    const slot = await makeSlot(t.srv, svc.id, { capacity: 3 })
    const r = await book(t.r1, { slotId: slot.id, note: '带孩子一起来' }, 'k-free-1')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const d = r.body.data
    expect(d).toMatchObject({ status: 'confirmed', statusLabel: '已预约', note: '带孩子一起来', requestPayment: null, payment: null, feeFen: 0 })
    expect(d.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/)
    expect(d.materials).toEqual([{ name: '身份证原件', note: null, copies: null }, { name: '户口本', note: '首页和本人页', copies: 1 }])
    expect(d.allowedActions).toMatchObject({ cancel: true, reschedule: true, pay: false, checkIn: false })
    expect(d.whenText).toMatch(/^\d+月\d+日 周. \d\d:\d\d–\d\d:\d\d$/)
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 1, capacity: 3, rows: 1 }])
    const msgs = await messages(await uid('resident1'), 'booking_confirmed')
    expect(msgs.map((m) => m.title)).toContain('预约成功')
    // The same key again: the first answer, no second booking.
    const again = await book(t.r1, { slotId: slot.id, note: '带孩子一起来' }, 'k-free-1')
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body.data.id).toBe(d.id)
    // Another key: the unique seat key refuses a second seat in the slot.
    const dup = await book(t.r1, { slotId: slot.id }, 'k-free-2')
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('ALREADY_BOOKED')
    expect(dup.body.error.message).toBe('你已预约该时段')
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 1, capacity: 3, rows: 1 }])
    // 我的预约 lists it; detail shows it.
    const mine = await t.r1.get('/api/v1/bookings?when=upcoming')
    expect(mine.body.data.map((b: { id: number }) => b.id)).toContain(d.id)
    expect((await t.r1.get('/api/v1/bookings?when=past')).body.data.map((b: { id: number }) => b.id)).not.toContain(d.id)
    expect((await t.r1.get(`/api/v1/bookings/${d.id}`)).body.data.code).toBe(d.code)
  })

  it('bad input: each a 4xx naming the field or the reason, nothing written', async () => {
    const svc = await makeService(t.srv, t.qs, { minNoticeMinutes: 120, bookAheadDays: 3 })
    const home = await makeService(t.srv, t.qs, { homeService: true })
    const closed = await makeSlot(t.srv, svc.id, { status: 'closed' })
    const past = await makeSlot(t.srv, svc.id, { inMs: -HOUR })
    const soon = await makeSlot(t.srv, svc.id, { inMs: HOUR })
    const far = await makeSlot(t.srv, svc.id, { inMs: 6 * DAY })
    const ok = await makeSlot(t.srv, svc.id)
    const homeSlot = await makeSlot(t.srv, home.id)
    const before = await t.srv.deps.db.booking.count()
    const cases: [Record<string, unknown>, number, string, string?][] = [
      [{ slotId: 99999999 }, 400, 'slotId'],
      [{ slotId: 'x' }, 400, 'slotId'],
      [{}, 400, 'slotId'],
      [{ slotId: closed.id }, 422, 'slotId', 'SLOT_CLOSED'],
      [{ slotId: past.id }, 422, 'slotId', 'SLOT_PAST'],
      [{ slotId: soon.id }, 422, 'slotId', 'SLOT_TOO_SOON'],
      [{ slotId: far.id }, 422, 'slotId', 'SLOT_TOO_FAR'],
      [{ slotId: ok.id, note: '很'.repeat(201) }, 400, 'note'],
      [{ slotId: ok.id, extra: 1 }, 400, 'extra'],
      [{ slotId: ok.id, householdId: 1 }, 400, 'householdId'],
      [{ slotId: homeSlot.id }, 400, 'householdId'],
      [{ slotId: homeSlot.id, householdId: 999999 }, 400, 'householdId'],
    ]
    for (const [body, status, field, code] of cases) {
      const r = await book(t.r2, body)
      expect(r.status, `${JSON.stringify(body)} → ${JSON.stringify(r.body)}`).toBe(status)
      expect(fieldsOf(r), JSON.stringify(body)).toContain(field)
      if (code) expect(r.body.error.code).toBe(code)
    }
    // A household of another resident, or of another community, is not the resident's place.
    const other = await t.srv.deps.db.householdBinding.findFirstOrThrow({ where: { user: { username: 'resident3' } } })
    expect(fieldsOf(await book(t.r2, { slotId: homeSlot.id, householdId: other.householdId }))).toEqual(['householdId'])
    expect(await t.srv.deps.db.booking.count()).toBe(before)
    const mine = await t.srv.deps.db.householdBinding.findFirstOrThrow({ where: { user: { username: 'resident2' } } })
    const homeBooked = await book(t.r2, { slotId: homeSlot.id, householdId: mine.householdId })
    expect(homeBooked.status).toBe(201)
    expect(homeBooked.body.data.address).toMatch(/单元 .*室$/)
  })

  it('who may book: another community, a care group, an inactive service, a paid service without WeChat Pay → 403 with the reason', async () => {
    const svc = await makeService(t.srv, t.qs)
    const slot = await makeSlot(t.srv, svc.id)
    const r = await book(t.r16, { slotId: slot.id })
    expect(r.status).toBe(403)
    expect(r.body.error.message).toMatch(/仅限本社区/)
    const groups = await makeService(t.srv, t.qs, { eligibility: 'groups', eligibleFlags: ['elderly_alone'] })
    const g = await book(t.r1, { slotId: (await makeSlot(t.srv, groups.id)).id })
    expect(g.status).toBe(403)
    expect(g.body.error.message).toMatch(/独居老人/)
    const home1 = await t.srv.deps.db.householdBinding.findFirstOrThrow({ where: { user: { username: 'resident1' } } })
    await t.srv.deps.db.householdCareFlag.create({ data: { householdId: home1.householdId, flag: 'elderly_alone' } })
    expect((await book(t.r1, { slotId: (await makeSlot(t.srv, groups.id)).id })).status).toBe(201)
    const inactive = await makeService(t.srv, t.qs, { active: false })
    expect((await book(t.r1, { slotId: (await makeSlot(t.srv, inactive.id)).id })).status).toBe(403)
    const paid = await makeService(t.srv, t.qs, { feeFen: 3000 })
    const p = await book(t.r1, { slotId: (await makeSlot(t.srv, paid.id)).id })
    expect(p.status).toBe(403)
    expect(p.body.error.message).toBe('暂不支持在线支付，请到窗口办理')
  })

  it('a full slot answers 409 SLOT_FULL with the next slots that have room', async () => {
    const svc = await makeService(t.srv, t.qs)
    const full = await makeSlot(t.srv, svc.id, { capacity: 1, inMs: DAY })
    const next = await makeSlot(t.srv, svc.id, { capacity: 2, inMs: DAY + 2 * HOUR })
    expect((await book(t.r1, { slotId: full.id })).status).toBe(201)
    const r = await book(t.r2, { slotId: full.id })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('SLOT_FULL')
    expect(r.body.error.details.nextSlots).toEqual([{ id: next.id, startsAt: next.startsAt.toISOString(), endsAt: next.endsAt.toISOString(), remaining: 2 }])
    expect(await seatCounts(t.srv, [full.id])).toEqual([{ id: full.id, booked: 1, capacity: 1, rows: 1 }])
  })

  it('policy: another resident and another community\'s staff get 404; staff of the community see and look it up', async () => {
    const svc = await makeService(t.srv, t.qs)
    const b = (await book(t.r1, { slotId: (await makeSlot(t.srv, svc.id)).id })).body.data
    expect((await t.r2.get(`/api/v1/bookings/${b.id}`)).status).toBe(404)
    expect((await t.r2.post(`/api/v1/bookings/${b.id}/cancel`, {})).status).toBe(404)
    expect((await t.committeeB.get(`/api/v1/bookings/${b.id}`)).status).toBe(404)
    expect((await t.committeeB.post(`/api/v1/bookings/${b.id}/check-in`, { code: b.code })).status).toBe(404)
    expect((await t.committeeB.get(`/api/v1/bookings/lookup?code=${b.code}`)).status).toBe(404)
    expect((await t.r2.get(`/api/v1/bookings/lookup?code=${b.code}`)).status).toBe(403)
    const found = await t.committee1.get(`/api/v1/bookings/lookup?code=${b.code.toLowerCase()}`)
    expect(found.status).toBe(200)
    expect(found.body.data).toMatchObject({ id: b.id, resident: { name: '张*国' } })
    expect(fieldsOf(await t.committee1.get('/api/v1/bookings/lookup?code=abc'))).toEqual(['code'])
    expect((await t.committee1.get(`/api/v1/bookings/${b.id}`)).body.data.allowedActions).toMatchObject({ cancel: true, reschedule: false, checkIn: false })
  })

  it('cancel: the seat is freed; staff must give a reason and the resident is told; a cancelled booking cannot be cancelled again', async () => {
    const svc = await makeService(t.srv, t.qs)
    const slot = await makeSlot(t.srv, svc.id, { capacity: 2 })
    const a = (await book(t.r1, { slotId: slot.id })).body.data
    const c = await t.r1.post(`/api/v1/bookings/${a.id}/cancel`, {})
    expect(c.status, JSON.stringify(c.body)).toBe(200)
    expect(c.body.data).toMatchObject({ status: 'cancelled', cancelledBy: 'resident', refundQueued: false, notice: '预约已取消。' })
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 0, capacity: 2, rows: 0 }])
    const again = await t.r1.post(`/api/v1/bookings/${a.id}/cancel`, {})
    expect(again.status).toBe(409)
    expect(again.body.error.details.allowedActions).toEqual([])
    // Booking the same slot again is allowed once the seat was given back.
    const b = (await book(t.r1, { slotId: slot.id })).body.data
    expect(fieldsOf(await t.committee1.post(`/api/v1/bookings/${b.id}/cancel`, {}))).toEqual(['reason'])
    const s = await t.committee1.post(`/api/v1/bookings/${b.id}/cancel`, { reason: '窗口设备检修' })
    expect(s.body.data).toMatchObject({ status: 'cancelled', cancelledBy: 'staff', cancelReason: '窗口设备检修' })
    const told = await messages(await uid('resident1'), 'booking_cancelled')
    expect(told.some((m) => m.body.includes('窗口设备检修'))).toBe(true)
    expect(await seatCounts(t.srv, [slot.id])).toEqual([{ id: slot.id, booked: 0, capacity: 2, rows: 0 }])
  })

  it('reschedule: moves the seat within the service; other service, same slot, full target refused with nothing changed', async () => {
    const svc = await makeService(t.srv, t.qs)
    const other = await makeService(t.srv, t.qs)
    const [s1, s2, s3] = [await makeSlot(t.srv, svc.id), await makeSlot(t.srv, svc.id), await makeSlot(t.srv, svc.id, { capacity: 1 })]
    const foreign = await makeSlot(t.srv, other.id)
    const b = (await book(t.r1, { slotId: s1.id })).body.data
    expect((await book(t.r2, { slotId: s3.id })).status).toBe(201)
    const wrong = await t.r1.post(`/api/v1/bookings/${b.id}/reschedule`, { slotId: foreign.id })
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.details.fields).toEqual([{ field: 'slotId', message: '只能改约同一服务的时段' }])
    expect(fieldsOf(await t.r1.post(`/api/v1/bookings/${b.id}/reschedule`, { slotId: s1.id }))).toEqual(['slotId'])
    const full = await t.r1.post(`/api/v1/bookings/${b.id}/reschedule`, { slotId: s3.id })
    expect(full.status).toBe(409)
    expect(full.body.error.code).toBe('SLOT_FULL')
    expect((await t.r2.post(`/api/v1/bookings/${b.id}/reschedule`, { slotId: s2.id })).status).toBe(404)
    const moved = await t.r1.post(`/api/v1/bookings/${b.id}/reschedule`, { slotId: s2.id })
    expect(moved.status, JSON.stringify(moved.body)).toBe(200)
    expect(moved.body.data.slot.id).toBe(s2.id)
    expect(await seatCounts(t.srv, [s1.id, s2.id, s3.id])).toEqual([
      { id: s1.id, booked: 0, capacity: 10, rows: 0 }, { id: s2.id, booked: 1, capacity: 10, rows: 1 }, { id: s3.id, booked: 1, capacity: 1, rows: 1 },
    ])
    // Into a slot where the resident already holds another booking: the seat key refuses it.
    const b2 = (await book(t.r1, { slotId: s1.id })).body.data
    const dup = await t.r1.post(`/api/v1/bookings/${b2.id}/reschedule`, { slotId: s2.id })
    expect(dup.status).toBe(409)
    expect(dup.body.error.code).toBe('ALREADY_BOOKED')
    expect(await seatCounts(t.srv, [s1.id, s2.id])).toEqual([{ id: s1.id, booked: 1, capacity: 10, rows: 1 }, { id: s2.id, booked: 1, capacity: 10, rows: 1 }])
  })

  it('confirm-required: pending, staff told; confirm → confirmed and the resident told', async () => {
    const svc = await makeService(t.srv, t.qs, { requiresConfirmation: true })
    const b = (await book(t.r2, { slotId: (await makeSlot(t.srv, svc.id)).id })).body.data
    expect(b.status).toBe('pending')
    expect((await messages(await uid('committee1'), 'booking_to_confirm')).length).toBeGreaterThan(0)
    expect((await t.r2.post(`/api/v1/bookings/${b.id}/confirm`, {})).status).toBe(403)
    const c = await t.committee1.post(`/api/v1/bookings/${b.id}/confirm`, {})
    expect(c.status).toBe(200)
    expect(c.body.data.status).toBe('confirmed')
    expect((await messages(await uid('resident2'), 'booking_confirmed')).some((m) => m.title === '预约已确认')).toBe(true)
  })

  it('check-in by code (from 1 hour before), complete; no-show only once the slot started; the desk day list masks the resident', async () => {
    const svc = await makeService(t.srv, t.qs, { minNoticeMinutes: 0, department: '便民服务窗口' })
    const slot = await makeSlot(t.srv, svc.id, { inMs: 3 * HOUR })
    const b = (await book(t.r1, { slotId: slot.id })).body.data
    const early = await t.committee1.post(`/api/v1/bookings/${b.id}/check-in`, { code: b.code })
    expect(early.status).toBe(422)
    expect(early.body.error.message).toMatch(/1小时/)
    expect((await t.committee1.post(`/api/v1/bookings/${b.id}/no-show`, {})).status).toBe(422)
    t.srv.clock.advance(2.5 * HOUR)
    const wrongCode = b.code === '22222222' ? '33333333' : '22222222'
    const bad = await t.committee1.post(`/api/v1/bookings/${b.id}/check-in`, { code: wrongCode })
    expect(bad.status).toBe(422)
    expect(fieldsOf(bad)).toEqual(['code'])
    expect((await t.r1.post(`/api/v1/bookings/${b.id}/check-in`, { code: b.code })).status).toBe(403)
    const ok = await t.committee1.post(`/api/v1/bookings/${b.id}/check-in`, { code: b.code })
    expect(ok.status).toBe(200)
    expect(ok.body.data).toMatchObject({ status: 'checked_in', allowedActions: { complete: true, cancel: false } })
    const twice = await t.committee1.post(`/api/v1/bookings/${b.id}/check-in`, { code: b.code })
    expect(twice.status).toBe(409)
    expect(twice.body.error.details.allowedActions).toEqual(['complete'])
    expect((await t.committee1.post(`/api/v1/bookings/${b.id}/complete`, {})).body.data.status).toBe('completed')
    const day = new Date(slot.startsAt.getTime() + 8 * HOUR).toISOString().slice(0, 10)
    const list = await t.committee1.get(`/api/v1/service-desk/day?communityId=${t.qs}&date=${day}&department=${encodeURIComponent('便民服务窗口')}`)
    expect(list.status).toBe(200)
    expect(list.body.data.map((x: { id: number }) => x.id)).toEqual([b.id])
    expect(list.body.data[0].resident).toEqual({ name: '张*国', phoneMasked: '139****1001' })
    expect((await t.committeeB.get(`/api/v1/service-desk/day?communityId=${t.qs}&date=${day}`)).status).toBe(403)
    expect(fieldsOf(await t.committee1.get(`/api/v1/service-desk/day?communityId=${t.qs}&date=2026-02-30`))).toEqual(['date'])
    t.srv.clock.advance(-2.5 * HOUR)
  })

  it('lists are paginated with a cursor; 401 without a token', async () => {
    expect((await t.api.get('/api/v1/bookings')).status).toBe(401)
    const first = await t.r1.get('/api/v1/bookings?limit=2')
    expect(first.body.data).toHaveLength(2)
    const second = await t.r1.get(`/api/v1/bookings?limit=2&cursor=${first.body.page.nextCursor}`)
    expect(second.body.data[0].id).toBeLessThan(first.body.data[1].id)
    expect(fieldsOf(await t.r1.get('/api/v1/bookings?cursor=zzz'))).toEqual(['cursor'])
  })
})
