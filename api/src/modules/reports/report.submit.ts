import type { z } from 'zod'
import { hasRole, type Actor, type Role } from '../../core/actor.ts'
import type { AuditOrigin } from '../../core/audit.ts'
import { deadlineAfter, getCalendar } from '../../core/calendar.ts'
import type { Deps } from '../../core/context.ts'
import { insertRaw, rawSql, retryDeadlock, sqlTransaction, type RawTx, type SqlUnitOfWork } from '../../core/db.ts'
import { forbidden, invalid, notFound } from '../../core/errors.ts'
import { formatShanghai } from '../../core/time.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { filingContext } from './report.context.ts'
import { pickAssignee, type Placement } from './report.dispatch.ts'
import { activeCategory } from './category.service.ts'
import { appendEvents, notifyReportAll } from './report.events.ts'
import { isGridWorkerOf, reportVisibility } from './report.policy.ts'
import { bumpReportVersions } from './report.versions.ts'
import { presentLoaded, type LoadedReport } from './report.read.ts'
import { reportRecord, type ReportRow } from './report.presenter.ts'
import type { CreateReportBody } from './report.schema.ts'

/** Who files a report: a signed-in user, or an Open311 client (a hotline) of one community. */
export type Submitter = { kind: 'actor'; actor: Actor } | { kind: 'open311'; clientId: number; communityId: number }

type Input = z.output<typeof CreateReportBody>

/** The role that files reports (随手拍); grid workers file patrol reports instead. */
export const REPORTER_ROLE = 'resident' satisfies Role

/** Who may file: residents file reports; grid workers file patrol reports for their own grids. */
export const reportCreatePolicy = {
  file: (actor: Actor) => hasRole(actor, REPORTER_ROLE) || '只有居民可以提交诉求；网格员请使用巡查上报',
  patrol: (actor: Actor, p: Pick<Placement, 'gridId'>) => isGridWorkerOf(actor, p) || '巡查上报只能上报本人负责网格内的问题',
}

/** The photo ids, checked to be the submitter's own uploads not yet attached to anything. */
export async function checkOwnPhotos(db: RawTx, ownerId: number, ids: number[] | undefined, field = 'photos'): Promise<number[]> {
  if (!ids?.length) return []
  const unique = [...new Set(ids)]
  if (unique.length !== ids.length) throw invalid(field, '照片重复')
  const rows = await db.$queryRaw<{ id: number }[]>`SELECT id FROM uploads
    WHERE id IN (${Prisma.join(unique)}) AND owner_id = ${ownerId} AND attached_at IS NULL`
  if (rows.length !== unique.length) throw invalid(field, '照片不存在、不是您本人上传的，或已用于其他记录')
  return unique
}

/**
 * Stores photos of a report (eventId null) or of one of its steps, and marks the uploads attached
 * (400 on `field` unless every one of them still was unattached).
 * Returns the first photo row's id (the others follow it in order), null when there are none.
 */
export async function savePhotos(tx: RawTx, reportId: number, eventId: bigint | null, ids: number[], now: Date, field: string): Promise<number | null> {
  if (!ids.length) return null
  // One conditional UPDATE: an upload cleaned up, or attached by a concurrent request since the
  // check (it waits on the row, then sees it attached), is not counted, and nothing is stored.
  const attached = await tx.$executeRaw`UPDATE uploads SET attached_at = ${now} WHERE id IN (${Prisma.join(ids)}) AND attached_at IS NULL`
  if (attached !== ids.length) throw invalid(field, '照片已过期被清理或已用于其他记录，请重新选择')
  const rows = ids.map((uploadId, position) => Prisma.sql`(${reportId}, ${eventId}, ${uploadId}, ${position})`)
  return Number(await insertRaw(tx, Prisma.sql`INSERT INTO report_photos (report_id, event_id, upload_id, position) VALUES ${Prisma.join(rows)}`))
}

/**
 * Files a report and dispatches it at once: routed to the grid of its place, assigned to the
 * grid's worker on duty (or a department's queue, the grid worker informed), deadlines computed
 * on the working calendar, and the assignee, the grid leader and the community told — all in one
 * transaction (with the idempotency key, when the route has one). A patrol report (巡查上报) is
 * filed by a grid worker for their own grid and starts accepted by them. Every statement is raw
 * SQL: by default the checks read through mysql2 and the writes run in one `sqlTransaction`.
 */
export async function submitReport(
  deps: Deps,
  submitter: Submitter,
  input: Input,
  _origin: AuditOrigin,
  unitOfWork: SqlUnitOfWork = (effect) => sqlTransaction(deps.sql, effect),
) {
  const db = rawSql(deps.sql)
  const actor = submitter.kind === 'actor' ? submitter.actor : null
  const patrol = input.patrol === true
  if (actor && !patrol) {
    const verdict = reportCreatePolicy.file(actor)
    if (verdict !== true) throw forbidden(verdict)
  }
  if (!actor && (patrol || input.photos?.length)) throw invalid(patrol ? 'patrol' : 'photos', '外部平台不能提交巡查上报或照片')
  const category = await activeCategory(deps, input.categoryId)
  if (!category) throw invalid('categoryId', '诉求类别不存在或已停用')
  const now = deps.now()
  const byDepartment = !patrol && category.handlingUnit === 'department' && category.departmentId !== null
  const departmentId = byDepartment ? category.departmentId : null
  // One statement: photos, place, workers on duty, people to tell (checked in that order).
  const context = await filingContext(db, {
    location: input.location,
    who: actor ? { actor } : { communityId: submitter.kind === 'open311' ? submitter.communityId : 0 },
    photos: actor && input.photos?.length ? { ownerId: actor.id, ids: input.photos, field: 'photos' } : null,
    departmentId,
    workersOn: patrol || byDepartment ? null : formatShanghai(now, 'YYYY-MM-DD'),
    ownNameOf: patrol ? actor!.id : null,
  })
  const { place, photos, staff } = context
  if (actor && patrol) {
    const verdict = reportCreatePolicy.patrol(actor, place)
    if (verdict !== true) throw forbidden(verdict)
  }
  const assigneeId = patrol ? actor!.id : byDepartment ? null : await pickAssignee(db, context.workers)
  const cal = await getCalendar(deps)
  const acceptDueAt = deadlineAfter(cal, now, category.acceptMinutes, category.clock)
  const resolveDueAt = deadlineAfter(cal, now, category.resolveMinutes, category.clock)
  const { leaders, committee, handlers } = staff
  const gridWorkers = byDepartment ? staff.primaryWorkers : []
  const who = byDepartment ? `已派至职能部门办理` : assigneeId === null ? '网格暂无在岗网格员，已提交网格长督办' : '已派发给网格员'
  const dueAt = patrol ? resolveDueAt : acceptDueAt

  // A deadlock victim (new version rows inserted at once) runs again, idempotency key and all.
  const created = await retryDeadlock(deps, () => unitOfWork(async (tx) => {
    const reportId = Number(await insertRaw(tx, Prisma.sql`INSERT INTO reports (source, reporter_id, open311_client_id, category_id, description, status,
        location_kind, household_id, building_id, latitude, longitude, address, grid_id, community_id, street_id,
        handling_unit, department_id, assignee_id, escalation_level, anonymous_to_public,
        accept_due_at, resolve_due_at, due_at, escalate_at, accepted_at, accepted_late, created_at, updated_at)
      VALUES (${patrol ? 'patrol' : actor ? 'resident' : 'open311'}, ${actor?.id ?? null}, ${submitter.kind === 'open311' ? submitter.clientId : null},
        ${category.id}, ${input.description}, ${patrol ? 'accepted' : 'submitted'},
        ${place.locationKind}, ${place.householdId}, ${place.buildingId}, ${place.latitude}, ${place.longitude}, ${place.address},
        ${place.gridId}, ${place.communityId}, ${place.streetId},
        ${byDepartment ? 'department' : 'grid'}, ${departmentId}, ${assigneeId}, ${!byDepartment && assigneeId === null ? 1 : 0}, ${input.anonymousToPublic ?? false},
        ${acceptDueAt}, ${resolveDueAt}, ${dueAt}, ${dueAt}, ${patrol ? now : null}, ${patrol ? false : null}, ${now}, ${new Date()})`))
    // The filing step, then (unless a patrol report) its dispatch, in one INSERT: the id is the filing step's.
    const steps = [
      { reportId, kind: patrol ? 'patrol' as const : 'submitted' as const, actorId: actor?.id ?? null, actorRole: patrol ? 'grid_worker' : actor ? 'resident' : 'open311', text: null, now },
      ...(patrol ? [] : [{ reportId, kind: 'assigned' as const, actorId: null, actorRole: 'system', text: who, now }]),
    ]
    const eventId = await appendEvents(tx, steps)
    const firstPhotoId = await savePhotos(tx, reportId, null, photos.map((p) => p.id), now, 'photos')
    const title = `新诉求：${category.name}`
    const body = `${input.description.slice(0, 60)}（请于 ${formatShanghai(acceptDueAt, 'M月D日 HH:mm')} 前受理）`
    const assigned = [...(assigneeId && !patrol ? [assigneeId] : []), ...handlers]
    const informed = [...leaders, ...committee, ...gridWorkers].filter((u) => !assigned.includes(u) && u !== actor?.id)
    await notifyReportAll(tx, deps.config, [
      { userIds: assigned, reportId, eventId, kind: 'report.assigned', title: `${title}（待受理）`, body, forStaff: true, now },
      { userIds: informed, reportId, eventId, kind: 'report.new', title, body: `${who}：${body}`, forStaff: true, now },
    ])
    // The answer from what this filing wrote (one INSERT's ids rise in order) and the names read
    // before: nothing is read back. (The statement test checks it equals GET /reports/:id.)
    const known = {
      photos: photos.map((p, i) => ({ id: firstPhotoId! + i, eventId: null, storageKey: p.storageKey })),
      events: steps.map((e, i) => ({
        id: eventId + BigInt(i), kind: e.kind, actorId: e.actorId, actorRole: e.actorRole, text: e.text, isInternal: false, createdAt: now,
        actorName: e.actorId === null ? null : actor!.displayName,
      })),
    }
    const row: ReportRow = {
      id: reportId, source: patrol ? 'patrol' : actor ? 'resident' : 'open311', status: patrol ? 'accepted' : 'submitted', pausedFrom: null, version: 0,
      categoryId: category.id, reporterId: actor?.id ?? null, assigneeId, gridId: place.gridId, communityId: place.communityId, streetId: place.streetId,
      departmentId, handlingUnit: byDepartment ? 'department' : 'grid', description: input.description, locationKind: place.locationKind,
      buildingId: place.buildingId, householdId: place.householdId, latitude: decimal(place.latitude), longitude: decimal(place.longitude),
      address: place.address, escalationLevel: !byDepartment && assigneeId === null ? 1 : 0, anonymousToPublic: input.anonymousToPublic ?? false,
      supporterCount: 0, acceptDueAt, resolveDueAt, dueAt, escalateAt: dueAt, pausedAt: null, resolvedAt: null, ratedAt: null, closedAt: null,
      satisfied: null, ratingComment: null, createdAt: now, category: { id: category.id, name: category.name }, ...context.names,
      assignee: assigneeId === null ? null : { id: assigneeId, displayName: patrol ? context.ownName! : context.workers.find((w) => w.userId === assigneeId)!.name },
      department: departmentId === null ? null : { id: departmentId, name: context.departmentName! },
    }
    const detail = actor ? await presentLoaded(deps, actor, loadedAs(actor, row, now), tx, known) : undefined
    // Last: the street's version row is shared by every report of the street until commit.
    await bumpReportVersions(tx, { ...place, departmentId, assigneeId })
    // What the route answers (and the idempotency key stores for a retry): the detail, or for Open311 the id.
    return detail ?? { id: reportId }
  }))
  return { id: created.id, detail: actor ? (created as Awaited<ReturnType<typeof presentLoaded>>) : undefined }
}

const decimal = (n: number | null) => (n === null ? null : { toNumber: () => n })

/** A report its filer has just written, as `loadReport` would load it for them (404 if they could not see it). */
function loadedAs(actor: Actor, row: ReportRow, now: Date): LoadedReport {
  const record = reportRecord(row, false, now)
  const visibility = reportVisibility(actor, record)
  if (!visibility) throw notFound('诉求')
  return { row, record, visibility, isSupporter: false }
}
