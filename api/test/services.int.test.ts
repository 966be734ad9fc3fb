import { beforeAll, describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { createResident, createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

/** The service catalogue and its upkeep: who sees which services, who may change them, and bad input. */
describe('services', () => {
  const as = (user: string) => t.srv.as(user)
  const patch = async (user: string, path: string, body: unknown) => (await as(user)).request('PATCH', path, body)
  const names = (r: { body: { data: { name: string }[] } }) => r.body.data.map((s) => s.name)
  const serviceOf = async (communityId: number, name: string) => (await t.srv.deps.db.service.findFirstOrThrow({ where: { communityId, name } })).id

  const body = (extra: Record<string, unknown> = {}) => ({
    communityId: t.qs, name: '残疾人证申领', department: '社区服务中心 4号窗口', description: '首次申领残疾人证',
    materials: [{ name: '身份证原件' }, { name: '一寸照片', note: '白底', copies: 2 }], ...extra,
  })

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: la })
    await createResident(srv.deps.db, srv.deps.cipher, 'unbound1')
    return { srv, api, qs, la }
  })

  describe('the catalogue', () => {
    it('401 without a token', async () => {
      expect((await t.api.get('/api/v1/services')).status).toBe(401)
      expect((await t.api.get(`/api/v1/services/${await serviceOf(t.qs, '居住证办理')}`)).status).toBe(401)
    })

    it("a resident sees the active services of their own community, in order, with the next time that has room", async () => {
      const r = await (await as('resident1')).get('/api/v1/services')
      expect(r.status).toBe(200)
      expect(names(r)).toEqual(['居住证办理', '开具居住证明', '老年人优待证办理', '上门维修（水电）'])
      expect(r.body.data.every((s: { communityId: number; active: boolean }) => s.communityId === t.qs && s.active)).toBe(true)
      const [permit, , , repair] = r.body.data
      expect(permit).toMatchObject({ feeFen: 0, feeText: '免费', materialsCount: 4, homeService: false })
      expect(repair).toMatchObject({ feeFen: 3000, feeText: '¥30.00', homeService: true })
      // The next time with room is an open slot with room, starting at least the minimum notice from now.
      const next = await t.srv.deps.db.serviceSlot.findFirst({
        where: { serviceId: permit.id, status: 'open', startsAt: { gte: new Date(t.srv.clock.now().getTime() + 3600_000) } },
        orderBy: { startsAt: 'asc' },
      })
      expect(permit.nextAvailableAt).toBe(next!.startsAt.toISOString())
    })

    it('residents of the other community see theirs; communityId shows any community; no household means no list', async () => {
      const r16 = await as('resident16')
      const own = await r16.get('/api/v1/services')
      expect(own.body.data.every((s: { communityId: number }) => s.communityId === t.la)).toBe(true)
      expect(own.body.data).toHaveLength(4)
      const other = await r16.get(`/api/v1/services?communityId=${t.qs}`)
      expect(other.body.data.map((s: { communityId: number }) => s.communityId)).toEqual([t.qs, t.qs, t.qs, t.qs])
      const none = await (await as('unbound1')).get('/api/v1/services')
      expect([none.status, none.body.data]).toEqual([200, []])
    })

    it('staff default to their communities: the committee its own, the street all of its communities, a department none', async () => {
      expect((await (await as('committee1')).get('/api/v1/services')).body.data.map((s: { communityId: number }) => s.communityId)).toEqual([t.qs, t.qs, t.qs, t.qs])
      expect((await (await as('street1')).get('/api/v1/services')).body.data).toHaveLength(8)
      expect((await (await as('grid1')).get('/api/v1/services')).body.data).toHaveLength(4)
      expect((await (await as('dept1')).get('/api/v1/services')).body.data).toEqual([])
    })

    it('bad query values are a 400 naming the field', async () => {
      const r1 = await as('resident1')
      for (const [q, field] of [['communityId=abc', 'communityId'], ['all=yes', 'all'], ['page=2', 'page']]) {
        const r = await r1.get(`/api/v1/services?${q}`)
        expect([r.status, fieldsOf(r)], q).toEqual([400, [field]])
      }
    })

    it('the detail has the materials, who may book, the rules and whether I may book now', async () => {
      const id = await serviceOf(t.qs, '居住证办理')
      const r = await (await as('resident1')).get(`/api/v1/services/${id}`)
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({
        id, name: '居住证办理', eligibility: 'community', eligibilityText: '本社区已绑定房屋的居民', eligibleGroups: [],
        rulesText: '可提前14天预约，至少提前1小时；开始前2小时可免费取消', bookable: { ok: true, reason: null },
        paymentAvailable: false, canManage: false, version: 0,
      })
      expect(r.body.data.materials[0]).toEqual({ name: '身份证原件', note: '在有效期内', copies: null })
      expect(r.body.data.materials[3]).toEqual({ name: '一寸照片', note: '近6个月内白底免冠彩色照片', copies: 2 })
      expect((await (await as('committee1')).get(`/api/v1/services/${id}`)).body.data.canManage).toBe(true)
      expect((await (await as('committeeB')).get(`/api/v1/services/${id}`)).body.data.canManage).toBe(false)
    })

    it('says why a resident may not book: another community, a group they are not in, a paid service without WeChat Pay', async () => {
      const get = async (user: string, name: string, communityId = t.qs) => (await (await as(user)).get(`/api/v1/services/${await serviceOf(communityId, name)}`)).body.data
      expect((await get('resident16', '居住证办理')).bookable).toMatchObject({ ok: false, reason: expect.stringContaining('本社区') })
      const elderly = await get('resident1', '老年人优待证办理')
      expect(elderly).toMatchObject({ eligibilityText: '本社区独居老人', eligibleGroups: ['elderly_alone'], bookable: { ok: false, reason: expect.stringContaining('独居老人') } })
      expect(elderly.rulesText).toBe('可提前14天预约，至少提前1小时；开始前2小时可免费取消；预约后需工作人员确认')
      expect((await get('resident1', '上门维修（水电）')).bookable).toEqual({ ok: false, reason: '暂不支持在线支付，请到窗口办理' })
    })

    it('404 for a service that does not exist or a malformed id', async () => {
      const r1 = await as('resident1')
      expect((await r1.get('/api/v1/services/99999999')).status).toBe(404)
      expect((await r1.get('/api/v1/services/abc')).status).toBe(400)
    })
  })

  describe('creating a service', () => {
    it('committee staff create one in their community: 201 with the detail, and an audit row', async () => {
      const r = await (await as('committee1')).post('/api/v1/services', body({ eligibility: 'groups', eligibleGroups: ['disabled'], feeFen: 1250, minNoticeMinutes: 1440, freeCancelHours: 0 }))
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      expect(r.body.data).toMatchObject({
        communityId: t.qs, name: '残疾人证申领', feeText: '¥12.50', eligibilityText: '本社区残疾人', eligibleGroups: ['disabled'],
        rulesText: '可提前14天预约，至少提前1天；开始前均可免费取消', durationMinutes: 30, active: true, canManage: true, version: 0, nextAvailableAt: null,
        materials: [{ name: '身份证原件', note: null, copies: null }, { name: '一寸照片', note: '白底', copies: 2 }],
      })
      const audit = await t.srv.deps.db.auditLog.findFirst({ where: { action: 'service.create', resourceId: String(r.body.data.id) } })
      expect(audit).toMatchObject({ actorId: t.srv.demo!.staffIds.committee1, result: 'success' })
    })

    it('a retry with the same Idempotency-Key makes one service', async () => {
      const before = await t.srv.deps.db.service.count()
      const c = await as('committee1')
      const rs = await Promise.all([1, 2, 3].map(() => c.post('/api/v1/services', body({ name: '重试的服务' }), { 'Idempotency-Key': 'svc-retry-1' })))
      expect(new Set(rs.filter((r) => r.status === 201).map((r) => r.body.data.id)).size).toBe(1)
      expect(await t.srv.deps.db.service.count()).toBe(before + 1)
    })

    it('403 with the reason for residents, other staff and the committee of another community; nothing stored', async () => {
      const before = await t.srv.deps.db.service.count()
      for (const user of ['resident1', 'grid1', 'leader1', 'street1', 'dept1', 'committeeB']) {
        const r = await (await as(user)).post('/api/v1/services', body())
        expect([r.status, r.body.error.code], user).toEqual([403, 'FORBIDDEN'])
        expect(r.body.error.message).toMatch(/社区/)
      }
      expect(await t.srv.deps.db.service.count()).toBe(before)
    })

    it('an admin may create in any community, but not in one that does not exist', async () => {
      expect((await (await as('admin')).post('/api/v1/services', body({ communityId: t.la, name: '柳岸的服务' }))).status).toBe(201)
      const r = await (await as('admin')).post('/api/v1/services', body({ communityId: 99999 }))
      expect([r.status, fieldsOf(r)]).toEqual([400, ['communityId']])
    })

    const bad: [string, Record<string, unknown>, string][] = [
      ['groups without any group', { eligibility: 'groups' }, 'eligibleGroups'],
      ['groups with the community rule', { eligibleGroups: ['disabled'] }, 'eligibleGroups'],
      ['an unknown group', { eligibility: 'groups', eligibleGroups: ['vip'] }, 'eligibleGroups.0'],
      ['a one-letter name', { name: '证' }, 'name'],
      ['a material without a name', { materials: [{ name: '' }] }, 'materials.0.name'],
      ['a negative fee', { feeFen: -1 }, 'feeFen'],
      ['a fee in yuan with decimals', { feeFen: 12.5 }, 'feeFen'],
      ['booking 91 days ahead', { bookAheadDays: 91 }, 'bookAheadDays'],
      ['an unknown field', { status: 'open' }, 'status'],
      ['no community', { communityId: undefined }, 'communityId'],
    ]
    for (const [name, extra, field] of bad) {
      it(`400 naming ${field}: ${name}`, async () => {
        const before = await t.srv.deps.db.service.count()
        const r = await (await as('committee1')).post('/api/v1/services', body(extra))
        expect([r.status, fieldsOf(r)]).toEqual([400, [field]])
        expect(await t.srv.deps.db.service.count()).toBe(before)
      })
    }
  })

  describe('editing a service', () => {
    let id: number
    beforeAll(async () => {
      id = (await (await as('committee1')).post('/api/v1/services', body({ name: '待编辑的服务' }))).body.data.id
    })

    it('changes the fields sent, bumps the version and records who did it', async () => {
      const r = await patch('committee1', `/api/v1/services/${id}`, { version: 0, name: '已编辑的服务', bookAheadDays: 7, requiresConfirmation: true, eligibility: 'any_bound' })
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      expect(r.body.data).toMatchObject({ name: '已编辑的服务', bookAheadDays: 7, version: 1, department: '社区服务中心 4号窗口', eligibilityText: '已绑定房屋的居民' })
      expect(r.body.data.rulesText).toBe('可提前7天预约，至少提前1小时；开始前2小时可免费取消；预约后需工作人员确认')
      const a = await t.srv.deps.db.auditLog.findFirst({ where: { action: 'service.update', resourceId: String(id) } })
      expect(a?.details).toMatchObject({ fromVersion: 0, fields: expect.arrayContaining(['name', 'bookAheadDays']) })
    })

    it('a stale version is a 409 and changes nothing; of two parallel edits of one version exactly one wins', async () => {
      const stale = await patch('committee1', `/api/v1/services/${id}`, { version: 0, name: '过期的修改' })
      expect([stale.status, stale.body.error.code, stale.body.error.details]).toEqual([409, 'VERSION_CONFLICT', { currentVersion: 1 }])
      const rs = await Promise.all(['甲', '乙', '丙', '丁'].map((n) => patch('committee1', `/api/v1/services/${id}`, { version: 1, name: `并发修改${n}` })))
      expect(rs.map((r) => r.status).sort()).toEqual([200, 409, 409, 409])
      const row = await t.srv.deps.db.service.findUniqueOrThrow({ where: { id } })
      expect([row.version, row.name]).toEqual([2, rs.find((r) => r.status === 200)!.body.data.name])
    })

    it('switching to groups needs the groups; switching away drops them', async () => {
      const v = (await t.srv.deps.db.service.findUniqueOrThrow({ where: { id } })).version
      const r = await patch('committee1', `/api/v1/services/${id}`, { version: v, eligibility: 'groups' })
      expect([r.status, fieldsOf(r)]).toEqual([400, ['eligibleGroups']])
      const g = await patch('committee1', `/api/v1/services/${id}`, { version: v, eligibility: 'groups', eligibleGroups: ['migrant', 'migrant'] })
      expect(g.body.data).toMatchObject({ eligibleGroups: ['migrant'], eligibilityText: '本社区流动人口' })
      const back = await patch('committee1', `/api/v1/services/${id}`, { version: v + 1, eligibility: 'community' })
      expect(back.body.data).toMatchObject({ eligibleGroups: [], eligibility: 'community' })
      expect((await t.srv.deps.db.service.findUniqueOrThrow({ where: { id } })).eligibleFlags).toBeNull()
    })

    it('others get 403 with the reason on an active service, and 404 once it is taken off the list', async () => {
      for (const user of ['resident1', 'committeeB', 'grid1', 'street1']) {
        const r = await patch(user, `/api/v1/services/${id}`, { version: 0, name: '越权修改' })
        expect([r.status, r.body.error.message], user).toEqual([403, '只有本社区居委会工作人员可以管理该服务和时段'])
      }
      const v = (await t.srv.deps.db.service.findUniqueOrThrow({ where: { id } })).version
      const off = await patch('committee1', `/api/v1/services/${id}`, { version: v, active: false })
      expect(off.body.data).toMatchObject({ active: false, nextAvailableAt: null, bookable: { ok: false } })
      for (const user of ['resident1', 'committeeB', 'grid1', 'street1']) {
        expect((await patch(user, `/api/v1/services/${id}`, { version: v + 1, name: '越权修改' })).status, user).toBe(404)
        expect((await (await as(user)).get(`/api/v1/services/${id}`)).status, user).toBe(404)
      }
      expect((await (await as('committee1')).get(`/api/v1/services/${id}`)).status).toBe(200)
      expect((await t.srv.deps.db.service.findUniqueOrThrow({ where: { id } })).name).not.toBe('越权修改')
    })

    it('all=true lists inactive services for their managers only', async () => {
      const c1 = await as('committee1')
      expect(names(await c1.get('/api/v1/services'))).not.toContain('并发修改甲')
      const all = (await c1.get('/api/v1/services?all=true')).body.data
      expect(all.find((s: { id: number }) => s.id === id)).toMatchObject({ active: false })
      expect((await (await as('resident1')).get('/api/v1/services?all=true')).body.data.map((s: { id: number }) => s.id)).not.toContain(id)
      expect((await (await as('committeeB')).get(`/api/v1/services?all=true&communityId=${t.qs}`)).body.data.map((s: { id: number }) => s.id)).not.toContain(id)
      expect((await (await as('admin')).get('/api/v1/services?all=true')).body.data.map((s: { id: number }) => s.id)).toContain(id)
    })

    it('bad edits are a 400 naming the field', async () => {
      for (const [b, field] of [[{ name: '新名字' }, 'version'], [{ version: 0, communityId: t.la }, 'communityId'], [{ version: 0, durationMinutes: 1 }, 'durationMinutes']] as const) {
        const r = await patch('committee1', `/api/v1/services/${id}`, b)
        expect([r.status, fieldsOf(r)], JSON.stringify(b)).toEqual([400, [field]])
      }
    })
  })
})
