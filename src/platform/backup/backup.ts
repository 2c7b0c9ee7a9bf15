import { createReadStream, createWriteStream } from 'node:fs'
import { readdir, readFile, rename, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import { sql } from 'drizzle-orm'
import { type Database, type Db, MIGRATIONS_DIR } from '../db/client.ts'
import {
  type ColumnInfo,
  dependencyOrder,
  ident,
  listForeignKeys,
  listSequences,
  listTables,
  type MigrationLevel,
  migrationLevel,
  rows,
} from './catalog.ts'

/**
 * A Gachi backup is one gzip'd JSON-lines file:
 *   line 1   header: format, version, schema level (latest migration), tables with column types and row counts,
 *            sequences
 *   then     per table: `{"table": name}` followed by one JSON array per row (values in header column order)
 *   last     `{"end": true}`, so a truncated file is recognised
 * Every value is PostgreSQL's own text form (or null), cast back to the column's type on restore, so
 * timestamps keep their microseconds, bigint and numeric their digits, bytea its bytes (hex) and jsonb its value.
 */
export const BACKUP_FORMAT = 'gachi-backup'
export const BACKUP_VERSION = 1

export interface BackupTable {
  name: string
  columns: Pick<ColumnInfo, 'name' | 'type'>[]
  primaryKey: string[]
  rows: number
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT
  version: number
  createdAt: string
  engine: 'pglite' | 'postgres'
  migration: MigrationLevel
  tables: BackupTable[]
  sequences: { name: string; lastValue: string | null }[]
}

/** A backup or restore that cannot go ahead; the message says why and what to do. */
export class BackupError extends Error {}

export interface BackupOptions {
  /** Reports progress (the CLI prints it). */
  progress?: (message: string) => void
  /** Rows fetched per round trip. */
  batchRows?: number
}

/** Writes a consistent snapshot of every table of the public schema to `file` (written to a temporary name, then renamed). */
export async function backupDatabase(
  database: Database,
  file: string,
  opts: BackupOptions = {},
): Promise<BackupHeader> {
  const progress = opts.progress ?? (() => {})
  const batch = opts.batchRows ?? 1000
  const tmp = `${file}.partial`
  let header: BackupHeader | undefined
  try {
    await database.db.transaction(
      async (tx) => {
        await setTextFormats(tx)
        const level = await migrationLevel(tx)
        if (!level)
          throw new BackupError(
            'This database has no schema yet (it was never migrated): nothing to back up.',
          )
        const tables = await listTables(tx)
        const { order } = dependencyOrder(
          tables.map((t) => t.name),
          await listForeignKeys(tx),
        )
        const byName = new Map(tables.map((t) => [t.name, t]))
        const out: BackupTable[] = []
        for (const name of order) {
          const t = byName.get(name)
          if (!t) continue
          const [c] = await rows<{ n: string }>(tx, sql.raw(`select count(*)::text as n from ${ident(name)}`))
          out.push({
            name,
            columns: t.columns.map((col) => ({ name: col.name, type: col.type })),
            primaryKey: t.primaryKey,
            rows: Number(c?.n ?? 0),
          })
        }
        const sequences = (await listSequences(tx)).map((s) => ({ name: s.name, lastValue: s.lastValue }))
        const h: BackupHeader = {
          format: BACKUP_FORMAT,
          version: BACKUP_VERSION,
          createdAt: new Date().toISOString(),
          engine: database.kind,
          migration: level,
          tables: out,
          sequences,
        }
        header = h
        async function* lines(): AsyncGenerator<string> {
          yield `${JSON.stringify(h)}\n`
          for (const t of h.tables) {
            yield `${JSON.stringify({ table: t.name })}\n`
            const select = t.columns.map((c) => `${ident(c.name)}::text`).join(', ')
            const orderBy = (t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name))
              .map(ident)
              .join(', ')
            await tx.execute(
              sql.raw(
                `declare gachi_backup no scroll cursor for select ${select} from ${ident(t.name)} order by ${orderBy}`,
              ),
            )
            let done = 0
            for (;;) {
              const chunk = await rows(tx, sql.raw(`fetch forward ${batch} from gachi_backup`))
              if (chunk.length === 0) break
              yield chunk.map((r) => `${JSON.stringify(t.columns.map((c) => r[c.name] ?? null))}\n`).join('')
              done += chunk.length
              if (chunk.length < batch) break
            }
            await tx.execute(sql.raw('close gachi_backup'))
            progress(`${t.name}: ${done} rows`)
          }
          yield `${JSON.stringify({ end: true })}\n`
        }
        await pipeline(Readable.from(lines()), createGzip(), createWriteStream(tmp))
      },
      { isolationLevel: 'repeatable read', accessMode: 'read only' },
    )
    await rename(tmp, file)
  } catch (e) {
    await rm(tmp, { force: true })
    throw e
  }
  if (!header) throw new Error('backup produced no header')
  return header
}

/** Same text forms whatever the server's settings: ISO dates in UTC, hex bytea, full-precision floats. */
async function setTextFormats(tx: Db): Promise<void> {
  await tx.execute(sql.raw(`set local datestyle = 'ISO, YMD'`))
  await tx.execute(sql.raw(`set local timezone = 'UTC'`))
  await tx.execute(sql.raw(`set local intervalstyle = 'postgres'`))
  await tx.execute(sql.raw(`set local bytea_output = 'hex'`))
  await tx.execute(sql.raw('set local extra_float_digits = 1'))
}

type Line =
  | { kind: 'header'; header: BackupHeader }
  | { kind: 'table'; name: string }
  | { kind: 'row'; values: unknown[] }
  | { kind: 'end' }

/** Reads a backup file line by line. */
async function* readBackup(file: string): AsyncGenerator<Line> {
  try {
    await stat(file)
  } catch {
    throw new BackupError(`${file} does not exist or cannot be read.`)
  }
  const raw = createReadStream(file)
  const input = raw.pipe(createGunzip())
  raw.on('error', (e) => input.destroy(e))
  const lines = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })
  let first = true
  try {
    for await (const line of lines) {
      if (line === '') continue
      let v: unknown
      try {
        v = JSON.parse(line)
      } catch {
        throw new BackupError(`${file} is damaged: a line is not valid JSON.`)
      }
      if (first) {
        first = false
        const h = v as Partial<BackupHeader>
        if (h?.format !== BACKUP_FORMAT) throw new BackupError(`${file} is not a Gachi backup.`)
        yield { kind: 'header', header: h as BackupHeader }
      } else if (Array.isArray(v)) yield { kind: 'row', values: v }
      else if (v && typeof v === 'object' && 'table' in v) yield { kind: 'table', name: String(v.table) }
      else if (v && typeof v === 'object' && 'end' in v) yield { kind: 'end' }
      else throw new BackupError(`${file} is damaged: unexpected line.`)
    }
  } catch (e) {
    if (e instanceof BackupError) throw e
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new BackupError(`${file} does not exist.`)
    if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR')
      throw new BackupError(`${file} is not a Gachi backup (not gzip) or is damaged.`)
    throw e
  } finally {
    lines.close()
    input.destroy()
    raw.destroy()
  }
  if (first) throw new BackupError(`${file} is empty.`)
}

/** Reads the whole file once: checks every section's row count against the header and that the file is complete. */
export async function verifyBackup(file: string): Promise<BackupHeader> {
  let header: BackupHeader | undefined
  let current: string | null = null
  const counts = new Map<string, number>()
  let ended = false
  for await (const line of readBackup(file)) {
    if (line.kind === 'header') header = line.header
    else if (line.kind === 'table') {
      current = line.name
      counts.set(current, 0)
    } else if (line.kind === 'row') {
      if (current === null) throw new BackupError(`${file} is damaged: a row before any table.`)
      counts.set(current, (counts.get(current) ?? 0) + 1)
    } else ended = true
  }
  if (!header) throw new BackupError(`${file} is empty.`)
  if (header.version > BACKUP_VERSION)
    throw new BackupError(
      `${file} uses backup format ${header.version}; this version of Gachi reads up to ${BACKUP_VERSION}.`,
    )
  if (!ended)
    throw new BackupError(`${file} is incomplete (it ends before its last table): take the backup again.`)
  for (const t of header.tables) {
    if ((counts.get(t.name) ?? -1) !== t.rows)
      throw new BackupError(
        `${file} is damaged: table ${t.name} should have ${t.rows} rows, found ${counts.get(t.name) ?? 0}.`,
      )
  }
  return header
}

/**
 * Hands out the rows of one table at a time. Tables are written in dependency order, so restore usually
 * reads the file once from start to end; a table asked for out of that order is found by reading again.
 */
class SectionReader {
  private lines: AsyncGenerator<Line> | null = null
  private next: Line | null = null

  constructor(private readonly file: string) {}

  private async pull(): Promise<Line | null> {
    if (!this.lines) this.lines = readBackup(this.file)
    const r = await this.lines.next()
    return r.done ? null : r.value
  }

  private async restart(): Promise<void> {
    await this.lines?.return(undefined)
    this.lines = null
    this.next = null
  }

  async *rows(table: string): AsyncGenerator<unknown[]> {
    for (let pass = 0; pass < 2; pass++) {
      let line = this.next ?? (await this.pull())
      this.next = null
      while (line && !(line.kind === 'table' && line.name === table)) line = await this.pull()
      if (line) {
        for (;;) {
          const l = await this.pull()
          if (l?.kind !== 'row') {
            this.next = l
            return
          }
          yield l.values
        }
      }
      await this.restart()
    }
  }

  async close(): Promise<void> {
    await this.restart()
  }
}

/**
 * Tables that migrations put rows into (`INSERT INTO` in migrations/*.sql, e.g. a singleton chain head).
 * A freshly migrated database has rows there, so they do not count against "empty", and restore replaces them.
 */
export async function migrationSeededTables(dir = MIGRATIONS_DIR): Promise<Set<string>> {
  const out = new Set<string>()
  for (const f of (await readdir(dir)).filter((n) => n.endsWith('.sql'))) {
    const text = await readFile(join(dir, f), 'utf8')
    for (const m of text.matchAll(/insert\s+into\s+(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi))
      if (m[1]) out.add(m[1])
  }
  return out
}

export interface RestoreOptions {
  progress?: (message: string) => void
  /** Rows per INSERT statement. */
  batchRows?: number
}

/**
 * Loads a backup into an empty, migrated database (PGlite or PostgreSQL) in one transaction: tables in
 * foreign-key order, then every sequence moved past the restored ids. Refuses a database that has data,
 * and a backup made by a newer schema than this database's.
 */
export async function restoreDatabase(
  database: Database,
  file: string,
  opts: RestoreOptions = {},
): Promise<BackupHeader> {
  const progress = opts.progress ?? (() => {})
  const batch = opts.batchRows ?? 500
  progress('checking the backup file')
  const header = await verifyBackup(file)
  await database.db.transaction(async (tx) => {
    await setTextFormats(tx)
    const level = await migrationLevel(tx)
    if (!level) throw new BackupError('This database has no schema yet: run `npx gachi migrate` first.')
    if (header.migration.createdAt > level.createdAt)
      throw new BackupError(
        `This backup was made by a newer version of Gachi (schema ${header.migration.count} migrations, ` +
          `last ${new Date(header.migration.createdAt).toISOString()}) than this database ` +
          `(${level.count} migrations, last ${new Date(level.createdAt).toISOString()}). ` +
          'Install the newer version first, then restore.',
      )
    if (header.migration.createdAt < level.createdAt)
      progress(
        `the backup is from an older schema (${header.migration.count} migrations, this database has ${level.count}); ` +
          'columns added since then get their defaults',
      )
    const tables = await listTables(tx)
    const byName = new Map(tables.map((t) => [t.name, t]))
    const seeded = await migrationSeededTables()
    const inBackup = new Set(header.tables.map((t) => t.name))
    const notEmpty: string[] = []
    for (const t of tables) {
      if (seeded.has(t.name)) continue
      const [r] = await rows<{ any: boolean }>(
        tx,
        sql.raw(`select exists(select 1 from ${ident(t.name)}) as any`),
      )
      if (r?.any) notEmpty.push(t.name)
    }
    if (notEmpty.length > 0)
      throw new BackupError(
        `Restore needs an empty database, but these tables have rows: ${notEmpty.join(', ')}. ` +
          'Point GACHI_DATA_DIR (or DATABASE_URL) at a new, empty database and try again.',
      )
    for (const t of header.tables) {
      const target = byName.get(t.name)
      if (!target) throw new BackupError(`Table ${t.name} of the backup does not exist in this database.`)
      const missing = t.columns.filter((c) => !target.columns.some((tc) => tc.name === c.name))
      if (missing.length > 0)
        throw new BackupError(
          `Column ${missing.map((c) => `${t.name}.${c.name}`).join(', ')} of the backup does not exist in this database.`,
        )
    }

    const fks = await listForeignKeys(tx)
    const { order, deferred } = dependencyOrder(
      header.tables.map((t) => t.name),
      fks,
    )
    for (const f of deferred)
      await tx.execute(sql.raw(`alter table ${ident(f.table)} drop constraint ${ident(f.name)}`))
    // the rows are loaded as they were: no trigger may refuse or rewrite them (e.g. append-only guards)
    for (const name of order) await tx.execute(sql.raw(`alter table ${ident(name)} disable trigger user`))
    // rows a migration inserted (a singleton like a chain head) are replaced by the backup's
    for (const name of order)
      if (seeded.has(name) && inBackup.has(name)) await tx.execute(sql.raw(`delete from ${ident(name)}`))
    const sections = new Map(header.tables.map((t) => [t.name, t]))
    const reader = new SectionReader(file)
    try {
      for (const name of order) {
        const t = sections.get(name)
        const target = byName.get(name)
        if (!t || !target) continue
        const types = new Map(target.columns.map((c) => [c.name, c.type]))
        const cols = t.columns.map((c) => ident(c.name)).join(', ')
        const casts = t.columns.map((c, i) => `(r.v->>${i})::${types.get(c.name)}`).join(', ')
        const insert = (json: string) =>
          tx.execute(
            sql`${sql.raw(`insert into ${ident(name)} (${cols}) overriding system value select ${casts} from json_array_elements(`)}${json}${sql.raw('::json) as r(v)')}`,
          )
        let pending: string[] = []
        let done = 0
        for await (const values of reader.rows(name)) {
          pending.push(JSON.stringify(values))
          if (pending.length >= batch) {
            await insert(`[${pending.join(',')}]`)
            done += pending.length
            pending = []
          }
        }
        if (pending.length > 0) {
          await insert(`[${pending.join(',')}]`)
          done += pending.length
        }
        progress(`${name}: ${done} rows`)
      }
    } finally {
      await reader.close()
    }
    for (const name of order) await tx.execute(sql.raw(`alter table ${ident(name)} enable trigger user`))
    for (const f of deferred)
      await tx.execute(
        sql.raw(`alter table ${ident(f.table)} add constraint ${ident(f.name)} ${f.definition}`),
      )

    // sequences: continue after both the backup's position and the highest restored id
    const saved = new Map(header.sequences.map((s) => [s.name, s.lastValue]))
    for (const s of await listSequences(tx)) {
      let value = saved.get(s.name) ? BigInt(saved.get(s.name) as string) : 0n
      if (s.owner && sections.has(s.owner.table)) {
        const [m] = await rows<{ max: string | null }>(
          tx,
          sql.raw(`select max(${ident(s.owner.column)})::text as max from ${ident(s.owner.table)}`),
        )
        if (m?.max && BigInt(m.max) > value) value = BigInt(m.max)
      }
      if (value > 0n)
        await tx.execute(
          sql`select setval(${`public.${ident(s.name)}`}::regclass, ${value.toString()}::bigint, true)`,
        )
    }
  })
  return header
}
