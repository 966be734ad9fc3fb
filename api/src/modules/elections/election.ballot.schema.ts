import { z } from 'zod'

/** Tracker codes: no 0/O, 1/I/L, so a receipt read aloud or copied by hand stays unambiguous. */
export const TRACKER_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const TRACKER_LENGTH = 12

export const ElectionIdParam = z.object({
  id: z.coerce.number({ message: 'id 必须是正整数' }).int('id 必须是正整数').positive('id 必须是正整数'),
}).strict()

export const ElectionRoundParams = z.object({
  id: z.coerce.number({ message: 'id 必须是正整数' }).int('id 必须是正整数').positive('id 必须是正整数'),
  roundId: z.coerce.number({ message: 'roundId 必须是正整数' }).int('roundId 必须是正整数').positive('roundId 必须是正整数'),
}).strict()

const PositiveInt = z.number({ message: '必须是正整数' }).int('必须是正整数').positive('必须是正整数').max(2_147_483_647, '数值过大')

export const CastBallotBody = z.object({
  round: PositiveInt.describe('投票轮次 id'),
  /** Per contest (its id as the key): the chosen candidates' ids; fewer than the seats or none is allowed. */
  selections: z.record(
    z.string().regex(/^[1-9][0-9]{0,9}$/, '选举职位 id 必须是正整数'),
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
