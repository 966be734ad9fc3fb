import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import type { FileUrls } from '../../core/fileUrls.ts'
import { allowedActions } from '../../core/policy.ts'
import { maskName } from '../../core/pii.ts'
import { disclosurePolicy, moderatesQuestions, type DisclosureFacts } from './disclosure.policy.ts'
import {
  CATEGORY_LABELS, LINE_KIND_LABELS, QUESTION_STATUS_LABELS, STATUS_LABELS,
  type DisclosureDetailView, type DisclosureSummaryView, type QuestionView,
} from './disclosure.schema.ts'

type Status = DisclosureFacts['status']

export type DisclosureRow = {
  id: number; communityId: number; category: keyof typeof CATEGORY_LABELS; title: string; period: string; body: string
  status: Status; rootId: number | null; versionNo: number; supersedesId: number | null; correctionReason: string | null
  withdrawnReason: string | null; withdrawnAt: Date | null; publishedAt: Date
  correctedBy: { id: number } | null
}

/** An item's income and expense, summed in SQL (fen). */
export type Sums = { incomeFen: number; expenseFen: number }
export const NO_SUMS: Sums = { incomeFen: 0, expenseFen: 0 }

export type VersionRow = { id: number; versionNo: number; title: string; status: Status; publishedAt: Date }

export type QuestionRow = {
  id: number; askerId: number; body: string; status: 'published' | 'held' | 'hidden'; statusReason: string | null
  answer: string | null; answeredAt: Date | null; createdAt: Date; asker: { displayName: string }
}

export type DetailRow = DisclosureRow & {
  community: { name: string; streetId: number }
  author: { displayName: string }
  lines: { kind: 'income' | 'expense'; category: string; label: string; amountFen: bigint }[]
  attachments: { upload: { id: number; storageKey: string; width: number; height: number } }[]
}

export function presentSummary(d: DisclosureRow, sums: Sums): z.output<typeof DisclosureSummaryView> {
  return {
    id: d.id, communityId: d.communityId, category: d.category, categoryLabel: CATEGORY_LABELS[d.category], title: d.title, period: d.period,
    status: d.status, statusLabel: STATUS_LABELS[d.status], versionNo: d.versionNo, incomeFen: sums.incomeFen, expenseFen: sums.expenseFen,
    publishedAt: d.publishedAt.toISOString(), withdrawnReason: d.withdrawnReason, supersededById: d.correctedBy?.id ?? null,
  }
}

const presentVersion = (v: VersionRow) => ({ id: v.id, versionNo: v.versionNo, title: v.title, status: v.status, publishedAt: v.publishedAt.toISOString() })

/**
 * A question as the caller sees it: the asker's name masked for other residents; the reason it is
 * held or hidden only for the asker and staff (who are the only ones shown such a question).
 */
export function presentQuestion(q: QuestionRow, actor: Actor, communityId: number): z.output<typeof QuestionView> {
  const isMine = q.askerId === actor.id
  const isStaff = moderatesQuestions(actor, communityId)
  return {
    id: q.id, body: q.body, askerName: isMine || isStaff ? q.asker.displayName : maskName(q.asker.displayName), isMine,
    status: q.status, statusLabel: QUESTION_STATUS_LABELS[q.status],
    statusReason: isMine || isStaff ? q.statusReason : null,
    answer: q.answer, answeredAt: q.answeredAt?.toISOString() ?? null, createdAt: q.createdAt.toISOString(),
    allowedActions: {
      answer: isStaff && q.status === 'published' && q.answer === null,
      publish: isStaff && q.status !== 'published',
      hide: isStaff && q.status !== 'hidden',
    },
  }
}

/** One version in full: lines, signed attachment URLs, its place in the chain of versions, its questions. */
export function presentDetail(
  d: DetailRow, actor: Actor, sums: Sums, versions: VersionRow[], questions: QuestionRow[], urls: FileUrls,
): z.output<typeof DisclosureDetailView> {
  const facts = { communityId: d.communityId, streetId: d.community.streetId, status: d.status }
  const supersedes = versions.find((v) => v.id === d.supersedesId)
  const supersededBy = d.correctedBy ? versions.find((v) => v.id === d.correctedBy!.id) : undefined
  return {
    ...presentSummary(d, sums),
    communityName: d.community.name,
    body: d.body,
    authorName: d.author.displayName,
    lines: d.lines.map((l) => ({ kind: l.kind, kindLabel: LINE_KIND_LABELS[l.kind], category: l.category, label: l.label, amountFen: Number(l.amountFen) })),
    // Attachments are never public files: readers get URLs signed for a short while.
    attachments: d.attachments.map((a) => ({ id: a.upload.id, url: urls.signed(a.upload.storageKey), width: a.upload.width, height: a.upload.height })),
    withdrawnAt: d.withdrawnAt?.toISOString() ?? null,
    correctionReason: d.correctionReason,
    supersedes: supersedes ? presentVersion(supersedes) : null,
    supersededBy: supersededBy ? presentVersion(supersededBy) : null,
    versions: versions.map(presentVersion),
    questions: questions.map((q) => presentQuestion(q, actor, d.communityId)),
    allowedActions: allowedActions(actor, disclosurePolicy, facts),
  }
}
