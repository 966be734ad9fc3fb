import { Stream } from 'node:stream'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type Koa from 'koa'
import { serialisedOf, type Serialised } from '../../core/serialised.ts'
import type { AppContextExt, AppState } from '../context.ts'

export type Encoding = 'br' | 'gzip'

/** Bodies smaller than this go out as they are: the framing would eat most of the saving. */
const MIN_BYTES = 1024
const COMPRESSIBLE = /^(?:text\/|application\/(?:json|javascript|xml)|application\/[\w.+-]+\+json|image\/svg\+xml)/

const brotli = promisify(zlib.brotliCompress)
const gzip = promisify(zlib.gzip)

/** True for a media type worth compressing (text, JSON, scripts, SVG; not images or archives). */
export function isCompressible(type: string): boolean {
  return COMPRESSIBLE.test(type)
}

/**
 * The encodings of ours the client accepts, best first (brotli, then gzip), from its
 * Accept-Encoding header: `q=0` refuses one, `*` stands for any not named.
 */
export function acceptedEncodings(header: string | undefined): Encoding[] {
  const weights = new Map<string, number>()
  for (const part of (header ?? '').split(',')) {
    const [name, ...params] = part.split(';').map((s) => s.trim().toLowerCase())
    if (!name) continue
    const q = params.map((p) => /^q=([0-9.]+)$/.exec(p)).find(Boolean)
    weights.set(name, q ? Number(q[1]) || 0 : 1)
  }
  return (['br', 'gzip'] as const).filter((e) => (weights.get(e) ?? weights.get('*') ?? 0) > 0)
}

const compressWith = (encoding: Encoding, raw: Buffer) =>
  encoding === 'br'
    ? brotli(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
    : gzip(raw)

/**
 * Sends a body serialised once (core/serialised.ts) as its kept bytes: its ETag (304 when the
 * client already has it), and the compressed variant the client takes, made once and kept too.
 */
async function sendKept(ctx: Koa.ParameterizedContext<AppState, AppContextExt>, kept: Serialised) {
  ctx.etag = kept.etag
  if (ctx.fresh) {
    ctx.status = 304
    ctx.body = null
    return
  }
  const accepted = ctx.get('accept-encoding')
  if (accepted) ctx.vary('Accept-Encoding')
  const [encoding] = acceptedEncodings(accepted)
  if (!encoding || kept.json.length < MIN_BYTES || ctx.method === 'HEAD') {
    ctx.body = kept.json
    return
  }
  let variant = kept.variants.get(encoding)
  if (!variant) {
    variant = compressWith(encoding, kept.json)
    kept.variants.set(encoding, variant)
    variant.catch(() => kept.variants.delete(encoding))
  }
  ctx.body = await variant
  ctx.set('Content-Encoding', encoding)
}

/**
 * Compresses textual responses of at least 1 KB that are held in memory (API JSON, the portal
 * page) with brotli or gzip, as the client's Accept-Encoding allows; files that are streamed
 * come precompressed from the build instead (servePortal). Brotli runs at quality 5: close to
 * the best ratio for JSON at a small fraction of quality 11's time. A body a cache keeps
 * serialised (keepSerialised) goes out as its kept bytes or kept compressed variant, with its ETag.
 */
export function compress(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    await next()
    const body: unknown = ctx.body
    if (body == null || body instanceof Stream) return
    const kept = ctx.status === 200 ? serialisedOf(body) : undefined
    if (kept) return sendKept(ctx, kept)
    const accepted = ctx.get('accept-encoding')
    // API answers are never stored by caches (no-store), so a client that takes no encoding costs
    // them nothing here; a portal page still says that its bytes depend on Accept-Encoding.
    if (!accepted && ctx.path.startsWith('/api/')) return
    if (ctx.response.get('Content-Encoding') || !isCompressible(ctx.type)) return
    ctx.vary('Accept-Encoding')
    if (ctx.method === 'HEAD') return
    // Nothing to do (and nothing serialised here) for a client that takes no encoding of ours.
    const [encoding] = acceptedEncodings(accepted)
    if (!encoding) return
    const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body))
    if (raw.length < MIN_BYTES) {
      // Serialised once already: send these bytes rather than have Koa serialise the object again.
      if (!Buffer.isBuffer(body) && typeof body !== 'string') ctx.body = raw
      return
    }
    ctx.body = await compressWith(encoding, raw)
    ctx.set('Content-Encoding', encoding)
  }
}
