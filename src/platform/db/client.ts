import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres'
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite'
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator'
import pg from 'pg'
import { BeginAheadClient } from './begin-ahead.ts'
import { lockDataDir } from './lock.ts'

/** The query interface every repo is written against; works for PGlite and node-postgres, and for transactions. */
// biome-ignore lint/suspicious/noExplicitAny: the two drivers' schema generics differ; we use no relational schema
export type Db = PgDatabase<PgQueryResultHKT, any>

export interface Database {
  readonly db: Db
  readonly kind: 'pglite' | 'postgres'
  /** Runs plain SQL with parameters; for tooling (backup, tests), not for domain code. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>
  /** Applies every pending migration from migrations/ (the same files for both engines). */
  migrate(): Promise<void>
  close(): Promise<void>
}

/**
 * Contrib extensions loaded into every PGlite (the migrations `create extension` them, as on a
 * PostgreSQL server): pg_trgm for the help desk's trigram search.
 */
export const PGLITE_EXTENSIONS = { pg_trgm }

export const MIGRATIONS_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations')

export type OpenOptions =
  | { kind: 'pglite'; dataDir?: string; pglite?: PGlite }
  | { kind: 'postgres'; url: string; poolSize?: number }

/** Opens the database (embedded or server), without migrating. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.kind === 'postgres') return openPostgres(opts.url, opts.poolSize ?? 10)
  let release = () => {}
  let client = opts.pglite
  if (!client) {
    if (opts.dataDir) {
      mkdirSync(opts.dataDir, { recursive: true })
      release = lockDataDir(opts.dataDir)
      try {
        client = await PGlite.create(join(opts.dataDir, 'pgdata'), { extensions: PGLITE_EXTENSIONS })
      } catch (e) {
        release()
        throw e
      }
    } else {
      client = await PGlite.create({ extensions: PGLITE_EXTENSIONS })
    }
  }
  const pgl = client
  return {
    db: drizzlePglite(pgl) as unknown as Db,
    kind: 'pglite',
    async query(text, params) {
      const r = await pgl.query(text, params as unknown[])
      return r.rows as never[]
    },
    async migrate() {
      await migratePglite(drizzlePglite(pgl), { migrationsFolder: MIGRATIONS_DIR })
    },
    async close() {
      try {
        if (!pgl.closed) await pgl.close()
      } finally {
        release()
      }
    },
  }
}

function openPostgres(url: string, poolSize: number): Database {
  // BeginAheadClient: a transaction's BEGIN travels with its first statement (one round trip fewer)
  const pool = new pg.Pool({ connectionString: url, max: poolSize, Client: BeginAheadClient })
  pool.on('error', () => {}) // an idle client's error surfaces on its next use
  return {
    db: drizzleNodePg(pool) as unknown as Db,
    kind: 'postgres',
    async query(text, params) {
      const r = await pool.query(text, params as unknown[])
      return r.rows
    },
    async migrate() {
      // one connection holding an advisory lock: one migrator at a time across processes
      const c = await pool.connect()
      try {
        await c.query('select pg_advisory_lock(7342001)')
        try {
          await migrateNodePg(drizzleNodePg(c), { migrationsFolder: MIGRATIONS_DIR })
        } finally {
          await c.query('select pg_advisory_unlock(7342001)')
        }
      } finally {
        c.release()
      }
    },
    async close() {
      await pool.end()
    },
  }
}
