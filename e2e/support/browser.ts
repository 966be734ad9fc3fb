import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'
import { afterEach, expect } from 'vitest'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
/**
 * The H5 build the tests serve; H5_DIR points them at a copy (helpers sharing one checkout rebuild
 * miniapp/dist/h5 under each other's running tests).
 */
export const H5_DIR = process.env.H5_DIR ? path.resolve(process.env.H5_DIR) : path.join(ROOT, 'miniapp', 'dist', 'h5')
/**
 * Where the tests' screenshots go: an ignored folder, so a test run changes no tracked file;
 * `npm run screenshots` (SCREENSHOTS=docs) refreshes the documented ones in docs/screenshots.
 */
export const SCREENSHOT_DIR =
  process.env.SCREENSHOTS === 'docs' ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, '.test-results', 'screenshots')

/** Content-Security-Policy violations reported by the pages of every phoneContext, not yet checked. */
const cspViolations: string[] = []

// The portal must run under its own CSP: any violation fails the test during which it happened.
afterEach(() => {
  expect(cspViolations.splice(0), 'Content-Security-Policy violations').toEqual([])
})

/** The H5 build the API serves; built once here when missing (a clean checkout). */
export function ensureH5Build(): string {
  if (!existsSync(path.join(H5_DIR, 'index.html'))) {
    execFileSync('npm', ['run', 'build:h5', '-w', 'miniapp', '--silent'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  return H5_DIR
}

/** Headless Chromium from Debian (CHROMIUM_PATH to override), with no network of its own. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
}

/**
 * A phone: 390×844, touch (Taro's H5 buttons act on touch), Chinese locale, Shanghai time. Its
 * pages report every CSP violation (the DOM event and Chromium's console error), which fails
 * the running test.
 */
export async function phoneContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    hasTouch: true,
    isMobile: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
  await context.exposeBinding('__reportCspViolation', (_source, text: string) => {
    cspViolations.push(text)
  })
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as { __reportCspViolation: (text: string) => void }).__reportCspViolation
      report(`${e.effectiveDirective} refused ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`)
    })
  })
  context.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text())
  })
  return context
}
