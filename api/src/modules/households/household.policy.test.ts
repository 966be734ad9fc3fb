import { describe, expect, it } from 'vitest'
import { testStaff } from '../../../test/support/actors.ts'
import type { Actor } from '../../core/actor.ts'
import { bindingPolicy, householdPolicy, type BindingRecord } from './household.policy.ts'

const actor = (over: Partial<Omit<Actor, 'staff'>> & { roles: Actor['roles']; staff?: Partial<Actor['staff']> }): Actor => ({
  id: 100,
  displayName: 'x',
  sessionVersion: 0,
  residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: [], streetIds: [], ...over.residence },
  ...over,
  staff: testStaff(over.roles, over.staff),
})

const owner = actor({ id: 1, roles: ['resident'] })
const otherResident = actor({ id: 2, roles: ['resident'] })
const committeeC1 = actor({ roles: ['committee'], staff: { streetIds: [], communityIds: [1], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const committeeC2 = actor({ roles: ['committee'], staff: { streetIds: [], communityIds: [2], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const gridWorkerG1 = actor({ roles: ['grid_worker'], staff: { streetIds: [], communityIds: [], gridIds: [11], departmentIds: [], gridCommunityIds: [] } })
const leaderC1 = actor({ roles: ['grid_leader'], staff: { streetIds: [], communityIds: [1], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const streetS1 = actor({ roles: ['street'], staff: { streetIds: [9], communityIds: [], gridIds: [], departmentIds: [], gridCommunityIds: [] } })
const admin = actor({ roles: ['admin'] })
/** A committee member of community 1 who also lives there and asked for the binding themselves (user 1). */
const committeeSelf = actor({ id: 1, roles: ['committee', 'resident'], staff: { streetIds: [], communityIds: [1], gridIds: [], departmentIds: [], gridCommunityIds: [] } })

const binding = (status: BindingRecord['status']): BindingRecord => ({ userId: 1, status, communityId: 1, gridId: 11, household: { streetId: 9 } })

describe('bindingPolicy', () => {
  const table: [string, Actor, BindingRecord['status'], { view: boolean; approve: boolean; reject: boolean; withdraw: boolean }][] = [
    ['the resident who asked', owner, 'pending', { view: true, approve: false, reject: false, withdraw: true }],
    ['the resident, once approved', owner, 'approved', { view: true, approve: false, reject: false, withdraw: true }],
    ['the resident, once rejected', owner, 'rejected', { view: true, approve: false, reject: false, withdraw: false }],
    ['another resident', otherResident, 'pending', { view: false, approve: false, reject: false, withdraw: false }],
    ['committee of the community', committeeC1, 'pending', { view: true, approve: true, reject: true, withdraw: false }],
    ['committee of the community, already approved', committeeC1, 'approved', { view: true, approve: false, reject: false, withdraw: false }],
    ['committee of the community, on their own request', committeeSelf, 'pending', { view: true, approve: false, reject: false, withdraw: true }],
    ['committee of the community, their own request once approved', committeeSelf, 'approved', { view: true, approve: false, reject: false, withdraw: true }],
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
    expect(bindingPolicy.approve(committeeSelf, binding('pending'))).toMatch(/不能审核自己的房屋绑定申请/)
    expect(bindingPolicy.reject(committeeSelf, binding('pending'))).toMatch(/不能审核自己的房屋绑定申请/)
  })

  it('cannot be approved while the requester\'s ID number is under review, but can be rejected', () => {
    const underReview = { ...binding('pending'), user: { profile: { idNumberHmac: null } } }
    expect(bindingPolicy.approve(committeeC1, underReview)).toMatch(/尚待社区核实/)
    expect(bindingPolicy.reject(committeeC1, underReview)).toBe(true)
    expect(bindingPolicy.approve(committeeC1, { ...underReview, user: { profile: { idNumberHmac: new Uint8Array(32) } } })).toBe(true)
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

describe('several roles: each acts within its own scope', () => {
  it('a committee member of community 2 who is grid leader of community 1 sees but cannot review community 1 requests', () => {
    const twoHats = actor({
      roles: ['committee', 'grid_leader'],
      staff: {
        communityIds: [1, 2],
        byRole: {
          committee: { streetIds: [], communityIds: [2], gridIds: [], gridCommunityIds: [] },
          grid_leader: { streetIds: [], communityIds: [1], gridIds: [], gridCommunityIds: [] },
        },
      },
    })
    const inC1: BindingRecord = { ...binding('pending'), communityId: 1 }
    const inC2: BindingRecord = { ...binding('pending'), communityId: 2 }
    expect(bindingPolicy.view(twoHats, inC1)).toBe(true)
    expect(bindingPolicy.approve(twoHats, inC1)).not.toBe(true)
    expect(bindingPolicy.approve(twoHats, inC2)).toBe(true)
  })
})
