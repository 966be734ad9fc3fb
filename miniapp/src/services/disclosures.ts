import { DISCLOSURE_CATEGORY_LABELS, DISCLOSURE_LINE_KIND_LABELS, choicesOf } from '../../../shared/labels'
import { newIdempotencyKey, request, requestPage } from './request'
import type {
  AnswerDisclosureQuestionInput, AskDisclosureQuestionInput, CorrectDisclosureInput, CreateDisclosureInput, DisclosureDetailDto,
  DisclosureLineInput, DisclosureListQueryInput, DisclosureQuestionDto, DisclosureSummaryDto, DisclosureTotalsDto, DisclosureTotalsQueryInput,
  HideDisclosureQuestionInput, WithdrawDisclosureInput,
} from '../../../api/src/contracts.ts'

/**
 * The one typed module for 三务公开 (party, affairs and finance disclosures): the residents'
 * browsing, totals and questions, and the committee's publishing, corrections, withdrawals and
 * answers. Amounts travel in fen; pages format them with `formatYuan`.
 */

export type {
  CorrectDisclosureInput, CreateDisclosureInput, DisclosureDetailDto, DisclosureLineInput, DisclosureQuestionDto, DisclosureSummaryDto,
  DisclosureTotalsDto,
}
export type DisclosureCategory = DisclosureSummaryDto['category']

/** The list query with a number where the API coerces strings. */
export type DisclosureListParams = Omit<DisclosureListQueryInput, 'limit' | 'cursor' | 'communityId'> & {
  limit?: number; cursor?: string | null; communityId?: number
}

/** A community's items, newest first, by category and by period (an item shows when its period overlaps). */
export function listDisclosures(query: DisclosureListParams = {}) {
  return requestPage<DisclosureSummaryDto>('/disclosures', { query })
}

/** One version in full: lines, attachments, its versions and the questions the caller may see. */
export function getDisclosure(id: number) {
  return request<DisclosureDetailDto>(`/disclosures/${id}`)
}

/** Income, expense and balance per period of the current items whose period lies in `from`..`to` (months). */
export function getDisclosureTotals(query: Omit<DisclosureTotalsQueryInput, 'communityId'> & { communityId?: number }) {
  return request<DisclosureTotalsDto>('/disclosures/totals', { query })
}

/** Publishes an item (committee staff); one key per distinct submission, so a retry never publishes twice. */
export function createDisclosure(input: CreateDisclosureInput, idempotencyKey = newIdempotencyKey()) {
  return request<DisclosureDetailDto>('/disclosures', { method: 'POST', body: input, headers: { 'Idempotency-Key': idempotencyKey } })
}

/** Corrects the current version: a new version with the reason; fields left out are kept. */
export function correctDisclosure(id: number, input: CorrectDisclosureInput) {
  return request<DisclosureDetailDto>(`/disclosures/${id}/corrections`, { method: 'POST', body: input })
}

/** Withdraws the current version with a reason residents will see. */
export function withdrawDisclosure(id: number, input: WithdrawDisclosureInput) {
  return request<DisclosureDetailDto>(`/disclosures/${id}/withdraw`, { method: 'POST', body: input })
}

/** A resident asks a question (it may come back `held`: shown to the asker until staff publish it). */
export function askDisclosureQuestion(id: number, input: AskDisclosureQuestionInput) {
  return request<DisclosureQuestionDto>(`/disclosures/${id}/questions`, { method: 'POST', body: input })
}

/** Staff answer a published question once. */
export function answerDisclosureQuestion(id: number, qid: number, input: AnswerDisclosureQuestionInput) {
  return request<DisclosureQuestionDto>(`/disclosures/${id}/questions/${qid}/answer`, { method: 'POST', body: input })
}

/** Staff publish a held or hidden question. */
export function publishDisclosureQuestion(id: number, qid: number) {
  return request<DisclosureQuestionDto>(`/disclosures/${id}/questions/${qid}/publish`, { method: 'POST', body: {} })
}

/** Staff hide a question with a reason its asker sees. */
export function hideDisclosureQuestion(id: number, qid: number, input: HideDisclosureQuestionInput) {
  return request<DisclosureQuestionDto>(`/disclosures/${id}/questions/${qid}/hide`, { method: 'POST', body: input })
}

// ── amounts and periods (the one place that turns fen into 元 and back) ──

/** The categories, in the order the tabs show them (the API sends `categoryLabel` on every item). */
export const DISCLOSURE_CATEGORIES = choicesOf(DISCLOSURE_CATEGORY_LABELS)

/** The two kinds of a line, for the publishing form (the API sends `kindLabel` on every line it returns). */
export const LINE_KINDS = choicesOf(DISCLOSURE_LINE_KIND_LABELS)

/** 123456 fen → `1,234.56 元` (exact: integer arithmetic, no floating point). */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(fen))
  const yuan = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')} 元`
}

/** What a typed amount in 元 means: fen, or why it cannot be read (`12`, `12.5`, `1,234.56`). */
export function parseYuan(text: string): { fen: number } | { error: string } {
  const t = text.trim().replace(/[,，\s]/g, '')
  if (!t) return { error: '请填写金额' }
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(t)
  if (!m) return { error: '金额请填数字，最多两位小数，例如 1200.50' }
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return fen > 0 ? { fen } : { error: '金额须大于0' }
}

/** fen → the text a form field shows (`120050` → `1200.50`, `1200` → `12`). */
export function fenToYuanText(fen: number): string {
  return fen % 100 === 0 ? String(fen / 100) : `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`
}

/** `2026` → 2026年, `2026-Q3` → 2026年第三季度, `2026-07` → 2026年7月. */
export function periodLabel(period: string): string {
  const m = /^(\d{4})(?:-Q([1-4])|-(\d{2}))?$/.exec(period)
  if (!m) return period
  if (m[2]) return `${m[1]}年第${'一二三四'[Number(m[2]) - 1]}季度`
  if (m[3]) return `${m[1]}年${Number(m[3])}月`
  return `${m[1]}年`
}
