// The report of a bench run: the console table, PASS/FAIL against the targets, and the markdown
// section written into docs/benchmarks.md.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import { ROOT_DIR } from './common.ts'

/** The notice list's targets (issue 3). */
export const TARGET = { ratio: 1.0, p99: 30 }
/** The report scenarios' targets (issue 8): submission against the raw INSERT, the inbox's p99. */
export const REPORT_TARGET = { submitRatio: 0.5, inboxP99: 50 }

/** The baseline a scenario's "× baseline" divides by: the raw INSERT for submission and the booking burst, else the notice-list baseline. */
export const baselineKeyOf = (key: string) => (key === 'report-submit' || key === 'raw-insert' || key === 'booking-burst' || key === 'ballot-burst' ? 'raw-insert' : 'baseline')

export const fmt = (n: number, d = 0) => n.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })

/** One scenario's measurement. */
export type Result = {
  key: string; label: string; skipped?: boolean; extra?: boolean
  rps?: number; p50?: number; p99?: number; max?: number; errors?: number; timeouts?: number; total?: number; bytes?: number
  /** Non-2xx answers by status, e.g. `409×3`. */
  statuses?: string
  cpu?: { server: number; db: number; gen: number; other: number }
  /** Server-wide MariaDB status counters per request (Questions = statements). */
  perReq?: Record<string, number>
}

/** EXPLAIN output and single-query timings of the feed for one sampled resident. */
export type FeedPlans = {
  userId: number
  audience: { communityIds: number[]; gridIds: number[]; buildingIds: number[] }
  queries: { name: string; sql: string; explain: string; ms: number }[]
}

/** What a run was measured on and with. */
export type RunFacts = {
  flags: { connections: number; duration: number; warmup: number; pool: number }
  counts: Record<string, number>
  database: string
  mariadbVersion: string
  /** Residents sampled for the hot and the cold list scenarios. */
  users: number
  coldUsers: number
}

/** The console table and the markdown section of one run. */
export function render(results: Result[], notes: string[], plans: FeedPlans | undefined, run: RunFacts) {
  const { flags, counts } = run
  const base = results.find((r) => r.key === 'baseline' && !r.skipped)
  // Submission is compared with the raw INSERT, everything else with the notice-list baseline.
  const baseOf = (r: Result) => results.find((b) => b.key === baselineKeyOf(r.key) && !b.skipped)
  const ratio = (r: Result) => (baseOf(r)?.rps && r.rps !== undefined ? r.rps / baseOf(r)!.rps! : undefined)
  const list = results.find((r) => r.key === 'list' && !r.skipped)
  const checks: { name: string; pass: boolean | undefined; detail: string }[] = [
    { name: `notice list ≥ ${TARGET.ratio.toFixed(1)}× baseline throughput`, pass: list && base ? ratio(list)! >= TARGET.ratio : undefined,
      detail: list && base ? `${ratio(list)!.toFixed(2)}×` : 'not measured' },
    { name: `notice list p99 ≤ ${TARGET.p99} ms`, pass: list ? list.p99! <= TARGET.p99 : undefined, detail: list ? `${list.p99} ms` : 'not measured' },
    { name: 'notice list: zero errors', pass: list ? list.errors === 0 : undefined, detail: list ? `${list.errors} errors` : 'not measured' },
    ...reportChecks(results),
  ]
  const mark = (p: boolean | undefined) => (p === undefined ? 'n/a' : p ? 'PASS' : 'FAIL')

  const ceiling = results.find((r) => r.key === 'ceiling' && !r.skipped)
  const head = ['Scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', '× baseline', '× ceiling']
  const rowOf = (r: Result) =>
    r.skipped
      ? [r.label, '—', '—', '—', '—', 'not measured', '—']
      : [r.label, fmt(r.rps!), String(r.p50), String(r.p99),
        `${r.errors}${r.statuses || r.timeouts ? ` (${[r.statuses, r.timeouts ? `${r.timeouts} timeouts` : ''].filter(Boolean).join(', ')})` : ''}`,
        baselineKeyOf(r.key) === r.key ? '1.00×' : ratio(r) !== undefined ? `${ratio(r)!.toFixed(2)}×` : '—',
        ceiling?.rps && r.rps !== undefined ? `${(r.rps / ceiling.rps).toFixed(2)}×` : '—']
  const rows = results.map(rowOf)
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')
  const consoleOut = [
    line(head),
    ...rows.map(line),
    '',
    ...checks.map((c) => `${mark(c.pass).padEnd(4)}  ${c.name} (${c.detail})`),
    ...notes.map((n) => `note: ${n}`),
  ].join('\n')

  const now = new Date()
  const shanghai = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' }).format(now)
  const cpu = os.cpus()
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT_DIR }).toString().trim()
    if (execFileSync('git', ['status', '--porcelain', '--', 'api', 'prisma'], { cwd: ROOT_DIR }).toString().trim()) commit += ' + uncommitted changes in api/'
  } catch { /* not a checkout */ }
  const mdRow = (cells: string[]) => `| ${cells.join(' | ')} |`
  const pct = (x: number) => (Number.isFinite(x) ? `${Math.round(x * 100)}%` : '—')
  const measured = results.filter((r) => !r.skipped)
  const analysis = [...analyse(results, base, list, checks.slice(0, 3), run), ...reportAnalysis(results)]
  const md = [
    `### ${shanghai} (Asia/Shanghai)`,
    '',
    `- **Machine:** ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${cpu.length} cores, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB RAM; ` +
      `Node ${process.version}; MariaDB ${run.mariadbVersion}; ${os.type()} ${os.release()}. Load generator, API, baseline and MariaDB share the machine.`,
    `- **Code:** ${commit}.`,
    `- **Data** (\`${run.database}\`, counted at run time): ${fmt(counts.communities)} communities, ${fmt(counts.grids)} grids, ` +
      `${fmt(counts.buildings)} buildings, ${fmt(counts.households)} households, ${fmt(counts.residents)} residents with approved bindings ` +
      `(${fmt(counts.profiles)} real-name profiles), ${fmt(counts.users)} users, ${fmt(counts.notices)} notices ` +
      `(${fmt(counts.published)} published), ${fmt(counts.notice_targets)} notice targets, ${fmt(counts.reports ?? 0)} problem reports.`,
    `- **Load:** autocannon ${flags.connections} connections, ${flags.duration} s measured after ${flags.warmup} s warm-up per scenario; ` +
      `database pool ${flags.pool} (API and baseline); tokens of ${fmt(run.users)} sampled residents rotated per request.`,
    '',
    mdRow(head),
    mdRow(head.map((_, i) => (i === 0 ? '---' : '---:'))),
    ...rows.map(mdRow),
    '',
    ...checks.map((c) => `- **${mark(c.pass)}** ${c.name}: ${c.detail}`),
    '',
    'Resources during each measured run (CPU as a share of one core; database counters are server-wide, per request):',
    '',
    mdRow(['Scenario', 'server process', 'MariaDB', 'autocannon', 'other processes', 'SQL statements / req', 'rows read / req', 'buffer-pool page reads / req', 'avg response']),
    mdRow(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']),
    ...measured.map((r) => mdRow([r.key, pct(r.cpu!.server), pct(r.cpu!.db), pct(r.cpu!.gen), pct(r.cpu!.other),
      fmt(r.perReq!.Questions, 1), fmt(r.perReq!.Rows_read, 0), fmt(r.perReq!.Innodb_buffer_pool_read_requests, 0),
      r.rps ? `${fmt(r.bytes! / r.rps / 1024, 1)} KiB` : '—'])),
    '',
    ...analysis.map((a) => `- ${a}`),
    ...notes.map((n) => `- ${n}`),
    '',
    ...(plans
      ? [
          '<details><summary>Query plans (MariaDB ANALYZE: r_rows = rows really read) and single-query timings (resident ' +
            `${plans.userId}: communities ${plans.audience.communityIds}, grids ${plans.audience.gridIds}, buildings ${plans.audience.buildingIds})</summary>`,
          '',
          ...plans.queries.flatMap((q) => [
            `**${q.name}** — median ${q.ms.toFixed(2)} ms over 200 sequential runs`,
            '',
            '```sql',
            q.sql,
            '```',
            '',
            '```',
            q.explain,
            '```',
            '',
          ]),
          '</details>',
          '',
        ]
      : []),
  ].join('\n')
  return { console: consoleOut, markdown: md }
}

function analyse(results: Result[], base: Result | undefined, list: Result | undefined, checks: { pass: boolean | undefined }[], run: RunFacts): string[] {
  const { flags } = run
  const out: string[] = []
  const by = (k: string) => results.find((r) => r.key === k && !r.skipped)
  const health = by('health')
  if (list && base) {
    out.push(`The resident's notice list ran at ${(list.rps! / base.rps!).toFixed(2)}× the baseline (${fmt(list.rps!)} vs ${fmt(base.rps!)} req/s), ` +
      `p99 ${list.p99} ms vs ${base.p99} ms; targets ${checks.every((c) => c.pass) ? 'met' : 'not all met'}.`)
  }
  if (list && list.p99! > TARGET.p99) {
    out.push(`With ${flags.connections} connections each waiting for its answer, mean latency = ${flags.connections} / throughput: ` +
      `a p99 of ${TARGET.p99} ms needs a mean well under ${TARGET.p99} ms, i.e. well over ${fmt(flags.connections / (TARGET.p99 / 1000))} req/s on this machine.`)
  }
  if (health && list) out.push(`Health (one \`SELECT 1\`, no auth) ran at ${fmt(health.rps!)} req/s: the ceiling of Koa + middleware on this machine; the list reached ${Math.round((list.rps! / health.rps!) * 100)}% of it.`)
  const cold = by('list-cold')
  if (cold && list) out.push(`With ${fmt(run.coldUsers)} distinct residents (caches cold at the start; feed entries are shared by residents of the same building and grid) the list ran at ${fmt(cold.rps!)} req/s, p99 ${cold.p99} ms (${base ? `${(cold.rps! / base.rps!).toFixed(2)}× baseline` : ''}).`)
  const detail = by('detail')
  if (detail) out.push(`Notice detail ran at ${fmt(detail.rps!)} req/s, p99 ${detail.p99} ms.`)
  const hot = results.filter((r) => !r.skipped && r.cpu && Number.isFinite(r.cpu.db) && r.cpu.db > r.cpu.server).map((r) => r.key)
  if (hot.length) out.push(`MariaDB used more CPU than the server process in: ${hot.join(', ')} (the database is the bottleneck there).`)
  return out
}

/** PASS/FAIL of the report targets. */
function reportChecks(results: Result[]): { name: string; pass: boolean | undefined; detail: string }[] {
  const by = (k: string) => results.find((r) => r.key === k && !r.skipped)
  const [raw, submit, inbox] = [by('raw-insert'), by('report-submit'), by('inbox')]
  const errors = (submit?.errors ?? 0) + (inbox?.errors ?? 0)
  return [
    { name: `report submission ≥ ${REPORT_TARGET.submitRatio}× the raw INSERT rate`, pass: submit && raw ? submit.rps! / raw.rps! >= REPORT_TARGET.submitRatio : undefined,
      detail: submit && raw ? `${(submit.rps! / raw.rps!).toFixed(2)}× (${fmt(submit.rps!)} vs ${fmt(raw.rps!)} req/s)` : 'not measured' },
    { name: `grid worker's inbox p99 ≤ ${REPORT_TARGET.inboxP99} ms`, pass: inbox ? inbox.p99! <= REPORT_TARGET.inboxP99 : undefined, detail: inbox ? `${inbox.p99} ms` : 'not measured' },
    { name: 'report submission and inbox: zero errors', pass: submit || inbox ? errors === 0 : undefined, detail: submit || inbox ? `${errors} errors` : 'not measured' },
  ]
}

function reportAnalysis(results: Result[]): string[] {
  const by = (k: string) => results.find((r) => r.key === k && !r.skipped)
  const [raw, submit, inbox, all] = [by('raw-insert'), by('report-submit'), by('inbox'), by('inbox-all')]
  const out: string[] = []
  if (submit && raw) {
    out.push(`Filing a report ran at ${fmt(submit.rps!)} req/s (p99 ${submit.p99} ms), ${(submit.rps! / raw.rps!).toFixed(2)}× the bare INSERT of one row ` +
      `(${fmt(raw.rps!)} req/s); per report ${fmt(submit.perReq!.Questions, 1)} SQL statements against ${fmt(raw.perReq!.Questions, 1)}.`)
  }
  if (inbox) out.push(`The grid worker's inbox (open items) ran at ${fmt(inbox.rps!)} req/s, p99 ${inbox.p99} ms, ${fmt(inbox.perReq!.Rows_read)} rows read per request.`)
  if (all) out.push(`The whole inbox (no state filter) ran at ${fmt(all.rps!)} req/s, p99 ${all.p99} ms, ${fmt(all.perReq!.Rows_read)} rows read per request.`)
  return out
}

/** Inserts a run at the top of the runs in docs/benchmarks.md (older runs lose their query plans). */
export function writeDoc(DOC: string, section: string) {
  const MARK = '<!-- bench:runs (newest first; `npm run bench` inserts below this line) -->'
  let doc = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : `# Benchmarks\n\n## Runs\n\n${MARK}\n`
  if (!doc.includes(MARK)) doc = `${doc.trimEnd()}\n\n## Runs\n\n${MARK}\n`
  // Older runs keep their tables; only the newest keeps its (long) query-plan block.
  const [head, runs = ''] = doc.split(MARK)
  const older = runs.replace(/\n<details><summary>Query plans[\s\S]*?<\/details>\n/g, '\n')
  doc = `${head}${MARK}\n\n${section.trimEnd()}\n\n${older.trim()}\n`
  fs.writeFileSync(DOC, doc.replace(/\n{3,}/g, '\n\n'))
}
