import { WechatError, type WechatClient } from './client.ts'

/**
 * WeChat content security for text: `POST /wxa/msg_sec_check` version 2
 * (https://developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/sec-center/sec-check/msgSecCheck.html).
 * The access token is the app's (refreshed once when WeChat answers 40001/40014/42001); the base
 * URL and timeout are `config.wechat`'s. This file only speaks the protocol: what to do with the
 * answer (or with a failure) is decided in `modules/moderation/moderation.ts`.
 */

/** WeChat's scenes: 1 资料 (profile), 2 评论 (comment), 3 论坛 (forum), 4 社交日志 (social log). */
export const MSG_SEC_SCENES = { profile: 1, comment: 2, forum: 3, social: 4 } as const
export type MsgSecScene = keyof typeof MSG_SEC_SCENES

export type MsgSecSuggest = 'pass' | 'review' | 'risky'

export type MsgSecCheckInput = {
  /** The text to check (at most 2500 characters per WeChat's rules; longer text is refused with 40003-like errors). */
  content: string
  scene: MsgSecScene
  /** The author's openid; v2 requires it (the user must have used the mini-program within 2 hours, per WeChat). */
  openid: string
  title?: string
  nickname?: string
  signature?: string
}

export type MsgSecCheckResult = {
  suggest: MsgSecSuggest
  /** 100 正常, 10001 广告, 20001 时政, 20002 色情, 20003 辱骂, 20006 违法犯罪, 20008 欺诈, 20012 低俗, 20013 版权, 21000 其他. */
  label: number
  traceId: string | null
}

const SUGGESTS = new Set<string>(['pass', 'review', 'risky'])

/**
 * Checks a text with WeChat. Resolves only when WeChat checked it (errcode 0 with a usable
 * `result`); throws `WechatError` otherwise: -3 not configured, -4 not connected, -2 timeout or a
 * malformed answer, or WeChat's own errcode (e.g. 40003 bad openid, 61010 user inactive).
 */
export async function msgSecCheck(wechat: WechatClient, input: MsgSecCheckInput): Promise<MsgSecCheckResult> {
  if (!wechat.isConfigured) throw new WechatError(-3, 'WECHAT_APPID / WECHAT_SECRET are not configured', 'msgSecCheck')
  const body = await wechat.postWithToken('msgSecCheck', '/wxa/msg_sec_check', {
    content: input.content,
    version: 2,
    scene: MSG_SEC_SCENES[input.scene],
    openid: input.openid,
    ...(input.title ? { title: input.title } : {}),
    ...(input.nickname ? { nickname: input.nickname } : {}),
    ...(input.signature ? { signature: input.signature } : {}),
  })
  const result = body.result as { suggest?: unknown; label?: unknown } | undefined
  const suggest = typeof result?.suggest === 'string' ? result.suggest : ''
  const label = Number(result?.label)
  if (!SUGGESTS.has(suggest) || !Number.isInteger(label)) {
    throw new WechatError(-2, 'msg_sec_check answered without a usable result', 'msgSecCheck')
  }
  return { suggest: suggest as MsgSecSuggest, label, traceId: typeof body.trace_id === 'string' ? body.trace_id : null }
}
