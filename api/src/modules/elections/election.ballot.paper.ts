import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { loadRound } from './election.ballot.ts'
import { afterFormalCount } from './election.phases.ts'
import { roundName } from './election.presenter.ts'
import type { PaperTotalsBody, RoundResultView } from './election.ballot.schema.ts'
import { committeeElection, roundResult, roundRows } from './election.board.ts'
import { roundBallot } from './election.rounds.ts'
import { countRound } from './election.tally.count.ts'

type RoundResult = z.output<typeof RoundResultView>

async function counted(deps: Deps, electionId: number, roundId: number): Promise<RoundResult> {
  const [r] = await roundRows(deps.db, electionId, Prisma.sql`AND id = ${roundId}`)
  return roundResult(deps.db, electionId, r)
}

/**
 * POST /elections/:id/rounds/:roundId/paper-voters: a voter who voted in person on paper is
 * marked (the same key as an online vote: any online ballot is then refused; one already cast
 * online makes this 409).
 */
export async function markPaperVoter(deps: Deps, actor: Actor, electionId: number, roundId: number, voterId: number, origin: AuditOrigin) {
  const election = await committeeElection(deps, actor, electionId)
  const round = await loadRound(deps.db, electionId, roundId)
  if (!round) throw notFound('投票轮次')
  if (round.status !== 'open') throw conflict('ROUND_NOT_OPEN', `${roundName(round)}不在投票期间，不能登记现场投票`)
  const [v] = await deps.db.$queryRaw<{ id: number }[]>`SELECT id FROM election_voters WHERE id = ${voterId} AND election_id = ${election.id} AND removed_at IS NULL`
  if (!v) throw invalid('voterId', '该选民不在本次选举的选民名单上')
  await deps.db.$transaction(async (tx) => {
    try {
      await tx.$executeRaw`INSERT INTO election_voted (voter_id, round_id, channel) VALUES (${voterId}, ${roundId}, 'paper')`
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      const [row] = await deps.db.$queryRaw<{ channel: string }[]>`SELECT channel FROM election_voted WHERE voter_id = ${voterId} AND round_id = ${roundId}`
      throw row?.channel === 'paper'
        ? conflict('ALREADY_MARKED', '该选民已登记为现场投票')
        : conflict('ALREADY_VOTED', '该选民已在网上投票，不能再投纸质选票')
    }
    await audit(tx, { actor, action: 'election.paper_voter', resourceType: 'election', resourceId: election.id, result: 'success', details: { roundId, voterId } }, origin)
  })
  return { voterId, round: roundId, channel: 'paper' as const }
}

/**
 * PUT /elections/:id/rounds/:roundId/paper-totals: after the round closed, the paper ballots'
 * count and votes per candidate (replacing any earlier entry), then the round is counted again.
 */
export async function setPaperTotals(deps: Deps, actor: Actor, electionId: number, roundId: number, body: z.output<typeof PaperTotalsBody>, origin: AuditOrigin) {
  const election = await committeeElection(deps, actor, electionId)
  const round = await loadRound(deps.db, electionId, roundId)
  if (!round) throw notFound('投票轮次')
  if (round.status !== 'closed' && round.status !== 'counted') throw conflict('ROUND_NOT_CLOSED', '投票结束后才能录入纸质选票')
  const [{ n: marked }] = await deps.db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_voted WHERE round_id = ${roundId} AND channel = 'paper'`
  if (body.ballots > Number(marked)) throw invalid('ballots', `纸质选票数不能超过登记现场投票的选民数（${Number(marked)}）`)
  const byId = new Map((await roundBallot(deps.db, election.id, round)).flatMap((c) => c.candidateIds.map((id) => [id, c] as const)))
  const perContest = new Map<number, number>()
  const rows: Prisma.Sql[] = []
  for (const [key, votes] of Object.entries(body.votes)) {
    const c = /^[1-9][0-9]{0,9}$/.test(key) ? byId.get(Number(key)) : undefined
    if (!c) throw invalid(`votes.${key}`, '不是本轮选票上的候选人')
    if (votes > body.ballots) throw invalid(`votes.${key}`, '票数不能超过纸质选票数')
    const sum = (perContest.get(c.id) ?? 0) + votes
    if (sum > body.ballots * c.seats) throw invalid(`votes.${key}`, '该职位的票数合计超过了选票数 × 应选人数')
    perContest.set(c.id, sum)
    rows.push(Prisma.sql`(${roundId}, ${Number(key)}, ${votes})`)
  }
  await deps.db.$transaction(async (tx) => {
    await tx.$executeRaw`UPDATE election_rounds SET paper_ballots = ${body.ballots} WHERE id = ${roundId}`
    await tx.$executeRaw`DELETE FROM election_paper_votes WHERE round_id = ${roundId}`
    if (rows.length) await tx.$executeRaw`INSERT INTO election_paper_votes (round_id, candidate_id, votes) VALUES ${Prisma.join(rows)}`
    await countRound(tx, roundId, deps.now())
    await audit(tx, { actor, action: 'election.paper_totals', resourceType: 'election', resourceId: election.id, result: 'success', details: { roundId, ballots: body.ballots } }, origin)
  })
  return counted(deps, election.id, roundId)
}

/** POST /elections/:id/rounds/:roundId/close: the round closes (or, closed already, is counted again) and is counted. */
export async function closeRound(deps: Deps, actor: Actor, electionId: number, roundId: number, origin: AuditOrigin) {
  const election = await committeeElection(deps, actor, electionId)
  const round = await loadRound(deps.db, electionId, roundId)
  if (!round) throw notFound('投票轮次')
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const n = await tx.$executeRaw`UPDATE election_rounds SET status = 'closed', closed_at = ${now} WHERE id = ${roundId} AND status = 'open'`
    if (n === 0) {
      const [r] = await tx.$queryRaw<{ status: string }[]>`SELECT status FROM election_rounds WHERE id = ${roundId} FOR UPDATE`
      if (r.status === 'scheduled') throw conflict('ROUND_NOT_OPEN', `${roundName(round)}尚未开始，不能结束`)
      if (r.status === 'counted') throw conflict('ROUND_COUNTED', `${roundName(round)}已经计票`)
    }
    await countRound(tx, roundId, now)
    if (round.kind === 'formal') await afterFormalCount(tx, deps, election.id, now)
    await audit(tx, { actor, action: 'election.round.close', resourceType: 'election', resourceId: election.id, result: 'success', details: { roundId } }, origin)
  })
  return counted(deps, election.id, roundId)
}
