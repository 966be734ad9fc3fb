import { hasRole } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

/** Who may read and maintain the working calendar (not tied to a record). */
export const calendarPolicy = {
  /** Every staff member may read it: deadlines are computed on it. */
  view: ((actor) => actor.roles.some((r) => r !== 'resident') || '只有工作人员可以查看工作日历') as Policy<null>,
  /** Only system administrators change it. */
  manage: ((actor) => hasRole(actor, 'admin') || '只有系统管理员可以维护工作日历') as Policy<null>,
}
