import { afterEach, describe, expect, it } from 'vitest'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../db/client.ts'
import { type AccessEntry, logAccess, purgeAccessLog, verifyAccessLog } from './access-log.ts'
import { accessReview, isAfterHours } from './review.ts'
import { audit } from './trail.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})

const entry = (over: Partial<AccessEntry> = {}): AccessEntry => ({
  staffId: null,
  ip: '10.0.0.1',
  personId: '00000000-0000-4000-8000-000000000001',
  action: 'view',
  at: new Date('2026-11-23T02:00:00Z'),
  ...over,
})

describe('access log', () => {
  it('chains rows and verifies; an empty log is valid', async () => {
    database = await freshDb()
    const db = database.db
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, count: 0 })
    await logAccess(db, entry())
    await logAccess(db, [
      entry({ action: 'search', detail: { b: 1, a: [1, 'x'] } }),
      entry({ action: 'export', reason: '열람 요청' }),
    ])
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, count: 3, headSeq: 3 })
  })

  it('refuses UPDATE and DELETE from the app (trigger)', async () => {
    database = await freshDb()
    await logAccess(database.db, entry())
    await expect(database.query(`update access_log set ip = '1.1.1.1'`)).rejects.toThrow(/append-only/)
    await expect(database.query('delete from access_log')).rejects.toThrow(/append-only/)
    await expect(database.query('truncate access_log')).rejects.toThrow(/append-only/)
    await audit(database.db, 'system', { entity: 'x', entityId: '1', action: 'y', at: new Date() })
    await expect(database.query('delete from audit_trail')).rejects.toThrow(/append-only/)
  })

  it('detects a changed row, a deleted row and a cut-off end', async () => {
    database = await freshDb()
    const db = database.db
    for (let i = 0; i < 5; i++) await logAccess(db, entry({ ip: `10.0.0.${i}` }))
    // an attacker with database access bypasses the trigger
    await database.query('alter table access_log disable trigger access_log_append_only')
    await database.query(`update access_log set ip = '6.6.6.6' where seq = 3`)
    expect(await verifyAccessLog(db)).toMatchObject({ ok: false, brokenAt: 3, reason: 'the row was changed' })
    await database.query(`update access_log set ip = '10.0.0.2' where seq = 3`)
    expect((await verifyAccessLog(db)).ok).toBe(true)
    await database.query('delete from access_log where seq = 2')
    expect(await verifyAccessLog(db)).toMatchObject({ ok: false, brokenAt: 2 })
    await database.query(
      `insert into access_log select 2, at, staff_id, ip, person_id, action, reason, detail, prev_hash, hash from access_log where seq = 1`,
    )
    expect((await verifyAccessLog(db)).ok).toBe(false)
    await database.query('delete from access_log where seq = 2')
    await database.query('delete from access_log where seq = 5')
    await database.query('alter table access_log enable trigger access_log_append_only')
    expect((await verifyAccessLog(db)).ok).toBe(false)
  })

  it('retention purge moves the chain base and the rest still verifies', async () => {
    database = await freshDb()
    const db = database.db
    await logAccess(db, entry({ at: new Date('2024-01-01T00:00:00Z') }))
    await logAccess(db, entry({ at: new Date('2024-02-01T00:00:00Z') }))
    await logAccess(db, entry({ at: new Date('2026-11-01T00:00:00Z') }))
    expect(await purgeAccessLog(db, new Date('2025-01-01T00:00:00Z'))).toBe(2)
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, count: 1, headSeq: 3 })
    await logAccess(db, entry())
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, count: 2 })
  })

  it('concurrent appends keep one linear chain', async () => {
    database = await freshDb()
    const db = database.db
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        db.transaction(async (tx) => {
          await logAccess(tx, [entry({ ip: `10.1.0.${i}` }), entry({ ip: `10.2.0.${i}`, action: 'search' })])
        }),
      ),
    )
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, count: 80, headSeq: 80 })
  })

  it('an open transaction holding a lane does not make other appends wait: they use the next lane; every lane verifies', async () => {
    database = await freshDb()
    const db = database.db
    if (database.kind !== 'postgres') return // PGlite runs one transaction at a time
    let release!: () => void
    const held = new Promise<void>((r) => {
      release = r
    })
    let appended!: () => void
    const inLane = new Promise<void>((r) => {
      appended = r
    })
    const open = db.transaction(async (tx) => {
      await logAccess(tx, entry({ ip: '10.9.0.1' }))
      appended()
      await held
    })
    await inLane
    await logAccess(db, entry({ ip: '10.9.0.2', detail: { 한글: '값', n: 1 } })) // does not wait for `open`
    await logAccess(db, [entry({ ip: '10.9.0.3' }), entry({ ip: '10.9.0.4', reason: '요청' })])
    release()
    await open
    expect(
      await database.query('select lane, count(*)::int as n from access_log group by lane order by lane'),
    ).toEqual([
      { lane: 1, n: 1 },
      { lane: 2, n: 3 },
    ])
    expect(await verifyAccessLog(db)).toMatchObject({ ok: true, count: 4, headSeq: 4 })
    await database.query('alter table access_log disable trigger access_log_append_only')
    await database.query(`update access_log set ip = '6.6.6.6' where lane = 2 and seq = 2`)
    expect(await verifyAccessLog(db)).toMatchObject({
      ok: false,
      lane: 2,
      brokenAt: 2,
      reason: 'the row was changed',
    })
  })

  it('the monthly review flags after-hours access and lists exports (KST)', async () => {
    database = await freshDb()
    const db = database.db
    const staffId = null
    // 2026-11-23 is a Monday. 02:00Z = 11:00 KST (in hours); 13:00Z = 22:00 KST (after hours)
    await logAccess(db, entry({ staffId, at: new Date('2026-11-23T02:00:00Z') }))
    await logAccess(db, entry({ staffId, at: new Date('2026-11-23T13:00:00Z') }))
    await logAccess(db, entry({ staffId, at: new Date('2026-11-22T02:00:00Z') })) // Sunday
    await logAccess(
      db,
      entry({ staffId, action: 'export', reason: '본인 요청', at: new Date('2026-11-24T01:00:00Z') }),
    )
    await logAccess(db, entry({ staffId, at: new Date('2026-10-31T16:00:00Z') })) // 1 Nov 01:00 KST
    const r = await accessReview(db, '2026-11')
    expect(r.staff[0]).toMatchObject({ total: 5, afterHours: 3, exports: 1 })
    expect(r.afterHours).toHaveLength(3)
    expect(r.exports.map((x) => x.reason)).toEqual(['본인 요청'])
    expect(isAfterHours(new Date('2026-11-23T02:00:00Z'))).toBe(false)
    expect(isAfterHours(new Date('2026-11-23T11:30:00Z'))).toBe(true)
  })
})
