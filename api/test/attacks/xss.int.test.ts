import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Parser } from 'htmlparser2'
import { describe, expect, it } from 'vitest'
import { Client } from '../support/client.ts'
import { storedIdNumber } from '../support/factories.ts'
import { useFixture } from '../support/fixture.ts'
import { loadOperations, objectSchemaOf, opName, typesOf, type JsonSchema } from '../support/openapi.ts'
import { startTestServer } from '../support/server.ts'
import { inert, PLAIN_PAYLOAD } from '../support/xss.ts'

/**
 * Stored XSS. Payloads go into every free-text field whose value comes back in an answer: the
 * notice body (the one rich-text field) comes back sanitised, with no element, attribute or URL
 * that can run script; plain-text fields come back as JSON strings, unchanged, under nosniff and a
 * CSP that forbids everything. The portal renders HTML in exactly one place, the notice body.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<svg><script>alert(1)</script></svg>',
  '<a href="javascript:alert(1)">x</a>',
  '<a href="JaVaScRiPt:alert(1)">x</a>',
  '<a href="java&#x09;script:alert(1)">x</a>',
  '<a href="&#106;avascript:alert(1)">x</a>',
  '<a href=" javascript:alert(1)">x</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<a href="vbscript:msgbox(1)">x</a>',
  '<a href="https://ok.example/" onclick="alert(1)" target="_self" rel="opener">x</a>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<body onload=alert(1)>',
  '<p style="background:url(javascript:alert(1))">x</p>',
  '<div style="width:expression(alert(1))">x</div>',
  "<style>@import 'http://evil.example/x.css'</style>",
  '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
  '<img src=/api/v1/files/../../x>',
  '<img src="/api/v1/files/..%2f..%2fsecret.png">',
  '<img src="/api/v1/files/0123456789abcdef0123456789abcdef.png" onerror="alert(1)">',
  '<img src="//evil.example/x.png">',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  '"><script>alert(1)</script>',
  '<scr<script>ipt>alert(1)</script>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<form action="javascript:alert(1)"><button>x</button></form>',
  '<object data="javascript:alert(1)"></object><embed src="javascript:alert(1)">',
  '<base href="javascript:/"><meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<link rel=stylesheet href=http://evil.example/x.css>',
  '<template><img src=x onerror=alert(1)></template>',
  '<xss onpointerover=alert(1)>x</xss>',
  '<!--<img src=x onerror=alert(1)>-->',
  '<a href="https://example.com/ok">ok</a><img src="/api/v1/files/0123456789abcdef0123456789abcdef.png" alt="ok">',
]

/** What the notice body may contain after sanitising (independent of the sanitizer's own list). */
const TAGS = new Set(['p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'h3', 'h4', 'ul', 'ol', 'li', 'blockquote', 'a', 'img', 'span'])
const ATTRS: Record<string, Set<string>> = { a: new Set(['href', 'rel', 'target']), img: new Set(['src', 'alt', 'width', 'height']) }
const HREF = /^https?:\/\/[^\s]+$/i
const IMAGE_SRC = /^\/api\/v1\/files\/[a-f0-9]{32}\.(jpg|png|webp)$/

/** Everything in a piece of HTML that could run script, load foreign content or break out. */
function unsafeMarkup(html: string): string[] {
  const found: string[] = []
  const parser = new Parser({
    onopentag(name, attrs) {
      if (!TAGS.has(name)) found.push(`<${name}>`)
      for (const [attr, value] of Object.entries(attrs)) {
        if (!ATTRS[name]?.has(attr)) found.push(`${name}[${attr}]`)
        else if (name === 'a' && attr === 'href' && !HREF.test(value)) found.push(`a[href=${value}]`)
        else if (name === 'img' && attr === 'src' && !IMAGE_SRC.test(value)) found.push(`img[src=${value}]`)
        else if (name === 'a' && attr === 'rel' && !/noopener/.test(value)) found.push(`a[rel=${value}]`)
      }
    },
    oncomment: () => void found.push('<!-- -->'),
    onprocessinginstruction: (name) => void found.push(`<${name}>`),
  }, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true })
  parser.write(html)
  parser.end()
  return found
}

const as = (user: string) => new Client(t.srv.baseUrl, tokens[user])
const tokens: Record<string, string> = {}

const t = useFixture(async () => {
  const srv = await startTestServer()
  for (const u of ['committee1', 'resident1', 'resident3', 'resident5', 'admin', 'grid1']) tokens[u] = (await srv.as(u)).token!
  return { srv }
})

describe('stored XSS in the notice body (the one rich-text field)', () => {
  it('every payload comes back sanitised, on create, on read by a resident, after an edit and in the history', async () => {
    const problems: string[] = []
    const target = { communityId: t.srv.demo!.communityIds[0] }
    for (const payload of PAYLOADS) {
      const created = await as('committee1').post('/api/v1/notices', { title: '测试公告', body: `<p>正文</p>${payload}`, importance: 'normal', target })
      expect(created.status, payload).toBe(201)
      const id = created.body.data.id
      const edited = await as('committee1').request('PATCH', `/api/v1/notices/${id}`, { version: created.body.data.version, body: `${payload}<p>改</p>` })
      expect(edited.status, payload).toBe(200)
      const read = await as('resident1').get(`/api/v1/notices/${id}`)
      const history = await as('committee1').get(`/api/v1/notices/${id}/revisions`)
      const bodies = [created.body.data.bodyHtml, edited.body.data.bodyHtml, read.body.data.bodyHtml, ...history.body.data.map((r: { bodyHtml: string }) => r.bodyHtml)]
      for (const html of bodies) {
        const bad = unsafeMarkup(html)
        if (bad.length) problems.push(`${payload} → ${html}: ${bad.join(', ')}`)
      }
    }
    expect(problems).toEqual([])
  })

  it('keeps the safe markup it was given: a link (opened safely) and our own image', async () => {
    const r = await as('committee1').post('/api/v1/notices', {
      title: '测试公告', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] },
      body: '<p>见 <a href="https://example.com/ok">链接</a></p><img src="/api/v1/files/0123456789abcdef0123456789abcdef.png" alt="图">',
    })
    expect(r.body.data.bodyHtml).toContain('href="https://example.com/ok"')
    expect(r.body.data.bodyHtml).toMatch(/rel="noopener noreferrer"/)
    expect(r.body.data.bodyHtml).toContain('src="/api/v1/files/0123456789abcdef0123456789abcdef.png"')
  })
})

describe('stored XSS in plain-text fields: data, never markup', () => {
  const payload = PLAIN_PAYLOAD

  it('a notice title and withdraw reason come back exactly as typed, as JSON strings', async () => {
    const n = await as('committee1').post('/api/v1/notices', { title: payload.slice(0, 100), body: '正文', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] } })
    expect(n.body.data.title).toBe(payload.slice(0, 100))
    const w = await as('committee1').post(`/api/v1/notices/${n.body.data.id}/withdraw`, { reason: payload })
    expect(w.body.data.withdrawReason).toBe(payload)
    const list = await as('committee1').get('/api/v1/notices?box=manage')
    inert(list)
    expect(list.body.data.find((x: { id: number }) => x.id === n.body.data.id).title).toBe(payload.slice(0, 100))
  })

  it('a binding reject reason reaches the resident as the same string', async () => {
    const household = await t.srv.deps.db.household.findFirstOrThrow({ where: { gridId: t.srv.demo!.gridIds[0], bindings: { none: {} } } })
    const b = await as('resident5').post('/api/v1/me/households', { householdId: household.id, relation: 'family' })
    expect((await as('committee1').post(`/api/v1/household-bindings/${b.body.data.id}/reject`, { reason: payload })).status).toBe(200)
    const mine = await as('resident5').get('/api/v1/me/households')
    inert(mine)
    expect(mine.body.data.find((x: { id: number }) => x.id === b.body.data.id).reason).toBe(payload)
    const messages = await as('resident5').get('/api/v1/messages')
    inert(messages)
  })

  it('an identity-review reject reason comes back as the same string', async () => {
    const holderId = t.srv.demo!.residentIds.resident4
    await as('resident3').put('/api/v1/me/profile', { realName: '冒名者', idNumber: await storedIdNumber(t.srv.deps, holderId), consent: true })
    const review = await t.srv.deps.db.identityReview.findFirstOrThrow({ where: { claimant: { username: 'resident3' } } })
    const r = await as('committee1').post(`/api/v1/identity-reviews/${review.id}/reject`, { reason: payload })
    expect(r.status).toBe(200)
    inert(r)
    expect(JSON.stringify(r.body)).toContain(JSON.stringify(payload).slice(1, -1))
  })

  it('report texts (description, reply, rating comment) come back exactly as typed, as JSON strings', async () => {
    const home = await t.srv.deps.db.householdBinding.findFirstOrThrow({ where: { user: { username: 'resident1' }, status: 'approved' } })
    const category = await t.srv.deps.db.reportCategory.findFirstOrThrow({ where: { code: 'other' } })
    const filed = await as('resident1').post('/api/v1/reports', { categoryId: category.id, description: payload, location: { householdId: home.householdId } })
    expect(filed.status).toBe(201)
    const id = filed.body.data.id
    const reply = await as('grid1').post(`/api/v1/reports/${id}/reply`, { text: payload })
    expect(reply.status, JSON.stringify(reply.body)).toBe(200)
    inert(reply)
    const detail = await as('resident1').get(`/api/v1/reports/${id}`)
    inert(detail)
    expect(detail.body.data.description).toBe(payload)
    expect(detail.body.data.timeline.find((e: { kind: string }) => e.kind === 'replied').text).toBe(payload)
    const inbox = await as('grid1').get('/api/v1/reports?box=inbox')
    inert(inbox)
    expect(inbox.body.data.find((r: { id: number }) => r.id === id).excerpt).toBe(Array.from(payload).slice(0, 60).join(''))
  })

  it('service texts (name, window, description, materials) come back exactly as typed, as JSON strings', async () => {
    const material = { name: payload.slice(0, 40), note: payload }
    const created = await as('committee1').post('/api/v1/services', {
      communityId: t.srv.demo!.communityIds[0], name: payload, department: payload.slice(0, 64), description: payload, materials: [material],
    })
    expect(created.status, JSON.stringify(created.body)).toBe(201)
    const detail = await as('resident1').get(`/api/v1/services/${created.body.data.id}`)
    inert(detail)
    expect(detail.body.data).toMatchObject({ name: payload, department: payload.slice(0, 64), description: payload, materials: [{ ...material, copies: null }] })
    const list = await as('resident1').get('/api/v1/services')
    inert(list)
    expect(list.body.data.find((x: { id: number }) => x.id === created.body.data.id).name).toBe(payload)
  })

  it('a booking note and a staff cancel reason come back exactly as typed, as JSON strings', async () => {
    const slot = await t.srv.deps.db.serviceSlot.findFirstOrThrow({
      where: { service: { communityId: t.srv.demo!.communityIds[0], feeFen: 0, requiresConfirmation: false, eligibility: 'community', homeService: false }, startsAt: { gt: new Date(Date.now() + 86400_000) } },
      orderBy: { startsAt: 'desc' },
    })
    const booked = await as('resident1').post('/api/v1/bookings', { slotId: slot.id, note: payload.slice(0, 200) })
    expect(booked.status, JSON.stringify(booked.body)).toBe(201)
    inert(booked)
    const id = booked.body.data.id
    expect((await as('resident1').get(`/api/v1/bookings/${id}`)).body.data.note).toBe(payload.slice(0, 200))
    const cancelled = await as('committee1').post(`/api/v1/bookings/${id}/cancel`, { reason: payload.slice(0, 200) })
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200)
    inert(cancelled)
    const mine = await as('resident1').get('/api/v1/bookings?when=past')
    inert(mine)
    expect(mine.body.data.find((b: { id: number }) => b.id === id).cancelReason).toBe(payload.slice(0, 200))
  })

  it('a real name with markup is refused (400 naming realName), never stored', async () => {
    const r = await as('resident1').put('/api/v1/me/profile', { realName: '<b>张</b>', idNumber: '11010519491231002X', consent: true })
    expect([r.status, r.body.error.details.fields.map((f: { field: string }) => f.field)]).toEqual([400, ['realName']])
  })
})

/** Free-text body fields (strings with no pattern, enum or const) and where they come back. */
const ECHOED: Record<string, string> = {
  'POST /api/v1/notices body.title': 'plain text, tested above',
  'POST /api/v1/notices body.body': 'rich text, sanitised, tested above',
  'PATCH /api/v1/notices/{id} body.title': 'same field as on create',
  'PATCH /api/v1/notices/{id} body.body': 'same field as on create',
  'POST /api/v1/notices/{id}/withdraw body.reason': 'plain text, tested above',
  'POST /api/v1/household-bindings/{id}/reject body.reason': 'plain text, tested above',
  'POST /api/v1/identity-reviews/{id}/reject body.reason': 'plain text, tested above',
  'POST /api/v1/identity-reviews/{id}/transfer body.reason': 'same field as reject',
  'POST /api/v1/residents/{id}/reveal body.reason': 'audit details (JSON), shown as text',
  'POST /api/v1/admin/users/{id}/disable body.reason': 'audit details (JSON), shown as text',
  'POST /api/v1/admin/users/{id}/enable body.reason': 'audit details (JSON), shown as text',
  'POST /api/v1/reports body.description': 'plain text, tested above',
  'POST /api/v1/reports body.location.address': 'plain text beside the description',
  'POST /api/v1/reports/{id}/reply body.text': 'plain text, tested above',
  'POST /api/v1/reports/{id}/request-info body.question': 'timeline text, same path as reply',
  'POST /api/v1/reports/{id}/supplement body.text': 'timeline text, same path as reply',
  'POST /api/v1/reports/{id}/transfer body.reason': 'timeline text, same path as reply',
  'POST /api/v1/reports/{id}/resolve body.text': 'timeline text, same path as reply',
  'POST /api/v1/reports/{id}/reject body.reason': 'timeline text, same path as reply',
  'POST /api/v1/reports/{id}/rate body.comment': 'ratingComment, a JSON string like the description',
  'POST /api/v1/reports/{id}/reopen body.reason': 'timeline text, same path as reply',
  'POST /api/v1/reports/{id}/close body.note': 'timeline text, same path as reply',
  'POST /api/v1/reports/{id}/reassign body.reason': 'staff-only timeline text, same path as reply',
  'PUT /api/v1/admin/calendar/days/{day} body.name': 'holiday name, a JSON string in the admin calendar',
  'POST /api/v1/admin/report-categories body.name': 'category name, a JSON string like report texts',
  'POST /api/v1/admin/report-categories body.description': 'category description, a JSON string',
  'PATCH /api/v1/admin/report-categories/{id} body.name': 'same field as on create',
  'PATCH /api/v1/admin/report-categories/{id} body.description': 'same field as on create',
  'POST /api/v1/worker-leaves body.reason': 'leave reason, a JSON string',
  'POST /api/v1/visits body.notes': 'visit notes, JSON strings to staff in scope',
  'POST /api/v1/visits body.followUps': 'same as notes',
  'POST /api/v1/admin/open311-clients body.name': 'client name, a JSON string in the admin list',
  'POST /api/v1/services body.name': 'plain text, tested above',
  'POST /api/v1/services body.department': 'plain text, tested above',
  'POST /api/v1/services body.description': 'plain text, tested above',
  'POST /api/v1/services body.materials': 'checklist names and notes, tested above',
  'PATCH /api/v1/services/{id} body.name': 'same field as on create',
  'PATCH /api/v1/services/{id} body.department': 'same field as on create',
  'PATCH /api/v1/services/{id} body.description': 'same field as on create',
  'PATCH /api/v1/services/{id} body.materials': 'same field as on create',
  'POST /api/v1/bookings body.note': 'plain text, tested above',
  'POST /api/v1/bookings/{id}/cancel body.reason': 'plain text, tested above',
  'POST /api/v1/service-slots/{id}/close body.reason': 'closed_reason and the cancelled bookings\' reason, JSON strings',
  // Elections, consultations and disclosures: tested in xss-civic.int.test.ts.
  'POST /api/v1/elections body.title': 'plain text, tested above',
  'POST /api/v1/elections body.description': 'plain text, tested above',
  'POST /api/v1/elections body.conditionsText': 'plain text, tested above',
  'PATCH /api/v1/elections/{id} body.title': 'same field as on create',
  'PATCH /api/v1/elections/{id} body.description': 'same field as on create',
  'PATCH /api/v1/elections/{id} body.conditionsText': 'same field as on create',
  'POST /api/v1/elections/{id}/roll body.reason': 'added_reason, plain text, tested above',
  'POST /api/v1/elections/{id}/roll/{voterId}/remove body.reason': 'removed_reason, plain text, tested above',
  'POST /api/v1/elections/{id}/objections body.reason': 'plain text, tested above',
  'POST /api/v1/elections/{id}/objections body.subjectText': 'plain text, tested above',
  'POST /api/v1/elections/{id}/objections/{oid}/resolve body.resolution': 'plain text, tested above',
  'POST /api/v1/elections/{id}/candidates body.statement': 'plain text, tested above',
  'POST /api/v1/elections/{id}/candidates/{cid}/review body.reason': 'review_reason, plain text, tested above',
  'POST /api/v1/consultations body.title': 'plain text, tested above',
  'POST /api/v1/consultations body.background': 'plain text, tested above',
  'POST /api/v1/consultations/{id}/transitions body.reason': 'closed_reason, plain text, tested above',
  'POST /api/v1/consultations/{id}/opinions body.body': 'plain text, tested above',
  'PUT /api/v1/consultations/{id}/opinions/{oid} body.body': 'plain text, tested above',
  'POST /api/v1/consultations/{id}/opinions/{oid}/hide body.reason': 'hidden_reason, plain text, tested above',
  'POST /api/v1/consultations/{id}/decision body.resolution': 'meeting resolution or vote outcome, plain text, tested above',
  'POST /api/v1/consultations/{id}/actions body.title': 'plain text, tested above',
  'POST /api/v1/consultations/{id}/actions body.owner': 'plain text, tested above',
  'POST /api/v1/consultations/{id}/actions/{aid}/progress body.body': 'plain text, tested above',
  'POST /api/v1/consultations/{id}/ratings body.comment': 'plain text (to the rater and staff), tested above',
  'POST /api/v1/disclosures body.title': 'plain text, tested above',
  'POST /api/v1/disclosures body.body': 'plain text, tested above (line category and label too)',
  'POST /api/v1/disclosures/{id}/corrections body.title': 'same field as on create, tested above',
  'POST /api/v1/disclosures/{id}/corrections body.body': 'same field as on create, tested above',
  'POST /api/v1/disclosures/{id}/corrections body.reason': 'correction_reason, plain text, tested above',
  'POST /api/v1/disclosures/{id}/withdraw body.reason': 'withdrawn_reason, plain text, tested above',
  'POST /api/v1/disclosures/{id}/questions body.body': 'plain text, tested above',
  'POST /api/v1/disclosures/{id}/questions/{qid}/answer body.body': 'answer, plain text, tested above',
  'POST /api/v1/disclosures/{id}/questions/{qid}/hide body.reason': 'status_reason, plain text, tested above',
}
/** A string schema that only admits a shape (pattern, format, enum, const), in any anyOf branch. */
const constrained = (s: JsonSchema): boolean =>
  Boolean(s.pattern || s.format || s.enum || s.const !== undefined || (s.anyOf ?? []).some((b) => b.type === 'string' && constrained(b)))

/** Free-text body fields that are credentials or codes, never shown back to anyone. */
const NOT_ECHOED = /body\.(code|username|password|currentPassword|newPassword|deviceToken|refreshToken|idNumber)$/

describe('every free-text field is accounted for', () => {
  it('each string field without a pattern is either tested above or never shown back (decide when adding one)', async () => {
    const unlisted: string[] = []
    for (const op of await loadOperations(t.srv.baseUrl)) {
      for (const [field, schema] of Object.entries(objectSchemaOf(op.body)?.properties ?? {})) {
        if (!typesOf(schema).includes('string') || constrained(schema)) continue
        const key = `${opName(op)} body.${field}`
        if (!ECHOED[key] && !NOT_ECHOED.test(key)) unlisted.push(key)
      }
    }
    expect(unlisted).toEqual([])
  })
})

describe('the portal renders HTML in exactly one place: the sanitised notice body', () => {
  it('no other HTML sink exists in the mini-program / H5 source', () => {
    const sinks: string[] = []
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(file)
        else if (/\.(tsx?|jsx?)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) {
          fs.readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
            if (/dangerouslySetInnerHTML|<RichText\b|\.innerHTML\s*=|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(/.test(line)) {
              sinks.push(`${path.relative(ROOT, file)}:${i + 1}: ${line.trim()}`)
            }
          })
        }
      }
    }
    walk(path.join(ROOT, 'miniapp/src'))
    expect(sinks).toHaveLength(1)
    expect(sinks[0]).toMatch(/^miniapp\/src\/packages\/notices\/detail\/index\.tsx:\d+: <RichText .*nodes=\{prepareBodyHtml\(notice\.bodyHtml\)\}/)
  })
})
