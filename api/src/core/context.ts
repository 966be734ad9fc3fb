import type Koa from 'koa'
import type { Config } from '../config.ts'
import type { WechatClient } from '../integrations/wechat/client.ts'
import type { ReportCategory } from '../generated/prisma/client.ts'
import type { Actor } from './actor.ts'
import type { TtlCache } from './cache.ts'
import type { WorkingCalendar } from './calendar.ts'
import type { PiiCipher } from './crypto.ts'
import type { Db, SqlPool, UnitOfWork } from './db.ts'
import type { Logger } from './logger.ts'
import type { FileStorage } from './storage.ts'

/** Everything a request handler may use, created once per process (or per test). */
export type Deps = {
  config: Config
  db: Db
  sql: SqlPool
  cipher: PiiCipher
  wechat: WechatClient
  storage: FileStorage
  log: Logger
  /** The current time; tests may replace it. */
  now: () => Date
  /** Per-process caches; entries are short-lived and dropped on the writes that change them. */
  caches: {
    actors: TtlCache<number, Actor>
    /** The working calendar (5 s; cleared on an admin edit). */
    calendar: TtlCache<'calendar', Promise<WorkingCalendar>>
    /** The active report categories by id (5 s; cleared on an admin edit). */
    categories: TtlCache<'active', Promise<Map<number, ReportCategory>>>
  }
}

export type AppState = {
  requestId: string
  actor?: Actor
  /** The request body as received, for routes that verify signatures over it. */
  rawBody?: Buffer
  /** Parsed JSON body (before validation). */
  jsonBody?: unknown
  /** The client reached us over HTTPS (directly or through a trusted proxy). */
  secure?: boolean
  /** The validated input of the route being run (core/route.ts). */
  routeInput?: unknown
  /** The transaction runner of an idempotent request (set by the idempotency middleware). */
  unitOfWork?: UnitOfWork
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
