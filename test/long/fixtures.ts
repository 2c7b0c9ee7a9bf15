/**
 * A database for the long tests that a real server process will open: an on-disk PGlite folder or a new
 * PostgreSQL database, migrated, with reference data (production mode: no demo data) and what a write storm
 * needs — an admin API token, verified citizens with sessions, sessions to enrol in, a donor and devices.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { openConfiguredDatabase, seedIfNeeded } from '../../src/boot.ts'
import { loadConfig } from '../../src/config.ts'
import { deviceEvents, devices, donors } from '../../src/domains/devices/tables.ts'
import { isHoliday } from '../../src/domains/education/calendar.ts'
import { CourseInput, SessionInput } from '../../src/domains/education/schema.ts'
import { createCourse, createSession } from '../../src/domains/education/service.ts'
import { createToken } from '../../src/domains/identity/service.ts'
import { staffUsers } from '../../src/domains/identity/tables.ts'
import { persons } from '../../src/domains/people/tables.ts'
import { createSession as createWebSession } from '../../src/platform/auth/session.ts'
import { keyringFromConfig, useKeyring } from '../../src/platform/crypto/fields.ts'
import type { Database } from '../../src/platform/db/client.ts'
import { createLogger } from '../../src/platform/log.ts'

export type Engine = 'pglite' | 'postgres'

export interface LongFixture {
  engine: Engine
  /** The server's environment (database, mode, keys). */
  env: Record<string, string>
  /** Opens the database in this process (for PGlite only while no server runs). */
  open(): Promise<Database>
  token: string
  /** Citizen session ids (cookie gachi_sid), one per person. */
  citizens: string[]
  sessions: { id: string; capacity: number }[]
  donorId: string
  deviceIds: string[]
  dispose(): Promise<void>
}

/** The PostgreSQL server of the long tests: DATABASE_URL (CI's second run and test:long), else none. */
export const LONG_PG_URL = process.env.DATABASE_URL || undefined

export async function makeFixture(
  engine: Engine,
  counts: { citizens: number; sessions: number; capacity: number; devices: number },
): Promise<LongFixture> {
  const key = `k1:${randomBytes(32).toString('base64')}`
  let env: Record<string, string>
  let dir: string | null = null
  let dbName: string | null = null
  if (engine === 'pglite') {
    dir = mkdtempSync(join(tmpdir(), 'gachi-long-'))
    env = { GACHI_DATA_DIR: dir }
  } else {
    if (!LONG_PG_URL) throw new Error('PostgreSQL long tests need DATABASE_URL')
    dbName = `gachi_long_${randomBytes(5).toString('hex')}`
    const admin = new pg.Client({ connectionString: LONG_PG_URL })
    await admin.connect()
    await admin.query(`create database ${dbName}`)
    await admin.end()
    const url = new URL(LONG_PG_URL)
    url.pathname = `/${dbName}`
    env = { DATABASE_URL: url.toString() }
  }
  env = {
    ...env,
    GACHI_MODE: 'production',
    GACHI_DATA_KEYS: key,
    GACHI_WORKER: 'off',
    LOG_LEVEL: 'error',
  }
  const config = loadConfig(env)
  useKeyring(keyringFromConfig(config))
  const open = () => openConfiguredDatabase(config)

  const database = await open()
  const now = new Date()
  let result: Omit<LongFixture, 'engine' | 'env' | 'open' | 'dispose'>
  try {
    await database.migrate()
    await seedIfNeeded(database, config, createLogger('silent'))
    const db = database.db
    const [admin] = await db
      .insert(staffUsers)
      .values({ username: 'long-admin', displayName: 'long', role: 'admin', passwordHash: 'x' })
      .returning()
    const { token } = await createToken(
      db,
      'system',
      { name: 'long', role: 'admin', days: 2, staffId: admin!.id },
      now,
    )
    const actor = {
      kind: 'staff' as const,
      id: admin!.id,
      role: 'admin' as const,
      orgId: null,
      name: 'long',
      via: 'session' as const,
      sessionId: null,
    }
    const [place] = await database.query<{ id: string }>('select id from places order by id limit 1')
    const course = await createCourse(
      db,
      actor,
      CourseInput.parse({
        titleKo: '충돌 시험',
        titleEn: 'Crash test',
        whoKo: '누구나',
        whoEn: 'Anyone',
        level: 'basic',
        format: 'class',
        durationMinutes: 60,
      }),
      now,
    )
    const sessions: { id: string; capacity: number }[] = []
    // one session a day from two weeks ahead, on days that are not public holidays (no meeting there)
    let offset = 14
    const nextDay = () => {
      for (;;) {
        const noon = new Date(now.getTime() + offset++ * 86_400_000)
        noon.setUTCHours(3) // 12:00 in Seoul
        if (!isHoliday(noon)) return noon.toISOString().slice(0, 10)
      }
    }
    for (let i = 0; i < counts.sessions; i++) {
      const day = nextDay()
      const plan = await createSession(
        db,
        actor,
        course.id,
        SessionInput.parse({
          placeId: place!.id,
          firstDay: day,
          time: '10:00',
          weekly: false,
          meetings: 1,
          capacity: counts.capacity,
          opensAt: new Date(now.getTime() - 86_400_000).toISOString(),
        }),
        now,
      )
      sessions.push({ id: plan.session.id, capacity: counts.capacity })
    }
    const people = await db
      .insert(persons)
      .values(
        Array.from({ length: counts.citizens }, (_, i) => ({
          name: `시민${i}`,
          createdChannel: 'web' as const,
        })),
      )
      .returning({ id: persons.id })
    const citizens: string[] = []
    for (const p of people) citizens.push(await createWebSession(db, { personId: p.id }, { now }))
    const [donor] = await db.insert(donors).values({ kind: 'company', name: '기증사' }).returning()
    const devs = await db
      .insert(devices)
      .values(
        Array.from({ length: counts.devices }, (_, i) => ({
          assetTag: `D-LONG-${String(i).padStart(5, '0')}`,
          donorId: donor!.id,
          type: 'laptop' as const,
          ageYears: 3,
          status: 'received' as const,
          createdAt: now,
          updatedAt: now,
        })),
      )
      .returning({ id: devices.id })
    await db
      .insert(deviceEvents)
      .values(devs.map((d) => ({ deviceId: d.id, fromStatus: null, toStatus: 'received', at: now })))
    await db.execute(sql`select 1`)
    result = {
      token,
      citizens,
      sessions,
      donorId: donor!.id,
      deviceIds: devs.map((d) => d.id),
    }
  } finally {
    await database.close()
  }
  return {
    engine,
    env,
    open,
    ...result,
    async dispose() {
      if (dir) rmSync(dir, { recursive: true, force: true })
      if (dbName && LONG_PG_URL) {
        const a = new pg.Client({ connectionString: LONG_PG_URL })
        await a.connect()
        await a.query(`drop database if exists ${dbName} with (force)`)
        await a.end()
      }
    },
  }
}
