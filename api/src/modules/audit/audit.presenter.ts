import type { z } from 'zod'
import type { AuditView } from './audit.schema.ts'

type AuditRow = {
  id: bigint; at: Date; actorId: number | null; actorRole: string | null; action: string; resourceType: string | null
  resourceId: string | null; result: string; ip: string | null; requestId: string | null; details: unknown
}

/** One audit entry as stored: ids and codes only, the trail never holds personal data values. */
export function presentAuditLog(a: AuditRow): z.output<typeof AuditView> {
  return {
    id: a.id.toString(), at: a.at.toISOString(), actorId: a.actorId, actorRole: a.actorRole, action: a.action,
    resourceType: a.resourceType, resourceId: a.resourceId, result: a.result, ip: a.ip, requestId: a.requestId, details: a.details,
  }
}
