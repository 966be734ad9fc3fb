import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from 'node:crypto'

/** Bytes as Prisma's `Bytes` columns take them. */
export type Bytes = Uint8Array<ArrayBuffer>
const bytes = (b: Buffer): Bytes => Uint8Array.from(b)

const VERSION = 1

/**
 * Encryption of personal data at rest: AES-256-GCM with a random 12-byte IV, stored as
 * `version(1) | iv(12) | tag(16) | ciphertext`, and an HMAC-SHA256 for exact look-up
 * (so an ID number can be found without decrypting every row).
 */
export class PiiCipher {
  constructor(
    private readonly key: Buffer,
    private readonly hmacKey: Buffer,
  ) {
    if (key.length !== 32) throw new Error('encryption key must be 32 bytes')
    if (hmacKey.length !== 32) throw new Error('HMAC key must be 32 bytes')
  }

  /** Encrypts a UTF-8 string. */
  encrypt(plain: string): Bytes {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()])
    return bytes(Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ct]))
  }

  /** Decrypts and authenticates; throws on any tampering. */
  decrypt(blob: Uint8Array): string {
    const buf = Buffer.from(blob)
    if (buf[0] !== VERSION || buf.length < 29) throw new Error('unknown ciphertext format')
    const decipher = createDecipheriv('aes-256-gcm', this.key, buf.subarray(1, 13))
    decipher.setAuthTag(buf.subarray(13, 29))
    return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]).toString('utf8')
  }

  /** Keyed digest for look-up, namespaced by kind so equal values of different kinds differ. */
  lookupHash(kind: 'id_number' | 'phone', value: string): Bytes {
    return bytes(createHmac('sha256', this.hmacKey).update(`${kind}:${value}`).digest())
  }
}

/** SHA-256 digest (tokens, request fingerprints). */
export function sha256(data: string | Buffer): Bytes {
  return bytes(createHash('sha256').update(data).digest())
}

/** A URL-safe random token. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}
