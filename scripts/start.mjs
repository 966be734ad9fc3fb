// `npm start`: install what is missing, then hand over to the API's start command
// (database, migrations, demo data, H5 build, server). See README.md.
import { spawn } from 'node:child_process'
import { checkNode, ensureDependencies, ensurePrismaClient, ROOT } from './lib/ensure.mjs'

checkNode()
ensureDependencies()
ensurePrismaClient()

const child = spawn(process.execPath, ['--import', 'tsx', 'api/src/cli/start.ts'], { cwd: ROOT, stdio: 'inherit' })
// Ctrl-C reaches the child through the process group; this process just waits for it.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
