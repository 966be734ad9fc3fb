import { readFileSync } from 'node:fs'
import { z } from 'zod'

const base64Key = (name: string) =>
  z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, `${name} must be 32 bytes, base64-encoded`)

const flag = (def: 'true' | 'false') =>
  z.enum(['true', 'false', '1', '0']).default(def).transform((v) => v === 'true' || v === '1')

/** `id:base64,id:base64` — earlier data keys by id, kept for reading until a rotation finishes. */
const OldKeys = z
  .string()
  .default('')
  .transform((s, ctx) => {
    const out = new Map<number, Buffer>()
    for (const part of s.split(',').map((p) => p.trim()).filter(Boolean)) {
      const m = /^(\d{1,3}):(.+)$/.exec(part)
      const key = m ? Buffer.from(m[2], 'base64') : null
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 255 || key!.length !== 32) {
        ctx.addIssue({ code: 'custom', message: 'each entry is <key id 1–255>:<32 bytes, base64>' })
        return z.NEVER
      }
      out.set(Number(m[1]), key!)
    }
    return out
  })

const optionalString = z
  .string()
  .optional()
  .transform((s) => (s === undefined || s.trim() === '' ? undefined : s.trim()))

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url(),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(60).max(3600).default(900),
  REFRESH_TOKEN_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(30),
  /** AES-256-GCM key for personal data at rest (the current key; new values are sealed with it). */
  DATA_ENCRYPTION_KEY: base64Key('DATA_ENCRYPTION_KEY'),
  /** The id (1–255) written into every value sealed with DATA_ENCRYPTION_KEY. */
  DATA_ENCRYPTION_KEY_ID: z.coerce.number().int().min(1).max(255).default(1),
  /** Earlier keys, `id:base64,…`, read until `npm run rotate-keys` re-encrypted their values. */
  DATA_ENCRYPTION_OLD_KEYS: OldKeys,
  /** HMAC-SHA256 key for exact look-up of encrypted values (ID number, phone). */
  DATA_HMAC_KEY: base64Key('DATA_HMAC_KEY'),
  WECHAT_APPID: optionalString,
  WECHAT_SECRET: optionalString,
  WECHAT_API_BASE: z.string().url().default('https://api.weixin.qq.com'),
  WECHAT_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(5000),
  /** What a resident's text becomes when WeChat's content check cannot run (down, no openid, not configured). */
  CONTENT_SECURITY_ON_FAILURE: z.enum(['hold', 'publish', 'refuse']).default('hold'),
  /**
   * WeChat Pay (APIv3, JSAPI). Paid services can be booked only when WECHATPAY_MCHID is set, and
   * then the merchant key, its certificate serial, the APIv3 key and the notify URL are required,
   * plus at least one way to verify WeChat Pay's signatures: platform certificates
   * (WECHATPAY_PLATFORM_CERTS, JSON {serial: PEM}) or the WeChat Pay public key
   * (WECHATPAY_PUBLIC_KEY_ID `PUB_KEY_ID_…` and WECHATPAY_PUBLIC_KEY). PEM values may be given
   * inline (with \n for newlines) or as a path to a file.
   */
  WECHATPAY_MCHID: optionalString,
  WECHATPAY_SERIAL: optionalString,
  WECHATPAY_PRIVATE_KEY: optionalString,
  WECHATPAY_APIV3_KEY: optionalString,
  WECHATPAY_PLATFORM_CERTS: optionalString,
  WECHATPAY_PUBLIC_KEY_ID: optionalString,
  WECHATPAY_PUBLIC_KEY: optionalString,
  WECHATPAY_NOTIFY_URL: optionalString,
  WECHATPAY_API_BASE: z.string().url().default('https://api.mch.weixin.qq.com'),
  WECHATPAY_TIMEOUT_MS: z.coerce.number().int().min(100).max(30000).default(5000),
  /** How long an unpaid booking holds its seat. */
  BOOKING_HOLD_MINUTES: z.coerce.number().int().min(1).max(120).default(15),
  /** NO_SHOW_LIMIT no-shows within NO_SHOW_WINDOW_DAYS block new bookings for NO_SHOW_BLOCK_DAYS. */
  NO_SHOW_LIMIT: z.coerce.number().int().min(1).max(100).default(3),
  NO_SHOW_WINDOW_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  NO_SHOW_BLOCK_DAYS: z.coerce.number().int().min(0).max(3650).default(30),
  /** Verified WeChat Pay notifications older than this are deleted (payment changes stay in the audit trail). */
  PAYMENT_NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  /** Unverified deliveries to the payment notify URL (not provably from WeChat Pay) older than this are deleted. */
  PAYMENT_REJECTED_NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Directory with the H5 build the API serves at `/`; empty to serve no portal. */
  STATIC_DIR: z.string().optional(),
  /**
   * How many reverse proxies in front of the API append to X-Forwarded-For: the client address is
   * the entry that many places from the right (false/0: the socket address; true: one proxy).
   */
  TRUST_PROXY: z
    .string()
    .default('0')
    .transform((v, ctx) => {
      const s = v.trim().toLowerCase()
      if (s === 'false' || s === '') return 0
      if (s === 'true') return 1
      if (/^\d$/.test(s)) return Number(s)
      ctx.addIssue({ code: 'custom', message: 'TRUST_PROXY is the number of proxy hops (0–9), or true (1) / false (0)' })
      return z.NEVER
    }),
  /** The dev login (demo accounts only), an explicit opt-in; refused in production whatever it says. */
  DEV_LOGIN: flag('false'),
  /** Serve /api/docs and /api/openapi.json; defaults to on except in production. */
  API_DOCS: z.enum(['true', 'false', '1', '0']).optional(),
  /** Strict-Transport-Security max-age for responses served over HTTPS (0 turns it off). */
  HSTS_MAX_AGE_SECONDS: z.coerce.number().int().min(0).max(63072000).default(31536000),
  /** Uploads per user and day (Asia/Shanghai): files and bytes. */
  UPLOAD_DAILY_FILES: z.coerce.number().int().min(1).max(100000).default(60),
  UPLOAD_DAILY_BYTES: z.coerce.number().int().min(1).max(100 * 1024 ** 3).default(100 * 1024 * 1024),
  /** The largest image (width × height) an upload may declare; it is refused before decoding. */
  UPLOAD_MAX_PIXELS: z.coerce.number().int().min(1).max(268_402_689).default(25_000_000),
  /** Image decodes this process runs at once (the rest wait). */
  UPLOAD_DECODE_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(2),
  /** Lifetime of the signed file URLs given to the uploader and to staff (unpublished files). */
  FILE_URL_TTL_SECONDS: z.coerce.number().int().min(60).max(86400).default(3600),
  /** Real-name writes (PUT /me/profile) per user per hour. */
  IDENTITY_WRITES_PER_HOUR: z.coerce.number().int().min(1).max(1000).default(5),
  PRIVACY_POLICY_VERSION: z.string().default('2026-11-29'),
  /** Run background jobs (scheduled notice publisher, outbox sender) in this process. */
  JOBS_ENABLED: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  /** Where uploaded files are kept (local disk storage). */
  UPLOAD_DIR: z.string().default('.data/uploads'),
  /**
   * Subscribe-message templates as JSON: {"notice": {"id": "<template id>", "title": "社区公告通知",
   * "fields": {"thing1": "title", "time2": "publishedAt", "thing3": "publisher"}}}. The field key's
   * prefix (thing, time, phrase, name, character_string…) sets WeChat's value rules.
   */
  WECHAT_SUBSCRIBE_TEMPLATES: z.string().default('{}'),
  /** developer | trial | formal: which mini-program version a subscribe message opens. */
  WECHAT_MINIPROGRAM_STATE: z.enum(['developer', 'trial', 'formal']).default('formal'),
  /**
   * Login requests per client IP per minute, per login route, shared by every process. Generous
   * on purpose: a whole housing estate (or a carrier's NAT) can share one address; guessing a
   * password is stopped per account (5 failures lock it for 15 minutes).
   */
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(100000).default(300),
  /** Comma-separated origins allowed to call the API cross-origin (H5 dev servers, a separate portal host). */
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.string().url('each origin is a URL such as https://portal.example.gov.cn'))),
  /** pino log level; tests default to silent. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
})

export type Config = {
  env: 'development' | 'test' | 'production'
  host: string
  port: number
  databaseUrl: string
  dbPoolSize: number
  jwtSecret: string
  accessTokenTtlSeconds: number
  refreshTokenTtlDays: number
  dataEncryptionKey: Buffer
  dataEncryptionKeyId: number
  dataEncryptionOldKeys: Map<number, Buffer>
  dataHmacKey: Buffer
  wechat: { appid?: string; secret?: string; apiBase: string; timeoutMs: number }
  /** hold (kept for a moderator) | publish | refuse: a text whose WeChat content check could not run. */
  contentSecurity: { onFailure: 'hold' | 'publish' | 'refuse' }
  /** WeChat Pay merchant settings; undefined when paid services cannot be booked. */
  wechatPay?: WechatPayConfig
  booking: { holdMinutes: number; noShowLimit: number; noShowWindowDays: number; noShowBlockDays: number }
  /** Days a verified WeChat Pay notification is kept in payment_notifications. */
  paymentNotificationRetentionDays: number
  paymentRejectedNotificationRetentionDays: number
  staticDir?: string
  /** Proxy hops whose X-Forwarded-For entries are trusted (0: none). */
  trustProxyHops: number
  devLogin: boolean
  apiDocs: boolean
  hstsMaxAgeSeconds: number
  uploads: { dailyFiles: number; dailyBytes: number; maxPixels: number; decodeConcurrency: number }
  fileUrlTtlSeconds: number
  identityWritesPerHour: number
  privacyPolicyVersion: string
  loginRateLimitPerMinute: number
  jobsEnabled: boolean
  uploadDir: string
  subscribeTemplates: Record<string, SubscribeTemplate>
  miniprogramState: 'developer' | 'trial' | 'formal'
  corsOrigins: string[]
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
}

export type WechatPayConfig = {
  mchid: string
  /** The merchant API certificate's serial number (sent in every request's Authorization). */
  serial: string
  /** The merchant API private key, PEM. */
  privateKey: string
  /** The APIv3 key (32 characters) that encrypts notification resources. */
  apiV3Key: string
  /** Platform certificates by serial, PEM. */
  platformCerts: Record<string, string>
  /** The WeChat Pay public key (public-key mode), PEM, and its id `PUB_KEY_ID_…`. */
  publicKey?: { id: string; pem: string }
  notifyUrl: string
  apiBase: string
  timeoutMs: number
}

export type SubscribeTemplate = { id: string; title: string; fields: Record<string, string> }

const SubscribeTemplates = z.record(
  z.string().regex(/^[a-z_]+$/),
  z.object({
    id: z.string().min(1).max(64),
    title: z.string().min(1).max(32),
    fields: z.record(z.string().regex(/^[a-z_]+\d+$/, 'field keys look like thing1, time2'), z.string().min(1)),
  }),
)

/** Parses every environment variable the API reads, once, into a typed Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const e = parsed.data
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    dbPoolSize: e.DB_POOL_SIZE,
    jwtSecret: e.JWT_SECRET,
    accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlDays: e.REFRESH_TOKEN_TTL_DAYS,
    dataEncryptionKey: Buffer.from(e.DATA_ENCRYPTION_KEY, 'base64'),
    dataEncryptionKeyId: e.DATA_ENCRYPTION_KEY_ID,
    dataEncryptionOldKeys: e.DATA_ENCRYPTION_OLD_KEYS,
    dataHmacKey: Buffer.from(e.DATA_HMAC_KEY, 'base64'),
    wechat: {
      appid: e.WECHAT_APPID,
      secret: e.WECHAT_SECRET,
      apiBase: e.WECHAT_API_BASE.replace(/\/+$/, ''),
      timeoutMs: e.WECHAT_TIMEOUT_MS,
    },
    contentSecurity: { onFailure: e.CONTENT_SECURITY_ON_FAILURE },
    wechatPay: parseWechatPay(e),
    booking: {
      holdMinutes: e.BOOKING_HOLD_MINUTES,
      noShowLimit: e.NO_SHOW_LIMIT,
      noShowWindowDays: e.NO_SHOW_WINDOW_DAYS,
      noShowBlockDays: e.NO_SHOW_BLOCK_DAYS,
    },
    paymentNotificationRetentionDays: e.PAYMENT_NOTIFICATION_RETENTION_DAYS,
    paymentRejectedNotificationRetentionDays: e.PAYMENT_REJECTED_NOTIFICATION_RETENTION_DAYS,
    staticDir: e.STATIC_DIR && e.STATIC_DIR.trim() !== '' ? e.STATIC_DIR : undefined,
    trustProxyHops: e.TRUST_PROXY,
    devLogin: e.DEV_LOGIN,
    apiDocs: e.API_DOCS === undefined ? e.NODE_ENV !== 'production' : e.API_DOCS === 'true' || e.API_DOCS === '1',
    hstsMaxAgeSeconds: e.HSTS_MAX_AGE_SECONDS,
    uploads: {
      dailyFiles: e.UPLOAD_DAILY_FILES,
      dailyBytes: e.UPLOAD_DAILY_BYTES,
      maxPixels: e.UPLOAD_MAX_PIXELS,
      decodeConcurrency: e.UPLOAD_DECODE_CONCURRENCY,
    },
    fileUrlTtlSeconds: e.FILE_URL_TTL_SECONDS,
    identityWritesPerHour: e.IDENTITY_WRITES_PER_HOUR,
    privacyPolicyVersion: e.PRIVACY_POLICY_VERSION,
    loginRateLimitPerMinute: e.LOGIN_RATE_LIMIT_PER_MINUTE,
    jobsEnabled: e.JOBS_ENABLED,
    uploadDir: e.UPLOAD_DIR,
    subscribeTemplates: parseTemplates(e.WECHAT_SUBSCRIBE_TEMPLATES),
    miniprogramState: e.WECHAT_MINIPROGRAM_STATE,
    corsOrigins: e.CORS_ORIGINS,
    logLevel: e.LOG_LEVEL ?? (e.NODE_ENV === 'test' ? 'silent' : 'info'),
  }
}

/** A PEM given inline (\n for newlines) or as a path to a file. */
function pem(name: string, value: string): string {
  const inline = value.replace(/\\n/g, '\n')
  if (inline.includes('-----BEGIN')) return inline
  try {
    return readFileSync(value, 'utf8')
  } catch {
    throw new Error(`Invalid configuration:\n  ${name}: neither a PEM nor a readable file`)
  }
}

function parseWechatPay(e: z.output<typeof EnvSchema>): WechatPayConfig | undefined {
  if (!e.WECHATPAY_MCHID) return undefined
  const missing = (['WECHATPAY_SERIAL', 'WECHATPAY_PRIVATE_KEY', 'WECHATPAY_APIV3_KEY', 'WECHATPAY_NOTIFY_URL'] as const).filter((k) => !e[k])
  if (!e.WECHAT_APPID) missing.push('WECHAT_APPID' as never)
  if (!e.WECHATPAY_PLATFORM_CERTS && !(e.WECHATPAY_PUBLIC_KEY_ID && e.WECHATPAY_PUBLIC_KEY)) missing.push('WECHATPAY_PLATFORM_CERTS or WECHATPAY_PUBLIC_KEY_ID + WECHATPAY_PUBLIC_KEY' as never)
  if (missing.length) throw new Error(`Invalid configuration:\n${missing.map((k) => `  ${k}: required when WECHATPAY_MCHID is set`).join('\n')}`)
  if (Buffer.byteLength(e.WECHATPAY_APIV3_KEY!) !== 32) throw new Error('Invalid configuration:\n  WECHATPAY_APIV3_KEY: must be 32 characters')
  const notifyUrl = e.WECHATPAY_NOTIFY_URL!
  if (!/^https?:\/\/[^?#]+$/.test(notifyUrl)) throw new Error('Invalid configuration:\n  WECHATPAY_NOTIFY_URL: a URL without a query string')
  if (e.WECHATPAY_PUBLIC_KEY_ID && !e.WECHATPAY_PUBLIC_KEY_ID.startsWith('PUB_KEY_ID_')) {
    throw new Error('Invalid configuration:\n  WECHATPAY_PUBLIC_KEY_ID: starts with PUB_KEY_ID_')
  }
  let platformCerts: Record<string, string> = {}
  if (e.WECHATPAY_PLATFORM_CERTS) {
    let raw: unknown
    try {
      raw = JSON.parse(e.WECHATPAY_PLATFORM_CERTS)
    } catch {
      throw new Error('Invalid configuration:\n  WECHATPAY_PLATFORM_CERTS: JSON {serial: PEM or path}')
    }
    if (!raw || typeof raw !== 'object' || Array.isArray(raw) || Object.values(raw).some((v) => typeof v !== 'string')) {
      throw new Error('Invalid configuration:\n  WECHATPAY_PLATFORM_CERTS: JSON {serial: PEM or path}')
    }
    platformCerts = Object.fromEntries(Object.entries(raw as Record<string, string>).map(([serial, v]) => [serial, pem(`WECHATPAY_PLATFORM_CERTS.${serial}`, v)]))
  }
  return {
    mchid: e.WECHATPAY_MCHID,
    serial: e.WECHATPAY_SERIAL!,
    privateKey: pem('WECHATPAY_PRIVATE_KEY', e.WECHATPAY_PRIVATE_KEY!),
    apiV3Key: e.WECHATPAY_APIV3_KEY!,
    platformCerts,
    publicKey: e.WECHATPAY_PUBLIC_KEY_ID && e.WECHATPAY_PUBLIC_KEY ? { id: e.WECHATPAY_PUBLIC_KEY_ID, pem: pem('WECHATPAY_PUBLIC_KEY', e.WECHATPAY_PUBLIC_KEY) } : undefined,
    notifyUrl,
    apiBase: e.WECHATPAY_API_BASE.replace(/\/+$/, ''),
    timeoutMs: e.WECHATPAY_TIMEOUT_MS,
  }
}

function parseTemplates(json: string): Record<string, SubscribeTemplate> {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    throw new Error('Invalid configuration:\n  WECHAT_SUBSCRIBE_TEMPLATES: not valid JSON')
  }
  const r = SubscribeTemplates.safeParse(raw)
  if (!r.success) {
    throw new Error(`Invalid configuration:\n${r.error.issues.map((i) => `  WECHAT_SUBSCRIBE_TEMPLATES.${i.path.join('.')}: ${i.message}`).join('\n')}`)
  }
  return r.data
}

/**
 * The dev login is for the demo and tests only: an explicit opt-in (DEV_LOGIN=true, which
 * `npm start` sets for a database it created for the demo), never in production whatever the
 * flag says, and never with real WeChat credentials. It logs in demo accounts only.
 */
export function isDevLoginAllowed(config: Config): boolean {
  return config.devLogin && config.env !== 'production' && !config.wechat.appid && !config.wechat.secret
}
