import { createHash } from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { afterEach, describe, expect, it } from 'vitest'
import { parseDatabaseUrl } from '../src/core/db.ts'
import { DEFAULT_MIGRATIONS_DIR, migrate, MigrationError, readMigrations } from '../src/core/migrate.ts'
import { createTestDatabase, type TestDatabase } from './support/db.ts'

const dbs: TestDatabase[] = []
const fresh = async () => {
  const db = await createTestDatabase({ migrate: false })
  dbs.push(db)
  return db
}
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((d) => d.drop()))
})

async function rows(url: string) {
  const conn = await mysql.createConnection(parseDatabaseUrl(url))
  try {
    const [r] = await conn.query('SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM _prisma_migrations ORDER BY migration_name')
    return r as { migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; logs: string | null }[]
  } finally {
    await conn.end()
  }
}

function tempMigrations(files: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-mig-'))
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name))
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql)
  }
  return dir
}

describe('migration runner', () => {
  it('applies each file exactly once when two runners start at the same time', async () => {
    const db = await fresh()
    const files = await readMigrations()
    const [a, b] = await Promise.all([migrate(db.url), migrate(db.url)])
    expect(a.applied.length + b.applied.length).toBe(files.length)
    expect(a.alreadyApplied + b.alreadyApplied).toBe(files.length)
    const recorded = await rows(db.url)
    expect(recorded.map((r) => r.migration_name)).toEqual(files.map((f) => f.name))
    expect(recorded.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true)
  })

  it("records Prisma's checksum (sha256 of the file) so prisma migrate status agrees", async () => {
    const db = await fresh()
    await migrate(db.url)
    const [first] = await rows(db.url)
    const sql = fs.readFileSync(path.join(DEFAULT_MIGRATIONS_DIR, first.migration_name, 'migration.sql'))
    expect(first.checksum).toBe(createHash('sha256').update(sql).digest('hex'))
    expect((await migrate(db.url)).applied).toEqual([])
  })

  it('refuses to run when an applied migration was edited', async () => {
    const db = await fresh()
    const dir = tempMigrations({ '20260101000000_one': 'CREATE TABLE one_t (id INT PRIMARY KEY);' })
    await migrate(db.url, { migrationsDir: dir })
    fs.appendFileSync(path.join(dir, '20260101000000_one', 'migration.sql'), '\n-- edited\n')
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/20260101000000_one was edited/)
  })

  it('records a failed migration with its error and will not continue past it', async () => {
    const db = await fresh()
    const dir = tempMigrations({
      '20260101000000_good': 'CREATE TABLE good_t (id INT PRIMARY KEY);',
      '20260102000000_bad': 'CREATE TABLE bad_t (id INT PRIMARY KEY); INSERT INTO no_such_table VALUES (1);',
      '20260103000000_later': 'CREATE TABLE later_t (id INT PRIMARY KEY);',
    })
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toBeInstanceOf(MigrationError)
    const recorded = await rows(db.url)
    expect(recorded.map((r) => [r.migration_name, r.finished_at !== null])).toEqual([
      ['20260101000000_good', true],
      ['20260102000000_bad', false],
    ])
    expect(recorded[1].logs).toMatch(/no_such_table/)
    await expect(migrate(db.url, { migrationsDir: dir })).rejects.toThrow(/failed earlier/)
  })

  it('keeps the audit trail append-only', async () => {
    const db = await fresh()
    await migrate(db.url)
    const conn = await mysql.createConnection(parseDatabaseUrl(db.url))
    try {
      await conn.query("INSERT INTO audit_logs (action, result) VALUES ('test', 'success')")
      await expect(conn.query("UPDATE audit_logs SET action = 'changed'")).rejects.toThrow(/append-only/)
      await expect(conn.query('DELETE FROM audit_logs')).rejects.toThrow(/180 days/)
      await conn.query("INSERT INTO audit_logs (at, action, result) VALUES (UTC_TIMESTAMP(3) - INTERVAL 200 DAY, 'old', 'success')")
      await conn.query("DELETE FROM audit_logs WHERE action = 'old'")
      const [left] = (await conn.query('SELECT action FROM audit_logs')) as any
      expect(left.map((r: { action: string }) => r.action)).toEqual(['test'])
    } finally {
      await conn.end()
    }
  })
})
