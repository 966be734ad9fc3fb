import { createHash } from 'node:crypto'
import { profileField } from '../src/core/crypto.ts'
import { verify as argonVerify } from '@node-rs/argon2'
import { describe, expect, it } from 'vitest'
import { ageOn, isMobile, maskIdNumber, maskPhone, parseIdNumber } from '../src/core/pii.ts'
import { DEMO_STAFF_PASSWORD, seedDemo } from '../src/seed/demo.ts'
import { loadCalendar } from '../src/core/calendar.ts'
import { BookingCode } from '../src/modules/bookings/booking.schema.ts'
import { ServiceMaterial } from '../src/modules/services/service.schema.ts'
import { Client } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

const RESIDENTS = Array.from({ length: 20 }, (_, i) => `resident${i + 1}`)
const STAFF = ['grid1', 'grid2', 'grid3', 'grid4', 'leader1', 'committee1', 'street1', 'dept1', 'admin']

describe('demo data (issue 2 §7)', () => {
  const t = useFixture(async () => {
    const seededAt: Date = new Date()
    const srv = await startTestServer()
    return { srv, seededAt }
  })

  it('one street 南苑街道 with two communities: four grids in the first, two in the second', async () => {
    const { db } = t.srv.deps
    const streets = await db.street.findMany()
    expect(streets.map((s) => s.name)).toEqual(['南苑街道'])
    const communities = await db.community.findMany({ orderBy: { id: 'asc' }, include: { grids: { orderBy: { id: 'asc' } } } })
    expect(communities.map((c) => [c.name, c.streetId, c.grids.length])).toEqual([['青石社区', streets[0].id, 4], ['柳岸社区', streets[0].id, 2]])
    expect(communities.map((c) => c.id)).toEqual(t.srv.demo!.communityIds)
    expect(communities.flatMap((c) => c.grids.map((g) => g.id))).toEqual(t.srv.demo!.gridIds)
    expect(communities.flatMap((c) => c.grids).every((g) => g.streetId === streets[0].id)).toBe(true)
  })

  it('every grid has buildings and households, placed consistently in the region tree', async () => {
    const { db } = t.srv.deps
    const grids = await db.grid.findMany({ include: { _count: { select: { buildings: true } } } })
    const households = await db.household.groupBy({ by: ['gridId'], _count: { _all: true } })
    const perGrid = new Map(households.map((h) => [h.gridId, h._count._all]))
    expect(grids.map((g) => [g.id, g._count.buildings > 0, (perGrid.get(g.id) ?? 0) > 0])).toEqual(grids.map((g) => [g.id, true, true]))
    const [misplaced] = await t.srv.deps.sql.query(`
      SELECT h.id FROM households h JOIN buildings b ON b.id = h.building_id JOIN grids g ON g.id = h.grid_id
      WHERE b.grid_id <> h.grid_id OR g.community_id <> h.community_id OR g.street_id <> h.street_id
         OR b.community_id <> h.community_id OR b.street_id <> h.street_id`)
    expect(misplaced).toEqual([])
  })

  it('resident1…resident20 each have one approved binding: 1–15 in the first community, 16–20 in the second, over every grid', async () => {
    const { db } = t.srv.deps
    const [c1, c2] = t.srv.demo!.communityIds
    const users = await db.user.findMany({
      where: { username: { in: RESIDENTS } },
      include: { roles: true, bindings: { include: { household: true } } },
    })
    expect(users.map((u) => u.username).sort()).toEqual([...RESIDENTS].sort())
    const gridsOf = { [c1]: new Set<number>(), [c2]: new Set<number>() }
    for (const u of users) {
      const n = Number(u.username!.slice('resident'.length))
      expect([u.username, u.roles.map((r) => r.role)]).toEqual([u.username, ['resident']])
      expect([u.username, u.bindings.map((b) => b.status)]).toEqual([u.username, ['approved']])
      const [b] = u.bindings
      expect([u.username, b.communityId]).toEqual([u.username, n <= 15 ? c1 : c2])
      expect([b.communityId, b.gridId]).toEqual([b.household.communityId, b.household.gridId])
      gridsOf[b.communityId].add(b.gridId)
    }
    expect([...gridsOf[c1]].sort()).toEqual(t.srv.demo!.gridIds.slice(0, 4).sort())
    expect([...gridsOf[c2]].sort()).toEqual(t.srv.demo!.gridIds.slice(4).sort())
  })

  it('grid1…grid4 are each the primary worker of a different grid of the first community', async () => {
    const { db } = t.srv.deps
    const workers = await db.user.findMany({
      where: { username: { in: ['grid1', 'grid2', 'grid3', 'grid4'] } },
      include: { roles: true, gridAssignments: { include: { grid: true } } },
    })
    expect(workers).toHaveLength(4)
    for (const w of workers) {
      expect(w.roles.map((r) => r.role)).toEqual(['grid_worker'])
      expect(w.gridAssignments.filter((a) => a.kind === 'primary')).toHaveLength(1)
    }
    const primaryGrids = workers.map((w) => w.gridAssignments.find((a) => a.kind === 'primary')!.grid)
    expect(primaryGrids.every((g) => g.communityId === t.srv.demo!.communityIds[0])).toBe(true)
    expect(primaryGrids.map((g) => g.id).sort()).toEqual(t.srv.demo!.gridIds.slice(0, 4).sort())
  })

  it('leader1, committee1, street1, dept1 and admin hold their roles over the right scope', async () => {
    const { db } = t.srv.deps
    const d = t.srv.demo!
    const dept = await db.department.findFirstOrThrow({ where: { name: '城市管理中队' } })
    expect(dept.streetId).toBe(d.streetId)
    const roles = await db.userRole.findMany({ where: { user: { username: { in: ['leader1', 'committee1', 'street1', 'dept1', 'admin'] } } }, include: { user: true } })
    expect(Object.fromEntries(roles.map((r) => [r.user.username, [r.role, r.scopeType, r.scopeId]]))).toEqual({
      leader1: ['grid_leader', 'community', d.communityIds[0]],
      committee1: ['committee', 'community', d.communityIds[0]],
      street1: ['street', 'street', d.streetId],
      dept1: ['dept', 'department', dept.id],
      admin: ['admin', 'none', 0],
    })
    expect(roles).toHaveLength(5)
  })

  it('every demo resident has a real-name profile whose decrypted ID number is valid (GB 11643) and agrees with its stored parts', async () => {
    const { db, cipher } = t.srv.deps
    const profiles = await db.residentProfile.findMany({ where: { user: { username: { in: RESIDENTS } } }, include: { user: true } })
    expect(profiles).toHaveLength(20)
    const idNumbers = new Set<string>()
    for (const p of profiles) {
      const idNumber = cipher.open(p.idNumberCipher!, profileField.idNumber(p.userId))
      const parsed = parseIdNumber(idNumber, t.seededAt)
      expect([p.user.username, parsed.ok]).toEqual([p.user.username, true])
      if (!parsed.ok) continue
      expect(parsed.value.idNumber).toBe(idNumber)
      expect(p.gender).toBe(parsed.value.gender)
      expect(p.idNumberMasked).toBe(maskIdNumber(idNumber))
      expect(Buffer.from(p.idNumberHmac!).equals(Buffer.from(cipher.lookupHash('id_number', idNumber)))).toBe(true)
      expect(p.realName).toBe(p.user.displayName)
      const phone = cipher.open(p.phoneCipher!, profileField.phone(p.userId))
      expect(isMobile(phone)).toBe(true)
      expect(p.phoneMasked).toBe(maskPhone(phone))
      idNumbers.add(idNumber)
    }
    expect(idNumbers.size).toBe(20)
  })

  it('ages are varied and exactly one demo resident is under 18 when the data is loaded', async () => {
    const profiles = await t.srv.deps.db.residentProfile.findMany({ where: { user: { username: { in: RESIDENTS } } }, include: { user: true } })
    // The seed has no reference date of its own: it is loaded "now", so ages are taken at load time,
    // from the birth date inside the decrypted ID number.
    const ages = profiles.map((p) => {
      const parsed = parseIdNumber(t.srv.deps.cipher.open(p.idNumberCipher!, profileField.idNumber(p.userId)), t.seededAt)
      if (!parsed.ok) throw new Error(`${p.user.username}: ${parsed.reason}`)
      return [p.user.username, ageOn(parsed.value.birthDate, t.seededAt)] as const
    })
    const minors = ages.filter(([, age]) => age < 18)
    expect(minors.map(([u]) => u)).toEqual(['resident12'])
    expect(Math.max(...ages.map(([, a]) => a)) - Math.min(...ages.map(([, a]) => a))).toBeGreaterThan(50)
    expect(ages.some(([, a]) => a >= 60)).toBe(true)
  })

  it('staff password hashes verify against the documented demo password, and the password login accepts it', async () => {
    const staff = await t.srv.deps.db.user.findMany({ where: { username: { in: STAFF } } })
    expect(staff.map((u) => u.username).sort()).toEqual([...STAFF].sort())
    for (const u of staff) {
      expect([u.username, await argonVerify(u.passwordHash!, DEMO_STAFF_PASSWORD)]).toEqual([u.username, true])
      expect([u.username, await argonVerify(u.passwordHash!, 'Linli@2025')]).toEqual([u.username, false])
    }
    const api = new Client(t.srv.baseUrl)
    for (const username of ['committee1', 'street1']) {
      const r = await api.post('/api/v1/auth/password', { username, password: DEMO_STAFF_PASSWORD })
      expect([username, r.status]).toEqual([username, 200])
      expect(r.body.data.user).toMatchObject({ id: t.srv.demo!.staffIds[username], isStaff: true })
    }
  })

  it('residents have no password: the password login refuses them', async () => {
    const residents = await t.srv.deps.db.user.findMany({ where: { username: { in: RESIDENTS } }, select: { passwordHash: true } })
    expect(residents.every((u) => u.passwordHash === null)).toBe(true)
    const r = await new Client(t.srv.baseUrl).post('/api/v1/auth/password', { username: 'resident1', password: DEMO_STAFF_PASSWORD })
    expect(r.status).toBe(401)
  })

  it('eight report categories in order, 物业服务 and 市容城管 handled by their departments, 治安隐患 on the clock', async () => {
    const categories = await t.srv.deps.db.reportCategory.findMany({ orderBy: { sortOrder: 'asc' }, include: { department: true } })
    expect(categories.map((c) => [c.code, c.name, c.handlingUnit, c.department?.code ?? null, c.clock, c.active])).toEqual([
      ['water_power', '水电气', 'grid', null, 'working', true],
      ['sanitation', '环境卫生', 'grid', null, 'working', true],
      ['facility', '公共设施', 'grid', null, 'working', true],
      ['safety', '治安隐患', 'grid', null, 'calendar', true],
      ['dispute', '邻里纠纷', 'grid', null, 'working', true],
      ['property', '物业服务', 'department', 'NY-WY', 'working', true],
      ['city_mgmt', '市容城管', 'department', 'NY-CG', 'working', true],
      ['other', '其他', 'grid', null, 'working', true],
    ])
    const safety = categories.find((c) => c.code === 'safety')!
    expect([safety.acceptMinutes, safety.resolveMinutes]).toEqual([30, 1440])
    expect(categories.find((c) => c.code === 'water_power')!.resolveMinutes).toBe(3 * 420)
    expect(categories.every((c) => c.description.length > 0 && c.acceptMinutes > 0 && c.resolveMinutes >= c.acceptMinutes)).toBe(true)
  })

  it('the working calendar holds 2026 holidays and 调休 working days, and the fixed-date holidays of 2027', async () => {
    const days = await t.srv.deps.db.calendarDay.findMany({ orderBy: { day: 'asc' } })
    const kindOf = new Map(days.map((d) => [d.day.toISOString().slice(0, 10), d.kind]))
    expect(['2026-01-01', '2026-02-17', '2026-10-07', '2027-01-01', '2027-10-01'].map((d) => kindOf.get(d))).toEqual(Array(5).fill('holiday'))
    // 调休: a Sunday and Saturdays that are working days.
    expect(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'].map((d) => kindOf.get(d))).toEqual(Array(6).fill('workday'))
    expect(kindOf.get('2026-03-02')).toBeUndefined()
  })

  it('the first community has the Open311 client 12345 热线（演示） whose key hash is the sha256 of demo-open311-key', async () => {
    const clients = await t.srv.deps.db.open311Client.findMany()
    expect(clients.map((c) => [c.communityId, c.name, c.revokedAt])).toEqual([[t.srv.demo!.communityIds[0], '12345 热线（演示）', null]])
    expect(Buffer.from(clients[0].keyHash).toString('hex')).toBe(createHash('sha256').update('demo-open311-key').digest('hex'))
  })

  it('五必访 flags mark households in each of the four grids of 青石社区', async () => {
    const flags = await t.srv.deps.db.householdCareFlag.findMany({ include: { household: true } })
    expect(flags.length).toBeGreaterThanOrEqual(8)
    expect(new Set(flags.map((f) => f.household.gridId))).toEqual(new Set(t.srv.demo!.gridIds.slice(0, 4)))
    expect(new Set(flags.map((f) => f.flag))).toEqual(new Set(['elderly_alone', 'disabled', 'left_behind_child', 'migrant', 'new_resident']))
  })

  it('five demo reports in 青石社区 in different states, consistent with what the report API shows and allows', async () => {
    const reports = await t.srv.deps.db.report.findMany({ orderBy: { id: 'asc' }, include: { events: { orderBy: { id: 'asc' } } } })
    expect(reports.every((r) => r.communityId === t.srv.demo!.communityIds[0])).toBe(true)
    expect(reports.map((r) => r.status)).toEqual(['submitted', 'accepted', 'resolved', 'closed', 'accepted'])
    const now = Date.now()
    const overdue = reports.filter((r) => r.dueAt !== null && r.dueAt.getTime() < now)
    expect(overdue.map((r) => [r.id, r.escalationLevel, r.events.map((e) => e.kind).slice(-1)[0]])).toEqual([[reports[4].id, 1, 'escalated']])
    for (const r of reports) {
      expect(r.events.map((e) => e.createdAt.getTime())).toEqual(r.events.map((e) => e.createdAt.getTime()).sort((a, b) => a - b))
      expect(r.events[0].kind).toBe('submitted')
    }
    const [submitted, , resolved, closed] = reports
    expect([submitted.reporterId, submitted.assigneeId, submitted.gridId]).toEqual([t.srv.demo!.residentIds.resident1, t.srv.demo!.staffIds.grid1, t.srv.demo!.gridIds[0]])
    expect([closed.satisfied, closed.closedAt?.getTime()]).toEqual([true, closed.ratedAt?.getTime()])
    const resident1 = await t.srv.as('resident1')
    const view = await resident1.get(`/api/v1/reports/${resolved.id}`)
    expect(view.status).toBe(200)
    expect([view.body.data.status, view.body.data.policies.rate]).toEqual(['resolved', true])
    const grid1 = await t.srv.as('grid1')
    const inbox = await grid1.get('/api/v1/reports?box=inbox&status=open')
    // Deadline order: the overdue one first.
    expect(inbox.body.data.map((r: { id: number }) => r.id)).toEqual([reports[4].id, submitted.id])
    const accept = await grid1.post(`/api/v1/reports/${submitted.id}/accept`, {})
    expect(accept.status).toBe(200)
  })

  it('each community offers 居住证办理 (free), 开具居住证明, 老年人优待证办理 (独居老人, confirmed by staff) and 上门维修（水电） (paid home service)', async () => {
    const services = await t.srv.deps.db.service.findMany({ orderBy: [{ communityId: 'asc' }, { sortOrder: 'asc' }] })
    const expected = [
      ['居住证办理', '社区服务中心 1号窗口', 0, false, false, 'community', null],
      ['开具居住证明', '社区服务中心 2号窗口', 0, false, false, 'community', null],
      ['老年人优待证办理', '社区服务中心 3号窗口', 0, false, true, 'groups', ['elderly_alone']],
      ['上门维修（水电）', '物业维修服务站', 3000, true, false, 'community', null],
    ]
    for (const communityId of t.srv.demo!.communityIds) {
      expect(services.filter((s) => s.communityId === communityId).map((s) => [s.name, s.department, s.feeFen, s.homeService, s.requiresConfirmation, s.eligibility, s.eligibleFlags]))
        .toEqual(expected)
    }
    expect(services.every((s) => s.active && s.createdById === t.srv.demo!.staffIds.committee1)).toBe(true)
    const permit = services.find((s) => s.name === '居住证办理')!
    expect(permit.durationMinutes).toBe(20)
    expect(permit.materials).toEqual([
      { name: '身份证原件', note: '在有效期内' },
      { name: '户口本原件', note: '户主页和本人页' },
      { name: '租房合同或房产证复印件', note: '租房的带上已登记备案的合同', copies: 1 },
      { name: '一寸照片', note: '近6个月内白底免冠彩色照片', copies: 2 },
    ])
    // Every materials list passes the API's own validation of a service's materials.
    for (const s of services) expect([s.name, ServiceMaterial.array().safeParse(s.materials).success]).toEqual([s.name, true])
  })

  it('居住证办理 has 11 slots of 10 places on every working day of the coming two weeks (working calendar), none in the past', async () => {
    const { db } = t.srv.deps
    const cal = await loadCalendar(db)
    const shanghai = (d: Date) => new Date(d.getTime() + 8 * 3600_000)
    const dayOf = (d: Date) => shanghai(d).toISOString().slice(0, 10)
    for (const communityId of t.srv.demo!.communityIds) {
      const permit = await db.service.findFirstOrThrow({ where: { communityId, name: '居住证办理' } })
      const slots = await db.serviceSlot.findMany({ where: { serviceId: permit.id }, orderBy: { startsAt: 'asc' } })
      expect(slots.every((s) => s.capacity === 10 && s.status === 'open' && s.startsAt > t.seededAt && s.endsAt.getTime() - s.startsAt.getTime() === 30 * 60_000)).toBe(true)
      const byDay = new Map<string, string[]>()
      for (const s of slots) byDay.set(dayOf(s.startsAt), [...(byDay.get(dayOf(s.startsAt)) ?? []), shanghai(s.startsAt).toISOString().slice(11, 16)])
      // The 14 days from the seed's day; the seed's own day only keeps the slots still ahead.
      const days = Array.from({ length: 14 }, (_, i) => dayOf(new Date(t.seededAt.getTime() + i * 86400_000)))
      const working = days.filter((d) => cal.isWorkingDay(d))
      expect([...byDay.keys()].every((d) => working.includes(d))).toBe(true)
      const full = ['09:00', '09:30', '10:00', '10:30', '11:00', '14:00', '14:30', '15:00', '15:30', '16:00', '16:30']
      for (const d of working.filter((x) => x !== days[0])) expect([d, byDay.get(d)]).toEqual([d, full])
      expect(working.length).toBeGreaterThanOrEqual(8)
    }
    // Home repairs: fewer places; 优待证 only on Tuesday and Thursday mornings (or a 调休 working weekend day).
    const repair = await db.service.findFirstOrThrow({ where: { communityId: t.srv.demo!.communityIds[0], name: '上门维修（水电）' }, include: { slots: true } })
    expect(repair.slots.length).toBeGreaterThan(0)
    expect(repair.slots.every((s) => s.capacity === 2)).toBe(true)
    const elderly = await db.service.findFirstOrThrow({ where: { communityId: t.srv.demo!.communityIds[0], name: '老年人优待证办理' }, include: { slots: true } })
    expect(elderly.slots.length).toBeGreaterThan(0)
    expect(elderly.slots.every((s) => [2, 4, 6, 0].includes(shanghai(s.startsAt).getUTCDay()) && shanghai(s.startsAt).getUTCHours() < 12)).toBe(true)
  })

  it('resident1 holds one confirmed 居住证办理 booking with a code; every slot counter equals its seat-holding bookings', async () => {
    const { db } = t.srv.deps
    const bookings = await db.booking.findMany({ include: { service: true, slot: true } })
    expect(bookings.map((b) => [b.userId, b.service.name, b.communityId, b.status, b.seatSlotId])).toEqual([
      [t.srv.demo!.residentIds.resident1, '居住证办理', t.srv.demo!.communityIds[0], 'confirmed', bookings[0].slotId],
    ])
    expect(BookingCode.safeParse(bookings[0].code).success).toBe(true)
    expect(bookings[0].slot.startsAt > t.seededAt).toBe(true)
    const [mismatched] = await t.srv.deps.sql.query(`
      SELECT s.id, s.booked, COUNT(b.id) AS seats FROM service_slots s LEFT JOIN bookings b ON b.seat_slot_id = s.id
      GROUP BY s.id, s.booked HAVING s.booked <> COUNT(b.id)`)
    expect(mismatched).toEqual([])
  })

  it('through the API: resident2 can book 居住证办理 of 青石社区; resident1 sees the demo booking and may cancel it', async () => {
    const resident2 = await t.srv.as('resident2')
    const list = await resident2.get('/api/v1/services')
    expect(list.status).toBe(200)
    expect(list.body.data.map((s: { name: string }) => s.name)).toEqual(['居住证办理', '开具居住证明', '老年人优待证办理', '上门维修（水电）'])
    const permit = list.body.data[0]
    expect([permit.communityId, permit.feeText, permit.nextAvailableAt !== null]).toEqual([t.srv.demo!.communityIds[0], '免费', true])
    const detail = await resident2.get(`/api/v1/services/${permit.id}`)
    expect([detail.body.data.bookable, detail.body.data.materials.length]).toEqual([{ ok: true, reason: null }, 4])
    const elderly = await resident2.get(`/api/v1/services/${list.body.data[2].id}`)
    expect(elderly.body.data.bookable.ok).toBe(false)
    const slots = await resident2.get(`/api/v1/services/${permit.id}/slots`)
    const open = slots.body.data.filter((x: { bookable: boolean }) => x.bookable)
    expect(open.length).toBeGreaterThan(20)
    const booked = await resident2.post('/api/v1/bookings', { slotId: open[0].id }, { 'Idempotency-Key': 'demo-seed-test' })
    expect([booked.status, booked.body.data?.status]).toEqual([201, 'confirmed'])
    const mine = await (await t.srv.as('resident1')).get('/api/v1/bookings')
    expect(mine.body.data.map((b: { service: { name: string }; status: string; allowedActions: { cancel: boolean } }) => [b.service.name, b.status, b.allowedActions.cancel]))
      .toEqual([['居住证办理', 'confirmed', true]])
  })

  it('demo buildings lie around 39.90 N, 116.40 E, buildings of different grids 100–300 m apart', async () => {
    const buildings = await t.srv.deps.db.building.findMany({ orderBy: { id: 'asc' } })
    const at = (b: (typeof buildings)[number]) => [Number(b.latitude), Number(b.longitude)] as const
    expect(buildings.every((b) => Math.abs(at(b)[0] - 39.9) < 0.05 && Math.abs(at(b)[1] - 116.4) < 0.05)).toBe(true)
    const meters = (p: readonly [number, number], q: readonly [number, number]) =>
      Math.hypot((p[0] - q[0]) * 111_320, (p[1] - q[1]) * 111_320 * Math.cos((p[0] * Math.PI) / 180))
    const first = buildings.filter((b) => b.communityId === t.srv.demo!.communityIds[0])
    for (const b of first) {
      const nearestOtherGrid = Math.min(...first.filter((o) => o.gridId !== b.gridId).map((o) => meters(at(b), at(o))))
      expect([b.id, nearestOtherGrid > 100 && nearestOtherGrid < 300]).toEqual([b.id, true])
    }
  })

  it('loading the demo data into a database that has it already fails and changes nothing', async () => {
    const { db, cipher } = t.srv.deps
    const before = await Promise.all([db.street.count(), db.user.count(), db.household.count(), db.notice.count()])
    await expect(seedDemo(db, cipher)).rejects.toThrow()
    expect(await Promise.all([db.street.count(), db.user.count(), db.household.count(), db.notice.count()])).toEqual(before)
  })
})
