import { describe, expect, it } from 'vitest'
import { testActor } from '../../../test/support/actors.ts'
import type { Actor } from '../../core/actor.ts'
import { actionsFrom, reportPolicies, reportVisibility, TRANSITIONS, type ReportAction, type ReportRecord } from './report.policy.ts'
import { REPORT_STATUS_LABELS, type ReportStatus } from './report.schema.ts'

const actor = (id: number, roles: Actor['roles'], staff: Parameters<typeof testActor>[2] = {}, communityIds: number[] = []) => testActor(id, roles, staff, { communityIds })

// A report of resident 1 in grid 11 of community 1, street 9, assigned to worker 20.
const reporter = actor(1, ['resident'], {}, [1])
const neighbour = actor(2, ['resident'], {}, [1])
const stranger = actor(3, ['resident'], {}, [2])
const assignee = actor(20, ['grid_worker'], { gridIds: [11] })
const deputy = actor(21, ['grid_worker'], { gridIds: [11] })
const otherGrid = actor(22, ['grid_worker'], { gridIds: [12] })
const leader = actor(30, ['grid_leader'], { communityIds: [1] })
const committee = actor(31, ['committee'], { communityIds: [1] })
const street = actor(32, ['street'], { streetIds: [9] })
const dept = actor(40, ['dept'], { departmentIds: [5] })
const admin = actor(50, ['admin'])

const report = (status: ReportStatus, over: Partial<ReportRecord> = {}): ReportRecord => ({
  status, reporterId: 1, assigneeId: 20, gridId: 11, communityId: 1, streetId: 9, departmentId: null, handlingUnit: 'grid',
  ratedAt: null, isSupporter: false, withinReopenWindow: true, ...over,
})

const allowed = (a: Actor, r: ReportRecord) => Object.entries(reportPolicies(a, r)).filter(([, ok]) => ok).map(([k]) => k).sort()

describe('report visibility', () => {
  it.each([
    ['the reporter', reporter, 'full'], ['the assignee', assignee, 'full'], ['a deputy of the grid', deputy, 'full'],
    ['the grid leader', leader, 'full'], ['the committee', committee, 'full'], ['the street', street, 'full'],
    ['a neighbour in the community', neighbour, 'public'], ['a resident of another community', stranger, null],
    ['a worker of another grid', otherGrid, null], ['a department handler before transfer', dept, null], ['an admin', admin, null],
  ] as const)('%s: %s', (_, who, expected) => {
    expect(reportVisibility(who, report('submitted'))).toBe(expected)
  })
  it('a department handler sees what sits with the department; a supporter from elsewhere sees the public summary', () => {
    expect(reportVisibility(dept, report('submitted', { departmentId: 5, handlingUnit: 'department', assigneeId: null }))).toBe('full')
    expect(reportVisibility(stranger, report('submitted', { isSupporter: true }))).toBe('public')
  })
})

describe('report actions by state and role (the buttons the API returns)', () => {
  const table: [string, Actor, ReportStatus, Partial<ReportRecord>, string[]][] = [
    ['assignee, submitted', assignee, 'submitted', {}, ['accept', 'reject', 'reply', 'requestInfo', 'transfer']],
    ['assignee, accepted', assignee, 'accepted', {}, ['reject', 'reply', 'requestInfo', 'resolve', 'transfer']],
    ['assignee, awaiting info', assignee, 'awaiting_info', {}, []],
    ['assignee, resolved', assignee, 'resolved', {}, []],
    ['assignee, unsatisfied', assignee, 'unsatisfied', {}, ['close']],
    ['deputy (not the assignee), submitted', deputy, 'submitted', {}, []],
    ['leader, submitted', leader, 'submitted', {}, ['accept', 'reassign', 'reject', 'reply', 'requestInfo', 'transfer']],
    ['street, awaiting info', street, 'awaiting_info', {}, ['reassign']],
    ['reporter, submitted', reporter, 'submitted', {}, []],
    ['reporter, awaiting info', reporter, 'awaiting_info', {}, ['supplement']],
    ['reporter, resolved', reporter, 'resolved', {}, ['close', 'rate', 'reopen']],
    ['reporter, resolved 8 days ago', reporter, 'resolved', { withinReopenWindow: false }, ['close', 'rate']],
    ['reporter, unsatisfied', reporter, 'unsatisfied', { ratedAt: new Date() }, ['close', 'reopen']],
    ['reporter, closed', reporter, 'closed', {}, []],
    ['neighbour, accepted', neighbour, 'accepted', {}, ['second']],
    ['neighbour who seconded', neighbour, 'accepted', { isSupporter: true }, []],
    ['neighbour, resolved', neighbour, 'resolved', {}, []],
    ['department handler, department item', dept, 'submitted', { departmentId: 5, handlingUnit: 'department', assigneeId: null }, ['accept', 'reject', 'reply', 'requestInfo', 'transfer']],
    ['leader, department item', leader, 'submitted', { departmentId: 5, handlingUnit: 'department', assigneeId: null }, ['accept', 'reject', 'reply', 'requestInfo', 'transfer']],
    ['open311 report, assignee', assignee, 'accepted', { reporterId: null }, ['reject', 'reply', 'resolve', 'transfer']],
  ]
  it.each(table)('%s', (_, who, status, over, expected) => {
    expect(allowed(who, report(status, over))).toEqual(expected.sort())
  })

  it('every state allows exactly the actions its transitions list, and the finished states none but what closes them', () => {
    const statuses = Object.keys(REPORT_STATUS_LABELS) as ReportStatus[]
    for (const s of statuses) {
      for (const a of Object.keys(TRANSITIONS) as ReportAction[]) {
        expect(actionsFrom(s).includes(a)).toBe((TRANSITIONS[a] as readonly ReportStatus[]).includes(s))
      }
    }
    expect(actionsFrom('closed')).toEqual([])
    expect(actionsFrom('closed_unfixed')).toEqual([])
    expect(actionsFrom('rejected')).toEqual([])
  })
})
