import type { Actor } from '../../core/actor.ts'
import { accountPolicy } from './user.policy.ts'

type AccountRow = { id: number; username: string | null; displayName: string; status: string }

/** An account as administrators see it (no personal data), with what the caller may do to it. */
export function presentAccount(u: AccountRow, actor: Actor) {
  const record = { id: u.id, status: u.status as 'active' | 'disabled' | 'deleted' }
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    status: record.status,
    policies: { disable: accountPolicy.disable(actor, record) === true, enable: accountPolicy.enable(actor, record) === true },
  }
}
