import { z } from 'zod'
import { requestOrigin } from '../../core/context.ts'
import { ApiRoutes } from '../../core/route.ts'
import { IdParam } from '../households/household.schema.ts'
import { closePhase, openPhase } from './election.phases.ts'
import {
  CreateElectionBody, ElectionDetailView, ElectionListQuery, ElectionView, PhaseParams, UpdateElectionBody,
} from './election.schema.ts'
import { createElection, electionDetail, listElections, updateElection } from './election.service.ts'

const tags = ['选举 elections']
const Empty = z.object({}).strict()

/** 居委会换届选举: the election, its phases in the lawful order, the roll and the candidates. */
export function electionRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.post('/elections', {
    summary: '创建选举（草稿；本社区居委会工作人员或管理员）：职位与应选人数、选民条件、有效与当选规则、各阶段时间',
    tags, body: CreateElectionBody, response: ElectionDetailView, status: 201,
  }, async (ctx, { actor, body, unitOfWork }) => ({ data: await createElection(ctx.deps, actor, body, requestOrigin(ctx), unitOfWork) }))

  r.get('/elections', { summary: '选举列表（居民：本社区已公布的；工作人员：本社区的，含草稿）', tags, query: ElectionListQuery, response: z.array(ElectionView), paginated: true },
    async (ctx, { actor, query }) => listElections(ctx.deps, actor, query))

  r.get('/elections/:id', { summary: '选举详情：阶段时间线、选民条件、职位、规则、可执行的操作；居民可见自己是否在选民名单上', tags, params: IdParam, response: ElectionDetailView },
    async (ctx, { actor, params }) => ({ data: await electionDetail(ctx.deps, actor, params.id) }))

  r.patch('/elections/:id', { summary: '修改选举（仅草稿；带 version）', tags, params: IdParam, body: UpdateElectionBody, response: ElectionDetailView },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await updateElection(ctx.deps, actor, params.id, body, requestOrigin(ctx), unitOfWork) }))

  r.post('/elections/:id/phases/:phase/open', {
    summary: '开启下一阶段（按法定顺序：公布条件→选民登记→报名→资格审查→初步选举→正式选举；开启即结束上一阶段并通知本社区居民）',
    tags, params: PhaseParams, body: Empty, response: ElectionDetailView,
  }, async (ctx, { actor, params, unitOfWork }) => ({ data: await openPhase(ctx.deps, actor, params.id, params.phase, requestOrigin(ctx), unitOfWork) }))

  r.post('/elections/:id/phases/:phase/close', { summary: '提前结束当前阶段', tags, params: PhaseParams, body: Empty, response: ElectionDetailView },
    async (ctx, { actor, params, unitOfWork }) => ({ data: await closePhase(ctx.deps, actor, params.id, params.phase, requestOrigin(ctx), unitOfWork) }))

  return r
}
