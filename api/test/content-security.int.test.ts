import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { loadConfig, type Config } from '../src/config.ts'
import type { Logger } from '../src/core/logger.ts'
import { createWechatClient, type WechatClient } from '../src/integrations/wechat/client.ts'
import {
  assertNotRefused,
  CHECK_FAILED_REASON,
  contentRefused,
  moderateText,
  type ModerationDecision,
  type ModerationInput,
} from '../src/modules/moderation/moderation.ts'
import { FakeContentSecurity } from './support/fakeContentSecurity.ts'
import { startTestServer, TEST_ENV, type TestServer } from './support/server.ts'

type OnFailure = Config['contentSecurity']['onFailure']
const SETTINGS: OnFailure[] = ['hold', 'publish', 'refuse']

describe('content security: WeChat msg_sec_check v2 and the moderation decision (fake WeChat on 127.0.0.1)', () => {
  const wx = new FakeContentSecurity()
  const down = new FakeContentSecurity()
  let srv: TestServer
  let authorId: number
  let noOpenidId: number
  /** Everything logged by the clients and the decision, to prove the text never is. */
  const logged: unknown[] = []
  const log: Logger = {
    info: (msg, fields) => logged.push([msg, fields]),
    warn: (msg, fields) => logged.push([msg, fields]),
    error: (msg, fields) => logged.push([msg, fields]),
    request: (line) => logged.push(['request', line]),
  }

  /** A WechatClient on the server's database, with its WeChat settings overridden. */
  const client = (wechat: Partial<Config['wechat']>): WechatClient =>
    createWechatClient({ config: { ...srv.config, wechat: { ...srv.config.wechat, ...wechat } }, db: srv.deps.db, log })
  let wechat: WechatClient
  const decide = (onFailure: OnFailure, input: Partial<ModerationInput> = {}, using: WechatClient = wechat): Promise<ModerationDecision> =>
    moderateText(
      { db: srv.deps.db, log, wechat: using, config: { ...srv.config, contentSecurity: { onFailure } } },
      { userId: authorId, text: '楼道的灯坏了三天了', scene: 'forum', ...input },
    )
  const failedAs = (onFailure: OnFailure): ModerationDecision => ({ outcome: onFailure, reason: CHECK_FAILED_REASON, label: null })

  beforeAll(async () => {
    await wx.start()
    await down.start()
    srv = await startTestServer({ env: wx.env() })
    wechat = client({})
    authorId = (await srv.deps.db.user.update({ where: { username: 'resident1' }, data: { openid: 'o_resident_1' } })).id
    noOpenidId = (await srv.deps.db.user.update({ where: { username: 'resident2' }, data: { openid: null } })).id
  })
  afterAll(async () => {
    await srv?.close()
    await wx.stop()
    await down.stop()
  })
  beforeEach(() => {
    wx.reset()
    logged.length = 0
  })

  it('pass → publish under every ON_FAILURE setting; posts v2 with the author openid and the scene', async () => {
    for (const s of SETTINGS) expect(await decide(s)).toEqual({ outcome: 'publish', reason: null, label: 100 })
    expect(wx.checks[0]).toEqual({ content: '楼道的灯坏了三天了', version: 2, scene: 3, openid: 'o_resident_1' })
    await decide('hold', { scene: 'comment', title: '关于路灯' })
    expect(wx.checks[3]).toMatchObject({ scene: 2, title: '关于路灯' })
  })

  it('risky → refuse under every setting; the route error is 422 CONTENT_RISKY naming the label', async () => {
    wx.rules.set('混蛋', { suggest: 'risky', label: 20003 })
    for (const s of SETTINGS) {
      const d = await decide(s, { text: '物业都是混蛋' })
      expect(d).toEqual({ outcome: 'refuse', reason: '内容涉及辱骂', label: 20003 })
      const e = contentRefused(d, 'body')
      expect([e.status, e.code, e.message]).toEqual([422, 'CONTENT_RISKY', '内容涉及辱骂，请修改后再发布'])
      expect(e.details).toEqual({ fields: [{ field: 'body', message: '内容涉及辱骂，请修改后再发布' }], label: 20003 })
      expect(() => assertNotRefused(d)).toThrow('内容涉及辱骂，请修改后再发布')
    }
    wx.rules.set('加微信', { suggest: 'risky', label: 21000 })
    expect(contentRefused(await decide('hold', { text: '加微信领红包' })).message).toBe('内容不符合发布规范，请修改后再发布')
  })

  it('review → hold under every setting (kept for a moderator), never refused', async () => {
    wx.rules.set('低俗', { suggest: 'review', label: 20012 })
    for (const s of SETTINGS) {
      const d = await decide(s, { text: '这话有点低俗' })
      expect(d).toEqual({ outcome: 'hold', reason: '内容涉及低俗，待人工审核', label: 20012 })
      expect(assertNotRefused(d).outcome).toBe('hold')
    }
  })

  it('an expired access token is refreshed and the check retried once', async () => {
    await decide('hold')
    const tokensBefore = wx.count('/cgi-bin/stable_token')
    const checksBefore = wx.count('/wxa/msg_sec_check')
    wx.expireTokens()
    wx.rules.set('混蛋', { suggest: 'risky', label: 20003 })
    expect(await decide('publish', { text: '混蛋' })).toMatchObject({ outcome: 'refuse', label: 20003 })
    expect(wx.count('/cgi-bin/stable_token')).toBe(tokensBefore + 1)
    expect(wx.count('/wxa/msg_sec_check')).toBe(checksBefore + 2)
    expect(wx.calls.filter((c) => c.path === '/cgi-bin/stable_token').at(-1)!.body).toMatchObject({ force_refresh: true })
  })

  it('a token refused again after the refresh is a failed check (one retry only)', async () => {
    for (const s of SETTINGS) {
      wx.checkFailNext.push(42001, 42001)
      const before = wx.checks.length
      expect(await decide(s)).toEqual(failedAs(s))
      expect(wx.checks.length - before).toBe(2)
    }
  })

  it('WeChat down (connection refused) → the ON_FAILURE setting', async () => {
    const base = down.baseUrl
    await down.stop()
    const refused = client({ apiBase: base })
    for (const s of SETTINGS) expect(await decide(s, {}, refused)).toEqual(failedAs(s))
    expect(logged).toContainEqual(['content check could not run', expect.objectContaining({ errcode: -4, why: 'wechat unreachable' })])
  })

  it('a timeout → the ON_FAILURE setting, within the configured timeout', async () => {
    const slow = client({ timeoutMs: 200 })
    wx.checkDelayMs = 1500
    for (const s of SETTINGS) {
      const started = Date.now()
      expect(await decide(s, {}, slow)).toEqual(failedAs(s))
      expect(Date.now() - started).toBeLessThan(1200)
    }
    expect(logged).toContainEqual(['content check could not run', expect.objectContaining({ errcode: -2 })])
  })

  it('errcode ≠ 0 (system busy, user inactive) and a body that is not JSON → the ON_FAILURE setting', async () => {
    for (const s of SETTINGS) {
      wx.checkFailNext.push(-1)
      expect(await decide(s)).toEqual(failedAs(s))
      wx.inactive.add('o_resident_1')
      expect(await decide(s)).toEqual(failedAs(s))
      wx.inactive.clear()
      wx.garbageNext = 1
      expect(await decide(s)).toEqual(failedAs(s))
    }
    expect(logged.filter((l) => (l as [string])[0] === 'content check could not run').map((l) => (l as [string, { errcode: number }])[1].errcode)).toEqual(
      [-1, 61010, -2, -1, 61010, -2, -1, 61010, -2],
    )
  })

  it('an author without a WeChat openid, or WeChat not configured → the ON_FAILURE setting, WeChat not called', async () => {
    const unconfigured = client({ appid: undefined, secret: undefined })
    for (const s of SETTINGS) {
      expect(await decide(s, { userId: noOpenidId })).toEqual(failedAs(s))
      expect(await decide(s, {}, unconfigured)).toEqual(failedAs(s))
    }
    expect(wx.checks).toHaveLength(0)
  })

  it('a check that could not run under ON_FAILURE=refuse is a 503 to retry, not a 422', async () => {
    wx.checkFailNext.push(-1)
    const d = await decide('refuse')
    const e = contentRefused(d)
    expect([e.status, e.code, e.message]).toEqual([503, 'CONTENT_CHECK_UNAVAILABLE', '内容安全检查暂时无法进行，请稍后再发布'])
    expect(() => assertNotRefused(d)).toThrow(e.message)
  })

  it('never logs the text', async () => {
    const secret = '这是一段不应出现在日志里的文字'
    wx.checkFailNext.push(-1)
    await decide('hold', { text: secret })
    await decide('hold', { text: secret, userId: noOpenidId })
    expect(logged.length).toBeGreaterThan(0)
    expect(JSON.stringify(logged)).not.toContain('不应出现')
  })

  it('CONTENT_SECURITY_ON_FAILURE: hold by default; only hold, publish or refuse', () => {
    const { CONTENT_SECURITY_ON_FAILURE: _testRule, ...base } = TEST_ENV
    const env = { ...base, DATABASE_URL: 'mysql://root@127.0.0.1:3306/x' }
    expect(loadConfig(env).contentSecurity).toEqual({ onFailure: 'hold' })
    expect(loadConfig({ ...env, CONTENT_SECURITY_ON_FAILURE: 'publish' }).contentSecurity.onFailure).toBe('publish')
    expect(() => loadConfig({ ...env, CONTENT_SECURITY_ON_FAILURE: 'allow' })).toThrow(/CONTENT_SECURITY_ON_FAILURE/)
  })
})
