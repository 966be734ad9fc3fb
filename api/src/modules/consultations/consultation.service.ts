import type { z } from 'zod'
import { hasRole, roleScope, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { retryDeadlock, type DbOrTx, type Tx, type UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { fileUrls } from '../../core/fileUrls.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { assertNotRefused, moderateText } from '../moderation/moderation.ts'
import { attachUploads } from '../uploads/upload.service.ts'
import { announceState } from './consultation.announce.ts'
import { canSee, inAudience, managesCommunity, requireState } from './consultation.policy.ts'
import { presentTopic, presentTopicDetail, type TopicRow } from './consultation.presenter.ts'
import type { CreateTopicBody, TopicListQuery } from './consultation.schema.ts'

/** A proposal gathers support for 30 days. */
export const SUPPORT_DAYS = 30
const DAY_MS = 86_400_000

const FULL = {
  targets: { select: { gridId: true, buildingId: true } },
  attachments: { select: { position: true, upload: { select: { id: true, storageKey: true, width: true, height: true } } } },
  createdBy: { select: { displayName: true } },
  _count: { select: { opinions: { where: { status: 'published' as const } } } },
} as const

/** The topic with what its page shows, or null. */
export async function topicById(db: DbOrTx, id: number): Promise<TopicRow | null> {
  return db.consultationTopic.findUnique({ where: { id }, include: FULL }) as Promise<TopicRow | null>
}

/** The topic if the caller may see it (managers; residents in its audience; a proposer their held proposal); 404 otherwise. */
export async function loadVisible(deps: Deps, actor: Actor, id: number, db: DbOrTx = deps.db): Promise<TopicRow> {
  const t = await topicById(db, id)
  if (!t || !canSee(actor, t)) throw notFound('议题')
  return t
}

/** The topic if the caller manages its community: 404 when they cannot see it, 403 when they only live there. */
export async function loadManaged(deps: Deps, actor: Actor, id: number): Promise<TopicRow> {
  const t = await loadVisible(deps, actor, id)
  if (!managesCommunity(actor, t.communityId)) throw forbidden('只有本社区居委会工作人员可以管理议题')
  return t
}

/**
 * The support threshold of a community now: the smaller of its setting's resident count and its
 * percentage of the community's households (rounded up), at least 1. Defaults 20 and 5 %.
 */
export async function supportThreshold(db: DbOrTx, communityId: number): Promise<number> {
  const [setting, households] = await Promise.all([
    db.consultationSetting.findUnique({ where: { communityId } }),
    db.household.count({ where: { communityId } }),
  ])
  const byResidents = setting?.supportMinResidents ?? 20
  const byHouseholds = Math.ceil(((setting?.supportPercentHouseholds ?? 5) * households) / 100)
  return Math.max(1, Math.min(byResidents, byHouseholds))
}

async function checkTargets(db: DbOrTx, communityId: number, input: z.output<typeof CreateTopicBody>) {
  if (input.audience === 'grids') {
    const ids = [...new Set(input.gridIds)]
    if ((await db.grid.count({ where: { id: { in: ids }, communityId } })) !== ids.length) throw invalid('gridIds', '网格不属于本社区')
    return ids.map((gridId) => ({ gridId }))
  }
  if (input.audience === 'buildings') {
    const ids = [...new Set(input.buildingIds)]
    const n = await db.building.count({ where: { id: { in: ids }, communityId } })
    if (n !== ids.length) throw invalid('buildingIds', '楼栋不属于本社区')
    return ids.map((buildingId) => ({ buildingId }))
  }
  return []
}

async function checkAttachments(db: DbOrTx, actor: Actor, ids: number[]) {
  const unique = [...new Set(ids)]
  if (!unique.length) return []
  if ((await db.upload.count({ where: { id: { in: unique }, ownerId: actor.id } })) !== unique.length) {
    throw invalid('attachmentIds', '附件不存在或不是您上传的')
  }
  return unique
}

async function writeAttachments(tx: Tx, topicId: number, ids: number[], now: Date) {
  if (!ids.length) return
  await attachUploads(tx, ids, now, 'attachmentIds')
  await tx.consultationAttachment.createMany({ data: ids.map((uploadId, position) => ({ topicId, uploadId, position })) })
}

/**
 * POST /consultations. Staff of the community open it for discussion at once (announced to its
 * audience). A resident of the community proposes it for the whole community: checked by content
 * security (refused: 422; held: `proposed` until staff release it), then it gathers support for
 * 30 days toward the community's threshold, the proposer's own support counted.
 */
export async function createTopic(deps: Deps, actor: Actor, input: z.output<typeof CreateTopicBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const now = deps.now()
  const staff = managesCommunity(actor, input.communityId)
  if (!staff && !actor.residence.communityIds.includes(input.communityId)) throw forbidden('只能在您居住的社区提出议题')
  if (!(await deps.db.community.findUnique({ where: { id: input.communityId }, select: { id: true } }))) throw invalid('communityId', '社区不存在')
  if (!staff && input.audience !== 'community') throw invalid('audience', '居民提出的议题面向全社区')
  if (staff && input.discussionEndsAt && Date.parse(input.discussionEndsAt) <= now.getTime()) throw invalid('discussionEndsAt', '讨论截止时间须晚于现在')
  const targets = await checkTargets(deps.db, input.communityId, input)
  const attachmentIds = await checkAttachments(deps.db, actor, input.attachmentIds)
  let state: 'discussion' | 'gathering' | 'proposed' = 'discussion'
  let threshold: number | null = null
  if (!staff) {
    const decision = assertNotRefused(await moderateText(deps, { userId: actor.id, text: `${input.title}\n${input.background}`, scene: 'forum', title: input.title }), 'title')
    state = decision.outcome === 'hold' ? 'proposed' : 'gathering'
    threshold = await supportThreshold(deps.db, input.communityId)
  }
  const id = await retryDeadlock(deps, () => unitOfWork(async (tx) => {
    const t = await tx.consultationTopic.create({
      data: {
        communityId: input.communityId, audience: input.audience, title: input.title, background: input.background,
        source: staff ? 'staff' : 'resident', state, decisionMethod: input.decisionMethod, createdById: actor.id, stateChangedAt: now,
        discussionStartsAt: staff ? now : null, discussionEndsAt: staff && input.discussionEndsAt ? new Date(input.discussionEndsAt) : null,
        supportThreshold: threshold, supportDeadline: staff ? null : new Date(now.getTime() + SUPPORT_DAYS * DAY_MS),
        supportCount: staff ? 0 : 1,
        targets: { create: targets },
        supports: staff ? undefined : { create: { userId: actor.id, createdAt: now } },
      },
    })
    await writeAttachments(tx, t.id, attachmentIds, now)
    await audit(tx, { actor, action: 'consultation.create', resourceType: 'consultation', resourceId: t.id, result: 'success', details: { communityId: input.communityId, state } }, origin)
    if (state === 'gathering' && threshold !== null && threshold <= 1) {
      await tx.consultationTopic.update({ where: { id: t.id }, data: { state: 'discussion', discussionStartsAt: now, stateChangedAt: now } })
      await announceState(tx, deps, t, 'discussion', now)
    } else if (state !== 'proposed') {
      await announceState(tx, deps, t, state, now)
    }
    return t.id
  }))
  return topicDetail(deps, actor, id)
}

/**
 * GET /consultations: managers see every topic of their communities; residents the public topics
 * of their communities whose audience includes their household, and their own proposals. Scope in SQL.
 */
export async function listTopics(deps: Deps, actor: Actor, q: z.output<typeof TopicListQuery>) {
  const cursor = decodeCursor(q.cursor)
  const r = actor.residence
  const managed = hasRole(actor, 'admin') ? undefined : roleScope(actor, 'committee').communityIds
  const or: Prisma.ConsultationTopicWhereInput[] = managed === undefined ? [{}] : [
    ...(managed.length ? [{ communityId: { in: managed } }] : []),
    ...(r.communityIds.length ? [{
      communityId: { in: r.communityIds }, state: { not: 'proposed' as const },
      OR: [
        { audience: 'community' as const },
        { audience: 'grids' as const, targets: { some: { gridId: { in: r.gridIds } } } },
        { audience: 'buildings' as const, targets: { some: { buildingId: { in: r.buildingIds } } } },
      ],
    }, { createdById: actor.id }] : []),
  ]
  if (!or.length) return { data: [], page: { nextCursor: null } }
  const rows = await deps.db.consultationTopic.findMany({
    where: { AND: [{ OR: or }, q.state ? { state: q.state } : {}, q.communityId ? { communityId: q.communityId } : {}, cursor !== undefined ? { id: { lt: cursor } } : {}] },
    orderBy: { id: 'desc' }, take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  return { data: items.map(presentTopic), page }
}

/** GET /consultations/:id: the topic, counts, my support and the caller's buttons. */
export async function topicDetail(deps: Deps, actor: Actor, id: number) {
  const t = await loadVisible(deps, actor, id)
  const mine = await deps.db.consultationSupport.findUnique({ where: { topicId_userId: { topicId: id, userId: actor.id } }, select: { userId: true } })
  const now = deps.now()
  return presentTopicDetail(actor, t, now, !!mine, fileUrls(deps.config, now))
}

/**
 * POST /consultations/:id/support: once per resident of the audience while it gathers support.
 * The counter moves first (locking the topic: parallel supports queue there), then the support row
 * is inserted (its key refuses a second one, rolling the increment back); the support reaching the
 * threshold opens the topic for discussion in the same transaction, announced to the audience.
 */
export async function supportTopic(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  const t = await loadVisible(deps, actor, id)
  if (!inAudience(actor, t)) throw forbidden('只有议题所涉及的居民可以支持')
  requireState(t, 'gathering', '支持')
  const now = deps.now()
  if (t.supportDeadline && t.supportDeadline <= now) throw conflict('SUPPORT_CLOSED', '征集支持的期限已过')
  await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const moved = await tx.consultationTopic.updateMany({ where: { id, state: 'gathering' }, data: { supportCount: { increment: 1 } } })
    if (moved.count !== 1) {
      const current = await tx.consultationTopic.findUniqueOrThrow({ where: { id }, select: { state: true } })
      requireState(current, 'gathering', '支持')
    }
    try {
      await tx.consultationSupport.create({ data: { topicId: id, userId: actor.id, createdAt: now } })
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict('ALREADY_SUPPORTED', '您已经支持过这个议题')
      throw e
    }
    const after = await tx.consultationTopic.findUniqueOrThrow({ where: { id }, select: { supportCount: true, supportThreshold: true } })
    if (after.supportThreshold !== null && after.supportCount >= after.supportThreshold) {
      await tx.consultationTopic.update({ where: { id }, data: { state: 'discussion', discussionStartsAt: now, stateChangedAt: now, version: { increment: 1 } } })
      await announceState(tx, deps, t, 'discussion', now)
    }
    await audit(tx, { actor, action: 'consultation.support', resourceType: 'consultation', resourceId: id, result: 'success', details: { count: after.supportCount } }, origin)
  }))
  const d = await topicDetail(deps, actor, id)
  return { supportCount: d.supportCount, supportThreshold: d.supportThreshold, state: d.state, stateLabel: d.stateLabel, mySupport: d.mySupport }
}
