import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb, testConfigFor } from '../../../test/fresh-db.ts'
import { seedIfNeeded } from '../../boot.ts'
import type { Database } from '../db/client.ts'
import { setMeta } from '../db/meta.ts'
import { enqueue, enqueueEmail, enqueueSms } from '../jobs/queue.ts'
import { devTransport } from '../jobs/transports.ts'
import { messageHandlers, Worker } from '../jobs/worker.ts'
import { createLogger } from '../log.ts'
import { type BackupHeader, backupDatabase, restoreDatabase, verifyBackup } from './backup.ts'
import { ident, listTables } from './catalog.ts'

const log = createLogger('silent')
let dir: string
const opened: Database[] = []

async function open(reference = false): Promise<Database> {
  const d = await freshDb({ reference })
  opened.push(d)
  return d
}

/** Every table's rows in PostgreSQL's text form, ordered by primary key. */
async function snapshot(database: Database): Promise<Record<string, (string | null)[][]>> {
  const out: Record<string, (string | null)[][]> = {}
  const tables = await database.db.transaction(async (tx) => listTables(tx))
  for (const t of tables) {
    const cols = t.columns.map((c) => `${ident(c.name)}::text`).join(', ')
    const order = (t.primaryKey.length ? t.primaryKey : t.columns.map((c) => c.name)).map(ident).join(', ')
    const rows = await database.query(`select ${cols} from ${ident(t.name)} order by ${order}`)
    out[t.name] = rows.map((r) => t.columns.map((c) => (r[c.name] as string | null) ?? null))
  }
  return out
}

/** Rewrites a backup's header (to make a file from a "newer" schema, etc.). */
function editHeader(file: string, to: string, edit: (h: BackupHeader) => void) {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n')
  const h = JSON.parse(lines[0] ?? '{}') as BackupHeader
  edit(h)
  lines[0] = JSON.stringify(h)
  writeFileSync(to, gzipSync(lines.join('\n')))
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'gachi-backup-'))
})

afterAll(async () => {
  for (const d of opened) await d.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('backup and restore', () => {
  let source: Database
  let file: string
  let header: BackupHeader

  beforeAll(async () => {
    source = await open(true)
    await seedIfNeeded(source, testConfigFor(source, { GACHI_MODE: 'demo' }), log)
    await enqueueSms(
      source.db,
      {
        to: '01012345678',
        body: '안녕하세요 "따옴표" \\ 역슬래시\n줄바꿈 😀 EDU-0000-0001',
        reference: 'EDU-0000-0001',
      },
      { dedupeKey: 'sms-1' },
    )
    await enqueueEmail(source.db, { to: 'a@example.org', subject: '제목', body: '본문', reference: null })
    await enqueue(source.db, 'test.nested', {
      a: [1, 2.5, null, { b: 'ü' }],
      big: '9007199254740993',
      none: null,
    })
    await enqueue(source.db, 'test.unknown', {}, { maxAttempts: 1 })
    const worker = new Worker(
      source.db,
      messageHandlers,
      [],
      { sms: devTransport(source.db, 'sms'), email: devTransport(source.db, 'email') },
      log,
    )
    await worker.drain()
    await setMeta(source.db, 'odd text', 'tab\there, quote \' and "double", NUL-free unicode 같이')
    file = join(dir, 'round-trip.gachi.gz')
    header = await backupDatabase(source, file)
  })

  it('writes one complete file with the schema level and every table', async () => {
    expect(header.migration.count).toBeGreaterThan(0)
    expect(header.migration.hash).toMatch(/^[0-9a-f]{64}$/)
    const tables = await source.db.transaction(async (tx) => listTables(tx))
    expect(header.tables.map((t) => t.name).sort()).toEqual(tables.map((t) => t.name).sort())
    expect(header.tables.find((t) => t.name === 'jobs')?.rows).toBe(4)
    expect(header.tables.find((t) => t.name === 'dev_messages')?.rows).toBe(2)
    // referenced tables come before the tables that reference them
    const at = (n: string) => header.tables.findIndex((t) => t.name === n)
    expect(at('organisations')).toBeLessThan(at('staff_users'))
    expect(at('staff_users')).toBeLessThan(at('sessions'))
    expect(at('districts')).toBeLessThan(at('places'))
    await expect(verifyBackup(file)).resolves.toMatchObject({ version: 1 })
  })

  it('restores every table row for row into an empty database, and sequences continue', async () => {
    const target = await open()
    const progress: string[] = []
    await restoreDatabase(target, file, { progress: (m) => progress.push(m) })
    expect(progress.some((m) => m.startsWith('jobs: 4 rows'))).toBe(true)
    const [before, after] = [await snapshot(source), await snapshot(target)]
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort())
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t])
    expect(before.staff_users?.length).toBeGreaterThan(0)
    expect(before.districts?.length).toBeGreaterThan(0)

    const [max] = await target.query<{ max: string }>('select max(id)::text as max from jobs')
    const id = await enqueue(target.db, 'test.after-restore', {})
    expect(id).toBeGreaterThan(Number(max?.max))
    const [dm] = await target.query<{ max: string }>('select max(id)::text as max from dev_messages')
    const [row] = await target.query<{ id: string }>(
      `insert into dev_messages (job_id, channel, recipient, body) values (999999, 'sms', '010', 'x') returning id::text as id`,
    )
    expect(Number(row?.id)).toBeGreaterThan(Number(dm?.max))
  })

  it('refuses a database that already has data', async () => {
    await expect(restoreDatabase(source, file)).rejects.toThrow(/needs an empty database.*jobs/)
  })

  it('refuses a backup from a newer schema', async () => {
    const newer = join(dir, 'newer.gachi.gz')
    editHeader(file, newer, (h) => {
      h.migration.createdAt += 86_400_000
      h.migration.count += 1
    })
    const target = await open()
    await expect(restoreDatabase(target, newer)).rejects.toThrow(/newer version of Gachi/)
    const [n] = await target.query<{ n: number }>('select count(*)::int as n from jobs')
    expect(n?.n).toBe(0)
  })

  it('refuses a truncated or foreign file', async () => {
    const lines = gunzipSync(readFileSync(file)).toString('utf8').trimEnd().split('\n')
    const cut = join(dir, 'cut.gachi.gz')
    writeFileSync(cut, gzipSync(lines.slice(0, -1).join('\n')))
    const target = await open()
    await expect(restoreDatabase(target, cut)).rejects.toThrow(/incomplete/)
    const plain = join(dir, 'plain.txt')
    writeFileSync(plain, 'hello')
    await expect(restoreDatabase(target, plain)).rejects.toThrow(/not a Gachi backup/)
    await expect(restoreDatabase(target, join(dir, 'missing.gz'))).rejects.toThrow(/does not exist/)
  })
})

describe('column types and foreign keys a future domain may use', () => {
  const ddl = `
    create table kinds (
      id integer generated always as identity primary key,
      at_tz timestamptz, at_plain timestamp(3), day date, span interval,
      small smallint, big bigint, amount numeric(20, 6), ratio double precision, real4 real,
      flag boolean, blob bytea, doc jsonb, raw json, tags text[], uid uuid, addr inet,
      doubled bigint generated always as (big * 2) stored
    );
    create table tree (
      id bigserial primary key,
      parent_id bigint references tree(id),
      kind_id integer references kinds(id)
    );
    create table a (id integer primary key, b_id integer);
    create table b (id integer primary key, a_id integer references a(id));
    alter table a add constraint a_b_fk foreign key (b_id) references b(id);
    create sequence receipt_no start 1000;
  `

  it('keeps every value exactly, loads self-references and cycles, and restores free sequences', async () => {
    const source = await open()
    const target = await open()
    for (const statement of ddl.split(';').filter((s) => s.trim())) {
      await source.query(statement)
      await target.query(statement)
    }
    await source.query(`insert into kinds (at_tz, at_plain, day, span, small, big, amount, ratio, real4, flag, blob, doc, raw, tags, uid, addr)
      values ('2026-11-23 10:11:12.345678+09', '2026-01-02 03:04:05.678', '2026-02-28', '1 day 02:03:04.5',
              -32768, 9007199254740993, 12345678901234.123456, 0.1, 3.4028235e38, true, '\\x00ff10',
              '{"a": [1, 2.50, null], "k": "값"}', '{"keep":  "spacing"}', '{"a,b","c\\"d",null}',
              'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '192.168.0.1/24'),
             (null, null, null, null, null, null, null, 'NaN', '-Infinity', false, '\\x', 'null', 'null', '{}', null, null),
             (null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null)`)
    await source.query('delete from kinds where id = 3') // the identity moved past 3; restore must keep it there
    // the child row has the lower id: a plain id order would insert it before its parent
    await source.query('insert into tree (id, parent_id, kind_id) values (1, null, 1), (2, null, 2)')
    await source.query('update tree set parent_id = 2 where id = 1')
    await source.query(`select setval('tree_id_seq', 2)`)
    await source.query('insert into tree (parent_id) values (1)') // id 3, from the sequence
    await source.query('insert into a (id, b_id) values (1, null)')
    await source.query('insert into b (id, a_id) values (1, 1)')
    await source.query('update a set b_id = 1 where id = 1')
    await source.query(`select nextval('receipt_no'), nextval('receipt_no')`)

    const file = join(dir, 'types.gachi.gz')
    await backupDatabase(source, file, { batchRows: 2 })
    await restoreDatabase(target, file, { batchRows: 2 })
    const [before, after] = [await snapshot(source), await snapshot(target)]
    for (const t of Object.keys(before)) expect(after[t], t).toEqual(before[t])
    expect(after.kinds?.[0]).toContain('9007199254740993')
    expect(after.kinds?.[0]).toContain('12345678901234.123456')
    expect(after.kinds?.[0]).toContain('\\x00ff10')

    // sequences continue where the source left them (not only past max(id))
    const [k] = await target.query<{ id: number }>('insert into kinds default values returning id')
    expect(k?.id).toBe(4)
    const [r] = await target.query<{ n: string }>(`select nextval('receipt_no')::text as n`)
    expect(r?.n).toBe('1002')
    const [tr] = await target.query<{ id: string }>(
      'insert into tree (parent_id) values (null) returning id::text as id',
    )
    expect(tr?.id).toBe('4')
    // the cycle's and self-reference's constraints are back and enforced
    await expect(target.query('insert into tree (parent_id) values (12345)')).rejects.toThrow()
    await expect(target.query('update a set b_id = 777 where id = 1')).rejects.toThrow()
  })
})
