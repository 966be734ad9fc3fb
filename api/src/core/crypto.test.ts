import { describe, expect, it } from 'vitest'
import { PiiCipher } from './crypto.ts'

const cipher = new PiiCipher(Buffer.alloc(32, 1), Buffer.alloc(32, 2))

describe('PiiCipher', () => {
  it('round-trips and uses a fresh IV every time', () => {
    const a = cipher.encrypt('11010519491231002X')
    const b = cipher.encrypt('11010519491231002X')
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
    expect(cipher.decrypt(a)).toBe('11010519491231002X')
    expect(Buffer.from(a).toString('latin1')).not.toContain('19491231')
  })

  it('refuses a tampered ciphertext (GCM tag)', () => {
    const c = Buffer.from(cipher.encrypt('13812341234'))
    c[c.length - 1] ^= 1
    expect(() => cipher.decrypt(c)).toThrow()
  })

  it('refuses a ciphertext made with another key', () => {
    const other = new PiiCipher(Buffer.alloc(32, 3), Buffer.alloc(32, 2))
    expect(() => cipher.decrypt(other.encrypt('x'))).toThrow()
  })

  it('gives a stable look-up hash that depends on the kind and the key', () => {
    const h = (c: PiiCipher, kind: 'id_number' | 'phone', v: string) => Buffer.from(c.lookupHash(kind, v)).toString('hex')
    expect(h(cipher, 'phone', '13812341234')).toBe(h(cipher, 'phone', '13812341234'))
    expect(h(cipher, 'phone', '13812341234')).not.toBe(h(cipher, 'id_number', '13812341234'))
    expect(h(cipher, 'phone', '13812341234')).not.toBe(h(new PiiCipher(Buffer.alloc(32, 1), Buffer.alloc(32, 5)), 'phone', '13812341234'))
  })

  it('rejects keys of the wrong size', () => {
    expect(() => new PiiCipher(Buffer.alloc(16), Buffer.alloc(32))).toThrow()
  })
})
