import mysql from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDatabaseUrl } from '../src/core/db.ts'
import { createTestDatabase, type TestDatabase } from './support/db.ts'
import { schemaDrift } from './support/drift.ts'

describe('schema drift: migrations/*.sql against prisma/schema.prisma', () => {
  let db: TestDatabase
  let conn: mysql.Connection
  beforeAll(async () => {
    db = await createTestDatabase()
    conn = await mysql.createConnection(parseDatabaseUrl(db.url))
  })
  afterAll(async () => {
    await conn.end()
    await db.drop()
  })

  it('finds no difference after applying every migration', async () => {
    expect(await schemaDrift(conn, db.name)).toEqual([])
  })

  it('reports added and changed columns, a dropped index, a changed foreign key and an extra table', async () => {
    await conn.query('ALTER TABLE users ADD COLUMN nickname VARCHAR(20) NULL')
    await conn.query('ALTER TABLE consents MODIFY ip VARCHAR(40) NULL')
    await conn.query('ALTER TABLE users ALTER COLUMN session_version SET DEFAULT 1')
    await conn.query('ALTER TABLE grids DROP INDEX grids_street_id_idx')
    await conn.query('ALTER TABLE consents DROP FOREIGN KEY consents_user_id_fkey')
    await conn.query('ALTER TABLE consents ADD CONSTRAINT consents_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE RESTRICT ON UPDATE CASCADE')
    await conn.query('CREATE TABLE stray (id INT PRIMARY KEY)')
    const drift = await schemaDrift(conn, db.name)
    expect(drift).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^column users\.nickname: not in schema/),
        expect.stringMatching(/^column consents\.ip: database .*varchar\(40\)/),
        expect.stringMatching(/^column users\.session_version: database .*"default":"1"/),
        expect.stringMatching(/^index grids\.grids_street_id_idx: missing/),
        expect.stringMatching(/^foreign key consents\.consents_user_id_fkey: database .*RESTRICT/),
        expect.stringMatching(/^table stray: not in schema/),
      ]),
    )
    expect(drift).toHaveLength(6)
  })
})
