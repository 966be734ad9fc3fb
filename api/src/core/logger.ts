import pino, { type DestinationStream, type Level } from 'pino'

/** Structured logging (pino, one JSON line per event). Fields never carry personal data. */
export type Logger = {
  info: (msg: string, fields?: Record<string, unknown>) => void
  warn: (msg: string, fields?: Record<string, unknown>) => void
  error: (msg: string, fields?: Record<string, unknown>) => void
  /** The per-request access line: only these typed fields, so it needs no redaction pass. */
  request: (line: RequestLine) => void
}

/** What the access line of one API request holds: ids, method, path, status and duration. */
export type RequestLine = { requestId: string; method: string; path: string; status: number; ms: number; userId?: number }

const SECRET_KEYS = [
  'idNumber', 'phone', 'realName', 'address', 'password', 'authorization', 'accessToken', 'refreshToken',
  'sessionKey', 'session_key', 'code', 'secret',
]

/**
 * Field names censored wherever they appear at the top level or one level down, as a last line
 * of defence: call sites log ids, codes and counts, never names, ID numbers, phones or tokens.
 */
export const REDACT_PATHS = SECRET_KEYS.flatMap((k) => [k, `*.${k}`])

/**
 * A pino logger at `level`, writing to stdout unless a destination is given (tests). Stdout is
 * written asynchronously: a line per request must not block the event loop on a write(2) each
 * (lines written while one write is in flight go out together in the next). pino flushes what is
 * pending synchronously when the process exits.
 */
export function createLogger(level: Level | 'silent' = 'info', destination?: DestinationStream): Logger {
  const dest = destination ?? pino.destination({ dest: 1, sync: false })
  const options = {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label: string) => ({ level: label }) },
  }
  const p = pino({ ...options, redact: { paths: REDACT_PATHS, censor: '[REDACTED]' } }, dest)
  // The access line's fields are typed (RequestLine) and carry no personal data, so it skips the
  // redaction pass, which cost more CPU than the rest of a cached notice-list request.
  const access = pino(options, dest)
  return {
    info: (msg, fields) => p.info(fields ?? {}, msg),
    warn: (msg, fields) => p.warn(fields ?? {}, msg),
    error: (msg, fields) => p.error(fields ?? {}, msg),
    request: (line) => access.info(line, 'request'),
  }
}
