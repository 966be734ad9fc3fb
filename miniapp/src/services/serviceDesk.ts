import type {
  BookingDto, BookingPoliciesDto, CheckInInput, CloseSlotInput, CreateServiceInput, CreateSlotInput, DayListQueryInput, DeskBookingDto,
  ServiceDetailDto, ServiceSummaryDto, SlotDto, SlotPatternInput, SlotPatternResultDto, SlotQueryInput, UpdateServiceInput, UpdateSlotInput,
} from '../../../api/src/contracts.ts'
import type { ELIGIBILITY_LABELS, GROUP_LABELS, SLOT_STATUS_LABELS } from '../../../api/src/modules/services/service.schema.ts'
import { newIdempotencyKey, request } from './request'

/**
 * The workbench's side of 预约办事, typed from the API's contracts: the services of a community
 * and their slots (committee staff), and the window (预约窗口): the day's bookings, looking a
 * booking up by its code, check-in, 确认, 办结 and 未到场. The resident's calls are in bookings.ts.
 */

export type {
  BookingDto, BookingPoliciesDto, CreateServiceInput, DeskBookingDto, ServiceDetailDto, ServiceSummaryDto, SlotDto, SlotPatternInput,
  SlotPatternResultDto, UpdateServiceInput,
}
export type Eligibility = keyof typeof ELIGIBILITY_LABELS
export type CareGroup = keyof typeof GROUP_LABELS

// The API's labels. The API sends labels with each record; choosing among all of them needs the
// whole list, copied here. Their types are the API's own literal strings, so tsc fails on drift.
const ELIGIBILITY: typeof ELIGIBILITY_LABELS = {
  community: '本社区已绑定房屋的居民',
  any_bound: '已绑定房屋的居民',
  groups: '本社区特定人群',
}
const GROUPS: typeof GROUP_LABELS = {
  new_resident: '新迁入居民',
  elderly_alone: '独居老人',
  disabled: '残疾人',
  left_behind_child: '留守儿童家庭',
  migrant: '流动人口',
}
const SLOT_STATUS: typeof SLOT_STATUS_LABELS = { open: '可预约', closed: '已关闭' }
/** 可预约 / 已关闭 (a slot's view carries the status code only). */
export const slotStatusLabel = (status: SlotDto['status']) => SLOT_STATUS[status]
/** Who may book, in the order offered. */
export const ELIGIBILITY_OPTIONS = (Object.keys(ELIGIBILITY) as Eligibility[]).map((value) => ({ value, label: ELIGIBILITY[value] }))
/** The 五必访 groups a service may be limited to, in the order offered. */
export const GROUP_OPTIONS = (Object.keys(GROUPS) as CareGroup[]).map((value) => ({ value, label: GROUPS[value] }))

// ── services and slots (committee staff) ──

/** The services of a community, those taken off the list included (staff). */
export function listManagedServices(communityId: number) {
  return request<ServiceSummaryDto[]>('/services', { query: { communityId, all: 'true' } })
}

/** One service with everything the editor shows, and its version for the PATCH. */
export function getService(id: number) {
  return request<ServiceDetailDto>(`/services/${id}`)
}

/** Creates a service; the key is made once per filled form so a retry never creates two. */
export function createService(input: CreateServiceInput, idempotencyKey = newIdempotencyKey()) {
  return request<ServiceDetailDto>('/services', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Changes a service; 409 VERSION_CONFLICT when someone saved it since `input.version` was read. */
export function updateService(id: number, input: UpdateServiceInput) {
  return request<ServiceDetailDto>(`/services/${id}`, { method: 'PATCH', body: input })
}

/** The slots of a service from `from` to `to` (days, Asia/Shanghai), with booked and remaining places. */
export function listSlots(serviceId: number, query: SlotQueryInput = {}) {
  return request<SlotDto[]>(`/services/${serviceId}/slots`, { query })
}

/** Publishes one slot; the key is made once per filled form so a retry never publishes it twice. */
export function createSlot(serviceId: number, input: CreateSlotInput, idempotencyKey = newIdempotencyKey()) {
  return request<SlotDto>(`/services/${serviceId}/slots`, { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Publishes slots by a weekly pattern; answers how many were created, skipped and already there. */
export function createSlotPattern(serviceId: number, input: SlotPatternInput) {
  return request<SlotPatternResultDto>(`/services/${serviceId}/slot-patterns`, { method: 'POST', body: input })
}

/** Changes a slot's capacity (never below the places already booked: the API answers why). */
export function updateSlot(slotId: number, input: UpdateSlotInput) {
  return request<SlotDto>(`/service-slots/${slotId}`, { method: 'PATCH', body: input })
}

/** Closes a slot: its bookings are cancelled, the residents told and paid ones refunded. */
export function closeSlot(slotId: number, input: CloseSlotInput) {
  return request<SlotDto>(`/service-slots/${slotId}/close`, { method: 'POST', body: input })
}

// ── the window (预约窗口) ──

/** GET /service-desk/day's query as sent (the schema coerces communityId, so its input type is unknown). */
export type DayQuery = Omit<DayListQueryInput, 'communityId'> & { communityId: number }

/** The day's bookings of a community, of one window or all of them. */
export function listDeskDay(query: DayQuery) {
  return request<DeskBookingDto[]>('/service-desk/day', { query })
}

/** The booking with this code (the code the resident shows, or the QR code scanned). */
export function lookupBooking(code: string) {
  return request<DeskBookingDto>('/bookings/lookup', { query: { code } })
}

/** Checks the resident in by the booking's code. */
export function checkInBooking(id: number, input: CheckInInput) {
  return request<BookingDto>(`/bookings/${id}/check-in`, { method: 'POST', body: input })
}

/** 确认: accepts a booking of a service that needs staff confirmation. */
export function confirmBooking(id: number) {
  return request<BookingDto>(`/bookings/${id}/confirm`, { method: 'POST', body: {} })
}

/** 办结: the matter was done at the window. */
export function completeBooking(id: number) {
  return request<BookingDto>(`/bookings/${id}/complete`, { method: 'POST', body: {} })
}

/** 未到场: the resident did not come (counts towards the no-show block). */
export function markNoShow(id: number) {
  return request<BookingDto>(`/bookings/${id}/no-show`, { method: 'POST', body: {} })
}
