// One API process of a scale-out test (started by apiProcesses.ts): configured from the environment
// like the production entry, with two test-only additions. Its clock is the real time plus the
// offset in TEST_CLOCK_FILE, which the test process writes (so every process moves together), and
// every answer names the process in X-Api-Instance (so a test can see that both were reached).
// Prints `LISTENING <url>` when ready; exits when the parent closes its stdin (the test died).
import fs from 'node:fs'
import { loadConfig } from '../../src/config.ts'
import { startServer } from '../../src/server.ts'

const clockFile = process.env.TEST_CLOCK_FILE
const offsetMs = () => (clockFile ? Number(fs.readFileSync(clockFile, 'utf8')) || 0 : 0)

const running = await startServer(loadConfig(), { now: () => new Date(Date.now() + offsetMs()) })
running.server.prependListener('request', (_req, res) => res.setHeader('X-Api-Instance', String(process.pid)))
process.stdout.write(`LISTENING ${running.url}\n`)

const stop = () => void running.close().finally(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
process.stdin.on('end', stop).resume()
