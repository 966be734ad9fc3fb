import { describe, expect, it } from 'vitest'
import { WechatError, type WechatClient } from './client.ts'
import { msgSecCheck } from './contentSecurity.ts'

/** A WechatClient whose postWithToken answers `answer` and records what was posted. */
function stubClient(answer: Record<string, unknown> | Error, isConfigured = true) {
  const posted: { api: string; path: string; body: unknown }[] = []
  const client = {
    isConfigured,
    async postWithToken(api: string, path: string, body: unknown) {
      posted.push({ api, path, body })
      if (answer instanceof Error) throw answer
      return answer
    },
  } as unknown as WechatClient
  return { client, posted }
}

const ok = (suggest: string, label: number) => ({ errcode: 0, errmsg: 'ok', trace_id: 't-1', result: { suggest, label }, detail: [] })

describe('msgSecCheck (msg_sec_check v2)', () => {
  it('posts version 2 with the scene number and the openid; optional fields only when given', async () => {
    const { client, posted } = stubClient(ok('pass', 100))
    expect(await msgSecCheck(client, { content: '楼道灯坏了', scene: 'forum', openid: 'o_1' })).toEqual({ suggest: 'pass', label: 100, traceId: 't-1' })
    await msgSecCheck(client, { content: '正文', scene: 'comment', openid: 'o_2', title: '标题' })
    await msgSecCheck(client, { content: '签名', scene: 'profile', openid: 'o_3', nickname: '老张', signature: '你好' })
    await msgSecCheck(client, { content: '日志', scene: 'social', openid: 'o_4' })
    expect(posted.map((p) => p.path)).toEqual(Array(4).fill('/wxa/msg_sec_check'))
    expect(posted.map((p) => p.body)).toEqual([
      { content: '楼道灯坏了', version: 2, scene: 3, openid: 'o_1' },
      { content: '正文', version: 2, scene: 2, openid: 'o_2', title: '标题' },
      { content: '签名', version: 2, scene: 1, openid: 'o_3', nickname: '老张', signature: '你好' },
      { content: '日志', version: 2, scene: 4, openid: 'o_4' },
    ])
  })

  it('returns review and risky with their label', async () => {
    expect(await msgSecCheck(stubClient(ok('review', 20012)).client, { content: 'x', scene: 'forum', openid: 'o' })).toMatchObject({ suggest: 'review', label: 20012 })
    expect(await msgSecCheck(stubClient(ok('risky', 20003)).client, { content: 'x', scene: 'forum', openid: 'o' })).toMatchObject({ suggest: 'risky', label: 20003 })
  })

  it('an answer without a usable result is a failure (-2), never a pass', async () => {
    for (const answer of [{ errcode: 0, errmsg: 'ok' }, { errcode: 0, result: { suggest: 'maybe', label: 100 } }, { errcode: 0, result: { suggest: 'pass' } }, { errcode: 0, result: { suggest: 'pass', label: '100x' } }]) {
      await expect(msgSecCheck(stubClient(answer).client, { content: 'x', scene: 'forum', openid: 'o' })).rejects.toMatchObject({ name: 'WechatError', errcode: -2 })
    }
  })

  it('passes the client errors through, and does not call WeChat when it is not configured', async () => {
    await expect(msgSecCheck(stubClient(new WechatError(61010, 'user access expired', 'msgSecCheck')).client, { content: 'x', scene: 'forum', openid: 'o' })).rejects.toMatchObject({ errcode: 61010 })
    const off = stubClient(ok('pass', 100), false)
    await expect(msgSecCheck(off.client, { content: 'x', scene: 'forum', openid: 'o' })).rejects.toMatchObject({ errcode: -3 })
    expect(off.posted).toHaveLength(0)
  })
})
