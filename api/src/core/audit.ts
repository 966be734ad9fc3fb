import type { Prisma } from '../generated/prisma/client.ts'
import type { Actor } from './actor.ts'
import type { RawTx } from './db.ts'

export type AuditEntry = {
  actor?: Pick<Actor, 'id' | 'roles'> | { id: number; roles?: string[] } | null
  action: string
  resourceType?: string
  resourceId?: string | number | bigint
  result: 'success' | 'failure' | 'denied'
  details?: Prisma.InputJsonValue
}

export type AuditOrigin = { ip: string | null; userAgent: string | null; requestId: string }

/**
 * Appends one row to the audit trail (who, what, when, from where, result). Called inside the
 * same transaction as the change it records where there is one; the table refuses updates.
 */
export async function audit(db: RawTx, entry: AuditEntry, origin: AuditOrigin): Promise<void> {
  // One raw INSERT (an ORM create costs four round trips); `at` is the real time, as before.
  const actorRole = entry.actor?.roles?.join(',').slice(0, 32) || null
  const resourceId = entry.resourceId === undefined ? null : String(entry.resourceId)
  // Header-derived values are cut to their columns: no request can make the row fail.
  const ip = origin.ip?.slice(0, 45) ?? null
  const userAgent = origin.userAgent ? Array.from(origin.userAgent).slice(0, 255).join('') : null
  const requestId = origin.requestId?.slice(0, 64) ?? null
  const details = entry.details === undefined ? null : JSON.stringify(entry.details)
  await db.$executeRaw`INSERT INTO audit_logs (at, actor_id, actor_role, action, resource_type, resource_id, result, ip, user_agent, request_id, details)
    VALUES (${new Date()}, ${entry.actor?.id ?? null}, ${actorRole}, ${entry.action}, ${entry.resourceType ?? null}, ${resourceId}, ${entry.result},
      ${ip}, ${userAgent}, ${requestId}, ${details})`
}
