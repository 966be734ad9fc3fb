import { hasRole, hasStaffScope, type Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'

export type GridNode = { id: number; type: 'grid'; name: string; code: string }
export type CommunityNode = { id: number; type: 'community'; name: string; code: string; children: GridNode[] }
export type StreetNode = { id: number; type: 'street'; name: string; code: string; children: CommunityNode[] }

/**
 * The region tree as far as the caller may see it. Staff see the part their roles cover (with
 * the ancestors that lead to it); residents and admins see the public organisation — streets,
 * communities and grids, which hold no personal data — so that residents can pick their home.
 */
export async function regionTree(deps: Deps, actor: Actor): Promise<StreetNode[]> {
  const staff = hasStaffScope(actor)
  const s = actor.staff
  const gridWhere = staff && !hasRole(actor, 'admin')
    ? { OR: [{ streetId: { in: s.streetIds } }, { communityId: { in: s.communityIds } }, { id: { in: s.gridIds } }] }
    : {}
  const grids = await deps.db.grid.findMany({ where: gridWhere, select: { id: true, name: true, code: true, communityId: true }, orderBy: { id: 'asc' } })
  const communityWhere = staff && !hasRole(actor, 'admin')
    ? { OR: [{ streetId: { in: s.streetIds } }, { id: { in: [...s.communityIds, ...grids.map((g) => g.communityId)] } }] }
    : {}
  const communities = await deps.db.community.findMany({ where: communityWhere, select: { id: true, name: true, code: true, streetId: true }, orderBy: { id: 'asc' } })
  const streets = await deps.db.street.findMany({
    where: { id: { in: [...new Set(communities.map((c) => c.streetId))] } },
    select: { id: true, name: true, code: true },
    orderBy: { id: 'asc' },
  })
  return streets.map((st) => ({
    id: st.id, type: 'street' as const, name: st.name, code: st.code,
    children: communities.filter((c) => c.streetId === st.id).map((c) => ({
      id: c.id, type: 'community' as const, name: c.name, code: c.code,
      children: grids.filter((g) => g.communityId === c.id).map((g) => ({ id: g.id, type: 'grid' as const, name: g.name, code: g.code })),
    })),
  }))
}
