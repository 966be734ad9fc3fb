import type {
  AssigneeOptionDto,
  CareFlagsDto, CareFlagsInput, CreateLeaveInput, CreateVisitInput, DueVisitDto, GridRankingDto, LeaveDto, ReportStatsDto, VisitDto,
  VisitOptionsDto,
} from '../../../api/src/contracts.ts'
import { newIdempotencyKey, request, requestPage } from './request'

/**
 * The workbench's own API areas, typed from the API's contracts: the visit log (民情日志) with the
 * 五必访 list and flags, a handler's figures and the grid ranking (考核测评), and worker leave.
 * Reports themselves are in services/reports.ts.
 */

export type {
  CareFlagsDto, CareFlagsInput, CreateLeaveInput, CreateVisitInput, DueVisitDto, GridRankingDto, LeaveDto, ReportStatsDto, VisitDto,
  VisitOptionsDto,
}
export type VisitKind = CreateVisitInput['kind']
export type CareFlag = CareFlagsInput['flags'][number]

/** The kinds of visit and the 五必访 flags with their labels, and the monthly visit target. */
export function getVisitOptions() {
  return request<VisitOptionsDto>('/visits/options')
}

/** Visits, newest first: a worker's own; leaders and community staff those of their scope. */
export function listVisits(query: { gridId?: number; householdId?: number; limit?: number; cursor?: string | null } = {}) {
  return requestPage<VisitDto>('/visits', { query })
}

/** Records a visit; the key is made once per filled form so a retry never logs it twice. */
export function createVisit(input: CreateVisitInput, idempotencyKey = newIdempotencyKey()) {
  return request<VisitDto>('/visits', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** 五必访 households of my grids not visited this month, with their flags and last visit. */
export function listDueVisits(gridId?: number) {
  return request<DueVisitDto[]>('/visits/due', { query: { gridId } })
}

/** Replaces a household's 五必访 flags (grid worker of its grid, or committee). */
export function setCareFlags(householdId: number, input: CareFlagsInput) {
  return request<CareFlagsDto>(`/households/${householdId}/care-flags`, { method: 'PUT', body: input })
}

/** Figures of a month (default: this month, Asia/Shanghai): mine, one grid's, or one community's. */
export function getReportStats(query: { scope: 'me' | 'grid' | 'community'; gridId?: number; communityId?: number; month?: string }) {
  return request<ReportStatsDto>('/report-stats', { query })
}

/** 考核测评: the grids of a community ranked by score, with each grid's figures and the score rule. */
export function getGridRanking(query: { communityId?: number; month?: string } = {}) {
  return request<GridRankingDto>('/report-stats/grids', { query })
}

/** Leave of grid workers (current and coming; dispatch skips a worker on leave). */
export function listLeaves(query: { gridId?: number; userId?: number; includePast?: boolean; limit?: number; cursor?: string | null } = {}) {
  return requestPage<LeaveDto>('/worker-leaves', { query })
}

/** Registers leave for a worker (themselves, or one of a leader's grids). */
export function createLeave(input: CreateLeaveInput, idempotencyKey = newIdempotencyKey()) {
  return request<LeaveDto>('/worker-leaves', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Cancels a registered leave. */
export function deleteLeave(id: number) {
  return request<LeaveDto>(`/worker-leaves/${id}`, { method: 'DELETE' })
}

/** Who a report may be reassigned to (改派): the workers of its grid, noted primary/deputy, on leave, current. */
export type AssigneeCandidate = AssigneeOptionDto
export function listReassignCandidates(reportId: number) {
  return request<AssigneeCandidate[]>(`/reports/${reportId}/assignees`)
}
