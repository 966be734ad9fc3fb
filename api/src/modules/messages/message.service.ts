import type { RowDataPacket } from 'mysql2'
import type { z } from 'zod'
import { Prisma } from '../../generated/prisma/client.ts'
import type { Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import { rawSql, type DbOrTx } from '../../core/db.ts'
import { invalid } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import type { MessageRow } from './message.presenter.ts'
import type { MarkReadBody, MessageListQuery, OutboxQuery } from './message.schema.ts'

/**
 * The message centre's page statement, by its two options (prepared once each; the limit is a
 * checked integer). It orders by `messages.id`: a bare `id` would mean the text alias.
 */
const listSql = (unread: boolean, after: boolean, limit: number) => `SELECT CAST(id AS CHAR) AS id, kind, title, body, link, read_at IS NOT NULL AS is_read,
    DATE_FORMAT(created_at, '%Y-%m-%dT%H:%i:%s.%f') AS created_at
  FROM messages WHERE user_id = ?${unread ? ' AND read_at IS NULL' : ''}${after ? ' AND id < ?' : ''}
  ORDER BY messages.id DESC LIMIT ${Math.trunc(limit)}`

/**
 * The caller's messages, newest first: one page of rows (as message.presenter.ts takes them) and
 * the next cursor. Both reads of the message centre run on every start of the mini-program: one
 * prepared statement each, on the (user_id, id) and (user_id, read_at) indexes.
 */
export async function listMessages(deps: Deps, actor: Actor, q: z.output<typeof MessageListQuery>) {
  const cursor = decodeCursor(q.cursor)
  const params: (number | string)[] = cursor === undefined ? [actor.id] : [actor.id, String(cursor)]
  const [rows] = await deps.sql.execute<(MessageRow & RowDataPacket)[]>(listSql(Boolean(q.unread), cursor !== undefined, q.limit + 1), params)
  return pageOf(rows, q.limit)
}

/** How many of the caller's messages are unread (index on user_id, read_at). */
export async function unreadCount(deps: Deps, actor: Actor) {
  const [row] = await rawSql(deps.sql).$queryRaw<{ n: number | string }[]>`SELECT COUNT(*) AS n FROM messages WHERE user_id = ${actor.id} AND read_at IS NULL`
  return { count: Number(row.n) }
}

/** Marks some or all of the caller's messages read; others' ids are simply not touched. */
export async function markRead(deps: Deps, actor: Actor, body: z.output<typeof MarkReadBody>) {
  const now = deps.now()
  const where = 'all' in body ? { userId: actor.id, readAt: null } : { userId: actor.id, readAt: null, id: { in: body.ids.map((id) => BigInt(id)) } }
  const r = await deps.db.message.updateMany({ where, data: { readAt: now } })
  return { updated: r.count }
}

/** The configured subscribe-message templates and the caller's grants among them. */
export async function listSubscriptions(deps: Deps, actor: Actor) {
  const templates = Object.entries(deps.config.subscribeTemplates)
  const grants = await deps.db.subscriptionGrant.findMany({
    where: { userId: actor.id, templateId: { in: templates.map(([, t]) => t.id) } },
    select: { templateId: true, remaining: true },
  })
  return { templates, grants }
}

/**
 * Records what wx.requestSubscribeMessage answered. Each `accept` of a one-time template allows one
 * send, so grants are counted; `ban` (the user turned the template off) clears them.
 */
export async function recordSubscriptions(deps: Deps, actor: Actor, results: Record<string, 'accept' | 'reject' | 'ban' | 'filter'>) {
  const known = new Set(Object.values(deps.config.subscribeTemplates).map((t) => t.id))
  for (const templateId of Object.keys(results)) {
    if (!known.has(templateId)) throw invalid(`results.${templateId}`, '不是本小程序配置的订阅消息模板')
  }
  const now = deps.now()
  for (const [templateId, result] of Object.entries(results)) {
    const accepted = result === 'accept' ? 1 : 0
    await deps.db.$executeRaw`INSERT INTO subscription_grants (user_id, template_id, remaining, accepted_total, rejected_total, updated_at)
      VALUES (${actor.id}, ${templateId}, ${accepted}, ${accepted}, ${1 - accepted}, ${now})
      ON DUPLICATE KEY UPDATE
        remaining = IF(${result} = 'ban', 0, remaining + ${accepted}),
        accepted_total = accepted_total + ${accepted},
        rejected_total = rejected_total + ${1 - accepted},
        updated_at = VALUES(updated_at)`
  }
  return listSubscriptions(deps, actor)
}

/**
 * Puts one message in a person's message centre. Call it inside the transaction of the event, so
 * the message exists exactly when the event does; the unique key (user, kind, resource) makes a
 * repeat a no-op.
 */
export async function notify(
  tx: DbOrTx,
  m: { userId: number; kind: string; title: string; body: string; link: string | null; resourceType: string; resourceId: string | number; now: Date },
): Promise<void> {
  await tx.$executeRaw`INSERT IGNORE INTO messages (user_id, kind, title, body, link, resource_type, resource_id, created_at)
    VALUES (${m.userId}, ${m.kind}, ${m.title.slice(0, 100)}, ${m.body.slice(0, 500)}, ${m.link}, ${m.resourceType}, ${String(m.resourceId)}, ${m.now})`
}

/** One page of the delivery queue (newest first) in one status; admins only (checked by the route). */
export async function listOutbox(deps: Deps, q: z.output<typeof OutboxQuery>) {
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.outboxItem.findMany({
    where: { status: q.status, ...(q.unknownOutcome ? { attemptedAt: { not: null } } : {}), ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  return pageOf(rows, q.limit)
}
