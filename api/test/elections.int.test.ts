import { describe, expect, it } from 'vitest'
import { fieldsOf, type Client } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('elections: drafting, reading and the phases in their lawful order', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: la })
    await createStaff(srv.deps.db, 'adminE', 'admin')
    const [r1, r16, committee1, committeeB, admin] = await Promise.all(['resident1', 'resident16', 'committee1', 'committeeB', 'adminE'].map((u) => srv.as(u)))
    return { srv, r1, r16, committee1, committeeB, admin, qs, la }
  })

  const body = (over: Record<string, unknown> = {}) => ({
    communityId: t.qs, title: '青石社区第十二届居委会换届选举', conditionsText: '年满18周岁、户籍或居住在本社区的居民',
    electionDay: '2027-01-10', contests: [{ name: '主任', seats: 1 }, { name: '委员', seats: 2 }], ...over,
  })
  const patch = (c: Client, id: number, b: unknown) => c.request('PATCH', `/api/v1/elections/${id}`, b)
  const open = (c: Client, id: number, phase: string) => c.post(`/api/v1/elections/${id}/phases/${phase}/open`, {})

  it('creates a draft with defaults: rules text, timeline, contests; only staff see a draft', async () => {
    const r = await t.committee1.post('/api/v1/elections', body({ schedule: { conditions: { startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2026-12-05T00:00:00+08:00' } } }))
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const d = r.body.data
    expect(d).toMatchObject({ phase: 'draft', phaseLabel: '草稿', minAge: 18, electionDay: '2027-01-10', hasPreliminary: false, nextPhase: 'conditions', version: 0 })
    expect(d.rulesText).toBe('选民过半数参加投票选举有效，候选人获得参加投票的选民过半数的选票始得当选')
    expect(d.contests.map((c: { name: string; seats: number }) => [c.name, c.seats])).toEqual([['主任', 1], ['委员', 2]])
    expect(d.phases.map((p: { phase: string }) => p.phase)).toEqual(['conditions', 'registration', 'nomination', 'qualification', 'formal', 'counting'])
    expect(d.phases[0]).toMatchObject({ label: '公布条件', startsAt: '2026-11-30T16:00:00.000Z', openedAt: null })
    expect(d.allowedActions).toMatchObject({ update: true, openNext: true, signUp: false })
    expect((await t.r1.get(`/api/v1/elections/${d.id}`)).status).toBe(404)
    expect((await t.r1.get('/api/v1/elections')).body.data.map((e: { id: number }) => e.id)).not.toContain(d.id)
    expect((await t.committee1.get('/api/v1/elections')).body.data.map((e: { id: number }) => e.id)).toContain(d.id)
    expect((await t.committeeB.get(`/api/v1/elections/${d.id}`)).status).toBe(404)
    const audits = await t.srv.deps.db.auditLog.count({ where: { action: 'election.create', resourceId: String(d.id) } })
    expect(audits).toBe(1)
  })

  it('refuses bad input naming the field, and people who do not manage the community', async () => {
    const bad = async (over: Record<string, unknown>, field: string) => {
      const r = await t.committee1.post('/api/v1/elections', body(over))
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(fieldsOf(r)).toContain(field)
    }
    await bad({ title: '' }, 'title')
    await bad({ contests: [] }, 'contests')
    await bad({ contests: [{ name: '主任', seats: 0 }] }, 'contests.0.seats')
    await bad({ electionDay: '2027-02-30' }, 'electionDay')
    await bad({ rules: { turnout: { num: 3, den: 2 } } }, 'rules.turnout')
    await bad({ schedule: { preliminary: { startsAt: '2026-12-01T00:00:00+08:00', endsAt: '2026-12-02T00:00:00+08:00' } } }, 'schedule.preliminary')
    await bad({ schedule: { conditions: { startsAt: '2026-12-05T00:00:00+08:00', endsAt: '2026-12-01T00:00:00+08:00' } } }, 'schedule.conditions.endsAt')
    await bad({ minAge: 'x' }, 'minAge')
    expect((await t.r1.post('/api/v1/elections', body())).status).toBe(403)
    expect((await t.committeeB.post('/api/v1/elections', body())).status).toBe(403)
    expect((await t.admin.post('/api/v1/elections', body({ communityId: 999999 }))).status).toBe(400)
    expect(await t.srv.deps.db.election.count({ where: { communityId: t.la } })).toBe(0)
  })

  it('edits a draft on its version; a stale version is 409; after the draft nothing changes', async () => {
    const d = (await t.committee1.post('/api/v1/elections', body())).body.data
    const r = await patch(t.committee1, d.id, { version: 0, title: '改后的标题', hasPreliminary: true, contests: [{ name: '主任', seats: 1 }], rules: { turnout: { num: 2, den: 3 } } })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.data).toMatchObject({ title: '改后的标题', hasPreliminary: true, version: 1 })
    expect(r.body.data.rulesText).toBe('选民超过三分之二参加投票选举有效，候选人获得参加投票的选民过半数的选票始得当选')
    expect(r.body.data.phases.map((p: { phase: string }) => p.phase)).toContain('preliminary')
    expect(r.body.data.contests).toHaveLength(1)
    expect((await patch(t.committee1, d.id, { version: 0, title: '再改' })).status).toBe(409)
    expect((await patch(t.committeeB, d.id, { version: 1, title: '再改' })).status).toBe(404)
    expect(fieldsOf(await patch(t.committee1, d.id, { version: 1, minAge: 5 }))).toContain('minAge')
    expect((await open(t.committee1, d.id, 'conditions')).status).toBe(200)
    const late = await patch(t.committee1, d.id, { version: 2, title: '再改' })
    expect(late.status).toBe(409)
    expect(late.body.error.code).toBe('WRONG_PHASE')
  })

  it('runs every phase in order, announces each to the residents, and refuses skipping or going back', async () => {
    const d = (await t.committee1.post('/api/v1/elections', body({ hasPreliminary: true, contests: [{ name: '主任', seats: 1 }] }))).body.data
    const skip = await open(t.committee1, d.id, 'registration')
    expect(skip.status).toBe(409)
    expect(skip.body.error).toMatchObject({ code: 'WRONG_PHASE' })
    expect(skip.body.error.message).toContain('「公布条件」')
    expect((await open(t.r1, d.id, 'conditions')).status).toBe(404) // a draft is invisible to residents
    const c = await open(t.committee1, d.id, 'conditions')
    expect(c.status, JSON.stringify(c.body)).toBe(200)
    expect(c.body.data.phases[0].openedAt).not.toBeNull()
    // Residents of the community see it now, and are told; residents elsewhere are not.
    expect((await t.r1.get(`/api/v1/elections/${d.id}`)).body.data).toMatchObject({ phase: 'conditions', onRoll: false, allowedActions: { update: false, openNext: false } })
    expect((await t.r16.get(`/api/v1/elections/${d.id}`)).status).toBe(404)
    const told = await t.srv.deps.db.message.findMany({ where: { kind: 'election_phase', resourceId: `${d.id}:conditions` } })
    const r1Id = (await t.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident1' } })).id
    const r16Id = (await t.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident16' } })).id
    expect(told.map((m) => m.userId)).toContain(r1Id)
    expect(told.map((m) => m.userId)).not.toContain(r16Id)
    expect((await open(t.r1, d.id, 'registration')).status).toBe(403)
    expect((await open(t.committee1, d.id, 'registration')).status).toBe(200)
    // Going back is refused; nomination needs the roll closed.
    expect((await open(t.committee1, d.id, 'conditions')).body.error.code).toBe('WRONG_PHASE')
    const early = await open(t.committee1, d.id, 'nomination')
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('ROLL_OPEN')
    await t.srv.deps.db.election.update({ where: { id: d.id }, data: { rollClosedAt: new Date() } })
    expect((await open(t.committee1, d.id, 'nomination')).status).toBe(200)
    const q = await open(t.committee1, d.id, 'qualification')
    expect(q.status).toBe(200)
    const phases = Object.fromEntries(q.body.data.phases.map((p: { phase: string }) => [p.phase, p]))
    expect(phases.nomination.closedAt).not.toBeNull()
    expect(phases.qualification).toMatchObject({ current: true, closedAt: null })
    // 差额选举: the preliminary round refuses to open without more approved candidates than seats.
    const contestId = d.contests[0].id
    const [u1, u2] = await Promise.all(['resident2', 'resident3'].map((u) => t.srv.deps.db.user.findUniqueOrThrow({ where: { username: u } })))
    await t.srv.deps.db.electionCandidate.create({ data: { electionId: d.id, contestId, userId: u1.id, source: 'self', status: 'approved' } })
    const short = await open(t.committee1, d.id, 'preliminary')
    expect(short.status).toBe(409)
    expect(short.body.error).toMatchObject({ code: 'NOT_CONTESTED', details: { contestId, seats: 1, candidates: 1 } })
    expect(short.body.error.message).toContain('「主任」')
    expect(await t.srv.deps.db.electionRound.count({ where: { electionId: d.id } })).toBe(0)
    const k2 = await t.srv.deps.db.electionCandidate.create({ data: { electionId: d.id, contestId, userId: u2.id, source: 'self', status: 'approved' } })
    expect((await open(t.committee1, d.id, 'formal')).body.error.code).toBe('WRONG_PHASE')
    expect((await open(t.committee1, d.id, 'preliminary')).status).toBe(200)
    expect(await t.srv.deps.db.electionRound.findMany({ where: { electionId: d.id }, select: { kind: true, seq: true, status: true } }))
      .toEqual([{ kind: 'preliminary', seq: 1, status: 'open' }])
    // The formal vote waits for the preliminary round to be counted; then only advanced candidates count.
    const uncounted = await open(t.committee1, d.id, 'formal')
    expect(uncounted.body.error.code).toBe('PRELIMINARY_NOT_COUNTED')
    await t.srv.deps.db.electionRound.updateMany({ where: { electionId: d.id, kind: 'preliminary' }, data: { status: 'counted' } })
    const notAdvanced = await open(t.committee1, d.id, 'formal')
    expect(notAdvanced.body.error.code).toBe('NOT_CONTESTED')
    await t.srv.deps.db.electionCandidate.updateMany({ where: { electionId: d.id }, data: { advanced: true } })
    expect(k2.id).toBeGreaterThan(0)
    const f = await open(t.committee1, d.id, 'formal')
    expect(f.status, JSON.stringify(f.body)).toBe(200)
    expect(f.body.data).toMatchObject({ phase: 'formal', phaseLabel: '正式选举', nextPhase: null })
    const rounds = await t.srv.deps.db.electionRound.findMany({ where: { electionId: d.id }, orderBy: { id: 'asc' }, select: { kind: true, status: true } })
    expect(rounds).toEqual([{ kind: 'preliminary', status: 'counted' }, { kind: 'formal', status: 'open' }])
    // Closing the formal phase closes its round; counting is the count's to open.
    const closed = await t.committee1.post(`/api/v1/elections/${d.id}/phases/formal/close`, {})
    expect(closed.status).toBe(200)
    expect((await t.srv.deps.db.electionRound.findFirstOrThrow({ where: { electionId: d.id, kind: 'formal' } })).status).toBe('closed')
    expect((await t.committee1.post(`/api/v1/elections/${d.id}/phases/formal/close`, {})).body.error.code).toBe('PHASE_CLOSED')
    expect((await t.committee1.post(`/api/v1/elections/${d.id}/phases/nomination/close`, {})).body.error.code).toBe('WRONG_PHASE')
    expect((await open(t.committee1, d.id, 'counting')).body.error.code).toBe('WRONG_PHASE')
    expect(fieldsOf(await open(t.committee1, d.id, 'bogus'))).toContain('phase')
    const opens = await t.srv.deps.db.auditLog.count({ where: { action: 'election.phase.open', resourceId: String(d.id) } })
    expect(opens).toBe(6)
    // Each opening is also posted on the community's notice board, signed by the organiser.
    const posted = await t.srv.deps.db.notice.findMany({ where: { title: { startsWith: `${d.title}：` } }, select: { status: true, authorId: true, communityId: true } })
    expect(posted).toHaveLength(6)
    expect(new Set(posted.map((n) => `${n.status} ${n.communityId}`))).toEqual(new Set([`published ${d.communityId}`]))
  })

  it('parallel creates and edits: each answered, none lost (no deadlock between their phase rows)', async () => {
    const before = await t.srv.deps.db.election.count()
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => t.committee1.post('/api/v1/elections', body({ title: `并行创建${i}`, hasPreliminary: i % 2 === 0 }))))
    expect(rs.map((r) => r.status)).toEqual(Array(8).fill(201))
    expect(await t.srv.deps.db.election.count()).toBe(before + 8)
    const ids = rs.map((r) => r.body.data.id)
    expect(await t.srv.deps.db.electionPhaseTime.count({ where: { electionId: { in: ids } } })).toBe(4 * 7 + 4 * 6)
    const edits = await Promise.all(ids.map((id, i) => patch(t.committee1, id, { version: 0, hasPreliminary: i % 2 === 1, contests: [{ name: '主任', seats: 1 }, { name: '委员', seats: 3 }] })))
    expect(edits.map((r) => r.status)).toEqual(Array(8).fill(200))
    expect(await t.srv.deps.db.electionPhaseTime.count({ where: { electionId: { in: ids } } })).toBe(4 * 6 + 4 * 7)
    expect(await t.srv.deps.db.electionContest.count({ where: { electionId: { in: ids } } })).toBe(16)
  })

  it('two staff opening the same phase at once: one opens it, the other is refused', async () => {
    const d = (await t.committee1.post('/api/v1/elections', body())).body.data
    const rs = await Promise.all([open(t.committee1, d.id, 'conditions'), open(t.admin, d.id, 'conditions'), open(t.committee1, d.id, 'conditions')])
    expect(rs.map((r) => r.status).sort()).toEqual([200, 409, 409])
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'election.phase.open', resourceId: String(d.id) } })).toBe(1)
    expect((await t.srv.deps.db.election.findUniqueOrThrow({ where: { id: d.id } })).version).toBe(1)
  })
})
