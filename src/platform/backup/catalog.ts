import { type SQL, sql } from 'drizzle-orm'
import type { Db } from '../db/client.ts'

/** A column as PostgreSQL describes it; `type` is `format_type()` output, usable in a cast. */
export interface ColumnInfo {
  name: string
  type: string
  notNull: boolean
}

export interface TableInfo {
  name: string
  columns: ColumnInfo[]
  primaryKey: string[]
}

/** A foreign key between two tables of the public schema. */
export interface ForeignKey {
  name: string
  table: string
  references: string
  /** `pg_get_constraintdef()`: enough to add the constraint again. */
  definition: string
}

export interface SequenceInfo {
  name: string
  /** null when the sequence was never used (`nextval` has not been called). */
  lastValue: string | null
  /** The column whose default draws from it (serial, bigserial, identity), if any. */
  owner: { table: string; column: string } | null
}

/** The latest applied Drizzle migration: what a backup's schema level is compared by. */
export interface MigrationLevel {
  hash: string
  createdAt: number
  count: number
}

/** Runs one statement (inside the caller's transaction) and returns its rows, for both drivers. */
export async function rows<T = Record<string, unknown>>(tx: Db, query: SQL): Promise<T[]> {
  const r = (await tx.execute(query)) as unknown as { rows: T[] }
  return r.rows
}

/** Quotes an identifier for SQL text. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`
}

/** Every ordinary table of the public schema with its columns (generated columns left out) and primary key. */
export async function listTables(tx: Db): Promise<TableInfo[]> {
  const cols = await rows<{ table: string; name: string; type: string; not_null: boolean }>(
    tx,
    sql`select c.relname as "table", a.attname as name, format_type(a.atttypid, a.atttypmod) as type,
               a.attnotnull as not_null
          from pg_class c
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
         where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
           and a.attgenerated = ''
         order by c.relname, a.attnum`,
  )
  const pks = await rows<{ table: string; name: string }>(
    tx,
    sql`select c.relname as "table", a.attname as name
          from pg_index i
          join pg_class c on c.oid = i.indrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_attribute a on a.attrelid = c.oid and a.attnum = any(i.indkey)
         where n.nspname = 'public' and i.indisprimary
         order by c.relname, array_position(i.indkey::int2[], a.attnum)`,
  )
  const tables = new Map<string, TableInfo>()
  for (const c of cols) {
    let t = tables.get(c.table)
    if (!t) {
      t = { name: c.table, columns: [], primaryKey: [] }
      tables.set(c.table, t)
    }
    t.columns.push({ name: c.name, type: c.type, notNull: c.not_null })
  }
  for (const p of pks) tables.get(p.table)?.primaryKey.push(p.name)
  return [...tables.values()]
}

/** Foreign keys between public tables. */
export async function listForeignKeys(tx: Db): Promise<ForeignKey[]> {
  return rows<ForeignKey>(
    tx,
    sql`select con.conname as name, c.relname as "table", p.relname as "references",
               pg_get_constraintdef(con.oid) as definition
          from pg_constraint con
          join pg_class c on c.oid = con.conrelid
          join pg_class p on p.oid = con.confrelid
          join pg_namespace n on n.oid = c.relnamespace
          join pg_namespace pn on pn.oid = p.relnamespace
         where con.contype = 'f' and n.nspname = 'public' and pn.nspname = 'public'
         order by c.relname, con.conname`,
  )
}

/** Every sequence of the public schema, its state, and the column it feeds. */
export async function listSequences(tx: Db): Promise<SequenceInfo[]> {
  const seqs = await rows<{
    name: string
    last_value: string | null
    table: string | null
    column: string | null
  }>(
    tx,
    sql`select s.relname as name, ps.last_value::text as last_value, t.relname as "table", a.attname as "column"
          from pg_class s
          join pg_namespace n on n.oid = s.relnamespace
          join pg_sequences ps on ps.schemaname = n.nspname and ps.sequencename = s.relname
          left join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
                               and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
          left join pg_class t on t.oid = d.refobjid
          left join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
         where s.relkind = 'S' and n.nspname = 'public'
         order by s.relname`,
  )
  return seqs.map((s) => ({
    name: s.name,
    lastValue: s.last_value,
    owner: s.table && s.column ? { table: s.table, column: s.column } : null,
  }))
}

/** The latest applied migration, or null when the database was never migrated. */
export async function migrationLevel(tx: Db): Promise<MigrationLevel | null> {
  const [exists] = await rows<{ ok: boolean }>(
    tx,
    sql`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`,
  )
  if (!exists?.ok) return null
  const [last] = await rows<{ hash: string; created_at: string; count: string }>(
    tx,
    sql`select hash, created_at::text as created_at, (select count(*) from drizzle.__drizzle_migrations)::text as count
          from drizzle.__drizzle_migrations order by created_at desc, id desc limit 1`,
  )
  return last ? { hash: last.hash, createdAt: Number(last.created_at), count: Number(last.count) } : null
}

/**
 * Orders tables so that every table comes after the tables it references. Foreign keys that no order can
 * satisfy (a table referencing itself, or a cycle) are returned as `deferred`: restore drops them while
 * loading and adds them back (which re-checks every row) before committing.
 */
export function dependencyOrder(
  tables: string[],
  fks: ForeignKey[],
): { order: string[]; deferred: ForeignKey[] } {
  const wanted = new Set(tables)
  const deferred: ForeignKey[] = []
  let edges = fks.filter((f) => wanted.has(f.table) && wanted.has(f.references))
  for (const f of edges) if (f.table === f.references) deferred.push(f)
  edges = edges.filter((f) => f.table !== f.references)
  const order: string[] = []
  const remaining = new Set([...tables].sort())
  while (remaining.size > 0) {
    const ready = [...remaining].filter(
      (t) => !edges.some((f) => f.table === t && remaining.has(f.references)),
    )
    if (ready.length > 0) {
      for (const t of ready) {
        order.push(t)
        remaining.delete(t)
      }
      continue
    }
    // a cycle: take the first remaining table and defer its keys into the rest of the cycle
    const [t] = remaining
    if (t === undefined) break
    for (const f of edges) if (f.table === t && remaining.has(f.references)) deferred.push(f)
    edges = edges.filter((f) => !(f.table === t && remaining.has(f.references)))
  }
  return { order, deferred }
}
