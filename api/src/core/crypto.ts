import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'

/** Bytes as Prisma's `Bytes` columns take them. */
export type Bytes = Uint8Array<ArrayBuffer>
const bytes = (b: Buffer): Bytes => Uint8Array.from(b)

/** The first format: `1 | iv(12) | tag(16) | ciphertext`, one key, no associated data. */
const LEGACY_VERSION = 1
/** `2 | keyId(1) | iv(12) | tag(16) | ciphertext`, bound to its row and field. */
const VERSION = 2
const HEADER = 2 + 12 + 16

/** Every encrypted column, as `table.field`: part of each value's associated data. */
export type SealedField = 'resident_profiles.id_number' | 'resident_profiles.phone'

/** Where a value lives: its column and the primary key of its row. */
export type SealContext = { field: SealedField; rowId: number | string }

export class CipherError extends Error {
  override name = 'CipherError'
}

/**
 * Encryption of personal data at rest: AES-256-GCM with a random 12-byte IV. Each value is bound
 * to its row and column through GCM's associated data (`field#rowId` and the header), so a
 * database writer who swaps two residents' ciphertexts, or moves a phone into the ID column, gets
 * a value that no longer decrypts. The header names the key (1–255), so keys can be rotated:
 * old keys stay readable until `npm run rotate-keys` has re-encrypted every row with the current
 * one. An HMAC-SHA256 beside each value allows exact look-up without decrypting.
 */
export class PiiCipher {
  private readonly keys: Map<number, Buffer>

  /**
   * `key` is the current key (id `keyId`); `oldKeys` are earlier keys by id, for reading only.
   */
  constructor(
    key: Buffer,
    private readonly hmacKey: Buffer,
    readonly keyId = 1,
    oldKeys: Map<number, Buffer> = new Map(),
  ) {
    if (key.length !== 32) throw new Error('encryption key must be 32 bytes')
    if (hmacKey.length !== 32) throw new Error('HMAC key must be 32 bytes')
    if (!Number.isInteger(keyId) || keyId < 1 || keyId > 255) throw new Error('key id must be 1–255')
    for (const [id, k] of oldKeys) if (k.length !== 32 || id < 1 || id > 255) throw new Error(`old key ${id} must be 32 bytes with an id of 1–255`)
    this.keys = new Map([...oldKeys, [keyId, key]])
  }

  /** Encrypts a UTF-8 string for one column of one row, with the current key. */
  seal(plain: string, at: SealContext): Bytes {
    const iv = randomBytes(12)
    const header = Buffer.from([VERSION, this.keyId])
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.keyId)!, iv)
    cipher.setAAD(aad(header, at))
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return bytes(Buffer.concat([header, iv, cipher.getAuthTag(), ct]))
  }

  /** Decrypts and authenticates a value of that column and row; throws on any tampering or move. */
  open(blob: Uint8Array, at: SealContext): string {
    const buf = Buffer.from(blob)
    if (buf[0] !== VERSION || buf.length < HEADER) throw new CipherError('unknown ciphertext format')
    const key = this.keys.get(buf[1])
    if (!key) throw new CipherError(`no key with id ${buf[1]}`)
    const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(2, 14))
    decipher.setAAD(aad(buf.subarray(0, 2), at))
    decipher.setAuthTag(buf.subarray(14, HEADER))
    try {
      return Buffer.concat([decipher.update(buf.subarray(HEADER)), decipher.final()]).toString('utf8')
    } catch {
      throw new CipherError('ciphertext does not authenticate for this row and field')
    }
  }

  /** The key id a value was sealed with; null for the legacy format. */
  keyIdOf(blob: Uint8Array): number | null {
    if (blob[0] === VERSION && blob.length >= HEADER) return blob[1]
    if (blob[0] === LEGACY_VERSION) return null
    throw new CipherError('unknown ciphertext format')
  }

  /**
   * Reads the format written before values were bound to rows (no key id, no associated data),
   * with key id 1. Only the key rotation uses it, to re-seal such values once.
   */
  openLegacy(blob: Uint8Array): string {
    const buf = Buffer.from(blob)
    const key = this.keys.get(1)
    if (buf[0] !== LEGACY_VERSION || buf.length < 29 || !key) throw new CipherError('not a legacy ciphertext')
    const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(1, 13))
    decipher.setAuthTag(buf.subarray(13, 29))
    return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8')
  }

  /** Keyed digest for look-up, namespaced by kind so equal values of different kinds differ. */
  lookupHash(kind: 'id_number' | 'phone', value: string): Bytes {
    return bytes(createHmac('sha256', this.hmacKey).update(`${kind}:${value}`).digest())
  }
}

function aad(header: Buffer, at: SealContext): Buffer {
  return Buffer.concat([header, Buffer.from(`|${at.field}#${at.rowId}`, 'utf8')])
}

/** SHA-256 digest (tokens, request fingerprints). */
export function sha256(data: string | Buffer): Bytes {
  return bytes(createHash('sha256').update(data).digest())
}

/** A URL-safe random token. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

/** A username as typed, normalised and hashed: names an account in buckets and audit rows without the name. */
export function accountDigest(username: string): string {
  return createHash('sha256').update(username.trim().toLowerCase()).digest('hex').slice(0, 32)
}

/** Where each encrypted column of a resident profile lives (the profile's key is the user id). */
export const profileField = {
  idNumber: (userId: number): SealContext => ({ field: 'resident_profiles.id_number', rowId: userId }),
  phone: (userId: number): SealContext => ({ field: 'resident_profiles.phone', rowId: userId }),
}
