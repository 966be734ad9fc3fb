import fs from 'node:fs/promises'
import { createReadStream } from 'node:fs'
import path from 'node:path'
import type Koa from 'koa'
import type { AppContextExt, AppState } from '../core/context.ts'

/**
 * Serves the H5 portal build. Hashed assets are cached for a year; index.html never is, so a
 * new build shows at once. Paths under /api are never served from disk.
 */
export function servePortal(root: string): Koa.Middleware<AppState, AppContextExt> {
  const base = path.resolve(root)
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.path.startsWith('/api/') || ctx.path === '/api') return next()
    let rel: string
    try {
      rel = decodeURIComponent(ctx.path)
    } catch {
      return next()
    }
    let file = path.resolve(base, '.' + rel)
    if (file !== base && !file.startsWith(base + path.sep)) return next()
    let stat = await fs.stat(file).catch(() => null)
    if (stat?.isDirectory()) {
      file = path.join(file, 'index.html')
      stat = await fs.stat(file).catch(() => null)
    }
    if (!stat?.isFile()) return next()
    ctx.type = path.extname(file) || 'application/octet-stream'
    ctx.length = stat.size
    ctx.lastModified = stat.mtime
    ctx.set('Cache-Control', file.endsWith('.html') ? 'no-cache' : /\.[0-9a-f]{8,}\./.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
    ctx.body = ctx.method === 'HEAD' ? null : createReadStream(file)
  }
}
