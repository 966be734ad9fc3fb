import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { profileField } from '../../src/core/crypto.ts'
import { idCheckChar } from '../../src/core/pii.ts'
import { signAccessToken } from '../../src/core/tokens.ts'
import { Client } from '../support/client.ts'
import { storedIdNumber } from '../support/factories.ts'
import { fillPath, loadOperations, mapLimited, opName, rawRequest, type Operation } from '../support/openapi.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

/**
 * No unmasked ID number or mobile number in any answer of any GET operation of the OpenAPI
 * document, for every resident and every staff account, with the demo's real ids in the paths and
 * every enumerated query value. The exceptions are explicit: a resident's own data export
 * (GET /me/data) holds their own values, and POST /residents/:id/reveal gives them to the person
 * themselves and to the staff whose work needs them (tested below, with who is refused).
 */

/** Answers that may carry the caller's own unmasked values (never anyone else's). */
const OWN_DATA = new Set(['GET /api/v1/me/data'])

// An 18-character ID number or an 11-digit mainland mobile, not part of a longer token.
const ID_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g
const PHONE_RE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g

let srv: TestServer
let gets: Operation[]
const tokens: Record<string, string> = {}
/** Every resident's unmasked values, by username. */
const secrets = new Map<string, { idNumber: string; phone: string }>()
/** Values a user typed in themselves (an identity claim), which their own export may repeat. */
const typed = new Map<string, string[]>()
const pathIds: Record<string, (string | number)[]> = {}

const as = (user: string) => new Client(srv.baseUrl, tokens[user])

beforeAll(async () => {
  srv = await startTestServer()
  const { db, cipher } = srv.deps
  for (const u of await db.user.findMany({ include: { profile: true } })) {
    if (!u.username) continue
    tokens[u.username] = signAccessToken(srv.config, u.id, u.sessionVersion)
    if (u.profile?.idNumberCipher && u.profile.phoneCipher) {
      secrets.set(u.username, { idNumber: await storedIdNumber(srv.deps, u.id), phone: cipher.open(u.profile.phoneCipher, profileField.phone(u.id)) })
    }
  }
  expect(secrets.size).toBe(20)

  // Data that puts personal data near the answers: a pending request, an identity claim typed with
  // a neighbour's full ID number, reveals and an export in the audit log, read receipts, messages.
  const household = await db.household.findFirstOrThrow({ where: { gridId: srv.demo!.gridIds[0], bindings: { none: {} } } })
  await as('resident5').post('/api/v1/me/households', { householdId: household.id, relation: 'family' })
  await as('resident3').put('/api/v1/me/profile', { realName: '冒名者', idNumber: secrets.get('resident4')!.idNumber, consent: true })
  typed.set('resident3', [secrets.get('resident4')!.idNumber])
  await as('committee1').post(`/api/v1/residents/${srv.demo!.residentIds.resident1}/reveal`, { fields: ['idNumber', 'phone'], reason: '核实身份' })
  await as('resident1').get('/api/v1/me/data')
  const notices = await db.notice.findMany({ select: { id: true } })
  for (const n of notices) await as('resident1').get(`/api/v1/notices/${n.id}`)

  const bindings = await db.householdBinding.findMany({ include: { household: true } })
  pathIds['/api/v1/notices'] = notices.map((n) => n.id)
  pathIds['/api/v1/households'] = [...new Set(bindings.map((b) => b.householdId))]
  pathIds['/api/v1/buildings'] = [...new Set(bindings.map((b) => b.household.buildingId))]
  pathIds['/api/v1/communities'] = srv.demo!.communityIds
  gets = (await loadOperations(srv.baseUrl)).filter((op) => op.method === 'GET' && !op.pathParams.some((p) => p.name === 'key'))
})
afterAll(async () => srv.close())

/** Every request the walk makes for one operation: each known id, and each enumerated query value. */
function requestsOf(op: Operation): string[] {
  const prefix = op.path.slice(0, op.path.indexOf('/{'))
  const ids = op.pathParams.length ? (pathIds[prefix] ?? Array.from({ length: 20 }, (_, i) => i + 1)) : [0]
  const queries = ['', ...op.queryParams.flatMap((p) => [
    ...(p.name === 'limit' ? [`limit=${p.schema.maximum ?? 100}`] : []),
    ...((p.schema.enum ?? []) as string[]).map((v) => `${p.name}=${encodeURIComponent(v)}`),
  ])]
  return ids.flatMap((id) => queries.map((q) => `${fillPath(op.path, Object.fromEntries(op.pathParams.map((p) => [p.name, String(id)])))}${q ? `?${q}` : ''}`))
}

/** Unmasked values in an answer that the caller may not see there. */
function leaks(text: string, user: string, ownAllowed: boolean): string[] {
  const own = secrets.get(user)
  const allowed = new Set(ownAllowed && own ? [own.idNumber, own.phone, ...(typed.get(user) ?? [])] : [])
  const found: string[] = []
  for (const [who, s] of secrets) {
    for (const v of [s.idNumber, s.phone]) if (!allowed.has(v) && text.includes(v)) found.push(`${who}'s ${v === s.phone ? 'phone' : 'ID number'}`)
  }
  for (const m of text.match(ID_RE) ?? []) if (!allowed.has(m) && idCheckChar(m.slice(0, 17)) === m[17].toUpperCase()) found.push(`an ID number ${m}`)
  for (const m of text.match(PHONE_RE) ?? []) if (!allowed.has(m)) found.push(`a mobile number ${m}`)
  return [...new Set(found)]
}

describe('no unmasked ID or mobile number in any GET answer', () => {
  it('walks every GET operation as every resident and staff account', { timeout: 120_000 }, async () => {
    const users = Object.keys(tokens)
    const runs = gets.flatMap((op) => requestsOf(op).map((path) => ({ op, path }))).flatMap((r) => users.map((user) => ({ ...r, user })))
    expect(runs.length).toBeGreaterThan(2_000)
    let answered = 0
    const problems = await mapLimited(runs, 8, async ({ op, path, user }) => {
      const res = await rawRequest(srv.baseUrl, { method: 'GET', path, headers: { authorization: `Bearer ${tokens[user]}` } })
      if (res.status === 200) answered++
      const found = leaks(res.text, user, OWN_DATA.has(opName(op)))
      return found.length ? `${path} as ${user}: ${found.join(', ')}` : null
    })
    expect(problems.filter(Boolean)).toEqual([])
    expect(answered).toBeGreaterThan(1_000)
  })

  it("GET /me/data is the resident's own complete copy: their own values, nobody else's", async () => {
    for (const user of ['resident1', 'resident3', 'resident16']) {
      const res = await as(user).get('/api/v1/me/data')
      expect(res.status).toBe(200)
      const text = JSON.stringify(res.body)
      expect(text).toContain(secrets.get(user)!.phone)
      expect(leaks(text, user, true)).toEqual([])
    }
  })
})

describe('POST /residents/:id/reveal: unmasked values only for the person and the staff whose work needs them', () => {
  const reveal = (user: string, resident: string, fields: string[]) =>
    as(user).post(`/api/v1/residents/${srv.demo!.residentIds[resident]}/reveal`, { fields, reason: '上门核实' })

  it('gives residents their own values and nobody else’s', async () => {
    const own = await reveal('resident1', 'resident1', ['idNumber', 'phone'])
    expect(own.body.data).toEqual(secrets.get('resident1'))
    for (const [user, target] of [['resident2', 'resident1'], ['resident16', 'resident1'], ['resident1', 'resident16']]) {
      const r = await reveal(user, target, ['idNumber', 'phone', 'realName'])
      expect([403, 404], `${user} → ${target}`).toContain(r.status)
      expect(leaks(JSON.stringify(r.body), user, false)).toEqual([])
    }
  })

  it('gives committee staff of the community everything, grid staff over the household name and phone only, everyone else nothing', async () => {
    expect((await reveal('committee1', 'resident1', ['idNumber'])).body.data.idNumber).toBe(secrets.get('resident1')!.idNumber)
    expect((await reveal('grid1', 'resident1', ['phone'])).body.data.phone).toBe(secrets.get('resident1')!.phone)
    expect((await reveal('leader1', 'resident1', ['phone'])).body.data.phone).toBe(secrets.get('resident1')!.phone)
    const refused: [string, string, string[]][] = [
      ['grid1', 'resident1', ['idNumber']], ['leader1', 'resident1', ['idNumber']], ['grid2', 'resident1', ['phone']],
      ['committee1', 'resident16', ['idNumber']], ['grid1', 'resident16', ['phone']], ['dept1', 'resident1', ['phone']],
    ]
    for (const [user, target, fields] of refused) {
      const r = await reveal(user, target, fields)
      expect([403, 404], `${user} → ${target} ${fields}`).toContain(r.status)
      expect(leaks(JSON.stringify(r.body), user, false)).toEqual([])
    }
  })
})
