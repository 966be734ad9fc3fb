import { z } from 'zod'
import { hasRole } from '../../core/actor.ts'
import { forbidden } from '../../core/errors.ts'
import { ApiRoutes } from '../../http/route.ts'
import { messagePage } from './message.page.ts'
import { presentOutboxItem, presentSubscriptions } from './message.presenter.ts'
import { MarkReadBody, MessageListQuery, MessageView, OutboxQuery, OutboxView, SubscriptionBody, SubscriptionView } from './message.schema.ts'
import { listOutbox, listSubscriptions, markRead, recordSubscriptions, unreadCount } from './message.service.ts'

const tags = ['消息 messages']

/** The message centre, subscribe-message grants, and the delivery queue for admins. */
export function messageRoutes() {
  const r = new ApiRoutes('/api/v1')

  r.get('/messages', { summary: '我的消息', tags, query: MessageListQuery, response: z.array(MessageView), paginated: true },
    async (ctx, { actor, query }) => messagePage(ctx.deps, actor, query))

  r.get('/messages/unread-count', { summary: '未读消息数', tags, response: z.object({ count: z.number().int() }) },
    async (ctx, { actor }) => ({ data: await unreadCount(ctx.deps, actor) }))

  r.post('/messages/read', { summary: '标记已读（ids 或 all）', tags, body: MarkReadBody, response: z.object({ updated: z.number().int() }) },
    async (ctx, { actor, body }) => ({ data: await markRead(ctx.deps, actor, body) }))

  r.get('/subscriptions', { summary: '订阅消息模板及我已授权的次数', tags, response: SubscriptionView },
    async (ctx, { actor }) => {
      const { templates, grants } = await listSubscriptions(ctx.deps, actor)
      return { data: presentSubscriptions(templates, grants) }
    })

  r.post('/subscriptions', { summary: '上报 wx.requestSubscribeMessage 的结果', tags, body: SubscriptionBody, response: SubscriptionView },
    async (ctx, { actor, body }) => {
      const { templates, grants } = await recordSubscriptions(ctx.deps, actor, body.results)
      return { data: presentSubscriptions(templates, grants) }
    })

  r.get('/admin/outbox', { summary: '消息发送队列（管理员；默认列出失败的）', tags, query: OutboxQuery, response: z.array(OutboxView), paginated: true },
    async (ctx, { actor, query }) => {
      if (!hasRole(actor, 'admin')) throw forbidden('只有管理员可以查看发送队列')
      const { items, page } = await listOutbox(ctx.deps, query)
      return { data: items.map(presentOutboxItem), page }
    })

  return r
}
