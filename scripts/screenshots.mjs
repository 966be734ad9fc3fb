// `npm run screenshots`: refreshes the documented screenshots in docs/screenshots/ by running the
// H5 end-to-end tests on a fresh H5 build with SCREENSHOTS=docs. `npm test` writes its screenshots
// under .test-results/screenshots/ instead, so a test run leaves every tracked file as it was.
import path from 'node:path'
import { checkNode, ensureDependencies, ensurePrismaClient, ROOT, run } from './lib/ensure.mjs'

checkNode()
try {
  ensureDependencies()
  ensurePrismaClient()
  run('npm', ['run', 'build:h5', '-w', 'miniapp', '--silent'], { env: { NODE_ENV: 'production' } })
  run(path.join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--root', 'e2e'], { env: { SCREENSHOTS: 'docs' } })
  console.log('截图已更新: docs/screenshots/')
} catch (e) {
  console.error(e instanceof Error ? e.message : String(e))
  process.exit(1)
}
