import type Koa from 'koa'
import type { AppContextExt, AppState } from '../core/context.ts'

/** Conservative security headers on every response; API responses are never cached. */
export function securityHeaders(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    await next()
    ctx.set('X-Content-Type-Options', 'nosniff')
    ctx.set('Referrer-Policy', 'no-referrer')
    ctx.set('X-Frame-Options', 'DENY')
    if (ctx.path.startsWith('/api/') && !ctx.path.startsWith('/api/docs')) {
      if (!ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store')
      if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'")
    }
  }
}

/** CORS for an allow-list of origins (the Taro H5 dev server); same-origin needs none. */
export function cors(origins: string[]): Koa.Middleware<AppState, AppContextExt> {
  const allowed = new Set(origins)
  return async (ctx, next) => {
    const origin = ctx.get('origin')
    if (origin && allowed.has(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin)
      ctx.set('Vary', 'Origin')
      ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id')
      ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
      ctx.set('Access-Control-Max-Age', '600')
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204
        return
      }
    }
    await next()
  }
}
