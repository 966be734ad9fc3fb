import { describe, expect, it } from 'vitest'
import { formatShanghai } from '../src/core/time.ts'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

const DAY = 86400_000

describe('report statistics and the grid ranking (考核测评)', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const { db } = srv.deps
    const d = srv.demo!
    const [g1, g2] = d.gridIds
    const c1: number = d.communityIds[0]
    await createStaff(db, 'committee_c2', 'committee', { type: 'community', id: d.communityIds[1] })
    // The month before this one, so every step below falls inside it whatever today is.
    const thisMonth = new Date(`${formatShanghai(srv.clock.now(), 'YYYY-MM')}-01T00:00:00+08:00`)
    const month: string = formatShanghai(new Date(thisMonth.getTime() - DAY), 'YYYY-MM')
    const at = (day: number) => new Date(`${month}-${String(day).padStart(2, '0')}T10:00:00+08:00`)
    const later = new Date(srv.clock.now().getTime() + 10 * DAY)
    const category = await db.reportCategory.findFirstOrThrow()
    const household = (gridId: number) => db.household.findFirstOrThrow({ where: { gridId } })
    const h1 = await household(g1)
    const h2 = await household(g2)
    await db.report.deleteMany({})
    const add = (h: typeof h1, assigneeId: number, over: Record<string, unknown>) => db.report.create({
      data: {
        reporterId: d.residentIds.resident1, categoryId: category.id, description: '测试统计口径', locationKind: 'household', householdId: h.id,
        gridId: h.gridId, communityId: h.communityId, streetId: h.streetId, handlingUnit: 'grid', assigneeId,
        acceptDueAt: at(3), resolveDueAt: at(8), createdAt: at(2), ...over,
      },
    })
    const done = (accLate: boolean, resLate: boolean) => ({ acceptedAt: at(2), acceptedLate: accLate, resolvedAt: at(5), resolvedLate: resLate })
    const w1 = d.staffIds.grid1
    // Grid 1: two fixed, three with an outcome that is not fixed, one waiting for its rating, two open.
    await add(h1, w1, { status: 'closed', ...done(false, false), satisfied: true, ratedAt: at(6), closedAt: at(6) })
    await add(h1, w1, { status: 'closed', ...done(false, true), closedAt: at(12) })
    await add(h1, w1, { status: 'closed_unfixed', ...done(false, false), satisfied: false, ratedAt: at(6), closedAt: at(12) })
    await add(h1, w1, { status: 'unsatisfied', ...done(false, false), satisfied: false, ratedAt: at(6), escalateAt: at(12) })
    await add(h1, w1, { status: 'rejected', closedAt: at(2) })
    await add(h1, w1, { status: 'resolved', ...done(false, false), escalateAt: later })
    await add(h1, w1, { status: 'submitted', dueAt: at(3), escalateAt: at(3) })
    await add(h1, w1, { status: 'accepted', acceptedAt: at(4), acceptedLate: true, resolveDueAt: later, dueAt: later, escalateAt: later })
    // Grid 2: one report, fixed, everything on time.
    await add(h2, d.staffIds.grid2, { status: 'closed', ...done(false, false), satisfied: true, ratedAt: at(6), closedAt: at(6) })
    const visit = (gridId: number, workerId: number, visitedOn: Date, householdId: number) =>
      db.visitLog.create({ data: { workerId, householdId, gridId, communityId: c1, visitedOn, kind: 'door', notes: '走访' } })
    const day = (n: number) => new Date(`${month}-${String(n).padStart(2, '0')}T00:00:00Z`)
    await visit(g1, w1, day(1), h1.id)
    await visit(g1, w1, day(20), h1.id)
    await visit(g1, w1, new Date(`${formatShanghai(srv.clock.now(), 'YYYY-MM')}-01T00:00:00Z`), h1.id)
    await visit(g2, d.staffIds.grid2, day(9), h2.id)
    return { srv, api, month, g1, g2, c1 }
  })

  const grid1Figures = () => ({
    reports: { received: 8, accepted: 6, resolved: 5, open: 2, overdueOpen: 1 },
    // 5 accepted on time of 6 accepted, plus one never accepted past its deadline.
    acceptedOnTimeRate: 0.7143,
    resolvedOnTimeRate: 0.8,
    satisfactionRate: 0.3333,
    // Closed and not rated unsatisfied: 2 of 5 with an outcome (closed ×2, closed_unfixed, unsatisfied, rejected).
    fixedRate: 0.4,
  })

  describe('GET /api/v1/report-stats', () => {
    it('401 without a token', async () => {
      expect((await t.api.get('/api/v1/report-stats')).status).toBe(401)
    })
    it('400 names a missing grid, a malformed month and a future month', async () => {
      const leader = await t.api.login('leader1')
      const noGrid = await leader.get('/api/v1/report-stats?scope=grid')
      expect(noGrid.status).toBe(400)
      expect(fieldsOf(noGrid)).toEqual(['gridId'])
      expect(fieldsOf(await leader.get('/api/v1/report-stats?month=2026-13'))).toEqual(['month'])
      const next = formatShanghai(new Date(t.srv.clock.now().getTime() + 32 * DAY), 'YYYY-MM')
      const future = await leader.get(`/api/v1/report-stats?scope=community&month=${next}`)
      expect(future.status).toBe(400)
      expect(fieldsOf(future)).toEqual(['month'])
    })
    it('403 for a resident asking for own figures and for a grid worker asking for their grid', async () => {
      expect((await (await t.api.login('resident1')).get('/api/v1/report-stats?scope=me')).status).toBe(403)
      const r = await (await t.api.login('grid1')).get(`/api/v1/report-stats?scope=grid&gridId=${t.g1}`)
      expect(r.status).toBe(403)
    })
    it('404 for a grid or community outside the caller scope, or missing', async () => {
      const other = await t.api.login('committee_c2')
      expect((await other.get(`/api/v1/report-stats?scope=grid&gridId=${t.g1}`)).status).toBe(404)
      expect((await other.get(`/api/v1/report-stats?scope=community&communityId=${t.c1}`)).status).toBe(404)
      expect((await (await t.api.login('leader1')).get('/api/v1/report-stats?scope=grid&gridId=999999')).status).toBe(404)
    })
    it("a grid's figures never count unsatisfied, closed-unfixed or rejected reports as fixed", async () => {
      const r = await (await t.api.login('leader1')).get(`/api/v1/report-stats?scope=grid&gridId=${t.g1}&month=${t.month}`)
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ ...grid1Figures(), scope: { kind: 'grid', id: t.g1 }, period: { month: t.month }, visits: { thisMonth: 2, target: 15 } })
    })
    it("a grid worker's own figures are the items assigned to them and their visits", async () => {
      const r = await (await t.api.login('grid1')).get(`/api/v1/report-stats?scope=me&month=${t.month}`)
      expect(r.body.data).toMatchObject({ ...grid1Figures(), scope: { kind: 'me', id: t.srv.demo!.staffIds.grid1 }, visits: { thisMonth: 2, target: 15 } })
      const now = await (await t.api.login('grid1')).get('/api/v1/report-stats')
      expect(now.body.data).toMatchObject({ period: { month: formatShanghai(t.srv.clock.now(), 'YYYY-MM') }, visits: { thisMonth: 1 } })
      expect(now.body.data.reports).toMatchObject({ received: 0, open: 2, overdueOpen: 1 })
      expect(now.body.data.fixedRate).toBeNull()
    })
    it("the community's figures add up its grids; the committee's own community is the default", async () => {
      const r = await (await t.api.login('committee1')).get(`/api/v1/report-stats?scope=community&month=${t.month}`)
      expect(r.body.data).toMatchObject({
        scope: { kind: 'community', id: t.c1 },
        reports: { received: 9, accepted: 7, resolved: 6 },
        fixedRate: 0.5,
        satisfactionRate: 0.5,
        visits: { thisMonth: 3, target: 60 },
      })
      const street = await (await t.api.login('street1')).get(`/api/v1/report-stats?scope=community&communityId=${t.c1}&month=${t.month}`)
      expect(street.body.data.reports.received).toBe(9)
    })
  })

  describe('GET /api/v1/report-stats/grids', () => {
    it('401, 400 without a community to default to, 403 for a grid worker, 404 outside scope', async () => {
      expect((await t.api.get('/api/v1/report-stats/grids')).status).toBe(401)
      const street = await t.api.login('street1')
      expect(fieldsOf(await street.get('/api/v1/report-stats/grids'))).toEqual(['communityId'])
      expect((await (await t.api.login('grid1')).get(`/api/v1/report-stats/grids?communityId=${t.c1}`)).status).toBe(403)
      expect((await (await t.api.login('committee_c2')).get(`/api/v1/report-stats/grids?communityId=${t.c1}`)).status).toBe(404)
    })
    it('ranks the grids by score with the rule stated; grids without data share the last rank', async () => {
      const r = await (await t.api.login('leader1')).get(`/api/v1/report-stats/grids?month=${t.month}`)
      expect(r.status).toBe(200)
      const { grids, scoreRule, community } = r.body.data
      expect(community.id).toBe(t.c1)
      expect(scoreRule).toContain('40% 按时办结率')
      expect(grids.map((g: { grid: { id: number }; rank: number; score: number | null }) => [g.grid.id, g.rank, g.score])).toEqual([
        [t.g2, 1, 100],
        // 100 × (0.4 × 0.8 + 0.3 × 0.7143 + 0.3 × 0.3333)
        [t.g1, 2, 63.4],
        [t.srv.demo!.gridIds[2], 3, null],
        [t.srv.demo!.gridIds[3], 3, null],
      ])
      expect(grids[1]).toMatchObject({ ...grid1Figures(), visits: { thisMonth: 2, target: 15 } })
    })
  })
})
