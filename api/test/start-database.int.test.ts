import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { afterAll, describe, expect, it } from 'vitest'
import { locateDatabaseServer } from '../src/cli/database.ts'
import { closedPort } from './support/net.ts'

const canQuery = async (port: number) => {
  try {
    const c = await mysql.createConnection({ host: '127.0.0.1', port, user: 'root', connectTimeout: 2000 })
    const [rows] = await c.query('SELECT 1 AS one')
    await c.end()
    return (rows as { one: number }[])[0].one === 1
  } catch {
    return false
  }
}

describe('npm start finds its database: DATABASE_URL, then 127.0.0.1:3306, then a private instance, else says how to install one', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-start-'))
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

  it('uses DATABASE_URL when set, and names it (password masked) when it cannot connect', async () => {
    const found = await locateDatabaseServer({ dataDir, env: { DATABASE_URL: 'mysql://root@127.0.0.1:3306/linlitong_x' } })
    expect(found).toMatchObject({ source: 'env', database: 'linlitong_x', target: { host: '127.0.0.1', port: 3306, user: 'root' } })
    const port = await closedPort()
    await expect(locateDatabaseServer({ dataDir, env: { DATABASE_URL: `mysql://app:s3cret@127.0.0.1:${port}/linlitong` } }))
      .rejects.toThrow(new RegExp(`DATABASE_URL 指向的数据库无法连接 .*mysql://app:\\*\\*\\*@127.0.0.1:${port}/linlitong`))
  })

  it('uses MySQL/MariaDB on 127.0.0.1:3306 as root when DATABASE_URL is unset', async () => {
    const found = await locateDatabaseServer({ dataDir, env: {} })
    expect(found).toMatchObject({ source: 'local', target: { host: '127.0.0.1', port: 3306, user: 'root' } })
  })

  it('stops with how to install one when nothing answers and no mariadbd/mysqld is installed', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-nobin-'))
    const port = await closedPort()
    await expect(locateDatabaseServer({ dataDir, env: { LLT_LOCAL_DB_URL: `mysql://root@127.0.0.1:${port}/x` }, binaryDirs: [empty] }))
      .rejects.toThrow(/没有找到可用的 MySQL\/MariaDB 数据库[\s\S]*DATABASE_URL[\s\S]*apt install mariadb-server/)
    fs.rmSync(empty, { recursive: true })
  })

  it.skipIf(!fs.existsSync('/usr/sbin/mariadbd'))('initialises and starts a private MariaDB under .data/ on its own port, reuses it, and stop() ends it', async () => {
    const port = await closedPort()
    const logs: string[] = []
    const env = { LLT_LOCAL_DB_URL: `mysql://root@127.0.0.1:${port}/x`, PATH: '/usr/bin:/bin' }
    const first = await locateDatabaseServer({ dataDir, env, binaryDirs: ['/usr/sbin', '/usr/bin'], log: (s) => logs.push(s) })
    try {
      expect(first.source).toBe('private')
      expect(first.target.port).not.toBe(3306)
      expect(await canQuery(first.target.port)).toBe(true)
      expect(fs.existsSync(path.join(dataDir, 'mysql', 'data', 'mysql'))).toBe(true)
      expect(logs.join('\n')).toMatch(/初始化私有数据库[\s\S]*已启动私有数据库/)
      const again = await locateDatabaseServer({ dataDir, env, binaryDirs: ['/usr/sbin', '/usr/bin'], log: (s) => logs.push(s) })
      expect(again).toMatchObject({ source: 'private', target: { port: first.target.port } })
    } finally {
      await first.stop()
    }
    expect(await canQuery(first.target.port)).toBe(false)
    expect(fs.existsSync(path.join(dataDir, 'mysql', 'instance.json'))).toBe(false)
  }, 120_000)
})
