import dayjs from 'dayjs'
import { TZ } from '../../core/time.ts'
import { REPORT_STATUS_LABELS, type ReportStatus } from '../reports/report.schema.ts'

/**
 * GeoReport v2 views of our records: field names, order and value shapes follow the spec; the
 * values are chosen for a client outside the community (no personal data, building-level places).
 */

/** ISO 8601 with the Beijing offset, e.g. `2026-11-30T09:00:00+08:00` (the spec wants a zone). */
export function w3cTime(d: Date): string {
  return dayjs(d).tz(TZ).format('YYYY-MM-DDTHH:mm:ssZ')
}

/** The spec knows two states; ours fold into them (resolved-but-unsatisfied is closed too). */
export function open311Status(status: ReportStatus): 'open' | 'closed' {
  return status === 'submitted' || status === 'accepted' || status === 'awaiting_info' ? 'open' : 'closed'
}

/** The statuses of ours behind each spec status, for filtering in the query. */
export const STATUSES_OF: Record<'open' | 'closed', ReportStatus[]> = {
  open: ['submitted', 'accepted', 'awaiting_info'],
  closed: ['resolved', 'unsatisfied', 'closed', 'closed_unfixed', 'rejected'],
}

/** The group every service is listed under. */
export const SERVICE_GROUP = '社区治理'

export type CategoryRow = { code: string; name: string; description: string }

/** One service of GET services: a report category (no extra attributes, created at once). */
export function presentService(c: CategoryRow) {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: false,
    type: 'realtime',
    keywords: keywordsOf(c),
    group: SERVICE_GROUP,
  }
}

/** The category's name and the phrases of its description, comma separated as the spec shows them. */
function keywordsOf(c: CategoryRow): string {
  const words = [c.name, ...c.description.split(/[、，,；;（）()]/).map((w) => w.trim()).filter((w) => w && w.length <= 12)]
  return [...new Set(words)].join(',')
}

/** GET services/{code}: the definition of a service without metadata has no attributes. */
export function presentServiceDefinition(c: CategoryRow) {
  return { service_code: c.code, attributes: [] as never[] }
}

export type RequestRow = {
  id: number
  status: ReportStatus
  description: string
  open311ClientId: number | null
  latitude: { toString(): string } | null
  longitude: { toString(): string } | null
  resolveDueAt: Date
  createdAt: Date
  updatedAt: Date
  handlingUnit: 'grid' | 'department'
  category: { code: string; name: string }
  grid: { name: string }
  department: { name: string } | null
  address: string | null
  building: BuildingRow | null
  household: { building: BuildingRow } | null
}

type BuildingRow = { id: number; estate: string; name: string; latitude: { toString(): string } | null; longitude: { toString(): string } | null }

/** The Prisma select a presented request is loaded with. */
export const requestSelect = {
  id: true, status: true, description: true, open311ClientId: true, latitude: true, longitude: true, address: true,
  resolveDueAt: true, createdAt: true, updatedAt: true, handlingUnit: true,
  category: { select: { code: true, name: true } },
  grid: { select: { name: true } },
  department: { select: { name: true } },
  building: { select: { id: true, estate: true, name: true, latitude: true, longitude: true } },
  household: { select: { building: { select: { id: true, estate: true, name: true, latitude: true, longitude: true } } } },
} as const

/** Who handles it, as the spec's agency_responsible: the department, else the grid. */
export function agencyOf(r: Pick<RequestRow, 'handlingUnit' | 'department' | 'grid'>): string {
  return r.handlingUnit === 'department' && r.department ? r.department.name : r.grid.name
}

const num = (d: { toString(): string } | null | undefined) => (d == null ? undefined : Number(d.toString()))

/**
 * One service request. The place is the building (never the household's room; a typed address
 * only back to the client that typed it); the description and the exact map point only for requests this client filed itself,
 * since others' reports are residents' own words and a neighbour sees only the public summary;
 * photos are never linked.
 */
export function presentRequest(r: RequestRow, statusNotes: string | null, clientId: number) {
  const own = r.open311ClientId === clientId
  // A resident's map point may be their doorstep: others' requests show the building's coordinates.
  const point = own && r.latitude != null && r.longitude != null
  const building = r.household?.building ?? r.building
  const place = building ? `${building.estate} ${building.name}` : (own && r.address) || '地图选点位置'
  return {
    service_request_id: String(r.id),
    status: open311Status(r.status),
    status_notes: statusNotes,
    service_name: r.category.name,
    service_code: r.category.code,
    description: own ? r.description : undefined,
    agency_responsible: agencyOf(r),
    service_notice: `${REPORT_STATUS_LABELS[r.status]}（${agencyOf(r)}）`,
    requested_datetime: w3cTime(r.createdAt),
    updated_datetime: w3cTime(r.updatedAt),
    expected_datetime: w3cTime(r.resolveDueAt),
    address: place,
    address_id: building ? String(building.id) : undefined,
    lat: point ? num(r.latitude) : num(building?.latitude),
    long: point ? num(r.longitude) : num(building?.longitude),
  }
}

/** The answer to POST requests: the new id at once (type realtime), no token. */
export function presentCreated(r: Pick<RequestRow, 'id' | 'resolveDueAt' | 'handlingUnit' | 'department' | 'grid'>) {
  return {
    service_request_id: String(r.id),
    service_notice: `已派发至${agencyOf(r)}办理，办结期限 ${w3cTime(r.resolveDueAt)}`,
    account_id: null,
  }
}
