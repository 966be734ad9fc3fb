import { describe, expect, it } from 'vitest'
import { residentsOf } from './support/bookings.ts'
import { cast, openElection, userIds } from './support/electionBallot.ts'
import { useFixture } from './support/fixture.ts'
import { answerCounts } from './support/client.ts'
import { startTestServer } from './support/server.ts'

/**
 * One voter, one ballot, under bursts of real parallel requests: the voted mark's key (voter ×
 * round) decides, and every ballot, mark and tracker is counted afterwards.
 */
describe('ballot concurrency', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer({ env: { DB_POOL_SIZE: '20' } })
    return { srv, qs: srv.demo!.communityIds[0] }
  })

  it('20 voters each sending 15 ballots at once: exactly 20 ballots, 20 voted marks, 20 trackers, totals equal to the ballots', async () => {
    const people = await residentsOf(t.srv, t.qs, 20, 'voter')
    const cands = await userIds(t.srv, ['resident11', 'resident12', 'resident13'])
    const e = await openElection(t.srv, { communityId: t.qs, voterUserIds: people.map((p) => p.id), candidateUserIds: cands })
    const contest = e.contests[0]
    const [a, b, c] = contest.candidateIds
    const combos = [[], [a], [b], [c], [a, b], [a, c], [b, c]]
    // Each voter always sends the same ballot (combos[i % 7]), with its own key, a shared key or none.
    const requests = people.flatMap((p, i) => Array.from({ length: 15 }, (_, k) =>
      () => cast(p.client, e.election.id, { round: e.round.id, selections: { [contest.id]: combos[i % 7] } }, k % 3 === 0 ? undefined : k % 3 === 1 ? `v${i}-${k}` : `v${i}`)))
    const rs = await Promise.all(requests.map((f) => f()))
    expect(answerCounts(rs)).toEqual({ 201: 20, '409 ALREADY_VOTED': 280 })
    const trackers = rs.filter((r) => r.status === 201).map((r) => r.body.data.tracker)
    expect(new Set(trackers).size).toBe(20)

    const { db } = t.srv.deps
    expect(await db.electionVoted.count({ where: { roundId: e.round.id, channel: 'online' } })).toBe(20)
    expect(new Set((await db.electionVoted.findMany({ where: { roundId: e.round.id } })).map((v) => v.voterId))).toEqual(new Set(people.map((p) => e.voterIdOf(p.id))))
    expect(await db.electionBallot.count({ where: { roundId: e.round.id } })).toBe(20)
    expect((await db.electionTracker.findMany({ where: { roundId: e.round.id } })).map((t) => t.tracker).sort()).toEqual([...trackers].sort())
    const expected = new Map<number, number>([[a, 0], [b, 0], [c, 0]])
    people.forEach((_, i) => combos[i % 7].forEach((id) => expected.set(id, expected.get(id)! + 1)))
    const totals = await db.electionBallotChoice.groupBy({ by: ['candidateId'], where: { ballot: { roundId: e.round.id } }, _count: true })
    const got = new Map<number, number>([[a, 0], [b, 0], [c, 0]])
    for (const t of totals) got.set(t.candidateId, t._count)
    expect(got).toEqual(expected)
    expect(await db.electionBallotChoice.count({ where: { ballot: { roundId: e.round.id } } })).toBe([...expected.values()].reduce((x, y) => x + y, 0))
    expect(await db.auditLog.count({ where: { action: 'election.vote', resourceId: String(e.election.id) } })).toBe(20)
    expect(await db.message.count({ where: { kind: 'election_voted', resourceId: `${e.election.id}:${e.round.id}` } })).toBe(20)
    expect(await db.idempotencyKey.count({ where: { userId: { in: people.map((p) => p.id) } } })).toBe(0)

    // Closed and counted: the published totals equal the ballots; the board's count equals the marks.
    const staff = await t.srv.as('committee1')
    const closed = await staff.post(`/api/v1/elections/${e.election.id}/rounds/${e.round.id}/close`, {})
    expect(closed.status).toBe(200)
    expect(closed.body.data).toMatchObject({ ballotsCast: 20, registeredVoters: 20, valid: true })
    expect(new Map(closed.body.data.contests[0].candidates.map((x: any) => [x.candidateId, x.onlineVotes]))).toEqual(expected)
    const board = await people[0].client.get(`/api/v1/elections/${e.election.id}/rounds/${e.round.id}/board?limit=500`)
    expect(board.body.data).toMatchObject({ trackerCount: 20, votedOnline: 20 })
    expect(board.body.data.trackers).toEqual([...trackers].sort())
  }, 120_000)

  it('one voter sending 15 different ballots at once: one ballot, of at most the seats, and one mark', async () => {
    const [me] = await residentsOf(t.srv, t.qs, 1, 'eager')
    const cands = await userIds(t.srv, ['resident11', 'resident12', 'resident13'])
    const e = await openElection(t.srv, { communityId: t.qs, voterUserIds: [me.id], candidateUserIds: cands })
    const contest = e.contests[0]
    const [a, b, c] = contest.candidateIds
    const combos = [[a], [b], [c], [a, b], [a, c], [b, c], []]
    const rs = await Promise.all(Array.from({ length: 15 }, (_, k) => cast(me.client, e.election.id, { round: e.round.id, selections: { [contest.id]: combos[k % 7] } })))
    expect(answerCounts(rs)).toEqual({ 201: 1, '409 ALREADY_VOTED': 14 })
    const { db } = t.srv.deps
    expect(await db.electionVoted.count({ where: { roundId: e.round.id } })).toBe(1)
    const ballots = await db.electionBallot.findMany({ where: { roundId: e.round.id }, include: { choices: true } })
    expect(ballots).toHaveLength(1)
    expect(ballots[0].choices.length).toBeLessThanOrEqual(2)
    expect(await db.electionTracker.count({ where: { roundId: e.round.id } })).toBe(1)
  }, 60_000)
})
