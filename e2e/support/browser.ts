import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type BrowserContext } from 'playwright-core'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const H5_DIR = path.join(ROOT, 'miniapp', 'dist', 'h5')
export const SCREENSHOT_DIR = path.join(ROOT, 'docs', 'screenshots')

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

/** A phone: 390×844, touch (Taro's H5 buttons act on touch), Chinese locale, Shanghai time. */
export function phoneContext(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    hasTouch: true,
    isMobile: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  })
}
