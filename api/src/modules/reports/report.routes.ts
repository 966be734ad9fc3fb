import { z } from 'zod'
import type { Deps } from '../../core/context.ts'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { secondReport } from './report.actions.ts'
import { listReports, nearbyReports, reassignCandidates, reportDetail } from './report.read.ts'
import {
  AssigneeOption, CloseBody, CreateReportBody, NearbyQuery, RateBody, ReassignBody, RejectReportBody, ReopenBody, ReplyBody, ReportDetailView, ReportListQuery,
  ReportPublicView, ReportSummaryView, RequestInfoBody, ResolveBody, SupplementBody, TransferBody,
} from './report.schema.ts'
import {
  acceptReport, closeReport, reassignReport, rateReport, rejectReport, reopenReport, replyReport, requestInfo, resolveReport, supplementReport,
  transferReport,
} from './report.steps.ts'
import { submitReport } from './report.submit.ts'

const tags = ['诉求 reports']
const Empty = z.object({}).strict()

/** Problem reports: filing and 附议, lists and detail, and every handling step. */
export function reportRoutes(_deps: Deps) {
  const r = new ApiRoutes('/api/v1')

  r.get('/reports', {
    summary: '诉求列表：box=mine 我提出或附议的；box=inbox 工作人员的工单（按时限）；box=community 本社区诉求公开摘要',
    tags, query: ReportListQuery, response: z.array(z.union([ReportSummaryView, ReportPublicView])), paginated: true,
  }, async (ctx, { actor, query }) => listReports(ctx.deps, actor, query))

  r.post('/reports', {
    summary: '提交诉求（随手拍），或网格员 patrol=true 巡查上报；立即按位置派发到网格', tags, body: CreateReportBody, response: ReportDetailView,
    status: 201, idempotent: true,
  }, async (ctx, { actor, body, sqlUnitOfWork }) => {
    const created = await submitReport(ctx.deps, { kind: 'actor', actor }, body, requestOrigin(ctx), sqlUnitOfWork)
    return { data: created.detail! }
  })

  r.get('/reports/nearby', {
    summary: '附近（约200米内或同楼栋）同类未办结诉求，可附议', tags, query: NearbyQuery, response: z.array(ReportPublicView),
  }, async (ctx, { actor, query }) => ({ data: await nearbyReports(ctx.deps, actor, query) }))

  r.get('/reports/:id', { summary: '诉求详情（含办理时间线和可执行的操作）', tags, params: IdParam, response: ReportDetailView },
    async (ctx, { actor, params }) => ({ data: await reportDetail(ctx.deps, actor, params.id) }))

  r.get('/reports/:id/assignees', { summary: '可改派的本网格网格员（网格长、社区、街道）', tags, params: IdParam, response: z.array(AssigneeOption) },
    async (ctx, { actor, params }) => ({ data: await reassignCandidates(ctx.deps, actor, params.id) }))

  const action = <S extends z.ZodType>(
    path: string, summary: string, body: S,
    run: (deps: Deps, actor: Parameters<typeof acceptReport>[1], id: number, body: z.output<S>, origin: ReturnType<typeof requestOrigin>) => Promise<unknown>,
  ) => r.post(`/reports/:id/${path}`, { summary, tags, params: IdParam, body, response: ReportDetailView },
    async (ctx, { actor, params, body: input }) => ({ data: (await run(ctx.deps, actor, params.id, input as z.output<S>, requestOrigin(ctx))) as z.output<typeof ReportDetailView> }))

  action('second', '附议（同样的问题，不重复提交）', Empty, (deps, actor, id) => secondReport(deps, actor, id))
  action('accept', '受理', Empty, (deps, actor, id, _b, origin) => acceptReport(deps, actor, id, origin))
  action('reply', '回复居民（可带照片）', ReplyBody, replyReport)
  action('request-info', '请居民补充信息（计时暂停）', RequestInfoBody, requestInfo)
  action('supplement', '居民补充信息（计时恢复）', SupplementBody, supplementReport)
  action('transfer', '转办到职能部门或其他网格', TransferBody, transferReport)
  action('resolve', '办结（须附办结照片）', ResolveBody, resolveReport)
  action('reject', '不予受理（说明原因和指引）', RejectReportBody, rejectReport)
  action('rate', '居民评价（满意/不满意）', RateBody, rateReport)
  action('reopen', '办结7天内申请重新办理', ReopenBody, reopenReport)
  action('close', '关闭', CloseBody, closeReport)
  action('reassign', '改派给本网格其他网格员（网格长、社区、街道）', ReassignBody, reassignReport)

  return r
}
