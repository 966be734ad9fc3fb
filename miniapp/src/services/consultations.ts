import { apiUrl, isOk, newIdempotencyKey, request, requestPage, toApiError, withSession } from './request'
import type {
  CastTopicVoteInput, CreateOpinionInput, CreateTopicInput, DecisionInput, LikeDto, OpinionDto, OpinionReplyDto, ProgressInput, RatingInput, SetUpVoteInput,
  SupportDto, TopicActionInput, TopicDetailDto, TopicDto, TopicOutcomeDto, TopicState, TopicVoteDto, UpdateOpinionInput,
} from '../../../api/src/contracts.ts'

/**
 * The one typed module for 协商议事, the resident's side and the workbench's: topics, support for
 * residents' proposals, staff transitions, and the discussion (opinions, replies, likes,
 * moderation, the CSV export). Pages never build these URLs themselves.
 */

export type {
  CastTopicVoteInput, CreateOpinionInput, CreateTopicInput, DecisionInput, LikeDto, OpinionDto, OpinionReplyDto, ProgressInput, RatingInput, SetUpVoteInput,
  SupportDto, TopicActionInput, TopicDetailDto, TopicDto, TopicOutcomeDto, TopicState, TopicVoteDto, UpdateOpinionInput,
}

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

// ── the vote, the decision, its actions and ratings ──

/** The vote's rules, my (my home's) ballot and, when visible, the totals (409 NO_VOTE before it is set up). */
export function getVote(id: number) {
  return request<TopicVoteDto>(`/consultations/${id}/vote`)
}

/** Staff set the vote up (or change it) while the topic is in discussion. */
export function setUpVote(id: number, input: SetUpVoteInput) {
  return request<TopicVoteDto>(`/consultations/${id}/vote`, { method: 'PUT', body: input })
}

/** Casts my ballot (or my home's, per household). */
export function castVote(id: number, input: CastTopicVoteInput) {
  return request<TopicVoteDto>(`/consultations/${id}/votes`, { method: 'POST', body: input })
}

/** Staff end the vote early. */
export function closeVote(id: number) {
  return request<TopicVoteDto>(`/consultations/${id}/vote/close`, { method: 'POST', body: {} })
}

/** The decision, the actions carrying it out with their progress, and the ratings. */
export function getOutcome(id: number) {
  return request<TopicOutcomeDto>(`/consultations/${id}/outcome`)
}

/** Staff record the decision (a meeting's resolution, or the outcome of the vote). */
export function recordDecision(id: number, input: DecisionInput) {
  return request<TopicOutcomeDto>(`/consultations/${id}/decision`, { method: 'POST', body: input })
}

/** Staff add an action carrying the decision out (title, owner, due date). */
export function addAction(id: number, input: TopicActionInput) {
  return request<TopicOutcomeDto>(`/consultations/${id}/actions`, { method: 'POST', body: input })
}

/** Staff post progress on an action (residents are told). */
export function postProgress(id: number, aid: number, input: ProgressInput) {
  return request<TopicOutcomeDto>(`/consultations/${id}/actions/${aid}/progress`, { method: 'POST', body: input })
}

/** Staff mark an action done (the last one completes the topic). */
export function completeAction(id: number, aid: number) {
  return request<TopicOutcomeDto>(`/consultations/${id}/actions/${aid}/complete`, { method: 'POST', body: {} })
}

/** A resident rates how the decision was carried out (once). */
export function rateTopic(id: number, input: RatingInput) {
  return request<TopicOutcomeDto>(`/consultations/${id}/ratings`, { method: 'POST', body: input })
}
