import { z } from 'zod'
import { requestOrigin } from '../../http/context.ts'
import { ApiRoutes } from '../../http/route.ts'
import { IdParam } from '../../http/schemas.ts'
import { castBallot } from './election.ballot.ts'
import { closeRound, markPaperVoter, setPaperTotals } from './election.ballot.paper.ts'
import {
  BallotListQuery, BallotListView, BoardQuery, BoardView, CastBallotBody, CastBallotView, ElectionRoundParams,
  PaperTotalsBody, PaperVoterBody, PaperVoterView, RoundResultView,
} from './election.ballot.schema.ts'
import { electionResults, roundBoard, scrutineerBallots } from './election.board.ts'
import { ballotPaper, createRound, openRound } from './election.rounds.ts'
import { BallotPaperView, CreateRoundBody, RoundBriefView } from './election.schema.ts'

const tags = ['选举 elections']
const Empty = z.object({}).strict()

/** Voting: the secret ballot, paper votes, counting, the public board and the scrutineers' ballot list. */
export function electionBallotRoutes() {
  const r = new ApiRoutes('/api/v1')

  // Not `idempotent`: the generic store keeps each response beside its user, which would put the
  // tracker next to the voter. A retry after a lost answer is 409 ALREADY_VOTED (the voted mark's key).
  r.post('/elections/:id/ballots', {
    summary: '投票（无记名）：每位选民每轮一张选票，可少选或不选；返回只显示一次的回执码。重试得到 409 ALREADY_VOTED',
    description: '接受 Idempotency-Key 但不保存应答：回执码不与选民存放在一起。选票内容、回执码与"已投票"记录互不关联，请求日志和审计日志都不记录选票内容。',
    tags, params: IdParam, body: CastBallotBody, response: CastBallotView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await castBallot(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.get('/elections/:id/rounds/:roundId/ballot-paper', {
    summary: '本轮选票：职位、本轮应选人数和候选人（另行选举只含未选满的职位与未当选的候选人）；是否已投票', tags,
    params: ElectionRoundParams, response: BallotPaperView,
  }, async (ctx, { actor, params }) => ({ data: await ballotPaper(ctx.deps, actor, params.id, params.roundId) }))

  r.post('/elections/:id/rounds', {
    summary: '安排另行选举（居委会，计票阶段）：为票数相同或未选满的职位再投一轮，应选人数为剩余席位', tags,
    params: IdParam, body: CreateRoundBody, response: RoundBriefView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await createRound(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  r.post('/elections/:id/rounds/:roundId/open', {
    summary: '开始另行选举投票（居委会）：选举回到正式选举阶段并通知居民', tags,
    params: ElectionRoundParams, body: Empty, response: RoundBriefView,
  }, async (ctx, { actor, params }) => ({ data: await openRound(ctx.deps, actor, params.id, params.roundId, requestOrigin(ctx)) }))

  r.post('/elections/:id/rounds/:roundId/paper-voters', {
    summary: '登记现场（纸质）投票的选民（居委会）：此后该选民不能网上投票；已网上投票的 409', tags,
    params: ElectionRoundParams, body: PaperVoterBody, response: PaperVoterView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await markPaperVoter(ctx.deps, actor, params.id, params.roundId, body.voterId, requestOrigin(ctx)) }))

  r.put('/elections/:id/rounds/:roundId/paper-totals', {
    summary: '录入纸质选票合计（居委会，投票结束后）：选票数和各候选人得票，随后重新计票', tags,
    params: ElectionRoundParams, body: PaperTotalsBody, response: RoundResultView,
  }, async (ctx, { actor, params, body }) => ({ data: await setPaperTotals(ctx.deps, actor, params.id, params.roundId, body, requestOrigin(ctx)) }))

  r.post('/elections/:id/rounds/:roundId/close', {
    summary: '结束本轮投票并计票（居委会）', tags, params: ElectionRoundParams, body: Empty, response: RoundResultView,
  }, async (ctx, { actor, params }) => ({ data: await closeRound(ctx.deps, actor, params.id, params.roundId, requestOrigin(ctx)) }))

  r.get('/elections/:id/results', {
    summary: '选举结果（居民：公布后；工作人员：计票后）：各轮的选票数、投票率、是否有效，各职位候选人得票（网上/纸质）和结果', tags,
    params: IdParam, response: z.array(RoundResultView),
  }, async (ctx, { actor, params }) => ({ data: await electionResults(ctx.deps, actor, params.id) }))

  r.get('/elections/:id/rounds/:roundId/board', {
    summary: '回执码公示板（投票结束后）：全部回执码（排序、分页）、回执码数 = 网上投票人数；tracker= 查询自己的回执码。不公布任何选票内容', tags,
    params: ElectionRoundParams, query: BoardQuery, response: BoardView, paginated: true,
  }, async (ctx, { actor, params, query }) => roundBoard(ctx.deps, actor, params.id, params.roundId, query))

  r.get('/elections/:id/rounds/:roundId/ballots', {
    summary: '匿名选票清单（仅本次选举的监票人，投票结束后）：按随机编号排序的每张选票内容，以及用于核对的计票结果', tags,
    params: ElectionRoundParams, query: BallotListQuery, response: BallotListView, paginated: true,
  }, async (ctx, { actor, params, query }) => scrutineerBallots(ctx.deps, actor, params.id, params.roundId, query))

  return r
}
