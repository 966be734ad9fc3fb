import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { formatDatabaseUrl, parseDatabaseUrl } from '../../src/core/db.ts'
import { rawRequest, type RawResponse } from '../support/openapi.ts'
import { startTestServer, type TestServer } from '../support/server.ts'
import { TcpProxy } from '../support/tcpProxy.ts'

/**
 * The database becomes unreachable while several clients read and write, and comes back. The API
 * answers 503 SERVICE_UNAVAILABLE with Retry-After meanwhile (never 500, never a hang), serves
 * again within 5 s of the database's return without a restart, and every write it acknowledged
 * is in the database afterwards, once (clients retry with the same Idempotency-Key).
 */

const CUT_MS = Number(process.env.OUTAGE_CUT_MS ?? 2_500)
const RECOVERY_MS = 5_000
/** No request may take longer than this, outage or not. */
const MAX_LATENCY_MS = 8_000

type Sample = { at: number; ms: number; kind: string; status: number; code?: string; retryAfter?: string; text: string }

let srv: TestServer
let proxy: TcpProxy
let sql: mysql.Connection
const tokens: Record<string, string> = {}
/** Per resident, the households they have no binding with (each write asks for a new one). */
const freeHouseholds = new Map<string, number[]>()

beforeAll(async () => {
  proxy = await new TcpProxy(inject('dbServer')).start()
  srv = await startTestServer({ env: { LOG_LEVEL: process.env.OUTAGE_LOG ?? 'silent' }, databaseUrl: (url) => formatDatabaseUrl({ ...parseDatabaseUrl(url), host: '127.0.0.1', port: proxy.port }) })
  // The test's own view of the database goes around the proxy.
  sql = await mysql.createConnection(srv.db.url)
  const [households] = await sql.query<mysql.RowDataPacket[]>('SELECT id FROM households ORDER BY id')
  for (const u of ['committee1', 'resident2', 'resident3', 'resident4', 'resident5', 'resident6', 'resident7', 'resident8', 'resident9']) {
    tokens[u] = (await srv.as(u)).token!
    const [bound] = await sql.query<mysql.RowDataPacket[]>('SELECT household_id FROM household_bindings b JOIN users u ON u.id = b.user_id WHERE u.username = ?', [u])
    const taken = new Set(bound.map((b) => b.household_id))
    freeHouseholds.set(u, households.map((h) => h.id as number).filter((id) => !taken.has(id)))
  }
})
afterAll(async () => {
  await sql?.end()
  await proxy.restore().catch(() => undefined)
  await srv?.close()
  await proxy?.close()
})

/**
 * Runs writers and readers until `stop()`: each writer retries one logical write (same key, same
 * body) until it is acknowledged, then starts the next. Returns what every request got.
 */
function load(round: string) {
  const samples: Sample[] = []
  const acked = { notices: new Map<string, number>(), bindings: new Map<string, number>() }
  const started = { notices: new Set<string>(), bindings: new Set<string>() }
  const t0 = Date.now()
  let running = true

  const send = async (kind: string, user: string, method: string, path: string, body?: unknown, key?: string): Promise<RawResponse | null> => {
    const begun = Date.now()
    let res: RawResponse
    try {
      res = await rawRequest(srv.baseUrl, {
        method,
        path,
        headers: {
          authorization: `Bearer ${tokens[user]}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
          ...(key ? { 'idempotency-key': key } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
      }, MAX_LATENCY_MS * 2)
    } catch (e) {
      samples.push({ at: begun - t0, ms: Date.now() - begun, kind, status: 0, text: (e as Error).message })
      return null
    }
    samples.push({
      at: begun - t0, ms: Date.now() - begun, kind, status: res.status, code: res.json?.error?.code,
      retryAfter: res.headers['retry-after'] as string | undefined, text: res.text.slice(0, 200),
    })
    return res
  }
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))

  const noticeWriter = async () => {
    for (let n = 0; running; n++) {
      const title = `断库演练${round}-${n}`
      started.notices.add(title)
      const body = { title, body: '数据库中断演练', importance: 'normal', target: { communityId: srv.demo!.communityIds[0] }, mode: 'draft' }
      while (running) {
        const r = await send('notice', 'committee1', 'POST', '/api/v1/notices', body, `outage-${round}-${n}`)
        if (r?.status === 201) {
          acked.notices.set(title, r.json.data.id)
          break
        }
        await pause(100)
      }
    }
  }
  const bindingWriter = async (user: string) => {
    const households = freeHouseholds.get(user)!
    for (let n = 0; running && n < households.length; n++) {
      const householdId = households[n]
      const id = `${user}:${householdId}`
      started.bindings.add(id)
      while (running) {
        const r = await send('binding', user, 'POST', '/api/v1/me/households', { householdId, relation: 'tenant' }, `outage-${round}-${householdId}`)
        if (r?.status === 201) {
          acked.bindings.set(id, r.json.data.id)
          break
        }
        await pause(100)
      }
    }
  }
  const reader = async (user: string, path: string) => {
    while (running) {
      await send(`read ${path}`, user, 'GET', path)
      await pause(20)
    }
  }

  const writers = round === 'refuse' ? ['resident2', 'resident3', 'resident4'] : ['resident7', 'resident8', 'resident9']
  const workers = [
    noticeWriter(),
    ...writers.map(bindingWriter),
    reader('resident5', '/api/v1/notices'), reader('resident6', '/api/v1/me'), reader('committee1', '/api/v1/household-bindings?status=pending'),
  ]
  return {
    samples, acked, started, t0,
    stop: async () => {
      running = false
      await Promise.all(workers)
    },
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const describeSample = (s: Sample) => `${s.kind} at ${s.at} ms took ${s.ms} ms: ${s.status} ${s.text}`

/** One outage of the given kind under load, with every assertion of the contract. */
async function outage(mode: 'refuse' | 'blackhole') {
  const run = load(mode)
  await pause(1_000)
  const cutAt = Date.now() - run.t0
  await proxy.cut(mode)
  await pause(CUT_MS)
  const restoredAt = Date.now() - run.t0
  await proxy.restore()
  await pause(RECOVERY_MS + 1_500)
  await run.stop()

  const { samples } = run
  // The load ran and the outage was felt, on both writes and reads.
  expect(samples.filter((s) => s.at < cutAt && s.status >= 200 && s.status < 300).length).toBeGreaterThan(20)
  // A host that is down is noticed at once; a partition only as requests wait.
  if (mode === 'refuse') expect(samples.filter((s) => s.status === 503).length).toBeGreaterThan(0)

  // Nothing failed other than as 503 SERVICE_UNAVAILABLE with Retry-After; nothing hung.
  const unexpected = samples.filter((s) => !(s.status >= 200 && s.status < 300) && !(s.status === 503 && s.code === 'SERVICE_UNAVAILABLE' && Number(s.retryAfter) > 0))
  expect(unexpected.map(describeSample)).toEqual([])
  expect(samples.filter((s) => s.ms > MAX_LATENCY_MS).map(describeSample)).toEqual([])

  // Within 5 s of the database's return every kind of request succeeds, in the same process.
  const late = samples.filter((s) => s.at > restoredAt + RECOVERY_MS && !(s.status >= 200 && s.status < 300))
  expect(late.map(describeSample)).toEqual([])
  for (const kind of new Set(samples.map((s) => s.kind))) {
    expect(samples.some((s) => s.kind === kind && s.at > restoredAt + RECOVERY_MS && s.status < 300), `${kind} succeeds after recovery`).toBe(true)
  }

  // Every acknowledged write is in the database, exactly once.
  const [notices] = await sql.query<mysql.RowDataPacket[]>('SELECT id, title FROM notices WHERE title LIKE ?', [`断库演练${mode}-%`])
  const byTitle = new Map<string, number[]>()
  for (const n of notices) byTitle.set(n.title, [...(byTitle.get(n.title) ?? []), n.id])
  for (const [title, id] of run.acked.notices) expect(byTitle.get(title), title).toEqual([id])
  for (const [title, ids] of byTitle) expect(ids.length, `${title} written once`).toBe(1)
  const [bindings] = await sql.query<mysql.RowDataPacket[]>(
    "SELECT b.id, u.username, b.household_id AS householdId FROM household_bindings b JOIN users u ON u.id = b.user_id WHERE b.relation = 'tenant' AND b.status = 'pending'",
  )
  const stored = new Map(bindings.map((b) => [`${b.username}:${b.householdId}`, b.id as number]))
  for (const [id, bindingId] of run.acked.bindings) expect(stored.get(id), id).toBe(bindingId)
  expect(run.acked.notices.size + run.acked.bindings.size).toBeGreaterThan(10)
}

describe('a database outage under load', () => {
  it('the database host goes down (connections cut, port refused) for 2.5 s and comes back', { timeout: 60_000 }, async () => {
    await outage('refuse')
  })

  it('the network to the database blackholes for 2.5 s (nothing refused, nothing answers) and heals', { timeout: 60_000 }, async () => {
    await outage('blackhole')
  })
})
