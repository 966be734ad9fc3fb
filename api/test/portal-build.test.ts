import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensurePortalBuild, h5Dir } from '../src/cli/portal.ts'

/** A fake checkout: miniapp sources and a "build" that writes index.html, counting its runs. */
function checkout() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'llt-portal-build-'))
  fs.mkdirSync(path.join(root, 'miniapp', 'src', 'pages'), { recursive: true })
  fs.writeFileSync(path.join(root, 'miniapp', 'src', 'pages', 'index.tsx'), 'export default 1')
  fs.writeFileSync(path.join(root, 'miniapp', 'package.json'), '{}')
  fs.writeFileSync(path.join(root, 'package-lock.json'), '{}')
  let builds = 0
  const said: string[] = []
  const build = (ok = true) => () => {
    builds++
    if (!ok) return false
    fs.mkdirSync(h5Dir(root), { recursive: true })
    fs.writeFileSync(path.join(h5Dir(root), 'index.html'), `<title>build ${builds}</title>`)
    return true
  }
  return { root, said, build, builds: () => builds, say: (s: string) => void said.push(s) }
}

describe('npm start builds the H5 portal when it is missing or stale, and only then', () => {
  const roots: string[] = []
  afterEach(() => roots.splice(0).forEach((r) => fs.rmSync(r, { recursive: true, force: true })))

  it('builds a missing portal, then reuses it while the sources are unchanged', () => {
    const c = checkout()
    roots.push(c.root)
    expect(ensurePortalBuild({ root: c.root, say: c.say, build: c.build() })).toBe(true)
    expect(c.builds()).toBe(1)
    expect(c.said).toEqual(['构建 H5 门户（首次约 20 秒）…'])
    expect(ensurePortalBuild({ root: c.root, say: c.say, build: c.build() })).toBe(true)
    expect(c.builds()).toBe(1)
  })

  it('rebuilds after a source file, the mini-program config, its build scripts or the lockfile changes', () => {
    const c = checkout()
    roots.push(c.root)
    ensurePortalBuild({ root: c.root, say: c.say, build: c.build() })
    const changes = [
      ['miniapp/src/pages/index.tsx', 'export default 2'], ['miniapp/config/index.ts', 'export {}'],
      ['package-lock.json', '{"v":2}'], ['miniapp/scripts/precompress.mjs', '// v2'],
    ]
    for (const [i, [file, text]] of changes.entries()) {
      fs.mkdirSync(path.dirname(path.join(c.root, file)), { recursive: true })
      fs.writeFileSync(path.join(c.root, file), text)
      ensurePortalBuild({ root: c.root, say: c.say, build: c.build() })
      expect(c.builds(), file).toBe(i + 2)
    }
  })

  it('a failed build is reported, not fatal, and is tried again next time', () => {
    const c = checkout()
    roots.push(c.root)
    expect(ensurePortalBuild({ root: c.root, say: c.say, build: c.build(false) })).toBe(false)
    expect(c.said.at(-1)).toMatch(/H5 门户构建失败：API 仍会启动/)
    expect(ensurePortalBuild({ root: c.root, say: c.say, build: c.build() })).toBe(true)
    expect(c.builds()).toBe(2)
  })

  it('SKIP_PORTAL_BUILD serves whatever build exists without building', () => {
    const c = checkout()
    roots.push(c.root)
    expect(ensurePortalBuild({ root: c.root, say: c.say, build: c.build(), skip: true })).toBe(false)
    fs.mkdirSync(h5Dir(c.root), { recursive: true })
    fs.writeFileSync(path.join(h5Dir(c.root), 'index.html'), 'old')
    expect(ensurePortalBuild({ root: c.root, say: c.say, build: c.build(), skip: true })).toBe(true)
    expect(c.builds()).toBe(0)
  })
})
