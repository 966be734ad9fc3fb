import { describe, expect, it } from 'vitest'
import { testStaff } from '../../../test/support/actors.ts'
import type { Actor, Role } from '../../core/actor.ts'
import { leavePolicy, type LeaveRecord } from './leave.policy.ts'

const actor = (id: number, roles: Role[], staff: Partial<Actor['staff']> = {}): Actor => ({
  id, displayName: 'x', sessionVersion: 0, roles,
  residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: [], streetIds: [] },
  staff: testStaff(roles, staff),
})

// Worker 1 works in grid 11 of community 1, street 9.
const leave: LeaveRecord = { userId: 1, grids: [{ id: 11, communityId: 1, streetId: 9 }] }
const notAWorker: LeaveRecord = { userId: 1, grids: [] }

describe('leavePolicy', () => {
  const table: [string, Actor, { view: boolean; manage: boolean }][] = [
    ['the worker', actor(1, ['grid_worker'], { gridIds: [11] }), { view: true, manage: true }],
    ['another worker of the same grid', actor(2, ['grid_worker'], { gridIds: [11] }), { view: false, manage: false }],
    ['the grid leader of the community', actor(3, ['grid_leader'], { communityIds: [1] }), { view: true, manage: true }],
    ['a grid leader of the grid', actor(3, ['grid_leader'], { gridIds: [11] }), { view: true, manage: true }],
    ['committee staff of the community', actor(4, ['committee'], { communityIds: [1] }), { view: true, manage: true }],
    ['committee staff of another community', actor(5, ['committee'], { communityIds: [2] }), { view: false, manage: false }],
    ['street staff', actor(6, ['street'], { streetIds: [9] }), { view: true, manage: false }],
    ['an administrator', actor(7, ['admin']), { view: false, manage: false }],
    ['a resident', actor(8, ['resident']), { view: false, manage: false }],
  ]
  it.each(table)('%s', (_who, a, expected) => {
    expect({ view: leavePolicy.view(a, leave) === true, manage: leavePolicy.manage(a, leave) === true }).toEqual(expected)
  })
  it('refuses with a reason, and refuses leave for someone who is not a grid worker', () => {
    expect(leavePolicy.manage(actor(6, ['street'], { streetIds: [9] }), leave)).toMatch(/网格长/)
    expect(leavePolicy.manage(actor(1, ['grid_worker']), notAWorker)).toBe('只能为网格员登记请假')
    expect(leavePolicy.view(actor(1, ['grid_worker']), notAWorker)).toBe(false)
  })
})
