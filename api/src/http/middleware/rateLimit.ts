import type Koa from 'koa'
import { audit } from '../../core/audit.ts'
import { accountDigest } from '../../core/crypto.ts'
import { countHit } from '../../core/hits.ts'
import { requestOrigin, type AppContextExt, type AppState } from '../context.ts'
import { tooManyRequests } from '../../core/errors.ts'

export type RateLimitRule = {
  windowSeconds: number
  max: number
  /** Audit action to record a refused request under (login routes: every attempt is audited). */
  audit?: string
}

/**
 * A limit per client IP and route, counted in the database so that every API process shares it
 * (N instances allow `max` in all, not N × `max`). Windows start at a bucket's first hit. Per-account
 * protection (password lockout) is separate, in auth.service.ts.
 */
export function rateLimit(rule: RateLimitRule, name: string): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    const now = ctx.deps.now()
    const bucket = `${name}|${ctx.ip}`.slice(0, 191)
    const hit = await countHit(ctx.deps.sql, bucket, now, rule.windowSeconds)
    if (hit.hits > rule.max) {
      if (rule.audit) {
        const body = ctx.state.jsonBody as { username?: unknown } | undefined
        // The account as a digest (the same one the login throttle uses): a username typed by a
        // stranger may be someone's phone number, and audit rows are kept for months.
        const account = typeof body?.username === 'string' ? accountDigest(body.username) : undefined
        await audit(ctx.deps.db, { action: rule.audit, result: 'denied', details: { reason: 'rate_limited', ...(account ? { account } : {}) } }, requestOrigin(ctx))
      }
      const resetAt = await hit.resetAt()
      // Parallel requests read the clock before their hit lands, so clamp to the window.
      const seconds = Math.ceil((resetAt.getTime() - now.getTime()) / 1000)
      throw tooManyRequests(undefined, Math.min(rule.windowSeconds, Math.max(1, seconds)))
    }
    await next()
  }
}
