import { hasRole, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { conflict, forbidden, notFound } from '../../core/errors.ts'
import { authorize } from '../../core/policy.ts'
import { bumpSessionVersion, revokeFamilies } from '../auth/session.service.ts'
import { accountPolicy } from './user.policy.ts'

const select = { id: true, username: true, displayName: true, status: true } as const

/**
 * Disables or re-enables an account. Disabling ends every session at once: the session version
 * is bumped (access tokens in hand stop working) and every refresh-token family is revoked.
 */
export async function setAccountStatus(deps: Deps, actor: Actor, id: number, action: 'disable' | 'enable', reason: string, origin: AuditOrigin) {
  // Only administrators learn whether an account exists.
  if (!hasRole(actor, 'admin')) throw forbidden('只有系统管理员可以管理账号')
  const u = await deps.db.user.findUnique({ where: { id }, select })
  if (!u || u.status === 'deleted') throw notFound('账号')
  authorize(actor, accountPolicy[action], { id: u.id, status: u.status })
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.user.updateMany({
      where: { id, status: action === 'disable' ? 'active' : 'disabled' },
      data: { status: action === 'disable' ? 'disabled' : 'active' },
    })
    if (changed.count !== 1) throw conflict('ACCOUNT_STATE_CHANGED', '该账号的状态已被他人修改')
    if (action === 'disable') {
      await bumpSessionVersion(tx, id)
      await revokeFamilies(tx, id, 'disabled', now)
    }
    await audit(tx, { actor, action: `account.${action}`, resourceType: 'user', resourceId: id, result: 'success', details: { reason } }, origin)
  })
  deps.caches.actors.delete(id)
  return deps.db.user.findUniqueOrThrow({ where: { id }, select })
}
