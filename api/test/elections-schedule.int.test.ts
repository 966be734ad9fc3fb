import { describe, expect, it } from 'vitest'
import { runElectionSchedule } from '../src/modules/elections/election.schedule.ts'
import { cast, electionWorld, openElection } from './support/electionBallot.ts'
import { useFixture } from './support/fixture.ts'

const HOUR = 3600_000

/** Phases open and close at their scheduled times (the job), with staff's checks, once on N processes. */
describe('elections: the schedule job', () => {
  const w = useFixture(() => electionWorld(14))

  const at = (h: number) => new Date(w.srv.clock.now().getTime() + h * HOUR).toISOString()
  const window = (from: number, to: number) => ({ startsAt: at(from), endsAt: at(to) })

  it('a published election moves through its schedule: registration opens, nomination is refused (roll open) and staff told once, then opens', async () => {
    const created = await w.staff.post('/api/v1/elections', {
      communityId: w.qs, title: '按时间表进行的换届选举', conditionsText: '年满18周岁的本社区居民', electionDay: at(24 * 20).slice(0, 10),
      contests: [{ name: '主任', seats: 1 }],
      schedule: { conditions: window(1, 2), registration: window(2, 3), nomination: window(3, 4) },
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const id = created.body.data.id
    // A draft does not follow its schedule: staff publish it by opening 公布条件.
    w.srv.clock.advance(1.5 * HOUR)
    expect((await runElectionSchedule(w.srv.deps)).opened).toBe(0)
    expect((await w.staff.post(`/api/v1/elections/${id}/phases/conditions/open`, {})).status).toBe(200)
    // Three processes at once after registration's start: it opens once, conditions close at their end.
    w.srv.clock.advance(0.6 * HOUR)
    const runs = await Promise.all([1, 2, 3].map(() => runElectionSchedule(w.srv.deps)))
    expect(runs.reduce((n, r) => n + r.opened, 0)).toBe(1)
    const e = (await w.staff.get(`/api/v1/elections/${id}`)).body.data
    expect(e.phase).toBe('registration')
    expect(e.phases.find((p: { phase: string }) => p.phase === 'conditions').closedAt).not.toBeNull()
    expect(await w.srv.deps.db.auditLog.count({ where: { action: 'election.phase.open', resourceId: String(id) } })).toBe(2)
    // Nomination's time comes with the roll still open: refused, staff told once however often it runs.
    w.srv.clock.advance(1 * HOUR)
    expect((await runElectionSchedule(w.srv.deps)).refused).toBe(1)
    expect((await runElectionSchedule(w.srv.deps)).refused).toBe(1)
    expect((await w.staff.get(`/api/v1/elections/${id}`)).body.data.phase).toBe('registration')
    const told = await w.srv.deps.db.message.findMany({ where: { kind: 'election_schedule', resourceId: `${id}:open:nomination` } })
    expect(told).toHaveLength(1)
    expect(told[0].body).toContain('选民名单尚未确定')
    // Once the roll is closed, the next run opens nomination.
    expect((await w.staff.post(`/api/v1/elections/${id}/roll/close`, {})).status).toBe(200)
    expect((await runElectionSchedule(w.srv.deps)).opened).toBe(1)
    expect((await w.staff.get(`/api/v1/elections/${id}`)).body.data.phase).toBe('nomination')
  })

  it('the formal vote ends at its time: the round closes and is counted, the election moves to 计票, later ballots are refused', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13) })
    const id = e.election.id
    const now = w.srv.clock.now()
    await w.srv.deps.db.electionPhaseTime.createMany({
      data: [
        { electionId: id, phase: 'formal', startsAt: new Date(now.getTime() - HOUR), endsAt: new Date(now.getTime() + HOUR), openedAt: now },
        { electionId: id, phase: 'counting' },
      ],
    })
    const [a, b] = e.contests[0].candidateIds
    expect((await cast(w.client.resident1, id, { round: e.round.id, selections: { [e.contests[0].id]: [a, b] } })).status).toBe(201)
    expect((await cast(w.client.resident2, id, { round: e.round.id, selections: { [e.contests[0].id]: [a] } })).status).toBe(201)
    // (Other tests' elections share the job: this one's rows are what is checked.)
    await runElectionSchedule(w.srv.deps)
    expect((await w.srv.deps.db.electionRound.findUniqueOrThrow({ where: { id: e.round.id } })).status).toBe('open')
    w.srv.clock.advance(1.1 * HOUR)
    expect((await runElectionSchedule(w.srv.deps)).closed).toBeGreaterThanOrEqual(1)
    const round = await w.srv.deps.db.electionRound.findUniqueOrThrow({ where: { id: e.round.id } })
    expect(round).toMatchObject({ status: 'counted', ballotsCast: 2, registeredVoters: 3, valid: true })
    const detail = (await w.staff.get(`/api/v1/elections/${id}`)).body.data
    expect(detail.phase).toBe('counting')
    expect(detail.allowedActions.publish).toBe(true)
    const late = await cast(w.client.resident3, id, { round: e.round.id, selections: {} })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('ROUND_NOT_OPEN')
    const results = (await w.staff.get(`/api/v1/elections/${id}/results`)).body.data
    expect(results[0].contests[0].candidates[0]).toMatchObject({ candidateId: a, votes: 2, outcome: 'elected' })
  })
})
