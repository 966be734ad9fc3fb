// What the machine is doing while the bench runs: CPU per process from /proc (Linux), waiting for
// other processes to go quiet, and a small concurrency helper.
import fs from 'node:fs'

/** Runs fn over items with at most n in flight. */
export async function pool<T>(items: T[], n: number, fn: (item: T, i: number) => Promise<void>) {
  let next = 0
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) {
      const i = next++
      await fn(items[i], i)
    }
  }))
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function procCpu(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(f[11]) + Number(f[12])) / 100 // utime, stime in USER_HZ (100 on Linux)
  } catch {
    return NaN
  }
}

/** CPU seconds all processes on the machine have used so far (busy time in /proc/stat). */
export function busyCpu(): number {
  try {
    const f = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal …
    return (f[0] + f[1] + f[2] + f[5] + f[6] + f[7]) / 100
  } catch {
    return NaN
  }
}

/** Waits (up to maxSeconds) until processes other than ours use < 0.3 of a core over 2 s. */
export async function waitIdle(maxSeconds: number, ourPids: number[], log: (s: string) => void) {
  const until = performance.now() + maxSeconds * 1000
  let other = 0
  do {
    const b0 = busyCpu()
    const o0 = ourPids.reduce((x, p) => x + procCpu(p), 0)
    await new Promise((r) => setTimeout(r, 2000))
    other = (busyCpu() - b0 - (ourPids.reduce((x, p) => x + procCpu(p), 0) - o0)) / 2
    if (!(other >= 0.3)) return
  } while (performance.now() < until)
  log(`  (other processes still use ${Math.round(other * 100)}% of a core; measuring anyway)`)
}

/** The pid of a process by its command name (the database server, to measure its CPU). */
export function findPid(comm: RegExp): number | undefined {
  try {
    for (const d of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue
      try {
        if (comm.test(fs.readFileSync(`/proc/${d}/comm`, 'utf8').trim())) return Number(d)
      } catch { /* gone */ }
    }
  } catch { /* no /proc */ }
  return undefined
}

type StatusConn = { query: (sql: string) => Promise<unknown> }

/**
 * MariaDB's server-wide counters: statements, rows read, buffer-pool reads, sorted rows and the
 * row-lock waits a burst may queue on (other users of the server add noise; quiet machines give
 * clean numbers).
 */
export async function dbStatus(db: StatusConn): Promise<Record<string, number>> {
  const [rows] = (await db.query(`SHOW GLOBAL STATUS WHERE Variable_name IN ('Questions', 'Rows_read', 'Innodb_buffer_pool_read_requests', 'Sort_rows',
    'Innodb_row_lock_waits', 'Innodb_row_lock_time')`)) as [{ Variable_name: string; Value: string }[]]
  return Object.fromEntries(rows.map((r) => [r.Variable_name, Number(r.Value)]))
}

/**
 * Runs one burst and measures around it: the CPU of the API process, the database and this process
 * (cores busy over the burst's wall time) and the server's counters per request.
 */
export async function meterBurst<R extends { requests: { total: number } }>(ctx: { apiPid: number; dbPid?: number }, db: StatusConn, run: () => Promise<R>) {
  const cpu0 = { api: procCpu(ctx.apiPid), db: ctx.dbPid ? procCpu(ctx.dbPid) : NaN, gen: process.cpuUsage(), at: performance.now() }
  const st0 = await dbStatus(db)
  const r = await run()
  const wall = (performance.now() - cpu0.at) / 1000
  const st1 = await dbStatus(db)
  const gen = process.cpuUsage(cpu0.gen)
  const cpu = {
    server: (procCpu(ctx.apiPid) - cpu0.api) / wall, db: ctx.dbPid ? (procCpu(ctx.dbPid) - cpu0.db) / wall : NaN,
    gen: (gen.user + gen.system) / 1e6 / wall, other: NaN,
  }
  const perReq = Object.fromEntries(Object.keys(st1).map((k) => [k, (st1[k] - st0[k]) / Math.max(1, r.requests.total)]))
  return { r, cpu, perReq }
}
