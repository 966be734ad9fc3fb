import type Koa from 'koa'
import type { AppContextExt, AppState } from '../core/context.ts'
import { tooManyRequests } from '../core/errors.ts'

export type RateLimitRule = { windowSeconds: number; max: number }

/**
 * Fixed-window limit per client IP and route, kept in this process's memory. Per-account
 * protection (password lockout) lives in the database; this only blunts floods. Behind N
 * instances the effective limit is N × max (see docs/deployment.md).
 */
export function rateLimit(rule: RateLimitRule, name: string): Koa.Middleware<AppState, AppContextExt> {
  const hits = new Map<string, { windowStart: number; count: number }>()
  return async (ctx, next) => {
    const now = ctx.deps.now().getTime()
    const key = `${ctx.ip}|${name}`
    const w = hits.get(key)
    if (!w || now - w.windowStart >= rule.windowSeconds * 1000) {
      if (hits.size > 10_000) hits.clear()
      hits.set(key, { windowStart: now, count: 1 })
    } else if (++w.count > rule.max) {
      throw tooManyRequests(undefined, Math.ceil((w.windowStart + rule.windowSeconds * 1000 - now) / 1000))
    }
    await next()
  }
}
