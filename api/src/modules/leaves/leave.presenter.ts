import type { Actor } from '../../core/actor.ts'
import { formatDateOnly } from '../../core/time.ts'
import { leavePolicy, type LeaveRecord } from './leave.policy.ts'

export type LeaveRow = {
  id: number; userId: number; startsOn: Date; endsOn: Date; reason: string; createdAt: Date
  user: { id: number; displayName: string; gridAssignments: { grid: { id: number; name: string; communityId: number; streetId: number } }[] }
}

/** The policy record of a leave row. */
export const leaveRecord = (l: LeaveRow): LeaveRecord => ({ userId: l.userId, grids: l.user.gridAssignments.map((a) => a.grid) })

/** A leave as staff see it; `today` is the Asia/Shanghai day 'YYYY-MM-DD'. */
export function presentLeave(l: LeaveRow, actor: Actor, today: string) {
  const startsOn = formatDateOnly(l.startsOn)
  const endsOn = formatDateOnly(l.endsOn)
  return {
    id: l.id,
    user: { id: l.user.id, name: l.user.displayName },
    grids: l.user.gridAssignments.map((a) => ({ id: a.grid.id, name: a.grid.name })),
    startsOn,
    endsOn,
    reason: l.reason,
    isCurrent: startsOn <= today && today <= endsOn,
    createdAt: l.createdAt.toISOString(),
    policies: { delete: leavePolicy.manage(actor, leaveRecord(l)) === true },
  }
}
