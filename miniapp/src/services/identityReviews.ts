import { request, requestPage } from './request'
import type { IdentityReviewDto, IdentityReviewListQueryInput } from './types'

/** Identity reviews in the caller's scope (committee staff), newest first, by cursor. */
export function listIdentityReviews(query: Omit<IdentityReviewListQueryInput, 'limit'> & { limit?: number }) {
  return requestPage<IdentityReviewDto>('/identity-reviews', { query })
}

/** Keeps the number with its holder: the claimant's ID number is erased and they are told why. */
export function rejectIdentityReview(id: number, reason: string) {
  return request<IdentityReviewDto>(`/identity-reviews/${id}/reject`, { method: 'POST', body: { reason } })
}

/** Moves the number to the claimant: the holder's is erased and their approved bindings go back to review. */
export function transferIdentityReview(id: number, reason: string) {
  return request<IdentityReviewDto>(`/identity-reviews/${id}/transfer`, { method: 'POST', body: { reason } })
}
