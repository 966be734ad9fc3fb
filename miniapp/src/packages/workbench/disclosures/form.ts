import type { PickedPhoto } from '../../../components/PhotoPicker'
import { DISCLOSURE_LIMITS as L } from '../../../utils/limits'
import {
  fenToYuanText, parseYuan, type CorrectDisclosureInput, type CreateDisclosureInput, type DisclosureCategory, type DisclosureDetailDto,
  type DisclosureLineInput,
} from '../../../services/disclosures'

/** The publishing and correction form of a 三务公开 item, as typed (amounts in 元, as text). */

export type LineRow = { key: number; kind: DisclosureLineInput['kind']; category: string; label: string; amount: string }
export type DisclosureForm = {
  communityId?: number
  category: DisclosureCategory
  title: string
  period: string
  body: string
  lines: LineRow[]
  photos: PickedPhoto[]
  /** 更正原因 (corrections only). */
  reason: string
}
/** Errors by form field; a line's error is under `lines.<row>`. */
export type FormErrors = Partial<Record<string, string>>

export const MAX_LINES = L.linesMax
export const MAX_PHOTOS = L.attachmentsMax
const PERIOD = /^20\d{2}(?:-Q[1-4]|-(?:0[1-9]|1[0-2]))?$/

let serial = 0
/** An empty line row (a new key each time, so React keeps typed text with its row). */
export const newLine = (kind: LineRow['kind'] = 'income'): LineRow => ({ key: ++serial, kind, category: '', label: '', amount: '' })

export function emptyForm(communityId?: number): DisclosureForm {
  return { communityId, category: 'finance', title: '', period: '', body: '', lines: [], photos: [], reason: '' }
}

/** A correction starts from the version being corrected. */
export function formFromDetail(d: DisclosureDetailDto): DisclosureForm {
  return {
    communityId: d.communityId, category: d.category, title: d.title, period: d.period, body: d.body,
    lines: d.lines.map((l) => ({ key: ++serial, kind: l.kind, category: l.category, label: l.label, amount: fenToYuanText(l.amountFen) })),
    photos: d.attachments.map((a) => ({ id: a.id, url: a.url })), reason: '',
  }
}

/** What is wrong before sending (the API checks again and its messages land on the same fields). */
export function validateForm(f: DisclosureForm, correcting: boolean): FormErrors {
  const e: Record<string, string> = {}
  if (!correcting && !f.communityId) e.communityId = '请选择社区'
  const title = f.title.trim().length
  if (title < L.titleMin || title > L.titleMax) e.title = `标题须为${L.titleMin}到${L.titleMax}个字`
  if (!PERIOD.test(f.period.trim())) e.period = '期间格式为 2026、2026-Q3 或 2026-11'
  if (!f.body.trim()) e.body = '请填写正文'
  if (f.lines.length > MAX_LINES) e.lines = `收支明细不能超过${MAX_LINES}行`
  f.lines.forEach((l, i) => {
    const amount = parseYuan(l.amount)
    const problem = !l.category.trim() ? '请填写科目' : !l.label.trim() ? '请填写说明' : 'error' in amount ? amount.error : undefined
    if (problem) e[`lines.${i}`] = problem
  })
  if (correcting && f.reason.trim().length < L.reasonMin) e.reason = `请写明更正原因（至少${L.reasonMin}个字）`
  return e
}

const toLines = (rows: LineRow[]): DisclosureLineInput[] =>
  rows.map((l) => ({ kind: l.kind, category: l.category.trim(), label: l.label.trim(), amountFen: (parseYuan(l.amount) as { fen: number }).fen }))

/** POST /disclosures: amounts in fen. Call after `validateForm` found nothing. */
export function toCreateInput(f: DisclosureForm): CreateDisclosureInput {
  return {
    communityId: f.communityId!, category: f.category, title: f.title.trim(), period: f.period.trim(), body: f.body.trim(),
    lines: toLines(f.lines), attachmentIds: f.photos.map((p) => p.id),
  }
}

/** POST /disclosures/:id/corrections: the whole item as corrected, with the reason. */
export function toCorrectInput(f: DisclosureForm): CorrectDisclosureInput {
  const { communityId: _c, category: _k, ...item } = toCreateInput({ ...f, communityId: f.communityId ?? 0 })
  return { ...item, reason: f.reason.trim() }
}

/** The form field an API field belongs to (`lines.2.amountFen` → the third line, `attachmentIds.1` → attachments). */
export function formFieldOf(apiField: string): string | undefined {
  const [head, index] = apiField.replace(/^body\./, '').split('.')
  if (head === 'lines') return index !== undefined && /^\d+$/.test(index) ? `lines.${index}` : 'lines'
  if (head === 'attachmentIds') return 'attachments'
  return ['communityId', 'category', 'title', 'period', 'body', 'reason'].includes(head) ? head : undefined
}
