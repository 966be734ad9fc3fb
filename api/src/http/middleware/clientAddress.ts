import net from 'node:net'
import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'

/** The longest textual IP address (an IPv4-mapped IPv6 address), and the audit column's size. */
const MAX_IP_LENGTH = 45

/** A header value split into its comma-separated entries (repeated headers are joined by Node). */
function entries(value: string | string[] | undefined): string[] {
  const joined = Array.isArray(value) ? value.join(',') : value ?? ''
  return joined.split(',').map((s) => s.trim()).filter(Boolean)
}

/** An IP address as written in X-Forwarded-For (`[v6]:port` and `v4:port` forms too), or null. */
export function normaliseIp(raw: string | undefined): string | null {
  if (!raw) return null
  let s = raw.trim()
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(s)
  if (bracketed) s = bracketed[1]
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'))
  if (s.length > MAX_IP_LENGTH || !net.isIP(s)) return null
  return s
}

/**
 * The client's address when `hops` proxies we run sit in front of the API: each appends the
 * address it received the request from to X-Forwarded-For, so the entry `hops` places from the
 * right was written by our outermost proxy, and everything left of it is whatever the client
 * sent. Anything that is not an IP address falls back to the socket address.
 */
export function clientIp(forwardedFor: string | string[] | undefined, socketAddress: string | undefined, hops: number): string {
  const socket = normaliseIp(socketAddress) ?? ''
  if (hops <= 0) return socket
  const list = entries(forwardedFor)
  if (list.length < hops) return normaliseIp(list[0]) ?? socket
  return normaliseIp(list[list.length - hops]) ?? socket
}

/**
 * Sets `ctx.ip` (rate limits, audit rows) to the client's address under the configured number of
 * trusted proxy hops, and `ctx.state.secure` to whether the client reached us over HTTPS (the
 * protocol our nearest proxy saw). Koa's own proxy handling is off: it trusts the leftmost
 * X-Forwarded-For entry, which the client chooses.
 */
export function clientAddress(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    const hops = ctx.deps.config.trustProxyHops
    const encrypted = Boolean((ctx.req.socket as { encrypted?: boolean }).encrypted)
    if (hops === 0) {
      // No proxy trusted: the socket's address, which the kernel gives as a valid IP.
      ctx.request.ip = ctx.req.socket.remoteAddress ?? ''
      ctx.state.secure = encrypted
      return next()
    }
    ctx.request.ip = clientIp(ctx.req.headers['x-forwarded-for'], ctx.req.socket.remoteAddress, hops)
    const proto = hops > 0 ? entries(ctx.req.headers['x-forwarded-proto']).at(-1)?.toLowerCase() : undefined
    ctx.state.secure = encrypted || proto === 'https'
    await next()
  }
}
