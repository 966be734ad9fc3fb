import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Config } from '../../config.ts'
import { derivedKey } from '../../core/tokens.ts'

/**
 * Device tokens: given after a successful password login and sent back with the next one, they
 * mark the device as one the account's owner used, so its attempts are throttled apart from
 * strangers' (a stranger's failed guesses never delay the owner's own device). A token is
 * `<userId>.<deviceId>.<mac>`, signed with a key derived from the JWT secret; it grants no access.
 */
const keys = new Map<string, Buffer>()
const keyOf = (config: Config) => {
  let k = keys.get(config.jwtSecret)
  if (!k) keys.set(config.jwtSecret, (k = derivedKey(config, 'device-token')))
  return k
}
const mac = (config: Config, userId: number, deviceId: string) =>
  createHmac('sha256', keyOf(config)).update(`${userId}.${deviceId}`).digest().subarray(0, 16)

/** A new device token for a user. */
export function mintDeviceToken(config: Config, userId: number): string {
  const deviceId = randomBytes(12).toString('hex')
  return `${userId}.${deviceId}.${mac(config, userId, deviceId).toString('base64url')}`
}

/** The device id of a token genuinely issued to this user, else null. */
export function readDeviceToken(config: Config, token: string, userId: number): { deviceId: string; token: string } | null {
  const m = /^(\d{1,10})\.([0-9a-f]{24})\.([A-Za-z0-9_-]{22})$/.exec(token)
  if (!m || Number(m[1]) !== userId) return null
  const given = Buffer.from(m[3], 'base64url')
  const want = mac(config, userId, m[2])
  return given.length === want.length && timingSafeEqual(given, want) ? { deviceId: m[2], token } : null
}
