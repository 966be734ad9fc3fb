import http from 'node:http'
import { createApp, type AppOptions } from './app.ts'
import { loadConfig, type Config } from './config.ts'
import type { Logger } from './core/logger.ts'
import { createDeps } from './deps.ts'
import { startJobs } from './jobs/index.ts'
import { profilesToRotate } from './modules/residents/keyRotation.ts'

export type RunningServer = {
  url: string
  server: http.Server
  deps: ReturnType<typeof createDeps>
  close: () => Promise<void>
}

/**
 * Starts the HTTP server for a config. `close()` stops accepting connections, lets in-flight
 * requests finish (up to 10 s), then releases the database pools.
 */
export async function startServer(config: Config, opts: AppOptions & { now?: () => Date; log?: Logger } = {}): Promise<RunningServer> {
  const deps = createDeps(config, { now: opts.now, log: opts.log })
  const app = createApp(deps, opts)
  const server = http.createServer(app.callback())
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })
  const jobs = config.jobsEnabled ? startJobs(deps) : null
  const addr = server.address() as { port: number }
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${addr.port}`,
    server,
    deps,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => server.closeAllConnections(), 10_000)
          server.close(() => {
            clearTimeout(force)
            resolve()
          })
          server.closeIdleConnections()
        })
        await jobs?.stop()
        await deps.close()
      })()),
  }
}

// Production entry: `tsx api/src/server.ts` with the environment fully configured
// (DATABASE_URL, JWT_SECRET, DATA_ENCRYPTION_KEY, DATA_HMAC_KEY…; see docs/deployment.md).
if (import.meta.url === `file://${process.argv[1]}`) {
  const config = loadConfig()
  const running = await startServer(config)
  running.deps.log.info('listening', { url: running.url })
  const stale = await profilesToRotate(running.deps.db, running.deps.cipher)
  if (stale) running.deps.log.warn('personal data under another key: run `npm run rotate-keys`', { profiles: stale })
  const stop = () => void running.close().then(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}
