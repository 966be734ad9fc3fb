import { afterAll, describe, expect, it } from 'vitest'
import { signAccessToken } from '../../src/core/tokens.ts'
import { createResident, createStaff, freshIdNumber } from '../support/factories.ts'
import { FakeWechat } from '../support/fakeWechat.ts'
import {
  contractProblem, fillPath, loadOperations, mapLimited, objectSchemaOf, opName, rawRequest, sampleOf, typesOf,
  type JsonSchema, type Operation, type RawRequest,
} from '../support/openapi.ts'
import { startTestServer } from '../support/server.ts'

/**
 * Every operation of /api/openapi.json, as nobody, a resident, committee staff and an admin, with
 * malformed ids, wrong query types, wrong and huge and deeply nested bodies, prototype-pollution
 * keys, malformed JSON and wrong content types. Whatever arrives, the API answers below 500 and
 * every 4xx is the error envelope. Routes added later are fuzzed without anyone listing them.
 */

const LIMIT = 1024 * 1024 // jsonBody()'s default in middleware/body.ts
const KB200 = 'x'.repeat(200 * 1024)
const JSON_TYPE = { 'content-type': 'application/json' }
const POLLUTION = '{"llt_polluted":"yes"}'

type Case = Omit<RawRequest, 'method'> & {
  name: string
  /** The status (and code) every caller must get, when the case fixes it. */
  expect?: { status: number; code?: string }
  /**
   * Refused before any handler runs, whoever sends it: also sent as the demo accounts. Every other
   * case may be valid enough to act (delete an account, disable a user), so only throwaway
   * accounts made for the operation send it.
   */
  safe?: boolean
}

const nested = (depth: number, open: string, close: string, inner = '1') => open.repeat(depth) + inner + close.repeat(depth)
const deepObject = (depth: number) => nested(depth, '{"a":', '}')
const deepArray = (depth: number) => nested(depth, '[', ']')

/** Path values no route may choke on (already encoded for the request line where needed). */
const BAD_PATH_VALUES = [
  'abc', '-1', '0', '1e99', '9999999999999', '99999999999999999999999', '1.5', '0x10', '%201', 'null', '__proto__', 'constructor',
  '%00', '%', '%E0%A4%A', '%F0%9F%98%80', '..%2F..%2Fetc%2Fpasswd', '../../etc/passwd', '..', '%2e%2e', '1%2F2', '%3Cscript%3E', 'x'.repeat(4000),
]

/** Query values of every wrong kind (encoded). */
const BAD_QUERY_VALUES = [
  'abc', '-1', '0', '1e99', '99999999999999999999', '1.5', '', 'true', '%00', '%E0%A4%A', 'x'.repeat(8000), '%5B%5D',
  Buffer.from('i:999999999999999999').toString('base64url'), Buffer.from('i:-1').toString('base64url'), Buffer.from('x:1').toString('base64url'),
]

const MALFORMED_JSON: (string | Buffer)[] = [
  '{', '{"a":}', "{'a':1}", '{"a":1}x', 'NaN', '\u0000', '\ufeff{}', '[', '['.repeat(100_000), Buffer.from([0xff, 0xfe, 0x7b, 0x7d]), '{"a":"\\ud800"',
]

/** Values of JSON types other than the ones a field accepts. */
function wrongValues(schema: JsonSchema): unknown[] {
  const types = typesOf(schema)
  const candidates: [string, unknown][] = [['string', 'llt'], ['integer', 12345], ['boolean', true], ['null', null], ['array', [1]], ['object', { a: 1 }]]
  return candidates.filter(([t]) => !types.includes(t) && !(t === 'integer' && types.includes('number'))).map(([, v]) => v)
}

/** The request line's path for one case, with the sensible value of each path parameter. */
function sensiblePath(op: Operation, override: Record<string, string> = {}) {
  const values = Object.fromEntries(op.pathParams.map((p) => [p.name, String(sampleOf(p.schema))]))
  return fillPath(op.path, { ...values, ...override })
}

/** Every fuzz case of one operation. */
function casesOf(op: Operation): Case[] {
  const cases: Case[] = []
  const path = sensiblePath(op)
  const hasBody = op.method !== 'GET'
  const sample = op.body ? sampleOf(op.body) : undefined
  const sampleJson = sample === undefined ? undefined : JSON.stringify(sample)
  const withBody = (body: string | Buffer | undefined, headers: Record<string, string> = JSON_TYPE) =>
    hasBody && body !== undefined ? { body, headers } : {}

  for (const p of op.pathParams) {
    for (const bad of BAD_PATH_VALUES) {
      cases.push({ name: `path ${p.name}=${bad.slice(0, 40)}`, path: sensiblePath(op, { [p.name]: bad }), ...withBody(sampleJson ?? '{}') })
    }
  }

  const query = (q: string) => `${path}?${q}`
  for (const p of op.queryParams) {
    for (const bad of BAD_QUERY_VALUES) cases.push({ name: `query ${p.name}=${bad.slice(0, 40)}`, path: query(`${p.name}=${bad}`), ...withBody(sampleJson) })
    for (const q of [`${p.name}=1&${p.name}=2`, `${p.name}%5B%5D=1`, `${p.name}%5Ba%5D=1`]) cases.push({ name: `query ${q}`, path: query(q), ...withBody(sampleJson) })
  }
  for (const q of ['llt_unknown=1', '__proto__=1', '__proto__%5Bllt_polluted%5D=yes', 'constructor%5Bprototype%5D%5Bllt_polluted%5D=yes']) {
    cases.push({ name: `query ${q}`, path: query(q), ...withBody(sampleJson) })
  }

  if (hasBody) {
    for (const body of MALFORMED_JSON) {
      cases.push({ name: `malformed JSON ${JSON.stringify(body.toString().slice(0, 20))}`, path, body, headers: JSON_TYPE, expect: { status: 400, code: 'INVALID_JSON' }, safe: true })
    }
    const big = JSON.stringify({ a: 'x'.repeat(LIMIT) })
    cases.push({ name: 'a body over 1 MB', path, body: big, headers: JSON_TYPE, fresh: true, expect: { status: 413, code: 'PAYLOAD_TOO_LARGE' }, safe: true })
    cases.push({ name: 'a body over 1 MB sent in chunks, without a length', path, body: big, headers: { ...JSON_TYPE, 'transfer-encoding': 'chunked' }, fresh: true, expect: { status: 413 }, safe: true })
    // Content types: a JSON route refuses all but JSON (415); a route that reads the request
    // itself (uploads) gets them too.
    const text = sampleJson ?? '{}'
    for (const [ct, body] of [
      ['text/plain', text], ['application/x-www-form-urlencoded', 'a=1&__proto__[x]=1'], ['multipart/form-data; boundary=llt', `--llt\r\nContent-Disposition: form-data; name="json"\r\nContent-Type: application/json\r\n\r\n${text}\r\n--llt--\r\n`],
      ['multipart/form-data', text], ['multipart/form-data; boundary=llt', '--llt\r\ngarbage'], ['multipart/form-data; boundary=llt', ''],
      ['application/merge-patch+json', text], ['application/xml', '<a/>'], ['application/json; charset=utf-16', text], ['', text],
    ] as const) {
      const json = ct === '' || ct.startsWith('application/json')
      cases.push({ name: `content-type "${ct}"`, path, body, headers: ct ? { 'content-type': ct } : {}, safe: Boolean(op.body) && !json })
    }
    cases.push({ name: 'an empty JSON body', path, body: '', headers: JSON_TYPE })
  }

  if (op.body) {
    for (const body of ['[]', '"x"', '1', 'null', 'true', '[{}]', deepObject(5_000), deepArray(5_000), deepArray(50_000)]) {
      // null is read as an empty body, which may be valid.
      cases.push({ name: `body ${body.slice(0, 20)}`, path, body, headers: JSON_TYPE, safe: body !== 'null' })
    }
    const obj = objectSchemaOf(op.body)
    const base = (typeof sample === 'object' && sample && !Array.isArray(sample) ? sample : {}) as Record<string, unknown>
    const send = (name: string, value: Record<string, unknown>, safe = false) => cases.push({ name, path, body: JSON.stringify(value), headers: JSON_TYPE, safe })
    const strict = obj?.additionalProperties === false
    for (const field of obj?.required ?? []) {
      const { [field]: _left, ...rest } = base
      send(`body without required ${field}`, rest, true)
    }
    if (strict) send('body with an extra field', { ...base, llt_extra: 1 }, true)
    for (const [field, schema] of Object.entries(obj?.properties ?? {})) {
      for (const v of wrongValues(schema)) send(`body ${field}=${JSON.stringify(v)}`, { ...base, [field]: v }, true)
      const types = typesOf(schema)
      if (types.includes('string')) {
        send(`body ${field} of 200 KB`, { ...base, [field]: KB200 }, (schema.maxLength ?? Infinity) < KB200.length)
        for (const s of ['\u0000llt', '\ud800llt', '\u202ellt', ' ']) send(`body ${field}=${JSON.stringify(s)}`, { ...base, [field]: s })
      }
      if (types.includes('integer') || types.includes('number')) {
        for (const n of [-1, 0, 1.5, 1e308, 2 ** 64, -(2 ** 63)]) send(`body ${field}=${n}`, { ...base, [field]: n })
      }
      if (types.includes('array')) send(`body ${field} of 100,000 items`, { ...base, [field]: Array(100_000).fill(1) }, (schema.maxItems ?? Infinity) < 100_000)
      const raw = (value: string) => (JSON.stringify({ ...base, [field]: 0 }).replace(`"${field}":0`, `"${field}":${value}`))
      const closed = !types.includes('object') || objectSchemaOf(schema)?.additionalProperties === false
      cases.push({ name: `body ${field} nested 5,000 deep`, path, body: raw(deepObject(5_000)), headers: JSON_TYPE, safe: closed })
      cases.push({ name: `body ${field}.__proto__`, path, body: raw(`{"__proto__":${POLLUTION},"constructor":{"prototype":${POLLUTION}}}`), headers: JSON_TYPE, safe: closed })
    }
    const strings = Object.entries(obj?.properties ?? {}).filter(([, s]) => typesOf(s).includes('string'))
    if (strings.length) send('body with 200 KB in every string field', { ...base, ...Object.fromEntries(strings.map(([f]) => [f, KB200])) }, strings.every(([, s]) => (s.maxLength ?? Infinity) < KB200.length))
    const rest = sampleJson && sampleJson !== '{}' ? `,${sampleJson.slice(1)}` : '}'
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const value = key === 'constructor' ? `{"prototype":${POLLUTION}}` : POLLUTION
      cases.push({ name: `body with a ${key} key`, path, body: `{"${key}":${value}${rest}`, headers: JSON_TYPE, safe: strict })
    }
  }
  return cases
}

type Actor = { name: string; token?: string }

// WeChat configured (a fake of its API), so the WeChat routes run their real code rather than
// answering 503 "not configured".
const wechat = await new FakeWechat().start()
const srv = await startTestServer({ env: wechat.env() })
const operations = await loadOperations(srv.baseUrl)
const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort()
afterAll(async () => {
  await srv.close()
  await wechat.stop()
})

const token = async (username: string) => (await srv.as(username)).token!

/** Throwaway accounts for cases that may act, so no operation's fuzz can change the demo accounts. */
let throwaway = 0
async function throwawayActors(): Promise<Actor[]> {
  const n = ++throwaway
  const communityId = srv.demo!.communityIds[0]
  const users = [
    await createResident(srv.deps.db, srv.deps.cipher, `fuzz_resident_${n}`, { idNumber: freshIdNumber(), realName: '测试居民' }),
    await createStaff(srv.deps.db, `fuzz_committee_${n}`, 'committee', { type: 'community', id: communityId }),
    await createStaff(srv.deps.db, `fuzz_admin_${n}`, 'admin'),
  ]
  return [{ name: 'nobody' }, ...users.map((u) => ({ name: u.username ?? String(u.id), token: signAccessToken(srv.config, u.id, u.sessionVersion) }))]
}

/** Runs every case of an operation as every actor; returns one line per broken answer. */
async function fuzz(op: Operation): Promise<string[]> {
  const demo: Actor[] = [{ name: 'nobody' }, ...(await Promise.all(['resident1', 'committee1', 'admin'].map(async (u) => ({ name: u, token: await token(u) }))))]
  const cases = casesOf(op)
  const spare = await throwawayActors()
  const runs = cases.flatMap((c) => (c.safe ? demo : spare).map((actor) => ({ c, actor })))
  const problems = await mapLimited(runs, 8, async ({ c, actor }) => {
    const headers = { ...c.headers, ...(actor.token ? { authorization: `Bearer ${actor.token}` } : {}) }
    let res
    try {
      res = await rawRequest(srv.baseUrl, { method: op.method, path: c.path, headers, body: c.body, fresh: c.fresh })
    } catch (e) {
      return `${actor.name} · ${c.name}: no answer (${(e as Error).message})`
    }
    const broken = contractProblem(res)
    if (broken) return `${actor.name} · ${c.name}: ${broken}`
    if (c.expect && (res.status !== c.expect.status || (c.expect.code && res.json?.error?.code !== c.expect.code))) {
      return `${actor.name} · ${c.name}: expected ${c.expect.status} ${c.expect.code ?? ''}, got ${res.status} ${res.text.slice(0, 200)}`
    }
    return null
  })
  return problems.filter((p): p is string => p !== null)
}

describe('fuzzing every operation of /api/openapi.json', () => {
  it('finds the operations in the document (the fuzz grows with every route added)', () => {
    expect(operations.length).toBeGreaterThan(30)
    for (const op of operations) expect(op.operationId, opName(op)).toBeTruthy()
  })

  for (const op of operations) {
    it(`${opName(op)}: no 5xx, every error in the envelope`, { timeout: 60_000 }, async () => {
      expect(await fuzz(op)).toEqual([])
    })
  }

  it('prototype-pollution keys left Object.prototype untouched, and the API still answers normally', async () => {
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore)
    expect(({} as Record<string, unknown>).llt_polluted).toBeUndefined()
    const auth = { authorization: `Bearer ${await token('resident2')}` }
    const me = await rawRequest(srv.baseUrl, { method: 'GET', path: '/api/v1/me', headers: auth })
    expect(me.status).toBe(200)
    expect(me.text).not.toContain('llt_polluted')
    const ok = await rawRequest(srv.baseUrl, { method: 'POST', path: '/api/v1/messages/read', headers: { ...auth, ...JSON_TYPE }, body: '{"all":true}' })
    expect(ok.status).toBe(200)
    const strict = await rawRequest(srv.baseUrl, { method: 'POST', path: '/api/v1/messages/read', headers: { ...auth, ...JSON_TYPE }, body: '{"all":true,"llt_polluted":"yes"}' })
    expect(strict.status).toBe(400)
    expect(strict.json.error.details.fields).toContainEqual({ field: 'llt_polluted', message: expect.any(String) })
  })

  it('a lone UTF-16 surrogate in a text field is refused with 400 naming the field (it made the audit insert fail with 500)', async () => {
    const auth = { authorization: `Bearer ${await token('resident1')}`, ...JSON_TYPE }
    const self = srv.demo!.residentIds.resident1
    const r = await rawRequest(srv.baseUrl, { method: 'POST', path: `/api/v1/residents/${self}/reveal`, headers: auth, body: '{"fields":["realName"],"reason":"\\ud800查看"}' })
    expect([r.status, r.json.error.code, r.json.error.details.fields]).toEqual([400, 'VALIDATION_FAILED', [{ field: 'reason', message: '包含无效的字符' }]])
    const paired = await rawRequest(srv.baseUrl, { method: 'POST', path: `/api/v1/residents/${self}/reveal`, headers: auth, body: '{"fields":["realName"],"reason":"\\ud83d\\ude00查看"}' })
    expect(paired.status).toBe(200)
  })
})
