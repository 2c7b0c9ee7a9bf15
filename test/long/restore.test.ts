/**
 * Backup and restore under load (issue #10): while clients enrol citizens and issue receipts through the HTTP
 * API, a backup is taken; it is restored into a fresh database, which must be a consistent moment of the
 * source (every write acknowledged before the backup began is there, seats match their counters, receipt
 * numbers are gap-free and match their counter). Once the load stops, a second backup restored into another
 * fresh database must equal the source table by table, row by row.
 * PGlite, and PostgreSQL too when DATABASE_URL is set.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.ts'
import { backupDatabase, restoreDatabase } from '../../src/platform/backup/backup.ts'
import type { Database } from '../../src/platform/db/client.ts'
import { testApp } from '../app.ts'
import { freshDb } from '../fresh-db.ts'
import { type Engine, LONG_PG_URL, type LongFixture, makeFixture } from './fixtures.ts'

const CLIENTS = 6
const WRITES = Number(process.env.RESTORE_WRITES ?? 150)

async function tableRows(database: Database) {
  const tables = (
    await database.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' order by tablename",
    )
  ).map((r) => r.tablename)
  const out = new Map<string, string>()
  for (const t of tables) {
    const rows = await database.query<{ r: string }>(`select t::text as r from "${t}" t order by 1`)
    out.set(t, rows.map((r) => r.r).join('\n'))
  }
  return out
}

async function consistent(database: Database) {
  const seats = await database.query<{ capacity: number; enrolled: number; taken: number }>(
    `select s.capacity, s.taken,
            (select count(*) from edu_enrolments e where e.session_id = s.id and e.status = 'enrolled')::int as enrolled
       from edu_sessions s`,
  )
  for (const s of seats) {
    expect(s.enrolled).toBeLessThanOrEqual(s.capacity)
    expect(s.enrolled).toBe(s.taken)
  }
  const counters = await database.query<{ last: number; n: number; max: number | null }>(
    `select c.last, (select count(distinct number)::int from device_receipts r where r.issuer = c.issuer and r.year = c.year) as n,
            (select max(number) from device_receipts r where r.issuer = c.issuer and r.year = c.year) as max
       from device_receipt_counters c`,
  )
  for (const c of counters) {
    expect(c.n, 'receipt numbers gap-free').toBe(c.last)
    expect(c.max ?? 0).toBe(c.last)
  }
}

const engines: Engine[] = LONG_PG_URL ? ['pglite', 'postgres'] : ['pglite']
for (const engine of engines) {
  describe(`backup and restore under load (${engine})`, () => {
    let f: LongFixture
    let source: Database
    let dir: string
    let server: ReturnType<typeof serve>
    let base = ''
    beforeAll(async () => {
      f = await makeFixture(engine, { citizens: WRITES, sessions: 3, capacity: 20, devices: 1 })
      source = await f.open()
      const { app } = testApp(source, {
        config: loadConfig({ ...f.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' }),
      })
      server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
      await new Promise((r) => server.once('listening', r))
      base = `http://127.0.0.1:${(server.address() as { port: number }).port}`
      dir = mkdtempSync(join(tmpdir(), 'gachi-restore-'))
    }, 300_000)
    afterAll(async () => {
      server?.close()
      await source?.close()
      await f?.dispose()
      if (dir) rmSync(dir, { recursive: true, force: true })
    })

    it('restores a consistent snapshot taken under load, and an exact copy once quiet', async () => {
      const acked: { kind: 'enrolment' | 'receipt'; id: string; at: number }[] = []
      let next = 0
      let citizen = 0
      let backupDone = false
      const client = async (c: number) => {
        for (;;) {
          const i = next++
          if (i >= WRITES && backupDone) return
          if (i % 2 === 0 && citizen < f.citizens.length) {
            const sid = f.citizens[citizen++]!
            const res = await fetch(`${base}/api/v1/sessions/${f.sessions[i % 3]!.id}/enrolments`, {
              method: 'POST',
              headers: {
                cookie: `gachi_sid=${sid}; gachi_csrf=r`,
                'x-csrf-token': 'r',
                origin: base,
                'content-type': 'application/json',
              },
              body: '{}',
            })
            expect(res.status, await res.clone().text()).toBe(201)
            acked.push({
              kind: 'enrolment',
              id: ((await res.json()) as { id: string }).id,
              at: performance.now(),
            })
          } else {
            const res = await fetch(`${base}/api/v1/receipts`, {
              method: 'POST',
              headers: { authorization: `Bearer ${f.token}`, 'content-type': 'application/json' },
              body: JSON.stringify({
                donorId: f.donorId,
                kind: 'money',
                amountKrw: 1000 + c,
                idempotencyKey: `b-${i}`,
              }),
            })
            expect(res.status, await res.clone().text()).toBe(201)
            acked.push({
              kind: 'receipt',
              id: ((await res.json()) as { id: string }).id,
              at: performance.now(),
            })
          }
        }
      }
      const load = Promise.all(Array.from({ length: CLIENTS }, (_, c) => client(c)))
      // take the backup once the load is under way
      while (acked.length < WRITES / 4) await new Promise((r) => setTimeout(r, 20))
      const started = performance.now()
      await backupDatabase(source, join(dir, 'under-load.gz'))
      backupDone = true
      await load
      expect(
        acked.some((a) => a.at > started),
        'writes were acknowledged while the backup ran',
      ).toBe(true)

      const restored = await freshDb()
      try {
        await restoreDatabase(restored, join(dir, 'under-load.gz'))
        await consistent(restored)
        const enrolments = new Set(
          (await restored.query<{ id: string }>('select id from edu_enrolments')).map((r) => r.id),
        )
        const receipts = new Set(
          (await restored.query<{ id: string }>('select id from device_receipts')).map((r) => r.id),
        )
        for (const a of acked.filter((x) => x.at < started))
          expect((a.kind === 'enrolment' ? enrolments : receipts).has(a.id), `${a.kind} ${a.id}`).toBe(true)
      } finally {
        await restored.close()
      }

      await backupDatabase(source, join(dir, 'quiet.gz'))
      const copy = await freshDb()
      try {
        await restoreDatabase(copy, join(dir, 'quiet.gz'))
        await consistent(copy)
        const [a, b] = [await tableRows(source), await tableRows(copy)]
        expect([...b.keys()]).toEqual([...a.keys()])
        for (const [t, rows] of a) expect(b.get(t), `table ${t} restored exactly`).toBe(rows)
      } finally {
        await copy.close()
      }
    })
  })
}
