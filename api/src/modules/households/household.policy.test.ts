import { describe, expect, it } from 'vitest'
import type { Actor } from '../../core/actor.ts'
import { bindingPolicy, householdPolicy, type BindingRecord } from './household.policy.ts'

const actor = (over: Partial<Actor> & { roles: Actor['roles'] }): Actor => ({
  id: 100,
  displayName: 'x',
  staff: { streetIds: [], communityIds: [], gridIds: [], departmentIds: [], gridCommunityIds: [], ...over.staff },
  residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: [], streetIds: [], ...over.residence },
  ...over,
})

const owner = actor({ id: 1, roles: ['resident'] })
const otherResident = actor({ id: 2, roles: ['resident'] })
const committeeC1 = actor({ roles: ['committee'], staff: { streetIds: [], communityIds: [1], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const committeeC2 = actor({ roles: ['committee'], staff: { streetIds: [], communityIds: [2], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const gridWorkerG1 = actor({ roles: ['grid_worker'], staff: { streetIds: [], communityIds: [], gridIds: [11], departmentIds: [], gridCommunityIds: [] } })
const leaderC1 = actor({ roles: ['grid_leader'], staff: { streetIds: [], communityIds: [1], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const streetS1 = actor({ roles: ['street'], staff: { streetIds: [9], communityIds: [], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const admin = actor({ roles: ['admin'] })

const binding = (status: BindingRecord['status']): BindingRecord => ({ userId: 1, status, communityId: 1, gridId: 11, household: { streetId: 9 } })

describe('bindingPolicy', () => {
  const table: [string, Actor, BindingRecord['status'], { view: boolean; approve: boolean; reject: boolean; withdraw: boolean }][] = [
    ['the resident who asked', owner, 'pending', { view: true, approve: false, reject: false, withdraw: true }],
    ['the resident, once approved', owner, 'approved', { view: true, approve: false, reject: false, withdraw: true }],
    ['the resident, once rejected', owner, 'rejected', { view: true, approve: false, reject: false, withdraw: false }],
    ['another resident', otherResident, 'pending', { view: false, approve: false, reject: false, withdraw: false }],
    ['committee of the community', committeeC1, 'pending', { view: true, approve: true, reject: true, withdraw: false }],
    ['committee of the community, already approved', committeeC1, 'approved', { view: true, approve: false, reject: false, withdraw: false }],
    ['committee of another community', committeeC2, 'pending', { view: false, approve: false, reject: false, withdraw: false }],
    ['grid worker of the grid', gridWorkerG1, 'pending', { view: true, approve: false, reject: false, withdraw: false }],
    ['grid leader of the community', leaderC1, 'pending', { view: true, approve: false, reject: false, withdraw: false }],
    ['street officer above', streetS1, 'pending', { view: true, approve: false, reject: false, withdraw: false }],
    ['admin', admin, 'pending', { view: false, approve: false, reject: false, withdraw: false }],
  ]
  it.each(table)('%s', (_who, a, status, expected) => {
    const b = binding(status)
    const got = Object.fromEntries(Object.entries(bindingPolicy).map(([k, p]) => [k, p(a, b) === true]))
    expect(got).toEqual(expected)
  })

  it('explains a refusal', () => {
    expect(bindingPolicy.approve(gridWorkerG1, binding('pending'))).toMatch(/社区工作人员/)
    expect(bindingPolicy.approve(committeeC1, binding('approved'))).toMatch(/已处理/)
  })
})

describe('householdPolicy.view', () => {
  const h = { id: 5, streetId: 9, communityId: 1, gridId: 11 }
  it.each([
    ['a resident bound to it', actor({ roles: ['resident'], residence: { householdIds: [5], buildingIds: [50], gridIds: [11], communityIds: [1], streetIds: [9] } }), true],
    ['a resident of another household', otherResident, false],
    ['the grid worker', gridWorkerG1, true],
    ['a grid worker of another grid', actor({ roles: ['grid_worker'], staff: { streetIds: [], communityIds: [], gridIds: [12], departmentIds: [], gridCommunityIds: [] } }), false],
    ['committee of another community', committeeC2, false],
    ['the street officer', streetS1, true],
    ['admin', admin, false],
  ])('%s → %s', (_who, a, allowed) => expect(householdPolicy.view(a, h) === true).toBe(allowed))
})
