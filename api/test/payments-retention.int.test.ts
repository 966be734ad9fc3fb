import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { paymentJobs } from '../src/jobs/paymentJobs.ts'
import { NOTIFY_STATUS, VERIFIED_OUTCOMES } from '../src/modules/payments/payment.notify.ts'
import { deleteOldNotifications } from '../src/modules/payments/payment.retention.ts'
import { startTestServer, type TestServer } from './support/server.ts'

const DAY = 86_400_000
const UNVERIFIED = ['bad_headers', 'unknown_serial', 'bad_signature', 'stale', 'invalid_json', 'not_configured']

describe('payment_notifications retention: verified deliveries older than PAYMENT_NOTIFICATION_RETENTION_DAYS go, unverified ones after PAYMENT_REJECTED_NOTIFICATION_RETENTION_DAYS, in batches, on N instances', () => {
  let srv: TestServer

  beforeAll(async () => {
    srv = await startTestServer({ seed: 'none', env: { PAYMENT_NOTIFICATION_RETENTION_DAYS: '30', PAYMENT_REJECTED_NOTIFICATION_RETENTION_DAYS: '7' } })
  })
  afterAll(async () => srv?.close())

  /** `n` notifications received `ageDays` ago with outcomes taken in turn from `outcomes`. */
  async function received(n: number, ageDays: number, outcomes: readonly string[]) {
    const at = srv.clock.now().getTime() - ageDays * DAY
    await srv.deps.db.paymentNotification.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        receivedAt: new Date(at - i * 1000), outcome: outcomes[i % outcomes.length], eventType: 'TRANSACTION.SUCCESS',
        outTradeNo: `BK${i}T${ageDays}`, signatureHash: new Uint8Array(randomBytes(32)),
      })),
    })
  }
  const count = (where: Record<string, unknown>) => srv.deps.db.paymentNotification.count({ where })

  it('every recorded outcome is either verified or not (a new outcome must be placed)', () => {
    expect([...VERIFIED_OUTCOMES, ...UNVERIFIED].sort()).toEqual(Object.keys(NOTIFY_STATUS).filter((o) => o !== 'too_large').sort())
    expect(srv.config.paymentNotificationRetentionDays).toBe(30)
    expect(srv.config.paymentRejectedNotificationRetentionDays).toBe(7)
  })

  it('two runs at once delete the old rows of both kinds between them, 250 a statement; recent rows stay', async () => {
    await received(1_210, 31, VERIFIED_OUTCOMES)
    await received(40, 29, VERIFIED_OUTCOMES)
    await received(60, 400, UNVERIFIED)
    await received(20, 8, UNVERIFIED)
    await received(30, 4, UNVERIFIED)
    const cutoff = new Date(srv.clock.now().getTime() - 30 * DAY)

    // The real database, with each DELETE's row count noted: no statement takes more than its batch.
    const perStatement: number[] = []
    const db = new Proxy(srv.deps.db, {
      get: (target, key) => key === '$executeRaw'
        ? async (...args: Parameters<typeof target.$executeRaw>) => {
          const n = await target.$executeRaw(...args)
          perStatement.push(n)
          return n
        }
        : Reflect.get(target, key),
    })
    const runs = await Promise.all([deleteOldNotifications({ ...srv.deps, db }, 250), deleteOldNotifications({ ...srv.deps, db }, 250)])
    expect(runs[0] + runs[1]).toBe(1_210 + 60 + 20)
    expect(Math.max(...perStatement)).toBe(250)
    expect(perStatement.length).toBeGreaterThanOrEqual(6)
    expect(await count({ receivedAt: { lt: cutoff }, outcome: { in: [...VERIFIED_OUTCOMES] } })).toBe(0)
    expect(await count({ receivedAt: { gte: cutoff }, outcome: { in: [...VERIFIED_OUTCOMES] } })).toBe(40)
    expect(await count({ outcome: { in: UNVERIFIED } })).toBe(30)
    expect(await deleteOldNotifications(srv.deps)).toBe(0)

    // Two days later the verified ones received 29 days ago have aged out too; the unverified ones
    // received 4 days ago are 6 days old and stay.
    srv.clock.advance(2 * DAY)
    try {
      expect(await deleteOldNotifications(srv.deps)).toBe(40)
    } finally {
      srv.clock.advance(-2 * DAY)
    }
    expect(await count({})).toBe(30)
  })

  it('the job runs in every process, with or without WeChat Pay configured', () => {
    expect(paymentJobs(srv.deps).map((j) => j.name)).toEqual(['payment-notification-retention'])
    expect(paymentJobs({ ...srv.deps, config: { ...srv.config, wechatPay: {} as never } }).map((j) => j.name))
      .toEqual(['payment-refunds', 'payment-reconcile', 'payment-notification-retention'])
  })
})
