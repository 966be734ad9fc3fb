import { randomUUID } from 'node:crypto'
import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'

const SAFE_ID = /^[A-Za-z0-9._-]{8,64}$/

/** Gives every request an id (a well-formed incoming X-Request-Id is kept) and echoes it. */
export function requestId(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    const incoming = ctx.get('x-request-id')
    ctx.state.requestId = SAFE_ID.test(incoming) ? incoming : randomUUID()
    ctx.set('X-Request-Id', ctx.state.requestId)
    await next()
  }
}
