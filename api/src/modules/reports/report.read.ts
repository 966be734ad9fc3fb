import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import type { RawTx } from '../../core/db.ts'
import { forbidden, invalid, notFound } from '../../core/errors.ts'
import { fileUrls } from '../../core/fileUrls.ts'
import { decodeCursor, encodeCursor } from '../../core/pagination.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { authorize } from '../../core/policy.ts'
import { formatShanghai } from '../../core/time.ts'
import { onLeave } from '../leaves/leave.service.ts'
import { cachedInboxPage, DONE_STATUSES, inboxScope } from './report.inbox.ts'
import { reportEvents, reportPhotos, reportRow, summaryRows } from './report.rows.ts'
import { OPEN_STATUSES, reportPolicy, reportVisibility } from './report.policy.ts'
import {
  presentReportDetail, presentReportPublic, presentReportSummary, reportRecord, type EventRow,
} from './report.presenter.ts'
import { LOCATION_LIMITS, type NearbyQuery, type ReportListQuery } from './report.schema.ts'


/** Loads a report with what the caller may see of it, else 404 (its existence is not disclosed). */
export async function loadReport(deps: Deps, actor: Actor, id: number, db: RawTx = deps.db) {
  const found = await reportRow(db, id, actor.id)
  if (!found) throw notFound('诉求')
  const { row } = found
  const isSupporter = row.reporterId !== actor.id && found.isSupporter
  const record = reportRecord(row, isSupporter, deps.now())
  const visibility = reportVisibility(actor, record)
  if (!visibility) throw notFound('诉求')
  return { row, record, visibility, isSupporter }
}

export type LoadedReport = Awaited<ReturnType<typeof loadReport>>

/** The detail the caller may see, with the timeline and their allowed actions. */
export async function reportDetail(deps: Deps, actor: Actor, id: number) {
  return presentLoaded(deps, actor, await loadReport(deps, actor, id))
}

/** The photos and timeline of a report its caller has just written, so they need not be read back. */
export type KnownParts = { photos: Awaited<ReturnType<typeof reportPhotos>>; events: Awaited<ReturnType<typeof reportEvents>> }

/** Presents a loaded report: photos, the timeline with its photos and actors' names (read, unless `known`). */
export async function presentLoaded(deps: Deps, actor: Actor, loaded: LoadedReport, db: RawTx = deps.db, known?: KnownParts) {
  const { row, visibility, isSupporter } = loaded
  const full = visibility === 'full'
  const [photos, events, reporter] = await Promise.all([
    !full ? Promise.resolve([]) : known ? known.photos : reportPhotos(db, row.id),
    known ? known.events : reportEvents(db, row.id),
    full && row.reporterId !== null && row.reporterId !== actor.id
      ? reporterOf(db, row.reporterId)
      : Promise.resolve(null),
  ])
  const photoOf = (p: (typeof photos)[number]) => ({ id: p.id, storageKey: p.storageKey })
  const eventRows: EventRow[] = events.map((e) => ({ ...e, photos: photos.filter((p) => p.eventId === e.id).map(photoOf) }))
  const now = deps.now()
  return presentReportDetail(row, actor, {
    visibility,
    isSupporter,
    photos: photos.filter((p) => p.eventId === null).map(photoOf),
    events: eventRows,
    reporter: reporter ?? null,
    urls: fileUrls(deps.config, now),
    now,
  })
}

/** The reporter's name and masked phone, as staff see them beside the report. */
async function reporterOf(db: RawTx, userId: number) {
  const [u] = await db.$queryRaw<{ displayName: string; realName: string | null; phoneMasked: string | null }[]>`
    SELECT u.display_name AS displayName, p.real_name AS realName, p.phone_masked AS phoneMasked
    FROM users u LEFT JOIN resident_profiles p ON p.user_id = u.id WHERE u.id = ${userId}`
  return u ? { realName: u.realName ?? null, displayName: u.displayName, phoneMasked: u.phoneMasked ?? null } : null
}

const statusFilter = (s: z.output<typeof ReportListQuery>['status']): Prisma.ReportWhereInput =>
  s === undefined ? {} : s === 'open' ? { status: { in: OPEN_STATUSES } } : s === 'done' ? { status: { in: DONE_STATUSES } } : { status: s }

/**
 * Lists reports. `mine`: filed or seconded by me, newest first. `inbox` (staff): in my scope, by
 * deadline (open ones first, the most urgent on top). `community`: public summaries of my
 * communities' reports, newest first (reports their reporter asked to keep out of it are left out).
 * Scope is part of the query.
 */
export async function listReports(deps: Deps, actor: Actor, q: z.output<typeof ReportListQuery>) {
  const now = deps.now()
  const filters: Prisma.ReportWhereInput[] = [
    statusFilter(q.status),
    q.categoryId ? { categoryId: q.categoryId } : {},
    q.gridId ? { gridId: q.gridId } : {},
    q.overdue === true ? { dueAt: { lt: now } } : q.overdue === false ? { OR: [{ dueAt: null }, { dueAt: { gte: now } }] } : {},
  ]
  if (q.box === 'inbox') {
    const scope = inboxScope(actor)
    if (!scope) throw forbidden('只有工作人员有诉求工单')
    return cachedInboxPage(deps.sql, actor, scope, q, now)
  }
  const cursor = decodeCursor(q.cursor)
  const where: Prisma.ReportWhereInput = q.box === 'mine'
    ? { OR: [{ reporterId: actor.id }, { supporters: { some: { userId: actor.id } } }] }
    : { communityId: { in: actor.residence.communityIds }, anonymousToPublic: false }
  if (q.box === 'community' && !actor.residence.communityIds.length) return { data: [], page: { nextCursor: null } }
  const ids = await deps.db.report.findMany({
    where: { AND: [where, ...filters, cursor ? { id: { lt: cursor } } : {}] },
    select: { id: true },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  const items = await summaryRows(deps.sql, ids.slice(0, q.limit).map((r) => r.id))
  return {
    data: items.map((r) => (q.box === 'mine' ? presentReportSummary(r, actor, now) : presentReportPublic(r))),
    page: { nextCursor: ids.length > q.limit ? encodeCursor(items[items.length - 1].id) : null },
  }
}

/** Metres between two points (haversine). */
export function distanceMeters(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLng = (b.lng - a.lng) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2
  return 2 * 6371_000 * Math.asin(Math.sqrt(h))
}

/**
 * Open reports of a category near a place — within ~200 m or in the same building — that the
 * caller may second instead of filing a duplicate. Only their community's, public summaries.
 */
export async function nearbyReports(deps: Deps, actor: Actor, q: z.output<typeof NearbyQuery>) {
  let point: { lat: number; lng: number } | null = null
  let buildingId: number | null = null
  if (q.householdId) {
    const h = await deps.db.household.findUnique({ where: { id: q.householdId }, select: { buildingId: true, building: { select: { latitude: true, longitude: true } } } })
    if (!h) throw invalid('householdId', '房屋不存在')
    buildingId = h.buildingId
    if (h.building.latitude && h.building.longitude) point = { lat: h.building.latitude.toNumber(), lng: h.building.longitude.toNumber() }
  } else if (q.buildingId) {
    const b = await deps.db.building.findUnique({ where: { id: q.buildingId }, select: { id: true, latitude: true, longitude: true } })
    if (!b) throw invalid('buildingId', '楼栋不存在')
    buildingId = b.id
    if (b.latitude && b.longitude) point = { lat: b.latitude.toNumber(), lng: b.longitude.toNumber() }
  } else if (q.lat !== undefined && q.lng !== undefined) {
    point = { lat: q.lat, lng: q.lng }
  } else {
    throw invalid('location', '请提供 householdId、buildingId 或 lat 和 lng')
  }
  if (!actor.residence.communityIds.length) return []
  const box = LOCATION_LIMITS.nearbyMeters / 111_000 * 1.5
  const rows = await deps.db.report.findMany({
    where: {
      communityId: { in: actor.residence.communityIds },
      categoryId: q.categoryId,
      status: { in: OPEN_STATUSES },
      anonymousToPublic: false,
      OR: [
        ...(buildingId ? [{ buildingId }] : []),
        ...(point ? [{ latitude: { gte: point.lat - box, lte: point.lat + box }, longitude: { gte: point.lng - box, lte: point.lng + box } }] : []),
      ],
    },
    select: { id: true, buildingId: true, latitude: true, longitude: true },
    orderBy: { id: 'desc' },
    take: 50,
  })
  const near = rows
    .filter((r) => (buildingId !== null && r.buildingId === buildingId) ||
      (point && r.latitude && r.longitude && distanceMeters(point, { lat: r.latitude.toNumber(), lng: r.longitude.toNumber() }) <= LOCATION_LIMITS.nearbyMeters))
    .slice(0, 10)
  return (await summaryRows(deps.sql, near.map((r) => r.id))).map(presentReportPublic)
}

/**
 * The workers a superior may reassign a report to: the grid's workers, marked primary or deputy,
 * on leave today, or the current assignee. 403 for anyone who may not reassign it.
 */
export async function reassignCandidates(deps: Deps, actor: Actor, id: number) {
  const { row, record } = await loadReport(deps, actor, id)
  authorize(actor, reportPolicy.reassign, record)
  const workers = await deps.db.gridAssignment.findMany({
    where: { gridId: row.gridId, user: { status: 'active' } },
    select: { userId: true, kind: true, onDuty: true, user: { select: { displayName: true } } },
    orderBy: [{ kind: 'asc' }, { userId: 'asc' }],
  })
  const away = await onLeave(deps.db, workers.map((w) => w.userId), formatShanghai(deps.now(), 'YYYY-MM-DD'))
  return workers.map((w) => ({
    id: w.userId,
    name: w.user.displayName,
    note: [w.kind === 'primary' ? '主网格员' : '协理', ...(away.has(w.userId) ? ['请假中'] : []), ...(!w.onDuty ? ['不在岗'] : []),
      ...(w.userId === row.assigneeId ? ['当前承办'] : [])].join(' · '),
    isCurrent: w.userId === row.assigneeId,
  }))
}
