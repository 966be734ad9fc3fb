import type { z } from 'zod'
import type { MessageView, OutboxView, SubscriptionView } from './message.schema.ts'

/**
 * A message as the message centre's statement returns it (message.service.ts): the 64-bit id as
 * text, `is_read` as 0/1 and `created_at` formatted by the database as UTC `YYYY-MM-DDTHH:MM:SS.ffffff`,
 * so that twenty rows a request cost no Date or BigInt objects.
 */
export type MessageRow = { id: string; kind: string; title: string; body: string; link: string | null; is_read: number; created_at: string }

type OutboxRow = {
  id: bigint; kind: string; userId: number; templateKey: string; status: string; attempts: number; lastError: string | null
  nextAttemptAt: Date; createdAt: Date; sentAt: Date | null; attemptedAt: Date | null
}

/** One message of the message centre. */
export function presentMessage(m: MessageRow): z.output<typeof MessageView> {
  return { id: m.id, kind: m.kind, title: m.title, body: m.body, link: m.link, isRead: m.is_read === 1, createdAt: `${m.created_at.slice(0, 23)}Z` }
}

/** Every configured subscribe-message template with the sends the caller has granted (0 when none). */
export function presentSubscriptions(
  templates: [key: string, template: { id: string; title: string }][],
  grants: { templateId: string; remaining: number }[],
): z.output<typeof SubscriptionView> {
  const remaining = new Map(grants.map((g) => [g.templateId, g.remaining]))
  return templates.map(([key, t]) => ({ key, templateId: t.id, title: t.title, remaining: remaining.get(t.id) ?? 0 }))
}

/**
 * One row of the delivery queue for admins. A failed row with an attempt and no result is an
 * unknown outcome: WeChat may have delivered it, so it is never re-sent.
 */
export function presentOutboxItem(o: OutboxRow): z.output<typeof OutboxView> {
  return {
    id: o.id.toString(), kind: o.kind, userId: o.userId, templateKey: o.templateKey, status: o.status, attempts: o.attempts,
    lastError: o.lastError, nextAttemptAt: o.nextAttemptAt.toISOString(), createdAt: o.createdAt.toISOString(), sentAt: o.sentAt?.toISOString() ?? null,
    attemptedAt: o.attemptedAt?.toISOString() ?? null, unknownOutcome: o.status === 'failed' && o.attemptedAt !== null,
  }
}
