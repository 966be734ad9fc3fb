import { describe, expect, it } from 'vitest'
import { cast, electionWorld, openElection } from './support/electionBallot.ts'
import { useFixture } from './support/fixture.ts'

/** Paper votes, closing and counting a round, results, the public board and the scrutineers' list. */
describe('paper votes, count, results, board', () => {
  const w = useFixture(() => electionWorld(16))

  const base = (e: { election: { id: number }; round: { id: number } }) => `/api/v1/elections/${e.election.id}/rounds/${e.round.id}`

  it('a full round: online and paper votes, close and count, paper totals, results, board and the scrutineers\' recount', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 6), candidateUserIds: w.ids.slice(10, 13) })
    const contest = e.contests[0]
    const [a, b, c] = contest.candidateIds
    const sel = (x: number[]) => ({ round: e.round.id, selections: { [contest.id]: x } })
    const trackers: string[] = []
    for (const [who, choice] of [['resident1', [a, b]], ['resident2', [a]], ['resident3', [a, c]], ['resident4', []]] as const) {
      const r = await cast(w.client[who], e.election.id, sel([...choice]))
      expect(r.status).toBe(201)
      trackers.push(r.body.data.tracker)
    }
    // Paper: resident5 votes in person; resident1 (online already) cannot; a second mark is refused.
    expect((await w.client.resident5.post(`${base(e)}/paper-voters`, { voterId: e.voterIdOf(w.ids[4]) })).status).toBe(404)
    const mark = await w.staff.post(`${base(e)}/paper-voters`, { voterId: e.voterIdOf(w.ids[4]) })
    expect(mark.status).toBe(201)
    expect((await w.staff.post(`${base(e)}/paper-voters`, { voterId: e.voterIdOf(w.ids[4]) })).body.error.code).toBe('ALREADY_MARKED')
    expect((await w.staff.post(`${base(e)}/paper-voters`, { voterId: e.voterIdOf(w.ids[0]) })).body.error.code).toBe('ALREADY_VOTED')
    const bad = await w.staff.post(`${base(e)}/paper-voters`, { voterId: 99999999 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.details.fields[0].field).toBe('voterId')
    expect((await cast(w.client.resident5, e.election.id, sel([a]))).body.error.code).toBe('VOTED_ON_PAPER')

    // Nothing is shown before the round closes; paper totals wait for it too.
    expect((await w.client.resident1.get(`${base(e)}/board`)).body.error.code).toBe('ROUND_NOT_CLOSED')
    expect((await w.staff.put(`${base(e)}/paper-totals`, { ballots: 1, votes: {} })).status).toBe(409)
    expect((await w.client.resident1.post(`${base(e)}/close`, {})).status).toBe(404)

    const closed = await w.staff.post(`${base(e)}/close`, {})
    expect(closed.status).toBe(200)
    expect(closed.body.data).toMatchObject({ status: 'counted', registeredVoters: 6, ballotsCast: 4, paperBallots: 0, valid: true })
    const votes = (d: any) => Object.fromEntries(d.contests[0].candidates.map((x: any) => [x.candidateId, [x.onlineVotes, x.paperVotes, x.outcome]]))
    expect(votes(closed.body.data)).toEqual({ [a]: [3, 0, 'elected'], [b]: [1, 0, 'not_elected'], [c]: [1, 0, 'not_elected'] })
    expect(closed.body.data.contests[0]).toMatchObject({ filled: 1, unfilled: 1, tie: false })
    expect((await w.staff.post(`${base(e)}/close`, {})).body.error.code).toBe('ROUND_COUNTED')
    expect((await cast(w.client.resident6, e.election.id, sel([b]))).body.error.code).toBe('ROUND_NOT_OPEN')

    // Paper totals: at most the marked voters; each count at most the ballots; then counted again.
    const tooMany = await w.staff.put(`${base(e)}/paper-totals`, { ballots: 2, votes: {} })
    expect(tooMany.body.error.details.fields[0].field).toBe('ballots')
    const over = await w.staff.put(`${base(e)}/paper-totals`, { ballots: 1, votes: { [b]: 2 } })
    expect(over.body.error.details.fields[0].field).toBe(`votes.${b}`)
    const stranger = await w.staff.put(`${base(e)}/paper-totals`, { ballots: 1, votes: { 99999: 1 } })
    expect(stranger.body.error.details.fields[0].field).toBe('votes.99999')
    const paper = await w.staff.put(`${base(e)}/paper-totals`, { ballots: 1, votes: { [b]: 1, [c]: 1 } })
    expect(paper.status).toBe(200)
    expect(paper.body.data).toMatchObject({ ballotsCast: 5, paperBallots: 1, valid: true, turnout: 0.8333 })
    expect(votes(paper.body.data)).toEqual({ [a]: [3, 0, 'elected'], [b]: [1, 1, 'not_elected'], [c]: [1, 1, 'not_elected'] })
    expect(await w.srv.deps.db.electionResult.count({ where: { roundId: e.round.id } })).toBe(3)

    // Results: staff see the count; residents only once published.
    expect((await w.staff.get(`/api/v1/elections/${e.election.id}/results`)).body.data).toHaveLength(1)
    expect((await w.client.resident1.get(`/api/v1/elections/${e.election.id}/results`)).body.data).toEqual([])
    expect((await w.client.resident16.get(`/api/v1/elections/${e.election.id}/results`)).status).toBe(404)
    await w.srv.deps.db.election.update({ where: { id: e.election.id }, data: { publishedAt: new Date(), phase: 'published' } })
    const pub = await w.client.resident1.get(`/api/v1/elections/${e.election.id}/results`)
    expect(votes(pub.body.data[0])).toEqual(votes(paper.body.data))
    expect(pub.body.data[0].contests[0].candidates[0].outcomeLabel).toBe('当选')
    expect((await w.staff.put(`${base(e)}/paper-totals`, { ballots: 0, votes: {} })).body.error.code).toBe('ELECTION_PUBLISHED')

    // The board: every tracker, sorted, by pages; count = voters marked online; search; no contents.
    const board = await w.client.resident2.get(`${base(e)}/board?limit=3`)
    expect(board.status).toBe(200)
    expect(board.body.data).toMatchObject({ trackerCount: 4, votedOnline: 4, found: null })
    const sorted = [...trackers].sort()
    expect(board.body.data.trackers).toEqual(sorted.slice(0, 3))
    const next = await w.client.resident2.get(`${base(e)}/board?limit=3&cursor=${board.body.page.nextCursor}`)
    expect(next.body.data.trackers).toEqual(sorted.slice(3))
    expect(next.body.page.nextCursor).toBeNull()
    expect((await w.client.resident2.get(`${base(e)}/board?tracker=${trackers[1].toLowerCase()}`)).body.data.found).toBe(true)
    expect((await w.client.resident2.get(`${base(e)}/board?tracker=AAAAAAAAAAAA`)).body.data.found).toBe(false)
    expect((await w.client.resident2.get(`${base(e)}/board?tracker=abc`)).body.error.details.fields[0].field).toBe('tracker')
    expect((await w.client.resident2.get(`${base(e)}/board?cursor=zzz`)).body.error.details.fields[0].field).toBe('cursor')
    expect(JSON.stringify(board.body)).not.toMatch(/candidate|choices|selections/)
    expect((await w.client.resident16.get(`${base(e)}/board`)).status).toBe(404)

    // Scrutineers only: the anonymous ballots in id order, recounted against the published totals.
    expect((await w.staff.get(`${base(e)}/ballots`)).body.error.code).toBe('NOT_SCRUTINEER')
    await w.srv.deps.db.electionScrutineer.create({ data: { electionId: e.election.id, userId: w.ids[6] } })
    const first = await w.client.resident7.get(`${base(e)}/ballots?limit=2`)
    expect(first.status).toBe(200)
    const rest = await w.client.resident7.get(`${base(e)}/ballots?limit=2&cursor=${first.body.page.nextCursor}`)
    const list = [...first.body.data.ballots, ...rest.body.data.ballots]
    expect(rest.body.page.nextCursor).toBeNull()
    expect(first.body.data.ballotCount).toBe(4)
    expect(list.map((x: any) => x.id)).toEqual(list.map((x: any) => x.id).sort())
    const recount: Record<number, number> = { [a]: 0, [b]: 0, [c]: 0 }
    for (const bl of list) for (const ch of bl.choices) recount[ch.candidateId]++
    for (const cand of first.body.data.round.contests[0].candidates) expect(recount[cand.candidateId]).toBe(cand.onlineVotes)
    expect(list.filter((x: any) => x.choices.length === 0)).toHaveLength(1)
    expect(JSON.stringify(list)).not.toMatch(/tracker|voter|user/)
  })

  it('turnout not reached: the round is invalid and nobody is elected', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 6), candidateUserIds: w.ids.slice(10, 13) })
    const [a] = e.contests[0].candidateIds
    for (const who of ['resident1', 'resident2', 'resident3']) {
      expect((await cast(w.client[who], e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: [a] } })).status).toBe(201)
    }
    const closed = await w.staff.post(`${base(e)}/close`, {})
    expect(closed.body.data).toMatchObject({ registeredVoters: 6, ballotsCast: 3, valid: false, turnout: 0.5 })
    expect(closed.body.data.contests[0].candidates.map((x: any) => x.outcome)).toEqual(['not_elected', 'not_elected', 'not_elected'])
    expect(closed.body.data.contests[0]).toMatchObject({ filled: 0, unfilled: 2 })
  })

  it('a preliminary round: the count marks who advances to the formal ballot', async () => {
    const e = await openElection(w.srv, {
      communityId: w.qs, voterUserIds: w.ids.slice(0, 6), candidateUserIds: w.ids.slice(8, 13),
      contests: [{ name: '委员', seats: 2, candidates: 5 }],
    })
    await w.srv.deps.db.electionRound.update({ where: { id: e.round.id }, data: { kind: 'preliminary' } })
    const [a, b, c, d] = e.contests[0].candidateIds
    const plan: [string, number[]][] = [['resident1', [a, b]], ['resident2', [a, c]], ['resident3', [b, c]], ['resident4', [a, d]]]
    for (const [who, x] of plan) expect((await cast(w.client[who], e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: x } })).status).toBe(201)
    const closed = await w.staff.post(`${base(e)}/close`, {})
    expect(closed.body.data.kindLabel).toBe('初步选举')
    const outcome = Object.fromEntries(closed.body.data.contests[0].candidates.map((x: any) => [x.candidateId, x.outcome]))
    expect(outcome).toMatchObject({ [a]: 'advanced', [b]: 'advanced', [c]: 'advanced', [d]: 'not_elected' })
    const adv = await w.srv.deps.db.electionCandidate.findMany({ where: { electionId: e.election.id, advanced: true }, select: { id: true } })
    expect(adv.map((x) => x.id).sort()).toEqual([a, b, c].sort())
  })
})
