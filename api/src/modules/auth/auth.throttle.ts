import { accountDigest } from '../../core/crypto.ts'
import type { DbOrTx, Db } from '../../core/db.ts'

/**
 * Failed password logins, throttled per bucket with growing delays instead of a hard lock that a
 * stranger could trigger. Buckets are keyed by the username as typed (normalised), never by
 * whether the account exists, so unknown and real accounts are answered alike:
 * - account × client address: delays start after 5 failures;
 * - account alone (every address): delays start after 20, against guessing from many addresses;
 * - account × known device (a device token from an earlier successful login): the owner's own
 *   device is counted apart, so strangers' failures never delay it.
 * Each attempt is charged before the password is checked, under row locks, so parallel guesses
 * are counted one by one; a successful login gives its charge back.
 */

type BucketKind = 'address' | 'account' | 'device'
export type LoginBucket = { key: string; kind: BucketKind }

export const THRESHOLDS: Record<BucketKind, number> = { address: 5, account: 20, device: 10 }
/** The longest delay between attempts of one bucket. */
export const MAX_DELAY_SECONDS = 900
/** A bucket forgets its failures this long after the last one. */
const FORGET_AFTER_MS = 3600_000

/** The buckets one password attempt counts in. */
export function loginBuckets(username: string, ip: string, deviceId?: string): LoginBucket[] {
  const account = accountDigest(username)
  if (deviceId) return [{ key: `pw:${account}:dev:${deviceId}`, kind: 'device' }]
  return [
    { key: `pw:${account}:ip:${ip}`.slice(0, 191), kind: 'address' },
    { key: `pw:${account}`, kind: 'account' },
  ]
}

/** The delay after `failures` failures in a bucket of this kind, in seconds (0 under the threshold). */
export function delaySeconds(kind: BucketKind, failures: number): number {
  const over = failures - THRESHOLDS[kind]
  return over < 0 ? 0 : Math.min(MAX_DELAY_SECONDS, 2 ** over)
}

type Row = { bucket: string; failures: number; blocked_until: Date | null; expires_at: Date }

/**
 * Charges one attempt to every bucket, unless one of them is still waiting out its delay: then
 * nothing is charged and the seconds left are returned (0 when the attempt may go ahead).
 */
export async function chargeAttempt(db: Db, buckets: LoginBucket[], now: Date): Promise<number> {
  return db.$transaction(async (tx) => {
    const rows = await lockBuckets(tx, buckets, now)
    const wait = Math.max(0, ...rows.map((r) => (r.blocked_until && r.blocked_until > now ? r.blocked_until.getTime() - now.getTime() : 0)))
    if (wait > 0) return Math.ceil(wait / 1000)
    for (const b of buckets) {
      const row = rows.find((r) => r.bucket === b.key)!
      const failures = row.expires_at <= now ? 1 : row.failures + 1
      const delay = delaySeconds(b.kind, failures)
      await tx.$executeRaw`UPDATE login_throttles SET failures = ${failures},
        blocked_until = ${delay ? new Date(now.getTime() + delay * 1000) : null},
        expires_at = ${new Date(now.getTime() + FORGET_AFTER_MS)} WHERE bucket = ${b.key}`
    }
    return 0
  })
}

/**
 * Gives a successful attempt's charge back: the address and device buckets start over, the
 * account bucket loses this one attempt (strangers' failures from elsewhere still count).
 */
export async function refundAttempt(db: Db, buckets: LoginBucket[], now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    const rows = await lockBuckets(tx, buckets, now)
    for (const b of buckets) {
      const row = rows.find((r) => r.bucket === b.key)!
      if (b.kind !== 'account') {
        await tx.$executeRaw`DELETE FROM login_throttles WHERE bucket = ${b.key}`
        continue
      }
      const failures = Math.max(0, row.failures - 1)
      const delay = delaySeconds(b.kind, failures)
      await tx.$executeRaw`UPDATE login_throttles SET failures = ${failures},
        blocked_until = ${delay ? row.blocked_until : null} WHERE bucket = ${b.key}`
    }
  })
}

async function lockBuckets(tx: DbOrTx, buckets: LoginBucket[], now: Date): Promise<Row[]> {
  const expires = new Date(now.getTime() + FORGET_AFTER_MS)
  const rows: Row[] = []
  // Each bucket is created or write-locked by one statement (an upsert takes the exclusive lock at
  // once; INSERT IGNORE then FOR UPDATE would take a shared lock first and deadlock two attempts),
  // always in the same order, so two attempts never wait on each other crosswise.
  for (const b of [...buckets].sort((x, y) => x.key.localeCompare(y.key))) {
    await tx.$executeRaw`INSERT INTO login_throttles (bucket, failures, blocked_until, expires_at) VALUES (${b.key}, 0, NULL, ${expires})
      ON DUPLICATE KEY UPDATE bucket = bucket`
    const [row] = await tx.$queryRaw<Row[]>`SELECT bucket, failures, blocked_until, expires_at FROM login_throttles WHERE bucket = ${b.key} FOR UPDATE`
    rows.push({ ...row, failures: Number(row.failures) })
  }
  return rows
}
