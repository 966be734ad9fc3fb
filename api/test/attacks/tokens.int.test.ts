import { createHmac, generateKeyPairSync, sign as cryptoSign } from 'node:crypto'
import jwt from 'jsonwebtoken'
import { describe, expect, it } from 'vitest'
import { Client } from '../support/client.ts'
import { useFixture } from '../support/fixture.ts'
import { contractProblem, fillPath, loadOperations, mapLimited, opName, rawRequest, sampleOf, type Operation } from '../support/openapi.ts'
import { startTestServer } from '../support/server.ts'

/**
 * Forged and misused bearer tokens: every one is 401 in the error envelope on every operation
 * that needs a login, never 200 and never 500. A real token is decoded and changed one claim or
 * header at a time, so each forgery differs from a valid token in exactly the way it names.
 */

const b64 = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url')
const AUTH_ERRORS = ['UNAUTHENTICATED', 'INVALID_TOKEN', 'TOKEN_EXPIRED', 'ACCOUNT_DISABLED', 'SESSION_REVOKED']

/** A JWS with any header, payload and signature function (for what jsonwebtoken refuses to sign). */
function craft(header: object, payload: object, signWith?: (data: string) => Buffer): string {
  const data = `${b64(header)}.${b64(payload)}`
  return `${data}.${signWith ? signWith(data).toString('base64url') : ''}`
}

const forged: { name: string; header: string }[] = []

const t = useFixture(async () => {
  const srv = await startTestServer()
  const api = new Client(srv.baseUrl)
  const secured: Operation[] = (await loadOperations(srv.baseUrl)).filter((op) => op.secured)

  const genuine = (await srv.as('resident1')).token!
  const claims: jwt.JwtPayload = jwt.decode(genuine) as jwt.JwtPayload
  const secret = srv.config.jwtSecret
  const hmac = (alg: 'sha256' | 'sha384' | 'sha512', key: string | Buffer = secret) => (data: string) => createHmac(alg, key).update(data).digest()
  const withClaims = (changes: Record<string, unknown>) => {
    const p: Record<string, unknown> = { ...claims, ...changes }
    for (const [k, v] of Object.entries(changes)) if (v === undefined) delete p[k]
    return p
  }
  const ours = (changes: Record<string, unknown>) => craft({ alg: 'HS256', typ: 'JWT' }, withClaims(changes), hmac('sha256'))
  const now = Math.floor(Date.now() / 1000)
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const noExpiry: string = ours({ exp: undefined })
  const admin = (await srv.as('admin')).token!
  const [h, p] = genuine.split('.')
  const pair = (await api.post('/api/v1/auth/dev', { username: 'resident1' })).body.data as { accessToken: string; refreshToken: string }

  const bearer: [string, string][] = [
    ['alg none, no signature', craft({ alg: 'none', typ: 'JWT' }, claims)],
    ['alg NONE, no signature', craft({ alg: 'NONE', typ: 'JWT' }, claims)],
    ['alg none with the real signature kept', `${b64({ alg: 'none', typ: 'JWT' })}.${p}.${genuine.split('.')[2]}`],
    ['HS256 signed with another key', craft({ alg: 'HS256', typ: 'JWT' }, claims, hmac('sha256', 'another-secret-0123456789abcdefghijkl'))],
    ['HS256 signed with an empty key', craft({ alg: 'HS256', typ: 'JWT' }, claims, hmac('sha256', ''))],
    ['HS384 signed with the real secret', craft({ alg: 'HS384', typ: 'JWT' }, claims, hmac('sha384'))],
    ['HS512 signed with the real secret', craft({ alg: 'HS512', typ: 'JWT' }, claims, hmac('sha512'))],
    ['RS256 header, HMAC of the secret as signature (key confusion)', craft({ alg: 'RS256', typ: 'JWT' }, claims, hmac('sha256'))],
    ['RS256 signed with an attacker key', craft({ alg: 'RS256', typ: 'JWT' }, claims, (d) => cryptoSign('sha256', Buffer.from(d), rsa.privateKey))],
    ['RS256 with the attacker key embedded (jwk header)', craft({ alg: 'RS256', typ: 'JWT', jwk: rsa.publicKey.export({ format: 'jwk' }) }, claims, (d) => cryptoSign('sha256', Buffer.from(d), rsa.privateKey))],
    ['ES256 signed with an attacker key', craft({ alg: 'ES256', typ: 'JWT' }, claims, (d) => cryptoSign('sha256', Buffer.from(d), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' }))],
    ['kid and jku pointing elsewhere, another key', craft({ alg: 'HS256', typ: 'JWT', kid: '../../dev/null', jku: 'http://evil.example/jwks' }, claims, hmac('sha256', ''))],
    ['typ refresh', ours({ typ: 'refresh' })],
    ['typ missing', ours({ typ: undefined })],
    ['typ ACCESS (case)', ours({ typ: 'ACCESS' })],
    ['wrong issuer', ours({ iss: 'someone-else' })],
    ['issuer missing', ours({ iss: undefined })],
    ['wrong audience', ours({ aud: 'linlitong-admin' })],
    ['audience missing', ours({ aud: undefined })],
    ['expired', ours({ iat: now - 3600, exp: now - 60 })],
    ['not valid before a future time', ours({ nbf: now + 3600 })],
    ['sub of a user that does not exist', ours({ sub: '999999' })],
    ['sub not numeric', ours({ sub: 'admin' })],
    ['sub with trailing text', ours({ sub: `${claims.sub}abc` })],
    ['sub zero', ours({ sub: '0' })],
    ['sub negative', ours({ sub: '-1' })],
    ['sub fractional', ours({ sub: '1.5' })],
    ['sub missing', ours({ sub: undefined })],
    ['sub beyond a safe integer', ours({ sub: '9007199254740993' })],
    ['session version from the future', ours({ sv: Number(claims.sv ?? 0) + 1 })],
    ['session version not a number', ours({ sv: '0' })],
    ['session version missing', ours({ sv: undefined })],
    ["resident1's payload with admin's signature", `${h}.${p}.${admin.split('.')[2]}`],
    ["resident1's signature over admin's id", `${h}.${b64({ ...claims, sub: String(srv.demo!.staffIds.admin) })}.${genuine.split('.')[2]}`],
    ['signature stripped', `${h}.${p}.`],
    ['header and payload only', `${h}.${p}`],
    ['the refresh token (opaque string) as bearer', pair.refreshToken],
    ['garbage', 'not-a-token'],
    ['three dots', '...'],
    ['base64 noise in three parts', 'eyJhbGciOi.eyJzdWIiOi.c2lnbmF0dXJl'],
    ['a 10 KB token', `${h}.${b64('x'.repeat(10_000))}.x`],
  ]
  for (const [name, token] of bearer) forged.push({ name, header: `Bearer ${token}` })
  forged.push(
    { name: 'an empty Bearer', header: 'Bearer ' },
    { name: 'Bearer and spaces only', header: 'Bearer     ' },
    { name: 'two tokens', header: `Bearer ${genuine} ${genuine}` },
    { name: 'Basic scheme', header: `Basic ${Buffer.from('admin:Linli@2026').toString('base64')}` },
    { name: 'token without a scheme', header: genuine },
    { name: 'Token scheme', header: `Token ${genuine}` },
  )
  return { srv, api, secured, claims, noExpiry }
})

describe('forged and misused bearer tokens', () => {
  it('the genuine token the forgeries start from works (so each 401 below is about its one change)', async () => {
    const r = await rawRequest(t.srv.baseUrl, { method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${(await t.srv.as('resident1')).token}` } })
    expect(r.status).toBe(200)
    expect(forged.length).toBeGreaterThan(40)
  })

  it('every forgery is 401 in the envelope on every operation that needs a login', async () => {
    const runs = t.secured.flatMap((op) => forged.map((f) => ({ op, f })))
    const problems = await mapLimited(runs, 8, async ({ op, f }) => {
      const body = op.method === 'GET' ? undefined : JSON.stringify(op.body ? sampleOf(op.body) : {})
      const res = await rawRequest(t.srv.baseUrl, {
        method: op.method,
        path: fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, String(sampleOf(p.schema))]))),
        headers: { authorization: f.header, ...(body ? { 'content-type': 'application/json' } : {}) },
        body,
      })
      const broken = contractProblem(res)
      if (broken) return `${opName(op)} · ${f.name}: ${broken}`
      if (res.status !== 401 || !AUTH_ERRORS.includes(res.json?.error?.code)) return `${opName(op)} · ${f.name}: ${res.status} ${res.text.slice(0, 160)}`
      return null
    })
    expect(problems.filter(Boolean)).toEqual([])
  })

  it('an expired token says TOKEN_EXPIRED; every other forgery says nothing about why it failed beyond "invalid"', async () => {
    const codes = new Map<string, string>()
    for (const f of forged) {
      const r = await rawRequest(t.srv.baseUrl, { method: 'GET', path: '/api/v1/me', headers: { authorization: f.header } })
      codes.set(f.name, r.json?.error?.code)
    }
    expect(codes.get('expired')).toBe('TOKEN_EXPIRED')
    expect(codes.get('the refresh token (opaque string) as bearer')).toBe('INVALID_TOKEN')
    expect(codes.get('alg none, no signature')).toBe('INVALID_TOKEN')
    expect(codes.get('HS256 signed with another key')).toBe('INVALID_TOKEN')
  })

  it('a token signed with our key but without an expiry is refused: it would never expire', async () => {
    const r = await rawRequest(t.srv.baseUrl, { method: 'GET', path: '/api/v1/me', headers: { authorization: `Bearer ${t.noExpiry}` } })
    expect([r.status, r.json.error?.code]).toEqual([401, 'INVALID_TOKEN'])
  })

  it('an access token is not a refresh token, and a forged refresh token is refused', async () => {
    const access = (await t.srv.as('resident1')).token!
    for (const refreshToken of [access, 'x'.repeat(20), 'x'.repeat(200), `${'A'.repeat(43)}`]) {
      const r = await rawRequest(t.srv.baseUrl, { method: 'POST', path: '/api/v1/auth/refresh', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken }) })
      expect(contractProblem(r)).toBeNull()
      expect([400, 401]).toContain(r.status)
    }
  })
})
