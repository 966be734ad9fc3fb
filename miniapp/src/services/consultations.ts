import { apiUrl, isOk, newIdempotencyKey, request, requestPage, toApiError, withSession } from './request'
import type {
  CreateOpinionInput, CreateTopicInput, LikeDto, OpinionDto, OpinionReplyDto, SupportDto, TopicDetailDto, TopicDto, TopicState, UpdateOpinionInput,
} from '../../../api/src/contracts.ts'

/**
 * The one typed module for 协商议事, the resident's side and the workbench's: topics, support for
 * residents' proposals, staff transitions, and the discussion (opinions, replies, likes,
 * moderation, the CSV export). Pages never build these URLs themselves.
 */

export type { CreateOpinionInput, CreateTopicInput, LikeDto, OpinionDto, OpinionReplyDto, SupportDto, TopicDetailDto, TopicDto, TopicState, UpdateOpinionInput }

type PageParams = { limit?: number; cursor?: string | null }

// ── topics ──

/** Residents: the topics for my household and my own proposals; staff: every topic of their community. */
export function listTopics(query: PageParams & { state?: TopicState; communityId?: number } = {}) {
  return requestPage<TopicDto>('/consultations', { query })
}

/** One topic with its background, support, my support and what I may do with it. */
export function getTopic(id: number) {
  return request<TopicDetailDto>(`/consultations/${id}`)
}

/** Staff open a topic for discussion; a resident proposes one for the whole community. */
export function createTopic(input: CreateTopicInput, idempotencyKey = newIdempotencyKey()) {
  return request<TopicDetailDto>('/consultations', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Supports a resident's proposal (once per person; reaching the threshold opens the discussion). */
export function supportTopic(id: number) {
  return request<SupportDto>(`/consultations/${id}/support`, { method: 'POST', body: {} })
}

/** Staff adopt a resident's proposal whatever its support. */
export function adoptTopic(id: number) {
  return request<TopicDetailDto>(`/consultations/${id}/adopt`, { method: 'POST', body: {} })
}

/** Staff move a topic on (`reason` is required to close it). */
export function transitionTopic(id: number, to: TopicState, reason?: string) {
  return request<TopicDetailDto>(`/consultations/${id}/transitions`, { method: 'POST', body: reason ? { to, reason } : { to } })
}

// ── the discussion ──

/** Opinions, newest first, each with its replies (held and hidden ones only to their author and staff). */
export function listOpinions(id: number, query: PageParams = {}) {
  return requestPage<OpinionDto>(`/consultations/${id}/opinions`, { query })
}

/** Posts an opinion or (with `parentId`) a reply; staff's are official replies. */
export function createOpinion(id: number, input: CreateOpinionInput) {
  return request<OpinionDto>(`/consultations/${id}/opinions`, { method: 'POST', body: input })
}

/** Edits my own opinion (`version` is the one shown; 409 when stale). */
export function updateOpinion(id: number, oid: number, input: UpdateOpinionInput) {
  return request<OpinionDto>(`/consultations/${id}/opinions/${oid}`, { method: 'PUT', body: input })
}

/** Deletes my own opinion. */
export function deleteOpinion(id: number, oid: number) {
  return request<void>(`/consultations/${id}/opinions/${oid}`, { method: 'DELETE' })
}

/** Likes (`true`) or unlikes an opinion; answers the new count. */
export function likeOpinion(id: number, oid: number, like: boolean) {
  return request<LikeDto>(`/consultations/${id}/opinions/${oid}/${like ? 'like' : 'unlike'}`, { method: 'POST', body: {} })
}

/** Staff hide an opinion with the reason its author will see. */
export function hideOpinion(id: number, oid: number, reason: string) {
  return request<OpinionDto>(`/consultations/${id}/opinions/${oid}/hide`, { method: 'POST', body: { reason } })
}

/** Staff publish an opinion held by the content check. */
export function publishOpinion(id: number, oid: number) {
  return request<OpinionDto>(`/consultations/${id}/opinions/${oid}/publish`, { method: 'POST', body: {} })
}

/**
 * The CSV of every opinion (staff, for a meeting), as text. H5 portal only: WeChat has no file
 * downloads, so the workbench there points staff to the PC portal instead.
 */
export async function fetchOpinionsCsv(id: number): Promise<string> {
  const res = await withSession(async (token) => {
    const r = await fetch(apiUrl(`/consultations/${id}/opinions/export`), { headers: token ? { Authorization: `Bearer ${token}` } : {} })
    return { statusCode: r.status, data: r.ok ? await r.text() : await r.json().catch(() => null) }
  })
  if (!isOk(res)) throw toApiError(res)
  return res.data as string
}
