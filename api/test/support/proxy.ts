// A small round-robin HTTP reverse proxy (node:http only) for the scale-out tests and the bench:
// N API processes behind one address, as a load balancer would put them. Bodies stream both ways;
// headers pass unchanged except that the client's address is appended to X-Forwarded-For (so the
// API with TRUST_PROXY=1 sees the client, not us) and X-Forwarded-Proto is set when absent.
// Run as a script (PROXY_UPSTREAMS=<url>,<url> node --import tsx proxy.ts) it prints `LISTENING <url>`.
import http from 'node:http'
import type net from 'node:net'

/** Hop-by-hop headers (RFC 9110 §7.6.1) are the proxy's own business, never forwarded. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade'])

/** The request headers an upstream gets: end-to-end ones, plus our hop in X-Forwarded-For. */
export function forwardedHeaders(headers: http.IncomingHttpHeaders, clientAddress: string | undefined): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = {}
  const listed = String(headers.connection ?? '').split(',').map((s) => s.trim().toLowerCase())
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.includes(name)) continue
    out[name] = value
  }
  const prior = headers['x-forwarded-for']
  const chain = [...(Array.isArray(prior) ? prior : prior ? [prior] : []), clientAddress ?? ''].filter(Boolean)
  out['x-forwarded-for'] = chain.join(', ')
  out['x-forwarded-proto'] ??= 'http'
  return out
}

export type RoundRobinProxy = {
  url: string
  /** Requests sent to each upstream so far, in the order the upstreams were given. */
  counts: number[]
  close: () => Promise<void>
}

/** Starts a proxy on 127.0.0.1 (random port) that sends each request to the next upstream in turn. */
export async function startRoundRobinProxy(upstreams: string[], opts: { port?: number } = {}): Promise<RoundRobinProxy> {
  if (!upstreams.length) throw new Error('a proxy needs at least one upstream')
  const targets = upstreams.map((u) => new URL(u))
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 })
  const counts = targets.map(() => 0)
  let next = 0
  const server = http.createServer((req, res) => {
    const i = next
    next = (next + 1) % targets.length
    counts[i]++
    const target = targets[i]
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, agent, headers: forwardedHeaders(req.headers, req.socket.remoteAddress) },
      (answer) => {
        const headers: http.OutgoingHttpHeaders = {}
        for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value
        res.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers)
        answer.pipe(res)
        answer.once('error', () => res.destroy())
      },
    )
    upstream.once('error', () => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' }).end('bad gateway')
      else res.destroy()
    })
    req.once('error', () => upstream.destroy())
    res.once('close', () => {
      if (!res.writableFinished) upstream.destroy()
    })
    req.pipe(upstream)
  })
  server.keepAliveTimeout = 65_000
  const sockets = new Set<net.Socket>()
  server.on('connection', (s) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as net.AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      })
      agent.destroy()
    },
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const proxy = await startRoundRobinProxy((process.env.PROXY_UPSTREAMS ?? '').split(',').filter(Boolean))
  process.stdout.write(`LISTENING ${proxy.url}\n`)
  const stop = () => void proxy.close().finally(() => process.exit(0))
  process.once('SIGTERM', stop)
  process.once('SIGINT', stop)
}
