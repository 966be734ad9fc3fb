import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import type { AuditOrigin } from '../../core/audit.ts'
import { deadlineAfter } from '../../core/calendar.ts'
import type { Deps } from '../../core/context.ts'
import { invalid } from '../../core/errors.ts'
import { formatShanghai } from '../../core/time.ts'
import { chooseAssignee } from './report.dispatch.ts'
import { departmentHandlers, escalationRecipients } from './report.events.ts'
import { followers, runAction, shift, type StepContext } from './report.actions.ts'
import type {
  CloseBody, RateBody, ReassignBody, RejectReportBody, ReopenBody, ReplyBody, RequestInfoBody, ResolveBody, SupplementBody, TransferBody,
} from './report.schema.ts'

type In<S extends z.ZodType> = z.output<S>

const categoryOf = (c: StepContext) =>
  c.tx.reportCategory.findUniqueOrThrow({ where: { id: c.loaded.row.categoryId } })

/** Who handles it now: the assignee, else the department's handlers. */
async function handlersOf(c: StepContext): Promise<number[]> {
  const r = c.loaded.row
  if (r.assigneeId !== null) return [r.assigneeId]
  if (r.departmentId !== null) return departmentHandlers(c.tx, r.departmentId)
  return escalationRecipients(c.tx, r, 1)
}

const short = (s: string) => Array.from(s).slice(0, 60).join('')

/** 受理: the handler takes it on; from now the resolve deadline runs. */
export const acceptReport = (deps: Deps, actor: Actor, id: number, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'accept', origin, async (c) => {
    const r = c.loaded.row
    return {
      data: {
        status: 'accepted', acceptedAt: c.now, acceptedLate: c.now.getTime() > r.acceptDueAt.getTime(),
        dueAt: r.resolveDueAt, escalateAt: r.resolveDueAt, warnedDueAt: null,
        ...(r.assigneeId === null ? { assigneeId: actor.id } : {}),
      },
      event: { kind: 'accepted' },
      tell: [{ userIds: await followers(c.tx, r), kind: 'report.accepted', title: '您的诉求已受理', body: `「${r.category.name}」已受理，预计 ${formatShanghai(r.resolveDueAt, 'M月D日 HH:mm')} 前办结`, forStaff: false }],
    }
  })

/** 回复: a message to the resident, with photos if any; the state does not change. */
export const replyReport = (deps: Deps, actor: Actor, id: number, body: In<typeof ReplyBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'reply', origin, async (c) => ({
    data: {},
    event: { kind: 'replied', text: body.text },
    tell: [{ userIds: await followers(c.tx, c.loaded.row), kind: 'report.replied', title: '诉求有新回复', body: short(body.text), forStaff: false }],
  }), { photos: { ids: body.photos, field: 'photos' } })

/** 请补充: asks the reporter a question; the clock stops until they answer. */
export const requestInfo = (deps: Deps, actor: Actor, id: number, body: In<typeof RequestInfoBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'requestInfo', origin, (c) => ({
    data: { status: 'awaiting_info', pausedFrom: c.loaded.row.status, pausedAt: c.now, dueAt: null },
    event: { kind: 'info_requested', text: body.question },
    tell: [{ userIds: c.loaded.row.reporterId !== null ? [c.loaded.row.reporterId] : [], kind: 'report.info_requested', title: '请补充诉求信息', body: short(body.question), forStaff: false }],
  }))

/**
 * 补充: the reporter answers; the report returns to where it was, and both deadlines (and the
 * next escalation) move later by the working time it spent waiting, so paused time never counts.
 */
export const supplementReport = (deps: Deps, actor: Actor, id: number, body: In<typeof SupplementBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'supplement', origin, async (c) => {
    const r = c.loaded.row
    const category = await categoryOf(c)
    const pausedAt = r.pausedAt ?? c.now
    const paused = category.clock === 'calendar'
      ? Math.max(0, Math.round((c.now.getTime() - pausedAt.getTime()) / 60_000))
      : c.cal.workingMinutesBetween(pausedAt, c.now)
    const back = r.pausedFrom === 'submitted' ? 'submitted' : 'accepted'
    const acceptDueAt = back === 'submitted' ? shift(c.cal, r.acceptDueAt, paused, category.clock) : r.acceptDueAt
    const resolveDueAt = shift(c.cal, r.resolveDueAt, paused, category.clock)
    const escalateAt = r.escalateAt
    const due = back === 'submitted' ? acceptDueAt : resolveDueAt
    return {
      data: {
        status: back, pausedFrom: null, pausedAt: null, acceptDueAt, resolveDueAt, dueAt: due, warnedDueAt: null,
        escalateAt: escalateAt ? shift(c.cal, escalateAt, paused, category.clock) : due,
      },
      event: { kind: 'supplemented', text: body.text, data: { pausedMinutes: paused } },
      tell: [{ userIds: await handlersOf(c), kind: 'report.supplemented', title: '居民已补充信息', body: short(body.text), forStaff: true }],
    }
  }, { photos: { ids: body.photos, field: 'photos' } })

/**
 * 转办: to a department of the street (its queue; the grid's worker stays informed) or to
 * another grid of the street (its worker on duty). The new handler gets a fresh accept deadline.
 */
export const transferReport = (deps: Deps, actor: Actor, id: number, body: In<typeof TransferBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'transfer', origin, async (c) => {
    const r = c.loaded.row
    const category = await categoryOf(c)
    const acceptDueAt = deadlineAfter(c.cal, c.now, category.acceptMinutes, category.clock)
    const base = { status: 'submitted' as const, acceptDueAt, dueAt: acceptDueAt, escalateAt: acceptDueAt, warnedDueAt: null, escalationLevel: 0, acceptedAt: null, acceptedLate: null }
    if ('departmentId' in body) {
      const d = await c.tx.department.findUnique({ where: { id: body.departmentId } })
      if (!d || d.streetId !== r.streetId) throw invalid('departmentId', '职能部门不存在或不属于本街道')
      const handlers = await departmentHandlers(c.tx, d.id)
      return {
        data: { ...base, handlingUnit: 'department', departmentId: d.id, assigneeId: null },
        event: { kind: 'transferred', text: body.reason, data: { departmentId: d.id, to: d.name } },
        tell: [
          { userIds: handlers, kind: 'report.assigned', title: `转办诉求：${r.category.name}（待受理）`, body: short(`${body.reason}：${r.description}`), forStaff: true },
          { userIds: await followers(c.tx, r), kind: 'report.transferred', title: '您的诉求已转办', body: `已转至${d.name}办理`, forStaff: false },
        ],
        audit: { to: { departmentId: d.id }, reason: body.reason },
      }
    }
    const g = await c.tx.grid.findUnique({ where: { id: body.gridId } })
    if (!g || g.streetId !== r.streetId) throw invalid('gridId', '网格不存在或不属于本街道')
    if (g.id === r.gridId && r.handlingUnit === 'grid') throw invalid('gridId', '诉求已在该网格')
    const assigneeId = await chooseAssignee(c.tx, g.id, c.now)
    const told = assigneeId !== null ? [assigneeId] : await escalationRecipients(c.tx, { gridId: g.id, communityId: g.communityId, streetId: g.streetId }, 1)
    return {
      data: { ...base, handlingUnit: 'grid', departmentId: null, gridId: g.id, communityId: g.communityId, assigneeId },
      event: { kind: 'transferred', text: body.reason, data: { gridId: g.id, to: g.name } },
      tell: [
        { userIds: told, kind: 'report.assigned', title: `转办诉求：${r.category.name}（待受理）`, body: short(`${body.reason}：${r.description}`), forStaff: true },
        { userIds: await followers(c.tx, r), kind: 'report.transferred', title: '您的诉求已转办', body: `已转至${g.name}办理`, forStaff: false },
      ],
      audit: { to: { gridId: g.id }, reason: body.reason },
    }
  })

/** 办结: done, with what was done and photos; the reporter is asked to rate it. */
export const resolveReport = (deps: Deps, actor: Actor, id: number, body: In<typeof ResolveBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'resolve', origin, async (c) => ({
    data: {
      status: 'resolved', resolvedAt: c.now, resolvedLate: c.now.getTime() > c.loaded.row.resolveDueAt.getTime(),
      dueAt: null, warnedDueAt: null, escalateAt: new Date(c.now.getTime() + 7 * 86400_000),
    },
    event: { kind: 'resolved', text: body.text },
    tell: [{ userIds: await followers(c.tx, c.loaded.row), kind: 'report.resolved', title: '您的诉求已办结，请评价', body: short(body.text), forStaff: false }],
  }), { photos: { ids: body.photos, field: 'photos' } })

/** 不予受理: refused with the reason and guidance (e.g. whom to turn to). */
export const rejectReport = (deps: Deps, actor: Actor, id: number, body: In<typeof RejectReportBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'reject', origin, async (c) => ({
    data: { status: 'rejected', closedAt: c.now, dueAt: null, escalateAt: null, warnedDueAt: null },
    event: { kind: 'rejected', text: body.reason },
    tell: [{ userIds: await followers(c.tx, c.loaded.row), kind: 'report.rejected', title: '您的诉求未予受理', body: short(body.reason), forStaff: false }],
    audit: { reason: body.reason },
  }))

/**
 * 评价: satisfied closes it as fixed; not satisfied leaves it "办结不满意" — the reporter may
 * reopen it within 7 days, else it closes as not fixed. Never counted as fixed.
 */
export const rateReport = (deps: Deps, actor: Actor, id: number, body: In<typeof RateBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'rate', origin, async (c) => ({
    data: body.satisfied
      ? { status: 'closed', satisfied: true, ratingComment: body.comment ?? null, ratedAt: c.now, closedAt: c.now, escalateAt: null }
      : { status: 'unsatisfied', satisfied: false, ratingComment: body.comment ?? null, ratedAt: c.now },
    event: { kind: 'rated', text: body.comment ?? null, data: { satisfied: body.satisfied } },
    tell: [{
      userIds: [...(await handlersOf(c)), ...(body.satisfied ? [] : await escalationRecipients(c.tx, c.loaded.row, 1))],
      kind: 'report.rated', title: body.satisfied ? '居民评价：满意' : '居民评价：不满意',
      body: `「${c.loaded.row.category.name}」${body.comment ? `：${short(body.comment)}` : ''}`, forStaff: true,
    }],
  }))

/** 重新办理: within 7 days of resolving, back to the handler with a fresh resolve deadline. */
export const reopenReport = (deps: Deps, actor: Actor, id: number, body: In<typeof ReopenBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'reopen', origin, async (c) => {
    const category = await categoryOf(c)
    const resolveDueAt = deadlineAfter(c.cal, c.now, category.resolveMinutes, category.clock)
    return {
      data: {
        status: 'accepted', resolveDueAt, dueAt: resolveDueAt, escalateAt: resolveDueAt, warnedDueAt: null, resolvedAt: null, resolvedLate: null,
        satisfied: null, ratingComment: null, ratedAt: null, reopenCount: { increment: 1 },
      },
      event: { kind: 'reopened', text: body.reason },
      tell: [{ userIds: [...(await handlersOf(c)), ...(await escalationRecipients(c.tx, c.loaded.row, 1))], kind: 'report.reopened', title: '居民申请重新办理', body: short(body.reason), forStaff: true }],
    }
  })

/** 关闭: a resolved report closes as fixed; one rated "not satisfied" closes as not fixed. */
export const closeReport = (deps: Deps, actor: Actor, id: number, body: In<typeof CloseBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'close', origin, async (c) => {
    const r = c.loaded.row
    const byReporter = r.reporterId === actor.id
    return {
      data: { status: r.status === 'unsatisfied' ? 'closed_unfixed' : 'closed', closedAt: c.now, escalateAt: null },
      event: { kind: 'closed', text: body.note ?? null },
      tell: byReporter
        ? [{ userIds: await handlersOf(c), kind: 'report.closed', title: '居民已关闭诉求', body: r.category.name, forStaff: true }]
        : [{ userIds: await followers(c.tx, r), kind: 'report.closed', title: '您的诉求已关闭', body: body.note ?? r.category.name, forStaff: false }],
    }
  })

/** 改派: a superior gives it to another worker of the report's grid. */
export const reassignReport = (deps: Deps, actor: Actor, id: number, body: In<typeof ReassignBody>, origin: AuditOrigin) =>
  runAction(deps, actor, id, 'reassign', origin, async (c) => {
    const r = c.loaded.row
    const worker = await c.tx.gridAssignment.findFirst({ where: { gridId: r.gridId, userId: body.assigneeId, user: { status: 'active' } }, include: { user: { select: { displayName: true } } } })
    if (!worker) throw invalid('assigneeId', '只能改派给本网格的网格员')
    if (worker.userId === r.assigneeId) throw invalid('assigneeId', '已由该网格员办理')
    return {
      data: { assigneeId: worker.userId, warnedDueAt: null },
      event: { kind: 'reassigned', text: body.reason, data: { from: r.assigneeId, to: worker.userId }, isInternal: true },
      tell: [{ userIds: [worker.userId], kind: 'report.assigned', title: `改派诉求：${r.category.name}`, body: short(`${body.reason}：${r.description}`), forStaff: true }],
      audit: { from: r.assigneeId, to: worker.userId, reason: body.reason },
    }
  })
