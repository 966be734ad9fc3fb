import { z } from 'zod'
import { hasRole } from '../../core/actor.ts'
import { forbidden } from '../../core/errors.ts'
import { decodeCursor, encodeCursor } from '../../core/pagination.ts'
import { PageQuery } from '../../http/schemas.ts'
import { ApiRoutes } from '../../http/route.ts'

const AuditQuery = PageQuery.extend({
  action: z.string().max(64).optional(),
  actorId: z.coerce.number().int().positive().optional(),
  resourceType: z.string().max(32).optional(),
  resourceId: z.string().max(64).optional(),
}).strict()

const AuditView = z.object({
  id: z.string(), at: z.string(), actorId: z.number().int().nullable(), actorRole: z.string().nullable(), action: z.string(),
  resourceType: z.string().nullable(), resourceId: z.string().nullable(), result: z.string(), ip: z.string().nullable(),
  requestId: z.string().nullable(), details: z.unknown(),
})

/** The audit trail, read-only, for auditors and admins (it holds ids, never personal data values). */
export function auditRoutes() {
  const r = new ApiRoutes('/api/v1')
  r.get('/audit-logs', { summary: '审计日志（审计员、管理员）', tags: ['审计 audit'], query: AuditQuery, response: z.array(AuditView), paginated: true },
    async (ctx, { actor, query }) => {
      if (!hasRole(actor, 'auditor', 'admin')) throw forbidden('只有审计员和管理员可以查看审计日志')
      const cursor = decodeCursor(query.cursor)
      const rows = await ctx.deps.db.auditLog.findMany({
        where: {
          ...(query.action ? { action: query.action } : {}),
          ...(query.actorId ? { actorId: query.actorId } : {}),
          ...(query.resourceType ? { resourceType: query.resourceType } : {}),
          ...(query.resourceId ? { resourceId: query.resourceId } : {}),
          ...(cursor ? { id: { lt: BigInt(cursor) } } : {}),
        },
        orderBy: { id: 'desc' },
        take: query.limit + 1,
      })
      const items = rows.slice(0, query.limit)
      return {
        data: items.map((a) => ({
          id: a.id.toString(), at: a.at.toISOString(), actorId: a.actorId, actorRole: a.actorRole, action: a.action,
          resourceType: a.resourceType, resourceId: a.resourceId, result: a.result, ip: a.ip, requestId: a.requestId, details: a.details,
        })),
        page: { nextCursor: rows.length > query.limit ? encodeCursor(items[items.length - 1].id) : null },
      }
    })
  return r
}
