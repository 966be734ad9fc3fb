import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'

/**
 * One log line per API request: id, method, path (never the query string, which may hold search
 * terms), status, duration and the caller's user id. Bodies and headers are never logged.
 */
export function requestLog(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      if (ctx.path.startsWith('/api/')) {
        ctx.deps.log.request({
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: ctx.path,
          status: ctx.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          userId: ctx.state.actor?.id,
        })
      }
    }
  }
}
