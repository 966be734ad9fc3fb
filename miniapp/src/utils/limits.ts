/** The limits the API's schemas enforce (shared/limits.ts), for the forms' maxlength, hints and checks. */
export { DECISION_REASON_LIMITS, DISCLOSURE_LIMITS, ELECTION_LIMITS, LEAVE_LIMITS, SERVICE_LIMITS, SERVICE_NUMBER_LIMITS, TOPIC_LIMITS } from '../../../shared/limits'
