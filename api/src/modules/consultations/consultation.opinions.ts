import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { retryDeadlock, type DbOrTx } from '../../core/db.ts'
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { assertNotRefused, moderateText } from '../moderation/moderation.ts'
import { topicLink } from './consultation.announce.ts'
import { discussionOpen, inAudience, managesCommunity, requireState } from './consultation.policy.ts'
import { presentOpinion, type OpinionRow, type OpinionViewer, type TopicRow } from './consultation.presenter.ts'
import type { CreateOpinionBody, OpinionListQuery, UpdateOpinionBody } from './consultation.schema.ts'
import { loadVisible } from './consultation.service.ts'

const WITH_AUTHOR = { author: { select: { displayName: true } } } as const

/** Which opinions of a topic the caller sees: published ones; held and hidden ones to their author and staff; never deleted ones. */
function visibleWhere(actor: Actor, staff: boolean): Prisma.ConsultationOpinionWhereInput {
  if (staff) return { status: { not: 'deleted' } }
  return { OR: [{ status: 'published' }, { authorId: actor.id, status: { in: ['held', 'hidden'] } }] }
}

/**
 * The top-level opinions of the list: those the caller sees, and those they may not see (deleted;
 * hidden or held and not theirs) that still have a reply they see, listed as a placeholder such as
 * 「该意见已删除」 or 「该意见已被隐藏」 so that their replies keep their thread.
 */
function threadWhere(actor: Actor, staff: boolean): Prisma.ConsultationOpinionWhereInput {
  const visible = visibleWhere(actor, staff)
  return { OR: [visible, { status: { in: ['deleted', 'hidden', 'held'] }, replies: { some: visible } }] }
}

async function viewerOf(db: DbOrTx, actor: Actor, t: TopicRow, now: Date, opinionIds: number[]): Promise<OpinionViewer> {
  const likes = opinionIds.length
    ? await db.consultationOpinionLike.findMany({ where: { userId: actor.id, opinionId: { in: opinionIds } }, select: { opinionId: true } })
    : []
  return { actor, staff: managesCommunity(actor, t.communityId), open: discussionOpen(t, now), liked: new Set(likes.map((l) => l.opinionId)) }
}

/** The topic and one of its opinions the caller can see; 404 otherwise. */
async function loadOpinion(deps: Deps, actor: Actor, topicId: number, oid: number) {
  const t = await loadVisible(deps, actor, topicId)
  const staff = managesCommunity(actor, t.communityId)
  const o = await deps.db.consultationOpinion.findFirst({ where: { AND: [{ id: oid, topicId }, visibleWhere(actor, staff)] }, include: WITH_AUTHOR })
  if (!o) throw notFound('意见')
  return { t, o: o as OpinionRow, staff }
}

/** One opinion as the caller sees it now. */
async function present(deps: Deps, actor: Actor, t: TopicRow, oid: number) {
  const o = (await deps.db.consultationOpinion.findUniqueOrThrow({ where: { id: oid }, include: WITH_AUTHOR })) as OpinionRow
  const v = await viewerOf(deps.db, actor, t, deps.now(), [oid])
  return { ...presentOpinion(o, v), replies: [] }
}

/** The text checked by content security: refused → 422 naming `body`; held → `held`. */
async function moderate(deps: Deps, actor: Actor, body: string) {
  const d = assertNotRefused(await moderateText(deps, { userId: actor.id, text: body, scene: 'comment' }), 'body')
  return d.outcome === 'hold' ? ('held' as const) : ('published' as const)
}

function requireOpen(t: TopicRow, now: Date) {
  requireState(t, 'discussion', '发表意见')
  if (!discussionOpen(t, now)) throw conflict('DISCUSSION_ENDED', '讨论已经截止')
}

/**
 * POST /consultations/:id/opinions: while the topic is open for discussion, by its audience and
 * its managers (whose opinions are official). A reply answers a published top-level opinion.
 */
export async function createOpinion(deps: Deps, actor: Actor, topicId: number, input: z.output<typeof CreateOpinionBody>, origin: AuditOrigin) {
  const t = await loadVisible(deps, actor, topicId)
  const staff = managesCommunity(actor, t.communityId)
  if (!staff && !inAudience(actor, t)) throw forbidden('只有议题所涉及的居民可以发表意见')
  const now = deps.now()
  requireOpen(t, now)
  if (input.parentId !== undefined) {
    const parent = await deps.db.consultationOpinion.findFirst({ where: { id: input.parentId, topicId, status: 'published' }, select: { parentId: true } })
    if (!parent) throw invalid('parentId', '要回复的意见不存在')
    if (parent.parentId !== null) throw invalid('parentId', '只能回复意见本身，不能回复回复')
  }
  // Staff (accountable, often without a WeChat openid) publish directly; residents' texts are checked.
  const status = staff ? 'published' : await moderate(deps, actor, input.body)
  const id = await deps.db.$transaction(async (tx) => {
    const o = await tx.consultationOpinion.create({
      data: { topicId, authorId: actor.id, parentId: input.parentId ?? null, stance: input.stance, body: input.body, official: staff, status, createdAt: now },
    })
    await audit(tx, { actor, action: 'consultation.opinion.create', resourceType: 'consultation_opinion', resourceId: o.id, result: 'success', details: { topicId, status } }, origin)
    return o.id
  })
  return present(deps, actor, t, id)
}

/**
 * GET /consultations/:id/opinions: top-level opinions, newest first, each with its replies (oldest
 * first); one the caller may not see that has replies they see is kept as a placeholder without
 * its author or text (see `presentOpinion`).
 */
export async function listOpinions(deps: Deps, actor: Actor, topicId: number, q: z.output<typeof OpinionListQuery>) {
  const t = await loadVisible(deps, actor, topicId)
  const staff = managesCommunity(actor, t.communityId)
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.consultationOpinion.findMany({
    where: { AND: [{ topicId, parentId: null }, threadWhere(actor, staff), cursor !== undefined ? { id: { lt: cursor } } : {}] },
    include: WITH_AUTHOR, orderBy: { id: 'desc' }, take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  const replies = items.length
    ? await deps.db.consultationOpinion.findMany({
      where: { AND: [{ topicId, parentId: { in: items.map((o) => o.id) } }, visibleWhere(actor, staff)] }, include: WITH_AUTHOR, orderBy: { id: 'asc' },
    })
    : []
  const v = await viewerOf(deps.db, actor, t, deps.now(), [...items, ...replies].map((o) => o.id))
  const data = items.map((o) => ({
    ...presentOpinion(o as OpinionRow, v),
    replies: replies.filter((r) => r.parentId === o.id).map((r) => presentOpinion(r as OpinionRow, v)),
  }))
  return { data, page }
}

/** PUT /consultations/:id/opinions/:oid: the author edits during the discussion, on its version; the old text is kept. */
export async function updateOpinion(deps: Deps, actor: Actor, topicId: number, oid: number, input: z.output<typeof UpdateOpinionBody>, origin: AuditOrigin) {
  const { t, o, staff } = await loadOpinion(deps, actor, topicId, oid)
  if (o.authorId !== actor.id) throw forbidden('只能修改自己的意见')
  const now = deps.now()
  requireOpen(t, now)
  if (o.status === 'hidden') throw conflict('OPINION_HIDDEN', '该意见已被管理员隐藏，不能修改')
  const status = staff && o.official ? 'published' : await moderate(deps, actor, input.body)
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.consultationOpinion.updateMany({
      where: { id: oid, version: input.version, status: { in: ['published', 'held'] } },
      data: { body: input.body, stance: input.stance === undefined ? undefined : input.stance, status, editedAt: now, version: { increment: 1 } },
    })
    if (changed.count !== 1) throw conflict('VERSION_CONFLICT', '意见刚刚已被修改，请刷新后再试')
    await tx.consultationOpinionEdit.create({ data: { opinionId: oid, version: o.version, stance: o.stance, body: o.body, createdAt: now } })
    await audit(tx, { actor, action: 'consultation.opinion.edit', resourceType: 'consultation_opinion', resourceId: oid, result: 'success', details: { version: o.version + 1, status } }, origin)
  })
  return present(deps, actor, t, oid)
}

/**
 * DELETE /consultations/:id/opinions/:oid: the author removes their own (kept as `deleted`, its text
 * and author shown to nobody; its replies stay under 「该意见已删除」).
 */
export async function deleteOpinion(deps: Deps, actor: Actor, topicId: number, oid: number, origin: AuditOrigin) {
  const { o } = await loadOpinion(deps, actor, topicId, oid)
  if (o.authorId !== actor.id) throw forbidden('只能删除自己的意见')
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.consultationOpinion.updateMany({ where: { id: oid, status: { not: 'deleted' } }, data: { status: 'deleted', deletedAt: deps.now() } })
    if (changed.count !== 1) throw notFound('意见')
    await audit(tx, { actor, action: 'consultation.opinion.delete', resourceType: 'consultation_opinion', resourceId: oid, result: 'success' }, origin)
  })
}

/**
 * POST …/like and …/unlike: once per person on a published opinion. Both lock the opinion row
 * first (the counter's update, or SELECT … FOR UPDATE), so the counter equals the like rows
 * under any mix of parallel requests; a second like is 409 ALREADY_LIKED.
 */
export async function likeOpinion(deps: Deps, actor: Actor, topicId: number, oid: number, like: boolean) {
  await loadOpinion(deps, actor, topicId, oid)
  const likeCount = await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    if (like) {
      const moved = await tx.consultationOpinion.updateMany({ where: { id: oid, status: 'published' }, data: { likeCount: { increment: 1 } } })
      if (moved.count !== 1) throw conflict('OPINION_NOT_PUBLISHED', '这条意见现在不能点赞')
      try {
        await tx.consultationOpinionLike.create({ data: { opinionId: oid, userId: actor.id, createdAt: deps.now() } })
      } catch (e) {
        if (isUniqueViolation(e)) throw conflict('ALREADY_LIKED', '您已经赞过这条意见')
        throw e
      }
    } else {
      await tx.$queryRaw`SELECT id FROM consultation_opinions WHERE id = ${oid} FOR UPDATE`
      const gone = await tx.consultationOpinionLike.deleteMany({ where: { opinionId: oid, userId: actor.id } })
      if (gone.count !== 1) throw conflict('NOT_LIKED', '您还没有赞过这条意见')
      await tx.consultationOpinion.update({ where: { id: oid }, data: { likeCount: { decrement: 1 } } })
    }
    return (await tx.consultationOpinion.findUniqueOrThrow({ where: { id: oid }, select: { likeCount: true } })).likeCount
  }))
  return { liked: like, likeCount }
}

/**
 * POST …/hide {reason} and …/publish: the topic's managers hide an opinion (its author is told
 * why and sees the reason in place of the text; others see its replies under 「该意见已被隐藏」)
 * or release a held one.
 */
export async function moderateOpinion(deps: Deps, actor: Actor, topicId: number, oid: number, to: 'hidden' | 'published', reason: string | null, origin: AuditOrigin) {
  const { t, o, staff } = await loadOpinion(deps, actor, topicId, oid)
  if (!staff) throw forbidden('只有本社区居委会工作人员可以管理意见')
  const from = to === 'hidden' ? (['published', 'held'] as const) : (['held'] as const)
  if (!(from as readonly string[]).includes(o.status)) {
    throw conflict('WRONG_OPINION_STATUS', to === 'hidden' ? '这条意见已被隐藏或删除' : '只有待审核的意见可以发布', { current: o.status })
  }
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.consultationOpinion.updateMany({
      where: { id: oid, status: { in: [...from] } },
      data: { status: to, hiddenReason: to === 'hidden' ? reason : null, moderatedById: actor.id, moderatedAt: now },
    })
    if (changed.count !== 1) throw conflict('WRONG_OPINION_STATUS', '这条意见刚刚已被处理')
    if (to === 'hidden') {
      await notifyUsers(tx, deps.config, {
        kind: 'consultation_opinion_hidden', resourceType: 'consultation_opinion', resourceId: String(oid), userIds: [o.authorId],
        title: `您在「${t.title}」的意见已被隐藏`.slice(0, 100), body: `原因：${reason}`, link: topicLink(t.id),
        templateKey: 'consultation', payload: { title: t.title, state: '意见已隐藏', time: now.toISOString() }, now,
      })
    }
    await audit(tx, { actor, action: `consultation.opinion.${to === 'hidden' ? 'hide' : 'publish'}`, resourceType: 'consultation_opinion', resourceId: oid, result: 'success', details: reason ? { reason } : undefined }, origin)
  })
  return present(deps, actor, t, oid)
}
