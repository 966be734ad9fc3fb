import { z } from 'zod'
import { DISCLOSURE_CATEGORY_LABELS, DISCLOSURE_LINE_KIND_LABELS, codesOf } from '../../../../shared/labels.ts'
import { DISCLOSURE_LIMITS as L } from '../../../../shared/limits.ts'
import { idParams, PageQuery } from '../../http/schemas.ts'

/** The three kinds of public affairs (labels shown by every client; the table is shared/labels.ts). */
export const CATEGORY_LABELS = DISCLOSURE_CATEGORY_LABELS
export type { DisclosureCategory } from '../../../../shared/labels.ts'
const CATEGORIES = codesOf(CATEGORY_LABELS)

export const STATUS_LABELS = { published: '已公开', superseded: '已更正', withdrawn: '已撤回' } as const
export const LINE_KIND_LABELS = DISCLOSURE_LINE_KIND_LABELS
export const QUESTION_STATUS_LABELS = { published: '已公开', held: '待审核', hidden: '已隐藏' } as const

/** 10 亿元 in fen: no community line comes near it; it keeps every sum an exact JS number. */
export const MAX_AMOUNT_FEN = 100_000_000_000

const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)

/** `2026` (a year), `2026-Q3` (a quarter) or `2026-11` (a month). */
export const PERIOD = /^(20\d{2})(?:-Q([1-4])|-(0[1-9]|1[0-2]))?$/
export const Period = z.string().trim().regex(PERIOD, '期间格式为 2026、2026-Q3 或 2026-11')
/** A month bound of the totals: `2026-01`. */
const Month = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式为 2026-01')

export const LineInput = z.object({
  kind: z.enum(codesOf(LINE_KIND_LABELS), { message: '收支类型须为 income 或 expense' }),
  category: Text('科目', 1, L.lineCategoryMax),
  label: Text('说明', 1, L.lineLabelMax),
  amountFen: z.number({ message: '金额须为整数（分）' }).int('金额须为整数（分）').positive('金额须大于0').max(MAX_AMOUNT_FEN, '金额过大'),
}).strict()

const ItemFields = {
  title: Text('标题', L.titleMin, L.titleMax),
  period: Period,
  body: Text('正文', 1, L.bodyMax),
  lines: z.array(LineInput).max(L.linesMax, `收支明细不能超过${L.linesMax}行`).default([]),
  attachmentIds: z.array(z.number().int().positive()).max(L.attachmentsMax, `附件不能超过${L.attachmentsMax}张`).default([]),
}

/** POST /disclosures (committee staff of the community). */
export const CreateDisclosureBody = z.object({
  communityId: z.number().int().positive(),
  category: z.enum(CATEGORIES, { message: '类别须为 party、affairs 或 finance' }),
  ...ItemFields,
}).strict()

/**
 * POST /disclosures/:id/corrections: why, and what changes; a field left out keeps the corrected
 * version's value (its lines and attachments too).
 */
export const CorrectDisclosureBody = z.object({
  title: ItemFields.title.optional(),
  period: ItemFields.period.optional(),
  body: ItemFields.body.optional(),
  lines: z.array(LineInput).max(L.linesMax, `收支明细不能超过${L.linesMax}行`).optional(),
  attachmentIds: z.array(z.number().int().positive()).max(L.attachmentsMax, `附件不能超过${L.attachmentsMax}张`).optional(),
  reason: Text('更正原因', L.reasonMin, L.reasonMax),
}).strict()

export const WithdrawDisclosureBody = z.object({ reason: Text('撤回原因', L.reasonMin, L.reasonMax) }).strict()

export const DisclosureListQuery = PageQuery.extend({
  communityId: z.coerce.number().int().positive().optional(),
  category: z.enum(CATEGORIES, { message: '类别须为 party、affairs 或 finance' }).optional(),
  period: Period.optional(),
  /** Superseded versions are shown on their successor; `true` lists them too. */
  includeSuperseded: z.enum(['true', 'false']).optional(),
}).strict()

export const TotalsQuery = z.object({
  communityId: z.coerce.number().int().positive().optional(),
  category: z.enum(CATEGORIES, { message: '类别须为 party、affairs 或 finance' }).optional(),
  from: Month,
  to: Month,
}).strict().refine((q) => q.from <= q.to, { message: '结束月份不能早于开始月份', path: ['to'] })

export const AskBody = z.object({ body: Text('问题', L.questionMin, L.questionMax) }).strict()
export const AnswerBody = z.object({ body: Text('答复', L.answerMin, L.answerMax) }).strict()
export const HideQuestionBody = z.object({ reason: Text('隐藏原因', L.hideReasonMin, L.hideReasonMax) }).strict()
export const QuestionParams = idParams('id', 'qid')

const Amount = z.number().int()

export const LineView = z.object({
  kind: z.enum(['income', 'expense']), kindLabel: z.string(), category: z.string(), label: z.string(), amountFen: Amount,
})

export const QuestionView = z.object({
  id: z.number(),
  body: z.string(),
  /** The asker's display name, masked to its first character for everyone but staff and the asker. */
  askerName: z.string(),
  isMine: z.boolean(),
  status: z.enum(['published', 'held', 'hidden']),
  statusLabel: z.string(),
  /** Why it is held or hidden: only the asker and staff see it. */
  statusReason: z.string().nullable(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
  createdAt: z.string(),
  allowedActions: z.object({ answer: z.boolean(), publish: z.boolean(), hide: z.boolean() }),
})

const VersionRef = z.object({ id: z.number(), versionNo: z.number(), title: z.string(), status: z.enum(['published', 'superseded', 'withdrawn']), publishedAt: z.string() })

export const DisclosureSummaryView = z.object({
  id: z.number(),
  communityId: z.number(),
  category: z.enum(CATEGORIES),
  categoryLabel: z.string(),
  title: z.string(),
  period: z.string(),
  status: z.enum(['published', 'superseded', 'withdrawn']),
  statusLabel: z.string(),
  versionNo: z.number(),
  incomeFen: Amount,
  expenseFen: Amount,
  publishedAt: z.string(),
  withdrawnReason: z.string().nullable(),
  supersededById: z.number().nullable(),
})

export const DisclosureDetailView = DisclosureSummaryView.extend({
  communityName: z.string(),
  body: z.string(),
  authorName: z.string(),
  lines: z.array(LineView),
  attachments: z.array(z.object({ id: z.number(), url: z.string(), width: z.number(), height: z.number() })),
  withdrawnAt: z.string().nullable(),
  correctionReason: z.string().nullable(),
  /** The version this one corrects, and the one that corrected it. */
  supersedes: VersionRef.nullable(),
  supersededBy: VersionRef.nullable(),
  /** Every version of the item, oldest first. */
  versions: z.array(VersionRef),
  questions: z.array(QuestionView),
  allowedActions: z.object({ correct: z.boolean(), withdraw: z.boolean(), ask: z.boolean() }),
})

const PeriodTotal = z.object({ incomeFen: Amount, expenseFen: Amount, balanceFen: Amount })
export const TotalsView = z.object({
  communityId: z.number(),
  from: z.string(),
  to: z.string(),
  /** One row per period as the items state it (2026-07, 2026-Q3), in order of their first month. */
  periods: z.array(PeriodTotal.extend({ period: z.string(), categories: z.array(PeriodTotal.extend({ category: z.string() })) })),
  total: PeriodTotal,
})
