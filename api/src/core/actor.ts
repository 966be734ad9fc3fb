import type { Role } from '../generated/prisma/enums.ts'
import type { DbOrTx } from './db.ts'

export type { Role }

/** Who is calling, with the region-tree nodes their roles cover. Loaded per request (cached briefly). */
export type Actor = {
  id: number
  displayName: string
  roles: Role[]
  /** Nodes covered by staff roles: an upper node covers everything below it. */
  staff: { streetIds: number[]; communityIds: number[]; gridIds: number[]; departmentIds: number[]; gridCommunityIds: number[] }
  /** Where the caller lives, from approved household bindings. */
  residence: { householdIds: number[]; buildingIds: number[]; gridIds: number[]; communityIds: number[]; streetIds: number[] }
}

/** A record's place in the region tree. */
export type Placed = { streetId: number; communityId: number; gridId?: number | null }

const uniq = (xs: number[]) => [...new Set(xs)]

/** Loads the actor for a user id, or null when the user is missing or disabled. */
export async function loadActor(db: DbOrTx, userId: number): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      displayName: true,
      status: true,
      roles: { select: { role: true, scopeType: true, scopeId: true } },
      gridAssignments: { select: { gridId: true, grid: { select: { communityId: true } } } },
      bindings: {
        where: { status: 'approved' },
        select: { householdId: true, gridId: true, communityId: true, household: { select: { streetId: true, buildingId: true } } },
      },
    },
  })
  if (!user || user.status !== 'active') return null
  const staffRoles = user.roles.filter((r) => r.role !== 'resident')
  const scoped = (type: string) => staffRoles.filter((r) => r.scopeType === type).map((r) => r.scopeId)
  const isGridWorker = staffRoles.some((r) => r.role === 'grid_worker')
  return {
    id: user.id,
    displayName: user.displayName,
    roles: [...new Set(user.roles.map((r) => r.role))],
    staff: {
      streetIds: uniq(scoped('street')),
      communityIds: uniq(scoped('community')),
      gridIds: uniq([...scoped('grid'), ...(isGridWorker ? user.gridAssignments.map((a) => a.gridId) : [])]),
      departmentIds: uniq(scoped('department')),
      gridCommunityIds: uniq(isGridWorker ? user.gridAssignments.map((a) => a.grid.communityId) : []),
    },
    residence: {
      householdIds: uniq(user.bindings.map((b) => b.householdId)),
      buildingIds: uniq(user.bindings.map((b) => b.household.buildingId)),
      gridIds: uniq(user.bindings.map((b) => b.gridId)),
      communityIds: uniq(user.bindings.map((b) => b.communityId)),
      streetIds: uniq(user.bindings.map((b) => b.household.streetId)),
    },
  }
}

/** True when the actor holds any of the roles. */
export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.some((r) => actor.roles.includes(r))
}

/** Staff roles whose scope is a region node (everyone but residents, admins and auditors). */
export const REGION_STAFF_ROLES: Role[] = ['grid_worker', 'grid_leader', 'committee', 'street']

/** True when a staff scope of the actor covers the record (an upper level sees all below it). */
export function inStaffScope(actor: Actor, rec: Placed): boolean {
  const s = actor.staff
  return (
    s.streetIds.includes(rec.streetId) ||
    s.communityIds.includes(rec.communityId) ||
    (rec.gridId != null && s.gridIds.includes(rec.gridId))
  )
}

/** True when the actor has any region scope at all. */
export function hasStaffScope(actor: Actor): boolean {
  const s = actor.staff
  return s.streetIds.length + s.communityIds.length + s.gridIds.length > 0
}

/**
 * The Prisma `where` fragment restricting rows that carry street_id / community_id / grid_id to
 * the actor's staff scope. Scope is enforced in the query; policies are the second check.
 * `{ id: -1 }` matches nothing when the actor has no scope.
 */
export function staffScopeWhere(actor: Actor, cols: { street?: boolean; grid?: boolean } = { street: true, grid: true }) {
  const s = actor.staff
  const or: Record<string, { in: number[] }>[] = []
  if (cols.street !== false && s.streetIds.length) or.push({ streetId: { in: s.streetIds } })
  if (s.communityIds.length) or.push({ communityId: { in: s.communityIds } })
  if (cols.grid !== false && s.gridIds.length) or.push({ gridId: { in: s.gridIds } })
  return or.length ? { OR: or } : { id: -1 }
}
