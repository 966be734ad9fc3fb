import { z } from 'zod'
import { hasRole } from '../../core/actor.ts'
import { forbidden } from '../../core/errors.ts'
import { decodeCursor, encodeCursor } from '../../core/pagination.ts'
import { PageQuery } from '../../http/schemas.ts'
import { ApiRoutes } from '../../http/route.ts'
import { MarkReadBody, MessageListQuery, MessageView, SubscriptionBody, SubscriptionView } from './message.schema.ts'
import { listMessages, listSubscriptions, markRead, recordSubscriptions, unreadCount } from './message.service.ts'

const tags = ['消息 messages']

const OutboxQuery = PageQuery.extend({
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']).default('failed'),
  unknownOutcome: z.enum(['1', 'true']).optional().describe('only rows with an attempt and no result (with status=failed: sent at most once, outcome unknown)'),
}).strict()
const OutboxView = z.object({
  id: z.string(), kind: z.string(), userId: z.number().int(), templateKey: z.string(), status: z.string(), attempts: z.number().int(),
  lastError: z.string().nullable(), nextAttemptAt: z.string(), createdAt: z.string(), sentAt: z.string().nullable(),
  attemptedAt: z.string().nullable().describe('an attempt to send with no recorded result'),
  unknownOutcome: z.boolean().describe('failed after an attempt without a result: WeChat may have delivered it; never re-sent'),
})

/** The message centre, subscribe-message grants, and the delivery queue for admins. */
export function messageRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/messages', { summary: '我的消息', tags, query: MessageListQuery, response: z.array(MessageView), paginated: true },
    async (ctx, { actor, query }) => listMessages(ctx.deps, actor, query))

  r.get('/messages/unread-count', { summary: '未读消息数', tags, response: z.object({ count: z.number().int() }) },
    async (ctx, { actor }) => ({ data: await unreadCount(ctx.deps, actor) }))

  r.post('/messages/read', { summary: '标记已读（ids 或 all）', tags, body: MarkReadBody, response: z.object({ updated: z.number().int() }) },
    async (ctx, { actor, body }) => ({ data: await markRead(ctx.deps, actor, body) }))

  r.get('/subscriptions', { summary: '订阅消息模板及我已授权的次数', tags, response: SubscriptionView },
    async (ctx, { actor }) => ({ data: await listSubscriptions(ctx.deps, actor) }))

  r.post('/subscriptions', { summary: '上报 wx.requestSubscribeMessage 的结果', tags, body: SubscriptionBody, response: SubscriptionView },
    async (ctx, { actor, body }) => ({ data: await recordSubscriptions(ctx.deps, actor, body.results) }))

  r.get('/admin/outbox', { summary: '消息发送队列（管理员；默认列出失败的）', tags, query: OutboxQuery, response: z.array(OutboxView), paginated: true },
    async (ctx, { actor, query }) => {
      if (!hasRole(actor, 'admin')) throw forbidden('只有管理员可以查看发送队列')
      const cursor = decodeCursor(query.cursor)
      const rows = await ctx.deps.db.outboxItem.findMany({
        where: { status: query.status, ...(query.unknownOutcome ? { attemptedAt: { not: null } } : {}), ...(cursor ? { id: { lt: BigInt(cursor) } } : {}) },
        orderBy: { id: 'desc' },
        take: query.limit + 1,
      })
      const items = rows.slice(0, query.limit)
      return {
        data: items.map((o) => ({
          id: o.id.toString(), kind: o.kind, userId: o.userId, templateKey: o.templateKey, status: o.status, attempts: o.attempts,
          lastError: o.lastError, nextAttemptAt: o.nextAttemptAt.toISOString(), createdAt: o.createdAt.toISOString(), sentAt: o.sentAt?.toISOString() ?? null,
          attemptedAt: o.attemptedAt?.toISOString() ?? null, unknownOutcome: o.status === 'failed' && o.attemptedAt !== null,
        })),
        page: { nextCursor: rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null },
      }
    })

  return r
}
