import type { Pool } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from './support/client.ts'
import { createResident } from './support/factories.ts'
import { expectKeptAnswer } from './support/kept.ts'
import { startTestServer, type TestServer } from './support/server.ts'

// The message centre's first page is kept per process and checked per call against the user's
// version in message_versions and their unread count (migration 20261207000000_message_versions).
// Every change is made through process A or straight in the database, and read on process B,
// whose page was kept from before the change.
describe('message centre first page kept per process, never stale across processes', () => {
  let srv: TestServer
  let onA: Client
  let onB: Client
  let userId: number
  let seq = 0
  const sql = (): Pool => srv.deps.sql as unknown as Pool

  type View = { id: string; title: string; isRead: boolean }
  const pageOnB = async (query = '') => {
    const r = await onB.get(`/api/v1/messages${query}`)
    expect(r.status).toBe(200)
    return r.body as { data: View[]; page: { nextCursor: string | null } }
  }
  const titlesOnB = async (query = '') => (await pageOnB(query)).data.map((m) => m.title)
  /** Inserts one message for the user (unread unless `readAt`), on its own connection, committed. */
  const insert = async (title: string, readAt: Date | null = null, on: Pick<Pool, 'query'> = sql()) => {
    const [r] = await on.query(
      "INSERT INTO messages (user_id, kind, title, body, link, resource_type, resource_id, read_at, created_at) VALUES (?, 'test', ?, '正文', NULL, 'test', ?, ?, UTC_TIMESTAMP(3))",
      [userId, title, `mc-${++seq}`, readAt],
    )
    return String((r as { insertId: number }).insertId)
  }

  beforeAll(async () => {
    srv = await startTestServer({ instances: 2 })
    const [a, b] = srv.cluster!.processes
    await createResident(srv.deps.db, srv.deps.cipher, 'msg_cache')
    onA = await new Client(a.url).login('msg_cache')
    onB = new Client(b.url, onA.token)
    userId = (await srv.deps.db.user.findUniqueOrThrow({ where: { username: 'msg_cache' } })).id
    await insert('第一条')
  })
  afterAll(async () => srv?.close())

  it('answers from the kept page while the version and unread count stand still (the cache is real)', async () => {
    expect(await titlesOnB()).toEqual(['第一条'])
    // An edit with the version put back by hand: B keeps answering what it kept.
    await sql().query("UPDATE messages SET title = '改过的' WHERE user_id = ?", [userId])
    await sql().query('UPDATE message_versions SET version = version - 1 WHERE user_id = ?', [userId])
    expect(await titlesOnB()).toEqual(['第一条'])
    // An edit that moves the version is seen at once.
    await sql().query("UPDATE messages SET title = '第一条' WHERE user_id = ?", [userId])
    expect(await titlesOnB()).toEqual(['第一条'])
  })

  it('sends the kept page again as the same bytes: one ETag, and 304 when the client has it', async () => {
    await expectKeptAnswer(onB, '/api/v1/messages')
  })

  it('shows a new message at once, and one inserted already read', async () => {
    await pageOnB()
    await insert('第二条')
    expect(await titlesOnB()).toEqual(['第二条', '第一条'])
    await insert('已读的第三条', new Date())
    const page = await pageOnB()
    expect(page.data.map((m) => [m.title, m.isRead])).toEqual([['已读的第三条', true], ['第二条', false], ['第一条', false]])
  })

  it('shows a message whose transaction commits after a later one was already on the kept page', async () => {
    const early = await sql().getConnection()
    try {
      await early.beginTransaction()
      const earlyId = await insert('先开始后提交', null, early)
      const lateId = await insert('后开始先提交')
      expect(BigInt(earlyId)).toBeLessThan(BigInt(lateId))
      expect((await titlesOnB())[0]).toBe('后开始先提交')
      await early.commit()
      expect((await titlesOnB()).slice(0, 2)).toEqual(['后开始先提交', '先开始后提交'])
    } finally {
      early.release()
    }
  })

  it('shows messages marked read on the other process, one by one and all at once, in both lists', async () => {
    const page = await pageOnB()
    const unread = page.data.filter((m) => !m.isRead)
    expect(unread.length).toBeGreaterThan(2)
    expect((await titlesOnB('?unread=1')).length).toBe(unread.length)
    expect((await onA.post('/api/v1/messages/read', { ids: [unread[0].id] })).status).toBe(200)
    expect((await pageOnB()).data.find((m) => m.id === unread[0].id)!.isRead).toBe(true)
    expect(await titlesOnB('?unread=1')).toEqual(unread.slice(1).map((m) => m.title))
    // A message arriving and another being read between two calls still moves the check.
    await pageOnB()
    await insert('又一条')
    expect((await onA.post('/api/v1/messages/read', { ids: [unread[1].id] })).status).toBe(200)
    const after = await pageOnB()
    expect(after.data[0].title).toBe('又一条')
    expect(after.data.find((m) => m.id === unread[1].id)!.isRead).toBe(true)
    expect((await onA.post('/api/v1/messages/read', { all: true })).status).toBe(200)
    expect((await pageOnB()).data.every((m) => m.isRead)).toBe(true)
    expect(await titlesOnB('?unread=1')).toEqual([])
  })

  it('marks all read while messages for the same user are being filed in parallel: no lock errors, and the kept page ends as a fresh read', async () => {
    // Each filing as report filing does it: its message, then a read of the user's row under a
    // shared lock (the outbox INSERT … SELECT joins users), then commit.
    const filing = async (i: number) => {
      const c = await sql().getConnection()
      try {
        await c.beginTransaction()
        await insert(`并发${i}`, null, c)
        await c.query('SELECT id FROM users WHERE id = ? LOCK IN SHARE MODE', [userId])
        await c.commit()
      } finally {
        c.release()
      }
    }
    const [filed, read] = await Promise.all([
      Promise.allSettled(Array.from({ length: 40 }, (_, i) => filing(i))),
      Promise.all(Array.from({ length: 10 }, () => onA.post('/api/v1/messages/read', { all: true }))),
    ])
    expect(filed.filter((r) => r.status === 'rejected')).toEqual([])
    expect(read.map((r) => r.status)).toEqual(Array(10).fill(200))
    const [[{ n }]] = await sql().query<({ n: number } & import('mysql2').RowDataPacket)[]>(
      "SELECT COUNT(*) AS n FROM messages WHERE user_id = ? AND title LIKE '并发%'", [userId])
    expect(Number(n)).toBe(40)
    const kept = await pageOnB('?limit=100')
    const fresh = await new Client(srv.cluster!.processes[0].url, onA.token).get('/api/v1/messages?limit=100')
    expect(kept).toEqual(fresh.body)
  })

  it('drops a deleted message at once, and reads later pages afresh', async () => {
    await pageOnB()
    await sql().query("DELETE FROM messages WHERE user_id = ? AND title = '第二条'", [userId])
    const titles = await titlesOnB()
    expect(titles).not.toContain('第二条')
    const first = await pageOnB('?limit=2')
    expect(first.page.nextCursor).not.toBeNull()
    const cursor = encodeURIComponent(first.page.nextCursor!)
    const before = (await pageOnB(`?limit=2&cursor=${cursor}`)).data.map((m) => m.title)
    await sql().query("UPDATE messages SET title = CONCAT(title, '!') WHERE user_id = ? AND title = ?", [userId, before[0]])
    const later = (await pageOnB(`?limit=2&cursor=${cursor}`)).data.map((m) => m.title)
    expect(later).toEqual([`${before[0]}!`, ...before.slice(1)])
  })
})
