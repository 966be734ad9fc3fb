import type { ResultSetHeader, RowDataPacket } from 'mysql2'
import type { Deps } from '../core/context.ts'
import type { SqlPool } from '../core/db.ts'
import { quotaDay } from '../modules/uploads/upload.quota.ts'

/** Tables whose rows carry an `expires_at` after which nothing reads them. */
const EXPIRING_TABLES = ['rate_limit_hits', 'idempotency_keys', 'login_throttles'] as const

/** Uploads never attached to anything are deleted this long after they were made. */
export const UNATTACHED_UPLOAD_TTL_MS = 24 * 60 * 60 * 1000

/**
 * Deletes expired rate-limit windows, idempotency keys and login throttles, in batches so that no statement holds
 * locks for long. Safe on any number of instances (a row deleted twice is simply gone).
 */
export async function deleteExpiredRows(sql: SqlPool, now: Date, batch = 5_000): Promise<Record<(typeof EXPIRING_TABLES)[number], number>> {
  const out = { rate_limit_hits: 0, idempotency_keys: 0, login_throttles: 0 }
  for (const table of EXPIRING_TABLES) {
    for (;;) {
      const [r] = await sql.query<ResultSetHeader>(`DELETE FROM ${table} WHERE expires_at <= ? LIMIT ?`, [now, batch])
      out[table] += r.affectedRows
      if (r.affectedRows < batch) break
    }
  }
  return out
}

/**
 * Deletes uploads never attached to anything within 24 hours: the rows, then their files. Each
 * batch locks its rows with SKIP LOCKED, so several instances take different rows, and a record
 * attaching one of them at that moment waits for the lock and then finds it gone (a 400, never a
 * reference to a deleted file). Files go after the commit: a crash in between leaves a file
 * without a row (never served), never a row without its file.
 */
export async function deleteUnattachedUploads(deps: Pick<Deps, 'sql' | 'storage'>, now: Date, batch = 500): Promise<number> {
  const before = new Date(now.getTime() - UNATTACHED_UPLOAD_TTL_MS)
  let deleted = 0
  for (;;) {
    const conn = await deps.sql.getConnection()
    let keys: string[]
    try {
      await conn.beginTransaction()
      const [rows] = await conn.query<({ id: number; storage_key: string } & RowDataPacket)[]>(
        `SELECT id, storage_key FROM uploads WHERE attached_at IS NULL AND created_at <= ?
         ORDER BY created_at LIMIT ? FOR UPDATE SKIP LOCKED`,
        [before, batch],
      )
      if (rows.length) await conn.query('DELETE FROM uploads WHERE id IN (?) AND attached_at IS NULL', [rows.map((r) => r.id)])
      await conn.commit()
      keys = rows.map((r) => r.storage_key)
    } catch (e) {
      await conn.rollback().catch(() => {})
      throw e
    } finally {
      conn.release()
    }
    for (const key of keys) await deps.storage.delete(key)
    deleted += keys.length
    if (keys.length < batch) return deleted
  }
}

/** Deletes daily upload quotas of days before yesterday (Asia/Shanghai): nothing reads them again. */
export async function deleteOldUploadQuotas(sql: SqlPool, now: Date, batch = 5_000): Promise<number> {
  const yesterday = quotaDay(new Date(now.getTime() - 24 * 60 * 60 * 1000)).day
  let deleted = 0
  for (;;) {
    const [r] = await sql.query<ResultSetHeader>('DELETE FROM upload_quota_days WHERE day < ? LIMIT ?', [yesterday, batch])
    deleted += r.affectedRows
    if (r.affectedRows < batch) return deleted
  }
}

/** The housekeeping job: expired rows, unattached uploads, old upload quotas. */
export async function housekeeping(deps: Pick<Deps, 'sql' | 'storage'>, now: Date) {
  return {
    ...(await deleteExpiredRows(deps.sql, now)),
    uploads: await deleteUnattachedUploads(deps, now),
    uploadQuotaDays: await deleteOldUploadQuotas(deps.sql, now),
  }
}
