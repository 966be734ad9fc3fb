import { newIdempotencyKey, type ApiError } from '../../services/request'
import type { CreateBookingInput, NextSlot } from '../../services/bookings'

/** One booking attempt: the body sent and the Idempotency-Key that goes with it. */
export type Attempt = { body: string; key: string }

/**
 * The attempt for `input`: the same key while the body is the same (a retry after a lost answer
 * then returns the booking already made), a new key once anything changed (the API refuses a
 * key reused for another body).
 */
export function attemptFor(prev: Attempt | undefined, input: CreateBookingInput): Attempt {
  const body = JSON.stringify(input)
  return prev && prev.body === body ? prev : { body, key: newIdempotencyKey() }
}

/** The slots with room a 409 SLOT_FULL offers instead (null for any other error). */
export function offeredSlots(e: ApiError): NextSlot[] | null {
  if (e.code !== 'SLOT_FULL') return null
  const next = e.details?.nextSlots
  if (!Array.isArray(next)) return []
  return next.filter((s): s is NextSlot =>
    typeof s === 'object' && s !== null && typeof (s as NextSlot).id === 'number' && typeof (s as NextSlot).startsAt === 'string' && typeof (s as NextSlot).endsAt === 'string')
}
