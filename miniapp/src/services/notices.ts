import type { z } from 'zod'
import type { NoticeRevisionView } from '../../../api/src/modules/notices/notice.schema.ts'
import { newIdempotencyKey, request, requestPage } from './request'
import type {
  CreateNoticeInput, NoticeDetailDto, NoticeListQueryInput, NoticeManageDto, NoticeReadsDto, NoticeSummaryDto, UpdateNoticeInput,
} from './types'

export type NoticeCategory = NoticeSummaryDto['category']
export type NoticeState = NoticeManageDto['state']
/** One earlier version of a notice, typed from the API's own schema. */
export type NoticeRevisionDto = z.output<typeof NoticeRevisionView>

/** The list query with a number where the API coerces strings. */
export type NoticeListParams = Omit<NoticeListQueryInput, 'limit' | 'box' | 'cursor'> & { limit?: number; cursor?: string | null }

/** What the caller should read: pinned notices first on the first page, then newest first. */
export function listNoticeFeed(query: NoticeListParams = {}) {
  return requestPage<NoticeSummaryDto>('/notices', { query: { box: 'feed', ...query } })
}

/** Every notice of the caller's communities, by state (committee and street staff). */
export function listManagedNotices(query: NoticeListParams = {}) {
  return requestPage<NoticeManageDto>('/notices', { query: { box: 'manage', ...query } })
}

/** One notice; opening an important one records the caller's read receipt on the server. */
export function getNotice(id: number) {
  return request<NoticeDetailDto>(`/notices/${id}`)
}

/** Creates a notice as a draft, or publishes (or schedules) it at once. */
export function createNotice(input: CreateNoticeInput, idempotencyKey = newIdempotencyKey()) {
  return request<NoticeDetailDto>('/notices', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Saves changes; `version` is the one the editor loaded (409 VERSION_CONFLICT when stale). */
export function updateNotice(id: number, input: UpdateNoticeInput) {
  return request<NoticeDetailDto>(`/notices/${id}`, { method: 'PATCH', body: input })
}

/** Publishes a draft now, or schedules it when `publishAt` is in the future. */
export function publishNotice(id: number, publishAt?: string) {
  return request<NoticeDetailDto>(`/notices/${id}/publish`, { method: 'POST', body: publishAt ? { publishAt } : {} })
}

/** Withdraws a published or scheduled notice, with the reason residents will see. */
export function withdrawNotice(id: number, reason: string) {
  return request<NoticeDetailDto>(`/notices/${id}/withdraw`, { method: 'POST', body: { reason } })
}

/** Read statistics per grid; with `gridId`, that grid's unread households (occupants masked). */
export function getNoticeReads(id: number, gridId?: number) {
  return request<NoticeReadsDto>(`/notices/${id}/reads`, { query: { gridId } })
}

/** Earlier versions of a notice, newest first, a page at a time (the notice's managers only). */
export function listNoticeRevisions(id: number, query: { limit?: number; cursor?: string | null } = {}) {
  return requestPage<NoticeRevisionDto>(`/notices/${id}/revisions`, { query })
}
