// The development/demo start: database, migrations, demo data, H5 build, then one server for
// API and portal. Invoked by `npm start` (scripts/start.mjs) after dependencies are in place.
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { loadConfig } from '../config.ts'
import { createCipher } from '../deps.ts'
import { createPrisma } from '../core/db.ts'
import { ensureDatabase, migrate } from '../core/migrate.ts'
import { DEMO_STAFF_PASSWORD } from '../seed/demo.ts'
import { profilesToRotate, rotatePersonalData } from '../modules/residents/keyRotation.ts'
import { prepareDemoDatabase } from '../seed/demoDatabase.ts'
import { startServer } from '../server.ts'
import { databaseUrlOn, locateDatabaseServer } from './database.ts'
import { ensurePortalBuild, h5Dir } from './portal.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const DATA_DIR = path.join(ROOT, '.data')
const H5_DIR = h5Dir(ROOT)

const say = (s: string) => console.log(`[邻里通] ${s}`)

/** Secrets for local use, generated once into .data/ (production sets them in the environment). */
function ensureDevSecrets(env: NodeJS.ProcessEnv) {
  const file = path.join(DATA_DIR, 'dev-secrets.json')
  fs.mkdirSync(DATA_DIR, { recursive: true })
  let secrets: Record<string, string>
  if (fs.existsSync(file)) {
    secrets = JSON.parse(fs.readFileSync(file, 'utf8'))
  } else {
    secrets = {
      JWT_SECRET: randomBytes(48).toString('base64url'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DATA_HMAC_KEY: randomBytes(32).toString('base64'),
    }
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 })
  }
  for (const [k, v] of Object.entries(secrets)) env[k] ??= v
}

async function main() {
  const env = process.env
  ensureDevSecrets(env)
  env.NODE_ENV ??= 'development'

  const dbServer = await locateDatabaseServer({ dataDir: DATA_DIR, log: say })
  const databaseUrl = dbServer.source === 'env' ? env.DATABASE_URL! : databaseUrlOn(dbServer, env.LLT_DATABASE_NAME || 'linlitong')
  const where = `${dbServer.target.host}:${dbServer.target.port}`
  say(`数据库: ${where}（${{ env: 'DATABASE_URL', local: '本机 MySQL/MariaDB', private: '.data/ 私有实例' }[dbServer.source]}）`)

  let stopping = false
  const stopDb = async () => dbServer.stop()
  try {
    const { created } = await ensureDatabase(databaseUrl)
    const { applied } = await migrate(databaseUrl, { log: say })
    if (!applied.length) say('数据库结构已是最新')

    const db = createPrisma(databaseUrl, 2)
    let demo
    try {
      const cipher = createCipher(loadConfig({ ...env, DATABASE_URL: databaseUrl }))
      demo = await prepareDemoDatabase(db, cipher, { created, say })
      // A database from before values were bound to their rows, or after a key change: re-encrypt.
      if (await profilesToRotate(db, cipher)) {
        const r = await rotatePersonalData(db, cipher)
        say(`个人信息已用当前密钥重新加密（${r.resealed} 条）`)
      }
    } finally {
      await db.$disconnect()
    }
    // The dev login is an explicit opt-in, given only to the demo's own database.
    if (demo.isDemo) {
      env.DEV_LOGIN ??= 'true'
      // WeChat's content check cannot run in the demo: texts are published rather than all held.
      env.CONTENT_SECURITY_ON_FAILURE ??= 'publish'
    } else say(`演示登录未开启：${demo.reason}`)
    const config = loadConfig({ UPLOAD_DIR: path.join(DATA_DIR, 'uploads'), ...env, DATABASE_URL: databaseUrl, STATIC_DIR: H5_DIR })

    const portal = ensurePortalBuild({ root: ROOT, say, skip: process.env.SKIP_PORTAL_BUILD === '1' })
    const running = await startServer(config)
    const shutdown = async (signal: string) => {
      if (stopping) return
      stopping = true
      say(`收到 ${signal}，正在停止…`)
      await running.close()
      await stopDb()
      say('已停止')
      process.exit(0)
    }
    process.on('SIGINT', () => void shutdown('SIGINT'))
    process.on('SIGTERM', () => void shutdown('SIGTERM'))

    const accounts = demo.isDemo
      ? `
  演示账号（门户登录页点选即可，无需密码）:
    居民   resident1 … resident20（resident1–15 属青石社区，16–20 属柳岸社区）
    网格员 grid1 … grid4（青石社区第一至第四网格）
    网格长 leader1   社区工作人员 committee1   街道 street1   职能部门 dept1   管理员 admin
  工作人员账号也可用密码登录，演示密码: ${DEMO_STAFF_PASSWORD}
`
      : ''
    console.log(`
  邻里通已启动  ${running.url}
  ${portal ? `居民门户 (H5):  ${running.url}/` : '居民门户 (H5):  构建失败，暂不可用'}
  API 文档:       ${running.url}/api/docs
  健康检查:       ${running.url}/api/health
${accounts}
  按 Ctrl-C 停止。
`)
  } catch (e) {
    await stopDb()
    throw e
  }
}

main().catch((e) => {
  console.error(`[邻里通] 启动失败: ${(e as Error).message}`)
  process.exit(1)
})
