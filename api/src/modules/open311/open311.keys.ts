import { sha256 } from '../../core/crypto.ts'
import type { DbOrTx } from '../../core/db.ts'

/**
 * The stored form of an Open311 API key: its SHA-256 (open311_clients.key_hash, BINARY(32)).
 * Keys are long random strings, so a plain hash is enough; the key itself is never stored.
 */
export function open311KeyHash(key: string): Buffer<ArrayBuffer> {
  const digest = sha256(key)
  return Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength)
}

/** The client an API key belongs to, as the facade needs it; revoked keys count as unknown. */
export type Open311Client = { id: number; communityId: number; name: string }

/** Looks up the active client of an API key, or null (unknown, revoked or malformed). */
export async function clientByKey(db: DbOrTx, key: string): Promise<Open311Client | null> {
  if (!key || key.length > 200) return null
  const row = await db.open311Client.findUnique({
    where: { keyHash: open311KeyHash(key) },
    select: { id: true, communityId: true, name: true, revokedAt: true },
  })
  if (!row || row.revokedAt) return null
  return { id: row.id, communityId: row.communityId, name: row.name }
}
