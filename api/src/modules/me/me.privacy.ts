import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { profileField } from '../../core/crypto.ts'
import type { Tx } from '../../core/db.ts'
import { forbidden } from '../../core/errors.ts'
import { signedFileUrl } from '../../core/fileUrls.ts'
import { formatShanghai } from '../../core/time.ts'
import { bumpSessionVersion, revokeFamilies } from '../auth/session.service.ts'
import { householdInclude } from '../households/binding.service.ts'
import { householdAddress } from '../households/household.presenter.ts'
import { RELATION_LABELS, STATUS_LABELS } from '../households/household.schema.ts'
import { IDENTITY_STATUS_LABELS } from '../identity/identity.schema.ts'
import { withdrawIdentityReviews } from '../identity/identity.service.ts'
import { cancelBookingsOfUser } from '../bookings/booking.rules.ts'
import { sendPendingRefunds } from '../payments/payment.service.ts'
import { notify } from '../messages/message.service.ts'
import { CONSENT_LABELS, GENDER_LABELS, PHONE_SOURCE_LABELS } from './me.schema.ts'
import { CONSENT_PHONE, CONSENT_REAL_NAME, getOwnProfile } from './me.service.ts'

/**
 * A resident's rights under PIPL over the data we hold about them: a complete copy (access and
 * portability), withdrawal of consent for real-name data (erasure of the profile), and deletion
 * of the account. Each is audited (with the user id, never the values) and, where the account
 * lives on, confirmed in the message centre.
 */

const iso = (d: Date | null) => d?.toISOString() ?? null
const MINE_LINK = '/packages/profile/privacy/index'

/** Everything we hold about the caller, unmasked (it is theirs); the read is audited. */
export async function exportMyData(deps: Deps, actor: Actor, origin: AuditOrigin) {
  const { db, cipher } = deps
  const now = deps.now()
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      id: true, username: true, displayName: true, createdAt: true, lastLoginAt: true,
      roles: { select: { role: true } },
      profile: true,
      consents: { orderBy: { id: 'asc' }, select: { purpose: true, policyVersion: true, grantedAt: true, withdrawnAt: true } },
      bindings: { orderBy: { id: 'asc' }, include: { household: { include: householdInclude } } },
      messages: { orderBy: { id: 'desc' }, take: 1000, select: { title: true, body: true, createdAt: true, readAt: true } },
      noticeReads: { orderBy: { readAt: 'desc' }, take: 1000, select: { noticeId: true, readAt: true, notice: { select: { title: true } } } },
      uploads: { orderBy: { id: 'asc' }, select: { id: true, storageKey: true, contentType: true, byteSize: true, createdAt: true } },
      subscriptionGrants: { select: { templateId: true, remaining: true } },
      refreshFamilies: { orderBy: { createdAt: 'desc' }, take: 100, select: { createdAt: true, revokedAt: true } },
      identityClaims: { orderBy: { id: 'asc' }, select: { status: true, createdAt: true, decidedAt: true } },
    },
  })
  const p = user.profile
  const data = {
    exportedAt: now.toISOString(),
    account: {
      id: user.id, username: user.username, displayName: user.displayName, createdAt: user.createdAt.toISOString(),
      lastLoginAt: iso(user.lastLoginAt), roles: [...new Set(user.roles.map((r) => r.role))],
    },
    profile: p && {
      realName: p.realName,
      idNumber: p.idNumberCipher ? cipher.open(p.idNumberCipher, profileField.idNumber(user.id)) : null,
      phone: p.phoneCipher ? cipher.open(p.phoneCipher, profileField.phone(user.id)) : null,
      idNumberMasked: p.idNumberMasked,
      phoneMasked: p.phoneMasked,
      gender: p.gender,
      genderLabel: p.gender ? GENDER_LABELS[p.gender] : null,
      phoneSource: p.phoneSource,
      phoneSourceLabel: p.phoneSource ? (PHONE_SOURCE_LABELS[p.phoneSource] ?? p.phoneSource) : null,
      updatedAt: p.updatedAt.toISOString(),
    },
    consents: user.consents.map((c) => ({ purpose: c.purpose, purposeLabel: CONSENT_LABELS[c.purpose] ?? c.purpose, policyVersion: c.policyVersion, grantedAt: c.grantedAt.toISOString(), withdrawnAt: iso(c.withdrawnAt) })),
    households: user.bindings.map((b) => ({
      id: b.id, address: `${b.household.building.community.name} ${householdAddress(b.household)}`,
      relation: b.relation, relationLabel: RELATION_LABELS[b.relation], status: b.status, statusLabel: STATUS_LABELS[b.status],
      createdAt: b.createdAt.toISOString(), reviewedAt: iso(b.reviewedAt),
    })),
    messages: user.messages.map((m) => ({ title: m.title, body: m.body, createdAt: m.createdAt.toISOString(), readAt: iso(m.readAt) })),
    noticeReads: user.noticeReads.map((r) => ({ noticeId: r.noticeId, title: r.notice.title, readAt: r.readAt.toISOString() })),
    uploads: user.uploads.map((u) => ({ id: u.id, url: signedFileUrl(deps.config, u.storageKey, now), contentType: u.contentType, size: u.byteSize, createdAt: u.createdAt.toISOString() })),
    subscriptions: user.subscriptionGrants.map((g) => ({ templateId: g.templateId, remaining: g.remaining })),
    sessions: user.refreshFamilies.map((f) => ({ createdAt: f.createdAt.toISOString(), revokedAt: iso(f.revokedAt) })),
    identityReviews: user.identityClaims.map((r) => ({ status: r.status, statusLabel: IDENTITY_STATUS_LABELS[r.status], createdAt: r.createdAt.toISOString(), decidedAt: iso(r.decidedAt) })),
  }
  // Every read is audited; the message centre says so once a day (each opening of the page reads it).
  await db.$transaction(async (tx) => {
    await audit(tx, { actor, action: 'pii.export', resourceType: 'user', resourceId: actor.id, result: 'success' }, origin)
    await notify(tx, {
      userId: actor.id, kind: 'privacy.export', title: '今日查看了个人信息',
      body: `${formatShanghai(now, 'M月D日')}，您的账号查看或导出了邻里通保存的个人信息（含完整身份证号和手机号）。如非本人操作，请立即修改密码或联系社区。`,
      link: MINE_LINK, resourceType: 'user', resourceId: `${actor.id}:${formatShanghai(now, 'YYYY-MM-DD')}`, now,
    })
  })
  return data
}

/** Erases the real-name profile and ends household bindings and identity claims, in the caller's transaction. */
async function eraseRealName(tx: Tx, userId: number, now: Date) {
  await tx.residentProfile.deleteMany({ where: { userId } })
  await tx.consent.updateMany({ where: { userId, purpose: { in: [CONSENT_REAL_NAME, CONSENT_PHONE] }, withdrawnAt: null }, data: { withdrawnAt: now } })
  const ended = await tx.householdBinding.updateMany({ where: { userId, status: { in: ['pending', 'approved'] } }, data: { status: 'withdrawn', activeFlag: null } })
  await withdrawIdentityReviews(tx, userId)
  return ended.count
}

/**
 * Withdraws consent to process real-name data: the name, ID number and phone are erased, every
 * household binding ends (so household notices and grid follow-up stop), the account and its
 * messages stay. Confirmed in the message centre.
 */
export async function withdrawRealNameConsent(deps: Deps, actor: Actor, origin: AuditOrigin) {
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const ended = await eraseRealName(tx, actor.id, now)
    await tx.user.update({ where: { id: actor.id }, data: { displayName: '居民' } })
    await notify(tx, {
      userId: actor.id, kind: 'privacy.consent_withdrawn', title: '已撤回实名信息授权',
      body: `您的姓名、身份证号和手机号已删除，${ended ? `${ended} 处房屋绑定已解除，` : ''}不再接收本户的公告。如需再次使用，可重新实名登记。`,
      link: MINE_LINK, resourceType: 'user', resourceId: `${actor.id}:${now.getTime()}`, now,
    })
    await audit(tx, { actor, action: 'privacy.consent_withdraw', resourceType: 'user', resourceId: actor.id, result: 'success', details: { bindingsEnded: ended } }, origin)
  })
  deps.caches.actors.delete(actor.id)
  return getOwnProfile(deps, actor.id)
}

/**
 * Deletes the caller's account. Personal data is erased: the profile, the login identifiers
 * (username, WeChat openid/unionid, password), the messages, subscription grants and pending
 * sends, and uploads never attached to anything; consent records are kept as proof but lose their
 * IP address. What stays is anonymous: the user id in audit entries (kept for the retention
 * period), read receipts and ended bindings counted in statistics. Every session ends at once.
 * Staff accounts are closed by an administrator instead.
 */
export async function deleteAccount(deps: Deps, actor: Actor, origin: AuditOrigin): Promise<void> {
  if (actor.roles.some((r) => r !== 'resident')) throw forbidden('工作人员账号请联系系统管理员注销', 'STAFF_ACCOUNT')
  const now = deps.now()
  let bookingsCancelled = 0
  const orphanFiles = await deps.db.$transaction(async (tx) => {
    const ended = await eraseRealName(tx, actor.id, now)
    // Upcoming bookings are cancelled: seats freed, paid ones refunded (sent after commit).
    bookingsCancelled = await cancelBookingsOfUser(tx, actor.id, now)
    await tx.consent.updateMany({ where: { userId: actor.id }, data: { ip: null } })
    await tx.message.deleteMany({ where: { userId: actor.id } })
    await tx.subscriptionGrant.deleteMany({ where: { userId: actor.id } })
    await tx.outboxItem.updateMany({ where: { userId: actor.id, status: 'pending' }, data: { status: 'skipped', lastError: 'account deleted' } })
    const orphans = await tx.upload.findMany({ where: { ownerId: actor.id, attachedAt: null }, select: { id: true, storageKey: true } })
    await tx.upload.deleteMany({ where: { id: { in: orphans.map((u) => u.id) } } })
    await tx.user.update({
      where: { id: actor.id },
      data: { status: 'deleted', deletedAt: now, username: null, openid: null, unionid: null, passwordHash: null, displayName: '已注销用户' },
    })
    await bumpSessionVersion(tx, actor.id)
    await revokeFamilies(tx, actor.id, 'account_deleted', now)
    await audit(tx, { actor, action: 'account.delete', resourceType: 'user', resourceId: actor.id, result: 'success', details: { bindingsEnded: ended, filesDeleted: orphans.length, bookingsCancelled } }, origin)
    return orphans
  })
  deps.caches.actors.delete(actor.id)
  if (bookingsCancelled) void sendPendingRefunds(deps).catch((e) => deps.log.warn('refunds after an account deletion failed', { error: (e as Error).message }))
  // Files go after the commit: a failure here leaves a file without a row, never the reverse.
  await Promise.allSettled(orphanFiles.map((f) => deps.storage.delete(f.storageKey)))
}
