import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signAccessToken } from '../../src/core/tokens.ts'
import { Client } from '../support/client.ts'
import { createStaff, storedIdNumber } from '../support/factories.ts'
import { contractProblem, fillPath, loadOperations, mapLimited, opName, rawRequest, sampleOf, type Operation } from '../support/openapi.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

/**
 * Insecure direct object references across residents, grids and communities. Every operation of
 * the OpenAPI document that takes a record in its path is tried on records of another household,
 * grid or community by a caller outside their scope: 404 (out of scope is "not found" by design,
 * docs/architecture.md) or 403 (a role the action is not for), never 2xx, and exactly what the
 * same caller gets for a record that does not exist (no existence oracle). A route whose kind of
 * record has no targets listed here fails the test until someone lists them.
 */

type Target = { label: string; id: string | number; strangers: string[] }

/** Records any logged-in user may list by design, and why. */
const OPEN: Record<string, string> = {
  '/api/v1/communities': "a community's buildings, for residents choosing a household to bind (names only, no people)",
  '/api/v1/buildings': "a building's rooms, for the same picker (unit and room numbers only, no people)",
  '/api/v1/admin/calendar/days': 'the working calendar (public holidays and 调休 days): no one\'s record; only admins change it (403 for others)',
}

/** The collection an operation's path names before its first parameter. */
const prefixOf = (op: Operation) => op.path.slice(0, op.path.indexOf('/{'))

let srv: TestServer
let ops: Operation[]
const tokens: Record<string, string> = {}
const ids: Record<string, number> = {}
let fileKey = ''
let targets: Record<string, Target[]> = {}

const as = (user: string) => new Client(srv.baseUrl, tokens[user])
const png = () => sharp({ create: { width: 8, height: 8, channels: 3, background: '#3a7' } }).png().toBuffer()

beforeAll(async () => {
  srv = await startTestServer()
  ops = (await loadOperations(srv.baseUrl)).filter((op) => op.secured || op.pathParams.length)
  const { db } = srv.deps
  const demo = srv.demo!
  const [qs, la] = demo.communityIds
  const grid5 = demo.gridIds[4]
  // 柳岸 has no staff in the demo: a committee member and a grid worker for it.
  await createStaff(db, 'committeeB', 'committee', { type: 'community', id: la })
  const grid5worker = await createStaff(db, 'grid5', 'grid_worker')
  await db.gridAssignment.create({ data: { gridId: grid5, userId: grid5worker.id, kind: 'primary', primaryFlag: true } })
  for (const u of await db.user.findMany()) if (u.username) tokens[u.username] = signAccessToken(srv.config, u.id, u.sessionVersion)

  const draft = async (user: string, communityId: number) =>
    (await as(user).post('/api/v1/notices', { title: '未发布的草稿', body: '草稿正文', importance: 'normal', target: { communityId }, mode: 'draft' })).body.data.id as number
  const noticeTitled = async (title: string) => (await db.notice.findFirstOrThrow({ where: { title } })).id
  ids.draftA = await draft('committee1', qs)
  ids.draftB = await draft('committeeB', la)
  ids.grid1Notice = await noticeTitled('青石花园1、2号楼停水通知')
  ids.publishedB = await noticeTitled('柳岸社区垃圾分类投放点调整')

  const bindingOf = (username: string) => db.householdBinding.findFirstOrThrow({ where: { user: { username } } })
  const freeHousehold = async (gridId: number, username: string) =>
    (await db.household.findFirstOrThrow({ where: { gridId, bindings: { none: { user: { username } } } } })).id
  const request = async (user: string, householdId: number) =>
    (await as(user).post('/api/v1/me/households', { householdId, relation: 'family' })).body.data.id as number
  ids.pendingA = await request('resident5', await freeHousehold(demo.gridIds[0], 'resident5'))
  ids.pendingB = await request('resident17', await freeHousehold(grid5, 'resident17'))
  ids.bindingR1 = (await bindingOf('resident1')).id
  ids.householdR1 = (await bindingOf('resident1')).householdId
  ids.householdR16 = (await bindingOf('resident16')).householdId

  // Identity reviews: a resident claims the ID number on file for a neighbour.
  const claim = async (claimant: string, holder: string) => {
    const r = await as(claimant).put('/api/v1/me/profile', { realName: '冒名者', idNumber: await storedIdNumber(srv.deps, demo.residentIds[holder]), consent: true })
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300)
    return (await db.identityReview.findFirstOrThrow({ where: { claimant: { username: claimant } } })).id
  }
  ids.reviewA = await claim('resident3', 'resident4')
  ids.reviewB = await claim('resident17', 'resident18')

  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await png())], { type: 'image/png' }), 'photo')
  const up = await fetch(`${srv.baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${tokens.resident1}` } })
  const upload = (await up.json()) as { data: { id: number; path: string } }
  fileKey = upload.data.path.split('/').pop()!
  ids.uploadR1 = upload.data.id

  // Reports: one in 青石 grid 1, one in 柳岸; a worker's leave; the demo Open311 client; a category.
  const fileReport = async (user: string) => {
    const home = await db.householdBinding.findFirstOrThrow({ where: { user: { username: user }, status: 'approved' } })
    const category = await db.reportCategory.findUniqueOrThrow({ where: { code: 'water_power' } })
    const r = await as(user).post('/api/v1/reports', { categoryId: category.id, description: '楼道灯不亮了', location: { householdId: home.householdId } })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.data.id as number
  }
  ids.reportR1 = await fileReport('resident1')
  ids.reportR16 = await fileReport('resident16')
  ids.leaveGrid1 = (await db.workerLeave.create({ data: { userId: demo.staffIds.grid1, startsOn: new Date('2030-01-01'), endsOn: new Date('2030-01-02'), reason: '年假' } })).id
  ids.open311Client = (await db.open311Client.findFirstOrThrow()).id
  ids.category = (await db.reportCategory.findFirstOrThrow()).id
  // Services taken off the list (seen only by their community's committee and admins) and a slot of one.
  const hiddenService = async (communityId: number) =>
    (await db.service.create({ data: { communityId, name: '未上线的服务', department: '社区服务中心', materials: [], durationMinutes: 30, active: false } })).id
  ids.serviceA = await hiddenService(qs)
  ids.serviceB = await hiddenService(la)
  ids.slotA = (await db.serviceSlot.create({ data: { serviceId: ids.serviceA, startsAt: new Date('2030-01-02T01:00:00Z'), endsAt: new Date('2030-01-02T01:30:00Z'), capacity: 5 } })).id
  // Bookings: resident1's demo booking in 青石, and one resident16 makes in 柳岸.
  ids.bookingR1 = (await db.booking.findFirstOrThrow({ where: { userId: demo.residentIds.resident1 } })).id
  const laSlot = await db.serviceSlot.findFirstOrThrow({ where: { service: { communityId: la, feeFen: 0, requiresConfirmation: false, eligibility: 'community' }, startsAt: { gt: new Date(Date.now() + 86400_000) } }, orderBy: { startsAt: 'asc' } })
  const bookedR16 = await as('resident16').post('/api/v1/bookings', { slotId: laSlot.id })
  expect(bookedR16.status, JSON.stringify(bookedR16.body)).toBe(201)
  ids.bookingR16 = bookedR16.body.data.id

  // Elections: one in 青石 in its voting window (roll closed, a round open), one draft in 柳岸.
  const election = async (communityId: number, phase: 'draft' | 'formal') => {
    const e = await db.election.create({ data: { communityId, title: '居委会换届选举', conditionsText: '年满18周岁的本社区居民', electionDay: new Date('2030-01-05'), phase, rollClosedAt: phase === 'formal' ? new Date() : null } })
    await db.electionRound.create({ data: { electionId: e.id, kind: 'formal', status: phase === 'formal' ? 'open' : 'scheduled' } })
    return e.id
  }
  ids.electionA = await election(qs, 'formal')
  ids.electionB = await election(la, 'draft')
  const topic = async (by: string, communityId: number, over: Record<string, unknown> = {}) =>
    (await as(by).post('/api/v1/consultations', { communityId, title: '小区停车位重新规划', decisionMethod: 'vote', ...over })).body.data.id as number
  ids.topicA = await topic('committee1', qs)
  ids.topicGrid2 = await topic('committee1', qs, { audience: 'grids', gridIds: [demo.gridIds[1]] })
  ids.topicB = await topic('committeeB', la)
  // Disclosures (三务公开): one item of each community, published by its committee.
  const disclosure = async (user: string, communityId: number) =>
    (await as(user).post('/api/v1/disclosures', { communityId, category: 'finance', title: '财务收支公开', period: '2030-01', body: '本月收支', lines: [] })).body.data.id as number
  ids.disclosureA = await disclosure('committee1', qs)
  ids.disclosureB = await disclosure('committeeB', la)

  const r1 = demo.residentIds.resident1
  const r16 = demo.residentIds.resident16
  targets = {
    '/api/v1/notices': [
      { label: '青石 draft', id: ids.draftA, strangers: ['resident1', 'resident16', 'committeeB', 'grid5', 'dept1'] },
      { label: '青石 notice for grid 1 only', id: ids.grid1Notice, strangers: ['resident2', 'resident16', 'committeeB', 'grid5'] },
      { label: '柳岸 draft', id: ids.draftB, strangers: ['resident1', 'resident16', 'committee1', 'grid1', 'leader1', 'dept1'] },
      { label: '柳岸 published notice', id: ids.publishedB, strangers: ['resident1', 'committee1', 'grid1', 'leader1'] },
    ],
    '/api/v1/me/households': [
      { label: "resident1's binding", id: ids.bindingR1, strangers: ['resident2', 'resident16', 'committeeB', 'grid2', 'grid5'] },
    ],
    '/api/v1/household-bindings': [
      { label: '青石 pending request', id: ids.pendingA, strangers: ['committeeB', 'grid5', 'resident1', 'resident16', 'dept1'] },
      { label: '柳岸 pending request', id: ids.pendingB, strangers: ['committee1', 'leader1', 'grid1', 'resident18'] },
    ],
    '/api/v1/households': [
      { label: "resident1's household (青石 grid 1)", id: ids.householdR1, strangers: ['resident2', 'resident16', 'grid2', 'committeeB', 'grid5', 'dept1'] },
      { label: "resident16's household (柳岸)", id: ids.householdR16, strangers: ['resident1', 'committee1', 'leader1', 'grid1'] },
    ],
    '/api/v1/residents': [
      { label: 'resident1 (青石 grid 1)', id: r1, strangers: ['resident2', 'resident16', 'grid2', 'committeeB', 'grid5', 'dept1'] },
      { label: 'resident16 (柳岸)', id: r16, strangers: ['resident1', 'committee1', 'leader1', 'grid1'] },
    ],
    '/api/v1/identity-reviews': [
      { label: '青石 identity claim', id: ids.reviewA, strangers: ['committeeB', 'resident3', 'resident4', 'grid1', 'dept1'] },
      { label: '柳岸 identity claim', id: ids.reviewB, strangers: ['committee1', 'leader1', 'grid1', 'resident17', 'resident18'] },
    ],
    '/api/v1/admin/users': [
      { label: 'resident1 as an account', id: r1, strangers: ['resident1', 'resident2', 'committee1', 'street1', 'leader1', 'grid1', 'dept1'] },
    ],
    '/api/v1/reports': [
      { label: "resident1's report (青石 grid 1)", id: ids.reportR1, strangers: ['resident16', 'grid2', 'committeeB', 'grid5', 'dept1'] },
      { label: "resident16's report (柳岸)", id: ids.reportR16, strangers: ['resident1', 'committee1', 'leader1', 'grid1', 'dept1'] },
    ],
    '/api/v1/worker-leaves': [
      { label: "grid1's leave", id: ids.leaveGrid1, strangers: ['grid2', 'committeeB', 'grid5', 'resident1', 'dept1'] },
    ],
    '/api/v1/admin/report-categories': [
      { label: 'a report category', id: ids.category, strangers: ['resident1', 'committee1', 'street1', 'grid1', 'dept1'] },
    ],
    '/api/v1/admin/open311-clients': [
      { label: "青石's Open311 client", id: ids.open311Client, strangers: ['resident1', 'committee1', 'street1', 'grid1'] },
    ],
    '/api/v1/files': [
      { label: "resident1's upload, not attached to anything", id: fileKey, strangers: ['resident2', 'committee1', 'committeeB'] },
    ],
    '/api/v1/services': [
      { label: '青石 service taken off the list', id: ids.serviceA, strangers: ['resident1', 'resident16', 'committeeB', 'leader1', 'grid1', 'street1', 'dept1'] },
      { label: '柳岸 service taken off the list', id: ids.serviceB, strangers: ['resident16', 'committee1', 'leader1', 'grid5'] },
    ],
    '/api/v1/bookings': [
      { label: "resident1's booking (青石)", id: ids.bookingR1, strangers: ['resident2', 'resident16', 'committeeB', 'grid1', 'leader1', 'street1', 'dept1'] },
      { label: "resident16's booking (柳岸)", id: ids.bookingR16, strangers: ['resident1', 'resident17', 'committee1', 'grid5'] },
    ],
    '/api/v1/elections': [
      { label: '青石 election in its voting window', id: ids.electionA, strangers: ['resident16', 'committeeB', 'grid5'] },
      { label: '柳岸 draft election', id: ids.electionB, strangers: ['resident1', 'committee1', 'leader1', 'grid1'] },
    ],
    '/api/v1/disclosures': [
      { label: '青石 finance disclosure', id: ids.disclosureA, strangers: ['resident16', 'committeeB', 'grid5'] },
      { label: '柳岸 finance disclosure', id: ids.disclosureB, strangers: ['resident1', 'committee1', 'leader1', 'grid1'] },
    ],
    '/api/v1/consultations': [
      { label: '青石 topic in discussion', id: ids.topicA, strangers: ['resident16', 'committeeB', 'grid5'] },
      { label: '青石 topic for grid 2 only', id: ids.topicGrid2, strangers: ['resident1', 'resident16', 'committeeB'] },
      { label: '柳岸 topic in discussion', id: ids.topicB, strangers: ['resident1', 'committee1', 'leader1', 'grid1'] },
    ],
    '/api/v1/service-slots': [
      { label: 'a slot of the 青石 service taken off the list', id: ids.slotA, strangers: ['resident1', 'committeeB', 'leader1', 'grid1', 'street1'] },
    ],
  }
})
afterAll(async () => srv.close())

const requiredQuery = (op: Operation) => {
  const pairs = op.queryParams.filter((p) => p.required).map((p) => `${encodeURIComponent(p.name)}=${encodeURIComponent(String(sampleOf(p.schema)))}`)
  return pairs.length ? `?${pairs.join('&')}` : ''
}

/** The request an operation makes for one record id, with a body its schema accepts. */
async function attempt(op: Operation, user: string, id: string | number) {
  const body = op.method === 'GET' ? undefined : JSON.stringify(op.body ? sampleOf(op.body) : {})
  return rawRequest(srv.baseUrl, {
    method: op.method,
    // A parameter that is not a record id (an enum such as an election phase) gets a valid value.
    path: fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, p.schema?.enum?.length ? String(p.schema.enum[0]) : String(id)])))
      // A required query parameter (a search's `q`) gets a value its schema accepts, so the answer is about access, not input.
      + requiredQuery(op),
    headers: { authorization: `Bearer ${tokens[user]}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body,
  })
}

const nonexistent = (op: Operation) => (op.pathParams.some((p) => p.name === 'key') ? `${'e'.repeat(32)}.png` : 99_999_999)

describe('IDOR: every operation on a record, by callers outside its scope', () => {
  it('has targets for every kind of record the document exposes by id (list them here when a route is added)', () => {
    const kinds = [...new Set(ops.filter((op) => op.pathParams.length).map(prefixOf))]
    expect(kinds.filter((k) => !targets[k] && !OPEN[k])).toEqual([])
  })

  it('the targets are real: each is reachable by someone in scope', async () => {
    const ok = async (user: string, path: string) => (await as(user).get(path)).status
    expect(await ok('committee1', `/api/v1/notices/${ids.draftA}`)).toBe(200)
    expect(await ok('committeeB', `/api/v1/notices/${ids.draftB}`)).toBe(200)
    expect(await ok('resident1', `/api/v1/notices/${ids.grid1Notice}`)).toBe(200)
    expect(await ok('resident16', `/api/v1/notices/${ids.publishedB}`)).toBe(200)
    expect(await ok('grid1', `/api/v1/households/${ids.householdR1}`)).toBe(200)
    expect(await ok('committeeB', `/api/v1/households/${ids.householdR16}`)).toBe(200)
    expect((await as('committee1').get('/api/v1/identity-reviews')).body.data.map((r: { id: number }) => r.id)).toContain(ids.reviewA)
    expect((await as('committeeB').get('/api/v1/identity-reviews')).body.data.map((r: { id: number }) => r.id)).toContain(ids.reviewB)
    expect((await as('committee1').get('/api/v1/household-bindings?status=pending')).body.data.map((b: { id: number }) => b.id)).toContain(ids.pendingA)
    expect((await as('resident1').get(`/api/v1/files/${fileKey}`)).status).toBe(200)
    expect(await ok('committee1', `/api/v1/services/${ids.serviceA}`)).toBe(200)
    expect(await ok('committeeB', `/api/v1/services/${ids.serviceB}`)).toBe(200)
    expect(await ok('resident1', `/api/v1/elections/${ids.electionA}/results`)).toBe(200)
    expect(await ok('committeeB', `/api/v1/elections/${ids.electionB}/results`)).toBe(200)
    expect(await ok('resident1', `/api/v1/consultations/${ids.topicA}`)).toBe(200)
    expect(await ok('committee1', `/api/v1/consultations/${ids.topicGrid2}`)).toBe(200)
    expect(await ok('resident16', `/api/v1/consultations/${ids.topicB}`)).toBe(200)
    expect(await ok('resident1', `/api/v1/disclosures/${ids.disclosureA}`)).toBe(200)
    expect(await ok('resident16', `/api/v1/disclosures/${ids.disclosureB}`)).toBe(200)
    expect((await as('committee1').get(`/api/v1/services/${ids.serviceA}/slots?from=2030-01-01&to=2030-01-03`)).body.data.map((x: { id: number }) => x.id)).toEqual([ids.slotA])
  })

  /** Every (operation, target, stranger), reads first so a write that wrongly succeeds cannot hide a read. */
  const strangerRuns = () => ops
    .filter((op) => op.pathParams.length && targets[prefixOf(op)])
    .sort((a, b) => Number(b.method === 'GET') - Number(a.method === 'GET'))
    .flatMap((op) => targets[prefixOf(op)].flatMap((t) => t.strangers.map((user) => ({ op, t, user, where: `${opName(op)} · ${t.label} · as ${user}` }))))

  it('every stranger gets 403 or 404 in the envelope, never the record', async () => {
    const runs = strangerRuns()
    expect(runs.length).toBeGreaterThan(150)
    const problems = await mapLimited(runs, 4, async ({ op, t, user, where }) => {
      const res = await attempt(op, user, t.id)
      const broken = contractProblem(res)
      if (broken) return `${where}: ${broken}`
      return res.status === 403 || res.status === 404 ? null : `${where}: ${res.status} ${res.text.slice(0, 160)}`
    })
    expect(problems.filter(Boolean)).toEqual([])
  })

  it('a stranger cannot tell a record exists: the answer is the same as for an id that does not', async () => {
    const problems = await mapLimited(strangerRuns(), 4, async ({ op, t, user, where }) => {
      const [real, missing] = [await attempt(op, user, t.id), await attempt(op, user, nonexistent(op))]
      return real.status === missing.status ? null : `${where}: ${real.status} for the record, ${missing.status} for a missing one`
    })
    expect(problems.filter(Boolean)).toEqual([])
  })

  it('the open pickers name buildings and rooms only: no resident appears in them', async () => {
    const names = (await srv.deps.db.residentProfile.findMany({ select: { realName: true } })).map((p) => p.realName).filter(Boolean) as string[]
    for (const op of ops.filter((o) => OPEN[prefixOf(o)])) {
      for (const id of [...srv.demo!.communityIds, 1, 2, 9]) {
        const res = await attempt(op, 'resident16', id)
        expect(contractProblem(res), opName(op)).toBeNull()
        for (const n of names) expect(res.text, `${opName(op)} ${id}`).not.toContain(n)
      }
    }
  })
})

describe('IDOR through ids in queries and bodies', () => {
  it("a committee member filtering by another community's id gets none of its requests", async () => {
    const r = await as('committee1').get(`/api/v1/household-bindings?status=pending&communityId=${srv.demo!.communityIds[1]}`)
    expect([200, 403, 404]).toContain(r.status)
    if (r.status === 200) expect(r.body.data.map((b: { id: number }) => b.id)).not.toContain(ids.pendingB)
    const reviews = (await as('committee1').get('/api/v1/identity-reviews')).body.data.map((x: { id: number }) => x.id)
    expect(reviews).not.toContain(ids.reviewB)
  })

  it("a grid worker filtering by another grid's id gets none of its households", async () => {
    const r = await as('grid1').get(`/api/v1/households?gridId=${srv.demo!.gridIds[4]}`)
    expect([200, 403, 404]).toContain(r.status)
    if (r.status === 200) expect(r.body.data).toEqual([])
  })

  it("read statistics never list another community's grid", async () => {
    const r = await as('committee1').get(`/api/v1/notices/${ids.grid1Notice}/reads?gridId=${srv.demo!.gridIds[4]}`)
    expect(r.status).toBeLessThan(500)
    if (r.status === 200) expect(JSON.stringify(r.body)).not.toMatch(/柳岸/)
  })

  it("marking another user's message read changes nothing", async () => {
    await as('committee1').post(`/api/v1/household-bindings/${ids.pendingA}/approve`)
    const theirs = await as('resident5').get('/api/v1/messages?unread=1')
    const messageIds = theirs.body.data.map((m: { id: string }) => m.id)
    expect(messageIds.length).toBeGreaterThan(0)
    const r = await as('resident2').post('/api/v1/messages/read', { ids: messageIds })
    expect([r.status, r.body.data?.updated ?? 0]).toEqual([200, 0])
    expect((await as('resident5').get('/api/v1/messages?unread=1')).body.data.map((m: { id: string }) => m.id)).toEqual(messageIds)
  })

  it('committee staff cannot publish to, or move a draft into, another community (any kind of target)', async () => {
    const { gridIds, communityIds } = srv.demo!
    const buildingB = (await srv.deps.db.building.findFirstOrThrow({ where: { communityId: communityIds[1] } })).id
    const before = await srv.deps.db.notice.count()
    for (const target of [{ communityId: communityIds[1] }, { gridIds: [gridIds[4]] }, { buildingIds: [buildingB] }, { gridIds: [gridIds[0], gridIds[5]] }]) {
      const created = await as('committee1').post('/api/v1/notices', { title: '越界公告', body: '越界', importance: 'normal', target, mode: 'draft' })
      expect([400, 403, 404], JSON.stringify(target)).toContain(created.status)
      const moved = await as('committee1').request('PATCH', `/api/v1/notices/${ids.draftA}`, { version: 1, target })
      expect([400, 403, 404, 409], JSON.stringify(target)).toContain(moved.status)
    }
    expect(await srv.deps.db.notice.count()).toBe(before)
  })

  it("staff cannot attach a resident's unattached upload to a notice (it would make it public)", async () => {
    const r = await as('committee1').post('/api/v1/notices', { title: '带图公告', body: '正文', importance: 'normal', target: { communityId: srv.demo!.communityIds[0] }, imageIds: [ids.uploadR1], mode: 'draft' })
    expect([400, 403, 404, 409, 422]).toContain(r.status)
  })

  it('audit logs and the outbox are for their roles only', async () => {
    for (const user of ['committee1', 'street1', 'grid1', 'resident1']) {
      expect((await as(user).get('/api/v1/audit-logs')).status, user).toBe(403)
      expect((await as(user).get('/api/v1/admin/outbox')).status, user).toBe(403)
    }
  })

  it("concurrent requests never run as each other: each resident's binding request is theirs (the parsed input was once shared per route)", async () => {
    const users = ['resident6', 'resident7', 'resident8', 'resident9', 'resident10', 'resident11']
    const household = (await srv.deps.db.household.findFirstOrThrow({ where: { communityId: srv.demo!.communityIds[1], bindings: { none: {} } } })).id
    const rs = await Promise.all(users.map((u, i) =>
      as(u).post('/api/v1/me/households', { householdId: household, relation: i % 2 ? 'tenant' : 'family' }, { 'idempotency-key': `race-${u}` })))
    expect(rs.map((r) => r.status)).toEqual(users.map(() => 201))
    const rows = await srv.deps.db.householdBinding.findMany({ where: { householdId: household, status: 'pending' }, include: { user: true } })
    expect(rows.map((b) => `${b.user.username}:${b.relation}`).sort()).toEqual(users.map((u, i) => `${u}:${i % 2 ? 'tenant' : 'family'}`).sort())
  })
})
