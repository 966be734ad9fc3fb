// Issue 7 §8 (refresh-token families) and §9 (logout and revocation end access tokens at once).
import { describe, expect, it } from 'vitest'
import { DEMO_STAFF_PASSWORD } from '../../src/seed/demo.ts'
import { useTestServer } from '../support/fixture.ts'

const t = useTestServer()

type Pair = { accessToken: string; refreshToken: string }
const devLogin = async (username: string): Promise<Pair> => (await t.api.post('/api/v1/auth/dev', { username })).body.data
const refresh = (refreshToken: string) => t.api.post('/api/v1/auth/refresh', { refreshToken })
const me = (accessToken: string) => t.api.as(accessToken).get('/api/v1/me')

describe('refresh-token families', () => {
  it('a reuse alarm also kills the token a concurrent refresh minted at that moment', async () => {
    // Many parallel uses of one token: one consumes it and mints a successor, the others are
    // reuse alarms. Whatever the order, the minted successor must be dead afterwards.
    for (let round = 0; round < 5; round++) {
      const pair = await devLogin('resident6')
      const rs = await Promise.all(Array.from({ length: 8 }, () => refresh(pair.refreshToken)))
      const winners = rs.filter((r) => r.status === 200)
      expect(winners).toHaveLength(1)
      expect(rs.filter((r) => r.body?.error?.code === 'REFRESH_TOKEN_REUSED').length).toBeGreaterThan(0)
      const successor = winners[0].body.data as Pair
      expect((await refresh(successor.refreshToken)).status).toBe(401)
      expect((await me(successor.accessToken)).status).toBe(401)
    }
  })

  it('a reuse alarm ends the access tokens of that user at once (session version)', async () => {
    const pair = await devLogin('resident7')
    const rotated = (await refresh(pair.refreshToken)).body.data as Pair
    expect((await me(rotated.accessToken)).status).toBe(200)
    expect((await refresh(pair.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_REUSED')
    const after = await me(rotated.accessToken)
    expect([after.status, after.body.error.code]).toEqual([401, 'SESSION_REVOKED'])
  })
})

describe('logout and revocation', () => {
  it('logout ends the access token in hand immediately, not in 15 minutes', async () => {
    const pair = await devLogin('resident8')
    expect((await me(pair.accessToken)).status).toBe(200)
    expect((await t.api.post('/api/v1/auth/logout', { refreshToken: pair.refreshToken })).status).toBe(204)
    const after = await me(pair.accessToken)
    expect([after.status, after.body.error.code]).toEqual([401, 'SESSION_REVOKED'])
    expect((await refresh(pair.refreshToken)).status).toBe(401)
  })

  it("logging out on one device leaves the other device's session able to renew itself", async () => {
    const phone = await devLogin('resident9')
    const tablet = await devLogin('resident9')
    await t.api.post('/api/v1/auth/logout', { refreshToken: phone.refreshToken })
    expect((await me(tablet.accessToken)).body.error.code).toBe('SESSION_REVOKED')
    const renewed = await refresh(tablet.refreshToken)
    expect(renewed.status).toBe(200)
    expect((await me(renewed.body.data.accessToken)).status).toBe(200)
  })

  it('a password change ends every other session and returns a working new one', async () => {
    const other = (await t.api.post('/api/v1/auth/password', { username: 'street1', password: DEMO_STAFF_PASSWORD })).body.data as Pair
    const current = (await t.api.post('/api/v1/auth/password', { username: 'street1', password: DEMO_STAFF_PASSWORD })).body.data as Pair
    const weak = await t.api.as(current.accessToken).put('/api/v1/me/password', { currentPassword: DEMO_STAFF_PASSWORD, newPassword: 'short' })
    expect([weak.status, weak.body.error.details.fields[0].field]).toEqual([400, 'newPassword'])
    const wrong = await t.api.as(current.accessToken).put('/api/v1/me/password', { currentPassword: 'not-it-1', newPassword: 'Better2027x' })
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'INVALID_CREDENTIALS'])
    const r = await t.api.as(current.accessToken).put('/api/v1/me/password', { currentPassword: DEMO_STAFF_PASSWORD, newPassword: 'Better2027x' })
    expect(r.status).toBe(200)
    expect((await me(r.body.data.accessToken)).status).toBe(200)
    expect((await me(current.accessToken)).status).toBe(401)
    expect((await me(other.accessToken)).status).toBe(401)
    expect((await refresh(other.refreshToken)).status).toBe(401)
    expect((await refresh(current.refreshToken)).status).toBe(401)
    expect((await t.api.post('/api/v1/auth/password', { username: 'street1', password: 'Better2027x' })).status).toBe(200)
    const messages = await t.srv.deps.db.message.count({ where: { userId: t.srv.demo!.staffIds.street1, kind: 'account.password_changed' } })
    expect(messages).toBe(1)
  })

  it('disabling an account ends its sessions at once; only admins may, never on themselves', async () => {
    const victim = await devLogin('grid1')
    const admin = await t.srv.as('admin')
    const committee = await t.srv.as('committee1')
    const id = t.srv.demo!.staffIds.grid1
    expect((await committee.post(`/api/v1/admin/users/${id}/disable`, { reason: '离职' })).status).toBe(403)
    expect((await admin.post(`/api/v1/admin/users/${t.srv.demo!.staffIds.admin}/disable`, { reason: '测试' })).status).toBe(403)
    const noReason = await admin.post(`/api/v1/admin/users/${id}/disable`, {})
    expect(noReason.status).toBe(400)
    const r = await admin.post(`/api/v1/admin/users/${id}/disable`, { reason: '离职交接' })
    expect([r.status, r.body.data.status]).toEqual([200, 'disabled'])
    expect((await me(victim.accessToken)).status).toBe(401)
    expect((await refresh(victim.refreshToken)).status).toBe(401)
    expect((await t.api.post('/api/v1/auth/dev', { username: 'grid1' })).status).toBe(403)
    expect((await admin.post(`/api/v1/admin/users/${id}/enable`, { reason: '复职' })).body.data.status).toBe('active')
    expect((await t.api.post('/api/v1/auth/dev', { username: 'grid1' })).status).toBe(200)
    expect((await admin.post('/api/v1/admin/users/999999/disable', { reason: '测试' })).status).toBe(404)
  })
})
