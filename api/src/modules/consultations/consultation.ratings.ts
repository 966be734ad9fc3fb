import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { retryDeadlock, type DbOrTx, type RawTx } from '../../core/db.ts'
import { conflict, forbidden, isUniqueViolation } from '../../core/errors.ts'
import { maskName } from '../../core/pii.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { assertNotRefused, moderateText } from '../moderation/moderation.ts'
import { audienceUserIds, topicLink } from './consultation.announce.ts'
import { inAudience, requireState } from './consultation.policy.ts'
import { RATING_FROM_DB, RATING_LABELS, RATING_TO_DB, RATINGS, type RatingBody } from './consultation.outcome.schema.ts'
import { loadVisible } from './consultation.service.ts'

/**
 * When a topic is completed (inside that change's transaction): everyone of its audience who took
 * part — supported it, gave an opinion or cast a ballot — is asked in the message centre to rate it.
 */
export async function askToRate(tx: RawTx, deps: Deps, t: { id: number; title: string }, now: Date) {
  const rows = await tx.$queryRaw<{ user_id: number }[]>(Prisma.sql`
    SELECT user_id FROM consultation_supports WHERE topic_id = ${t.id}
    UNION SELECT author_id FROM consultation_opinions WHERE topic_id = ${t.id} AND official = false AND status <> 'deleted'
    UNION SELECT user_id FROM consultation_ballots WHERE topic_id = ${t.id}`)
  const audience = new Set(await audienceUserIds(tx, t.id))
  const userIds = rows.map((r) => Number(r.user_id)).filter((u) => audience.has(u))
  await notifyUsers(tx, deps.config, {
    kind: 'consultation_rating', resourceType: 'consultation', resourceId: `${t.id}:rate`, userIds,
    title: `请评价议题「${t.title}」的落实情况`.slice(0, 100),
    body: '您参与过这个议题，议定事项已全部完成。请在议题页面选择「满意」「基本满意」或「不满意」，也可以写几句话。',
    link: topicLink(t.id), templateKey: 'consultation', payload: { title: t.title, state: '请评价', time: now.toISOString() }, now,
  })
}

/** Counts per rating, the satisfaction rate, the caller's own rating, and (to staff) the comments with masked authors. */
export async function ratingSummary(db: DbOrTx, actor: Actor, topicId: number, staff: boolean) {
  const [groups, mine, comments] = await Promise.all([
    db.consultationRating.groupBy({ by: ['satisfaction'], where: { topicId }, _count: { _all: true } }),
    db.consultationRating.findUnique({ where: { topicId_userId: { topicId, userId: actor.id } } }),
    staff
      ? db.consultationRating.findMany({ where: { topicId, comment: { not: '' } }, include: { user: { select: { displayName: true } } }, orderBy: { createdAt: 'desc' }, take: 200 })
      : Promise.resolve([]),
  ])
  const count = (r: keyof typeof RATING_TO_DB) => groups.find((g) => g.satisfaction === RATING_TO_DB[r])?._count._all ?? 0
  const total = groups.reduce((n, g) => n + g._count._all, 0)
  const pleased = count('satisfied') + count('basic')
  return {
    total,
    counts: RATINGS.map((rating) => ({ rating, label: RATING_LABELS[rating], count: count(rating) })),
    satisfactionRate: total ? Math.round((pleased * 1000) / total) / 10 : null,
    mine: mine ? { rating: RATING_FROM_DB[mine.satisfaction], label: RATING_LABELS[RATING_FROM_DB[mine.satisfaction]], comment: mine.comment } : null,
    comments: comments.map((c) => ({
      rating: RATING_FROM_DB[c.satisfaction], label: RATING_LABELS[RATING_FROM_DB[c.satisfaction]], comment: c.comment,
      author: maskName(c.user.displayName), createdAt: c.createdAt.toISOString(),
    })),
  }
}

/**
 * POST /consultations/:id/ratings: once per resident of the audience after completion (the key
 * topic × user refuses a second one, also at once). A comment goes through content security
 * (refused: 422 naming `comment`); comments are read by staff only.
 */
export async function rateTopic(deps: Deps, actor: Actor, id: number, input: z.output<typeof RatingBody>, origin: AuditOrigin) {
  const t = await loadVisible(deps, actor, id)
  if (!inAudience(actor, t)) throw forbidden('只有议题所涉及的居民可以评价')
  requireState(t, 'completed', '评价')
  if (input.comment) assertNotRefused(await moderateText(deps, { userId: actor.id, text: input.comment, scene: 'comment' }), 'comment')
  try {
    await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
      await tx.consultationRating.create({ data: { topicId: id, userId: actor.id, satisfaction: RATING_TO_DB[input.rating], comment: input.comment, createdAt: deps.now() } })
      await audit(tx, { actor, action: 'consultation.rate', resourceType: 'consultation', resourceId: id, result: 'success', details: { rating: input.rating } }, origin)
    }))
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('ALREADY_RATED', '您已经评价过这个议题了')
    throw e
  }
}
