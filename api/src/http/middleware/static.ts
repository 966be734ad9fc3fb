import { createHash } from 'node:crypto'
import { createReadStream, type Stats } from 'node:fs'
import fs from 'node:fs/promises'
import path from 'node:path'
import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'
import { acceptedEncodings, isCompressible } from './compress.ts'
import { portalCsp } from './security.ts'

const SIBLING = { br: '.br', gzip: '.gz' } as const

/**
 * The sha256 (base64) of each inline script of an HTML page, as a CSP 'sha256-…' source names
 * it. Browsers hash the script text after the parser turned CR LF into LF, so this does too.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes = new Set<string>()
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
    if (/\bsrc\s*=/i.test(m[1])) continue
    hashes.add(createHash('sha256').update(m[2].replace(/\r\n?/g, '\n'), 'utf8').digest('base64'))
  }
  return [...hashes]
}

type Page = { mtimeMs: number; size: number; body: Buffer; csp: string }

/**
 * Serves the H5 portal build. Hashed assets are cached for a year; HTML never is, so a new build
 * shows at once. An HTML page carries a CSP allowing exactly its own inline scripts (hashed when
 * the file changes, so a rebuild with another inline script still runs). Other files go out as
 * the build's precompressed `.br`/`.gz` sibling when the client accepts it and the sibling is not
 * older than the file. Paths under /api are never served from disk.
 */
export function servePortal(root: string): Koa.Middleware<AppState, AppContextExt> {
  const base = path.resolve(root)
  const pages = new Map<string, Page>()

  const loadPage = async (file: string, stat: Stats): Promise<Page> => {
    const known = pages.get(file)
    if (known && known.mtimeMs === stat.mtimeMs && known.size === stat.size) return known
    const body = await fs.readFile(file)
    const page = { mtimeMs: stat.mtimeMs, size: stat.size, body, csp: portalCsp(inlineScriptHashes(body.toString('utf8'))) }
    pages.set(file, page)
    return page
  }

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
    ctx.lastModified = stat.mtime
    ctx.set('Cache-Control', file.endsWith('.html') ? 'no-cache' : /\.[0-9a-f]{8,}\./.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'public, max-age=3600')
    if (file.endsWith('.html')) {
      const page = await loadPage(file, stat)
      ctx.set('Content-Security-Policy', page.csp)
      ctx.body = page.body
      return
    }
    if (isCompressible(ctx.type)) {
      ctx.vary('Accept-Encoding')
      for (const encoding of acceptedEncodings(ctx.get('accept-encoding'))) {
        const packed = await fs.stat(file + SIBLING[encoding]).catch(() => null)
        if (!packed?.isFile() || packed.mtimeMs < stat.mtimeMs) continue
        ctx.set('Content-Encoding', encoding)
        ctx.body = createReadStream(file + SIBLING[encoding])
        ctx.length = packed.size
        return
      }
    }
    ctx.body = createReadStream(file)
    ctx.length = stat.size
  }
}
