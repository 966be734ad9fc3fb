import type Koa from 'koa'
import { requestOrigin, type AppContext, type AppContextExt, type AppState } from '../../http/context.ts'
import { AppError, tooManyRequests, type FieldIssue } from '../../core/errors.ts'
import { countHit } from '../../core/hits.ts'
import { parseInput } from '../../core/validate.ts'
import { toAppError } from '../../http/middleware/errorHandler.ts'
import { createRequest } from './open311.create.ts'
import { clientByKey, type Open311Client } from './open311.keys.ts'
import { GetRequestsQuery, KeyQuery, PostRequestFields } from './open311.schema.ts'
import { discovery, getRequest, listRequests, listServices, open311NotFound, serviceDefinition } from './open311.service.ts'
import { toXml, type XmlValue } from './open311.xml.ts'

type Format = 'json' | 'xml'

/** Requests a client may create per minute, counted in the database (shared by every process). */
export const OPEN311_POSTS_PER_MINUTE = 60
const BODY_LIMIT = 64 * 1024

// /open311/v2/<resource>.<format> and /open311/v2/<resource>/<id>.<format>
const ROUTE = /^\/open311\/v2\/(discovery|services|requests)(?:\/([^/]+))?\.(json|xml)$/

/** Writes one GeoReport document in the requested format. */
function send(ctx: AppContext, format: Format, status: number, root: string, value: XmlValue) {
  ctx.status = status
  if (format === 'xml') {
    ctx.type = 'text/xml; charset=utf-8'
    ctx.body = toXml(root, value)
  } else {
    ctx.type = 'application/json; charset=utf-8'
    ctx.body = JSON.stringify(value)
  }
}

/** Any error as the spec's `errors` list: one entry per offending field, `code` the HTTP status. */
function sendErrors(ctx: AppContext, format: Format, err: unknown) {
  const e = toAppError(err)
  // The spec reports bad input as 400; our 422s (a request the rules refuse) are that too.
  const status = e.status === 422 ? 400 : e.status
  if (status >= 500 && status !== 501) {
    ctx.deps.log.error('open311 request failed', {
      requestId: ctx.state.requestId, method: ctx.method, path: ctx.path,
      error: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err),
    })
  }
  const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
  if ((status === 429 || status === 503) && retry) ctx.set('Retry-After', String(retry))
  const fields = (e.details as { fields?: FieldIssue[] } | undefined)?.fields
  const errors = fields?.length
    ? fields.map((f) => ({ code: status, description: `${f.field}: ${f.message}` }))
    : [{ code: status, description: e.message }]
  send(ctx, format, status, 'errors', errors)
}

/** The query as plain strings; a repeated parameter is joined with commas (the spec's list form). */
function queryOf(ctx: AppContext): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(ctx.query)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(',') : v
  return out
}

/** Reads a POST body: form-urlencoded (the spec's) or JSON; the first of repeated fields counts. */
async function readFields(ctx: AppContext): Promise<Record<string, unknown>> {
  const declared = Number(ctx.get('content-length') || 0)
  if (declared > BODY_LIMIT) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `请求体不能超过 ${BODY_LIMIT / 1024} KB`)
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > BODY_LIMIT) throw new AppError(413, 'PAYLOAD_TOO_LARGE', `请求体不能超过 ${BODY_LIMIT / 1024} KB`)
    chunks.push(chunk as Buffer)
  }
  const raw = Buffer.concat(chunks).toString('utf8')
  if (!raw.trim()) return {}
  if (ctx.is('application/x-www-form-urlencoded')) {
    const entries: [string, string][] = []
    const seen = new Set<string>()
    for (const [k, v] of new URLSearchParams(raw)) if (!seen.has(k)) (seen.add(k), entries.push([k, v]))
    return Object.fromEntries(entries)
  }
  if (ctx.is('application/json')) {
    let parsed: unknown
    try {
      parsed = JSON.parse(raw)
    } catch {
      throw new AppError(400, 'INVALID_JSON', '请求体不是合法的 JSON')
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new AppError(400, 'INVALID_JSON', '请求体须为 JSON 对象')
    return parsed as Record<string, unknown>
  }
  throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', '请求体须为 application/x-www-form-urlencoded 或 application/json')
}

/** The client of the request's api_key, or 403 (the spec's answer to a missing or bad key). */
async function requireClient(ctx: AppContext, key: unknown): Promise<Open311Client> {
  if (typeof key !== 'string' || !key.trim()) throw new AppError(403, 'FORBIDDEN', '缺少 api_key')
  const client = await clientByKey(ctx.deps.db, key.trim())
  if (!client) throw new AppError(403, 'FORBIDDEN', 'api_key 无效或已停用')
  return client
}

/** Routes one request under /open311; the schemas' keys are the spec's names, so a 400 names spec fields. */
async function dispatch(ctx: AppContext, format: Format) {
  const m = ROUTE.exec(ctx.path)
  if (!m || (m[1] === 'discovery' && m[2] !== undefined)) throw new AppError(404, 'ROUTE_NOT_FOUND', `没有这个接口：${ctx.path}`)
  const [, resource, rawId] = m
  const method = ctx.method === 'HEAD' ? 'GET' : ctx.method
  const allowed = resource === 'requests' && rawId === undefined ? ['GET', 'POST'] : ['GET']
  if (!allowed.includes(method)) {
    ctx.set('Allow', [...allowed, 'HEAD'].join(', '))
    throw new AppError(405, 'METHOD_NOT_ALLOWED', `接口不支持此请求方法：${ctx.method}`)
  }
  let id: string | undefined
  try {
    id = rawId === undefined ? undefined : decodeURIComponent(rawId)
  } catch {
    throw open311NotFound('资源')
  }
  const { deps } = ctx

  if (resource === 'discovery') {
    parseInput(KeyQuery, queryOf(ctx), 'query')
    const base = `${ctx.state.secure ? 'https' : 'http'}://${ctx.host}`
    return send(ctx, format, 200, 'discovery', await discovery(deps, base))
  }
  if (resource === 'services') {
    parseInput(KeyQuery, queryOf(ctx), 'query')
    if (id === undefined) return send(ctx, format, 200, 'services', await listServices(deps))
    return send(ctx, format, 200, 'service_definition', await serviceDefinition(deps, id))
  }
  if (method === 'POST') {
    const fields = Object.fromEntries(Object.entries(await readFields(ctx)).filter(([k]) => !/^attribute\[.*\]$/.test(k)))
    const client = await requireClient(ctx, fields.api_key ?? ctx.query.api_key)
    const hit = await countHit(deps.sql, `open311:post:${client.id}`, deps.now(), 60)
    if (hit.hits > OPEN311_POSTS_PER_MINUTE) throw tooManyRequests('提交过于频繁，请稍后再试', 60)
    const input = parseInput(PostRequestFields, fields, 'body')
    return send(ctx, format, 201, 'service_requests', await createRequest(deps, client, input, requestOrigin(ctx)))
  }
  const query = queryOf(ctx)
  const client = await requireClient(ctx, query.api_key)
  if (id === undefined) return send(ctx, format, 200, 'service_requests', await listRequests(deps, client, parseInput(GetRequestsQuery, query, 'query')))
  parseInput(KeyQuery, query, 'query')
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > 2147483647) throw open311NotFound(`诉求 ${id} `)
  return send(ctx, format, 200, 'service_requests', await getRequest(deps, client, Number(id)))
}

/**
 * The Open311 GeoReport v2 facade under /open311/v2: discovery, services and service requests in
 * JSON and XML. It answers every path under /open311 itself — errors too, in the spec's `errors`
 * format rather than our envelope — and leaves all other paths to the rest of the app.
 */
export function open311Facade(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    if (ctx.path !== '/open311' && !ctx.path.startsWith('/open311/')) return next()
    const format: Format = ctx.path.endsWith('.xml') ? 'xml' : 'json'
    ctx.set('Cache-Control', 'no-store')
    try {
      await dispatch(ctx, format)
    } catch (err) {
      sendErrors(ctx, format, err)
    }
  }
}
