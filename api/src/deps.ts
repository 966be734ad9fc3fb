import type { Config } from './config.ts'
import { TtlCache } from './core/cache.ts'
import type { Deps } from './core/context.ts'
import { PiiCipher } from './core/crypto.ts'
import { createPrisma, createSqlPool } from './core/db.ts'
import { createLogger, type Logger } from './core/logger.ts'
import { LocalDiskStorage } from './core/storage.ts'
import { createWechatClient } from './integrations/wechat/client.ts'

/** The personal-data cipher of a config: the current key, its id and the older keys still read. */
export function createCipher(config: Config): PiiCipher {
  return new PiiCipher(config.dataEncryptionKey, config.dataHmacKey, config.dataEncryptionKeyId, config.dataEncryptionOldKeys)
}

/** Builds the process's dependencies from its config. `close()` releases the pools. */
export function createDeps(config: Config, opts: { log?: Logger; now?: () => Date } = {}): Deps & { close: () => Promise<void> } {
  const log = opts.log ?? createLogger(config.logLevel)
  const now = opts.now ?? (() => new Date())
  const db = createPrisma(config.databaseUrl, config.dbPoolSize)
  const sql = createSqlPool(config.databaseUrl, config.dbPoolSize)
  return {
    config,
    db,
    sql,
    cipher: createCipher(config),
    wechat: createWechatClient({ config, db, log, now }),
    storage: new LocalDiskStorage(config.uploadDir),
    log,
    now,
    // Real time, not `now`: the TTLs bound staleness between processes, whatever a test's clock says.
    caches: { actors: new TtlCache(5_000), calendar: new TtlCache(5_000), categories: new TtlCache(5_000) },
    async close() {
      await Promise.allSettled([db.$disconnect(), sql.end()])
    },
  }
}
