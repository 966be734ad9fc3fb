import { describe, expect, it } from 'vitest'
import { DEMO_IN_PROGRESS_TOPIC, DEMO_VOTING_TOPIC } from '../src/seed/demoConsultations.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

/** The demo's two consultation topics in 青石社区, seen through the real API. */
describe('demo consultations', () => {
  const fx = useFixture(async () => {
    const srv = await startTestServer({ seed: 'demo' })
    const list = (await (await srv.as('resident1')).get('/api/v1/consultations?limit=50')).body.data as { id: number; title: string }[]
    const voting: number = list.find((t) => t.title === DEMO_VOTING_TOPIC)!.id
    const inProgress: number = list.find((t) => t.title === DEMO_IN_PROGRESS_TOPIC)!.id
    return { srv, voting, inProgress }
  })

  it('an open topic with opinions and a running vote, one per household: resident1 may still vote for the home, once', async () => {
    const r1 = await fx.srv.as('resident1')
    const t = (await r1.get(`/api/v1/consultations/${fx.voting}`)).body.data
    expect(t).toMatchObject({ state: 'voting', stateLabel: '表决中', decisionMethod: 'vote' })
    expect(t.opinionCount).toBeGreaterThanOrEqual(3)
    const ops = (await r1.get(`/api/v1/consultations/${fx.voting}/opinions`)).body.data
    expect(ops.some((o: { official: boolean }) => o.official)).toBe(true)
    const v = (await r1.get(`/api/v1/consultations/${fx.voting}/vote`)).body.data
    expect(v).toMatchObject({ kind: 'approve', unit: 'per_household', status: 'open', myBallot: null, resultsVisible: false, allowedActions: { cast: true } })
    expect(v.choices.map((c: { label: string }) => c.label)).toEqual(['同意', '不同意', '弃权'])
    const staff = (await (await fx.srv.as('committee1')).get(`/api/v1/consultations/${fx.voting}/vote`)).body.data
    expect(staff.ballotsCount).toBeGreaterThanOrEqual(2)
    expect(staff.choices.reduce((n: number, c: { count: number }) => n + c.count, 0)).toBe(staff.ballotsCount)
    expect(staff.eligibleCount).toBeGreaterThan(staff.ballotsCount)
    const cast = await r1.post(`/api/v1/consultations/${fx.voting}/votes`, { choiceIds: [v.choices[0].id] })
    expect(cast.status, JSON.stringify(cast.body)).toBe(201)
    expect((await r1.post(`/api/v1/consultations/${fx.voting}/votes`, { choiceIds: [v.choices[1].id] })).body.error.code).toBe('ALREADY_VOTED')
    // 柳岸's residents do not see it.
    expect((await (await fx.srv.as('resident16')).get(`/api/v1/consultations/${fx.voting}`)).status).toBe(404)
  })

  it('a decided topic with its meeting resolution, residents\' opinions and actions in progress', async () => {
    const r2 = await fx.srv.as('resident2')
    const t = (await r2.get(`/api/v1/consultations/${fx.inProgress}`)).body.data
    expect(t).toMatchObject({ state: 'in_progress', stateLabel: '落实中', decisionMethod: 'meeting', source: 'resident' })
    expect((await r2.get(`/api/v1/consultations/${fx.inProgress}/opinions`)).body.data.length).toBeGreaterThanOrEqual(3)
    const o = (await r2.get(`/api/v1/consultations/${fx.inProgress}/outcome`)).body.data
    expect(o.decision).toMatchObject({ method: 'meeting', attendees: 31 })
    expect(o.actions.map((a: { status: string }) => a.status)).toEqual(['in_progress', 'pending'])
    expect(o.actions[0].updates).toHaveLength(1)
    expect(o.allowedActions).toMatchObject({ rate: false, addAction: false })
    const staff = (await (await fx.srv.as('committee1')).get(`/api/v1/consultations/${fx.inProgress}/outcome`)).body.data
    expect(staff.allowedActions).toMatchObject({ addAction: true, updateActions: true })
  })
})
