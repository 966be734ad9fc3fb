import { describe, expect, it } from 'vitest'
import { testActor as actor } from '../../../test/support/actors.ts'
import type { Actor } from '../../core/actor.ts'
import { visitPolicy, type VisitHousehold, type VisitRecord } from './visit.policy.ts'

// Grid 11 in community 1 of street 9; grid 21 in community 2.
const workerG11 = actor(1, ['grid_worker'], { gridIds: [11], gridCommunityIds: [1] })
const workerG12 = actor(2, ['grid_worker'], { gridIds: [12], gridCommunityIds: [1] })
const leaderC1 = actor(3, ['grid_leader'], { communityIds: [1] })
const committeeC1 = actor(4, ['committee'], { communityIds: [1] })
const committeeC2 = actor(5, ['committee'], { communityIds: [2] })
const streetS9 = actor(6, ['street'], { streetIds: [9] })
const resident = actor(7, ['resident'])
const dept = actor(8, ['dept'], { departmentIds: [3] })

const household: VisitHousehold = { id: 500, streetId: 9, communityId: 1, gridId: 11 }
const visitOfWorker: VisitRecord = { workerId: 1, gridId: 11, communityId: 1, household: { streetId: 9 } }

describe('visitPolicy', () => {
  const table: [string, Actor, { seeHousehold: boolean; create: boolean; view: boolean; list: boolean; editCareFlags: boolean }][] = [
    ['the grid worker of the grid', workerG11, { seeHousehold: true, create: true, view: true, list: true, editCareFlags: true }],
    ['a grid worker of another grid', workerG12, { seeHousehold: false, create: false, view: false, list: true, editCareFlags: false }],
    ['the grid leader of the community', leaderC1, { seeHousehold: true, create: false, view: true, list: true, editCareFlags: false }],
    ['committee of the community', committeeC1, { seeHousehold: true, create: false, view: true, list: true, editCareFlags: true }],
    ['committee of another community', committeeC2, { seeHousehold: false, create: false, view: false, list: true, editCareFlags: false }],
    ['the street above', streetS9, { seeHousehold: true, create: false, view: true, list: true, editCareFlags: false }],
    ['a resident', resident, { seeHousehold: false, create: false, view: false, list: false, editCareFlags: false }],
    ['a department handler', dept, { seeHousehold: false, create: false, view: false, list: false, editCareFlags: false }],
  ]
  it.each(table)('%s', (_who, a, expected) => {
    expect({
      seeHousehold: visitPolicy.seeHousehold(a, household) === true,
      create: visitPolicy.create(a, household) === true,
      view: visitPolicy.view(a, visitOfWorker) === true,
      list: visitPolicy.list(a, null) === true,
      editCareFlags: visitPolicy.editCareFlags(a, household) === true,
    }).toEqual(expected)
  })
  it('explains a refusal', () => {
    expect(visitPolicy.create(committeeC1, household)).toBe('只有本网格的网格员可以记录走访')
  })
})
