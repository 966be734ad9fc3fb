import type { Config } from '../../config.ts'
import type { RawTx } from '../../core/db.ts'
import { Prisma } from '../../generated/prisma/client.ts'

/** Which message-centre entries a delivery is about: one kind of one resource. */
export type MessageKey = { kind: string; resourceType: string; resourceId: string }

/**
 * Queues the WeChat subscribe message of `templateKey` for every message-centre entry of `key`
 * whose user has a WeChat openid and a grant left for the template: one outbox row each, sent after
 * commit by the outbox sender. Nothing when the template is not configured. Unique keys make a
 * repeat a no-op. Inside the transaction that wrote the messages.
 */
export async function queueSubscribeMessages(
  tx: RawTx, config: Config, key: MessageKey, templateKey: string, payload: Record<string, unknown>, now: Date,
): Promise<void> {
  await queueSubscribeMessagesAll(tx, config, templateKey, [{ key, payload }], now)
}

/**
 * `queueSubscribeMessages` for several keys of one template in one statement (a report's filing
 * tells who must act and who is informed): each outbox row carries its own key's payload.
 */
export async function queueSubscribeMessagesAll(
  tx: RawTx, config: Config, templateKey: string, items: { key: MessageKey; payload: Record<string, unknown> }[], now: Date,
): Promise<void> {
  const template = config.subscribeTemplates[templateKey]
  if (!template || !items.length) return
  const match = (k: MessageKey) => Prisma.sql`(m.kind = ${k.kind} AND m.resource_type = ${k.resourceType} AND m.resource_id = ${k.resourceId})`
  const payload = items.length === 1
    ? Prisma.sql`${JSON.stringify(items[0].payload)}`
    : Prisma.sql`CASE ${Prisma.join(items.map((i) => Prisma.sql`WHEN ${match(i.key)} THEN ${JSON.stringify(i.payload)}`), ' ')} END`
  await tx.$executeRaw`INSERT IGNORE INTO outbox (kind, user_id, message_id, template_key, payload, status, attempts, next_attempt_at, created_at)
    SELECT 'wechat_subscribe', m.user_id, m.id, ${templateKey}, ${payload}, 'pending', 0, ${now}, ${now}
    FROM messages m
      JOIN users u ON u.id = m.user_id AND u.openid IS NOT NULL
      JOIN subscription_grants g ON g.user_id = m.user_id AND g.template_id = ${template.id} AND g.remaining > 0
    WHERE ${Prisma.join(items.map((i) => match(i.key)), ' OR ')}`
}

/**
 * Tells people something: one message-centre entry each (one per user and key, so a retried
 * transaction adds none) and, where they granted `templateKey`, a subscribe message after commit.
 * The payload's values fill the template's fields (see WECHAT_SUBSCRIBE_TEMPLATES); `page` is the
 * link without its leading slash. Inside the transaction of the change it tells about.
 */
export async function notifyUsers(
  tx: RawTx,
  config: Config,
  m: MessageKey & { userIds: number[]; title: string; body: string; link: string; templateKey: string; payload: Record<string, unknown>; now: Date },
): Promise<void> {
  const userIds = [...new Set(m.userIds)]
  if (!userIds.length) return
  const title = m.title.slice(0, 100)
  const body = m.body.slice(0, 500)
  const rows = userIds.map((userId) => Prisma.sql`(${userId}, ${m.kind}, ${title}, ${body}, ${m.link}, ${m.resourceType}, ${m.resourceId}, ${m.now})`)
  await tx.$executeRaw`INSERT IGNORE INTO messages (user_id, kind, title, body, link, resource_type, resource_id, created_at)
    VALUES ${Prisma.join(rows)}`
  await queueSubscribeMessages(tx, config, m, m.templateKey, { page: m.link.replace(/^\//, ''), ...m.payload }, m.now)
}
