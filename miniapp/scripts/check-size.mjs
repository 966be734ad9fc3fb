#!/usr/bin/env node
/**
 * Measures the built WeChat package (dist/weapp): the main package is everything except the
 * subpackage roots listed in app.json; WeChat refuses a main package over 2 MiB. Prints each
 * size and exits 1 when the main package is over the limit (or when there is no build).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const LIMIT = 2 * 1024 * 1024
const root = fileURLToPath(new URL('../dist/weapp/', import.meta.url))
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

const kib = (n) => `${(n / 1024).toFixed(1)} KiB`
const main = sizes.get('')
console.log(`weapp main package: ${kib(main)} (limit ${LIMIT / 1024} KiB)`)
for (const r of subRoots) console.log(`  subpackage ${r}: ${kib(sizes.get(r))}`)
const total = [...sizes.values()].reduce((a, b) => a + b, 0)
console.log(`  total: ${kib(total)}`)
if (main > LIMIT) {
  console.error(`main package is ${kib(main - LIMIT)} over WeChat's 2 MiB limit`)
  process.exit(1)
}
