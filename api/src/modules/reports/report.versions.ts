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
 * Bumps the versions of the places a report was and is in, inside the transaction of the change,
 * so a cached inbox page of any of them is read again. Call it last in the transaction: the
 * street's row is shared by every report of the street, and its lock is held until commit.
 */
export async function bumpReportVersions(tx: RawTx, ...placements: ReportPlacement[]): Promise<void> {
  const keys = [...new Set(placements.flatMap(placementKeys))].sort()
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

/** The current versions of some keys as one comparable string (absent rows read as 0). */
export async function readVersions(sql: SqlPool, keys: string[]): Promise<string> {
  const [rows] = await sql.query<({ scope: string; version: string | number } & import('mysql2').RowDataPacket)[]>(
    'SELECT scope, version FROM report_versions WHERE scope IN (?)', [keys],
  )
  const got = new Map(rows.map((r) => [r.scope, String(r.version)]))
  return keys.map((k) => `${k}=${got.get(k) ?? 0}`).join(',')
}
