import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { UnitOfWork } from '../../core/db.ts'
import { invalid, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { authorize } from '../../core/policy.ts'
import { formatShanghai } from '../../core/time.ts'
import { dueScopeWhere, visitPolicy, visitScopeWhere } from './visit.policy.ts'
import { placeInclude, presentDueVisit, presentFlags, presentVisit } from './visit.presenter.ts'
import type { CareFlagsBody, CreateVisitBody, VisitListQuery } from './visit.schema.ts'

const visitInclude = { household: { include: placeInclude }, worker: { select: { id: true, displayName: true } } } as const

/** The first day of the current month in Asia/Shanghai, as a DATE column value. */
export function monthStart(now: Date): Date {
  return new Date(`${formatShanghai(now, 'YYYY-MM')}-01T00:00:00Z`)
}

/** Loads a household the caller sees as staff, else 404. */
async function loadHousehold(deps: Deps, actor: Actor, id: number) {
  const h = await deps.db.household.findUnique({ where: { id }, select: { id: true, streetId: true, communityId: true, gridId: true } })
  if (!h || visitPolicy.seeHousehold(actor, h) !== true) throw notFound('房屋')
  return h
}

/**
 * A grid worker logs a visit (民情日志) to a household of their grids; its grid and community are
 * copied from the household so the log is filtered by one indexed column.
 */
export async function createVisit(deps: Deps, actor: Actor, input: z.output<typeof CreateVisitBody>, unitOfWork: UnitOfWork) {
  if (input.visitedOn > formatShanghai(deps.now(), 'YYYY-MM-DD')) throw invalid('visitedOn', '走访日期不能晚于今天')
  const h = await loadHousehold(deps, actor, input.householdId)
  authorize(actor, visitPolicy.create, h)
  const created = await unitOfWork((tx) => tx.visitLog.create({
    data: {
      workerId: actor.id,
      householdId: h.id,
      gridId: h.gridId,
      communityId: h.communityId,
      visitedOn: new Date(`${input.visitedOn}T00:00:00Z`),
      kind: input.kind,
      notes: input.notes,
      followUps: input.followUps ?? null,
    },
    include: visitInclude,
  }))
  return presentVisit(created)
}

/** The visit log: a worker's own visits, plus those of the grids and communities the caller supervises (scope in SQL). */
export async function listVisits(deps: Deps, actor: Actor, q: z.output<typeof VisitListQuery>) {
  authorize(actor, visitPolicy.list, null)
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.visitLog.findMany({
    where: {
      AND: [
        visitScopeWhere(actor),
        q.gridId ? { gridId: q.gridId } : {},
        q.householdId ? { householdId: q.householdId } : {},
        cursor ? { id: { lt: cursor } } : {},
      ],
    },
    include: visitInclude,
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  return { items: items.map(presentVisit), page }
}

/**
 * 五必访 households of the caller's grids (or the grids they supervise) that nobody has visited yet
 * this month (Asia/Shanghai), longest unvisited first, with their flags and last visit.
 */
export async function dueVisits(deps: Deps, actor: Actor, q: { gridId?: number }) {
  authorize(actor, visitPolicy.list, null)
  const since = monthStart(deps.now())
  const rows = await deps.db.household.findMany({
    where: {
      AND: [
        dueScopeWhere(actor),
        q.gridId ? { gridId: q.gridId } : {},
        { careFlags: { some: {} } },
        { visits: { none: { visitedOn: { gte: since } } } },
      ],
    },
    include: { ...placeInclude, careFlags: { select: { flag: true } }, visits: { select: { visitedOn: true }, orderBy: { visitedOn: 'desc' }, take: 1 } },
    orderBy: { id: 'asc' },
    take: 500,
  })
  const last = (r: (typeof rows)[number]) => r.visits[0]?.visitedOn.getTime() ?? 0
  return rows.sort((a, b) => last(a) - last(b) || a.id - b.id).map(presentDueVisit)
}

/** Sets a household's 五必访 flags (the grid worker of its grid or committee staff); audited. */
export async function setCareFlags(deps: Deps, actor: Actor, householdId: number, input: z.output<typeof CareFlagsBody>, origin: AuditOrigin) {
  const h = await loadHousehold(deps, actor, householdId)
  authorize(actor, visitPolicy.editCareFlags, h)
  const now = deps.now()
  const flags = await deps.db.$transaction(async (tx) => {
    const before = (await tx.householdCareFlag.findMany({ where: { householdId }, select: { flag: true } })).map((f) => f.flag)
    await tx.householdCareFlag.deleteMany({ where: { householdId, flag: { notIn: input.flags } } })
    await tx.householdCareFlag.createMany({ data: input.flags.map((flag) => ({ householdId, flag, createdAt: now })), skipDuplicates: true })
    await audit(tx, {
      actor, action: 'household.care_flags', resourceType: 'household', resourceId: householdId, result: 'success', details: { before, after: input.flags },
    }, origin)
    return input.flags
  })
  return { householdId, flags: presentFlags(flags) }
}
