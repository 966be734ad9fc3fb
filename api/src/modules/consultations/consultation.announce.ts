import type { Deps } from '../../core/context.ts'
import type { RawTx } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { STATE_LABELS, type TopicState } from './consultation.schema.ts'

/** The topic page in the mini-program. */
export const topicLink = (id: number) => `/packages/consultations/detail/index?id=${id}`

/**
 * `FROM … WHERE` of a topic's audience: approved bindings `b` to households `h` of its community,
 * narrowed to its grids or buildings when it has targets. Scope in SQL.
 */
export const audienceBindings = (topicId: number) => Prisma.sql`FROM consultation_topics t
      JOIN household_bindings b ON b.community_id = t.community_id AND b.status = 'approved'
      JOIN households h ON h.id = b.household_id
    WHERE t.id = ${topicId} AND (
      t.audience = 'community'
      OR (t.audience = 'grids' AND h.grid_id IN (SELECT grid_id FROM consultation_targets WHERE topic_id = t.id AND grid_id IS NOT NULL))
      OR (t.audience = 'buildings' AND h.building_id IN (SELECT building_id FROM consultation_targets WHERE topic_id = t.id AND building_id IS NOT NULL)))`

/** The residents a topic is for, one query. */
export async function audienceUserIds(tx: RawTx, topicId: number): Promise<number[]> {
  const rows = await tx.$queryRaw<{ user_id: number }[]>(Prisma.sql`SELECT DISTINCT b.user_id ${audienceBindings(topicId)}`)
  return rows.map((r) => Number(r.user_id))
}

const BODIES: Partial<Record<TopicState, string>> = {
  gathering: '有居民提出了这个议题，正在征集支持。您若赞同，请在议题页面点「支持」。',
  discussion: '议题已开放讨论，欢迎在议题页面发表您的意见。',
  voting: '议题进入表决，请在议题页面投票。',
  decided: '议题已议定，结果请在议题页面查看。',
  in_progress: '议定事项开始落实，进展会在议题页面更新。',
  completed: '议定事项已全部完成，请在议题页面查看并评价。',
  closed: '议题已关闭。',
  expired: '议题在期限内未达到所需支持人数，已结束征集。',
}

/**
 * Tells the topic's audience (and its proposer) that it moved to `state`, inside the change's
 * transaction: one message-centre entry each, and a subscribe message where granted.
 */
export async function announceState(
  tx: RawTx, deps: Deps, t: { id: number; title: string; createdById: number }, state: TopicState, now: Date, reason?: string | null,
) {
  const userIds = [...(await audienceUserIds(tx, t.id)), t.createdById]
  await notifyUsers(tx, deps.config, {
    kind: 'consultation_state', resourceType: 'consultation', resourceId: `${t.id}:${state}`,
    userIds, title: `议题「${t.title}」${STATE_LABELS[state]}`.slice(0, 100),
    body: `${BODIES[state] ?? ''}${reason ? `原因：${reason}` : ''}`, link: topicLink(t.id), templateKey: 'consultation',
    payload: { title: t.title, state: STATE_LABELS[state], time: now.toISOString() }, now,
  })
}
