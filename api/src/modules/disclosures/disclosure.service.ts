import type { z } from 'zod'
import type { Prisma } from '../../generated/prisma/client.ts'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Db, Tx, UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { fileUrls } from '../../core/fileUrls.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { attachUploads } from '../uploads/upload.service.ts'
import { canRead, managesDisclosures, moderatesQuestions, type DisclosureFacts } from './disclosure.policy.ts'
import { NO_SUMS, presentDetail, presentSummary, type DetailRow, type QuestionRow, type Sums, type VersionRow } from './disclosure.presenter.ts'
import { PERIOD, type CorrectDisclosureBody, type CreateDisclosureBody, type DisclosureListQuery } from './disclosure.schema.ts'

type ItemInput = Pick<z.output<typeof CreateDisclosureBody>, 'title' | 'period' | 'body' | 'lines' | 'attachmentIds'>

const month = (y: number, m: number) => new Date(Date.UTC(y, m - 1, 1))

/** The first and last month of a period: `2026` → Jan..Dec, `2026-Q3` → Jul..Sep, `2026-11` → Nov..Nov. */
export function periodMonths(period: string): { from: Date; to: Date } {
  const m = PERIOD.exec(period)
  if (!m) throw invalid('period', '期间格式为 2026、2026-Q3 或 2026-11')
  const y = Number(m[1])
  if (m[2]) return { from: month(y, Number(m[2]) * 3 - 2), to: month(y, Number(m[2]) * 3) }
  if (m[3]) return { from: month(y, Number(m[3])), to: month(y, Number(m[3])) }
  return { from: month(y, 1), to: month(y, 12) }
}

export const detailInclude = {
  community: { select: { name: true, streetId: true } },
  author: { select: { displayName: true } },
  correctedBy: { select: { id: true } },
  lines: { orderBy: { position: 'asc' as const }, select: { kind: true, category: true, label: true, amountFen: true } },
  attachments: { orderBy: { position: 'asc' as const }, select: { upload: { select: { id: true, storageKey: true, width: true, height: true } } } },
} satisfies Prisma.DisclosureInclude

/** Loads one version for a reader of its community, else 404 (its existence is not disclosed). */
export async function loadReadable(db: Db | Tx, actor: Actor, id: number): Promise<DetailRow> {
  const d = (await db.disclosure.findUnique({ where: { id }, include: detailInclude })) as DetailRow | null
  if (!d || !canRead(actor, { communityId: d.communityId, streetId: d.community.streetId })) throw notFound('公开事项')
  return d
}

/** Loads one version for a writer: 404 to strangers, 403 to readers who do not manage it, 409 unless current. */
async function loadForChange(db: Db | Tx, actor: Actor, id: number, what: string): Promise<DetailRow> {
  const d = await loadReadable(db, actor, id)
  if (!managesDisclosures(actor, d.communityId)) throw forbidden(`只有本社区工作人员可以${what}`)
  requireCurrent(d, what)
  return d
}

/** The 409 for a version that is no longer current (superseded or withdrawn). */
function notCurrent(d: Pick<DisclosureFacts, 'status'> & { correctedBy?: { id: number } | null }, what: string) {
  if (d.status === 'withdrawn') return conflict('DISCLOSURE_WITHDRAWN', `该事项已撤回，不能${what}`)
  return conflict('DISCLOSURE_SUPERSEDED', `该版本已被更正，不能${what}，请打开最新版本`, { supersededById: d.correctedBy?.id ?? null })
}

/** 409 unless the version is the current, published one. */
function requireCurrent(d: Pick<DisclosureFacts, 'status'> & { correctedBy?: { id: number } | null }, what: string) {
  if (d.status !== 'published') throw notCurrent(d, what)
}

/** Reads the version again after a conditional update found it changed, for the right 409. */
const changedUnder = async (tx: Tx, id: number, what: string) =>
  notCurrent(await tx.disclosure.findUniqueOrThrow({ where: { id }, select: { status: true, correctedBy: { select: { id: true } } } }), what)

/** Income and expense of each item, summed in SQL. */
export async function sumsOf(db: Db | Tx, ids: number[]): Promise<Map<number, Sums>> {
  const out = new Map<number, Sums>()
  if (!ids.length) return out
  const rows = await db.disclosureLine.groupBy({ by: ['disclosureId', 'kind'], where: { disclosureId: { in: ids } }, _sum: { amountFen: true } })
  for (const r of rows) {
    const s = out.get(r.disclosureId) ?? { ...NO_SUMS }
    s[r.kind === 'income' ? 'incomeFen' : 'expenseFen'] = Number(r._sum.amountFen ?? 0n)
    out.set(r.disclosureId, s)
  }
  return out
}

/** Every version of the item `d` belongs to, oldest first. */
async function versionsOf(db: Db | Tx, d: Pick<DetailRow, 'id' | 'rootId'>): Promise<VersionRow[]> {
  const root = d.rootId ?? d.id
  return db.disclosure.findMany({
    where: { OR: [{ id: root }, { rootId: root }] }, orderBy: { versionNo: 'asc' },
    select: { id: true, versionNo: true, title: true, status: true, publishedAt: true },
  })
}

/** Questions the caller may see: published ones; held and hidden ones only for their asker and staff. */
async function questionsOf(db: Db | Tx, actor: Actor, d: Pick<DetailRow, 'id' | 'communityId'>): Promise<QuestionRow[]> {
  const all = moderatesQuestions(actor, d.communityId)
  return db.disclosureQuestion.findMany({
    where: { disclosureId: d.id, ...(all ? {} : { OR: [{ status: 'published' }, { askerId: actor.id }] }) },
    orderBy: { id: 'asc' },
    select: { id: true, askerId: true, body: true, status: true, statusReason: true, answer: true, answeredAt: true, createdAt: true, asker: { select: { displayName: true } } },
  })
}

/** One version as its detail view shows it. */
export async function detailOf(deps: Pick<Deps, 'config' | 'now'>, db: Db | Tx, actor: Actor, d: DetailRow) {
  const [sums, versions, questions] = await Promise.all([sumsOf(db, [d.id]), versionsOf(db, d), questionsOf(db, actor, d)])
  return presentDetail(d, actor, sums.get(d.id) ?? NO_SUMS, versions, questions, fileUrls(deps.config, deps.now()))
}

/** The uploads to attach: each the caller's own, or already attached to the version being corrected (`kept`). */
async function checkAttachments(db: Db, actor: Actor, ids: number[], kept: number[] = []): Promise<number[]> {
  const unique = [...new Set(ids)]
  const fresh = unique.filter((id) => !kept.includes(id))
  if (!fresh.length) return unique
  const owned = await db.upload.count({ where: { id: { in: fresh }, ownerId: actor.id } })
  if (owned !== fresh.length) throw invalid('attachmentIds', '附件不存在或不是您上传的')
  return unique
}

/** Writes one version with its lines and attachments (inside the caller's transaction). */
async function writeVersion(
  tx: Tx, actor: Actor, now: Date, base: { communityId: number; category: DetailRow['category'] }, input: ItemInput, attachmentIds: number[],
  chain: { rootId: number; versionNo: number; supersedesId: number; correctionReason: string } | null,
) {
  const { from, to } = periodMonths(input.period)
  const d = await tx.disclosure.create({
    data: {
      communityId: base.communityId, category: base.category, title: input.title, period: input.period, periodFrom: from, periodTo: to,
      body: input.body, authorId: actor.id, publishedAt: now, ...(chain ?? {}),
    },
  })
  if (input.lines.length) {
    await tx.disclosureLine.createMany({
      data: input.lines.map((l, position) => ({ disclosureId: d.id, position, kind: l.kind, category: l.category, label: l.label, amountFen: BigInt(l.amountFen) })),
    })
  }
  await attachUploads(tx, attachmentIds, now, 'attachmentIds')
  if (attachmentIds.length) {
    await tx.disclosureAttachment.createMany({ data: attachmentIds.map((uploadId, position) => ({ disclosureId: d.id, uploadId, position })) })
  }
  return d.id
}

/** Publishes an item for a community (committee staff of that community). */
export async function createDisclosure(
  deps: Deps, actor: Actor, input: z.output<typeof CreateDisclosureBody>, origin: AuditOrigin,
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  if (!managesDisclosures(actor, input.communityId)) throw forbidden('只有本社区工作人员可以发布公开事项')
  const attachmentIds = await checkAttachments(deps.db, actor, input.attachmentIds)
  const now = deps.now()
  return unitOfWork(async (tx) => {
    const id = await writeVersion(tx, actor, now, input, input, attachmentIds, null)
    await audit(tx, { actor, action: 'disclosure.create', resourceType: 'disclosure', resourceId: id, result: 'success', details: { category: input.category, period: input.period } }, origin)
    return detailOf(deps, tx, actor, await loadReadable(tx, actor, id))
  })
}

/**
 * Corrects an item: a new version that supersedes the current one, which stays readable as
 * 「已更正」. The old version moves with a conditional update and the new one names it under a
 * unique key, so two corrections at once make exactly one new version (the other gets 409).
 */
export async function correctDisclosure(
  deps: Deps, actor: Actor, id: number, input: z.output<typeof CorrectDisclosureBody>, origin: AuditOrigin,
) {
  const old = await loadForChange(deps.db, actor, id, '更正')
  const kept = old.attachments.map((a) => a.upload.id)
  const attachmentIds = await checkAttachments(deps.db, actor, input.attachmentIds ?? kept, kept)
  const item: ItemInput = {
    title: input.title ?? old.title, period: input.period ?? old.period, body: input.body ?? old.body, attachmentIds,
    lines: input.lines ?? old.lines.map((l) => ({ kind: l.kind, category: l.category, label: l.label, amountFen: Number(l.amountFen) })),
  }
  const now = deps.now()
  try {
    return await deps.db.$transaction(async (tx) => {
      const moved = await tx.disclosure.updateMany({ where: { id, status: 'published' }, data: { status: 'superseded' } })
      if (moved.count !== 1) throw await changedUnder(tx, id, '更正')
      const chain = { rootId: old.rootId ?? old.id, versionNo: old.versionNo + 1, supersedesId: id, correctionReason: input.reason }
      const newId = await writeVersion(tx, actor, now, old, item, attachmentIds, chain)
      await audit(tx, { actor, action: 'disclosure.correct', resourceType: 'disclosure', resourceId: newId, result: 'success', details: { supersedes: id } }, origin)
      return detailOf(deps, tx, actor, await loadReadable(tx, actor, newId))
    })
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('DISCLOSURE_SUPERSEDED', '该版本已被更正，请打开最新版本')
    throw e
  }
}

/** Withdraws an item with a reason that stays visible; its content stays readable, its sums leave the totals. */
export async function withdrawDisclosure(deps: Deps, actor: Actor, id: number, reason: string, origin: AuditOrigin) {
  await loadForChange(deps.db, actor, id, '撤回')
  const now = deps.now()
  return deps.db.$transaction(async (tx) => {
    const r = await tx.disclosure.updateMany({ where: { id, status: 'published' }, data: { status: 'withdrawn', withdrawnReason: reason, withdrawnAt: now } })
    if (r.count !== 1) throw await changedUnder(tx, id, '撤回')
    await audit(tx, { actor, action: 'disclosure.withdraw', resourceType: 'disclosure', resourceId: id, result: 'success', details: { reason } }, origin)
    return detailOf(deps, tx, actor, await loadReadable(tx, actor, id))
  })
}

/**
 * The community a list or total is about: the one asked for (404 unless the caller is in its
 * audience), else the caller's own (the one they manage, else the one they live in).
 */
export async function communityFor(db: Db, actor: Actor, communityId: number | undefined): Promise<number> {
  const id = communityId ?? actor.staff.byRole.committee?.communityIds[0] ?? actor.residence.communityIds[0]
  if (id === undefined) throw invalid('communityId', '请选择社区')
  const c = await db.community.findUnique({ where: { id }, select: { id: true, streetId: true } })
  if (!c || !canRead(actor, { communityId: c.id, streetId: c.streetId })) throw notFound('社区')
  return c.id
}

/** A community's items, newest first, by category and period (an item shows when its period overlaps). */
export async function listDisclosures(deps: Deps, actor: Actor, q: z.output<typeof DisclosureListQuery>) {
  const communityId = await communityFor(deps.db, actor, q.communityId)
  const cursor = decodeCursor(q.cursor)
  const range = q.period ? periodMonths(q.period) : null
  const rows = await deps.db.disclosure.findMany({
    where: {
      communityId,
      ...(q.category ? { category: q.category } : {}),
      ...(range ? { periodFrom: { lte: range.to }, periodTo: { gte: range.from } } : {}),
      ...(q.includeSuperseded === 'true' ? {} : { status: { not: 'superseded' as const } }),
      ...(cursor ? { id: { lt: cursor } } : {}),
    },
    orderBy: { id: 'desc' }, take: q.limit + 1,
    select: {
      id: true, communityId: true, category: true, title: true, period: true, body: true, status: true, rootId: true, versionNo: true,
      supersedesId: true, correctionReason: true, withdrawnReason: true, withdrawnAt: true, publishedAt: true, correctedBy: { select: { id: true } },
    },
  })
  const { items, page } = pageOf(rows, q.limit)
  const sums = await sumsOf(deps.db, items.map((d) => d.id))
  return { items: items.map((d) => presentSummary(d, sums.get(d.id) ?? NO_SUMS)), page }
}
