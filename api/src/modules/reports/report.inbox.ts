import type { RowDataPacket } from 'mysql2'
import type { z } from 'zod'
import { roleScope, type Actor } from '../../core/actor.ts'
import type { SqlPool } from '../../core/db.ts'
import { cachePerOwner } from '../../core/cache.ts'
import { invalid } from '../../core/errors.ts'
import { OPEN_STATUSES } from './report.policy.ts'
import { presentReportSummary } from './report.presenter.ts'
import type { ReportListQuery, ReportStatus } from './report.schema.ts'
import { summaryRows } from './report.rows.ts'
import { inboxKeys, readVersions } from './report.versions.ts'

export const DONE_STATUSES: ReportStatus[] = ['resolved', 'unsatisfied', 'closed', 'closed_unfixed', 'rejected']

type Where = { sql: string[]; params: unknown[] }

/** One branch of the caller's scope: a condition on one indexed column of `reports r`. */
export type ScopePart = { sql: string; params: unknown[] }

/**
 * The caller's scope as conditions on indexed columns, any of which admits a report: their
 * assigned reports and their grids' (grid workers), their communities (leaders, committee),
 * streets, and their departments' queues. Null when the caller has no staff scope at all.
 */
export function inboxScope(actor: Actor): ScopePart[] | null {
  const workers = roleScope(actor, 'grid_worker')
  const leaders = roleScope(actor, 'grid_leader', 'committee')
  const parts: ScopePart[] = [{ sql: 'r.assignee_id = ?', params: [actor.id] }]
  const add = (column: string, ids: number[]) => {
    if (ids.length) parts.push({ sql: `r.${column} IN (?)`, params: [ids] })
  }
  add('grid_id', [...new Set([...workers.gridIds, ...leaders.gridIds])])
  add('community_id', leaders.communityIds)
  add('street_id', roleScope(actor, 'street').streetIds)
  add('department_id', actor.staff.departmentIds)
  if (parts.length === 1 && !actor.roles.some((r) => r !== 'resident')) return null
  return parts
}


/** Soonest deadline first, reports without one (finished) after, then by id. */
const ORDER = 'due_at IS NULL, due_at, id'

/**
 * The inbox: what the caller handles or supervises, soonest deadline first (finished reports,
 * which have none, after the open ones), then by id; the cursor carries (deadline, id) so pages
 * never skip or repeat. Two statements through mysql2 — the grid worker's most frequent request
 * (docs/benchmarks.md): the page's ids, as a UNION of ordered, limited reads per scope column —
 * the reports with a deadline by (deadline, id), those without by id, each on that column's
 * (column, due_at) index, so a grid's thousands of finished reports are never sorted — then the
 * page's rows with their names.
 */
export async function inboxPage(sql: SqlPool, actor: Actor, scope: ScopePart[], q: z.output<typeof ReportListQuery>, now: Date) {
  const w: Where = { sql: [], params: [] }
  const cond = (s: string, ...params: unknown[]) => {
    w.sql.push(s)
    w.params.push(...params)
  }
  if (q.status === 'open') cond('r.status IN (?)', OPEN_STATUSES)
  else if (q.status === 'done') cond('r.status IN (?)', DONE_STATUSES)
  else if (q.status) cond('r.status = ?', q.status)
  if (q.categoryId) cond('r.category_id = ?', q.categoryId)
  if (q.gridId) cond('r.grid_id = ?', q.gridId)
  if (q.overdue === true) cond('r.due_at < ?', now)
  const after = decodeInboxCursor(q.cursor)
  const take = q.limit + 1
  const branches: { sql: string; params: unknown[] }[] = []
  const branch = (part: ScopePart, extra: Where, order: string) => branches.push({
    sql: `(SELECT r.id, r.due_at FROM reports r WHERE ${[part.sql, ...w.sql, ...extra.sql].join(' AND ')} ORDER BY ${order} LIMIT ?)`,
    params: [...part.params, ...w.params, ...extra.params, take],
  })
  for (const part of scope) {
    // With a deadline: none once the cursor has passed into the reports without one.
    if (!(after && after.due === null)) {
      const dated: Where = { sql: ['r.due_at IS NOT NULL'], params: [] }
      if (q.overdue === false) {
        dated.sql.push('r.due_at >= ?')
        dated.params.push(now)
      }
      if (after && after.due !== null) {
        const due = new Date(after.due)
        dated.sql.push('(r.due_at > ? OR (r.due_at = ? AND r.id > ?))')
        dated.params.push(due, due, after.id)
      }
      branch(part, dated, 'r.due_at, r.id')
    }
    // Without one (never overdue).
    if (q.overdue !== true) {
      branch(part, after && after.due === null ? { sql: ['r.due_at IS NULL', 'r.id > ?'], params: [after.id] } : { sql: ['r.due_at IS NULL'], params: [] }, 'r.id')
    }
  }
  if (!branches.length) return { data: [], page: { nextCursor: null } }
  const [ids] = await sql.query<({ id: number; due_at: Date | null } & RowDataPacket)[]>(
    `SELECT id, due_at FROM (${branches.map((b) => b.sql).join(' UNION ')}) x ORDER BY ${ORDER} LIMIT ?`,
    [...branches.flatMap((b) => b.params), take],
  )
  const rows = await summaryRows(sql, ids.map((r) => Number(r.id)))
  const items = rows.slice(0, q.limit)
  const last = items[items.length - 1]
  return {
    data: items.map((r) => presentReportSummary(r, actor, now)),
    page: { nextCursor: ids.length > q.limit ? Buffer.from(`d:${last.dueAt ? last.dueAt.getTime() : ''}:${last.id}`).toString('base64url') : null },
  }
}


function decodeInboxCursor(cursor: string | undefined): { due: number | null; id: number } | null {
  if (!cursor) return null
  const m = /^d:(\d{0,15}):(\d{1,12})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m) throw invalid('cursor', '分页游标无效')
  return { due: m[1] === '' ? null : Number(m[1]), id: Number(m[2]) }
}

type InboxResult = Awaited<ReturnType<typeof inboxPage>>
type CachedPage = { versions: string; until: number; result: InboxResult }

/** A cached page lives at most this long, even with nothing changed (names, categories). */
const MAX_AGE_MS = 60_000
/** Per pool (one per API instance). */
const inboxCacheOf = cachePerOwner<string, CachedPage>(MAX_AGE_MS)

/**
 * The inbox page through a per-process cache: the versions of the caller's scopes (one primary-key
 * read) say whether a cached page still holds — every report change a list shows bumps them in
 * its transaction, so a page is never served after a change on any instance. Versions are read
 * before the page, so a page is never cached under newer versions than its own. A page also ends
 * when one of its deadlines passes (its "overdue" marks change with time alone).
 */
export async function cachedInboxPage(sql: SqlPool, actor: Actor, scope: ScopePart[], q: z.output<typeof ReportListQuery>, now: Date) {
  const versions = await readVersions(sql, inboxKeys(actor))
  const cache = inboxCacheOf(sql)
  const key = `${actor.id}|${JSON.stringify(q)}`
  const hit = cache.get(key)
  if (hit && hit.versions === versions && now.getTime() < hit.until) return hit.result
  const result = await inboxPage(sql, actor, scope, q, now)
  const nextDue = result.data.reduce((soonest, r) => {
    const due = r.dueAt ? Date.parse(r.dueAt) : Infinity
    return due > now.getTime() && due < soonest ? due : soonest
  }, Infinity)
  cache.delete(key)
  cache.set(key, { versions, until: nextDue, result })
  return result
}
