// The problem-report scenarios of `npm run bench` (issue 8): a resident filing a report with photos
// (against a bare node:http + mysql2 single-row INSERT measured in the same run), and the grid
// worker's inbox on the seed:large data set (1,000,000 reports). Submission is checked afterwards:
// the reports stored equal the 2xx answers, every photo is attached once, each report sits in its
// household's grid; then the reports, photos, uploads, idempotency keys and messages it made are
// deleted, so every run measures the same data set.
import type { Connection } from 'mysql2/promise'
import type { Result as CannonResult } from 'autocannon'
import { fmt, type Result } from './report.ts'

/** One autocannon scenario as run.ts drives it. */
export type Scenario = {
  key: string; label: string; base: string; path: string; method?: 'GET' | 'POST'; extra?: boolean
  setup?: () => (req: any, context: Record<string, unknown>) => any
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void
  ready: () => boolean
  /** Runs after the measurement (warm-up and measured runs, in order); returns notes for the report. */
  after?: (runs: CannonResult[]) => Promise<string[]>
}

/** Scenario keys of this file, in the order they run (`--only`). */
export const REPORT_SCENARIO_KEYS = ['inbox', 'inbox-all', 'raw-insert', 'report-submit']

const DESCRIPTIONS = ['楼道灯坏了，晚上看不清台阶，请尽快维修。', '单元门口垃圾堆了两天没人清运。', '小区健身器材有一处螺丝松动。', '地下车库入口积水严重，车辆进出困难。']
const GRID_CATEGORIES = [1, 2, 3, 5, 8] // 水电气, 环境卫生, 公共设施, 邻里纠纷, 其他 (the demo order seed:large uses)
/** The request rate the pre-inserted uploads are sized for (1–3 photos per request, 2 on average). */
const MAX_RATE = 1500

type Ctx = {
  db: Connection
  api: string
  baseline: string
  token: (userId: number) => string
  only?: Set<string>
  flags: { duration: number; warmup: number; 'submit-users': number }
  log: (s: string) => void
}
type Tally = { ok: number; photos: number; noPhotos: number }

const rotate = <T>(xs: T[]) => {
  let i = 0
  return () => xs[i++ % xs.length]
}

/**
 * Builds the report scenarios: samples grid workers for the inbox, and residents (with their
 * household) for submission, with unattached uploads pre-inserted for each (files need not exist).
 */
export async function reportScenarios(ctx: Ctx): Promise<Scenario[]> {
  const { db } = ctx
  const all = async <T>(sql: string, params?: unknown[]) => (await db.query(sql, params))[0] as T[]
  const wanted = (...keys: string[]) => !ctx.only || keys.some((k) => ctx.only!.has(k))
  const count = async (table: string) => Number((await all<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`).catch(() => [{ n: 0 }]))[0].n)
  const [reports, categories] = [await count('reports'), await count('report_categories')]
  if (!categories) {
    return REPORT_SCENARIO_KEYS.filter((k) => wanted(k))
      .map((key) => ({ key, label: `${key} (no report categories: run seed:large)`, base: ctx.api, path: '/', ready: () => false }))
  }
  const out: Scenario[] = []

  if (wanted('inbox', 'inbox-all')) {
    const workers = (await all<{ user_id: number }>(`SELECT user_id FROM grid_assignments WHERE kind = 'primary' ORDER BY CRC32(CONCAT('inbox', user_id))`)).map((r) => r.user_id)
    let status = 0
    let items = 0
    for (const id of workers.slice(0, 20)) {
      const res = await fetch(`${ctx.api}/api/v1/reports?box=inbox&status=open&limit=20`, { headers: { authorization: ctx.token(id) } })
      status ||= res.status
      if (res.ok) items += ((await res.json()) as { data: unknown[] }).data.length
    }
    ctx.log(`  inbox probe: HTTP ${status}, ${fmt(items / Math.max(1, Math.min(20, workers.length)), 1)} open items on the first page on average (${fmt(reports)} reports)`)
    const inbox = (key: string, label: string, path: string, extra = false): Scenario => ({
      key, label, base: ctx.api, path, extra, ready: () => status === 200,
      setup: () => {
        const next = rotate(workers)
        return (req) => ({ ...req, headers: { ...req.headers, authorization: ctx.token(next()) } })
      },
    })
    out.push(inbox('inbox', `grid worker's inbox, open items by deadline (${fmt(workers.length)} workers)`, '/api/v1/reports?box=inbox&status=open&limit=20'))
    out.push(inbox('inbox-all', "grid worker's inbox, all items (open first, then the finished ones)", '/api/v1/reports?box=inbox&limit=20', true))
  }

  if (wanted('raw-insert', 'report-submit')) {
    const residents = await all<{ user_id: number; household_id: number }>(
      `SELECT user_id, MIN(household_id) AS household_id FROM household_bindings WHERE status = 'approved'
       GROUP BY user_id ORDER BY CRC32(CONCAT('submit', user_id)) LIMIT ?`, [ctx.flags['submit-users']])
    const perUser = Math.ceil(((ctx.flags.duration + ctx.flags.warmup) * MAX_RATE * 2) / Math.max(1, residents.length)) + 3
    const photos = new Map<number, number[]>()
    const t0 = performance.now()
    const run = Date.now().toString(36)
    await removeBenchReports(db)
    await db.query(`INSERT INTO uploads (owner_id, storage_key, content_type, byte_size, width, height, sha256, created_at)
      SELECT u.id, CONCAT('bench-', ?, '-', u.id, '-', s.seq), 'image/jpeg', 180000 + s.seq, 1600, 1200,
             UNHEX(SHA2(CONCAT(?, u.id, '-', s.seq), 256)), UTC_TIMESTAMP(3)
      FROM users u JOIN seq_0_to_${perUser - 1} s WHERE u.id IN (?)`, [run, run, residents.map((r) => r.user_id)])
    for (const u of await all<{ id: number; owner_id: number }>('SELECT id, owner_id FROM uploads WHERE storage_key LIKE ? ORDER BY id', [`bench-${run}-%`])) {
      photos.set(u.owner_id, [...(photos.get(u.owner_id) ?? []), u.id])
    }
    ctx.log(`  report-submit: ${fmt(residents.length * perUser)} unattached uploads for ${residents.length} residents inserted in ${Math.round(performance.now() - t0)} ms`)
    const maxId = Number((await all<{ n: number | null }>('SELECT MAX(id) AS n FROM reports'))[0].n ?? 0)
    let seq = 0
    const body = (r: { household_id: number }, photoIds?: number[]) => JSON.stringify({
      categoryId: GRID_CATEGORIES[seq % GRID_CATEGORIES.length], description: DESCRIPTIONS[seq % DESCRIPTIONS.length],
      ...(photoIds ? { photos: photoIds } : {}), location: { householdId: r.household_id },
    })
    out.push({
      key: 'raw-insert', label: 'raw-insert baseline: one report-like row (bare node:http + mysql2 INSERT)', base: ctx.baseline, path: '/raw-insert',
      method: 'POST', ready: () => residents.length > 0,
      setup: () => {
        const next = rotate(residents)
        return (req) => ({ ...req, headers: { 'content-type': 'application/json' }, body: body(next(), [1, 2]) })
      },
    })
    const tally: Tally = { ok: 0, photos: 0, noPhotos: 0 }
    out.push({
      key: 'report-submit', label: `file a report with 1–3 photos as a resident (${fmt(residents.length)} residents)`, base: ctx.api,
      path: '/api/v1/reports', method: 'POST', ready: () => residents.length > 0,
      setup: () => {
        // Each request: a fresh Idempotency-Key and 1–3 of its resident's unused uploads.
        const next = rotate(residents)
        return (req, context) => {
          const r = next()
          const n = 1 + (seq % 3)
          const pool = photos.get(r.user_id) ?? []
          const ids = pool.length >= n ? pool.splice(0, n) : undefined
          if (!ids) tally.noPhotos++
          context.photos = ids?.length ?? 0
          seq++
          return {
            ...req,
            headers: { authorization: ctx.token(r.user_id), 'content-type': 'application/json', 'idempotency-key': `bench-${run}-${seq}` },
            body: body(r, ids),
          }
        }
      },
      onResponse: (status, _body, context) => {
        if (status < 200 || status >= 300) return
        tally.ok++
        tally.photos += Number(context.photos ?? 0)
      },
      after: (runs) => submitChecks(db, runs, tally, maxId, residents.map((r) => r.user_id)),
    })
  }
  return out
}

/** Checks submission against the database (rows = 2xx answers, photos attached once, placed in the right grid), then deletes what it made. */
async function submitChecks(db: Connection, runs: CannonResult[], tally: Tally, maxId: number, userIds: number[]): Promise<string[]> {
  const one = async (sql: string, params: unknown[] = [maxId]) => Number(((await db.query(sql, params))[0] as { n: number }[])[0].n)
  // Requests still in flight when autocannon stops each run (up to one per connection) are left
  // unanswered and may commit later: wait until no report has come in for 3 s (at most 60 s).
  for (let last = -1, i = 0; i < 20; i++) {
    const now = await one('SELECT COUNT(*) AS n FROM reports WHERE id > ?')
    if (now === last) break
    last = now
    await new Promise((r) => setTimeout(r, 3000))
  }
  const inFlight = runs.reduce((n, r) => n + Math.max(0, r.requests.sent - r.requests.total), 0)
  const twoXX = runs.reduce((n, r) => n + Number(r['2xx'] ?? 0), 0)
  const timeouts = runs.reduce((n, r) => n + r.timeouts, 0)
  const rows = await one("SELECT COUNT(*) AS n FROM reports WHERE id > ? AND source = 'resident'")
  const photos = await one('SELECT COUNT(*) AS n FROM report_photos p JOIN reports r ON r.id = p.report_id WHERE r.id > ?')
  const attached = await one("SELECT COUNT(*) AS n FROM uploads WHERE storage_key LIKE 'bench-%' AND attached_at IS NOT NULL", [])
  const misplaced = await one('SELECT COUNT(*) AS n FROM reports r JOIN households h ON h.id = r.household_id WHERE r.id > ? AND (r.grid_id <> h.grid_id OR r.building_id <> h.building_id)')
  const unassigned = await one("SELECT COUNT(*) AS n FROM reports WHERE id > ? AND handling_unit = 'grid' AND assignee_id IS NULL")
  const noEvent = await one("SELECT COUNT(*) AS n FROM reports r WHERE r.id > ? AND NOT EXISTS (SELECT 1 FROM report_events e WHERE e.report_id = r.id AND e.kind = 'submitted')")
  // Exact when nothing was left in flight; else the unanswered requests may each have stored one report.
  const rowsOk = inFlight + timeouts === 0 ? rows === twoXX && photos === tally.photos : rows >= twoXX && rows <= twoXX + inFlight + timeouts
  const ok = rowsOk && twoXX === tally.ok && photos === attached && misplaced + unassigned + noEvent === 0
  const notes = [
    `Submission check: ${fmt(rows)} reports stored for ${fmt(twoXX)} 2xx answers (warm-up included)` +
    `${inFlight + timeouts ? ` and ${inFlight + timeouts} requests left unanswered when the runs stopped or timed out` : ''}; ${fmt(photos)} photos on them ` +
    `(${fmt(tally.photos)} sent with the answered ones), ${fmt(attached)} uploads marked attached; ${misplaced} outside their household's grid or building, ` +
    `${unassigned} grid reports without an assignee, ${noEvent} without a 'submitted' event: **${ok ? 'consistent' : 'INCONSISTENT'}**.`,
  ]
  if (tally.noPhotos) notes.push(`${fmt(tally.noPhotos)} submissions went without photos (the pre-inserted uploads ran out).`)
  // Clean up, so that every run measures the same data set.
  await db.query("DELETE FROM messages WHERE resource_type = 'report' AND CAST(SUBSTRING_INDEX(resource_id, ':', 1) AS UNSIGNED) > ?", [maxId])
  await db.query('DELETE FROM reports WHERE id > ?', [maxId])
  await removeBenchReports(db)
  await db.query("DELETE FROM idempotency_keys WHERE user_id IN (?) AND `key` LIKE 'bench-%'", [userIds])
  return notes
}

/** Deletes reports filed with bench uploads (seed:large's reports have no photos), then the bench uploads. */
async function removeBenchReports(db: Connection) {
  await db.query(`DELETE r FROM reports r JOIN report_photos p ON p.report_id = r.id JOIN uploads u ON u.id = p.upload_id
    WHERE u.storage_key LIKE 'bench-%'`)
  await db.query(`DELETE u FROM uploads u LEFT JOIN report_photos p ON p.upload_id = u.id WHERE u.storage_key LIKE 'bench-%' AND p.upload_id IS NULL`)
}
