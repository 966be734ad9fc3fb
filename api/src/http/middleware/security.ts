import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'

/** The policy of every response that is not a portal page: it may load nothing and is never framed. */
const NOTHING_CSP = "default-src 'none'; frame-ancestors 'none'"

/**
 * The portal's Content-Security-Policy: scripts only from our origin plus the inline scripts of
 * the page, named by their sha256 hashes (no 'unsafe-inline', no eval). Styles allow inline: Taro
 * injects <style> elements and writes `style` attributes. Data and blob images are the app's own
 * (icons, previews); Taro's uploadFile reads a picked image back from its blob: URL.
 */
export function portalCsp(scriptHashes: string[]): string {
  return [
    "default-src 'self'",
    `script-src 'self'${scriptHashes.map((h) => ` 'sha256-${h}'`).join('')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ')
}

/**
 * Conservative security headers on every response; API responses are never cached. HSTS only
 * when the client reached us over HTTPS (ctx.state.secure: directly or through a trusted proxy):
 * over plain HTTP the header means nothing and a forged X-Forwarded-Proto must not set it.
 */
export function securityHeaders(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    await next()
    ctx.set('X-Content-Type-Options', 'nosniff')
    ctx.set('Referrer-Policy', 'no-referrer')
    ctx.set('X-Frame-Options', 'DENY')
    const hsts = ctx.deps.config.hstsMaxAgeSeconds
    if (ctx.state.secure && hsts > 0) ctx.set('Strict-Transport-Security', `max-age=${hsts}; includeSubDomains`)
    if (ctx.path.startsWith('/api/docs')) return
    if (ctx.path.startsWith('/api/') && !ctx.response.get('Cache-Control')) ctx.set('Cache-Control', 'no-store')
    if (!ctx.response.get('Content-Security-Policy')) ctx.set('Content-Security-Policy', NOTHING_CSP)
  }
}

/**
 * CORS for an allow-list of origins (the Taro H5 dev server); same-origin needs none. The
 * browser hides response headers from cross-origin scripts unless they are exposed: the client
 * needs the request id (support), Retry-After (429/503) and whether a write was replayed.
 */
export function cors(origins: string[]): Koa.Middleware<AppState, AppContextExt> {
  const allowed = new Set(origins)
  return async (ctx, next) => {
    const origin = ctx.get('origin')
    if (origin && allowed.has(origin)) {
      ctx.set('Access-Control-Allow-Origin', origin)
      ctx.vary('Origin')
      ctx.set('Access-Control-Allow-Headers', 'Authorization, Content-Type, Idempotency-Key, X-Request-Id')
      ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS')
      ctx.set('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, Idempotent-Replayed')
      ctx.set('Access-Control-Max-Age', '600')
      if (ctx.method === 'OPTIONS') {
        ctx.status = 204
        return
      }
    }
    await next()
  }
}
