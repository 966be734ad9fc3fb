import { beforeEach, describe, expect, it } from 'vitest'
import { createDeps } from '../src/deps.ts'
import { MAX_ATTEMPTS, sendOutboxBatch } from '../src/jobs/outboxSender.ts'
import { Client, fieldsOf } from './support/client.ts'
import { createResident } from './support/factories.ts'
import { FakeWechat } from './support/fakeWechat.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

const TEMPLATE_ID = 'tmpl_notice_0001'
const TEMPLATES = JSON.stringify({
  notice: { id: TEMPLATE_ID, title: '社区公告通知', fields: { thing1: 'title', time2: 'publishedAt', thing3: 'publisher' } },
})

describe('subscribe messages through the outbox (fake WeChat on 127.0.0.1)', () => {
  const wx = new FakeWechat()

  /** Residents of grid 4 with WeChat openids, as if they had logged in from the mini-program. */
  const openids: Record<string, string> = {}
  const grant = async (username: string, result: 'accept' | 'reject' | 'ban' = 'accept') =>
    (await t.srv.as(username)).post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: result } })
  const publish = async (title: string) =>
    (await t.committee.post('/api/v1/notices', { title, body: '正文', importance: 'normal', mode: 'publish', target: { communityId: t.community1 } })).body.data
  const outboxOf = (noticeTitle: string) =>
    t.srv.deps.db.outboxItem.findMany({ where: { payload: { path: '$.title', equals: noticeTitle } }, orderBy: { id: 'asc' } })

  const t = useFixture(async () => {
    await wx.start()
    const srv = await startTestServer({ env: { ...wx.env(), WECHAT_SUBSCRIBE_TEMPLATES: TEMPLATES } })
    const api = new Client(srv.baseUrl)
    const committee = await srv.as('committee1')
    const community1: number = srv.demo!.communityIds[0]
    for (const i of [1, 2, 3, 4, 5]) {
      openids[`resident${i}`] = `o_resident_${i}`
      await srv.deps.db.user.update({ where: { username: `resident${i}` }, data: { openid: `o_resident_${i}` } })
    }
    return { srv, api, committee, community1 }
  }, async () => {
    await wx.stop()
  })
  beforeEach(() => {
    wx.sent.length = 0
    wx.failNext.length = 0
    wx.noGrant.clear()
  })

  it('GET/POST /subscriptions counts one-time grants; unknown templates are named', async () => {
    const me = await t.srv.as('resident1')
    expect((await me.get('/api/v1/subscriptions')).body.data).toEqual([{ key: 'notice', templateId: TEMPLATE_ID, title: '社区公告通知', remaining: 0 }])
    await me.post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'accept' } })
    const after = await me.post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'accept' } })
    expect(after.body.data[0].remaining).toBe(2)
    const bad = await me.post('/api/v1/subscriptions', { results: { other_tmpl: 'accept' } })
    expect([bad.status, fieldsOf(bad)]).toEqual([400, ['results.other_tmpl']])
    expect(fieldsOf(await me.post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'maybe' } }))).toEqual([`results.${TEMPLATE_ID}`])
    expect((await t.api.post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'accept' } })).status).toBe(401)
    await me.post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'ban' } })
    expect((await me.get('/api/v1/subscriptions')).body.data[0].remaining).toBe(0)
  })

  it('writes outbox rows only for residents with a grant, and sends each once after commit, data shaped to the rules', async () => {
    await grant('resident1')
    await grant('resident2')
    const n = await publish('关于本周六上午九点在社区活动中心开展免费体检活动的通知')
    const rows = await outboxOf(n.title)
    expect(rows.map((r) => r.userId).sort()).toEqual([t.srv.demo!.residentIds.resident1, t.srv.demo!.residentIds.resident2].sort())
    expect(wx.sent).toHaveLength(0)
    const result = await sendOutboxBatch(t.srv.deps, 'sender-a')
    expect(result).toMatchObject({ claimed: 2, sent: 2 })
    expect(wx.sent.map((s) => s.touser).sort()).toEqual(['o_resident_1', 'o_resident_2'])
    const msg = wx.sent[0]
    expect(msg.template_id).toBe(TEMPLATE_ID)
    expect(Array.from(msg.data.thing1.value)).toHaveLength(20)
    expect(msg.data.time2.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/)
    expect(msg.data.thing3.value).toBe('青石社区')
    expect(msg.page).toBe(`packages/notices/detail/index?id=${n.id}`)
    expect((await outboxOf(n.title)).every((r) => r.status === 'sent' && r.sentAt && r.attemptedAt === null)).toBe(true)
    // The grant is spent: the next notice writes no outbox row for them.
    const next = await publish('第二条公告')
    expect(await outboxOf(next.title)).toHaveLength(0)
    expect((await sendOutboxBatch(t.srv.deps, 'sender-a')).claimed).toBe(0)
  })

  it('43101 (no grant on WeChat) ends the row without retry and clears the count', async () => {
    await grant('resident3')
    await grant('resident3')
    wx.noGrant.add('o_resident_3')
    const n = await publish('43101 测试')
    expect(await sendOutboxBatch(t.srv.deps, 'sender-a')).toMatchObject({ claimed: 1, sent: 0, skipped: 1 })
    const [row] = await outboxOf(n.title)
    expect(row).toMatchObject({ status: 'skipped', attempts: 1, attemptedAt: null })
    expect(row.lastError).toMatch(/^43101/)
    expect((await t.srv.deps.db.subscriptionGrant.findFirstOrThrow({ where: { userId: t.srv.demo!.residentIds.resident3 } })).remaining).toBe(0)
    t.srv.clock.advance(24 * 3600_000)
    expect((await sendOutboxBatch(t.srv.deps, 'sender-a')).claimed).toBe(0)
  })

  it('retries other failures with backoff, giving the grant back, then marks them failed for admins to see', async () => {
    await grant('resident4')
    wx.failNext.push(-1)
    const n = await publish('重试测试')
    expect(await sendOutboxBatch(t.srv.deps, 'sender-a')).toMatchObject({ claimed: 1, retried: 1 })
    let [row] = await outboxOf(n.title)
    // WeChat answered, so the outcome is known: the attempt mark is cleared and the row retried.
    expect(row).toMatchObject({ status: 'pending', attempts: 1, attemptedAt: null })
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(t.srv.clock.now().getTime())
    expect((await t.srv.deps.db.subscriptionGrant.findFirstOrThrow({ where: { userId: t.srv.demo!.residentIds.resident4 } })).remaining).toBe(1)
    expect((await sendOutboxBatch(t.srv.deps, 'sender-a')).claimed).toBe(0)
    t.srv.clock.advance(3600_000)
    expect(await sendOutboxBatch(t.srv.deps, 'sender-a')).toMatchObject({ claimed: 1, sent: 1 })
    ;[row] = await outboxOf(n.title)
    expect(row).toMatchObject({ status: 'sent', attempts: 2 })

    await grant('resident5')
    const m = await publish('一直失败')
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      wx.failNext.push(-1)
      await sendOutboxBatch(t.srv.deps, 'sender-a')
      t.srv.clock.advance(3 * 3600_000)
    }
    ;[row] = await outboxOf(m.title)
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, attemptedAt: null })
    expect(wx.sent).toHaveLength(1)
    const admin = await t.srv.as('admin')
    const failed = (await admin.get('/api/v1/admin/outbox?status=failed')).body.data
    expect(failed.find((f: { id: string }) => f.id === row.id.toString())).toMatchObject({ unknownOutcome: false, attemptedAt: null })
    expect((await admin.get('/api/v1/admin/outbox?unknownOutcome=true')).body.data).toEqual([])
    expect((await (await t.srv.as('committee1')).get('/api/v1/admin/outbox')).status).toBe(403)
  })

  it('fetches the access token once for several processes starting cold at the same time', async () => {
    await t.srv.deps.db.wechatAccessToken.deleteMany({})
    const before = wx.count('/cgi-bin/stable_token')
    const others = [1, 2, 3].map(() => createDeps(t.srv.config, { now: t.srv.clock.now }))
    try {
      const tokens = await Promise.all(others.map((d) => d.wechat.getAccessToken()))
      expect(new Set(tokens).size).toBe(1)
      expect(wx.count('/cgi-bin/stable_token') - before).toBe(1)
    } finally {
      await Promise.all(others.map((d) => d.close()))
    }
  })

  it('a row whose batch lease ran out during slow sends goes to the sender that took it over, and is sent once', async () => {
    for (const u of ['resident1', 'resident2', 'resident3']) await grant(u)
    const n = await publish('慢速发送')
    const rows = await outboxOf(n.title)
    expect(rows.length).toBeGreaterThanOrEqual(3)
    wx.sendDelayMs = 300
    wx.received.length = 0
    try {
      const a = sendOutboxBatch(t.srv.deps, 'slow-a', rows.length)
      for (let i = 0; i < 200 && wx.received.length === 0; i++) await new Promise((r) => setTimeout(r, 10))
      expect(wx.received).toHaveLength(1)
      // As if A's earlier sends had taken longer than the batch lease: every row A has not reached
      // yet is now past its lease, so another sender may claim it.
      const inFlight = await t.srv.deps.db.user.findFirstOrThrow({ where: { openid: wx.received[0] } })
      const waiting = rows.filter((r) => r.userId !== inFlight.id).map((r) => r.id)
      await t.srv.deps.db.outboxItem.updateMany({ where: { id: { in: waiting } }, data: { leaseUntil: new Date(t.srv.clock.now().getTime() - 1000) } })
      const b = await sendOutboxBatch(t.srv.deps, 'takeover-b', rows.length)
      expect(b).toMatchObject({ claimed: rows.length - 1, sent: rows.length - 1, lost: 0 })
      expect(await a).toMatchObject({ claimed: rows.length, sent: 1, lost: rows.length - 1 })
      const sentTo = wx.sent.map((m) => m.touser).sort()
      expect(sentTo).toEqual([...new Set(sentTo)])
      expect(sentTo).toHaveLength(rows.length)
      expect((await outboxOf(n.title)).map((r) => r.status)).toEqual(rows.map(() => 'sent'))
    } finally {
      wx.sendDelayMs = 0
    }
  })

  it('two senders with their own connections never send the same message twice', async () => {
    const ids: number[] = []
    for (let i = 0; i < 30; i++) {
      const u = await createResident(t.srv.deps.db, t.srv.deps.cipher, `sub_${i}`)
      await t.srv.deps.db.user.update({ where: { id: u.id }, data: { openid: `o_sub_${i}` } })
      const household = await t.srv.deps.db.household.findFirstOrThrow({ where: { communityId: t.community1 }, skip: 100 + i })
      await t.srv.deps.db.householdBinding.create({
        data: { userId: u.id, householdId: household.id, communityId: household.communityId, gridId: household.gridId, relation: 'owner', status: 'approved', activeFlag: true },
      })
      await grant(`sub_${i}`)
      ids.push(u.id)
    }
    const n = await publish('两个发送者')
    const rows = await outboxOf(n.title)
    // The 30 new residents, plus resident5 whose grant came back when every send failed above.
    expect(rows.filter((r) => ids.includes(r.userId))).toHaveLength(30)
    wx.sendDelayMs = 25
    const second = createDeps(t.srv.config, { now: t.srv.clock.now })
    await second.db.user.count()
    await second.wechat.getAccessToken()
    try {
      const drain = async (deps: typeof t.srv.deps, owner: string) => {
        let total = 0
        for (;;) {
          const r = await sendOutboxBatch(deps, owner, 4)
          if (!r.claimed) return total
          total += r.sent
        }
      }
      const [a, b] = await Promise.all([drain(t.srv.deps, 'sender-a'), drain(second, 'sender-b')])
      expect(a + b).toBe(rows.length)
      expect(a).toBeGreaterThan(0)
      expect(b).toBeGreaterThan(0)
    } finally {
      wx.sendDelayMs = 0
      await second.close()
    }
    const touched = wx.sent.map((s) => s.touser)
    expect(touched).toHaveLength(rows.length)
    expect(new Set(touched).size).toBe(rows.length)
    expect((await outboxOf(n.title)).every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true)
  })
})
