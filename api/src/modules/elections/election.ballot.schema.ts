import { z } from 'zod'
import { Cursor, idParams } from '../../http/schemas.ts'

/** Tracker codes: no 0/O, 1/I/L, so a receipt read aloud or copied by hand stays unambiguous. */
export const TRACKER_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const TRACKER_LENGTH = 12

export const ElectionRoundParams = idParams('id', 'roundId')

const PositiveInt = z.number({ message: '必须是正整数' }).int('必须是正整数').positive('必须是正整数').max(2_147_483_647, '数值过大')

export const CastBallotBody = z.object({
  round: PositiveInt.describe('投票轮次 id'),
  /** Per contest (its id as the key): the chosen candidates' ids; fewer than the seats or none is allowed. */
  selections: z.record(
    // Keys are checked by the route (422 naming selections.<key> when not a contest of the election).
    z.string().max(12, '选举职位 id 过长'),
    z.array(PositiveInt, { message: '必须是候选人 id 的列表' }).max(100, '所选候选人过多'),
    { message: 'selections 必须是 {职位id: 候选人id[]}' },
  ).refine((s) => Object.keys(s).length <= 50, '职位过多'),
}).strict()

export const CastBallotView = z.object({
  /** The receipt: shown once, never stored beside the voter. */
  tracker: z.string(),
  round: z.number().int(),
})

export const PaperVoterBody = z.object({ voterId: PositiveInt.describe('选民名单条目 id') }).strict()
export const PaperVoterView = z.object({ voterId: z.number().int(), round: z.number().int(), channel: z.literal('paper') })

const Count = z.number({ message: '必须是非负整数' }).int('必须是非负整数').min(0, '不能为负数').max(1_000_000, '数值过大')

export const PaperTotalsBody = z.object({
  /** Paper ballots cast (blank ones included): at most the voters marked as voted on paper. */
  ballots: Count,
  /** Per candidate (its id as the key): the paper votes. */
  votes: z.record(z.string().max(12, '候选人 id 过长'), Count, { message: 'votes 必须是 {候选人id: 票数}' })
    .refine((v) => Object.keys(v).length <= 200, '候选人过多'),
}).strict()

export const RoundTotalsView = z.object({
  id: z.number().int(),
  kind: z.enum(['preliminary', 'formal']),
  kindLabel: z.string(),
  seq: z.number().int(),
  /** 「正式选举」, 「正式选举（第2轮）」 */
  name: z.string(),
  status: z.enum(['scheduled', 'open', 'closed', 'counted']),
  registeredVoters: z.number().int().nullable(),
  /** Online plus paper ballots. */
  ballotsCast: z.number().int().nullable(),
  paperBallots: z.number().int(),
  /** Ballots cast / registered voters, 0–1 (null until counted). */
  turnout: z.number().nullable(),
  valid: z.boolean().nullable(),
  countedAt: z.string().nullable(),
})

export const CandidateResultView = z.object({
  candidateId: z.number().int(),
  name: z.string(),
  onlineVotes: z.number().int(),
  paperVotes: z.number().int(),
  votes: z.number().int(),
  outcome: z.enum(['elected', 'not_elected', 'tie', 'advanced']),
  outcomeLabel: z.string(),
})

export const ContestResultView = z.object({
  contestId: z.number().int(),
  name: z.string(),
  seats: z.number().int(),
  filled: z.number().int(),
  unfilled: z.number().int(),
  tie: z.boolean(),
  candidates: z.array(CandidateResultView),
})

export const RoundResultView = RoundTotalsView.extend({ contests: z.array(ContestResultView) })

export const BoardQuery = z.object({
  limit: z.coerce.number({ message: 'limit 必须是 1–500 的整数' }).int('limit 必须是 1–500 的整数').min(1, 'limit 必须是 1–500 的整数').max(500, 'limit 必须是 1–500 的整数').default(100),
  cursor: Cursor,
  tracker: z.string().trim().toUpperCase().regex(/^[0-9A-Z]{12}$/, '回执码为12位字母和数字').optional(),
}).strict()

export const BoardView = z.object({
  round: RoundTotalsView,
  /** This page of the round's trackers, sorted. */
  trackers: z.array(z.string()),
  trackerCount: z.number().int(),
  /** Voters marked as voted online: equal to trackerCount. */
  votedOnline: z.number().int(),
  /** With `tracker=`: whether that tracker is on the board. */
  found: z.boolean().nullable(),
})

export const BallotListQuery = z.object({
  limit: z.coerce.number({ message: 'limit 必须是 1–500 的整数' }).int('limit 必须是 1–500 的整数').min(1, 'limit 必须是 1–500 的整数').max(500, 'limit 必须是 1–500 的整数').default(100),
  cursor: Cursor,
}).strict()

export const BallotListView = z.object({
  round: RoundResultView,
  ballotCount: z.number().int(),
  /** Anonymous ballots ordered by their random id: each one's choices (none: blank). */
  ballots: z.array(z.object({ id: z.string(), choices: z.array(z.object({ contestId: z.number().int(), candidateId: z.number().int() })) })),
})
