import type { Config } from '../config.ts'
import type { WechatClient } from '../integrations/wechat/client.ts'
import type { ReportCategory } from '../generated/prisma/client.ts'
import type { Actor } from './actor.ts'
import type { TtlCache } from './cache.ts'
import type { WorkingCalendar } from './calendar.ts'
import type { PiiCipher } from './crypto.ts'
import type { Db, SqlPool } from './db.ts'
import type { Logger } from './logger.ts'
import type { FileStorage } from './storage.ts'

/** Everything a request handler may use, created once per process (or per test). */
export type Deps = {
  config: Config
  db: Db
  sql: SqlPool
  cipher: PiiCipher
  wechat: WechatClient
  storage: FileStorage
  log: Logger
  /** The current time; tests may replace it. */
  now: () => Date
  /** Per-process caches; entries are short-lived and dropped on the writes that change them. */
  caches: {
    actors: TtlCache<number, Actor>
    /** The working calendar (5 s; cleared on an admin edit). */
    calendar: TtlCache<'calendar', Promise<WorkingCalendar>>
    /** The active report categories by id (5 s; cleared on an admin edit). */
    categories: TtlCache<'active', Promise<Map<number, ReportCategory>>>
  }
}
