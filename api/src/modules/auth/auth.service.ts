import { randomBytes } from 'node:crypto'
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2'
import { isDevLoginAllowed } from '../../config.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { randomToken, sha256 } from '../../core/crypto.ts'
import { AppError, forbidden, isUniqueViolation, notFound, unauthorized } from '../../core/errors.ts'
import { signAccessToken } from '../../core/tokens.ts'
import { WechatError } from '../../integrations/wechat/client.ts'

export const MAX_FAILED_LOGINS = 5
export const LOCK_MINUTES = 15
const STAFF_ROLES = new Set(['grid_worker', 'grid_leader', 'committee', 'street', 'dept', 'admin', 'auditor'])

type UserWithRoles = { id: number; displayName: string; roles: { role: string }[] }

/** The user as every login response shows it. */
export function presentUserSummary(user: UserWithRoles) {
  const roles = [...new Set(user.roles.map((r) => r.role))]
  return { id: user.id, displayName: user.displayName, roles, isStaff: roles.some((r) => STAFF_ROLES.has(r)) }
}

const userWithRoles = { id: true, displayName: true, status: true, roles: { select: { role: true } } } as const

/**
 * Issues an access token and a new refresh token. A login starts a new token family; a refresh
 * continues the family of the token it replaces.
 */
export async function issueSession(deps: Deps, user: UserWithRoles, familyId?: string) {
  const refreshToken = randomToken(32)
  const token = {
    userId: user.id,
    tokenHash: sha256(refreshToken),
    expiresAt: new Date(deps.now().getTime() + deps.config.refreshTokenTtlDays * 86400_000),
  }
  if (familyId) await deps.db.refreshToken.create({ data: { ...token, familyId } })
  else await deps.db.refreshFamily.create({ data: { id: randomBytes(16).toString('hex'), userId: user.id, tokens: { create: token } } })
  return {
    accessToken: signAccessToken(deps.config, user.id),
    refreshToken,
    expiresIn: deps.config.accessTokenTtlSeconds,
    user: presentUserSummary(user),
  }
}

/** Mini-program login: `wx.login` code → code2Session → our user (created on first login). */
export async function loginWithWechat(deps: Deps, code: string, origin: AuditOrigin) {
  if (!deps.wechat.isConfigured) throw new AppError(503, 'WECHAT_NOT_CONFIGURED', '服务器未配置微信登录')
  let session
  try {
    session = await deps.wechat.code2Session(code)
  } catch (e) {
    if (e instanceof WechatError && (e.errcode === 40029 || e.errcode === 40163)) {
      await audit(deps.db, { action: 'auth.wechat', result: 'failure', details: { errcode: e.errcode } }, origin)
      throw unauthorized('微信登录凭证无效或已使用，请重新登录', 'WECHAT_CODE_INVALID')
    }
    if (e instanceof WechatError && e.errcode === 45011) throw new AppError(429, 'WECHAT_RATE_LIMITED', '微信登录太频繁，请稍后再试')
    if (e instanceof WechatError && e.errcode === 40226) {
      throw forbidden('该微信账号存在风险，无法登录', 'WECHAT_USER_BLOCKED')
    }
    throw new AppError(502, 'WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试')
  }
  // The session key stays here: it is neither stored nor returned.
  let user = await deps.db.user.findUnique({ where: { openid: session.openid }, select: userWithRoles })
  if (!user) {
    try {
      user = await deps.db.user.create({
        data: {
          openid: session.openid,
          unionid: session.unionid ?? null,
          displayName: '微信用户',
          roles: { create: { role: 'resident' } },
        },
        select: userWithRoles,
      })
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      user = await deps.db.user.findUniqueOrThrow({ where: { openid: session.openid }, select: userWithRoles })
    }
  }
  if (user.status !== 'active') throw forbidden('账号已停用', 'ACCOUNT_DISABLED')
  await deps.db.user.update({ where: { id: user.id }, data: { lastLoginAt: deps.now() } })
  await audit(deps.db, { actor: { id: user.id }, action: 'auth.wechat', result: 'success' }, origin)
  return issueSession(deps, user)
}

/** Demo login by username; refused whenever WeChat is configured or in production. */
export async function loginDev(deps: Deps, username: string, origin: AuditOrigin) {
  if (!isDevLoginAllowed(deps.config)) throw forbidden('演示登录已关闭', 'DEV_LOGIN_DISABLED')
  const user = await deps.db.user.findUnique({ where: { username }, select: userWithRoles })
  if (!user) throw notFound('演示账号')
  if (user.status !== 'active') throw forbidden('账号已停用', 'ACCOUNT_DISABLED')
  await audit(deps.db, { actor: { id: user.id }, action: 'auth.dev', result: 'success' }, origin)
  return issueSession(deps, user)
}

/** The demo accounts, for the H5 demo picker. */
export async function listDemoAccounts(deps: Deps) {
  if (!isDevLoginAllowed(deps.config)) throw forbidden('演示登录已关闭', 'DEV_LOGIN_DISABLED')
  const users = await deps.db.user.findMany({
    where: { username: { not: null }, status: 'active' },
    select: { username: true, displayName: true, roles: { select: { role: true } } },
    orderBy: { id: 'asc' },
    take: 100,
  })
  return users.map((u) => ({ username: u.username!, displayName: u.displayName, roles: [...new Set(u.roles.map((r) => r.role))] }))
}

// A real argon2id hash of a random string, so unknown usernames cost as much as wrong passwords.
let dummyHash: Promise<string> | undefined
const getDummyHash = () => (dummyHash ??= argonHash(randomToken(16)))

/** Staff password login (provisional while the throttle lands). */
export async function loginWithPassword(deps: Deps, username: string, password: string, origin: AuditOrigin) {
  const user = await deps.db.user.findUnique({ where: { username }, select: { ...userWithRoles, passwordHash: true } })
  const ok = user?.passwordHash ? await argonVerify(user.passwordHash, password).catch(() => false) : await argonVerify(await getDummyHash(), password).catch(() => false) && false
  if (!user || !ok) {
    await audit(deps.db, { action: 'auth.password', result: 'failure' }, origin)
    throw unauthorized('用户名或密码错误', 'INVALID_CREDENTIALS')
  }
  if (user.status !== 'active') throw forbidden('账号已停用', 'ACCOUNT_DISABLED')
  await audit(deps.db, { actor: { id: user.id }, action: 'auth.password', result: 'success' }, origin)
  return issueSession(deps, user)
}

/**
 * Rotates a refresh token: the presented token is consumed by a conditional update (so only one
 * of two concurrent uses wins) and a new one in the same family is issued. Presenting a token
 * that was already used revokes the whole family: someone has a copy.
 */
export async function refreshSession(deps: Deps, refreshToken: string, origin: AuditOrigin) {
  const { db } = deps
  const now = deps.now()
  const tokenHash = sha256(refreshToken)
  const consumed = await db.refreshToken.updateMany({
    where: { tokenHash, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  })
  const row = await db.refreshToken.findUnique({ where: { tokenHash } })
  if (!row) throw unauthorized('登录已失效，请重新登录', 'INVALID_REFRESH_TOKEN')
  if (consumed.count === 0) {
    if (row.usedAt && !row.revokedAt) {
      await db.refreshToken.updateMany({ where: { familyId: row.familyId, revokedAt: null }, data: { revokedAt: now } })
      await audit(db, { actor: { id: row.userId }, action: 'auth.refresh_reuse', result: 'denied', resourceType: 'refresh_family', resourceId: row.familyId }, origin)
      throw unauthorized('登录凭证已被使用过，为安全起见已退出所有相关登录', 'REFRESH_TOKEN_REUSED')
    }
    if (row.revokedAt) throw unauthorized('登录已失效，请重新登录', 'REFRESH_TOKEN_REVOKED')
    throw unauthorized('登录已过期，请重新登录', 'REFRESH_TOKEN_EXPIRED')
  }
  const user = await db.user.findUnique({ where: { id: row.userId }, select: userWithRoles })
  if (!user || user.status !== 'active') throw unauthorized('账号不存在或已停用', 'ACCOUNT_DISABLED')
  return issueSession(deps, user, row.familyId)
}

/** Logs out: revokes the family of the presented refresh token. */
export async function revokeSession(deps: Deps, refreshToken: string) {
  const row = await deps.db.refreshToken.findUnique({ where: { tokenHash: sha256(refreshToken) } })
  if (row) await deps.db.refreshToken.updateMany({ where: { familyId: row.familyId, revokedAt: null }, data: { revokedAt: deps.now() } })
}
