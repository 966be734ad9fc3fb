import { describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { feedIds, HOUR, isoFrom, publishAs, startNoticeFixture } from './support/notices.ts'

// Notices after publication: read receipts, editing, publishing and withdrawing, the message
// centre and revision history (creation, targeting and the feed are in notices.int.test.ts).
describe('notices after publication', () => {
  const fx = useFixture(startNoticeFixture)
  const publish = (body: Record<string, unknown>, who: Client = fx.committee) => publishAs(who, body)
  const iso = (ms: number) => isoFrom(fx.srv.clock, ms)

  describe('read receipts', () => {
    it('counts one read however many times it is opened at once; staff see counts per grid and unread households', async () => {
      const n = await publish({ title: '重要：燃气检修', body: '请在家等候', importance: 'important', target: { gridIds: [fx.grid1, fx.grid2] } })
      const resident1 = await fx.api.login('resident1')
      const opens = await Promise.all(Array.from({ length: 8 }, () => resident1.get(`/api/v1/notices/${n.id}`)))
      expect(opens.every((o) => o.status === 200 && o.body.data.readAt)).toBe(true)
      expect(await fx.srv.deps.db.noticeRead.count({ where: { noticeId: n.id } })).toBe(1)

      const stats = (await fx.committee.get(`/api/v1/notices/${n.id}/reads`)).body.data
      expect(stats.grids.map((g: any) => [g.gridId, g.households, g.readHouseholds])).toEqual([[fx.grid1, 40, 1], [fx.grid2, 40, 0]])
      expect(stats.totals).toEqual({ households: 80, readHouseholds: 1, readers: 1 })

      const worker = await fx.api.login('grid1')
      const own = (await worker.get(`/api/v1/notices/${n.id}/reads?gridId=${fx.grid1}`)).body.data
      expect(own.grids.map((g: any) => g.gridId)).toEqual([fx.grid1])
      expect(own.unread.households).toHaveLength(39)
      const resident1Home = (await resident1.get('/api/v1/me')).body.data.households[0].household.id
      expect(own.unread.households.map((h: any) => h.id)).not.toContain(resident1Home)
      const occupied = own.unread.households.find((h: any) => h.occupants.length)
      expect(occupied.occupants[0].realName).toMatch(/\*/)
      expect((await worker.get(`/api/v1/notices/${n.id}/reads?gridId=${fx.grid2}`)).status).toBe(404)
      expect((await (await fx.api.login('resident2')).get(`/api/v1/notices/${n.id}/reads`)).status).toBe(403)
    })

    it('normal notices keep no receipts', async () => {
      const n = await publish({ title: '普通公告', body: '内容', target: { communityId: fx.community1 } })
      const r = await (await fx.api.login('resident1')).get(`/api/v1/notices/${n.id}`)
      expect(r.body.data.readAt).toBeNull()
      expect((await fx.committee.get(`/api/v1/notices/${n.id}/reads`)).status).toBe(403)
    })
  })

  describe('editing, publishing and withdrawing', () => {
    it('a stale version is a conflict; editing a published notice keeps its history', async () => {
      const n = await publish({ title: '原标题', body: '原正文', target: { communityId: fx.community1 } })
      const ok = await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: '新标题' })
      expect(ok.status).toBe(200)
      expect(ok.body.data).toMatchObject({ title: '新标题', version: n.version + 1, revisions: 1 })
      const stale = await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: '另一个标题' })
      expect(stale.status).toBe(409)
      expect(stale.body.error.code).toBe('VERSION_CONFLICT')
      const revision = await fx.srv.deps.db.noticeRevision.findFirstOrThrow({ where: { noticeId: n.id } })
      expect(revision).toMatchObject({ version: n.version, title: '原标题' })
      const retarget = await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version + 1, target: { gridIds: [fx.grid1] } })
      expect(retarget.status).toBe(409)
      expect(fieldsOf(await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { title: '缺版本' }))).toEqual(['version'])
    })

    it('a draft publishes once; withdrawing needs a reason and happens once', async () => {
      const draft = (await fx.committee.post('/api/v1/notices', { title: '草稿', body: '内容', importance: 'normal', target: { communityId: fx.community1 }, mode: 'draft' })).body.data
      expect(draft.state).toBe('draft')
      expect(await feedIds(await fx.api.login('resident1'))).not.toContain(draft.id)
      expect((await fx.committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '不需要了' })).status).toBe(409)
      const [a, b] = await Promise.all([fx.committee.post(`/api/v1/notices/${draft.id}/publish`, {}), fx.committee.post(`/api/v1/notices/${draft.id}/publish`, {})])
      expect([a.status, b.status].sort()).toEqual([200, 409])
      expect(fieldsOf(await fx.committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '' }))).toEqual(['reason'])
      expect((await fx.committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '发错了' })).body.data.state).toBe('withdrawn')
      expect((await fx.committee.post(`/api/v1/notices/${draft.id}/withdraw`, { reason: '发错了' })).status).toBe(409)
      expect((await (await fx.api.login('committee2')).post(`/api/v1/notices/${draft.id}/publish`, {})).status).toBe(404)
      expect((await (await fx.api.login('grid1')).request('PATCH', `/api/v1/notices/${draft.id}`, { version: 1 })).status).toBe(404)
      expect((await fx.committee.post('/api/v1/notices/999999/publish', {})).status).toBe(404)
    })

    it('the manage box lists every state for staff, filtered; residents may not use it', async () => {
      await fx.committee.post('/api/v1/notices', { title: '还在起草的公告', body: '正文', importance: 'normal', mode: 'draft', target: { communityId: fx.community1 } })
      await publish({ title: '一小时后过期的公告', body: '正文', target: { communityId: fx.community1 }, expiresAt: iso(HOUR) })
      fx.srv.clock.advance(2 * HOUR)
      const all = (await fx.committee.get('/api/v1/notices?box=manage&limit=100')).body.data
      expect(new Set(all.map((n: any) => n.state))).toEqual(new Set(['draft', 'published', 'withdrawn', 'expired']))
      const withdrawn = (await fx.committee.get('/api/v1/notices?box=manage&status=withdrawn&limit=100')).body.data
      expect(withdrawn.length).toBeGreaterThan(0)
      expect(withdrawn.every((n: any) => n.state === 'withdrawn' && n.policies.withdraw === false)).toBe(true)
      expect((await (await fx.api.login('resident1')).get('/api/v1/notices?box=manage')).status).toBe(403)
      const other = (await (await fx.api.login('committee2')).get('/api/v1/notices?box=manage&limit=100')).body.data
      expect(other.length).toBeGreaterThan(0)
      expect(other.every((n: any) => n.community.name === '柳岸社区')).toBe(true)
      expect(all.find((n: any) => n.title === '青石花园1、2号楼停水通知').targetLabel).toBe('青石第一网格')
    })
  })

  describe('message centre', () => {
    it('lists, counts and marks messages read, only the caller’s own', async () => {
      const resident = await fx.api.login('resident6')
      const list = (await resident.get('/api/v1/messages?limit=100')).body.data
      expect(list.length).toBeGreaterThan(0)
      expect(list[0]).toMatchObject({ kind: 'notice.published', isRead: false, link: expect.stringMatching(/^\/packages\/notices\/detail\/index\?id=\d+$/) })
      const unread = (await resident.get('/api/v1/messages/unread-count')).body.data.count
      expect(unread).toBe(list.length)
      const others = (await (await fx.api.login('resident1')).get('/api/v1/messages?limit=1')).body.data
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
      fx.srv.deps.db.upload.create({
        data: {
          ownerId: fx.srv.demo!.staffIds.committee1, storageKey: `revision-test-${n}-${Date.now()}`, contentType: 'image/jpeg',
          byteSize: 100, width: 640 + n, height: 480, sha256: Buffer.alloc(32, n),
        },
      })

    it('401 without a token; 403 for a resident who can read it, 404 for those who cannot see it; 400 names the query field', async () => {
      const n = await publish({ title: '修改记录权限', body: '内容', target: { communityId: fx.community1 } })
      const draft = (await fx.committee.post('/api/v1/notices', { title: '修改记录草稿', body: '内容', importance: 'normal', target: { communityId: fx.community1 }, mode: 'draft' })).body.data
      expect((await revisions(fx.api, n.id)).status).toBe(401)
      const resident1 = await fx.api.login('resident1')
      const forbidden = await revisions(resident1, n.id)
      expect(forbidden.status).toBe(403)
      expect(forbidden.body.error.code).toBe('FORBIDDEN')
      expect((await revisions(resident1, draft.id)).status).toBe(404)
      expect((await revisions(await fx.api.login('resident16'), n.id)).status).toBe(404)
      expect((await revisions(await fx.api.login('committee2'), n.id)).status).toBe(404)
      expect((await revisions(await fx.api.login('committee2'), draft.id)).status).toBe(404)
      expect((await revisions(fx.committee, 999999)).status).toBe(404)
      expect(fieldsOf(await revisions(fx.committee, n.id, '?limit=0'))).toEqual(['limit'])
      expect(fieldsOf(await revisions(fx.committee, n.id, '?cursor=nonsense'))).toEqual(['cursor'])
      expect(fieldsOf(await revisions(fx.committee, n.id, '?colour=red'))).toEqual(['colour'])
      expect(await revisions(fx.committee, n.id)).toMatchObject({ status: 200, body: { data: [], page: { nextCursor: null } } })
    })

    it('two edits of a published notice keep both earlier versions whole, newest first, for committee and street staff', async () => {
      const [img1, img2] = [await upload(1), await upload(2)]
      const original = {
        title: '原版公告', body: '<p>原版正文</p>', category: 'notice', importance: 'normal',
        target: { gridIds: [fx.grid1, fx.grid2] }, imageIds: [img1.id], pinnedUntil: iso(2 * HOUR), expiresAt: iso(48 * HOUR),
      }
      const n = await publish(original)
      const first = { version: 1, title: '第二版公告', category: 'outage', importance: 'important', pinnedUntil: null, expiresAt: iso(72 * HOUR), imageIds: [img2.id, img1.id] }
      expect((await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, first)).status).toBe(200)
      const second = { version: 2, body: '第三版正文', category: 'activity', importance: 'normal', pinnedUntil: iso(3 * HOUR), expiresAt: null, imageIds: [] }
      const saved = await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, second)
      expect(saved.body.data).toMatchObject({ version: 3, revisions: 2, category: 'activity', images: [] })
      expect((await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { ...second, version: 2 })).status).toBe(409)

      const r = await revisions(fx.committee, n.id)
      expect(r.status).toBe(200)
      expect(r.body.page.nextCursor).toBeNull()
      const [v2, v1] = r.body.data
      expect(r.body.data.map((x: { version: number }) => x.version)).toEqual([2, 1])
      const target = { type: 'grids', gridIds: [fx.grid1, fx.grid2], buildingIds: [] }
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

      const street = await revisions(await fx.api.login('street1'), n.id)
      expect(street.body.data.map((x: { version: number }) => x.version)).toEqual([2, 1])
    })

    it('pages newest first with a cursor, without repeats', async () => {
      let n = await publish({ title: '分页修改0', body: '正文', target: { communityId: fx.community1 } })
      for (let i = 1; i <= 5; i++) {
        n = (await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: `分页修改${i}` })).body.data
      }
      const versions: number[] = []
      let cursor: string | null = null
      let pages = 0
      do {
        const r: any = await revisions(fx.committee, n.id, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        versions.push(...r.body.data.map((x: { version: number }) => x.version))
        cursor = r.body.page.nextCursor
        pages++
      } while (cursor)
      expect(versions).toEqual([5, 4, 3, 2, 1])
      expect(pages).toBe(3)
      const titles = (await revisions(fx.committee, n.id, '?limit=1')).body.data.map((x: { title: string }) => x.title)
      expect(titles).toEqual(['分页修改4'])
    })

    it('two editors saving the same version at once: one wins, one conflict, one revision', async () => {
      const n = await publish({ title: '并发修改', body: '正文', target: { communityId: fx.community1 } })
      const results = await Promise.all(['甲', '乙', '丙', '丁'].map((x) => fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, title: `并发修改${x}` })))
      expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409, 409])
      expect(await fx.srv.deps.db.noticeRevision.count({ where: { noticeId: n.id } })).toBe(1)
      expect((await revisions(fx.committee, n.id)).body.data.map((x: { title: string }) => x.title)).toEqual(['并发修改'])
    })

    it('a scheduled notice keeps its earlier target and publication time', async () => {
      const publishAt = iso(5 * HOUR)
      const n = await publish({ title: '定时修改', body: '正文', target: { gridIds: [fx.grid1] }, publishAt })
      expect(n.state).toBe('scheduled')
      const edited = await fx.committee.request('PATCH', `/api/v1/notices/${n.id}`, { version: n.version, target: { buildingIds: [fx.buildingOfResident1] }, publishAt: iso(6 * HOUR) })
      expect(edited.body.data).toMatchObject({ state: 'scheduled', target: { type: 'buildings', buildingIds: [fx.buildingOfResident1] } })
      const [v1] = (await revisions(fx.committee, n.id)).body.data
      expect(v1.snapshot).toMatchObject({
        state: 'scheduled', stateLabel: '待发布', target: { type: 'grids', gridIds: [fx.grid1], buildingIds: [] }, targetLabel: '青石第一网格',
        publishAt, publishedAt: null,
      })
      await fx.committee.post(`/api/v1/notices/${n.id}/withdraw`, { reason: '测试结束' })
    })

    it('editing a draft keeps no revision, as before; edits after publication do', async () => {
      const draft = (await fx.committee.post('/api/v1/notices', { title: '草稿修改', body: '内容', importance: 'normal', target: { communityId: fx.community1 }, mode: 'draft' })).body.data
      const edited = (await fx.committee.request('PATCH', `/api/v1/notices/${draft.id}`, { version: draft.version, title: '草稿修改二', category: 'policy' })).body.data
      expect(edited).toMatchObject({ version: draft.version + 1, revisions: 0 })
      expect((await revisions(fx.committee, draft.id)).body.data).toEqual([])
      await fx.committee.post(`/api/v1/notices/${draft.id}/publish`, {})
      await fx.committee.request('PATCH', `/api/v1/notices/${draft.id}`, { version: edited.version, importance: 'important' })
      const data = (await revisions(fx.committee, draft.id)).body.data
      expect(data).toHaveLength(1)
      expect(data[0]).toMatchObject({ version: edited.version, title: '草稿修改二', snapshot: { category: 'policy', importance: 'normal', state: 'published' } })
    })
  })
})
