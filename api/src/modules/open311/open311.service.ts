import type { RowDataPacket } from 'mysql2'
import type { Deps } from '../../core/context.ts'
import { AppError, invalid } from '../../core/errors.ts'
import type { Open311Client } from './open311.keys.ts'
import {
  presentRequest, presentService, presentServiceDefinition, requestSelect, STATUSES_OF, w3cTime,
} from './open311.presenter.ts'
import { REQUEST_LIST_DEFAULTS, type GetRequestsInput } from './open311.schema.ts'

/** A 404 in the spec's terms (the facade writes it as an `errors` document). */
export const open311NotFound = (what: string) => new AppError(404, 'NOT_FOUND', `${what}不存在`)

const categorySelect = { code: true, name: true, description: true } as const

/**
 * The discovery document: where the v2 endpoint is, what it speaks, how to get a key. `changeset`
 * moves whenever a category (a service) changes, so clients know when to refresh their cache.
 */
export async function discovery(deps: Deps, baseUrl: string) {
  const last = await deps.db.reportCategory.aggregate({ _max: { updatedAt: true } })
  const changeset = w3cTime(last._max.updatedAt ?? new Date(0))
  return {
    changeset,
    contact: '邻里通平台管理员（所在街道办事处）',
    key_service: 'API 密钥由系统管理员为一个社区签发（管理接口 POST /api/v1/admin/open311-clients），只显示一次；读取和提交诉求都需要密钥。',
    endpoints: [{
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: `${baseUrl}/open311/v2`,
      changeset,
      type: deps.config.env === 'production' ? 'production' : 'test',
      formats: ['application/json', 'text/xml'],
    }],
  }
}

/** GET services: the active report categories, in the order residents see them. */
export async function listServices(deps: Deps) {
  const rows = await deps.db.reportCategory.findMany({ where: { active: true }, select: categorySelect, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }] })
  return rows.map(presentService)
}

/** GET services/{code}: the definition of one active category; 404 for an unknown code. */
export async function serviceDefinition(deps: Deps, code: string) {
  const row = await deps.db.reportCategory.findFirst({ where: { code, active: true }, select: categorySelect })
  if (!row) throw open311NotFound(`服务 ${code} `)
  return presentServiceDefinition(row)
}

// Timeline steps whose text is meant for the reporter (a handler's reply, the result, the reason
// of a refusal); what residents wrote (supplements, ratings, reopen reasons) is not repeated.
const NOTE_KINDS = ['accepted', 'replied', 'info_requested', 'transferred', 'resolved', 'rejected', 'closed']

/** The latest public handler text of each report, for `status_notes`. One query for the page. */
async function statusNotes(deps: Deps, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map()
  const [rows] = await deps.sql.query<({ report_id: number; text: string } & RowDataPacket)[]>(
    `SELECT e.report_id, e.text FROM report_events e
     JOIN (SELECT report_id, MAX(id) AS id FROM report_events
           WHERE report_id IN (?) AND is_internal = 0 AND text IS NOT NULL AND kind IN (?) GROUP BY report_id) m ON m.id = e.id`,
    [ids, NOTE_KINDS],
  )
  return new Map(rows.map((r) => [Number(r.report_id), r.text]))
}

/**
 * GET requests, always within the key's community: by ids (which override every other filter, as
 * the spec says), else by service codes, statuses and a requested-time window (the last 90 days
 * unless given), newest first, at most 1000.
 */
export async function listRequests(deps: Deps, client: Open311Client, q: GetRequestsInput) {
  const where: Record<string, unknown> = { communityId: client.communityId }
  if (q.service_request_id) {
    where.id = { in: q.service_request_id.map(Number) }
  } else {
    const dayMs = 86400_000
    const end = q.end_date ?? (q.start_date ? new Date(q.start_date.getTime() + REQUEST_LIST_DEFAULTS.days * dayMs) : deps.now())
    const start = q.start_date ?? new Date(end.getTime() - REQUEST_LIST_DEFAULTS.days * dayMs)
    if (start > end) throw invalid('start_date', 'start_date 不能晚于 end_date')
    where.createdAt = { gte: start, lte: end }
    if (q.service_code) where.category = { code: { in: q.service_code } }
    if (q.status) where.status = { in: [...new Set(q.status)].flatMap((s) => STATUSES_OF[s]) }
  }
  const rows = await deps.db.report.findMany({
    where, select: requestSelect, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: REQUEST_LIST_DEFAULTS.max,
  })
  const notes = await statusNotes(deps, rows.map((r) => r.id))
  return rows.map((r) => presentRequest(r, notes.get(r.id) ?? null, client.id))
}

/** GET requests/{id}: one request of the key's community (a list of one, per the spec); else 404. */
export async function getRequest(deps: Deps, client: Open311Client, id: number) {
  const row = await deps.db.report.findFirst({ where: { id, communityId: client.communityId }, select: requestSelect })
  if (!row) throw open311NotFound(`诉求 ${id} `)
  const notes = await statusNotes(deps, [row.id])
  return [presentRequest(row, notes.get(row.id) ?? null, client.id)]
}
