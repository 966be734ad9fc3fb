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
