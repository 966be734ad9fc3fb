import { createHash } from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
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

type Raw = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

/** A request whose response is read as bytes on the wire (fetch would decompress it silently). */
function rawRequest(baseUrl: string, urlPath: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Raw> {
  return new Promise((resolve, reject) => {
    http.request(baseUrl + urlPath, { method, headers, agent: false }, (res) => {
      const parts: Buffer[] = []
      res.on('data', (c: Buffer) => parts.push(c))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(parts) }))
    }).on('error', reject).end()
  })
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('base64')
const REM_SCRIPT = 'document.documentElement.style.fontSize="20px"'
const pageWith = (script: string) => `<!doctype html><title>邻里通</title><script>${script}</script><script src="/js/app.0123abcd.js"></script>`
/** A script of ~40 KB that compresses well, like the build's chunks. */
const BUNDLE = Array.from({ length: 800 }, (_, i) => `export function f${i}(a){return a+${i}}`).join('\n')

describe('security headers, CORS and the body limit', () => {
  const portal = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-portal-'))

  const t = useFixture(async () => {
    fs.writeFileSync(path.join(portal, 'index.html'), pageWith(REM_SCRIPT))
    fs.mkdirSync(path.join(portal, 'js'))
    const bundle = path.join(portal, 'js', 'app.0123abcd.js')
    fs.writeFileSync(bundle, BUNDLE)
    fs.writeFileSync(`${bundle}.br`, zlib.brotliCompressSync(BUNDLE))
    fs.writeFileSync(`${bundle}.gz`, zlib.gzipSync(BUNDLE))
    const srv = await startTestServer({ staticDir: portal, env: { CORS_ORIGINS: ORIGIN } })
    const api = new Client(srv.baseUrl)
    return { srv, api }
  }, async () => {
    fs.rmSync(portal, { recursive: true, force: true })
  })

  describe('security headers', () => {
    it('an API response is nosniff, not framable, sends no referrer and is never cached', async () => {
      for (const r of [await t.api.get('/api/health'), await t.api.get('/api/v1/me'), await t.api.get('/api/v1/nothing-here')]) {
        expect(r.headers.get('x-content-type-options')).toBe('nosniff')
        expect(r.headers.get('x-frame-options')).toBe('DENY')
        expect(r.headers.get('referrer-policy')).toBe('no-referrer')
        expect(r.headers.get('cache-control')).toBe('no-store')
        expect(r.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'")
      }
    })

    it('an authenticated answer carrying personal data is not cached either', async () => {
      const r = await (await t.api.login('resident1')).get('/api/v1/me')
      expect(r.status).toBe(200)
      expect(r.headers.get('cache-control')).toBe('no-store')
      expect(r.headers.get('x-frame-options')).toBe('DENY')
    })

    it('the portal is nosniff, not framable and sends no referrer, keeping its own caching', async () => {
      const r = await t.api.get('/')
      expect(r.status).toBe(200)
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('x-frame-options')).toBe('DENY')
      expect(r.headers.get('referrer-policy')).toBe('no-referrer')
      expect(r.headers.get('cache-control')).toBe('no-cache')
    })

    it('the API docs viewer keeps its asset caching and may load its own scripts', async () => {
      const html = await t.api.get('/api/docs')
      expect(html.headers.get('x-frame-options')).toBe('DENY')
      expect(html.headers.get('content-security-policy')).toBeNull()
      const css = await t.api.get('/api/docs/swagger-ui.css')
      expect(css.headers.get('cache-control')).toBe('public, max-age=86400')
      expect(css.headers.get('x-content-type-options')).toBe('nosniff')
    })
  })

  describe('CORS for the configured origins (CORS_ORIGINS)', () => {
    it('a preflight from an allowed origin is answered 204 with the methods and the headers the API needs', async () => {
      const r = await t.api.request('OPTIONS', '/api/v1/notices', undefined, {
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
      const ok = await t.api.get('/api/health', { origin: ORIGIN })
      expect(ok.status).toBe(200)
      expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN)
      const me = await (await t.api.login('resident1')).get('/api/v1/me', { origin: ORIGIN })
      expect([me.status, me.headers.get('access-control-allow-origin')]).toEqual([200, ORIGIN])
      // The browser must be able to read a 401 to refresh the token.
      const anon = await t.api.get('/api/v1/me', { origin: ORIGIN })
      expect([anon.status, anon.headers.get('access-control-allow-origin')]).toEqual([401, ORIGIN])
    })

    it('an allowed origin may read the request id, Retry-After and Idempotent-Replayed, on success and on an error', async () => {
      for (const r of [await t.api.get('/api/health', { origin: ORIGIN }), await t.api.get('/api/v1/me', { origin: ORIGIN })]) {
        const exposed = r.headers.get('access-control-expose-headers')!.toLowerCase().split(/,\s*/)
        expect(exposed).toEqual(expect.arrayContaining(['x-request-id', 'retry-after', 'idempotent-replayed']))
      }
      expect((await t.api.get('/api/health', { origin: 'http://evil.example' })).headers.get('access-control-expose-headers')).toBeNull()
    })

    it('another origin gets no CORS headers, on a preflight or a request, and is not answered 204', async () => {
      for (const origin of ['http://evil.example', 'http://portal.example.evil.example', 'https://portal.example', 'null']) {
        const pre = await t.api.request('OPTIONS', '/api/v1/notices', undefined, { origin, 'access-control-request-method': 'POST' })
        expect(pre.status).not.toBe(204)
        expect(pre.headers.get('access-control-allow-origin')).toBeNull()
        expect(pre.headers.get('access-control-allow-headers')).toBeNull()
        const r = await t.api.get('/api/health', { origin })
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
      const r = await t.api.request('POST', '/api/v1/auth/dev', body, { 'content-type': 'application/json' })
      expect(r.status).toBe(413)
      expect(r.body).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1024 KB') }, requestId: expect.any(String) })
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
    })

    it('a body of exactly the limit is read and validated (400 naming the field), not refused', async () => {
      const r = await t.api.request('POST', '/api/v1/auth/dev', bodyOf(LIMIT), { 'content-type': 'application/json' })
      expect(r.status).toBe(400)
      expect(r.body.error.code).toBe('VALIDATION_FAILED')
    })

    it('an oversized body sent in chunks without a Content-Length is cut off with 413 as well', async () => {
      const chunk = Buffer.alloc(64 * 1024, 'x')
      const chunks = [Buffer.from('{"username":"'), ...Array.from({ length: 20 }, () => chunk), Buffer.from('"}')]
      const r = await postChunked(t.srv.baseUrl, '/api/v1/auth/dev', chunks)
      expect(r.status).toBe(413)
      expect(r.body.error.code).toBe('PAYLOAD_TOO_LARGE')
    })

    it('an oversized body on an authenticated route is refused before it is read, with the same 413', async () => {
      const committee = await t.api.login('committee1')
      const r = await committee.post('/api/v1/notices', { title: '超大公告', body: 'x'.repeat(LIMIT), importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] } })
      expect([r.status, r.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE'])
      expect(await t.srv.deps.db.notice.count({ where: { title: '超大公告' } })).toBe(0)
    })
  })

  describe('the portal page: a strict CSP that hashes its own inline scripts', () => {
    it('allows scripts only from the origin and the inline scripts of the page, by hash; no eval, no plugins, no framing', async () => {
      const r = await t.api.get('/')
      const csp = Object.fromEntries(r.headers.get('content-security-policy')!.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1)]))
      expect(csp['script-src']).toEqual(["'self'", `'sha256-${sha256(REM_SCRIPT)}'`])
      expect(csp).toMatchObject({
        'default-src': ["'self'"], 'object-src': ["'none'"], 'base-uri': ["'self'"], 'frame-ancestors': ["'none'"], 'form-action': ["'self'"],
        'connect-src': ["'self'", 'blob:'], 'img-src': ["'self'", 'data:', 'blob:'],
      })
      expect(r.headers.get('content-security-policy')).not.toContain('unsafe-eval')
    })

    it('follows a rebuild: a page with another inline script gets the hash of that script at once', async () => {
      const other = 'window.__rebuilt=true;'
      fs.writeFileSync(path.join(portal, 'index.html'), pageWith(other))
      try {
        const csp = (await t.api.get('/index.html')).headers.get('content-security-policy')!
        expect(csp).toContain(`'sha256-${sha256(other)}'`)
        expect(csp).not.toContain(sha256(REM_SCRIPT))
      } finally {
        fs.writeFileSync(path.join(portal, 'index.html'), pageWith(REM_SCRIPT))
      }
    })
  })

  describe('HSTS only over HTTPS, and docs only where enabled', () => {
    let proxied: TestServer
    let documented: TestServer
    beforeAll(async () => {
      const production = { NODE_ENV: 'production', LOG_LEVEL: 'silent', TRUST_PROXY: '1' }
      ;[proxied, documented] = await Promise.all([
        startTestServer({ seed: 'none', env: production }),
        startTestServer({ seed: 'none', env: { ...production, API_DOCS: 'true', HSTS_MAX_AGE_SECONDS: '0' } }),
      ])
    })
    afterAll(async () => {
      await Promise.all([proxied?.close(), documented?.close()])
    })

    it('Strict-Transport-Security goes to requests that reached our trusted proxy over HTTPS, never over plain HTTP or on a claim', async () => {
      const c = new Client(proxied.baseUrl)
      for (const p of ['/api/health', '/api/v1/nothing-here', '/api/v1/me']) {
        const r = await c.get(p, { 'x-forwarded-proto': 'https' })
        expect([p, r.headers.get('strict-transport-security')]).toEqual([p, 'max-age=31536000; includeSubDomains'])
      }
      expect((await new Client(proxied.baseUrl).get('/api/health')).headers.get('strict-transport-security')).toBeNull()
      expect((await new Client(proxied.baseUrl).get('/api/health', { 'x-forwarded-proto': 'http' })).headers.get('strict-transport-security')).toBeNull()
      expect(t.srv.config.trustProxyHops).toBe(0)
      expect((await t.api.get('/', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBeNull()
      expect((await new Client(documented.baseUrl).get('/api/health', { 'x-forwarded-proto': 'https' })).headers.get('strict-transport-security')).toBeNull()
    })

    it('in production the API document and its viewer are an unknown route (404 in the envelope) unless API_DOCS=true', async () => {
      const c = new Client(proxied.baseUrl)
      for (const p of ['/api/openapi.json', '/api/docs', '/api/docs/init.js', '/api/docs/swagger-ui.css']) {
        const r = await c.get(p)
        expect([p, r.status, r.body?.error?.code]).toEqual([p, 404, 'ROUTE_NOT_FOUND'])
      }
      const on = new Client(documented.baseUrl)
      expect((await on.get('/api/openapi.json')).body.openapi).toBe('3.1.0')
      expect((await on.get('/api/docs')).status).toBe(200)
    })
  })

  describe('wrong methods and unknown routes answer in the error envelope', () => {
    const envelope = (code: string) => ({ error: expect.objectContaining({ code, message: expect.any(String) }), requestId: expect.any(String) })

    it('a known route with another method is 405 METHOD_NOT_ALLOWED with an Allow header; OPTIONS still lists the methods', async () => {
      const r = await t.api.request('DELETE', '/api/v1/me')
      expect(r.status).toBe(405)
      expect(r.body).toEqual(envelope('METHOD_NOT_ALLOWED'))
      expect(r.headers.get('allow')!.split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'HEAD']))
      expect(r.body.error.details.allow).toEqual(expect.arrayContaining(['GET', 'HEAD']))
      expect(r.headers.get('content-type')).toMatch(/application\/json/)
      // OPTIONS without CORS still lists the methods.
      const options = await t.api.request('OPTIONS', '/api/v1/me')
      expect([options.status, options.headers.get('allow')]).toEqual([200, expect.stringContaining('GET')])
    })

    it('an unknown route is 404 ROUTE_NOT_FOUND and a method no route knows is 501 NOT_IMPLEMENTED', async () => {
      const unknown = await t.api.request('POST', '/api/v1/nothing-here', {})
      expect([unknown.status, unknown.body]).toEqual([404, envelope('ROUTE_NOT_FOUND')])
      for (const p of ['/api/v1/me', '/api/v1/nothing-here']) {
        const r = await t.api.request('PROPFIND', p)
        expect([p, r.status, r.body]).toEqual([p, 501, envelope('NOT_IMPLEMENTED')])
      }
    })
  })

  describe('compression', () => {
    it('a large JSON response is brotli or gzip as Accept-Encoding allows, the same JSON either way, and varies on it', async () => {
      const plain = await rawRequest(t.srv.baseUrl, '/api/openapi.json')
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.body.length).toBeGreaterThan(10_000)
      const cases = [['br', 'gzip, deflate, br', zlib.brotliDecompressSync], ['gzip', 'gzip, br;q=0', zlib.gunzipSync], ['br', 'br', zlib.brotliDecompressSync]] as const
      for (const [encoding, accept, inflate] of cases) {
        const r = await rawRequest(t.srv.baseUrl, '/api/openapi.json', { 'accept-encoding': accept })
        expect([accept, r.headers['content-encoding']]).toEqual([accept, encoding])
        expect(r.headers.vary).toMatch(/Accept-Encoding/i)
        expect(Number(r.headers['content-length'])).toBe(r.body.length)
        expect(r.body.length).toBeLessThan(plain.body.length / 4)
        expect(JSON.parse(inflate(r.body).toString())).toEqual(JSON.parse(plain.body.toString()))
      }
      expect((await rawRequest(t.srv.baseUrl, '/api/openapi.json', { 'accept-encoding': 'identity' })).headers['content-encoding']).toBeUndefined()
      const small = await rawRequest(t.srv.baseUrl, '/api/health', { 'accept-encoding': 'br' })
      expect([small.status, small.headers['content-encoding']]).toEqual([200, undefined])
    })

    it('a portal asset goes out as the precompressed sibling from the build, with Vary and its length, never a stale sibling', async () => {
      const file = path.join(portal, 'js', 'app.0123abcd.js')
      for (const [accept, encoding, sibling] of [['gzip, deflate, br', 'br', '.br'], ['gzip', 'gzip', '.gz']] as const) {
        const r = await rawRequest(t.srv.baseUrl, '/js/app.0123abcd.js', { 'accept-encoding': accept })
        expect([accept, r.status, r.headers['content-encoding']]).toEqual([accept, 200, encoding])
        expect(r.body.equals(fs.readFileSync(file + sibling))).toBe(true)
        expect(Number(r.headers['content-length'])).toBe(fs.statSync(file + sibling).size)
        expect(r.headers['content-type']).toMatch(/javascript/)
        expect(r.headers.vary).toMatch(/Accept-Encoding/i)
        expect(r.headers['cache-control']).toContain('immutable')
      }
      const plain = await rawRequest(t.srv.baseUrl, '/js/app.0123abcd.js')
      expect([plain.headers['content-encoding'], plain.body.toString()]).toEqual([undefined, BUNDLE])
      expect(plain.headers.vary).toMatch(/Accept-Encoding/i)

      // A sibling older than its asset (a build that skipped precompression) is not served.
      const past = new Date(Date.now() - 60_000)
      fs.utimesSync(`${file}.br`, past, past)
      try {
        const r = await rawRequest(t.srv.baseUrl, '/js/app.0123abcd.js', { 'accept-encoding': 'br' })
        expect(r.headers['content-encoding']).toBeUndefined()
        expect(r.body.toString()).toBe(BUNDLE)
      } finally {
        fs.utimesSync(`${file}.br`, new Date(), new Date())
      }
    })
  })
})
