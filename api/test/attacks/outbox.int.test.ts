import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { Deps } from '../../src/core/context.ts'
import { sendOutboxBatch, UNKNOWN_OUTCOME } from '../../src/jobs/outboxSender.ts'
import { Client, fieldsOf } from '../support/client.ts'
import { FakeWechat } from '../support/fakeWechat.ts'
import { useFixture } from '../support/fixture.ts'
import { startTestServer, type TestServer } from '../support/server.ts'

const TEMPLATE_ID = 'tmpl_notice_0001'
const TEMPLATES = JSON.stringify({
  notice: { id: TEMPLATE_ID, title: '社区公告通知', fields: { thing1: 'title', time2: 'publishedAt', thing3: 'publisher' } },
})
/** Past every lease a sender takes (the send lease is at least a minute). */
const PAST_THE_LEASE_MS = 10 * 60_000
const WECHAT_TIMEOUT_MS = 1000

type OutboxRow = { id: string; status: string; attemptedAt: string | null; unknownOutcome: boolean; lastError: string | null }

describe('attack: a WeChat subscribe message is sent at most once, even when its sender stops mid-send', () => {
  const wx = new FakeWechat()

  const fx = useFixture(async () => {
    await wx.start()
    const srv = await startTestServer({ env: { ...wx.env(), WECHAT_SUBSCRIBE_TEMPLATES: TEMPLATES, WECHAT_TIMEOUT_MS: String(WECHAT_TIMEOUT_MS) } })
    const admin = await srv.as('admin')
    for (const i of [1, 2, 3, 4]) await srv.deps.db.user.update({ where: { username: `resident${i}` }, data: { openid: `o_resident_${i}` } })
    await srv.deps.wechat.getAccessToken()
    return { srv, admin }
  }, async () => {
    await wx.stop()
  })
  beforeEach(async () => {
    await fx.srv.deps.db.outboxItem.deleteMany({})
    await fx.srv.deps.db.subscriptionGrant.deleteMany({})
    wx.sent.length = 0
    wx.received.length = 0
    wx.sendDelayMs = 0
  })

  /** One notice whose only subscribe message goes to `username`, who accepted two one-time grants. */
  const queueFor = async (username: string) => {
    const me = await fx.srv.as(username)
    for (let i = 0; i < 2; i++) await me.post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'accept' } })
    const committee = await fx.srv.as('committee1')
    const n = await committee.post('/api/v1/notices', { title: `只发一次 ${username}`, body: '正文', importance: 'normal', mode: 'publish', target: { communityId: fx.srv.demo!.communityIds[0] } })
    expect(n.status).toBe(201)
    const rows = await fx.srv.deps.db.outboxItem.findMany({ where: { userId: fx.srv.demo!.residentIds[username] } })
    expect(rows).toHaveLength(1)
    return rows[0].id
  }
  const grantsLeft = async (username: string) =>
    (await fx.srv.deps.db.subscriptionGrant.findFirstOrThrow({ where: { userId: fx.srv.demo!.residentIds[username] } })).remaining
  const receivedBy = (openid: string) => wx.received.filter((t) => t === openid).length
  const untilReceived = async (openid: string) => {
    for (let i = 0; i < 300 && receivedBy(openid) === 0; i++) await new Promise((r) => setTimeout(r, 10))
    expect(receivedBy(openid)).toBe(1)
  }
  const adminList = async (query: string): Promise<OutboxRow[]> => {
    const r = await fx.admin.get(`/api/v1/admin/outbox${query}`)
    expect(r.status).toBe(200)
    return r.body.data
  }

  it('a sender that stops after WeChat took the message: the next sender does not send it again; it fails as outcome unknown and admins see it', async () => {
    const id = await queueFor('resident1')
    // A process that dies right after WeChat accepted the message, before it records the answer.
    const dying: Deps = {
      ...fx.srv.deps,
      wechat: { ...fx.srv.deps.wechat, sendSubscribeMessage: async (m) => { await fx.srv.deps.wechat.sendSubscribeMessage(m); await new Promise(() => {}) } },
    }
    void sendOutboxBatch(dying, 'dying-a')
    await untilReceived('o_resident_1')
    const attempted = await fx.srv.deps.db.outboxItem.findUniqueOrThrow({ where: { id } })

    fx.srv.clock.advance(PAST_THE_LEASE_MS)
    const b = await sendOutboxBatch(fx.srv.deps, 'sender-b')
    fx.srv.clock.advance(24 * 3600_000)
    await sendOutboxBatch(fx.srv.deps, 'sender-b')
    expect(receivedBy('o_resident_1')).toBe(1)
    expect(wx.sent.map((m) => m.touser)).toEqual(['o_resident_1'])
    expect(await grantsLeft('resident1')).toBe(1)
    expect(b).toMatchObject({ claimed: 0, sent: 0, unknown: 1 })
    expect(attempted).toMatchObject({ status: 'sending', leaseOwner: 'dying-a' })
    expect(attempted.attemptedAt).not.toBeNull()

    const row = await fx.srv.deps.db.outboxItem.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ status: 'failed', lastError: UNKNOWN_OUTCOME, attemptedAt: attempted.attemptedAt })
    const listed = (await adminList('?status=failed&unknownOutcome=true')).find((o) => o.id === id.toString())
    expect(listed).toMatchObject({ status: 'failed', unknownOutcome: true, attemptedAt: attempted.attemptedAt!.toISOString(), lastError: UNKNOWN_OUTCOME })
    expect((await adminList('')).map((o) => o.id)).toContain(id.toString())
  })

  it('a sender that was only slow still records the answer it got: the row ends sent, once, and leaves the unknown list', async () => {
    const id = await queueFor('resident2')
    wx.sendDelayMs = 400
    const slow = sendOutboxBatch(fx.srv.deps, 'slow-a')
    await untilReceived('o_resident_2')
    fx.srv.clock.advance(PAST_THE_LEASE_MS)
    const b = await sendOutboxBatch(fx.srv.deps, 'sender-b')
    expect(receivedBy('o_resident_2')).toBe(1)
    expect(b).toMatchObject({ claimed: 0, sent: 0, unknown: 1 })
    expect((await adminList('?unknownOutcome=1')).map((o) => o.id)).toContain(id.toString())

    expect(await slow).toMatchObject({ claimed: 1, sent: 1 })
    expect(receivedBy('o_resident_2')).toBe(1)
    const row = await fx.srv.deps.db.outboxItem.findUniqueOrThrow({ where: { id } })
    expect(row).toMatchObject({ status: 'sent', lastError: null, attemptedAt: null, leaseOwner: null })
    expect(await grantsLeft('resident2')).toBe(1)
    expect((await adminList('?unknownOutcome=1')).map((o) => o.id)).not.toContain(id.toString())
    expect((await adminList('?status=sent')).find((o) => o.id === id.toString())).toMatchObject({ unknownOutcome: false, attemptedAt: null })
  })

  it('a row whose sender stopped before attempting it is taken up again and sent once', async () => {
    const id = await queueFor('resident3')
    // As a sender leaves it when it dies between the claim and the attempt.
    await fx.srv.deps.db.outboxItem.update({
      where: { id },
      data: { status: 'sending', leaseOwner: 'dead-a', leaseUntil: new Date(fx.srv.clock.now().getTime() + 60_000), attempts: 1 },
    })
    expect(await sendOutboxBatch(fx.srv.deps, 'sender-b')).toMatchObject({ claimed: 0 })
    fx.srv.clock.advance(PAST_THE_LEASE_MS)
    expect(await sendOutboxBatch(fx.srv.deps, 'sender-b')).toMatchObject({ claimed: 1, sent: 1 })
    expect(await sendOutboxBatch(fx.srv.deps, 'sender-b')).toMatchObject({ claimed: 0 })
    expect(receivedBy('o_resident_3')).toBe(1)
    expect(await fx.srv.deps.db.outboxItem.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'sent', attempts: 2, attemptedAt: null })
  })

  it('a send that got no answer (timeout) is failed as outcome unknown, never retried, and keeps the grant spent', async () => {
    const id = await queueFor('resident4')
    wx.sendDelayMs = WECHAT_TIMEOUT_MS + 300
    const first = await sendOutboxBatch(fx.srv.deps, 'sender-a')
    // WeChat did deliver it after the client gave up waiting.
    for (let i = 0; i < 100 && wx.sent.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
    wx.sendDelayMs = 0
    for (let i = 0; i < 3; i++) {
      fx.srv.clock.advance(3 * 3600_000)
      await sendOutboxBatch(fx.srv.deps, 'sender-a')
    }
    expect(receivedBy('o_resident_4')).toBe(1)
    expect(first).toMatchObject({ claimed: 1, sent: 0, retried: 0, unknown: 1 })
    expect(wx.sent.map((m) => m.touser)).toEqual(['o_resident_4'])
    expect(await grantsLeft('resident4')).toBe(1)
    const row = await fx.srv.deps.db.outboxItem.findUniqueOrThrow({ where: { id } })
    expect(row.status).toBe('failed')
    expect(row.lastError).toMatch(/^outcome unknown: no answer from WeChat \(-2 /)
    expect(row.attemptedAt).not.toBeNull()
    expect((await adminList('?unknownOutcome=true')).find((o) => o.id === id.toString())).toMatchObject({ unknownOutcome: true })
  })

  it('GET /admin/outbox: 401 without a token, 403 for staff who are not admins, 400 naming a bad unknownOutcome', async () => {
    expect((await new Client(fx.srv.baseUrl).get('/api/v1/admin/outbox?unknownOutcome=true')).status).toBe(401)
    expect((await (await fx.srv.as('committee1')).get('/api/v1/admin/outbox?unknownOutcome=true')).status).toBe(403)
    const bad = await fx.admin.get('/api/v1/admin/outbox?unknownOutcome=maybe')
    expect(bad.status).toBe(400)
    expect(fieldsOf(bad)).toEqual(['unknownOutcome'])
  })
})

describe('a send that never reached WeChat', () => {
  const wx = new FakeWechat()
  let srv: TestServer
  beforeAll(async () => {
    await wx.start()
    srv = await startTestServer({ env: { ...wx.env(), WECHAT_SUBSCRIBE_TEMPLATES: TEMPLATES, WECHAT_TIMEOUT_MS: String(WECHAT_TIMEOUT_MS) } })
    await srv.deps.db.user.update({ where: { username: 'resident5' }, data: { openid: 'o_resident_5' } })
    await srv.deps.wechat.getAccessToken()
  })
  afterAll(async () => {
    await srv.close()
  })

  it('(connection refused) is retried later with its grant given back: it cannot have been delivered', async () => {
    const me = await srv.as('resident5')
    await me.post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'accept' } })
    const committee = await srv.as('committee1')
    await committee.post('/api/v1/notices', { title: '微信连不上时的公告', body: '正文', importance: 'normal', mode: 'publish', target: { communityId: srv.demo!.communityIds[0] } })
    await wx.stop()
    const r = await sendOutboxBatch(srv.deps as Deps, 'sender-refused')
    expect(r).toMatchObject({ retried: 1, unknown: 0, failed: 0 })
    const row = await srv.deps.db.outboxItem.findFirstOrThrow({ where: { userId: srv.demo!.residentIds.resident5 } })
    expect(row).toMatchObject({ status: 'pending', attemptedAt: null })
    expect(row.lastError).toMatch(/^-4 not connected/)
    expect((await srv.deps.db.subscriptionGrant.findFirstOrThrow({ where: { userId: srv.demo!.residentIds.resident5 } })).remaining).toBe(1)
  })
})
