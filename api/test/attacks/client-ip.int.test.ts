// Issue 7 §3: the client address cannot be chosen by the client, and no header breaks an audit row.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clientIp, normaliseIp } from '../../src/http/middleware/clientAddress.ts'
import { Client } from '../support/client.ts'
import { useTestServer } from '../support/fixture.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

describe('clientIp', () => {
  it.each([
    // [X-Forwarded-For, socket, trusted hops, expected]
    [undefined, '10.0.0.9', 0, '10.0.0.9'],
    ['1.2.3.4', '10.0.0.9', 0, '10.0.0.9'],
    ['1.2.3.4', '10.0.0.9', 1, '1.2.3.4'],
    ['6.6.6.6, 1.2.3.4', '10.0.0.9', 1, '1.2.3.4'],
    ['6.6.6.6, 1.2.3.4, 10.0.0.5', '10.0.0.9', 2, '1.2.3.4'],
    ['not-an-ip', '10.0.0.9', 1, '10.0.0.9'],
    ['6.6.6.6, ' + 'x'.repeat(100), '10.0.0.9', 1, '10.0.0.9'],
    ['[2001:db8::1]:443', '10.0.0.9', 1, '2001:db8::1'],
    ['1.2.3.4:5678', '10.0.0.9', 1, '1.2.3.4'],
    ['', '::ffff:127.0.0.1', 1, '::ffff:127.0.0.1'],
  ])('%s via %s with %i hops → %s', (xff, socket, hops, want) => {
    expect(clientIp(xff, socket, hops)).toBe(want)
  })
  it('never returns anything longer than the audit column', () => {
    expect(normaliseIp('1'.repeat(60))).toBeNull()
  })
})

describe('behind one trusted proxy (TRUST_PROXY=1)', () => {
  const t = useTestServer({ env: { TRUST_PROXY: '1', LOGIN_RATE_LIMIT_PER_MINUTE: '3' } })

  it('a client rotating the leftmost X-Forwarded-For entry cannot dodge the per-address limit', async () => {
    const statuses = []
    for (let i = 0; i < 6; i++) {
      // The proxy appends the real address (203.0.113.7); the client made up the rest.
      const r = await t.api.post('/api/v1/auth/dev', { username: 'resident1' }, { 'x-forwarded-for': `198.51.100.${i}, 203.0.113.7` })
      statuses.push(r.status)
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429, 429])
  })

  it('audits the address the proxy saw, not the one the client claims', async () => {
    await t.api.post('/api/v1/auth/password', { username: 'street1', password: 'wrong' }, { 'x-forwarded-for': '8.8.8.8, 203.0.113.8' })
    const row = await t.srv.deps.db.auditLog.findFirst({ where: { action: 'auth.password', ip: { in: ['8.8.8.8', '203.0.113.8'] } }, orderBy: { id: 'desc' } })
    expect(row?.ip).toBe('203.0.113.8')
  })

  it('an over-long or forged entry cannot make the failed-login audit row fail: the attempt is still recorded', async () => {
    const before = await t.srv.deps.db.auditLog.count({ where: { action: 'auth.password', result: 'failure' } })
    const r = await t.api.post('/api/v1/auth/password', { username: 'street1', password: 'wrong' }, { 'x-forwarded-for': 'a'.repeat(300), 'user-agent': 'Mozilla/5.0 '.repeat(80) })
    expect(r.status).toBe(401)
    const after = await t.srv.deps.db.auditLog.findMany({ where: { action: 'auth.password', result: 'failure' }, orderBy: { id: 'desc' }, take: 1 })
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'auth.password', result: 'failure' } })).toBe(before + 1)
    expect(after[0].ip).toBe('127.0.0.1')
    expect(Array.from(after[0].userAgent ?? '').length).toBe(255)
  })
})

describe('with no proxy trusted (the default)', () => {
  let srv: TestServer
  beforeAll(async () => {
    srv = await startTestServer({ env: { LOGIN_RATE_LIMIT_PER_MINUTE: '2' } })
  })
  afterAll(async () => srv.close())

  it('ignores X-Forwarded-For entirely', async () => {
    const api = new Client(srv.baseUrl)
    const statuses = []
    for (let i = 0; i < 3; i++) statuses.push((await api.post('/api/v1/auth/dev', { username: 'resident1' }, { 'x-forwarded-for': `198.51.100.${i}` })).status)
    expect(statuses).toEqual([200, 200, 429])
  })
})
