import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'
import { AppError, isUniqueViolation } from '../../core/errors.ts'

type HttpishError = { status?: number; statusCode?: number; expose?: boolean; message?: string; code?: string; type?: string }

/** Maps a thrown value to an AppError; anything unknown becomes an opaque 500. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  if (isUniqueViolation(err)) return new AppError(409, 'CONFLICT', '数据已存在或与现有记录冲突')
  const e = err as HttpishError & { code?: string }
  if (e?.code === 'P2025') return new AppError(404, 'NOT_FOUND', '记录不存在')
  const status = e?.status ?? e?.statusCode
  if (typeof status === 'number' && status >= 400 && status < 500) {
    if (status === 413) return new AppError(413, 'PAYLOAD_TOO_LARGE', '请求体过大')
    return new AppError(status, 'BAD_REQUEST', e.expose && e.message ? e.message : '请求无效')
  }
  if (isDatabaseUnavailable(err)) {
    return new AppError(503, 'SERVICE_UNAVAILABLE', '服务暂时不可用，请稍后再试', { retryAfterSeconds: 5 })
  }
  return new AppError(500, 'INTERNAL', '服务器内部错误，请稍后再试')
}

// P2024/P2028: no connection from the pool in time, or an interactive transaction that could not
// start or expired while waiting on the database.
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'PROTOCOL_CONNECTION_LOST', 'ER_GET_CONNECTION_TIMEOUT', 'P1001', 'P1017', 'P2024', 'P2028'])
const UNREACHABLE_TEXT = /ECONNREFUSED|ETIMEDOUT|ECONNRESET|EPIPE|connection (?:lost|closed|refused)|retrieve a connection from pool|pool timeout|Can't reach database server/i

/** True when the error says the database could not be reached (as opposed to a bug or bad data). */
export function isDatabaseUnavailable(err: unknown): boolean {
  const seen = new Set<unknown>()
  const walk = (e: unknown, depth: number): boolean => {
    if (!e || typeof e !== 'object' || seen.has(e) || depth > 5) return false
    seen.add(e)
    const x = e as { code?: unknown; originalCode?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown }; state?: unknown; sqlState?: unknown }
    for (const c of [x.code, x.originalCode, x.kind]) if (typeof c === 'string' && UNREACHABLE_CODES.has(c)) return true
    // SQLSTATE class 08 is "connection exception" (the mariadb driver's lost sockets are 08S01).
    for (const s of [x.state, x.sqlState]) if (typeof s === 'string' && s.startsWith('08')) return true
    if (typeof x.message === 'string' && UNREACHABLE_TEXT.test(x.message)) return true
    return walk(x.cause, depth + 1) || walk(x.meta?.driverAdapterError, depth + 1)
  }
  return walk(err, 0)
}

/**
 * What the router left without a body becomes an error in the envelope: no route (404), a route
 * without this method (405, the router's Allow header kept), a method no route knows (501).
 */
function unanswered(ctx: Koa.ParameterizedContext<AppState, AppContextExt>): void {
  const what = `${ctx.method} ${ctx.path}`
  if (ctx.status === 404) throw new AppError(404, 'ROUTE_NOT_FOUND', `没有这个接口: ${what}`)
  if (ctx.status === 405) throw new AppError(405, 'METHOD_NOT_ALLOWED', `接口不支持此请求方法: ${what}`, { allow: ctx.response.get('Allow').split(/,\s*/).filter(Boolean) })
  if (ctx.status === 501) {
    if (!ctx.response.get('Allow')) ctx.remove('Allow')
    throw new AppError(501, 'NOT_IMPLEMENTED', `不支持的请求方法: ${ctx.method}`)
  }
}

/**
 * The one error middleware: every error leaves as `{error: {code, message, details}, requestId}`.
 * 5xx bodies say nothing internal; the full error goes to the log with the request id.
 */
export function errorHandler(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    try {
      await next()
      if (ctx.body === undefined) unanswered(ctx)
    } catch (err) {
      const appErr = toAppError(err)
      if (appErr.status >= 500 && appErr.status !== 501) {
        ctx.deps.log.error('request failed', {
          requestId: ctx.state.requestId,
          method: ctx.method,
          path: ctx.path,
          error: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err),
        })
      }
      ctx.status = appErr.status
      if (appErr.status === 429 || appErr.status === 503) {
        const retry = (appErr.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
        if (retry) ctx.set('Retry-After', String(retry))
      }
      ctx.body = {
        error: { code: appErr.code, message: appErr.message, ...(appErr.details !== undefined ? { details: appErr.details } : {}) },
        requestId: ctx.state.requestId,
      }
    }
  }
}
