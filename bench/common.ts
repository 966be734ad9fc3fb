// Shared bits of the benchmark harness: flag parsing, the bench database URL and the fixed,
// bench-only secrets (never used anywhere but the throw-away `*bench*` database).
import { createHash } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url))
export const ROOT_DIR = path.resolve(BENCH_DIR, '..')

export type FlagSpec = Record<string, { default: string | number | boolean; help: string }>
export type Flags<S extends FlagSpec> = { [K in keyof S]: S[K]['default'] extends number ? number : S[K]['default'] extends boolean ? boolean : string }

/**
 * Parses `--name value`, `--name=value`, `--flag` and `--no-flag` against a spec; unknown flags
 * and malformed numbers stop the process with the usage text.
 */
export function parseFlags<S extends FlagSpec>(spec: S, argv = process.argv.slice(2), usage = ''): Flags<S> {
  const out: Record<string, string | number | boolean> = {}
  for (const [k, v] of Object.entries(spec)) out[k] = v.default
  const help = () =>
    `${usage}\n\nFlags:\n${Object.entries(spec)
      .map(([k, v]) => `  --${k.padEnd(14)} ${v.help} (default: ${v.default})`)
      .join('\n')}\n`
  const fail = (msg: string): never => {
    process.stderr.write(`${msg}\n${help()}`)
    process.exit(2)
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(help())
      process.exit(0)
    }
    const m = /^--(no-)?([a-z][a-z0-9-]*)(?:=(.*))?$/.exec(arg)
    if (!m) fail(`unexpected argument: ${arg}`)
    const [, no, name, inline] = m!
    const def = spec[name]
    if (!def) fail(`unknown flag: --${name}`)
    if (typeof def.default === 'boolean') {
      out[name] = no ? false : inline === undefined ? true : !/^(false|0|no)$/i.test(inline)
      continue
    }
    if (no) fail(`--no-${name} makes no sense`)
    const raw = inline ?? argv[++i]
    if (raw === undefined) fail(`--${name} needs a value`)
    if (typeof def.default === 'number') {
      const n = Number(raw)
      if (!Number.isFinite(n) || n < 0) fail(`--${name} must be a non-negative number, got ${raw}`)
      out[name] = n
    } else out[name] = raw!
  }
  return out as Flags<S>
}

export const DEFAULT_BENCH_DB = 'linlitong_bench'

/** The server URL of DATABASE_URL (or the local default), pointed at another database. */
export function benchDatabaseUrl(db: string): string {
  const base = new URL(process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/linlitong')
  base.pathname = `/${encodeURIComponent(db)}`
  base.search = ''
  return base.toString()
}

/** Refuses names that do not look like a bench database, unless forced. */
export function assertBenchName(db: string, force: boolean): void {
  if (!/^[A-Za-z0-9_]+$/.test(db)) throw new Error(`database name must be [A-Za-z0-9_]+, got ${db}`)
  if (!/bench/i.test(db) && !force) {
    throw new Error(`refusing to touch database "${db}": its name does not contain "bench" (pass --force to insist)`)
  }
}

const derive = (label: string) => createHash('sha256').update(`linlitong-bench:${label}`).digest()

/** Environment for the API child: fixed bench-only keys, production mode, no background jobs. */
export function benchApiEnv(databaseUrl: string, poolSize: number): Record<string, string> {
  return {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    DB_POOL_SIZE: String(poolSize),
    JWT_SECRET: derive('jwt').toString('hex'),
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    DATA_ENCRYPTION_KEY: derive('data-encryption').toString('base64'),
    DATA_HMAC_KEY: derive('data-hmac').toString('base64'),
    JOBS_ENABLED: 'false',
    WECHAT_APPID: '',
    WECHAT_SECRET: '',
    STATIC_DIR: '',
  }
}

export const ms = (t0: number) => `${((performance.now() - t0) / 1000).toFixed(1)} s`
