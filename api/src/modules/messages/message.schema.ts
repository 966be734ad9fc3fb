import { z } from 'zod'
import { PageQuery } from '../../http/schemas.ts'

export const MessageListQuery = PageQuery.extend({ unread: z.enum(['1', 'true']).optional() }).strict()

export const MarkReadBody = z
  .union([
    z.object({ ids: z.array(z.string().regex(/^\d{1,19}$/, '消息 id 应为数字字符串')).min(1).max(100) }).strict(),
    z.object({ all: z.literal(true) }).strict(),
  ], { message: '须为 {ids: [...]} 或 {all: true}' })

export const MessageView = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable().describe('mini-program page to open'),
  isRead: z.boolean(),
  createdAt: z.string(),
})

export const SubscriptionBody = z
  .object({
    /** wx.requestSubscribeMessage's answer: templateId → accept | reject | ban | filter. */
    results: z.record(z.string().min(1).max(64), z.enum(['accept', 'reject', 'ban', 'filter'])).refine((r) => Object.keys(r).length > 0 && Object.keys(r).length <= 10, '至少1个、至多10个模板'),
  })
  .strict()

export const SubscriptionView = z.array(z.object({ key: z.string(), templateId: z.string(), title: z.string(), remaining: z.number().int() }))

/** `GET /admin/outbox`: one status (failed by default), optionally only the unknown outcomes. */
export const OutboxQuery = PageQuery.extend({
  status: z.enum(['pending', 'sending', 'sent', 'failed', 'skipped']).default('failed'),
  unknownOutcome: z.enum(['1', 'true']).optional().describe('only rows with an attempt and no result (with status=failed: sent at most once, outcome unknown)'),
}).strict()

export const OutboxView = z.object({
  id: z.string(), kind: z.string(), userId: z.number().int(), templateKey: z.string(), status: z.string(), attempts: z.number().int(),
  lastError: z.string().nullable(), nextAttemptAt: z.string(), createdAt: z.string(), sentAt: z.string().nullable(),
  attemptedAt: z.string().nullable().describe('an attempt to send with no recorded result'),
  unknownOutcome: z.boolean().describe('failed after an attempt without a result: WeChat may have delivered it; never re-sent'),
})
