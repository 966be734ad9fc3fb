// The ballot burst of `npm run bench`: 10,000 voters of one community each POST their ballot at once
// (`POST /api/v1/elections/:id/ballots`, their own token and Idempotency-Key, 50 connections), then
// 500 of them submit again, which must all be answered 409 ALREADY_VOTED. Ballots/s and p99 are
// reported, and afterwards the secret ballot is checked against the database: ballots = voted
// marks = trackers = 201 answers, no voter marked twice, and the choices stored add up, candidate
// by candidate, to what the 201-answered requests sent. A broken invariant fails the run loudly
// (exit code 1). The bench election (found by its title) is removed with everything it holds before
// each run and after the last; the API's audit rows stay (the audit log refuses deletes).
import type { Connection } from 'mysql2/promise'
import autocannon, { type Result as CannonResult } from 'autocannon'
import { burstResidents, warmThenMeasure, type BurstCtx } from './burst.ts'
import { meterBurst } from './machine.ts'
import { fmt, type Result } from './report.ts'

export const BALLOT_BURST_KEY = 'ballot-burst'
/** The bench election's title (one per community it ran in; found by it to reset). */
const TITLE = '压测：第十二届居民委员会换届选举'
/** How many voters submit a second time (all must be refused). */
const AGAIN = 500

type Ctx = BurstCtx<{ connections: number; 'burst-voters': number }>

type Bench = { electionId: number; roundId: number; contestId: number; candidateIds: number[] }
/** Answers by status; votes sent per candidate in requests answered 201; a few unexpected answers. */
type Tally = { t0: number; tEnd: number; byStatus: Map<number, number>; sentVotes: Map<number, number>; already: number; other: string[]; cause?: string }

/** What voter i chooses for the 2 seats: one or two of the 3 candidates, in a fixed mix. */
const CHOICES: number[][] = [[0, 1], [0], [1, 2], [0, 2], [2], [0, 1], [1]]
const choiceOf = (b: Bench, i: number) => CHOICES[i % CHOICES.length].map((k) => b.candidateIds[k])

/** Runs the burst (a warm-up burst first, unmeasured, when --warmup > 0) and returns its row and notes. */
export async function ballotBurst(ctx: Ctx): Promise<{ result: Result; notes: string[] }> {
  const { db, flags } = ctx
  const N = flags['burst-voters']
  const C = Math.min(flags.connections, N)
  const label = `ballot burst: ${fmt(N)} voters cast their ballot at once (${C} connections), then ${AGAIN} vote again`
  const skipped = (why: string) => ({ result: { key: BALLOT_BURST_KEY, label, skipped: true }, notes: [`Ballot burst not measured: ${why}`] })
  const picked = await burstResidents(db, { table: 'election_voted', tablesOf: 'election', salt: 'vote', n: N })
  if ('skip' in picked) return skipped(picked.skip)
  const { communityId, userIds: voters } = picked

  const runOnce = async (tag: string) => {
    await reset(db, communityId, voters)
    const t0 = performance.now()
    const b = await createBenchElection(db, communityId, voters)
    const seeded = performance.now() - t0
    const tally: Tally = { t0: 0, tEnd: 0, byStatus: new Map(), sentVotes: new Map(), already: 0, other: [] }
    const { r, cpu, perReq } = await meterBurst(ctx, db, () => fire(ctx, b, voters, N, C, tag, tally))
    // The second wave: the first AGAIN voters, fresh Idempotency-Keys, all must be refused.
    const again: Tally = { t0: 0, tEnd: 0, byStatus: new Map(), sentVotes: new Map(), already: 0, other: [] }
    const r2 = await fire(ctx, b, voters, Math.min(AGAIN, N), Math.min(C, AGAIN), `${tag}-again`, again)
    const check = await checkBallots(db, b, tally, r, again, r2, Math.min(AGAIN, N))
    return { r, tally, again, check, cpu, perReq, seeded }
  }

  const notes: string[] = []
  const { warm, m } = await warmThenMeasure(ctx, BALLOT_BURST_KEY, runOnce)
  await reset(db, communityId, voters)

  const seconds = (m.tally.tEnd - m.tally.t0) / 1000
  const answered = m.r.requests.total
  const ballots = m.tally.byStatus.get(201) ?? 0
  const unexpected = answered - ballots + m.r.errors
  const raw = ctx.results.find((x) => x.key === 'raw-insert' && !x.skipped)
  const rps = answered / seconds
  const ratio = raw?.rps ? ` ${(rps / raw.rps).toFixed(2)}× the raw INSERT baseline of this sitting (${fmt(raw.rps)} req/s, ${raw.p99} ms p99)` : ''
  const result: Result = {
    key: BALLOT_BURST_KEY, label, rps, p50: m.r.latency.p50, p99: m.r.latency.p99, max: m.r.latency.max,
    errors: unexpected, timeouts: m.r.timeouts,
    statuses: [...m.tally.byStatus].filter(([s]) => s !== 201).map(([s, n]) => `${s}×${n}`).join(', '),
    total: answered, bytes: m.r.throughput.average, cpu: m.cpu, perReq: m.perReq,
  }
  ctx.log(`  ${BALLOT_BURST_KEY} election of ${fmt(N)} voters seeded in ${fmt(m.seeded)} ms; ${fmt(answered)} answers in ${seconds.toFixed(2)} s: ` +
    `**${fmt(ballots / seconds)} ballots/s**, p50 ${m.r.latency.p50} ms p99 ${m.r.latency.p99} ms, ${fmt(ballots)} cast (201), ${unexpected} other` +
    `${m.tally.other.length ? ` e.g. ${m.tally.other.join(' | ')}` : ''};${ratio} ` +
    `cpu: api ${Math.round(m.cpu.server * 100)}% db ${Math.round(m.cpu.db * 100)}% autocannon ${Math.round(m.cpu.gen * 100)}%; ` +
    `per ballot ${fmt(m.perReq.Questions, 1)} statements, ${fmt(m.perReq.Rows_read)} rows read, ${fmt(m.perReq.Innodb_row_lock_waits, 2)} row-lock waits ` +
    `(${fmt(m.perReq.Innodb_row_lock_time, 1)} ms)`)
  ctx.log(`  ${BALLOT_BURST_KEY} check: ${m.check.summary}`)
  if (m.tally.cause) ctx.log(`    the first failure as the api logged it: ${m.tally.cause}`)
  notes.push(
    `Ballot burst (\`POST /api/v1/elections/:id/ballots\`, one token and Idempotency-Key per voter): ${fmt(N)} voters of community ${communityId} ` +
    `on the closed roll of a formal round (1 contest, 2 seats, 3 candidates; one or two choices each), ${C} autocannon connections, all answered in ` +
    `${seconds.toFixed(2)} s: **${fmt(ballots / seconds)} ballots/s** (${fmt(ballots)} cast), p50 ${m.r.latency.p50} ms, **p99 ${m.r.latency.p99} ms**;${ratio}` +
    `${warm ? '; after one unmeasured warm-up burst on a fresh copy of the election' : ''}.`,
    `Ballot burst check: ${m.check.summary}${warm ? ` Warm-up burst: ${warm.check.ok ? 'consistent' : warm.check.summary}` : ''}`,
  )
  if (!m.check.ok || (warm && !warm.check.ok)) {
    ctx.log(`\n  !!! BALLOT BURST INCONSISTENT: ${m.check.ok ? `(warm-up) ${warm!.check.summary}` : m.check.summary}\n`)
    process.exitCode = 1
  }
  return { result, notes }
}

/** One wave: `amount` requests, request i as voter i with their ballot, tallied by answer. */
function fire(ctx: Ctx, b: Bench, voters: number[], amount: number, connections: number, tag: string, tally: Tally) {
  let next = 0
  const body = (i: number) => JSON.stringify({ round: b.roundId, selections: { [b.contestId]: choiceOf(b, i) } })
  return autocannon({
    url: ctx.api,
    connections,
    amount,
    // Long: a request timed out would be sent again by autocannon with the next body.
    timeout: 120,
    requests: [{
      method: 'POST',
      path: `/api/v1/elections/${b.electionId}/ballots`,
      setupRequest: (req, context) => {
        const i = next++
        if (i === 0) tally.t0 = performance.now()
        context.i = i
        return {
          ...req,
          headers: { authorization: ctx.token(voters[i % voters.length]), 'content-type': 'application/json', 'idempotency-key': `bench-vote-${tag}-${i}` },
          body: body(i),
        }
      },
      onResponse: (status, text, context) => {
        tally.tEnd = performance.now()
        tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1)
        if (status === 201) {
          for (const id of choiceOf(b, Number(context.i))) tally.sentVotes.set(id, (tally.sentVotes.get(id) ?? 0) + 1)
        } else if (status === 409 && text.includes('ALREADY_VOTED')) tally.already++
        if (status !== 201 && !(status === 409 && text.includes('ALREADY_VOTED'))) {
          if (tally.other.length < 3) tally.other.push(`${status} ${text.slice(0, 200)}`)
          if (!tally.cause) tally.cause = ctx.apiTail().split('\n').filter((l) => l.includes('"request failed"')).slice(-1)[0]?.slice(0, 700)
        }
      },
    }],
  })
}

/**
 * The secret ballot after a burst, from the database: ballots = voted marks = trackers = 201
 * answers; no voter marked twice and every mark a voter of the roll; the choices per candidate =
 * the votes the 201-answered requests sent; every request of the first wave answered 201 and every
 * one of the second 409 ALREADY_VOTED.
 */
async function checkBallots(db: Connection, b: Bench, t: Tally, r: CannonResult, again: Tally, r2: CannonResult, againSent: number) {
  const [row] = (await db.query(`SELECT
      (SELECT COUNT(*) FROM election_ballots WHERE round_id = ?) AS ballots,
      (SELECT COUNT(*) FROM election_voted WHERE round_id = ?) AS voted,
      (SELECT COUNT(*) FROM election_trackers WHERE round_id = ?) AS trackers,
      (SELECT COUNT(*) - COUNT(DISTINCT voter_id) FROM election_voted WHERE round_id = ?) AS twice,
      (SELECT COUNT(*) FROM election_voted ev LEFT JOIN election_voters v ON v.id = ev.voter_id AND v.election_id = ?
        WHERE ev.round_id = ? AND v.id IS NULL) AS strangers`,
  [b.roundId, b.roundId, b.roundId, b.roundId, b.electionId, b.roundId]))[0] as Record<string, number>[]
  const n = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, Number(v)]))
  const stored = new Map(((await db.query(`SELECT c.candidate_id, COUNT(*) AS n FROM election_ballot_choices c
      JOIN election_ballots bl ON bl.id = c.ballot_id WHERE bl.round_id = ? GROUP BY c.candidate_id`, [b.roundId]))[0] as { candidate_id: number; n: number }[])
    .map((x) => [Number(x.candidate_id), Number(x.n)]))
  const ok = t.byStatus.get(201) ?? 0
  const problems: string[] = []
  if (n.ballots !== ok || n.voted !== ok || n.trackers !== ok) problems.push(`ballots ${n.ballots}, voted marks ${n.voted}, trackers ${n.trackers} ≠ ${ok} answers 201`)
  if (n.twice) problems.push(`${n.twice} voters marked twice`)
  if (n.strangers) problems.push(`${n.strangers} voted marks of no voter on the roll`)
  const votesOff = b.candidateIds.filter((id) => (stored.get(id) ?? 0) !== (t.sentVotes.get(id) ?? 0))
  if (votesOff.length || stored.size > b.candidateIds.length) problems.push(`choices stored ≠ choices sent for candidates ${votesOff.join(', ') || 'outside the contest'}`)
  const firstSent = r.requests.total
  if (ok !== firstSent || r.errors || r.timeouts) problems.push(`${firstSent - ok + r.errors + r.timeouts} of the first wave not answered 201`)
  const againOther = r2.requests.total - again.already + r2.errors + r2.timeouts
  if (again.already !== againSent || againOther) problems.push(`second wave: ${again.already} of ${againSent} answered 409 ALREADY_VOTED, ${againOther} otherwise` +
    `${again.other.length ? ` (e.g. ${again.other[0]})` : ''}`)
  const votes = b.candidateIds.map((id) => stored.get(id) ?? 0)
  const summary = `${fmt(n.ballots)} ballots = ${fmt(n.voted)} voted marks = ${fmt(n.trackers)} trackers vs ${fmt(ok)} answers 201; ` +
    `${n.twice} voters marked twice; votes per candidate stored ${votes.map((v) => fmt(v)).join(' / ')} vs sent ` +
    `${b.candidateIds.map((id) => fmt(t.sentVotes.get(id) ?? 0)).join(' / ')}; second wave ${again.already}/${againSent} answered 409 ALREADY_VOTED: ` +
    `**${problems.length ? `INCONSISTENT (${problems.join('; ')})` : 'consistent'}**.`
  return { ok: problems.length === 0, summary }
}

/**
 * A bench election of the community in its formal vote: the roll closed with the voters (rows in
 * batches of 2,000, from their approved binding), one contest of 2 seats with 3 approved candidates
 * (the first three voters), and the formal round open for the next day.
 */
async function createBenchElection(db: Connection, communityId: number, voters: number[]): Promise<Bench> {
  const now = new Date()
  const ins = async (sql: string, params: unknown[]) => ((await db.query(sql, params))[0] as { insertId: number }).insertId
  const electionId = await ins(`INSERT INTO elections (community_id, title, conditions_text, election_day, phase, roll_closed_at, updated_at)
    VALUES (?, ?, '年满18周岁、在本社区登记房屋并完成实名认证的居民', ?, 'formal', ?, ?)`, [communityId, TITLE, now, now, now])
  await db.query(`INSERT INTO election_phases (election_id, phase, opened_at) VALUES (?, 'formal', ?)`, [electionId, now])
  const contestId = await ins(`INSERT INTO election_contests (election_id, name, seats, sort_order) VALUES (?, '委员', 2, 0)`, [electionId])
  await db.query(`INSERT INTO election_candidates (election_id, contest_id, user_id, source, statement, status, updated_at) VALUES ?`,
    [voters.slice(0, 3).map((u) => [electionId, contestId, u, 'staff', '服务居民，热心公益。', 'approved', now])])
  const candidateIds = ((await db.query('SELECT id FROM election_candidates WHERE election_id = ? ORDER BY id', [electionId]))[0] as { id: number }[]).map((x) => Number(x.id))
  const roundId = await ins(`INSERT INTO election_rounds (election_id, kind, seq, opens_at, closes_at, status, opened_at) VALUES (?, 'formal', 1, ?, ?, 'open', ?)`,
    [electionId, new Date(now.getTime() - 60_000), new Date(now.getTime() + 86_400_000), now])
  for (let i = 0; i < voters.length; i += 2000) {
    await db.query(`INSERT INTO election_voters (election_id, user_id, household_id, masked_name, building_label, source, created_at)
      SELECT ?, user_id, MIN(household_id), '张*明', '', 'rule', ? FROM household_bindings
      WHERE community_id = ? AND status = 'approved' AND user_id IN (?) GROUP BY user_id`, [electionId, now, communityId, voters.slice(i, i + 2000)])
  }
  return { electionId, roundId, contestId, candidateIds }
}

/**
 * Removes every bench election of the community with its roll, rounds, ballots, trackers, results,
 * the voters' messages about it and the burst's idempotency keys.
 */
async function reset(db: Connection, communityId: number, voters: number[]) {
  const ids = ((await db.query('SELECT id FROM elections WHERE community_id = ? AND title = ?', [communityId, TITLE]))[0] as { id: number }[]).map((x) => Number(x.id))
  for (const id of ids) {
    const rounds = ((await db.query('SELECT id FROM election_rounds WHERE election_id = ?', [id]))[0] as { id: number }[]).map((x) => Number(x.id))
    if (rounds.length) {
      await db.query('DELETE c FROM election_ballot_choices c JOIN election_ballots b ON b.id = c.ballot_id WHERE b.round_id IN (?)', [rounds])
      for (const table of ['election_ballots', 'election_voted', 'election_trackers', 'election_results', 'election_paper_votes']) {
        await db.query(`DELETE FROM ${table} WHERE round_id IN (?)`, [rounds])
      }
    }
    await db.query(`DELETE o FROM outbox o JOIN messages m ON m.id = o.message_id WHERE m.resource_type = 'election' AND m.resource_id LIKE ?`, [`${id}:%`])
    await db.query(`DELETE FROM messages WHERE resource_type = 'election' AND resource_id LIKE ?`, [`${id}:%`])
    for (const table of ['election_rounds', 'election_voters', 'election_candidates', 'election_contests', 'election_phases', 'election_scrutineers']) {
      await db.query(`DELETE FROM ${table} WHERE election_id = ?`, [id])
    }
    await db.query('DELETE FROM elections WHERE id = ?', [id])
  }
  for (let i = 0; i < voters.length; i += 5000) {
    await db.query("DELETE FROM idempotency_keys WHERE user_id IN (?) AND `key` LIKE 'bench-vote-%'", [voters.slice(i, i + 5000)])
  }
}

