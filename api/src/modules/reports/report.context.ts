import type { z } from 'zod'
import type { RawTx } from '../../core/db.ts'
import { invalid } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import {
  nearestBuildingId, onDutyWorkersOf, onDutyWorkersSql, placeSql, placementOf, type OnDutyWorker, type Placement, type Placer, type PlaceRow,
} from './report.dispatch.ts'
import { placeStaffOf, placeStaffSql, type PlaceStaff } from './report.events.ts'
import type { ReportRow } from './report.presenter.ts'
import type { ReportLocationInput } from './report.schema.ts'

/** What filing a report decides with, and the names its answer shows, read before its transaction. */
export type FilingContext = {
  place: Placement
  /** The names of the place as a report shows them (grid, building, household). */
  names: Pick<ReportRow, 'grid' | 'building' | 'household'>
  /** The photos named, in the order given, with their stored keys. */
  photos: { id: number; storageKey: string }[]
  /** The grid's workers on duty (only when asked for). */
  workers: OnDutyWorker[]
  staff: PlaceStaff
  departmentName: string | null
  /** The filer's own display name (only when asked for: a patrol report is assigned to its filer). */
  ownName: string | null
}

type Ask = {
  location: z.output<typeof ReportLocationInput>
  who: Placer
  /** The filer's photos: each must be their own upload, not yet attached to anything. */
  photos: { ownerId: number; ids: number[]; field: string } | null
  departmentId: number | null
  /** The day (Asia/Shanghai) whose leaves count, when the grid's workers on duty are wanted. */
  workersOn: string | null
  ownNameOf: number | null
}

type Row = {
  k: string; a: unknown; b: unknown; c: unknown; d: unknown; e: unknown; lat: unknown; lng: unknown
  s: string | null; t: string | null; v: string | null; w: string | null; x: string | null
}

/**
 * Everything a filing needs before it writes — the place (and its names), the photos' ownership,
 * the grid's workers on duty, the people to tell, the department's name — in one statement: each
 * part is a branch of one UNION ALL over the place `p`, so a filing costs one round trip here
 * instead of five (two for a map point, whose nearest building is found first). The checks then
 * run in the order they always did (photos, then the place), with the same 400s.
 */
export async function filingContext(db: RawTx, ask: Ask): Promise<FilingContext> {
  const photoIds = ask.photos?.ids ?? []
  const unique = [...new Set(photoIds)]
  if (unique.length !== photoIds.length) throw invalid(ask.photos!.field, '照片重复')
  const p = Prisma.raw('p')
  const branches: Prisma.Sql[] = [
    Prisma.sql`SELECT 'place' AS k, p.ref AS a, p.building_id AS b, p.grid_id AS c, p.community_id AS d, p.street_id AS e, p.latitude AS lat, p.longitude AS lng,
      p.grid_name AS s, p.estate AS t, p.building_name AS v, p.unit AS w, p.room AS x FROM p`,
    Prisma.sql`SELECT st.k, st.user_id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL FROM (${placeStaffSql(p, ask.departmentId)}) st`,
  ]
  if (ask.workersOn !== null) {
    branches.push(Prisma.sql`SELECT 'w', ow.userId, ow.away, NULL, NULL, NULL, NULL, NULL, ow.name, ow.kind, NULL, NULL, NULL
      FROM (${onDutyWorkersSql(p, ask.workersOn)}) ow`)
  }
  if (unique.length) {
    branches.push(Prisma.sql`SELECT 'u', id, NULL, NULL, NULL, NULL, NULL, NULL, storage_key, NULL, NULL, NULL, NULL FROM uploads
      WHERE id IN (${Prisma.join(unique)}) AND owner_id = ${ask.photos!.ownerId} AND attached_at IS NULL`)
  }
  if (ask.departmentId !== null) {
    branches.push(Prisma.sql`SELECT 'dep', id, NULL, NULL, NULL, NULL, NULL, NULL, name, NULL, NULL, NULL, NULL FROM departments WHERE id = ${ask.departmentId}`)
  }
  if (ask.ownNameOf !== null) {
    branches.push(Prisma.sql`SELECT 'me', id, NULL, NULL, NULL, NULL, NULL, NULL, display_name, NULL, NULL, NULL, NULL FROM users WHERE id = ${ask.ownNameOf}`)
  }
  const loc = ask.location
  const nearest = 'lat' in loc ? await nearestBuildingId(db, loc.lat, loc.lng) : null
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`WITH p AS (${placeSql(loc, nearest)}) ${Prisma.join(branches, ' UNION ALL ')}`)
  const of = (k: string) => rows.filter((r) => r.k === k)

  const found = new Map(of('u').map((r) => [Number(r.a), String(r.s)]))
  if (found.size !== unique.length) throw invalid(ask.photos!.field, '照片不存在、不是您本人上传的，或已用于其他记录')
  const [pr] = of('place')
  const place = placementOf(ask.location, ask.who, pr && {
    ref: pr.a, building_id: pr.b, grid_id: pr.c, community_id: pr.d, street_id: pr.e, latitude: pr.lat, longitude: pr.lng,
    grid_name: String(pr.s), estate: pr.t, building_name: pr.v, unit: pr.w, room: pr.x,
  } satisfies PlaceRow)
  const building = pr.t !== null ? { estate: String(pr.t), name: String(pr.v) } : null
  return {
    place,
    names: {
      grid: { id: place.gridId, name: String(pr.s) },
      building,
      household: place.householdId !== null && building ? { unit: String(pr.w), room: String(pr.x), building } : null,
    },
    photos: unique.map((id) => ({ id, storageKey: found.get(id)! })),
    workers: onDutyWorkersOf(of('w').map((r) => ({ userId: r.a, kind: r.t, away: r.b, name: r.s }))),
    staff: placeStaffOf(of('l').concat(of('c'), of('d'), of('p')).map((r) => ({ k: r.k, user_id: r.a })), ask.departmentId),
    departmentName: of('dep')[0]?.s ?? null,
    ownName: of('me')[0]?.s ?? null,
  }
}
