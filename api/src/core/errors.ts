/** The one error type the API throws on purpose; the error middleware turns it into a response. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export type FieldIssue = { field: string; message: string }

/** 400 naming the offending field(s). */
export const invalid = (field: string, message: string, code = 'VALIDATION_FAILED') =>
  new AppError(400, code, `${field}: ${message}`, { fields: [{ field, message }] satisfies FieldIssue[] })

export const unauthorized = (message = '请先登录', code = 'UNAUTHENTICATED', details?: unknown) =>
  new AppError(401, code, message, details)

export const forbidden = (message = '没有权限执行此操作', code = 'FORBIDDEN') => new AppError(403, code, message)

/** 404 — also used for records outside the caller's scope, so their existence is not disclosed. */
export const notFound = (what = '记录') => new AppError(404, 'NOT_FOUND', `${what}不存在或无权查看`)

export const conflict = (code: string, message: string, details?: unknown) => new AppError(409, code, message, details)

export const unprocessable = (code: string, message: string, details?: unknown) =>
  new AppError(422, code, message, details)

export const tooManyRequests = (message = '请求过于频繁，请稍后再试', retryAfterSeconds?: number) =>
  new AppError(429, 'RATE_LIMITED', message, retryAfterSeconds ? { retryAfterSeconds } : undefined)

/** The driver's error number for a Prisma error raised through the MariaDB adapter, if any. */
export function driverErrorCode(e: unknown): number | undefined {
  const cause = (e as { meta?: { driverAdapterError?: { cause?: { code?: unknown; originalCode?: unknown } } } })?.meta
    ?.driverAdapterError?.cause
  const code = cause?.originalCode ?? cause?.code
  return typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : undefined
}

/** True for a unique-key violation, whether it came through Prisma (P2002) or mysql2 (1062). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: unknown; errno?: unknown }
  return err?.code === 'P2002' || err?.errno === 1062 || err?.code === 'ER_DUP_ENTRY' || driverErrorCode(e) === 1062
}

/** MariaDB chose the transaction as a deadlock victim (1213): it was rolled back and may run again. */
export function isDeadlock(e: unknown): boolean {
  const err = e as { errno?: unknown; code?: unknown }
  // P2034: Prisma's "Transaction failed due to a write conflict or a deadlock. Please retry your transaction".
  return err?.errno === 1213 || err?.code === 'ER_LOCK_DEADLOCK' || err?.code === 'P2034' || driverErrorCode(e) === 1213 || /Deadlock found/i.test((e as Error)?.message ?? '')
}
