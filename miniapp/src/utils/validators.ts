/**
 * Client-side checks for real-name data: the same module the API validates with (shared/pii.ts),
 * so a resident sees the API's own words under the field before anything is sent.
 */
export { idCheckChar, idNumberError, normaliseIdNumber, phoneError, realNameError, MOBILE_RE } from '../../../shared/pii'
