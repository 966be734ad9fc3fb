import type { Db } from '../../src/core/db.ts'
import { profileField, type PiiCipher } from '../../src/core/crypto.ts'
import { idCheckChar, maskIdNumber, maskPhone } from '../../src/core/pii.ts'

let seq = 0

/** A valid ID number not used by the demo data (area 110105, a different birth date per call). */
export function freshIdNumber(): string {
  seq++
  const birth = new Date(Date.UTC(1980, 0, 1) + seq * 86400_000).toISOString().slice(0, 10).replace(/-/g, '')
  const first17 = `110105${birth}${String(process.pid % 1000).padStart(3, '0')}`
  return first17 + idCheckChar(first17)
}

// Accounts made by tests are demo accounts, so tests can log them in with the dev login.

/** A staff account with one role. */
export async function createStaff(
  db: Db,
  username: string,
  role: 'grid_worker' | 'grid_leader' | 'committee' | 'street' | 'dept' | 'admin' | 'auditor',
  scope: { type: 'none' | 'street' | 'community' | 'grid' | 'department'; id: number } = { type: 'none', id: 0 },
) {
  return db.user.create({ data: { username, displayName: username, isDemo: true, roles: { create: { role, scopeType: scope.type, scopeId: scope.id } } } })
}

/** A resident, optionally with a real-name profile. */
export async function createResident(db: Db, cipher: PiiCipher, username: string, opts: { idNumber?: string; phone?: string; realName?: string } = {}) {
  const user = await db.user.create({ data: { username, displayName: username, isDemo: true, roles: { create: { role: 'resident' } } } })
  if (opts.idNumber) {
    const phone = opts.phone ?? '13800000000'
    await db.residentProfile.create({
      data: {
        userId: user.id,
        realName: opts.realName ?? '测试居民',
        idNumberCipher: cipher.seal(opts.idNumber, profileField.idNumber(user.id)),
        idNumberHmac: cipher.lookupHash('id_number', opts.idNumber),
        idNumberMasked: maskIdNumber(opts.idNumber),
        cipherKeyId: cipher.keyId,
        phoneCipher: cipher.seal(phone, profileField.phone(user.id)),
        phoneHmac: cipher.lookupHash('phone', phone),
        phoneMasked: maskPhone(phone),
      },
    })
  }
  return user
}

/** A resident's ID number as stored (decrypted from their profile), for tests that need the full value. */
export async function storedIdNumber(deps: { db: Db; cipher: PiiCipher }, userId: number): Promise<string> {
  const p = await deps.db.residentProfile.findUniqueOrThrow({ where: { userId } })
  return deps.cipher.open(p.idNumberCipher!, profileField.idNumber(userId))
}
