import { beforeAll, describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { createResident, createStaff, freshIdNumber } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('households and binding requests', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const { db, cipher } = srv.deps
    const d = srv.demo!
    await createStaff(db, 'committee2', 'committee', { type: 'community', id: d.communityIds[1] })
    await createStaff(db, 'grid2x', 'grid_worker')
    for (const name of ['newbie', 'racer', 'other_resident']) await createResident(db, cipher, name, { idNumber: freshIdNumber() })
    await createResident(db, cipher, 'noprofile')
    const hh = (gridId: number) => db.household.findMany({ where: { gridId }, orderBy: { id: 'desc' }, take: 2 })
    const [c1Household, c1OtherHousehold] = (await hh(d.gridIds[0])).map((h) => h.id)
    const c2Household: number = (await hh(d.gridIds[4]))[0].id
    const grid2Household: number = (await hh(d.gridIds[1]))[0].id
    return { srv, api, c1Household, c1OtherHousehold, c2Household, grid2Household }
  })

  describe('POST /api/v1/me/households', () => {
    it('401 without a token', async () => {
      expect((await t.api.post('/api/v1/me/households', { householdId: t.c1Household, relation: 'owner' })).status).toBe(401)
    })
    it('400 names a bad relation and a household that does not exist', async () => {
      const me = await t.api.login('newbie')
      const bad = await me.post('/api/v1/me/households', { householdId: t.c1Household, relation: 'landlord' })
      expect(bad.status).toBe(400)
      expect(fieldsOf(bad)).toEqual(['relation'])
      const missing = await me.post('/api/v1/me/households', { householdId: 999999, relation: 'owner' })
      expect(missing.status).toBe(400)
      expect(fieldsOf(missing)).toEqual(['householdId'])
    })
    it('409 PROFILE_REQUIRED before real-name registration', async () => {
      const r = await (await t.api.login('noprofile')).post('/api/v1/me/households', { householdId: t.c1Household, relation: 'owner' })
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('PROFILE_REQUIRED')
    })
    it('creates a pending request; a retry with the same Idempotency-Key returns it without a second row', async () => {
      const me = await t.api.login('newbie')
      const headers = { 'Idempotency-Key': 'bind-newbie-1' }
      const first = await me.post('/api/v1/me/households', { householdId: t.c1Household, relation: 'family' }, headers)
      expect(first.status).toBe(201)
      expect(first.body.data).toMatchObject({ status: 'pending', statusLabel: '待审核', relationLabel: '家属', policies: { approve: false, reject: false, withdraw: true } })
      const retry = await me.post('/api/v1/me/households', { householdId: t.c1Household, relation: 'family' }, headers)
      expect(retry.status).toBe(201)
      expect(retry.headers.get('idempotent-replayed')).toBe('true')
      expect(retry.body.data.id).toBe(first.body.data.id)
      const reused = await me.post('/api/v1/me/households', { householdId: t.c1OtherHousehold, relation: 'family' }, headers)
      expect(reused.status).toBe(422)
      expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED')
      const userId = (await me.get('/api/v1/me')).body.data.user.id
      expect(await t.srv.deps.db.householdBinding.count({ where: { userId } })).toBe(1)
      const dup = await me.post('/api/v1/me/households', { householdId: t.c1Household, relation: 'owner' })
      expect(dup.status).toBe(409)
      expect(dup.body.error.code).toBe('BINDING_EXISTS')
    })
    it('keeps one live request when the same request is fired in parallel', async () => {
      const me = await t.api.login('racer')
      const rs = await Promise.all(Array.from({ length: 6 }, () => me.post('/api/v1/me/households', { householdId: t.c2Household, relation: 'tenant' })))
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
      const userId = (await me.get('/api/v1/me')).body.data.user.id
      expect(await t.srv.deps.db.householdBinding.count({ where: { userId, householdId: t.c2Household } })).toBe(1)
    })
  })

  describe('review by committee staff', () => {
    let pendingId: number
    beforeAll(async () => {
      const me = await t.api.login('other_resident')
      pendingId = (await me.post('/api/v1/me/households', { householdId: t.c1OtherHousehold, relation: 'owner' })).body.data.id
    })

    it('lists pending requests of their own community only, masked, with cursor pagination', async () => {
      const c1 = await t.api.login('committee1')
      const page1 = await c1.get('/api/v1/household-bindings?status=pending&limit=1')
      expect(page1.status).toBe(200)
      expect(page1.body.data).toHaveLength(1)
      expect(page1.body.page.nextCursor).toBeTruthy()
      const page2 = await c1.get(`/api/v1/household-bindings?status=pending&limit=1&cursor=${page1.body.page.nextCursor}`)
      expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id)
      const all = (await c1.get('/api/v1/household-bindings?status=pending&limit=100')).body.data
      expect(all.every((b: any) => b.household.community.name === '青石社区')).toBe(true)
      const mine = all.find((b: any) => b.id === pendingId)
      expect(mine.resident.realName).toBe('测**民')
      expect(mine.resident.idNumber).toMatch(/^110105\*{8}/)
      expect(mine.resident.phone).toBe('138****0000')
      expect(mine.policies).toEqual({ approve: true, reject: true, withdraw: false })
      const c2 = await t.api.login('committee2')
      const c2List = (await c2.get('/api/v1/household-bindings?status=pending&limit=100')).body.data
      expect(c2List.map((b: any) => b.id)).not.toContain(pendingId)
      expect(c2List.every((b: any) => b.household.community.name === '柳岸社区')).toBe(true)
    })

    it('400 names a bad status or cursor; 403 for a resident', async () => {
      const c1 = await t.api.login('committee1')
      expect(fieldsOf(await c1.get('/api/v1/household-bindings?status=done'))).toEqual(['status'])
      expect(fieldsOf(await c1.get('/api/v1/household-bindings?cursor=bogus'))).toEqual(['cursor'])
      expect(fieldsOf(await c1.get('/api/v1/household-bindings?limit=500'))).toEqual(['limit'])
      expect((await (await t.api.login('resident1')).get('/api/v1/household-bindings')).status).toBe(403)
    })

    it('403 for the grid worker, 404 for another community, the admin and a missing id, 400 for a bad id', async () => {
      const grid1 = await t.api.login('grid1')
      const r = await grid1.post(`/api/v1/household-bindings/${pendingId}/approve`)
      expect(r.status).toBe(403)
      expect(r.body.error.message).toContain('社区工作人员')
      expect((await (await t.api.login('committee2')).post(`/api/v1/household-bindings/${pendingId}/approve`)).status).toBe(404)
      expect((await (await t.api.login('admin')).post(`/api/v1/household-bindings/${pendingId}/approve`)).status).toBe(404)
      const c1 = await t.api.login('committee1')
      expect((await c1.post('/api/v1/household-bindings/999999/approve')).status).toBe(404)
      expect(fieldsOf(await c1.post('/api/v1/household-bindings/abc/approve'))).toEqual(['id'])
      expect(fieldsOf(await c1.post(`/api/v1/household-bindings/${pendingId}/reject`, { reason: '' }))).toEqual(['reason'])
    })

    it('approves once even when approve and reject race; the resident sees it approved, with one message', async () => {
      const c1 = await t.api.login('committee1')
      const [a, b] = await Promise.all([
        c1.post(`/api/v1/household-bindings/${pendingId}/approve`),
        c1.post(`/api/v1/household-bindings/${pendingId}/reject`, { reason: '信息不符' }),
      ])
      expect([a.status, b.status].sort()).toEqual([200, 409])
      const winner = a.status === 200 ? 'approved' : 'rejected'
      const me = await t.api.login('other_resident')
      const mine = (await me.get('/api/v1/me/households')).body.data.find((x: any) => x.id === pendingId)
      expect(mine.status).toBe(winner)
      expect(await t.srv.deps.db.auditLog.count({ where: { resourceType: 'household_binding', resourceId: String(pendingId) } })).toBe(1)
      const messages = (await me.get('/api/v1/messages')).body.data.filter((m: any) => m.kind === 'binding.decided')
      expect(messages).toHaveLength(1)
      expect(messages[0]).toMatchObject({ title: winner === 'approved' ? '房屋绑定已通过' : '房屋绑定未通过', isRead: false, link: '/packages/profile/binding/index' })
      const again = await c1.post(`/api/v1/household-bindings/${pendingId}/approve`)
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('BINDING_NOT_PENDING')
    })

    it('a rejection carries its reason to the resident and their message centre, and the resident may ask again', async () => {
      const me = await t.api.login('newbie')
      const id = (await me.get('/api/v1/me/households')).body.data[0].id
      const c1 = await t.api.login('committee1')
      const r = await c1.post(`/api/v1/household-bindings/${id}/reject`, { reason: '请上传房产证明' })
      expect(r.body.data).toMatchObject({ status: 'rejected', reason: '请上传房产证明' })
      expect((await me.get('/api/v1/me/households')).body.data[0]).toMatchObject({ status: 'rejected', reason: '请上传房产证明' })
      const [message] = (await me.get('/api/v1/messages')).body.data
      expect(message).toMatchObject({ kind: 'binding.decided', title: '房屋绑定未通过' })
      expect(message.body).toContain('原因：请上传房产证明')
      expect((await me.get('/api/v1/messages/unread-count')).body.data).toMatchObject({ count: 1 })
      expect((await me.post('/api/v1/me/households', { householdId: t.c1Household, relation: 'family' })).status).toBe(201)
    })

    it('the resident can withdraw their own request; nobody else can', async () => {
      const me = await t.api.login('newbie')
      const id = (await me.get('/api/v1/me/households')).body.data[0].id
      expect((await (await t.api.login('racer')).post(`/api/v1/me/households/${id}/withdraw`)).status).toBe(404)
      const w = await me.post(`/api/v1/me/households/${id}/withdraw`)
      expect(w.status).toBe(200)
      expect(w.body.data.status).toBe('withdrawn')
      expect((await me.post(`/api/v1/me/households/${id}/withdraw`)).status).toBe(409)
    })
  })

  describe('GET /api/v1/households', () => {
    it('a grid worker sees only the households of their grid, occupants masked', async () => {
      const grid1 = await t.api.login('grid1')
      const r = await grid1.get('/api/v1/households?limit=100')
      expect(r.status).toBe(200)
      expect(r.body.data.length).toBe(40)
      expect(r.body.data.every((h: any) => h.grid.name === '青石第一网格')).toBe(true)
      const occupied = r.body.data.filter((h: any) => h.occupants.length)
      expect(occupied.length).toBeGreaterThan(0)
      for (const h of occupied) for (const o of h.occupants) {
        expect(o.realName).toMatch(/\*/)
        expect(o.phone).toMatch(/^\d{3}\*{4}\d{4}$/)
      }
      expect((await grid1.get(`/api/v1/households?gridId=${t.srv.demo!.gridIds[1]}`)).body.data).toEqual([])
    })
    it('committee staff of one community never see another community', async () => {
      const r = await (await t.api.login('committee2')).get('/api/v1/households?limit=100')
      expect(r.body.data.length).toBe(80)
      expect(r.body.data.every((h: any) => h.community.name === '柳岸社区')).toBe(true)
    })
    it('the street officer pages through every community', async () => {
      const street = await t.api.login('street1')
      let cursor: string | null = null
      let n = 0
      do {
        const r: any = await street.get(`/api/v1/households?limit=100${cursor ? `&cursor=${cursor}` : ''}`)
        n += r.body.data.length
        cursor = r.body.page.nextCursor
      } while (cursor)
      expect(n).toBe(240)
    })
    it('403 for a resident and for a staff member without a scope', async () => {
      expect((await (await t.api.login('resident1')).get('/api/v1/households')).status).toBe(403)
      expect((await (await t.api.login('grid2x')).get('/api/v1/households')).status).toBe(403)
    })
    it('GET /households/:id: 404 outside the scope, 200 for the bound resident, 400 for a bad id', async () => {
      const grid1 = await t.api.login('grid1')
      expect((await grid1.get(`/api/v1/households/${t.grid2Household}`)).status).toBe(404)
      const resident1 = await t.api.login('resident1')
      const own = (await resident1.get('/api/v1/me')).body.data.households[0].household.id
      expect((await resident1.get(`/api/v1/households/${own}`)).status).toBe(200)
      expect((await resident1.get(`/api/v1/households/${t.grid2Household}`)).status).toBe(404)
      expect((await grid1.get(`/api/v1/households/${own}`)).body.data.occupants.length).toBeGreaterThan(0)
      expect(fieldsOf(await grid1.get('/api/v1/households/0'))).toEqual(['id'])
    })
  })

  describe('household picker and region tree', () => {
    it('lists buildings and rooms without personal data', async () => {
      const me = await t.api.login('noprofile')
      const b = await me.get(`/api/v1/communities/${t.srv.demo!.communityIds[0]}/buildings`)
      expect(b.status).toBe(200)
      expect(b.body.data).toHaveLength(8)
      const rooms = await me.get(`/api/v1/buildings/${b.body.data[0].id}/households`)
      expect(rooms.body.data).toHaveLength(20)
      expect(rooms.body.data[0]).toEqual({ id: expect.any(Number), unit: '1', room: '101', label: '1单元 101室' })
      expect((await me.get('/api/v1/communities/999999/buildings')).status).toBe(404)
      expect((await me.get('/api/v1/buildings/999999/households')).status).toBe(404)
    })
    it('shows each caller the part of the tree they may see', async () => {
      const names = (tree: any[]) => tree.flatMap((s) => s.children.map((c: any) => `${c.name}:${c.children.length}`))
      expect(names((await (await t.api.login('noprofile')).get('/api/v1/regions')).body.data)).toEqual(['青石社区:4', '柳岸社区:2'])
      expect(names((await (await t.api.login('committee1')).get('/api/v1/regions')).body.data)).toEqual(['青石社区:4'])
      expect(names((await (await t.api.login('grid1')).get('/api/v1/regions')).body.data)).toEqual(['青石社区:1'])
      expect(names((await (await t.api.login('street1')).get('/api/v1/regions')).body.data)).toEqual(['青石社区:4', '柳岸社区:2'])
      expect((await t.api.get('/api/v1/regions')).status).toBe(401)
    })
  })
})
