import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import type { DbOrTx } from '../../core/db.ts'
import { invalid } from '../../core/errors.ts'
import { formatShanghai } from '../../core/time.ts'
import { onLeave } from '../leaves/leave.service.ts'
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

const num = (d: { toNumber(): number } | null) => (d ? d.toNumber() : null)

/**
 * Routes a location to its grid: a household → its building → its grid; a building → its grid;
 * a point → the grid of the nearest building we know (within 5 km, else 400 on `location`).
 * Residents may name only their own households; Open311 clients only places of their community.
 */
export async function placeReport(db: DbOrTx, location: z.output<typeof ReportLocationInput>, who: Placer): Promise<Placement> {
  let placement: Placement
  if ('householdId' in location) {
    if ('actor' in who && !who.actor.residence.householdIds.includes(location.householdId)) {
      throw invalid('location.householdId', '只能选择您已绑定（审核通过）的房屋')
    }
    const h = await db.household.findUnique({
      where: { id: location.householdId },
      select: { id: true, buildingId: true, gridId: true, communityId: true, streetId: true, building: { select: { latitude: true, longitude: true } } },
    })
    if (!h) throw invalid('location.householdId', '房屋不存在')
    placement = {
      locationKind: 'household', householdId: h.id, buildingId: h.buildingId, latitude: num(h.building.latitude), longitude: num(h.building.longitude),
      address: null, gridId: h.gridId, communityId: h.communityId, streetId: h.streetId,
    }
  } else if ('buildingId' in location) {
    const b = await db.building.findUnique({
      where: { id: location.buildingId },
      select: { id: true, gridId: true, communityId: true, streetId: true, latitude: true, longitude: true },
    })
    if (!b) throw invalid('location.buildingId', '楼栋不存在')
    placement = {
      locationKind: 'building', householdId: null, buildingId: b.id, latitude: num(b.latitude), longitude: num(b.longitude),
      address: null, gridId: b.gridId, communityId: b.communityId, streetId: b.streetId,
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
async function nearestBuilding(db: DbOrTx, lat: number, lng: number) {
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
export async function chooseAssignee(db: DbOrTx, gridId: number, now: Date): Promise<number | null> {
  const workers = await db.gridAssignment.findMany({
    where: { gridId, onDuty: true, user: { status: 'active' } },
    select: { userId: true, kind: true },
    orderBy: { userId: 'asc' },
  })
  if (!workers.length) return null
  const away = await onLeave(db, workers.map((w) => w.userId), formatShanghai(now, 'YYYY-MM-DD'))
  const available = workers.filter((w) => !away.has(w.userId))
  const primary = available.find((w) => w.kind === 'primary')
  if (primary) return primary.userId
  const deputies = available.filter((w) => w.kind === 'deputy')
  if (!deputies.length) return null
  if (deputies.length === 1) return deputies[0].userId
  const loads = await db.report.groupBy({
    by: ['assigneeId'],
    where: { assigneeId: { in: deputies.map((d) => d.userId) }, status: { in: OPEN_STATUSES } },
    _count: { _all: true },
  })
  const load = new Map(loads.map((l) => [l.assigneeId, l._count._all]))
  return deputies.map((d) => d.userId).sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0) || a - b)[0]
}
