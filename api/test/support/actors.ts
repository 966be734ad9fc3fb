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

/**
 * One actor of each staff level over a small map, for policy tables: grid 11 (and 12) in community 1
 * of street 9, community 2 beside it, department 3; and a resident.
 */
export const SCOPED_ACTORS = {
  workerG11: testActor(1, ['grid_worker'], { gridIds: [11], gridCommunityIds: [1] }),
  workerG12: testActor(2, ['grid_worker'], { gridIds: [12], gridCommunityIds: [1] }),
  leaderC1: testActor(3, ['grid_leader'], { communityIds: [1] }),
  committeeC1: testActor(4, ['committee'], { communityIds: [1] }),
  committeeC2: testActor(5, ['committee'], { communityIds: [2] }),
  streetS9: testActor(6, ['street'], { streetIds: [9] }),
  resident: testActor(7, ['resident']),
  dept: testActor(8, ['dept'], { departmentIds: [3] }),
}
