import { Prisma } from '../../generated/prisma/client.ts'
import type { Config } from '../../config.ts'
import type { Db, Tx } from '../../core/db.ts'
import { queueSubscribeMessages } from '../messages/message.notify.ts'
import { bumpFeedVersion } from './notice.feed.ts'

export const NOTICE_MESSAGE_KIND = 'notice.published'
/** The mini-program page a notice message opens. */
export const noticeLink = (id: number) => `/packages/notices/detail/index?id=${id}`

type Targeted = { id: number; communityId: number; targetType: 'community' | 'grids' | 'buildings' }

/** SQL condition on households `h` for "this household is in the notice's target". */
export function householdTarget(n: Targeted): Prisma.Sql {
  if (n.targetType === 'grids') {
    return Prisma.sql`h.community_id = ${n.communityId} AND h.grid_id IN (SELECT t.grid_id FROM notice_targets t WHERE t.notice_id = ${n.id} AND t.grid_id IS NOT NULL)`
  }
  if (n.targetType === 'buildings') {
    return Prisma.sql`h.community_id = ${n.communityId} AND h.building_id IN (SELECT t.building_id FROM notice_targets t WHERE t.notice_id = ${n.id} AND t.building_id IS NOT NULL)`
  }
  return Prisma.sql`h.community_id = ${n.communityId}`
}

/**
 * The fan-out of a notice that has just become published, inside the publishing transaction: one
 * message per resident of the targeted households, and — for those who granted the notice
 * template — one outbox row for the WeChat subscribe message, sent after commit by the outbox
 * sender. Unique keys make a repeated fan-out a no-op.
 */
export async function fanOutNotice(tx: Tx, config: Config, noticeId: number, now: Date): Promise<void> {
  const n = await tx.notice.findUniqueOrThrow({
    where: { id: noticeId },
    select: { id: true, communityId: true, targetType: true, title: true, summary: true, importance: true, publishAt: true, community: { select: { name: true } } },
  })
  const title = n.title.slice(0, 100)
  const body = `${n.community.name}${n.importance === 'important' ? '发布了重要公告' : '发布了公告'}：${n.summary}`.slice(0, 500)
  const link = noticeLink(n.id)
  await tx.$executeRaw`INSERT IGNORE INTO messages (user_id, kind, title, body, link, resource_type, resource_id, created_at)
    SELECT DISTINCT b.user_id, ${NOTICE_MESSAGE_KIND}, ${title}, ${body}, ${link}, 'notice', ${String(n.id)}, ${now}
    FROM household_bindings b JOIN households h ON h.id = b.household_id
    WHERE b.status = 'approved' AND ${householdTarget(n)}`
  await queueSubscribeMessages(tx, config, { kind: NOTICE_MESSAGE_KIND, resourceType: 'notice', resourceId: String(n.id) }, 'notice', {
    title: n.title, publishedAt: (n.publishAt ?? now).toISOString(), publisher: n.community.name, summary: n.summary, page: link.slice(1),
  }, now)
  await bumpFeedVersion(tx, n.communityId, now)
}

/**
 * Publishes scheduled notices whose time has come (status and fan-out). Rows are claimed with
 * FOR UPDATE SKIP LOCKED, so several instances can run this at once without double work.
 */
export async function publishDueNotices(db: Db, config: Config, now: Date, batch = 20): Promise<number> {
  let total = 0
  for (;;) {
    const n = await db.$transaction(async (tx) => {
      const due = await tx.$queryRaw<{ id: number }[]>`SELECT id FROM notices
        WHERE status = 'scheduled' AND publish_at <= ${now} ORDER BY publish_at LIMIT ${batch} FOR UPDATE SKIP LOCKED`
      for (const { id } of due) {
        await tx.notice.update({ where: { id }, data: { status: 'published', publishedAt: now } })
        await fanOutNotice(tx, config, id, now)
      }
      return due.length
    })
    total += n
    if (n < batch) return total
  }
}
