import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { OPEN311_POSTS_PER_MINUTE } from '../src/modules/open311/open311.routes.ts'
import { DEMO_OPEN311_KEY } from '../src/seed/demoReports.ts'
import { Client } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { childNames, childText, parseXml, raw, W3C_BEIJING, type RawRes } from './support/open311.ts'
import { startTestServer } from './support/server.ts'

const V2 = '/open311/v2'
const SERVICE_KEYS = ['service_code', 'service_name', 'description', 'metadata', 'type', 'keywords', 'group']
const REQUEST_KEYS = [
  'service_request_id', 'status', 'status_notes', 'service_name', 'service_code', 'description', 'agency_responsible', 'service_notice',
  'requested_datetime', 'updated_datetime', 'expected_datetime', 'address', 'address_id', 'lat', 'long',
]
const XML_DECL = '<?xml version="1.0" encoding="utf-8"?>\n'

/** The spec's error document: a list of {code, description}, the code being the HTTP status. */
function expectErrors(res: RawRes, status: number, mention?: RegExp) {
  expect(res.status).toBe(status)
  expect(res.type).toBe('application/json; charset=utf-8')
  expect(Array.isArray(res.json)).toBe(true)
  for (const e of res.json) {
    expect(Object.keys(e)).toEqual(['code', 'description'])
    expect(e.code).toBe(status)
  }
  if (mention) expect(res.json.map((e: { description: string }) => e.description).join(' | ')).toMatch(mention)
}

describe('Open311 GeoReport v2 facade', () => {
  const key = DEMO_OPEN311_KEY
  const created: Record<string, string> = {}

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const get: (path: string) => Promise<RawRes> = (path) => raw(srv.baseUrl, 'GET', path)
    const post: (path: string, body: { form?: Record<string, string | number>; json?: unknown }) => Promise<RawRes> = (path, body) => raw(srv.baseUrl, 'POST', path, body)
    // The list filters are checked against exactly the requests made here: no demo reports.
    await srv.deps.db.report.deleteMany({})
    const d = srv.demo!
    const building = async (communityId: number) =>
      srv.deps.db.building.findFirstOrThrow({ where: { communityId }, orderBy: { id: 'asc' } })
    const first = await building(d.communityIds[0])
    const second = await building(d.communityIds[1])
    const b1: { id: number; estate: string; name: string; lat: number; lng: number } = { id: first.id, estate: first.estate, name: first.name, lat: Number(first.latitude), lng: Number(first.longitude) }
    const b2: { id: number; lat: number; lng: number } = { id: second.id, lat: Number(second.latitude), lng: Number(second.longitude) }
    const admin = await new Client(srv.baseUrl).login('admin')
    const issued = await admin.post('/api/v1/admin/open311-clients', { communityId: d.communityIds[1], name: '柳岸社区热线' })
    const otherKey: string = issued.body.data.apiKey
    return { srv, get, post, b1, b2, otherKey }
  })

  describe('discovery', () => {
    it('discovery.json lists the v2 endpoint with both formats', async () => {
      const res = await t.get(`${V2}/discovery.json`)
      expect(res.status).toBe(200)
      expect(res.type).toBe('application/json; charset=utf-8')
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(Object.keys(res.json)).toEqual(['changeset', 'contact', 'key_service', 'endpoints'])
      expect(res.json.changeset).toMatch(W3C_BEIJING)
      expect(res.json.endpoints).toEqual([{
        specification: 'http://wiki.open311.org/GeoReport_v2', url: `${t.srv.baseUrl}${V2}`, changeset: res.json.changeset,
        type: 'test', formats: ['application/json', 'text/xml'],
      }])
    })
    it('discovery.xml carries the same, with endpoint and format elements', async () => {
      const res = await t.get(`${V2}/discovery.xml`)
      expect(res.status).toBe(200)
      expect(res.type).toBe('text/xml; charset=utf-8')
      expect(res.text.startsWith(XML_DECL)).toBe(true)
      const doc = parseXml(res.text)
      expect(doc.name).toBe('discovery')
      expect(childNames(doc)).toEqual(['changeset', 'contact', 'key_service', 'endpoints'])
      const endpoint = doc.children[3].children[0]
      expect(childNames(endpoint)).toEqual(['specification', 'url', 'changeset', 'type', 'formats'])
      expect(endpoint.children[4].children.map((f) => [f.name, f.text])).toEqual([['format', 'application/json'], ['format', 'text/xml']])
    })
  })

  describe('services', () => {
    it('services.json: the active categories in order, field by field', async () => {
      const res = await t.get(`${V2}/services.json`)
      expect(res.status).toBe(200)
      const categories = await t.srv.deps.db.reportCategory.findMany({ where: { active: true }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })
      expect(res.json.map((s: { service_code: string }) => s.service_code)).toEqual(categories.map((c) => c.code))
      for (const [i, s] of res.json.entries()) {
        expect(Object.keys(s)).toEqual(SERVICE_KEYS)
        expect(s).toMatchObject({ service_name: categories[i].name, description: categories[i].description, metadata: false, type: 'realtime', group: '社区治理' })
        expect(typeof s.keywords).toBe('string')
        expect(s.keywords.split(',')[0]).toBe(categories[i].name)
      }
    })
    it('an inactive category is not a service', async () => {
      await t.srv.deps.db.reportCategory.update({ where: { code: 'other' }, data: { active: false } })
      try {
        const codes = (await t.get(`${V2}/services.json`)).json.map((s: { service_code: string }) => s.service_code)
        expect(codes).not.toContain('other')
        expectErrors(await t.get(`${V2}/services/other.json`), 404)
      } finally {
        await t.srv.deps.db.reportCategory.update({ where: { code: 'other' }, data: { active: true } })
      }
    })
    it('services.xml: <services><service> with the same values', async () => {
      const [json, xml] = await Promise.all([t.get(`${V2}/services.json`), t.get(`${V2}/services.xml`)])
      const doc = parseXml(xml.text)
      expect(doc.name).toBe('services')
      expect(doc.children).toHaveLength(json.json.length)
      doc.children.forEach((s, i) => {
        expect(s.name).toBe('service')
        expect(childNames(s)).toEqual(SERVICE_KEYS)
        for (const k of SERVICE_KEYS) expect(childText(s, k)).toBe(String(json.json[i][k]))
      })
    })
    it('a service definition has no attributes (metadata is false); an unknown code is 404', async () => {
      expect((await t.get(`${V2}/services/water_power.json`)).json).toEqual({ service_code: 'water_power', attributes: [] })
      const xml = await t.get(`${V2}/services/water_power.xml`)
      expect(xml.text).toBe(`${XML_DECL}<service_definition><service_code>water_power</service_code><attributes/></service_definition>`)
      expectErrors(await t.get(`${V2}/services/potholes.json`), 404, /potholes/)
      const missing = await t.get(`${V2}/services/potholes.xml`)
      expect(missing.status).toBe(404)
      const errors = parseXml(missing.text)
      expect(errors.name).toBe('errors')
      expect(errors.children.map((e) => [e.name, childNames(e), childText(e, 'code')])).toEqual([['error', ['code', 'description'], '404']])
    })
  })

  describe('POST requests', () => {
    it('form-encoded: creates a routed report and answers its id; contact fields are not stored', async () => {
      const res = await t.post(`${V2}/requests.json`, {
        form: {
          api_key: key, service_code: 'sanitation', lat: t.b1.lat, long: t.b1.lng, address_string: '青石路北口垃圾站',
          email: 'caller@example.com', phone: '13912345678', first_name: '三', last_name: '张', device_id: 'dev-1', account_id: 'acc-1',
          media_url: 'https://example.com/photo.jpg', description: '垃圾站三天没有清运，气味很大',
        },
      })
      expect(res.status).toBe(201)
      expect(res.json).toHaveLength(1)
      expect(Object.keys(res.json[0])).toEqual(['service_request_id', 'service_notice', 'account_id'])
      expect(res.json[0].service_request_id).toMatch(/^\d+$/)
      expect(res.json[0].account_id).toBeNull()
      created.point = res.json[0].service_request_id
      const report = await t.srv.deps.db.report.findUniqueOrThrow({ where: { id: Number(created.point) }, include: { open311Client: true } })
      expect(report).toMatchObject({ source: 'open311', communityId: t.srv.demo!.communityIds[0], reporterId: null, status: 'submitted', address: '青石路北口垃圾站' })
      expect(report.open311Client?.name).toBe('12345 热线（演示）')
      for (const table of ['reports', 'report_events', 'audit_logs', 'messages', 'outbox']) {
        const [rows] = await t.srv.deps.sql.query(`SELECT COUNT(*) AS n FROM ${table} WHERE CAST(${table === 'reports' ? 'CONCAT_WS(\'|\', description, address)' : table === 'report_events' ? 'text' : table === 'outbox' ? 'payload' : table === 'messages' ? 'body' : 'details'} AS CHAR) REGEXP 'caller@example|13912345678|example.com/photo|acc-1|dev-1'`)
        expect([table, Number((rows as { n: number }[])[0].n)]).toEqual([table, 0])
      }
      expect(await t.srv.deps.db.auditLog.count({ where: { action: 'open311.request.create', resourceId: created.point } })).toBe(1)
    })
    it('JSON with address_id: the building of our data; read back as XML', async () => {
      const res = await t.post(`${V2}/requests.xml`, { json: { api_key: key, service_code: 'facility', address_id: t.b1.id, description: '楼道灯坏了 <一楼> & "二楼"' } })
      expect(res.status).toBe(201)
      const doc = parseXml(res.text)
      expect(doc.name).toBe('service_requests')
      expect(doc.children.map((c) => [c.name, childNames(c)])).toEqual([['request', ['service_request_id', 'service_notice', 'account_id']]])
      created.building = childText(doc.children[0], 'service_request_id')
      const back = parseXml((await t.get(`${V2}/requests/${created.building}.xml?api_key=${key}`)).text)
      expect(back.children).toHaveLength(1)
      const r = back.children[0]
      expect(childNames(r)).toEqual(REQUEST_KEYS)
      expect(childText(r, 'description')).toBe('楼道灯坏了 <一楼> & "二楼"')
      expect(childText(r, 'address')).toBe(`${t.b1.estate} ${t.b1.name}`)
      expect(childText(r, 'address_id')).toBe(String(t.b1.id))
      expect(Number(childText(r, 'lat'))).toBe(t.b1.lat)
      expect(childText(r, 'status_notes')).toBe('')
    })
    it('400 naming the field: unknown service, missing or address-only location, short description, unknown field', async () => {
      const base = { api_key: key, service_code: 'sanitation', lat: t.b1.lat, long: t.b1.lng, description: '垃圾没人收拾' }
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...base, service_code: 'potholes' } }), 400, /^service_code: /)
      const { lat: _lat, long: _long, ...noPlace } = base
      const missing = await t.post(`${V2}/requests.json`, { form: noPlace })
      expectErrors(missing, 400)
      expect(missing.json.map((e: { description: string }) => e.description.split(':')[0])).toEqual(['lat', 'long'])
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...noPlace, address_string: '青石路88号' } }), 400, /^address_string: /)
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...noPlace, lat: t.b1.lat } }), 400, /^long: /)
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...base, description: '坏了' } }), 400, /^description: /)
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...base, lat: 'north' } }), 400, /^lat: /)
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...base, longitude: '116.4' } }), 400, /^longitude: /)
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...base, lat: 31.2, long: 121.5 } }), 400, /^lat: /)
      const before = await t.srv.deps.db.report.count()
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...base, lat: t.b2.lat, long: t.b2.lng } }), 400, /^lat: .*社区/)
      expectErrors(await t.post(`${V2}/requests.json`, { json: { ...noPlace, address_id: String(t.b2.id) } }), 400, /^address_id: .*社区/)
      expect(await t.srv.deps.db.report.count()).toBe(before)
    })
    it('403 without a key, with an unknown key, and with a revoked key; 415 for another body type', async () => {
      const body = { service_code: 'sanitation', lat: t.b1.lat, long: t.b1.lng, description: '垃圾没人收拾' }
      expectErrors(await t.post(`${V2}/requests.json`, { form: body }), 403, /api_key/)
      expectErrors(await t.post(`${V2}/requests.json`, { form: { ...body, api_key: 'guess' } }), 403, /api_key/)
      const forbidden = await t.post(`${V2}/requests.xml`, { form: { ...body, api_key: 'guess' } })
      expect(forbidden.text).toBe(`${XML_DECL}<errors><error><code>403</code><description>api_key 无效或已停用</description></error></errors>`)
      const res = await fetch(`${t.srv.baseUrl}${V2}/requests.json`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } })
      expect(res.status).toBe(415)
      expect(await res.json()).toEqual([{ code: 415, description: expect.any(String) }])
    })
  })

  describe('POST rate limit', () => {
    it('a key that used up its minute gets 429 with Retry-After, in the spec format, and nothing is stored', async () => {
      const client = await t.srv.deps.db.open311Client.findFirstOrThrow({ where: { name: '12345 热线（演示）' } })
      const bucket = `open311:post:${client.id}`
      const now = t.srv.clock.now()
      await t.srv.deps.sql.query('INSERT INTO rate_limit_hits (bucket, window_start, hits, expires_at) VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE hits = VALUES(hits), expires_at = VALUES(expires_at)',
        [bucket, now, OPEN311_POSTS_PER_MINUTE, new Date(now.getTime() + 60_000)])
      try {
        const before = await t.srv.deps.db.report.count()
        const res = await t.post(`${V2}/requests.json`, { form: { api_key: key, service_code: 'sanitation', address_id: t.b1.id, description: '垃圾没人收拾' } })
        expectErrors(res, 429)
        expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0)
        expect(await t.srv.deps.db.report.count()).toBe(before)
      } finally {
        await t.srv.deps.sql.query('DELETE FROM rate_limit_hits WHERE bucket = ?', [bucket])
      }
    })
  })

  describe('GET requests', () => {
    it('one request by id, field by field; closed with status_notes after the handler resolves it', async () => {
      const one = await t.get(`${V2}/requests/${created.point}.json?api_key=${key}`)
      expect(one.status).toBe(200)
      expect(one.json).toHaveLength(1)
      const r = one.json[0]
      expect(Object.keys(r)).toEqual(REQUEST_KEYS.filter((k) => k !== 'address_id'))
      const report = await t.srv.deps.db.report.findUniqueOrThrow({ where: { id: Number(created.point) }, include: { grid: true } })
      expect(r).toMatchObject({
        service_request_id: created.point, status: 'open', status_notes: null, service_name: '环境卫生', service_code: 'sanitation',
        description: '垃圾站三天没有清运，气味很大', agency_responsible: report.grid.name, address: '青石路北口垃圾站', lat: t.b1.lat, long: t.b1.lng,
      })
      for (const k of ['requested_datetime', 'updated_datetime', 'expected_datetime']) expect(r[k]).toMatch(W3C_BEIJING)
      expect(Date.parse(r.requested_datetime)).toBe(Math.floor(report.createdAt.getTime() / 1000) * 1000)
      expect(Date.parse(r.expected_datetime)).toBe(Math.floor(report.resolveDueAt.getTime() / 1000) * 1000)

      const assignee = await t.srv.deps.db.user.findUniqueOrThrow({ where: { id: report.assigneeId! } })
      const worker = await t.srv.as(assignee.username!)
      expect((await worker.post(`/api/v1/reports/${created.point}/accept`, {})).status).toBe(200)
      const form = new FormData()
      const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#3a7' } }).png().toBuffer()
      form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'done.png')
      const up = await fetch(`${t.srv.baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${worker.token}` } })
      const photo = ((await up.json()) as { data: { id: number } }).data.id
      const resolved = await worker.post(`/api/v1/reports/${created.point}/resolve`, { text: '已联系环卫清运完毕', photos: [photo] })
      expect(resolved.status).toBe(200)
      const after = (await t.get(`${V2}/requests/${created.point}.json?api_key=${key}`)).json[0]
      expect(after).toMatchObject({ status: 'closed', status_notes: '已联系环卫清运完毕' })
      expect(JSON.stringify(after)).not.toMatch(/uploads|photo/)
    })
    it('another community\'s request is 404 and never listed; a neighbour\'s words and point are not shown', async () => {
      const theirs = await t.post(`${V2}/requests.json`, { form: { api_key: t.otherKey, service_code: 'dispute', lat: t.b2.lat, long: t.b2.lng, description: '楼上装修噪音太大，晚上十点还在施工' } })
      expect(theirs.status).toBe(201)
      const id = theirs.json[0].service_request_id
      expectErrors(await t.get(`${V2}/requests/${id}.json?api_key=${key}`), 404)
      expectErrors(await t.get(`${V2}/requests/99999999.json?api_key=${key}`), 404)
      expectErrors(await t.get(`${V2}/requests/abc.json?api_key=${key}`), 404)
      const listed = await t.get(`${V2}/requests.json?api_key=${key}&service_request_id=${id},${created.point}`)
      expect(listed.json.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([created.point])
      const ours = (await t.get(`${V2}/requests/${created.point}.json?api_key=${t.otherKey}`))
      expectErrors(ours, 404)
      const mine = (await t.get(`${V2}/requests/${id}.json?api_key=${t.otherKey}`)).json[0]
      expect(mine.description).toBe('楼上装修噪音太大，晚上十点还在施工')
      // A report filed by someone else in the same community: building-level only, no description.
      await t.srv.deps.db.open311Client.create({ data: { communityId: t.srv.demo!.communityIds[1], name: '另一接入方', keyHash: Buffer.alloc(32, 1) } })
      const third = await t.srv.deps.db.open311Client.findFirstOrThrow({ where: { name: '另一接入方' } })
      await t.srv.deps.db.report.update({ where: { id: Number(id) }, data: { open311ClientId: third.id } })
      const neighbour = (await t.get(`${V2}/requests/${id}.json?api_key=${t.otherKey}`)).json[0]
      expect(neighbour.description).toBeUndefined()
      expect(neighbour.address).toBe('地图选点位置')
      expect(neighbour.lat).toBeUndefined()
    })
    it('filters: ids override the rest; service_code, status, and the requested-time window', async () => {
      const all = (await t.get(`${V2}/requests.json?api_key=${key}`)).json
      expect(all.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([created.building, created.point])
      const byCode = (await t.get(`${V2}/requests.json?api_key=${key}&service_code=facility`)).json
      expect(byCode.map((r: { service_code: string }) => r.service_code)).toEqual(['facility'])
      expect((await t.get(`${V2}/requests.json?api_key=${key}&service_code=facility,sanitation`)).json).toHaveLength(2)
      const closed = (await t.get(`${V2}/requests.json?api_key=${key}&status=closed`)).json
      expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([created.point])
      const open = (await t.get(`${V2}/requests.json?api_key=${key}&status=open`)).json
      expect(open.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([created.building])
      const byIds = (await t.get(`${V2}/requests.json?api_key=${key}&status=open&service_request_id=${created.point}`)).json
      expect(byIds.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([created.point])

      const firstAt = (await t.srv.deps.db.report.findUniqueOrThrow({ where: { id: Number(created.point) } })).createdAt
      t.srv.clock.advance(3 * 86400_000)
      const later = await t.post(`${V2}/requests.json`, { form: { api_key: key, service_code: 'safety', address_id: t.b1.id, description: '消防通道被私家车堵住了' } })
      const laterId = later.json[0].service_request_id
      const cut = encodeURIComponent(new Date(firstAt.getTime() + 86400_000).toISOString().replace('Z', '+00:00'))
      const since = (await t.get(`${V2}/requests.json?api_key=${key}&start_date=${cut}`)).json
      expect(since.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([laterId])
      const until = (await t.get(`${V2}/requests.json?api_key=${key}&end_date=${cut}`)).json
      expect(until.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([created.building, created.point])
      expectErrors(await t.get(`${V2}/requests.json?api_key=${key}&start_date=2026-12-02&end_date=2026-12-01`), 400, /^start_date: /)
      expectErrors(await t.get(`${V2}/requests.json?api_key=${key}&start_date=yesterday`), 400, /^start_date: /)
      expectErrors(await t.get(`${V2}/requests.json?api_key=${key}&status=pending`), 400, /^status/)
      expectErrors(await t.get(`${V2}/requests.json?api_key=${key}&page=2`), 400, /^page: /)

      // The spec's default window is the last 90 days.
      t.srv.clock.advance(88 * 86400_000)
      const recent = (await t.get(`${V2}/requests.json?api_key=${key}`)).json
      expect(recent.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([laterId])
    })
    it('reads need a key too (our data is private to the community)', async () => {
      expectErrors(await t.get(`${V2}/requests.json`), 403, /api_key/)
      expectErrors(await t.get(`${V2}/requests/${created.point}.json?api_key=nope`), 403, /api_key/)
    })
  })

  describe('paths and methods outside the spec', () => {
    it('unknown paths are 404 and other methods 405, in the spec error format', async () => {
      expectErrors(await t.get(`${V2}/tokens/1.json`), 404)
      expectErrors(await t.get('/open311/v3/services.json'), 404)
      const del = await raw(t.srv.baseUrl, 'DELETE', `${V2}/requests.json`)
      expectErrors(del, 405)
      expect(del.headers.get('allow')).toBe('GET, POST, HEAD')
      expectErrors(await raw(t.srv.baseUrl, 'POST', `${V2}/services.json`), 405)
    })
  })

  describe('admin: Open311 clients', () => {
    it('issues a key once (admin only, audited), lists clients without keys, revokes at once', async () => {
      const api = new Client(t.srv.baseUrl)
      const resident = await api.login('resident1')
      expect((await resident.post('/api/v1/admin/open311-clients', { communityId: t.srv.demo!.communityIds[0], name: '试用平台' })).status).toBe(403)
      expect((await resident.get('/api/v1/admin/open311-clients')).status).toBe(403)
      const admin = await api.login('admin')
      expect((await admin.post('/api/v1/admin/open311-clients', { communityId: 999999, name: '试用平台' })).status).toBe(400)
      const issued = await admin.post('/api/v1/admin/open311-clients', { communityId: t.srv.demo!.communityIds[0], name: '试用平台' })
      expect(issued.status).toBe(201)
      expect(issued.body.data.apiKey).toMatch(/^[A-Za-z0-9_-]{43}$/)
      const list = await admin.get('/api/v1/admin/open311-clients')
      expect(list.body.data.map((c: { name: string }) => c.name)).toContain('试用平台')
      expect(JSON.stringify(list.body)).not.toContain(issued.body.data.apiKey)
      expect((await t.get(`${V2}/requests.json?api_key=${issued.body.data.apiKey}`)).status).toBe(200)
      const revoked = await admin.post(`/api/v1/admin/open311-clients/${issued.body.data.id}/revoke`)
      expect(revoked.status).toBe(200)
      expect(revoked.body.data).toMatchObject({ revokedAt: expect.any(String), policies: { revoke: false } })
      expectErrors(await t.get(`${V2}/requests.json?api_key=${issued.body.data.apiKey}`), 403)
      expect((await admin.post(`/api/v1/admin/open311-clients/${issued.body.data.id}/revoke`)).status).toBe(403)
      expect((await admin.post('/api/v1/admin/open311-clients/999999/revoke')).status).toBe(404)
      const audits = await t.srv.deps.db.auditLog.findMany({ where: { resourceType: 'open311_client', resourceId: String(issued.body.data.id) }, orderBy: { id: 'asc' } })
      expect(audits.map((a) => a.action)).toEqual(['open311_client.issue', 'open311_client.revoke'])
    })
  })
})
