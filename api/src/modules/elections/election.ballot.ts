import { randomBytes, randomInt } from 'node:crypto'
import type { z } from 'zod'
import { inStaffScope, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { rawSql, retryDeadlock, sqlTransaction, type DbOrTx, type RawTx } from '../../core/db.ts'
import { conflict, forbidden, invalid, isUniqueViolation, notFound, unprocessable } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { roundName } from './election.presenter.ts'
import { openRoundBallot, type BallotContest } from './election.rounds.ts'
import { TRACKER_ALPHABET, TRACKER_LENGTH, type CastBallotBody, type CastBallotView } from './election.ballot.schema.ts'

type Input = z.output<typeof CastBallotBody>
type Cast = z.output<typeof CastBallotView>


/** A tracker code from the CSPRNG. */
export function newTracker(): string {
  let s = ''
  for (let i = 0; i < TRACKER_LENGTH; i++) s += TRACKER_ALPHABET[randomInt(TRACKER_ALPHABET.length)]
  return s
}

export type ElectionRow = { id: number; community_id: number; street_id: number; title: string; roll_closed_at: Date | null; has_preliminary: number | boolean }
export type RoundRow = {
  id: number; election_id: number; kind: 'preliminary' | 'formal'; seq: number; status: 'scheduled' | 'open' | 'closed' | 'counted'
  opens_at: Date | null; closes_at: Date | null
}

export async function loadElection(db: DbOrTx, id: number): Promise<ElectionRow | null> {
  const [row] = await db.$queryRaw<ElectionRow[]>`SELECT e.id, e.community_id, c.street_id, e.title, e.roll_closed_at, e.has_preliminary
    FROM elections e JOIN communities c ON c.id = e.community_id WHERE e.id = ${id}`
  return row ? { ...row, id: Number(row.id), community_id: Number(row.community_id), street_id: Number(row.street_id) } : null
}

export async function loadRound(db: DbOrTx, electionId: number, roundId: number): Promise<RoundRow | null> {
  const [row] = await db.$queryRaw<RoundRow[]>`SELECT id, election_id, kind, seq, status, opens_at, closes_at
    FROM election_rounds WHERE id = ${roundId} AND election_id = ${electionId}`
  return row ? { ...row, id: Number(row.id), election_id: Number(row.election_id), seq: Number(row.seq) } : null
}


/** 409 unless the round is open now (status open, and within its window when one is set). */
export function checkRoundOpen(round: RoundRow, now: Date): void {
  if (round.status !== 'open') throw conflict('ROUND_NOT_OPEN', `${roundName(round)}${round.status === 'scheduled' ? '尚未开始' : '已经结束'}投票`)
  if (round.opens_at && now < round.opens_at) throw conflict('ROUND_NOT_OPEN', `${roundName(round)}尚未开始投票`)
  if (round.closes_at && now >= round.closes_at) throw conflict('ROUND_NOT_OPEN', `${roundName(round)}投票时间已过`)
}

type BallotContext = ElectionRow & {
  round_id: number | null; kind: RoundRow['kind'] | null; seq: number | null; status: RoundRow['status'] | null
  opens_at: Date | null; closes_at: Date | null; voter_id: number | null; removed_at: Date | null; channel: 'online' | 'paper' | null
}

/** Everything the ballot's checks read, in one round trip: the election, the round, the caller's roll entry and voted mark. */
async function ballotContext(db: RawTx, electionId: number, roundId: number, userId: number): Promise<BallotContext | null> {
  const [row] = await db.$queryRaw<BallotContext[]>`SELECT e.id, e.community_id, c.street_id, e.title, e.roll_closed_at, e.has_preliminary,
      r.id AS round_id, r.kind, r.seq, r.status, r.opens_at, r.closes_at, v.id AS voter_id, v.removed_at, ev.channel
    FROM elections e JOIN communities c ON c.id = e.community_id
      LEFT JOIN election_rounds r ON r.id = ${roundId} AND r.election_id = e.id
      LEFT JOIN election_voters v ON v.election_id = e.id AND v.user_id = ${userId}
      LEFT JOIN election_voted ev ON ev.voter_id = v.id AND ev.round_id = r.id
    WHERE e.id = ${electionId}`
  return row ? { ...row, id: Number(row.id), community_id: Number(row.community_id), street_id: Number(row.street_id) } : null
}

/** 409 when the voter is already marked as voted in the round (online or on paper). */
export async function alreadyVoted(db: RawTx, voterId: number, roundId: number) {
  const [row] = await db.$queryRaw<{ channel: 'online' | 'paper' }[]>`SELECT channel FROM election_voted WHERE voter_id = ${voterId} AND round_id = ${roundId}`
  if (!row) return null
  return row.channel === 'paper'
    ? conflict('VOTED_ON_PAPER', '您已在现场投纸质选票，不能再网上投票')
    : conflict('ALREADY_VOTED', '您已在本轮投票，回执码只显示一次')
}

/**
 * The choices of a ballot, checked against what the round's ballot offers (`roundBallot`): each key
 * a contest on it, at most its seats, each candidate offered for that contest, no duplicates.
 * 422 naming `selections.<contestId>`.
 */
function checkSelections(contests: BallotContest[], selections: Input['selections']) {
  const byId = new Map(contests.map((c) => [c.id, c]))
  const choices: { contestId: number; candidateId: number }[] = []
  for (const [key, ids] of Object.entries(selections)) {
    const contestId = /^[1-9][0-9]{0,9}$/.test(key) ? Number(key) : 0
    const field = `selections.${key}`
    const contest = byId.get(contestId)
    if (!contest) throw unprocessable('INVALID_SELECTION', '不是本轮选票上的职位', { fields: [{ field, message: '不是本轮选票上的职位' }] })
    const fail = (message: string) => unprocessable('INVALID_SELECTION', message, { fields: [{ field, message }] })
    if (new Set(ids).size !== ids.length) throw fail('同一候选人不能重复选择')
    if (ids.length > contest.seats) throw fail(`该职位最多选 ${contest.seats} 人`)
    for (const id of ids) {
      if (!contest.candidateIds.includes(id)) throw fail(`候选人 ${id} 不是本轮该职位选票上的候选人（未通过资格审查、已退出、未进入正式选举或已当选）`)
      choices.push({ contestId, candidateId: id })
    }
  }
  return choices
}

class Voted extends Error {}

/** Inserts a tracker for the round, drawing again on the (unlikely) collision. */
async function insertTracker(tx: RawTx, roundId: number): Promise<string> {
  for (let i = 0; i < 5; i++) {
    const tracker = newTracker()
    const n = await tx.$executeRaw`INSERT IGNORE INTO election_trackers (tracker, round_id) VALUES (${tracker}, ${roundId})`
    if (n === 1) return tracker
  }
  throw new Error('could not draw a free tracker code')
}

/**
 * POST /elections/:id/ballots. All checks first, nothing written; then one transaction: the voted
 * mark (its primary key voter × round makes parallel submissions one ballot: a duplicate is 409),
 * the ballot under a random id with its choices, a random tracker on the board, the voter's
 * message (without the tracker) and an audit entry without content. Nothing links the mark to the
 * ballot or the tracker: they share only the round. The tracker is answered once and kept nowhere else.
 */
export async function castBallot(deps: Deps, actor: Actor, electionId: number, input: Input, origin: AuditOrigin): Promise<Cast> {
  const db = rawSql(deps.sql)
  const now = deps.now()
  const ctx = await ballotContext(db, electionId, input.round, actor.id)
  // Outside the community (and not on its roll): "not found", as for an election that does not exist.
  if (!ctx || (!actor.residence.communityIds.includes(ctx.community_id) && !inStaffScope(actor, { streetId: ctx.street_id, communityId: ctx.community_id }) && ctx.voter_id === null)) {
    throw notFound('选举')
  }
  const election: ElectionRow = ctx
  if (ctx.round_id === null) throw invalid('round', '不是本次选举的投票轮次')
  const round: RoundRow = {
    id: Number(ctx.round_id), election_id: ctx.id, kind: ctx.kind!, seq: Number(ctx.seq), status: ctx.status!, opens_at: ctx.opens_at, closes_at: ctx.closes_at,
  }
  checkRoundOpen(round, now)
  if (!ctx.roll_closed_at) throw forbidden('选民名单尚未确定，暂不能投票', 'NOT_ON_ROLL')
  if (ctx.voter_id === null || ctx.removed_at) throw forbidden('您不在本次选举的选民名单上，不能投票', 'NOT_ON_ROLL')
  const voterId = Number(ctx.voter_id)
  if (ctx.channel === 'paper') throw conflict('VOTED_ON_PAPER', '您已在现场投纸质选票，不能再网上投票')
  if (ctx.channel === 'online') throw conflict('ALREADY_VOTED', '您已在本轮投票，回执码只显示一次')
  const choices = checkSelections(await openRoundBallot(deps.db, election.id, round), input.selections)

  // On a bare mysql2 connection: the same statements as through Prisma, without its per-statement cost.
  const attempt = () => sqlTransaction(deps.sql, async (tx) => {
    try {
      await tx.$executeRaw`INSERT INTO election_voted (voter_id, round_id, channel) VALUES (${voterId}, ${round.id}, 'online')`
    } catch (e) {
      if (isUniqueViolation(e)) throw new Voted()
      throw e
    }
    const ballotId = randomBytes(16)
    await tx.$executeRaw`INSERT INTO election_ballots (id, round_id) VALUES (${ballotId}, ${round.id})`
    if (choices.length) {
      const rows = choices.map((c) => Prisma.sql`(${ballotId}, ${c.contestId}, ${c.candidateId})`)
      await tx.$executeRaw`INSERT INTO election_ballot_choices (ballot_id, contest_id, candidate_id) VALUES ${Prisma.join(rows)}`
    }
    const tracker = await insertTracker(tx, round.id)
    await notifyUsers(tx, deps.config, {
      userIds: [actor.id], kind: 'election_voted', resourceType: 'election', resourceId: `${election.id}:${round.id}`,
      title: '投票成功', body: `您已在「${election.title}」${roundName(round)}中投票。感谢您参与社区选举。`,
      link: `/packages/elections/detail/index?id=${election.id}`, templateKey: 'election',
      payload: { title: election.title, phase: '投票成功', round: roundName(round), time: now.toISOString() }, now,
    })
    await audit(tx, { actor, action: 'election.vote', resourceType: 'election', resourceId: election.id, result: 'success', details: { roundId: round.id } }, origin)
    return tracker
  })

  try {
    return { tracker: await retryDeadlock(deps, attempt), round: round.id }
  } catch (e) {
    if (e instanceof Voted) throw (await alreadyVoted(db, voterId, round.id)) ?? conflict('ALREADY_VOTED', '您已在本轮投票，回执码只显示一次')
    throw e
  }
}
