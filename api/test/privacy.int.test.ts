// Residents' rights under PIPL (issue 7): a copy of everything, withdrawal of real-name consent,
// deletion of the account. Each is audited and (while the account lives) confirmed in the message centre.
import { describe, expect, it } from 'vitest'
import { fieldsOf } from './support/client.ts'
import { plaintextDump } from './support/dump.ts'
import { storedIdNumber } from './support/factories.ts'
import { useTestServer } from './support/fixture.ts'

const t = useTestServer()

const ids = () => t.srv.demo!.residentIds

describe('GET /api/v1/me/data', () => {
  it('gives the resident everything held about them, unmasked, and nothing of anyone else; audited and confirmed', async () => {
    const c = await t.api.login('resident1')
    await c.get('/api/v1/notices')
    const r = await c.get('/api/v1/me/data')
    expect(r.status).toBe(200)
    const d = r.body.data
    expect(d.account).toMatchObject({ id: ids().resident1, username: 'resident1', roles: ['resident'] })
    expect(d.profile).toMatchObject({ realName: '张建国', idNumber: await storedIdNumber(t.srv.deps, ids().resident1), phone: '13900001001', gender: 'male' })
    expect(d.consents[0]).toMatchObject({ purpose: 'real_name', withdrawnAt: null })
    expect(d.households).toHaveLength(1)
    expect(d.households[0].address).toMatch(/^青石社区 /)
    expect(d.sessions.length).toBeGreaterThan(0)
    expect(JSON.stringify(d)).not.toContain('李秀英')
    expect(await t.srv.deps.db.auditLog.count({ where: { actorId: ids().resident1, action: 'pii.export', result: 'success' } })).toBe(1)
    expect(await t.srv.deps.db.message.count({ where: { userId: ids().resident1, kind: 'privacy.export' } })).toBe(1)
    // Opened again the same day: audited again, one message a day.
    await c.get('/api/v1/me/data')
    expect(await t.srv.deps.db.auditLog.count({ where: { actorId: ids().resident1, action: 'pii.export' } })).toBe(2)
    expect(await t.srv.deps.db.message.count({ where: { userId: ids().resident1, kind: 'privacy.export' } })).toBe(1)
    expect(d.households[0].statusLabel).toBe('已通过')
  })

  it('401 without a login', async () => {
    expect((await t.api.get('/api/v1/me/data')).status).toBe(401)
  })
})

describe('POST /api/v1/me/consents/real_name/withdraw', () => {
  it('needs an explicit confirmation', async () => {
    const r = await (await t.api.login('resident2')).post('/api/v1/me/consents/real_name/withdraw', {})
    expect(r.status).toBe(400)
    expect(fieldsOf(r)).toEqual(['confirm'])
  })

  it('erases name, ID number and phone, ends the bindings, keeps the account; audited and confirmed', async () => {
    const c = await t.api.login('resident2')
    const idNumber = await storedIdNumber(t.srv.deps, ids().resident2)
    const r = await c.post('/api/v1/me/consents/real_name/withdraw', { confirm: true })
    expect(r.status).toBe(200)
    expect(r.body.data).toMatchObject({ realName: null, idNumber: null, phone: null, identityStatus: 'none', consent: { granted: false } })
    expect(await t.srv.deps.db.residentProfile.count({ where: { userId: ids().resident2 } })).toBe(0)
    expect(await t.srv.deps.db.householdBinding.count({ where: { userId: ids().resident2, status: { in: ['pending', 'approved'] } } })).toBe(0)
    const user = await t.srv.deps.db.user.findUniqueOrThrow({ where: { id: ids().resident2 } })
    expect(user).toMatchObject({ status: 'active', displayName: '居民' })
    expect(await t.srv.deps.db.message.count({ where: { userId: ids().resident2, kind: 'privacy.consent_withdrawn' } })).toBe(1)
    expect(await t.srv.deps.db.auditLog.count({ where: { actorId: ids().resident2, action: 'privacy.consent_withdraw' } })).toBe(1)
    const dump = await plaintextDump(t.srv)
    expect(dump).not.toContain('李秀英')
    expect(dump).not.toContain(idNumber)
    expect(dump).not.toContain('139****1002')
    // The account still works, without a household.
    expect((await c.get('/api/v1/me')).body.data.households).toEqual([])
  })
})

describe('POST /api/v1/me/delete', () => {
  it('needs the confirmation text', async () => {
    const r = await (await t.api.login('resident3')).post('/api/v1/me/delete', { confirm: '确定' })
    expect(r.status).toBe(400)
    expect(fieldsOf(r)).toEqual(['confirm'])
  })

  it('erases the account\'s personal data, ends every session, keeps only an anonymous id in the audit trail', async () => {
    const login = (await t.api.post('/api/v1/auth/dev', { username: 'resident3' })).body.data
    const c = t.api.as(login.accessToken)
    const idNumber = await storedIdNumber(t.srv.deps, ids().resident3)
    expect((await c.post('/api/v1/me/delete', { confirm: '注销账号' })).status).toBe(204)
    expect((await c.get('/api/v1/me')).status).toBe(401)
    expect((await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken })).status).toBe(401)
    expect((await t.api.post('/api/v1/auth/dev', { username: 'resident3' })).status).toBe(404)
    const user = await t.srv.deps.db.user.findUniqueOrThrow({ where: { id: ids().resident3 } })
    expect(user).toMatchObject({ status: 'deleted', username: null, openid: null, passwordHash: null, displayName: '已注销用户' })
    expect(await t.srv.deps.db.message.count({ where: { userId: ids().resident3 } })).toBe(0)
    const dump = await plaintextDump(t.srv)
    for (const s of ['王志强', idNumber, '13900001003', '139****1003']) expect(dump).not.toContain(s)
    const audits = await t.srv.deps.db.auditLog.findMany({ where: { actorId: ids().resident3 } })
    expect(audits.some((a) => a.action === 'account.delete')).toBe(true)
    expect(JSON.stringify(audits.map((a) => [a.details, a.resourceId]))).not.toContain('王志强')
  })

  it('staff accounts are closed by an administrator, not by themselves', async () => {
    const r = await (await t.api.login('grid2')).post('/api/v1/me/delete', { confirm: '注销账号' })
    expect([r.status, r.body.error.code]).toEqual([403, 'STAFF_ACCOUNT'])
  })
})
