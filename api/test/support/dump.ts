import mysql from 'mysql2/promise'
import type { TestServer } from './server.ts'

/**
 * Every value of every non-binary column of every table, as text: what someone holding a dump,
 * a replica or a read-only SQL login sees without the keys.
 */
export async function plaintextDump(srv: TestServer): Promise<string> {
  const conn = await mysql.createConnection({ uri: srv.db.url, dateStrings: true })
  try {
    const [cols] = await conn.query<mysql.RowDataPacket[]>(
      `SELECT TABLE_NAME, COLUMN_NAME FROM information_schema.COLUMNS
       WHERE TABLE_SCHEMA = DATABASE() AND DATA_TYPE NOT IN ('binary', 'varbinary', 'blob', 'longblob', 'mediumblob', 'tinyblob')
       ORDER BY TABLE_NAME, ORDINAL_POSITION`,
    )
    const byTable = new Map<string, string[]>()
    for (const c of cols) byTable.set(c.TABLE_NAME, [...(byTable.get(c.TABLE_NAME) ?? []), c.COLUMN_NAME])
    const parts: string[] = []
    for (const [table, names] of byTable) {
      const [rows] = await conn.query<mysql.RowDataPacket[]>(`SELECT ${names.map((n) => `\`${n}\``).join(', ')} FROM \`${table}\``)
      parts.push(`${table}:${JSON.stringify(rows)}`)
    }
    return parts.join('\n')
  } finally {
    await conn.end()
  }
}
