import { describe, expect, it } from 'vitest'
import { answerCounts, fieldsOf, type Client } from './support/client.ts'
import { closeDueVotes } from '../src/modules/consultations/consultation.vote.ts'
import { idNumberBorn } from './support/elections.ts'
import { createResident, createStaff, freshIdNumber } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

const DAY = 86_400_000
const HOUR = 3_600_000

describe('consultations: the vote (set up, ballots per resident and per household, window, quorum, results visibility)', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer({ env: { CONTENT_SECURITY_ON_FAILURE: 'publish' } })
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: la })
    // A second adult of resident1's home (approved binding): per household, either may cast its one ballot.
    const home = await srv.deps.db.householdBinding.findFirstOrThrow({ where: { user: { username: 'resident1' }, status: 'approved' } })
    const m = await createResident(srv.deps.db, srv.deps.cipher, 'member1b', { idNumber: freshIdNumber(), realName: '林秀英' })
    await srv.deps.db.user.update({ where: { id: m.id }, data: { displayName: '林秀英' } })
    await srv.deps.db.householdBinding.create({ data: { userId: m.id, householdId: home.householdId, communityId: home.communityId, gridId: home.gridId, relation: 'family', status: 'approved', activeFlag: true, reviewedAt: new Date() } })
    const [committee1, committeeB, r1, r2, r3, r16, member] = await Promise.all(['committee1', 'committeeB', 'resident1', 'resident2', 'resident3', 'resident16', 'member1b'].map((u) => srv.as(u)))
    const bindings = await srv.deps.db.householdBinding.findMany({ where: { communityId: qs, status: 'approved' }, select: { userId: true, householdId: true } })
    const audienceResidents: number = new Set(bindings.map((b) => b.userId)).size
    const audienceHouseholds: number = new Set(bindings.map((b) => b.householdId)).size
    return { srv, qs, la, committee1, committeeB, r1, r2, r3, r16, member, audienceResidents, audienceHouseholds }
  })

  const topic = async (over: Record<string, unknown> = {}) => {
    const r = await t.committee1.post('/api/v1/consultations', { communityId: t.qs, title: '小区东门是否改为人车分流', decisionMethod: 'vote', ...over })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.data.id as number
  }
  const setUp = (id: number, body: Record<string, unknown>, by = t.committee1) =>
    by.put(`/api/v1/consultations/${id}/vote`, { closesAt: new Date(t.srv.clock.now().getTime() + 7 * DAY).toISOString(), ...body })
  const startVoting = async (id: number) => {
    const r = await t.committee1.post(`/api/v1/consultations/${id}/transitions`, { to: 'voting' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
  }
  const voting = async (body: Record<string, unknown>) => {
    const id = await topic()
    const s = await setUp(id, body)
    expect(s.status, JSON.stringify(s.body)).toBe(200)
    await startVoting(id)
    return { id, vote: (await t.committee1.get(`/api/v1/consultations/${id}/vote`)).body.data }
  }
  const cast = (c: Client, id: number, choiceIds: number[], extra: Record<string, unknown> = {}) => c.post(`/api/v1/consultations/${id}/votes`, { choiceIds, ...extra })

  it('staff set the vote up in discussion; wrong bodies are 400 naming the field; others 403/404/409', async () => {
    const id = await topic()
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await setUp(id, body)
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(fieldsOf(r)).toContain(field)
    }
    await bad({ kind: 'lottery', choices: ['甲', '乙'] }, 'kind')
    await bad({ kind: 'single', choices: ['只有一个'] }, 'choices')
    await bad({ kind: 'single', choices: ['甲', '甲'] }, 'choices')
    await bad({ kind: 'approve', choices: ['同意', '反对'] }, 'choices')
    await bad({ kind: 'multiple', choices: ['甲', '乙', '丙'] }, 'maxChoices')
    await bad({ kind: 'multiple', choices: ['甲', '乙', '丙'], maxChoices: 4 }, 'maxChoices')
    await bad({ kind: 'single', choices: ['甲', '乙'], maxChoices: 2 }, 'maxChoices')
    await bad({ kind: 'single', choices: ['甲', '乙'], quorumPercent: 101 }, 'quorumPercent')
    await bad({ kind: 'single', choices: ['甲', '乙'], unit: 'per_building' }, 'unit')
    await bad({ kind: 'single', choices: ['甲', '乙'], closesAt: new Date(Date.now() - DAY).toISOString() }, 'closesAt')
    await bad({ kind: 'single', choices: ['甲', '乙'], opensAt: new Date(Date.now() + 9 * DAY).toISOString() }, 'closesAt')
    expect((await setUp(id, { kind: 'approve' }, t.r1)).status).toBe(403)
    expect((await setUp(id, { kind: 'approve' }, t.committeeB)).status).toBe(404)
    const none = await topic({ decisionMethod: 'meeting' })
    expect((await setUp(none, { kind: 'approve' })).body.error.code).toBe('WRONG_METHOD')

    const ok = await setUp(id, { kind: 'approve', unit: 'per_household', quorumPercent: 50 })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(ok.body.data).toMatchObject({ kind: 'approve', unit: 'per_household', unitLabel: '每户一票', status: 'scheduled', quorumPercent: 50, allowedActions: { setUp: true, cast: false } })
    expect(ok.body.data.choices.map((c: { label: string }) => c.label)).toEqual(['同意', '不同意', '弃权'])
    // Redone before voting: the new one replaces it.
    const redo = await setUp(id, { kind: 'single', choices: ['东门', '西门', '北门'] })
    expect(redo.body.data.choices.map((c: { label: string }) => c.label)).toEqual(['东门', '西门', '北门'])
    expect(await t.srv.deps.db.consultationVoteChoice.count({ where: { topicId: id } })).toBe(3)
    expect((await cast(t.r1, id, [redo.body.data.choices[0].id])).body.error.code).toBe('WRONG_STATE')
    await startVoting(id)
    expect((await setUp(id, { kind: 'approve' })).body.error.code).toBe('WRONG_STATE')
    expect((await t.srv.deps.db.consultationVote.findUniqueOrThrow({ where: { topicId: id } })).eligibleCount).toBe(t.audienceResidents)
  })

  it('per resident, single choice: one ballot each; the voter sees their choice, staff totals only, residents the totals after it closes', async () => {
    const { id, vote } = await voting({ kind: 'single', choices: ['东门', '西门', '北门'], quorumPercent: 10 })
    const [east, west] = vote.choices.map((c: { id: number }) => c.id)
    expect(fieldsOf(await cast(t.r1, id, [east, west]))).toContain('choiceIds')
    expect(fieldsOf(await cast(t.r1, id, [999999]))).toContain('choiceIds')
    expect(fieldsOf(await cast(t.r1, id, []))).toContain('choiceIds')
    expect(fieldsOf(await cast(t.r1, id, [east, east]))).toContain('choiceIds')
    expect((await cast(t.r16, id, [east])).status).toBe(404)
    expect((await cast(t.committee1, id, [east])).status).toBe(403)

    const mine = await cast(t.r1, id, [west])
    expect(mine.status, JSON.stringify(mine.body)).toBe(201)
    expect(mine.body.data).toMatchObject({ myBallot: { choiceIds: [west], castBy: '您', castByMe: true }, resultsVisible: false, ballotsCount: null, allowedActions: { cast: false } })
    expect(mine.body.data.choices.every((c: { count: number | null }) => c.count === null)).toBe(true)
    expect((await cast(t.r1, id, [east])).body.error.code).toBe('ALREADY_VOTED')
    expect((await cast(t.r2, id, [east])).status).toBe(201)
    expect((await cast(t.r3, id, [east])).status).toBe(201)

    // Another resident sees neither the totals nor anyone's choice; staff see totals but no ballot.
    const other = (await t.member.get(`/api/v1/consultations/${id}/vote`)).body.data
    expect(other).toMatchObject({ myBallot: null, ballotsCount: null, allowedActions: { cast: true } })
    const staff = (await t.committee1.get(`/api/v1/consultations/${id}/vote`)).body.data
    expect(staff).toMatchObject({ myBallot: null, resultsVisible: true, ballotsCount: 3, eligibleCount: t.audienceResidents, status: 'open' })
    expect(staff.choices.map((c: { count: number }) => c.count)).toEqual([2, 1, 0])
    const names = await t.srv.deps.db.user.findMany({ where: { username: { in: ['resident1', 'resident2', 'resident3'] } }, select: { displayName: true } })
    for (const n of names) expect(JSON.stringify(staff)).not.toContain(n.displayName)
    const audits = await t.srv.deps.db.auditLog.findMany({ where: { action: 'consultation.vote', resourceId: String(id) } })
    expect(audits).toHaveLength(3)
    expect(JSON.stringify(audits.map((a) => a.details))).not.toContain(String(west))

    // Cannot be decided while it runs.
    expect((await t.committee1.post(`/api/v1/consultations/${id}/transitions`, { to: 'decided' })).body.error.code).toBe('USE_DECISION')
    expect((await t.committee1.post(`/api/v1/consultations/${id}/decision`, { resolution: '东门改造' })).body.error.code).toBe('VOTE_OPEN')

    t.srv.clock.advance(8 * DAY)
    try {
      expect((await cast(t.member, id, [east])).body.error.code).toBe('VOTE_CLOSED')
      const after = (await t.r2.get(`/api/v1/consultations/${id}/vote`)).body.data
      expect(after).toMatchObject({ status: 'closed', statusLabel: '投票已结束', resultsVisible: true, ballotsCount: 3, eligibleCount: t.audienceResidents, myBallot: { choiceIds: [east] } })
      expect(after.turnoutPercent).toBe(Math.round((3 * 1000) / t.audienceResidents) / 10)
      expect(after.quorumReached).toBe(3 * 100 >= 10 * t.audienceResidents)
      expect(after.choices.map((c: { count: number }) => c.count)).toEqual([2, 1, 0])
      const d = await t.committee1.post(`/api/v1/consultations/${id}/decision`, { resolution: '按投票结果，东门改为人车分流。' })
      expect(d.status, JSON.stringify(d.body)).toBe(200)
      expect(d.body.data).toMatchObject({ state: 'decided', decision: { method: 'vote', resolution: '按投票结果，东门改为人车分流。', meetingDate: null } })
      expect(await t.srv.deps.db.consultationVote.findUniqueOrThrow({ where: { topicId: id } })).toMatchObject({ status: 'closed', valid: 3 * 100 >= 10 * t.audienceResidents })
      expect(await t.srv.deps.db.message.count({ where: { user: { username: 'resident7' }, resourceType: 'consultation', resourceId: `${id}:decided` } })).toBe(1)
      expect((await t.r1.get(`/api/v1/consultations/${id}/vote`)).body.data.outcome).toBe('按投票结果，东门改为人车分流。')
    } finally {
      t.srv.clock.advance(-8 * DAY)
    }
  })

  it('multiple and approve votes check the number of choices; a window not yet open refuses ballots', async () => {
    const multi = await voting({ kind: 'multiple', choices: ['篮球场', '健身步道', '儿童乐园', '老年活动室'], maxChoices: 2 })
    const ids = multi.vote.choices.map((c: { id: number }) => c.id)
    expect(fieldsOf(await cast(t.r1, multi.id, ids.slice(0, 3)))).toContain('choiceIds')
    const two = await cast(t.r1, multi.id, [ids[3], ids[1]])
    expect(two.status, JSON.stringify(two.body)).toBe(201)
    expect(two.body.data.myBallot.choiceIds).toEqual([ids[1], ids[3]].sort((a, b) => a - b))
    expect(await t.srv.deps.db.consultationBallotChoice.count({ where: { ballot: { topicId: multi.id } } })).toBe(2)

    const approve = await voting({ kind: 'approve' })
    const [yes, no] = approve.vote.choices.map((c: { id: number }) => c.id)
    expect(fieldsOf(await cast(t.r1, approve.id, [yes, no]))).toContain('choiceIds')
    expect(fieldsOf(await cast(t.r1, approve.id, [ids[0]]))).toContain('choiceIds') // a choice of another topic's vote
    expect((await cast(t.r1, approve.id, [no])).status).toBe(201)

    const later = await voting({ kind: 'approve', opensAt: new Date(t.srv.clock.now().getTime() + DAY).toISOString() })
    const c = later.vote.choices[0].id
    expect((await cast(t.r1, later.id, [c])).body.error.code).toBe('VOTE_NOT_STARTED')
    t.srv.clock.advance(DAY + 1000)
    try {
      expect((await cast(t.r1, later.id, [c])).status).toBe(201)
    } finally {
      t.srv.clock.advance(-(DAY + 1000))
    }
  })

  it('quorum: staff may end a vote early; below the quorum it is recorded as not reached', async () => {
    const { id, vote } = await voting({ kind: 'approve', quorumPercent: 60 })
    expect((await cast(t.r1, id, [vote.choices[0].id])).status).toBe(201)
    expect((await t.r1.post(`/api/v1/consultations/${id}/vote/close`, {})).status).toBe(403)
    const closed = await t.committee1.post(`/api/v1/consultations/${id}/vote/close`, {})
    expect(closed.status, JSON.stringify(closed.body)).toBe(200)
    expect(closed.body.data).toMatchObject({ status: 'closed', ballotsCount: 1, quorumReached: false, allowedActions: { close: false } })
    expect((await t.srv.deps.db.consultationVote.findUniqueOrThrow({ where: { topicId: id } })).valid).toBe(false)
    expect((await t.committee1.post(`/api/v1/consultations/${id}/vote/close`, {})).body.error.code).toBe('VOTE_CLOSED')
    expect((await cast(t.r2, id, [vote.choices[0].id])).body.error.code).toBe('VOTE_CLOSED')
    expect((await t.r2.get(`/api/v1/consultations/${id}/vote`)).body.data).toMatchObject({ resultsVisible: true, quorumReached: false })
  })

  it('per household: two members voting at once leave exactly one ballot; the other gets 409 HOUSEHOLD_VOTED and sees who voted', async () => {
    const { id, vote } = await voting({ kind: 'approve', unit: 'per_household' })
    expect((await t.srv.deps.db.consultationVote.findUniqueOrThrow({ where: { topicId: id } })).eligibleCount).toBe(t.audienceHouseholds)
    const [yes, no] = vote.choices.map((c: { id: number }) => c.id)
    const burst = await Promise.all([0, 1, 2].flatMap(() => [cast(t.r1, id, [yes]), cast(t.member, id, [no])]))
    expect(burst.filter((a) => a.status >= 500)).toEqual([])
    const counts = answerCounts(burst)
    expect(counts['201']).toBe(1)
    expect((counts['409 HOUSEHOLD_VOTED'] ?? 0) + (counts['409 ALREADY_VOTED'] ?? 0)).toBe(5)
    expect(counts['409 HOUSEHOLD_VOTED']).toBeGreaterThanOrEqual(3)
    const home = (await t.srv.deps.db.householdBinding.findFirstOrThrow({ where: { user: { username: 'member1b' } } })).householdId
    expect(await t.srv.deps.db.consultationBallot.count({ where: { topicId: id, householdId: home } })).toBe(1)
    expect(await t.srv.deps.db.consultationBallot.count({ where: { topicId: id } })).toBe(1)
    expect((await t.srv.deps.db.consultationVote.findUniqueOrThrow({ where: { topicId: id } })).ballotsCount).toBe(1)

    const winner = burst.find((a) => a.status === 201)!
    const winnerIsMember = winner.body.data.myBallot.choiceIds[0] === no
    const loser = winnerIsMember ? t.r1 : t.member
    const seen = (await loser.get(`/api/v1/consultations/${id}/vote`)).body.data
    const r1Name = (await t.srv.deps.db.user.findFirstOrThrow({ where: { username: 'resident1' } })).displayName
    expect(seen.myBallot).toMatchObject({ castByMe: false, castBy: winnerIsMember ? '林秀英' : r1Name, choiceIds: [winnerIsMember ? no : yes] })
    expect(seen.allowedActions.cast).toBe(false)
    // A child of resident2's home cannot cast the home's vote, nor can a member without a verified ID.
    const home2 = await t.srv.deps.db.householdBinding.findFirstOrThrow({ where: { user: { username: 'resident2' }, status: 'approved' } })
    const kids = [await createResident(t.srv.deps.db, t.srv.deps.cipher, 'child2', { idNumber: idNumberBorn('20150601'), realName: '小明' }), await createResident(t.srv.deps.db, t.srv.deps.cipher, 'unverified2')]
    for (const k of kids) {
      await t.srv.deps.db.householdBinding.create({ data: { userId: k.id, householdId: home2.householdId, communityId: home2.communityId, gridId: home2.gridId, relation: 'family', status: 'approved', activeFlag: true, reviewedAt: new Date() } })
      const refused = await cast(await t.srv.as(k.username!), id, [yes])
      expect([k.username, refused.status, refused.body.error?.code]).toEqual([k.username, 403, 'NOT_ADULT'])
    }
    // Another household of the community still has its own vote.
    expect((await cast(t.r2, id, [no])).status).toBe(201)
    expect((await cast(t.r16, id, [no])).status).toBe(404)
  })
  it('the closing job: two runs at once close each overdue vote exactly once (quorum fixed, audited, totals shown); a vote not yet due stays open', async () => {
    const soon = new Date(t.srv.clock.now().getTime() + HOUR)
    const a = await voting({ kind: 'approve', closesAt: soon.toISOString(), quorumPercent: 1 })
    const b = await voting({ kind: 'single', choices: ['甲方案', '乙方案'], closesAt: soon.toISOString(), quorumPercent: 100 })
    const notYet = await voting({ kind: 'approve', closesAt: new Date(soon.getTime() + 2 * HOUR).toISOString() })
    expect((await cast(t.r1, a.id, [a.vote.choices[0].id])).status).toBe(201)
    expect((await cast(t.r2, b.id, [b.vote.choices[1].id])).status).toBe(201)
    const closeAudits = (id: number) => t.srv.deps.db.auditLog.findMany({ where: { action: 'consultation.vote_close', resourceId: String(id) } })

    t.srv.clock.advance(2 * HOUR)
    try {
      const runs = await Promise.all([closeDueVotes(t.srv.deps), closeDueVotes(t.srv.deps)])
      expect(runs[0] + runs[1]).toBe(2)
      for (const [id, quorum] of [[a.id, 1], [b.id, 100]]) {
        const v = await t.srv.deps.db.consultationVote.findUniqueOrThrow({ where: { topicId: id } })
        expect(v.eligibleCount).toBeGreaterThan(1)
        expect(v).toMatchObject({ status: 'closed', closedAt: soon, ballotsCount: 1, valid: 100 >= quorum * v.eligibleCount! })
        const audits = await closeAudits(id)
        expect(audits).toHaveLength(1)
        expect(audits[0]).toMatchObject({ actorId: null, result: 'success', requestId: 'job:consultation-vote-close', details: { by: 'deadline', ballots: 1, eligible: v.eligibleCount, valid: v.valid } })
      }
      expect(await t.srv.deps.db.consultationVote.findUniqueOrThrow({ where: { topicId: notYet.id } })).toMatchObject({ status: 'open', closedAt: null, valid: null })
      expect(await closeAudits(notYet.id)).toHaveLength(0)
      expect(await closeDueVotes(t.srv.deps)).toBe(0)

      // As after staff's 结束投票: the audience sees the totals, no more ballots, staff cannot close it again, the outcome can be recorded.
      expect((await t.r3.get(`/api/v1/consultations/${a.id}/vote`)).body.data).toMatchObject({ status: 'closed', resultsVisible: true, ballotsCount: 1, quorumReached: true })
      expect((await cast(t.r3, a.id, [a.vote.choices[0].id])).body.error.code).toBe('VOTE_CLOSED')
      expect((await t.committee1.post(`/api/v1/consultations/${a.id}/vote/close`, {})).body.error.code).toBe('VOTE_CLOSED')
      expect((await t.committee1.post(`/api/v1/consultations/${a.id}/decision`, { resolution: '同意，按方案实施。' })).status).toBe(200)
      expect((await cast(t.r3, notYet.id, [notYet.vote.choices[0].id])).status).toBe(201)
    } finally {
      t.srv.clock.advance(-2 * HOUR)
    }
  })
})
