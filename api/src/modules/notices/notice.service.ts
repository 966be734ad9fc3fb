import type { RowDataPacket } from 'mysql2'
import type { z } from 'zod'
import { Prisma } from '../../generated/prisma/client.ts'
import { hasRole, roleScope, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx, UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts'
import { fileUrls } from '../../core/fileUrls.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { authorize } from '../../core/policy.ts'
import { plainText, sanitizeRichText } from '../../core/sanitize.ts'
import { attachUploads } from '../uploads/upload.service.ts'
import { audienceOf, bumpFeedVersion, feedChanged, isVisible } from './notice.feed.ts'
import { canManageCommunity, noticePolicy, noticeState } from './notice.policy.ts'
import { buildingName, presentNoticeDetail, presentNoticeManage, presentRevision, snapshotTargets, type NoticeRow, type TargetNames } from './notice.presenter.ts'
import { fanOutNotice } from './notice.publish.ts'
import { readNoticeRow } from './notice.read.ts'
import { NoticeSnapshot, type CreateNoticeBody, type NoticeListQuery, type NoticeTargetInput, type RevisionsQuery, type UpdateNoticeBody } from './notice.schema.ts'

type TargetInput = z.output<typeof NoticeTargetInput>

export const noticeInclude = {
  community: { select: { id: true, name: true } },
  targets: { orderBy: { id: 'asc' as const }, select: { gridId: true, buildingId: true } },
  images: { orderBy: { position: 'asc' as const }, select: { upload: { select: { id: true, storageKey: true, width: true, height: true } } } },
  author: { select: { displayName: true } },
  _count: { select: { revisions: true } },
} satisfies Prisma.NoticeInclude

type ResolvedTarget = { streetId: number; communityId: number; type: 'community' | 'grids' | 'buildings'; gridIds: number[]; buildingIds: number[] }

/** Checks a target against the database and the caller's scope: one community, theirs to manage. */
async function resolveTarget(deps: Deps, actor: Actor, target: TargetInput): Promise<ResolvedTarget> {
  const { db } = deps
  let resolved: ResolvedTarget
  if ('communityId' in target) {
    const c = await db.community.findUnique({ where: { id: target.communityId }, select: { id: true, streetId: true } })
    if (!c) throw invalid('target.communityId', '社区不存在')
    resolved = { streetId: c.streetId, communityId: c.id, type: 'community', gridIds: [], buildingIds: [] }
  } else if ('gridIds' in target) {
    const ids = [...new Set(target.gridIds)]
    const grids = await db.grid.findMany({ where: { id: { in: ids } }, select: { id: true, communityId: true, streetId: true } })
    if (grids.length !== ids.length) throw invalid('target.gridIds', '包含不存在的网格')
    const communities = new Set(grids.map((g) => g.communityId))
    if (communities.size !== 1) throw invalid('target.gridIds', '所选网格须属于同一个社区')
    resolved = { streetId: grids[0].streetId, communityId: grids[0].communityId, type: 'grids', gridIds: ids, buildingIds: [] }
  } else {
    const ids = [...new Set(target.buildingIds)]
    const buildings = await db.building.findMany({ where: { id: { in: ids } }, select: { id: true, communityId: true, streetId: true } })
    if (buildings.length !== ids.length) throw invalid('target.buildingIds', '包含不存在的楼栋')
    if (new Set(buildings.map((b) => b.communityId)).size !== 1) throw invalid('target.buildingIds', '所选楼栋须属于同一个社区')
    resolved = { streetId: buildings[0].streetId, communityId: buildings[0].communityId, type: 'buildings', gridIds: [], buildingIds: ids }
  }
  if (!canManageCommunity(actor, resolved)) throw forbidden('只能向本社区（本街道）发布公告', 'TARGET_OUT_OF_SCOPE')
  return resolved
}

async function checkImages(deps: Deps, actor: Actor, imageIds: number[] | undefined) {
  if (!imageIds?.length) return []
  const ids = [...new Set(imageIds)]
  const owned = await deps.db.upload.count({ where: { id: { in: ids }, ownerId: actor.id } })
  if (owned !== ids.length) throw invalid('imageIds', '图片不存在或不是您上传的')
  return ids
}

const date = (s: string | null | undefined) => (s === undefined ? undefined : s === null ? null : new Date(s))

/** Times must make sense together: expiry after publication, pins in the future. */
function checkTimes(now: Date, t: { publishAt?: Date | null; expiresAt?: Date | null; pinnedUntil?: Date | null }) {
  const start = t.publishAt && t.publishAt > now ? t.publishAt : now
  if (t.expiresAt && t.expiresAt <= start) throw invalid('expiresAt', '过期时间须晚于发布时间')
  if (t.pinnedUntil && t.pinnedUntil <= now) throw invalid('pinnedUntil', '置顶截止时间须晚于现在')
}

async function writeTargets(tx: Tx, noticeId: number, t: ResolvedTarget) {
  await tx.noticeTarget.deleteMany({ where: { noticeId } })
  const rows = t.type === 'grids' ? t.gridIds.map((gridId) => ({ noticeId, gridId })) : t.buildingIds.map((buildingId) => ({ noticeId, buildingId }))
  if (rows.length) await tx.noticeTarget.createMany({ data: rows })
}

async function writeImages(tx: Tx, noticeId: number, ids: number[], now: Date) {
  await attachUploads(tx, ids, now, 'imageIds')
  await tx.noticeImage.deleteMany({ where: { noticeId } })
  if (ids.length) await tx.noticeImage.createMany({ data: ids.map((uploadId, position) => ({ noticeId, uploadId, position })) })
}

/**
 * Moves a draft or scheduled notice to published (now) or scheduled (a future time) with a
 * conditional update, fanning out messages when it publishes now.
 */
async function publishInTx(tx: Tx, deps: Deps, id: number, publishAt: Date | null, now: Date): Promise<'published' | 'scheduled'> {
  if (publishAt && publishAt > now) {
    const r = await tx.notice.updateMany({ where: { id, status: { in: ['draft', 'scheduled'] } }, data: { status: 'scheduled', publishAt } })
    if (r.count !== 1) throw conflict('NOTICE_STATE_CHANGED', '公告状态已变化，请刷新')
    await bumpFeedVersion(tx, (await tx.notice.findUniqueOrThrow({ where: { id }, select: { communityId: true } })).communityId, now)
    return 'scheduled'
  }
  const r = await tx.notice.updateMany({ where: { id, status: { in: ['draft', 'scheduled'] } }, data: { status: 'published', publishAt: now, publishedAt: now } })
  if (r.count !== 1) throw conflict('NOTICE_STATE_CHANGED', '公告状态已变化，请刷新')
  await fanOutNotice(tx, deps.config, id, now)
  return 'published'
}

export async function loadRow(deps: Deps | { db: Tx }, id: number): Promise<NoticeRow | null> {
  return (await deps.db.notice.findUnique({ where: { id }, include: noticeInclude })) as NoticeRow | null
}

/** Everything a revision keeps of a notice besides its title and body (its text columns). */
function snapshotOf(n: NoticeRow): z.output<typeof NoticeSnapshot> {
  const iso = (d: Date | null) => d?.toISOString() ?? null
  return {
    summary: n.summary,
    category: n.category,
    importance: n.importance,
    status: n.status,
    target: {
      type: n.targetType,
      gridIds: n.targets.flatMap((t) => (t.gridId === null ? [] : [t.gridId])),
      buildingIds: n.targets.flatMap((t) => (t.buildingId === null ? [] : [t.buildingId])),
    },
    imageIds: n.images.map((i) => i.upload.id),
    publishAt: iso(n.publishAt),
    publishedAt: iso(n.publishedAt),
    pinnedUntil: iso(n.pinnedUntil),
    expiresAt: iso(n.expiresAt),
  }
}

/** The names of every grid and building the notices are targeted at (two queries at most). */
async function targetNames(deps: { db: Deps['db'] | Tx }, rows: Pick<NoticeRow, 'targets'>[]): Promise<TargetNames> {
  const gridIds = rows.flatMap((n) => n.targets.map((t) => t.gridId)).filter((x): x is number => x !== null)
  const buildingIds = rows.flatMap((n) => n.targets.map((t) => t.buildingId)).filter((x): x is number => x !== null)
  const [grids, buildings] = await Promise.all([
    gridIds.length ? deps.db.grid.findMany({ where: { id: { in: gridIds } }, select: { id: true, name: true } }) : [],
    buildingIds.length ? deps.db.building.findMany({ where: { id: { in: buildingIds } }, select: { id: true, estate: true, name: true } }) : [],
  ])
  const names: TargetNames = new Map()
  grids.forEach((g) => names.set(`g:${g.id}`, g.name))
  buildings.forEach((b) => names.set(`b:${b.id}`, buildingName(b)))
  return names
}

/** A notice as its detail view shows it. */
async function detail(deps: { db: Deps['db'] | Tx; config: Deps['config'] }, actor: Actor, n: NoticeRow, now: Date, readAt: Date | null = null) {
  return presentNoticeDetail(n, actor, now, readAt, await targetNames(deps, [n]), fileUrls(deps.config, now))
}

/** Creates a notice as a draft, or publishes/schedules it at once (`mode: 'publish'`). */
export async function createNotice(
  deps: Deps, actor: Actor, input: z.output<typeof CreateNoticeBody>, origin: AuditOrigin,
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  if (!hasRole(actor, 'committee', 'street')) throw forbidden('只有社区工作人员和街道工作人员可以发布公告')
  const now = deps.now()
  const target = await resolveTarget(deps, actor, input.target)
  const imageIds = await checkImages(deps, actor, input.imageIds)
  const times = { publishAt: date(input.publishAt) ?? null, expiresAt: date(input.expiresAt) ?? null, pinnedUntil: date(input.pinnedUntil) ?? null }
  checkTimes(now, times)
  const bodyHtml = sanitizeRichText(input.body)
  if (!plainText(bodyHtml) && !imageIds.length) throw invalid('body', '请填写正文或添加图片')
  // The answer is built inside the transaction, so an idempotent request stores it with the notice.
  const created = await unitOfWork(async (tx) => {
    const n = await tx.notice.create({
      data: {
        streetId: target.streetId,
        communityId: target.communityId,
        authorId: actor.id,
        title: input.title,
        bodyHtml,
        summary: plainText(bodyHtml, 120),
        category: input.category,
        importance: input.importance,
        targetType: target.type,
        status: 'draft',
        ...times,
      },
    })
    await writeTargets(tx, n.id, target)
    await writeImages(tx, n.id, imageIds, now)
    if (input.mode === 'publish') await publishInTx(tx, deps, n.id, times.publishAt, now)
    await audit(tx, { actor, action: 'notice.create', resourceType: 'notice', resourceId: n.id, result: 'success', details: { mode: input.mode } }, origin)
    return detail({ db: tx, config: deps.config }, actor, (await loadRow({ db: tx }, n.id))!, now)
  })
  if (input.mode === 'publish') feedChanged(deps.sql)
  return created
}

/** Loads a notice for a writer (manager of its community), else 404/403. */
async function loadForManager(deps: Deps, actor: Actor, id: number): Promise<NoticeRow> {
  const n = await loadRow(deps, id)
  if (!n) throw notFound('公告')
  if (!canManageCommunity(actor, n)) {
    if (await canRead(deps, actor, n)) throw forbidden('只能管理本社区（本街道）的公告')
    throw notFound('公告')
  }
  return n
}

/**
 * Edits a notice. The caller sends the version they loaded: a stale version is a conflict, never
 * a silent overwrite. Every edit of a notice that is no longer a draft keeps the whole earlier
 * version (text, category, importance, target, images, times) as a revision, read under the row
 * lock in the edit's transaction. The target can change only before publication.
 */
export async function updateNotice(deps: Deps, actor: Actor, id: number, input: z.output<typeof UpdateNoticeBody>, origin: AuditOrigin) {
  const now = deps.now()
  const n = await loadForManager(deps, actor, id)
  authorize(actor, noticePolicy(now).edit, n)
  const state = noticeState(n, now)
  const target = input.target ? await resolveTarget(deps, actor, input.target) : undefined
  if (target && state !== 'draft' && state !== 'scheduled') throw conflict('NOTICE_ALREADY_PUBLISHED', '已发布的公告不能更改发布范围')
  if (target && target.communityId !== n.communityId) throw invalid('target', '不能把公告改到其他社区')
  if (input.publishAt !== undefined && state !== 'draft' && state !== 'scheduled') throw conflict('NOTICE_ALREADY_PUBLISHED', '已发布的公告不能更改发布时间')
  const imageIds = input.imageIds ? await checkImages(deps, actor, input.imageIds) : undefined
  const times = { publishAt: date(input.publishAt), expiresAt: date(input.expiresAt), pinnedUntil: date(input.pinnedUntil) }
  checkTimes(now, {
    publishAt: times.publishAt === undefined ? n.publishAt : times.publishAt,
    expiresAt: times.expiresAt === undefined ? n.expiresAt : times.expiresAt,
    pinnedUntil: times.pinnedUntil,
  })
  if (state === 'scheduled' && times.publishAt !== undefined && (!times.publishAt || times.publishAt <= now)) {
    throw invalid('publishAt', '待发布的公告须设置将来的发布时间；要立即发布请使用“发布”')
  }
  const bodyHtml = input.body !== undefined ? sanitizeRichText(input.body) : undefined
  await deps.db.$transaction(async (tx) => {
    // Lock first, then read: publishing does not change the version, so the row loaded above may
    // be older than the version this edit replaces.
    await tx.$queryRaw`SELECT id FROM notices WHERE id = ${id} FOR UPDATE`
    const before = await loadRow({ db: tx }, id)
    if (!before || noticeState(before, now) !== state) throw conflict('NOTICE_STATE_CHANGED', '公告状态已变化，请刷新')
    const r = await tx.notice.updateMany({
      where: { id, version: input.version, status: { not: 'withdrawn' } },
      data: {
        version: { increment: 1 },
        ...(input.title !== undefined ? { title: input.title } : {}),
        ...(bodyHtml !== undefined ? { bodyHtml, summary: plainText(bodyHtml, 120) } : {}),
        ...(input.category ? { category: input.category } : {}),
        ...(input.importance ? { importance: input.importance } : {}),
        ...(target ? { targetType: target.type } : {}),
        ...(times.publishAt !== undefined ? { publishAt: times.publishAt } : {}),
        ...(times.expiresAt !== undefined ? { expiresAt: times.expiresAt } : {}),
        ...(times.pinnedUntil !== undefined ? { pinnedUntil: times.pinnedUntil } : {}),
      },
    })
    if (r.count !== 1) throw conflict('VERSION_CONFLICT', '公告已被他人修改，请刷新后再编辑', { currentVersion: before.version })
    if (state !== 'draft') {
      await tx.noticeRevision.create({
        data: { noticeId: id, version: before.version, title: before.title, bodyHtml: before.bodyHtml, snapshot: snapshotOf(before), editorId: actor.id },
      })
    }
    if (target) await writeTargets(tx, id, target)
    if (imageIds) await writeImages(tx, id, imageIds, now)
    await bumpFeedVersion(tx, n.communityId, now)
    await audit(tx, { actor, action: 'notice.update', resourceType: 'notice', resourceId: id, result: 'success', details: { fromVersion: input.version } }, origin)
  })
  feedChanged(deps.sql)
  return detail(deps, actor, (await loadRow(deps, id))!, now)
}

/** Publishes now, or schedules for `publishAt` in the future. */
export async function publishNotice(deps: Deps, actor: Actor, id: number, publishAt: string | undefined, origin: AuditOrigin) {
  const now = deps.now()
  const n = await loadForManager(deps, actor, id)
  const state = noticeState(n, now)
  if (state !== 'draft' && state !== 'scheduled') throw conflict('NOTICE_NOT_PUBLISHABLE', '该公告已发布或已撤回')
  authorize(actor, noticePolicy(now).publish, n)
  const at = date(publishAt) ?? null
  checkTimes(now, { publishAt: at, expiresAt: n.expiresAt })
  await deps.db.$transaction(async (tx) => {
    const result = await publishInTx(tx, deps, id, at, now)
    await audit(tx, { actor, action: 'notice.publish', resourceType: 'notice', resourceId: id, result: 'success', details: { result, publishAt: at?.toISOString() ?? null } }, origin)
  })
  feedChanged(deps.sql)
  return detail(deps, actor, (await loadRow(deps, id))!, now)
}

/** Withdraws a scheduled or published notice: it disappears from every reader's list at once. */
export async function withdrawNotice(deps: Deps, actor: Actor, id: number, reason: string, origin: AuditOrigin) {
  const now = deps.now()
  const n = await loadForManager(deps, actor, id)
  if (n.status === 'draft' || n.status === 'withdrawn') throw conflict('NOTICE_NOT_WITHDRAWABLE', '该公告未发布或已撤回')
  authorize(actor, noticePolicy(now).withdraw, n)
  await deps.db.$transaction(async (tx) => {
    const r = await tx.notice.updateMany({
      where: { id, status: { in: ['scheduled', 'published'] } },
      data: { status: 'withdrawn', withdrawnAt: now, withdrawnById: actor.id, withdrawReason: reason, version: { increment: 1 } },
    })
    if (r.count !== 1) throw conflict('NOTICE_NOT_WITHDRAWABLE', '该公告未发布或已撤回')
    await bumpFeedVersion(tx, n.communityId, now)
    await audit(tx, { actor, action: 'notice.withdraw', resourceType: 'notice', resourceId: id, result: 'success', details: { reason } }, origin)
  })
  feedChanged(deps.sql)
  return detail(deps, actor, (await loadRow(deps, id))!, now)
}

/** True when the caller may read this notice: its managers always, others while it is visible to them. */
export async function canRead(deps: Deps, actor: Actor, n: NoticeRow): Promise<boolean> {
  if (canManageCommunity(actor, n)) return true
  return isVisible(deps.sql, await audienceOf(deps.db, actor), n.id, deps.now())
}

/**
 * One notice. Readers see it only while it is published, unexpired and targeted at them (404
 * otherwise); its managers always. Opening an important notice records a read receipt, once.
 */
export async function getNotice(deps: Deps, actor: Actor, id: number) {
  const now = deps.now()
  const found = await readNoticeRow(deps.sql, id)
  if (!found || !(await canRead(deps, actor, found.row))) throw notFound('公告')
  const n = found.row
  let readAt: Date | null = null
  if (n.importance === 'important' && noticeState(n, now) === 'published' && !canManageCommunity(actor, n)) {
    await deps.sql.query('INSERT IGNORE INTO notice_reads (notice_id, user_id, read_at) VALUES (?, ?, ?)', [id, actor.id, now])
    const [rows] = await deps.sql.query<({ read_at: Date } & RowDataPacket)[]>('SELECT read_at FROM notice_reads WHERE notice_id = ? AND user_id = ?', [id, actor.id])
    readAt = rows[0]?.read_at ?? null
  }
  return presentNoticeDetail(n, actor, now, readAt, found.names, fileUrls(deps.config, now))
}

/** Every notice of the communities the caller manages, newest first, optionally by state. */
export async function listManagedNotices(deps: Deps, actor: Actor, q: z.output<typeof NoticeListQuery>) {
  if (!hasRole(actor, 'committee', 'street')) throw forbidden('只有社区工作人员和街道工作人员可以管理公告')
  const now = deps.now()
  const cursor = decodeCursor(q.cursor)
  const scope: Prisma.NoticeWhereInput[] = []
  const committeeOf = roleScope(actor, 'committee').communityIds
  const streetOf = roleScope(actor, 'street').streetIds
  if (committeeOf.length) scope.push({ communityId: { in: committeeOf } })
  if (streetOf.length) scope.push({ streetId: { in: streetOf } })
  if (!scope.length) return { items: [], page: { nextCursor: null } }
  const live = { status: { in: ['scheduled', 'published'] as ('scheduled' | 'published')[] } }
  const byState: Record<string, Prisma.NoticeWhereInput> = {
    draft: { status: 'draft' },
    withdrawn: { status: 'withdrawn' },
    scheduled: { ...live, publishAt: { gt: now }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    published: { ...live, publishAt: { lte: now }, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    expired: { ...live, expiresAt: { lte: now } },
  }
  const rows = (await deps.db.notice.findMany({
    where: {
      AND: [{ OR: scope }, q.status ? byState[q.status] : {}, q.category ? { category: q.category } : {}, cursor ? { id: { lt: cursor } } : {}],
    },
    include: noticeInclude,
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })) as NoticeRow[]
  const { items, page } = pageOf(rows, q.limit)
  const names = await targetNames(deps, items)
  const files = fileUrls(deps.config, now)
  return { items: items.map((n) => presentNoticeManage(n, actor, now, names, files)), page }
}

/**
 * The earlier versions of a notice, newest first, for its managers: 404 when the caller cannot
 * see the notice, 403 when they can but do not manage it.
 */
export async function noticeRevisions(deps: Deps, actor: Actor, id: number, q: z.output<typeof RevisionsQuery>) {
  const n = await loadForManager(deps, actor, id)
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.noticeRevision.findMany({
    where: { noticeId: id, ...(cursor ? { id: { lt: cursor } } : {}) },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  const revisions = items.map((r) => ({ ...r, snapshot: r.snapshot === null ? null : NoticeSnapshot.parse(r.snapshot) }))
  const snapshots = revisions.flatMap((r) => (r.snapshot ? [r.snapshot] : []))
  const editorIds = [...new Set(revisions.map((r) => r.editorId))]
  const imageIds = [...new Set(snapshots.flatMap((s) => s.imageIds))]
  const [editors, uploads, names] = await Promise.all([
    editorIds.length ? deps.db.user.findMany({ where: { id: { in: editorIds } }, select: { id: true, displayName: true } }) : [],
    imageIds.length ? deps.db.upload.findMany({ where: { id: { in: imageIds } }, select: { id: true, storageKey: true, width: true, height: true } }) : [],
    targetNames(deps, snapshots.map((s) => ({ targets: snapshotTargets(s.target) }))),
  ])
  const editorName = new Map(editors.map((u) => [u.id, u.displayName]))
  const uploadById = new Map(uploads.map((u) => [u.id, u]))
  const files = fileUrls(deps.config, deps.now())
  return { items: revisions.map((r) => presentRevision(r, n, editorName.get(r.editorId) ?? '', uploadById, names, files)), page }
}

