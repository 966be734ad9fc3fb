import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../api/test/support/server.ts'
import { ensureH5Build, launchBrowser, phoneContext } from './support/browser.ts'

let server: TestServer
let browser: Browser
let context: BrowserContext
const problems: string[] = []
const refreshes: string[] = []

const visible = (l: Locator) => l.waitFor({ state: 'visible' })
/** Taro's H5 router keeps earlier pages of the stack in the DOM (hidden): look only at what is shown. */
const shown = (page: Page, selector: string) => page.locator(`${selector}:visible`)

async function newTab(route: string): Promise<Page> {
  const page = await context.newPage()
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  await page.goto(`${server.baseUrl}/#${route}`)
  return page
}

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
    const staticDir = ensureH5Build()
    server = await startTestServer({ seed: 'demo', staticDir })
    browser = await launchBrowser()
    context = await phoneContext(browser)
    await context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
      problems.push(`external request: ${route.request().url()}`)
      return route.abort()
    })
    context.on('request', (r) => {
      if (r.url().endsWith('/api/v1/auth/refresh')) refreshes.push(r.url())
    })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('both tabs renew an expired access token with one refresh, and neither is logged out', async () => {
    const first = await newTab('/pages/login/index')
    const account = shown(first, '#demo-resident7')
    await visible(account)
    await account.tap()
    await visible(shown(first, '#profile-card'))
    await first.reload()
    await visible(shown(first, '#profile-card'))
    const second = await newTab('/pages/mine/index')
    await visible(shown(second, '#profile-card'))
    const before = await storedRefreshToken(first)

    // Both tabs load 我的 at once with a refused access token: each gets a 401 and wants to refresh.
    await spoilAccessToken(first)
    refreshes.length = 0
    await Promise.all([first.reload(), second.reload()])
    await Promise.all([visible(shown(first, '#profile-card')), visible(shown(second, '#profile-card'))])
    await Promise.all([
      expect.poll(() => shown(first, '.hero__title').textContent()).toBe('赵立新'),
      expect.poll(() => shown(second, '.hero__title').textContent()).toBe('赵立新'),
    ])
    expect(refreshes).toHaveLength(1)
    const after = await storedRefreshToken(second)
    expect(after).not.toBe(before)

    // The renewed family is alive: both tabs keep working (a second refresh with the old token
    // would have looked like reuse and revoked it).
    await Promise.all([first.reload(), second.reload()])
    await Promise.all([visible(shown(first, '#profile-card')), visible(shown(second, '#profile-card'))])
    const res = await first.request.post(`${server.baseUrl}/api/v1/auth/refresh`, { data: { refreshToken: after } })
    expect(res.status()).toBe(200)
    expect(problems).toEqual([])
  })
})
