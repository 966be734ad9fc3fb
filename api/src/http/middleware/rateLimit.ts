import type Koa from 'koa'
import type { ResultSetHeader, RowDataPacket } from 'mysql2'
import { audit } from '../../core/audit.ts'
import { accountDigest } from '../../core/crypto.ts'
import { requestOrigin, type AppContextExt, type AppState } from '../context.ts'
import type { SqlPool } from '../../core/db.ts'
import { tooManyRequests } from '../../core/errors.ts'

export type RateLimitRule = {
  windowSeconds: number
  max: number
  /** Audit action to record a refused request under (login routes: every attempt is audited). */
  audit?: string
}

/**
 * Counts one hit in a bucket's current window and returns the hits so far, in one statement that
 * every API process shares: the row is created on a bucket's first hit, incremented under its row
 * lock on the next ones, and restarted once its window has ended. `LAST_INSERT_ID(expr)` hands the
 * new count back in the same round trip (0 on the insert path, i.e. the first hit).
 */
export async function countHit(sql: SqlPool, bucket: string, now: Date, windowSeconds: number): Promise<{ hits: number; resetAt: () => Promise<Date> }> {
  const until = new Date(now.getTime() + windowSeconds * 1000)
  const [r] = await sql.query<ResultSetHeader>(
    `INSERT INTO rate_limit_hits (bucket, window_start, hits, expires_at) VALUES (?, ?, 1, ?)
     ON DUPLICATE KEY UPDATE
       hits = LAST_INSERT_ID(IF(expires_at <= VALUES(window_start), 1, hits + 1)),
       window_start = IF(expires_at <= VALUES(window_start), VALUES(window_start), window_start),
       expires_at = IF(expires_at <= VALUES(window_start), VALUES(expires_at), expires_at)`,
    [bucket, now, until],
  )
  return {
    hits: r.insertId || 1,
    resetAt: async () => {
      const [rows] = await sql.query<({ expires_at: Date } & RowDataPacket)[]>('SELECT expires_at FROM rate_limit_hits WHERE bucket = ?', [bucket])
      return rows[0]?.expires_at ?? until
    },
  }
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
