// The baseline: a bare node:http server answering a resident's first feed page with exactly the SQL
// the API uses (feedQuery from api/src/modules/notices/notice.feed.ts) over a mysql2 pool of the
// same size, and no cache. Per request it does what an uncached API request must do at the
// database: one query for the resident's audience (communities, grids and buildings of their
// approved households), then the pinned and the page queries, in parallel as the API runs them.
//
//   GET /?user=<id>[&limit=20]  →  {data: [...], page: {nextCursor}}
//   GET /ceiling?after=<id>  →  {data: [...]}: the ceiling — one indexed query, 20 of the 100,000
//   households by primary key (no audience, no auth, no cache): what one database query costs.
//   POST /raw-insert {categoryId, description, location: {householdId}}  →  201 {data: {id}}: the
//   report submission's floor, one INSERT of the row into `bench_raw_reports` (a copy of `reports`
//   with its indexes, made and emptied on first use), no auth, no checks, no routing, no timeline.
//
// Env: BASELINE_DATABASE_URL, BASELINE_POOL_SIZE, BASELINE_PORT (0 = any). Prints `LISTENING <url>`.
import http from 'node:http'
import type { ResultSetHeader, RowDataPacket } from 'mysql2'
import { createSqlPool } from '../api/src/core/db.ts'
import { encodeFeedCursor, feedQuery, type Audience } from '../api/src/modules/notices/notice.feed.ts'
import { CATEGORY_LABELS } from '../api/src/modules/notices/notice.schema.ts'

const url = process.env.BASELINE_DATABASE_URL
if (!url) throw new Error('BASELINE_DATABASE_URL is required')
const pool = createSqlPool(url, Number(process.env.BASELINE_POOL_SIZE ?? 10))

const AUDIENCE_SQL = `SELECT hb.community_id, hb.grid_id, h.building_id
  FROM household_bindings hb JOIN households h ON h.id = hb.household_id
  WHERE hb.user_id = ? AND hb.status = 'approved'`

type FeedRow = {
  id: number; title: string; summary: string; category: keyof typeof CATEGORY_LABELS; importance: string
  publish_at: Date; pinned_until: Date | null; community_id: number; community_name: string; cover_key: string | null
}

const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b)

async function feed(userId: number, limit: number) {
  const [bindings] = await pool.query<RowDataPacket[]>(AUDIENCE_SQL, [userId])
  const a: Audience = {
    communityIds: uniq(bindings.map((b) => b.community_id)),
    fullCommunityIds: [],
    gridIds: uniq(bindings.map((b) => b.grid_id)),
    buildingIds: uniq(bindings.map((b) => b.building_id)),
    buildingGridIds: [],
  }
  if (!a.communityIds.length) return { data: [], page: { nextCursor: null } }
  const now = new Date()
  const run = async (q: { sql: string; params: unknown[] }) => (await pool.query(q.sql, q.params))[0] as FeedRow[]
  const [pinned, rows] = await Promise.all([
    run(feedQuery(a, now, { pinned: true, limit: 10 })),
    run(feedQuery(a, now, { pinned: false, limit: limit + 1 })),
  ])
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    data: [...pinned, ...page].map((r) => ({
      id: r.id,
      title: r.title,
      summary: r.summary,
      category: r.category,
      categoryLabel: CATEGORY_LABELS[r.category],
      importance: r.importance,
      isPinned: r.pinned_until !== null && r.pinned_until > now,
      publishedAt: r.publish_at.toISOString(),
      community: { id: r.community_id, name: r.community_name },
      coverUrl: r.cover_key ? `/files/${r.cover_key}` : null,
    })),
    page: { nextCursor: rows.length > limit && last ? encodeFeedCursor(last.publish_at, last.id) : null },
  }
}

let rawTable: Promise<unknown> | undefined
async function rawInsert(json: string) {
  rawTable ??= pool.query('CREATE TABLE IF NOT EXISTS bench_raw_reports LIKE reports').then(() => pool.query('TRUNCATE bench_raw_reports'))
  await rawTable
  const input = JSON.parse(json) as { categoryId: number; description: string; location: { householdId?: number } }
  const now = new Date()
  const due = new Date(now.getTime() + 2 * 3600_000)
  const [r] = await pool.execute<ResultSetHeader>(
    `INSERT INTO bench_raw_reports (source, category_id, description, location_kind, household_id, grid_id, community_id, street_id,
       handling_unit, accept_due_at, resolve_due_at, due_at, escalate_at, created_at, updated_at)
     VALUES ('resident', ?, ?, 'household', ?, 1, 1, 1, 'grid', ?, ?, ?, ?, ?, ?)`,
    [input.categoryId, input.description, input.location.householdId ?? null, due, due, due, due, now, now])
  return { data: { id: r.insertId } }
}

async function ceiling(after: number) {
  const [rows] = await pool.query<RowDataPacket[]>('SELECT id, building_id, unit, room FROM households WHERE id > ? ORDER BY id LIMIT 20', [after])
  return { data: rows.map((r) => ({ id: r.id, buildingId: r.building_id, unit: r.unit, room: r.room })) }
}

const server = http.createServer((req, res) => {
  const u = new URL(req.url ?? '/', 'http://baseline')
  if (u.pathname === '/ceiling') {
    ceiling(Math.max(0, Number(u.searchParams.get('after')) || 0)).then(
      (body) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body)),
      (err) => {
        process.stderr.write(`baseline: ${(err as Error).stack}\n`)
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}')
      },
    )
    return
  }
  if (req.method === 'POST' && u.pathname === '/raw-insert') {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c)).on('end', () => {
      rawInsert(Buffer.concat(chunks).toString('utf8')).then(
        (body) => res.writeHead(201, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body)),
        (err) => {
          process.stderr.write(`baseline: ${(err as Error).stack}\n`)
          res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}')
        },
      )
    })
    return
  }
  const user = Number(u.searchParams.get('user'))
  const limit = Math.min(100, Math.max(1, Number(u.searchParams.get('limit') ?? 20) || 20))
  if (!Number.isSafeInteger(user) || user <= 0) {
    res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"user"}')
    return
  }
  feed(user, limit).then(
    (body) => res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body)),
    (err) => {
      process.stderr.write(`baseline: ${(err as Error).stack}\n`)
      res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"internal"}')
    },
  )
})
server.keepAliveTimeout = 65_000
server.listen(Number(process.env.BASELINE_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number }
  process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`)
})
const stop = () => server.close(() => void pool.end().finally(() => process.exit(0)))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
