import { describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { categoryId, fileReport, homeOf, messagedUsers, uploadPhoto } from './support/reports.ts'
import { startTestServer } from './support/server.ts'

describe('filing a report and dispatching it', () => {
  const fx = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const resident1 = await api.login('resident1')
    const water: number = await categoryId(srv, 'water_power')
    const property: number = await categoryId(srv, 'property')
    const home1: Awaited<ReturnType<typeof homeOf>> = await homeOf(srv, 'resident1')
    return { srv, api, resident1, water, property, home1 }
  })

  const body = (extra: Record<string, unknown> = {}) => ({ categoryId: fx.water, description: '楼道灯坏了一个星期', location: { householdId: fx.home1.id }, ...extra })

  it('401 without a token; 403 for staff filing as a resident', async () => {
    expect((await fx.api.post('/api/v1/reports', body())).status).toBe(401)
    const r = await fileReport(await fx.api.login('committee1'), body({ location: { buildingId: fx.home1.buildingId } }))
    expect(r.status).toBe(403)
  })

  it('routes a household report to the household grid worker, with deadlines and messages to assignee, leader and community', async () => {
    const photo = await uploadPhoto(fx.srv, fx.resident1)
    const r = await fileReport(fx.resident1, body({ photos: [photo] }))
    expect(r.status).toBe(201)
    const d = r.body.data
    expect(d).toMatchObject({
      status: 'submitted', statusLabel: '待受理', visibility: 'full', source: 'resident', isMine: true,
      grid: { id: fx.home1.gridId }, assignee: { name: '王芳（网格员）' }, category: { id: fx.water, name: '水电气' },
      location: { kind: 'household' }, escalationLevel: 0,
    })
    expect(d.location.address).toMatch(/单元 .*室$/)
    expect(d.photos).toHaveLength(1)
    expect(d.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'assigned'])
    expect(new Date(d.acceptDueAt).getTime()).toBeGreaterThan(Date.now())
    expect(new Date(d.resolveDueAt).getTime()).toBeGreaterThan(new Date(d.acceptDueAt).getTime())
    expect(d.policies).toMatchObject({ accept: false, rate: false, second: false })
    expect(await messagedUsers(fx.srv, d.id, 'report.assigned')).toEqual(['grid1'])
    expect(await messagedUsers(fx.srv, d.id, 'report.new')).toEqual(['committee1', 'leader1'])
    const upload = await fx.srv.deps.db.upload.findUniqueOrThrow({ where: { id: photo } })
    expect(upload.attachedAt).not.toBeNull()
  })

  it('routes a building report to the building grid, and a map point to the grid of the nearest building', async () => {
    const other = await fx.srv.deps.db.building.findFirstOrThrow({ where: { gridId: fx.srv.demo!.gridIds[2] } })
    const byBuilding = await fileReport(fx.resident1, body({ location: { buildingId: other.id } }))
    expect(byBuilding.status).toBe(201)
    expect(byBuilding.body.data).toMatchObject({ grid: { id: other.gridId }, location: { kind: 'building' }, assignee: { name: '赵敏（网格员）' } })
    const lat = other.latitude!.toNumber() + 0.0001
    const lng = other.longitude!.toNumber() - 0.0001
    const byPoint = await fileReport(fx.resident1, body({ location: { lat, lng, address: '小区东门' } }))
    expect(byPoint.status).toBe(201)
    expect(byPoint.body.data).toMatchObject({ grid: { id: other.gridId }, location: { kind: 'point', address: '小区东门' } })
  })

  it('sends a department category to the department queue, with the grid worker informed', async () => {
    const dept = await fx.srv.deps.db.department.findUniqueOrThrow({ where: { code: 'NY-WY' } })
    await createStaff(fx.srv.deps.db, 'wy1', 'dept', { type: 'department', id: dept.id })
    const r = await fileReport(fx.resident1, body({ categoryId: fx.property, description: '电梯经常停运，物业不修' }))
    expect(r.status).toBe(201)
    expect(r.body.data).toMatchObject({ assignee: null, department: { id: dept.id, name: '物业服务中心' } })
    expect(await messagedUsers(fx.srv, r.body.data.id, 'report.assigned')).toEqual(['wy1'])
    expect(await messagedUsers(fx.srv, r.body.data.id, 'report.new')).toEqual(['committee1', 'grid1', 'leader1'])
  })

  it('skips a primary worker on leave and balances deputies by their open reports', async () => {
    const { db } = fx.srv.deps
    const grid = fx.srv.demo!.gridIds[3]
    const [a, b] = [await createStaff(db, 'deputyA', 'grid_worker'), await createStaff(db, 'deputyB', 'grid_worker')]
    await db.gridAssignment.createMany({ data: [{ gridId: grid, userId: a.id, kind: 'deputy' }, { gridId: grid, userId: b.id, kind: 'deputy' }] })
    const today = new Date(fx.srv.clock.now().getTime() + 8 * 3600_000).toISOString().slice(0, 10)
    await db.workerLeave.create({ data: { userId: fx.srv.demo!.staffIds.grid4, startsOn: new Date(`${today}T00:00:00Z`), endsOn: new Date(`${today}T00:00:00Z`), reason: '病假' } })
    const building = await db.building.findFirstOrThrow({ where: { gridId: grid } })
    const names: string[] = []
    for (let i = 0; i < 4; i++) {
      const r = await fileReport(fx.resident1, body({ location: { buildingId: building.id }, description: `第${i}个问题：垃圾没人清` }))
      expect(r.status).toBe(201)
      names.push(r.body.data.assignee.id)
    }
    expect(names.filter((n) => n === a.id as unknown as string).length).toBe(2)
    expect(names.filter((n) => n === b.id as unknown as string).length).toBe(2)
    expect(names).not.toContain(fx.srv.demo!.staffIds.grid4)
  })

  it('a retry with the same Idempotency-Key, even 10 at once, makes exactly one report', async () => {
    const before = await fx.srv.deps.db.report.count()
    const replies = await Promise.all(Array.from({ length: 10 }, () => fileReport(fx.resident1, body({ description: '同一个请求重试十次' }), 'weak-net-1')))
    const ids = new Set(replies.filter((r) => r.status === 201).map((r) => r.body.data.id))
    expect(ids.size).toBe(1)
    expect(replies.every((r) => r.status === 201 || r.status === 409)).toBe(true)
    expect(await fx.srv.deps.db.report.count()).toBe(before + 1)
  })

  describe('bad input is a 4xx naming the field, and nothing is stored', () => {
    const cases: [string, () => Promise<Record<string, unknown>>, string][] = [
      ['unknown category', async () => body({ categoryId: 999999 }), 'categoryId'],
      ['description too short', async () => body({ description: '坏' }), 'description'],
      ['description too long', async () => body({ description: '长'.repeat(1001) }), 'description'],
      ['ten photos', async () => body({ photos: Array.from({ length: 10 }, (_, i) => i + 1) }), 'photos'],
      ['a far-away point', async () => body({ location: { lat: 31.2, lng: 121.5 } }), 'location'],
      ['someone else\'s household', async () => body({ location: { householdId: (await homeOf(fx.srv, 'resident2')).id } }), 'location.householdId'],
      ['a building that does not exist', async () => body({ location: { buildingId: 999999 } }), 'location.buildingId'],
      ['an unknown field', async () => body({ status: 'closed' }), 'status'],
    ]
    for (const [name, make, field] of cases) {
      it(name, async () => {
        const before = await fx.srv.deps.db.report.count()
        const r = await fileReport(fx.resident1, await make())
        expect(r.status).toBeGreaterThanOrEqual(400)
        expect(r.status).toBeLessThan(500)
        expect(fieldsOf(r)).toContain(field)
        expect(await fx.srv.deps.db.report.count()).toBe(before)
      })
    }
    it('a photo that is not the caller\'s own unattached upload', async () => {
      const theirs = await uploadPhoto(fx.srv, await fx.api.login('resident2'))
      const mine = await uploadPhoto(fx.srv, fx.resident1)
      const before = await fx.srv.deps.db.report.count()
      expect(fieldsOf(await fileReport(fx.resident1, body({ photos: [theirs] })))).toEqual(['photos'])
      expect((await fileReport(fx.resident1, body({ photos: [mine] }))).status).toBe(201)
      expect(fieldsOf(await fileReport(fx.resident1, body({ photos: [mine] })))).toEqual(['photos'])
      expect(await fx.srv.deps.db.report.count()).toBe(before + 1)
    })
  })

  it('offers open reports of the same category nearby; 附议 adds a supporter once, even under parallel taps', async () => {
    const building = await fx.srv.deps.db.building.findFirstOrThrow({ where: { gridId: fx.srv.demo!.gridIds[1] } })
    const filed = await fileReport(fx.resident1, body({ location: { buildingId: building.id }, description: '单元门禁坏了进不去' }))
    const neighbour = await fx.api.login('resident2')
    const near = await neighbour.get(`/api/v1/reports/nearby?categoryId=${fx.water}&lat=${building.latitude}&lng=${building.longitude}`)
    expect(near.status).toBe(200)
    expect(near.body.data.map((r: { id: number }) => r.id)).toContain(filed.body.data.id)
    expect(near.body.data[0]).not.toHaveProperty('description')
    const other = await neighbour.get(`/api/v1/reports/nearby?categoryId=${fx.property}&buildingId=${building.id}`)
    expect(other.body.data.map((r: { id: number }) => r.id)).not.toContain(filed.body.data.id)
    const taps = await Promise.all(Array.from({ length: 5 }, () => neighbour.post(`/api/v1/reports/${filed.body.data.id}/second`)))
    expect(taps.map((t) => t.status).sort()).toEqual([200, 409, 409, 409, 409])
    expect(taps.filter((t) => t.status === 409)).toHaveLength(4)
    expect(await fx.srv.deps.db.reportSupporter.count({ where: { reportId: filed.body.data.id } })).toBe(1)
    const seen = await neighbour.get(`/api/v1/reports/${filed.body.data.id}`)
    expect(seen.body.data).toMatchObject({ visibility: 'public', isSupporter: true, supporterCount: 1, description: null, photos: [], reporter: null })
    expect((await neighbour.get('/api/v1/reports?box=mine')).body.data.map((r: { id: number }) => r.id)).toContain(filed.body.data.id)
    expect((await fx.resident1.post(`/api/v1/reports/${filed.body.data.id}/second`)).status).toBe(403)
  })
})
