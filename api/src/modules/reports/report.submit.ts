import type { z } from 'zod'
import { hasRole, type Actor } from '../../core/actor.ts'
import type { AuditOrigin } from '../../core/audit.ts'
import { deadlineAfter, getCalendar } from '../../core/calendar.ts'
import type { Deps } from '../../core/context.ts'
import type { DbOrTx, Tx, UnitOfWork } from '../../core/db.ts'
import { forbidden, invalid } from '../../core/errors.ts'
import { formatShanghai } from '../../core/time.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { attachUploads } from '../uploads/upload.service.ts'
import { chooseAssignee, placeReport, type Placement } from './report.dispatch.ts'
import { activeCategory } from './category.service.ts'
import { appendEvent, notifyReport, placeStaff } from './report.events.ts'
import { isGridWorkerOf } from './report.policy.ts'
import { bumpReportVersions } from './report.versions.ts'
import { loadReport, presentLoaded } from './report.read.ts'
import type { CreateReportBody } from './report.schema.ts'

/** Who files a report: a signed-in user, or an Open311 client (a hotline) of one community. */
export type Submitter = { kind: 'actor'; actor: Actor } | { kind: 'open311'; clientId: number; communityId: number }

type Input = z.output<typeof CreateReportBody>

/** Who may file: residents file reports; grid workers file patrol reports for their own grids. */
export const reportCreatePolicy = {
  file: (actor: Actor) => hasRole(actor, 'resident') || '只有居民可以提交诉求；网格员请使用巡查上报',
  patrol: (actor: Actor, p: Pick<Placement, 'gridId'>) => isGridWorkerOf(actor, p) || '巡查上报只能上报本人负责网格内的问题',
}

/** The photo ids, checked to be the submitter's own uploads not yet attached to anything. */
export async function checkOwnPhotos(db: DbOrTx, ownerId: number, ids: number[] | undefined, field = 'photos'): Promise<number[]> {
  if (!ids?.length) return []
  const unique = [...new Set(ids)]
  if (unique.length !== ids.length) throw invalid(field, '照片重复')
  const rows = await db.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM uploads
    WHERE id IN (${Prisma.join(unique)}) AND owner_id = ${ownerId} AND attached_at IS NULL`
  if (Number(rows[0].n) !== unique.length) throw invalid(field, '照片不存在、不是您本人上传的，或已用于其他记录')
  return unique
}

/** Stores photos of a report (eventId null) or of one of its steps, and marks the uploads attached. */
export async function savePhotos(tx: Tx, reportId: number, eventId: bigint | null, ids: number[], now: Date, field: string) {
  if (!ids.length) return
  await attachUploads(tx, ids, now, field)
  await tx.reportPhoto.createMany({ data: ids.map((uploadId, position) => ({ reportId, eventId, uploadId, position })) })
}

/**
 * Files a report and dispatches it at once: routed to the grid of its place, assigned to the
 * grid's worker on duty (or a department's queue, the grid worker informed), deadlines computed
 * on the working calendar, and the assignee, the grid leader and the community told — all in one
 * transaction (with the idempotency key, when the route has one). A patrol report (巡查上报) is
 * filed by a grid worker for their own grid and starts accepted by them.
 */
export async function submitReport(
  deps: Deps,
  submitter: Submitter,
  input: Input,
  _origin: AuditOrigin,
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  const actor = submitter.kind === 'actor' ? submitter.actor : null
  const patrol = input.patrol === true
  if (actor && !patrol) {
    const verdict = reportCreatePolicy.file(actor)
    if (verdict !== true) throw forbidden(verdict)
  }
  if (!actor && (patrol || input.photos?.length)) throw invalid(patrol ? 'patrol' : 'photos', '外部平台不能提交巡查上报或照片')
  const category = await activeCategory(deps, input.categoryId)
  if (!category) throw invalid('categoryId', '诉求类别不存在或已停用')
  const photos = actor ? await checkOwnPhotos(deps.db, actor.id, input.photos) : []
  const place = await placeReport(deps.db, input.location, actor ? { actor } : { communityId: submitter.kind === 'open311' ? submitter.communityId : 0 })
  if (actor && patrol) {
    const verdict = reportCreatePolicy.patrol(actor, place)
    if (verdict !== true) throw forbidden(verdict)
  }
  const now = deps.now()
  const byDepartment = !patrol && category.handlingUnit === 'department' && category.departmentId !== null
  const assigneeId = patrol ? actor!.id : byDepartment ? null : await chooseAssignee(deps.db, place.gridId, now)
  const cal = await getCalendar(deps)
  const acceptDueAt = deadlineAfter(cal, now, category.acceptMinutes, category.clock)
  const resolveDueAt = deadlineAfter(cal, now, category.resolveMinutes, category.clock)
  const staff = await placeStaff(deps.db, place, byDepartment ? category.departmentId : null)
  const { leaders, committee, handlers } = staff
  const gridWorkers = byDepartment ? staff.primaryWorkers : []

  return unitOfWork(async (tx) => {
    const report = await tx.report.create({
      data: {
        source: patrol ? 'patrol' : actor ? 'resident' : 'open311',
        reporterId: actor?.id ?? null,
        open311ClientId: submitter.kind === 'open311' ? submitter.clientId : null,
        categoryId: category.id,
        description: input.description,
        status: patrol ? 'accepted' : 'submitted',
        ...place,
        handlingUnit: byDepartment ? 'department' : 'grid',
        departmentId: byDepartment ? category.departmentId : null,
        assigneeId,
        escalationLevel: !byDepartment && assigneeId === null ? 1 : 0,
        anonymousToPublic: input.anonymousToPublic ?? false,
        acceptDueAt,
        resolveDueAt,
        dueAt: patrol ? resolveDueAt : acceptDueAt,
        escalateAt: patrol ? resolveDueAt : acceptDueAt,
        acceptedAt: patrol ? now : null,
        acceptedLate: patrol ? false : null,
        createdAt: now,
      },
      select: { id: true },
    })
    const eventId = await appendEvent(tx, {
      reportId: report.id, kind: patrol ? 'patrol' : 'submitted', actorId: actor?.id ?? null,
      actorRole: patrol ? 'grid_worker' : actor ? 'resident' : 'open311', text: null, now,
    })
    await savePhotos(tx, report.id, null, photos, now, 'photos')
    const who = byDepartment ? `已派至职能部门办理` : assigneeId === null ? '网格暂无在岗网格员，已提交网格长督办' : '已派发给网格员'
    if (!patrol) {
      await appendEvent(tx, { reportId: report.id, kind: 'assigned', actorId: null, actorRole: 'system', text: who, now })
    }
    const title = `新诉求：${category.name}`
    const body = `${input.description.slice(0, 60)}（请于 ${formatShanghai(acceptDueAt, 'M月D日 HH:mm')} 前受理）`
    const assigned = [...(assigneeId && !patrol ? [assigneeId] : []), ...handlers]
    await notifyReport(tx, deps.config, { userIds: assigned, reportId: report.id, eventId, kind: 'report.assigned', title: `${title}（待受理）`, body, forStaff: true, now })
    const informed = [...leaders, ...committee, ...gridWorkers].filter((u) => !assigned.includes(u) && u !== actor?.id)
    await notifyReport(tx, deps.config, { userIds: informed, reportId: report.id, eventId, kind: 'report.new', title, body: `${who}：${body}`, forStaff: true, now })
    const detail = actor ? await presentLoaded(deps, actor, await loadReport(deps, actor, report.id, tx), tx) : undefined
    // Last: the street's version row is shared by every report of the street until commit.
    await bumpReportVersions(tx, { ...place, departmentId: byDepartment ? category.departmentId : null, assigneeId })
    return { id: report.id, detail }
  })
}
