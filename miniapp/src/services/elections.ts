import { newIdempotencyKey, request, requestPage } from './request'
import type {
  AddScrutineerInput, AddVoterInput, BallotListDto, BallotPaperDto, BoardDto, CandidateDto, CastBallotDto, CastBallotInput, CreateCandidateInput,
  CreateElectionInput, CreateObjectionInput, CreateRoundInput, ElectionDetailDto, ElectionDto, ElectionPersonDto, ElectionScheduledPhase, MyRollDto, ObjectionDto,
  PaperTotalsInput, PaperVoterDto, ResolveObjectionInput, ReviewCandidateInput, RollBuildDto, RollEntryDto, RoundBriefDto, RoundResultDto,
  ScrutineerDto, UpdateElectionInput, VoterDto,
} from '../../../api/src/contracts.ts'

/**
 * The one typed module for 换届选举, the resident's side and the workbench's: elections, the roll
 * and objections, candidates, the secret ballot, the receipt board and the results. Pages never
 * build these URLs themselves.
 */

export type {
  AddScrutineerInput, AddVoterInput, BallotListDto, BallotPaperDto, BoardDto, CandidateDto, CastBallotDto, CastBallotInput, CreateCandidateInput,
  CreateElectionInput, CreateObjectionInput, CreateRoundInput, ElectionDetailDto, ElectionDto, ElectionPersonDto, ElectionScheduledPhase, MyRollDto, ObjectionDto,
  PaperTotalsInput, PaperVoterDto, ResolveObjectionInput, ReviewCandidateInput, RollBuildDto, RollEntryDto, RoundBriefDto, RoundResultDto,
  ScrutineerDto, UpdateElectionInput, VoterDto,
}

type PageParams = { limit?: number; cursor?: string | null }

// ── the election ──

/** Residents: the published elections of my communities; staff: their community's, drafts included. */
export function listElections(query: PageParams & { communityId?: number } = {}) {
  return requestPage<ElectionDto>('/elections', { query })
}

/** One election: phases, conditions, contests, rules, rounds, whether I am on the roll, my actions. */
export function getElection(id: number) {
  return request<ElectionDetailDto>(`/elections/${id}`)
}

export function createElection(input: CreateElectionInput) {
  return request<ElectionDetailDto>('/elections', { method: 'POST', body: input })
}

/** Edits a draft (`version` as read; 409 VERSION_CONFLICT when someone else changed it). */
export function updateElection(id: number, input: UpdateElectionInput) {
  return request<ElectionDetailDto>(`/elections/${id}`, { method: 'PATCH', body: input })
}

/** Opens the next phase in the lawful order (announced to the community's residents). */
export function openPhase(id: number, phase: ElectionScheduledPhase) {
  return request<ElectionDetailDto>(`/elections/${id}/phases/${phase}/open`, { method: 'POST', body: {} })
}

/** Ends the current phase early. */
export function closePhase(id: number, phase: ElectionScheduledPhase) {
  return request<ElectionDetailDto>(`/elections/${id}/phases/${phase}/close`, { method: 'POST', body: {} })
}

/** Publishes the results (计票 → 已公布); the election is then archived and read-only. */
export function publishElection(id: number) {
  return request<ElectionDetailDto>(`/elections/${id}/publish`, { method: 'POST', body: {} })
}

// ── the roll (选民登记) and objections (异议) ──

export function buildRoll(id: number) {
  return request<RollBuildDto>(`/elections/${id}/roll/build`, { method: 'POST', body: {} })
}

export function addVoter(id: number, input: AddVoterInput) {
  return request<VoterDto>(`/elections/${id}/roll`, { method: 'POST', body: input })
}

export function removeVoter(id: number, voterId: number, reason: string) {
  return request<VoterDto>(`/elections/${id}/roll/${voterId}/remove`, { method: 'POST', body: { reason } })
}

/** Closes the roll (refused while objections are pending). */
export function closeRoll(id: number) {
  return request<ElectionDetailDto>(`/elections/${id}/roll/close`, { method: 'POST', body: {} })
}

/** The published roll: masked names and buildings, optionally one building. */
export function readRoll(id: number, query: PageParams & { building?: string } = {}) {
  return requestPage<RollEntryDto>(`/elections/${id}/roll`, { query })
}

/** Am I on the roll (with the reason when removed)? */
export function myRollEntry(id: number) {
  return request<MyRollDto>(`/elections/${id}/roll/me`)
}

export function fileObjection(id: number, input: CreateObjectionInput) {
  return request<ObjectionDto>(`/elections/${id}/objections`, { method: 'POST', body: input })
}

/** Staff: every objection; residents: their own. */
export function listObjections(id: number) {
  return request<ObjectionDto[]>(`/elections/${id}/objections`)
}

export function resolveObjection(id: number, objectionId: number, input: ResolveObjectionInput) {
  return request<ObjectionDto>(`/elections/${id}/objections/${objectionId}/resolve`, { method: 'POST', body: input })
}

/**
 * Staff: up to 20 residents of the community (approved binding) whose name or house matches `q`,
 * each with whether they are on the roll or a candidate, so a person is picked, not a number typed.
 */
export function findPeople(id: number, q: string) {
  return request<ElectionPersonDto[]>(`/elections/${id}/people`, { query: { q } })
}

// ── candidates (报名, 资格审查) ──

export function listCandidates(id: number) {
  return request<CandidateDto[]>(`/elections/${id}/candidates`)
}

/** A voter signs up; staff nominate a voter with `userId`. */
export function signUp(id: number, input: CreateCandidateInput) {
  return request<CandidateDto>(`/elections/${id}/candidates`, { method: 'POST', body: input })
}

export function withdrawCandidate(id: number, candidateId: number) {
  return request<CandidateDto>(`/elections/${id}/candidates/${candidateId}/withdraw`, { method: 'POST', body: {} })
}

export function reviewCandidate(id: number, candidateId: number, input: ReviewCandidateInput) {
  return request<CandidateDto>(`/elections/${id}/candidates/${candidateId}/review`, { method: 'POST', body: input })
}

// ── voting ──

/** What a round's ballot offers: its contests, seats and approved candidates. */
export function getBallotPaper(id: number, roundId: number) {
  return request<BallotPaperDto>(`/elections/${id}/rounds/${roundId}/ballot-paper`)
}

/**
 * Casts my ballot. The answer's tracker is shown once and kept nowhere beside me; a retry after a
 * lost answer is 409 ALREADY_VOTED. Make `idempotencyKey` once per attempt.
 */
export function castBallot(id: number, input: CastBallotInput, idempotencyKey = newIdempotencyKey()) {
  return request<CastBallotDto>(`/elections/${id}/ballots`, { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** The round's receipt board (after voting): sorted trackers; `tracker` asks whether mine is on it. */
export async function readBoard(id: number, roundId: number, query: PageParams & { tracker?: string } = {}) {
  const page = (await requestPage<BoardDto>(`/elections/${id}/rounds/${roundId}/board`, { query })) as unknown as { items: BoardDto; nextCursor: string | null }
  return { board: page.items, nextCursor: page.nextCursor }
}

/** Residents: after publication; staff: after counting. */
export function getResults(id: number) {
  return request<RoundResultDto[]>(`/elections/${id}/results`)
}

// ── staff: rounds, paper ballots, count, scrutineers ──

export function markPaperVoter(id: number, roundId: number, voterId: number) {
  return request<PaperVoterDto>(`/elections/${id}/rounds/${roundId}/paper-voters`, { method: 'POST', body: { voterId } })
}

export function setPaperTotals(id: number, roundId: number, input: PaperTotalsInput) {
  return request<RoundResultDto>(`/elections/${id}/rounds/${roundId}/paper-totals`, { method: 'PUT', body: input })
}

/** Ends the round's voting and counts it (a formal round moves the election to 计票). */
export function closeRound(id: number, roundId: number) {
  return request<RoundResultDto>(`/elections/${id}/rounds/${roundId}/close`, { method: 'POST', body: {} })
}

/** A further formal round (另行选举) for contests left tied or with seats unfilled. */
export function createRound(id: number, input: CreateRoundInput) {
  return request<RoundBriefDto>(`/elections/${id}/rounds`, { method: 'POST', body: input })
}

export function openRound(id: number, roundId: number) {
  return request<RoundBriefDto>(`/elections/${id}/rounds/${roundId}/open`, { method: 'POST', body: {} })
}

export function listScrutineers(id: number) {
  return request<ScrutineerDto[]>(`/elections/${id}/scrutineers`)
}

export function addScrutineer(id: number, input: AddScrutineerInput) {
  return request<ScrutineerDto>(`/elections/${id}/scrutineers`, { method: 'POST', body: input })
}

export function removeScrutineer(id: number, userId: number) {
  return request<ScrutineerDto>(`/elections/${id}/scrutineers/${userId}/remove`, { method: 'POST', body: {} })
}

/** Scrutineers only, after voting: the anonymous ballots in random-id order. */
export async function scrutineerBallots(id: number, roundId: number, query: PageParams = {}) {
  const page = (await requestPage<BallotListDto>(`/elections/${id}/rounds/${roundId}/ballots`, { query })) as unknown as { items: BallotListDto; nextCursor: string | null }
  return { list: page.items, nextCursor: page.nextCursor }
}
