import { hasRole, roleScope, type Actor } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

/** What the policies need to know about a service. */
export type ServiceRecord = { communityId: number; active: boolean }

/** Committee staff of the community and admins maintain its services and slots. */
export function managesCommunity(actor: Actor, communityId: number): boolean {
  return hasRole(actor, 'admin') || roleScope(actor, 'committee').communityIds.includes(communityId)
}

/** Communities whose inactive services the caller may see (`'all'` for admins). */
export function managedCommunities(actor: Actor): number[] | 'all' {
  return hasRole(actor, 'admin') ? 'all' : roleScope(actor, 'committee').communityIds
}

/**
 * Services are public catalogue information for any logged-in user while active; a service taken
 * off the list is seen only by those who manage it (404 for everyone else).
 */
export const canSeeService = (actor: Actor, s: ServiceRecord) => s.active || managesCommunity(actor, s.communityId)

export const servicePolicy = {
  manage: ((actor, s) => managesCommunity(actor, s.communityId) || '只有本社区居委会工作人员可以管理该服务和时段') as Policy<ServiceRecord>,
}
