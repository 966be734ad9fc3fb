import type Koa from 'koa'
import type { Actor } from '../core/actor.ts'
import type { Deps } from '../core/context.ts'
import type { SqlUnitOfWork, UnitOfWork } from '../core/db.ts'

/** What the middleware chain keeps on `ctx.state` while one request is handled. */
export type AppState = {
  requestId: string
  actor?: Actor
  /** The request body as received, for routes that verify signatures over it. */
  rawBody?: Buffer
  /** Parsed JSON body (before validation). */
  jsonBody?: unknown
  /** The client reached us over HTTPS (directly or through a trusted proxy). */
  secure?: boolean
  /** The validated input of the route being run (http/route.ts). */
  routeInput?: unknown
  /** The transaction runner of an idempotent request (set by the idempotency middleware). */
  unitOfWork?: UnitOfWork
  /** The same on a bare mysql2 transaction (set by the idempotency middleware). */
  sqlUnitOfWork?: SqlUnitOfWork
}

export type AppContextExt = { deps: Deps }
export type AppContext = Koa.ParameterizedContext<AppState, AppContextExt>
export type App = Koa<AppState, AppContextExt>

/** Where a request came from, for the audit trail (each value fits its audit column). */
export function requestOrigin(ctx: AppContext) {
  return {
    ip: (ctx.ip || '').slice(0, 45) || null,
    userAgent: Array.from(ctx.get('user-agent') || '').slice(0, 255).join('') || null,
    requestId: ctx.state.requestId,
  }
}
