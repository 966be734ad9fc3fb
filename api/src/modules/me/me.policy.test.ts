import { describe, expect, it } from 'vitest'
import { testStaff } from '../../../test/support/actors.ts'
import type { Actor, Role } from '../../core/actor.ts'
import { managesCommunity as managesBookings } from '../bookings/booking.policy.ts'
import { managesCommunity as managesTopics } from '../consultations/consultation.policy.ts'
import { managesDisclosures } from '../disclosures/disclosure.policy.ts'
import { managesCommunity as managesElections } from '../elections/election.policy.ts'
import { identityReviewPolicy } from '../identity/identity.policy.ts'
import { canManageCommunity as writesNotices } from '../notices/notice.policy.ts'
import { statsPolicy } from '../reports/report.stats.ts'
import { reportCreatePolicy } from '../reports/report.submit.ts'
import { visitPolicy } from '../visits/visit.policy.ts'
import { userPolicies, type UserPolicies } from './me.policy.ts'

const ALL: (keyof UserPolicies)[] = [
  'workbench', 'fileReport', 'reportInbox', 'patrol', 'visits', 'ownFigures', 'gridRanking', 'leaves', 'registerLeave',
  'bookingDesk', 'elections', 'disclosures', 'consultations', 'composeNotices', 'identityReviews',
]
const only = (...allowed: (keyof UserPolicies)[]) => Object.fromEntries(ALL.map((k) => [k, allowed.includes(k)]))
const GRID_WORKER = ['workbench', 'reportInbox', 'patrol', 'visits', 'ownFigures', 'leaves', 'registerLeave'] as const

describe('userPolicies', () => {
  const table: [string[], Record<string, boolean>][] = [
    [[], only()],
    [['resident'], only('fileReport')],
    [['grid_worker'], only(...GRID_WORKER)],
    [['resident', 'grid_worker'], only('fileReport', ...GRID_WORKER)],
    [['grid_leader'], only('workbench', 'reportInbox', 'visits', 'gridRanking', 'leaves')],
    [['committee'], only('workbench', 'reportInbox', 'visits', 'gridRanking', 'leaves', 'bookingDesk', 'elections', 'disclosures', 'consultations', 'composeNotices', 'identityReviews')],
    [['street'], only('workbench', 'reportInbox', 'visits', 'gridRanking', 'leaves', 'composeNotices', 'identityReviews')],
    [['dept'], only('workbench', 'reportInbox', 'ownFigures')],
    [['admin'], only('workbench', 'bookingDesk', 'elections', 'consultations')],
    [['auditor'], only('workbench')],
    [['grid_worker', 'street'], only(...GRID_WORKER, 'gridRanking', 'composeNotices', 'identityReviews')],
  ]
  it.each(table)('roles %j', (roles, expected) => {
    expect(userPolicies(roles)).toEqual(expected)
  })

  it('ignores a role it does not know', () => {
    expect(userPolicies(['resident', 'visitor'])).toEqual(only('fileReport', 'workbench'))
  })
})

// The menus follow the record policies: a role's entry is offered exactly when that role, in its
// own scope, passes the module's rule for a record in that scope.
describe('userPolicies agrees with the module policies', () => {
  const place = { streetId: 9, communityId: 1, gridId: 11 }
  const actorOf = (role: Role): Actor => ({
    id: 100, displayName: 'x', sessionVersion: 0, roles: [role],
    residence: { householdIds: [], buildingIds: [], gridIds: [], communityIds: [], streetIds: [] },
    staff: testStaff([role], { streetIds: role === 'street' ? [9] : [], communityIds: ['committee', 'grid_leader'].includes(role) ? [1] : [], gridIds: role === 'grid_worker' ? [11] : [] }),
  })
  const roles: Role[] = ['resident', 'grid_worker', 'grid_leader', 'committee', 'street', 'dept', 'admin', 'auditor']
  it.each(roles)('%s', (role) => {
    const actor = actorOf(role)
    const p = userPolicies([role])
    expect(p.fileReport).toBe(reportCreatePolicy.file(actor) === true)
    expect(p.visits).toBe(visitPolicy.list(actor, null) === true)
    expect(p.bookingDesk).toBe(managesBookings(actor, place.communityId))
    expect(p.elections).toBe(managesElections(actor, place.communityId))
    expect(p.disclosures).toBe(managesDisclosures(actor, place.communityId))
    expect(p.composeNotices).toBe(writesNotices(actor, place))
    expect(p.ownFigures).toBe(statsPolicy.me(actor, null) === true)
    expect(p.consultations).toBe(managesTopics(actor, place.communityId))
    expect(p.identityReviews).toBe(identityReviewPolicy.list(actor, null) === true)
  })
})
