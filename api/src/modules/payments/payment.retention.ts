import type { Deps } from '../../core/context.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { VERIFIED_OUTCOMES } from './payment.notify.ts'

const DAY_MS = 86_400_000

/**
 * The retention job of payment_notifications: verified deliveries received more than
 * PAYMENT_NOTIFICATION_RETENTION_DAYS ago are deleted, and unverified ones (not provably from
 * WeChat Pay: anyone can send them, so keeping them for ever would let a stranger grow the table)
 * after PAYMENT_REJECTED_NOTIFICATION_RETENTION_DAYS; `batch` rows per statement (oldest first on
 * the received_at index) so that no statement holds locks for long. Safe on any number of
 * instances: each DELETE commits on its own and a row deleted by one is simply gone for the
 * others. Replay detection loses nothing: a delivery older than 5 minutes is refused as stale
 * before its signature is looked up. Returns how many rows this run deleted.
 */
export async function deleteOldNotifications(deps: Pick<Deps, 'db' | 'config' | 'now'>, batch = 1_000): Promise<number> {
  const ago = (days: number) => new Date(deps.now().getTime() - days * DAY_MS)
  const verified = Prisma.join(VERIFIED_OUTCOMES)
  return await deleteInBatches(deps, batch, ago(deps.config.paymentNotificationRetentionDays), Prisma.sql`outcome IN (${verified})`)
    + await deleteInBatches(deps, batch, ago(deps.config.paymentRejectedNotificationRetentionDays), Prisma.sql`outcome NOT IN (${verified})`)
}

async function deleteInBatches(deps: Pick<Deps, 'db'>, batch: number, before: Date, which: Prisma.Sql): Promise<number> {
  let deleted = 0
  for (;;) {
    const n = await deps.db.$executeRaw`DELETE FROM payment_notifications WHERE received_at < ${before} AND ${which} ORDER BY received_at LIMIT ${batch}`
    deleted += n
    if (n < batch) return deleted
  }
}
