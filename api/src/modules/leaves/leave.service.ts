import type { z } from 'zod'
import { hasRole, roleScope, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { DbOrTx, UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { authorize } from '../../core/policy.ts'
import { formatShanghai } from '../../core/time.ts'
import { notify } from '../messages/message.service.ts'
import { leavePolicy } from './leave.policy.ts'
import { leaveRecord, presentLeave } from './leave.presenter.ts'
import { MAX_LEAVE_DAYS, type CreateLeaveBody, type LeaveListQuery } from './leave.schema.ts'

/** The workbench home, where a worker's leave is listed (the 请假 card). */
const WORKBENCH_HOME = '/packages/workbench/home/index'

const grid = { select: { id: true, name: true, communityId: true, streetId: true } } as const
const include = { user: { select: { id: true, displayName: true, gridAssignments: { select: { grid }, orderBy: { gridId: 'asc' as const } } } } } as const

const dateOf = (day: string) => new Date(`${day}T00:00:00Z`)
const today = (deps: Deps) => formatShanghai(deps.now(), 'YYYY-MM-DD')

/**
 * Which of these users are on leave on the given Asia/Shanghai day ('YYYY-MM-DD'). Dispatch uses it
 * to pass over a worker on leave; it takes the transaction client so dispatch can call it inside its own.
 */
export async function onLeave(db: DbOrTx, userIds: number[], day: string): Promise<Set<number>> {
  if (!userIds.length) return new Set()
  const rows = await db.workerLeave.findMany({
    where: { userId: { in: userIds }, startsOn: { lte: dateOf(day) }, endsOn: { gte: dateOf(day) } },
    select: { userId: true },
    distinct: ['userId'],
  })
  return new Set(rows.map((r) => r.userId))
}

/** The grids whose workers' leaves the actor supervises, as a Prisma `where` on Grid (null: none). */
function supervisedGrids(actor: Actor) {
  const s = roleScope(actor, 'grid_leader', 'committee', 'street')
  const or = [
    ...(s.gridIds.length ? [{ id: { in: s.gridIds } }] : []),
    ...(s.communityIds.length ? [{ communityId: { in: s.communityIds } }] : []),
    ...(s.streetIds.length ? [{ streetId: { in: s.streetIds } }] : []),
  ]
  return or.length ? { OR: or } : null
}

/** Leaves the caller may see: their own, and those of the workers of the grids they supervise (filtered in SQL). */
export async function listLeaves(deps: Deps, actor: Actor, q: z.output<typeof LeaveListQuery>) {
  const supervised = supervisedGrids(actor)
  const ownGrids = actor.staff.byRole.grid_worker?.gridIds ?? []
  if (!supervised && !ownGrids.length) throw forbidden('只有网格员、网格长和社区、街道工作人员可以查看请假')
  if (q.gridId) {
    const visible = ownGrids.includes(q.gridId) || (supervised && (await deps.db.grid.count({ where: { AND: [{ id: q.gridId }, supervised] } })) > 0)
    if (!visible) throw notFound('网格')
  }
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.workerLeave.findMany({
    where: {
      AND: [
        { OR: [{ userId: actor.id }, ...(supervised ? [{ user: { gridAssignments: { some: { grid: supervised } } } }] : [])] },
        q.gridId ? { user: { gridAssignments: { some: { gridId: q.gridId } } } } : {},
        q.userId ? { userId: q.userId } : {},
        q.includePast ? {} : { endsOn: { gte: dateOf(today(deps)) } },
        cursor ? { id: { lt: cursor } } : {},
      ],
    },
    include,
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  const day = today(deps)
  return { items: items.map((l) => presentLeave(l, actor, day)), page }
}

/**
 * Registers a worker's leave (the worker, or a grid leader / committee over their grid). Leaves of
 * one worker do not overlap: the worker's row is locked while the check and the insert run.
 */
export async function createLeave(
  deps: Deps, actor: Actor, input: z.output<typeof CreateLeaveBody>, origin: AuditOrigin,
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  if (!hasRole(actor, 'grid_worker', 'grid_leader', 'committee')) throw forbidden('只有网格员本人或网格长、社区工作人员可以登记请假')
  if (input.endsOn < input.startsOn) throw invalid('endsOn', '结束日期不能早于开始日期')
  if ((dateOf(input.endsOn).getTime() - dateOf(input.startsOn).getTime()) / 86_400_000 + 1 > MAX_LEAVE_DAYS) {
    throw invalid('endsOn', `一次请假不能超过${MAX_LEAVE_DAYS}天`)
  }
  const user = await deps.db.user.findUnique({ where: { id: input.userId }, select: include.user.select })
  if (!user || !user.gridAssignments.length) throw invalid('userId', '该用户不是网格员')
  authorize(actor, leavePolicy.manage, { userId: user.id, grids: user.gridAssignments.map((a) => a.grid) })
  const now = deps.now()
  return unitOfWork(async (tx) => {
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${user.id} FOR UPDATE`
    const overlap = await tx.workerLeave.findFirst({
      where: { userId: user.id, startsOn: { lte: dateOf(input.endsOn) }, endsOn: { gte: dateOf(input.startsOn) } },
      select: { id: true },
    })
    if (overlap) throw conflict('LEAVE_OVERLAPS', '该网格员在这段时间已有请假登记', { leaveId: overlap.id })
    const created = await tx.workerLeave.create({
      data: { userId: user.id, startsOn: dateOf(input.startsOn), endsOn: dateOf(input.endsOn), reason: input.reason, createdAt: now },
      include,
    })
    await audit(tx, { actor, action: 'worker_leave.create', resourceType: 'worker_leave', resourceId: created.id, result: 'success', details: { userId: user.id, startsOn: input.startsOn, endsOn: input.endsOn } }, origin)
    if (user.id !== actor.id) {
      await notify(tx, {
        userId: user.id, kind: 'leave.registered', title: '已为您登记请假',
        body: `${actor.displayName}为您登记了请假：${input.startsOn} 至 ${input.endsOn}。请假期间新的诉求不会派给您。`,
        link: WORKBENCH_HOME, resourceType: 'worker_leave', resourceId: created.id, now,
      })
    }
    return presentLeave(created, actor, today(deps))
  })
}

/** Cancels a leave (same people as registering it); 404 when the caller cannot see it. */
export async function deleteLeave(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  const leave = await deps.db.workerLeave.findUnique({ where: { id }, include })
  if (!leave || leavePolicy.view(actor, leaveRecord(leave)) !== true) throw notFound('请假记录')
  authorize(actor, leavePolicy.manage, leaveRecord(leave))
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const gone = await tx.workerLeave.deleteMany({ where: { id } })
    if (gone.count !== 1) throw notFound('请假记录')
    const startsOn = leave.startsOn.toISOString().slice(0, 10)
    const endsOn = leave.endsOn.toISOString().slice(0, 10)
    await audit(tx, { actor, action: 'worker_leave.delete', resourceType: 'worker_leave', resourceId: id, result: 'success', details: { userId: leave.userId, startsOn, endsOn } }, origin)
    if (leave.userId !== actor.id) {
      await notify(tx, {
        userId: leave.userId, kind: 'leave.cancelled', title: '您的请假已取消',
        body: `${actor.displayName}取消了您 ${startsOn} 至 ${endsOn} 的请假登记。`,
        link: WORKBENCH_HOME, resourceType: 'worker_leave', resourceId: id, now,
      })
    }
  })
  return presentLeave(leave, actor, today(deps))
}
