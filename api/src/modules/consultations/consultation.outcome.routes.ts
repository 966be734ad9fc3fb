import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { addAction, completeAction, postProgress } from './consultation.actions.ts'
import { outcomeDetail, recordDecision } from './consultation.decision.ts'
import { ActionBody, ActionParams, CastBody, DecisionBody, OutcomeView, ProgressBody, RatingBody, SetUpVoteBody, VoteView } from './consultation.outcome.schema.ts'
import { rateTopic } from './consultation.ratings.ts'
import { castBallot, closeVote, setUpVote, voteDetail } from './consultation.vote.ts'

const tags = ['协商 consultations']
const Empty = z.object({}).strict()

/** 协商议事, after the discussion: the vote, the decision, the actions carrying it out and residents' ratings. */
export function consultationOutcomeRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.put('/consultations/:id/vote', {
    summary: '设置投票（工作人员，议题讨论中）：单选/多选（最多几项）/同意-不同意-弃权，每人一票或每户一票，起止时间，有效比例（占议题范围内居民或户数的百分比）；议题进入表决时开始',
    tags, params: IdParam, body: SetUpVoteBody, response: VoteView,
  }, async (ctx, { actor, params, body }) => ({ data: await setUpVote(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.get('/consultations/:id/vote', {
    summary: '投票：规则、我（我家）的选择和投票人；结果（各选项票数、投票率、是否达到有效比例）工作人员随时可见，居民在投票结束后可见；不列出任何人投了什么',
    tags, params: IdParam, response: VoteView,
  }, async (ctx, { actor, params }) => ({ data: await voteDetail(ctx.deps, actor, params.id) }))

  r.post('/consultations/:id/votes', {
    summary: '投票（表决期间、投票时间内）：每人一票，或每户一票（户内任一已审核成员，只算第一张；其他成员再投得到 409 HOUSEHOLD_VOTED）',
    tags, params: IdParam, body: CastBody, response: VoteView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await castBallot(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.post('/consultations/:id/vote/close', { summary: '提前结束投票（工作人员）', tags, params: IdParam, body: Empty, response: VoteView },
    async (ctx, { actor, params }) => ({ data: await closeVote(ctx.deps, actor, params.id, requestOrigin(ctx)) }))

  r.get('/consultations/:id/outcome', {
    summary: '议定结果：会议决议或表决结果、议定事项及进展、居民评价（各项人数、满意率；评价内容仅工作人员可见）',
    tags, params: IdParam, response: OutcomeView,
  }, async (ctx, { actor, params }) => ({ data: await outcomeDetail(ctx.deps, actor, params.id) }))

  r.post('/consultations/:id/decision', {
    summary: '记录决议（工作人员）：会议议定的填会议日期、参会人数和决议；投票表决的在投票结束后填结果。议题变为「已议定」并通知居民',
    tags, params: IdParam, body: DecisionBody, response: OutcomeView,
  }, async (ctx, { actor, params, body, unitOfWork }) => ({ data: await recordDecision(ctx.deps, actor, params.id, body, requestOrigin(ctx), unitOfWork) }))

  r.post('/consultations/:id/actions', {
    summary: '添加议定事项（工作人员，议定后）：事项、负责人、完成期限；第一项添加后议题进入「落实中」',
    tags, params: IdParam, body: ActionBody, response: OutcomeView, status: 201,
  }, async (ctx, { actor, params, body, unitOfWork }) => ({ data: await addAction(ctx.deps, actor, params.id, body, requestOrigin(ctx), unitOfWork) }))

  r.post('/consultations/:id/actions/:aid/progress', {
    summary: '发布议定事项的进展（工作人员；通知议题范围内的居民）', tags, params: ActionParams, body: ProgressBody, response: OutcomeView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await postProgress(ctx.deps, actor, params.id, params.aid, body.body, requestOrigin(ctx)) }))

  r.post('/consultations/:id/actions/:aid/complete', {
    summary: '议定事项完成（工作人员）；全部完成后议题变为「已完成」，请参与过的居民评价', tags, params: ActionParams, body: Empty, response: OutcomeView,
  }, async (ctx, { actor, params }) => ({ data: await completeAction(ctx.deps, actor, params.id, params.aid, requestOrigin(ctx)) }))

  r.post('/consultations/:id/ratings', {
    summary: '评价议题的落实（议题范围内的居民，完成后，每人一次）：满意 / 基本满意 / 不满意，可附几句话（经内容安全检查）',
    tags, params: IdParam, body: RatingBody, response: OutcomeView, status: 201,
  }, async (ctx, { actor, params, body }) => {
    await rateTopic(ctx.deps, actor, params.id, body, requestOrigin(ctx))
    return { data: await outcomeDetail(ctx.deps, actor, params.id) }
  })

  return r
}
