import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from './support/client.ts'
import { createResident, freshIdNumber } from './support/factories.ts'
import { expectKeptAnswer } from './support/kept.ts'
import { startTestServer, type TestServer } from './support/server.ts'

// GET /me is kept per process and checked per call against counters that triggers move
// (migration 20261206000000_me_versions). Every change is made through process A or straight in
// the database, and read on process B, whose answer was kept from before the change.
describe('GET /me kept per process, never stale across processes', () => {
  let srv: TestServer
  let onA: Client
  let onB: Client
  let userId: number
  const sql = () => srv.deps.sql

  beforeAll(async () => {
    srv = await startTestServer({ instances: 2 })
    const [a, b] = srv.cluster!.processes
    await createResident(srv.deps.db, srv.deps.cipher, 'me_cache', { idNumber: freshIdNumber(), realName: '钱月娥' })
    onA = await new Client(a.url).login('me_cache')
    onB = new Client(b.url, onA.token)
    userId = (await srv.deps.db.user.findUniqueOrThrow({ where: { username: 'me_cache' } })).id
  })
  afterAll(async () => srv?.close())

  const meOnB = async () => {
    const r = await onB.get('/api/v1/me')
    expect(r.status).toBe(200)
    return r.body.data
  }

  it('answers from the kept copy while the counters stand still (the cache is real)', async () => {
    expect((await meOnB()).profile.realName).toBe('钱月娥')
    // A change with the counter put back by hand: B keeps answering what it kept.
    await sql().query("UPDATE resident_profiles SET real_name = '钱月华' WHERE user_id = ?", [userId])
    await sql().query('UPDATE users SET me_version = me_version - 1 WHERE id = ?', [userId])
    expect((await meOnB()).profile.realName).toBe('钱月娥')
    // Any real change moves the counter again, and B reads afresh.
    await sql().query("UPDATE resident_profiles SET real_name = '钱月娥' WHERE user_id = ?", [userId])
    expect((await meOnB()).profile.realName).toBe('钱月娥')
  })

  it('sends the kept answer again as the same bytes: one ETag, and 304 when the client has it', async () => {
    await expectKeptAnswer(onB, '/api/v1/me')
  })

  it('shows a profile saved on the other process at once', async () => {
    await meOnB()
    const r = await onA.put('/api/v1/me/profile', { realName: '钱小娥', idNumber: freshIdNumber(), phone: '13912340001', consent: true })
    expect(r.status).toBe(200)
    const me = await meOnB()
    expect(me.profile.realName).toBe('钱小娥')
    expect(me.user.displayName).toBe('钱小娥')
    expect(me.profile.phone).toBe('139****0001')
  })

  it('shows a binding requested on one process, then approved by a committee member on the other', async () => {
    const household = await srv.deps.db.household.findFirstOrThrow({ where: { communityId: srv.demo!.communityIds[0] }, select: { id: true } })
    expect((await meOnB()).households).toEqual([])
    const asked = await onA.post('/api/v1/me/households', { householdId: household.id, relation: 'tenant' })
    expect(asked.status).toBe(201)
    expect((await meOnB()).households).toEqual([expect.objectContaining({ id: asked.body.data.id, status: 'pending' })])
    const committee = await new Client(srv.cluster!.processes[0].url).login('committee1')
    expect((await committee.post(`/api/v1/household-bindings/${asked.body.data.id}/approve`, {})).status).toBe(200)
    expect((await meOnB()).households).toEqual([expect.objectContaining({ id: asked.body.data.id, status: 'approved' })])
  })

  it('shows a renamed grid, building and community (place names shared by many users)', async () => {
    const before = (await meOnB()).households[0].household
    await sql().query("UPDATE grids SET name = CONCAT(name, '（新）') WHERE id = ?", [before.grid.id])
    await sql().query("UPDATE buildings SET name = CONCAT(name, '座') WHERE id = (SELECT building_id FROM households WHERE id = ?)", [before.id])
    await sql().query("UPDATE communities SET name = CONCAT(name, '新区') WHERE id = ?", [before.community.id])
    const after = (await meOnB()).households[0].household
    expect(after.grid.name).toBe(`${before.grid.name}（新）`)
    expect(after.building).toBe(`${before.building}座`)
    expect(after.address).toContain(`${before.building}座`)
    expect(after.community.name).toBe(`${before.community.name}新区`)
  })

  it('shows roles and grid duty changed straight in the database, and a new username', async () => {
    await meOnB()
    const grid = srv.demo!.gridIds[1]
    await sql().query("INSERT INTO user_roles (user_id, role, scope_type, scope_id) VALUES (?, 'grid_worker', 'grid', ?)", [userId, grid])
    await sql().query("INSERT INTO grid_assignments (grid_id, user_id, kind, on_duty) VALUES (?, ?, 'deputy', 1)", [grid, userId])
    let me = await meOnB()
    expect(me.user.roles.map((r: { role: string }) => r.role)).toContain('grid_worker')
    expect(me.grids).toEqual([expect.objectContaining({ id: grid, kind: 'deputy', onDuty: true })])
    await sql().query('UPDATE grid_assignments SET on_duty = 0 WHERE user_id = ?', [userId])
    expect((await meOnB()).grids).toEqual([expect.objectContaining({ id: grid, onDuty: false })])
    await sql().query('DELETE FROM grid_assignments WHERE user_id = ?', [userId])
    await sql().query("DELETE FROM user_roles WHERE user_id = ? AND role = 'grid_worker'", [userId])
    await sql().query("UPDATE users SET username = 'me_cache_2' WHERE id = ?", [userId])
    me = await meOnB()
    expect(me.grids).toEqual([])
    expect(me.user.roles.map((r: { role: string }) => r.role)).toEqual(['resident'])
    expect(me.user.username).toBe('me_cache_2')
  })

  it('shows withdrawn real-name consent on the other process at once (no real name left)', async () => {
    expect((await meOnB()).profile.realName).not.toBeNull()
    const r = await onA.post('/api/v1/me/consents/real_name/withdraw', { confirm: true })
    expect(r.status).toBe(200)
    const me = await meOnB()
    expect(me.profile.realName).toBeNull()
    expect(me.profile.consent.granted).toBe(false)
    expect(me.households.filter((h: { status: string }) => h.status === 'approved')).toEqual([])
  })
})
