import { z } from 'zod'
import { ELECTION_LIMITS as L } from '../../../../shared/limits.ts'
import { idParams, PageQuery, pathId } from '../../http/schemas.ts'

/** The lawful order of an election (labels shown by every client). */
export const PHASE_LABELS = {
  draft: '草稿',
  conditions: '公布条件',
  registration: '选民登记',
  nomination: '报名',
  qualification: '资格审查',
  preliminary: '初步选举',
  formal: '正式选举',
  counting: '计票',
  published: '已公布',
} as const
export type Phase = keyof typeof PHASE_LABELS
export const PHASES = Object.keys(PHASE_LABELS) as [Phase, ...Phase[]]
/** The phases with a row in election_phases (a schedule, opened/closed times). */
export const SCHEDULED_PHASES = ['conditions', 'registration', 'nomination', 'qualification', 'preliminary', 'formal', 'counting'] as const
export type ScheduledPhase = (typeof SCHEDULED_PHASES)[number]

export const CANDIDATE_STATUS_LABELS = { pending: '待审查', approved: '已通过', rejected: '未通过', withdrawn: '已退出' } as const
export const OBJECTION_STATUS_LABELS = { pending: '待处理', upheld: '成立', dismissed: '不成立' } as const
export const OBJECTION_KIND_LABELS = { missing: '应登记未登记', ineligible: '不应登记而登记' } as const

const Text = (what: string, min: number, max: number) =>
  z.string().trim().min(min, `${what}至少${min}个字`).max(max, `${what}不能超过${max}个字`)
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, '日期不存在')
const Instant = z.string().datetime({ offset: true, message: '时间格式为 ISO 8601' })
const Fraction = z.object({
  num: z.number().int().min(1, '分子至少为1').max(99),
  den: z.number().int().min(2, '分母至少为2').max(100),
}).strict().refine((f) => f.num < f.den, '比例必须小于1')

const PhaseWindow = z.object({ startsAt: Instant, endsAt: Instant }).strict()
  .refine((w) => Date.parse(w.startsAt) < Date.parse(w.endsAt), { message: '结束时间必须晚于开始时间', path: ['endsAt'] })
const Schedule = z.object(Object.fromEntries(SCHEDULED_PHASES.map((p) => [p, PhaseWindow.optional()])) as Record<ScheduledPhase, z.ZodOptional<typeof PhaseWindow>>).strict()

export const ContestInput = z.object({
  name: Text('职位名称', 1, 32),
  seats: z.number().int().min(1, '应选人数至少为1').max(50, '应选人数不能超过50'),
}).strict()

const ElectionFields = {
  title: Text('标题', L.titleMin, L.titleMax),
  description: Text('说明', 0, L.descriptionMax).optional(),
  conditionsText: Text('选民条件', L.conditionsMin, L.conditionsMax),
  electionDay: Day,
  minAge: z.number().int().min(16, '年龄下限不能低于16').max(100).default(18),
  contests: z.array(ContestInput).min(1, '至少设置一个职位').max(10, '职位不能超过10个'),
  rules: z.object({ turnout: Fraction.optional(), elect: Fraction.optional() }).strict().optional(),
  hasPreliminary: z.boolean().default(false),
  advanceExtra: z.number().int().min(1, '差额人数至少为1').max(10).default(1),
  schedule: Schedule.optional(),
}

/** POST /elections (committee staff of the community, or an administrator). */
export const CreateElectionBody = z.object({ communityId: z.number().int().positive(), ...ElectionFields }).strict()

/** PATCH /elections/:id (a draft only; `version` as read). */
export const UpdateElectionBody = z.object({
  version: z.number().int().min(0),
  title: ElectionFields.title.optional(),
  description: ElectionFields.description,
  conditionsText: ElectionFields.conditionsText.optional(),
  electionDay: Day.optional(),
  minAge: z.number().int().min(16, '年龄下限不能低于16').max(100).optional(),
  contests: ElectionFields.contests.optional(),
  rules: ElectionFields.rules,
  hasPreliminary: z.boolean().optional(),
  advanceExtra: z.number().int().min(1, '差额人数至少为1').max(10).optional(),
  schedule: Schedule.optional(),
}).strict()

export const ElectionListQuery = PageQuery.extend({ communityId: z.coerce.number().int().positive().optional() }).strict()
export const PhaseParams = z.object({
  id: pathId('id'),
  phase: z.enum(SCHEDULED_PHASES, { message: `阶段只能是 ${SCHEDULED_PHASES.join('、')}` }),
}).strict()
export const VersionBody = z.object({ version: z.number().int().min(0) }).strict()

// ── views ──

const Int = z.number().int()
const Iso = z.string()

export const PhaseTimeView = z.object({
  phase: z.enum(SCHEDULED_PHASES), label: z.string(),
  startsAt: Iso.nullable(), endsAt: Iso.nullable(), openedAt: Iso.nullable(), closedAt: Iso.nullable(),
  current: z.boolean(),
})

export const ElectionPolicies = z.object({
  update: z.boolean(),
  openNext: z.boolean(),
  manageRoll: z.boolean(),
  object: z.boolean(),
  signUp: z.boolean(),
  review: z.boolean(),
  /** A round is open and the caller, on the roll, has not voted in it. */
  vote: z.boolean(),
  /** Staff: close and count the open round, enter paper votes. */
  count: z.boolean(),
  /** Staff: in 计票 with every formal round counted — publish (then archived, read-only). */
  publish: z.boolean(),
  /** Staff: in 计票 with a tie or unfilled seats in the last formal round — create a further round. */
  addRound: z.boolean(),
  /** Staff: name or remove scrutineers (监票人) until publication. */
  manageScrutineers: z.boolean(),
  /** Staff: end the current phase early. */
  closePhase: z.boolean(),
  /** Staff: nominate a voter as candidate (报名). */
  nominate: z.boolean(),
  /** Staff: mark voters who voted in person on paper (a round is open). */
  markPaper: z.boolean(),
  /** Staff: enter or correct the paper ballots' totals of a closed round, until publication. */
  enterPaper: z.boolean(),
  /** Staff: open a scheduled further round. */
  openRound: z.boolean(),
})

export const ROUND_STATUS_LABELS = { scheduled: '未开始', open: '投票中', closed: '投票已结束', counted: '已计票' } as const

/** A voting round as the election's detail lists it. */
export const RoundBriefView = z.object({
  id: Int, kind: z.enum(['preliminary', 'formal']), kindLabel: z.string(), seq: Int,
  /** 「正式选举」, 「正式选举（第2轮）」 */
  name: z.string(),
  status: z.enum(['scheduled', 'open', 'closed', 'counted']), statusLabel: z.string(),
  opensAt: Iso.nullable(), closesAt: Iso.nullable(),
  /** The caller (on the roll) has voted in this round, online or on paper; null for others. */
  voted: z.boolean().nullable(),
})

export const ElectionView = z.object({
  id: Int,
  communityId: Int,
  title: z.string(),
  phase: z.enum(PHASES),
  phaseLabel: z.string(),
  electionDay: z.string(),
  version: Int,
  createdAt: Iso,
})

export const ElectionDetailView = ElectionView.extend({
  description: z.string(),
  conditionsText: z.string(),
  minAge: Int,
  rules: z.object({ turnout: z.object({ num: Int, den: Int }), elect: z.object({ num: Int, den: Int }) }),
  /** e.g. 「选民过半数参加投票选举有效，候选人获得参加投票的选民过半数的选票始得当选」 */
  rulesText: z.string(),
  hasPreliminary: z.boolean(),
  advanceExtra: Int,
  contests: z.array(z.object({ id: Int, name: z.string(), seats: Int })),
  phases: z.array(PhaseTimeView),
  /** The next phase staff may open, if any. */
  nextPhase: z.enum(SCHEDULED_PHASES).nullable(),
  rollClosedAt: Iso.nullable(),
  /** For a resident: whether they are on the roll (null for staff who live elsewhere). */
  onRoll: z.boolean().nullable(),
  /** Voting rounds, in order (preliminary first). */
  rounds: z.array(RoundBriefView),
  /** The caller is one of this election's scrutineers (监票人). */
  scrutineer: z.boolean(),
  /** Set when the results are published: the election is archived and read-only. */
  publishedAt: Iso.nullable(),
  allowedActions: ElectionPolicies,
})

// ── the roll and objections ──

export const VOTER_SOURCE_LABELS = { rule: '按条件登记', staff: '工作人员补登', objection: '异议补登' } as const

export const RollQuery = PageQuery.extend({ building: z.string().trim().min(1).max(64).optional() }).strict()
export const VoterParams = idParams('id', 'voterId')
export const AddVoterBody = z.object({ userId: z.number().int().positive(), reason: Text('补登原因', 2, 200) }).strict()
export const RemoveVoterBody = z.object({ reason: Text('移出原因', 2, 200) }).strict()

export const ObjectionParams = idParams('id', 'oid')
/** `missing`: I should be on the roll; `ineligible`: this voter should not be. */
export const CreateObjectionBody = z.object({
  kind: z.enum(['missing', 'ineligible'], { message: 'kind 只能是 missing(应登记未登记) 或 ineligible(不应登记而登记)' }),
  /** `ineligible`: the roll entry objected to. */
  subjectVoterId: z.number().int().positive().optional(),
  /** `missing` about someone else: who, as the filer knows them (e.g. 「王芳，3栋2单元101」); absent = the filer. */
  subjectText: Text('被登记人', 2, 100).optional(),
  reason: Text('异议理由', 2, 500),
}).strict()
export const ResolveObjectionBody = z.object({
  upheld: z.boolean(),
  resolution: Text('处理意见', 2, 500),
  /** Upholding a `missing` objection about someone else: the user staff add to the roll. */
  userId: z.number().int().positive().optional(),
}).strict()

export const RollEntryView = z.object({ id: Int, maskedName: z.string(), buildingLabel: z.string() })
export const RollBuildView = z.object({ added: Int, onRoll: Int, skipped: z.object({ unverified: Int, underAge: Int }) })
export const VoterView = RollEntryView.extend({
  source: z.enum(['rule', 'staff', 'objection']), sourceLabel: z.string(), addedReason: z.string().nullable(),
  removedAt: Iso.nullable(), removedReason: z.string().nullable(),
  /** For staff adding someone: whether the rule would have put them on the roll, and why not. */
  eligible: z.boolean().optional(), warnings: z.array(z.string()).optional(),
})
export const MyRollView = z.object({
  onRoll: z.boolean(),
  voter: VoterView.nullable(),
})
export const ObjectionView = z.object({
  id: Int, kind: z.enum(['missing', 'ineligible']), kindLabel: z.string(),
  subject: RollEntryView.nullable(),
  /** A `missing` objection about someone else: who, as the filer wrote it (staff and the filer only). */
  subjectText: z.string().nullable(),
  reason: z.string(),
  status: z.enum(['pending', 'upheld', 'dismissed']), statusLabel: z.string(),
  resolution: z.string().nullable(), resolvedAt: Iso.nullable(), createdAt: Iso,
  /** The filer (masked), for staff only. */
  filer: z.string().nullable(),
})

// ── candidates ──

export const CandidateParams = idParams('id', 'cid')
/** A voter signs up; staff may nominate a voter with `userId`. */
export const CreateCandidateBody = z.object({
  contestId: z.number().int().positive(),
  statement: Text('竞选陈述', 0, 1000).default(''),
  photoUploadId: z.number().int().positive().optional(),
  userId: z.number().int().positive().optional(),
}).strict()
export const ReviewCandidateBody = z.object({ approved: z.boolean(), reason: Text('审查意见', 1, 500).optional() }).strict()

export const CandidateView = z.object({
  id: Int, contestId: Int, contestName: z.string(),
  /**
   * The full real name once approved (候选人名单 is public by law; a ballot of 张*明 could not be
   * filled in); masked (张*明) while pending, rejected or withdrawn, except for staff and the candidate.
   */
  name: z.string(), buildingLabel: z.string(),
  statement: z.string(), photoUrl: z.string().nullable(),
  source: z.enum(['self', 'staff']),
  status: z.enum(['pending', 'approved', 'rejected', 'withdrawn']), statusLabel: z.string(),
  /** The review's reason: staff and the candidate only. */
  reviewReason: z.string().nullable(),
  advanced: z.boolean().nullable(),
  mine: z.boolean(),
  version: Int,
  allowedActions: z.object({ withdraw: z.boolean(), review: z.boolean() }),
})

// ── rounds, scrutineers, publication ──

/** POST /elections/:id/rounds: a further formal round (另行选举) for contests left tied or with seats unfilled. */
export const CreateRoundBody = z.object({
  contestIds: z.array(z.number().int().positive()).min(1, '至少选择一个职位').max(10),
  opensAt: Instant.optional(),
  closesAt: Instant.optional(),
}).strict()

export const ScrutineerParams = idParams('id', 'userId')
/** A scrutineer is named from the roll (a voter who is not a candidate). */
export const AddScrutineerBody = z.object({ voterId: z.number().int().positive() }).strict()
export const ScrutineerView = z.object({ userId: Int, voterId: Int, name: z.string(), buildingLabel: z.string() })

/** GET /elections/:id/rounds/:roundId/ballot-paper: what the round's ballot offers. */
export const BallotPaperView = z.object({
  round: RoundBriefView,
  electionTitle: z.string(),
  contests: z.array(z.object({
    id: Int, name: z.string(),
    /** Seats to fill in this round (a further round: the seats left). */
    seats: Int,
    candidates: z.array(z.object({ id: Int, name: z.string(), buildingLabel: z.string(), statement: z.string(), photoUrl: z.string().nullable() })),
  })),
})

/** GET /elections/:id/people?q=: committee staff find a resident by name or house. */
export const PeopleQuery = z.object({ q: z.string().trim().min(1, '请输入姓名或房号').max(32, '最多32个字') }).strict()
export const ElectionPersonView = z.object({
  userId: Int, name: z.string(), houseLabel: z.string(), voterId: Int.nullable(), onRoll: z.boolean(), candidate: z.boolean(),
})
