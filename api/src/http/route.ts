import Router from '@koa/router'
import type Koa from 'koa'
import { z } from 'zod'
import { authenticate } from './middleware/auth.ts'
import { idempotency } from './middleware/idempotency.ts'
import { rateLimit, type RateLimitRule } from './middleware/rateLimit.ts'
import type { Actor } from '../core/actor.ts'
import type { AppContext, AppContextExt, AppState } from './context.ts'
import { sqlTransaction, type SqlUnitOfWork, type UnitOfWork } from '../core/db.ts'
import { AppError } from '../core/errors.ts'
import { parseInput } from '../core/validate.ts'

type Schema = z.ZodType
type Out<S> = S extends Schema ? z.output<S> : undefined

export type RouteSpec<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined> = {
  summary: string
  description?: string
  tags: string[]
  /** `none` for public routes; everything else needs a valid access token. */
  auth?: 'required' | 'none'
  body?: B
  query?: Q
  params?: P
  /** The schema of `data` in a success response, for the OpenAPI document. */
  response?: Schema
  /** Lists add `page: {nextCursor}` beside `data`. */
  paginated?: boolean
  status?: number
  /** Create routes honour the Idempotency-Key header. */
  idempotent?: boolean
  rateLimit?: RateLimitRule
}

export type RouteInput<B, Q, P> = {
  body: Out<B>; query: Out<Q>; params: Out<P>; actor: Actor
  /** Runs the route's writes in one transaction (for idempotent routes, with the key and response). */
  unitOfWork: UnitOfWork
  /** The same on a bare mysql2 transaction (`sqlTransaction`), for services written in raw SQL. */
  sqlUnitOfWork: SqlUnitOfWork
}

export type RouteDoc = {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete'
  path: string
  spec: RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>
}

/** What a route runs once its input is parsed; a defined result is the response body. */
export type RouteHandler<B, Q, P> = (ctx: AppContext, input: RouteInput<B, Q, P>) => Promise<unknown>

/** Declares a route of one HTTP method: path, spec (schemas, auth, limits) and handler. */
type DeclareRoute = <B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  path: string, spec: RouteSpec<B, Q, P>, handler: RouteHandler<B, Q, P>,
) => void

/**
 * A router whose routes are declared once with their schemas: the same declaration validates
 * requests, runs authentication, rate limits and idempotency, and feeds the OpenAPI document.
 */
export class ApiRoutes {
  readonly router: Router<AppState, AppContextExt>
  readonly docs: RouteDoc[] = []

  constructor(readonly prefix: string) {
    this.router = new Router<AppState, AppContextExt>({ prefix })
  }

  readonly get = this.method('get')
  readonly post = this.method('post')
  readonly put = this.method('put')
  readonly patch = this.method('patch')
  readonly delete = this.method('delete')

  /** The declaring function of one HTTP method (`get`, `post`, …). */
  private method(method: RouteDoc['method']): DeclareRoute {
    return (path, spec, handler) => this.add(method, path, spec, handler)
  }

  private add<B extends Schema | undefined, Q extends Schema | undefined, P extends Schema | undefined>(
    method: RouteDoc['method'],
    path: string,
    spec: RouteSpec<B, Q, P>,
    handler: RouteHandler<B, Q, P>,
  ) {
    this.docs.push({ method, path: this.prefix + path, spec: spec as RouteDoc['spec'] })
    const chain: Koa.Middleware<AppState, AppContextExt>[] = []
    if (spec.rateLimit) chain.push(rateLimit(spec.rateLimit, `${method.toUpperCase()} ${this.prefix}${path}`))
    if (spec.auth !== 'none') chain.push(authenticate())
    chain.push(async (ctx, next) => {
      if (spec.body && ctx.state.jsonBody === undefined && ctx.request.type && !ctx.is('application/json')) {
        throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求体必须是 application/json')
      }
      const input: RouteInput<B, Q, P> = {
        params: (spec.params ? parseInput(spec.params, (ctx as unknown as { params: Record<string, string> }).params, 'params') : undefined) as Out<P>,
        query: (spec.query ? parseInput(spec.query, { ...ctx.query }, 'query') : undefined) as Out<Q>,
        body: (spec.body ? parseInput(spec.body, ctx.state.jsonBody ?? {}, 'body') : undefined) as Out<B>,
        actor: ctx.state.actor as Actor,
        unitOfWork: (effect) => (ctx.state.unitOfWork ?? ((e) => ctx.deps.db.$transaction(e)))(effect),
        sqlUnitOfWork: (effect) => (ctx.state.sqlUnitOfWork ?? ((e) => sqlTransaction(ctx.deps.sql, e)))(effect),
      }
      // Kept on the request, never in a variable of the route: that would hand one request's actor
      // and body to another's handler whenever a step in between (idempotency) awaits.
      ctx.state.routeInput = input
      await next()
    })
    if (spec.idempotent) chain.push(idempotency(spec.status ?? 200))
    chain.push(async (ctx) => {
      const result = await handler(ctx, ctx.state.routeInput as RouteInput<B, Q, P>)
      // In tests every answer is checked against its declared schema, so the OpenAPI document
      // cannot silently drift from what the handlers return.
      if (spec.response && result !== undefined && ctx.deps.config.env === 'test') {
        const checked = spec.response.safeParse((result as { data?: unknown }).data)
        if (!checked.success) {
          throw new Error(`response of ${method.toUpperCase()} ${this.prefix}${path} does not match its schema: ${checked.error.message}`)
        }
      }
      if (result !== undefined) {
        ctx.status = spec.status ?? 200
        ctx.body = result
      } else if (ctx.body === undefined) {
        ctx.status = 204
      }
    })
    this.router[method](path, ...(chain as never[]))
  }
}
