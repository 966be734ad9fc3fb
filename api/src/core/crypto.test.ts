import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { accountDigest, PiiCipher } from './crypto.ts'

const cipher = new PiiCipher(Buffer.alloc(32, 1), Buffer.alloc(32, 2))
const idOf = (rowId: number) => ({ field: 'resident_profiles.id_number' as const, rowId })
const phoneOf = (rowId: number) => ({ field: 'resident_profiles.phone' as const, rowId })

/** A value in the first format (no key id, no associated data), as the foundation wrote it. */
function legacy(key: Buffer, plain: string): Buffer {
  const iv = randomBytes(12)
  const c = createCipheriv('aes-256-gcm', key, iv)
  const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()])
  return Buffer.concat([Buffer.from([1]), iv, c.getAuthTag(), ct])
}

describe('PiiCipher', () => {
  it('round-trips and uses a fresh IV every time', () => {
    const a = cipher.seal('11010519491231002X', idOf(1))
    const b = cipher.seal('11010519491231002X', idOf(1))
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false)
    expect(cipher.open(a, idOf(1))).toBe('11010519491231002X')
    expect(Buffer.from(a).toString('latin1')).not.toContain('19491231')
  })

  it('refuses a tampered ciphertext (GCM tag)', () => {
    const c = Buffer.from(cipher.seal('13812341234', phoneOf(1)))
    c[c.length - 1] ^= 1
    expect(() => cipher.open(c, phoneOf(1))).toThrow()
  })

  it('refuses a ciphertext made with another key', () => {
    const other = new PiiCipher(Buffer.alloc(32, 3), Buffer.alloc(32, 2))
    expect(() => cipher.open(other.seal('x', phoneOf(1)), phoneOf(1))).toThrow()
  })

  it("refuses another row's ciphertext: swapping two residents' values is detected", () => {
    const alice = cipher.seal('110105194912310021', idOf(7))
    expect(() => cipher.open(alice, idOf(8))).toThrow(/does not authenticate/)
  })

  it("refuses another column's ciphertext: a phone moved into the ID column is detected", () => {
    const phone = cipher.seal('13812341234', phoneOf(7))
    expect(() => cipher.open(phone, idOf(7))).toThrow(/does not authenticate/)
  })

  it('refuses a changed key id in the header (it is authenticated too)', () => {
    const two = new PiiCipher(Buffer.alloc(32, 1), Buffer.alloc(32, 2), 2, new Map([[1, Buffer.alloc(32, 1)]]))
    const c = Buffer.from(two.seal('13812341234', phoneOf(1)))
    c[1] = 1
    expect(() => two.open(c, phoneOf(1))).toThrow()
  })

  it('reads values of an older key after a rotation, and seals new ones with the current key', () => {
    const before = cipher.seal('13812341234', phoneOf(3))
    const rotated = new PiiCipher(Buffer.alloc(32, 4), Buffer.alloc(32, 2), 2, new Map([[1, Buffer.alloc(32, 1)]]))
    expect(rotated.open(before, phoneOf(3))).toBe('13812341234')
    expect(rotated.keyIdOf(before)).toBe(1)
    const after = rotated.seal('13812341234', phoneOf(3))
    expect(rotated.keyIdOf(after)).toBe(2)
    expect(() => cipher.open(after, phoneOf(3))).toThrow(/no key with id 2/)
  })

  it('reads the legacy format only through openLegacy (never as a bound value)', () => {
    const old = legacy(Buffer.alloc(32, 1), '11010519491231002X')
    expect(cipher.keyIdOf(old)).toBeNull()
    expect(cipher.openLegacy(old)).toBe('11010519491231002X')
    expect(() => cipher.open(old, idOf(1))).toThrow(/unknown ciphertext format/)
  })

  it('gives a stable look-up hash that depends on the kind and the key', () => {
    const h = (c: PiiCipher, kind: 'id_number' | 'phone', v: string) => Buffer.from(c.lookupHash(kind, v)).toString('hex')
    expect(h(cipher, 'phone', '13812341234')).toBe(h(cipher, 'phone', '13812341234'))
    expect(h(cipher, 'phone', '13812341234')).not.toBe(h(cipher, 'id_number', '13812341234'))
    expect(h(cipher, 'phone', '13812341234')).not.toBe(h(new PiiCipher(Buffer.alloc(32, 1), Buffer.alloc(32, 5)), 'phone', '13812341234'))
  })

  it('rejects keys of the wrong size and key ids out of range', () => {
    expect(() => new PiiCipher(Buffer.alloc(16), Buffer.alloc(32))).toThrow()
    expect(() => new PiiCipher(Buffer.alloc(32), Buffer.alloc(32), 0)).toThrow()
    expect(() => new PiiCipher(Buffer.alloc(32), Buffer.alloc(32), 256)).toThrow()
  })
})

describe('accountDigest', () => {
  it('names one account however its username is typed, without the name', () => {
    const d = accountDigest('Wang.Fang')
    expect(d).toMatch(/^[0-9a-f]{32}$/)
    expect(accountDigest('  wang.fang ')).toBe(d)
    expect(accountDigest('wang.fang2')).not.toBe(d)
  })
})
