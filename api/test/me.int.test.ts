import { profileField } from '../src/core/crypto.ts'
import { describe, expect, it } from 'vitest'
import { fieldsOf } from './support/client.ts'
import { createResident, freshIdNumber, storedIdNumber } from './support/factories.ts'
import { useTestServer } from './support/fixture.ts'

describe('me and the real-name profile', () => {
  const t = useTestServer()

  it('GET /me shows roles, a masked profile and the household binding', async () => {
    const r = await (await t.api.login('resident1')).get('/api/v1/me')
    expect(r.status).toBe(200)
    const { user, profile, households } = r.body.data
    expect(user).toMatchObject({ username: 'resident1', roles: [{ role: 'resident', scopeType: 'none' }], isStaff: false })
    expect(profile.realName).toBe('张建国')
    expect(profile.idNumber).toMatch(/^320102\*{8}\d{3}[\dX]$/)
    expect(profile.phone).toBe('139****1001')
    expect(profile.age).toBeGreaterThan(70)
    expect(profile.consent.granted).toBe(true)
    expect(households).toHaveLength(1)
    expect(households[0]).toMatchObject({ status: 'approved', household: { community: { name: '青石社区' } } })
    const full = await storedIdNumber(t.srv.deps, user.id)
    expect(JSON.stringify(r.body)).not.toContain(full)
  })

  it('GET /me shows a staff member their scope', async () => {
    const r = await (await t.api.login('grid1')).get('/api/v1/me')
    expect(r.body.data.user.isStaff).toBe(true)
    expect(r.body.data.grids).toEqual([expect.objectContaining({ name: '青石第一网格', kind: 'primary' })])
    expect(r.body.data.scope.gridIds).toEqual([t.srv.demo!.gridIds[0]])
  })

  it.each([
    ['resident1', { fileReport: true, workbench: false, reportInbox: false, composeNotices: false }],
    ['grid1', { workbench: true, patrol: true, ownFigures: true, gridRanking: false, registerLeave: true, composeNotices: false }],
    ['committee1', { workbench: true, patrol: false, gridRanking: true, bookingDesk: true, disclosures: true, identityReviews: true }],
    ['admin', { workbench: true, reportInbox: false, bookingDesk: true, elections: true, consultations: true }],
  ] as const)('GET /me tells %s what the mini-program offers them, as their login did', async (username, expected) => {
    const me = await t.api.login(username)
    const r = await me.get('/api/v1/me')
    expect(r.body.data.policies).toMatchObject(expected)
    const login = await t.api.post('/api/v1/auth/dev', { username })
    expect(login.body.data.user.policies).toEqual(r.body.data.policies)
  })

  it.each([['grid1', false], ['committee1', true], ['street1', true], ['leader1', true], ['admin', false]] as const)('GET /me names every role scope of %s and lists their grids as stored', async (username, scoped) => {
    const me = await t.api.login(username)
    const r = await me.get('/api/v1/me')
    expect(r.status).toBe(200)
    const stored = await t.srv.deps.db.user.findUniqueOrThrow({
      where: { username },
      select: {
        roles: { orderBy: { id: 'asc' }, select: { role: true, scopeType: true, scopeId: true } },
        gridAssignments: { orderBy: { id: 'asc' }, select: { kind: true, onDuty: true, grid: { select: { id: true, name: true, communityId: true } } } },
      },
    })
    const nameOf = async (type: string, id: number) => {
      const where = { where: { id }, select: { name: true } }
      const row = type === 'street' ? await t.srv.deps.db.street.findUnique(where)
        : type === 'community' ? await t.srv.deps.db.community.findUnique(where)
          : type === 'grid' ? await t.srv.deps.db.grid.findUnique(where)
            : type === 'department' ? await t.srv.deps.db.department.findUnique(where) : null
      return row?.name ?? null
    }
    const roles = await Promise.all(stored.roles.map(async (x) => ({
      role: x.role, scopeType: x.scopeType, scopeId: x.scopeType === 'none' ? null : x.scopeId, scopeName: await nameOf(x.scopeType, x.scopeId),
    })))
    expect(r.body.data.user.roles).toEqual(roles)
    expect(roles.some((x) => x.scopeType !== 'none' && x.scopeName)).toBe(scoped)
    expect(r.body.data.grids).toEqual(stored.gridAssignments.map((a) => ({ id: a.grid.id, name: a.grid.name, communityId: a.grid.communityId, kind: a.kind, onDuty: a.onDuty })))
  })

  it('GET /me of an account without a profile: no real-name data, consent not granted, no households', async () => {
    await createResident(t.srv.deps.db, t.srv.deps.cipher, 'me_noprofile')
    const r = await (await t.api.login('me_noprofile')).get('/api/v1/me')
    expect(r.status).toBe(200)
    expect(r.body.data.profile).toMatchObject({ realName: null, idNumber: null, phone: null, age: null, identityStatus: 'none', consent: { granted: false } })
    expect(r.body.data.households).toEqual([])
  })

  it('GET /me shows the caller’s own new binding request at once, though its answer is kept between requests', async () => {
    await createResident(t.srv.deps.db, t.srv.deps.cipher, 'me_kept', { idNumber: freshIdNumber() })
    const me = await t.api.login('me_kept')
    const first = await me.get('/api/v1/me')
    expect(first.body.data.households).toEqual([])
    expect((await me.get('/api/v1/me')).body).toEqual(first.body)
    const household = await t.srv.deps.db.household.findFirstOrThrow({ select: { id: true } })
    expect((await me.post('/api/v1/me/households', { householdId: household.id, relation: 'tenant' })).status).toBe(201)
    const after = (await me.get('/api/v1/me')).body.data
    expect(after.households).toEqual([expect.objectContaining({ status: 'pending', relation: 'tenant', household: expect.objectContaining({ id: household.id }) })])
  })

  describe('PUT /api/v1/me/profile', () => {
    it('401 without a token', async () => {
      expect((await t.api.put('/api/v1/me/profile', {})).status).toBe(401)
    })

    it.each([
      ['a wrong ID check character', { idNumber: '110105194912310021' }, 'idNumber', '校验位'],
      ['an impossible birth date', { idNumber: '11010519990230000X' }, 'idNumber', ''],
      ['a bad phone', { phone: '12345678901' }, 'phone', '手机号'],
      ['no consent', { consent: false }, 'consent', '同意'],
      ['a name with digits', { realName: '张3' }, 'realName', '姓名'],
    ])('400 names the field for %s', async (_label, patch, field, words) => {
      const me = await t.api.login('resident6')
      const r = await me.put('/api/v1/me/profile', { realName: '杨淑珍', idNumber: freshIdNumber(), phone: '13912345678', consent: true, ...patch })
      expect(r.status).toBe(400)
      expect(fieldsOf(r)).toEqual([field])
      expect(r.body.error.message).toContain(words)
    })

    it('400 names an unknown field', async () => {
      const me = await t.api.login('resident6')
      const r = await me.put('/api/v1/me/profile', { realName: '杨淑珍', idNumber: freshIdNumber(), phone: '13912345678', consent: true, role: 'admin' })
      expect(fieldsOf(r)).toEqual(['role'])
    })

    it('saves encrypted data with consent and an audit row, and answers masked (lowercase x accepted)', async () => {
      const user = await createResident(t.srv.deps.db, t.srv.deps.cipher, 'fresh_person')
      const me = await t.api.login('fresh_person')
      const id = freshIdNumber()
      const r = await me.put('/api/v1/me/profile', { realName: '陈 小 满'.replace(/ /g, ''), idNumber: id.toLowerCase(), phone: '13812341234', consent: true })
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ realName: '陈小满', phone: '138****1234', isVerified: true, consent: { granted: true, policyVersion: '2026-11-29' } })
      expect(r.body.data.idNumber).toBe(`${id.slice(0, 6)}********${id.slice(-4)}`)
      const row = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: user.id } })
      expect(Buffer.from(row.idNumberCipher!).toString('latin1')).not.toContain(id.slice(6, 14))
      expect(t.srv.deps.cipher.open(row.idNumberCipher!, profileField.idNumber(row.userId))).toBe(id.toUpperCase())
      expect(await t.srv.deps.db.consent.count({ where: { userId: user.id, purpose: 'real_name' } })).toBe(1)
      expect(await t.srv.deps.db.auditLog.count({ where: { actorId: user.id, action: 'profile.update', result: 'success' } })).toBe(1)
    })

    it('lets the phone be left out when one is already on file, and not otherwise', async () => {
      const id = freshIdNumber()
      await createResident(t.srv.deps.db, t.srv.deps.cipher, 'no_phone_yet')
      const me = await t.api.login('no_phone_yet')
      const r = await me.put('/api/v1/me/profile', { realName: '周国平', idNumber: id, consent: true })
      expect(r.status).toBe(400)
      expect(fieldsOf(r)).toEqual(['phone'])
      const again = await (await t.api.login('resident9')).put('/api/v1/me/profile', { realName: '周国平', idNumber: await storedIdNumber(t.srv.deps, t.srv.demo!.residentIds.resident9), consent: true })
      expect(again.status).toBe(200)
      expect(again.body.data.phone).toBe('139****1009')
    })

    it('an ID number on file for another account is not refused (that would confirm whose it is): the claim goes to review', async () => {
      const taken = await storedIdNumber(t.srv.deps, t.srv.demo!.residentIds.resident2)
      const r = await (await t.api.login('resident7')).put('/api/v1/me/profile', { realName: '赵立新', idNumber: taken, phone: '13912345678', consent: true })
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ identityStatus: 'review', isVerified: false })
      expect(JSON.stringify(r.body)).not.toMatch(/TAKEN|已被/)
    })
  })
})
