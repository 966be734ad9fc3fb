import http from 'node:http'
import zlib from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { bumpFeedVersion, FEED_VERSIONS_MS, feedChanged, NoticeFeed } from '../src/modules/notices/notice.feed.ts'
import { publishDueNotices } from '../src/modules/notices/notice.publish.ts'
import { startServer } from '../src/server.ts'
import { Client, fieldsOf } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { feedIds, HOUR, isoFrom, publishAs, startNoticeFixture } from './support/notices.ts'

describe('notices', () => {
  const fx = useFixture(startNoticeFixture)
  const publish = (body: Record<string, unknown>, who: Client = fx.committee) => publishAs(who, body)
  const iso = (ms: number) => isoFrom(fx.srv.clock, ms)

  describe('POST /api/v1/notices', () => {
    it('401 without a token; 403 for a resident and for another community', async () => {
      expect((await fx.api.post('/api/v1/notices', {})).status).toBe(401)
      const resident = await fx.api.login('resident1')
      expect((await resident.post('/api/v1/notices', { title: '测试公告', body: '内容', importance: 'normal', target: { communityId: fx.community1 } })).status).toBe(403)
      const r = await fx.committee.post('/api/v1/notices', { title: '测试公告', body: '内容', importance: 'normal', target: { communityId: fx.community2 } })
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
      const r = await fx.committee.post('/api/v1/notices', { title: '停水通知', body: '内容', importance: 'normal', target: { communityId: fx.community1 }, ...patch })
      expect(r.status).toBe(400)
      expect(fieldsOf(r)).toEqual([field])
    })

    it('400 for grids of two communities, missing buildings, and an expiry before publication', async () => {
      const base = { title: '停水通知', body: '内容', importance: 'normal' }
      expect(fieldsOf(await fx.committee.post('/api/v1/notices', { ...base, target: { gridIds: [fx.grid1, fx.srv.demo!.gridIds[4]] } }))).toEqual(['target.gridIds'])
      expect(fieldsOf(await fx.committee.post('/api/v1/notices', { ...base, target: { buildingIds: [999999] } }))).toEqual(['target.buildingIds'])
      expect(fieldsOf(await fx.committee.post('/api/v1/notices', { ...base, target: { communityId: fx.community1 }, publishAt: iso(2 * HOUR), expiresAt: iso(HOUR) }))).toEqual(['expiresAt'])
    })

    it('stores a <script> body harmless', async () => {
      const n = await publish({ title: '脚本测试', body: '<p onmouseover="x()">正文<script>alert(document.cookie)</script></p><img src="javascript:alert(1)">', target: { communityId: fx.community1 } })
      const row = await fx.srv.deps.db.notice.findUniqueOrThrow({ where: { id: n.id } })
      expect(row.bodyHtml).toBe('<p>正文</p>')
      expect(row.summary).toBe('正文')
    })

    it('a retry with the same Idempotency-Key creates one notice', async () => {
      const body = { title: '幂等测试', body: '内容', importance: 'normal', target: { communityId: fx.community1 } }
      const a = await fx.committee.post('/api/v1/notices', body, { 'Idempotency-Key': 'notice-1' })
      const b = await fx.committee.post('/api/v1/notices', body, { 'Idempotency-Key': 'notice-1' })
      expect(b.body.data.id).toBe(a.body.data.id)
      expect(await fx.srv.deps.db.notice.count({ where: { title: '幂等测试' } })).toBe(1)
    })
  })

  describe('targeting', () => {
    it('a grid notice reaches that grid only: others never see or open it (404)', async () => {
      const n = await publish({ title: '第一网格停水', body: '第一网格明日停水', target: { gridIds: [fx.grid1] } })
      const resident1 = await fx.api.login('resident1')
      const resident2 = await fx.api.login('resident2')
      const resident16 = await fx.api.login('resident16')
      expect(await feedIds(resident1)).toContain(n.id)
      expect((await resident1.get(`/api/v1/notices/${n.id}`)).status).toBe(200)
      expect(await feedIds(resident2)).not.toContain(n.id)
      expect((await resident2.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      expect(await feedIds(resident16)).not.toContain(n.id)
      expect((await resident16.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      expect(await feedIds(await fx.api.login('grid1'))).toContain(n.id)
      expect(await feedIds(await fx.api.login('grid2'))).not.toContain(n.id)
      expect((await (await fx.api.login('committee2')).get(`/api/v1/notices/${n.id}`)).status).toBe(404)
    })

    it('a building notice reaches that building; a community notice the whole community only', async () => {
      const b = await publish({ title: '楼栋电梯检修', body: '电梯检修', target: { buildingIds: [fx.buildingOfResident1] } })
      const c = await publish({ title: '社区通知', body: '全社区', target: { communityId: fx.community1 } })
      const r1 = await feedIds(await fx.api.login('resident1'))
      const r2 = await feedIds(await fx.api.login('resident2'))
      const r16 = await feedIds(await fx.api.login('resident16'))
      expect(r1).toEqual(expect.arrayContaining([b.id, c.id]))
      expect(r2).toContain(c.id)
      expect(r2).not.toContain(b.id)
      expect(r16).not.toContain(c.id)
      expect(await feedIds(await fx.api.login('grid1'))).toContain(b.id)
    })

    it('messages the residents it reaches, and only them', async () => {
      const n = await publish({ title: '第二网格通知', body: '只给第二网格', target: { gridIds: [fx.grid2] } })
      const count = (userId: number) => fx.srv.deps.db.message.count({ where: { userId, resourceType: 'notice', resourceId: String(n.id) } })
      expect(await count(fx.srv.demo!.residentIds.resident2)).toBe(1)
      expect(await count(fx.srv.demo!.residentIds.resident1)).toBe(0)
    })
  })

  describe('the minimal request of the issue', () => {
    it('{title, body, importance, target} publishes at once; with a future publishAt it is scheduled; mode draft keeps a draft', async () => {
      const minimal = { title: '最简公告', body: '没有 mode 字段', importance: 'normal', target: { communityId: fx.community1 } }
      const now = await fx.committee.post('/api/v1/notices', minimal)
      expect(now.status).toBe(201)
      expect(now.body.data.state).toBe('published')
      const resident = await fx.api.login('resident2')
      expect(await feedIds(resident)).toContain(now.body.data.id)
      const later = await fx.committee.post('/api/v1/notices', { ...minimal, publishAt: iso(HOUR) })
      expect(later.body.data.state).toBe('scheduled')
      const draft = await fx.committee.post('/api/v1/notices', { ...minimal, mode: 'draft' })
      expect(draft.body.data.state).toBe('draft')
      for (const r of [now, later]) await fx.committee.post(`/api/v1/notices/${r.body.data.id}/withdraw`, { reason: '测试结束' })
    })
  })

  describe('the feed shows every change at once', () => {
    it('publish and withdraw show on the next request of the writing instance, and on another instance within 1 s', async () => {
      // Two app instances on one database and one clock. Each instance re-reads the feed versions
      // at most every FEED_VERSIONS_MS of that clock, and at once after its own writes.
      expect(FEED_VERSIONS_MS).toBeLessThanOrEqual(1000)
      const other = await startServer(fx.srv.config, { now: fx.srv.clock.now })
      try {
        const resident = await fx.api.login('resident3')
        const viaOther = new Client(other.url, resident.token)
        const before = await feedIds(viaOther)
        expect(await feedIds(resident)).toEqual(before)
        const n = await publish({ title: '新公告', body: '立即可见', target: { communityId: fx.community1 } })
        expect(await feedIds(resident)).toContain(n.id)
        fx.srv.clock.advance(FEED_VERSIONS_MS)
        const after = await feedIds(viaOther)
        expect(after.filter((id) => id !== n.id)).toEqual(before)
        expect(after).toContain(n.id)
        await fx.committee.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '内容有误' })
        expect(await feedIds(resident)).toEqual(before)
        expect((await viaOther.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
        fx.srv.clock.advance(FEED_VERSIONS_MS)
        expect(await feedIds(viaOther)).toEqual(before)
      } finally {
        await other.close()
      }
    })

    it('an instance trusts its copy of the feed versions for FEED_VERSIONS_MS, and no longer', async () => {
      // Another instance's write, as this one sees it: the version row changes in the database.
      const feed = new NoticeFeed(fx.srv.deps.sql)
      feedChanged(fx.srv.deps.sql)
      const audience = { communityIds: [fx.community1], fullCommunityIds: [], gridIds: [], buildingIds: [], buildingGridIds: [] }
      const t0 = fx.srv.clock.now()
      const first = await feed.page(audience, { limit: 100 }, t0)
      const n = await fx.srv.deps.db.notice.create({
        data: {
          streetId: fx.srv.demo!.streetId, communityId: fx.community1, authorId: fx.srv.demo!.staffIds.committee1, title: '另一实例发布', bodyHtml: '<p>正文</p>', summary: '正文',
          category: 'notice', importance: 'normal', targetType: 'community', status: 'published', publishAt: t0, publishedAt: t0,
        },
      })
      await bumpFeedVersion(fx.srv.deps.db, fx.community1, t0)
      const at = (ms: number) => new Date(t0.getTime() + ms)
      expect(await feed.page(audience, { limit: 100 }, at(FEED_VERSIONS_MS - 1))).toBe(first)
      const later = await feed.page(audience, { limit: 100 }, at(FEED_VERSIONS_MS))
      expect(later.data.map((x) => x.id)).toContain(n.id)
      // This instance's own write: seen on its next request, at the same instant.
      await fx.srv.deps.db.notice.update({ where: { id: n.id }, data: { status: 'withdrawn' } })
      await bumpFeedVersion(fx.srv.deps.db, fx.community1, t0)
      feedChanged(fx.srv.deps.sql)
      expect((await feed.page(audience, { limit: 100 }, at(FEED_VERSIONS_MS))).data.map((x) => x.id)).not.toContain(n.id)
    })

    it('a scheduled notice appears when its time comes, and the publisher job fans it out', async () => {
      const resident = await fx.api.login('resident4')
      const n = await publish({ title: '定时公告', body: '一小时后', target: { communityId: fx.community1 }, publishAt: iso(HOUR) })
      expect(n.state).toBe('scheduled')
      expect(await feedIds(resident)).not.toContain(n.id)
      expect((await resident.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      fx.srv.clock.advance(HOUR + 1000)
      expect(await feedIds(resident)).toContain(n.id)
      expect(await fx.srv.deps.db.message.count({ where: { resourceId: String(n.id) } })).toBe(0)
      expect(await publishDueNotices(fx.srv.deps.db, fx.srv.config, fx.srv.clock.now())).toBe(1)
      expect(await fx.srv.deps.db.message.count({ where: { resourceId: String(n.id), userId: fx.srv.demo!.residentIds.resident4 } })).toBe(1)
      expect(await publishDueNotices(fx.srv.deps.db, fx.srv.config, fx.srv.clock.now())).toBe(0)
      expect((await fx.srv.deps.db.notice.findUniqueOrThrow({ where: { id: n.id } })).status).toBe('published')
    })

    it('an expired notice disappears at its expiry time, and a pin ends on time', async () => {
      const resident = await fx.api.login('resident5')
      const n = await publish({ title: '限时公告', body: '十分钟有效', target: { communityId: fx.community1 }, expiresAt: iso(10 * 60_000) })
      const pinned = await publish({ title: '置顶公告', body: '置顶五分钟', target: { communityId: fx.community1 }, pinnedUntil: iso(5 * 60_000) })
      const first = (await resident.get('/api/v1/notices?limit=100')).body.data
      expect(first[0]).toMatchObject({ id: pinned.id, isPinned: true })
      expect(first.map((x: { id: number }) => x.id)).toContain(n.id)
      fx.srv.clock.advance(6 * 60_000)
      const afterPin = (await resident.get('/api/v1/notices?limit=100')).body.data
      expect(afterPin.find((x: { id: number }) => x.id === pinned.id).isPinned).toBe(false)
      fx.srv.clock.advance(5 * 60_000)
      expect(await feedIds(resident)).not.toContain(n.id)
      expect((await resident.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
      const managed = (await fx.committee.get(`/api/v1/notices/${n.id}`)).body.data
      expect(managed.state).toBe('expired')
    })

    it('time-driven changes end a cached feed at the second they happen, well inside the cache lifetime', async () => {
      // The feed cache keeps an entry for at least 45 s; every step below is shorter, so only the
      // entry's own "next change" time can make these changes show.
      const resident = await fx.api.login('resident3')
      const due = await publish({ title: '二十秒后发布', body: '定时', target: { communityId: fx.community1 }, publishAt: iso(20_000) })
      const pinned = await publish({ title: '置顶十秒', body: '置顶', target: { communityId: fx.community1 }, pinnedUntil: iso(10_000) })
      const brief = await publish({ title: '三十秒有效', body: '限时', target: { communityId: fx.community1 }, expiresAt: iso(30_000) })
      const page = async () => (await resident.get('/api/v1/notices?limit=100')).body.data as { id: number; isPinned: boolean }[]
      let data = await page()
      expect(data[0]).toMatchObject({ id: pinned.id, isPinned: true })
      expect(data.map((x) => x.id)).toContain(brief.id)
      expect(data.map((x) => x.id)).not.toContain(due.id)
      expect(await page()).toEqual(data)

      fx.srv.clock.advance(11_000)
      data = await page()
      expect(data.find((x) => x.id === pinned.id)?.isPinned).toBe(false)
      expect(data.map((x) => x.id)).not.toContain(due.id)

      fx.srv.clock.advance(10_000)
      data = await page()
      expect(data.map((x) => x.id)).toContain(due.id)
      expect(data.map((x) => x.id)).toContain(brief.id)

      fx.srv.clock.advance(10_000)
      expect((await page()).map((x) => x.id)).not.toContain(brief.id)
    })

    it('nextChange() reports the earliest coming change as a time', async () => {
      const feed = new NoticeFeed(fx.srv.deps.sql)
      const now = fx.srv.clock.now()
      const n = await publish({ title: '五分钟后过期', body: '限时', target: { communityId: fx.community1 }, expiresAt: iso(5 * 60_000) })
      const next = await feed.nextChange([fx.community1], now)
      expect(Number.isFinite(next)).toBe(true)
      expect(next).toBeLessThanOrEqual(now.getTime() + 5 * 60_000 + 1000)
      expect(next).toBeGreaterThan(now.getTime())
      await fx.committee.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '测试结束' })
    })
  })

  describe('a cached feed page goes out as kept bytes', () => {
    /** A raw GET (no automatic decompression), with the body as bytes. */
    const raw = (path: string, headers: Record<string, string>) =>
      new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
        http.get(fx.srv.baseUrl + path, { headers }, (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
        }).on('error', reject)
      })

    it('with one ETag, 304 on If-None-Match, and gzip and brotli variants of the same JSON', async () => {
      const resident = await fx.api.login('resident1')
      for (let i = 0; i < 3; i++) await publish({ title: `缓存测试公告${i}`, body: '正文'.repeat(200), target: { communityId: fx.community1 } })
      const auth = { authorization: `Bearer ${resident.token}` }
      const plain = await raw('/api/v1/notices?limit=20', auth)
      expect(plain.status).toBe(200)
      expect(plain.headers['content-type']).toMatch(/^application\/json/)
      expect(plain.headers['content-encoding']).toBeUndefined()
      const page = JSON.parse(plain.body.toString('utf8'))
      expect(page.data.length).toBeGreaterThan(3)
      const etag = plain.headers.etag!
      expect(etag).toMatch(/^"[\w-]+"$/)
      expect((await raw('/api/v1/notices?limit=20', auth)).headers.etag).toBe(etag)

      const gz = await raw('/api/v1/notices?limit=20', { ...auth, 'accept-encoding': 'gzip' })
      expect([gz.headers['content-encoding'], gz.headers.etag]).toEqual(['gzip', etag])
      expect(JSON.parse(zlib.gunzipSync(gz.body).toString('utf8'))).toEqual(page)
      const br = await raw('/api/v1/notices?limit=20', { ...auth, 'accept-encoding': 'br' })
      expect(br.headers['content-encoding']).toBe('br')
      expect(JSON.parse(zlib.brotliDecompressSync(br.body).toString('utf8'))).toEqual(page)

      const again = await raw('/api/v1/notices?limit=20', { ...auth, 'if-none-match': etag })
      expect([again.status, again.body.length]).toEqual([304, 0])
      // A change makes a new page with a new ETag: the old one no longer matches.
      const n = await publish({ title: '新的一条', body: '正文', target: { communityId: fx.community1 } })
      const changed = await raw('/api/v1/notices?limit=20', { ...auth, 'if-none-match': etag })
      expect(changed.status).toBe(200)
      expect(changed.headers.etag).not.toBe(etag)
      expect(JSON.parse(changed.body.toString('utf8')).data.map((x: { id: number }) => x.id)).toContain(n.id)
    })
  })

  describe('pagination', () => {
    it('pages with a cursor, newest first, without repeats', async () => {
      for (let i = 0; i < 7; i++) await publish({ title: `分页公告${i}`, body: '分页', target: { gridIds: [fx.srv.demo!.gridIds[3]] } })
      const resident = await fx.api.login('resident4')
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
})
