import { ageOn } from '../../core/pii.ts'

type ProfileRow = {
  realName: string | null
  idNumberMasked: string | null
  idNumberHmac: Uint8Array | null
  phoneSource: string | null
  phoneMasked: string | null
  gender: 'male' | 'female' | null
  birthDate: Date | null
} | null

type ConsentRow = { policyVersion: string; grantedAt: Date; withdrawnAt: Date | null } | null

/** The caller's own profile: name in full, ID number and phone always masked. */
export function presentOwnProfile(p: ProfileRow, consent: ConsentRow, today: Date) {
  const granted = Boolean(consent && !consent.withdrawnAt)
  return {
    realName: p?.realName ?? null,
    idNumber: p?.idNumberMasked ?? null,
    phone: p?.phoneMasked ?? null,
    gender: p?.gender ?? null,
    age: p?.birthDate ? ageOn(p.birthDate, today) : null,
    isVerified: identityStatus(p) === 'verified',
    identityStatus: identityStatus(p),
    phoneSource: p?.phoneMasked ? ((p.phoneSource === 'wechat' ? 'wechat' : 'form') as 'form' | 'wechat') : null,
    consent: {
      granted,
      policyVersion: granted ? consent!.policyVersion : null,
      grantedAt: granted ? consent!.grantedAt.toISOString() : null,
    },
  }
}

/**
 * `verified`: name and ID number on file and the number is this account's; `review`: the number
 * is on file for another account too and committee staff must check it; `none`: no ID number.
 */
export function identityStatus(p: { realName: string | null; idNumberMasked: string | null; idNumberHmac: Uint8Array | null } | null): 'none' | 'verified' | 'review' {
  if (!p?.realName || !p.idNumberMasked) return 'none'
  return p.idNumberHmac ? 'verified' : 'review'
}
