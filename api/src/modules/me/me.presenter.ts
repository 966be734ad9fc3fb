import { ageOn } from '../../core/pii.ts'

type ProfileRow = {
  realName: string | null
  idNumberMasked: string | null
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
    isVerified: Boolean(p?.realName && p?.idNumberMasked),
    consent: {
      granted,
      policyVersion: granted ? consent!.policyVersion : null,
      grantedAt: granted ? consent!.grantedAt.toISOString() : null,
    },
  }
}
