import { describe, expect, it } from 'vitest'
import { TRACKER_ALPHABET } from '../src/modules/elections/election.ballot.schema.ts'
import { userIds } from './support/electionBallot.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

const OPEN = '青石社区第十二届居民委员会换届选举'
const DONE = '青石花园业主代表推选（2026年）'
/** Residents 1–15 live in 青石社区 with verified real-name profiles; resident12 is 14 years old. */
const ELIGIBLE = Array.from({ length: 15 }, (_, i) => `resident${i + 1}`).filter((n) => n !== 'resident12')

/** The demo's two elections in 青石社区, seen through the real API. */
describe('demo elections', () => {
  const fx = useFixture(async () => {
    const srv = await startTestServer({ seed: 'demo' })
    const rows = await srv.deps.db.election.findMany({ where: { communityId: srv.demo!.communityIds[0] }, select: { id: true, title: true } })
    const open: number = rows.find((e) => e.title === OPEN)!.id
    const done: number = rows.find((e) => e.title === DONE)!.id
    return { srv, open, done }
  })

  it('resident1 sees both elections of 青石社区, in the formal vote and published', async () => {
    const r = await (await fx.srv.as('resident1')).get('/api/v1/elections')
    expect(r.status).toBe(200)
    const mine = r.body.data.filter((e: { id: number }) => [fx.open, fx.done].includes(e.id))
    expect(Object.fromEntries(mine.map((e: { title: string; phase: string }) => [e.title, e.phase]))).toEqual({ [OPEN]: 'formal', [DONE]: 'published' })
    // A resident of the other community sees neither.
    const other = await (await fx.srv.as('resident16')).get('/api/v1/elections')
    expect(other.body.data.map((e: { id: number }) => e.id)).not.toContain(fx.open)
  })

  it('the roll of each is the eligible residents (the rule: bound in 青石社区, verified, 18 or older), closed', async () => {
    const ids = await userIds(fx.srv, ELIGIBLE)
    for (const id of [fx.open, fx.done]) {
      const voters = await fx.srv.deps.db.electionVoter.findMany({ where: { electionId: id, removedAt: null }, select: { userId: true, source: true } })
      expect(voters.map((v) => v.userId).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b))
      expect(new Set(voters.map((v) => v.source))).toEqual(new Set(['rule']))
    }
    const roll = await (await fx.srv.as('committee1')).get(`/api/v1/elections/${fx.open}/roll?limit=50`)
    expect(roll.status).toBe(200)
    expect(roll.body.data).toHaveLength(ELIGIBLE.length)
  })

  it('the open election: 主任 1 of 2, 委员 2 of 3, the formal round open until in 3 days; resident1 has not voted and may vote, resident4 has voted', async () => {
    const r1 = await (await fx.srv.as('resident1')).get(`/api/v1/elections/${fx.open}`)
    expect(r1.status).toBe(200)
    const d = r1.body.data
    expect(d.contests.map((c: { name: string; seats: number }) => [c.name, c.seats])).toEqual([['主任', 1], ['委员', 2]])
    expect(d.rollClosedAt).not.toBeNull()
    expect(d.onRoll).toBe(true)
    expect(d.rounds).toHaveLength(1)
    const [round] = d.rounds
    expect([round.kind, round.status, round.voted]).toEqual(['formal', 'open', false])
    const left = Date.parse(round.closesAt) - Date.now()
    expect(left).toBeGreaterThan(2.9 * 86_400_000)
    expect(left).toBeLessThanOrEqual(3 * 86_400_000)
    expect(d.allowedActions.vote).toBe(true)
    const phases = Object.fromEntries(d.phases.map((p: { phase: string; openedAt: string | null; closedAt: string | null; current: boolean }) => [p.phase, [!!p.openedAt, !!p.closedAt, p.current]]))
    expect(phases).toEqual({
      conditions: [true, true, false], registration: [true, true, false], nomination: [true, true, false], qualification: [true, true, false],
      formal: [true, false, true], counting: [false, false, false],
    })

    const r4 = (await (await fx.srv.as('resident4')).get(`/api/v1/elections/${fx.open}`)).body.data
    expect([r4.rounds[0].voted, r4.allowedActions.vote]).toEqual([true, false])

    const candidates = (await (await fx.srv.as('resident1')).get(`/api/v1/elections/${fx.open}/candidates`)).body.data
    expect(candidates).toHaveLength(5)
    expect(candidates.every((c: { statement: string }) => c.statement.length > 10)).toBe(true)
  })

  it('resident4–6 voted as the API writes it: a mark, a ballot with choices and a tracker each, nothing else linking them', async () => {
    const round = await fx.srv.deps.db.electionRound.findFirstOrThrow({ where: { electionId: fx.open } })
    const { db } = fx.srv.deps
    const marks = await db.electionVoted.findMany({ where: { roundId: round.id }, include: { voter: { select: { userId: true } } } })
    expect(marks.map((m) => m.voter.userId).sort()).toEqual((await userIds(fx.srv, ['resident4', 'resident5', 'resident6'])).sort())
    expect(marks.every((m) => m.channel === 'online')).toBe(true)
    expect(await db.electionBallot.count({ where: { roundId: round.id } })).toBe(3)
    const trackers = await db.electionTracker.findMany({ where: { roundId: round.id } })
    expect(trackers.map((t) => new RegExp(`^[${TRACKER_ALPHABET}]{12}$`).test(t.tracker))).toEqual([true, true, true])
    const choices = await db.electionBallotChoice.findMany({ where: { ballot: { roundId: round.id } }, include: { candidate: { select: { contestId: true } } } })
    expect(choices).toHaveLength(8)
    expect(choices.every((c) => c.contestId === c.candidate.contestId)).toBe(true)
  })

  it('resident1 casts a ballot: 201 with a tracker; a second one is refused', async () => {
    const c = await fx.srv.as('resident1')
    const d = (await c.get(`/api/v1/elections/${fx.open}`)).body.data
    const candidates = (await c.get(`/api/v1/elections/${fx.open}/candidates`)).body.data as { id: number; contestId: number }[]
    const [director, members] = d.contests.map((k: { id: number }) => candidates.filter((x) => x.contestId === k.id).map((x) => x.id))
    const ballot = { round: d.rounds[0].id, selections: { [d.contests[0].id]: [director[1]], [d.contests[1].id]: members.slice(0, 2) } }
    const r = await c.post(`/api/v1/elections/${fx.open}/ballots`, ballot, { 'Idempotency-Key': 'demo-vote-1' })
    expect(r.status).toBe(201)
    expect(r.body.data.tracker).toMatch(new RegExp(`^[${TRACKER_ALPHABET}]{12}$`))
    const again = await c.post(`/api/v1/elections/${fx.open}/ballots`, ballot, { 'Idempotency-Key': 'demo-vote-2' })
    expect([again.status, again.body.error?.code]).toEqual([409, 'ALREADY_VOTED'])
  })

  it('the published election: counted, valid turnout, resident13 and resident14 elected with the votes cast', async () => {
    const c = await fx.srv.as('resident1')
    const d = (await c.get(`/api/v1/elections/${fx.done}`)).body.data
    expect(d.phase).toBe('published')
    expect(d.publishedAt).not.toBeNull()
    expect(d.rounds.map((r: { status: string }) => r.status)).toEqual(['counted'])
    expect(d.allowedActions.vote).toBe(false)
    const r = await c.get(`/api/v1/elections/${fx.done}/results`)
    expect(r.status).toBe(200)
    const [round] = r.body.data
    expect([round.registeredVoters, round.ballotsCast, round.valid]).toEqual([ELIGIBLE.length, 11, true])
    const [contest] = round.contests
    expect([contest.name, contest.seats, contest.filled]).toEqual(['业主代表', 2, 2])
    const names = await fx.srv.deps.db.user.findMany({ where: { username: { in: ['resident13', 'resident14', 'resident15'] } }, select: { displayName: true, username: true } })
    const nameOf = (u: string) => names.find((x) => x.username === u)!.displayName
    const outcome = Object.fromEntries(contest.candidates.map((x: { name: string; outcome: string; votes: number }) => [x.name, [x.outcome, x.votes]]))
    expect(outcome[nameOf('resident13')]).toEqual(['elected', 8])
    expect(outcome[nameOf('resident14')]).toEqual(['elected', 7])
    expect(outcome[nameOf('resident15')]).toEqual(['not_elected', 5])
  })
})
