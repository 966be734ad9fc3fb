import { describe, expect, it } from 'vitest'
import type { Client } from './support/client.ts'
import { cast, electionWorld, openElection } from './support/electionBallot.ts'
import { useFixture } from './support/fixture.ts'

/**
 * After the vote: a counted formal round moves the election to 计票; a tie gets a further round
 * (另行选举) offering the candidates not elected for the seat left; publication archives the election
 * read-only. Scrutineers are named from the roll. The detail tells each caller where they stand.
 */
describe('elections: counting, further rounds, publication, scrutineers', () => {
  const w = useFixture(() => electionWorld(16))

  const detail = async (c: Client, id: number) => (await c.get(`/api/v1/elections/${id}`)).body.data

  it('an unfilled seat goes to a further round offering the candidates not elected; counting moves the phase; publication archives', async () => {
    // 委员 2 seats, candidates a b c; 4 voters on the roll.
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 4), candidateUserIds: w.ids.slice(10, 13) })
    const id = e.election.id
    const contest = e.contests[0]
    const [a, b, c] = contest.candidateIds
    await w.srv.deps.db.electionPhaseTime.createMany({ data: ['formal', 'counting'].map((phase) => ({ electionId: id, phase: phase as 'formal' | 'counting' })) })

    // The detail lists the round with whether I voted, and offers the vote only to who has not.
    const before = await detail(w.client.resident1, id)
    expect(before.rounds).toEqual([expect.objectContaining({ id: e.round.id, kind: 'formal', name: '正式选举', status: 'open', statusLabel: '投票中', voted: false })])
    expect(before.allowedActions).toMatchObject({ vote: true, publish: false, count: false })
    expect((await detail(w.staff, id)).allowedActions).toMatchObject({ vote: false, count: true, publish: false, addRound: false })
    // The ballot paper: the contest, its seats, the candidates by full name.
    const paper = await w.client.resident1.get(`/api/v1/elections/${id}/rounds/${e.round.id}/ballot-paper`)
    expect(paper.status).toBe(200)
    const realName = (await w.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: w.ids[10] } })).realName
    expect(paper.body.data.contests).toEqual([expect.objectContaining({ id: contest.id, seats: 2, candidates: expect.arrayContaining([expect.objectContaining({ id: a, name: realName })]) })])
    expect(paper.body.data.round.voted).toBe(false)

    // a gets 3 of 4 votes, b and c 2 each (not more than half): a elected, the second seat unfilled.
    for (const [who, choice] of [['resident1', [a, b]], ['resident2', [a, c]], ['resident3', [a, b]], ['resident4', [c]]] as const) {
      expect((await cast(w.client[who], id, { round: e.round.id, selections: { [contest.id]: [...choice] } })).status).toBe(201)
    }
    expect((await detail(w.client.resident1, id)).rounds[0].voted).toBe(true)
    expect((await detail(w.client.resident1, id)).allowedActions.vote).toBe(false)
    const closed = await w.staff.post(`/api/v1/elections/${id}/rounds/${e.round.id}/close`, {})
    expect(closed.status, JSON.stringify(closed.body)).toBe(200)
    expect(closed.body.data.contests[0], JSON.stringify(closed.body.data)).toMatchObject({ seats: 2, filled: 1, unfilled: 1, tie: false })
    const counting = await detail(w.staff, id)
    expect(counting).toMatchObject({ phase: 'counting', phaseLabel: '计票' })
    expect(counting.allowedActions).toMatchObject({ publish: true, addRound: true, count: false })
    expect(counting.phases.find((p: { phase: string }) => p.phase === 'formal').closedAt).not.toBeNull()
    // Residents see no results before publication.
    expect((await w.client.resident1.get(`/api/v1/elections/${id}/results`)).body.data).toEqual([])

    // The further round: refused for an unknown contest; made once, however many ask at once.
    const bad = await w.staff.post(`/api/v1/elections/${id}/rounds`, { contestIds: [999999] })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.fields[0].field).toBe('contestIds.0')
    expect((await w.client.resident1.post(`/api/v1/elections/${id}/rounds`, { contestIds: [contest.id] })).status).toBe(403)
    const made = await Promise.all([1, 2, 3].map(() => w.staff.post(`/api/v1/elections/${id}/rounds`, { contestIds: [contest.id] })))
    expect(made.map((r) => r.status).sort()).toEqual([201, 409, 409])
    const further = made.find((r) => r.status === 201)!.body.data
    expect(further).toMatchObject({ kind: 'formal', seq: 2, name: '正式选举（第2轮）', status: 'scheduled' })
    expect((await w.staff.post(`/api/v1/elections/${id}/publish`, {})).body.error.code).toBe('ROUND_PENDING')
    // Opening it returns the election to 正式选举; its ballot offers the seat left and the two not elected.
    const opened = await w.staff.post(`/api/v1/elections/${id}/rounds/${further.id}/open`, {})
    expect(opened.status, JSON.stringify(opened.body)).toBe(200)
    expect((await w.staff.post(`/api/v1/elections/${id}/rounds/${further.id}/open`, {})).body.error.code).toBe('ROUND_NOT_SCHEDULED')
    expect((await detail(w.staff, id)).phase).toBe('formal')
    const paper2 = (await w.client.resident1.get(`/api/v1/elections/${id}/rounds/${further.id}/ballot-paper`)).body.data
    expect(paper2.contests).toHaveLength(1)
    expect(paper2.contests[0].seats).toBe(1)
    expect(paper2.contests[0].candidates.map((x: { id: number }) => x.id).sort()).toEqual([b, c].sort())
    // The elected candidate and a second choice are refused on the further round's ballot.
    const refused = await cast(w.client.resident1, id, { round: further.id, selections: { [contest.id]: [a] } })
    expect(refused.status).toBe(422)
    expect(refused.body.error.details.fields[0].field).toBe(`selections.${contest.id}`)
    expect((await cast(w.client.resident1, id, { round: further.id, selections: { [contest.id]: [b, c] } })).status).toBe(422)
    for (const [who, choice] of [['resident1', [b]], ['resident2', [b]], ['resident3', [c]], ['resident4', [b]]] as const) {
      expect((await cast(w.client[who], id, { round: further.id, selections: { [contest.id]: [...choice] } })).status).toBe(201)
    }
    const second = await w.staff.post(`/api/v1/elections/${id}/rounds/${further.id}/close`, {})
    expect(second.status).toBe(200)
    expect(second.body.data.contests[0]).toMatchObject({ seats: 1, filled: 1, unfilled: 0, tie: false })
    expect(second.body.data.contests[0].candidates.map((x: { candidateId: number; outcome: string }) => [x.candidateId, x.outcome]))
      .toEqual([[b, 'elected'], [c, 'not_elected']])
    expect((await detail(w.staff, id)).phase).toBe('counting')
    expect((await w.staff.post(`/api/v1/elections/${id}/rounds`, { contestIds: [contest.id] })).status).toBe(400) // every seat filled

    // Publication: residents are told and see both rounds; then nothing changes any more.
    expect((await w.client.resident1.post(`/api/v1/elections/${id}/publish`, {})).status).toBe(403)
    const pub = await w.staff.post(`/api/v1/elections/${id}/publish`, {})
    expect(pub.status, JSON.stringify(pub.body)).toBe(200)
    expect(pub.body.data).toMatchObject({ phase: 'published', phaseLabel: '已公布' })
    expect(pub.body.data.publishedAt).not.toBeNull()
    expect(pub.body.data.allowedActions).toMatchObject({ publish: false, addRound: false, count: false, manageScrutineers: false })
    const results = (await w.client.resident1.get(`/api/v1/elections/${id}/results`)).body.data
    expect(results.map((r: { seq: number }) => r.seq)).toEqual([1, 2])
    const told = await w.srv.deps.db.message.count({ where: { kind: 'election_phase', resourceId: `${id}:published` } })
    expect(told).toBeGreaterThan(0)
    expect((await w.staff.post(`/api/v1/elections/${id}/publish`, {})).body.error.code).toBe('WRONG_PHASE')
    expect((await w.staff.post(`/api/v1/elections/${id}/rounds/${further.id}/close`, {})).status).toBe(409)
    expect((await w.staff.put(`/api/v1/elections/${id}/rounds/${e.round.id}/paper-totals`, { ballots: 0, votes: {} })).status).toBe(409)
    expect((await w.staff.post(`/api/v1/elections/${id}/rounds`, { contestIds: [contest.id] })).status).toBe(409)
    expect((await w.staff.post(`/api/v1/elections/${id}/scrutineers`, { voterId: e.voterIdOf(w.ids[0]) })).body.error.code).toBe('WRONG_PHASE')
    expect(await w.srv.deps.db.auditLog.count({ where: { action: 'election.publish', resourceId: String(id) } })).toBe(1)
  })

  it('scrutineers: named from the roll, never a candidate, once each; they see the ballots, others do not', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 6), candidateUserIds: [w.ids[4], w.ids[5], w.ids[11]] })
    const id = e.election.id
    const add = (voterId: number, c: Client = w.staff) => c.post(`/api/v1/elections/${id}/scrutineers`, { voterId })
    expect((await add(e.voterIdOf(w.ids[0]), w.client.resident2)).status).toBe(403)
    expect((await add(999999)).body.error.details.fields[0].field).toBe('voterId')
    expect((await add(e.voterIdOf(w.ids[4]))).body.error.code).toBe('IS_CANDIDATE')
    const both = await Promise.all([add(e.voterIdOf(w.ids[0])), add(e.voterIdOf(w.ids[0]))])
    expect(both.map((r) => r.status).sort()).toEqual([201, 409])
    expect(both.find((r) => r.status === 201)!.body.data).toMatchObject({ userId: w.ids[0], voterId: e.voterIdOf(w.ids[0]) })
    expect(await w.srv.deps.db.electionScrutineer.count({ where: { electionId: id } })).toBe(1)
    expect(await w.srv.deps.db.message.count({ where: { kind: 'election_scrutineer', userId: w.ids[0] } })).toBe(1)
    const list = (await w.client.resident3.get(`/api/v1/elections/${id}/scrutineers`)).body.data
    expect(list).toHaveLength(1)
    expect((await detail(w.client.resident1, id)).scrutineer).toBe(true)
    expect((await detail(w.client.resident2, id)).scrutineer).toBe(false)
    // After the round: the scrutineer reads the anonymous ballots; a resident cannot.
    expect((await cast(w.client.resident2, id, { round: e.round.id, selections: {} })).status).toBe(201)
    expect((await w.staff.post(`/api/v1/elections/${id}/rounds/${e.round.id}/close`, {})).status).toBe(200)
    expect((await w.client.resident1.get(`/api/v1/elections/${id}/rounds/${e.round.id}/ballots`)).body.data.ballotCount).toBe(1)
    expect((await w.client.resident2.get(`/api/v1/elections/${id}/rounds/${e.round.id}/ballots`)).status).toBe(403)
    // Removing: once.
    expect((await w.staff.post(`/api/v1/elections/${id}/scrutineers/${w.ids[0]}/remove`, {})).status).toBe(200)
    expect((await w.staff.post(`/api/v1/elections/${id}/scrutineers/${w.ids[0]}/remove`, {})).status).toBe(404)
    expect((await detail(w.client.resident1, id)).scrutineer).toBe(false)
  })

  it('an objection about someone else\'s missing entry names them as text; upholding it names the user put on the roll', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 2), candidateUserIds: w.ids.slice(10, 13), rollClosed: false })
    const id = e.election.id
    await w.srv.deps.db.election.update({ where: { id }, data: { phase: 'registration' } })
    const file = (body: object) => w.client.resident1.post(`/api/v1/elections/${id}/objections`, body)
    expect((await file({ kind: 'ineligible', subjectText: '王芳', reason: '不在本社区居住' })).body.error.details.fields[0].field).toBe('subjectText')
    // resident1 is on the roll, yet may speak for a neighbour.
    const o = await file({ kind: 'missing', subjectText: '邻居，3栋2单元101', reason: '她已年满十八周岁，常住本社区' })
    expect(o.status, JSON.stringify(o.body)).toBe(201)
    expect(o.body.data).toMatchObject({ kind: 'missing', subjectText: '邻居，3栋2单元101', subject: null })
    const oid = o.body.data.id
    const resolve = (body: object) => w.staff.post(`/api/v1/elections/${id}/objections/${oid}/resolve`, body)
    expect((await resolve({ upheld: true, resolution: '核实属实' })).body.error.details.fields[0].field).toBe('userId')
    const ok = await resolve({ upheld: true, resolution: '核实属实，予以补登', userId: w.ids[2] })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.data).toMatchObject({ status: 'upheld' })
    const entry = await w.srv.deps.db.electionVoter.findUniqueOrThrow({ where: { electionId_userId: { electionId: id, userId: w.ids[2] } } })
    expect(entry).toMatchObject({ source: 'objection', removedAt: null })
    // Staff see the text; another resident sees only their own objections.
    expect((await w.staff.get(`/api/v1/elections/${id}/objections`)).body.data[0].subjectText).toBe('邻居，3栋2单元101')
    expect((await w.client.resident2.get(`/api/v1/elections/${id}/objections`)).body.data).toEqual([])
    // A self objection cannot name a user.
    const self = await w.client.resident4.post(`/api/v1/elections/${id}/objections`, { kind: 'missing', reason: '我应在名单上' })
    expect(self.status).toBe(201)
    const named = await w.staff.post(`/api/v1/elections/${id}/objections/${self.body.data.id}/resolve`, { upheld: true, resolution: '核实', userId: w.ids[5] })
    expect(named.body.error.details.fields[0].field).toBe('userId')
  })

  it('staff find residents by name or house, with whether each is on the roll or a candidate; residents cannot', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 2), candidateUserIds: [w.ids[1], w.ids[11], w.ids[12]] })
    const id = e.election.id
    const profile = await w.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: w.ids[1] } })
    const found = await w.staff.get(`/api/v1/elections/${id}/people?q=${encodeURIComponent(profile.realName!)}`)
    expect(found.status, JSON.stringify(found.body)).toBe(200)
    expect(found.body.data).toContainEqual(expect.objectContaining({ userId: w.ids[1], name: profile.realName, voterId: e.voterIdOf(w.ids[1]), onRoll: true, candidate: true }))
    expect(found.body.data[0].houseLabel).toMatch(/单元/)
    // By house: everyone bound in that building of the community; `%` is taken literally.
    const byHouse = await w.staff.get(`/api/v1/elections/${id}/people?q=${encodeURIComponent('单元')}`)
    expect(byHouse.body.data.length).toBeGreaterThan(1)
    expect(byHouse.body.data.length).toBeLessThanOrEqual(20)
    expect((await w.staff.get(`/api/v1/elections/${id}/people?q=${encodeURIComponent('%')}`)).body.data).toEqual([])
    const bad = await w.staff.get(`/api/v1/elections/${id}/people?q=`)
    expect(bad.status).toBe(400)
    expect((await w.client.resident1.get(`/api/v1/elections/${id}/people?q=${encodeURIComponent('单元')}`)).status).toBe(403)
    expect(await w.srv.deps.db.auditLog.count({ where: { action: 'election.people.search', resourceId: String(id) } })).toBe(3)
  })
})
