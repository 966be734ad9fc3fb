// Prisma CLI configuration. Only `prisma generate`, `validate` and `format` run on machines
// without the schema engine; migrations are applied by api/src/core/migrate.ts.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'mysql://root@127.0.0.1:3306/linlitong' },
})
