import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { closePhase, openPhase, publishElection } from './election.phases.ts'
import { addScrutineer, listScrutineers, removeScrutineer } from './election.scrutineers.ts'
import { findPeople } from './election.people.ts'
import { listCandidates, review, signUp, withdraw } from './election.candidates.ts'
import { fileObjection, listObjections, resolveObjection } from './election.objections.ts'
import { addVoter, buildRoll, closeRoll, myRollEntry, readRoll, removeVoter } from './election.roll.ts'
import {
  AddVoterBody, CandidateParams, CandidateView, CreateCandidateBody, ReviewCandidateBody, CreateElectionBody, CreateObjectionBody, ElectionDetailView, ElectionListQuery, ElectionView, MyRollView, ObjectionParams,
  ObjectionView, PhaseParams, AddScrutineerBody, ElectionPersonView, PeopleQuery, ScrutineerParams, ScrutineerView, RemoveVoterBody, ResolveObjectionBody, RollBuildView, RollEntryView, RollQuery, UpdateElectionBody, VoterParams, VoterView,
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

  r.post('/elections/:id/publish', {
    summary: '公布选举结果（计票阶段，全部正式选举轮次已计票）：通知本社区居民；此后选举归档，只读',
    tags, params: IdParam, body: Empty, response: ElectionDetailView,
  }, async (ctx, { actor, params, unitOfWork }) => ({ data: await publishElection(ctx.deps, actor, params.id, requestOrigin(ctx), unitOfWork) }))

  // ── scrutineers (监票人) ──

  r.get('/elections/:id/scrutineers', { summary: '监票人名单（姓名脱敏）', tags, params: IdParam, response: z.array(ScrutineerView) },
    async (ctx, { actor, params }) => ({ data: await listScrutineers(ctx.deps, actor, params.id) }))

  r.post('/elections/:id/scrutineers', { summary: '确定监票人（居委会；须是选民名单上的选民，候选人不能担任）', tags, params: IdParam, body: AddScrutineerBody, response: ScrutineerView, status: 201 },
    async (ctx, { actor, params, body }) => ({ data: await addScrutineer(ctx.deps, actor, params.id, body.voterId, requestOrigin(ctx)) }))

  r.post('/elections/:id/scrutineers/:userId/remove', { summary: '更换监票人（结果公布前）', tags, params: ScrutineerParams, body: Empty, response: ScrutineerView },
    async (ctx, { actor, params }) => ({ data: await removeScrutineer(ctx.deps, actor, params.id, params.userId, requestOrigin(ctx)) }))

  r.get('/elections/:id/people', {
    summary: '查找本社区居民（居委会：按姓名或房号，最多20人；用于补登、提名和处理异议），并标明是否已在选民名单上、是否为候选人',
    tags, params: IdParam, query: PeopleQuery, response: z.array(ElectionPersonView),
  }, async (ctx, { actor, params, query }) => ({ data: await findPeople(ctx.deps, actor, params.id, query.q, requestOrigin(ctx)) }))

  // ── the roll (选民登记) ──

  r.post('/elections/:id/roll/build', { summary: '按选民条件生成选民名单（已登记房屋、已实名、选举日年满规定年龄；重复执行只补充新人，不恢复已移出的）', tags, params: IdParam, body: Empty, response: RollBuildView },
    async (ctx, { actor, params, unitOfWork }) => ({ data: await buildRoll(ctx.deps, actor, params.id, requestOrigin(ctx), unitOfWork) }))

  r.post('/elections/:id/roll', { summary: '补登选民（须填写原因；不符合条件时给出提示）', tags, params: IdParam, body: AddVoterBody, response: VoterView, status: 201 },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await addVoter(ctx.deps, actor, params.id, body, requestOrigin(ctx), unitOfWork) }))

  r.post('/elections/:id/roll/close', { summary: '确定选民名单（有未处理的异议时不能确定）', tags, params: IdParam, body: Empty, response: ElectionDetailView },
    async (ctx, { actor, params, unitOfWork }) => {
      await closeRoll(ctx.deps, actor, params.id, requestOrigin(ctx), unitOfWork)
      return { data: await electionDetail(ctx.deps, actor, params.id) }
    })

  r.post('/elections/:id/roll/:voterId/remove', { summary: '移出选民（须填写原因，并通知本人）', tags, params: VoterParams, body: RemoveVoterBody, response: VoterView },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await removeVoter(ctx.deps, actor, params.id, params.voterId, body.reason, requestOrigin(ctx), unitOfWork) }))

  r.get('/elections/:id/roll', { summary: '选民名单公示（姓名脱敏，仅显示楼栋；可按楼栋查找）', tags, params: IdParam, query: RollQuery, response: z.array(RollEntryView), paginated: true },
    async (ctx, { actor, params, query }) => readRoll(ctx.deps, actor, params.id, query))

  r.get('/elections/:id/roll/me', { summary: '我是否在选民名单上（被移出时给出原因）', tags, params: IdParam, response: MyRollView },
    async (ctx, { actor, params }) => ({ data: await myRollEntry(ctx.deps, actor, params.id) }))

  r.post('/elections/:id/objections', { summary: '对选民名单提出异议（本社区居民，选民登记期间）', tags, params: IdParam, body: CreateObjectionBody, response: ObjectionView, status: 201 },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await fileObjection(ctx.deps, actor, params.id, body, requestOrigin(ctx), unitOfWork) }))

  r.get('/elections/:id/objections', { summary: '异议列表（工作人员：全部；居民：本人提出的）', tags, params: IdParam, response: z.array(ObjectionView) },
    async (ctx, { actor, params }) => ({ data: await listObjections(ctx.deps, actor, params.id) }))

  r.post('/elections/:id/objections/:oid/resolve', { summary: '处理异议（成立时同时修改选民名单，并通知提出人）', tags, params: ObjectionParams, body: ResolveObjectionBody, response: ObjectionView },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await resolveObjection(ctx.deps, actor, params.id, params.oid, body, requestOrigin(ctx), unitOfWork) }))

  // ── candidates (报名, 资格审查) ──

  r.post('/elections/:id/candidates', { summary: '报名参选（选民名单上的居民；工作人员可用 userId 提名选民）', tags, params: IdParam, body: CreateCandidateBody, response: CandidateView, status: 201 },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await signUp(ctx.deps, actor, params.id, body, requestOrigin(ctx), unitOfWork) }))

  r.get('/elections/:id/candidates', { summary: '候选人（资格审查起公布审查通过的；工作人员看全部；候选人看自己的审查意见）', tags, params: IdParam, response: z.array(CandidateView) },
    async (ctx, { actor, params }) => ({ data: await listCandidates(ctx.deps, actor, params.id) }))

  r.post('/elections/:id/candidates/:cid/withdraw', { summary: '退出参选（正式选举开始前）', tags, params: CandidateParams, body: Empty, response: CandidateView },
    async (ctx, { actor, params, unitOfWork }) => ({ data: await withdraw(ctx.deps, actor, params.id, params.cid, requestOrigin(ctx), unitOfWork) }))

  r.post('/elections/:id/candidates/:cid/review', { summary: '资格审查（不通过须填写原因，并通知候选人）', tags, params: CandidateParams, body: ReviewCandidateBody, response: CandidateView },
    async (ctx, { actor, params, body, unitOfWork }) => ({ data: await review(ctx.deps, actor, params.id, params.cid, body, requestOrigin(ctx), unitOfWork) }))

  return r
}
