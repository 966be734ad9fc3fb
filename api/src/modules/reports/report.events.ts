import type { Config } from '../../config.ts'
import { insertRaw, type DbOrTx, type RawTx } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { queueSubscribeMessagesAll } from '../messages/message.notify.ts'
import type { ReportEventKind } from './report.schema.ts'

/** The mini-program page a report message opens: the resident's detail, or the workbench's. */
export const reportLink = (id: number, forStaff: boolean) =>
  forStaff ? `/packages/workbench/report/index?id=${id}` : `/packages/reports/detail/index?id=${id}`

type NewEvent = {
  reportId: number; kind: ReportEventKind; actorId: number | null; actorRole: string; text?: string | null
  data?: Record<string, unknown>; isInternal?: boolean; now: Date
}

/**
 * Appends one step to a report's timeline, inside the transaction of the change it records, and
 * returns its id (messages about the step point at it).
 */
export async function appendEvent(tx: RawTx, e: NewEvent): Promise<bigint> {
  return appendEvents(tx, [e])
}

/**
 * Appends steps to timelines in one INSERT (their ids rise in the order given) and returns the
 * first one's id. Raw SQL, so it runs in a Prisma transaction and in `sqlTransaction` alike.
 */
export async function appendEvents(tx: RawTx, events: NewEvent[]): Promise<bigint> {
  const rows = events.map((e) => Prisma.sql`(${e.reportId}, ${e.kind}, ${e.actorId}, ${e.actorRole}, ${e.text ?? null},
    ${e.data === undefined ? null : JSON.stringify(e.data)}, ${e.isInternal ?? false}, ${e.now})`)
  return insertRaw(tx, Prisma.sql`INSERT INTO report_events (report_id, kind, actor_id, actor_role, text, data, is_internal, created_at) VALUES ${Prisma.join(rows)}`)
}

/**
 * Tells people about a step of a report: one message-centre entry each (keyed by the step, so a
 * retried transaction adds none) and, for those who granted the report template, one outbox row
 * for the WeChat subscribe message, sent after commit. Inside the step's transaction.
 */
export async function notifyReport(
  tx: RawTx,
  config: Config,
  m: { userIds: number[]; reportId: number; eventId: bigint; kind: string; title: string; body: string; forStaff: boolean; now: Date },
): Promise<void> {
  await notifyReportAll(tx, config, [m])
}

type ReportNotice = Parameters<typeof notifyReport>[2]

/**
 * `notifyReport` for several kinds of message about the same step (who must act, who is informed)
 * with the message-centre entries of all of them in one INSERT, and their subscribe messages in one more.
 */
export async function notifyReportAll(tx: RawTx, config: Config, notices: ReportNotice[]): Promise<void> {
  const sent = notices.map((m) => ({ ...m, userIds: [...new Set(m.userIds)], title: m.title.slice(0, 100), body: m.body.slice(0, 500) })).filter((m) => m.userIds.length)
  if (!sent.length) return
  const rows = sent.flatMap((m) => m.userIds.map((userId) => Prisma.sql`(${userId}, ${m.kind}, ${m.title}, ${m.body}, ${reportLink(m.reportId, m.forStaff)},
    'report', ${`${m.reportId}:${m.eventId}`}, ${m.now})`))
  await tx.$executeRaw`INSERT IGNORE INTO messages (user_id, kind, title, body, link, resource_type, resource_id, created_at) VALUES ${Prisma.join(rows)}`
  // Every kind's subscribe messages in one statement too (the template is the same).
  await queueSubscribeMessagesAll(tx, config, 'report', sent.map((m) => ({
    key: { kind: m.kind, resourceType: 'report', resourceId: `${m.reportId}:${m.eventId}` },
    payload: { page: reportLink(m.reportId, m.forStaff).replace(/^\//, ''), title: m.title, summary: m.body, reportId: m.reportId, time: m.now.toISOString() },
  })), sent[0].now)
}

/**
 * Who supervises a report at an escalation level: 1 the grid leaders (of the grid or its
 * community), 2 the community's committee staff, 3 the street's staff. Active users only.
 */
export async function escalationRecipients(
  db: DbOrTx,
  r: { gridId: number; communityId: number; streetId: number },
  level: number,
): Promise<number[]> {
  if (level <= 2) {
    const staff = await placeStaff(db, r, null)
    return level <= 1 ? staff.leaders : staff.committee
  }
  const rows = await db.userRole.findMany({
    where: { role: 'street', scopeType: 'street', scopeId: r.streetId, user: { status: 'active' } },
    select: { userId: true },
  })
  return [...new Set(rows.map((x) => x.userId))]
}

/** The users handling a department's queue (role dept scoped to the department), active only. */
export async function departmentHandlers(db: DbOrTx, departmentId: number): Promise<number[]> {
  const rows = await db.userRole.findMany({
    where: { role: 'dept', scopeType: 'department', scopeId: departmentId, user: { status: 'active' } },
    select: { userId: true },
  })
  return [...new Set(rows.map((x) => x.userId))]
}

/** The people a new report in a place is told about, in one look-up. */
export type PlaceStaff = { leaders: number[]; committee: number[]; handlers: number[]; primaryWorkers: number[] }

/**
 * Who is told of a new report: the grid leaders (of the grid or its community), the community's
 * committee staff, the department's handlers (when it goes to one) and the grid's primary
 * workers — one statement instead of four, since every report filed needs them.
 */
export async function placeStaff(db: RawTx, p: { gridId: number; communityId: number }, departmentId: number | null): Promise<PlaceStaff> {
  const rows = await db.$queryRaw<StaffRow[]>(placeStaffSql(Prisma.sql`(SELECT ${p.gridId} AS grid_id, ${p.communityId} AS community_id) p`, departmentId))
  return placeStaffOf(rows, departmentId)
}

type StaffRow = { k: string; user_id: unknown }

/**
 * `placeStaff`'s look-up for the place of the one-row `p` (a `WITH p AS (…)` or a derived table
 * with grid_id and community_id columns): columns k ('l' leader, 'c' committee, 'd' department
 * handler, 'p' primary worker) and user_id.
 */
export function placeStaffSql(p: Prisma.Sql, departmentId: number | null): Prisma.Sql {
  return Prisma.sql`
    SELECT CASE WHEN r.role = 'grid_leader' THEN 'l' WHEN r.role = 'committee' THEN 'c' ELSE 'd' END AS k, r.user_id
    FROM ${p} CROSS JOIN user_roles r JOIN users u ON u.id = r.user_id AND u.status = 'active'
    WHERE (r.role = 'grid_leader' AND ((r.scope_type = 'community' AND r.scope_id = p.community_id) OR (r.scope_type = 'grid' AND r.scope_id = p.grid_id)))
       OR (r.role = 'committee' AND r.scope_type = 'community' AND r.scope_id = p.community_id)
       OR (r.role = 'dept' AND r.scope_type = 'department' AND r.scope_id = ${departmentId ?? 0})
    UNION ALL
    SELECT 'p', ga.user_id FROM ${p} JOIN grid_assignments ga ON ga.grid_id = p.grid_id JOIN users u ON u.id = ga.user_id AND u.status = 'active'
    WHERE ga.kind = 'primary'`
}

/** `placeStaffSql`'s rows as the people they name (each once). */
export function placeStaffOf(rows: StaffRow[], departmentId: number | null): PlaceStaff {
  const of = (k: string) => [...new Set(rows.filter((r) => r.k === k).map((r) => Number(r.user_id)))]
  return { leaders: of('l'), committee: of('c'), handlers: departmentId ? of('d') : [], primaryWorkers: of('p') }
}
