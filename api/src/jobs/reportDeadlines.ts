import { Prisma } from '../generated/prisma/client.ts'
import { deadlineAfter, getCalendar, type WorkingCalendar } from '../core/calendar.ts'
import type { Deps } from '../core/context.ts'
import type { Tx } from '../core/db.ts'
import { formatShanghai } from '../core/time.ts'
import { followers } from '../modules/reports/report.actions.ts'
import { appendEvent, departmentHandlers, escalationRecipients, notifyReport } from '../modules/reports/report.events.ts'
import { ESCALATION_LABELS } from '../modules/reports/report.schema.ts'
import { bumpReportVersions } from '../modules/reports/report.versions.ts'

const WARN_BEFORE_MS = 30 * 60_000
const BATCH = 50
const MAX_LEVEL = ESCALATION_LABELS.length - 1
const SYSTEM = { actorId: null, actorRole: 'system' } as const

type Claimed = {
  id: number; status: 'submitted' | 'accepted' | 'resolved' | 'unsatisfied'; category_id: number; due_at: Date | null; escalate_at: Date
  escalation_level: number; grid_id: number; community_id: number; street_id: number; assignee_id: number | null
  department_id: number | null; handling_unit: 'grid' | 'department'; reporter_id: number | null
}
type Category = { id: number; name: string; acceptMinutes: number; clock: 'working' | 'calendar' }

const COLUMNS = Prisma.raw(
  'id, status, category_id, due_at, escalate_at, escalation_level, grid_id, community_id, street_id, assignee_id, department_id, handling_unit, reporter_id',
)

const step = (status: string) => (status === 'submitted' ? '受理' : '办结')

/** Categories of the claimed rows (a plain read: locking them would make other runners skip whole categories). */
async function categoriesOf(tx: Tx, rows: { category_id: number }[]): Promise<Map<number, Category>> {
  const ids = [...new Set(rows.map((r) => r.category_id))]
  const cats = await tx.reportCategory.findMany({ where: { id: { in: ids } }, select: { id: true, name: true, acceptMinutes: true, clock: true } })
  return new Map(cats.map((c) => [c.id, c]))
}

/** Open reports in `statuses` whose escalate_at has come, oldest first, one batch (a claim for `inBatches`). */
const claimDue = (now: Date, statuses: Claimed['status'][]) => (tx: Tx) => tx.$queryRaw<Claimed[]>`SELECT ${COLUMNS} FROM reports
      WHERE escalate_at <= ${now} AND status IN (${Prisma.join(statuses)})
      ORDER BY escalate_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`

/**
 * Runs batches of `claim → handle each row` until a batch comes back short. Each batch is one
 * transaction whose rows are claimed with FOR UPDATE SKIP LOCKED, so several API processes share
 * the work and no row is handled twice; `handle` also updates conditionally and says whether it
 * changed the row, and only changed rows are counted.
 */
async function inBatches(
  deps: Deps, claim: (tx: Tx) => Promise<Claimed[]>, handle: (tx: Tx, row: Claimed, cats: Map<number, Category>) => Promise<boolean>,
): Promise<number> {
  let total = 0
  for (;;) {
    const [claimed, done] = await deps.db.$transaction(async (tx) => {
      const rows = await claim(tx)
      const cats = rows.length ? await categoriesOf(tx, rows) : new Map<number, Category>()
      let n = 0
      for (const r of rows) if (await handle(tx, r, cats)) n++
      return [rows.length, n] as const
    // READ COMMITTED: the claim locks only the rows it returns, no next-key locks on neighbours,
    // so one runner's batch never makes another runner skip a row it does not hold.
    }, { timeout: 30_000, isolationLevel: 'ReadCommitted' })
    total += done
    if (claimed < BATCH) return total
  }
}

/** 30 minutes before an accept or resolve deadline: the assignee (or the department's queue) is warned, once per deadline. */
async function warn(deps: Deps, now: Date): Promise<number> {
  const until = new Date(now.getTime() + WARN_BEFORE_MS)
  return inBatches(deps, (tx) => tx.$queryRaw<Claimed[]>`SELECT ${COLUMNS} FROM reports
      WHERE due_at > ${now} AND due_at <= ${until} AND status IN ('submitted', 'accepted')
        AND (warned_due_at IS NULL OR warned_due_at <> due_at)
      ORDER BY due_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
  async (tx, r, cats) => {
    const changed = await tx.$executeRaw`UPDATE reports SET warned_due_at = due_at, updated_at = ${now}
      WHERE id = ${r.id} AND status = ${r.status} AND due_at = ${r.due_at} AND (warned_due_at IS NULL OR warned_due_at <> due_at)`
    if (changed !== 1) return false
    const due = formatShanghai(r.due_at!)
    const eventId = await appendEvent(tx, {
      reportId: r.id, kind: 'warned', ...SYSTEM, isInternal: true, now,
      text: `${step(r.status)}时限 ${due} 即将到期`, data: { dueAt: r.due_at!.toISOString(), step: r.status },
    })
    const to = r.assignee_id !== null ? [r.assignee_id]
      : r.handling_unit === 'department' && r.department_id !== null ? await departmentHandlers(tx, r.department_id) : []
    await notifyReport(tx, deps.config, {
      userIds: to, reportId: r.id, eventId, kind: 'report.warned', forStaff: true, now,
      title: '诉求即将超期',
      body: `诉求#${r.id}（${cats.get(r.category_id)?.name ?? '诉求'}）的${step(r.status)}时限 ${due} 即将到期，请尽快处理。`,
    })
    return true
  })
}

/** Past its accept or resolve deadline, an open report goes up one level (grid leader, community, street), each level told. */
async function escalate(deps: Deps, cal: WorkingCalendar, now: Date): Promise<number> {
  return inBatches(deps, claimDue(now, ['submitted', 'accepted']),
  async (tx, r, cats) => {
    const cat = cats.get(r.category_id)!
    const level = Math.min(r.escalation_level + 1, MAX_LEVEL)
    // The next level gets the category's accept time to act before the one above is called in.
    // (Never at or before now, or this run would claim it again.)
    const next = level < MAX_LEVEL
      ? new Date(Math.max(deadlineAfter(cal, now, cat.acceptMinutes, cat.clock).getTime(), now.getTime() + 60_000))
      : null
    const changed = await tx.$executeRaw`UPDATE reports
      SET escalation_level = ${level}, escalate_at = ${next}, version = version + 1, updated_at = ${now}
      WHERE id = ${r.id} AND status = ${r.status} AND escalate_at = ${r.escalate_at} AND escalation_level = ${r.escalation_level}`
    if (changed !== 1) return false
    await bumpReportVersions(tx, { gridId: r.grid_id, communityId: r.community_id, streetId: r.street_id, departmentId: r.department_id, assigneeId: r.assignee_id })
    const label = ESCALATION_LABELS[level]
    const eventId = await appendEvent(tx, {
      reportId: r.id, kind: 'escalated', ...SYSTEM, now,
      text: `已超期，升级至${label}督办`, data: { level, from: r.escalation_level, step: r.status },
    })
    await notifyReport(tx, deps.config, {
      userIds: await escalationRecipients(tx, { gridId: r.grid_id, communityId: r.community_id, streetId: r.street_id }, level),
      reportId: r.id, eventId, kind: 'report.escalated', forStaff: true, now,
      title: `诉求超期，升级至${label}督办`,
      body: `诉求#${r.id}（${cat.name}）已超过${step(r.status)}时限，升级至${label}督办，请督促办理。`,
    })
    return true
  })
}

/**
 * Seven days after resolving without the reporter closing it: closed (or closed, not fixed, when they
 * were unsatisfied); the reporter and supporters are told.
 */
async function autoClose(deps: Deps, now: Date): Promise<number> {
  return inBatches(deps, claimDue(now, ['resolved', 'unsatisfied']),
  async (tx, r, cats) => {
    const to = r.status === 'resolved' ? 'closed' : 'closed_unfixed'
    const changed = await tx.$executeRaw`UPDATE reports
      SET status = ${to}, closed_at = ${now}, due_at = NULL, escalate_at = NULL, version = version + 1, updated_at = ${now}
      WHERE id = ${r.id} AND status = ${r.status} AND escalate_at = ${r.escalate_at}`
    if (changed !== 1) return false
    await bumpReportVersions(tx, { gridId: r.grid_id, communityId: r.community_id, streetId: r.street_id, departmentId: r.department_id, assigneeId: r.assignee_id })
    const eventId = await appendEvent(tx, {
      reportId: r.id, kind: 'closed', ...SYSTEM, now, text: '办结 7 天后自动关闭', data: { auto: true, status: to },
    })
    await notifyReport(tx, deps.config, {
      userIds: await followers(tx, { id: r.id, reporterId: r.reporter_id }), reportId: r.id, eventId, kind: 'report.closed', forStaff: false, now,
      title: '诉求已自动关闭',
      body: `诉求#${r.id}（${cats.get(r.category_id)?.name ?? '诉求'}）办结已满 7 天，${to === 'closed' ? '已自动关闭' : '已关闭（未解决）'}。`,
    })
    return true
  })
}

/**
 * The report deadline job: warns 30 minutes before a deadline, escalates overdue open reports one
 * level, and closes reports 7 days after resolving. Safe with any number of API processes running
 * it at once (rows claimed with SKIP LOCKED, updates conditional on what was read).
 */
export async function runReportDeadlines(deps: Deps, now = deps.now()): Promise<{ warned: number; escalated: number; closed: number }> {
  const cal = await getCalendar(deps)
  const escalated = await escalate(deps, cal, now)
  const warned = await warn(deps, now)
  const closed = await autoClose(deps, now)
  return { warned, escalated, closed }
}
