import { ApiRoutes } from '../../http/route.ts'
import { gridRanking, reportStats } from './report.stats.ts'
import { GridRankingQuery, GridRankingView, ReportStatsQuery, ReportStatsView } from './report.stats.schema.ts'

const tags = ['诉求统计 report-stats']

/** 考核 figures: a worker's own, a grid's or a community's, and the grid ranking (考核测评). */
export function reportStatsRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/report-stats', {
    summary: '诉求与走访考核数据（scope=me 本人 / grid 网格 / community 社区；month=YYYY-MM，默认本月）',
    description: '比率为 0..1，无数据时为 null。办结不满意、关闭未解决、不予受理均不计为已解决。',
    tags, query: ReportStatsQuery, response: ReportStatsView,
  }, async (ctx, { actor, query }) => ({ data: await reportStats(ctx.deps, actor, query) }))

  r.get('/report-stats/grids', {
    summary: '社区各网格考核测评与排名（网格长、社区、街道）',
    tags, query: GridRankingQuery, response: GridRankingView,
  }, async (ctx, { actor, query }) => ({ data: await gridRanking(ctx.deps, actor, query) }))

  return r
}
