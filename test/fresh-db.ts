import { randomBytes } from 'node:crypto'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { seedIfNeeded } from '../src/boot.ts'
import { type Config, testConfig } from '../src/config.ts'
import { type Database, openDatabase, PGLITE_EXTENSIONS } from '../src/platform/db/client.ts'
import { createLogger } from '../src/platform/log.ts'

/** The PostgreSQL server to test against (CI's second run), or undefined for PGlite. */
export const TEST_PG_URL = process.env.DATABASE_URL || undefined

const templates = new Map<string, Promise<PGlite>>()

async function pgliteTemplate(withReference: boolean): Promise<PGlite> {
  const key = withReference ? 'ref' : 'bare'
  let p = templates.get(key)
  if (!p) {
    p = (async () => {
      const client = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
      const db = await openDatabase({ kind: 'pglite', pglite: client })
      await db.migrate()
      if (withReference)
        await seedIfNeeded(db, testConfig({ GACHI_MODE: 'production' }), createLogger('silent'))
      return client
    })()
    templates.set(key, p)
  }
  return p
}

/**
 * A fresh, migrated database for one test file or test: an in-memory PGlite cloned from a migrated
 * template, or (when DATABASE_URL is set) a new PostgreSQL database that is dropped on close.
 */
export async function freshDb(opts: { reference?: boolean } = {}): Promise<Database> {
  if (TEST_PG_URL) {
    const name = `gachi_t_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: TEST_PG_URL })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(TEST_PG_URL)
    url.pathname = `/${name}`
    const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 20 })
    await database.migrate()
    if (opts.reference)
      await seedIfNeeded(database, testConfig({ GACHI_MODE: 'production' }), createLogger('silent'))
    return {
      ...database,
      async close() {
        await database.close()
        const a = new pg.Client({ connectionString: TEST_PG_URL })
        await a.connect()
        await a.query(`drop database if exists ${name} with (force)`)
        await a.end()
      },
    }
  }
  const template = await pgliteTemplate(!!opts.reference)
  const clone = (await template.clone()) as PGlite
  return openDatabase({ kind: 'pglite', pglite: clone })
}

export function testConfigFor(database: Database, overrides: Record<string, string> = {}): Config {
  return testConfig({
    ...(database.kind === 'postgres' && TEST_PG_URL ? { DATABASE_URL: TEST_PG_URL } : {}),
    ...overrides,
  })
}
