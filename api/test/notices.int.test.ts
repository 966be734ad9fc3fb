import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { NoticeFeed } from '../src/modules/notices/notice.feed.ts'
import { publishDueNotices } from '../src/modules/notices/notice.publish.ts'
import { startServer } from '../src/server.ts'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { startTestServer, type TestServer } from './support/server.ts'

const HOUR = 3600_000

describe('notices', () => {
  let srv: TestServer
  let api: Client
  let committee: Client
  let grid1: number
  let grid2: number
  let community1: number
  let community2: number
  let buildingOfResident1: number

  const publish = async (body: Record<string, unknown>, who: Client = committee) => {
    const r = await who.post('/api/v1/notices', { importance: 'normal', mode: 'publish', ...body })
    if (r.status !== 201) throw new Error(`publish failed: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.data as { id: number; version: number; state: string }
  }
  const feedIds = async (c: Client, query = '') => ((await c.get(`/api/v1/notices?limit=100${query}`)).body.data as { id: number }[]).map((n) => n.id)
  const iso = (ms: number) => new Date(srv.clock.now().getTime() + ms).toISOString()

  beforeAll(async () => {
    srv = await startTestServer()
    api = new Client(srv.baseUrl)
    committee = await api.login('committee1')
    ;[grid1, grid2] = srv.demo!.gridIds
    ;[community1, community2] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committee2', 'committee', { type: 'community', id: community2 })
    const binding = await srv.deps.db.householdBinding.findFirstOrThrow({ where: { userId: srv.demo!.residentIds.resident1 }, include: { household: true } })
    buildingOfResident1 = binding.household.buildingId
  })
  afterAll(async () => srv.close())

  describe('POST /api/v1/notices', () => {
    it('401 without a token; 403 for a resident and for another community', async () => {
      expect((await api.post('/api/v1/notices', {})).status).toBe(401)
      const resident = await api.login('resident1')
      expect((await resident.post('/api/v1/notices', { title: '测试公告', body: '内容', importance: 'normal', target: { communityId: community1 } })).status).toBe(403)
      const r = await committee.post('/api/v1/notices', { title: '测试公告', body: '内容', importance: 'normal', target: { communityId: community2 } })
      expect(r.status).toBe(403)
      expect(r.body.error.code).toBe('TARGET_OUT_OF_SCOPE')
    })

    it.each([
      ['a one-character title', { title: '停' }, 'title'],
      ['no importance', { importance: undefined }, 'importance'],
      ['a target of the wrong shape', { target: { grids: [1] } }, 'target'],
      ['an unknown field', { colour: 'red' }, 'colour'],
      ['a publishAt that is not a time', { publishAt: 'tomorrow' }, 'publishAt'],
    ])('400 names the field for %s', async (_l, patch, field) => {
      const r = await committee.post('/api/v1/notices', { title: '停水通知', body: '内容', importance: 'normal', target: { communityId: community1 }, ...patch })
      expect(r.status).toBe(400)
      expect(fieldsOf(r)).toEqual([field])
    })

    it('400 for grids of two communities, missing buildings, and an expiry before publication', async () => {
      const base = { title: '停水通知', body: '内容', importance: 'normal' }
      expect(fieldsOf(await committee.post('/api/v1/notices', { ...base, target: { gridIds: [grid1, srv.demo!.gridIds[4]] } }))).toEqual(['target.gridIds'])
      expect(fieldsOf(await committee.post('/api/v1/notices', { ...base, target: { buildingIds: [999999] } }))).toEqual(['target.buildingIds'])
      expect(fieldsOf(await committee.post('/api/v1/notices', { ...base, target: { communityId: community1 }, publishAt: iso(2 * HOUR), expiresAt: iso(HOUR) }))).toEqual(['expiresAt'])
    })

    it('stores a <script> body harmless', async () => {
      const n = await publish({ title: '脚本测试', body: '<p onmouseover="x()">正文<script>alert(document.cookie)</script></p><img src="javascript:alert(1)">', target: { communityId: community1 } })
      const row = await srv.deps.db.notice.findUniqueOrThrow({ where: { id: n.id } })
      expect(row.bodyHtml).toBe('<p>正文</p>')
      expect(row.summary).toBe('正文')
    })

    it('a retry with the same Idempotency-Key creates one notice', async () => {
      const body = { title: '幂等测试', body: '内容', importance: 'normal', target: { communityId: community1 } }
      const a = await committee.post('/api/v1/notices', body, { 'Idempotency-Key': 'notice-1' })
      const b = await committee.post('/api/v1/notices', body, { 'Idempotency-Key': 'notice-1' })
      expect(b.body.data.id).toBe(a.body.data.id)
      expect(await srv.deps.db.notice.count({ where: { title: '幂等测试' } })).toBe(1)
    })
  })

  describe('targeting', () => {
    it('a grid notice reaches that grid only: others never see or open it (404)', async () => {
      const n = await publish({ title: '第一网格停水', body: '第一网格明日停水', target: { gridIds: [grid1] } })
      const resident1 = await api.login('resident1')
      const resident2 = await api.login('resident2')
      const resident16 = await api.login('resident16')
      expect(await feedIds(resident1)).toContain(n.id)
      expect((await resident1.get(`/api/v1/notices/${n.id}`)).status).toBe(200)
      expect(await feedIds(resident2)).not.toContain(n.id)
      expect((await resident2.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      expect(await feedIds(resident16)).not.toContain(n.id)
      expect((await resident16.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      expect(await feedIds(await api.login('grid1'))).toContain(n.id)
      expect(await feedIds(await api.login('grid2'))).not.toContain(n.id)
      expect((await (await api.login('committee2')).get(`/api/v1/notices/${n.id}`)).status).toBe(404)
    })

    it('a building notice reaches that building; a community notice the whole community only', async () => {
      const b = await publish({ title: '楼栋电梯检修', body: '电梯检修', target: { buildingIds: [buildingOfResident1] } })
      const c = await publish({ title: '社区通知', body: '全社区', target: { communityId: community1 } })
      const r1 = await feedIds(await api.login('resident1'))
      const r2 = await feedIds(await api.login('resident2'))
      const r16 = await feedIds(await api.login('resident16'))
      expect(r1).toEqual(expect.arrayContaining([b.id, c.id]))
      expect(r2).toContain(c.id)
      expect(r2).not.toContain(b.id)
      expect(r16).not.toContain(c.id)
      expect(await feedIds(await api.login('grid1'))).toContain(b.id)
    })

    it('messages the residents it reaches, and only them', async () => {
      const n = await publish({ title: '第二网格通知', body: '只给第二网格', target: { gridIds: [grid2] } })
      const count = (userId: number) => srv.deps.db.message.count({ where: { userId, resourceType: 'notice', resourceId: String(n.id) } })
      expect(await count(srv.demo!.residentIds.resident2)).toBe(1)
      expect(await count(srv.demo!.residentIds.resident1)).toBe(0)
    })
  })

  describe('the minimal request of the issue', () => {
    it('{title, body, importance, target} publishes at once; with a future publishAt it is scheduled; mode draft keeps a draft', async () => {
      const minimal = { title: '最简公告', body: '没有 mode 字段', importance: 'normal', target: { communityId: community1 } }
      const now = await committee.post('/api/v1/notices', minimal)
      expect(now.status).toBe(201)
      expect(now.body.data.state).toBe('published')
      const resident = await api.login('resident2')
      expect(await feedIds(resident)).toContain(now.body.data.id)
      const later = await committee.post('/api/v1/notices', { ...minimal, publishAt: iso(HOUR) })
      expect(later.body.data.state).toBe('scheduled')
      const draft = await committee.post('/api/v1/notices', { ...minimal, mode: 'draft' })
      expect(draft.body.data.state).toBe('draft')
      for (const r of [now, later]) await committee.post(`/api/v1/notices/${r.body.data.id}/withdraw`, { reason: '测试结束' })
    })
  })

  describe('the feed shows every change at once', () => {
    it('publish and withdraw show on the next request, even from another instance', async () => {
      const other = await startServer(srv.config, { now: srv.clock.now })
      try {
        const resident = await api.login('resident3')
        const viaOther = new Client(other.url, resident.token)
        const before = await feedIds(viaOther)
        const n = await publish({ title: '新公告', body: '立即可见', target: { communityId: community1 } })
        const after = await feedIds(viaOther)
        expect(after.filter((id) => id !== n.id)).toEqual(before)
        expect(after).toContain(n.id)
        await committee.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '内容有误' })
        expect(await feedIds(viaOther)).toEqual(before)
        expect((await viaOther.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      } finally {
        await other.close()
      }
    })

    it('a scheduled notice appears when its time comes, and the publisher job fans it out', async () => {
      const resident = await api.login('resident4')
      const n = await publish({ title: '定时公告', body: '一小时后', target: { communityId: community1 }, publishAt: iso(HOUR) })
      expect(n.state).toBe('scheduled')
      expect(await feedIds(resident)).not.toContain(n.id)
      expect((await resident.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      srv.clock.advance(HOUR + 1000)
      expect(await feedIds(resident)).toContain(n.id)
      expect(await srv.deps.db.message.count({ where: { resourceId: String(n.id) } })).toBe(0)
      expect(await publishDueNotices(srv.deps.db, srv.config, srv.clock.now())).toBe(1)
      expect(await srv.deps.db.message.count({ where: { resourceId: String(n.id), userId: srv.demo!.residentIds.resident4 } })).toBe(1)
      expect(await publishDueNotices(srv.deps.db, srv.config, srv.clock.now())).toBe(0)
      expect((await srv.deps.db.notice.findUniqueOrThrow({ where: { id: n.id } })).status).toBe('published')
    })

    it('an expired notice disappears at its expiry time, and a pin ends on time', async () => {
      const resident = await api.login('resident5')
      const n = await publish({ title: '限时公告', body: '十分钟有效', target: { communityId: community1 }, expiresAt: iso(10 * 60_000) })
      const pinned = await publish({ title: '置顶公告', body: '置顶五分钟', target: { communityId: community1 }, pinnedUntil: iso(5 * 60_000) })
      const first = (await resident.get('/api/v1/notices?limit=100')).body.data
      expect(first[0]).toMatchObject({ id: pinned.id, isPinned: true })
      expect(first.map((x: { id: number }) => x.id)).toContain(n.id)
      srv.clock.advance(6 * 60_000)
      const afterPin = (await resident.get('/api/v1/notices?limit=100')).body.data
      expect(afterPin.find((x: { id: number }) => x.id === pinned.id).isPinned).toBe(false)
      srv.clock.advance(5 * 60_000)
      expect(await feedIds(resident)).not.toContain(n.id)
      expect((await resident.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      const managed = (await committee.get(`/api/v1/notices/${n.id}`)).body.data
      expect(managed.state).toBe('expired')
    })

    it('time-driven changes end a cached feed at the second they happen, well inside the cache lifetime', async () => {
      // The feed cache keeps an entry for at least 45 s; every step below is shorter, so only the
      // entry's own "next change" time can make these changes show.
      const resident = await api.login('resident3')
      const due = await publish({ title: '二十秒后发布', body: '定时', target: { communityId: community1 }, publishAt: iso(20_000) })
      const pinned = await publish({ title: '置顶十秒', body: '置顶', target: { communityId: community1 }, pinnedUntil: iso(10_000) })
      const brief = await publish({ title: '三十秒有效', body: '限时', target: { communityId: community1 }, expiresAt: iso(30_000) })
      const page = async () => (await resident.get('/api/v1/notices?limit=100')).body.data as { id: number; isPinned: boolean }[]
      let data = await page()
      expect(data[0]).toMatchObject({ id: pinned.id, isPinned: true })
      expect(data.map((x) => x.id)).toContain(brief.id)
      expect(data.map((x) => x.id)).not.toContain(due.id)
      expect(await page()).toEqual(data)

      srv.clock.advance(11_000)
      data = await page()
      expect(data.find((x) => x.id === pinned.id)?.isPinned).toBe(false)
      expect(data.map((x) => x.id)).not.toContain(due.id)

      srv.clock.advance(10_000)
      data = await page()
      expect(data.map((x) => x.id)).toContain(due.id)
      expect(data.map((x) => x.id)).toContain(brief.id)

      srv.clock.advance(10_000)
      expect((await page()).map((x) => x.id)).not.toContain(brief.id)
    })

    it('nextChange() reports the earliest coming change as a time', async () => {
      const feed = new NoticeFeed(srv.deps.sql)
      const now = srv.clock.now()
      const n = await publish({ title: '五分钟后过期', body: '限时', target: { communityId: community1 }, expiresAt: iso(5 * 60_000) })
      const next = await feed.nextChange([community1], now)
      expect(Number.isFinite(next)).toBe(true)
      expect(next).toBeLessThanOrEqual(now.getTime() + 5 * 60_000 + 1000)
      expect(next).toBeGreaterThan(now.getTime())
      await committee.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '测试结束' })
    })
  })

  describe('pagination', () => {
    it('pages with a cursor, newest first, without repeats', async () => {
      for (let i = 0; i < 7; i++) await publish({ title: `分页公告${i}`, body: '分页', target: { gridIds: [srv.demo!.gridIds[3]] } })
      const resident = await api.login('resident4')
      const seen: number[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const r: any = await resident.get(`/api/v1/notices?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
        seen.push(...r.body.data.filter((x: { isPinned: boolean }) => !x.isPinned).map((x: { id: number }) => x.id))
        cursor = r.body.page.nextCursor
        pages++
      } while (cursor)
      expect(new Set(seen).size).toBe(seen.length)
      expect(pages).toBeGreaterThan(2)
      expect(fieldsOf(await resident.get('/api/v1/notices?cursor=nonsense'))).toEqual(['cursor'])
    })
  })

  describe('read receipts', () => {
    it('counts one read however many times it is opened at once; staff see counts per grid and unread households', async () => {
      const n = await publish({ title: '重要：燃气检修', body: '请在家等候', importance: 'important', target: { gridIds: [grid1, grid2] } })
      const resident1 = await api.login('resident1')
      const opens = await Promise.all(Array.from({ length: 8 }, () => resident1.get(`/api/v1/notices/${n.id}`)))
      expect(opens.every((o) => o.status === 200 && o.body.data.readAt)).toBe(true)
      expect(await srv.deps.db.noticeRead.count({ where: { noticeId: n.id } })).toBe(1)

      const stats = (await committee.get(`/api/v1/notices/${n.id}/reads`)).body.data
      expect(stats.grids.map((g: any) => [g.gridId, g.households, g.readHouseholds])).toEqual([[grid1, 40, 1], [grid2, 40, 0]])
      expect(stats.totals).toEqual({ households: 80, readHouseholds: 1, readers: 1 })

      const worker = await api.login('grid1')
      const own = (await worker.get(`/api/v1/notices/${n.id}/reads?gridId=${grid1}`)).body.data
      expect(own.grids.map((g: any) => g.gridId)).toEqual([grid1])
      expect(own.unread.households).toHaveLength(39)
      const resident1Home = (await resident1.get('/api/v1/me')).body.data.households[0].household.id
      expect(own.unread.households.map((h: any) => h.id)).not.toContain(resident1Home)
      const occupied = own.unread.households.find((h: any) => h.occupants.length)
      expect(occupied.occupants[0].realName).toMatch(/\*/)
      expect((await worker.get(`/api/v1/notices/${n.id}/reads?gridId=${grid2}`)).status).toBe(404)
      expect((await (await api.login('resident2')).get(`/api/v1/notices/${n.id}/reads`)).status).toBe(403)
    })

    it('normal notices keep no receipts', async () => {
      const n = await publish({ title: '普通公告', body: '内容', target: { communityId: community1 } })
      const r = await (await api.login('resident1')).get(`/api/v1/notices/${n.id}`)
      expect(r.body.data.readAt).toBeNull()
      expect((await committee.get(`/api/v1/notices/${n.id}/reads`)).status).toBe(403)
    })
  })

  describe('editing, publishing and withdrawing', () => {
    it('a stale version is a conflict; editing a published notice keeps its history', async () => {
      const n = await publish({ title: '原标题', body: '原正文', target: { communityId: community1 } })
      const ok = await committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: '新标题' })
      expect(ok.status).toBe(200)
      expect(ok.body.data).toMatchObject({ title: '新标题', version: n.version + 1, revisions: 1 })
      const stale = await committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: '另一个标题' })
      expect(stale.status).toBe(409)
      expect(stale.body.error.code).toBe('VERSION_CONFLICT')
      const revision = await srv.deps.db.noticeRevision.findFirstOrThrow({ where: { noticeId: n.id } })
      expect(revision).toMatchObject({ version: n.version, title: '原标题' })
      const retarget = await committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version + 1, target: { gridIds: [grid1] } })
      expect(retarget.status).toBe(409)
      expect(fieldsOf(await committee.request('PATCH', `/api/v1/notices/${n.id}`, { title: '缺版本' }))).toEqual(['version'])
    })

    it('a draft publishes once; withdrawing needs a reason and happens once', async () => {
      const draft = (await committee.post('/api/v1/notices', { title: '草稿', body: '内容', importance: 'normal', target: { communityId: community1 }, mode: 'draft' })).body.data
      expect(draft.state).toBe('draft')
      expect(await feedIds(await api.login('resident1'))).not.toContain(draft.id)
      expect((await committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '不需要了' })).status).toBe(409)
      const [a, b] = await Promise.all([committee.post(`/api/v1/notices/${draft.id}/publish`, {}), committee.post(`/api/v1/notices/${draft.id}/publish`, {})])
      expect([a.status, b.status].sort()).toEqual([200, 409])
      expect(fieldsOf(await committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '' }))).toEqual(['reason'])
      expect((await committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '发错了' })).body.data.state).toBe('withdrawn')
      expect((await committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '发错了' })).status).toBe(409)
      expect((await (await api.login('committee2')).post(`/api/v1/notices/${draft.id}/publish`, {})).status).toBe(404)
      expect((await (await api.login('grid1')).request('PATCH', `/api/v1/notices/${draft.id}`, { version: 1 })).status).toBe(404)
      expect((await committee.post('/api/v1/notices/999999/publish', {})).status).toBe(404)
    })

    it('the manage box lists every state for staff, filtered; residents may not use it', async () => {
      const all = (await committee.get('/api/v1/notices?box=manage&limit=100')).body.data
      expect(new Set(all.map((n: any) => n.state))).toEqual(new Set(['draft', 'published', 'withdrawn', 'expired']))
      const withdrawn = (await committee.get('/api/v1/notices?box=manage&status=withdrawn&limit=100')).body.data
      expect(withdrawn.length).toBeGreaterThan(0)
      expect(withdrawn.every((n: any) => n.state === 'withdrawn' && n.policies.withdraw === false)).toBe(true)
      expect((await (await api.login('resident1')).get('/api/v1/notices?box=manage')).status).toBe(403)
      const other = (await (await api.login('committee2')).get('/api/v1/notices?box=manage&limit=100')).body.data
      expect(other.length).toBeGreaterThan(0)
      expect(other.every((n: any) => n.community.name === '柳岸社区')).toBe(true)
      expect(all.find((n: any) => n.title === '青石花园1、2号楼停水通知').targetLabel).toBe('青石第一网格')
    })
  })

  describe('message centre', () => {
    it('lists, counts and marks messages read, only the caller’s own', async () => {
      const resident = await api.login('resident6')
      const list = (await resident.get('/api/v1/messages?limit=100')).body.data
      expect(list.length).toBeGreaterThan(0)
      expect(list[0]).toMatchObject({ kind: 'notice.published', isRead: false, link: expect.stringMatching(/^\/packages\/notices\/detail\/index\?id=\d+$/) })
      const unread = (await resident.get('/api/v1/messages/unread-count')).body.data.count
      expect(unread).toBe(list.length)
      const others = (await (await api.login('resident1')).get('/api/v1/messages?limit=1')).body.data
      expect((await resident.post('/api/v1/messages/read', { ids: [others[0].id] })).body.data.updated).toBe(0)
      expect((await resident.post('/api/v1/messages/read', { ids: [list[0].id] })).body.data.updated).toBe(1)
      expect((await resident.get('/api/v1/messages/unread-count')).body.data.count).toBe(unread - 1)
      expect((await resident.get('/api/v1/messages?unread=1&limit=100')).body.data).toHaveLength(unread - 1)
      expect((await resident.post('/api/v1/messages/read', { all: true })).body.data.updated).toBe(unread - 1)
      expect((await resident.get('/api/v1/messages/unread-count')).body.data.count).toBe(0)
      expect(fieldsOf(await resident.post('/api/v1/messages/read', { ids: ['abc'] }))).toEqual(['ids.0'])
      expect((await resident.post('/api/v1/messages/read', {})).status).toBe(400)
    })
  })

  describe('revision history', () => {
    const revisions = (c: Client, id: number, query = '') => c.get(`/api/v1/notices/${id}/revisions${query}`)
    const upload = (n: number) =>
      srv.deps.db.upload.create({
        data: {
          ownerId: srv.demo!.staffIds.committee1, storageKey: `revision-test-${n}-${Date.now()}`, contentType: 'image/jpeg',
          byteSize: 100, width: 640 + n, height: 480, sha256: Buffer.alloc(32, n),
        },
      })

    it('401 without a token; 403 for a resident who can read it, 404 for those who cannot see it; 400 names the query field', async () => {
      const n = await publish({ title: '修改记录权限', body: '内容', target: { communityId: community1 } })
      const draft = (await committee.post('/api/v1/notices', { title: '修改记录草稿', body: '内容', importance: 'normal', target: { communityId: community1 }, mode: 'draft' })).body.data
      expect((await revisions(api, n.id)).status).toBe(401)
      const resident1 = await api.login('resident1')
      const forbidden = await revisions(resident1, n.id)
      expect(forbidden.status).toBe(403)
      expect(forbidden.body.error.code).toBe('FORBIDDEN')
      expect((await revisions(resident1, draft.id)).status).toBe(404)
      expect((await revisions(await api.login('resident16'), n.id)).status).toBe(404)
      expect((await revisions(await api.login('committee2'), n.id)).status).toBe(404)
      expect((await revisions(await api.login('committee2'), draft.id)).status).toBe(404)
      expect((await revisions(committee, 999999)).status).toBe(404)
      expect(fieldsOf(await revisions(committee, n.id, '?limit=0'))).toEqual(['limit'])
      expect(fieldsOf(await revisions(committee, n.id, '?cursor=nonsense'))).toEqual(['cursor'])
      expect(fieldsOf(await revisions(committee, n.id, '?colour=red'))).toEqual(['colour'])
      expect(await revisions(committee, n.id)).toMatchObject({ status: 200, body: { data: [], page: { nextCursor: null } } })
    })

    it('two edits of a published notice keep both earlier versions whole, newest first, for committee and street staff', async () => {
      const [img1, img2] = [await upload(1), await upload(2)]
      const original = {
        title: '原版公告', body: '<p>原版正文</p>', category: 'notice', importance: 'normal',
        target: { gridIds: [grid1, grid2] }, imageIds: [img1.id], pinnedUntil: iso(2 * HOUR), expiresAt: iso(48 * HOUR),
      }
      const n = await publish(original)
      const first = { version: 1, title: '第二版公告', category: 'outage', importance: 'important', pinnedUntil: null, expiresAt: iso(72 * HOUR), imageIds: [img2.id, img1.id] }
      expect((await committee.request('PATCH', `/api/v1/notices/${n.id}`, first)).status).toBe(200)
      const second = { version: 2, body: '第三版正文', category: 'activity', importance: 'normal', pinnedUntil: iso(3 * HOUR), expiresAt: null, imageIds: [] }
      const saved = await committee.request('PATCH', `/api/v1/notices/${n.id}`, second)
      expect(saved.body.data).toMatchObject({ version: 3, revisions: 2, category: 'activity', images: [] })
      expect((await committee.request('PATCH', `/api/v1/notices/${n.id}`, { ...second, version: 2 })).status).toBe(409)

      const r = await revisions(committee, n.id)
      expect(r.status).toBe(200)
      expect(r.body.page.nextCursor).toBeNull()
      const [v2, v1] = r.body.data
      expect(r.body.data.map((x: { version: number }) => x.version)).toEqual([2, 1])
      const target = { type: 'grids', gridIds: [grid1, grid2], buildingIds: [] }
      expect(v1).toMatchObject({
        version: 1, title: '原版公告', bodyHtml: '<p>原版正文</p>', editor: { displayName: '周慧（青石社区居委会）' },
        snapshot: {
          summary: '原版正文', category: 'notice', categoryLabel: '通知', importance: 'normal', state: 'published', stateLabel: '已发布',
          target, targetLabel: '青石第一网格、青石第二网格', publishAt: expect.any(String), publishedAt: expect.any(String),
          pinnedUntil: original.pinnedUntil, expiresAt: original.expiresAt,
          images: [{ id: img1.id, url: expect.stringMatching(`^/api/v1/files/${img1.storageKey}\\?t=\\d+\\.[\\w-]{22}$`), width: 641, height: 480 }],
        },
      })
      expect(v2).toMatchObject({
        version: 2, title: '第二版公告', bodyHtml: '<p>原版正文</p>',
        snapshot: {
          category: 'outage', categoryLabel: '停水停电', importance: 'important', target, pinnedUntil: null, expiresAt: first.expiresAt,
          publishedAt: v1.snapshot.publishedAt,
        },
      })
      expect(v2.snapshot.images.map((i: { id: number }) => i.id)).toEqual([img2.id, img1.id])
      expect(Date.parse(v2.editedAt)).toBeGreaterThanOrEqual(Date.parse(v1.editedAt))
      expect(new Date(v1.editedAt).toISOString()).toBe(v1.editedAt)

      const street = await revisions(await api.login('street1'), n.id)
      expect(street.body.data.map((x: { version: number }) => x.version)).toEqual([2, 1])
    })

    it('pages newest first with a cursor, without repeats', async () => {
      let n = await publish({ title: '分页修改0', body: '正文', target: { communityId: community1 } })
      for (let i = 1; i <= 5; i++) {
        n = (await committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: `分页修改${i}` })).body.data
      }
      const versions: number[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const r: any = await revisions(committee, n.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        versions.push(...r.body.data.map((x: { version: number }) => x.version))
        cursor = r.body.page.nextCursor
        pages++
      } while (cursor)
      expect(versions).toEqual([5, 4, 3, 2, 1])
      expect(pages).toBe(3)
      const titles = (await revisions(committee, n.id, '?limit=1')).body.data.map((x: { title: string }) => x.title)
      expect(titles).toEqual(['分页修改4'])
    })

    it('two editors saving the same version at once: one wins, one conflict, one revision', async () => {
      const n = await publish({ title: '并发修改', body: '正文', target: { communityId: community1 } })
      const results = await Promise.all(['甲', '乙', '丙', '丁'].map((x) => committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: `并发修改${x}` })))
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409])
      expect(await srv.deps.db.noticeRevision.count({ where: { noticeId: n.id } })).toBe(1)
      expect((await revisions(committee, n.id)).body.data.map((x: { title: string }) => x.title)).toEqual(['并发修改'])
    })

    it('a scheduled notice keeps its earlier target and publication time', async () => {
      const publishAt = iso(5 * HOUR)
      const n = await publish({ title: '定时修改', body: '正文', target: { gridIds: [grid1] }, publishAt })
      expect(n.state).toBe('scheduled')
      const edited = await committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, target: { buildingIds: [buildingOfResident1] }, publishAt: iso(6 * HOUR) })
      expect(edited.body.data).toMatchObject({ state: 'scheduled', target: { type: 'buildings', buildingIds: [buildingOfResident1] } })
      const [v1] = (await revisions(committee, n.id)).body.data
      expect(v1.snapshot).toMatchObject({
        state: 'scheduled', stateLabel: '待发布', target: { type: 'grids', gridIds: [grid1], buildingIds: [] }, targetLabel: '青石第一网格',
        publishAt, publishedAt: null,
      })
      await committee.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '测试结束' })
    })

    it('editing a draft keeps no revision, as before; edits after publication do', async () => {
      const draft = (await committee.post('/api/v1/notices', { title: '草稿修改', body: '内容', importance: 'normal', target: { communityId: community1 }, mode: 'draft' })).body.data
      const edited = (await committee.request('PATCH', `/api/v1/notices/${draft.id}`, { version: draft.version, title: '草稿修改二', category: 'policy' })).body.data
      expect(edited).toMatchObject({ version: draft.version + 1, revisions: 0 })
      expect((await revisions(committee, draft.id)).body.data).toEqual([])
      await committee.post(`/api/v1/notices/${draft.id}/publish`, {})
      await committee.request('PATCH', `/api/v1/notices/${draft.id}`, { version: edited.version, importance: 'important' })
      const data = (await revisions(committee, draft.id)).body.data
      expect(data).toHaveLength(1)
      expect(data[0]).toMatchObject({ version: edited.version, title: '草稿修改二', snapshot: { category: 'policy', importance: 'normal', state: 'published' } })
    })
  })
})
