import { newIdempotencyKey, request, requestPage } from './request'
import type {
  CategoryDto, CloseInput, CreateReportInput, NearbyQueryInput, RateInput, ReassignInput, RejectReportInput, ReopenInput,
  ReplyInput, ReportDetailDto, ReportEventDto, ReportListQueryInput, ReportPoliciesDto, ReportPublicDto, ReportSummaryDto,
  RequestInfoInput, ResolveInput, SupplementInput, TransferInput,
} from '../../../api/src/contracts.ts'

/**
 * The one typed module for problem reports (随手拍): the resident's form, 我的诉求, the public
 * community list and every action of the timeline, for residents and the workbench alike.
 * Pages never build these URLs themselves.
 */

export type {
  CategoryDto, CloseInput, CreateReportInput, NearbyQueryInput, RateInput, ReassignInput, RejectReportInput, ReopenInput,
  ReplyInput, ReportDetailDto, ReportEventDto, ReportPoliciesDto, ReportPublicDto, ReportSummaryDto, RequestInfoInput,
  ResolveInput, SupplementInput, TransferInput,
}

export type ReportStatus = ReportSummaryDto['status']
/** Where a report is: a household of mine, a building, or a point on the map. */
export type ReportLocationInput = CreateReportInput['location']
/** A policy name, which is also the action's name in the URL (except requestInfo → request-info). */
export type ReportAction = keyof ReportPoliciesDto

/** The list query (the box is chosen by the function called). */
export type ReportListParams = Omit<ReportListQueryInput, 'box' | 'cursor'> & { cursor?: string | null }

/** Categories a resident can pick, with the promised deadlines in words (deadlineText). */
export function listReportCategories() {
  return request<CategoryDto[]>('/report-categories')
}

/**
 * Files a report. `idempotencyKey` must be made once per draft and reused on a retry, so a
 * resubmission after a lost answer returns the same report instead of a duplicate.
 */
export function createReport(input: CreateReportInput, idempotencyKey = newIdempotencyKey()) {
  return request<ReportDetailDto>('/reports', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Reports I filed or seconded, newest first. */
export function listMyReports(query: ReportListParams = {}) {
  return requestPage<ReportSummaryDto>('/reports', { query: { ...query, box: 'mine' } })
}

/** What I handle or supervise (staff), soonest deadline first. */
export function listInboxReports(query: ReportListParams = {}) {
  return requestPage<ReportSummaryDto>('/reports', { query: { ...query, box: 'inbox' } })
}

/** Public summaries of my community's reports (no personal data). */
export function listCommunityReports(query: ReportListParams = {}) {
  return requestPage<ReportPublicDto>('/reports', { query: { ...query, box: 'community' } })
}

/** Open reports of the same category near a place, offered for 附议 instead of a duplicate. */
export function listNearbyReports(query: NearbyQueryInput) {
  return request<ReportPublicDto[]>('/reports/nearby', { query })
}

/** One report with its timeline and the caller's allowed actions (`policies`). */
export function getReport(id: number) {
  return request<ReportDetailDto>(`/reports/${id}`)
}

function act(id: number, action: string, body: unknown = {}) {
  return request<ReportDetailDto>(`/reports/${id}/${action}`, { method: 'POST', body })
}

/** 附议: adds the caller as a supporter of an open report. */
export function secondReport(id: number) {
  return act(id, 'second')
}

/** 受理: the handler takes the report on (stops the accept clock). */
export function acceptReport(id: number) {
  return act(id, 'accept')
}

/** A reply on the timeline (text and photos) that the reporter sees. */
export function replyReport(id: number, input: ReplyInput) {
  return act(id, 'reply', input)
}

/** Asks the reporter for more information; the resolve clock pauses until they answer. */
export function requestReportInfo(id: number, input: RequestInfoInput) {
  return act(id, 'request-info', input)
}

/** The reporter answers an information request. */
export function supplementReport(id: number, input: SupplementInput) {
  return act(id, 'supplement', input)
}

/** 转办 to a department or another grid, with the reason. */
export function transferReport(id: number, input: TransferInput) {
  return act(id, 'transfer', input)
}

/** 办结 with the result and at least one photo. */
export function resolveReport(id: number, input: ResolveInput) {
  return act(id, 'resolve', input)
}

/** 不予受理, with the reason and where to go instead. */
export function rejectReport(id: number, input: RejectReportInput) {
  return act(id, 'reject', input)
}

/** The reporter rates a resolved report (满意/不满意, optional comment). */
export function rateReport(id: number, input: RateInput) {
  return act(id, 'rate', input)
}

/** The reporter reopens a resolved report within `reopenUntil`. */
export function reopenReport(id: number, input: ReopenInput) {
  return act(id, 'reopen', input)
}

/** Closes a report (the reporter withdrawing it, or staff closing it). */
export function closeReport(id: number, input: CloseInput = {}) {
  return act(id, 'close', input)
}

/** 改派 to another worker (grid leader and above). */
export function reassignReport(id: number, input: ReassignInput) {
  return act(id, 'reassign', input)
}
