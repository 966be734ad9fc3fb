/** The limits the API's schemas enforce (shared/limits.ts), for the forms' maxlength, hints and checks. */
export { DISCLOSURE_LIMITS, TOPIC_LIMITS } from '../../../shared/limits'
