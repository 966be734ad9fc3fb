import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seriousViolations } from './support/axe.ts'
import { ROOT } from './support/browser.ts'
import { Portal } from './support/portal.ts'
import { appRoutes, demoIds, portalWalk, visitPath, type DemoIds, type PageVisit, type WalkAccount } from './support/routes.ts'

/** The 关怀模式 screenshots, one per page (a test artefact, never the documented screenshots). */
const ELDER_SHOTS = path.join(ROOT, '.test-results', 'screenshots', 'elder')
/** Body text in 关怀模式: at least this size, and this much larger than without it. */
const ELDER_MIN_PX = 18
const ELDER_MIN_RATIO = 1.15
/** One account's two walks (every page twice) on a busy 2-core machine. */
const WALK_TIMEOUT = 300_000

const portal = new Portal()
const { $, visible, problems } = portal
const page = () => portal.page
const walk = portalWalk()
let ids: DemoIds

/** Requests the walking tab has sent and not yet seen answered. */
let pending = 0

/**
 * Opens a page afresh and waits until its data has loaded: no request pending, no loading state
 * or skeleton on screen, transitions over. (Playwright's networkidle would add half a second to
 * each of the ~110 page loads.)
 */
async function openSettled(v: PageVisit) {
  const route = visitPath(v, ids)
  try {
    await page().goto('about:blank')
    await page().goto(`${portal.server.baseUrl}/#${route}`)
    await visible($('.page').first())
    await expect.poll(() => pending, { interval: 50 }).toBe(0)
    await $('.state--loading').first().waitFor({ state: 'hidden' })
    await portal.settled()
    await expect.poll(() => pending, { interval: 50 }).toBe(0)
  } catch (e) {
    throw new Error(`${route} did not load: ${(e as Error).message}`)
  }
}

/**
 * The size most of the page's text is set in: the median font size over the characters of the
 * visible text (earlier pages of Taro's stack stay in the DOM, hidden, and are skipped).
 */
const bodyTextPx = () =>
  page().evaluate(() => {
    const sizes: number[] = []
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement
      const text = n.textContent?.trim() ?? ''
      if (!el || !text || !el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue
      if (el.closest('.taro-tabbar__tabbar')) continue
      const px = parseFloat(getComputedStyle(el).fontSize)
      for (let i = 0; i < text.length; i++) sizes.push(px)
    }
    sizes.sort((a, b) => a - b)
    return sizes[Math.floor(sizes.length / 2)] ?? 0
  })

/** How far the page reaches past the screen's right edge (0 = nothing to scroll sideways). */
const horizontalOverflow = () => page().evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth)

/** Flips the 关怀模式 switch on 我的 and waits for the page to follow. */
async function setElder(on: boolean) {
  await openSettled({ route: 'pages/mine/index', as: 'resident1' })
  const switchEl = $('.elder-switch taro-switch-core, .elder-switch input').first()
  await visible(switchEl)
  await switchEl.tap()
  await $('.page--elder').first().waitFor({ state: on ? 'visible' : 'hidden' })
}

/**
 * One account's pages: each passes axe (WCAG 2.0/2.1 A and AA, no serious or critical
 * violation); then the same pages in 关怀模式 (its own colours and sizes), each screenshotted,
 * passing axe again, with larger body text and nothing wider than the screen. Every finding is
 * collected, so one run lists them all.
 */
async function walkAs(account: WalkAccount) {
  const visits = walk.filter((v) => v.as === account)
  const findings: string[] = []
  const normalPx = new Map<string, number>()
  await portal.loginAs(account)
  for (const v of visits) {
    await openSettled(v)
    if (await $('.state--error').count()) findings.push(`${v.route}: shows an error: ${await $('.state--error').first().innerText()}`)
    findings.push(...(await seriousViolations(page())).map((f) => `${v.route}: ${f}`))
    normalPx.set(v.route, await bodyTextPx())
  }
  await setElder(true)
  for (const v of visits) {
    await openSettled(v)
    await visible($('.page--elder').first())
    await page().screenshot({ path: path.join(ELDER_SHOTS, `${v.route.replace(/\/index$/, '').replace(/\//g, '-')}.png`), fullPage: true })
    findings.push(...(await seriousViolations(page())).map((f) => `${v.route} in 关怀模式: ${f}`))
    const px = await bodyTextPx()
    const before = normalPx.get(v.route)!
    if (px < ELDER_MIN_PX || px < before * ELDER_MIN_RATIO) findings.push(`${v.route}: 关怀模式 body text ${px}px (without it ${before}px)`)
    const overflow = await horizontalOverflow()
    if (overflow > 0) findings.push(`${v.route}: 关怀模式 overflows the screen by ${overflow}px`)
  }
  await setElder(false)
  expect(findings, findings.join('\n')).toEqual([])
  expect(problems.splice(0)).toEqual([])
}

describe('accessibility of every page of the H5 portal, and 关怀模式 on each', () => {
  beforeAll(async () => {
    await portal.start()
    page().on('request', () => pending++)
    page().on('requestfinished', () => pending--)
    page().on('requestfailed', () => pending--)
    ids = await demoIds(portal.server)
    mkdirSync(ELDER_SHOTS, { recursive: true })
  })
  afterAll(async () => portal.close())

  it('walks every page app.config.ts declares, each as the role that uses it', () => {
    expect(walk.map((v) => v.route)).toEqual(appRoutes())
    expect(walk.length).toBeGreaterThan(50)
  })

  it('lets the reader pinch-zoom (WCAG 1.4.4): the viewport neither forbids scaling nor caps it', async () => {
    await openSettled({ route: 'pages/login/index', as: 'resident1' })
    const viewport = await page().locator('meta[name="viewport"]').getAttribute('content')
    expect(viewport).toContain('width=device-width')
    expect(viewport).not.toMatch(/user-scalable\s*=\s*(no|0)|maximum-scale/)
  })

  it('resident1: every resident page is free of serious WCAG A/AA violations and readable in 关怀模式', async () => {
    await walkAs('resident1')
  }, WALK_TIMEOUT)

  it('grid1: the grid worker pages are free of serious WCAG A/AA violations and readable in 关怀模式', async () => {
    await walkAs('grid1')
  }, WALK_TIMEOUT)

  it('committee1: the workbench pages are free of serious WCAG A/AA violations and readable in 关怀模式', async () => {
    await walkAs('committee1')
  }, WALK_TIMEOUT)
})
