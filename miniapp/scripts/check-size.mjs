#!/usr/bin/env node
/**
 * Measures the built WeChat package (dist/weapp): the main package is everything except the
 * subpackage roots listed in app.json. Our budgets (issue 12 §4): main package ≤ 600 KiB, so the
 * first open downloads little; each subpackage ≤ 2 MiB and all together ≤ 20 MiB (WeChat's own
 * limits: 2 MiB per package, 20 MiB in all). Also checks app.json's preloadRule never names the
 * staff workbench: residents, who never open it, would download it for nothing. Prints each
 * size and exits 1 when a budget or the rule is broken (or when there is no build).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const KIB = 1024
const MAIN_LIMIT = 600 * KIB
const SUB_LIMIT = 2048 * KIB
const TOTAL_LIMIT = 20 * 1024 * KIB
/** Subpackages no preloadRule may name (by name or root). */
const NEVER_PRELOADED = ['workbench', 'packages/workbench']
// The build to measure: dist/weapp, or the folder given as the first argument.
const root = process.argv[2] ? resolve(process.argv[2]) + sep : fileURLToPath(new URL('../dist/weapp/', import.meta.url))
const appJson = join(root, 'app.json')
if (!existsSync(appJson)) {
  console.error(`no weapp build at ${root} — run \`npm run build:weapp -w miniapp\` first`)
  process.exit(1)
}

const app = JSON.parse(readFileSync(appJson, 'utf8'))
const subRoots = [...(app.subPackages ?? []), ...(app.subpackages ?? [])].map((p) => p.root.replace(/\/+$/, ''))

/** Every file under dir, as paths relative to the build root with forward slashes. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name)
    return e.isDirectory() ? files(full) : [relative(root, full).split(sep).join('/')]
  })
}

// Source maps and the IDE's project file are not uploaded with the code package.
const counted = files(root).filter((f) => !f.endsWith('.map') && f !== 'project.config.json' && f !== 'project.private.config.json')
const sizes = new Map([['', 0], ...subRoots.map((r) => [r, 0])])
for (const f of counted) {
  const owner = subRoots.find((r) => f === r || f.startsWith(`${r}/`)) ?? ''
  sizes.set(owner, sizes.get(owner) + statSync(join(root, f)).size)
}

const kib = (n) => `${(n / KIB).toFixed(1)} KiB`
const problems = []
const main = sizes.get('')
console.log(`weapp main package: ${kib(main)} (limit ${kib(MAIN_LIMIT)})`)
if (main > MAIN_LIMIT) problems.push(`main package is ${kib(main - MAIN_LIMIT)} over its ${kib(MAIN_LIMIT)} budget`)
for (const r of subRoots) {
  console.log(`  subpackage ${r}: ${kib(sizes.get(r))} (limit ${kib(SUB_LIMIT)})`)
  if (sizes.get(r) > SUB_LIMIT) problems.push(`subpackage ${r} is ${kib(sizes.get(r) - SUB_LIMIT)} over WeChat's 2 MiB limit`)
}
const total = [...sizes.values()].reduce((a, b) => a + b, 0)
console.log(`  total: ${kib(total)} (limit ${kib(TOTAL_LIMIT)})`)
if (total > TOTAL_LIMIT) problems.push(`all packages together are ${kib(total - TOTAL_LIMIT)} over WeChat's 20 MiB limit`)
for (const [page, rule] of Object.entries(app.preloadRule ?? {})) {
  const named = (rule.packages ?? []).filter((p) => NEVER_PRELOADED.includes(String(p).replace(/\/+$/, '')))
  if (named.length) problems.push(`preloadRule of ${page} preloads ${named.join(', ')}: the staff workbench must load only when opened`)
}
for (const p of problems) console.error(p)
if (problems.length) process.exit(1)
