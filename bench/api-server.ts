// The API under test, as its own process (so the load generator does not share its event loop).
// Configured entirely from the environment bench/run.ts passes; prints `LISTENING <url>` when ready.
import { loadConfig } from '../api/src/config.ts'
import { startServer } from '../api/src/server.ts'

const running = await startServer(loadConfig())
process.stdout.write(`LISTENING ${running.url}\n`)
const stop = () => void running.close().finally(() => process.exit(0))
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
