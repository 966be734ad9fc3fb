import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import type { RawTx } from '../../core/db.ts'
import { invalid } from '../../core/errors.ts'
import { formatShanghai } from '../../core/time.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { OPEN_STATUSES } from './report.policy.ts'
import { LOCATION_LIMITS, type ReportLocationInput } from './report.schema.ts'

/** Where a report is and which node of the region tree it belongs to. */
export type Placement = {
  locationKind: 'household' | 'building' | 'point'
  householdId: number | null
  buildingId: number | null
  latitude: number | null
  longitude: number | null
  address: string | null
  gridId: number
  communityId: number
  streetId: number
}

/** Who files: a signed-in user, or an Open311 client bound to one community. */
export type Placer = { actor: Actor } | { communityId: number }

/**
 * The one-row place a location names, as SQL to put in a `WITH p AS (…)`: columns ref (the
 * household's or building's id), building_id, grid_id, community_id, street_id, latitude,
 * longitude (a point's own, rounded as its DECIMAL column rounds it), and the names a report shows
 * (grid_name, estate, building_name, unit, room). A household → its building → its grid; a
 * building → its grid; a point → the grid of `nearest` (see `nearestBuildingId`; no row when null).
 * Every branch is a primary-key look-up, so each reference to `p` costs nothing.
 */
export function placeSql(location: z.output<typeof ReportLocationInput>, nearest: number | null): Prisma.Sql {
  if ('householdId' in location) {
    return Prisma.sql`SELECT h.id AS ref, h.building_id, h.grid_id, h.community_id, h.street_id, b.latitude, b.longitude,
        g.name AS grid_name, b.estate, b.name AS building_name, h.unit, h.room
      FROM households h JOIN buildings b ON b.id = h.building_id JOIN grids g ON g.id = h.grid_id WHERE h.id = ${location.householdId}`
  }
  if ('buildingId' in location) {
    return Prisma.sql`SELECT b.id AS ref, b.id AS building_id, b.grid_id, b.community_id, b.street_id, b.latitude, b.longitude,
        g.name AS grid_name, b.estate, b.name AS building_name, NULL AS unit, NULL AS room
      FROM buildings b JOIN grids g ON g.id = b.grid_id WHERE b.id = ${location.buildingId}`
  }
  return Prisma.sql`SELECT NULL AS ref, NULL AS building_id, b.grid_id, b.community_id, b.street_id,
      CAST(${location.lat} AS DECIMAL(9, 6)) AS latitude, CAST(${location.lng} AS DECIMAL(9, 6)) AS longitude,
      g.name AS grid_name, NULL AS estate, NULL AS building_name, NULL AS unit, NULL AS room
    FROM buildings b JOIN grids g ON g.id = b.grid_id WHERE b.id = ${nearest ?? 0}`
}

/**
 * The building nearest to a point, within the distance limit (else null). A bounding box on the
 * index-free coordinates narrows it first (buildings are few per street); the distance is computed
 * in SQL. A statement of its own: inside the filing's one statement it would be scanned once per
 * reference to the place.
 */
export async function nearestBuildingId(db: RawTx, lat: number, lng: number): Promise<number | null> {
  const km = LOCATION_LIMITS.maxDistanceKm
  const dLat = km / 111
  const dLng = km / (111 * Math.max(0.1, Math.cos((lat * Math.PI) / 180)))
  const rows = await db.$queryRaw<{ id: number; meters: number }[]>`
    SELECT id, 2 * 6371000 * ASIN(SQRT(POW(SIN(RADIANS(latitude - ${lat}) / 2), 2)
        + COS(RADIANS(${lat})) * COS(RADIANS(latitude)) * POW(SIN(RADIANS(longitude - ${lng}) / 2), 2))) AS meters
    FROM buildings
    WHERE latitude BETWEEN ${lat - dLat} AND ${lat + dLat} AND longitude BETWEEN ${lng - dLng} AND ${lng + dLng}
    ORDER BY meters ASC, id ASC LIMIT 1`
  const row = rows[0]
  return !row || Number(row.meters) > km * 1000 ? null : Number(row.id)
}

/** A row of `placeSql`, as read (numbers may come as strings, DECIMALs always do). */
export type PlaceRow = {
  ref: unknown; building_id: unknown; grid_id: unknown; community_id: unknown; street_id: unknown; latitude: unknown; longitude: unknown
  grid_name: string; estate: string | null; building_name: string | null; unit: string | null; room: string | null
}

/** A DECIMAL as read by Prisma (Decimal) or mysql2 (string). */
const num = (d: unknown) => (d === null || d === undefined ? null : Number(d))

/**
 * Turns the row `placeSql` found (or its absence) into the placement, with the same 400s as ever:
 * residents may name only their own households; Open311 clients only places of their community.
 */
export function placementOf(location: z.output<typeof ReportLocationInput>, who: Placer, row: PlaceRow | undefined): Placement {
  let placement: Placement
  if ('householdId' in location) {
    if ('actor' in who && !who.actor.residence.householdIds.includes(location.householdId)) {
      throw invalid('location.householdId', '只能选择您已绑定（审核通过）的房屋')
    }
    if (!row) throw invalid('location.householdId', '房屋不存在')
    placement = { locationKind: 'household', householdId: Number(row.ref), buildingId: Number(row.building_id), address: null, ...coords(row) }
  } else if ('buildingId' in location) {
    if (!row) throw invalid('location.buildingId', '楼栋不存在')
    placement = { locationKind: 'building', householdId: null, buildingId: Number(row.ref), address: null, ...coords(row) }
  } else {
    if (!row) {
      throw invalid('location', `该位置距离本平台覆盖的所有楼栋都超过${LOCATION_LIMITS.maxDistanceKm}公里，请确认位置，或拨打 12345 热线`)
    }
    placement = { locationKind: 'point', householdId: null, buildingId: null, address: location.address ?? null, ...coords(row) }
  }
  if ('communityId' in who && placement.communityId !== who.communityId) {
    throw invalid('location', '该位置不在本接入方所属社区的范围内')
  }
  return placement
}

const coords = (r: PlaceRow) => ({
  latitude: num(r.latitude), longitude: num(r.longitude), gridId: Number(r.grid_id), communityId: Number(r.community_id), streetId: Number(r.street_id),
})

/** A grid's worker on duty: primary or deputy, whether a leave covers the day, and the name a report shows. */
export type OnDutyWorker = { userId: number; kind: 'primary' | 'deputy'; away: boolean; name: string }

/**
 * The active workers on duty in the grid of the one-row `p` (a `WITH p AS (…)` or a derived
 * table with a grid_id column), each with whether a leave covers `day`: columns userId, kind, away, name.
 */
export function onDutyWorkersSql(p: Prisma.Sql, day: string): Prisma.Sql {
  return Prisma.sql`SELECT ga.user_id AS userId, ga.kind, EXISTS (SELECT 1 FROM worker_leaves l WHERE l.user_id = ga.user_id AND l.starts_on <= ${day} AND l.ends_on >= ${day}) AS away,
      u.display_name AS name
    FROM ${p} JOIN grid_assignments ga ON ga.grid_id = p.grid_id JOIN users u ON u.id = ga.user_id AND u.status = 'active'
    WHERE ga.on_duty = TRUE`
}

/** `onDutyWorkersSql`'s rows as read. */
export const onDutyWorkersOf = (rows: { userId: unknown; kind: unknown; away: unknown; name: unknown }[]): OnDutyWorker[] =>
  rows.map((w) => ({ userId: Number(w.userId), kind: w.kind as OnDutyWorker['kind'], away: Boolean(Number(w.away)), name: String(w.name) }))

/**
 * The grid worker a new report goes to: the primary worker when on duty and not on leave today,
 * else the deputy on duty with the fewest open reports (then the lowest id); null when nobody is
 * available (the grid leader is told instead).
 */
export async function chooseAssignee(db: RawTx, gridId: number, now: Date): Promise<number | null> {
  const day = formatShanghai(now, 'YYYY-MM-DD')
  const rows = await db.$queryRaw<Parameters<typeof onDutyWorkersOf>[0]>(onDutyWorkersSql(Prisma.sql`(SELECT ${gridId} AS grid_id) p`, day))
  return pickAssignee(db, onDutyWorkersOf(rows))
}

/**
 * `chooseAssignee`'s choice among a grid's workers on duty (as `onDutyWorkersSql` reads them):
 * the deputies' open reports are counted only when two or more deputies are left to choose from.
 */
export async function pickAssignee(db: RawTx, workers: OnDutyWorker[]): Promise<number | null> {
  const available = workers.filter((w) => !w.away).sort((a, b) => a.userId - b.userId)
  const primary = available.find((w) => w.kind === 'primary')
  if (primary) return primary.userId
  const deputies = available.filter((w) => w.kind === 'deputy').map((d) => d.userId)
  if (!deputies.length) return null
  if (deputies.length === 1) return deputies[0]
  const loads = await db.$queryRaw<{ assigneeId: number; n: number | bigint }[]>`SELECT assignee_id AS assigneeId, COUNT(*) AS n FROM reports
    WHERE assignee_id IN (${Prisma.join(deputies)}) AND status IN (${Prisma.join(OPEN_STATUSES)}) GROUP BY assignee_id`
  const load = new Map(loads.map((l) => [Number(l.assigneeId), Number(l.n)]))
  return deputies.sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0]
}
