import { spawn, type ChildProcess } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { startRoundRobinProxy, type RoundRobinProxy } from './proxy.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const INSTANCE = path.join(ROOT, 'api/test/support/instance.ts')

/** A running API child process: its own URL (not behind the proxy), pid and output tail. */
export type ApiProcess = { url: string; pid: number; proc: ChildProcess; tail: () => string }

/** N API processes behind one round-robin proxy; `url` is the proxy's. */
export type ApiCluster = { url: string; processes: ApiProcess[]; proxy: RoundRobinProxy; close: () => Promise<void> }

/** Starts one API child (api/test/support/instance.ts) with exactly `env` over this process's environment. */
function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const proc = spawn(process.execPath, ['--import', 'tsx', INSTANCE], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] })
  let out = ''
  const keep = (b: Buffer) => (out = (out + b.toString()).slice(-16_000))
  proc.stderr!.on('data', keep)
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL')
      reject(new Error(`API process did not start within 90 s:\n${out}`))
    }, 90_000)
    let listening = false
    proc.stdout!.on('data', (b: Buffer) => {
      keep(b)
      const m = !listening && /LISTENING (\S+)/.exec(out)
      if (!m) return
      listening = true
      clearTimeout(timer)
      resolve({ url: m[1], pid: proc.pid!, proc, tail: () => out })
    })
    proc.once('exit', (code) => {
      clearTimeout(timer)
      if (!listening) reject(new Error(`API process exited with ${code} before listening:\n${out}`))
    })
  })
}

/** Stops a child: SIGTERM (graceful close), then SIGKILL if it has not exited after 15 s. */
async function stopApiProcess(p: ApiProcess): Promise<void> {
  if (p.proc.exitCode !== null || p.proc.signalCode !== null) return
  const exited = new Promise((resolve) => p.proc.once('exit', resolve))
  p.proc.kill('SIGTERM')
  const force = setTimeout(() => p.proc.kill('SIGKILL'), 15_000)
  await exited
  clearTimeout(force)
}

/**
 * Starts `n` real API processes with the same environment (same database, same UPLOAD_DIR, same
 * keys) and a round-robin proxy in front of them, as production runs N stateless instances
 * behind a load balancer. `close()` stops the proxy, then the processes.
 */
export async function startApiCluster(n: number, env: Record<string, string>): Promise<ApiCluster> {
  const started = await Promise.allSettled(Array.from({ length: n }, () => startApiProcess(env)))
  const processes = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed) {
    await Promise.all(processes.map(stopApiProcess))
    throw failed.reason
  }
  const proxy = await startRoundRobinProxy(processes.map((p) => p.url))
  return {
    url: proxy.url,
    processes,
    proxy,
    close: async () => {
      await proxy.close()
      await Promise.all(processes.map(stopApiProcess))
    },
  }
}
