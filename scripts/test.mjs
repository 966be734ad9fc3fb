// `npm test`: every check the project has, in order, on a fresh clone with no prior install.
//   typecheck (api, miniapp, e2e) → API unit + integration tests (real MariaDB/MySQL)
//   → mini-program unit tests → weapp build → its syntax (ES2019 for our lowest base library)
//   and package sizes (main ≤ 600 KiB, each subpackage ≤ 2 MiB, total ≤ 20 MiB, workbench never
//   preloaded) → H5 build → H5 end-to-end tests in headless Chromium.
// A failing step does not stop the later ones; the last line sums every suite:
// `N passed, N failed`. Exit status is non-zero if anything failed.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { checkNode, ensureDependencies, ensurePrismaClient, ROOT } from './lib/ensure.mjs'

checkNode()
// A test run writes its screenshots under .test-results/; only `npm run screenshots` touches docs/.
delete process.env.SCREENSHOTS
ensureDependencies()
ensurePrismaClient()

const RESULTS = path.join(ROOT, '.test-results')
fs.rmSync(RESULTS, { recursive: true, force: true })
fs.mkdirSync(RESULTS, { recursive: true })

const rows = []
const failures = []
const bin = (name) => path.join(ROOT, 'node_modules', '.bin', name)

function banner(title) {
  console.log(`\n━━━ ${title} ${'━'.repeat(Math.max(0, 60 - title.length))}`)
}

function exec(cmd, args, env = {}) {
  const t0 = Date.now()
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ...env } })
  return { ok: r.status === 0, seconds: (Date.now() - t0) / 1000 }
}

/** A step that is one check: it passes or fails as a whole. */
function check(title, cmd, args, env) {
  banner(title)
  const r = exec(cmd, args, env)
  rows.push({ suite: title, passed: r.ok ? 1 : 0, failed: r.ok ? 0 : 1, seconds: r.seconds })
  return r.ok
}

/** Each failed test (or file that failed to load) with its first error line, for the summary. */
function failedTests(report, root) {
  const firstLine = (m) => String(m ?? '').split('\n').find((l) => l.trim()) ?? ''
  const out = []
  for (const file of report.testResults) {
    const rel = path.relative(path.resolve(root), file.name)
    const bad = file.assertionResults.filter((a) => a.status === 'failed')
    if (file.status === 'failed' && bad.length === 0) out.push(`${root}/${rel}: ${firstLine(file.message)}`)
    for (const a of bad) out.push(`${root}/${rel} › ${a.fullName}: ${firstLine(a.failureMessages?.[0])}`)
  }
  return out
}

/** A vitest project: its own test counts, read from vitest's JSON report. */
function vitest(title, root) {
  banner(title)
  const out = path.join(RESULTS, `${path.basename(root)}.json`)
  const r = exec(bin('vitest'), ['run', '--root', root, '--reporter=default', '--reporter=json', `--outputFile=${out}`])
  let passed = 0
  let failed = 0
  try {
    const report = JSON.parse(fs.readFileSync(out, 'utf8'))
    passed = report.numPassedTests
    failed = report.numFailedTests
    // A file that fails to load has no tests but must still count as a failure.
    failed += report.testResults.filter((f) => f.status === 'failed' && f.assertionResults.length === 0).length
    failures.push(...failedTests(report, root))
  } catch {
    failed = 1
  }
  if (!r.ok && failed === 0) failed = 1
  rows.push({ suite: title, passed, failed, seconds: r.seconds })
  return failed === 0
}

check('typecheck: api', bin('tsc'), ['-p', 'api', '--noEmit'])
check('typecheck: miniapp', bin('tsc'), ['-p', 'miniapp', '--noEmit'])
check('typecheck: e2e', bin('tsc'), ['-p', 'e2e', '--noEmit'])
vitest('api: unit + integration', 'api')
vitest('miniapp: unit', 'miniapp')
const weapp = check('miniapp: weapp build', 'npm', ['run', 'build:weapp', '-w', 'miniapp', '--silent'], { NODE_ENV: 'production' })
const SYNTAX = 'miniapp: weapp scripts parse as ES2019'
const SIZES = 'miniapp: weapp main ≤ 600 KiB, subpackages ≤ 2 MiB, total ≤ 20 MiB'
if (weapp) {
  check(SYNTAX, 'node', ['miniapp/scripts/check-syntax.mjs'])
  check(SIZES, 'node', ['miniapp/scripts/check-size.mjs'])
} else rows.push({ suite: SYNTAX, passed: 0, failed: 1, seconds: 0 }, { suite: SIZES, passed: 0, failed: 1, seconds: 0 })
const h5 = check('miniapp: H5 build', 'npm', ['run', 'build:h5', '-w', 'miniapp', '--silent'], { NODE_ENV: 'production' })
if (h5) vitest('e2e: H5 in headless Chromium', 'e2e')
else rows.push({ suite: 'e2e: H5 in headless Chromium', passed: 0, failed: 1, seconds: 0 })

banner('summary')
const width = Math.max(...rows.map((r) => r.suite.length))
for (const r of rows) {
  const mark = r.failed ? '✗' : '✓'
  console.log(`${mark} ${r.suite.padEnd(width)}  ${String(r.passed).padStart(4)} passed  ${String(r.failed).padStart(3)} failed  ${r.seconds.toFixed(1).padStart(6)} s`)
}
const passed = rows.reduce((n, r) => n + r.passed, 0)
const failed = rows.reduce((n, r) => n + r.failed, 0)
// Named again at the very end: a CI log is often kept only in part, and its tail must say what broke.
for (const f of failures) console.log(`✗ ${f.slice(0, 400)}`)
console.log(`${passed} passed, ${failed} failed`)
process.exit(failed ? 1 : 0)
