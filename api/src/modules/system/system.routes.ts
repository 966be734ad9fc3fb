import fs from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { z } from 'zod'
import { buildOpenApi } from '../../http/openapi.ts'
import { ApiRoutes, type RouteDoc } from '../../http/route.ts'
import { dbProbe, type DbHealth } from './system.health.ts'

const HealthView = z.object({
  status: z.enum(['ok', 'degraded']),
  version: z.string(),
  uptimeSeconds: z.number(),
  time: z.string(),
  db: z.object({ status: z.enum(['up', 'down']), latencyMs: z.number().nullable(), error: z.string().optional() }),
})

const require = createRequire(import.meta.url)
const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'))
const DOC_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
}

const DOCS_HTML = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>邻里通 API 文档</title><link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div><script src="/api/docs/swagger-ui-bundle.js"></script><script src="/api/docs/init.js"></script></body></html>`
const DOCS_INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true, persistAuthorization: true });`

/**
 * Health, the OpenAPI document and its viewer (served from our own dependencies, no CDN). The
 * document and viewer answer only when config.apiDocs is on (off in production unless API_DOCS
 * says so): elsewhere they are an unknown route, 404 like any other.
 */
export function systemRoutes(allDocs: () => RouteDoc[], version: string) {
  const r = new ApiRoutes('/api')
  r.router.use(['/openapi.json', '/docs'], async (ctx, next) => {
    if (ctx.deps.config.apiDocs) await next()
  })
  const started = Date.now()
  let openapi: unknown

  // One per app: health requests that arrive while a check runs share it (system.health.ts).
  let checkDb: (() => Promise<DbHealth>) | undefined

  r.get('/health', { summary: '进程与数据库状态', tags: ['系统 system'], auth: 'none', response: HealthView }, async (ctx) => {
    checkDb ??= dbProbe(ctx.deps.sql)
    const db = await checkDb()
    const data = {
      status: db.status === 'up' ? ('ok' as const) : ('degraded' as const),
      version,
      uptimeSeconds: Math.round((Date.now() - started) / 1000),
      time: new Date().toISOString(),
      db,
    }
    if (db.status === 'up') return { data }
    ctx.status = 503
    ctx.body = { data }
    return undefined
  })

  r.router.get('/openapi.json', async (ctx) => {
    openapi ??= buildOpenApi(allDocs(), {
      title: '邻里通 API',
      version,
      description: '社区网格化治理：居民自助与网格员工作台。所有成功响应为 {data}，列表另有 {page: {nextCursor}}；错误为 {error: {code, message, details}, requestId}。',
    })
    ctx.body = openapi
  })

  r.router.get('/docs', async (ctx) => {
    ctx.type = 'text/html; charset=utf-8'
    ctx.body = DOCS_HTML
  })
  r.router.get('/docs/init.js', async (ctx) => {
    ctx.type = 'application/javascript; charset=utf-8'
    ctx.body = DOCS_INIT
  })
  r.router.get('/docs/:asset', async (ctx) => {
    const type = DOC_ASSETS[ctx.params.asset]
    if (!type) return
    ctx.type = type
    ctx.set('Cache-Control', 'public, max-age=86400')
    ctx.body = fs.createReadStream(path.join(swaggerDir, ctx.params.asset))
  })
  return r
}
