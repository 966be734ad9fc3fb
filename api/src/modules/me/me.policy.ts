import type { Role } from '../../core/actor.ts'
import { BOOKING_MANAGER_ROLES } from '../bookings/booking.policy.ts'
import { TOPIC_MANAGER_ROLES } from '../consultations/consultation.policy.ts'
import { DISCLOSURE_WRITER_ROLE } from '../disclosures/disclosure.policy.ts'
import { ELECTION_MANAGER_ROLES } from '../elections/election.policy.ts'
import { IDENTITY_VIEWER_ROLES } from '../identity/identity.policy.ts'
import { LEAVE_SUPERVISOR_ROLES } from '../leaves/leave.policy.ts'
import { NOTICE_WRITER_ROLES } from '../notices/notice.policy.ts'
import { REPORT_HANDLER_ROLES } from '../reports/report.policy.ts'
import { FIGURE_SUPERVISOR_ROLES, OWN_FIGURE_ROLES } from '../reports/report.stats.ts'
import { REPORTER_ROLE } from '../reports/report.submit.ts'
import { VISIT_LOG_ROLES } from '../visits/visit.policy.ts'

/** Grid workers: patrol reports, their own figures and leaves are about the grids they work. */
const GRID_WORKER: Role = 'grid_worker'

/** What the mini-program offers the caller, by role; every record's own policies still decide. */
export type UserPolicies = {
  workbench: boolean
  fileReport: boolean
  reportInbox: boolean
  patrol: boolean
  visits: boolean
  ownFigures: boolean
  gridRanking: boolean
  leaves: boolean
  registerLeave: boolean
  bookingDesk: boolean
  elections: boolean
  disclosures: boolean
  consultations: boolean
  composeNotices: boolean
  identityReviews: boolean
}

/** Staff: anyone with a role besides resident (every such role works in 工作台). The one definition. */
export function isStaffRoles(roles: readonly string[]): boolean {
  return roles.some((r) => r !== 'resident')
}

/**
 * Which entries and pages the mini-program offers a user with these roles (工作台's menus, 随手拍,
 * 考核). Built from the role lists the modules' policies check, so the client keeps no copy of
 * them; what a page then shows is decided per record by those policies and scoped queries.
 */
export function userPolicies(roles: readonly string[]): UserPolicies {
  const has = (...wanted: readonly Role[]) => wanted.some((r) => roles.includes(r))
  return {
    workbench: isStaffRoles(roles),
    fileReport: has(REPORTER_ROLE),
    reportInbox: has(...REPORT_HANDLER_ROLES),
    patrol: has(GRID_WORKER),
    visits: has(...VISIT_LOG_ROLES),
    ownFigures: has(...OWN_FIGURE_ROLES),
    gridRanking: has(...FIGURE_SUPERVISOR_ROLES),
    leaves: has(GRID_WORKER, ...LEAVE_SUPERVISOR_ROLES),
    registerLeave: has(GRID_WORKER),
    bookingDesk: has(...BOOKING_MANAGER_ROLES),
    elections: has(...ELECTION_MANAGER_ROLES),
    disclosures: has(DISCLOSURE_WRITER_ROLE),
    consultations: has(...TOPIC_MANAGER_ROLES),
    composeNotices: has(...NOTICE_WRITER_ROLES),
    // Street staff see the reviews of their streets; each review's own policies say who decides it.
    identityReviews: has(...IDENTITY_VIEWER_ROLES),
  }
}
