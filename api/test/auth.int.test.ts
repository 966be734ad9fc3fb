import { profileField } from '../src/core/crypto.ts'
import { afterAll, describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { FakeWechat } from './support/fakeWechat.ts'
import { useTestServer } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'
import { DEMO_STAFF_PASSWORD } from '../src/seed/demo.ts'
import jwt from 'jsonwebtoken'

describe('auth (demo data, dev login allowed)', () => {
  const t = useTestServer()

  describe('POST /api/v1/auth/dev', () => {
    it('logs a demo account in and returns the token pair and the user', async () => {
      const r = await t.api.post('/api/v1/auth/dev', { username: 'resident1' })
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ expiresIn: 900, user: { displayName: '张建国', roles: ['resident'], isStaff: false } })
      expect(r.body.data.accessToken.split('.')).toHaveLength(3)
      expect(r.body.data.refreshToken.length).toBeGreaterThan(30)
      const me = await t.api.as(r.body.data.accessToken).get('/api/v1/me')
      expect(me.status).toBe(200)
      expect(me.body.data.user.username).toBe('resident1')
    })
    it('400 names the missing field', async () => {
      const r = await t.api.post('/api/v1/auth/dev', {})
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION_FAILED')
      expect(fieldsOf(r)).toEqual(['username'])
      expect(r.body.requestId).toBeTruthy()
    })
    it('400 names an unknown field', async () => {
      const r = await t.api.post('/api/v1/auth/dev', { username: 'resident1', role: 'admin' })
      expect(r.status).toBe(400)
      expect(fieldsOf(r)).toEqual(['role'])
    })
    it('404 for an account that does not exist', async () => {
      const r = await t.api.post('/api/v1/auth/dev', { username: 'nobody' })
      expect(r.status).toBe(404)
    })
    it('lists the demo accounts for the H5 picker', async () => {
      const r = await t.api.get('/api/v1/auth/dev/accounts')
      expect(r.status).toBe(200)
      expect(r.body.data.map((a: { username: string }) => a.username)).toEqual(
        expect.arrayContaining(['resident1', 'resident20', 'grid1', 'grid4', 'leader1', 'committee1', 'street1', 'dept1', 'admin']),
      )
      const staff = (username: string) => r.body.data.find((a: { username: string }) => a.username === username).isStaff
      expect([staff('resident1'), staff('grid1'), staff('admin')]).toEqual([false, true, true])
    })
    it('tells the client which login methods exist', async () => {
      const r = await t.api.get('/api/v1/auth/options')
      expect(r.body.data).toEqual({ devLogin: true, wechat: false, password: true })
    })
  })

  describe('GET /api/v1/me without a valid token', () => {
    it('401 without a token', async () => {
      const r = await t.api.get('/api/v1/me')
      expect(r.status).toBe(401)
      expect(r.body.error.code).toBe('UNAUTHENTICATED')
    })
    it('401 TOKEN_EXPIRED for an expired token', async () => {
      const token = jwt.sign({ typ: 'access' }, t.srv.config.jwtSecret, {
        algorithm: 'HS256', subject: String(t.srv.demo!.residentIds.resident1), expiresIn: -10, issuer: 'linlitong', audience: 'linlitong-api',
      })
      const r = await t.api.as(token).get('/api/v1/me')
      expect(r.status).toBe(401)
      expect(r.body.error.code).toBe('TOKEN_EXPIRED')
    })
    it('401 for a token signed with another key or algorithm', async () => {
      const forged = jwt.sign({ typ: 'access' }, 'another-secret-another-secret-123', { subject: '1', issuer: 'linlitong', audience: 'linlitong-api' })
      expect((await t.api.as(forged).get('/api/v1/me')).body.error.code).toBe('INVALID_TOKEN')
      const none = jwt.sign({ typ: 'access', sub: '1', iss: 'linlitong', aud: 'linlitong-api' }, '', { algorithm: 'none' })
      expect((await t.api.as(none).get('/api/v1/me')).status).toBe(401)
    })
  })

  describe('POST /api/v1/auth/password', () => {
    it('logs staff in with the demo password', async () => {
      const r = await t.api.post('/api/v1/auth/password', { username: 'committee1', password: DEMO_STAFF_PASSWORD })
      expect(r.status).toBe(200)
      expect(r.body.data.user).toMatchObject({ roles: ['committee'], isStaff: true, policies: { workbench: true, composeNotices: true, patrol: false, fileReport: false } })
    })
    it('401 for a wrong password and for a resident (no password)', async () => {
      expect((await t.api.post('/api/v1/auth/password', { username: 'street1', password: 'wrong' })).status).toBe(401)
      expect((await t.api.post('/api/v1/auth/password', { username: 'resident2', password: 'x' })).body.error.code).toBe('INVALID_CREDENTIALS')
    })
    it('400 names an empty password', async () => {
      const r = await t.api.post('/api/v1/auth/password', { username: 'street1', password: '' })
      expect(r.status).toBe(400)
      expect(fieldsOf(r)).toEqual(['password'])
    })
  })

  describe('POST /api/v1/auth/refresh', () => {
    it('rotates: the new pair works, the old refresh token is spent', async () => {
      const login = (await t.api.post('/api/v1/auth/dev', { username: 'resident2' })).body.data
      const r1 = await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken })
      expect(r1.status).toBe(200)
      expect(r1.body.data.refreshToken).not.toBe(login.refreshToken)
      expect((await t.api.as(r1.body.data.accessToken).get('/api/v1/me')).status).toBe(200)
      const r2 = await t.api.post('/api/v1/auth/refresh', { refreshToken: r1.body.data.refreshToken })
      expect(r2.status).toBe(200)
    })
    it('revokes the whole family when a used refresh token is presented again', async () => {
      const login = (await t.api.post('/api/v1/auth/dev', { username: 'resident3' })).body.data
      const rotated = (await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken })).body.data
      const replay = await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken })
      expect(replay.status).toBe(401)
      expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED')
      // The legitimate holder's newer token is dead too.
      const next = await t.api.post('/api/v1/auth/refresh', { refreshToken: rotated.refreshToken })
      expect(next.status).toBe(401)
      expect(next.body.error.code).toBe('REFRESH_TOKEN_REVOKED')
      const audit = await t.srv.deps.db.auditLog.count({ where: { action: 'auth.refresh_reuse', actorId: t.srv.demo!.residentIds.resident3 } })
      expect(audit).toBe(1)
    })
    it('lets only one of two concurrent uses of the same token win', async () => {
      const login = (await t.api.post('/api/v1/auth/dev', { username: 'resident4' })).body.data
      const results = await Promise.all([1, 2, 3].map(() => t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken })))
      expect(results.filter((r) => r.status === 200)).toHaveLength(1)
      const rows = await t.srv.deps.db.refreshToken.findMany({ where: { userId: t.srv.demo!.residentIds.resident4 } })
      expect(rows).toHaveLength(2)
    })
    it('401 for an unknown token and 400 for a malformed body', async () => {
      expect((await t.api.post('/api/v1/auth/refresh', { refreshToken: 'x'.repeat(43) })).body.error.code).toBe('INVALID_REFRESH_TOKEN')
      const bad = await t.api.post('/api/v1/auth/refresh', { refreshToken: 42 })
      expect(bad.status).toBe(400)
      expect(fieldsOf(bad)).toEqual(['refreshToken'])
    })
    it('logout revokes the family', async () => {
      const login = (await t.api.post('/api/v1/auth/dev', { username: 'resident5' })).body.data
      expect((await t.api.post('/api/v1/auth/logout', { refreshToken: login.refreshToken })).status).toBe(204)
      expect((await t.api.post('/api/v1/auth/refresh', { refreshToken: login.refreshToken })).status).toBe(401)
    })
  })

  describe('POST /api/v1/auth/wechat without WeChat configured', () => {
    it('503 says so', async () => {
      const r = await t.api.post('/api/v1/auth/wechat', { code: 'abc' })
      expect(r.status).toBe(503)
      expect(r.body.error.code).toBe('WECHAT_NOT_CONFIGURED')
    })
  })
})

describe('auth with WeChat configured (fake WeChat server on 127.0.0.1)', () => {
  const wx = new FakeWechat()
  const t = useTestServer(async () => {
    await wx.start()
    return { env: wx.env() }
  })
  afterAll(async () => wx.stop())

  it('creates a resident on first login and finds the same user next time; the session key never leaves the server', async () => {
    const first = await t.api.post('/api/v1/auth/wechat', { code: wx.loginCode('o_user_1', 'u_1') })
    expect(first.status).toBe(200)
    expect(first.body.data.user).toMatchObject({ displayName: '微信用户', roles: ['resident'] })
    expect(JSON.stringify(first.body)).not.toMatch(/session_key|sessionKey/)
    const again = await t.api.post('/api/v1/auth/wechat', { code: wx.loginCode('o_user_1') })
    expect(again.body.data.user.id).toBe(first.body.data.user.id)
    expect(await t.srv.deps.db.user.count({ where: { openid: 'o_user_1' } })).toBe(1)
  })

  it('two concurrent first logins of the same WeChat user create one account', async () => {
    const codes = [wx.loginCode('o_user_2'), wx.loginCode('o_user_2'), wx.loginCode('o_user_2')]
    const rs = await Promise.all(codes.map((code) => t.api.post('/api/v1/auth/wechat', { code })))
    expect(rs.map((r) => r.status)).toEqual([200, 200, 200])
    expect(new Set(rs.map((r) => r.body.data.user.id)).size).toBe(1)
    expect(await t.srv.deps.db.user.count({ where: { openid: 'o_user_2' } })).toBe(1)
  })

  it('401 WECHAT_CODE_INVALID for an unknown code (40029) and for a code used twice', async () => {
    const bad = await t.api.post('/api/v1/auth/wechat', { code: 'never-issued' })
    expect(bad.status).toBe(401)
    expect(bad.body.error.code).toBe('WECHAT_CODE_INVALID')
    const code = wx.loginCode('o_user_3')
    expect((await t.api.post('/api/v1/auth/wechat', { code })).status).toBe(200)
    expect((await t.api.post('/api/v1/auth/wechat', { code })).body.error.code).toBe('WECHAT_CODE_INVALID')
  })

  it('400 names a missing code', async () => {
    const r = await t.api.post('/api/v1/auth/wechat', {})
    expect(r.status).toBe(400)
    expect(fieldsOf(r)).toEqual(['code'])
  })

  it('refuses the dev login whenever WeChat credentials are configured', async () => {
    const r = await t.api.post('/api/v1/auth/dev', { username: 'resident1' })
    expect(r.status).toBe(403)
    expect(r.body.error.code).toBe('DEV_LOGIN_DISABLED')
    expect((await t.api.get('/api/v1/auth/dev/accounts')).status).toBe(403)
  })

  it('fills the phone from a getPhoneNumber code (masked in the answer, encrypted at rest)', async () => {
    const login = await t.api.post('/api/v1/auth/wechat', { code: wx.loginCode('o_phone_user') })
    const me = t.api.as(login.body.data.accessToken)
    const r = await me.post('/api/v1/me/phone', { code: wx.phoneCode('13712345678') })
    expect(r.status).toBe(200)
    expect(r.body.data.phone).toBe('137****5678')
    const row = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: login.body.data.user.id } })
    expect(Buffer.from(row.phoneCipher!).toString('latin1')).not.toContain('13712345678')
    expect(t.srv.deps.cipher.open(row.phoneCipher!, profileField.phone(row.userId))).toBe('13712345678')
    expect(wx.count('/cgi-bin/stable_token')).toBe(1)
    // The access token is cached: a second phone call does not fetch another one.
    await me.post('/api/v1/me/phone', { code: wx.phoneCode('13712345679') })
    expect(wx.count('/cgi-bin/stable_token')).toBe(1)
    // When WeChat says the token is no longer valid, one fresh token is fetched and the call retried.
    wx.expireTokens()
    expect((await me.post('/api/v1/me/phone', { code: wx.phoneCode('13712345670') })).status).toBe(200)
    expect(wx.count('/cgi-bin/stable_token')).toBe(2)
  })

  it('400 for an invalid phone code, 422 for a non-mainland number, 401 without login', async () => {
    const login = await t.api.post('/api/v1/auth/wechat', { code: wx.loginCode('o_phone_user_2') })
    const me = t.api.as(login.body.data.accessToken)
    const bad = await me.post('/api/v1/me/phone', { code: 'never-issued' })
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad)).toEqual(['code'])
    expect((await me.post('/api/v1/me/phone', { code: wx.phoneCode('91234567', '852') })).status).toBe(422)
    expect((await t.api.post('/api/v1/me/phone', { code: wx.phoneCode('13712345678') })).status).toBe(401)
  })
})

describe('dev login under a production config', () => {
  it('is refused with 403', async () => {
    const srv = await startTestServer({ seed: 'demo', env: { NODE_ENV: 'production' } })
    try {
      const r = await new Client(srv.baseUrl).post('/api/v1/auth/dev', { username: 'resident1' })
      expect(r.status).toBe(403)
      expect(r.body.error.code).toBe('DEV_LOGIN_DISABLED')
    } finally {
      await srv.close()
    }
  })
})
