import { z } from 'zod'

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')

export const ReportStatsQuery = z.object({
  /** me: my own items (assignee = me) and visits; grid: one grid; community: one community. */
  scope: z.enum(['me', 'grid', 'community'], { message: 'scope 只能是 me/grid/community' }).default('me'),
  gridId: z.coerce.number().int().positive().optional(),
  communityId: z.coerce.number().int().positive().optional(),
  /** Default: the current month, Asia/Shanghai. */
  month: Month.optional(),
}).strict()

export const GridRankingQuery = z.object({
  /** Default: the caller's community when they lead or serve exactly one. */
  communityId: z.coerce.number().int().positive().optional(),
  month: Month.optional(),
}).strict()

/** How the 考核测评 score is made (sent with the ranking so every client shows the same rule). */
export const SCORE_RULE =
  '考核得分 = 100 ×（40% 按时办结率 + 30% 按时受理率 + 30% 满意率）；某项本月无数据时不计入，其余权重按比例放大；三项均无数据的网格不计分、排在最后。'

const Rate = z.number().min(0).max(1).nullable()
const Ref = z.object({ id: z.number().int(), name: z.string() })

const Period = z.object({
  month: z.string(),
  /** [from, to) as ISO instants; the month in Asia/Shanghai. */
  from: z.string(),
  to: z.string(),
})

const Figures = z.object({
  reports: z.object({
    /** Filed in the month. */
    received: z.number().int(),
    /** Accepted in the month. */
    accepted: z.number().int(),
    /** Resolved (办结) in the month. */
    resolved: z.number().int(),
    /** Open now (待受理, 处理中, 待补充), whenever filed. */
    open: z.number().int(),
    /** Open now and past the current deadline. */
    overdueOpen: z.number().int(),
  }),
  /** On time among accepted in the month, with still-unaccepted reports past an accept deadline of the month counted late. */
  acceptedOnTimeRate: Rate,
  /** On time among resolved in the month, with still-unresolved accepted reports past a resolve deadline of the month counted late. */
  resolvedOnTimeRate: Rate,
  /** Satisfied among those rated in the month. */
  satisfactionRate: Rate,
  /**
   * Of the reports filed in the month that have an outcome (关闭, 关闭未解决, 不予受理, 办结不满意),
   * the share closed without an unsatisfied rating. 不满意, 关闭未解决 and 不予受理 never count as fixed;
   * 已办结 still waiting for a rating is not counted either way.
   */
  fixedRate: Rate,
  visits: z.object({ thisMonth: z.number().int(), target: z.number().int() }),
})

export const ReportStatsView = Figures.extend({
  period: Period,
  scope: z.object({ kind: z.enum(['me', 'grid', 'community']), id: z.number().int(), name: z.string() }),
})

export const GridRankingView = z.object({
  period: Period,
  community: Ref,
  scoreRule: z.string(),
  grids: z.array(Figures.extend({
    grid: Ref,
    /** 0..100, one decimal; null when the grid has no data this month. */
    score: z.number().nullable(),
    /** 1 is best; equal scores share a rank. */
    rank: z.number().int(),
  })),
})
