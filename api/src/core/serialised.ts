import { createHash } from 'node:crypto'

/** A response body serialised once: its JSON bytes, their ETag, and compressed variants by encoding. */
export type Serialised = { json: Buffer; etag: string; variants: Map<string, Promise<Buffer>> }

const kept = new WeakMap<object, Serialised | null>()

/**
 * Marks a value that a cache hands out again and again as the same object (and never changes):
 * the response layer serialises it on first use and then sends the kept bytes, ETag and
 * compressed variants instead of stringifying and compressing it for every request.
 */
export function keepSerialised<T extends object>(value: T): T {
  if (!kept.has(value)) kept.set(value, null)
  return value
}

/** The kept serialisation of a value marked by keepSerialised (made on first call), else undefined. */
export function serialisedOf(value: unknown): Serialised | undefined {
  if (value === null || typeof value !== 'object') return undefined
  const hit = kept.get(value)
  if (hit !== null) return hit
  const json = Buffer.from(JSON.stringify(value))
  const made: Serialised = { json, etag: `"${createHash('sha1').update(json).digest('base64url')}"`, variants: new Map() }
  kept.set(value, made)
  return made
}
