import Taro from '@tarojs/taro'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { getSession, saveSession, subscribeSession } from '../stores/session'
import { ApiError, newIdempotencyKey, request, requestPage } from './request'
import { policies } from '../../test/support'

const mockRequest = vi.mocked(Taro.request)
type Call = { url: string; method: string; data?: unknown; header: Record<string, string> }
const calls = () => mockRequest.mock.calls.map(([opts]) => opts as unknown as Call)

const user = { id: 7, displayName: '居民一', roles: ['resident'], isStaff: false, policies: policies('fileReport') }
const ok = (data: unknown, extra: object = {}) => ({ statusCode: 200, data: { data, ...extra }, header: {} })
const fail = (statusCode: number, code: string, message: string, fields?: { field: string; message: string }[]) => ({
  statusCode,
  data: { error: { code, message, ...(fields ? { details: { fields } } : {}) }, requestId: 'req-1' },
  header: {},
})

/** Programs Taro.request: each call is answered by the next reply in the list. */
function replies(...list: object[]) {
  for (const r of list) mockRequest.mockResolvedValueOnce(r as never)
}

beforeEach(() => {
  saveSession({ accessToken: 'access-1', refreshToken: 'refresh-1-xxxxxxxxxxxxxxxx', expiresIn: 900, user })
})

describe('request', () => {
  it('attaches the bearer token and unwraps {data}', async () => {
    replies(ok({ hello: '世界' }))
    await expect(request('/me')).resolves.toEqual({ hello: '世界' })
    const [c] = calls()
    expect(c.url).toMatch(/\/api\/v1\/me$/)
    expect(c.method).toBe('GET')
    expect(c.header.Authorization).toBe('Bearer access-1')
  })

  it('uses a relative /api/v1 base in the H5 build', async () => {
    vi.resetModules()
    process.env.TARO_ENV = 'h5'
    const fresh = await import('./request')
    expect(fresh.API_ORIGIN).toBe('')
  })

  it('sends no token on public routes and encodes the query string', async () => {
    replies(ok([]))
    await request('/auth/dev/accounts', { auth: false, query: { a: '中 文', b: undefined, c: 2 } })
    const [c] = calls()
    expect(c.header.Authorization).toBeUndefined()
    expect(c.url).toMatch(/\/auth\/dev\/accounts\?a=%E4%B8%AD%20%E6%96%87&c=2$/)
  })

  it('returns items and the next cursor for lists', async () => {
    replies(ok([{ id: 1 }, { id: 2 }], { page: { nextCursor: 'abc' } }))
    await expect(requestPage('/household-bindings')).resolves.toEqual({ items: [{ id: 1 }, { id: 2 }], nextCursor: 'abc' })
  })

  it('on 401 refreshes exactly once, stores the new pair and retries with the new token', async () => {
    replies(
      fail(401, 'TOKEN_EXPIRED', '登录已过期'),
      ok({ accessToken: 'access-2', refreshToken: 'refresh-2-xxxxxxxxxxxxxxxx', expiresIn: 900, user }),
      ok({ fine: true }),
    )
    await expect(request('/me', { method: 'POST', body: { x: 1 }, headers: { 'Idempotency-Key': 'k1' } })).resolves.toEqual({ fine: true })
    const [first, refresh, retry] = calls()
    expect(calls()).toHaveLength(3)
    expect(first.header.Authorization).toBe('Bearer access-1')
    expect(refresh.url).toMatch(/\/api\/v1\/auth\/refresh$/)
    expect(refresh.data).toEqual({ refreshToken: 'refresh-1-xxxxxxxxxxxxxxxx' })
    expect(refresh.header.Authorization).toBeUndefined()
    expect(retry.header.Authorization).toBe('Bearer access-2')
    expect(retry.header['Idempotency-Key']).toBe('k1') // the same attempt keeps its key
    expect(retry.data).toEqual({ x: 1 })
    expect(getSession()?.refreshToken).toBe('refresh-2-xxxxxxxxxxxxxxxx')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('concurrent 401s share a single refresh', async () => {
    mockRequest.mockImplementation((async (opts: Call) => {
      if (opts.url.endsWith('/auth/refresh')) return ok({ accessToken: 'access-2', refreshToken: 'refresh-2-xxxxxxxxxxxxxxxx', expiresIn: 900, user })
      return opts.header.Authorization === 'Bearer access-2' ? ok('ok') : fail(401, 'TOKEN_EXPIRED', '登录已过期')
    }) as never)
    await expect(Promise.all([request('/a'), request('/b'), request('/c')])).resolves.toEqual(['ok', 'ok', 'ok'])
    expect(calls().filter((c) => c.url.endsWith('/auth/refresh'))).toHaveLength(1)
  })

  it('a second 401 after the refresh clears the session and goes to login, without another refresh', async () => {
    replies(
      fail(401, 'TOKEN_EXPIRED', '登录已过期'),
      ok({ accessToken: 'access-2', refreshToken: 'refresh-2-xxxxxxxxxxxxxxxx', expiresIn: 900, user }),
      fail(401, 'UNAUTHENTICATED', '请先登录'),
    )
    const err = (await request('/me').catch((e) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err.status).toBe(401)
    expect(calls()).toHaveLength(3)
    expect(getSession()).toBeNull()
    expect(Taro.getStorageSync('llt.session')).toBe('')
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('a refused refresh clears the session and goes to login', async () => {
    replies(fail(401, 'TOKEN_EXPIRED', '登录已过期'), fail(401, 'REFRESH_INVALID', '请重新登录'))
    await expect(request('/me')).rejects.toMatchObject({ status: 401 })
    expect(calls()).toHaveLength(2)
    expect(getSession()).toBeNull()
    expect(Taro.navigateTo).toHaveBeenCalledTimes(1)
  })

  it('does not navigate again when already on the login page', async () => {
    vi.mocked(Taro.getCurrentPages).mockReturnValue([{ route: 'pages/login/index' }])
    replies(fail(401, 'TOKEN_EXPIRED', '登录已过期'), fail(401, 'REFRESH_INVALID', '请重新登录'))
    await expect(request('/me')).rejects.toBeInstanceOf(ApiError)
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('in 朋友圈\'s single-page mode (scene 1154) ends the session without trying to open the login page', async () => {
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.getLaunchOptionsSync).mockReturnValue({ scene: 1154 } as never)
    replies(fail(401, 'TOKEN_EXPIRED', '登录已过期'), fail(401, 'REFRESH_INVALID', '请重新登录'))
    await expect(request('/me')).rejects.toMatchObject({ status: 401 })
    expect(getSession()).toBeNull()
    expect(Taro.navigateTo).not.toHaveBeenCalled()
    expect(Taro.reLaunch).not.toHaveBeenCalled()
  })

  it('turns an error body into an ApiError with code, message, fields and requestId', async () => {
    replies(fail(400, 'VALIDATION_FAILED', 'idNumber: 身份证号校验位不正确', [{ field: 'idNumber', message: '身份证号校验位不正确，请核对' }]))
    const err = (await request('/me/profile', { method: 'PUT', body: {} }).catch((e) => e)) as ApiError
    expect(err).toBeInstanceOf(ApiError)
    expect(err).toMatchObject({ status: 400, code: 'VALIDATION_FAILED', message: 'idNumber: 身份证号校验位不正确', requestId: 'req-1' })
    expect(err.fields).toEqual([{ field: 'idNumber', message: '身份证号校验位不正确，请核对' }])
    expect(err.fieldMessage('idNumber')).toBe('身份证号校验位不正确，请核对')
    expect(calls()).toHaveLength(1) // no refresh for non-401 errors
  })

  it('reports a body that is not ours, and a network failure, as ApiErrors too', async () => {
    replies({ statusCode: 502, data: '<html>Bad Gateway</html>', header: { 'x-request-id': 'edge-9' } })
    await expect(request('/me')).rejects.toMatchObject({ status: 502, code: 'HTTP_502', requestId: 'edge-9' })
    mockRequest.mockRejectedValueOnce({ errMsg: 'request:fail' })
    await expect(request('/me')).rejects.toMatchObject({ status: 0, code: 'NETWORK_ERROR' })
  })

  it('returns undefined for 204 responses', async () => {
    replies({ statusCode: 204, data: '', header: {} })
    await expect(request('/auth/logout', { method: 'POST', body: {} })).resolves.toBeUndefined()
  })

  it('makes distinct idempotency keys the API accepts', () => {
    const a = newIdempotencyKey()
    expect(a).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/)
    expect(newIdempotencyKey()).not.toBe(a)
  })

  it('a 401 INVALID_CREDENTIALS (wrong current password) is an error of the request: no refresh, the session stays', async () => {
    replies(fail(401, 'INVALID_CREDENTIALS', '用户名或密码错误'))
    await expect(request('/me/password', { method: 'PUT', body: {} })).rejects.toMatchObject({ status: 401, code: 'INVALID_CREDENTIALS' })
    expect(calls()).toHaveLength(1)
    expect(getSession()?.accessToken).toBe('access-1')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('reads how long to wait from a 429, in the details or the Retry-After header', async () => {
    replies(
      { ...fail(429, 'RATE_LIMITED', '请求过于频繁'), data: { error: { code: 'RATE_LIMITED', message: '请求过于频繁', details: { retryAfterSeconds: 59.2 } }, requestId: 'r' } },
      { ...fail(429, 'RATE_LIMITED', '请求过于频繁'), header: { 'retry-after': '1800' } },
    )
    await expect(request('/auth/password', { method: 'POST', body: {}, auth: false })).rejects.toMatchObject({ retryAfterSeconds: 60 })
    await expect(request('/me/profile', { method: 'PUT', body: {} })).rejects.toMatchObject({ retryAfterSeconds: 1800 })
  })
})

describe('two H5 tabs sharing one stored session', () => {
  const pair = (n: number) => ({ accessToken: `access-${n}`, refreshToken: `refresh-${n}-xxxxxxxxxxxxxxxx`, user })
  /** What another tab does to the shared storage when it renews (this tab's in-memory copy does not change). */
  const otherTabStores = (n: number) => Taro.setStorageSync('llt.session', pair(n))
  /** Answers 401 to every token but `access-${valid}`; counts refreshes. */
  const server = (valid: number) =>
    mockRequest.mockImplementation((async (opts: Call) => {
      if (opts.url.endsWith('/auth/refresh')) return ok({ ...pair(9), expiresIn: 900 })
      return opts.header.Authorization === `Bearer access-${valid}` ? ok('ok') : fail(401, 'TOKEN_EXPIRED', '登录已过期')
    }) as never)
  const refreshes = () => calls().filter((c) => c.url.endsWith('/auth/refresh'))

  afterEach(() => {
    Reflect.deleteProperty(navigator, 'locks')
  })

  it('uses the pair another tab stored instead of refreshing again (which would look like token reuse)', async () => {
    otherTabStores(2)
    server(2)
    const seen: (string | undefined)[] = []
    const stop = subscribeSession((s) => seen.push(s?.accessToken))
    await expect(request('/me')).resolves.toBe('ok')
    stop()
    expect(refreshes()).toHaveLength(0)
    expect(calls().map((c) => c.header.Authorization)).toEqual(['Bearer access-1', 'Bearer access-2'])
    expect(getSession()?.refreshToken).toBe('refresh-2-xxxxxxxxxxxxxxxx')
    expect(seen).toEqual(['access-2']) // the page hears of the pair it now uses
  })

  it('ends the session here when another tab logged out', async () => {
    Taro.removeStorageSync('llt.session')
    server(2)
    await expect(request('/me')).rejects.toMatchObject({ status: 401 })
    expect(refreshes()).toHaveLength(0)
    expect(getSession()).toBeNull()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
  })

  it('waits for the other tab\'s refresh under the Web Lock, then uses its pair', async () => {
    let tail: Promise<unknown> = Promise.resolve()
    const asked: string[] = []
    const locks = {
      request: (name: string, cb: () => Promise<unknown>) => {
        asked.push(name)
        const run = tail.then(cb)
        tail = run.catch(() => undefined)
        return run
      },
    }
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
    let release!: () => void
    const otherTab = locks.request('llt.session.refresh', async () => {
      await new Promise<void>((r) => (release = r))
      otherTabStores(2)
    })
    server(2)
    const mine = request('/me')
    await vi.waitFor(() => expect(asked).toHaveLength(2)) // this tab is queued behind the other one
    expect(calls()).toHaveLength(1)
    release()
    await otherTab
    await expect(mine).resolves.toBe('ok')
    expect(asked).toEqual(['llt.session.refresh', 'llt.session.refresh'])
    expect(refreshes()).toHaveLength(0)
    expect(getSession()?.accessToken).toBe('access-2')
  })

  it('refreshes under the lock when no other tab has, and stores the new pair for the others', async () => {
    const locks = { request: vi.fn((_: string, cb: () => Promise<unknown>) => cb()) }
    Object.defineProperty(navigator, 'locks', { value: locks, configurable: true })
    server(9)
    await expect(Promise.all([request('/a'), request('/b')])).resolves.toEqual(['ok', 'ok'])
    expect(locks.request).toHaveBeenCalledTimes(1)
    expect(refreshes()).toHaveLength(1)
    expect(Taro.getStorageSync('llt.session')).toMatchObject({ accessToken: 'access-9' })
  })

  it('without Web Locks, a refused refresh still uses the pair another tab stored in the same moment', async () => {
    mockRequest.mockImplementation((async (opts: Call) => {
      if (opts.url.endsWith('/auth/refresh')) {
        otherTabStores(2) // the other tab's refresh with the same token landed first
        return fail(401, 'REFRESH_REUSED', '请重新登录')
      }
      return opts.header.Authorization === 'Bearer access-2' ? ok('ok') : fail(401, 'TOKEN_EXPIRED', '登录已过期')
    }) as never)
    await expect(request('/me')).resolves.toBe('ok')
    expect(getSession()?.accessToken).toBe('access-2')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })
})
