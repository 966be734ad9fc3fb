import { describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('the message centre: GET /api/v1/messages and the unread count', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const me = await api.login('resident6')
    const other = await api.login('resident5')
    const userId: number = srv.demo!.residentIds.resident6
    const otherId: number = srv.demo!.residentIds.resident5
    const at = (i: number) => new Date(srv.clock.now().getTime() - (30 - i) * 60_000)
    const rows = (user: number, n: number) => Array.from({ length: n }, (_, i) => ({
      userId: user, kind: 'test', title: `消息${i}`, body: `正文${i}`, link: i % 2 ? '/packages/notices/detail/index' : null,
      resourceType: 'test', resourceId: String(i), createdAt: at(i), readAt: i < 20 ? at(i) : null,
    }))
    await srv.deps.db.message.createMany({ data: [...rows(userId, 25), ...rows(otherId, 3)] })
    return { srv, api, me, other, userId, otherId }
  })

  const stored = (where: { userId: number; readAt?: null }) =>
    t.srv.deps.db.message.findMany({ where, orderBy: { id: 'desc' }, select: { id: true, title: true, readAt: true } })

  it('401 without a token; 400 naming cursor for a cursor that is not ours', async () => {
    expect((await t.api.get('/api/v1/messages')).status).toBe(401)
    expect((await t.api.get('/api/v1/messages/unread-count')).status).toBe(401)
    expect(fieldsOf(await t.me.get('/api/v1/messages?cursor=bm9wZQ'))).toEqual(['cursor'])
  })

  it('pages through the caller’s own messages newest first, without repeats, as stored', async () => {
    const seen: { id: string; title: string; isRead: boolean; link: string | null }[] = []
    let cursor: string | null = null
    do {
      const r: { status: number; body: any } = await t.me.get(`/api/v1/messages?limit=10${cursor ? `&cursor=${cursor}` : ''}`)
      expect(r.status).toBe(200)
      seen.push(...r.body.data)
      cursor = r.body.page.nextCursor
    } while (cursor)
    const mine = await stored({ userId: t.userId })
    expect(seen.map((m) => m.id)).toEqual(mine.map((m) => m.id.toString()))
    expect(seen.map((m) => [m.title, m.isRead])).toEqual(mine.map((m) => [m.title, m.readAt !== null]))
    expect(seen.filter((m) => m.link).length).toBeGreaterThan(0)
  })

  it('unread=1 lists only unread ones; the count is the stored count and follows marking read', async () => {
    const unread = (await t.me.get('/api/v1/messages?unread=1&limit=100')).body.data
    expect(unread.map((m: { id: string }) => m.id)).toEqual((await stored({ userId: t.userId, readAt: null })).map((m) => m.id.toString()))
    expect(unread.every((m: { isRead: boolean }) => !m.isRead)).toBe(true)
    expect((await t.me.get('/api/v1/messages/unread-count')).body.data).toEqual({ count: unread.length })
    expect((await t.other.get('/api/v1/messages/unread-count')).body.data).toEqual({ count: (await stored({ userId: t.otherId, readAt: null })).length })
    expect((await t.me.post('/api/v1/messages/read', { ids: [unread[0].id] })).body.data).toEqual({ updated: 1 })
    expect((await t.me.get('/api/v1/messages/unread-count')).body.data).toEqual({ count: unread.length - 1 })
  })

  it('never lists someone else’s messages', async () => {
    const theirs = new Set((await stored({ userId: t.otherId })).map((m) => m.id.toString()))
    const mine = (await t.me.get('/api/v1/messages?limit=100')).body.data as { id: string }[]
    expect(mine.some((m) => theirs.has(m.id))).toBe(false)
  })
})
