import type { Prisma } from '../generated/prisma/client.ts'
import type { Actor } from './actor.ts'
import type { DbOrTx } from './db.ts'

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
export async function audit(db: DbOrTx, entry: AuditEntry, origin: AuditOrigin): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.roles?.join(',').slice(0, 32) || null,
      action: entry.action,
      resourceType: entry.resourceType ?? null,
      resourceId: entry.resourceId === undefined ? null : String(entry.resourceId),
      result: entry.result,
      // Header-derived values are cut to their columns: no request can make the row fail.
      ip: origin.ip?.slice(0, 45) ?? null,
      userAgent: origin.userAgent ? Array.from(origin.userAgent).slice(0, 255).join('') : null,
      requestId: origin.requestId?.slice(0, 64) ?? null,
      details: entry.details,
    },
  })
}
