import { randomBytes } from 'node:crypto'
import type { ResultSetHeader } from 'mysql2'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { randomToken, sha256 } from '../../core/crypto.ts'
import type { DbOrTx } from '../../core/db.ts'
import { unauthorized } from '../../core/errors.ts'
import { signAccessToken } from '../../core/tokens.ts'
import type { IssuedSession } from './auth.presenter.ts'

export type SessionUser = { id: number; displayName: string; sessionVersion: number; roles: { role: string }[] }

/** The select that loads what a session needs of a user. */
export const sessionUserSelect = { id: true, displayName: true, status: true, sessionVersion: true, roles: { select: { role: true } } } as const

/**
 * Issues an access token (at the user's session version) and a new refresh token. A login starts a
 * new token family; a refresh continues the family of the token it replaces.
 */
export async function issueSession(deps: Deps, user: SessionUser, familyId?: string): Promise<IssuedSession> {
  const refreshToken = randomToken(32)
  const token = {
    userId: user.id,
    tokenHash: sha256(refreshToken),
    expiresAt: new Date(deps.now().getTime() + deps.config.refreshTokenTtlDays * 86400_000),
  }
  if (familyId) await deps.db.refreshToken.create({ data: { ...token, familyId } })
  else await deps.db.refreshFamily.create({ data: { id: randomBytes(16).toString('hex'), userId: user.id, tokens: { create: token } } })
  return {
    accessToken: signAccessToken(deps.config, user.id, user.sessionVersion),
    refreshToken,
    expiresIn: deps.config.accessTokenTtlSeconds,
    user,
  }
}

/**
 * Ends every access token of a user issued before now (they carry the old session version).
 * Inside the caller's transaction; the caller drops the actor cache after commit.
 */
export async function bumpSessionVersion(db: DbOrTx, userId: number): Promise<void> {
  await db.user.update({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } })
}

/** Revokes token families of a user (all, or all but one), for a password change, disabling, deletion. */
export async function revokeFamilies(db: DbOrTx, userId: number, reason: string, now: Date, except?: string): Promise<void> {
  await db.refreshFamily.updateMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    data: { revokedAt: now, revokeReason: reason },
  })
}

/**
 * Rotates a refresh token. The presented token is consumed by one conditional update that also
 * requires its family not to be revoked (only one of two concurrent uses wins), and a new token of
 * the same family is issued. A token presented after it was used means someone holds a copy: the
 * family is revoked (a flag every refresh checks, so even a token a concurrent refresh is minting
 * right now is dead) and the user's session version is bumped (their access tokens end too).
 */
export async function refreshSession(deps: Deps, refreshToken: string, origin: AuditOrigin) {
  const { db, sql } = deps
  const now = deps.now()
  const tokenHash = Buffer.from(sha256(refreshToken))
  const [consumed] = await sql.query<ResultSetHeader>(
    `UPDATE refresh_tokens t JOIN refresh_families f ON f.id = t.family_id SET t.used_at = ?
     WHERE t.token_hash = ? AND t.used_at IS NULL AND t.expires_at > ? AND f.revoked_at IS NULL`,
    [now, tokenHash, now],
  )
  const row = await db.refreshToken.findUnique({ where: { tokenHash: Uint8Array.from(tokenHash) }, include: { family: true } })
  if (!row) throw unauthorized('登录已失效，请重新登录', 'INVALID_REFRESH_TOKEN')
  if (consumed.affectedRows === 0) {
    if (row.family.revokedAt) throw unauthorized('登录已失效，请重新登录', 'REFRESH_TOKEN_REVOKED')
    if (row.usedAt) {
      await db.$transaction(async (tx) => {
        await tx.refreshFamily.updateMany({ where: { id: row.familyId, revokedAt: null }, data: { revokedAt: now, revokeReason: 'reuse' } })
        await bumpSessionVersion(tx, row.userId)
        await audit(tx, { actor: { id: row.userId }, action: 'auth.refresh_reuse', result: 'denied', resourceType: 'refresh_family', resourceId: row.familyId }, origin)
      })
      deps.caches.actors.delete(row.userId)
      throw unauthorized('登录凭证已被使用过，为安全起见已退出所有相关登录', 'REFRESH_TOKEN_REUSED')
    }
    throw unauthorized('登录已过期，请重新登录', 'REFRESH_TOKEN_EXPIRED')
  }
  const user = await db.user.findUnique({ where: { id: row.userId }, select: sessionUserSelect })
  if (!user || user.status !== 'active') throw unauthorized('账号不存在或已停用', 'ACCOUNT_DISABLED')
  return issueSession(deps, user, row.familyId)
}

/**
 * Logs out: revokes the family of the presented refresh token and bumps the user's session
 * version, so the access token in hand stops working at once (other devices renew theirs
 * silently with their own refresh tokens).
 */
export async function revokeSession(deps: Deps, refreshToken: string, origin: AuditOrigin): Promise<void> {
  const row = await deps.db.refreshToken.findUnique({ where: { tokenHash: sha256(refreshToken) }, select: { userId: true, familyId: true } })
  if (!row) return
  await deps.db.$transaction(async (tx) => {
    await tx.refreshFamily.updateMany({ where: { id: row.familyId, revokedAt: null }, data: { revokedAt: deps.now(), revokeReason: 'logout' } })
    await bumpSessionVersion(tx, row.userId)
    await audit(tx, { actor: { id: row.userId }, action: 'auth.logout', result: 'success', resourceType: 'refresh_family', resourceId: row.familyId }, origin)
  })
  deps.caches.actors.delete(row.userId)
}
