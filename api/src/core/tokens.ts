import { createHmac, createSecretKey, type KeyObject } from 'node:crypto'
import jwt from 'jsonwebtoken'
import type { Config } from '../config.ts'

const ISSUER = 'linlitong'
const AUDIENCE = 'linlitong-api'

// jsonwebtoken turns a string secret into a KeyObject on every call (~0.45 ms per verify);
// building it once per secret keeps that off the request path.
const keys = new Map<string, KeyObject>()
function keyFor(secret: string): KeyObject {
  let key = keys.get(secret)
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'))
    keys.set(secret, key)
  }
  return key
}

/**
 * Signs a short-lived access token (HS256) for a user at their current session version (`sv`):
 * logout, a password change, disabling the account and a refresh-token reuse alarm bump the
 * version, which ends every access token issued before.
 */
export function signAccessToken(config: Config, userId: number, sessionVersion: number): string {
  return jwt.sign({ typ: 'access', sv: sessionVersion }, keyFor(config.jwtSecret), {
    algorithm: 'HS256',
    subject: String(userId),
    expiresIn: config.accessTokenTtlSeconds,
    issuer: ISSUER,
    audience: AUDIENCE,
  })
}

export type AccessCheck = { ok: true; userId: number; sessionVersion: number } | { ok: false; expired: boolean }

/** Verifies an access token, accepting only HS256 access tokens we issued (with a session version). */
export function verifyAccessToken(config: Config, token: string): AccessCheck {
  try {
    const payload = jwt.verify(token, keyFor(config.jwtSecret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
    }) as jwt.JwtPayload
    const userId = Number(payload.sub)
    const sv = payload.sv
    if (payload.typ !== 'access' || !Number.isSafeInteger(userId) || userId <= 0) return { ok: false, expired: false }
    if (typeof sv !== 'number' || !Number.isSafeInteger(sv) || sv < 0) return { ok: false, expired: false }
    // jsonwebtoken accepts a token without `exp`; ours always carry one, so one without is forged.
    if (typeof payload.exp !== 'number') return { ok: false, expired: false }
    return { ok: true, userId, sessionVersion: sv }
  } catch (e) {
    return { ok: false, expired: e instanceof jwt.TokenExpiredError }
  }
}

/** A key for one purpose, derived from the JWT secret (device tokens, signed file URLs). */
export function derivedKey(config: Config, label: string): Buffer {
  return createHmac('sha256', config.jwtSecret).update(`linlitong:${label}`).digest()
}
