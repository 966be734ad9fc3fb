import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { profileField } from '../../core/crypto.ts'
import type { Tx } from '../../core/db.ts'
import { keepSerialised } from '../../core/serialised.ts'
import { AppError, invalid, isUniqueViolation, notFound, tooManyRequests } from '../../core/errors.ts'
import { isMobile, maskIdNumber, maskPhone, parseIdNumber } from '../../core/pii.ts'
import { WechatError } from '../../integrations/wechat/client.ts'
import { countHit } from '../../core/hits.ts'
import { sendBindingsBackToReview } from '../households/binding.service.ts'
import { presentBinding } from '../households/household.presenter.ts'
import { openIdentityReview, withdrawIdentityReviews } from '../identity/identity.service.ts'
import { presentOwnProfile } from './me.presenter.ts'
import { readMeChecked, type MeRead, type MeRows } from './me.read.ts'
import { isStaffRoles, userPolicies } from './me.policy.ts'

export const CONSENT_REAL_NAME = 'real_name'
export const CONSENT_PHONE = 'phone'

const profileSelect = {
  realName: true, idNumberMasked: true, idNumberCipher: true, idNumberHmac: true, phoneMasked: true, phoneSource: true, gender: true,
} as const

async function latestConsent(deps: Deps, userId: number, purpose: string) {
  return deps.db.consent.findFirst({
    where: { userId, purpose },
    orderBy: { id: 'desc' },
    select: { policyVersion: true, grantedAt: true, withdrawnAt: true },
  })
}

/** The caller's own profile (masked) with the state of their real-name consent. */
export async function getOwnProfile(deps: Deps, userId: number) {
  const [profile, consent] = await Promise.all([
    deps.db.residentProfile.findUnique({ where: { userId }, select: profileSelect }),
    latestConsent(deps, userId, CONSENT_REAL_NAME),
  ])
  return presentOwnProfile(profile && { ...profile, birthDate: birthDateOf(deps, userId, profile.idNumberCipher) }, consent, deps.now())
}

/**
 * The birth date of a resident, read from inside their ID number's ciphertext: it is stored
 * nowhere in the clear (with the mask it would rebuild the number). Used to compute an age, never
 * returned as such.
 */
export function birthDateOf(deps: Deps, userId: number, idNumberCipher: Uint8Array | null): Date | null {
  if (!idNumberCipher) return null
  const parsed = parseIdNumber(deps.cipher.open(idNumberCipher, profileField.idNumber(userId)), new Date(8.64e15))
  return parsed.ok ? parsed.value.birthDate : null
}

/**
 * GET /me: who I am, my roles and scope, my masked profile and my household bindings. One
 * statement when this instance has the answer under the current versions, three otherwise
 * (me.read.ts): it runs on every start of the mini-program.
 */
export async function getMe(deps: Deps, actor: Actor) {
  return (await meAnswer(deps, actor)).data
}

type Answer = { data: ReturnType<typeof presentMe> }
type Made = { actor: Actor; hour: number; username: string | null; displayName: string; answer: Answer }

/** The last answer made from each kept read (me.read.ts keeps one rows object per user while nothing changes). */
const answers = new WeakMap<MeRows, Made>()

/**
 * GET /me's whole response body. While the kept rows, the cached actor (its scope), the user's
 * names and the hour (the age turns over at a day boundary in any whole-hour time zone) are the
 * same, the same body object is answered again, serialised once (keepSerialised: its bytes, ETag
 * and compressed variants are kept by the response layer).
 */
export async function meAnswer(deps: Deps, actor: Actor): Promise<Answer> {
  const read = await readMeChecked(deps, actor.id, CONSENT_REAL_NAME)
  if (!read) throw notFound('用户')
  const hour = Math.floor(deps.now().getTime() / 3_600_000)
  const last = answers.get(read.rows)
  if (last && last.actor === actor && last.hour === hour && last.username === read.username && last.displayName === read.displayName) return last.answer
  const answer = keepSerialised({ data: presentMe(deps, actor, read) })
  answers.set(read.rows, { actor, hour, username: read.username, displayName: read.displayName, answer })
  return answer
}

function presentMe(deps: Deps, actor: Actor, { rows, username, displayName }: MeRead) {
  const { user, profile, consent, bindings } = rows
  return {
    user: {
      id: user.id,
      username,
      displayName,
      roles: user.roles.map((r) => ({ role: r.role, scopeType: r.scopeType, scopeId: r.scopeType === 'none' ? null : r.scopeId, scopeName: r.scopeName ?? null })),
      isStaff: isStaffRoles(user.roles.map((r) => r.role)),
    },
    scope: actor.staff,
    grids: user.grids,
    profile: presentOwnProfile(profile && { ...profile, birthDate: birthDateOf(deps, actor.id, profile.idNumberCipher) }, consent, deps.now()),
    households: bindings.map((b) => presentBinding(b, actor)),
    policies: userPolicies(user.roles.map((r) => r.role)),
  }
}

/** Real-name writes per user and hour, counted in the database (every API process shares it). */
async function throttleIdentityWrites(deps: Deps, actor: Actor) {
  const windowSeconds = 3600
  const now = deps.now()
  const hit = await countHit(deps.sql, `identity-write|u:${actor.id}`, now, windowSeconds)
  if (hit.hits <= deps.config.identityWritesPerHour) return
  const resetAt = await hit.resetAt()
  const seconds = Math.min(windowSeconds, Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)))
  throw tooManyRequests(`实名信息提交次数过多，请 ${Math.ceil(seconds / 60)} 分钟后再试`, seconds)
}

/**
 * Saves the caller's real-name data with their consent (PIPL): the ID number and phone are sealed
 * to this profile, an HMAC of the ID number keeps one verified account per person, and the consent
 * is recorded with the policy version, all in one transaction with its audit row.
 *
 * Writes are throttled per user (a handful an hour), and an ID number already on file for another
 * account is not refused (that answer would confirm whose it is): the claim is saved without its
 * look-up hash and routed to committee review (`identityStatus: 'review'`). Changing the name or
 * ID number of a verified identity puts the resident's approved household bindings back to review.
 */
export async function saveOwnProfile(
  deps: Deps,
  actor: Actor,
  input: { realName: string; idNumber: string; phone?: string },
  origin: AuditOrigin,
) {
  const { cipher, config } = deps
  await throttleIdentityWrites(deps, actor)
  const existing = await deps.db.residentProfile.findUnique({ where: { userId: actor.id }, select: { ...profileSelect, phoneCipher: true } })
  if (!input.phone && !existing?.phoneCipher) throw invalid('phone', '请填写11位大陆手机号')
  const id = parseIdNumber(input.idNumber)
  if (!id.ok) throw invalid('idNumber', id.reason)
  const idHmac = cipher.lookupHash('id_number', id.value.idNumber)
  // The phone is sealed again with the current key when it is kept, so the row's key id is true.
  const phone = input.phone ?? cipher.open(existing!.phoneCipher!, profileField.phone(actor.id))
  const wasVerified = Boolean(existing?.idNumberHmac)
  const sameIdentity = wasVerified && existing!.realName === input.realName && Buffer.from(existing!.idNumberHmac!).equals(Buffer.from(idHmac))
  const now = deps.now()

  const write = async (tx: Tx, claimed: boolean) => {
    const fields = {
      realName: input.realName,
      idNumberCipher: cipher.seal(id.value.idNumber, profileField.idNumber(actor.id)),
      idNumberHmac: claimed ? null : idHmac,
      idNumberMasked: maskIdNumber(id.value.idNumber),
      gender: id.value.gender,
      phoneCipher: cipher.seal(phone, profileField.phone(actor.id)),
      phoneHmac: cipher.lookupHash('phone', phone),
      phoneMasked: maskPhone(phone),
      phoneSource: input.phone ? 'form' : (existing?.phoneSource ?? 'form'),
      cipherKeyId: cipher.keyId,
    }
    await tx.residentProfile.upsert({ where: { userId: actor.id }, create: { userId: actor.id, ...fields }, update: fields })
    await tx.consent.create({ data: { userId: actor.id, purpose: CONSENT_REAL_NAME, policyVersion: config.privacyPolicyVersion, ip: origin.ip } })
    await tx.user.update({ where: { id: actor.id }, data: { displayName: input.realName } })
    if (claimed) await openIdentityReview(tx, { claimantId: actor.id, idNumberHmac: idHmac, now }, origin)
    else await withdrawIdentityReviews(tx, actor.id)
    const movedBack = wasVerified && !sameIdentity ? await sendBindingsBackToReview(tx, actor.id, '您修改了实名信息', now) : []
    await audit(tx, {
      actor, action: 'profile.update', resourceType: 'user', resourceId: actor.id, result: 'success',
      details: { fields: input.phone ? ['realName', 'idNumber', 'phone'] : ['realName', 'idNumber'], underReview: claimed, bindingsBackToReview: movedBack.length },
    }, origin)
  }

  const holder = async () => (await deps.db.residentProfile.findUnique({ where: { idNumberHmac: idHmac }, select: { userId: true } }))?.userId
  const heldByOther = async () => { const h = await holder(); return h !== undefined && h !== actor.id }
  try {
    const claimed = await heldByOther()
    await deps.db.$transaction((tx) => write(tx, claimed))
  } catch (e) {
    // Another account saved this number a moment ago: the same claim goes to review instead.
    if (!isUniqueViolation(e) || !(await heldByOther())) throw e
    await deps.db.$transaction((tx) => write(tx, true))
  }
  deps.caches.actors.delete(actor.id)
  return getOwnProfile(deps, actor.id)
}

/** Fills the caller's phone from a `getPhoneNumber` code (the tap on WeChat's button is the consent). */
export async function savePhoneFromWechat(deps: Deps, actor: Actor, code: string, origin: AuditOrigin) {
  let phone
  try {
    phone = await deps.wechat.getPhoneNumber(code)
  } catch (e) {
    if (e instanceof WechatError && e.errcode === 40029) throw new AppError(400, 'WECHAT_CODE_INVALID', 'code: 手机号授权凭证无效或已过期，请重新授权', { fields: [{ field: 'code', message: '凭证无效或已过期' }] })
    if (e instanceof WechatError && e.errcode === -3) throw new AppError(503, 'WECHAT_NOT_CONFIGURED', '服务器未配置微信')
    throw new AppError(502, 'WECHAT_UNAVAILABLE', '微信服务暂时不可用，请稍后再试')
  }
  if (phone.countryCode !== '86' || !isMobile(phone.purePhoneNumber)) {
    throw new AppError(422, 'PHONE_NOT_SUPPORTED', '目前仅支持中国大陆手机号')
  }
  const { cipher } = deps
  const existing = await deps.db.residentProfile.findUnique({ where: { userId: actor.id }, select: { idNumberCipher: true } })
  const fields = {
    phoneCipher: cipher.seal(phone.purePhoneNumber, profileField.phone(actor.id)),
    phoneHmac: cipher.lookupHash('phone', phone.purePhoneNumber),
    phoneMasked: maskPhone(phone.purePhoneNumber),
    phoneSource: 'wechat',
    // The ID number is sealed again with the current key, so the row's key id is true.
    ...(existing?.idNumberCipher
      ? { idNumberCipher: cipher.seal(cipher.open(existing.idNumberCipher, profileField.idNumber(actor.id)), profileField.idNumber(actor.id)) }
      : {}),
    cipherKeyId: cipher.keyId,
  }
  await deps.db.$transaction(async (tx) => {
    await tx.residentProfile.upsert({ where: { userId: actor.id }, create: { userId: actor.id, ...fields }, update: fields })
    await tx.consent.create({ data: { userId: actor.id, purpose: CONSENT_PHONE, policyVersion: deps.config.privacyPolicyVersion, ip: origin.ip } })
    await audit(tx, { actor, action: 'profile.phone', resourceType: 'user', resourceId: actor.id, result: 'success', details: { source: 'wechat' } }, origin)
  })
  return getOwnProfile(deps, actor.id)
}
