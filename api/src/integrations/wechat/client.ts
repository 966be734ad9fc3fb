import { randomUUID } from 'node:crypto'
import type { Config } from '../../config.ts'
import type { Db } from '../../core/db.ts'
import type { Logger } from '../../core/logger.ts'

/**
 * An error answer from WeChat (`errcode` ≠ 0), or a transport failure: `-2` the request may have
 * reached WeChat but no usable answer came back (timeout, dropped connection, bad body); `-4`
 * no connection was ever made (refused, unknown host), so WeChat cannot have seen the request.
 */
export class WechatError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
    readonly api: string,
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`)
    this.name = 'WechatError'
  }
}

/** errcode of a request that never reached WeChat (safe to send again). */
export const NOT_CONNECTED_ERRCODE = -4
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])

export type WechatSession = { openid: string; unionid?: string; sessionKey: string }
export type WechatPhone = { phoneNumber: string; purePhoneNumber: string; countryCode: string }

export type SubscribeMessage = {
  touser: string
  template_id: string
  page?: string
  data: Record<string, { value: string }>
  miniprogram_state?: 'developer' | 'trial' | 'formal'
  lang?: 'zh_CN'
}

export type WechatClient = {
  readonly isConfigured: boolean
  /** `wx.login` code → openid (the session key is returned to the caller on the server only). */
  code2Session(code: string): Promise<WechatSession>
  /** `getPhoneNumber` button code → the user's phone number. */
  getPhoneNumber(code: string): Promise<WechatPhone>
  /** The app's access token, shared by every process through the database. */
  getAccessToken(): Promise<string>
  /** subscribeMessage.send; throws WechatError (43101: the user has no grant, 47003: data breaks a rule…). */
  sendSubscribeMessage(msg: SubscribeMessage): Promise<void>
  /** POSTs JSON to an API taking `?access_token=` (refreshed once if WeChat refuses it); throws WechatError. */
  postWithToken(api: string, path: string, body: unknown): Promise<Record<string, unknown>>
}

type WxBody = { errcode?: number; errmsg?: string } & Record<string, unknown>

const TOKEN_MARGIN_MS = 5 * 60 * 1000
const LEASE_MS = 10_000
/** errcodes meaning the access token is invalid or expired. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001])

/**
 * The real WeChat HTTP client (base URL configurable so tests run it against a fake server).
 * The access token is cached in memory and in `wechat_access_tokens`; one process at a time
 * refreshes it, holding a short lease taken with a conditional update.
 */
export function createWechatClient(opts: { config: Config; db: Db; log: Logger; now?: () => Date }): WechatClient {
  const { config, db, log } = opts
  const now = opts.now ?? (() => new Date())
  const { appid, secret, apiBase, timeoutMs } = config.wechat
  const owner = randomUUID()
  let memo: { token: string; expiresAt: number } | null = null

  async function call(api: string, path: string, init?: { method?: string; body?: unknown }): Promise<WxBody> {
    let res: Response
    try {
      res = await fetch(`${apiBase}${path}`, {
        method: init?.method ?? 'GET',
        headers: init?.body ? { 'content-type': 'application/json' } : undefined,
        body: init?.body ? JSON.stringify(init.body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (e) {
      const code = ((e as { cause?: { code?: unknown } }).cause?.code ?? '') as string
      if (NOT_CONNECTED.has(code)) throw new WechatError(NOT_CONNECTED_ERRCODE, `not connected: ${code}`, api)
      throw new WechatError(-2, `network: ${(e as Error).message}`, api)
    }
    let body: WxBody
    try {
      body = (await res.json()) as WxBody
    } catch {
      throw new WechatError(-2, `HTTP ${res.status}, body is not JSON`, api)
    }
    if (body.errcode !== undefined && body.errcode !== 0) throw new WechatError(body.errcode, body.errmsg ?? '', api)
    if (!res.ok) throw new WechatError(-2, `HTTP ${res.status}`, api)
    return body
  }

  function requireConfig(): { appid: string; secret: string } {
    if (!appid || !secret) throw new WechatError(-3, 'WECHAT_APPID / WECHAT_SECRET are not configured', 'config')
    return { appid, secret }
  }

  async function fetchStableToken(forceRefresh: boolean) {
    const c = requireConfig()
    const body = await call('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      body: { grant_type: 'client_credential', appid: c.appid, secret: c.secret, force_refresh: forceRefresh },
    })
    const token = String(body.access_token ?? '')
    const expiresIn = Number(body.expires_in ?? 0)
    if (!token || !expiresIn) throw new WechatError(-2, 'stable_token answered without a token', 'stable_token')
    return { token, expiresAt: new Date(now().getTime() + expiresIn * 1000) }
  }

  /**
   * `rejected` is a token WeChat just refused: it is not handed out again, and the refresh asks
   * WeChat for a new one (force_refresh) instead of getting the same stable token back.
   */
  async function getAccessToken(rejected?: string): Promise<string> {
    const c = requireConfig()
    const forceRefresh = rejected !== undefined
    if (!forceRefresh && memo && memo.expiresAt - TOKEN_MARGIN_MS > now().getTime()) return memo.token
    for (let i = 0; i < 50; i++) {
      const row = await db.wechatAccessToken.findUnique({ where: { appid: c.appid } })
      const fresh = row?.accessToken && row.expiresAt && row.expiresAt.getTime() - TOKEN_MARGIN_MS > now().getTime()
      if (fresh && row!.accessToken !== rejected) {
        memo = { token: row!.accessToken!, expiresAt: row!.expiresAt!.getTime() }
        return memo.token
      }
      if (!row) {
        await db.wechatAccessToken.createMany({ data: [{ appid: c.appid }], skipDuplicates: true })
      }
      const leased = await db.wechatAccessToken.updateMany({
        where: { appid: c.appid, OR: [{ leaseUntil: null }, { leaseUntil: { lt: now() } }] },
        data: { leaseOwner: owner, leaseUntil: new Date(now().getTime() + LEASE_MS) },
      })
      if (leased.count === 1) {
        try {
          const got = await fetchStableToken(forceRefresh)
          await db.wechatAccessToken.updateMany({
            where: { appid: c.appid, leaseOwner: owner },
            data: { accessToken: got.token, expiresAt: got.expiresAt, leaseOwner: null, leaseUntil: null },
          })
          memo = { token: got.token, expiresAt: got.expiresAt.getTime() }
          return got.token
        } catch (e) {
          await db.wechatAccessToken.updateMany({
            where: { appid: c.appid, leaseOwner: owner },
            data: { leaseOwner: null, leaseUntil: null },
          })
          throw e
        }
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    log.warn('wechat access token lease wait timed out; fetching directly')
    const got = await fetchStableToken(forceRefresh)
    memo = { token: got.token, expiresAt: got.expiresAt.getTime() }
    return got.token
  }

  /** Calls an API that needs the access token, refreshing it once if WeChat says it is invalid. */
  async function withToken<T>(fn: (token: string) => Promise<T>): Promise<T> {
    const token = await getAccessToken()
    try {
      return await fn(token)
    } catch (e) {
      if (e instanceof WechatError && TOKEN_ERRORS.has(e.errcode)) {
        memo = null
        return fn(await getAccessToken(token))
      }
      throw e
    }
  }

  return {
    isConfigured: Boolean(appid && secret),

    async code2Session(code) {
      const c = requireConfig()
      const qs = new URLSearchParams({ appid: c.appid, secret: c.secret, js_code: code, grant_type: 'authorization_code' })
      const body = await call('code2Session', `/sns/jscode2session?${qs}`)
      const openid = typeof body.openid === 'string' ? body.openid : ''
      if (!openid) throw new WechatError(-2, 'code2Session answered without openid', 'code2Session')
      return {
        openid,
        unionid: typeof body.unionid === 'string' ? body.unionid : undefined,
        sessionKey: String(body.session_key ?? ''),
      }
    },

    async getPhoneNumber(code) {
      return withToken(async (token) => {
        const body = await call('getPhoneNumber', `/wxa/business/getuserphonenumber?access_token=${encodeURIComponent(token)}`, {
          method: 'POST',
          body: { code },
        })
        const info = body.phone_info as Partial<WechatPhone> | undefined
        if (!info?.purePhoneNumber) throw new WechatError(-2, 'getuserphonenumber answered without phone_info', 'getPhoneNumber')
        return {
          phoneNumber: String(info.phoneNumber ?? info.purePhoneNumber),
          purePhoneNumber: String(info.purePhoneNumber),
          countryCode: String(info.countryCode ?? '86'),
        }
      })
    },

    getAccessToken: () => getAccessToken(),

    async sendSubscribeMessage(msg) {
      await withToken((token) =>
        call('subscribeMessage.send', `/cgi-bin/message/subscribe/send?access_token=${encodeURIComponent(token)}`, { method: 'POST', body: msg }),
      )
    },

    postWithToken: (api, path, body) =>
      withToken((token) => call(api, `${path}?access_token=${encodeURIComponent(token)}`, { method: 'POST', body })),
  }
}
