import type Koa from 'koa'
import { loadActor } from '../../core/actor.ts'
import type { AppContextExt, AppState } from '../context.ts'
import { unauthorized } from '../../core/errors.ts'
import { verifyAccessToken } from '../../core/tokens.ts'

/**
 * Requires a valid `Authorization: Bearer <accessToken>` and puts the caller in `ctx.state.actor`.
 * The token's session version must be the user's current one; it is checked against the cached
 * actor, so no query is added per request (another process's bump is seen within the cache's
 * lifetime, 5 s; this process's own bumps drop the cache entry at once).
 */
export function authenticate(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    const header = ctx.get('authorization')
    const m = /^Bearer\s+(\S+)$/i.exec(header)
    if (!m) throw unauthorized()
    const check = verifyAccessToken(ctx.deps.config, m[1])
    if (!check.ok) {
      throw check.expired ? unauthorized('登录已过期，请重新登录', 'TOKEN_EXPIRED') : unauthorized('登录凭证无效', 'INVALID_TOKEN')
    }
    const { actors } = ctx.deps.caches
    let actor = actors.get(check.userId)
    // A token newer than the cached actor means another process bumped the version: reload.
    if (!actor || check.sessionVersion > actor.sessionVersion) {
      actor = (await loadActor(ctx.deps.sql, check.userId)) ?? undefined
      if (!actor) throw unauthorized('账号不存在或已停用', 'ACCOUNT_DISABLED')
      actors.set(check.userId, actor)
    }
    if (check.sessionVersion !== actor.sessionVersion) throw unauthorized('登录已失效，请重新登录', 'SESSION_REVOKED')
    ctx.state.actor = actor
    await next()
  }
}
