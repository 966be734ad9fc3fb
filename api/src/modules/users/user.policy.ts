import { hasRole } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

export type AccountRecord = { id: number; status: 'active' | 'disabled' | 'deleted' }

/** Who may change an account's state: administrators, never on their own account. */
export const accountPolicy = {
  disable: ((actor, u) => {
    if (!hasRole(actor, 'admin')) return '只有系统管理员可以停用账号'
    if (u.id === actor.id) return '不能停用自己的账号'
    return u.status === 'active' || '该账号不是启用状态'
  }) as Policy<AccountRecord>,
  enable: ((actor, u) => {
    if (!hasRole(actor, 'admin')) return '只有系统管理员可以启用账号'
    return u.status === 'disabled' || '该账号不是停用状态'
  }) as Policy<AccountRecord>,
}
