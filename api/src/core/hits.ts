import type { ResultSetHeader, RowDataPacket } from 'mysql2'
import type { SqlPool } from './db.ts'

/**
 * Counts one hit in a bucket's current window and returns the hits so far, in one statement that
 * every API process shares: the row is created on a bucket's first hit, incremented under its row
 * lock on the next ones, and restarted once its window has ended. `LAST_INSERT_ID(expr)` hands the
 * new count back in the same round trip (0 on the insert path, i.e. the first hit). Used by the
 * per-route limit (http/middleware/rateLimit.ts), the Open311 per-client limit and the identity
 * write limit of /me.
 */
export async function countHit(sql: SqlPool, bucket: string, now: Date, windowSeconds: number): Promise<{ hits: number; resetAt: () => Promise<Date> }> {
  const until = new Date(now.getTime() + windowSeconds * 1000)
  const [r] = await sql.query<ResultSetHeader>(
    `INSERT INTO rate_limit_hits (bucket, window_start, hits, expires_at) VALUES (?, ?, 1, ?)
     ON DUPLICATE KEY UPDATE
       hits = LAST_INSERT_ID(IF(expires_at <= VALUES(window_start), 1, hits + 1)),
       window_start = IF(expires_at <= VALUES(window_start), VALUES(window_start), window_start),
       expires_at = IF(expires_at <= VALUES(window_start), VALUES(expires_at), expires_at)`,
    [bucket, now, until],
  )
  return {
    hits: r.insertId || 1,
    resetAt: async () => {
      const [rows] = await sql.query<({ expires_at: Date } & RowDataPacket)[]>('SELECT expires_at FROM rate_limit_hits WHERE bucket = ?', [bucket])
      return rows[0]?.expires_at ?? until
    },
  }
}
