import { defineConfig } from 'drizzle-kit'

export default defineConfig({
  dialect: 'postgresql',
  schema: ['./src/platform/db/tables.ts', './src/platform/audit/tables.ts', './src/domains/*/tables.ts'],
  out: './migrations',
})
