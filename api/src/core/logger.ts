/** A tiny structured logger: one JSON line per event, silent below its level. */
export type Logger = {
  info: (msg: string, fields?: Record<string, unknown>) => void
  warn: (msg: string, fields?: Record<string, unknown>) => void
  error: (msg: string, fields?: Record<string, unknown>) => void
}

const LEVELS = { silent: 0, error: 1, warn: 2, info: 3 } as const

/** Logs to stdout/stderr at or above `level`. */
export function createLogger(level: keyof typeof LEVELS = 'info'): Logger {
  const n = LEVELS[level]
  const line = (lvl: string, msg: string, fields?: Record<string, unknown>) =>
    JSON.stringify({ t: new Date().toISOString(), level: lvl, msg, ...fields })
  return {
    info: (m, f) => void (n >= 3 && process.stdout.write(line('info', m, f) + '\n')),
    warn: (m, f) => void (n >= 2 && process.stderr.write(line('warn', m, f) + '\n')),
    error: (m, f) => void (n >= 1 && process.stderr.write(line('error', m, f) + '\n')),
  }
}
