import { roleScope, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import { deadlineAfter, getCalendar, type WorkingCalendar } from '../../core/calendar.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx } from '../../core/db.ts'
import { conflict, isUniqueViolation } from '../../core/errors.ts'
import { authorize } from '../../core/policy.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { appendEvent, notifyReport } from './report.events.ts'
import {
  isDepartmentHandler, isGridWorkerOf, isSuperior, reportPolicies, reportPolicy, TRANSITIONS, type ReportAction, type ReportRecord,
} from './report.policy.ts'
import { loadReport, presentLoaded, type LoadedReport } from './report.read.ts'
import { REPORT_STATUS_LABELS, type ReportEventKind, type ReportStatus } from './report.schema.ts'
import { checkOwnPhotos, savePhotos } from './report.submit.ts'
import { bumpReportVersions, type ReportPlacement } from './report.versions.ts'

export const ACTION_LABELS: Record<ReportAction, string> = {
  accept: '受理', reply: '回复', requestInfo: '请补充信息', supplement: '补充信息', transfer: '转办', resolve: '办结', reject: '不予受理',
  rate: '评价', reopen: '重新办理', close: '关闭', second: '附议', reassign: '改派',
}

/** The role the caller acts in on this report, for the timeline. */
export function actingRole(actor: Actor, r: ReportRecord & { reporterId: number | null }): string {
  if (r.reporterId === actor.id) return 'resident'
  if (r.assigneeId === actor.id || isGridWorkerOf(actor, r)) return 'grid_worker'
  if (isDepartmentHandler(actor, r)) return 'dept'
  if (roleScope(actor, 'grid_leader').communityIds.includes(r.communityId) || roleScope(actor, 'grid_leader').gridIds.includes(r.gridId)) return 'grid_leader'
  if (roleScope(actor, 'committee').communityIds.includes(r.communityId)) return 'committee'
  if (isSuperior(actor, r)) return 'street'
  return 'resident'
}

/** What one step changes: the row's new values, its timeline entry, and whom to tell. */
export type Step = {
  data: Prisma.ReportUncheckedUpdateManyInput
  event: { kind: ReportEventKind; text?: string | null; data?: Record<string, unknown>; isInternal?: boolean }
  photos?: { ids: number[]; field: string }
  tell?: { userIds: number[]; kind: string; title: string; body: string; forStaff: boolean }[]
  audit?: Record<string, unknown>
}

export type StepContext = { loaded: LoadedReport; now: Date; cal: WorkingCalendar; tx: Tx }

/**
 * Runs one action on a report: load (404 if not visible) → state check (409 with the caller's
 * allowed actions) → policy (403 with the reason) → one transaction with a conditional update
 * on the version read, the timeline entry, photos, messages (and audit) → the detail.
 */
export async function runAction(
  deps: Deps, actor: Actor, id: number, action: ReportAction, origin: AuditOrigin,
  step: (c: StepContext) => Promise<Step> | Step,
  opts: { photos?: { ids: number[] | undefined; field: string } } = {},
) {
  const loaded = await loadReport(deps, actor, id)
  const { row, record } = loaded
  if (!(TRANSITIONS[action] as readonly ReportStatus[]).includes(row.status)) {
    const allowed = Object.entries(reportPolicies(actor, record)).filter(([, ok]) => ok).map(([a]) => a)
    throw conflict('REPORT_STATE', `诉求当前为「${REPORT_STATUS_LABELS[row.status]}」，不能${ACTION_LABELS[action]}`, { status: row.status, allowedActions: allowed })
  }
  authorize(actor, reportPolicy[action], record)
  const photoIds = opts.photos ? await checkOwnPhotos(deps.db, actor.id, opts.photos.ids, opts.photos.field) : []
  const cal = await getCalendar(deps)
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const s = await step({ loaded, now, cal, tx })
    const changed = await tx.report.updateMany({
      where: { id, status: row.status, version: row.version },
      data: { ...s.data, version: { increment: 1 }, updatedAt: now },
    })
    if (changed.count !== 1) throw conflict('REPORT_CHANGED', '该诉求刚刚被他人处理，请刷新后再试')
    const eventId = await appendEvent(tx, { reportId: id, actorId: actor.id, actorRole: actingRole(actor, record), now, ...s.event })
    if (opts.photos) await savePhotos(tx, id, eventId, photoIds, now, opts.photos.field)
    for (const t of s.tell ?? []) {
      await notifyReport(tx, deps.config, { ...t, userIds: t.userIds.filter((u) => u !== actor.id), reportId: id, eventId, now })
    }
    if (s.audit) {
      await audit(tx, { actor, action: `report.${action}`, resourceType: 'report', resourceId: id, result: 'success', details: s.audit as Prisma.InputJsonValue }, origin)
    }
    await bumpReportVersions(tx, row, movedTo(s.data))
  })
  return presentLoaded(deps, actor, await loadReport(deps, actor, id))
}

/** Where a step moves a report to (transfer, reassign, accepting a queue item), from its new values. */
function movedTo(d: Prisma.ReportUncheckedUpdateManyInput): ReportPlacement {
  const n = (v: unknown) => (typeof v === 'number' ? v : null)
  return { gridId: n(d.gridId), communityId: n(d.communityId), departmentId: n(d.departmentId), assigneeId: n(d.assigneeId) }
}

/** The reporter and the supporters (附议): told of every public step. */
export async function followers(tx: Tx, r: { id: number; reporterId: number | null }): Promise<number[]> {
  const rows = await tx.reportSupporter.findMany({ where: { reportId: r.id }, select: { userId: true } })
  return [...(r.reporterId !== null ? [r.reporterId] : []), ...rows.map((x) => x.userId)]
}

/**
 * 附议: the caller joins as a supporter instead of filing a duplicate. The primary key makes a
 * second 附议 by the same resident a 409, however many arrive at once.
 */
export async function secondReport(deps: Deps, actor: Actor, id: number) {
  const loaded = await loadReport(deps, actor, id)
  if (!(TRANSITIONS.second as readonly ReportStatus[]).includes(loaded.row.status)) {
    throw conflict('REPORT_STATE', `诉求当前为「${REPORT_STATUS_LABELS[loaded.row.status]}」，不能附议`, { status: loaded.row.status })
  }
  if (loaded.isSupporter) throw conflict('ALREADY_SECONDED', '您已附议该诉求')
  authorize(actor, reportPolicy.second, loaded.record)
  const now = deps.now()
  try {
    await deps.db.$transaction(async (tx) => {
      // The report row is locked first, so parallel 附议 queue on it instead of deadlocking on the key.
      const open = await tx.report.updateMany({ where: { id, status: { in: [...TRANSITIONS.second] } }, data: { supporterCount: { increment: 1 } } })
      if (open.count !== 1) throw conflict('REPORT_STATE', '该诉求已办结，不能附议')
      await tx.reportSupporter.create({ data: { reportId: id, userId: actor.id, createdAt: now } })
      await appendEvent(tx, { reportId: id, kind: 'seconded', actorId: actor.id, actorRole: 'resident', text: null, now })
      await bumpReportVersions(tx, loaded.row)
    })
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('ALREADY_SECONDED', '您已附议该诉求')
    throw e
  }
  return presentLoaded(deps, actor, await loadReport(deps, actor, id))
}

/** Shifts a deadline by working (or clock) minutes. */
export const shift = (cal: WorkingCalendar, at: Date, minutes: number, clock: 'working' | 'calendar') =>
  minutes > 0 ? deadlineAfter(cal, at, minutes, clock) : at
