import { describe, expect, it } from 'vitest'
import { Client } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('notices written by street staff', () => {

  const feedIds = async (c: Client) => ((await c.get('/api/v1/notices?limit=100')).body.data as { id: number }[]).map((n) => n.id)

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const [community1, community2] = srv.demo!.communityIds
    // A second street with a community of its own, and its street officer.
    const { db } = srv.deps
    const other = await db.street.create({ data: { code: 'BJ', name: '北郊街道' } })
    const outsiderCommunity: number = (await db.community.create({ data: { streetId: other.id, code: 'BJ-HP', name: '河畔社区', address: '北郊街道河畔路1号' } })).id
    await createStaff(db, 'street_bj', 'street', { type: 'street', id: other.id })
    const street1 = await api.login('street1')
    const outsider = await api.login('street_bj')
    return { srv, api, street1, outsider, community1, community2, outsiderCommunity }
  })

  it('street1 publishes a notice for a community of its street (201) and it reaches that community’s residents only', async () => {
    const r = await t.street1.post('/api/v1/notices', { title: '南苑街道冬季消防安全提示', body: '请勿在楼道内给电动车充电。', importance: 'normal', target: { communityId: t.community1 } })
    expect(r.status).toBe(201)
    expect(r.body.data).toMatchObject({
      state: 'published', community: { id: t.community1, name: '青石社区' }, targetLabel: '全社区',
      author: { displayName: '郑国强（南苑街道）' }, policies: { edit: true, publish: false, withdraw: true, viewReads: false },
    })
    const id = r.body.data.id
    const row = await t.srv.deps.db.notice.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ streetId: t.srv.demo!.streetId, communityId: t.community1, authorId: t.srv.demo!.staffIds.street1, status: 'published' })

    const resident1 = await t.api.login('resident1')
    expect(await feedIds(resident1)).toContain(id)
    expect((await resident1.get(`/api/v1/notices/${id}`)).body.data.title).toBe('南苑街道冬季消防安全提示')
    const resident16 = await t.api.login('resident16')
    expect(await feedIds(resident16)).not.toContain(id)
    expect((await resident16.get(`/api/v1/notices/${id}`)).status).toBe(404)
  })

  it('street1 reaches the second community of its street too, and the community’s committee can manage the notice', async () => {
    const n = (await t.street1.post('/api/v1/notices', { title: '柳岸社区道路施工提示', body: '柳岸路北段封闭施工。', importance: 'normal', target: { communityId: t.community2 } })).body.data
    expect(n.community.name).toBe('柳岸社区')
    expect(await feedIds(await t.api.login('resident16'))).toContain(n.id)
    expect(await feedIds(await t.api.login('resident1'))).not.toContain(n.id)

    const mine = (await t.street1.get('/api/v1/notices?box=manage&limit=100')).body.data
    expect(new Set(mine.map((x: any) => x.community.name))).toEqual(new Set(['青石社区', '柳岸社区']))
    const committee1 = (await (await t.api.login('committee1')).get('/api/v1/notices?box=manage&limit=100')).body.data
    expect(committee1.map((x: any) => x.id)).not.toContain(n.id)
  })

  it('street1 sees the read statistics of an important notice it published, grid by grid', async () => {
    const n = (await t.street1.post('/api/v1/notices', { title: '重要：燃气管道安全检查', body: '请各户在家等候检查。', importance: 'important', target: { communityId: t.community1 } })).body.data
    expect(n.policies.viewReads).toBe(true)
    const before = await t.street1.get(`/api/v1/notices/${n.id}/reads`)
    expect(before.status).toBe(200)
    expect(before.body.data.totals).toEqual({ households: 160, readHouseholds: 0, readers: 0 })

    const opened = await (await t.api.login('resident1')).get(`/api/v1/notices/${n.id}`)
    expect(opened.body.data.readAt).toBeTruthy()
    // The officer opening it is no reader: managers leave no receipts.
    expect((await t.street1.get(`/api/v1/notices/${n.id}`)).body.data.readAt).toBeNull()

    const stats = await t.street1.get(`/api/v1/notices/${n.id}/reads`)
    expect(stats.status).toBe(200)
    expect(stats.body.data.noticeId).toBe(n.id)
    expect(stats.body.data.totals).toEqual({ households: 160, readHouseholds: 1, readers: 1 })
    expect(stats.body.data.grids.map((g: any) => g.gridId)).toEqual(t.srv.demo!.gridIds.slice(0, 4))
    expect(stats.body.data.grids.map((g: any) => g.readHouseholds)).toEqual([1, 0, 0, 0])
    const grid1 = t.srv.demo!.gridIds[0]
    const unread = (await t.street1.get(`/api/v1/notices/${n.id}/reads?gridId=${grid1}`)).body.data.unread
    expect(unread.gridId).toBe(grid1)
    expect(unread.households).toHaveLength(39)

    const normal = (await t.street1.post('/api/v1/notices', { title: '普通提示', body: '内容', importance: 'normal', target: { communityId: t.community1 } })).body.data
    expect((await t.street1.get(`/api/v1/notices/${normal.id}/reads`)).status).toBe(403)
  })

  it('street1 withdraws its notice and it leaves the residents’ feed', async () => {
    const n = (await t.street1.post('/api/v1/notices', { title: '临时通知', body: '内容', importance: 'normal', target: { communityId: t.community1 } })).body.data
    const resident1 = await t.api.login('resident1')
    expect(await feedIds(resident1)).toContain(n.id)
    const w = await t.street1.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '信息有误' })
    expect([w.status, w.body.data.state]).toEqual([200, 'withdrawn'])
    expect(await feedIds(resident1)).not.toContain(n.id)
  })

  describe('a street officer of another street', () => {
    it('403 TARGET_OUT_OF_SCOPE for a community, grids or buildings of 南苑街道, and nothing is written', async () => {
      const base = { title: '越权公告', body: '内容', importance: 'normal' }
      const grids = t.srv.demo!.gridIds.slice(0, 2)
      const building = await t.srv.deps.db.building.findFirstOrThrow({ where: { communityId: t.community1 } })
      for (const target of [{ communityId: t.community1 }, { communityId: t.community2 }, { gridIds: grids }, { buildingIds: [building.id] }]) {
        const r = await t.outsider.post('/api/v1/notices', { ...base, target })
        expect([JSON.stringify(target), r.status, r.body.error?.code]).toEqual([JSON.stringify(target), 403, 'TARGET_OUT_OF_SCOPE'])
      }
      expect(await t.srv.deps.db.notice.count({ where: { title: '越权公告' } })).toBe(0)
    })

    it('is not refused in general: it publishes to a community of its own street', async () => {
      const r = await t.outsider.post('/api/v1/notices', { title: '河畔社区通知', body: '内容', importance: 'normal', target: { communityId: t.outsiderCommunity } })
      expect(r.status).toBe(201)
      expect(r.body.data.community.name).toBe('河畔社区')
      expect(await feedIds(await t.api.login('resident1'))).not.toContain(r.body.data.id)
    })

    it('cannot see, edit, publish, withdraw or read the statistics of 南苑街道’s notices (404)', async () => {
      const n = (await t.street1.post('/api/v1/notices', { title: '重要：停电检修', body: '内容', importance: 'important', target: { communityId: t.community1 } })).body.data
      const draft = (await t.street1.post('/api/v1/notices', { title: '草稿', body: '内容', importance: 'normal', target: { communityId: t.community1 }, mode: 'draft' })).body.data
      expect((await t.outsider.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      expect((await t.outsider.get(`/api/v1/notices/${n.id}/reads`)).status).toBe(404)
      expect((await t.outsider.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: '改标题' })).status).toBe(404)
      expect((await t.outsider.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '越权撤回' })).status).toBe(404)
      expect((await t.outsider.post(`/api/v1/notices/${draft.id}/publish`, {})).status).toBe(404)
      expect(await feedIds(t.outsider)).not.toContain(n.id)
      const managed = (await t.outsider.get('/api/v1/notices?box=manage&limit=100')).body.data
      expect(managed.every((x: any) => x.community.name === '河畔社区')).toBe(true)
      expect((await t.srv.deps.db.notice.findUniqueOrThrow({ where: { id: n.id } })).status).toBe('published')
    })
  })
})
