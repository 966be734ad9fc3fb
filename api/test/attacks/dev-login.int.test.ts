// Issue 7 §2: the dev login fails closed, and the demo accounts go only into a demo database.
import { describe, expect, it } from 'vitest'
import { createPrisma } from '../../src/core/db.ts'
import { ensureDatabase, migrate } from '../../src/core/migrate.ts'
import { loadConfig } from '../../src/config.ts'
import { createCipher } from '../../src/deps.ts'
import { seedDemo } from '../../src/seed/demo.ts'
import { DEMO_MARKER, prepareDemoDatabase } from '../../src/seed/demoDatabase.ts'
import { Client } from '../support/client.ts'
import { createTestDatabase } from '../support/db.ts'
import { createStaff } from '../support/factories.ts'
import { useFixture } from '../support/fixture.ts'
import { startTestServer, TEST_ENV } from '../support/server.ts'

describe('the dev login', () => {
  const fx = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    // A real (non-demo) administrator added beside the demo data.
    const real = await createStaff(srv.deps.db, 'real_admin', 'admin')
    await srv.deps.db.user.update({ where: { id: real.id }, data: { isDemo: false } })
    return { srv, api }
  })

  it('logs in demo accounts only: a real account, even admin, is "no such demo account"', async () => {
    expect((await fx.api.post('/api/v1/auth/dev', { username: 'admin' })).status).toBe(200)
    const real = await fx.api.post('/api/v1/auth/dev', { username: 'real_admin' })
    expect([real.status, real.body.error.code]).toEqual([404, 'NOT_FOUND'])
    const accounts = (await fx.api.get('/api/v1/auth/dev/accounts')).body.data.map((a: { username: string }) => a.username)
    expect(accounts).toContain('resident1')
    expect(accounts).not.toContain('real_admin')
  })

  it('is off unless DEV_LOGIN=true is given explicitly', async () => {
    const off = await startTestServer({ seed: 'demo', env: { DEV_LOGIN: 'false' } })
    try {
      const c = new Client(off.baseUrl)
      const r = await c.post('/api/v1/auth/dev', { username: 'admin' })
      expect([r.status, r.body.error.code]).toEqual([403, 'DEV_LOGIN_DISABLED'])
      expect((await c.get('/api/v1/auth/dev/accounts')).status).toBe(403)
      expect((await c.get('/api/v1/auth/options')).body.data.devLogin).toBe(false)
    } finally {
      await off.close()
    }
  })

  it('is refused in production whatever DEV_LOGIN says', async () => {
    const prod = await startTestServer({ seed: 'demo', env: { NODE_ENV: 'production', DEV_LOGIN: 'true' } })
    try {
      const r = await new Client(prod.baseUrl).post('/api/v1/auth/dev', { username: 'admin' })
      expect([r.status, r.body.error.code]).toEqual([403, 'DEV_LOGIN_DISABLED'])
    } finally {
      await prod.close()
    }
  })
})

describe('npm start loads the demo (and its published staff password) only into its own database', () => {
  const say = () => {}

  async function freshDb() {
    const db = await createTestDatabase()
    const prisma = createPrisma(db.url, 2)
    const cipher = createCipher(loadConfig({ ...TEST_ENV, DATABASE_URL: db.url }))
    return { db, prisma, cipher, close: async () => { await prisma.$disconnect(); await db.drop() } }
  }

  it('seeds and marks a database it has just created', async () => {
    const t = await freshDb()
    try {
      const r = await prepareDemoDatabase(t.prisma, t.cipher, { created: true, say })
      expect(r).toMatchObject({ isDemo: true, seeded: true })
      expect(await t.prisma.appMeta.count({ where: { name: DEMO_MARKER } })).toBe(1)
      expect(await t.prisma.user.count({ where: { isDemo: false } })).toBe(0)
      // The next start finds the marker: demo, nothing seeded twice.
      expect(await prepareDemoDatabase(t.prisma, t.cipher, { created: false, say })).toMatchObject({ isDemo: true, seeded: false })
      expect(await t.prisma.user.count({ where: { username: 'admin' } })).toBe(1)
    } finally {
      await t.close()
    }
  })

  it('leaves an existing empty database empty (it was not created for the demo)', async () => {
    const t = await freshDb()
    try {
      expect(await prepareDemoDatabase(t.prisma, t.cipher, { created: false, say })).toMatchObject({ isDemo: false, seeded: false })
      expect(await t.prisma.user.count()).toBe(0)
    } finally {
      await t.close()
    }
  })

  it('never adds the demo accounts to a database that holds other data, and keeps the dev login off there', async () => {
    const t = await freshDb()
    try {
      const real = await createStaff(t.prisma, 'admin', 'admin')
      await t.prisma.user.update({ where: { id: real.id }, data: { isDemo: false } })
      expect(await prepareDemoDatabase(t.prisma, t.cipher, { created: false, say })).toMatchObject({ isDemo: false, seeded: false })
      expect(await t.prisma.user.count()).toBe(1)
      expect(await t.prisma.appMeta.count()).toBe(0)
    } finally {
      await t.close()
    }
  })

  it('recognises a demo database loaded before the marker existed by its admin still having the published password', async () => {
    const t = await freshDb()
    try {
      await seedDemo(t.prisma, t.cipher)
      await t.prisma.user.updateMany({ data: { isDemo: false } })
      const r = await prepareDemoDatabase(t.prisma, t.cipher, { created: false, say })
      expect(r).toMatchObject({ isDemo: true, seeded: false })
      expect(await t.prisma.user.count({ where: { username: 'resident1', isDemo: true } })).toBe(1)
    } finally {
      await t.close()
    }
  })

  it('ensureDatabase says whether it created the database', async () => {
    const t = await createTestDatabase({ migrate: false })
    try {
      expect(await ensureDatabase(t.url)).toEqual({ created: false })
      await t.drop()
      expect(await ensureDatabase(t.url)).toEqual({ created: true })
      await migrate(t.url)
    } finally {
      await t.drop()
    }
  })
})
