import { sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/node-postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_PG_URL } from '../../../test/fresh-db.ts'
import { BeginAheadClient } from './begin-ahead.ts'

// The client only exists for PostgreSQL servers (PGlite has no round trips); CI's PostgreSQL run covers it.
describe.skipIf(!TEST_PG_URL)('BeginAheadClient (PostgreSQL)', () => {
  let a: BeginAheadClient
  let b: BeginAheadClient
  let answers = 0
  const table = `begin_ahead_${process.pid}_${Date.now()}`

  beforeAll(async () => {
    a = new BeginAheadClient({ connectionString: TEST_PG_URL })
    b = new BeginAheadClient({ connectionString: TEST_PG_URL })
    await a.connect()
    await b.connect()
    // every ReadyForQuery is the end of one round trip
    ;(a as unknown as { connection: { on(e: string, f: () => void): void } }).connection.on(
      'readyForQuery',
      () => answers++,
    )
    await a.query(`create table ${table} (id int primary key, note text)`)
  })
  afterAll(async () => {
    await a.query(`drop table if exists ${table}`)
    await a.end()
    await b.end()
  })

  it('runs BEGIN and the first statement in one round trip, and the transaction really is one', async () => {
    const db = drizzle(a)
    const before = answers
    await db.transaction(async (tx) => {
      await tx.execute(sql`insert into ${sql.raw(table)} (id, note) values (${1}, ${'one'})`)
      // not committed yet: another connection must not see it (it would if BEGIN had not run)
      const seen = await b.query(`select count(*)::int as n from ${table} where id = 1`)
      expect(seen.rows[0].n).toBe(0)
      const own = await tx.execute(sql`select note from ${sql.raw(table)} where id = ${1}`)
      expect(own.rows[0]).toEqual({ note: 'one' })
    })
    // BEGIN+insert, select, COMMIT: three answers where it used to be four
    expect(answers - before).toBe(3)
    const after = await b.query(`select note from ${table} where id = 1`)
    expect(after.rows).toEqual([{ note: 'one' }])
  })

  it('rolls back everything when the work fails, and the connection stays usable', async () => {
    const db = drizzle(a)
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into ${sql.raw(table)} (id, note) values (${2}, ${'two'})`)
        throw new Error('stop')
      }),
    ).rejects.toThrow('stop')
    // the first statement itself fails (duplicate key): the transaction is aborted and rolled back
    await expect(
      db.transaction(async (tx) => {
        await tx.execute(sql`insert into ${sql.raw(table)} (id, note) values (${1}, ${'again'})`)
      }),
    ).rejects.toThrow()
    const rows = await a.query(`select id, note from ${table} order by id`)
    expect(rows.rows).toEqual([{ id: 1, note: 'one' }])
    expect(a.getTransactionStatus()).toBe('I')
  })

  it('sends nothing for an empty transaction and handles a first statement without parameters', async () => {
    const db = drizzle(a)
    const before = answers
    await db.transaction(async () => {})
    expect(answers - before).toBe(0)
    await db.transaction(async (tx) => {
      await tx.execute(sql.raw(`insert into ${table} (id, note) values (3, 'three')`))
      const seen = await b.query(`select count(*)::int as n from ${table} where id = 3`)
      expect(seen.rows[0].n).toBe(0)
    })
    const rows = await b.query(`select count(*)::int as n from ${table} where id = 3`)
    expect(rows.rows[0].n).toBe(1)
    expect(a.getTransactionStatus()).toBe('I')
  })

  it('passes callback-style calls through, BEGIN first', async () => {
    await a.query('begin')
    await new Promise<void>((resolve, reject) =>
      a.query(`insert into ${table} (id, note) values ($1, $2)`, [4, 'four'], (err: Error | null) =>
        err ? reject(err) : resolve(),
      ),
    )
    const seen = await b.query(`select count(*)::int as n from ${table} where id = 4`)
    expect(seen.rows[0].n).toBe(0)
    await a.query('rollback')
    const rows = await a.query(`select count(*)::int as n from ${table} where id = 4`)
    expect(rows.rows[0].n).toBe(0)
  })
})

describe.skipIf(!TEST_PG_URL)('BeginAheadClient prepares long statements once (PostgreSQL)', () => {
  it('a long statement with parameters is a named prepared statement, reused, with and without BEGIN ahead', async () => {
    const c = new BeginAheadClient({ connectionString: TEST_PG_URL })
    await c.connect()
    try {
      // a long statement (a comment makes it long; the many-CTE statements are long by themselves)
      const text = `select $1::int + 1 as n /* ${'x'.repeat(1600)} */`
      expect((await c.query(text, [1])).rows).toEqual([{ n: 2 }])
      await c.query('begin')
      expect((await c.query(text, [2])).rows).toEqual([{ n: 3 }])
      await c.query('commit')
      const prepared = await c.query(
        `select name, statement from pg_prepared_statements where statement like 'select $1::int + 1%'`,
      )
      expect(prepared.rows).toHaveLength(1)
      expect(prepared.rows[0].name).toMatch(/^g_[0-9a-f]{24}$/)
      // a short one stays unnamed
      await c.query('select $1::int as n', [5])
      const all = await c.query('select count(*)::int as n from pg_prepared_statements')
      expect(all.rows[0].n).toBe(1)
    } finally {
      await c.end()
    }
  })
})
