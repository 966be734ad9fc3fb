// The H5 portal build that `npm start` serves: rebuilt when missing or when its sources changed.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

function listFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name)
    return e.isDirectory() ? listFiles(p) : [p]
  })
}

/** Where the H5 build of the mini-program lands. */
export const h5Dir = (root: string) => path.join(root, 'miniapp', 'dist', 'h5')

/** A hash of everything the H5 build depends on, so a stale build is rebuilt and a fresh one is not. */
export function portalSourceHash(root: string): string {
  const miniapp = path.join(root, 'miniapp')
  const files = [
    ...listFiles(path.join(miniapp, 'src')),
    ...listFiles(path.join(miniapp, 'config')),
    // The build runs scripts/precompress.mjs after Taro: a change there changes the output too.
    ...listFiles(path.join(miniapp, 'scripts')),
    ...['package.json', 'babel.config.js', 'tsconfig.json', '.env', '.env.production'].map((f) => path.join(miniapp, f)),
    path.join(root, 'tsconfig.json'),
    path.join(root, 'package-lock.json'),
  ].sort()
  const h = createHash('sha256')
  for (const f of files) if (fs.existsSync(f)) h.update(path.relative(root, f)).update(fs.readFileSync(f))
  return h.digest('hex')
}

const npmBuild = (root: string) => () =>
  spawnSync('npm', ['run', 'build:h5', '-w', 'miniapp', '--silent'], { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } }).status === 0

/**
 * Builds the H5 portal when it is missing or older than its sources (`skip`: use whatever build
 * exists). Returns whether a portal can be served. A failed build is reported, not fatal.
 */
export function ensurePortalBuild(opts: { root: string; say: (s: string) => void; skip?: boolean; build?: () => boolean }): boolean {
  const dir = h5Dir(opts.root)
  const index = path.join(dir, 'index.html')
  if (opts.skip) return fs.existsSync(index)
  const stamp = path.join(dir, '.source-hash')
  const want = portalSourceHash(opts.root)
  if (fs.existsSync(index) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return true
  opts.say('构建 H5 门户（首次约 20 秒）…')
  const ok = (opts.build ?? npmBuild(opts.root))()
  if (!ok || !fs.existsSync(index)) {
    opts.say('H5 门户构建失败：API 仍会启动，门户页面不可用。请查看上面的构建输出。')
    return false
  }
  fs.writeFileSync(stamp, want)
  return true
}
