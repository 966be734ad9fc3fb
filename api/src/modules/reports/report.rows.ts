import type { RawTx, SqlPool } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import type { RowDataPacket } from 'mysql2'
import type { EventRow, ReportRow, SummaryRow } from './report.presenter.ts'
import type { ReportStatus } from './report.schema.ts'

type Raw = Record<string, unknown>

/** The names a report shows beside it — category, grid, building, assignee, department — as selected columns… */
export const NAMES_SELECT = 'c.name AS c_name, g.name AS g_name, b.estate AS b_estate, b.name AS b_name, a.display_name AS a_name, d.name AS d_name'
/** …and the joins from `reports r` they come from. */
export const NAMES_JOINS = `JOIN report_categories c ON c.id = r.category_id
  JOIN grids g ON g.id = r.grid_id
  LEFT JOIN buildings b ON b.id = r.building_id
  LEFT JOIN users a ON a.id = r.assignee_id
  LEFT JOIN departments d ON d.id = r.department_id`

/** The named references of a row read with NAMES_SELECT and the report's own id columns. */
export function namesOf(r: Raw): Pick<ReportRow, 'category' | 'grid' | 'building' | 'assignee' | 'department'> {
  return {
    category: { id: Number(r.category_id), name: String(r.c_name) },
    grid: { id: Number(r.grid_id), name: String(r.g_name) },
    // A household's report carries its building too: lists show the building, never the room.
    building: r.b_estate !== null && r.b_estate !== undefined ? { estate: String(r.b_estate), name: String(r.b_name) } : null,
    assignee: r.assignee_id !== null && r.assignee_id !== undefined ? { id: Number(r.assignee_id), displayName: String(r.a_name) } : null,
    department: r.department_id !== null && r.department_id !== undefined ? { id: Number(r.department_id), name: String(r.d_name) } : null,
  }
}
const bool = (v: unknown) => (v === null || v === undefined ? null : Boolean(Number(v)))
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v))
const date = (v: unknown) => (v === null || v === undefined ? null : (v as Date))

/**
 * One report with everything its views need — category, grid, building, household, assignee,
 * department — and whether `viewerId` seconded it, in one statement (every detail and every
 * handling step reads it). Null when there is no such report.
 */
export async function reportRow(db: RawTx, id: number, viewerId: number): Promise<{ row: ReportRow; isSupporter: boolean } | null> {
  const rows = await db.$queryRaw<Raw[]>`
    SELECT r.*, ${Prisma.raw(NAMES_SELECT)},
      h.unit AS h_unit, h.room AS h_room, hb.estate AS hb_estate, hb.name AS hb_name,
      EXISTS (SELECT 1 FROM report_supporters s WHERE s.report_id = r.id AND s.user_id = ${viewerId}) AS is_supporter
    FROM reports r ${Prisma.raw(NAMES_JOINS)}
      LEFT JOIN households h ON h.id = r.household_id
      LEFT JOIN buildings hb ON hb.id = h.building_id
    WHERE r.id = ${id}`
  const r = rows[0]
  if (!r) return null
  const row: ReportRow = {
    id: Number(r.id),
    source: r.source as ReportRow['source'],
    status: r.status as ReportStatus,
    pausedFrom: (r.paused_from ?? null) as ReportStatus | null,
    version: Number(r.version),
    categoryId: Number(r.category_id),
    reporterId: num(r.reporter_id),
    assigneeId: num(r.assignee_id),
    gridId: Number(r.grid_id),
    communityId: Number(r.community_id),
    streetId: Number(r.street_id),
    departmentId: num(r.department_id),
    handlingUnit: r.handling_unit as ReportRow['handlingUnit'],
    description: String(r.description),
    locationKind: r.location_kind as ReportRow['locationKind'],
    buildingId: num(r.building_id),
    householdId: num(r.household_id),
    latitude: r.latitude === null ? null : { toNumber: () => Number(r.latitude) },
    longitude: r.longitude === null ? null : { toNumber: () => Number(r.longitude) },
    address: (r.address ?? null) as string | null,
    escalationLevel: Number(r.escalation_level),
    anonymousToPublic: Boolean(Number(r.anonymous_to_public)),
    supporterCount: Number(r.supporter_count),
    acceptDueAt: r.accept_due_at as Date,
    resolveDueAt: r.resolve_due_at as Date,
    dueAt: date(r.due_at),
    escalateAt: date(r.escalate_at),
    pausedAt: date(r.paused_at),
    resolvedAt: date(r.resolved_at),
    ratedAt: date(r.rated_at),
    closedAt: date(r.closed_at),
    satisfied: bool(r.satisfied),
    ratingComment: (r.rating_comment ?? null) as string | null,
    createdAt: r.created_at as Date,
    ...namesOf(r),
    household: r.h_unit !== null
      ? { unit: String(r.h_unit), room: String(r.h_room), building: { estate: String(r.hb_estate), name: String(r.hb_name) } }
      : null,
  }
  return { row, isSupporter: Boolean(Number(r.is_supporter)) }
}

/** A report's photos (of the report and of its steps), in order, with their stored keys. */
export async function reportPhotos(db: RawTx, reportId: number) {
  const rows = await db.$queryRaw<{ id: number; event_id: bigint | null; storage_key: string }[]>`
    SELECT p.id, p.event_id, u.storage_key FROM report_photos p JOIN uploads u ON u.id = p.upload_id
    WHERE p.report_id = ${reportId} ORDER BY p.position, p.id`
  return rows.map((p) => ({ id: Number(p.id), eventId: p.event_id === null ? null : BigInt(p.event_id), storageKey: p.storage_key }))
}

/** A report's timeline, oldest first, with each actor's display name; photos are added by the caller. */
export async function reportEvents(db: RawTx, reportId: number): Promise<Omit<EventRow, 'photos'>[]> {
  const rows = await db.$queryRaw<Raw[]>`
    SELECT e.id, e.kind, e.actor_id, e.actor_role, e.text, e.is_internal, e.created_at, u.display_name AS actor_name
    FROM report_events e LEFT JOIN users u ON u.id = e.actor_id
    WHERE e.report_id = ${reportId} ORDER BY e.id`
  return rows.map((e) => ({
    id: BigInt(e.id as bigint), kind: String(e.kind), actorId: num(e.actor_id), actorRole: String(e.actor_role), text: (e.text ?? null) as string | null,
    isInternal: Boolean(Number(e.is_internal)), createdAt: e.created_at as Date, actorName: (e.actor_name ?? null) as string | null,
  }))
}

type SummaryRaw = RowDataPacket & {
  id: number; source: SummaryRow['source']; status: ReportStatus; reporter_id: number | null; excerpt: string; address: string | null
  supporter_count: number; created_at: Date; resolved_at: Date | null; closed_at: Date | null; due_at: Date | null; escalation_level: number
}

/**
 * List rows (what `SummaryRow` needs, names joined) of some reports, in the order of `ids`: the
 * lists pick their ids by their own order and scope, then read the rows in one mysql2 statement.
 */
export async function summaryRows(sql: SqlPool, ids: number[]): Promise<SummaryRow[]> {
  if (!ids.length) return []
  const [rows] = await sql.query<SummaryRaw[]>(
    `SELECT r.id, r.source, r.status, r.reporter_id, LEFT(r.description, 60) AS excerpt, r.address, r.supporter_count,
       r.created_at, r.resolved_at, r.closed_at, r.due_at, r.escalation_level, r.category_id, r.grid_id, r.assignee_id, r.department_id,
       ${NAMES_SELECT}
     FROM reports r ${NAMES_JOINS}
     WHERE r.id IN (?)`,
    [ids],
  )
  const order = new Map(ids.map((id, i) => [id, i]))
  return rows.sort((a, b) => order.get(Number(a.id))! - order.get(Number(b.id))!).map(toSummaryRow)
}

const toSummaryRow = (r: SummaryRaw): SummaryRow => ({
  id: r.id, source: r.source, status: r.status, reporterId: r.reporter_id, description: r.excerpt, address: r.address,
  supporterCount: r.supporter_count, createdAt: r.created_at, resolvedAt: r.resolved_at, closedAt: r.closed_at, dueAt: r.due_at,
  escalationLevel: r.escalation_level, household: null, ...namesOf(r),
})
