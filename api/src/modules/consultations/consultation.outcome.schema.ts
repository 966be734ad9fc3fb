import { z } from 'zod'
import { idParams } from '../../http/schemas.ts'
import { STATES } from './consultation.schema.ts'
import { VOTE_KIND_LABELS, VOTE_UNIT_LABELS, codesOf } from '../../../../shared/labels.ts'

/** The second half of a topic's life: its vote, its decision, the actions carrying it out and residents' ratings. */
export { VOTE_KIND_LABELS, VOTE_UNIT_LABELS }
export const VOTE_STATUS_LABELS = { scheduled: '尚未开始', open: '投票中', closed: '投票已结束' } as const
export const ACTION_STATUS_LABELS = { pending: '未开始', in_progress: '进行中', completed: '已完成' } as const
/** The fixed choices of an `approve` vote, in this order. */
export const APPROVE_CHOICES = ['同意', '不同意', '弃权'] as const

/** The API's rating values and the database's. */
export const RATING_LABELS = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' } as const
export type Rating = keyof typeof RATING_LABELS
export const RATINGS = Object.keys(RATING_LABELS) as [Rating, ...Rating[]]
export const RATING_TO_DB = { satisfied: 'satisfied', basic: 'basically_satisfied', unsatisfied: 'dissatisfied' } as const
export const RATING_FROM_DB = { satisfied: 'satisfied', basically_satisfied: 'basic', dissatisfied: 'unsatisfied' } as const

const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)
const Instant = z.string().datetime({ offset: true, message: '时间格式为 ISO 8601' })
const Day = (what: string) => z.string().regex(/^\d{4}-\d{2}-\d{2}$/, `${what}格式为 YYYY-MM-DD`)
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `${what}不是有效日期`)

/**
 * PUT /consultations/:id/vote: staff set the vote up (or change it) while the topic is in
 * discussion. `approve` has the fixed choices 同意/不同意/弃权 (give none); `single` and `multiple`
 * 2–20 choices; `multiple` at most `maxChoices` of them. The quorum is a percentage (0–100) of the
 * audience's residents (per resident) or households (per household), counted when voting starts.
 * The rules between fields are checked after access (`checkVoteBody`), so strangers get 403/404 first.
 */
export const SetUpVoteBody = z.object({
  kind: z.enum(codesOf(VOTE_KIND_LABELS)),
  choices: z.array(Text('选项', 1, 100)).max(20, '选项不能超过20个').optional(),
  maxChoices: z.number().int().min(2, '多选至少可选2项').max(20).optional(),
  unit: z.enum(codesOf(VOTE_UNIT_LABELS)).default('per_resident'),
  opensAt: Instant.optional(),
  closesAt: Instant,
  quorumPercent: z.number().int().min(0, '有效比例不能小于0').max(100, '有效比例不能超过100').default(0),
}).strict()

/** POST /consultations/:id/votes. `householdId`: which home votes, for a resident of several homes in the audience. */
export const CastBody = z.object({
  choiceIds: z.array(z.number().int().positive()).min(1, '请至少选择一项').max(20, '选项不能超过20个'),
  householdId: z.number().int().positive().optional(),
}).strict()

/** POST /consultations/:id/decision: a meeting's date, attendance and resolution; for a vote, the outcome text. */
export const DecisionBody = z.object({
  meetingDate: Day('会议日期').optional(),
  attendees: z.number().int().min(1, '参会人数至少1人').max(100000).optional(),
  resolution: Text('决议内容', 2, 2000),
}).strict()

export const ActionBody = z.object({
  title: Text('事项', 2, 200),
  owner: Text('负责人', 1, 64),
  dueDate: Day('完成期限'),
}).strict()

export const ProgressBody = z.object({ body: Text('进展', 1, 1000) }).strict()

export const RatingBody = z.object({
  rating: z.enum(RATINGS),
  comment: Text('评价', 0, 500).default(''),
}).strict()

export const ActionParams = idParams('id', 'aid')

export const VoteView = z.object({
  topicId: z.number().int(),
  kind: z.enum(codesOf(VOTE_KIND_LABELS)),
  kindLabel: z.string(),
  maxChoices: z.number().int(),
  unit: z.enum(codesOf(VOTE_UNIT_LABELS)),
  unitLabel: z.string(),
  opensAt: z.string().nullable(),
  closesAt: z.string().nullable(),
  quorumPercent: z.number().int(),
  /** `closed` as soon as the window has passed, even before staff record the outcome. */
  status: z.enum(['scheduled', 'open', 'closed']),
  statusLabel: z.string(),
  /** Totals: to staff at any time, to the audience once the vote has closed; null otherwise. */
  resultsVisible: z.boolean(),
  eligibleCount: z.number().int().nullable(),
  ballotsCount: z.number().int().nullable(),
  turnoutPercent: z.number().nullable(),
  quorumReached: z.boolean().nullable(),
  choices: z.array(z.object({ id: z.number().int(), label: z.string(), count: z.number().int().nullable() })),
  outcome: z.string().nullable(),
  /** The caller's own ballot (per household: the home's, with who cast it). Nobody else's is ever shown. */
  myBallot: z.object({ choiceIds: z.array(z.number().int()), castBy: z.string(), castByMe: z.boolean(), castAt: z.string() }).nullable(),
  allowedActions: z.object({ cast: z.boolean(), setUp: z.boolean(), close: z.boolean() }),
})

export const OutcomeView = z.object({
  topicId: z.number().int(),
  state: z.enum(STATES),
  stateLabel: z.string(),
  decision: z.object({
    method: z.enum(['vote', 'meeting']),
    methodLabel: z.string(),
    meetingDate: z.string().nullable(),
    attendees: z.number().int().nullable(),
    resolution: z.string(),
    recordedAt: z.string(),
  }).nullable(),
  actions: z.array(z.object({
    id: z.number().int(), title: z.string(), owner: z.string(), dueDate: z.string(),
    status: z.enum(['pending', 'in_progress', 'completed']), statusLabel: z.string(), completedAt: z.string().nullable(),
    updates: z.array(z.object({ id: z.number().int(), body: z.string(), author: z.string(), createdAt: z.string() })),
  })),
  ratings: z.object({
    total: z.number().int(),
    counts: z.array(z.object({ rating: z.enum(RATINGS), label: z.string(), count: z.number().int() })),
    /** (满意 + 基本满意) / total, in percent (one decimal); null with no rating yet. */
    satisfactionRate: z.number().nullable(),
    mine: z.object({ rating: z.enum(RATINGS), label: z.string(), comment: z.string() }).nullable(),
    /** Residents' comments, to staff only (authors masked). */
    comments: z.array(z.object({ rating: z.enum(RATINGS), label: z.string(), comment: z.string(), author: z.string(), createdAt: z.string() })),
  }),
  allowedActions: z.object({ decide: z.boolean(), addAction: z.boolean(), updateActions: z.boolean(), rate: z.boolean() }),
})
