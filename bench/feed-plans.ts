// The feed's query plans for the bench report: MariaDB's ANALYZE of the notice feed's queries for
// one sampled resident, and their median times run one after another on one connection.
import mysql, { type Connection } from 'mysql2/promise'
import { feedQuery, visibleWhere, type Audience } from '../api/src/modules/notices/notice.feed.ts'

/** EXPLAIN and sequential timings of the feed's queries for one sampled resident. */
export async function explainFeed(db: Connection, uid: number) {
  const all = async <T>(sql: string, params?: unknown[]) => (await db.query(sql, params))[0] as T[]
  const rows = await all<{ community_id: number; grid_id: number; building_id: number }>(
    `SELECT hb.community_id, hb.grid_id, h.building_id FROM household_bindings hb JOIN households h ON h.id = hb.household_id
     WHERE hb.user_id = ? AND hb.status = 'approved'`, [uid])
  const u = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b)
  const a: Audience = {
    communityIds: u(rows.map((r) => r.community_id)), fullCommunityIds: [], gridIds: u(rows.map((r) => r.grid_id)),
    buildingIds: u(rows.map((r) => r.building_id)), buildingGridIds: [],
  }
  const now = new Date()
  const queries: [string, { sql: string; params: unknown[] }][] = [
    ['feed page (not pinned, first page, limit 21)', feedQuery(a, now, { pinned: false, limit: 21 })],
    ['feed pinned', feedQuery(a, now, { pinned: true, limit: 10 })],
  ]
  const page = feedQuery(a, now, { pinned: false, limit: 21 })
  const [visible] = (await db.query(page.sql, page.params))[0] as { id: number }[]
  const v = visibleWhere(a, now)
  queries.push(['detail visibility check', { sql: `SELECT n.id FROM notices n WHERE n.id = ? AND ${v.sql}`, params: [visible?.id ?? 1, ...v.params] }])
  const out: { name: string; sql: string; explain: string; ms: number }[] = []
  for (const [name, q] of queries) {
    const sql = mysql.format(q.sql, q.params as never[])
    // MariaDB's ANALYZE runs the statement and adds the rows really read (r_rows) to the plan.
    const ex = await all<Record<string, unknown>>(`ANALYZE ${sql}`)
    const cols = ['id', 'select_type', 'table', 'type', 'key', 'rows', 'r_rows', 'filtered', 'r_filtered', 'Extra']
    const explain = [cols.join(' | '), ...ex.map((r) => cols.map((c) => String(r[c] ?? 'NULL')).join(' | '))].join('\n')
    for (let i = 0; i < 20; i++) await db.query(sql) // warm
    const times: number[] = []
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now()
      await db.query(sql)
      times.push(performance.now() - t0)
    }
    times.sort((x, y) => x - y)
    out.push({ name, sql: sql.replace(/\s+/g, ' '), explain, ms: times[times.length >> 1] })
  }
  return { userId: uid, audience: a, queries: out }
}
