import type { z } from 'zod'
import { inStaffScope, roleScope, type Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import type { DbOrTx } from '../../core/db.ts'
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { loadElection, loadRound, type ElectionRow } from './election.ballot.ts'
import { ROUND_KIND_LABEL, roundName } from './election.presenter.ts'
import { roundBallot } from './election.rounds.ts'
import type { BallotListQuery, BallotListView, BoardQuery, BoardView, ContestResultView, RoundResultView, RoundTotalsView } from './election.ballot.schema.ts'

type Totals = z.output<typeof RoundTotalsView>
type RoundResult = z.output<typeof RoundResultView>
type Contest = z.output<typeof ContestResultView>

export const OUTCOME_LABEL = { elected: '当选', not_elected: '未当选', tie: '票数相同（待另行选举）', advanced: '进入正式选举' } as const

/** The election and how the caller relates to it: 404 unless they live in its community or are its staff. */
export async function electionFor(deps: Deps, actor: Actor, electionId: number) {
  const election = await loadElection(deps.db, electionId)
  if (!election) throw notFound('选举')
  const staff = inStaffScope(actor, { streetId: election.street_id, communityId: election.community_id })
  const committee = roleScope(actor, 'committee').communityIds.includes(election.community_id)
  const resident = actor.residence.communityIds.includes(election.community_id)
  if (!staff && !committee && !resident) throw notFound('选举')
  return { election, staff: staff || committee, committee }
}

/** 403 unless the caller is committee staff of the election's community. */
export async function committeeElection(deps: Deps, actor: Actor, electionId: number): Promise<ElectionRow> {
  const { election, committee, staff } = await electionFor(deps, actor, electionId)
  if (!committee) throw staff ? forbidden('只有本社区居委会工作人员可以执行此操作') : notFound('选举')
  return election
}

export type RoundDb = {
  id: number; kind: 'preliminary' | 'formal'; seq: number; status: Totals['status']; paper_ballots: number
  registered_voters: number | null; ballots_cast: number | null; valid: number | boolean | null; counted_at: Date | null
}

export function presentTotals(r: RoundDb): Totals {
  const registered = r.registered_voters === null ? null : Number(r.registered_voters)
  const cast = r.ballots_cast === null ? null : Number(r.ballots_cast)
  return {
    id: Number(r.id), kind: r.kind, kindLabel: ROUND_KIND_LABEL[r.kind], seq: Number(r.seq), name: roundName({ kind: r.kind, seq: Number(r.seq) }), status: r.status,
    registeredVoters: registered, ballotsCast: cast, paperBallots: Number(r.paper_ballots),
    turnout: registered && cast !== null ? Math.round((cast / registered) * 10000) / 10000 : null,
    valid: r.valid === null ? null : Boolean(r.valid), countedAt: r.counted_at ? r.counted_at.toISOString() : null,
  }
}

export async function roundRows(db: DbOrTx, electionId: number, where: Prisma.Sql) {
  return db.$queryRaw<RoundDb[]>`SELECT id, kind, seq, status, paper_ballots, registered_voters, ballots_cast, valid, counted_at
    FROM election_rounds WHERE election_id = ${electionId} ${where} ORDER BY kind = 'formal', seq, id`
}

/** A counted round with its results per contest. */
export async function roundResult(db: DbOrTx, electionId: number, r: RoundDb): Promise<RoundResult> {
  const contests = await roundBallot(db, electionId, { id: Number(r.id), kind: r.kind, seq: Number(r.seq) })
  const results = await db.$queryRaw<{ contest_id: number; candidate_id: number; online_votes: number; paper_votes: number; outcome: keyof typeof OUTCOME_LABEL; name: string }[]>`
    SELECT res.contest_id, res.candidate_id, res.online_votes, res.paper_votes, res.outcome, COALESCE(p.real_name, u.display_name) AS name
    FROM election_results res JOIN election_candidates c ON c.id = res.candidate_id JOIN users u ON u.id = c.user_id
      LEFT JOIN resident_profiles p ON p.user_id = c.user_id
    WHERE res.round_id = ${r.id} ORDER BY res.online_votes + res.paper_votes DESC, res.candidate_id`
  return {
    ...presentTotals(r),
    contests: contests.map((c): Contest => {
      const mine = results.filter((x) => Number(x.contest_id) === Number(c.id))
      const filled = mine.filter((x) => x.outcome === 'elected' || x.outcome === 'advanced').length
      return {
        contestId: Number(c.id), name: c.name, seats: Number(c.seats), filled,
        unfilled: r.kind === 'formal' ? Math.max(0, Number(c.seats) - filled) : 0,
        tie: mine.some((x) => x.outcome === 'tie'),
        candidates: mine.map((x) => ({
          candidateId: Number(x.candidate_id), name: x.name, onlineVotes: Number(x.online_votes), paperVotes: Number(x.paper_votes),
          votes: Number(x.online_votes) + Number(x.paper_votes), outcome: x.outcome, outcomeLabel: OUTCOME_LABEL[x.outcome],
        })),
      }
    }),
  }
}

/** GET /elections/:id/results: residents see counted rounds once published; staff see them as soon as counted. */
export async function electionResults(deps: Deps, actor: Actor, electionId: number): Promise<RoundResult[]> {
  const { election, staff } = await electionFor(deps, actor, electionId)
  const [pub] = await deps.db.$queryRaw<{ published_at: Date | null }[]>`SELECT published_at FROM elections WHERE id = ${electionId}`
  if (!staff && !pub?.published_at) return []
  const rounds = await roundRows(deps.db, election.id, Prisma.sql`AND status = 'counted'`)
  return Promise.all(rounds.map((r) => roundResult(deps.db, election.id, r)))
}

const encode = (prefix: string, v: string) => Buffer.from(`${prefix}:${v}`).toString('base64url')
function decode(prefix: string, re: RegExp, cursor: string | undefined): string | undefined {
  if (!cursor) return undefined
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const value = text.startsWith(`${prefix}:`) ? text.slice(prefix.length + 1) : ''
  if (!re.test(value)) throw invalid('cursor', '分页游标无效')
  return value
}

async function closedRound(deps: Deps, electionId: number, roundId: number): Promise<RoundDb> {
  const round = await loadRound(deps.db, electionId, roundId)
  if (!round) throw notFound('投票轮次')
  if (round.status !== 'closed' && round.status !== 'counted') throw conflict('ROUND_NOT_CLOSED', '投票结束后才公布回执码')
  const [r] = await roundRows(deps.db, electionId, Prisma.sql`AND id = ${roundId}`)
  return r
}

/**
 * GET /elections/:id/rounds/:roundId/board: after the round closed, every tracker (sorted, by
 * pages), their count and the count of voters marked as voted online (equal). `tracker=` tells
 * whether one is on the board. Never what any ballot says.
 */
export async function roundBoard(deps: Deps, actor: Actor, electionId: number, roundId: number, q: z.output<typeof BoardQuery>) {
  await electionFor(deps, actor, electionId)
  const r = await closedRound(deps, electionId, roundId)
  const after = decode('t', /^[0-9A-Z]{12}$/, q.cursor)
  const page = await deps.db.$queryRaw<{ tracker: string }[]>`SELECT tracker FROM election_trackers
    WHERE round_id = ${roundId} ${after ? Prisma.sql`AND tracker > ${after}` : Prisma.empty} ORDER BY tracker LIMIT ${q.limit + 1}`
  const [{ n: trackers }] = await deps.db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_trackers WHERE round_id = ${roundId}`
  const [{ n: voted }] = await deps.db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_voted WHERE round_id = ${roundId} AND channel = 'online'`
  let found: boolean | null = null
  if (q.tracker) {
    const [hit] = await deps.db.$queryRaw<{ t: string }[]>`SELECT tracker AS t FROM election_trackers WHERE round_id = ${roundId} AND tracker = ${q.tracker}`
    found = !!hit
  }
  const items = page.slice(0, q.limit).map((t) => t.tracker)
  const data: z.output<typeof BoardView> = { round: presentTotals(r), trackers: items, trackerCount: Number(trackers), votedOnline: Number(voted), found }
  return { data, page: { nextCursor: page.length > q.limit ? encode('t', items[items.length - 1]) : null } }
}

/**
 * GET /elections/:id/rounds/:roundId/ballots: for the election's scrutineers (监票人) only, after
 * the round closed: the anonymous ballots in the order of their random ids, each with its choices,
 * and the round's counted totals to recount against.
 */
export async function scrutineerBallots(deps: Deps, actor: Actor, electionId: number, roundId: number, q: z.output<typeof BallotListQuery>) {
  const [s] = await deps.db.$queryRaw<{ user_id: number }[]>`SELECT user_id FROM election_scrutineers WHERE election_id = ${electionId} AND user_id = ${actor.id}`
  if (!s) {
    await electionFor(deps, actor, electionId) // 404 outside the election's community
    throw forbidden('只有本次选举的监票人可以查看选票', 'NOT_SCRUTINEER')
  }
  const r = await closedRound(deps, electionId, roundId)
  const after = decode('b', /^[0-9a-f]{32}$/, q.cursor)
  const ballots = await deps.db.$queryRaw<{ id: Uint8Array }[]>`SELECT id FROM election_ballots
    WHERE round_id = ${roundId} ${after ? Prisma.sql`AND id > ${Buffer.from(after, 'hex')}` : Prisma.empty} ORDER BY id LIMIT ${q.limit + 1}`
  const pageIds = ballots.slice(0, q.limit).map((b) => Buffer.from(b.id))
  const choices = pageIds.length
    ? await deps.db.$queryRaw<{ ballot_id: Uint8Array; contest_id: number; candidate_id: number }[]>`SELECT ballot_id, contest_id, candidate_id
        FROM election_ballot_choices WHERE ballot_id IN (${Prisma.join(pageIds)}) ORDER BY contest_id, candidate_id`
    : []
  const [{ n }] = await deps.db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_ballots WHERE round_id = ${roundId}`
  const list = pageIds.map((id) => ({
    id: id.toString('hex'),
    choices: choices.filter((c) => Buffer.from(c.ballot_id).equals(id)).map((c) => ({ contestId: Number(c.contest_id), candidateId: Number(c.candidate_id) })),
  }))
  const data: z.output<typeof BallotListView> = { round: await roundResult(deps.db, electionId, r), ballotCount: Number(n), ballots: list }
  return { data, page: { nextCursor: ballots.length > q.limit ? encode('b', list[list.length - 1].id) : null } }
}
