import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from './support/client.ts'
import { startTestServer, type TestServer } from './support/server.ts'

const ORIGIN = 'http://portal.example'
const LIMIT = 1024 * 1024 // jsonBody()'s default in middleware/body.ts

/** Sends a JSON body in chunks without a Content-Length (Transfer-Encoding: chunked). */
function postChunked(baseUrl: string, urlPath: string, chunks: Buffer[]): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const req = http.request(baseUrl + urlPath, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (c) => (text += c))
      res.on('end', () => {
        req.destroy()
        resolve({ status: res.statusCode!, body: text ? JSON.parse(text) : undefined })
      })
    })
    // The server may answer (and stop reading) before the last chunk: that is the point.
    req.on('error', (e) => ((e as NodeJS.ErrnoException).code === 'EPIPE' || (e as NodeJS.ErrnoException).code === 'ECONNRESET' ? undefined : reject(e)))
    for (const c of chunks) req.write(c)
    req.end()
  })
}

describe('security headers, CORS and the body limit', () => {
  let srv: TestServer
  let api: Client
  const portal = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-portal-'))

  beforeAll(async () => {
    fs.writeFileSync(path.join(portal, 'index.html'), '<!doctype html><title>邻里通</title>')
    srv = await startTestServer({ staticDir: portal, env: { CORS_ORIGINS: ORIGIN } })
    api = new Client(srv.baseUrl)
  })
  afterAll(async () => {
    await srv.close()
    fs.rmSync(portal, { recursive: true, force: true })
  })

  describe('security headers', () => {
    it('an API response is nosniff, not framable, sends no referrer and is never cached', async () => {
      for (const r of [await api.get('/api/health'), await api.get('/api/v1/me'), await api.get('/api/v1/nothing-here')]) {
        expect(r.headers.get('x-content-type-options')).toBe('nosniff')
        expect(r.headers.get('x-frame-options')).toBe('DENY')
        expect(r.headers.get('referrer-policy')).toBe('no-referrer')
        expect(r.headers.get('cache-control')).toBe('no-store')
        expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      }
    })

    it('an authenticated answer carrying personal data is not cached either', async () => {
      const r = await (await api.login('resident1')).get('/api/v1/me')
      expect(r.status).toBe(200)
      expect(r.headers.get('cache-control')).toBe('no-store')
      expect(r.headers.get('x-frame-options')).toBe('DENY')
    })

    it('the portal is nosniff, not framable and sends no referrer, keeping its own caching', async () => {
      const r = await api.get('/')
      expect(r.status).toBe(200)
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('x-frame-options')).toBe('DENY')
      expect(r.headers.get('referrer-policy')).toBe('no-referrer')
      expect(r.headers.get('cache-control')).toBe('no-cache')
    })

    it('the API docs viewer keeps its asset caching and may load its own scripts', async () => {
      const html = await api.get('/api/docs')
      expect(html.headers.get('x-frame-options')).toBe('DENY')
      expect(html.headers.get('content-security-policy')).toBeNull()
      const css = await api.get('/api/docs/swagger-ui.css')
      expect(css.headers.get('cache-control')).toBe('public, max-age=86400')
      expect(css.headers.get('x-content-type-options')).toBe('nosniff')
    })
  })

  describe('CORS for the configured origins (CORS_ORIGINS)', () => {
    it('a preflight from an allowed origin is answered 204 with the methods and the headers the API needs', async () => {
      const r = await api.request('OPTIONS', '/api/v1/notices', undefined, {
        origin: ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type, idempotency-key',
      })
      expect(r.status).toBe(204)
      expect(r.headers.get('access-control-allow-origin')).toBe(ORIGIN)
      expect(r.headers.get('vary')).toMatch(/Origin/)
      const methods = r.headers.get('access-control-allow-methods')!.split(/,\s*/)
      expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']))
      const headers = r.headers.get('access-control-allow-headers')!.toLowerCase().split(/,\s*/)
      expect(headers).toEqual(expect.arrayContaining(['authorization', 'content-type', 'idempotency-key']))
      expect(Number(r.headers.get('access-control-max-age'))).toBeGreaterThan(0)
      // Credentials are bearer tokens, never cookies: no credentialed CORS.
      expect(r.headers.get('access-control-allow-credentials')).toBeNull()
    })

    it('an actual request from the allowed origin gets the origin back, on success and on an error alike', async () => {
      const ok = await api.get('/api/health', { origin: ORIGIN })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN)
      const me = await (await api.login('resident1')).get('/api/v1/me', { origin: ORIGIN })
      expect([me.status, me.headers.get('access-control-allow-origin')]).toEqual([200, ORIGIN])
      // The browser must be able to read a 401 to refresh the token.
      const anon = await api.get('/api/v1/me', { origin: ORIGIN })
      expect([anon.status, anon.headers.get('access-control-allow-origin')]).toEqual([401, ORIGIN])
    })

    it('another origin gets no CORS headers, on a preflight or a request, and is not answered 204', async () => {
      for (const origin of ['http://evil.example', 'http://portal.example.evil.example', 'https://portal.example', 'null']) {
        const pre = await api.request('OPTIONS', '/api/v1/notices', undefined, { origin, 'access-control-request-method': 'POST' })
        expect(pre.status).not.toBe(204)
        expect(pre.headers.get('access-control-allow-origin')).toBeNull()
        expect(pre.headers.get('access-control-allow-headers')).toBeNull()
        const r = await api.get('/api/health', { origin })
        expect(r.status).toBe(200)
        expect(r.headers.get('access-control-allow-origin')).toBeNull()
      }
    })

    it('a server without CORS_ORIGINS sends no CORS headers to anyone', async () => {
      const plain = await startTestServer({ seed: 'none' })
      try {
        const c = new Client(plain.baseUrl)
        const pre = await c.request('OPTIONS', '/api/v1/notices', undefined, { origin: ORIGIN, 'access-control-request-method': 'POST' })
        expect(pre.headers.get('access-control-allow-origin')).toBeNull()
        expect((await c.get('/api/health', { origin: ORIGIN })).headers.get('access-control-allow-origin')).toBeNull()
      } finally {
        await plain.close()
      }
    })
  })

  describe('JSON body limit', () => {
    /** A JSON body of exactly `bytes` bytes: {"username":"xxx…"}. */
    const bodyOf = (bytes: number) => JSON.stringify({ username: 'x'.repeat(bytes - '{"username":""}'.length) })

    it('a body one byte over the limit answers 413 PAYLOAD_TOO_LARGE in the error shape, not 500', async () => {
      const body = bodyOf(LIMIT + 1)
      expect(Buffer.byteLength(body)).toBe(LIMIT + 1)
      const r = await api.request('POST', '/api/v1/auth/dev', body, { 'content-type': 'application/json' })
      expect(r.status).toBe(413)
      expect(r.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1024 KB') }, requestId: expect.any(String) })
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    })

    it('a body of exactly the limit is read and validated (400 naming the field), not refused', async () => {
      const r = await api.request('POST', '/api/v1/auth/dev', bodyOf(LIMIT), { 'content-type': 'application/json' })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION_FAILED')
    })

    it('an oversized body sent in chunks without a Content-Length is cut off with 413 as well', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const chunks = [Buffer.from('{"username":"'), ...Array.from({ length: 20 }, () => chunk), Buffer.from('"}')]
      const r = await postChunked(srv.baseUrl, '/api/v1/auth/dev', chunks)
      expect(r.status).toBe(413)
      expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE')
    })

    it('an oversized body on an authenticated route is refused before it is read, with the same 413', async () => {
      const committee = await api.login('committee1')
      const r = await committee.post('/api/v1/notices', { title: '超大公告', body: 'x'.repeat(LIMIT), importance: 'normal', target: { communityId: srv.demo!.communityIds[0] } })
      expect([r.status, r.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
      expect(await srv.deps.db.notice.count({ where: { title: '超大公告' } })).toBe(0)
    })
  })
})
