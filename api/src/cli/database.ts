import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { formatDatabaseUrl, parseDatabaseUrl, type DbTarget } from '../core/db.ts'

/** A MySQL/MariaDB server we can create databases on. */
export type DatabaseServer = {
  /** Connection settings without a meaningful database name. */
  target: Omit<DbTarget, 'database'>
  /** Where it came from: the DATABASE_URL, the local default server, or our private instance. */
  source: 'env' | 'local' | 'private'
  /** The database named by DATABASE_URL, when that was the source. */
  database?: string
  /** Stops the private instance if this process started it. */
  stop: () => Promise<void>
}

/** The URL of a database on the server. */
export function databaseUrlOn(server: DatabaseServer, database: string): string {
  return formatDatabaseUrl({ ...server.target, database })
}

const DEFAULT_LOCAL = 'mysql://root@127.0.0.1:3306/mysql'

async function canConnect(t: Omit<DbTarget, 'database'>, timeoutMs = 2000): Promise<string | null> {
  try {
    const conn = await mysql.createConnection({ ...t, connectTimeout: timeoutMs })
    await conn.query('SELECT 1')
    await conn.end()
    return null
  } catch (e) {
    return (e as { code?: string; message?: string }).code ?? (e as Error).message
  }
}

const SYSTEM_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/libexec', '/usr/local/mysql/bin']

function findBinary(names: string[], dirs: string[]): string | null {
  for (const name of names) {
    for (const dir of dirs) {
      const p = path.join(dir, name)
      try {
        fs.accessSync(p, fs.constants.X_OK)
        return p
      } catch {
        /* keep looking */
      }
    }
  }
  return null
}

async function freePort(from: number): Promise<number> {
  for (let port = from; port < from + 100; port++) {
    const ok = await new Promise<boolean>((resolve) => {
      const srv = net.createServer()
      srv.once('error', () => resolve(false))
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)))
    })
    if (ok) return port
  }
  throw new Error(`no free port between ${from} and ${from + 99}`)
}

const INSTALL_HELP = `没有找到可用的 MySQL/MariaDB 数据库 (no MySQL/MariaDB found).
  - 设置 DATABASE_URL，例如 DATABASE_URL=mysql://user:password@127.0.0.1:3306/linlitong
  - 或安装 MariaDB (Debian/Ubuntu): sudo apt install mariadb-server
    安装后 npm start 会在 .data/ 下自动初始化并启动一个私有实例。`

/**
 * Finds a database server: DATABASE_URL if set; else MySQL/MariaDB on 127.0.0.1:3306 as root;
 * else, when a mariadbd/mysqld binary is installed, a private instance initialised under
 * `<dataDir>/mysql` on its own port (started here, stopped by `stop()`); else an error that
 * says how to install one.
 */
export async function locateDatabaseServer(opts: {
  dataDir: string
  log?: (s: string) => void
  env?: NodeJS.ProcessEnv
  /** Where to look for mariadbd/mysqld (default: PATH and the usual sbin directories). */
  binaryDirs?: string[]
}): Promise<DatabaseServer> {
  const env = opts.env ?? process.env
  const dirs = opts.binaryDirs ?? [...(env.PATH ?? '').split(':').filter(Boolean), ...SYSTEM_DIRS]
  const log = opts.log ?? (() => {})
  const noop = async () => {}

  if (env.DATABASE_URL) {
    const t = parseDatabaseUrl(env.DATABASE_URL)
    const { database, ...target } = t
    const err = await canConnect(target, 5000)
    if (err) throw new Error(`DATABASE_URL 指向的数据库无法连接 (${err}): ${formatDatabaseUrl({ ...t, password: t.password ? '***' : '' })}`)
    return { target, source: 'env', database, stop: noop }
  }

  // LLT_LOCAL_DB_URL only exists so the private-instance fallback can be exercised on a machine
  // that has a server on 3306.
  const local = parseDatabaseUrl(env.LLT_LOCAL_DB_URL || DEFAULT_LOCAL)
  const { database: _ignored, ...localTarget } = local
  if ((await canConnect(localTarget)) === null) return { target: localTarget, source: 'local', stop: noop }

  const mysqld = findBinary(['mariadbd', 'mysqld'], dirs)
  if (!mysqld) throw new Error(INSTALL_HELP)
  return startPrivateInstance(mysqld, dirs, path.resolve(opts.dataDir), log)
}

async function startPrivateInstance(mysqld: string, dirs: string[], dataDir: string, log: (s: string) => void): Promise<DatabaseServer> {
  const dir = path.join(dataDir, 'mysql')
  const datadir = path.join(dir, 'data')
  const stateFile = path.join(dir, 'instance.json')
  const pidFile = path.join(dir, 'mysqld.pid')
  fs.mkdirSync(dir, { recursive: true })

  // Reuse an instance a previous run left running.
  const saved = fs.existsSync(stateFile) ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { port: number }) : null
  if (saved) {
    const target = { host: '127.0.0.1', port: saved.port, user: 'root', password: '' }
    if ((await canConnect(target)) === null) {
      log(`使用已在运行的私有数据库 127.0.0.1:${saved.port}`)
      return { target, source: 'private', stop: async () => {} }
    }
  }

  const isRoot = process.getuid?.() === 0
  if (!fs.existsSync(path.join(datadir, 'mysql'))) {
    log(`初始化私有数据库 ${datadir} …`)
    fs.mkdirSync(datadir, { recursive: true })
    const installer = findBinary(['mariadb-install-db', 'mysql_install_db'], [...dirs, path.dirname(mysqld), '/usr/bin', '/usr/local/bin'])
    const isMariaDb = path.basename(mysqld) === 'mariadbd' || Boolean(installer && installer.includes('mariadb'))
    const r = installer && isMariaDb
      ? spawnSync(installer, ['--no-defaults', `--datadir=${datadir}`, '--auth-root-authentication-method=normal', '--skip-test-db', ...(isRoot ? ['--user=root'] : [])], { encoding: 'utf8' })
      : spawnSync(mysqld, ['--no-defaults', '--initialize-insecure', `--datadir=${datadir}`, ...(isRoot ? ['--user=root'] : [])], { encoding: 'utf8' })
    if (r.status !== 0) {
      throw new Error(`初始化私有数据库失败:\n${r.stderr || r.stdout || r.error?.message}`)
    }
  }

  const port = await freePort(3307)
  const socket = path.join(dir, 'mysqld.sock')
  const args = [
    '--no-defaults',
    `--datadir=${datadir}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--socket=${socket.length < 100 ? socket : path.join('/tmp', `linlitong-${port}.sock`)}`,
    `--pid-file=${pidFile}`,
    `--log-error=${path.join(dir, 'error.log')}`,
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    ...(isRoot ? ['--user=root'] : []),
  ]
  const child = spawn(mysqld, args, { stdio: 'ignore', detached: false })
  let exited = false
  child.once('exit', () => (exited = true))
  const target = { host: '127.0.0.1', port, user: 'root', password: '' }
  const deadline = Date.now() + 60_000
  for (;;) {
    if ((await canConnect(target, 1000)) === null) break
    if (exited || Date.now() > deadline) {
      child.kill('SIGTERM')
      throw new Error(`私有数据库启动失败，请查看 ${path.join(dir, 'error.log')}`)
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  fs.writeFileSync(stateFile, JSON.stringify({ port }))
  log(`已启动私有数据库 127.0.0.1:${port}（数据在 ${datadir}）`)
  return {
    target,
    source: 'private',
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve()
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000)
        child.once('exit', () => {
          clearTimeout(timer)
          fs.rmSync(stateFile, { force: true })
          resolve()
        })
        child.kill('SIGTERM')
      }),
  }
}
