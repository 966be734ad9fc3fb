import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { profileField } from '../../core/crypto.ts'
import { forbidden, notFound } from '../../core/errors.ts'
import { canSeeResident, revealableFields, type PiiField } from './resident.policy.ts'

/**
 * Returns unmasked personal data to a caller whose role needs it. Every such read writes an audit
 * row before the data leaves (and refusals are audited too).
 */
export async function revealResident(
  deps: Deps,
  actor: Actor,
  userId: number,
  input: { fields: PiiField[]; reason?: string },
  origin: AuditOrigin,
) {
  const user = await deps.db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      profile: { select: { realName: true, idNumberCipher: true, phoneCipher: true } },
      bindings: { select: { status: true, communityId: true, gridId: true, household: { select: { streetId: true } } } },
    },
  })
  const record = user && {
    userId: user.id,
    bindings: user.bindings.map((b) => ({ status: b.status, communityId: b.communityId, gridId: b.gridId, streetId: b.household.streetId })),
  }
  if (!user || !record || !canSeeResident(actor, record)) throw notFound('居民')
  const allowed = revealableFields(actor, record)
  const refused = input.fields.filter((f) => !allowed.includes(f))
  const fields = [...new Set(input.fields)]
  if (refused.length) {
    await audit(deps.db, { actor, action: 'pii.reveal', resourceType: 'user', resourceId: userId, result: 'denied', details: { fields, refused } }, origin)
    throw forbidden(`无权查看完整信息: ${refused.join(', ')}`, 'PII_REVEAL_FORBIDDEN')
  }
  if (actor.id !== userId && !input.reason) {
    throw forbidden('查看他人完整信息须填写事由', 'PII_REASON_REQUIRED')
  }
  await audit(deps.db, { actor, action: 'pii.reveal', resourceType: 'user', resourceId: userId, result: 'success', details: { fields, reason: input.reason ?? null } }, origin)
  const p = user.profile
  const out: Partial<Record<PiiField, string | null>> = {}
  for (const f of fields) {
    if (f === 'realName') out.realName = p?.realName ?? null
    if (f === 'idNumber') out.idNumber = p?.idNumberCipher ? deps.cipher.open(p.idNumberCipher, profileField.idNumber(userId)) : null
    if (f === 'phone') out.phone = p?.phoneCipher ? deps.cipher.open(p.phoneCipher, profileField.phone(userId)) : null
  }
  return out
}
