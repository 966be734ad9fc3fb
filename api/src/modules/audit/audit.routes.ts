import { z } from 'zod'
import { hasRole } from '../../core/actor.ts'
import { forbidden } from '../../core/errors.ts'
import { ApiRoutes } from '../../http/route.ts'
import { presentAuditLog } from './audit.presenter.ts'
import { AuditQuery, AuditView } from './audit.schema.ts'
import { listAuditLogs } from './audit.service.ts'

/** The audit trail, read-only, for auditors and admins (it holds ids, never personal data values). */
export function auditRoutes() {
  const r = new ApiRoutes('/api/v1')
  r.get('/audit-logs', { summary: '审计日志（审计员、管理员）', tags: ['审计 audit'], query: AuditQuery, response: z.array(AuditView), paginated: true },
    async (ctx, { actor, query }) => {
      if (!hasRole(actor, 'auditor', 'admin')) throw forbidden('只有审计员和管理员可以查看审计日志')
      const { items, page } = await listAuditLogs(ctx.deps, query)
      return { data: items.map(presentAuditLog), page }
    })
  return r
}
