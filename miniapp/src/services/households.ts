import { newIdempotencyKey, request, requestPage } from './request'
import type { BindingDto, BindingListQueryInput, BindingRequestInput, BuildingDto, HouseholdOptionDto } from './types'

/** My binding requests (pending, approved, rejected). */
export function listMyBindings() {
  return request<BindingDto[]>('/me/households')
}

/** Asks to be bound to a household; each submission attempt carries a fresh Idempotency-Key. */
export function requestBinding(input: BindingRequestInput, idempotencyKey = newIdempotencyKey()) {
  return request<BindingDto>('/me/households', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Withdraws a pending request or unbinds an approved household. */
export function withdrawBinding(id: number) {
  return request<BindingDto>(`/me/households/${id}/withdraw`, { method: 'POST' })
}

/** The list query with numbers where the API coerces strings. */
export type BindingListParams = Omit<BindingListQueryInput, 'limit' | 'communityId'> & { limit?: number; communityId?: number }

/** Binding requests in the caller's scope (staff), newest first, by cursor. */
export function listBindings(query: BindingListParams) {
  return requestPage<BindingDto>('/household-bindings', { query })
}

/** Approves a pending binding request (committee staff). */
export function approveBinding(id: number) {
  return request<BindingDto>(`/household-bindings/${id}/approve`, { method: 'POST' })
}

/** Rejects a pending binding request with a reason (committee staff). */
export function rejectBinding(id: number, reason: string) {
  return request<BindingDto>(`/household-bindings/${id}/reject`, { method: 'POST', body: { reason } })
}

/** Buildings of a community, for the household picker. */
export function listBuildings(communityId: number) {
  return request<BuildingDto[]>(`/communities/${communityId}/buildings`)
}

/** Rooms of a building, for the household picker. */
export function listBuildingHouseholds(buildingId: number) {
  return request<HouseholdOptionDto[]>(`/buildings/${buildingId}/households`)
}
