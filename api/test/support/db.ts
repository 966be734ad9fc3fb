import { randomBytes } from 'node:crypto'
import mysql from 'mysql2/promise'
import { inject } from 'vitest'
import { formatDatabaseUrl } from '../../src/core/db.ts'
import { ensureDatabase, migrate } from '../../src/core/migrate.ts'

export type TestDatabase = { name: string; url: string; drop: () => Promise<void> }

/** A fresh database on the test server, migrated unless asked not to; `drop()` removes it. */
export async function createTestDatabase(opts: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const server = inject('dbServer')
  const name = `llt_t_${process.pid}_${randomBytes(4).toString('hex')}`
  const url = formatDatabaseUrl({ ...server, database: name })
  await ensureDatabase(url)
  if (opts.migrate !== false) await migrate(url)
  return {
    name,
    url,
    drop: async () => {
      const conn = await mysql.createConnection({ ...server })
      try {
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``)
      } finally {
        await conn.end()
      }
    },
  }
}
