import { roleScope, type Actor, type Role } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

/** A worker's leave with where the worker works (their grid assignments). */
export type LeaveRecord = {
  userId: number
  /** The worker's grids, with their community and street. */
  grids: { id: number; communityId: number; streetId: number }[]
}

/** True when the given roles of the actor cover one of the worker's grids. */
function covers(actor: Actor, rec: LeaveRecord, ...roles: Parameters<typeof roleScope>[1][]): boolean {
  const s = roleScope(actor, ...roles)
  return rec.grids.some((g) => s.gridIds.includes(g.id) || s.communityIds.includes(g.communityId) || s.streetIds.includes(g.streetId))
}

const isSelf = (actor: Actor, rec: LeaveRecord) => rec.userId === actor.id && rec.grids.length > 0

/** The roles that follow the leaves of the grid workers in their scope. */
export const LEAVE_SUPERVISOR_ROLES = ['grid_leader', 'committee', 'street'] as const satisfies readonly Role[]

export const leavePolicy = {
  /** The worker, and grid leaders, committee and street staff over one of the worker's grids. */
  view: ((actor, rec) => isSelf(actor, rec) || covers(actor, rec, ...LEAVE_SUPERVISOR_ROLES)) as Policy<LeaveRecord>,
  /** Registering or cancelling a leave: the worker for themselves, or a grid leader / committee over one of their grids. */
  manage: ((actor, rec) => {
    if (!rec.grids.length) return '只能为网格员登记请假'
    return isSelf(actor, rec) || covers(actor, rec, 'grid_leader', 'committee') || '只有本人或其所在社区的网格长、社区工作人员可以登记或取消请假'
  }) as Policy<LeaveRecord>,
}
