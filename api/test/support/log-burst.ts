// Child process of logging.int.test.ts: writes LOG_BURST lines through the stdout logger and exits
// at once, without waiting for the asynchronous writes: pino must flush them on exit.
import { createLogger } from '../../src/core/logger.ts'

const log = createLogger('info')
const n = Number(process.env.LOG_BURST ?? 1000)
for (let i = 0; i < n; i++) log.info('burst', { i })
process.exit(0)
