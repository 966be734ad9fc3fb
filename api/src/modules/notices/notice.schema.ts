import { z } from 'zod'
import { PageQuery } from '../../http/schemas.ts'

import { NOTICE_CATEGORY_LABELS, NOTICE_STATE_LABELS, codesOf } from '../../../../shared/labels.ts'

export const CATEGORY_LABELS = NOTICE_CATEGORY_LABELS
export { NOTICE_STATE_LABELS }

const Category = z.enum(codesOf(NOTICE_CATEGORY_LABELS), { message: '类别只能是 notice/activity/policy/outage/other' })
const Importance = z.enum(['normal', 'important'], { message: '重要程度只能是 normal 或 important' })
const Instant = z.iso.datetime({ offset: true, message: '时间格式应为 ISO 8601，如 2026-12-01T09:00:00+08:00' })
const Ids = z.array(z.number().int().positive()).min(1).max(200)

/** Whom a notice is for: a whole community, some of its grids, or some of its buildings. */
export const NoticeTargetInput = z.union([
  z.object({ communityId: z.number().int().positive() }).strict(),
  z.object({ gridIds: Ids }).strict(),
  z.object({ buildingIds: Ids }).strict(),
], { message: 'target 须为 {communityId} 或 {gridIds} 或 {buildingIds} 之一' })

const noticeFields = {
  title: z.string().trim().min(2, '标题至少2个字').max(100, '标题不能超过100个字'),
  body: z.string().trim().max(20000, '正文不能超过20000个字符').default('').describe('may be empty when the notice has images'),
  category: Category.default('notice'),
  importance: Importance,
  target: NoticeTargetInput,
  publishAt: Instant.optional(),
  pinnedUntil: Instant.nullable().optional(),
  expiresAt: Instant.nullable().optional(),
  imageIds: z.array(z.number().int().positive()).max(9, '最多9张图片').optional(),
}

export const CreateNoticeBody = z
  .object({
    ...noticeFields,
    /**
     * `publish` (the default) publishes now, or schedules it for `publishAt` when that is in the
     * future; `draft` keeps it unpublished.
     */
    mode: z.enum(['draft', 'publish']).default('publish'),
  })
  .strict()

export const UpdateNoticeBody = z
  .object({
    /** The version the editor started from; a stale one gets 409 so edits are never lost. */
    version: z.number().int().positive(),
    title: noticeFields.title.optional(),
    body: z.string().trim().max(20000, '正文不能超过20000个字符').optional(),
    category: Category.optional(),
    importance: Importance.optional(),
    target: NoticeTargetInput.optional(),
    publishAt: Instant.nullable().optional(),
    pinnedUntil: Instant.nullable().optional(),
    expiresAt: Instant.nullable().optional(),
    imageIds: noticeFields.imageIds,
  })
  .strict()

export const PublishBody = z.object({ publishAt: Instant.optional() }).strict()
export const WithdrawBody = z.object({ reason: z.string().trim().min(2, '请填写撤回原因（至少2个字）').max(200) }).strict()

export const NoticeListQuery = PageQuery.extend({
  /** `feed`: what the caller should read; `manage`: every notice of the caller's communities (staff). */
  box: z.enum(['feed', 'manage']).default('feed'),
  status: z.enum(codesOf(NOTICE_STATE_LABELS)).optional(),
  category: Category.optional(),
}).strict()

export const ReadsQuery = z.object({ gridId: z.coerce.number().int().positive().optional() }).strict()
export const RevisionsQuery = PageQuery.strict()

const TargetType = z.enum(['community', 'grids', 'buildings'])
const StoredInstant = z.iso.datetime().nullable()

/**
 * What `notice_revisions.snapshot` stores besides the title and body: everything else the notice
 * held before an edit. Written by updateNotice, parsed when the history is read.
 */
export const NoticeSnapshot = z.object({
  summary: z.string(),
  category: Category,
  importance: Importance,
  status: z.enum(['draft', 'scheduled', 'published', 'withdrawn']),
  target: z.object({ type: TargetType, gridIds: z.array(z.number().int()), buildingIds: z.array(z.number().int()) }),
  imageIds: z.array(z.number().int()),
  publishAt: StoredInstant,
  publishedAt: StoredInstant,
  pinnedUntil: StoredInstant,
  expiresAt: StoredInstant,
}).strict()

const ImageView = z.object({ id: z.number().int(), url: z.string(), width: z.number().int(), height: z.number().int() })

export const NoticeSummaryView = z.object({
  id: z.number().int(),
  title: z.string(),
  summary: z.string(),
  category: Category,
  categoryLabel: z.string(),
  importance: Importance,
  isPinned: z.boolean(),
  publishedAt: z.string().nullable().describe('when it became (or becomes) visible'),
  community: z.object({ id: z.number().int(), name: z.string() }),
  coverUrl: z.string().nullable(),
})

export const NoticeManageView = NoticeSummaryView.extend({
  state: z.enum(codesOf(NOTICE_STATE_LABELS)),
  stateLabel: z.string(),
  version: z.number().int(),
  targetLabel: z.string(),
  policies: z.object({ edit: z.boolean(), publish: z.boolean(), withdraw: z.boolean(), viewReads: z.boolean() }),
})

export const NoticeDetailView = NoticeManageView.extend({
  bodyHtml: z.string().describe('sanitised HTML'),
  images: z.array(ImageView),
  target: z.object({
    type: z.enum(['community', 'grids', 'buildings']),
    gridIds: z.array(z.number().int()),
    buildingIds: z.array(z.number().int()),
  }),
  publishAt: z.string().nullable(),
  pinnedUntil: z.string().nullable(),
  expiresAt: z.string().nullable(),
  withdrawnAt: z.string().nullable(),
  withdrawReason: z.string().nullable(),
  author: z.object({ displayName: z.string() }),
  readAt: z.string().nullable().describe('when the caller read it (important notices)'),
  revisions: z.number().int().describe('number of earlier versions kept'),
})

/** One earlier version of a notice, as it was until an edit replaced it. */
export const NoticeRevisionView = z.object({
  version: z.number().int().describe('the version it was; the edit made the notice version + 1'),
  editedAt: z.string().describe('when the edit replaced it'),
  editor: z.object({ displayName: z.string() }).describe('who made that edit'),
  title: z.string(),
  bodyHtml: z.string().describe('sanitised HTML'),
  snapshot: z
    .object({
      summary: z.string(),
      category: Category,
      categoryLabel: z.string(),
      importance: Importance,
      state: z.enum(['draft', 'scheduled', 'published', 'withdrawn', 'expired']).describe('its state when it was edited'),
      stateLabel: z.string(),
      target: z.object({ type: TargetType, gridIds: z.array(z.number().int()), buildingIds: z.array(z.number().int()) }),
      targetLabel: z.string(),
      images: z.array(ImageView),
      publishAt: z.string().nullable(),
      publishedAt: z.string().nullable(),
      pinnedUntil: z.string().nullable(),
      expiresAt: z.string().nullable(),
    })
    .nullable()
    .describe('everything else it held; null for revisions written before snapshots were kept (they hold only the title and body)'),
})

export const ReadsView = z.object({
  noticeId: z.number().int(),
  totals: z.object({ households: z.number().int(), readHouseholds: z.number().int(), readers: z.number().int() }),
  grids: z.array(
    z.object({
      gridId: z.number().int(), gridName: z.string(),
      households: z.number().int(), readHouseholds: z.number().int(), readers: z.number().int(),
    }),
  ),
  unread: z
    .object({
      gridId: z.number().int(),
      households: z.array(z.object({ id: z.number().int(), address: z.string(), occupants: z.array(z.object({ realName: z.string().nullable(), phone: z.string().nullable() })) })),
    })
    .nullable()
    .describe('unread households of ?gridId=, masked occupants, for door-to-door follow-up'),
})
