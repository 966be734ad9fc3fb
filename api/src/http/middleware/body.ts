import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'
import { AppError } from '../../core/errors.ts'

/**
 * Reads JSON request bodies (bounded in size) into `ctx.state.jsonBody`, keeping the raw bytes
 * in `ctx.state.rawBody`. Other content types are left unread for the routes that handle them.
 */
export function jsonBody(limitBytes = 1024 * 1024): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(ctx.method) || !ctx.is('application/json')) return next()
    const declared = Number(ctx.get('content-length') || 0)
    if (declared > limitBytes) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `请求体不能超过 ${Math.round(limitBytes / 1024)} KB`)
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of ctx.req) {
      size += (chunk as Buffer).length
      if (size > limitBytes) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `请求体不能超过 ${Math.round(limitBytes / 1024)} KB`)
      chunks.push(chunk as Buffer)
    }
    const raw = Buffer.concat(chunks)
    ctx.state.rawBody = raw
    if (raw.length) {
      try {
        ctx.state.jsonBody = JSON.parse(raw.toString('utf8'))
      } catch {
        throw new AppError(400, 'INVALID_JSON', '请求体不是合法的 JSON')
      }
    }
    await next()
  }
}
