import type { Tx } from '../../core/db.ts'
import { conflict } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { roundBallot } from './election.rounds.ts'
import { tallyRound, type TallyResult } from './election.tally.ts'

type RoundFacts = {
  id: number; election_id: number; kind: 'preliminary' | 'formal'; seq: number; status: string; paper_ballots: number
  turnout_num: number; turnout_den: number; elect_num: number; elect_den: number; advance_extra: number; published_at: Date | null
}

/**
 * Counts a closed round (or counts again, e.g. after the paper totals were entered, until the
 * election is published): the roll (voters not removed), the ballots (online + paper), the votes
 * per candidate on the round's ballot (`roundBallot`: ballot choices + paper totals), then
 * `tallyRound` under the election's rules.
 * Writes the round's totals and status `counted` and replaces its `election_results`; after a
 * preliminary round, marks which candidates advance. Inside the caller's transaction.
 */
export async function countRound(tx: Tx, roundId: number, now: Date): Promise<TallyResult> {
  const [round] = await tx.$queryRaw<RoundFacts[]>`SELECT r.id, r.election_id, r.kind, r.seq, r.status, r.paper_ballots,
      e.turnout_num, e.turnout_den, e.elect_num, e.elect_den, e.advance_extra, e.published_at
    FROM election_rounds r JOIN elections e ON e.id = r.election_id WHERE r.id = ${roundId} FOR UPDATE`
  if (!round) throw conflict('ROUND_NOT_FOUND', '投票轮次不存在')
  if (round.status !== 'closed' && round.status !== 'counted') throw conflict('ROUND_NOT_CLOSED', '投票结束后才能计票')
  if (round.published_at) throw conflict('ELECTION_PUBLISHED', '选举结果已公布，不能重新计票')
  const electionId = Number(round.election_id)

  const [{ n: registered }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_voters
    WHERE election_id = ${electionId} AND removed_at IS NULL`
  const [{ n: online }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_ballots WHERE round_id = ${roundId}`
  const contests = await roundBallot(tx, electionId, { id: roundId, kind: round.kind, seq: Number(round.seq) })
  const onlineVotes = await tx.$queryRaw<{ candidate_id: number; n: bigint }[]>`SELECT c.candidate_id, COUNT(*) AS n
    FROM election_ballot_choices c JOIN election_ballots b ON b.id = c.ballot_id WHERE b.round_id = ${roundId} GROUP BY c.candidate_id`
  const paperVotes = await tx.$queryRaw<{ candidate_id: number; votes: number }[]>`SELECT candidate_id, votes FROM election_paper_votes WHERE round_id = ${roundId}`
  const onlineBy = new Map(onlineVotes.map((v) => [Number(v.candidate_id), Number(v.n)]))
  const paperBy = new Map(paperVotes.map((v) => [Number(v.candidate_id), Number(v.votes)]))

  const ballotsCast = Number(online) + Number(round.paper_ballots)
  const result = tallyRound({
    kind: round.kind, registeredVoters: Number(registered), ballotsCast,
    turnout: { num: Number(round.turnout_num), den: Number(round.turnout_den) },
    elect: { num: Number(round.elect_num), den: Number(round.elect_den) },
    advanceExtra: Number(round.advance_extra),
    contests: contests.map((c) => ({
      id: c.id, seats: c.seats,
      candidates: c.candidateIds.map((id) => ({ id, online: onlineBy.get(id) ?? 0, paper: paperBy.get(id) ?? 0 })),
    })),
  })

  await tx.$executeRaw`DELETE FROM election_results WHERE round_id = ${roundId}`
  const rows = result.contests.flatMap((c) => c.candidates.map((x) =>
    Prisma.sql`(${roundId}, ${c.contestId}, ${x.candidateId}, ${x.online}, ${x.paper}, ${x.outcome})`))
  if (rows.length) {
    await tx.$executeRaw`INSERT INTO election_results (round_id, contest_id, candidate_id, online_votes, paper_votes, outcome) VALUES ${Prisma.join(rows)}`
  }
  await tx.$executeRaw`UPDATE election_rounds SET status = 'counted', registered_voters = ${Number(registered)}, ballots_cast = ${ballotsCast},
      valid = ${result.valid}, counted_at = ${now} WHERE id = ${roundId}`
  if (round.kind === 'preliminary') {
    const advanced = result.contests.flatMap((c) => c.candidates.filter((x) => x.outcome === 'advanced').map((x) => x.candidateId))
    await tx.$executeRaw`UPDATE election_candidates SET advanced = false, version = version + 1, updated_at = ${now}
      WHERE election_id = ${electionId} AND status = 'approved'`
    if (advanced.length) {
      await tx.$executeRaw`UPDATE election_candidates SET advanced = true WHERE id IN (${Prisma.join(advanced)})`
    }
  }
  return result
}
