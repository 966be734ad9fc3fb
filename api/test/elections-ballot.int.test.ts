import { describe, expect, it } from 'vitest'
import { TRACKER_ALPHABET } from '../src/modules/elections/election.ballot.schema.ts'
import type { Client } from './support/client.ts'
import { cast, electionWorld, openElection } from './support/electionBallot.ts'
import { useFixture } from './support/fixture.ts'

const TRACKER_RE = new RegExp(`^[${TRACKER_ALPHABET}]{12}$`)
const text = (x: unknown) => JSON.stringify(x, (_k, v) => (typeof v === 'bigint' ? String(v) : v))

/** POST /elections/:id/ballots: who may vote, when, what a ballot may hold, and what is written. */
describe('casting a ballot', () => {
  const client: Record<string, Client> = {}
  const rows = async (roundId: number) => ({
    voted: await w.srv.deps.db.electionVoted.count({ where: { roundId } }),
    ballots: await w.srv.deps.db.electionBallot.count({ where: { roundId } }),
    choices: await w.srv.deps.db.electionBallotChoice.count({ where: { ballot: { roundId } } }),
    trackers: await w.srv.deps.db.electionTracker.count({ where: { roundId } }),
  })

  const w = useFixture(async () => {
    const world = await electionWorld(16)
    Object.assign(client, world.client)
    return world
  })

  it('a voter on the roll votes once: 201 with a tracker, one mark, one ballot with its choices, one tracker, a message and an audit entry without either', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 8), candidateUserIds: w.ids.slice(10, 13) })
    const [a, b] = e.contests[0].candidateIds
    const logged: string[] = []
    const log = w.srv.deps.log
    const saved = { ...log }
    for (const k of Object.keys(log) as (keyof typeof log)[]) {
      ;(log as any)[k] = (...args: unknown[]) => { logged.push(JSON.stringify(args)); (saved as any)[k](...args) }
    }
    let r
    try {
      r = await cast(client.resident1, e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: [a, b] } }, 'vote-1')
    } finally {
      Object.assign(log, saved)
    }
    expect(r.status).toBe(201)
    expect(r.body.data.round).toBe(e.round.id)
    const tracker: string = r.body.data.tracker
    expect(tracker).toMatch(TRACKER_RE)
    expect(await rows(e.round.id)).toEqual({ voted: 1, ballots: 1, choices: 2, trackers: 1 })
    expect(await w.srv.deps.db.electionVoted.findMany({ where: { roundId: e.round.id } })).toEqual([{ voterId: e.voterIdOf(w.ids[0]), roundId: e.round.id, channel: 'online' }])
    expect((await w.srv.deps.db.electionTracker.findMany({ where: { roundId: e.round.id } })).map((t) => t.tracker)).toEqual([tracker])
    const choices = await w.srv.deps.db.electionBallotChoice.findMany({ where: { ballot: { roundId: e.round.id } } })
    expect(choices.map((c) => c.candidateId).sort()).toEqual([a, b].sort())

    // The request log has the request, never its body or the answer.
    const line = logged.find((l) => l.includes(`/api/v1/elections/${e.election.id}/ballots`))
    expect(line).toBeDefined()
    for (const l of logged) {
      expect(l).not.toContain(tracker)
      expect(l).not.toContain('selections')
    }
    const msgs = await w.srv.deps.db.message.findMany({ where: { userId: w.ids[0], kind: 'election_voted' } })
    expect(msgs).toHaveLength(1)
    expect(msgs[0].resourceId).toBe(`${e.election.id}:${e.round.id}`)
    expect(msgs[0].body).toContain('投票')
    expect(text(msgs)).not.toContain(tracker)
    const audits = await w.srv.deps.db.auditLog.findMany({ where: { action: 'election.vote', actorId: w.ids[0] } })
    expect(audits).toHaveLength(1)
    expect(audits[0].details).toEqual({ roundId: e.round.id })
    expect(audits[0].resourceId).toBe(String(e.election.id))
    expect(text(audits)).not.toContain(tracker)

    // A retry after a lost answer, same key: 409 ALREADY_VOTED, nothing stored for the key.
    const again = await cast(client.resident1, e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: [a, b] } }, 'vote-1')
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('ALREADY_VOTED')
    expect(again.body.error.message).toBe('您已在本轮投票，回执码只显示一次')
    expect(await w.srv.deps.db.idempotencyKey.count({ where: { userId: w.ids[0] } })).toBe(0)
    const other = await cast(client.resident1, e.election.id, { round: e.round.id, selections: {} })
    expect(other.status).toBe(409)
    expect(await rows(e.round.id)).toEqual({ voted: 1, ballots: 1, choices: 2, trackers: 1 })
  })

  it('blank and partial ballots count: a ballot with no choices is written', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13) })
    expect((await cast(client.resident1, e.election.id, { round: e.round.id, selections: {} })).status).toBe(201)
    expect((await cast(client.resident2, e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: [] } })).status).toBe(201)
    expect((await cast(client.resident3, e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: [e.contests[0].candidateIds[2]] } })).status).toBe(201)
    expect(await rows(e.round.id)).toEqual({ voted: 3, ballots: 3, choices: 1, trackers: 3 })
  })

  it('invalid selections are 422 naming selections.<contestId>, and nothing is recorded', async () => {
    const e = await openElection(w.srv, {
      communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(8, 14),
      contests: [{ name: '主任', seats: 1, candidates: 2 }, { name: '委员', seats: 2, candidates: 4 }],
    })
    const [chief, members] = e.contests
    await w.srv.deps.db.electionCandidate.update({ where: { id: members.candidateIds[3] }, data: { status: 'rejected', reviewReason: '不符合条件' } })
    const other = await openElection(w.srv, { communityId: w.qs, voterUserIds: [], candidateUserIds: w.ids.slice(0, 1), contests: [{ name: '委员', seats: 1, candidates: 1 }] })
    const bad: [Record<string, number[]>, string][] = [
      [{ [chief.id]: chief.candidateIds }, `selections.${chief.id}`], // too many
      [{ [members.id]: [members.candidateIds[0], members.candidateIds[0]] }, `selections.${members.id}`], // duplicate
      [{ [chief.id]: [members.candidateIds[0]] }, `selections.${chief.id}`], // of another contest
      [{ [members.id]: [members.candidateIds[3]] }, `selections.${members.id}`], // rejected
      [{ [members.id]: [999999] }, `selections.${members.id}`], // unknown
      [{ abc: [1] }, 'selections.abc'], // not a contest id
      [{ '0': [] }, 'selections.0'],
      [{ [other.contests[0].id]: other.contests[0].candidateIds }, `selections.${other.contests[0].id}`], // another election's contest
      [{ [chief.id]: [chief.candidateIds[0]], [members.id]: [members.candidateIds[0], members.candidateIds[1], members.candidateIds[2]] }, `selections.${members.id}`],
    ]
    for (const [selections, field] of bad) {
      const r = await cast(client.resident1, e.election.id, { round: e.round.id, selections })
      expect(r.status, JSON.stringify(selections)).toBe(422)
      expect(r.body.error.details.fields[0].field).toBe(field)
    }
    expect(await rows(e.round.id)).toEqual({ voted: 0, ballots: 0, choices: 0, trackers: 0 })
    // The same voter then votes fine.
    const ok = await cast(client.resident1, e.election.id, { round: e.round.id, selections: { [chief.id]: [chief.candidateIds[1]], [members.id]: members.candidateIds.slice(0, 2) } })
    expect(ok.status).toBe(201)
    expect(await rows(e.round.id)).toEqual({ voted: 1, ballots: 1, choices: 3, trackers: 1 })
  })

  it('malformed bodies are 400 naming the field', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 1), candidateUserIds: w.ids.slice(10, 13) })
    const cases: [unknown, string][] = [
      [{ round: 'x', selections: {} }, 'round'],
      [{ selections: {} }, 'round'],
      [{ round: e.round.id, selections: { [e.contests[0].id]: ['a'] } }, `selections.${e.contests[0].id}.0`],
      [{ round: e.round.id, selections: [] }, 'selections'],
      [{ round: e.round.id, selections: {}, voter: 1 }, 'voter'],
    ]
    for (const [body, field] of cases) {
      const r = await client.resident1.post(`/api/v1/elections/${e.election.id}/ballots`, body)
      expect(r.status, JSON.stringify(body)).toBe(400)
      expect(r.body.error.details.fields.map((f: { field: string }) => f.field)).toContain(field)
    }
    expect((await client.resident1.post('/api/v1/elections/abc/ballots', { round: e.round.id, selections: {} })).status).toBe(400)
    expect((await client.resident1.post('/api/v1/elections/99999999/ballots', { round: e.round.id, selections: {} })).status).toBe(404)
    expect(await rows(e.round.id)).toEqual({ voted: 0, ballots: 0, choices: 0, trackers: 0 })
  })

  it('only voters on the closed roll: not on it, removed, roll not closed → 403; another community → 404', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13) })
    await w.srv.deps.db.electionVoter.update({ where: { id: e.voterIdOf(w.ids[1]) }, data: { removedAt: new Date(), removedReason: '已迁出' } })
    for (const who of ['resident5', 'resident2']) {
      const r = await cast(client[who], e.election.id, { round: e.round.id, selections: {} })
      expect(r.status, who).toBe(403)
      expect(r.body.error.code).toBe('NOT_ON_ROLL')
    }
    // Another community's resident: the same 404 as for an election that does not exist.
    const stranger = await cast(client.resident16, e.election.id, { round: e.round.id, selections: {} })
    expect(stranger.status).toBe(404)
    const missing = await cast(client.resident16, 99999999, { round: e.round.id, selections: {} })
    expect([stranger.body.error.code, stranger.body.error.message]).toEqual([missing.body.error.code, missing.body.error.message])
    const open = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13), rollClosed: false })
    expect((await cast(client.resident1, open.election.id, { round: open.round.id, selections: {} })).status).toBe(403)
    expect(await rows(e.round.id)).toEqual({ voted: 0, ballots: 0, choices: 0, trackers: 0 })
  })

  it('only in an open round of this election, within its window → else 409 (400 for a round of another election)', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13), roundStatus: 'scheduled' })
    const vote = () => cast(client.resident1, e.election.id, { round: e.round.id, selections: {} })
    expect((await vote()).body.error?.code).toBe('ROUND_NOT_OPEN')
    const now = w.srv.deps.now().getTime()
    await w.srv.deps.db.electionRound.update({ where: { id: e.round.id }, data: { status: 'open', opensAt: new Date(now + 3600_000) } })
    expect((await vote()).status).toBe(409)
    await w.srv.deps.db.electionRound.update({ where: { id: e.round.id }, data: { opensAt: new Date(now - 3600_000), closesAt: new Date(now + 3600_000) } })
    w.srv.clock.advance(2 * 3600_000)
    expect((await vote()).body.error?.code).toBe('ROUND_NOT_OPEN')
    await w.srv.deps.db.electionRound.update({ where: { id: e.round.id }, data: { closesAt: null, status: 'closed' } })
    expect((await vote()).status).toBe(409)
    const other = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13) })
    const cross = await cast(client.resident1, e.election.id, { round: other.round.id, selections: {} })
    expect(cross.status).toBe(400)
    expect(cross.body.error.details.fields[0].field).toBe('round')
    expect(await rows(e.round.id)).toEqual({ voted: 0, ballots: 0, choices: 0, trackers: 0 })
    expect(await rows(other.round.id)).toEqual({ voted: 0, ballots: 0, choices: 0, trackers: 0 })
  })

  it('a voter marked as voted on paper is refused online (409 VOTED_ON_PAPER)', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13) })
    await w.srv.deps.db.electionVoted.create({ data: { voterId: e.voterIdOf(w.ids[0]), roundId: e.round.id, channel: 'paper' } })
    const r = await cast(client.resident1, e.election.id, { round: e.round.id, selections: {} })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('VOTED_ON_PAPER')
    expect(await rows(e.round.id)).toEqual({ voted: 1, ballots: 0, choices: 0, trackers: 0 })
  })

  it('in a formal round after a preliminary, only advanced candidates may be chosen', async () => {
    const e = await openElection(w.srv, { communityId: w.qs, voterUserIds: w.ids.slice(0, 3), candidateUserIds: w.ids.slice(10, 13) })
    await w.srv.deps.db.electionRound.create({ data: { electionId: e.election.id, kind: 'preliminary', seq: 1, status: 'counted' } })
    const [a, b, c] = e.contests[0].candidateIds
    await w.srv.deps.db.electionCandidate.updateMany({ where: { id: { in: [a, b] } }, data: { advanced: true } })
    await w.srv.deps.db.electionCandidate.update({ where: { id: c }, data: { advanced: false } })
    const r = await cast(client.resident1, e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: [c] } })
    expect(r.status).toBe(422)
    expect(r.body.error.details.fields[0].field).toBe(`selections.${e.contests[0].id}`)
    expect((await cast(client.resident1, e.election.id, { round: e.round.id, selections: { [e.contests[0].id]: [a, b] } })).status).toBe(201)
  })
})
