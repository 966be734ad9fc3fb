import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, type Config } from '../../src/config.ts'
import { seedDemo, type DemoSummary } from '../../src/seed/demo.ts'
import { startServer, type RunningServer } from '../../src/server.ts'
import { signAccessToken } from '../../src/core/tokens.ts'
import { createDeps } from '../../src/deps.ts'
import { startApiCluster, type ApiCluster } from './apiProcesses.ts'
import { Client } from './client.ts'
import { createTestDatabase, type TestDatabase } from './db.ts'

/** Fixed keys for tests (never used outside them). */
export const TEST_ENV = {
  NODE_ENV: 'test',
  HOST: '127.0.0.1',
  PORT: '0',
  DB_POOL_SIZE: '5',
  JWT_SECRET: 'test-jwt-secret-0123456789abcdefghijklmnop',
  DATA_ENCRYPTION_KEY: Buffer.alloc(32, 7).toString('base64'),
  DATA_HMAC_KEY: Buffer.alloc(32, 9).toString('base64'),
  LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
  DEV_LOGIN: 'true',
  JOBS_ENABLED: 'false',
  // WeChat is not configured in tests: texts are published unless a test sets another rule (the
  // content-security suites run the real client against the fake).
  CONTENT_SECURITY_ON_FAILURE: 'publish',
}

/**
 * A clock tests can move; it starts at the real time and only moves when told to. With a file, the
 * offset is also written there for API processes to read (api/test/support/instance.ts).
 */
export class TestClock {
  private offsetMs = 0
  constructor(private readonly file?: string) {
    if (file) fs.writeFileSync(file, '0')
  }
  now = () => new Date(Date.now() + this.offsetMs)
  advance(ms: number) {
    this.offsetMs += ms
    if (this.file) fs.writeFileSync(this.file, String(this.offsetMs))
  }
}

export type TestServer = {
  baseUrl: string
  config: Config
  /** The server's dependencies; with `instances`, this test process's own (same database, same keys). */
  deps: RunningServer['deps']
  /** With `instances`: the API processes and the proxy in front of them. */
  cluster?: ApiCluster
  db: TestDatabase
  demo?: DemoSummary
  clock: TestClock
  /** A client logged in as a user without any login route (for servers where the dev login is off). */
  as: (username: string) => Promise<Client>
  close: () => Promise<void>
}

/**
 * A real API on 127.0.0.1 (random port) over a fresh, migrated database, with the demo data
 * loaded unless `seed: 'none'`. `close()` stops the server and drops the database.
 * `databaseUrl` maps the fresh database's URL to the one the server uses (e.g. through a proxy);
 * `db.url` stays the direct one. `instances: n` runs the API as n child processes behind a
 * round-robin proxy (TRUST_PROXY=1) instead of in this process: same database, same UPLOAD_DIR,
 * one clock (a file they read), as production scales out.
 */
export async function startTestServer(
  opts: { seed?: 'demo' | 'none'; staticDir?: string; env?: Record<string, string>; databaseUrl?: (direct: string) => string; instances?: number } = {},
): Promise<TestServer> {
  const db = await createTestDatabase()
  const uploadDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-uploads-'))
  const clockFile = opts.instances ? `${uploadDir}.clock` : undefined
  const env = {
    ...TEST_ENV, UPLOAD_DIR: uploadDir, DATABASE_URL: opts.databaseUrl ? opts.databaseUrl(db.url) : db.url,
    ...(opts.staticDir ? { STATIC_DIR: opts.staticDir } : {}),
    ...(clockFile ? { TRUST_PROXY: '1', TEST_CLOCK_FILE: clockFile, LOG_LEVEL: 'error' } : {}),
    ...opts.env,
  }
  const config = loadConfig(env)
  let demo: DemoSummary | undefined
  const clock = new TestClock(clockFile)
  let running: Pick<RunningServer, 'url' | 'deps' | 'close'>
  let cluster: ApiCluster | undefined
  if (opts.instances) {
    const deps = createDeps(config, { now: clock.now })
    cluster = await startApiCluster(opts.instances, env).catch(async (e) => {
      await deps.close()
      throw e
    })
    running = { url: cluster.url, deps, close: async () => (await cluster!.close(), await deps.close()) }
  } else running = await startServer(config, { now: clock.now })
  if (opts.seed !== 'none') demo = await seedDemo(running.deps.db, running.deps.cipher)
  return {
    baseUrl: running.url,
    config,
    deps: running.deps,
    cluster,
    db,
    demo,
    clock,
    as: async (username) => {
      const user = await running.deps.db.user.findUniqueOrThrow({ where: { username } })
      return new Client(running.url, signAccessToken(config, user.id, user.sessionVersion))
    },
    close: async () => {
      await running.close()
      await db.drop()
      fs.rmSync(uploadDir, { recursive: true, force: true })
      if (clockFile) fs.rmSync(clockFile, { force: true })
    },
  }
}
