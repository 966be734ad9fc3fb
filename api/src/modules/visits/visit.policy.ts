import { hasRole, inStaffScope, roleScope, type Actor, type Role } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

export type VisitHousehold = { id: number; streetId: number; communityId: number; gridId: number }
export type VisitRecord = { workerId: number; gridId: number; communityId: number; household: { streetId: number } }

/** True when the actor is a grid worker of the grid. */
const worksGrid = (actor: Actor, gridId: number) => roleScope(actor, 'grid_worker').gridIds.includes(gridId)

/** Leaders, committee and street staff whose scope covers the place (they follow the visit log). */
const supervises = (actor: Actor, p: { streetId: number; communityId: number; gridId: number }) => {
  const s = roleScope(actor, 'grid_leader', 'committee', 'street')
  return s.streetIds.includes(p.streetId) || s.communityIds.includes(p.communityId) || s.gridIds.includes(p.gridId)
}

/** The roles that keep or follow the visit log (民情日志) and the 五必访 list. */
export const VISIT_LOG_ROLES = ['grid_worker', 'grid_leader', 'committee', 'street'] as const satisfies readonly Role[]

export const visitPolicy = {
  /** Seeing a household at all (else 404): any staff scope over it. */
  seeHousehold: ((actor, h) => inStaffScope(actor, h)) as Policy<VisitHousehold>,
  /** Logging a visit: a grid worker of the household's grid. */
  create: ((actor, h) => worksGrid(actor, h.gridId) || '只有本网格的网格员可以记录走访') as Policy<VisitHousehold>,
  /** A visit: the worker who logged it, or leaders/committee/street over it. */
  view: ((actor, v) =>
    v.workerId === actor.id || supervises(actor, { streetId: v.household.streetId, communityId: v.communityId, gridId: v.gridId })) as Policy<VisitRecord>,
  /** The visit log and the 五必访 list are for grid workers and those who supervise them. */
  list: ((actor) =>
    hasRole(actor, ...VISIT_LOG_ROLES) || '只有网格员和社区、街道工作人员可以查看走访记录') as Policy<null>,
  /** 五必访 flags: the grid worker of the household's grid, or committee staff of its community. */
  editCareFlags: ((actor, h) =>
    worksGrid(actor, h.gridId) || roleScope(actor, 'committee').communityIds.includes(h.communityId) ||
      '只有本网格的网格员或本社区工作人员可以修改五必访标记') as Policy<VisitHousehold>,
}

/** The SQL scope of the visit log for the actor: their own visits plus what they supervise. */
export function visitScopeWhere(actor: Actor) {
  const s = roleScope(actor, 'grid_leader', 'committee', 'street')
  return {
    OR: [
      { workerId: actor.id },
      ...(s.communityIds.length ? [{ communityId: { in: s.communityIds } }] : []),
      ...(s.gridIds.length ? [{ gridId: { in: s.gridIds } }] : []),
      ...(s.streetIds.length ? [{ household: { streetId: { in: s.streetIds } } }] : []),
    ],
  }
}

/** The SQL scope of households whose 五必访 list the actor sees: their own grids plus what they supervise. */
export function dueScopeWhere(actor: Actor) {
  const s = roleScope(actor, 'grid_leader', 'committee', 'street')
  const grids = [...new Set([...roleScope(actor, 'grid_worker').gridIds, ...s.gridIds])]
  const or = [
    ...(grids.length ? [{ gridId: { in: grids } }] : []),
    ...(s.communityIds.length ? [{ communityId: { in: s.communityIds } }] : []),
    ...(s.streetIds.length ? [{ streetId: { in: s.streetIds } }] : []),
  ]
  return or.length ? { OR: or } : { id: -1 }
}
