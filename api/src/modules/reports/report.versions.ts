import { randomInt } from 'node:crypto'
import { roleScope, type Actor } from '../../core/actor.ts'
import type { RawTx, SqlPool } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'

/** Where a report sits, as far as lists are concerned. */
export type ReportPlacement = {
  gridId?: number | null; communityId?: number | null; streetId?: number | null; departmentId?: number | null; assigneeId?: number | null
}

/** The version keys of a report's placement: its grid, community, street, department and assignee. */
export function placementKeys(p: ReportPlacement): string[] {
  return [
    ...(p.gridId ? [`g:${p.gridId}`] : []), ...(p.communityId ? [`c:${p.communityId}`] : []), ...(p.streetId ? [`s:${p.streetId}`] : []),
    ...(p.departmentId ? [`d:${p.departmentId}`] : []), ...(p.assigneeId ? [`u:${p.assigneeId}`] : []),
  ]
}

/**
 * A street's or a community's key is bumped by every report filed or handled in it: its version is
 * spread over SHARDS rows (`s:1#0` … `s:1#15`), a change bumps one at random and readers add them
 * up, so concurrent transactions rarely wait on each other's row lock until commit. The sum still
 * grows with every change, which is all a cached page compares.
 */
const SHARDS = 16
const isShared = (key: string) => key.startsWith('s:') || key.startsWith('c:')

/**
 * Bumps the versions of the places a report was and is in, inside the transaction of the change,
 * so a cached inbox page of any of them is read again. Call it last in the transaction: the rows
 * are locked until commit (always in key order, so two changes never deadlock on them).
 */
export async function bumpReportVersions(tx: RawTx, ...placements: ReportPlacement[]): Promise<void> {
  const keys = [...new Set(placements.flatMap(placementKeys))].map((k) => (isShared(k) ? `${k}#${randomInt(SHARDS)}` : k)).sort()
  if (!keys.length) return
  await tx.$executeRaw`INSERT INTO report_versions (scope, version) VALUES ${Prisma.join(keys.map((k) => Prisma.sql`(${k}, 1)`))}
    ON DUPLICATE KEY UPDATE version = version + 1`
}

/** The version keys an actor's inbox depends on (the same scope as the inbox's WHERE). */
export function inboxKeys(actor: Actor): string[] {
  const workers = roleScope(actor, 'grid_worker')
  const leaders = roleScope(actor, 'grid_leader', 'committee')
  return [
    `u:${actor.id}`,
    ...[...new Set([...workers.gridIds, ...leaders.gridIds])].map((id) => `g:${id}`),
    ...leaders.communityIds.map((id) => `c:${id}`),
    ...roleScope(actor, 'street').streetIds.map((id) => `s:${id}`),
    ...actor.staff.departmentIds.map((id) => `d:${id}`),
  ].sort()
}

/** The current versions of some keys as one comparable string (absent rows read as 0; shared keys summed over their shards). */
export async function readVersions(sql: SqlPool, keys: string[]): Promise<string> {
  const rows = keys.flatMap((k) => (isShared(k) ? Array.from({ length: SHARDS }, (_, i) => `${k}#${i}`) : [k]))
  const [found] = await sql.query<({ scope: string; version: string | number } & import('mysql2').RowDataPacket)[]>(
    'SELECT scope, version FROM report_versions WHERE scope IN (?)', [rows],
  )
  const got = new Map<string, bigint>()
  for (const r of found) {
    const key = r.scope.split('#')[0]
    got.set(key, (got.get(key) ?? 0n) + BigInt(r.version))
  }
  return keys.map((k) => `${k}=${got.get(k) ?? 0n}`).join(',')
}
