// Issue 7 §14: ciphertexts are bound to their row and field, and carry a key id so keys rotate.
import { createCipheriv, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { PiiCipher, profileField } from '../../src/core/crypto.ts'
import { rotatePersonalData } from '../../src/modules/residents/keyRotation.ts'
import { storedIdNumber } from '../support/factories.ts'
import { useTestServer } from '../support/fixture.ts'

const t = useTestServer()

const ids = () => t.srv.demo!.residentIds

describe('binding to row and field', () => {
  it("a database writer who swaps two residents' ID ciphertexts gets neither number out: the read fails loudly", async () => {
    const [a, b] = [ids().resident10, ids().resident11]
    const [idA, idB] = [await storedIdNumber(t.srv.deps, a), await storedIdNumber(t.srv.deps, b)]
    await t.srv.deps.sql.query(`UPDATE resident_profiles p1 JOIN resident_profiles p2 ON p1.user_id = ? AND p2.user_id = ?
      SET p1.id_number_cipher = p2.id_number_cipher, p2.id_number_cipher = p1.id_number_cipher`, [a, b])
    const r = await (await t.api.login('resident10')).post(`/api/v1/residents/${a}/reveal`, { fields: ['idNumber'] })
    expect(r.status).toBe(500)
    expect(JSON.stringify(r.body)).not.toContain(idA)
    expect(JSON.stringify(r.body)).not.toContain(idB)
    // Put them back for the other tests.
    await t.srv.deps.sql.query(`UPDATE resident_profiles p1 JOIN resident_profiles p2 ON p1.user_id = ? AND p2.user_id = ?
      SET p1.id_number_cipher = p2.id_number_cipher, p2.id_number_cipher = p1.id_number_cipher`, [a, b])
    expect(await storedIdNumber(t.srv.deps, a)).toBe(idA)
  })

  it('a phone ciphertext copied into the ID column of the same row is refused too', async () => {
    const a = ids().resident13
    await t.srv.deps.sql.query('UPDATE resident_profiles SET id_number_cipher = phone_cipher WHERE user_id = ?', [a])
    const r = await (await t.api.login('resident13')).post(`/api/v1/residents/${a}/reveal`, { fields: ['idNumber'] })
    expect(r.status).toBe(500)
    expect(JSON.stringify(r.body)).not.toMatch(/1[3-9]\d{9}/)
  })
})

describe('npm run rotate-keys', () => {
  const newKey = randomBytes(32)
  it('re-seals every profile with the new key; the old key is no longer needed afterwards', async () => {
    const before = await storedIdNumber(t.srv.deps, ids().resident1)
    const rotated = new PiiCipher(newKey, t.srv.config.dataHmacKey, 2, new Map([[1, t.srv.config.dataEncryptionKey]]))
    // resident13's ID column was corrupted by the test above: that profile cannot be rotated.
    await t.srv.deps.sql.query('DELETE FROM resident_profiles WHERE user_id = ?', [ids().resident13])
    const r = await rotatePersonalData(t.srv.deps.db, rotated)
    expect(r.remaining).toBe(0)
    expect(r.resealed).toBeGreaterThanOrEqual(19)
    const onlyNew = new PiiCipher(newKey, t.srv.config.dataHmacKey, 2)
    const row = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: ids().resident1 } })
    expect(row.cipherKeyId).toBe(2)
    expect(onlyNew.open(row.idNumberCipher!, profileField.idNumber(ids().resident1))).toBe(before)
    expect(() => t.srv.deps.cipher.open(row.idNumberCipher!, profileField.idNumber(ids().resident1))).toThrow(/no key with id 2/)
  })

  it('upgrades values written before they were bound to their rows (legacy format)', async () => {
    const key = Buffer.alloc(32, 7)
    // Key 1 back as the current key, key 2 (the previous test's) readable while rotating back.
    const cipher = new PiiCipher(key, Buffer.alloc(32, 9), 1, new Map([[2, newKey]]))
    const userId = ids().resident14
    const iv = randomBytes(12)
    const c = createCipheriv('aes-256-gcm', key, iv)
    const ct = Buffer.concat([c.update('13900001014', 'utf8'), c.final()])
    const legacy = Buffer.concat([Buffer.from([1]), iv, c.getAuthTag(), ct])
    await t.srv.deps.sql.query('UPDATE resident_profiles SET phone_cipher = ?, id_number_cipher = NULL, cipher_key_id = NULL WHERE user_id = ?', [legacy, userId])
    await rotatePersonalData(t.srv.deps.db, cipher)
    const row = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId } })
    expect(cipher.keyIdOf(row.phoneCipher!)).toBe(1)
    expect(cipher.open(row.phoneCipher!, profileField.phone(userId))).toBe('13900001014')
  })

  it('--rehash recomputes look-up hashes under a new HMAC key', async () => {
    const hmacKey = randomBytes(32)
    const cipher = new PiiCipher(Buffer.alloc(32, 7), hmacKey, 1)
    await rotatePersonalData(t.srv.deps.db, cipher, { rehash: true })
    const row = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: ids().resident1 } })
    const id = cipher.open(row.idNumberCipher!, profileField.idNumber(ids().resident1))
    expect(Buffer.from(row.idNumberHmac!).equals(Buffer.from(cipher.lookupHash('id_number', id)))).toBe(true)
  })
})
