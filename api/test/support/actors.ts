import type { Actor, Role, RoleScope } from '../../src/core/actor.ts'

type StaffInput = Partial<Omit<Actor['staff'], 'byRole'>> & { byRole?: Actor['staff']['byRole'] }

/**
 * The staff part of a test actor. Without an explicit `byRole`, every staff role of the actor
 * covers the given nodes (what a single-role fixture means); multi-role fixtures pass `byRole`
 * so each role covers only its own nodes, as loadActor builds them.
 */
export function testStaff(roles: Role[], staff: StaffInput = {}): Actor['staff'] {
  const union = { streetIds: [], communityIds: [], gridIds: [], departmentIds: [], gridCommunityIds: [], ...staff }
  const scope: RoleScope = { streetIds: union.streetIds, communityIds: union.communityIds, gridIds: union.gridIds, gridCommunityIds: union.gridCommunityIds }
  const byRole = staff.byRole ?? Object.fromEntries(roles.filter((r) => r !== 'resident').map((r) => [r, scope]))
  return { ...union, byRole }
}

/** A test actor: `roles` with the staff nodes given (see `testStaff`) and, for residents, where they live. */
export function testActor(id: number, roles: Role[], staff: StaffInput = {}, residence: Partial<Actor['residence']> = {}): Actor {
  return {
    id, displayName: 'x', sessionVersion: 0, roles, staff: testStaff(roles, staff),
    residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: [], streetIds: [], ...residence },
  }
}
