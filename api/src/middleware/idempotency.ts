import type Koa from 'koa'
import type { AppContextExt, AppState } from '../core/context.ts'
import { sha256 } from '../core/crypto.ts'
import { conflict, invalid, isUniqueViolation, unprocessable } from '../core/errors.ts'

const KEY_RE = /^[A-Za-z0-9_.:-]{1,128}$/
const KEEP_MS = 24 * 3600 * 1000

/**
 * Honours `Idempotency-Key` on create routes: the first request claims the key (a unique row),
 * a retry with the same key and body gets the stored first response, a different body with the
 * same key is refused (422), and a retry while the first is still running gets 409. Failed
 * requests release the key so the client can try again.
 */
export function idempotency(): Koa.Middleware<AppState, AppContextExt> {
  return async (ctx, next) => {
    const key = ctx.get('idempotency-key')
    if (!key) return next()
    if (!KEY_RE.test(key)) throw invalid('Idempotency-Key', '只能包含字母、数字和 _.:-，长度 1–128')
    const userId = ctx.state.actor!.id
    const { db } = ctx.deps
    const requestHash = sha256(`${ctx.method} ${ctx.path}\n${ctx.state.rawBody?.toString('utf8') ?? ''}`)

    for (let attempt = 0; ; attempt++) {
      const now = ctx.deps.now()
      try {
        await db.idempotencyKey.create({
          data: { userId, key, method: ctx.method, path: ctx.path.slice(0, 255), requestHash, expiresAt: new Date(now.getTime() + KEEP_MS) },
        })
        break
      } catch (e) {
        if (!isUniqueViolation(e)) throw e
      }
      const row = await db.idempotencyKey.findUnique({ where: { userId_key: { userId, key } } })
      if (!row || (row.expiresAt <= now && attempt === 0)) {
        if (row) await db.idempotencyKey.deleteMany({ where: { id: row.id, expiresAt: { lte: now } } })
        if (attempt === 0) continue
        throw conflict('IDEMPOTENCY_IN_PROGRESS', '相同的请求正在处理中，请稍后重试')
      }
      if (!Buffer.from(row.requestHash).equals(Buffer.from(requestHash))) {
        throw unprocessable('IDEMPOTENCY_KEY_REUSED', '同一个 Idempotency-Key 不能用于内容不同的请求')
      }
      if (row.statusCode === null || row.responseBody === null) {
        throw conflict('IDEMPOTENCY_IN_PROGRESS', '相同的请求正在处理中，请稍后重试')
      }
      ctx.status = row.statusCode
      ctx.body = JSON.parse(row.responseBody)
      ctx.set('Idempotent-Replayed', 'true')
      return
    }

    try {
      await next()
    } catch (e) {
      await db.idempotencyKey.deleteMany({ where: { userId, key, statusCode: null } })
      throw e
    }
    if (ctx.status >= 200 && ctx.status < 300 && ctx.body !== undefined) {
      await db.idempotencyKey.update({
        where: { userId_key: { userId, key } },
        data: { statusCode: ctx.status, responseBody: JSON.stringify(ctx.body) },
      })
    } else {
      await db.idempotencyKey.deleteMany({ where: { userId, key, statusCode: null } })
    }
  }
}
