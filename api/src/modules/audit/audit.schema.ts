import { z } from 'zod'
import { PageQuery } from '../../http/schemas.ts'

/** `GET /audit-logs` filters; each narrows the trail, none is required. */
export const AuditQuery = PageQuery.extend({
  action: z.string().max(64).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  resourceType: z.string().max(32).optional(),
  resourceId: z.string().max(64).optional(),
}).strict()

export const AuditView = z.object({
  id: z.string(), at: z.string(), actorId: z.number().int().nullable(), actorRole: z.string().nullable(), action: z.string(),
  resourceType: z.string().nullable(), resourceId: z.string().nullable(), result: z.string(), ip: z.string().nullable(),
  requestId: z.string().nullable(), details: z.unknown(),
})
