// `npm run rotate-keys [-- --rehash]`: re-encrypts personal data with the current key
// (DATA_ENCRYPTION_KEY with DATA_ENCRYPTION_KEY_ID; the earlier keys in DATA_ENCRYPTION_OLD_KEYS
// stay readable until this has run). `--rehash` also recomputes every look-up hash, after
// DATA_HMAC_KEY changed. Safe while the API runs; resumable. See docs/security.md.
import { loadConfig } from '../config.ts'
import { createPrisma } from '../core/db.ts'
import { createCipher } from '../deps.ts'
import { rotatePersonalData } from '../modules/residents/keyRotation.ts'

const config = loadConfig()
const db = createPrisma(config.databaseUrl, 2)
try {
  const r = await rotatePersonalData(db, createCipher(config), { rehash: process.argv.includes('--rehash'), log: (s) => console.log(s) })
  console.log(`re-encrypted ${r.resealed} profiles with key ${config.dataEncryptionKeyId}${r.rehashed ? `, recomputed look-up hashes of ${r.rehashed}` : ''}; ${r.remaining} left under other keys`)
  if (r.remaining) process.exitCode = 1
} catch (e) {
  console.error((e as Error).message)
  process.exitCode = 1
} finally {
  await db.$disconnect()
}
