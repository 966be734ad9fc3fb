import { requestOrigin } from '../../core/context.ts'
import { ApiRoutes } from '../../core/route.ts'
import { castBallot } from './election.ballot.ts'
import { CastBallotBody, CastBallotView, ElectionIdParam } from './election.ballot.schema.ts'

const tags = ['选举 elections']

/** Voting: the secret ballot, paper votes, counting, the public board and the scrutineers' ballot list. */
export function electionBallotRoutes() {
  const r = new ApiRoutes('/api/v1')

  // Not `idempotent`: the generic store keeps each response beside its user, which would put the
  // tracker next to the voter. A retry after a lost answer is 409 ALREADY_VOTED (the voted mark's key).
  r.post('/elections/:id/ballots', {
    summary: '投票（无记名）：每位选民每轮一张选票，可少选或不选；返回只显示一次的回执码。重试得到 409 ALREADY_VOTED',
    description: '接受 Idempotency-Key 但不保存应答：回执码不与选民存放在一起。选票内容、回执码与"已投票"记录互不关联，请求日志和审计日志都不记录选票内容。',
    tags, params: ElectionIdParam, body: CastBallotBody, response: CastBallotView, status: 201,
  }, async (ctx, { actor, params, body }) => ({ data: await castBallot(ctx.deps, actor, params.id, body, requestOrigin(ctx)) }))

  return r
}
