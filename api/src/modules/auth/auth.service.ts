import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2'
import { isDevLoginAllowed } from '../../config.ts'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { randomToken } from '../../core/crypto.ts'
import { AppError, forbidden, invalid, isUniqueViolation, notFound, tooManyRequests, unauthorized } from '../../core/errors.ts'
import { WechatError } from '../../integrations/wechat/client.ts'
import { notify } from '../messages/message.service.ts'
import { chargeAttempt, loginBuckets, refundAttempt } from './auth.throttle.ts'
import { mintDeviceToken, readDeviceToken } from './deviceToken.ts'
import { bumpSessionVersion, issueSession, revokeFamilies, sessionUserSelect } from './session.service.ts'

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
  let user = await deps.db.user.findUnique({ where: { openid: session.openid }, select: sessionUserSelect })
  if (!user) {
    try {
      user = await deps.db.user.create({
        data: {
          openid: session.openid,
          unionid: session.unionid ?? null,
          displayName: '微信用户',
          roles: { create: { role: 'resident' } },
        },
        select: sessionUserSelect,
      })
    } catch (e) {
      if (!isUniqueViolation(e)) throw e
      user = await deps.db.user.findUniqueOrThrow({ where: { openid: session.openid }, select: sessionUserSelect })
    }
  }
  if (user.status !== 'active') throw forbidden('账号已停用', 'ACCOUNT_DISABLED')
  await deps.db.user.update({ where: { id: user.id }, data: { lastLoginAt: deps.now() } })
  await audit(deps.db, { actor: { id: user.id }, action: 'auth.wechat', result: 'success' }, origin)
  return issueSession(deps, user)
}

/**
 * Demo login by username: only when the dev login is switched on (DEV_LOGIN=true, never in
 * production or with WeChat configured) and only for accounts marked as demo accounts. Any other
 * username, real or not, is "no such demo account".
 */
export async function loginDev(deps: Deps, username: string, origin: AuditOrigin) {
  if (!isDevLoginAllowed(deps.config)) throw forbidden('演示登录已关闭', 'DEV_LOGIN_DISABLED')
  const user = await deps.db.user.findUnique({ where: { username }, select: { ...sessionUserSelect, isDemo: true } })
  if (!user?.isDemo) throw notFound('演示账号')
  if (user.status !== 'active') throw forbidden('账号已停用', 'ACCOUNT_DISABLED')
  await deps.db.user.update({ where: { id: user.id }, data: { lastLoginAt: deps.now() } })
  await audit(deps.db, { actor: { id: user.id }, action: 'auth.dev', result: 'success' }, origin)
  return issueSession(deps, user)
}

/** The demo accounts, for the H5 demo picker (demo accounts only). */
export async function listDemoAccounts(deps: Deps) {
  if (!isDevLoginAllowed(deps.config)) throw forbidden('演示登录已关闭', 'DEV_LOGIN_DISABLED')
  const users = await deps.db.user.findMany({
    where: { isDemo: true, username: { not: null }, status: 'active' },
    select: { username: true, displayName: true, roles: { select: { role: true } } },
    orderBy: { id: 'asc' },
    take: 100,
  })
  return users
}

// A real argon2id hash of a random string, so unknown usernames cost as much as wrong passwords.
let dummyHash: Promise<string> | undefined
const getDummyHash = () => (dummyHash ??= argonHash(randomToken(16)))

const throttled = (seconds: number) => tooManyRequests(`尝试次数过多，请 ${seconds} 秒后再试`, seconds)

/**
 * Staff password login. Unknown and real accounts get the same answers: 401 INVALID_CREDENTIALS
 * for a wrong password, 429 with Retry-After while the attempt's throttle buckets wait out their
 * delay (auth.throttle.ts: per account × address, per account, and per known device, growing
 * delays rather than a lock). A disabled account says so only after the right password. A
 * successful login returns a device token; sent with the next login, it puts that device's
 * attempts in a bucket of its own, so strangers' guesses never delay the owner's device.
 */
export async function loginWithPassword(
  deps: Deps,
  input: { username: string; password: string; deviceToken?: string },
  origin: AuditOrigin,
) {
  const { db } = deps
  const now = deps.now()
  const user = await db.user.findUnique({ where: { username: input.username }, select: { ...sessionUserSelect, passwordHash: true } })
  const device = user && input.deviceToken ? readDeviceToken(deps.config, input.deviceToken, user.id) : null
  const buckets = loginBuckets(input.username, origin.ip ?? 'unknown', device?.deviceId)
  const wait = await chargeAttempt(db, buckets, now)
  if (wait > 0) {
    await audit(db, { actor: user ? { id: user.id } : null, action: 'auth.password', result: 'denied', details: { reason: 'throttled', knownDevice: Boolean(device) } }, origin)
    throw throttled(wait)
  }
  const ok = user?.passwordHash
    ? await argonVerify(user.passwordHash, input.password).catch(() => false)
    : (await argonVerify(await getDummyHash(), input.password).catch(() => false)) && false
  if (!user || !ok) {
    await audit(db, { actor: user ? { id: user.id } : null, action: 'auth.password', result: 'failure', details: { reason: user ? 'bad_password' : 'unknown_user' } }, origin)
    throw unauthorized('用户名或密码错误', 'INVALID_CREDENTIALS')
  }
  await refundAttempt(db, buckets, now)
  if (user.status !== 'active') {
    await audit(db, { actor: { id: user.id }, action: 'auth.password', result: 'denied', details: { reason: 'disabled' } }, origin)
    throw forbidden('账号已停用', 'ACCOUNT_DISABLED')
  }
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } })
  await audit(db, { actor: { id: user.id }, action: 'auth.password', result: 'success', details: { knownDevice: Boolean(device) } }, origin)
  return { ...(await issueSession(deps, user)), deviceToken: device?.token ?? mintDeviceToken(deps.config, user.id) }
}

/** At least 8 characters with a letter and a digit; the API says which rule failed. */
export function passwordProblem(password: string): string | null {
  if (Array.from(password).length < 8) return '新密码至少8位'
  if (!/[A-Za-z]/.test(password) || !/\d/.test(password)) return '新密码须同时包含字母和数字'
  return null
}

/**
 * Changes the caller's password. The current password is checked under the same throttle as a
 * login (a stolen access token cannot be used to guess it). Every other session ends: the
 * session version is bumped and every token family but a new one is revoked; the caller gets
 * that new session back.
 */
export async function changePassword(
  deps: Deps,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  origin: AuditOrigin,
) {
  const { db } = deps
  const now = deps.now()
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { ...sessionUserSelect, username: true, passwordHash: true } })
  if (!user.passwordHash || !user.username) throw forbidden('该账号没有登录密码', 'NO_PASSWORD')
  const problem = passwordProblem(input.newPassword)
  if (problem) throw invalid('newPassword', problem)
  if (input.newPassword === input.currentPassword) throw invalid('newPassword', '新密码不能与当前密码相同')
  const buckets = loginBuckets(user.username, origin.ip ?? 'unknown')
  const wait = await chargeAttempt(db, buckets, now)
  if (wait > 0) throw throttled(wait)
  if (!(await argonVerify(user.passwordHash, input.currentPassword).catch(() => false))) {
    await audit(db, { actor, action: 'auth.password_change', result: 'failure', details: { reason: 'bad_password' } }, origin)
    throw unauthorized('当前密码不正确', 'INVALID_CREDENTIALS', { fields: [{ field: 'currentPassword', message: '当前密码不正确' }] })
  }
  await refundAttempt(db, buckets, now)
  const passwordHash = await argonHash(input.newPassword)
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { passwordHash } })
    await bumpSessionVersion(tx, actor.id)
    await revokeFamilies(tx, actor.id, 'password_changed', now)
    await notify(tx, {
      userId: actor.id, kind: 'account.password_changed', title: '登录密码已修改',
      body: '您的登录密码已修改，其他设备上的登录已退出。如非本人操作，请立即联系管理员。', link: null,
      resourceType: 'user', resourceId: `${actor.id}:${now.getTime()}`, now,
    })
    await audit(tx, { actor, action: 'auth.password_change', resourceType: 'user', resourceId: actor.id, result: 'success' }, origin)
  })
  deps.caches.actors.delete(actor.id)
  return issueSession(deps, { ...user, sessionVersion: user.sessionVersion + 1 })
}
