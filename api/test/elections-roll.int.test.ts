import { describe, expect, it } from 'vitest'
import { fieldsOf, type Client } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { newElection, openPhases, residentOf } from './support/elections.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('elections: the roll, built from the rule, corrected by staff and by objections', () => {
  const uid = (u: string) => t.srv.deps.db.user.findUniqueOrThrow({ where: { username: u } }).then((x) => x.id)
  const voters = (electionId: number) => t.srv.deps.db.electionVoter.findMany({ where: { electionId }, orderBy: { userId: 'asc' } })

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: la })
    const [r1, r2, r16, committee1, committeeB] = await Promise.all(['resident1', 'resident2', 'resident16', 'committee1', 'committeeB'].map((u) => srv.as(u)))
    const minor: { user: { id: number }; client: Client } = await residentOf(srv, 'minorE', qs, '20100601')
    const unverified: { user: { id: number }; client: Client } = await residentOf(srv, 'unverifiedE', qs, null)
    const outsider: { user: { id: number }; client: Client } = await residentOf(srv, 'outsiderE', la, '19800101')
    const adult: { user: { id: number }; client: Client } = await residentOf(srv, 'adultE', qs, '19900101')
    const eid: number = (await newElection(committee1, qs)).id
    return { srv, r1, r2, r16, committee1, committeeB, minor, unverified, outsider, adult, qs, la, eid }
  })

  it('builds only during registration, only by the community staff', async () => {
    const early = await t.committee1.post(`/api/v1/elections/${t.eid}/roll/build`, {})
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('WRONG_PHASE')
    expect(early.body.error.message).toContain('「选民登记」')
    await openPhases(t.committee1, t.eid, 'conditions')
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll/build`, {})).body.error.code).toBe('WRONG_PHASE')
    await openPhases(t.committee1, t.eid, 'registration')
    expect((await t.r1.post(`/api/v1/elections/${t.eid}/roll/build`, {})).status).toBe(403)
    expect((await t.committeeB.post(`/api/v1/elections/${t.eid}/roll/build`, {})).status).toBe(404)
    expect(await t.srv.deps.db.electionVoter.count({ where: { electionId: t.eid } })).toBe(0)
  })

  it('puts the verified adults bound in the community on the roll — not a minor, an unverified resident or one of another community; parallel builds add each once', async () => {
    const rs = await Promise.all([1, 2, 3].map(() => t.committee1.post(`/api/v1/elections/${t.eid}/roll/build`, {})))
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200])
    expect(rs.map((r) => r.body.data.added).reduce((a, b) => a + b, 0)).toBe(15)
    const rows = await voters(t.eid)
    const demoIds = await Promise.all(Array.from({ length: 15 }, (_, i) => uid(`resident${i + 1}`)))
    const r12 = await uid('resident12') // 14 years old in the demo data
    expect(rows.map((v) => v.userId).sort((a, b) => a - b)).toEqual([...demoIds.filter((x) => x !== r12), t.adult.user.id].sort((a, b) => a - b))
    for (const excluded of [t.minor.user.id, t.unverified.user.id, t.outsider.user.id, r12]) expect(rows.map((v) => v.userId)).not.toContain(excluded)
    expect(Math.max(...rs.map((r) => r.body.data.onRoll))).toBe(15)
    const a = rows.find((v) => v.userId === t.adult.user.id)!
    expect(a).toMatchObject({ maskedName: '欧**试', source: 'rule', removedAt: null })
    expect(a.buildingLabel).toMatch(/号楼$/)
    // The published roll: masked names and buildings, nothing else; searchable by building.
    const roll = await t.r1.get(`/api/v1/elections/${t.eid}/roll?limit=100`)
    expect(roll.status).toBe(200)
    expect(roll.body.data).toHaveLength(15)
    expect(Object.keys(roll.body.data[0]).sort()).toEqual(['buildingLabel', 'id', 'maskedName'])
    expect(roll.body.data.every((v: { maskedName: string }) => v.maskedName.includes('*'))).toBe(true)
    const byBuilding = await t.r1.get(`/api/v1/elections/${t.eid}/roll?building=${encodeURIComponent(a.buildingLabel)}`)
    expect(byBuilding.body.data.map((v: { id: number }) => v.id)).toContain(a.id)
    expect(byBuilding.body.data.every((v: { buildingLabel: string }) => v.buildingLabel === a.buildingLabel)).toBe(true)
    const page = await t.r1.get(`/api/v1/elections/${t.eid}/roll?limit=10`)
    expect(page.body.data).toHaveLength(10)
    const next = await t.r1.get(`/api/v1/elections/${t.eid}/roll?limit=10&cursor=${page.body.page.nextCursor}`)
    expect(next.body.data).toHaveLength(5)
    // Am I on the roll.
    expect((await t.r1.get(`/api/v1/elections/${t.eid}/roll/me`)).body.data.onRoll).toBe(true)
    expect((await t.r1.get(`/api/v1/elections/${t.eid}`)).body.data.onRoll).toBe(true)
    expect((await t.minor.client.get(`/api/v1/elections/${t.eid}/roll/me`)).body.data).toEqual({ onRoll: false, voter: null })
    expect((await t.r16.get(`/api/v1/elections/${t.eid}/roll`)).status).toBe(404)
    expect((await t.outsider.client.get(`/api/v1/elections/${t.eid}/roll/me`)).status).toBe(404)
  })

  it('staff remove a voter with a reason (told, never re-added by a rebuild) and add one with a reason and a warning', async () => {
    const v2 = (await t.srv.deps.db.electionVoter.findFirstOrThrow({ where: { electionId: t.eid, userId: await uid('resident2') } })).id
    expect(fieldsOf(await t.committee1.post(`/api/v1/elections/${t.eid}/roll/${v2}/remove`, { reason: '' }))).toContain('reason')
    expect((await t.r1.post(`/api/v1/elections/${t.eid}/roll/${v2}/remove`, { reason: '已迁出本社区' })).status).toBe(403)
    const rm = await t.committee1.post(`/api/v1/elections/${t.eid}/roll/${v2}/remove`, { reason: '已迁出本社区' })
    expect(rm.status, JSON.stringify(rm.body)).toBe(200)
    expect(rm.body.data).toMatchObject({ removedReason: '已迁出本社区' })
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll/${v2}/remove`, { reason: '已迁出本社区' })).body.error.code).toBe('NOT_ON_ROLL')
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll/999999/remove`, { reason: '已迁出本社区' })).status).toBe(404)
    const me = (await t.r2.get(`/api/v1/elections/${t.eid}/roll/me`)).body.data
    expect(me).toMatchObject({ onRoll: false, voter: { removedReason: '已迁出本社区' } })
    expect(await t.srv.deps.db.message.count({ where: { userId: await uid('resident2'), kind: 'election_roll_removed' } })).toBe(1)
    const again = await t.committee1.post(`/api/v1/elections/${t.eid}/roll/build`, {})
    expect(again.body.data).toMatchObject({ added: 0, onRoll: 14 })
    expect((await t.r2.get(`/api/v1/elections/${t.eid}/roll/me`)).body.data.onRoll).toBe(false)
    // Staff add: reason required; a person the rule would refuse comes with the warning.
    expect(fieldsOf(await t.committee1.post(`/api/v1/elections/${t.eid}/roll`, { userId: t.minor.user.id }))).toContain('reason')
    expect(fieldsOf(await t.committee1.post(`/api/v1/elections/${t.eid}/roll`, { userId: 999999, reason: '补登' }))).toContain('userId')
    const add = await t.committee1.post(`/api/v1/elections/${t.eid}/roll`, { userId: t.minor.user.id, reason: '测试补登' })
    expect(add.status, JSON.stringify(add.body)).toBe(201)
    expect(add.body.data).toMatchObject({ source: 'staff', addedReason: '测试补登', eligible: false, warnings: ['选举日未满18周岁'] })
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll`, { userId: t.minor.user.id, reason: '测试补登' })).body.error.code).toBe('ALREADY_ON_ROLL')
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll/${add.body.data.id}/remove`, { reason: '未满18周岁' })).status).toBe(200)
    const unv = await t.committee1.post(`/api/v1/elections/${t.eid}/roll`, { userId: t.unverified.user.id, reason: '测试' })
    expect(unv.body.data.warnings).toEqual(['未完成实名认证'])
    await t.committee1.post(`/api/v1/elections/${t.eid}/roll/${unv.body.data.id}/remove`, { reason: '未实名' })
  })

  it('objections: an upheld "missing" adds the filer, an upheld "ineligible" removes the voter, an ineligible filer is refused; the roll closes only when none is pending', async () => {
    const late = await residentOf(t.srv, 'lateE', t.qs, '19850101')
    expect((await late.client.get(`/api/v1/elections/${t.eid}/roll/me`)).body.data.onRoll).toBe(false)
    expect(fieldsOf(await late.client.post(`/api/v1/elections/${t.eid}/objections`, { kind: 'x', reason: '我应在名单上' }))).toContain('kind')
    expect(fieldsOf(await late.client.post(`/api/v1/elections/${t.eid}/objections`, { kind: 'ineligible', reason: '此人已搬走' }))).toContain('subjectVoterId')
    expect((await t.outsider.client.post(`/api/v1/elections/${t.eid}/objections`, { kind: 'missing', reason: '我应在名单上' })).status).toBe(404)
    const missing = await late.client.post(`/api/v1/elections/${t.eid}/objections`, { kind: 'missing', reason: '我已入住满一年' })
    expect(missing.status, JSON.stringify(missing.body)).toBe(201)
    expect(missing.body.data).toMatchObject({ status: 'pending', statusLabel: '待处理', kindLabel: '应登记未登记', filer: null })
    const v3 = await t.srv.deps.db.electionVoter.findFirstOrThrow({ where: { electionId: t.eid, userId: await uid('resident3') } })
    const inel = await t.r1.post(`/api/v1/elections/${t.eid}/objections`, { kind: 'ineligible', subjectVoterId: v3.id, reason: '此人户籍已迁出' })
    expect(inel.status).toBe(201)
    expect(inel.body.data.subject).toEqual({ id: v3.id, maskedName: v3.maskedName, buildingLabel: v3.buildingLabel })
    const minorObj = await t.minor.client.post(`/api/v1/elections/${t.eid}/objections`, { kind: 'missing', reason: '我也想投票' })
    expect(minorObj.status).toBe(201)
    // Lists: staff all, a resident their own.
    expect((await t.committee1.get(`/api/v1/elections/${t.eid}/objections`)).body.data).toHaveLength(3)
    expect((await t.r1.get(`/api/v1/elections/${t.eid}/objections`)).body.data.map((o: { id: number }) => o.id)).toEqual([inel.body.data.id])
    // Not while objections are pending.
    const closing = await t.committee1.post(`/api/v1/elections/${t.eid}/roll/close`, {})
    expect(closing.status).toBe(409)
    expect(closing.body.error).toMatchObject({ code: 'OBJECTIONS_PENDING', details: { pending: 3 } })
    const res = (oid: number, b: unknown, c = t.committee1) => c.post(`/api/v1/elections/${t.eid}/objections/${oid}/resolve`, b)
    expect((await res(missing.body.data.id, { upheld: true, resolution: '核实属实，补入名单' }, t.r1)).status).toBe(403)
    expect(fieldsOf(await res(missing.body.data.id, { resolution: '核实属实' }))).toContain('upheld')
    const up = await res(missing.body.data.id, { upheld: true, resolution: '核实属实，补入名单' })
    expect(up.status, JSON.stringify(up.body)).toBe(200)
    expect(up.body.data).toMatchObject({ status: 'upheld', statusLabel: '成立' })
    expect((await late.client.get(`/api/v1/elections/${t.eid}/roll/me`)).body.data).toMatchObject({ onRoll: true, voter: { source: 'objection', addedReason: '核实属实，补入名单' } })
    expect(await t.srv.deps.db.message.count({ where: { userId: late.user.id, kind: 'election_objection' } })).toBe(1)
    expect((await res(missing.body.data.id, { upheld: false, resolution: '再处理一次' })).body.error.code).toBe('OBJECTION_RESOLVED')
    expect((await res(inel.body.data.id, { upheld: true, resolution: '户籍已迁出，移出名单' })).status).toBe(200)
    expect((await t.srv.deps.db.electionVoter.findUniqueOrThrow({ where: { id: v3.id } })).removedReason).toBe('户籍已迁出，移出名单')
    const refused = await res(minorObj.body.data.id, { upheld: true, resolution: '补入名单' })
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toContain('未满18周岁')
    expect((await t.srv.deps.db.electionObjection.findUniqueOrThrow({ where: { id: minorObj.body.data.id } })).status).toBe('pending')
    expect((await res(minorObj.body.data.id, { upheld: false, resolution: '选举日未满18周岁' })).body.data.status).toBe('dismissed')
    // Closed: the roll is final.
    expect((await t.committee1.get(`/api/v1/elections/${t.eid}`)).body.data.allowedActions).toMatchObject({ openNext: false, manageRoll: true })
    const closed = await t.committee1.post(`/api/v1/elections/${t.eid}/roll/close`, {})
    expect(closed.status, JSON.stringify(closed.body)).toBe(200)
    expect(closed.body.data.allowedActions).toMatchObject({ openNext: true, manageRoll: false, object: false })
    expect(closed.body.data.rollClosedAt).not.toBeNull()
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll/build`, {})).body.error.code).toBe('ROLL_CLOSED')
    expect((await t.r2.post(`/api/v1/elections/${t.eid}/objections`, { kind: 'missing', reason: '我应在名单上' })).body.error.code).toBe('ROLL_CLOSED')
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll/close`, {})).body.error.code).toBe('ROLL_CLOSED')
    await openPhases(t.committee1, t.eid, 'nomination')
    expect((await t.committee1.post(`/api/v1/elections/${t.eid}/roll`, { userId: t.minor.user.id, reason: '补登' })).body.error.code).toBe('WRONG_PHASE')
    expect(await t.srv.deps.db.electionVoter.count({ where: { electionId: t.eid, removedAt: null } })).toBe(14)
  })
})
