import { describe, expect, it } from 'vitest'
import { fieldsOf, type Client } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { newElection, openPhases } from './support/elections.ts'
import { useFixture } from './support/fixture.ts'
import { uploadPhoto } from './support/reports.ts'
import { startTestServer } from './support/server.ts'

describe('elections: candidates sign up, withdraw and are reviewed; the formal vote needs more candidates than seats', () => {
  const c: Record<string, Client> = {}
  const uid = (u: string) => t.srv.deps.db.user.findUniqueOrThrow({ where: { username: u } }).then((x) => x.id)
  const signUp = (who: string, b: Record<string, unknown>) => c[who].post(`/api/v1/elections/${t.eid}/candidates`, b)
  const cand = async (who: string) => (await t.srv.deps.db.electionCandidate.findFirstOrThrow({ where: { electionId: t.eid, userId: await uid(who) } })).id
  const rev = async (who: string, b: Record<string, unknown>, by = 'committee1') => c[by].post(`/api/v1/elections/${t.eid}/candidates/${await cand(who)}/review`, b)

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: la })
    const names = ['resident1', 'resident2', 'resident3', 'resident4', 'resident5', 'resident6', 'resident7', 'resident8', 'resident12', 'resident16', 'committee1', 'committeeB']
    const clients = await Promise.all(names.map((u) => srv.as(u)))
    names.forEach((n, i) => { c[n] = clients[i] })
    const e = await newElection(c.committee1, qs, { contests: [{ name: '主任', seats: 1 }, { name: '委员', seats: 2 }] })
    const eid: number = e.id
    const [chair, member] = e.contests.map((x) => x.id)
    await openPhases(c.committee1, eid, 'conditions', 'registration')
    expect((await c.committee1.post(`/api/v1/elections/${eid}/roll/build`, {})).status).toBe(200)
    return { srv, qs, la, eid, chair, member }
  })

  it('sign-up only during nomination, only voters on the roll, one contest per person', async () => {
    const early = await signUp('resident1', { contestId: t.chair, statement: '为居民办实事' })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('WRONG_PHASE')
    expect(early.body.error.message).toContain('「报名」')
    expect((await c.committee1.post(`/api/v1/elections/${t.eid}/roll/close`, {})).status).toBe(200)
    await openPhases(c.committee1, t.eid, 'nomination')
    const ok = await signUp('resident1', { contestId: t.chair, statement: '为居民办实事' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body.data).toMatchObject({ contestName: '主任', status: 'pending', statusLabel: '待审查', source: 'self', mine: true, allowedActions: { withdraw: true, review: false } })
    // The candidate sees their own full name (the public list shows it once approved).
    const profile = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: await uid('resident1') } })
    expect(ok.body.data.name).toBe(profile.realName)
    expect((await signUp('resident1', { contestId: t.member })).body.error.code).toBe('ALREADY_CANDIDATE')
    expect((await signUp('resident12', { contestId: t.chair })).status).toBe(403) // a minor: not on the roll
    expect((await signUp('resident16', { contestId: t.chair })).status).toBe(404) // another community
    expect(fieldsOf(await signUp('resident2', { contestId: 999999 }))).toContain('contestId')
    expect(fieldsOf(await signUp('resident2', { contestId: t.chair, statement: '长'.repeat(1001) }))).toContain('statement')
    expect(fieldsOf(await signUp('resident2', { contestId: t.chair, photoUploadId: 999999 }))).toContain('photoUploadId')
    expect((await signUp('resident2', { contestId: t.chair, userId: await uid('resident3') })).status).toBe(403)
    // Staff nominate a voter; not someone off the roll.
    const nominated = await c.committee1.post(`/api/v1/elections/${t.eid}/candidates`, { contestId: t.member, userId: await uid('resident3'), statement: '居民推荐' })
    expect(nominated.status).toBe(201)
    expect(nominated.body.data).toMatchObject({ source: 'staff', mine: false })
    expect(fieldsOf(await c.committee1.post(`/api/v1/elections/${t.eid}/candidates`, { contestId: t.member, userId: await uid('resident12') }))).toContain('userId')
    expect((await c.committeeB.post(`/api/v1/elections/${t.eid}/candidates`, { contestId: t.member, userId: await uid('resident4') })).status).toBe(404)
    // Parallel sign-ups of one person for two contests: one candidacy.
    const both = await Promise.all([signUp('resident2', { contestId: t.chair }), signUp('resident2', { contestId: t.member }), signUp('resident2', { contestId: t.chair })])
    expect(both.map((r) => r.status).sort()).toEqual([201, 409, 409])
    expect(await t.srv.deps.db.electionCandidate.count({ where: { electionId: t.eid, userId: await uid('resident2') } })).toBe(1)
    await t.srv.deps.db.electionCandidate.updateMany({ where: { electionId: t.eid, userId: await uid('resident2') }, data: { contestId: t.chair } })
    // A photo: one's own upload only; attached to the candidacy and shown by a signed URL.
    const photo = await uploadPhoto(t.srv, c.resident5)
    expect(fieldsOf(await signUp('resident6', { contestId: t.member, photoUploadId: photo }))).toContain('photoUploadId')
    const withPhoto = await signUp('resident5', { contestId: t.member, statement: '附照片', photoUploadId: photo })
    expect(withPhoto.status, JSON.stringify(withPhoto.body)).toBe(201)
    expect(withPhoto.body.data.photoUrl).toMatch(/\/api\/v1\/files\//)
    expect((await t.srv.deps.db.upload.findUniqueOrThrow({ where: { id: photo } })).attachedAt).not.toBeNull()
    for (const [who, contestId] of [['resident4', t.chair], ['resident6', t.member], ['resident7', t.chair]] as const) {
      expect((await signUp(who, { contestId, statement: `${who}的竞选陈述` })).status).toBe(201)
    }
  })

  it('withdrawing: the candidate, before the formal vote; others cannot; the list shows each what they may see', async () => {
    const r4 = await cand('resident4')
    expect((await c.resident5.post(`/api/v1/elections/${t.eid}/candidates/${r4}/withdraw`, {})).status).toBe(404)
    const w = await c.resident4.post(`/api/v1/elections/${t.eid}/candidates/${r4}/withdraw`, {})
    expect(w.status, JSON.stringify(w.body)).toBe(200)
    expect(w.body.data).toMatchObject({ status: 'withdrawn', statusLabel: '已退出', allowedActions: { withdraw: false } })
    expect((await c.resident4.post(`/api/v1/elections/${t.eid}/candidates/${r4}/withdraw`, {})).body.error.code).toBe('CANDIDATE_CHANGED')
    // During nomination a resident sees only their own; staff see all.
    expect((await c.resident8.get(`/api/v1/elections/${t.eid}/candidates`)).body.data).toEqual([])
    expect((await c.resident1.get(`/api/v1/elections/${t.eid}/candidates`)).body.data.map((x: { mine: boolean }) => x.mine)).toEqual([true])
    expect((await c.committee1.get(`/api/v1/elections/${t.eid}/candidates`)).body.data).toHaveLength(7)
    expect((await rev('resident1', { approved: true })).body.error.code).toBe('WRONG_PHASE')
  })

  it('review during qualification: a rejection needs its reason and tells the candidate; the approved list is public; formal opens only when every contest is contested', async () => {
    await openPhases(c.committee1, t.eid, 'qualification')
    expect((await signUp('resident8', { contestId: t.chair })).body.error.code).toBe('WRONG_PHASE')
    expect((await rev('resident1', { approved: true }, 'resident1')).status).toBe(403)
    expect(fieldsOf(await rev('resident2', { approved: false }))).toContain('reason')
    const rej = await rev('resident2', { approved: false, reason: '不符合任职条件' })
    expect(rej.status, JSON.stringify(rej.body)).toBe(200)
    expect(rej.body.data).toMatchObject({ status: 'rejected', reviewReason: '不符合任职条件' })
    const msg = await t.srv.deps.db.message.findFirstOrThrow({ where: { userId: await uid('resident2'), kind: 'election_candidate' } })
    expect(msg.body).toContain('不符合任职条件')
    expect((await rev('resident2', { approved: true })).body.error.code).toBe('CANDIDATE_CHANGED')
    for (const who of ['resident1', 'resident7', 'resident3', 'resident5']) expect((await rev(who, { approved: true })).status).toBe(200)
    // resident6 still pending: 委员 has 2 approved for 2 seats.
    const short = await c.committee1.post(`/api/v1/elections/${t.eid}/phases/formal/open`, {})
    expect(short.status).toBe(409)
    expect(short.body.error).toMatchObject({ code: 'NOT_CONTESTED', details: { contestId: t.member, seats: 2, candidates: 2 } })
    expect(short.body.error.message).toContain('「委员」')
    // Public list: approved only, no review reasons; the rejected candidate sees their own reason.
    const pub = (await c.resident8.get(`/api/v1/elections/${t.eid}/candidates`)).body.data
    expect(pub.map((x: { status: string }) => x.status)).toEqual(['approved', 'approved', 'approved', 'approved'])
    expect(pub.every((x: { reviewReason: string | null }) => x.reviewReason === null)).toBe(true)
    const own = (await c.resident2.get(`/api/v1/elections/${t.eid}/candidates`)).body.data.find((x: { mine: boolean }) => x.mine)
    expect(own).toMatchObject({ status: 'rejected', reviewReason: '不符合任职条件' })
    expect((await rev('resident6', { approved: true })).status).toBe(200)
    const formal = await c.committee1.post(`/api/v1/elections/${t.eid}/phases/formal/open`, {})
    expect(formal.status, JSON.stringify(formal.body)).toBe(200)
    const late = await c.resident7.post(`/api/v1/elections/${t.eid}/candidates/${await cand('resident7')}/withdraw`, {})
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('WRONG_PHASE')
    // A candidate id of another election is not found here.
    const other = await newElection(c.committee1, t.qs)
    expect((await c.committee1.post(`/api/v1/elections/${other.id}/candidates/${await cand('resident1')}/review`, { approved: true })).status).toBe(404)
  })
})
