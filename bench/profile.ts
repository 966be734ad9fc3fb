// The API's CPU profile (`npm run bench -- --profile`): its hottest functions and packages by self time.
import fs from 'node:fs'
import path from 'node:path'
import { ROOT_DIR } from './common.ts'

/** Prints the API's hottest functions by self time from the .cpuprofile Node wrote on exit. */
export function summariseProfile(dir: string, log: (s: string) => void) {
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))
  if (!file) return log(`no profile written in ${dir}`)
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number }
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { nodes: Node[]; startTime: number; endTime: number; samples: number[] }
  const perSample = (prof.endTime - prof.startTime) / 1000 / Math.max(1, prof.samples.length)
  const self = new Map<string, number>()
  const byPackage = new Map<string, number>()
  let total = 0
  for (const n of prof.nodes) {
    const hits = n.hitCount ?? 0
    if (!hits) continue
    const url = n.callFrame.url.replace(/^file:\/\//, '').replace(ROOT_DIR + '/', '')
    const key = `${n.callFrame.functionName || '(anonymous)'}  ${url ? `${url}:${n.callFrame.lineNumber + 1}` : ''}`
    self.set(key, (self.get(key) ?? 0) + hits)
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith('api/') ? 'api/src (ours)' : url.startsWith('node:') ? 'node core' : url ? url.split('/')[0] : n.callFrame.functionName)
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + hits)
    total += hits
  }
  const top = (m: Map<string, number>, k: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, k)
    .map(([name, h]) => `  ${((h / total) * 100).toFixed(1).padStart(5)}%  ${(h * perSample / 1000).toFixed(1).padStart(6)} s  ${name}`).join('\n')
  log(`\nAPI CPU profile (${path.join(dir, file)}), self time:\n${top(self, 25)}\n\nby package:\n${top(byPackage, 15)}`)
}
