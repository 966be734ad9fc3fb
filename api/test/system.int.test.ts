import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { deleteExpiredRows } from '../src/jobs/housekeeping.ts'
import { accountDigest } from '../src/core/crypto.ts'
import { startServer } from '../src/server.ts'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('system: health, OpenAPI, errors, portal', () => {
  const portal = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-portal-'))
  const t = useFixture(async () => {
    fs.mkdirSync(path.join(portal, 'js'))
    fs.writeFileSync(path.join(portal, 'index.html'), '<!doctype html><title>邻里通</title>')
    fs.writeFileSync(path.join(portal, 'js', 'app.0123abcd.js'), 'console.log(1)')
    const srv = await startTestServer({ staticDir: portal })
    const api = new Client(srv.baseUrl)
    return { srv, api }
  })

  it('GET /api/health reports the process and the database', async () => {
    const r = await t.api.get('/api/health')
    expect(r.status).toBe(200)
    expect(r.body.data).toMatchObject({ status: 'ok', db: { status: 'up' } })
  })

  it('GET /api/openapi.json is an OpenAPI 3.1 document of every route, from the validating schemas', async () => {
    const r = await t.api.get('/api/openapi.json')
    expect(r.body.openapi).toBe('3.1.0')
    const paths = Object.entries(r.body.paths as Record<string, Record<string, unknown>>).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
    expect(paths).toEqual(expect.arrayContaining([
      'POST /api/v1/auth/wechat', 'POST /api/v1/auth/dev', 'POST /api/v1/auth/password', 'POST /api/v1/auth/refresh', 'GET /api/v1/me',
      'PUT /api/v1/me/profile', 'POST /api/v1/me/phone', 'GET /api/v1/regions', 'POST /api/v1/me/households',
      'GET /api/v1/household-bindings', 'POST /api/v1/household-bindings/{id}/approve', 'POST /api/v1/household-bindings/{id}/reject',
      'GET /api/v1/households', 'POST /api/v1/residents/{id}/reveal', 'GET /api/health',
    ]))
    const profile = r.body.paths['/api/v1/me/profile'].put.requestBody.content['application/json'].schema
    expect(profile.additionalProperties).toBe(false)
    expect(profile.required).toEqual(['realName', 'idNumber', 'consent'])
    expect(r.body.paths['/api/v1/me/households'].post.parameters.map((p: any) => p.name)).toContain('Idempotency-Key')
  })

  it('every route that needs a login answers 401 without a token, and 401 with a garbage token', async () => {
    const doc = (await t.api.get('/api/openapi.json')).body
    const secured = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, ops]) =>
      Object.entries(ops).filter(([, op]) => op.security?.length).map(([m]) => [m.toUpperCase(), p.replace(/\{id\}/g, '1')] as const))
    expect(secured.length).toBeGreaterThan(15)
    for (const [method, p] of secured) {
      const anon = await t.api.request(method, p, method === 'GET' ? undefined : {})
      expect([method, p, anon.status]).toEqual([method, p, 401])
      const garbage = await t.api.as('not-a-jwt').request(method, p, method === 'GET' ? undefined : {})
      expect([method, p, garbage.status]).toEqual([method, p, 401])
    }
  })

  it('every route with an :id answers 400 naming id when it is not a positive integer', async () => {
    const doc = (await t.api.get('/api/openapi.json')).body
    const withId = Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([p, ops]) =>
      p.includes('{id}') ? Object.keys(ops).map((m) => [m.toUpperCase(), p] as const) : [])
    expect(withId.length).toBeGreaterThan(5)
    const staff = await t.api.login('committee1')
    for (const [method, p] of withId) {
      for (const bad of ['abc', '-3', '1.5']) {
        const r = await staff.request(method, p.replace('{id}', bad), method === 'GET' ? undefined : {})
        // Other path parameters are left as `{name}` (also invalid): `id` must be among the fields named.
        expect([method, p, bad, r.status, fieldsOf(r).includes('id')]).toEqual([method, p, bad, 400, true])
      }
    }
  })

  it('GET /api/docs renders the document from our own assets (no CDN)', async () => {
    const html = await t.api.get('/api/docs')
    expect(html.headers.get('content-type')).toMatch(/text\/html/)
    const srcs = [...String(html.body).matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    expect(srcs.every((s) => s.startsWith('/api/docs/'))).toBe(true)
    for (const s of srcs) expect((await t.api.get(s)).status).toBe(200)
  })

  it('answers errors in one shape with a request id, never a stack trace', async () => {
    const unknown = await t.api.get('/api/v1/nothing-here')
    expect(unknown.status).toBe(404)
    expect(unknown.body).toEqual({ error: { code: 'ROUTE_NOT_FOUND', message: expect.any(String) }, requestId: expect.any(String) })
    expect(unknown.headers.get('x-request-id')).toBe(unknown.body.requestId)
    const badJson = await t.api.request('POST', '/api/v1/auth/dev', '{"username": ', { 'content-type': 'application/json' })
    expect([badJson.status, badJson.body.error.code]).toEqual([400, 'INVALID_JSON'])
    const big = await t.api.request('POST', '/api/v1/auth/dev', JSON.stringify({ username: 'x'.repeat(2_000_000) }), { 'content-type': 'application/json' })
    expect([big.status, big.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
    const form = await t.api.request('POST', '/api/v1/auth/dev', 'username=resident1', { 'content-type': 'application/x-www-form-urlencoded' })
    expect([form.status, form.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE'])
    const wrongMethod = await t.api.request('DELETE', '/api/v1/me')
    expect(wrongMethod.status).toBe(405)
  })

  it('a 500 says nothing internal', async () => {
    const broken = await startTestServer({ seed: 'demo' })
    try {
      const c = await new Client(broken.baseUrl).login('resident1')
      await broken.deps.sql.query('DROP TABLE consents')
      const r = await c.get('/api/v1/me/profile')
      expect(r.status).toBe(500)
      expect(r.body).toEqual({ error: { code: 'INTERNAL', message: '服务器内部错误，请稍后再试' }, requestId: expect.any(String) })
      expect(JSON.stringify(r.body)).not.toMatch(/consents|prisma|sql|at /i)
    } finally {
      await broken.close()
    }
  })

  it('serves the portal: index.html uncached, hashed assets immutable, nothing outside the build', async () => {
    const index = await t.api.get('/')
    expect(index.status).toBe(200)
    expect(index.headers.get('cache-control')).toBe('no-cache')
    expect(String(index.body)).toContain('邻里通')
    const asset = await t.api.get('/js/app.0123abcd.js')
    expect(asset.headers.get('cache-control')).toContain('immutable')
    expect((await t.api.get('/../../etc/passwd')).status).toBe(404)
    expect((await t.api.get('/%2e%2e/%2e%2e/etc/passwd')).status).toBe(404)
  })

  it('limits login attempts per client across every API process, audits the refused ones, says when to retry, and starts a new window', async () => {
    const limited = await startTestServer({ seed: 'none', env: { LOGIN_RATE_LIMIT_PER_MINUTE: '3' } })
    const second = await startServer(limited.config, { now: limited.clock.now })
    try {
      const clients = [new Client(limited.baseUrl), new Client(second.url)]
      const attempt = (i: number) => clients[i % 2].post('/api/v1/auth/password', { username: 'x', password: 'y' })
      const rs = await Promise.all(Array.from({ length: 10 }, (_, i) => attempt(i)))
      expect(rs.filter((r) => r.status === 401)).toHaveLength(3)
      const refused = rs.filter((r) => r.status === 429)
      expect(refused).toHaveLength(7)
      expect(refused[0].body.error.code).toBe('RATE_LIMITED')
      const retryAfter = Number(refused[0].headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThan(0)
      expect(retryAfter).toBeLessThanOrEqual(60)
      const [rows] = await limited.deps.sql.query('SELECT bucket, hits FROM rate_limit_hits')
      expect(rows).toEqual([{ bucket: 'POST /api/v1/auth/password|127.0.0.1', hits: 10 }])
      const audited = await limited.deps.db.auditLog.findMany({ where: { action: 'auth.password' }, select: { result: true, details: true } })
      expect(audited.filter((a) => a.result === 'failure')).toHaveLength(3)
      expect(audited.filter((a) => a.result === 'denied')).toEqual(Array(7).fill({ result: 'denied', details: { reason: 'rate_limited', account: accountDigest('x') } }))

      limited.clock.advance(61_000)
      expect((await attempt(1)).status).toBe(401)
      expect((await attempt(0)).status).toBe(401)
      limited.clock.advance(61_000)
      expect(await deleteExpiredRows(limited.deps.sql, limited.clock.now())).toEqual({ rate_limit_hits: 1, idempotency_keys: 0, login_throttles: 0 })
    } finally {
      await second.close()
      await limited.close()
    }
  })

  it('GET /api/v1/audit-logs: auditors and admins only', async () => {
    await createStaff(t.srv.deps.db, 'auditor1', 'auditor')
    await (await t.api.login('resident1')).get('/api/v1/me')
    const a = await t.api.login('auditor1')
    const r = await a.get('/api/v1/audit-logs?action=auth.dev&limit=1')
    expect(r.status).toBe(200)
    expect(r.body.data[0]).toMatchObject({ action: 'auth.dev', result: 'success' })
    expect(r.body.page.nextCursor).toBeTruthy()
    expect((await (await t.api.login('admin')).get('/api/v1/audit-logs')).status).toBe(200)
    expect((await (await t.api.login('committee1')).get('/api/v1/audit-logs')).status).toBe(403)
  })
})
