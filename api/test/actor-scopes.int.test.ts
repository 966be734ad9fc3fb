import { describe, expect, it } from 'vitest'
import { createResident, createStaff, freshIdNumber } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

/**
 * A person may hold several staff roles over different nodes. What each role allows is bounded by
 * that role's own scope: committee member of community 2 and grid leader of community 1 manages
 * community 2's notices and bindings only, and follows community 1's reads as its grid leader.
 */
describe('each role acts only within its own scope (loaded from user_roles)', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const [c1, c2] = srv.demo!.communityIds
    const u = await createStaff(srv.deps.db, 'two_hats', 'committee', { type: 'community', id: c2 })
    await srv.deps.db.userRole.create({ data: { userId: u.id, role: 'grid_leader', scopeType: 'community', scopeId: c1 } })
    const both = await srv.as('two_hats')
    return { srv, both, c1, c2 }
  })

  it('publishes to the community where it is committee, not to the one where it is grid leader', async () => {
    const base = { title: '两个角色的公告', body: '正文', importance: 'important' }
    const mine = await t.both.post('/api/v1/notices', { ...base, target: { communityId: t.c2 } })
    expect(mine.status).toBe(201)
    const other = await t.both.post('/api/v1/notices', { ...base, target: { communityId: t.c1 } })
    expect(other.status).toBe(403)
    expect(other.body.error.code).toBe('TARGET_OUT_OF_SCOPE')
    expect(await t.srv.deps.db.notice.count({ where: { communityId: t.c1, title: base.title } })).toBe(0)
  })

  it("cannot withdraw community 1's notice, but follows its reads as grid leader", async () => {
    const committee1 = await t.srv.as('committee1')
    const n = (await committee1.post('/api/v1/notices', { title: '一社区重要公告', body: '正文', importance: 'important', target: { communityId: t.c1 } })).body.data
    expect((await t.both.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '越权撤回' })).status).toBe(403)
    expect((await t.srv.deps.db.notice.findUniqueOrThrow({ where: { id: n.id } })).status).toBe('published')
    expect((await t.both.get(`/api/v1/notices/${n.id}/reads`)).status).toBe(200)
    const managed = (await t.both.get('/api/v1/notices?box=manage&limit=100')).body.data ?? []
    expect(managed.map((x: { id: number }) => x.id)).not.toContain(n.id)
  })

  it("sees community 1's binding requests (grid leader) but cannot approve them; approves community 2's", async () => {
    const asker = await createResident(t.srv.deps.db, t.srv.deps.cipher, 'asker', { idNumber: freshIdNumber() })
    const me = await t.srv.as('asker')
    const h1 = await t.srv.deps.db.household.findFirstOrThrow({ where: { communityId: t.c1 }, skip: 50 })
    const h2 = await t.srv.deps.db.household.findFirstOrThrow({ where: { communityId: t.c2 }, skip: 50 })
    const b1 = (await me.post('/api/v1/me/households', { householdId: h1.id, relation: 'owner' })).body.data
    const b2 = (await me.post('/api/v1/me/households', { householdId: h2.id, relation: 'owner' })).body.data
    expect(b1.status).toBe('pending')
    const r1 = await t.both.post(`/api/v1/household-bindings/${b1.id}/approve`)
    expect(r1.status).toBe(403)
    expect((await t.srv.deps.db.householdBinding.findUniqueOrThrow({ where: { id: b1.id } })).status).toBe('pending')
    expect((await t.both.post(`/api/v1/household-bindings/${b2.id}/approve`)).status).toBe(200)
    expect(asker.id).toBeGreaterThan(0)
  })
})
