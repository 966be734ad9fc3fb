import { verify as argonVerify } from '@node-rs/argon2'
import type { PiiCipher } from '../core/crypto.ts'
import type { Db } from '../core/db.ts'
import { DEMO_STAFF_PASSWORD, DEMO_USERNAMES, seedDemo } from './demo.ts'

/** The app_meta row that marks a database `npm start` created for the demo. */
export const DEMO_MARKER = 'demo'

export type DemoDatabase = { isDemo: boolean; seeded: boolean; reason: string }

/**
 * Decides whether a database is the demo's, and loads the demo data into it when it is new.
 * The demo accounts (and the published staff password) go only into a database that `npm start`
 * created for the demo in this run, or one it marked earlier; never into an existing database,
 * empty or not. A database that `npm start` filled before the marker existed is recognised by its
 * `admin` account still having the published demo password: anyone can log in as admin there
 * already, so it is a demo database by definition. `isDemo` is what enables the dev login.
 */
export async function prepareDemoDatabase(db: Db, cipher: PiiCipher, opts: { created: boolean; say?: (s: string) => void }): Promise<DemoDatabase> {
  const say = opts.say ?? (() => {})
  const marked = Boolean(await db.appMeta.findUnique({ where: { name: DEMO_MARKER } }))
  const users = await db.user.count()
  if (users === 0 && (marked || opts.created)) {
    say('载入演示数据…')
    await seedDemo(db, cipher)
    await db.appMeta.upsert({ where: { name: DEMO_MARKER }, create: { name: DEMO_MARKER, value: '1' }, update: {} })
    return { isDemo: true, seeded: true, reason: 'created for the demo' }
  }
  if (marked) return { isDemo: true, seeded: false, reason: 'marked as the demo database' }
  if (users === 0) {
    return { isDemo: false, seeded: false, reason: 'an existing empty database that npm start did not create: no demo data, no demo login' }
  }
  const admin = await db.user.findUnique({ where: { username: 'admin' }, select: { passwordHash: true } })
  if (admin?.passwordHash && (await argonVerify(admin.passwordHash, DEMO_STAFF_PASSWORD).catch(() => false))) {
    await db.$transaction([
      db.appMeta.create({ data: { name: DEMO_MARKER, value: '1' } }),
      db.user.updateMany({ where: { username: { in: DEMO_USERNAMES } }, data: { isDemo: true } }),
    ])
    return { isDemo: true, seeded: false, reason: 'demo data loaded by an earlier npm start' }
  }
  return { isDemo: false, seeded: false, reason: 'holds data that is not the demo: no demo login' }
}
