import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { VERSION } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'
import { createSqlPool, formatDatabaseUrl, parseDatabaseUrl } from '../src/core/db.ts'
import { dbProbe } from '../src/modules/system/system.health.ts'
import { startServer, type RunningServer } from '../src/server.ts'
import { Client } from './support/client.ts'
import { createTestDatabase, type TestDatabase } from './support/db.ts'
import { closedPort } from './support/net.ts'
import { TEST_ENV } from './support/server.ts'

/**
 * A TCP relay between the API's database pools and the real MariaDB. `down()` closes the port and
 * cuts every open connection, as a database host that crashed or fell off the network would;
 * `up()` listens on the same port again.
 */
class DbRelay {
  private server?: net.Server
  private sockets = new Set<net.Socket>()
  port = 0
  constructor(private readonly target: { host: string; port: number }) {}

  async up() {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target.port, this.target.host)
      for (const s of [client, upstream]) {
        this.sockets.add(s)
        s.on('close', () => this.sockets.delete(s))
        s.on('error', () => undefined)
      }
      client.pipe(upstream).pipe(client)
    })
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve))
    this.port = (this.server.address() as net.AddressInfo).port
  }

  async down() {
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()))
    for (const s of this.sockets) s.destroy()
    await closed
  }
}

const degraded = (error: string) => ({
  data: { status: 'degraded', version: VERSION, uptimeSeconds: expect.any(Number), time: expect.any(String), db: { status: 'down', latencyMs: null, error } },
})

describe('the database check of GET /api/health', () => {
  it('is shared by the requests that arrive while it runs, and a later request starts a new one', async () => {
    const db = await createTestDatabase()
    const sql = createSqlPool(db.url, 2)
    try {
      const check = dbProbe(sql)
      const together = Array.from({ length: 20 }, () => check())
      expect(new Set(together).size).toBe(1)
      expect(await together[0]).toMatchObject({ status: 'up', latencyMs: expect.any(Number) })
      const later = check()
      expect(later).not.toBe(together[0])
      expect(await later).toMatchObject({ status: 'up' })
    } finally {
      await sql.end()
      await db.drop()
    }
  })
})

describe('GET /api/health when the database is unreachable', () => {
  // Two ways in, both through the real pools of a real server (no mocks):
  // 1. a server started with DATABASE_URL on a port where nothing listens (the database never came up);
  // 2. a server whose DATABASE_URL points at a relay to MariaDB, and the relay is then closed and its
  //    connections cut (the database went away while the server was running), then reopened.
  let db: TestDatabase

  beforeAll(async () => {
    db = await createTestDatabase()
  })
  afterAll(async () => db.drop())

  it('answers 503 with the degraded shape when the database never came up', async () => {
    const url = formatDatabaseUrl({ ...parseDatabaseUrl(db.url), host: '127.0.0.1', port: await closedPort() })
    const running = await startServer(loadConfig({ ...TEST_ENV, DATABASE_URL: url }))
    try {
      const r = await new Client(running.url).get('/api/health')
      expect(r.status).toBe(503)
      expect(r.body).toEqual(degraded('ECONNREFUSED'))
      expect(new Date(r.body.data.time).toISOString()).toBe(r.body.data.time)
      expect(r.headers.get('cache-control')).toBe('no-store')
      // The reason is a driver error code, never a message with hosts, ports or credentials.
      expect(JSON.stringify(r.body)).not.toMatch(/127\.0\.0\.1|root|llt_t_/)
    } finally {
      await running.close()
    }
  })

  describe('a database that goes away while the server runs', () => {
    let relay: DbRelay
    let running: RunningServer
    let api: Client

    beforeAll(async () => {
      const target = parseDatabaseUrl(db.url)
      relay = new DbRelay(target)
      await relay.up()
      running = await startServer(loadConfig({ ...TEST_ENV, DATABASE_URL: formatDatabaseUrl({ ...target, host: '127.0.0.1', port: relay.port }) }))
      api = new Client(running.url)
    })
    afterAll(async () => {
      await running.close()
      await relay.down().catch(() => undefined)
    })

    it('is 200 ok while the database answers', async () => {
      const r = await api.get('/api/health')
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ status: 'ok', version: VERSION, db: { status: 'up', latencyMs: expect.any(Number) } })
    })

    it('turns 503 degraded once the database is gone, and the process keeps answering', async () => {
      await relay.down()
      const rs = await Promise.all(Array.from({ length: 3 }, () => api.get('/api/health')))
      for (const r of rs) {
        expect(r.status).toBe(503)
        expect(r.body).toEqual(degraded('ECONNREFUSED'))
      }
      // A request that needs the database fails in the one error shape, not by hanging or
      // crashing: 503 with Retry-After, so clients know to try again rather than report a bug.
      const other = await api.post('/api/v1/auth/dev', { username: 'resident1' })
      expect(other.status).toBe(503)
      expect(other.body.error.code).toBe('SERVICE_UNAVAILABLE')
      expect(other.headers.get('retry-after')).toBe('5')
    })

    it('is 200 ok again when the database comes back, without a restart', async () => {
      await relay.up()
      const r = await api.get('/api/health')
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ status: 'ok', db: { status: 'up' } })
    })
  })
})
