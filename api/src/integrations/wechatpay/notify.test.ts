import { createCipheriv, createSign, generateKeyPairSync, randomBytes } from 'node:crypto'
import Pay from 'wechatpay-node-v3'
import { describe, expect, it } from 'vitest'
import { decryptResource, DecryptError, signatureKeys, verifySignature } from './notify.ts'

const platform = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pub = generateKeyPairSync('rsa', { modulusLength: 2048 })
const other = generateKeyPairSync('rsa', { modulusLength: 2048 })
const pem = (k: typeof platform) => k.publicKey.export({ type: 'spki', format: 'pem' }).toString()
const keys = signatureKeys({ platformCerts: { SERIAL1: pem(platform) }, publicKey: { id: 'PUB_KEY_ID_0001', pem: pem(pub) } })
const apiV3Key = randomBytes(16).toString('hex')

function signed(body: string, key = platform.privateKey, serial = 'SERIAL1', timestamp = String(Math.floor(Date.now() / 1000))) {
  const nonce = randomBytes(8).toString('hex')
  const signature = createSign('RSA-SHA256').update(`${timestamp}\n${nonce}\n${body}\n`).sign(key, 'base64')
  return { timestamp, nonce, signature, serial }
}

function seal(plain: string, aad = 'transaction') {
  const nonce = randomBytes(6).toString('hex')
  const c = createCipheriv('aes-256-gcm', Buffer.from(apiV3Key), Buffer.from(nonce))
  c.setAAD(Buffer.from(aad))
  const out = Buffer.concat([c.update(plain, 'utf8'), c.final(), c.getAuthTag()])
  return { algorithm: 'AEAD_AES_256_GCM', ciphertext: out.toString('base64'), nonce, associated_data: aad }
}

describe('WeChat Pay signatures', () => {
  const body = '{"id":"EV-1","event_type":"TRANSACTION.SUCCESS"}'
  const now = new Date()

  it('accepts a signature by the platform certificate of the serial, or by the public key of PUB_KEY_ID_…', () => {
    expect(verifySignature(keys, signed(body), Buffer.from(body), { now, maxSkewSeconds: 300 })).toBe('ok')
    expect(verifySignature(keys, signed(body, pub.privateKey, 'PUB_KEY_ID_0001'), body, { now, maxSkewSeconds: 300 })).toBe('ok')
  })

  it('refuses a changed body, another key, an unknown serial, missing headers and a stale timestamp', () => {
    expect(verifySignature(keys, signed(body), body.replace('EV-1', 'EV-2'))).toBe('bad_signature')
    expect(verifySignature(keys, signed(body, other.privateKey), body)).toBe('bad_signature')
    expect(verifySignature(keys, signed(body, platform.privateKey, 'PUB_KEY_ID_0001'), body)).toBe('bad_signature')
    expect(verifySignature(keys, signed(body, other.privateKey, 'SERIAL2'), body)).toBe('unknown_serial')
    expect(verifySignature(keys, { ...signed(body), signature: undefined }, body)).toBe('bad_headers')
    const old = String(Math.floor(now.getTime() / 1000) - 301)
    expect(verifySignature(keys, signed(body, platform.privateKey, 'SERIAL1', old), body, { now, maxSkewSeconds: 300 })).toBe('stale')
    const edge = String(Math.floor(now.getTime() / 1000) - 299)
    expect(verifySignature(keys, signed(body, platform.privateKey, 'SERIAL1', edge), body, { now, maxSkewSeconds: 300 })).toBe('ok')
  })
})

describe('WeChat Pay resource decryption', () => {
  const plain = JSON.stringify({ out_trade_no: 'BK1T1', amount: { total: 1000, currency: 'CNY' } })

  it('decrypts with the APIv3 key, the nonce and the associated data', () => {
    expect(JSON.parse(decryptResource(seal(plain), apiV3Key))).toEqual(JSON.parse(plain))
  })

  it('refuses a tampered ciphertext that wechatpay-node-v3 decipher_gcm would have accepted', () => {
    const r = seal(plain)
    const data = Buffer.from(r.ciphertext, 'base64')
    // AES-GCM is a stream cipher: flipping bits of the ciphertext flips the same bits of the
    // plaintext. Turn "total":1000 into "total":9000 without knowing the key.
    const at = plain.indexOf('"total":1') + '"total":'.length
    data[at] ^= '1'.charCodeAt(0) ^ '9'.charCodeAt(0)
    const forged = { ...r, ciphertext: data.toString('base64') }
    const lib = new Pay({ appid: 'wx1', mchid: '1', serial_no: 'S', publicKey: Buffer.from('unused'), privateKey: Buffer.from('unused') })
    expect(lib.decipher_gcm<{ amount: { total: number } }>(forged.ciphertext, forged.associated_data, forged.nonce, apiV3Key).amount.total).toBe(9000)
    expect(() => decryptResource(forged, apiV3Key)).toThrow(DecryptError)
  })

  it('refuses another associated data, another nonce, another key, a cut tag and another algorithm', () => {
    const r = seal(plain)
    expect(() => decryptResource({ ...r, associated_data: 'refund' }, apiV3Key)).toThrow(DecryptError)
    expect(() => decryptResource({ ...r, nonce: 'aaaaaaaaaaaa' }, apiV3Key)).toThrow(DecryptError)
    expect(() => decryptResource(r, randomBytes(16).toString('hex'))).toThrow(DecryptError)
    expect(() => decryptResource({ ...r, ciphertext: Buffer.from(r.ciphertext, 'base64').subarray(0, -1).toString('base64') }, apiV3Key)).toThrow(DecryptError)
    expect(() => decryptResource({ ...r, ciphertext: 'AAAA' }, apiV3Key)).toThrow(DecryptError)
    expect(() => decryptResource({ ...r, algorithm: 'AES_CBC' }, apiV3Key)).toThrow(DecryptError)
  })
})
