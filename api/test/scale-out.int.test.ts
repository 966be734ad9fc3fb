import http from 'node:http'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from './support/client.ts'
import { feedIds, publishAs } from './support/notices.ts'
import { startTestServer, type TestServer } from './support/server.ts'

/** A JSON POST from a chosen loopback address (the whole 127/8 is local on Linux). */
function postFrom(localAddress: string, url: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      res.resume()
      res.once('end', () => resolve(res.statusCode ?? 0))
    })
    req.once('error', reject)
    req.end(JSON.stringify(body))
  })
}

// Issue 12 §5: two real API processes on one database behind a round-robin proxy (TRUST_PROXY=1),
// as production scales out. The H5 journeys run this way too (e2e/support/portal.ts).
describe('two API processes behind a round-robin proxy', () => {
  let srv: TestServer
  let api: Client
  let committee: Client
  beforeAll(async () => {
    srv = await startTestServer({ instances: 2 })
    api = new Client(srv.baseUrl)
    committee = await api.login('committee1')
  })
  afterAll(async () => srv?.close())

  it('sends requests to both processes in turn, each answering as itself', async () => {
    const pids = srv.cluster!.processes.map((p) => String(p.pid))
    expect(new Set(pids).size).toBe(2)
    const seen = await Promise.all(Array.from({ length: 6 }, async () => (await api.get('/api/health')).headers.get('x-api-instance')))
    expect(new Set(seen)).toEqual(new Set(pids))
    expect(srv.cluster!.proxy.counts.every((n) => n >= 3)).toBe(true)
  })

  it('a session opened on one process is valid on the other', async () => {
    const [a, b] = srv.cluster!.processes
    const viaA = await new Client(a.url).login('resident1')
    const me = await new Client(b.url, viaA.token).get('/api/v1/me')
    expect(me.status).toBe(200)
    expect(me.headers.get('x-api-instance')).toBe(String(b.pid))
  })

  it('records the client address the proxy saw, not one the client wrote into X-Forwarded-For', async () => {
    const status = await postFrom('127.0.0.2', `${srv.baseUrl}/api/v1/auth/dev`, { username: 'resident3' }, { 'x-forwarded-for': '203.0.113.9' })
    expect(status).toBe(200)
    const user = await srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident3' } })
    const row = await srv.deps.db.auditLog.findFirstOrThrow({ where: { actorId: user.id, action: 'auth.dev' }, orderBy: { id: 'desc' } })
    expect(row.ip).toBe('127.0.0.2')
  })

  it('a file uploaded through one process is served by the other (one UPLOAD_DIR)', async () => {
    const [a, b] = srv.cluster!.processes
    const jpeg = await sharp({ create: { width: 16, height: 16, channels: 3, background: '#2a6' } }).jpeg().toBuffer()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(jpeg)], { type: 'image/jpeg' }), 'photo.jpg')
    const res = await fetch(`${a.url}/api/v1/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${committee.token}` } })
    expect(res.status).toBe(201)
    const { data } = (await res.json()) as { data: { url: string } }
    const file = await fetch(b.url + data.url)
    expect(file.status).toBe(200)
    expect(file.headers.get('x-api-instance')).toBe(String(b.pid))
    expect((await sharp(Buffer.from(await file.arrayBuffer())).metadata()).width).toBe(16)
  })

  it('a write through one process shows on the next GET /me of the other (withdrawn real-name data is gone)', async () => {
    const [a, b] = srv.cluster!.processes
    const resident = await new Client(a.url).login('resident2')
    const onA = new Client(a.url, resident.token)
    const onB = new Client(b.url, resident.token)
    expect((await onB.get('/api/v1/me')).body.data.profile.realName).not.toBeNull()
    expect((await onA.post('/api/v1/me/consents/real_name/withdraw', { confirm: true })).status).toBe(200)
    expect((await onA.get('/api/v1/me')).body.data.profile.realName).toBeNull()
    expect((await onB.get('/api/v1/me')).body.data.profile.realName).toBeNull()
  })

  it('a withdrawn notice is gone from the list on every process within 1 s', async () => {
    const [a, b] = srv.cluster!.processes
    const resident = await api.login('resident1')
    const onA = new Client(a.url, resident.token)
    const onB = new Client(b.url, resident.token)
    const n = await publishAs(committee, { title: '停水通知（双实例）', body: '周六 9:00–12:00 停水', target: { communityId: srv.demo!.communityIds[0] } })
    // Both processes have served (and may have cached) the list with the notice in it.
    for (const c of [onA, onB, onA, onB]) expect(await feedIds(c)).toContain(n.id)

    const withdrawn = await new Client(a.url, committee.token).post(`/api/v1/notices/${n.id}/withdraw`, { reason: '通知有误' })
    expect(withdrawn.status).toBe(200)
    await new Promise((r) => setTimeout(r, 1000))
    for (const c of [onB, onA, resident]) expect(await feedIds(c)).not.toContain(n.id)
    expect((await onB.get(`/api/v1/notices/${n.id}`)).status).toBe(404)
  })
})
