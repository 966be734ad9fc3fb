// The floor of a Koa route: a bare Koa app (no middleware, no router) answering every request
// with a small JSON body. `/api/health` is read against it (issue 12 §2: health ≥ 0.5× this).
//
// Env: KOA_HELLO_PORT (0 = any). Prints `LISTENING <url>`.
import Koa from 'koa'

const app = new Koa()
app.use(async (ctx) => {
  ctx.body = { data: { status: 'ok' } }
})
const server = app.listen(Number(process.env.KOA_HELLO_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as { port: number }
  process.stdout.write(`LISTENING http://127.0.0.1:${port}\n`)
})
server.keepAliveTimeout = 65_000
const stop = () => server.close(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
