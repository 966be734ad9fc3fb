import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { DbOrTx, Tx } from '../../core/db.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { fileUrls } from '../../core/fileUrls.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { electionFor } from './election.board.ts'
import { announce } from './election.announce.ts'
import { presentRound, roundName, type RoundFacts } from './election.presenter.ts'
import type { BallotPaperView, CreateRoundBody, RoundBriefView } from './election.schema.ts'
import { loadManaged } from './election.service.ts'

type Round = Pick<RoundFacts, 'id' | 'kind' | 'seq'>

/** A contest on a round's ballot: the seats this round fills and the candidates it offers. */
export type BallotContest = { id: number; name: string; seats: number; candidateIds: number[] }

/**
 * What a round's ballot offers, the one definition the ballot check, the count, paper totals and
 * the ballot paper share. The first round of a kind covers every contest with all its seats; a
 * further formal round (另行选举) covers the contests named in `election_round_contests` with the
 * seats left. Candidates: approved ones; in a formal round after a preliminary, those who advanced;
 * in a further round, those not already elected in an earlier formal round.
 */
export async function roundBallot(db: DbOrTx, electionId: number, round: Round): Promise<BallotContest[]> {
  const named = await db.$queryRaw<{ contest_id: number; seats: number }[]>`SELECT contest_id, seats FROM election_round_contests WHERE round_id = ${round.id}`
  const contests = await db.$queryRaw<{ id: number; name: string; seats: number }[]>`SELECT id, name, seats FROM election_contests
    WHERE election_id = ${electionId} ORDER BY sort_order, id`
  const [{ n: prelims }] = round.kind === 'formal'
    ? await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_rounds WHERE election_id = ${electionId} AND kind = 'preliminary'`
    : [{ n: 0n }]
  const candidates = await db.$queryRaw<{ id: number; contest_id: number }[]>`SELECT c.id, c.contest_id FROM election_candidates c
    WHERE c.election_id = ${electionId} AND c.status = 'approved' ${Number(prelims) > 0 ? Prisma.sql`AND c.advanced = TRUE` : Prisma.empty}
      ${round.kind === 'formal' && round.seq > 1 ? Prisma.sql`AND NOT EXISTS (SELECT 1 FROM election_results res JOIN election_rounds r ON r.id = res.round_id
        WHERE res.candidate_id = c.id AND res.outcome = 'elected' AND r.kind = 'formal' AND r.seq < ${round.seq})` : Prisma.empty}
    ORDER BY c.id`
  const seatsOf = new Map(named.map((n) => [Number(n.contest_id), Number(n.seats)]))
  return contests
    .filter((c) => named.length === 0 || seatsOf.has(Number(c.id)))
    .map((c) => ({
      id: Number(c.id), name: c.name, seats: seatsOf.get(Number(c.id)) ?? Number(c.seats),
      candidateIds: candidates.filter((x) => Number(x.contest_id) === Number(c.id)).map((x) => Number(x.id)),
    }))
}

const OPEN_BALLOTS = new Map<number, { until: number; contests: BallotContest[] }>()
/** How long a process keeps an open round's ballot (the ballot route reads it for every vote). */
export const OPEN_BALLOT_CACHE_MS = 5_000

/**
 * `roundBallot` of a round being voted in, kept for 5 s per process: during a vote the ballot does
 * not change (candidates are reviewed before it opens; withdrawing ends when the formal vote
 * opens), and every ballot needs it. A candidate who withdraws during a preliminary vote may stay
 * offered for those seconds; the count reads the ballot afresh and leaves such choices out.
 */
export async function openRoundBallot(db: DbOrTx, electionId: number, round: Round): Promise<BallotContest[]> {
  const now = Date.now()
  const hit = OPEN_BALLOTS.get(round.id)
  if (hit && hit.until > now) return hit.contests
  const contests = await roundBallot(db, electionId, round)
  if (OPEN_BALLOTS.size > 200) for (const [k, v] of OPEN_BALLOTS) if (v.until <= now) OPEN_BALLOTS.delete(k)
  OPEN_BALLOTS.set(round.id, { until: now + OPEN_BALLOT_CACHE_MS, contests })
  return contests
}

/** Per contest, the seats no counted formal round has filled yet (all of them when none was valid). */
export async function seatsLeft(db: DbOrTx, electionId: number): Promise<{ contestId: number; name: string; seats: number; left: number }[]> {
  const rows = await db.$queryRaw<{ id: number; name: string; seats: number; elected: bigint }[]>`SELECT k.id, k.name, k.seats,
      (SELECT COUNT(*) FROM election_results res JOIN election_rounds r ON r.id = res.round_id
        WHERE res.contest_id = k.id AND res.outcome = 'elected' AND r.kind = 'formal' AND r.status = 'counted') AS elected
    FROM election_contests k WHERE k.election_id = ${electionId} ORDER BY k.sort_order, k.id`
  return rows.map((r) => ({ contestId: Number(r.id), name: r.name, seats: Number(r.seats), left: Math.max(0, Number(r.seats) - Number(r.elected)) }))
}

async function roundFacts(db: DbOrTx, electionId: number, roundId: number): Promise<RoundFacts | null> {
  const [r] = await db.$queryRaw<{ id: number; kind: RoundFacts['kind']; seq: number; status: RoundFacts['status']; opens_at: Date | null; closes_at: Date | null }[]>`
    SELECT id, kind, seq, status, opens_at, closes_at FROM election_rounds WHERE id = ${roundId} AND election_id = ${electionId}`
  return r ? { id: Number(r.id), kind: r.kind, seq: Number(r.seq), status: r.status, opensAt: r.opens_at, closesAt: r.closes_at } : null
}

/**
 * GET /elections/:id/rounds/:roundId/ballot-paper: the round's contests, the seats to fill and the
 * candidates (full names: the candidate list is public), for anyone who may see the election.
 */
export async function ballotPaper(deps: Deps, actor: Actor, electionId: number, roundId: number): Promise<z.output<typeof BallotPaperView>> {
  const { election } = await electionFor(deps, actor, electionId)
  const round = await roundFacts(deps.db, electionId, roundId)
  if (!round) throw notFound('投票轮次')
  const contests = await roundBallot(deps.db, electionId, round)
  const ids = contests.flatMap((c) => c.candidateIds)
  const people = ids.length
    ? await deps.db.$queryRaw<{ id: number; name: string; building_label: string | null; statement: string; storage_key: string | null }[]>`
        SELECT c.id, COALESCE(p.real_name, u.display_name) AS name, v.building_label, c.statement, up.storage_key
        FROM election_candidates c JOIN users u ON u.id = c.user_id LEFT JOIN resident_profiles p ON p.user_id = c.user_id
          LEFT JOIN election_voters v ON v.election_id = c.election_id AND v.user_id = c.user_id LEFT JOIN uploads up ON up.id = c.photo_upload_id
        WHERE c.id IN (${Prisma.join(ids)})`
    : []
  const byId = new Map(people.map((p) => [Number(p.id), p]))
  const urls = fileUrls(deps.config, deps.now())
  const [voted] = await deps.db.$queryRaw<{ voter_id: number; voted: bigint }[]>`SELECT v.id AS voter_id,
      (SELECT COUNT(*) FROM election_voted ev WHERE ev.voter_id = v.id AND ev.round_id = ${roundId}) AS voted
    FROM election_voters v WHERE v.election_id = ${electionId} AND v.user_id = ${actor.id}`
  return {
    round: presentRound(round, voted ? (Number(voted.voted) > 0 ? [round.id] : []) : null),
    electionTitle: election.title,
    contests: contests.map((c) => ({
      id: c.id, name: c.name, seats: c.seats,
      candidates: c.candidateIds.map((id) => {
        const p = byId.get(id)
        return { id, name: p?.name ?? '', buildingLabel: p?.building_label ?? '', statement: p?.statement ?? '', photoUrl: p?.storage_key ? urls.signed(p.storage_key) : null }
      }),
    })),
  }
}

/** The election row, locked, for a change of its rounds or phase. */
async function lockElection(tx: Tx, id: number) {
  const [e] = await tx.$queryRaw<{ phase: string; title: string; community_id: number; published_at: Date | null }[]>`
    SELECT phase, title, community_id, published_at FROM elections WHERE id = ${id} FOR UPDATE`
  return e
}

/**
 * POST /elections/:id/rounds: a further formal round (另行选举) for contests with seats left after
 * every formal round was counted (a tie, too few votes, or an invalid round). In 计票 only; the new
 * round is scheduled until opened; its ballot must still offer more candidates than seats left
 * where more than one candidate remains (差额). Under the election's lock.
 */
export async function createRound(deps: Deps, actor: Actor, id: number, input: z.output<typeof CreateRoundBody>, origin: AuditOrigin) {
  await loadManaged(deps, actor, id)
  if (new Set(input.contestIds).size !== input.contestIds.length) throw invalid('contestIds', '职位不能重复')
  if (input.opensAt && input.closesAt && Date.parse(input.opensAt) >= Date.parse(input.closesAt)) throw invalid('closesAt', '结束时间必须晚于开始时间')
  const roundId = await deps.db.$transaction(async (tx) => {
    const e = await lockElection(tx, id)
    if (e.phase !== 'counting') throw conflict('WRONG_PHASE', '另行选举只能在正式选举计票后、结果公布前安排', { needed: ['counting'], current: e.phase })
    const [{ n: pending }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_rounds
      WHERE election_id = ${id} AND kind = 'formal' AND status <> 'counted'`
    if (Number(pending) > 0) throw conflict('ROUND_PENDING', '还有未计票的投票轮次')
    const left = new Map((await seatsLeft(tx, id)).map((s) => [s.contestId, s]))
    const [{ seq }] = await tx.$queryRaw<{ seq: number }[]>`SELECT COALESCE(MAX(seq), 0) + 1 AS seq FROM election_rounds WHERE election_id = ${id} AND kind = 'formal'`
    const probe = { id: 0, kind: 'formal' as const, seq: Number(seq) }
    const offered = new Map((await roundBallot(tx, id, probe)).map((c) => [c.id, c.candidateIds.length]))
    input.contestIds.forEach((cid, i) => {
      const s = left.get(cid)
      if (!s) throw invalid(`contestIds.${i}`, '不是本次选举的职位')
      if (s.left === 0) throw invalid(`contestIds.${i}`, `「${s.name}」的席位已全部选出`)
      if ((offered.get(cid) ?? 0) === 0) throw invalid(`contestIds.${i}`, `「${s.name}」没有可以参加另行选举的候选人`)
    })
    let round: number
    try {
      await tx.$executeRaw`INSERT INTO election_rounds (election_id, kind, seq, status, opens_at, closes_at)
        VALUES (${id}, 'formal', ${Number(seq)}, 'scheduled', ${input.opensAt ? new Date(input.opensAt) : null}, ${input.closesAt ? new Date(input.closesAt) : null})`
      const [{ rid }] = await tx.$queryRaw<{ rid: bigint }[]>`SELECT LAST_INSERT_ID() AS rid`
      round = Number(rid)
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ROUND_EXISTS', '另行选举已经安排')
      throw err
    }
    const rows = input.contestIds.map((cid) => Prisma.sql`(${round}, ${cid}, ${left.get(cid)!.left})`)
    await tx.$executeRaw`INSERT INTO election_round_contests (round_id, contest_id, seats) VALUES ${Prisma.join(rows)}`
    await tx.$executeRaw`UPDATE elections SET version = version + 1 WHERE id = ${id}`
    await audit(tx, { actor, action: 'election.round.create', resourceType: 'election', resourceId: id, result: 'success', details: { roundId: round, contestIds: input.contestIds } }, origin)
    return round
  })
  return presentRound((await roundFacts(deps.db, id, roundId))!, null)
}

/**
 * POST /elections/:id/rounds/:roundId/open: a scheduled further round opens; the election returns
 * from 计票 to 正式选举 and the community's residents are told.
 */
export async function openRound(deps: Deps, actor: Actor, id: number, roundId: number, origin: AuditOrigin): Promise<z.output<typeof RoundBriefView>> {
  await loadManaged(deps, actor, id)
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const e = await lockElection(tx, id)
    if (e.published_at) throw conflict('ELECTION_PUBLISHED', '选举结果已公布，不能再投票')
    const round = await roundFacts(tx, id, roundId)
    if (!round) throw notFound('投票轮次')
    const n = await tx.$executeRaw`UPDATE election_rounds SET status = 'open', opened_at = ${now} WHERE id = ${roundId} AND status = 'scheduled'`
    if (n !== 1) throw conflict('ROUND_NOT_SCHEDULED', `${roundName(round)}已经开始或结束`)
    await tx.$executeRaw`UPDATE elections SET phase = 'formal', version = version + 1 WHERE id = ${id}`
    await tx.$executeRaw`UPDATE election_phases SET closed_at = NULL WHERE election_id = ${id} AND phase = 'formal'`
    await announce(tx, deps, { id, title: e.title, communityId: Number(e.community_id) }, {
      key: `round:${roundId}`, title: '另行选举开始投票', body: `「${e.title}」${roundName(round)}开始投票，请在投票时间内参加。`, phase: '另行选举',
    }, now)
    await audit(tx, { actor, action: 'election.round.open', resourceType: 'election', resourceId: id, result: 'success', details: { roundId } }, origin)
  })
  return presentRound((await roundFacts(deps.db, id, roundId))!, null)
}
