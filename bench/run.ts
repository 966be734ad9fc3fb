// `npm run bench [-- --duration 15 --connections 50 …]`: starts the API and the bare-node baseline
// as child processes against the seed:large database, drives them with autocannon, prints the
// table and writes it (with machine, date, data size and the query plans) into docs/benchmarks.md.
// A measurement, not a test: targets are reported PASS/FAIL but never change the exit code.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import mysql from 'mysql2/promise'
import { loadConfig } from '../api/src/config.ts'
import { parseDatabaseUrl } from '../api/src/core/db.ts'
import { migrate } from '../api/src/core/migrate.ts'
import { signAccessToken } from '../api/src/core/tokens.ts'
import { explainFeed } from './feed-plans.ts'
import { assertBenchName, benchApiEnv, benchDatabaseUrl, DEFAULT_BENCH_DB, ROOT_DIR, parseFlags } from './common.ts'
import { busyCpu, dbStatus, findPid, pool, procCpu, waitIdle } from './machine.ts'
import { summariseProfile } from './profile.ts'
import { fmt, render, writeDoc, type Result } from './report.ts'
import { reportScenarios, type Scenario } from './scenarios-reports.ts'
import { BOOKING_BURST_KEY, bookingBurst } from './scenarios-bookings.ts'
import { BALLOT_BURST_KEY, ballotBurst } from './scenarios-elections.ts'
import { scaleOutNote, startScaleOut } from './scaleout.ts'
import { readScenarios } from './scenarios-reads.ts'

const flags = parseFlags(
  {
    db: { default: DEFAULT_BENCH_DB, help: 'database built by `npm run seed:large`' },
    duration: { default: 15, help: 'measured seconds per scenario' },
    warmup: { default: 3, help: 'unmeasured warm-up seconds before each scenario' },
    connections: { default: 50, help: 'concurrent autocannon connections' },
    pool: { default: 10, help: 'database pool size of the API (DB_POOL_SIZE) and of the baseline' },
    users: { default: 500, help: 'residents whose tokens the list/detail scenarios rotate through' },
    'cold-users': { default: 20_000, help: 'residents for the extra "many distinct residents" list scenario (0 skips it)' },
    'wait-idle': { default: 60, help: 'before each scenario, wait up to this many seconds for other processes to go quiet' },
    'submit-users': { default: 500, help: 'residents who file reports in report-submit' },
    'burst-residents': { default: 2000, help: 'residents of one community who each POST one booking in booking-burst' },
    'burst-slots': { default: 50, help: 'slots of the booking-burst service' },
    'burst-capacity': { default: 20, help: 'places per slot in booking-burst' },
    'burst-connections': { default: 200, help: 'autocannon connections sending the booking burst (each sends its share back to back)' },
    'burst-voters': { default: 10_000, help: 'voters on the roll who each POST one ballot in ballot-burst' },
    only: { default: '', help: 'comma-separated scenario keys to run besides the ceiling and the baseline, which always run (health,koa-hello,list,list-cold,detail,me,unread,messages,inbox,inbox-all,raw-insert,report-submit,booking-burst,ballot-burst)' },
    instances: { default: 1, help: 'API processes behind a round-robin proxy for list-proxy-1 and list-N (2 or more adds them; add them to --only)' },
    profile: { default: false, help: 'record a CPU profile of the API process and print its hottest functions' },
    write: { default: true, help: 'write the run into docs/benchmarks.md (--no-write to only print)' },
    force: { default: false, help: 'allow a database name without "bench"' },
  },
  process.argv.slice(2),
  'Usage: npm run bench -- [flags]',
)
assertBenchName(flags.db, flags.force)
const DB_URL = benchDatabaseUrl(flags.db)
const DOC = path.join(ROOT_DIR, 'docs/benchmarks.md')

const log = (s: string) => process.stdout.write(`${s}\n`)

// ---------------------------------------------------------------------------------------------
// The data set and the residents we act as.

// Migrations that came after the data set was seeded (new tables, indexes) are applied first.
const migrated = await migrate(DB_URL)
if (migrated.applied.length) log(`applied ${migrated.applied.length} newer migration(s) to ${flags.db}: ${migrated.applied.join(', ')}`)
const t = parseDatabaseUrl(DB_URL)
const db = await mysql.createConnection({ host: t.host, port: t.port, user: t.user, password: t.password, database: t.database, timezone: 'Z' })
await db.query("SET time_zone = '+00:00'")
const one = async <T = Record<string, unknown>>(sql: string, params?: unknown[]) =>
  ((await db.query(sql, params))[0] as T[])[0]
const all = async <T = Record<string, unknown>>(sql: string, params?: unknown[]) => (await db.query(sql, params))[0] as T[]

let counts: Record<string, number>
try {
  counts = await one<Record<string, number>>(`SELECT
    (SELECT COUNT(*) FROM communities) AS communities, (SELECT COUNT(*) FROM grids) AS grids,
    (SELECT COUNT(*) FROM buildings) AS buildings, (SELECT COUNT(*) FROM households) AS households,
    (SELECT COUNT(*) FROM household_bindings WHERE status = 'approved') AS residents,
    (SELECT COUNT(*) FROM resident_profiles) AS profiles, (SELECT COUNT(*) FROM users) AS users,
    (SELECT COUNT(*) FROM notices) AS notices, (SELECT COUNT(*) FROM notices WHERE status = 'published') AS published,
    (SELECT COUNT(*) FROM notice_targets) AS notice_targets, (SELECT COUNT(*) FROM reports) AS reports`)
} catch (e) {
  log(`cannot read ${t.database}: ${(e as Error).message}\nrun \`npm run seed:large\` first.`)
  process.exit(1)
}
counts = Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, Number(v)]))
if (!counts.residents || !counts.notices) {
  log(`${t.database} has no residents or notices; run \`npm run seed:large\` first.`)
  process.exit(1)
}
const mariadbVersion = (await one<{ v: string }>('SELECT VERSION() AS v')).v

/** A deterministic sample of residents (the same ones every run on the same data). */
const sampleResidents = async (n: number, salt: string) =>
  (await all<{ user_id: number }>(
    `SELECT user_id FROM household_bindings WHERE status = 'approved' GROUP BY user_id ORDER BY CRC32(CONCAT(?, user_id)) LIMIT ?`,
    [salt, n],
  )).map((r) => r.user_id)
const users = await sampleResidents(flags.users, 'bench')
const coldUsers = flags['cold-users'] > 0 ? await sampleResidents(flags['cold-users'], 'cold') : []

// ---------------------------------------------------------------------------------------------
// Child processes.

type Child = { name: string; proc: ChildProcess; url: string; tail: () => string }

function startChild(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<Child> {
  const proc = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(ROOT_DIR, 'bench', script)], {
    cwd: ROOT_DIR,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  const keep = (s: string) => (out = (out + s).slice(-8000))
  proc.stderr!.on('data', (b: Buffer) => keep(b.toString()))
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 60 s:\n${out}`)), 60_000)
    let buf = ''
    let listening = false
    proc.stdout!.on('data', (b: Buffer) => {
      keep(b.toString())
      if (listening) return // the API logs a line per request from here on: keep only the tail
      buf += b.toString()
      const m = /LISTENING (\S+)/.exec(buf)
      if (m) {
        clearTimeout(timer)
        listening = true
        buf = ''
        resolve({ name, proc, url: m[1], tail: () => out })
      }
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`${name} exited with ${code} before listening:\n${out}`))
    })
  })
}

const children: Child[] = []
const stopChildren = () => {
  for (const c of children) if (c.proc.exitCode === null) c.proc.kill('SIGTERM')
}
process.once('SIGINT', () => {
  stopChildren()
  process.exit(130)
})

const apiEnv = { ...benchApiEnv(DB_URL, flags.pool), UPLOAD_DIR: path.join(os.tmpdir(), 'linlitong-bench-uploads') }
const config = loadConfig(apiEnv as NodeJS.ProcessEnv)
log(`bench → ${t.database}: ${fmt(counts.households)} households, ${fmt(counts.residents)} residents, ${fmt(counts.notices)} notices`)
const profileDir = flags.profile ? fs.mkdtempSync(path.join(os.tmpdir(), 'linlitong-bench-prof-')) : undefined
const [api, baseline, koaHello] = await Promise.all([
  startChild('api', 'api-server.ts', apiEnv, profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
  startChild('baseline', 'baseline-server.ts', { BASELINE_DATABASE_URL: DB_URL, BASELINE_POOL_SIZE: String(flags.pool) }),
  startChild('koa-hello', 'koa-hello.ts', {}),
])
children.push(api, baseline, koaHello)
const scale = flags.instances > 1 ? await startScaleOut(flags.instances, api, apiEnv, startChild) : undefined
children.push(...(scale?.children ?? []))
log(`  api ${api.url} (pid ${api.proc.pid}), baseline ${baseline.url} (pid ${baseline.proc.pid}), pool ${flags.pool} each`)

try {
  await main()
} finally {
  stopChildren()
  await db.end().catch(() => {})
}
if (profileDir) {
  await new Promise((r) => (api.proc.exitCode !== null ? r(null) : api.proc.once('exit', r)))
  summariseProfile(profileDir, log)
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const tokens = new Map<number, string>()
  // Users of the bench data set never logged out: session version 0.
  for (const id of [...users, ...coldUsers]) if (!tokens.has(id)) tokens.set(id, `Bearer ${signAccessToken(config, id, 0)}`)
  const notes: string[] = []
  const health = await fetch(`${api.url}/api/health`)
  if (!health.ok) throw new Error(`API health answered ${health.status}: ${await health.text()}`)
  const listPath = '/api/v1/notices?limit=20'

  // Probe: every sampled resident's feed through the API, to check it answers, to pick a notice
  // each resident may open, and to compare the API's first page with the baseline's. It runs right
  // before the list scenario: it fills the feed cache (entries live 60 s), so the measured window
  // (warm-up + duration) sees the warm steady state rather than all 500 entries expiring at once.
  let probed: { listReady: boolean; detailPairs: [number, number][]; detailReady: boolean } | undefined
  async function probe() {
    const feeds = new Map<number, number[]>()
    let listStatus = 0
    let checked = 0
    let mismatched = 0
    let emptyFeeds = 0
    let feedLength = 0
    await pool(users, 8, async (id, i) => {
      const res = await fetch(`${api.url}${listPath}`, { headers: { authorization: tokens.get(id)! } })
      listStatus ||= res.status
      if (!res.ok) return
      const body = (await res.json()) as { data: { id: number }[] }
      feedLength += body.data.length
      if (!body.data.length) emptyFeeds++
      else feeds.set(id, body.data.map((n) => n.id))
      if (i < 50) {
        const b = (await (await fetch(`${baseline.url}/?user=${id}&limit=20`)).json()) as { data: { id: number }[] }
        checked++
        if (b.data.map((r) => r.id).join() !== body.data.map((r) => r.id).join()) mismatched++
      }
    })
    // For detail, each resident opens one notice of their first page, avoiding any that expires
    // (or is withdrawn) within the hour: one that disappears mid-run would rightly answer 404.
    const allIds = [...new Set([...feeds.values()].flat())]
    const stable = new Set(allIds.length
      ? (await all<{ id: number }>(`SELECT id FROM notices WHERE id IN (?) AND status = 'published'
           AND (expires_at IS NULL OR expires_at > UTC_TIMESTAMP(3) + INTERVAL 1 HOUR)`, [allIds])).map((r) => r.id)
      : [])
    const detailFor = new Map<number, number>()
    for (const [uid, ids] of feeds) {
      const ok = ids.filter((n) => stable.has(n))
      if (ok.length) detailFor.set(uid, ok[(uid * 7) % ok.length])
    }
    const listReady = listStatus >= 200 && listStatus < 300
    if (!listReady) notes.push(`The API answered the notice list with HTTP ${listStatus}; list and detail were not measured.`)
    else {
      log(`  probe: ${users.length} residents, ${fmt(feedLength / users.length, 1)} items on the first page on average, ${emptyFeeds} empty; API = baseline for ${checked - mismatched}/${checked}`)
      if (mismatched) notes.push(`The API's first page differed from the baseline's for ${mismatched} of ${checked} residents checked.`)
      if (emptyFeeds) notes.push(`${emptyFeeds} sampled residents had an empty feed.`)
    }
    let detailReady = false
    if (listReady && detailFor.size) {
      const [uid, nid] = [...detailFor][0]
      const res = await fetch(`${api.url}/api/v1/notices/${nid}`, { headers: { authorization: tokens.get(uid)! } })
      detailReady = res.ok
      if (!res.ok) notes.push(`The API answered a notice detail with HTTP ${res.status}; detail was not measured.`)
    }
    return { listReady, detailPairs: [...detailFor], detailReady }
  }

  // Scenarios.
  const rotate = <T>(xs: T[]) => {
    let i = 0
    return () => xs[i++ % xs.length]
  }
  const scenarios: Scenario[] = [
    {
      // Issue 12: every scenario is also read against what one indexed query costs on a bare server.
      key: 'ceiling', label: 'ceiling: one indexed query, 20 of 100,000 rows (bare node:http + mysql2)', base: baseline.url, path: '/ceiling', ready: () => true,
      setup: () => {
        let i = 0
        return (req) => ({ ...req, path: `/ceiling?after=${(i++ * 7919) % 99_000}` })
      },
    },
    { key: 'health', label: 'health `GET /api/health`', base: api.url, path: '/api/health', ready: () => true },
    {
      key: 'baseline', label: 'baseline notice list (bare node:http + mysql2)', base: baseline.url, path: '/?user=1', ready: () => true,
      setup: () => {
        const next = rotate(users)
        return (req) => ({ ...req, path: `/?user=${next()}&limit=20` })
      },
    },
    {
      key: 'list', label: `notice list as a resident (${fmt(users.length)} residents)`, base: api.url, path: listPath, ready: () => probed!.listReady,
      setup: () => {
        const next = rotate(users)
        return (req) => ({ ...req, headers: { ...req.headers, authorization: tokens.get(next())! } })
      },
    },
    {
      key: 'list-cold', label: `notice list, ${fmt(coldUsers.length)} distinct residents (caches cold at the start)`, base: api.url, path: listPath,
      ready: () => probed!.listReady && coldUsers.length > 0, extra: true,
      setup: () => {
        const next = rotate(coldUsers)
        return (req) => ({ ...req, headers: { ...req.headers, authorization: tokens.get(next())! } })
      },
    },
    {
      key: 'detail', label: `notice detail as a resident (${fmt(users.length)} residents)`, base: api.url, path: '/api/v1/notices/1',
      ready: () => probed!.detailReady,
      setup: () => {
        const next = rotate(probed!.detailPairs)
        return (req) => {
          const [uid, nid] = next()
          return { ...req, path: `/api/v1/notices/${nid}`, headers: { ...req.headers, authorization: tokens.get(uid)! } }
        }
      },
    },
  ]
  const only = flags.only ? new Set(flags.only.split(',').map((s) => s.trim())) : undefined
  const token = (id: number) => {
    if (!tokens.has(id)) tokens.set(id, `Bearer ${signAccessToken(config, id, 0)}`)
    return tokens.get(id)!
  }
  scenarios.push(...(scale?.scenarios(scenarios.find((s) => s.key === 'list')!) ?? []))
  scenarios.push(...await readScenarios({ db, api: api.url, koaHello: koaHello.url, users, token, only, log }))
  scenarios.push(...await reportScenarios({ db, api: api.url, baseline: baseline.url, token, only, flags, log }))
  const results: Result[] = []
  const dbPid = findPid(/^(mariadbd|mysqld)$/)
  for (const s of scenarios) {
    // The two references run in every bench, whatever --only says: every scenario is read against both.
    if (only && !only.has(s.key) && s.key !== 'ceiling' && s.key !== 'baseline') continue
    const ourPids = [...children.map((c) => c.proc.pid!), process.pid, ...(dbPid ? [dbPid] : [])]
    await waitIdle(flags['wait-idle'], ourPids, log)
    if (!probed && s.key !== 'health' && s.key !== 'koa-hello' && s.key !== 'baseline' && s.key !== 'ceiling') probed = await probe()
    if (!s.ready()) {
      log(`  ${s.key}: skipped (endpoint not available)`)
      results.push({ key: s.key, label: s.label, skipped: true, extra: s.extra })
      continue
    }
    const server = children.find((c) => c.url === s.base) ?? api
    const runOnce = (duration: number) =>
      autocannon({
        url: s.base,
        connections: flags.connections,
        duration,
        timeout: 10,
        requests: [{ method: s.method ?? 'GET', path: s.path, ...(s.setup ? { setupRequest: s.setup() } : {}), ...(s.onResponse ? { onResponse: s.onResponse } : {}) }],
      })
    const warm = flags.warmup > 0 ? [await runOnce(flags.warmup)] : []
    const ours = [...children.map((c) => c.proc.pid!), ...(dbPid ? [dbPid] : [])]
    const serverCpu = () => (scale?.pidsOf(s.key) ?? [server.proc.pid!]).reduce((x, p) => x + procCpu(p), 0)
    const cpu0 = { server: serverCpu(), db: dbPid ? procCpu(dbPid) : 0, gen: process.cpuUsage(), at: performance.now(),
      busy: busyCpu(), ours: ours.reduce((x, p) => x + procCpu(p), 0) }
    const st0 = await dbStatus(db)
    const r = await runOnce(flags.duration)
    const st1 = await dbStatus(db)
    const wall = (performance.now() - cpu0.at) / 1000
    const gen = process.cpuUsage(cpu0.gen)
    const oursUsed = ours.reduce((x, p) => x + procCpu(p), 0) - cpu0.ours + (gen.user + gen.system) / 1e6
    const res: Result = {
      key: s.key, label: s.label, extra: s.extra,
      rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max,
      errors: r.errors + r.non2xx, timeouts: r.timeouts,
      statuses: Object.entries(r.statusCodeStats ?? {}).filter(([code]) => !code.startsWith('2')).map(([code, v]) => `${code}×${v.count}`).join(', '), total: r.requests.total, bytes: r.throughput.average,
      cpu: {
        server: (serverCpu() - cpu0.server) / wall,
        db: dbPid ? (procCpu(dbPid) - cpu0.db) / wall : NaN,
        gen: (gen.user + gen.system) / 1e6 / wall,
        other: Math.max(0, (busyCpu() - cpu0.busy - oursUsed) / wall),
      },
      perReq: Object.fromEntries(Object.keys(st1).map((k) => [k, (st1[k] - st0[k]) / Math.max(1, r.requests.total)])),
    }
    results.push(res)
    log(`  ${s.key.padEnd(9)} ${fmt(res.rps!).padStart(7)} req/s  p50 ${res.p50} ms  p99 ${res.p99} ms  errors ${res.errors}  ` +
      `cpu: server ${Math.round(res.cpu!.server * 100)}% db ${Math.round(res.cpu!.db * 100)}% autocannon ${Math.round(res.cpu!.gen * 100)}% other ${Math.round(res.cpu!.other * 100)}%  ` +
      `per req: ${fmt(res.perReq!.Questions, 1)} stmts, ${fmt(res.perReq!.Rows_read)} rows read`)
    if (res.errors) {
      const lines = server.tail().split('\n').filter((l) => /"level":"error"|Error/.test(l)).slice(-3)
      if (lines.length) log(`    last errors logged by ${server.name}:\n${lines.map((l) => `      ${l.slice(0, 600)}`).join('\n')}`)
    }
    if (server.proc.exitCode !== null) throw new Error(`${server.name} died during ${s.key}:\n${server.tail()}`)
    if (s.after) notes.push(...await s.after([...warm, r]))
  }

  // The bursts: a fixed number of requests each, their own invariants checked against the database.
  for (const [key, burst] of [[BOOKING_BURST_KEY, bookingBurst], [BALLOT_BURST_KEY, ballotBurst]] as const) {
    if (only && !only.has(key)) continue
    await waitIdle(flags['wait-idle'], [api.proc.pid!, baseline.proc.pid!, koaHello.proc.pid!, process.pid, ...(dbPid ? [dbPid] : [])], log)
    const out = await burst({ db, api: api.url, apiPid: api.proc.pid!, apiTail: api.tail, dbPid, token, flags, log, results })
    results.push(out.result)
    notes.push(...out.notes)
    if (api.proc.exitCode !== null) throw new Error(`api died during ${key}:\n${api.tail()}`)
  }

  notes.push(...scaleOutNote(results, flags.instances))
  const plans = await explainFeed(db, users[0])
  for (const q of plans.queries) log(`  sql: ${q.name}: median ${q.ms.toFixed(2)} ms (sequential, one connection)`)
  const report = render(results, notes, plans, { flags, counts, database: t.database, mariadbVersion, users: users.length, coldUsers: coldUsers.length })
  log('')
  log(report.console)
  if (flags.write) {
    writeDoc(DOC, report.markdown)
    log(`\nwrote ${path.relative(ROOT_DIR, DOC)}`)
  }
}
