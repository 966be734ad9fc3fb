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

/** A DECIMAL as read by Prisma (Decimal) or mysql2 (string). */
const num = (d: unknown) => (d === null || d === undefined ? null : Number(d))

type PlaceRow = { id: number; buildingId: number; gridId: number; communityId: number; streetId: number; latitude: unknown; longitude: unknown }

/**
 * Routes a location to its grid: a household → its building → its grid; a building → its grid;
 * a point → the grid of the nearest building we know (within 5 km, else 400 on `location`).
 * Residents may name only their own households; Open311 clients only places of their community.
 */
export async function placeReport(db: RawTx, location: z.output<typeof ReportLocationInput>, who: Placer): Promise<Placement> {
  let placement: Placement
  if ('householdId' in location) {
    if ('actor' in who && !who.actor.residence.householdIds.includes(location.householdId)) {
      throw invalid('location.householdId', '只能选择您已绑定（审核通过）的房屋')
    }
    const [h] = await db.$queryRaw<PlaceRow[]>`SELECT h.id, h.building_id AS buildingId, h.grid_id AS gridId, h.community_id AS communityId,
        h.street_id AS streetId, b.latitude, b.longitude
      FROM households h JOIN buildings b ON b.id = h.building_id WHERE h.id = ${location.householdId}`
    if (!h) throw invalid('location.householdId', '房屋不存在')
    placement = {
      locationKind: 'household', householdId: Number(h.id), buildingId: Number(h.buildingId), latitude: num(h.latitude), longitude: num(h.longitude),
      address: null, gridId: Number(h.gridId), communityId: Number(h.communityId), streetId: Number(h.streetId),
    }
  } else if ('buildingId' in location) {
    const [b] = await db.$queryRaw<PlaceRow[]>`SELECT id, id AS buildingId, grid_id AS gridId, community_id AS communityId, street_id AS streetId, latitude, longitude
      FROM buildings WHERE id = ${location.buildingId}`
    if (!b) throw invalid('location.buildingId', '楼栋不存在')
    placement = {
      locationKind: 'building', householdId: null, buildingId: Number(b.id), latitude: num(b.latitude), longitude: num(b.longitude),
      address: null, gridId: Number(b.gridId), communityId: Number(b.communityId), streetId: Number(b.streetId),
    }
  } else {
    const nearest = await nearestBuilding(db, location.lat, location.lng)
    if (!nearest) {
      throw invalid('location', `该位置距离本平台覆盖的所有楼栋都超过${LOCATION_LIMITS.maxDistanceKm}公里，请确认位置，或拨打 12345 热线`)
    }
    placement = {
      locationKind: 'point', householdId: null, buildingId: null, latitude: location.lat, longitude: location.lng,
      address: location.address ?? null, gridId: nearest.gridId, communityId: nearest.communityId, streetId: nearest.streetId,
    }
  }
  if ('communityId' in who && placement.communityId !== who.communityId) {
    throw invalid('location', '该位置不在本接入方所属社区的范围内')
  }
  return placement
}

/**
 * The building nearest to a point, within the distance limit. A bounding box on the indexed-free
 * coordinates narrows it first (buildings are few per street); the distance is computed in SQL.
 */
async function nearestBuilding(db: RawTx, lat: number, lng: number) {
  const km = LOCATION_LIMITS.maxDistanceKm
  const dLat = km / 111
  const dLng = km / (111 * Math.max(0.1, Math.cos((lat * Math.PI) / 180)))
  const rows = await db.$queryRaw<{ gridId: number; communityId: number; streetId: number; meters: number }[]>`
    SELECT grid_id AS gridId, community_id AS communityId, street_id AS streetId,
      2 * 6371000 * ASIN(SQRT(POW(SIN(RADIANS(latitude - ${lat}) / 2), 2)
        + COS(RADIANS(${lat})) * COS(RADIANS(latitude)) * POW(SIN(RADIANS(longitude - ${lng}) / 2), 2))) AS meters
    FROM buildings
    WHERE latitude BETWEEN ${lat - dLat} AND ${lat + dLat} AND longitude BETWEEN ${lng - dLng} AND ${lng + dLng}
    ORDER BY meters ASC, id ASC LIMIT 1`
  const row = rows[0]
  if (!row || Number(row.meters) > km * 1000) return null
  return { gridId: Number(row.gridId), communityId: Number(row.communityId), streetId: Number(row.streetId) }
}

/**
 * The grid worker a new report goes to: the primary worker when on duty and not on leave today,
 * else the deputy on duty with the fewest open reports (then the lowest id); null when nobody is
 * available (the grid leader is told instead).
 */
export async function chooseAssignee(db: RawTx, gridId: number, now: Date): Promise<number | null> {
  // The grid's active workers on duty, each with whether a leave covers today, in one statement.
  const day = formatShanghai(now, 'YYYY-MM-DD')
  const workers = await db.$queryRaw<{ userId: number; kind: 'primary' | 'deputy'; away: number | bigint }[]>`
    SELECT ga.user_id AS userId, ga.kind,
      EXISTS (SELECT 1 FROM worker_leaves l WHERE l.user_id = ga.user_id AND l.starts_on <= ${day} AND l.ends_on >= ${day}) AS away
    FROM grid_assignments ga JOIN users u ON u.id = ga.user_id AND u.status = 'active'
    WHERE ga.grid_id = ${gridId} AND ga.on_duty = TRUE ORDER BY ga.user_id`
  const available = workers.filter((w) => !Number(w.away)).map((w) => ({ userId: Number(w.userId), kind: w.kind }))
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
