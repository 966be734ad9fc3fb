import type Koa from 'koa'
import { loadActor } from '../core/actor.ts'
import type { AppContextExt, AppState } from '../core/context.ts'
import { unauthorized } from '../core/errors.ts'
import { verifyAccessToken } from '../core/tokens.ts'

/** Requires a valid `Authorization: Bearer <accessToken>` and puts the caller in `ctx.state.actor`. */
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
    if (!actor) {
      actor = (await loadActor(ctx.deps.sql, check.userId)) ?? undefined
      if (!actor) throw unauthorized('账号不存在或已停用', 'ACCOUNT_DISABLED')
      actors.set(check.userId, actor)
    }
    ctx.state.actor = actor
    await next()
  }
}
