import type Koa from 'koa'
import type { AppContextExt, AppState } from '../context.ts'
import { sha256 } from '../../core/crypto.ts'
import { rawSql, sqlTransaction, type RawTx } from '../../core/db.ts'
import { conflict, invalid, isUniqueViolation, unprocessable } from '../../core/errors.ts'

const KEY_RE = /^[A-Za-z0-9_.:-]{1,128}$/
const KEEP_MS = 24 * 3600 * 1000

type StoredKey = { id: number; requestHash: Buffer; statusCode: number | null; responseBody: string | null; expiresAt: Date }

/** Thrown inside the effect's transaction when another request already holds the key. */
class KeyTaken extends Error {}

/**
 * Honours `Idempotency-Key` on create routes. The key and the response are stored in the same
 * transaction as the effect (the route's service runs its writes through `ctx.state.unitOfWork`):
 * the transaction first inserts the key row, so a concurrent request with the same key waits on
 * that row and, once the first commits, replays its stored response instead of running the
 * effect again; if the first rolls back, the second goes ahead. A crash at any point leaves
 * either the effect and its stored response, or neither — never a key stuck "in progress".
 * A retry with the same key and body gets the first response; a different body is refused (422).
 */
export function idempotency(status: number): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    const key = ctx.get('idempotency-key')
    if (!key) return next()
    if (!KEY_RE.test(key)) throw invalid('Idempotency-Key', '只能包含字母、数字和 _.:-，长度 1–128')
    const userId = ctx.state.actor!.id
    const { db } = ctx.deps
    const requestHash = sha256(`${ctx.method} ${ctx.path}\n${ctx.state.rawBody?.toString('utf8') ?? ''}`)

    /** Answers with the stored response of an earlier request with this key, if there is one. */
    const replayed = async (): Promise<boolean> => {
      const now = ctx.deps.now()
      const [row] = await rawSql(ctx.deps.sql).$queryRaw<StoredKey[]>`SELECT id, request_hash AS requestHash, status_code AS statusCode,
        response_body AS responseBody, expires_at AS expiresAt FROM idempotency_keys WHERE user_id = ${userId} AND \`key\` = ${key}`
      if (!row) return false
      if (row.expiresAt <= now) {
        await db.idempotencyKey.deleteMany({ where: { id: row.id, expiresAt: { lte: now } } })
        return false
      }
      if (!Buffer.from(row.requestHash).equals(Buffer.from(requestHash))) {
        throw unprocessable('IDEMPOTENCY_KEY_REUSED', '同一个 Idempotency-Key 不能用于内容不同的请求')
      }
      // Rows from before responses were stored with their effect can lack one.
      if (row.statusCode === null || !row.responseBody) throw conflict('IDEMPOTENCY_IN_PROGRESS', '相同的请求正在处理中，请稍后重试')
      ctx.status = row.statusCode
      ctx.body = JSON.parse(row.responseBody)
      ctx.set('Idempotent-Replayed', 'true')
      return true
    }

    if (await replayed()) return
    // The key first, the effect, then its response — in whichever transaction runs the effect:
    // Prisma's (`unitOfWork`) or a bare mysql2 one (`sqlUnitOfWork`), with the same raw SQL.
    const keyed = async <T, X extends RawTx>(tx: X, effect: (tx: X) => Promise<T>): Promise<T> => {
      const now = ctx.deps.now()
      try {
        await tx.$executeRaw`INSERT INTO idempotency_keys (user_id, \`key\`, method, path, request_hash, status_code, response_body, expires_at)
          VALUES (${userId}, ${key}, ${ctx.method}, ${ctx.path.slice(0, 255)}, ${Buffer.from(requestHash)}, ${status}, '', ${new Date(now.getTime() + KEEP_MS)})`
      } catch (e) {
        if (isUniqueViolation(e)) throw new KeyTaken()
        throw e
      }
      const data = await effect(tx)
      await tx.$executeRaw`UPDATE idempotency_keys SET response_body = ${JSON.stringify({ data })} WHERE user_id = ${userId} AND \`key\` = ${key}`
      return data
    }
    ctx.state.unitOfWork = (effect) => db.$transaction((tx) => keyed(tx, effect))
    ctx.state.sqlUnitOfWork = (effect) => sqlTransaction(ctx.deps.sql, (tx) => keyed(tx, effect))
    try {
      await next()
    } catch (e) {
      if (e instanceof KeyTaken && (await replayed())) return
      if (e instanceof KeyTaken) throw conflict('IDEMPOTENCY_IN_PROGRESS', '相同的请求正在处理中，请稍后重试')
      throw e
    }
  }
}
