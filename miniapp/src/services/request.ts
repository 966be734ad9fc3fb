import Taro from '@tarojs/taro'
import { clearSession, getSession, reloadSession, saveSession } from '../stores/session'
import { LOGIN_PAGE } from '../utils/routes'
import { inTimelineMode } from '../utils/scene'
import type { ApiErrorBody, PageDto, TokenPairDto } from './types'

/**
 * The single door to the API: every call to `Taro.request` in the mini-program is in this file.
 * It attaches the access token, renews an expired one once with the refresh token, unwraps
 * `{data}` (and `page` for lists) and turns error bodies into a typed `ApiError`.
 */

/** H5 is served by the API itself (same origin); the WeChat build needs an absolute origin. */
export const API_ORIGIN = process.env.TARO_ENV === 'h5' ? '' : (process.env.TARO_APP_API_BASE || 'http://127.0.0.1:3000')
const API_PREFIX = '/api/v1'

/** The absolute URL of an API route (`/notices` → `…/api/v1/notices`). */
export function apiUrl(path: string): string {
  return `${API_ORIGIN}${API_PREFIX}${path}`
}

/** A file URL the API returned (a path under its origin) as something Image and RichText can load. */
export function fileUrl(url: string): string {
  return url.startsWith('/') ? `${API_ORIGIN}${url}` : url
}

export type FieldError = { field: string; message: string }

/** A failed API call: HTTP status (0 = no response), the API's error code and message, and per-field issues. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields?: FieldError[]
  readonly requestId: string
  /** How long to wait before trying again (429 RATE_LIMITED), in seconds. */
  readonly retryAfterSeconds?: number
  /** The error's `details` as the API sent them (e.g. `nextSlots` of a 409 SLOT_FULL). */
  readonly details?: Record<string, unknown>

  constructor(init: { status: number; code: string; message: string; fields?: FieldError[]; requestId?: string; retryAfterSeconds?: number; details?: Record<string, unknown> }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.fields = init.fields
    this.requestId = init.requestId ?? ''
    this.retryAfterSeconds = init.retryAfterSeconds
    this.details = init.details
  }

  /** The message for one field, if the API named it. */
  fieldMessage(field: string): string | undefined {
    return this.fields?.find((f) => f.field === field || f.field === `body.${field}`)?.message
  }
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
export type Query = Record<string, string | number | boolean | null | undefined>
export type RequestOptions = {
  method?: Method
  query?: Query
  body?: unknown
  headers?: Record<string, string>
  /** false for public routes (login, options): no token, no refresh. */
  auth?: boolean
}

/** What a transport (Taro.request or Taro.uploadFile) answered. */
export type RawResponse = { statusCode: number; data: unknown; header?: Record<string, string> }

function queryString(query?: Query): string {
  if (!query) return ''
  const parts = Object.entries(query)
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return parts.length ? `?${parts.join('&')}` : ''
}

async function send(path: string, opts: RequestOptions, token?: string): Promise<RawResponse> {
  const header: Record<string, string> = { Accept: 'application/json', ...opts.headers }
  if (opts.body !== undefined) header['Content-Type'] = 'application/json'
  if (token) header.Authorization = `Bearer ${token}`
  try {
    const res = await Taro.request({
      url: `${apiUrl(path)}${queryString(opts.query)}`,
      method: opts.method ?? 'GET',
      data: opts.body as Record<string, unknown> | undefined,
      header,
      dataType: 'json',
      timeout: 15000,
    })
    return { statusCode: res.statusCode, data: res.data, header: res.header as Record<string, string> | undefined }
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR', message: '网络连接失败，请检查网络后重试' })
  }
}

/** A 2xx answer. */
export function isOk(res: RawResponse) {
  return res.statusCode >= 200 && res.statusCode < 300
}

/** Seconds to wait, from `details.retryAfterSeconds` or the Retry-After header (H5 lower-cases header names). */
function retryAfter(res: RawResponse, details?: Record<string, unknown>): number | undefined {
  const raw = details?.retryAfterSeconds ?? res.header?.['retry-after'] ?? res.header?.['Retry-After']
  const seconds = Number(raw)
  return raw !== undefined && raw !== null && raw !== '' && Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds) : undefined
}

/** Builds the ApiError for a failed response, whatever its body looks like. */
export function toApiError(res: RawResponse): ApiError {
  const body = res.data as Partial<ApiErrorBody> | string | null | undefined
  const requestId = (typeof body === 'object' && body?.requestId) || res.header?.['x-request-id'] || res.header?.['X-Request-Id'] || ''
  if (typeof body === 'object' && body?.error?.code) {
    const fields = body.error.details?.fields
    return new ApiError({
      status: res.statusCode,
      code: body.error.code,
      message: body.error.message,
      fields: Array.isArray(fields) ? fields : undefined,
      requestId,
      retryAfterSeconds: retryAfter(res, body.error.details),
      details: body.error.details,
    })
  }
  return new ApiError({ status: res.statusCode, code: `HTTP_${res.statusCode}`, message: `服务暂时不可用（${res.statusCode}），请稍后重试`, requestId })
}

let refreshing: Promise<boolean> | null = null
const REFRESH_LOCK = 'llt.session.refresh'

/**
 * Runs `renew` while holding the portal's refresh lock: H5 tabs share one stored session, and the
 * Web Locks API makes them take turns (the second tab then finds the pair the first one stored).
 * Where there are no Web Locks (WeChat, old browsers) it runs at once. (The DOM typings wrap the
 * callback's promise once more; the lock resolves with the callback's own result.)
 */
function underRefreshLock(renew: () => Promise<boolean>): Promise<boolean> {
  if (process.env.TARO_ENV === 'h5' && typeof navigator !== 'undefined' && navigator.locks?.request) {
    return navigator.locks.request(REFRESH_LOCK, renew) as unknown as Promise<boolean>
  }
  return renew()
}

/**
 * Renews the session whose refresh token is `held` (its access token was refused); concurrent
 * callers in this tab share one renewal. It first re-reads the stored session: when that holds
 * another refresh token, another tab has renewed already and its pair is used as it is.
 */
function refreshOnce(held: string): Promise<boolean> {
  if (!refreshing) {
    refreshing = underRefreshLock(async () => {
      const stored = reloadSession()
      if (!stored) return false
      if (stored.refreshToken !== held) return true
      const res = await send('/auth/refresh', { method: 'POST', body: { refreshToken: held } })
      if (isOk(res)) {
        saveSession((res.data as { data: TokenPairDto }).data)
        return true
      }
      // Without Web Locks a tab that refreshed with the same token at the same moment may have won.
      const after = reloadSession()
      return Boolean(after && after.refreshToken !== held)
    }).finally(() => {
      refreshing = null
    })
  }
  return refreshing
}

/** A 401 about the request, not the session: a wrong current password (PUT /me/password). */
function isCredentialError(res: RawResponse): boolean {
  return (res.data as Partial<ApiErrorBody> | null)?.error?.code === 'INVALID_CREDENTIALS'
}

/**
 * The session is gone for good: forget it and send the user to the login page (not in 朋友圈's
 * single-page mode, which can neither log in nor navigate: the page says so itself).
 */
function sessionExpired() {
  clearSession()
  if (inTimelineMode()) return
  try {
    const pages = Taro.getCurrentPages()
    const current = pages[pages.length - 1]?.route ?? ''
    if (current && LOGIN_PAGE.endsWith(current)) return
  } catch {
    // no page stack yet (app launching): navigate anyway
  }
  Taro.navigateTo({ url: LOGIN_PAGE }).catch(() => Taro.reLaunch({ url: LOGIN_PAGE }))
}

/**
 * Runs one exchange with the caller's access token (`transmit(token)`); on a 401 renews the token
 * once and runs it again. Shared by JSON requests and file uploads, so both behave alike.
 */
export async function withSession(transmit: (token?: string) => Promise<RawResponse>, useAuth = true): Promise<RawResponse> {
  const sent = useAuth ? getSession() : null
  let res = await transmit(sent?.accessToken)
  if (res.statusCode === 401 && useAuth && !isCredentialError(res)) {
    if (!sent) {
      sessionExpired()
      throw toApiError(res)
    }
    // Another call may already have renewed the token while this one was in flight.
    const current = getSession()
    const renewed = (current !== null && current.accessToken !== sent.accessToken) || (await refreshOnce(sent.refreshToken))
    const token = getSession()?.accessToken
    if (!renewed || !token) {
      sessionExpired()
      throw toApiError(res)
    }
    res = await transmit(token)
    if (res.statusCode === 401 && !isCredentialError(res)) {
      sessionExpired()
      throw toApiError(res)
    }
  }
  return res
}

async function call(path: string, opts: RequestOptions): Promise<unknown> {
  const res = await withSession((token) => send(path, opts, token), opts.auth !== false)
  if (!isOk(res)) throw toApiError(res)
  return res.data
}

/** Calls the API and returns `data` of the response (undefined for 204). */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const body = (await call(path, opts)) as { data?: T } | '' | undefined
  return (body && typeof body === 'object' ? body.data : undefined) as T
}

/** A page of a cursor-paginated list. */
export type Page<T> = { items: T[]; nextCursor: string | null }

/** Calls a list route and returns its items with the cursor of the next page. */
export async function requestPage<T>(path: string, opts: RequestOptions = {}): Promise<Page<T>> {
  const body = (await call(path, opts)) as { data: T[]; page?: PageDto }
  return { items: body.data ?? [], nextCursor: body.page?.nextCursor ?? null }
}

/** A fresh key for the Idempotency-Key header: one per submission attempt. */
export function newIdempotencyKey(): string {
  const rand = Array.from({ length: 4 }, () => Math.floor(Math.random() * 0x100000000).toString(36)).join('')
  return `mp-${Date.now().toString(36)}-${rand}`
}
