import type { SqlPool } from '../../core/db.ts'

export type DbHealth = { status: 'up' | 'down'; latencyMs: number | null; error?: string }

/**
 * The database check of GET /api/health, shared by the requests that arrive while it runs:
 * under load one `SELECT 1` answers every health request waiting for it instead of one each,
 * and a request that comes after it has finished starts a new one, so an answer is never older
 * than the request it serves by more than one round trip (a database that just went away shows
 * on the next request, as before).
 */
export function dbProbe(sql: SqlPool): () => Promise<DbHealth> {
  let running: Promise<DbHealth> | undefined
  const probe = async (): Promise<DbHealth> => {
    const t0 = performance.now()
    try {
      await sql.query({ sql: 'SELECT 1', timeout: 2000 })
      return { status: 'up', latencyMs: Math.round((performance.now() - t0) * 100) / 100 }
    } catch (e) {
      return { status: 'down', latencyMs: null, error: (e as { code?: string }).code ?? 'unreachable' }
    }
  }
  return () => {
    running ??= probe().finally(() => {
      running = undefined
    })
    return running
  }
}
