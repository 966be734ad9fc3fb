import type { z } from 'zod'
import type { MessageView, OutboxView, SubscriptionView } from './message.schema.ts'

type MessageRow = { id: bigint; kind: string; title: string; body: string; link: string | null; readAt: Date | null; createdAt: Date }

type OutboxRow = {
  id: bigint; kind: string; userId: number; templateKey: string; status: string; attempts: number; lastError: string | null
  nextAttemptAt: Date; createdAt: Date; sentAt: Date | null; attemptedAt: Date | null
}

/** One message of the message centre. */
export function presentMessage(m: MessageRow): z.output<typeof MessageView> {
  return { id: m.id.toString(), kind: m.kind, title: m.title, body: m.body, link: m.link, isRead: m.readAt !== null, createdAt: m.createdAt.toISOString() }
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
