import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { answerQuestion, askQuestion, moderateQuestion } from './disclosure.questions.ts'
import {
  AnswerBody, AskBody, CorrectDisclosureBody, CreateDisclosureBody, DisclosureDetailView, DisclosureListQuery, DisclosureSummaryView,
  HideQuestionBody, QuestionParams, QuestionView, TotalsQuery, TotalsView, WithdrawDisclosureBody,
} from './disclosure.schema.ts'
import { correctDisclosure, createDisclosure, detailOf, listDisclosures, loadReadable, withdrawDisclosure } from './disclosure.service.ts'
import { disclosureTotals } from './disclosure.totals.ts'

const tags = ['三务公开 disclosures']

/**
 * 三务公开: a community's party, affairs and finance items for its residents (and its street's
 * staff, read only). Items are never deleted: corrected (a new version) or withdrawn with a reason.
 */
export function disclosureRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/disclosures', {
    summary: '公开事项列表（本社区；按类别、期间筛选，期间重叠即列出；已被更正的旧版本默认不列）',
    tags, query: DisclosureListQuery, response: z.array(DisclosureSummaryView), paginated: true,
  }, async (ctx, { actor, query }) => {
    const { items, page } = await listDisclosures(ctx.deps, actor, query)
    return { data: items, page }
  })

  r.post('/disclosures', {
    summary: '发布公开事项（本社区工作人员；收支以分为单位）', tags, body: CreateDisclosureBody, response: DisclosureDetailView, status: 201, idempotent: true,
  }, async (ctx, { actor, body, unitOfWork }) => ({ data: await createDisclosure(ctx.deps, actor, body, requestOrigin(ctx), unitOfWork) }))

  // Declared before /disclosures/:id so that `totals` is never read as an id.
  r.get('/disclosures/totals', {
    summary: '收支合计：各期间、各科目的收入、支出、结余（只计现行版本，不含已更正、已撤回）', tags, query: TotalsQuery, response: TotalsView,
  }, async (ctx, { actor, query }) => ({ data: await disclosureTotals(ctx.deps, actor, query) }))

  r.get('/disclosures/:id', {
    summary: '公开事项详情（收支明细、附件、版本记录、问答）', tags, params: IdParam, response: DisclosureDetailView,
  }, async (ctx, { actor, params }) => ({ data: await detailOf(ctx.deps, ctx.deps.db, actor, await loadReadable(ctx.deps.db, actor, params.id)) }))

  r.post('/disclosures/:id/corrections', {
    summary: '更正：发布新版本取代当前版本（旧版本保留并标为已更正）', tags, params: IdParam, body: CorrectDisclosureBody, response: DisclosureDetailView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await correctDisclosure(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.post('/disclosures/:id/withdraw', {
    summary: '撤回（须写明原因；内容仍可查看，不再计入合计）', tags, params: IdParam, body: WithdrawDisclosureBody, response: DisclosureDetailView,
  }, async (ctx, { actor, params, body }) => ({ data: await withdrawDisclosure(ctx.deps, actor, params.id, body.reason, requestOrigin(ctx)) }))

  r.post('/disclosures/:id/questions', {
    summary: '居民提问（经内容安全检查；待审核的问题仅提问人和工作人员可见）', tags, params: IdParam, body: AskBody, response: QuestionView, status: 201,
    rateLimit: { windowSeconds: 60, max: 60 },
  }, async (ctx, { actor, params, body }) => ({ data: await askQuestion(ctx.deps, actor, params.id, body.body, requestOrigin(ctx)) }))

  r.post('/disclosures/:id/questions/:qid/answer', {
    summary: '工作人员答复（答复公开，提问人收到消息）', tags, params: QuestionParams, body: AnswerBody, response: QuestionView,
  }, async (ctx, { actor, params, body }) => ({ data: await answerQuestion(ctx.deps, actor, params.id, params.qid, body.body, requestOrigin(ctx)) }))

  r.post('/disclosures/:id/questions/:qid/publish', {
    summary: '公开待审核（或已隐藏）的问题', tags, params: QuestionParams, response: QuestionView,
  }, async (ctx, { actor, params }) => ({ data: await moderateQuestion(ctx.deps, actor, params.id, params.qid, { status: 'published' }, requestOrigin(ctx)) }))

  r.post('/disclosures/:id/questions/:qid/hide', {
    summary: '隐藏问题（须写明原因，提问人可见并收到消息）', tags, params: QuestionParams, body: HideQuestionBody, response: QuestionView,
  }, async (ctx, { actor, params, body }) => ({
    data: await moderateQuestion(ctx.deps, actor, params.id, params.qid, { status: 'hidden', reason: body.reason }, requestOrigin(ctx)),
  }))

  return r
}
