import path from 'node:path'
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { startTestServer, type TestServer } from '../../api/test/support/server.ts'
import { ensureH5Build, launchBrowser, phoneContext, SCREENSHOT_DIR } from './browser.ts'

/** API processes every journey runs against, behind a round-robin proxy (issue 12 §5: scale-out). */
export const API_INSTANCES = 2

/**
 * One end-to-end session of the H5 portal: the real API over a fresh database with the demo data,
 * as API_INSTANCES processes behind a round-robin proxy, serving the H5 build, and headless
 * Chromium as a phone. Every request must go to our own server (no CDN, no fonts from elsewhere);
 * such requests and page errors are collected in `problems`.
 */
export class Portal {
  server!: TestServer
  browser!: Browser
  context!: BrowserContext
  /** The tab the helpers act on. */
  page!: Page
  readonly problems: string[] = []
  /** The API processes (pids, from X-Api-Instance) that answered the browser so far. */
  readonly instancesSeen = new Set<string>()

  /** Starts the API and the browser with one open tab. */
  async start(): Promise<this> {
    const staticDir = ensureH5Build()
    this.server = await startTestServer({ seed: 'demo', staticDir, instances: API_INSTANCES })
    this.browser = await launchBrowser()
    this.context = await phoneContext(this.browser)
    this.context.on('response', (r) => {
      const instance = r.headers()['x-api-instance']
      if (instance) this.instancesSeen.add(instance)
    })
    await this.context.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => {
      this.problems.push(`external request: ${route.request().url()}`)
      return route.abort()
    })
    this.page = await this.newTab()
    return this
  }

  /** Another tab of the same browser (same storage), reporting its page errors. */
  async newTab(route?: string): Promise<Page> {
    const page = await this.context.newPage()
    page.on('pageerror', (e) => this.problems.push(`page error: ${e.message}`))
    if (route) await page.goto(`${this.server.baseUrl}/#${route}`)
    return page
  }

  async close(): Promise<void> {
    await this.browser?.close()
    await this.server?.close()
  }

  /** What a tab shows: Taro's H5 router keeps earlier pages of the stack in the DOM (hidden). */
  $ = (selector: string, page: Page = this.page): Locator => page.locator(`${selector}:visible`)

  visible = (l: Locator) => l.waitFor({ state: 'visible' })

  /** Waits for page transitions to end (finite animations only: loading indicators pulse forever). */
  settled = () =>
    this.page.waitForFunction(() =>
      document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity))

  /**
   * Waits until `el` has kept one place for 300 ms. A tap lands where Playwright measured the
   * element, and a list above it that finishes loading a moment later (the 议事 tab's elections
   * above its topics) moves it after the measurement; on a slow machine that tap hit the wrong row.
   */
  steady = async (el: Locator) => {
    const deadline = Date.now() + 10_000
    let last = ''
    let since = Date.now()
    while (Date.now() < deadline) {
      const box = JSON.stringify(await el.boundingBox())
      if (box !== last) {
        last = box
        since = Date.now()
      } else if (Date.now() - since >= 300) return
      await this.page.waitForTimeout(50)
    }
  }

  /**
   * Taps `el` where it is now. It waits until the element keeps one place (`steady`), checks that
   * the point at its centre hits the element itself and nothing laid over or shifted into it, and
   * taps that point. A coordinate tap from Playwright's own measurement once hit the row above on
   * a busy CI machine, and once hit nothing.
   */
  tapSteady = async (el: Locator) => {
    for (let attempt = 0; attempt < 20; attempt++) {
      await el.scrollIntoViewIfNeeded()
      await this.steady(el)
      const box = await el.boundingBox()
      if (box) {
        const x = box.x + box.width / 2
        const y = box.y + box.height / 2
        const onIt = await el.evaluate((node, [px, py]) => {
          const hit = document.elementFromPoint(px, py)
          return hit !== null && (hit === node || node.contains(hit))
        }, [x, y])
        if (onIt) return this.page.touchscreen.tap(x, y)
      }
      await this.page.waitForTimeout(100)
    }
    throw new Error('the element never stayed under its own centre long enough to tap')
  }

  /** A screenshot once the page has settled (docs/screenshots with SCREENSHOTS=docs). */
  shot = async (name: string) => {
    await this.settled()
    await this.page.screenshot({ path: path.join(SCREENSHOT_DIR, name) })
  }

  /** Loads the app afresh at a page (a deep link, as from a shared link or a message). */
  open = async (route: string) => {
    await this.page.goto('about:blank')
    await this.page.goto(`${this.server.baseUrl}/#${route}`)
  }

  /**
   * Logs in through the demo picker; the app lands on 我的. Then opens 我的 afresh (the session is
   * kept): leaving the login page within Taro's 300 ms page transition leaves a timer in the H5
   * router that would hide 我的 a moment later. On a busy CI machine a tap on the picker was lost
   * three times in six runs: once the row above logged in, once nothing happened, once the login
   * page stayed with no error. So the whole login is tried up to three times, each checked by who
   * 我的 says is logged in; the error names every attempt's outcome.
   */
  loginAs = async (username: string) => {
    const outcomes: string[] = []
    for (let attempt = 0; attempt < 3; attempt++) {
      await this.open('/pages/login/index')
      const account = this.$(`#demo-${username}`)
      await this.visible(account)
      await this.settled()
      await this.tapSteady(account)
      const card = this.$('#profile-card')
      // The login page left for 我的, or (a page change the router dropped) it stayed: 我的 opened
      // afresh shows who the kept session is, if any.
      await card.waitFor({ state: 'visible', timeout: 8_000 }).catch(() => undefined)
      await this.open('/pages/mine/index')
      const shown = await card.waitFor({ state: 'visible', timeout: 8_000 }).then(() => true, () => false)
      const who = shown ? await this.$('.hero__sub').first().textContent() : null
      if (who?.includes(`账号 ${username} `)) return
      outcomes.push(who === null ? 'not logged in' : `logged in as someone else: ${who}`)
    }
    throw new Error(`loginAs(${username}) failed three times: ${outcomes.join('; ')}`)
  }

  /** Types into a Taro input (a wrapper element around the real <input>). */
  fill = (fieldId: string, value: string) => this.$(`#${fieldId} input`).fill(value)

  /** Taps a button of Taro's H5 modal (showModal). */
  modalButton = async (label: string) => {
    const button = this.$('.taro__modal .taro-modal__foot').getByText(label, { exact: true })
    await this.visible(button)
    await button.tap()
  }
}
