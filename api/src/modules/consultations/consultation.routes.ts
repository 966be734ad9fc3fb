import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { exportOpinions } from './consultation.export.ts'
import { createOpinion, deleteOpinion, likeOpinion, listOpinions, moderateOpinion, updateOpinion } from './consultation.opinions.ts'
import {
  CreateOpinionBody, CreateTopicBody, HideOpinionBody, LikeView, OpinionListQuery, OpinionParams, OpinionView, SupportView, TopicDetailView,
  TopicListQuery, TopicView, TransitionBody, UpdateOpinionBody,
} from './consultation.schema.ts'
import { createTopic, listTopics, supportTopic, topicDetail } from './consultation.service.ts'
import { adoptTopic, transitionTopic } from './consultation.transitions.ts'

const tags = ['协商 consultations']
const Empty = z.object({}).strict()

/** 协商议事: topics (staff-opened or residents' proposals gathering support), their states, and the discussion. */
export function consultationRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.post('/consultations', {
    summary: '发起议题：居委会工作人员直接开放讨论（范围、讨论截止时间、决策方式）；居民提议（面向全社区，30 天内征集支持，达到社区设定的人数即开放讨论）',
    tags, body: CreateTopicBody, response: TopicDetailView, status: 201, idempotent: true,
  }, async (ctx, { actor, body, unitOfWork }) => ({ data: await createTopic(ctx.deps, actor, body, requestOrigin(ctx), unitOfWork) }))

  r.get('/consultations', {
    summary: '议题列表（居民：本社区面向本户的议题及自己的提议；工作人员：本社区全部议题），可按 state 筛选',
    tags, query: TopicListQuery, response: z.array(TopicView), paginated: true,
  }, async (ctx, { actor, query }) => listTopics(ctx.deps, actor, query))

  r.get('/consultations/:id', { summary: '议题详情：背景、附件、支持人数、意见数、我是否支持、可执行的操作', tags, params: IdParam, response: TopicDetailView },
    async (ctx, { actor, params }) => ({ data: await topicDetail(ctx.deps, actor, params.id) }))

  r.post('/consultations/:id/support', { summary: '支持居民提议（每人一次；达到支持人数即开放讨论）', tags, params: IdParam, body: Empty, response: SupportView },
    async (ctx, { actor, params }) => ({ data: await supportTopic(ctx.deps, actor, params.id, requestOrigin(ctx)) }))

  r.post('/consultations/:id/adopt', { summary: '采纳居民提议（工作人员；不论支持人数，直接开放讨论）', tags, params: IdParam, body: Empty, response: TopicDetailView },
    async (ctx, { actor, params, unitOfWork }) => ({ data: await adoptTopic(ctx.deps, actor, params.id, requestOrigin(ctx), unitOfWork) }))

  r.post('/consultations/:id/transitions', {
    summary: '改变议题状态（工作人员）：讨论→表决/议定，表决→议定，议定→落实/完成，落实→完成，或关闭（须说明原因）；每次改变通知议题范围内的居民',
    tags, params: IdParam, body: TransitionBody, response: TopicDetailView,
  }, async (ctx, { actor, params, body, unitOfWork }) => ({ data: await transitionTopic(ctx.deps, actor, params.id, body.to, body.reason, requestOrigin(ctx), unitOfWork) }))

  // ── the discussion (意见) ──

  r.get('/consultations/:id/opinions', {
    summary: '意见列表（最新在前，每条带回复）；待审核和被隐藏的只有作者本人和工作人员能看到',
    tags, params: IdParam, query: OpinionListQuery, response: z.array(OpinionView), paginated: true,
  }, async (ctx, { actor, params, query }) => listOpinions(ctx.deps, actor, params.id, query))

  r.post('/consultations/:id/opinions', {
    summary: '发表意见或回复（讨论期间；可选立场 赞成/反对/其他；回复只有一层；工作人员的为官方回复；内容经安全检查）',
    tags, params: IdParam, body: CreateOpinionBody, response: OpinionView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await createOpinion(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.get('/consultations/:id/opinions/export', { summary: '导出全部意见（CSV，Excel 可直接打开；工作人员，供会议使用）', tags, params: IdParam },
    async (ctx, { actor, params }) => {
      const { filename, csv } = await exportOpinions(ctx.deps, actor, params.id, requestOrigin(ctx))
      ctx.type = 'text/csv; charset=utf-8'
      ctx.set('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(filename)}`)
      ctx.body = csv
      return undefined
    })

  r.put('/consultations/:id/opinions/:oid', { summary: '修改自己的意见（带 version；保留修改前的版本）', tags, params: OpinionParams, body: UpdateOpinionBody, response: OpinionView },
    async (ctx, { actor, params, body }) => ({ data: await updateOpinion(ctx.deps, actor, params.id, params.oid, body, requestOrigin(ctx)) }))

  r.delete('/consultations/:id/opinions/:oid', { summary: '删除自己的意见', tags, params: OpinionParams },
    async (ctx, { actor, params }) => {
      await deleteOpinion(ctx.deps, actor, params.id, params.oid, requestOrigin(ctx))
      return undefined
    })

  r.post('/consultations/:id/opinions/:oid/like', { summary: '点赞（每人一次）', tags, params: OpinionParams, body: Empty, response: LikeView },
    async (ctx, { actor, params }) => ({ data: await likeOpinion(ctx.deps, actor, params.id, params.oid, true) }))

  r.post('/consultations/:id/opinions/:oid/unlike', { summary: '取消点赞', tags, params: OpinionParams, body: Empty, response: LikeView },
    async (ctx, { actor, params }) => ({ data: await likeOpinion(ctx.deps, actor, params.id, params.oid, false) }))

  r.post('/consultations/:id/opinions/:oid/hide', { summary: '隐藏意见（工作人员；须说明原因，作者可见）', tags, params: OpinionParams, body: HideOpinionBody, response: OpinionView },
    async (ctx, { actor, params, body }) => ({ data: await moderateOpinion(ctx.deps, actor, params.id, params.oid, 'hidden', body.reason, requestOrigin(ctx)) }))

  r.post('/consultations/:id/opinions/:oid/publish', { summary: '发布待审核的意见（工作人员）', tags, params: OpinionParams, body: Empty, response: OpinionView },
    async (ctx, { actor, params }) => ({ data: await moderateOpinion(ctx.deps, actor, params.id, params.oid, 'published', null, requestOrigin(ctx)) }))

  return r
}
