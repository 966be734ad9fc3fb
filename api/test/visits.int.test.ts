import { describe, expect, it } from 'vitest'
import { formatShanghai } from '../src/core/time.ts'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('visit log (民情日志) and 五必访', () => {
  let [g1a, g1b, g1c, g2a] = [0, 0, 0, 0]
  const today = () => formatShanghai(t.srv.clock.now(), 'YYYY-MM-DD')
  const visit = (householdId: number, over: Record<string, unknown> = {}) =>
    ({ householdId, visitedOn: today(), kind: 'door', notes: '入户了解生活情况，老人身体尚可', ...over })

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const { db } = srv.deps
    const d = srv.demo!
    await createStaff(db, 'committee_c2', 'committee', { type: 'community', id: d.communityIds[1] })
    // Households with no visits from the demo data, so the 五必访 list is this test's own.
    const fresh = async (gridId: number, n: number) =>
      (await db.household.findMany({ where: { gridId, visits: { none: {} }, careFlags: { none: {} } }, orderBy: { id: 'desc' }, take: n })).map((h) => h.id)
    ;[g1a, g1b, g1c] = await fresh(d.gridIds[0], 3)
    ;[g2a] = await fresh(d.gridIds[1], 1)
    const grid1 = await api.login('grid1')
    const grid2 = await api.login('grid2')
    return { srv, api, grid1, grid2 }
  })

  describe('PUT /api/v1/households/:id/care-flags', () => {
    it('401 without a token', async () => {
      expect((await t.api.put(`/api/v1/households/${g1a}/care-flags`, { flags: ['elderly_alone'] })).status).toBe(401)
    })
    it('400 names an unknown or repeated flag', async () => {
      const bad = await t.grid1.put(`/api/v1/households/${g1a}/care-flags`, { flags: ['elderly_alone', 'vip'] })
      expect(bad.status).toBe(400)
      expect(fieldsOf(bad)).toEqual(['flags.1'])
      const dup = await t.grid1.put(`/api/v1/households/${g1a}/care-flags`, { flags: ['migrant', 'migrant'] })
      expect(dup.status).toBe(400)
      expect(fieldsOf(dup)).toEqual(['flags'])
    })
    it('404 for a grid worker of another grid and for a missing household', async () => {
      expect((await t.grid2.put(`/api/v1/households/${g1a}/care-flags`, { flags: ['disabled'] })).status).toBe(404)
      expect((await t.grid1.put('/api/v1/households/999999/care-flags', { flags: ['disabled'] })).status).toBe(404)
    })
    it('403 for a grid leader who sees the household but does not keep its flags', async () => {
      const r = await (await t.api.login('leader1')).put(`/api/v1/households/${g1a}/care-flags`, { flags: ['disabled'] })
      expect(r.status).toBe(403)
    })
    it('the grid worker and committee staff set flags with labels; each change is audited', async () => {
      const r = await t.grid1.put(`/api/v1/households/${g1a}/care-flags`, { flags: ['migrant', 'elderly_alone'] })
      expect(r.status).toBe(200)
      expect(r.body.data).toEqual({ householdId: g1a, flags: [{ flag: 'elderly_alone', label: '独居老人' }, { flag: 'migrant', label: '流动人口' }] })
      const c = await (await t.api.login('committee1')).put(`/api/v1/households/${g1b}/care-flags`, { flags: ['left_behind_child'] })
      expect(c.status).toBe(200)
      expect(c.body.data.flags).toEqual([{ flag: 'left_behind_child', label: '留守儿童' }])
      const again = await t.grid1.put(`/api/v1/households/${g1a}/care-flags`, { flags: ['elderly_alone'] })
      expect(again.body.data.flags.map((f: { flag: string }) => f.flag)).toEqual(['elderly_alone'])
      const stored = await t.srv.deps.db.householdCareFlag.findMany({ where: { householdId: g1a } })
      expect(stored.map((f) => f.flag)).toEqual(['elderly_alone'])
      const audits = await t.srv.deps.db.auditLog.findMany({ where: { action: 'household.care_flags', resourceId: String(g1a) }, orderBy: { id: 'asc' } })
      expect(audits.map((a) => a.details)).toEqual([
        { before: [], after: ['migrant', 'elderly_alone'] },
        { before: ['elderly_alone', 'migrant'], after: ['elderly_alone'] },
      ])
    })
  })

  describe('POST /api/v1/visits', () => {
    it('401 without a token', async () => {
      expect((await t.api.post('/api/v1/visits', visit(g1a))).status).toBe(401)
    })
    it('400 names a future date, an impossible date, a bad kind and short notes', async () => {
      const tomorrow = formatShanghai(new Date(t.srv.clock.now().getTime() + 86400_000), 'YYYY-MM-DD')
      const future = await t.grid1.post('/api/v1/visits', visit(g1a, { visitedOn: tomorrow }))
      expect(future.status).toBe(400)
      expect(fieldsOf(future)).toEqual(['visitedOn'])
      const r = await t.grid1.post('/api/v1/visits', visit(g1a, { visitedOn: '2026-02-30', kind: 'letter', notes: '好' }))
      expect(r.status).toBe(400)
      expect(fieldsOf(r).sort()).toEqual(['kind', 'notes', 'visitedOn'])
      expect(await t.srv.deps.db.visitLog.count({ where: { householdId: g1a } })).toBe(0)
    })
    it('404 for a household of another grid or one that does not exist', async () => {
      expect((await t.grid2.post('/api/v1/visits', visit(g1a))).status).toBe(404)
      expect((await t.grid1.post('/api/v1/visits', visit(999999))).status).toBe(404)
    })
    it('403 for committee staff, who see the household but do not log visits', async () => {
      const r = await (await t.api.login('committee1')).post('/api/v1/visits', visit(g1a))
      expect(r.status).toBe(403)
      expect(r.body.error.message).toContain('网格员')
    })
    it('logs a visit with grid and community copied from the household; a retry with the same key stores one row', async () => {
      const headers = { 'Idempotency-Key': 'visit-g1b-1' }
      const first = await t.grid1.post('/api/v1/visits', visit(g1b, { kind: 'phone', followUps: '下周送米面' }), headers)
      expect(first.status).toBe(201)
      expect(first.body.data).toMatchObject({ visitedOn: today(), kind: 'phone', kindLabel: '电话联系', followUps: '下周送米面', household: { id: g1b }, worker: { id: t.srv.demo!.staffIds.grid1 } })
      expect(first.body.data.household.address).toMatch(/单元 .+室$/)
      const retry = await t.grid1.post('/api/v1/visits', visit(g1b, { kind: 'phone', followUps: '下周送米面' }), headers)
      expect(retry.body.data.id).toBe(first.body.data.id)
      const rows = await t.srv.deps.db.visitLog.findMany({ where: { householdId: g1b } })
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({ gridId: t.srv.demo!.gridIds[0], communityId: t.srv.demo!.communityIds[0], workerId: t.srv.demo!.staffIds.grid1 })
    })
  })

  it('notes and follow-ups are plain text: markup comes back exactly as typed, as JSON strings', async () => {
    const payload = '<img src=x onerror=alert(1)><script>alert(2)</script>'
    const r = await t.grid1.post('/api/v1/visits', visit(g1c, { notes: payload, followUps: `</textarea>${payload}` }))
    expect(r.status).toBe(201)
    expect(r.headers.get('content-type')).toMatch(/^application\/json/)
    expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    expect(r.body.data).toMatchObject({ notes: payload, followUps: `</textarea>${payload}` })
    const listed = (await t.grid1.get(`/api/v1/visits?householdId=${g1c}`)).body.data
    expect(listed[0]).toMatchObject({ notes: payload, followUps: `</textarea>${payload}` })
    await t.srv.deps.db.visitLog.delete({ where: { id: r.body.data.id } })
  })

  describe('GET /api/v1/visits', () => {
    it('401 without a token, 403 for a resident, 400 for a bad cursor', async () => {
      expect((await t.api.get('/api/v1/visits')).status).toBe(401)
      expect((await (await t.api.login('resident1')).get('/api/v1/visits')).status).toBe(403)
      const bad = await t.grid1.get('/api/v1/visits?cursor=zzz')
      expect(bad.status).toBe(400)
      expect(fieldsOf(bad)).toEqual(['cursor'])
    })
    it('a worker sees their own visits; leaders and committee of the community see them; others do not', async () => {
      const ids = async (c: Client, q = '') => ((await c.get(`/api/v1/visits?householdId=${g1b}${q}`)).body.data as { id: number }[]).map((v) => v.id)
      const own = await ids(t.grid1)
      expect(own).toHaveLength(1)
      expect(await ids(t.grid2)).toEqual([])
      expect(await ids(await t.api.login('leader1'))).toEqual(own)
      expect(await ids(await t.api.login('committee1'))).toEqual(own)
      expect(await ids(await t.api.login('street1'))).toEqual(own)
      expect(await ids(await t.api.login('committee_c2'))).toEqual([])
    })
    it('pages newest first', async () => {
      await t.grid2.post('/api/v1/visits', visit(g2a, { notes: '第一次走访' }))
      await t.grid2.post('/api/v1/visits', visit(g2a, { notes: '第二次走访' }))
      const p1 = await t.grid2.get('/api/v1/visits?limit=1')
      expect(p1.body.data[0].notes).toBe('第二次走访')
      const p2 = await t.grid2.get(`/api/v1/visits?limit=1&cursor=${p1.body.page.nextCursor}`)
      expect(p2.body.data[0].notes).toBe('第一次走访')
    })
  })

  it('GET /api/v1/visits/options gives the form choices with labels', async () => {
    expect((await t.api.get('/api/v1/visits/options')).status).toBe(401)
    const r = await t.grid1.get('/api/v1/visits/options')
    expect(r.body.data.kinds[0]).toEqual({ value: 'door', label: '入户走访' })
    expect(r.body.data.careFlags.map((f: { label: string }) => f.label)).toEqual(['新市民', '独居老人', '残疾人', '留守儿童', '流动人口'])
    expect(r.body.data.monthlyTarget).toBe(15)
  })

  describe('GET /api/v1/visits/due', () => {
    it('401 without a token, 403 for a resident', async () => {
      expect((await t.api.get('/api/v1/visits/due')).status).toBe(401)
      expect((await (await t.api.login('resident1')).get('/api/v1/visits/due')).status).toBe(403)
    })
    it('lists flagged households of my grids not visited this month, and drops one once visited', async () => {
      await t.grid1.put(`/api/v1/households/${g1c}/care-flags`, { flags: ['disabled', 'new_resident'] })
      // A visit last month does not count for this month, but shows as the last visit.
      const lastMonth = new Date(`${formatShanghai(t.srv.clock.now(), 'YYYY-MM')}-01T00:00:00Z`)
      lastMonth.setUTCDate(0)
      await t.srv.deps.db.visitLog.create({
        data: { workerId: t.srv.demo!.staffIds.grid1, householdId: g1c, gridId: t.srv.demo!.gridIds[0], communityId: t.srv.demo!.communityIds[0], visitedOn: lastMonth, kind: 'door', notes: '上月走访' },
      })
      const due = async (c: Client) => (await c.get('/api/v1/visits/due')).body.data as { household: { id: number }; flags: { label: string }[]; lastVisitedOn: string | null }[]
      const before = await due(t.grid1)
      const c = before.find((d) => d.household.id === g1c)!
      expect(c.flags.map((f) => f.label)).toEqual(['新市民', '残疾人'])
      expect(c.lastVisitedOn).toBe(lastMonth.toISOString().slice(0, 10))
      expect(before.find((d) => d.household.id === g1a)).toMatchObject({ lastVisitedOn: null, flags: [{ label: '独居老人' }] })
      // g1b was visited this month already.
      expect(before.some((d) => d.household.id === g1b)).toBe(false)
      expect((await due(t.grid2)).some((d) => d.household.id === g1a)).toBe(false)
      expect((await due(await t.api.login('committee1'))).some((d) => d.household.id === g1a)).toBe(true)

      expect((await t.grid1.post('/api/v1/visits', visit(g1a))).status).toBe(201)
      const after = await due(t.grid1)
      expect(after.some((d) => d.household.id === g1a)).toBe(false)
      expect(after.some((d) => d.household.id === g1c)).toBe(true)
    })
  })
})
