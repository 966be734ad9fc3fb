import type { PiiCipher } from '../../core/crypto.ts'
import { profileField } from '../../core/crypto.ts'
import type { Db } from '../../core/db.ts'

export type RotationResult = { resealed: number; rehashed: number; remaining: number }

/**
 * Re-encrypts personal data with the current key: every resident profile whose ciphertexts are of
 * another key (or of the format before values were bound to their row) is opened and sealed again,
 * a batch of rows at a time, each row under its lock, so it is safe while the API runs and can be
 * stopped and resumed. With `rehash` (after DATA_HMAC_KEY changed) every look-up hash is computed
 * again from the decrypted values, and so are the hashes of open identity reviews.
 */
export async function rotatePersonalData(db: Db, cipher: PiiCipher, opts: { rehash?: boolean; batch?: number; log?: (s: string) => void } = {}): Promise<RotationResult> {
  const batch = opts.batch ?? 200
  const log = opts.log ?? (() => {})
  let resealed = 0
  let rehashed = 0
  let after = 0
  for (;;) {
    const ids = await db.residentProfile.findMany({
      where: {
        userId: { gt: after },
        ...(opts.rehash ? {} : { OR: [{ cipherKeyId: null }, { cipherKeyId: { not: cipher.keyId } }] }),
      },
      select: { userId: true },
      orderBy: { userId: 'asc' },
      take: batch,
    })
    if (!ids.length) break
    after = ids[ids.length - 1].userId
    for (const { userId } of ids) {
      await db.$transaction(async (tx) => {
        const [row] = await tx.$queryRaw<{ id_number_cipher: Uint8Array | null; id_number_hmac: Uint8Array | null; phone_cipher: Uint8Array | null }[]>`
          SELECT id_number_cipher, id_number_hmac, phone_cipher FROM resident_profiles WHERE user_id = ${userId} FOR UPDATE`
        if (!row) return
        const open = (blob: Uint8Array, at: ReturnType<typeof profileField.phone>) => (cipher.keyIdOf(blob) === null ? cipher.openLegacy(blob) : cipher.open(blob, at))
        const idNumber = row.id_number_cipher ? open(row.id_number_cipher, profileField.idNumber(userId)) : null
        const phone = row.phone_cipher ? open(row.phone_cipher, profileField.phone(userId)) : null
        await tx.residentProfile.update({
          where: { userId },
          data: {
            idNumberCipher: idNumber === null ? null : cipher.seal(idNumber, profileField.idNumber(userId)),
            phoneCipher: phone === null ? null : cipher.seal(phone, profileField.phone(userId)),
            cipherKeyId: cipher.keyId,
            ...(opts.rehash
              ? {
                  // A claim under review keeps no look-up hash of its own (identity_reviews holds it).
                  idNumberHmac: idNumber !== null && row.id_number_hmac ? cipher.lookupHash('id_number', idNumber) : null,
                  phoneHmac: phone === null ? null : cipher.lookupHash('phone', phone),
                }
              : {}),
          },
        })
        if (opts.rehash && idNumber !== null && !row.id_number_hmac) {
          await tx.identityReview.updateMany({ where: { claimantId: userId, status: 'pending' }, data: { idNumberHmac: cipher.lookupHash('id_number', idNumber) } })
        }
      })
      resealed++
      if (opts.rehash) rehashed++
    }
    log(`已处理 ${resealed} 条`)
  }
  const remaining = await db.residentProfile.count({ where: { OR: [{ cipherKeyId: null }, { cipherKeyId: { not: cipher.keyId } }] } })
  return { resealed, rehashed, remaining }
}

/** How many profiles still hold ciphertexts of another key (or of the legacy format). */
export function profilesToRotate(db: Db, cipher: PiiCipher): Promise<number> {
  return db.residentProfile.count({ where: { OR: [{ cipherKeyId: null }, { cipherKeyId: { not: cipher.keyId } }] } })
}
