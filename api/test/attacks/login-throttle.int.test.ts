// Issue 7 §6: account enumeration and lockout as a weapon.
import { describe, expect, it } from 'vitest'
import { delaySeconds, THRESHOLDS } from '../../src/modules/auth/auth.throttle.ts'
import { DEMO_STAFF_PASSWORD } from '../../src/seed/demo.ts'
import { type Res } from '../support/client.ts'
import { useTestServer } from '../support/fixture.ts'

const t = useTestServer({ env: { TRUST_PROXY: '1' } })

const from = (ip: string) => ({ 'x-forwarded-for': ip })
const login = (username: string, password: string, ip: string, deviceToken?: string) =>
  t.api.post('/api/v1/auth/password', { username, password, ...(deviceToken ? { deviceToken } : {}) }, from(ip))
/** What a response tells a stranger, without the parts that differ on every request. */
const shape = (r: Res) => ({ status: r.status, code: r.body?.error?.code, message: r.body?.error?.message, details: r.body?.error?.details, retryAfter: r.headers.get('retry-after') })

describe('answers unknown and real accounts alike', () => {
  it('a wrong password for a real account and any password for an unknown one look the same, with no remaining-attempts count', async () => {
    const real = await login('street1', 'wrong-password', '10.1.0.1')
    const unknown = await login('nobody-here', 'wrong-password', '10.1.0.1')
    expect(shape(real)).toEqual(shape(unknown))
    expect(real.status).toBe(401)
    expect(real.body.error.details).toBeUndefined()
  })

  it('throttles an unknown account exactly as a real one', async () => {
    const run = async (username: string, ip: string) => {
      const out = []
      for (let i = 0; i < THRESHOLDS.address + 1; i++) out.push(shape(await login(username, 'wrong-password', ip)))
      return out
    }
    const real = await run('dept1', '10.1.0.2')
    const unknown = await run('ghost-account', '10.1.0.3')
    expect(unknown.map((r) => [r.status, r.code])).toEqual(real.map((r) => [r.status, r.code]))
    expect(real.at(-1)).toMatchObject({ status: 429, code: 'RATE_LIMITED' })
  })

  it('says a disabled account is disabled only to someone who knows its password', async () => {
    const u = await t.srv.deps.db.user.update({ where: { username: 'leader1' }, data: { status: 'disabled' } })
    try {
      expect(shape(await login('leader1', 'wrong-password', '10.1.0.4'))).toEqual(shape(await login('no-such-leader', 'wrong-password', '10.1.0.4')))
      const right = await login('leader1', DEMO_STAFF_PASSWORD, '10.1.0.5')
      expect([right.status, right.body.error.code]).toEqual([403, 'ACCOUNT_DISABLED'])
    } finally {
      await t.srv.deps.db.user.update({ where: { id: u.id }, data: { status: 'active' } })
    }
  })
})

describe('growing delays instead of a lock anyone can trigger', () => {
  it('counts a burst of parallel guesses one by one: only the threshold reaches the password check', async () => {
    const rs = await Promise.all(Array.from({ length: 20 }, () => login('grid3', 'wrong-password', '10.2.0.1')))
    expect(rs.filter((r) => r.status === 401)).toHaveLength(THRESHOLDS.address)
    expect(rs.filter((r) => r.status === 429)).toHaveLength(20 - THRESHOLDS.address)
    const checked = await t.srv.deps.db.auditLog.count({ where: { action: 'auth.password', actorId: t.srv.demo!.staffIds.grid3, result: 'failure' } })
    expect(checked).toBe(THRESHOLDS.address)
  })

  it('makes each further failure wait longer (1 s, 2 s, 4 s …), up to a cap', async () => {
    const waits: number[] = []
    for (let i = 0; i < THRESHOLDS.address + 3; i++) {
      const r = await login('grid2', 'wrong-password', '10.2.0.2')
      if (r.status === 429) {
        waits.push(Number(r.headers.get('retry-after')))
        t.srv.clock.advance(waits.at(-1)! * 1000)
        i--
      }
    }
    expect(waits).toEqual([1, 2, 4])
    expect(delaySeconds('address', 100)).toBe(900)
  })

  it("never locks admin out: a stranger's failures delay only the stranger's address, and the owner's known device is never delayed", async () => {
    const first = await login('admin', DEMO_STAFF_PASSWORD, '10.3.0.1')
    expect(first.status).toBe(200)
    const deviceToken: string = first.body.data.deviceToken
    expect(deviceToken).toMatch(/^\d+\.[0-9a-f]{24}\./)
    // A stranger guesses from many addresses, well past every threshold.
    for (let ip = 0; ip < 10; ip++) {
      for (let i = 0; i < THRESHOLDS.address; i++) await login('admin', `guess-${ip}-${i}`, `10.4.0.${ip}`)
    }
    expect((await login('admin', 'guess', '10.4.0.0')).status).toBe(429)
    // The owner, on the device that logged in before: straight in.
    const owner = await login('admin', DEMO_STAFF_PASSWORD, '10.3.0.1', deviceToken)
    expect(owner.status).toBe(200)
    expect(owner.body.data.deviceToken).toBe(deviceToken)
    // A stranger cannot borrow the device bucket with a token minted for another account.
    const other = await login('street1', DEMO_STAFF_PASSWORD, '10.3.0.9')
    expect((await login('admin', 'guess', '10.4.0.0', other.body.data.deviceToken)).status).toBe(429)
  })

  it('strangers guessing from many addresses delay the owner on a new device briefly (growing, capped), never lock them out', async () => {
    for (let ip = 0; ip < 6; ip++) {
      for (let i = 0; i < THRESHOLDS.address; i++) await login('grid4', `guess-${ip}-${i}`, `10.5.${ip}.1`)
    }
    const owner = await login('grid4', DEMO_STAFF_PASSWORD, '10.5.9.9')
    expect(owner.status).toBe(429)
    const wait = Number(owner.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(900)
    t.srv.clock.advance(wait * 1000)
    expect((await login('grid4', DEMO_STAFF_PASSWORD, '10.5.9.9')).status).toBe(200)
  })

  it('a refresh (the known device with a valid refresh token) is never affected by password throttling', async () => {
    const login1 = (await t.api.post('/api/v1/auth/dev', { username: 'committee1' })).body.data
    for (let i = 0; i < 30; i++) await login('committee1', `guess-${i}`, `10.6.0.${i}`)
    const refreshed = await t.api.post('/api/v1/auth/refresh', { refreshToken: login1.refreshToken })
    expect(refreshed.status).toBe(200)
  })
})
