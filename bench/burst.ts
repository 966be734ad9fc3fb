// The skeleton both write bursts of `npm run bench` share (bookings, ballots): the context run.ts
// hands them, the community and residents a burst uses, and an unmeasured warm-up before the
// measured run.
import type { Connection } from 'mysql2/promise'
import type { Result } from './report.ts'

/** What run.ts hands a burst scenario; `F` adds the scenario's own flags to --warmup. */
export type BurstCtx<F> = {
  db: Connection
  api: string
  apiPid: number
  dbPid?: number
  token: (userId: number) => string
  flags: F & { warmup: number }
  log: (s: string) => void
  /** The API process's last output (its error lines are shown when answers were unexpected). */
  apiTail: () => string
  /** Results measured so far in this sitting (the raw-INSERT baseline, for the ratio). */
  results: Result[]
}

/**
 * The community with the most approved residents and `n` of them in an order fixed by `salt`; or,
 * when the burst cannot run (`table` missing: migrations of `tablesOf` not applied, or too few
 * residents), why not.
 */
export async function burstResidents(db: Connection, want: { table: string; tablesOf: string; salt: string; n: number }):
Promise<{ communityId: number; userIds: number[] } | { skip: string }> {
  const all = async <T>(sql: string, params?: unknown[]) => (await db.query(sql, params))[0] as T[]
  const [has] = await all<{ n: number }>('SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = ?', [want.table])
  if (!Number(has.n)) return { skip: `the database has no ${want.tablesOf} tables (migrations not applied).` }
  const [top] = await all<{ community_id: number }>(`SELECT community_id FROM household_bindings WHERE status = 'approved'
    GROUP BY community_id ORDER BY COUNT(*) DESC, community_id LIMIT 1`)
  if (!top) return { skip: 'no residents with approved bindings (run `npm run seed:large`).' }
  const communityId = Number(top.community_id)
  const userIds = (await all<{ user_id: number }>(`SELECT user_id FROM household_bindings WHERE status = 'approved' AND community_id = ?
    GROUP BY user_id ORDER BY CRC32(CONCAT(?, user_id)) LIMIT ?`, [communityId, want.salt, want.n])).map((r) => Number(r.user_id))
  if (userIds.length < want.n) return { skip: `community ${communityId} has only ${userIds.length} residents (${want.n} wanted).` }
  return { communityId, userIds }
}

/**
 * Runs a burst once unmeasured (with --warmup > 0, its check logged under `key`) and then once
 * measured; `runOnce` gets a tag unique to the sitting and the run.
 */
export async function warmThenMeasure<T extends { check: { summary: string } }>(
  ctx: BurstCtx<unknown>, key: string, runOnce: (tag: string) => Promise<T>,
): Promise<{ warm?: T; m: T }> {
  const run = Date.now().toString(36)
  let warm: T | undefined
  if (ctx.flags.warmup > 0) {
    warm = await runOnce(`${run}w`)
    ctx.log(`  ${key} warm-up check: ${warm.check.summary}`)
  }
  return { warm, m: await runOnce(run) }
}
