import { describe, expect, it } from 'vitest'
import { testStaff } from '../../../test/support/actors.ts'
import type { Actor } from '../../core/actor.ts'
import { allowedActions } from '../../core/policy.ts'
import { canRead, disclosurePolicy, type DisclosureFacts } from './disclosure.policy.ts'
import { periodMonths } from './disclosure.service.ts'

const actor = (roles: Actor['roles'], staff: Partial<Actor['staff']> = {}, livesIn: number[] = []): Actor => ({
  id: 1, displayName: 'x', sessionVersion: 0, roles, staff: testStaff(roles, staff),
  residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: livesIn, streetIds: [] },
})

const resident = actor(['resident'], {}, [1])
const neighbour = actor(['resident'], {}, [2])
const committee = actor(['committee'], { communityIds: [1] })
const otherCommittee = actor(['committee'], { communityIds: [2] })
const street = actor(['street'], { streetIds: [9] })
const otherStreet = actor(['street'], { streetIds: [8] })
const leader = actor(['grid_leader'], { communityIds: [1] })
const admin = actor(['admin'])
const item = (status: DisclosureFacts['status']): DisclosureFacts => ({ communityId: 1, streetId: 9, status })

describe('disclosure policy: actor × item', () => {
  it('the audience is the community\'s residents, its committee and its street\'s staff', () => {
    expect([resident, committee, street].map((a) => canRead(a, item('published')))).toEqual([true, true, true])
    expect([neighbour, otherCommittee, otherStreet, leader, admin].map((a) => canRead(a, item('published')))).toEqual([false, false, false, false, false])
  })

  it('only the community\'s committee corrects and withdraws, and only the current version', () => {
    expect(allowedActions(committee, disclosurePolicy, item('published'))).toEqual({ correct: true, withdraw: true, ask: false })
    expect(allowedActions(committee, disclosurePolicy, item('superseded'))).toEqual({ correct: false, withdraw: false, ask: false })
    expect(allowedActions(committee, disclosurePolicy, item('withdrawn'))).toEqual({ correct: false, withdraw: false, ask: false })
    expect(allowedActions(street, disclosurePolicy, item('published'))).toEqual({ correct: false, withdraw: false, ask: false })
    expect(allowedActions(resident, disclosurePolicy, item('published'))).toEqual({ correct: false, withdraw: false, ask: true })
    expect(allowedActions(resident, disclosurePolicy, item('withdrawn')).ask).toBe(true)
    expect(disclosurePolicy.correct(committee, item('superseded'))).toBe('该版本已被更正，请更正最新版本')
  })
})

describe('periodMonths', () => {
  const months = (p: string) => Object.values(periodMonths(p)).map((d) => d.toISOString().slice(0, 7))
  it('a year, a quarter and a month as their first and last months', () => {
    expect(months('2026')).toEqual(['2026-01', '2026-12'])
    expect(months('2026-Q1')).toEqual(['2026-01', '2026-03'])
    expect(months('2026-Q4')).toEqual(['2026-10', '2026-12'])
    expect(months('2026-11')).toEqual(['2026-11', '2026-11'])
  })
  it('refuses any other shape naming period', () => {
    for (const bad of ['2026-13', '2026-Q0', '2026-q3', '26-11', '2026-1', '2026-11-01']) expect(() => periodMonths(bad)).toThrow(/period/)
  })
})
