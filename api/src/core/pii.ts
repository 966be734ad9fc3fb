/**
 * Validation and masking of personal data: ID numbers (GB 11643), mainland mobiles, names.
 * The rules live in shared/pii.ts, which the mini-program's forms use too; the API's modules
 * keep importing them from here.
 */
export * from '../../../shared/pii.ts'
