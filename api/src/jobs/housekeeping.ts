import type { ResultSetHeader } from 'mysql2'
import type { SqlPool } from '../core/db.ts'

/** Tables whose rows carry an `expires_at` after which nothing reads them. */
const EXPIRING_TABLES = ['rate_limit_hits', 'idempotency_keys'] as const

/**
 * Deletes expired rate-limit windows and idempotency keys, in batches so that no statement holds
 * locks for long. Safe on any number of instances (a row deleted twice is simply gone).
 */
export async function deleteExpiredRows(sql: SqlPool, now: Date, batch = 5_000): Promise<Record<(typeof EXPIRING_TABLES)[number], number>> {
  const out = { rate_limit_hits: 0, idempotency_keys: 0 }
  for (const table of EXPIRING_TABLES) {
    for (;;) {
      const [r] = await sql.query<ResultSetHeader>(`DELETE FROM ${table} WHERE expires_at <= ? LIMIT ?`, [now, batch])
      out[table] += r.affectedRows
      if (r.affectedRows < batch) break
    }
  }
  return out
}
