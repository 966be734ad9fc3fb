import type { PoolConnection } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { categoryId, fileReport, homeOf, uploadPhoto } from './support/reports.ts'
import { startTestServer, type TestServer } from './support/server.ts'

/**
 * Filing a report is a hot path (issue 12 §2): every statement it sends the database is counted
 * here, so one added by a change shows as a failure rather than as a slower bench.
 */
describe('filing a report: statements sent to the database', () => {
  let srv: TestServer
  let seen: string[] | null = null

  beforeAll(async () => {
    srv = await startTestServer()
    // Every raw statement goes through the mysql2 pool (checks) or one of its connections (the
    // transaction): count both at the promise layer, which sends each statement once.
    const pool = srv.deps.sql
    const conn = await pool.getConnection()
    const proto = Object.getPrototypeOf(conn) as PoolConnection
    conn.release()
    const count = <F extends (...args: never[]) => unknown>(target: { [k: string]: unknown }, name: string, label: (args: Parameters<F>) => string) => {
      const original = target[name] as F
      target[name] = function (this: unknown, ...args: Parameters<F>) {
        seen?.push(label(args))
        return original.apply(this, args)
      }
    }
    const sqlOf = (args: unknown[]) => String(typeof args[0] === 'string' ? args[0] : (args[0] as { sql: string }).sql).trim().replace(/\s+/g, ' ').slice(0, 60)
    count(pool as unknown as { [k: string]: unknown }, 'query', sqlOf)
    count(proto as unknown as { [k: string]: unknown }, 'query', sqlOf)
    count(proto as unknown as { [k: string]: unknown }, 'execute', sqlOf)
    count(proto as unknown as { [k: string]: unknown }, 'beginTransaction', () => 'BEGIN')
    count(proto as unknown as { [k: string]: unknown }, 'commit', () => 'COMMIT')
  })
  afterAll(async () => srv.close())

  it('files a report with a photo in at most 12 raw statements (one read before the transaction besides the idempotency key, no LAST_INSERT_ID, one messages INSERT, no read-back)', async () => {
    const resident = await srv.as('resident1')
    const home = await homeOf(srv, 'resident1')
    const water = await categoryId(srv, 'water_power')
    const photo = await uploadPhoto(srv, resident)
    // Warm the process's caches (category, calendar) so the count is that of a steady filing.
    expect((await fileReport(resident, { categoryId: water, description: '预热：楼道灯坏了', location: { householdId: home.id } }, 'warm-1')).status).toBe(201)
    seen = []
    const r = await fileReport(resident, { categoryId: water, description: '楼道灯坏了一个星期', location: { householdId: home.id }, photos: [photo] }, 'count-1')
    // The signed-in actor is cached for 5 s: on a slow machine its reload (auth, not filing) can fall here.
    const statements = seen.filter((s) => !/^SELECT 'u' AS k/.test(s))
    seen = null
    expect(r.status).toBe(201)
    expect(r.body.data.timeline).toHaveLength(2)
    expect(r.body.data.photos).toHaveLength(1)
    expect(statements.filter((s) => /LAST_INSERT_ID/i.test(s))).toEqual([])
    expect(statements.filter((s) => /^INSERT IGNORE INTO messages/i.test(s))).toHaveLength(1)
    expect(statements.filter((s) => /FROM (report_events|report_photos)/i.test(s))).toEqual([])
    expect(statements.filter((s) => /^SELECT r\.\*/i.test(s))).toEqual([])
    expect(statements.slice(0, statements.indexOf('BEGIN')).filter((s) => !/request_hash/.test(s))).toHaveLength(1)
    expect(statements.length, statements.join('\n')).toBeLessThanOrEqual(12)
    // The answer built from what the filing wrote and the names read before is the one a read gives.
    const read = await resident.get(`/api/v1/reports/${r.body.data.id}`)
    expect(read.status).toBe(200)
    expect(r.body.data.timeline).toEqual(read.body.data.timeline)
    expect(r.body.data.photos).toEqual(read.body.data.photos)
    expect(r.body.data).toEqual(read.body.data)
  })
})
