import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto'
import type { Config } from '../config.ts'

/** A stored file's key: 128 random bits in hex and the image type's extension. */
export const FILE_KEY = /^[a-f0-9]{32}\.(jpg|png|webp)$/

/** Exactly the path the files route serves, nothing else (no `..`, no extra segments, no query). */
export const FILE_PATH = /^\/api\/v1\/files\/[a-f0-9]{32}\.(jpg|png|webp)$/

/** The `t` query parameter of a signed file URL: `<expiry, unix seconds>.<signature>`. */
export const FILE_TOKEN = /^(\d{1,12})\.([A-Za-z0-9_-]{22})$/

type SigningConfig = Pick<Config, 'jwtSecret' | 'fileUrlTtlSeconds'>

// The signing key is derived from the JWT secret under its own label, so a file signature can never
// be mistaken for (or turned into) a token signature.
const keys = new WeakMap<SigningConfig, Buffer>()
function signingKey(config: SigningConfig): Buffer {
  let key = keys.get(config)
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', config.jwtSecret, 'linlitong', 'file-url-signature v1', 32))
    keys.set(config, key)
  }
  return key
}

const sign = (config: SigningConfig, key: string, expiry: number) =>
  createHmac('sha256', signingKey(config)).update(`${key}\n${expiry}`).digest().subarray(0, 16).toString('base64url')

/** The plain path of a stored file: what notice bodies hold and what public files are served at. */
export const fileUrl = (storageKey: string) => `/api/v1/files/${storageKey}`

/**
 * The path of a stored file with a signature valid for `config.fileUrlTtlSeconds`, for files that
 * are not public: the mini-program's <Image> cannot send an Authorization header.
 */
export function signedFileUrl(config: SigningConfig, storageKey: string, now: Date): string {
  const expiry = Math.floor(now.getTime() / 1000) + config.fileUrlTtlSeconds
  return `${fileUrl(storageKey)}?t=${expiry}.${sign(config, storageKey, expiry)}`
}

/** True when `token` (the `t` query parameter) is an unexpired signature of this key. */
export function verifyFileToken(config: SigningConfig, storageKey: string, token: string | undefined, now: Date): boolean {
  const m = token ? FILE_TOKEN.exec(token) : null
  if (!m) return false
  const expiry = Number(m[1])
  if (expiry * 1000 <= now.getTime()) return false
  const expected = Buffer.from(sign(config, storageKey, expiry))
  const given = Buffer.from(m[2])
  return given.length === expected.length && timingSafeEqual(given, expected)
}

/** How a presenter writes file URLs: plain for public files, signed for the rest. */
export type FileUrls = { plain: (storageKey: string) => string; signed: (storageKey: string) => string }

/** File URL writers for one response (signatures start at `now`). */
export function fileUrls(config: SigningConfig, now: Date): FileUrls {
  return { plain: fileUrl, signed: (storageKey) => signedFileUrl(config, storageKey, now) }
}
