// Vitest global setup for API and end-to-end tests: finds a MySQL/MariaDB server the same way
// `npm start` does (DATABASE_URL, else 127.0.0.1:3306 as root, else a private instance under
// .data/) and hands its address to the test files, which each create their own database.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { locateDatabaseServer } from '../src/cli/database.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    dbServer: { host: string; port: number; user: string; password: string }
  }
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')

export default async function setup(project: TestProject) {
  // Tests never use the DATABASE_URL database itself, only its server: each file makes its own.
  const server = await locateDatabaseServer({ dataDir: path.join(ROOT, '.data'), log: (s) => console.log(`[test-db] ${s}`) })
  project.provide('dbServer', server.target)
  return async () => {
    await server.stop()
  }
}
