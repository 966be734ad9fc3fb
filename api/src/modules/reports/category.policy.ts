import { hasRole } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

/** Report categories are configured by system administrators; every signed-in user may list the active ones. */
export const categoryPolicy = {
  manage: ((actor) => hasRole(actor, 'admin') || '只有系统管理员可以维护诉求类别') as Policy<null>,
}
