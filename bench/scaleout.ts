// Scale-out in `npm run bench -- --instances N` (issue 12 §5): N API processes on the one bench
// database behind the round-robin proxy of the scale-out tests (api/test/support/proxy.ts, its own
// process), against one API process behind the same proxy, in the same sitting. The ratio of the
// two is the scale-out; the direct `list` row shows what the proxy hop itself costs.
import os from 'node:os'
import { fmt, type Result } from './report.ts'
import type { Scenario } from './scenarios-reports.ts'

type Child = { name: string; proc: { pid?: number }; url: string }

export const PROXY_SCRIPT = '../api/test/support/proxy.ts'

/** The processes and proxies of a scale-out run. */
export type ScaleOut<C extends Child> = {
  n: number
  /** Every child started here (extra API processes, both proxies), for the caller to stop. */
  children: C[]
  /** The two list scenarios (one process behind the proxy, then N), from the plain list scenario. */
  scenarios: (list: Scenario) => Scenario[]
  /** Processes whose CPU a scenario's "server" column counts (the APIs and their proxy). */
  pidsOf: (key: string) => number[] | undefined
}

/** Starts N−1 more API processes like `api`, a proxy over `api` alone and one over all N. */
export async function startScaleOut<C extends Child>(
  n: number, api: C, apiEnv: Record<string, string>, startChild: (name: string, script: string, env: Record<string, string>) => Promise<C>,
): Promise<ScaleOut<C>> {
  const more = await Promise.all(Array.from({ length: n - 1 }, (_, i) => startChild(`api${i + 2}`, 'api-server.ts', apiEnv)))
  const apis = [api, ...more]
  const [one, all] = await Promise.all([
    startChild('proxy-1', PROXY_SCRIPT, { PROXY_UPSTREAMS: api.url }),
    startChild(`proxy-${n}`, PROXY_SCRIPT, { PROXY_UPSTREAMS: apis.map((a) => a.url).join(',') }),
  ])
  const keyOne = 'list-proxy-1'
  const keyAll = `list-${n}`
  const pids = { [keyOne]: [api.proc.pid!, one.proc.pid!], [keyAll]: [...apis.map((a) => a.proc.pid!), all.proc.pid!] }
  return {
    n,
    children: [...more, one, all],
    scenarios: (list) => [
      { ...list, key: keyOne, base: one.url, label: `notice list through the round-robin proxy, 1 API process` },
      { ...list, key: keyAll, base: all.url, label: `notice list through the round-robin proxy, ${n} API processes` },
    ],
    pidsOf: (key) => pids[key],
  }
}

/** The scale-out ratio for the report's notes, with the machine it was measured on. */
export function scaleOutNote(results: Result[], n: number): string[] {
  const one = results.find((r) => r.key === 'list-proxy-1' && !r.skipped)
  const all = results.find((r) => r.key === `list-${n}` && !r.skipped)
  if (!one?.rps || !all?.rps) return []
  return [`Scale-out: ${n} API processes behind the proxy served ${fmt(all.rps)} req/s against ${fmt(one.rps)} for one (${(all.rps / one.rps).toFixed(2)}×), ` +
    `on ${os.cpus().length} CPU cores shared by the database, autocannon, the proxy and every API process.`]
}
