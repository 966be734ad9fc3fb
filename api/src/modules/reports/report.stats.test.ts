import { describe, expect, it } from 'vitest'
import { SCOPED_ACTORS } from '../../../test/support/actors.ts'
import type { Actor } from '../../core/actor.ts'
import { gridScore, statsPolicy } from './report.stats.ts'

// Grid 11 in community 1 of street 9; community 2 beside it.
const { workerG11, leaderC1, committeeC1, committeeC2, streetS9, resident, dept } = SCOPED_ACTORS

describe('statsPolicy', () => {
  const grid = { id: 11, streetId: 9, communityId: 1 }
  const community = { id: 1, streetId: 9 }
  const table: [string, Actor, { me: boolean; grid: boolean; community: boolean }][] = [
    ['a grid worker', workerG11, { me: true, grid: false, community: false }],
    ['a department handler', dept, { me: true, grid: false, community: false }],
    ['the grid leader', leaderC1, { me: false, grid: true, community: true }],
    ['committee of the community', committeeC1, { me: false, grid: true, community: true }],
    ['committee of another community', committeeC2, { me: false, grid: false, community: false }],
    ['the street', streetS9, { me: false, grid: true, community: true }],
    ['a resident', resident, { me: false, grid: false, community: false }],
  ]
  it.each(table)('%s', (_who, a, expected) => {
    expect({
      me: statsPolicy.me(a, null) === true, grid: statsPolicy.grid(a, grid) === true, community: statsPolicy.community(a, community) === true,
    }).toEqual(expected)
  })
})

describe('gridScore (考核测评)', () => {
  it('weighs resolved on time 40%, accepted on time 30%, satisfaction 30%', () => {
    expect(gridScore({ resolvedOnTimeRate: 1, acceptedOnTimeRate: 0, satisfactionRate: 0 })).toBe(40)
    expect(gridScore({ resolvedOnTimeRate: 0.8, acceptedOnTimeRate: 0.7143, satisfactionRate: 0.3333 })).toBe(63.4)
  })
  it('leaves out a rate without data and rescales the others; no data at all is no score', () => {
    expect(gridScore({ resolvedOnTimeRate: null, acceptedOnTimeRate: 1, satisfactionRate: 0 })).toBe(50)
    expect(gridScore({ resolvedOnTimeRate: null, acceptedOnTimeRate: null, satisfactionRate: null })).toBeNull()
  })
})
