// @vitest-environment node
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'

// The checks `npm test` runs on the weapp build, run here on small made-up builds: each must fail
// on what it guards against, and pass a build that keeps to the rules.
const SCRIPTS = fileURLToPath(new URL('../scripts/', import.meta.url))
const temps: string[] = []

const run = (script: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [path.join(SCRIPTS, script), ...args], { encoding: 'utf8' })
  return { status: r.status, out: r.stdout + r.stderr }
}

/** A folder with the given files (path → content) that is removed after the test. */
function folder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-build-check-'))
  temps.push(dir)
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    fs.writeFileSync(path.join(dir, name), content)
  }
  return dir
}

afterEach(() => {
  for (const d of temps.splice(0)) fs.rmSync(d, { recursive: true, force: true })
})

describe('check-syntax (weapp scripts at the declared ECMAScript version)', () => {
  it.each([
    ['optional chaining', 'var a = {}; var c = a?.b;'],
    ['nullish coalescing', 'var a = null; var c = a ?? 1;'],
    ['a static class field', 'class A { static x = 1 }'],
    ['a private field', 'class A { #x = 1; get() { return this.#x } }'],
    ['logical assignment', 'var a; a ||= 1;'],
  ])('fails a script with %s, naming the file and line', (_, code) => {
    const dir = folder({ 'app.js': 'var ok = 1;', 'packages/x/page.js': `var first = 1;\n${code}\n` })
    const r = run('check-syntax.mjs', dir)
    expect(r.status).toBe(1)
    expect(r.out).toMatch(/packages\/x\/page\.js:2:/)
    expect(r.out).not.toMatch(/app\.js:/)
  })

  it('passes ES2019 scripts (arrow functions, async, spread, optional catch binding)', () => {
    const dir = folder({ 'app.js': 'const f = async (...xs) => ({ ...xs[0] }); try { f() } catch { }' })
    const r = run('check-syntax.mjs', dir)
    expect(r.out).toMatch(/1 files parse as ES2019/)
    expect(r.status).toBe(0)
  })
})

describe('check-size (package budgets and preload rules)', () => {
  const app = (extra: object = {}) =>
    JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'packages/workbench', pages: ['home/index'] }, { root: 'packages/notices', pages: ['list/index'] }], ...extra })

  it('passes a small build whose preload rules leave the workbench out', () => {
    const dir = folder({ 'app.json': app({ preloadRule: { 'pages/index/index': { packages: ['notices'] } } }), 'app.js': 'x', 'packages/workbench/home/index.js': 'y' })
    const r = run('check-size.mjs', dir)
    expect(r.out).toMatch(/subpackage packages\/workbench/)
    expect(r.status).toBe(0)
  })

  it.each([['workbench'], ['packages/workbench']])('fails when a preloadRule names %s', (name) => {
    const dir = folder({ 'app.json': app({ preloadRule: { 'pages/mine/index': { packages: ['notices', name] } } }), 'app.js': 'x' })
    const r = run('check-size.mjs', dir)
    expect(r.status).toBe(1)
    expect(r.out).toMatch(/preloadRule of pages\/mine\/index preloads .*workbench/)
  })

  it('fails a main package over 600 KiB, while the same bytes in a subpackage pass', () => {
    const big = Buffer.alloc(601 * 1024, 1)
    const over = run('check-size.mjs', folder({ 'app.json': app(), 'common.js': big }))
    expect(over.status).toBe(1)
    expect(over.out).toMatch(/main package is [\d.]+ KiB over its 600\.0 KiB budget/)
    const inSub = run('check-size.mjs', folder({ 'app.json': app(), 'packages/notices/common.js': big }))
    expect(inSub.status).toBe(0)
  })

  it('fails a subpackage over 2 MiB', () => {
    const r = run('check-size.mjs', folder({ 'app.json': app(), 'packages/notices/vendor.js': Buffer.alloc(2049 * 1024, 1) }))
    expect(r.status).toBe(1)
    expect(r.out).toMatch(/subpackage packages\/notices is 1\.0 KiB over/)
  })
})
