// Shared by `npm start` and `npm test`: make a fresh clone runnable with no prior `npm install`.
// Plain Node, no dependencies: this runs before node_modules exists.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

const hashFiles = (files) => {
  const h = createHash('sha256')
  for (const f of files) h.update(f).update(fs.existsSync(f) ? fs.readFileSync(f) : '')
  return h.digest('hex')
}

/** Runs a command in the repo root with inherited output; throws on failure. */
export function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts, env: { ...process.env, ...opts.env } })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`)
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number)
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`需要 Node.js 20.19 或更高版本 (found ${process.versions.node}).`)
    process.exit(1)
  }
}

/**
 * Installs dependencies when node_modules is missing or older than package-lock.json. With a
 * lockfile this is `npm ci`: it installs exactly the reviewed lockfile, never rewrites it, and
 * fails if package.json asks for something the lockfile does not hold (`npm install` would
 * quietly add optional platform packages to it). Only without a lockfile does `npm install`
 * create one.
 */
export function ensureDependencies(log = console.log) {
  const lock = path.join(ROOT, 'package-lock.json')
  const installed = path.join(ROOT, 'node_modules', '.package-lock.json')
  const hasLock = fs.existsSync(lock)
  if (hasLock && fs.existsSync(installed) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs) return
  const command = hasLock ? 'ci' : 'install'
  log(`安装依赖 (npm ${command})…`)
  run('npm', [command, '--no-audit', '--no-fund', '--loglevel=error'])
}

/**
 * Generates the Prisma client when the schema changed. `prisma generate` does not need the
 * schema engine, but tries to download it unless PRISMA_SCHEMA_ENGINE_BINARY names a file.
 */
export function ensurePrismaClient(log = console.log) {
  const schema = path.join(ROOT, 'prisma', 'schema.prisma')
  const outDir = path.join(ROOT, 'api', 'src', 'generated', 'prisma')
  const stamp = path.join(outDir, '.schema-hash')
  const want = hashFiles([schema, path.join(ROOT, 'package-lock.json')])
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === want) return
  log('生成 Prisma Client…')
  run('npx', ['prisma', 'generate'], {
    env: { PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY || process.execPath, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  fs.writeFileSync(stamp, want)
}
