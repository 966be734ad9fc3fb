import { describe, expect, it } from 'vitest'
import { SCOPED_ACTORS } from '../../../test/support/actors.ts'
import type { Actor } from '../../core/actor.ts'
import { visitPolicy, type VisitHousehold, type VisitRecord } from './visit.policy.ts'

// Grid 11 in community 1 of street 9; community 2 beside it.
const { workerG11, workerG12, leaderC1, committeeC1, committeeC2, streetS9, resident, dept } = SCOPED_ACTORS

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
