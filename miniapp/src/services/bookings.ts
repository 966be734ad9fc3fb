import { newIdempotencyKey, request, requestPage } from './request'
import type {
  BookabilityDto, BookingDetailDto, BookingDto, BookingListQueryInput, CancelBookingInput, CancelResultDto, CreateBookingInput, CreatedBookingDto, MaterialDto,
  NextSlotsDto, RequestPaymentDto, ServiceDetailDto, ServiceListQueryInput, ServiceSummaryDto, SlotDto, SlotQueryInput,
} from '../../../api/src/contracts.ts'

/**
 * The one typed module for the resident's side of 预约办事: the services of my communities, their
 * slots, booking (with an Idempotency-Key), 我的预约 and the actions on a booking. Pages never
 * build these URLs themselves.
 */

export type {
  BookabilityDto, BookingDetailDto, BookingDto, CancelBookingInput, CancelResultDto, CreateBookingInput, CreatedBookingDto, MaterialDto, NextSlotsDto,
  RequestPaymentDto, ServiceDetailDto, ServiceSummaryDto, SlotDto,
}

export type BookingStatus = BookingDto['status']
/** One of the slots a 409 SLOT_FULL offers instead. */
export type NextSlot = NextSlotsDto['nextSlots'][number]
/** 我的预约's query (the tab picks `when`); numbers as numbers (the contract's input types are the wire's). */
export type BookingListParams = { when?: BookingListQueryInput['when']; limit?: number; cursor?: string | null }
/** GET /services's query: a resident's communities by default. */
export type ServiceListParams = { communityId?: number } & Omit<ServiceListQueryInput, 'communityId'>

/** Active services of my communities (a resident's households), with the next time that has room. */
export function listServices(query: ServiceListParams = {}) {
  return request<ServiceSummaryDto[]>('/services', { query })
}

/** One service: materials, rules, eligibility, and whether I may book it now (`bookable`). */
export function getService(id: number) {
  return request<ServiceDetailDto>(`/services/${id}`)
}

/** The service's slots from `from` to `to` (days; default: today to the end of its booking window). */
export function listSlots(serviceId: number, query: SlotQueryInput = {}) {
  return request<SlotDto[]>(`/services/${serviceId}/slots`, { query })
}

/**
 * Books a slot. `idempotencyKey` must be made once per attempt and reused on a retry of the same
 * attempt, so a resubmission after a lost answer returns the booking already made.
 */
export function createBooking(input: CreateBookingInput, idempotencyKey = newIdempotencyKey()) {
  return request<CreatedBookingDto>('/bookings', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** My bookings: `upcoming` (not yet visited) soonest first, `past` the rest. */
export function listMyBookings(query: BookingListParams = {}) {
  return requestPage<BookingDto>('/bookings', { query })
}

/** One of my bookings with its materials checklist and the actions I may take. */
export function getBooking(id: number) {
  return request<BookingDetailDto>(`/bookings/${id}`)
}

/** Cancels my booking (refunded when paid and within the free cancellation time); `notice` says which. */
export function cancelBooking(id: number, input: CancelBookingInput = {}) {
  return request<CancelResultDto>(`/bookings/${id}/cancel`, { method: 'POST', body: input })
}

/** Moves my booking to another slot of the same service (the seat moves atomically). */
export function rescheduleBooking(id: number, slotId: number) {
  return request<BookingDetailDto>(`/bookings/${id}/reschedule`, { method: 'POST', body: { slotId } })
}

/** The `requestPayment` parameters of a booking awaiting payment (again, after a failed or closed payment sheet). */
export function payBooking(id: number) {
  return request<RequestPaymentDto>(`/bookings/${id}/pay`, { method: 'POST', body: {} })
}
