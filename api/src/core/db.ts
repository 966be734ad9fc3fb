import { PrismaMariaDb } from '@prisma/adapter-mariadb'
import mysql from 'mysql2/promise'
import { Prisma, PrismaClient } from '../generated/prisma/client.ts'
import { isDeadlock } from './errors.ts'

export type Db = PrismaClient
/** An interactive transaction client, as passed to `db.$transaction(async (tx) => …)`. */
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0]
export type DbOrTx = Db | Tx
/**
 * Runs a service's writes in one transaction. Create routes with an Idempotency-Key give their
 * services one that also stores the key and the response in that transaction.
 */
export type UnitOfWork = <T>(effect: (tx: Tx) => Promise<T>) => Promise<T>
/** The same on a bare mysql2 transaction (`sqlTransaction`), for hot paths written in raw SQL. */
export type SqlUnitOfWork = <T>(effect: (tx: RawTx) => Promise<T>) => Promise<T>
export type SqlPool = mysql.Pool

/**
 * One prepared statement's rows, through mysql2's callback pool: its promise wrapper captures a
 * stack trace for every statement (5% of a cached read's CPU in the profile). For the one-statement
 * reads run on every request (the checks of kept answers); an error has the statement's own
 * message and code but no async stack.
 */
export function executeRows<T>(sql: SqlPool, text: string, params: (string | number)[]): Promise<T[]> {
  return new Promise((resolve, reject) => {
    sql.pool.execute(text, params, (err: Error | null, rows: unknown) => (err ? reject(err) : resolve(rows as T[])))
  })
}

/** Where a database is: the connection options the Prisma adapter and the mysql2 pool both take. */
export type DbTarget = {
  host: string
  port: number
  user: string
  password: string
  database: string
}

/** Splits a mysql:// URL into its parts (the database name is required). */
export function parseDatabaseUrl(url: string): DbTarget {
  const u = new URL(url)
  if (u.protocol !== 'mysql:' && u.protocol !== 'mariadb:') {
    throw new Error(`DATABASE_URL must start with mysql://, got ${u.protocol}`)
  }
  const database = decodeURIComponent(u.pathname.replace(/^\//, ''))
  if (!database) throw new Error('DATABASE_URL must name a database, e.g. mysql://root@127.0.0.1:3306/linlitong')
  return {
    host: u.hostname || '127.0.0.1',
    port: u.port ? Number(u.port) : 3306,
    user: decodeURIComponent(u.username || 'root'),
    password: decodeURIComponent(u.password || ''),
    database,
  }
}

/** Formats a DbTarget back into a mysql:// URL. */
export function formatDatabaseUrl(t: DbTarget): string {
  const auth = t.password
    ? `${encodeURIComponent(t.user)}:${encodeURIComponent(t.password)}`
    : encodeURIComponent(t.user)
  return `mysql://${auth}@${t.host}:${t.port}/${encodeURIComponent(t.database)}`
}

/**
 * The process's Prisma client. Every session runs in UTC so that DATETIME columns written by
 * Prisma, by raw SQL and by column defaults agree.
 */
export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  const adapter = new PrismaMariaDb({
    ...parseDatabaseUrl(databaseUrl),
    connectionLimit: poolSize,
    // While the database is away a request waits at most this long for a connection, then
    // answers 503 (the driver's default is 10 s); the mysql2 pool connects within 3 s likewise.
    acquireTimeout: 5000,
    connectTimeout: 3000,
    timezone: 'Z',
    charset: 'utf8mb4',
  })
  // A transaction waits for a connection as long as a single query does (acquireTimeout), not
  // Prisma's default 2 s: a burst (200 residents booking at once) queues instead of answering 503.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 5000 } })
}

/** A mysql2 pool for the migration runner, health checks and raw SQL on hot paths. */
export function createSqlPool(databaseUrl: string, poolSize = 10): SqlPool {
  const pool = mysql.createPool({
    ...parseDatabaseUrl(databaseUrl),
    connectionLimit: poolSize,
    // A server that accepts but never answers would otherwise hold a request (and the health
    // check) for mysql2's default 10 s.
    connectTimeout: 3000,
    timezone: 'Z',
    charset: 'utf8mb4_unicode_ci',
    dateStrings: false,
    supportBigNumbers: true,
    bigNumberStrings: false,
  })
  pool.on('connection', (conn) => {
    conn.query("SET time_zone = '+00:00'")
  })
  return pool
}

/**
 * Runs a transaction again (up to 3 times in all) when the database chose it as a deadlock
 * victim; anything else, or the third deadlock, is thrown.
 */
export async function retryDeadlock<T>(deps: { log: { warn: (msg: string, meta?: Record<string, unknown>) => void } }, run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run()
    } catch (e) {
      if (attempt >= 3 || !isDeadlock(e)) throw e
      deps.log.warn('transaction retried after a deadlock', { attempt })
    }
  }
}

/**
 * The raw-SQL half of a database client: what writes that must also run on a bare mysql2
 * transaction need (`notifyUsers`, `queueSubscribeMessages`, `audit`). A Prisma client or
 * transaction is one; so is `sqlTransaction`'s.
 */
export interface RawTx {
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>
  $queryRaw<T = unknown>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<T>
}

/** A RawTx made by `rawSql`: it also reads an INSERT's first new id off the statement's own result. */
type InsertingTx = RawTx & { $insertRaw(query: Prisma.Sql): Promise<bigint> }

/**
 * Runs an INSERT and returns the (first) id it generated: from the statement's result on a mysql2
 * connection (one round trip), else by `SELECT LAST_INSERT_ID()` on the same transaction (Prisma).
 */
export async function insertRaw(tx: RawTx, query: Prisma.Sql): Promise<bigint> {
  if ('$insertRaw' in tx) return (tx as InsertingTx).$insertRaw(query)
  await tx.$executeRaw(query)
  const [{ id }] = await tx.$queryRaw<{ id: bigint | number }[]>`SELECT LAST_INSERT_ID() AS id`
  return BigInt(id)
}

/** Prisma's tagged templates run through a mysql2 connection or pool: one round trip each, no ORM. */
export function rawSql(conn: Pick<mysql.Pool, 'query'> | Pick<mysql.PoolConnection, 'query'>): RawTx {
  const toSql = (query: TemplateStringsArray | Prisma.Sql, values: unknown[]) => (query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values))
  const tx: InsertingTx = {
    async $executeRaw(query, ...values) {
      const q = toSql(query, values)
      const [res] = await conn.query<mysql.ResultSetHeader>(q.sql, q.values)
      return res.affectedRows
    },
    async $insertRaw(query) {
      const [res] = await conn.query<mysql.ResultSetHeader>(query.sql, query.values)
      return BigInt(res.insertId)
    },
    async $queryRaw<T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) {
      const q = toSql(query, values)
      const [rows] = await conn.query(q.sql, q.values)
      return rows as T
    },
  }
  return tx
}

/**
 * A transaction on one mysql2 connection, for hot paths where Prisma's per-statement cost shows
 * (the ballot): BEGIN, the effect, COMMIT; ROLLBACK and rethrow on any error.
 */
export async function sqlTransaction<T>(pool: SqlPool, effect: (tx: RawTx) => Promise<T>): Promise<T> {
  const conn = await pool.getConnection()
  try {
    await conn.beginTransaction()
    try {
      const out = await effect(rawSql(conn))
      await conn.commit()
      return out
    } catch (e) {
      await conn.rollback().catch(() => undefined)
      throw e
    }
  } finally {
    conn.release()
  }
}
