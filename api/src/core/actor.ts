import type { Role } from '../generated/prisma/enums.ts'
import type { SqlPool } from './db.ts'

export type { Role }

/** Who is calling, with the region-tree nodes their roles cover. Loaded per request (cached briefly). */
export type Actor = {
  id: number
  displayName: string
  /** The user's session version: access tokens carrying an older one are no longer accepted. */
  sessionVersion: number
  roles: Role[]
  /**
   * Nodes covered by staff roles: an upper node covers everything below it. The top-level lists
   * are the union over every role (what the caller may see); `byRole` keeps each role's own
   * nodes, for what a role may do (a committee member of one community who is grid leader of
   * another may review bindings only in the first).
   */
  staff: {
    streetIds: number[]; communityIds: number[]; gridIds: number[]; departmentIds: number[]; gridCommunityIds: number[]
    byRole: Partial<Record<Role, RoleScope>>
  }
  /** Where the caller lives, from approved household bindings. */
  residence: { householdIds: number[]; buildingIds: number[]; gridIds: number[]; communityIds: number[]; streetIds: number[] }
}

/** The region nodes one role covers. `gridCommunityIds`: communities of a grid worker's grids. */
export type RoleScope = { streetIds: number[]; communityIds: number[]; gridIds: number[]; gridCommunityIds: number[] }

const NO_SCOPE: RoleScope = { streetIds: [], communityIds: [], gridIds: [], gridCommunityIds: [] }

/** The nodes the given roles of the actor cover (only those roles, not the caller's other roles). */
export function roleScope(actor: Actor, ...roles: Role[]): RoleScope {
  const parts = roles.map((r) => actor.staff.byRole[r] ?? NO_SCOPE)
  if (parts.length === 1) return parts[0]
  return {
    streetIds: uniq(parts.flatMap((p) => p.streetIds)),
    communityIds: uniq(parts.flatMap((p) => p.communityIds)),
    gridIds: uniq(parts.flatMap((p) => p.gridIds)),
    gridCommunityIds: uniq(parts.flatMap((p) => p.gridCommunityIds)),
  }
}

/** A record's place in the region tree. */
export type Placed = { streetId: number; communityId: number; gridId?: number | null }

const uniq = (xs: number[]) => [...new Set(xs)]

type ActorRow = { k: 'u' | 'r' | 'g' | 'h'; a: number; b: number | null; c: number | null; d: number | null; e: number | null; s: string | null; t: string | null }

/**
 * Loads the actor for a user id, or null when the user is missing or disabled: the user, their
 * roles, grid assignments and approved households in one round trip (this runs for every
 * authenticated request whose actor is not cached).
 */
export async function loadActor(sql: SqlPool, userId: number): Promise<Actor | null> {
  const [rows] = await sql.query<(ActorRow & import('mysql2').RowDataPacket)[]>(
    `SELECT 'u' AS k, u.id AS a, u.session_version AS b, NULL AS c, NULL AS d, NULL AS e, u.display_name AS s, u.status AS t FROM users u WHERE u.id = ?
     UNION ALL SELECT 'r', r.scope_id, NULL, NULL, NULL, NULL, r.role, r.scope_type FROM user_roles r WHERE r.user_id = ?
     UNION ALL SELECT 'g', ga.grid_id, g.community_id, NULL, NULL, NULL, NULL, NULL
       FROM grid_assignments ga JOIN grids g ON g.id = ga.grid_id WHERE ga.user_id = ?
     UNION ALL SELECT 'h', b.household_id, b.grid_id, b.community_id, h.street_id, h.building_id, NULL, NULL
       FROM household_bindings b JOIN households h ON h.id = b.household_id WHERE b.user_id = ? AND b.status = 'approved'`,
    [userId, userId, userId, userId],
  )
  const user = rows.find((r) => r.k === 'u')
  if (!user || user.t !== 'active') return null
  const roles = rows.filter((r) => r.k === 'r').map((r) => ({ role: r.s as Role, scopeType: r.t as string, scopeId: Number(r.a) }))
  const staffRoles = roles.filter((r) => r.role !== 'resident')
  const scoped = (type: string) => staffRoles.filter((r) => r.scopeType === type).map((r) => r.scopeId)
  const isGridWorker = staffRoles.some((r) => r.role === 'grid_worker')
  const grids = isGridWorker ? rows.filter((r) => r.k === 'g') : []
  const homes = rows.filter((r) => r.k === 'h')
  const byRole: Partial<Record<Role, RoleScope>> = {}
  for (const r of staffRoles) {
    const scope = (byRole[r.role] ??= { streetIds: [], communityIds: [], gridIds: [], gridCommunityIds: [] })
    if (r.scopeType === 'street') scope.streetIds.push(r.scopeId)
    if (r.scopeType === 'community') scope.communityIds.push(r.scopeId)
    if (r.scopeType === 'grid') scope.gridIds.push(r.scopeId)
  }
  if (byRole.grid_worker) {
    byRole.grid_worker.gridIds = uniq([...byRole.grid_worker.gridIds, ...grids.map((g) => Number(g.a))])
    byRole.grid_worker.gridCommunityIds = uniq(grids.map((g) => Number(g.b)))
  }
  return {
    id: userId,
    displayName: String(user.s),
    sessionVersion: Number(user.b),
    roles: [...new Set(roles.map((r) => r.role))],
    staff: {
      streetIds: uniq(scoped('street')),
      communityIds: uniq(scoped('community')),
      gridIds: uniq([...scoped('grid'), ...grids.map((g) => Number(g.a))]),
      departmentIds: uniq(scoped('department')),
      gridCommunityIds: uniq(grids.map((g) => Number(g.b))),
      byRole,
    },
    residence: {
      householdIds: uniq(homes.map((h) => Number(h.a))),
      buildingIds: uniq(homes.map((h) => Number(h.e))),
      gridIds: uniq(homes.map((h) => Number(h.b))),
      communityIds: uniq(homes.map((h) => Number(h.c))),
      streetIds: uniq(homes.map((h) => Number(h.d))),
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
