import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Portal } from './support/portal.ts'

const portal = new Portal()
const { $, visible, problems } = portal
const refreshes: string[] = []

/** Replaces the stored access token (both tabs read it): the next request of each tab is refused with 401. */
const spoilAccessToken = (page: Page) =>
  page.evaluate(() => {
    const stored = JSON.parse(localStorage.getItem('llt.session') ?? 'null') as { data: { accessToken: string } }
    stored.data.accessToken = 'spoiled.access.token'
    localStorage.setItem('llt.session', JSON.stringify(stored))
  })
const storedRefreshToken = (page: Page) =>
  page.evaluate(() => (JSON.parse(localStorage.getItem('llt.session') ?? 'null') as { data: { refreshToken: string } } | null)?.data.refreshToken)

describe('two tabs of the H5 portal share one session', () => {
  beforeAll(async () => {
    await portal.start()
    portal.context.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.url())
    })
  })
  afterAll(async () => portal.close())

  it('both tabs renew an expired access token with one refresh, and neither is logged out', async () => {
    const first = await portal.newTab('/pages/login/index')
    const account = $('#demo-resident7', first)
    await visible(account)
    await account.tap()
    await visible($('#profile-card', first))
    await first.reload()
    await visible($('#profile-card', first))
    const second = await portal.newTab('/pages/mine/index')
    await visible($('#profile-card', second))
    const before = await storedRefreshToken(first)

    // Both tabs load 我的 at once with a refused access token: each gets a 401 and wants to refresh.
    await spoilAccessToken(first)
    refreshes.length = 0
    await Promise.all([first.reload(), second.reload()])
    await Promise.all([visible($('#profile-card', first)), visible($('#profile-card', second))])
    await Promise.all([
      expect.poll(() => $('.hero__title', first).textContent()).toBe('赵立新'),
      expect.poll(() => $('.hero__title', second).textContent()).toBe('赵立新'),
    ])
    expect(refreshes).toHaveLength(1)
    const after = await storedRefreshToken(second)
    expect(after).not.toBe(before)

    // The renewed family is alive: both tabs keep working (a second refresh with the old token
    // would have looked like reuse and revoked it).
    await Promise.all([first.reload(), second.reload()])
    await Promise.all([visible($('#profile-card', first)), visible($('#profile-card', second))])
    const res = await first.request.post(`${portal.server.baseUrl}/api/v1/auth/refresh`, { data: { refreshToken: after } })
    expect(res.status()).toBe(200)
    expect(problems).toEqual([])
  })
})
