import type { Deps } from '../../core/context.ts'
import { AppError } from '../../core/errors.ts'
import { WechatError } from '../../integrations/wechat/client.ts'
import { msgSecCheck, type MsgSecScene } from '../../integrations/wechat/contentSecurity.ts'

/**
 * The moderation decision for a resident's text (opinions, questions…), from WeChat's content
 * check (msg_sec_check v2):
 * - `pass` → `publish`;
 * - `risky` → `refuse` (the caller throws `contentRefused(decision)`: 422 CONTENT_RISKY naming why);
 * - `review` → `hold` (kept, shown only to its author and staff until a moderator decides);
 * - the check could not run → `config.contentSecurity.onFailure` (CONTENT_SECURITY_ON_FAILURE,
 *   default `hold`). "Could not run" covers WeChat not configured (demo, dev), WeChat down,
 *   a timeout, any errcode ≠ 0 after one token refresh, and an author without a WeChat openid
 *   (password-only accounts: v2 checks only a text tied to a WeChat user).
 * The text is never logged; nothing is audited here (the caller audits its own write).
 */

export type ModerationScene = MsgSecScene

export type ModerationOutcome = 'publish' | 'hold' | 'refuse'

export type ModerationDecision = {
  outcome: ModerationOutcome
  /** Why it is held or refused, in plain Chinese for the author and staff; null when published after a pass. */
  reason: string | null
  /** WeChat's label (100 正常, 20003 辱骂…); null when the check could not run. */
  label: number | null
}

export type ModerationInput = {
  /** The author. */
  userId: number
  text: string
  scene: ModerationScene
  /** Optional context WeChat uses (a title for forum posts). */
  title?: string
}

export type ModerationDeps = Pick<Deps, 'db' | 'wechat' | 'config' | 'log'>

/** What each of WeChat's labels means, for the author. */
export const LABEL_MEANINGS: Readonly<Record<number, string>> = {
  100: '正常',
  10001: '广告',
  20001: '时政',
  20002: '色情',
  20003: '辱骂',
  20006: '违法犯罪',
  20008: '欺诈',
  20012: '低俗',
  20013: '版权',
  21000: '其他',
}

/** 「内容涉及辱骂」; a label without a known meaning (or 21000 其他) reads 「内容不符合发布规范」. */
export function labelReason(label: number | null): string {
  const meaning = label === null ? undefined : LABEL_MEANINGS[label]
  return meaning && label !== 21000 && label !== 100 ? `内容涉及${meaning}` : '内容不符合发布规范'
}

/** The reason of a text held or refused because the check could not run. */
export const CHECK_FAILED_REASON = '内容安全检查暂时无法进行'

/** Decides what becomes of a text. Never throws for WeChat's failures (they follow ON_FAILURE); database errors propagate. */
export async function moderateText(deps: ModerationDeps, input: ModerationInput): Promise<ModerationDecision> {
  const failed = (why: string, errcode?: number): ModerationDecision => {
    const outcome = deps.config.contentSecurity.onFailure
    deps.log.warn('content check could not run', { userId: input.userId, scene: input.scene, why, errcode, outcome })
    return { outcome, reason: CHECK_FAILED_REASON, label: null }
  }
  if (!deps.wechat.isConfigured) return failed('wechat not configured')
  const user = await deps.db.user.findUnique({ where: { id: input.userId }, select: { openid: true } })
  if (!user?.openid) return failed('author has no openid')
  let result
  try {
    result = await msgSecCheck(deps.wechat, { content: input.text, scene: input.scene, openid: user.openid, title: input.title })
  } catch (e) {
    if (e instanceof WechatError) return failed(e.errcode === -2 || e.errcode === -4 ? 'wechat unreachable' : 'wechat error', e.errcode)
    throw e
  }
  if (result.suggest === 'pass') return { outcome: 'publish', reason: null, label: result.label }
  if (result.suggest === 'risky') return { outcome: 'refuse', reason: labelReason(result.label), label: result.label }
  return { outcome: 'hold', reason: `${labelReason(result.label)}，待人工审核`, label: result.label }
}

/**
 * The error a route throws for a `refuse` decision: 422 CONTENT_RISKY 「内容涉及辱骂，请修改后再发布」
 * when WeChat found it risky; 503 CONTENT_CHECK_UNAVAILABLE when the check could not run and
 * CONTENT_SECURITY_ON_FAILURE=refuse (trying again later may pass).
 * `field` names the offending body field in `details.fields`.
 */
export function contentRefused(decision: ModerationDecision, field = 'content'): AppError {
  if (decision.label === null) {
    return new AppError(503, 'CONTENT_CHECK_UNAVAILABLE', '内容安全检查暂时无法进行，请稍后再发布', { retryAfterSeconds: 30 })
  }
  const message = `${labelReason(decision.label)}，请修改后再发布`
  return new AppError(422, 'CONTENT_RISKY', message, { fields: [{ field, message }], label: decision.label })
}

/** Throws `contentRefused` for a `refuse` decision; returns the decision otherwise (publish / hold). */
export function assertNotRefused(decision: ModerationDecision, field = 'content'): ModerationDecision & { outcome: 'publish' | 'hold' } {
  if (decision.outcome === 'refuse') throw contentRefused(decision, field)
  return decision as ModerationDecision & { outcome: 'publish' | 'hold' }
}
