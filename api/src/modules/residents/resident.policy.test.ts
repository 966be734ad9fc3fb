import { describe, expect, it } from 'vitest'
import { testActor as actor } from '../../../test/support/actors.ts'
import { canSeeResident, revealableFields, type ResidentRecord } from './resident.policy.ts'

const resident = (status: string): ResidentRecord => ({ userId: 1, bindings: [{ status, streetId: 9, communityId: 1, gridId: 11 }] })

describe('revealableFields', () => {
  it.each([
    ['self', actor(1, ['resident']), 'approved', ['realName', 'idNumber', 'phone']],
    ['committee of the community', actor(2, ['committee'], { communityIds: [1] }), 'approved', ['realName', 'idNumber', 'phone']],
    ['committee reviewing a pending request', actor(2, ['committee'], { communityIds: [1] }), 'pending', ['realName', 'idNumber', 'phone']],
    ['committee of another community', actor(2, ['committee'], { communityIds: [2] }), 'approved', []],
    ['grid worker of the grid', actor(3, ['grid_worker'], { gridIds: [11] }), 'approved', ['realName', 'phone']],
    ['grid worker, request still pending', actor(3, ['grid_worker'], { gridIds: [11] }), 'pending', []],
    ['grid leader of the community', actor(4, ['grid_leader'], { communityIds: [1] }), 'approved', ['realName', 'phone']],
    ['street officer', actor(5, ['street'], { streetIds: [9] }), 'approved', []],
    ['admin', actor(6, ['admin']), 'approved', []],
    ['another resident', actor(7, ['resident']), 'approved', []],
  ])('%s', (_who, a, status, fields) => expect(revealableFields(a, resident(status))).toEqual(fields))
})

describe('canSeeResident', () => {
  it('lets staff over a live binding see the resident, and nobody else', () => {
    expect(canSeeResident(actor(5, ['street'], { streetIds: [9] }), resident('approved'))).toBe(true)
    expect(canSeeResident(actor(5, ['street'], { streetIds: [9] }), resident('rejected'))).toBe(false)
    expect(canSeeResident(actor(7, ['resident']), resident('approved'))).toBe(false)
    expect(canSeeResident(actor(1, ['resident']), resident('rejected'))).toBe(true)
  })
})
