import { createDecipheriv, createPublicKey, createVerify, X509Certificate, type KeyObject } from 'node:crypto'
import type { WechatPayConfig } from '../../config.ts'

/** The WeChat Pay public keys that may sign answers and notifications, by serial (or `PUB_KEY_ID_…`). */
export type SignatureKeys = Map<string, KeyObject>

/** A PEM platform certificate or public key as a key object. */
function publicKeyOf(pem: string): KeyObject {
  return pem.includes('CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem)
}

/** The verifying keys of a config: every platform certificate by serial, plus the public key by its id. */
export function signatureKeys(config: Pick<WechatPayConfig, 'platformCerts' | 'publicKey'>): SignatureKeys {
  const keys: SignatureKeys = new Map()
  for (const [serial, pem] of Object.entries(config.platformCerts)) keys.set(serial, publicKeyOf(pem))
  if (config.publicKey) keys.set(config.publicKey.id, publicKeyOf(config.publicKey.pem))
  return keys
}

/** The four Wechatpay-* headers of an answer or a notification. */
export type SignedHeaders = { timestamp?: string; nonce?: string; signature?: string; serial?: string }

export type VerifyOutcome = 'ok' | 'bad_headers' | 'unknown_serial' | 'bad_signature' | 'stale'

/** Reads the Wechatpay-* headers from a header getter (Koa's ctx.get or fetch's headers.get). */
export function signedHeaders(get: (name: string) => string | null | undefined): SignedHeaders {
  const h = (name: string) => get(name) || undefined
  return {
    timestamp: h('wechatpay-timestamp'),
    nonce: h('wechatpay-nonce'),
    signature: h('wechatpay-signature'),
    serial: h('wechatpay-serial'),
  }
}

/**
 * Checks a WeChat Pay signature: RSA-SHA256 by the key of `Wechatpay-Serial` (a platform
 * certificate's serial or the public key's `PUB_KEY_ID_…`) over `timestamp\nnonce\nbody\n`, the body
 * as the exact bytes received. With `maxSkewSeconds`, a timestamp further than that from `now` is
 * `stale` (checked after the signature, so a forged header is reported as forged).
 */
export function verifySignature(
  keys: SignatureKeys, headers: SignedHeaders, body: Buffer | string, opts: { now?: Date; maxSkewSeconds?: number } = {},
): VerifyOutcome {
  const { timestamp, nonce, signature, serial } = headers
  if (!timestamp || !nonce || !signature || !serial || !/^\d{1,12}$/.test(timestamp) || nonce.length > 64 || signature.length > 1024) return 'bad_headers'
  const key = keys.get(serial)
  if (!key) return 'unknown_serial'
  const message = Buffer.concat([Buffer.from(`${timestamp}\n${nonce}\n`), Buffer.isBuffer(body) ? body : Buffer.from(body), Buffer.from('\n')])
  let ok = false
  try {
    ok = createVerify('RSA-SHA256').update(message).verify(key, signature, 'base64')
  } catch {
    ok = false
  }
  if (!ok) return 'bad_signature'
  if (opts.now && opts.maxSkewSeconds !== undefined && Math.abs(opts.now.getTime() / 1000 - Number(timestamp)) > opts.maxSkewSeconds) return 'stale'
  return 'ok'
}

/** The encrypted `resource` of a notification. */
export type EncryptedResource = { algorithm: string; ciphertext: string; associated_data?: string; nonce: string; original_type?: string }

export class DecryptError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'DecryptError'
  }
}

const TAG_BYTES = 16

/**
 * Decrypts a notification resource: AEAD_AES_256_GCM with the APIv3 key, iv = `nonce`, AAD =
 * `associated_data`, the authentication tag being the ciphertext's last 16 bytes. `final()` checks
 * the tag, so a tampered ciphertext, nonce or AAD throws DecryptError (wechatpay-node-v3's
 * `decipher_gcm` never calls it and would hand back the forged plaintext).
 */
export function decryptResource(resource: EncryptedResource, apiV3Key: string): string {
  if (resource.algorithm !== 'AEAD_AES_256_GCM') throw new DecryptError(`unsupported algorithm ${String(resource.algorithm).slice(0, 32)}`)
  const data = Buffer.from(resource.ciphertext, 'base64')
  if (data.length <= TAG_BYTES) throw new DecryptError('ciphertext too short')
  const key = Buffer.from(apiV3Key, 'utf8')
  if (key.length !== 32) throw new DecryptError('the APIv3 key is not 32 bytes')
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(resource.nonce, 'utf8'), { authTagLength: TAG_BYTES })
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES))
    decipher.setAAD(Buffer.from(resource.associated_data ?? '', 'utf8'))
    return Buffer.concat([decipher.update(data.subarray(0, data.length - TAG_BYTES)), decipher.final()]).toString('utf8')
  } catch {
    throw new DecryptError('authentication failed')
  }
}
