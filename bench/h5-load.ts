// `npm run bench:h5 [-- --network slow-3g --cpu 4 --runs 3]`: the H5 portal's first load as a
// fresh visitor (issue 12 §3). Starts the real API (production mode) over a fresh database
// `linlitong_bench_h5` with the demo data, serving miniapp/dist/h5 (built first when missing), and
// opens `/` (首页) in headless Chromium as a phone, each visit in a new browser context (empty
// cache, no storage, no open connection).
//
// Conditions, through the Chrome DevTools Protocol on the page before it navigates:
//   - CPU: `Emulation.setCPUThrottlingRate {rate: 4}` (4× slower main thread, Lighthouse's mobile).
//   - Network: `Network.emulateNetworkConditions` with Chrome DevTools' presets
//     (front_end/core/sdk/NetworkManager.ts; Puppeteer's PredefinedNetworkConditions copy them):
//       slow-3g  "Slow 3G": 400 ms RTT × 5 = 2000 ms latency per request,
//                500 kbit/s × 0.8 = 50,000 B/s down and up.
//       fast-3g  "Fast 3G" (DevTools' "Slow 4G" is the same, Lighthouse's default mobile profile):
//                150 ms × 3.75 = 562.5 ms latency, 1.6 Mbit/s × 0.9 = 180,000 B/s down,
//                750 kbit/s × 0.9 = 84,375 B/s up.
//       none     no network throttling.
//
// What is measured:
//   - Bytes on the wire: the sum of CDP `encodedDataLength` (response headers + body as
//     transferred, i.e. compressed) of every request of the load, up to the end of the quiet window.
//   - Content visible: the first animation frame at which the first page's marker (`#home-login`,
//     首页's 登录 button a signed-out visitor sees) is in the DOM and rendered (checkVisibility).
//   - Time to interactive (TTI): the earliest time T ≥ content visible such that the 500 ms after T
//     hold no long task (a main-thread task ≥ 50 ms, PerformanceObserver 'longtask') and no
//     request in flight. T is the latest of content visible, the end of the last long task and
//     the end of the last response. Times are from navigation start (performance.timeOrigin).
// A measurement, not a test: budgets are reported PASS/FAIL but never change the exit code.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import mysql from 'mysql2/promise'
import { chromium, type Browser, type CDPSession } from 'playwright-core'
import { loadConfig } from '../api/src/config.ts'
import { parseDatabaseUrl } from '../api/src/core/db.ts'
import { ensureDatabase, migrate } from '../api/src/core/migrate.ts'
import { seedDemo } from '../api/src/seed/demo.ts'
import { startServer } from '../api/src/server.ts'
import { benchApiEnv, benchDatabaseUrl, parseFlags, ROOT_DIR } from './common.ts'

/** Chrome DevTools' network presets (bytes per second, ms of latency per request). */
export const NETWORKS = {
  'slow-3g': { latency: 400 * 5, downloadThroughput: ((500 * 1000) / 8) * 0.8, uploadThroughput: ((500 * 1000) / 8) * 0.8 },
  'fast-3g': { latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 },
  none: { latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
} as const

const flags = parseFlags(
  {
    network: { default: 'slow-3g', help: `network preset: ${Object.keys(NETWORKS).join(', ')}` },
    cpu: { default: 4, help: 'CPU slowdown (Emulation.setCPUThrottlingRate)' },
    runs: { default: 3, help: 'fresh visits; the median is reported' },
    route: { default: '/', help: 'the page to open (a path of the portal, or #/pages/... for another page)' },
    ready: { default: '#home-login', help: 'CSS selector of the first page\'s content' },
    quiet: { default: 500, help: 'ms without long tasks or requests that make the page interactive' },
    timeout: { default: 90, help: 'seconds a visit may take' },
    'budget-kb': { default: 250, help: 'budget for the bytes on the wire, in KB (1000 bytes)' },
    'budget-tti': { default: 3, help: 'budget for time to interactive, in seconds' },
    dir: { default: '', help: 'the H5 build to serve (default miniapp/dist/h5, built when missing)' },
  },
  process.argv.slice(2),
  'Usage: npm run bench:h5 -- [flags]',
)
if (!(flags.network in NETWORKS)) throw new Error(`--network must be one of ${Object.keys(NETWORKS).join(', ')}`)
const network = NETWORKS[flags.network as keyof typeof NETWORKS]
const H5_DIR = flags.dir ? path.resolve(flags.dir) : path.join(ROOT_DIR, 'miniapp', 'dist', 'h5')
const log = (s: string) => process.stdout.write(`${s}\n`)

// In the page from its first script on: the marker's first rendered frame and long tasks' ends.
const PROBE = (selector: string) => `(() => {
  const w = window
  w.__h5bench = { visible: undefined, longTaskEnds: [] }
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) w.__h5bench.longTaskEnds.push(e.startTime + e.duration)
  }).observe({ type: 'longtask', buffered: true })
  let waiting = false
  const check = () => {
    if (w.__h5bench.visible !== undefined || waiting) return
    const el = document.querySelector(${JSON.stringify(selector)})
    if (!el || !el.checkVisibility()) return
    waiting = true
    requestAnimationFrame(() => { w.__h5bench.visible = performance.now(); observer.disconnect() })
  }
  const observer = new MutationObserver(check)
  observer.observe(document, { subtree: true, childList: true, attributes: true })
})()`

// Read from node while waiting: now, the marker's time, long tasks, the last response's end.
const STATE = `(() => {
  const b = window.__h5bench
  const ends = performance.getEntriesByType('resource').map((e) => e.responseEnd)
  const nav = performance.getEntriesByType('navigation')[0]
  if (nav) ends.push(nav.responseEnd)
  return { now: performance.now(), visible: b.visible, lastLongTask: Math.max(0, ...b.longTaskEnds), lastResponse: Math.max(0, ...ends), longTasks: b.longTaskEnds.length }
})()`

type State = { now: number; visible?: number; lastLongTask: number; lastResponse: number; longTasks: number }
type Visit = { bytes: number; requests: number; byType: Map<string, { bytes: number; count: number }>; visible: number; tti: number; longTasks: number }

/** Counts what the page receives: bytes on the wire per resource type and requests in flight. */
function watchNetwork(cdp: CDPSession) {
  const types = new Map<string, string>()
  const open = new Set<string>()
  const byType = new Map<string, { bytes: number; count: number }>()
  let bytes = 0
  cdp.on('Network.requestWillBeSent', (e) => {
    if (e.request.url.startsWith('data:')) return
    open.add(e.requestId)
    types.set(e.requestId, e.type ?? 'Other')
  })
  const done = (id: string, received: number) => {
    if (!open.delete(id)) return
    bytes += received
    const t = types.get(id) ?? 'Other'
    const row = byType.get(t) ?? { bytes: 0, count: 0 }
    row.bytes += received
    row.count++
    byType.set(t, row)
  }
  cdp.on('Network.loadingFinished', (e) => done(e.requestId, e.encodedDataLength))
  cdp.on('Network.loadingFailed', (e) => done(e.requestId, 0))
  return { inFlight: () => open.size, total: () => ({ bytes, requests: [...byType.values()].reduce((n, r) => n + r.count, 0), byType }) }
}

/** One fresh visit: a new context, throttled, until the page has been quiet for `flags.quiet` ms. */
async function visit(browser: Browser, url: string): Promise<Visit> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, hasTouch: true, isMobile: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })
  try {
    const page = await context.newPage()
    await page.addInitScript({ content: PROBE(flags.ready) })
    const cdp = await context.newCDPSession(page)
    const net = watchNetwork(cdp)
    await cdp.send('Network.enable')
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true })
    await cdp.send('Network.emulateNetworkConditions', { offline: false, ...network })
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: flags.cpu })
    await page.goto(url, { waitUntil: 'commit', timeout: flags.timeout * 1000 })
    const deadline = Date.now() + flags.timeout * 1000
    for (;;) {
      if (Date.now() > deadline) throw new Error(`${url}: not interactive within ${flags.timeout} s (is ${flags.ready} on the page?)`)
      const s = (await page.evaluate(STATE)) as State
      if (s.visible !== undefined && net.inFlight() === 0) {
        const tti = Math.max(s.visible, s.lastLongTask, s.lastResponse)
        if (s.now - tti >= flags.quiet) return { ...net.total(), visible: s.visible, tti, longTasks: s.longTasks }
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  } finally {
    await context.close()
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const kb = (n: number) => `${(n / 1000).toFixed(1)} KB`
const sec = (n: number) => `${(n / 1000).toFixed(2)} s`

if (!existsSync(path.join(H5_DIR, 'index.html'))) {
  if (flags.dir) throw new Error(`no H5 build in ${H5_DIR}`)
  log('no H5 build: building it (npm run build:h5 -w miniapp)')
  execFileSync('npm', ['run', 'build:h5', '-w', 'miniapp', '--silent'], { cwd: ROOT_DIR, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })
}
const DB_URL = benchDatabaseUrl('linlitong_bench_h5')
const admin = await mysql.createConnection({ ...parseDatabaseUrl(DB_URL), database: undefined })
await admin.query(`DROP DATABASE IF EXISTS \`${parseDatabaseUrl(DB_URL).database}\``)
await admin.end()
await ensureDatabase(DB_URL)
await migrate(DB_URL)
const server = await startServer(loadConfig({ ...benchApiEnv(DB_URL, 5), STATIC_DIR: H5_DIR, LOG_LEVEL: 'warn' }))
await seedDemo(server.deps.db, server.deps.cipher)
// The same Chromium and flags as the e2e tests (e2e/support/browser.ts).
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  const url = new URL(flags.route, server.url).toString()
  log(`H5 first load of ${url}: network ${flags.network} (latency ${network.latency} ms, down ${network.downloadThroughput} B/s, up ${network.uploadThroughput} B/s), CPU ×${flags.cpu}, ${flags.runs} fresh visit(s)`)
  const visits: Visit[] = []
  for (let i = 0; i < flags.runs; i++) {
    const v = await visit(browser, url)
    visits.push(v)
    const types = [...v.byType].sort((a, b) => b[1].bytes - a[1].bytes).map(([t, r]) => `${t} ${r.count}× ${kb(r.bytes)}`).join(', ')
    log(`  visit ${i + 1}: ${kb(v.bytes)} in ${v.requests} requests (${types}); content visible ${sec(v.visible)}, interactive ${sec(v.tti)}, ${v.longTasks} long tasks`)
  }
  const bytes = median(visits.map((v) => v.bytes))
  const tti = median(visits.map((v) => v.tti))
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
  log(`median: ${kb(bytes)} on the wire (budget ${flags['budget-kb']} KB: ${verdict(bytes <= flags['budget-kb'] * 1000)}), content visible ${sec(median(visits.map((v) => v.visible)))}, TTI ${sec(tti)} (budget ${flags['budget-tti']} s: ${verdict(tti <= flags['budget-tti'] * 1000)})`)
} finally {
  await browser.close()
  await server.close()
}
