// `node --import tsx api/src/cli/migrate.ts`: applies pending migrations to DATABASE_URL
// (creating the database if needed). Safe to run from several instances at once.
import { ensureDatabase, migrate } from '../core/migrate.ts'

const url = process.env.DATABASE_URL
if (!url) {
  console.error('DATABASE_URL is required')
  process.exit(1)
}
try {
  await ensureDatabase(url)
  const r = await migrate(url, { log: (s) => console.log(s) })
  console.log(`${r.applied.length} applied, ${r.alreadyApplied} already applied`)
} catch (e) {
  console.error((e as Error).message)
  process.exit(1)
}
