import type { z } from 'zod'
import type { DemoAccount, PasswordLoginView, TokenPair, UserSummary } from './auth.schema.ts'
import { isStaffRoles, userPolicies } from '../me/me.policy.ts'

type UserRow = { id: number; displayName: string; roles: { role: string }[] }

/** An issued session: the tokens and the user they were issued to. */
export type IssuedSession = { accessToken: string; refreshToken: string; expiresIn: number; user: UserRow }

/** The user as every login response shows it: each role once, whether any of them is staff, and what the client offers them. */
export function presentUserSummary(user: UserRow): z.output<typeof UserSummary> {
  const roles = [...new Set(user.roles.map((r) => r.role))]
  return { id: user.id, displayName: user.displayName, roles, isStaff: isStaffRoles(roles), policies: userPolicies(roles) }
}

/** The answer of a login, refresh or password change: the tokens and the user's summary, nothing else of the row. */
export function presentSession(s: IssuedSession): z.output<typeof TokenPair> {
  return { accessToken: s.accessToken, refreshToken: s.refreshToken, expiresIn: s.expiresIn, user: presentUserSummary(s.user) }
}

/** A password login's answer: the session plus the device token to send with this device's next login. */
export function presentPasswordLogin(s: IssuedSession & { deviceToken: string }): z.output<typeof PasswordLoginView> {
  return { ...presentSession(s), deviceToken: s.deviceToken }
}

/** One entry of the H5 demo account picker (the picker groups staff apart from residents). */
export function presentDemoAccount(u: { username: string | null; displayName: string; roles: { role: string }[] }): z.output<typeof DemoAccount> {
  const roles = [...new Set(u.roles.map((r) => r.role))]
  return { username: u.username ?? '', displayName: u.displayName, roles, isStaff: isStaffRoles(roles) }
}
