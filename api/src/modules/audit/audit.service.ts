import type { z } from 'zod'
import type { Deps } from '../../core/context.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import type { AuditQuery } from './audit.schema.ts'

/** One page of the audit trail, newest first, narrowed by the given filters (access is checked by the route). */
export async function listAuditLogs(deps: Deps, q: z.output<typeof AuditQuery>) {
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.auditLog.findMany({
    where: {
      ...(q.action ? { action: q.action } : {}),
      ...(q.actorId ? { actorId: q.actorId } : {}),
      ...(q.resourceType ? { resourceType: q.resourceType } : {}),
      ...(q.resourceId ? { resourceId: q.resourceId } : {}),
      ...(cursor ? { id: { lt: BigInt(cursor) } } : {}),
    },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  return pageOf(rows, q.limit)
}
