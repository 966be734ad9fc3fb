import { createHash, randomUUID } from 'node:crypto'
import fs from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import mysql from 'mysql2/promise'
import { parseDatabaseUrl } from './db.ts'

export const DEFAULT_MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../prisma/migrations',
)

const LOCK_NAME = 'linlitong:migrate'

/** Prisma's own bookkeeping table, created exactly as `prisma migrate` creates it on MySQL. */
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS _prisma_migrations (
  id                      VARCHAR(36) PRIMARY KEY NOT NULL,
  checksum                VARCHAR(64) NOT NULL,
  finished_at             DATETIME(3),
  migration_name          VARCHAR(255) NOT NULL,
  logs                    TEXT,
  rolled_back_at          DATETIME(3),
  started_at              DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
  applied_steps_count     INTEGER UNSIGNED NOT NULL DEFAULT 0
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`

export class MigrationError extends Error {
  override name = 'MigrationError'
}

export type MigrationFile = { name: string; sql: string; checksum: string }

export type MigrateOptions = {
  migrationsDir?: string
  /** Seconds to wait for another runner holding the lock. */
  lockTimeoutSeconds?: number
  log?: (line: string) => void
}

export type MigrateResult = { applied: string[]; alreadyApplied: number }

/** Reads `<dir>/<timestamp>_<name>/migration.sql` files in name order, with Prisma's checksum. */
export async function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true })
  const names = entries
    .filter((e) => e.isDirectory() && /^\d{14}_[a-z0-9_]+$/i.test(e.name))
    .map((e) => e.name)
    .sort()
  return Promise.all(
    names.map(async (name) => {
      const buf = await fs.readFile(path.join(dir, name, 'migration.sql'))
      return { name, sql: buf.toString('utf8'), checksum: createHash('sha256').update(buf).digest('hex') }
    }),
  )
}

type AppliedRow = {
  migration_name: string
  checksum: string
  finished_at: Date | null
  rolled_back_at: Date | null
}

/**
 * Applies pending migrations in order. A named lock makes concurrent runners (several API
 * processes starting at once) wait for each other, so each file is applied exactly once; every
 * file is recorded in `_prisma_migrations` with its checksum, so `prisma migrate status` agrees
 * wherever the engine exists. An edited, already-applied file is an error.
 */
export async function migrate(databaseUrl: string, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const t = parseDatabaseUrl(databaseUrl)
  const log = opts.log ?? (() => {})
  const files = await readMigrations(opts.migrationsDir)
  const conn = await mysql.createConnection({
    host: t.host,
    port: t.port,
    user: t.user,
    password: t.password,
    database: t.database,
    multipleStatements: true,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
  })
  try {
    await conn.query("SET time_zone = '+00:00'")
    const [lockRows] = await conn.query<mysql.RowDataPacket[]>('SELECT GET_LOCK(?, ?) AS got', [
      LOCK_NAME,
      opts.lockTimeoutSeconds ?? 120,
    ])
    if (lockRows[0]?.got !== 1) {
      throw new MigrationError('another migration runner held the lock for too long')
    }
    try {
      await conn.query(CREATE_MIGRATIONS_TABLE)
      const [rows] = await conn.query<(AppliedRow & mysql.RowDataPacket)[]>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations',
      )
      const live = rows.filter((r) => r.rolled_back_at === null)
      const byName = new Map(live.map((r) => [r.migration_name, r]))
      const known = new Set(files.map((f) => f.name))
      const missing = live.filter((r) => !known.has(r.migration_name)).map((r) => r.migration_name)
      if (missing.length) {
        throw new MigrationError(`applied migrations missing from ${opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR}: ${missing.join(', ')}`)
      }
      const applied: string[] = []
      let alreadyApplied = 0
      for (const file of files) {
        const row = byName.get(file.name)
        if (row && row.finished_at === null) {
          throw new MigrationError(
            `migration ${file.name} failed earlier and was not rolled back; fix the database, then mark it rolled back`,
          )
        }
        if (row) {
          if (row.checksum !== file.checksum) {
            throw new MigrationError(
              `migration ${file.name} was edited after it was applied (checksum ${row.checksum.slice(0, 12)}… ≠ ${file.checksum.slice(0, 12)}…); add a new migration instead`,
            )
          }
          alreadyApplied++
          continue
        }
        const id = randomUUID()
        await conn.query(
          'INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (?, ?, ?, UTC_TIMESTAMP(3), 0)',
          [id, file.checksum, file.name],
        )
        try {
          await conn.query(file.sql)
        } catch (e) {
          await conn.query('UPDATE _prisma_migrations SET logs = ? WHERE id = ?', [String((e as Error).message), id])
          throw new MigrationError(`migration ${file.name} failed: ${(e as Error).message}`)
        }
        await conn.query(
          'UPDATE _prisma_migrations SET finished_at = UTC_TIMESTAMP(3), applied_steps_count = 1 WHERE id = ?',
          [id],
        )
        applied.push(file.name)
        log(`applied migration ${file.name}`)
      }
      return { applied, alreadyApplied }
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [LOCK_NAME]).catch(() => {})
    }
  } finally {
    await conn.end().catch(() => {})
  }
}

/** Creates the database named in the URL if it does not exist (utf8mb4); says whether it did. */
export async function ensureDatabase(databaseUrl: string): Promise<{ created: boolean }> {
  const t = parseDatabaseUrl(databaseUrl)
  const conn = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password })
  try {
    const [r] = await conn.query<mysql.ResultSetHeader>(
      `CREATE DATABASE IF NOT EXISTS \`${t.database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    )
    // 1 row affected when the database was created, 0 (and a warning) when it already existed.
    return { created: r.affectedRows === 1 }
  } finally {
    await conn.end().catch(() => {})
  }
}
