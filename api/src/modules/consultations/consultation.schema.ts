import { z } from 'zod'
import { idParams, PageQuery } from '../../http/schemas.ts'
import { DECISION_METHOD_LABELS, codesOf } from '../../../../shared/labels.ts'
import { TOPIC_LIMITS } from '../../../../shared/limits.ts'

/** A topic's life (labels shown by every client). */
export const STATE_LABELS = {
  proposed: '待审核',
  gathering: '征集支持',
  discussion: '讨论中',
  voting: '表决中',
  decided: '已议定',
  in_progress: '落实中',
  completed: '已完成',
  closed: '已关闭',
  expired: '未达支持人数',
} as const
export type TopicState = keyof typeof STATE_LABELS
export const STATES = Object.keys(STATE_LABELS) as [TopicState, ...TopicState[]]

export const METHOD_LABELS = DECISION_METHOD_LABELS
export const SOURCE_LABELS = { staff: '居委会发起', resident: '居民提议' } as const
export const AUDIENCE_LABELS = { community: '全社区', grids: '部分网格', buildings: '部分楼栋' } as const
export const STANCE_LABELS = { for: '赞成', against: '反对', other: '其他' } as const
export const OPINION_STATUS_LABELS = { published: '已发布', held: '待审核', hidden: '已隐藏', deleted: '已删除' } as const

const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)
const Instant = z.string().datetime({ offset: true, message: '时间格式为 ISO 8601' })
const Ids = (what: string) => z.array(z.number().int().positive()).min(1, `请至少选择一个${what}`).max(50, `${what}不能超过50个`)

/**
 * POST /consultations. Committee staff open a topic for discussion at once (audience, window,
 * decision method); a resident proposes one for the whole community (it then gathers support).
 */
export const CreateTopicBody = z.object({
  communityId: z.number().int().positive(),
  title: Text('标题', TOPIC_LIMITS.titleMin, TOPIC_LIMITS.titleMax),
  background: Text('背景说明', 0, TOPIC_LIMITS.backgroundMax).default(''),
  attachmentIds: z.array(z.number().int().positive()).max(TOPIC_LIMITS.attachmentsMax, `附件不能超过${TOPIC_LIMITS.attachmentsMax}个`).default([]),
  audience: z.enum(['community', 'grids', 'buildings']).default('community'),
  gridIds: Ids('网格').optional(),
  buildingIds: Ids('楼栋').optional(),
  discussionEndsAt: Instant.optional(),
  decisionMethod: z.enum(codesOf(DECISION_METHOD_LABELS)).default('none'),
}).strict()
  .refine((b) => b.audience !== 'grids' || !!b.gridIds, { message: '请选择网格', path: ['gridIds'] })
  .refine((b) => b.audience !== 'buildings' || !!b.buildingIds, { message: '请选择楼栋', path: ['buildingIds'] })

export const TopicListQuery = PageQuery.extend({
  state: z.enum(STATES).optional(),
  communityId: z.coerce.number().int().positive().optional(),
}).strict()

/** POST /consultations/:id/transitions: staff move a topic on; `reason` is required to close it. */
export const TransitionBody = z.object({
  to: z.enum(STATES),
  reason: Text('原因', 2, 500).optional(),
}).strict()

export const CreateOpinionBody = z.object({
  body: Text('意见', 1, 1000),
  stance: z.enum(['for', 'against', 'other']).nullable().default(null),
  parentId: z.number().int().positive().optional(),
}).strict()

export const UpdateOpinionBody = z.object({
  body: Text('意见', 1, 1000),
  stance: z.enum(['for', 'against', 'other']).nullable().optional(),
  version: z.number().int().min(0),
}).strict()

export const HideOpinionBody = z.object({ reason: Text('隐藏原因', 2, 200) }).strict()

export const OpinionParams = idParams('id', 'oid')

export const OpinionListQuery = PageQuery.strict()

const TopicCore = {
  id: z.number().int(),
  communityId: z.number().int(),
  title: z.string(),
  source: z.enum(['staff', 'resident']),
  sourceLabel: z.string(),
  state: z.enum(STATES),
  stateLabel: z.string(),
  decisionMethod: z.enum(codesOf(DECISION_METHOD_LABELS)),
  decisionMethodLabel: z.string(),
  audience: z.enum(['community', 'grids', 'buildings']),
  audienceLabel: z.string(),
  supportCount: z.number().int(),
  supportThreshold: z.number().int().nullable(),
  supportDeadline: z.string().nullable(),
  discussionEndsAt: z.string().nullable(),
  createdAt: z.string(),
}

export const TopicView = z.object(TopicCore)

export const TopicDetailView = z.object({
  ...TopicCore,
  background: z.string(),
  closedReason: z.string().nullable(),
  discussionStartsAt: z.string().nullable(),
  stateChangedAt: z.string(),
  gridIds: z.array(z.number().int()),
  buildingIds: z.array(z.number().int()),
  attachments: z.array(z.object({ id: z.number().int(), url: z.string(), width: z.number().int(), height: z.number().int() })),
  author: z.string(),
  opinionCount: z.number().int(),
  mySupport: z.boolean(),
  version: z.number().int(),
  /** The states staff may move it to now. */
  nextStates: z.array(z.object({ state: z.enum(STATES), label: z.string(), needsReason: z.boolean() })),
  allowedActions: z.object({
    support: z.boolean(),
    adopt: z.boolean(),
    transition: z.boolean(),
    opine: z.boolean(),
    moderate: z.boolean(),
    exportOpinions: z.boolean(),
  }),
})

const OpinionCore = {
  id: z.number().int(),
  parentId: z.number().int().nullable(),
  /** Null for a placeholder: a deleted opinion, or one hidden or held that the reader may not see, listed above its replies. */
  author: z.string().nullable(),
  mine: z.boolean(),
  official: z.boolean(),
  stance: z.enum(['for', 'against', 'other']).nullable(),
  stanceLabel: z.string().nullable(),
  body: z.string(),
  status: z.enum(['published', 'held', 'hidden', 'deleted']),
  statusLabel: z.string(),
  /** Why staff hid it (its author and staff only). */
  hiddenReason: z.string().nullable(),
  likeCount: z.number().int(),
  liked: z.boolean(),
  edited: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
  allowedActions: z.object({ edit: z.boolean(), delete: z.boolean(), like: z.boolean(), reply: z.boolean(), hide: z.boolean(), publish: z.boolean() }),
}

export const OpinionView = z.object({ ...OpinionCore, replies: z.array(z.object(OpinionCore)) })

export const SupportView = z.object({ supportCount: z.number().int(), supportThreshold: z.number().int().nullable(), state: z.enum(STATES), stateLabel: z.string(), mySupport: z.boolean() })
export const LikeView = z.object({ liked: z.boolean(), likeCount: z.number().int() })
