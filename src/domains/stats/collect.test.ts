import { readdirSync, readFileSync } from 'node:fs'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { applications } from '../devices/tables.ts'
import { guideAssists } from '../guides/tables.ts'
import { askQuestion, citizenReply, replyToTicket } from '../helpdesk/service.ts'
import { resolvedWithinSla } from '../helpdesk/sla.ts'
import { sealIdentity } from '../people/present.ts'
import { persons } from '../people/tables.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { OVERLAP_MS } from './collect.ts'
import * as repo from './repo.ts'
import { collectAndRefresh, dashboard, publicStats, recordStatEvent, setTarget } from './service.ts'
import { registerStatSource, type StatCursor } from './sources.ts'

let database: Database
beforeAll(async () => {
  database = await freshDb({ reference: true })
  testApp(database) // registers every domain's statistics sources
})
afterAll(() => database.close())

const MIN = 60_000
const DAY = 24 * 60 * MIN
const eventOf = async (key: string) =>
  (
    (await database.db.execute(
      sql`select grp, disability, low_income, district_code from stat_events where source_key = ${key}`,
    )) as unknown as {
      rows: { grp: string; disability: boolean; low_income: boolean; district_code: string }[]
    }
  ).rows[0]

async function person(name: string, birthDate: string, phone: string) {
  const [p] = await database.db
    .insert(persons)
    .values({ ...sealIdentity({ name, birthDate, phone }), districtCode: '11110', createdChannel: 'web' })
    .returning()
  return p!
}

describe('groups', () => {
  it("puts an event in the person's age group and the disability / low-income groups stated on an application; public cells under 5 withheld", async () => {
    const db = database.db
    const p = await person('통계님', '1950-05-05', '01077770001')
    await db.insert(applications).values({
      applicantKind: 'citizen',
      personId: p.id,
      deviceType: 'tablet',
      districtCode: '11110',
      criteria: { disabled: true, basicLivelihood: true },
      eligible: true,
      explanation: [],
      score: 50,
      createdAt: new Date(),
    })
    const younger = await person('젊은님', '1990-01-01', '01077770002')
    await db.insert(applications).values({
      applicantKind: 'citizen',
      personId: younger.id,
      deviceType: 'laptop',
      districtCode: '11140',
      criteria: { nearPoverty: true },
      eligible: true,
      explanation: [],
      score: 20,
      createdAt: new Date(),
    })
    await collectAndRefresh(db, new Date())
    expect(await eventOf(`reach:${p.id}`)).toEqual({
      grp: 'senior',
      disability: true,
      low_income: true,
      district_code: '11110', // the person's district (the fact has none)
    })
    expect(await eventOf(`reach:${younger.id}`)).toMatchObject({
      grp: 'adult',
      disability: false,
      low_income: true,
    })

    const year = new Date(Date.now() + 9 * 3_600_000).getUTCFullYear()
    const f = { from: `${year}-01-01`, to: `${year + 1}-01-01` }
    const groups = await repo.cut(db, f, 'group')
    const n = (key: string) => groups.find((g) => g.key === key && g.kind === 'person_reached')?.n
    expect([n('senior'), n('adult'), n('disability'), n('low_income')]).toEqual([1, 1, 1, 2])
    // the rollup's group filter equals the raw events
    for (const grp of ['disability', 'low_income', 'senior'])
      expect(await repo.totals(db, { ...f, grp })).toEqual(await repo.rawTotals(db, { ...f, grp }))

    // published: 1 and 2 people are withheld; 6 are shown
    let s = await publicStats(db, year)
    expect(s.groups.find((g) => g.group === 'disability')?.person_reached).toBeNull()
    expect(s.groups.find((g) => g.group === 'low_income')?.person_reached).toBeNull()
    for (let i = 0; i < 5; i++)
      await recordStatEvent(db, { kind: 'person_reached', at: new Date(), disability: true, grp: 'senior' })
    await collectAndRefresh(db, new Date())
    s = await publicStats(db, year)
    expect(s.groups.find((g) => g.group === 'disability')?.person_reached).toBe(6)
    expect(s.groups.find((g) => g.group === 'low_income')?.person_reached).toBeNull()

    // the staff dashboard filters by the new groups
    const analyst = await makeStaff(db, 'analyst', null)
    const d = await dashboard(db, analyst.actor, { year, grp: 'disability' })
    expect(d.kpis.find((k) => k.kind === 'person_reached')?.n).toBe(6)
  })
})

describe('collection', () => {
  it('reads each source from its own cursor, never from the start again', async () => {
    const db = database.db
    const seen: StatCursor[] = []
    const base = Date.now()
    const rows = [0, 1, 2].map((i) => ({ key: `test:${i}`, at: new Date(base + i * 20 * MIN) }))
    const unregister = registerStatSource({
      name: 'test.cursor',
      read: async (_db, after, limit) => {
        seen.push(after)
        const next = rows.filter((r) => r.at > after.at || (+r.at === +after.at && r.key > after.key))
        const take = next.slice(0, limit)
        const last = take.at(-1)
        return {
          rows: take.length,
          next: last ? { at: last.at, key: last.key } : null,
          facts: take.map((r) => ({ key: r.key, kind: 'assist' as const, at: r.at })),
        }
      },
    })
    try {
      const first = await collectAndRefresh(db, new Date(), 2)
      expect(first.bySource['test.cursor']).toBe(3)
      // batches of 2: from the start, then after the second row
      expect(seen[0]?.at.getFullYear()).toBe(2000)
      expect(seen[1]).toEqual({ at: rows[1]!.at, key: 'test:1' })
      // caught up: the cursor goes back by the overlap from the newest row, not to the start
      const saved = await repo.sourceCursor(db, 'test.cursor')
      expect(saved?.at.getTime()).toBe(rows[2]!.at.getTime() - OVERLAP_MS)
      seen.length = 0
      const again = await collectAndRefresh(db, new Date(), 2)
      expect(again.bySource['test.cursor']).toBe(0) // the overlap is read again but not counted twice
      expect(seen[0]?.at.getTime()).toBe(rows[2]!.at.getTime() - OVERLAP_MS)
    } finally {
      unregister()
    }
  })
})

describe('sources read through the owning domains', () => {
  it("finds an assist synced late from a guide's queue by the time it was written, and reads on from a cursor saved before the sources moved to the domains", async () => {
    const db = database.db
    const guide = await makeStaff(db, 'digital_guide', null)
    await collectAndRefresh(db, new Date()) // every source caught up
    const written = new Date(Date.now() + 60_000)
    const happened = new Date(written.getTime() - 3 * DAY) // long before every cursor
    const [a] = await db
      .insert(guideAssists)
      .values({
        // sorts before 'assist:…' as text: without reading a legacy key from its time's start, it is skipped
        id: '0a000000-0000-4000-8000-000000000001',
        idemKey: 'late-sync-1',
        staffId: guide.id,
        siteId: 'site-x',
        labelKo: '역 앞',
        labelEn: 'Station',
        districtCode: '11140',
        what: 'kiosk',
        outcome: 'solved',
        minutes: 5,
        occurredAt: happened,
        createdAt: written,
      })
      .returning()
    // a cursor written by the old collector (its key was the fact key) at exactly the assist's time
    await repo.saveSourceCursor(db, 'guides.assists', { at: written, key: 'assist:ffff' }, new Date())
    const r = await collectAndRefresh(db, new Date())
    expect(r.bySource['guides.assists']).toBe(1)
    const e = (
      (await db.execute(
        sql`select at, district_code from stat_events where source_key = ${`assist:${a!.id}`}`,
      )) as unknown as { rows: { at: string | Date; district_code: string }[] }
    ).rows[0]
    expect(new Date(e!.at).getTime()).toBe(happened.getTime()) // counted in the month it happened
    expect(e!.district_code).toBe('11140')
    expect((await collectAndRefresh(db, new Date())).bySource['guides.assists']).toBe(0)
  })

  it('the stats domain has no SQL over the devices, education or guides tables (their services hand the facts over)', () => {
    const dir = new URL('.', import.meta.url)
    for (const f of readdirSync(dir).filter((x) => /\.tsx?$/.test(x) && !x.includes('.test.')))
      expect(readFileSync(new URL(f, dir), 'utf8'), f).not.toMatch(
        /\b(device_(pledges|events|allocations|applications)|edu_(attendance|enrolments|sessions|certificates)|guide_assists)\b|from '\.\.\/(devices|education|guides)\/(repo|tables)\.ts'/,
      )
  })
})

describe('SLA from the help desk', () => {
  it('does not count time waiting on the citizen: a paused ticket resolved after its first due time is within SLA', async () => {
    const db = database.db
    const agent = await makeStaff(db, 'helpdesk_agent', null)
    const ask = async (phone: string, at: Date) => {
      const p = await person(`문의${phone.slice(-2)}`, '1948-02-02', phone)
      const citizen = { kind: 'citizen' as const, personId: p.id, sessionId: 's' }
      const t = await askQuestion(
        db,
        citizen,
        { category: 'phone_basics', question: '카톡 사진 보내는 법', replyChannel: 'web', email: undefined },
        undefined,
        { ip: null, now: at, locale: 'ko' },
      )
      return { t, citizen }
    }
    const reply = (id: string, after: 'waiting_citizen' | 'resolved', at: Date) =>
      replyToTicket(
        db,
        agent.actor,
        id,
        { body: '이렇게 해 보세요', kind: 'reply', after },
        { ip: null, now: at },
      )
    const t0 = new Date()
    const paused = await ask('01077770011', t0)
    const plain = await ask('01077770012', t0)
    // the paused ticket waits a week on the citizen; both are resolved a week and a bit later
    await reply(paused.t.id, 'waiting_citizen', new Date(t0.getTime() + MIN))
    const back = new Date(t0.getTime() + 7 * DAY)
    await citizenReply(db, paused.citizen, paused.t.id, '아직 안 돼요', back)
    const done = new Date(back.getTime() + 5 * MIN)
    expect(done.getTime()).toBeGreaterThan(paused.t.resolutionDue.getTime()) // after the first due time
    await reply(paused.t.id, 'resolved', done)
    await reply(plain.t.id, 'resolved', done)

    await collectAndRefresh(db, new Date())
    expect(await eventOf(`tk_res:${paused.t.id}`)).toBeDefined()
    expect(await eventOf(`tk_res:${plain.t.id}`)).toBeDefined()
    expect(await eventOf(`tk_sla:${paused.t.id}`)).toBeDefined() // paused week not counted
    expect(await eventOf(`tk_sla:${plain.t.id}`)).toBeUndefined() // late
    // a ticket resolved while still marked paused: judged with its due time moved on
    const due = new Date('2026-12-07T09:00:00Z')
    expect(
      resolvedWithinSla({
        resolvedAt: new Date('2026-12-10T09:00:00Z'),
        resolutionDue: due,
        pausedAt: new Date('2026-12-07T08:00:00Z'),
      }),
    ).toBe(true)
    expect(
      resolvedWithinSla({ resolvedAt: new Date('2026-12-10T09:00:00Z'), resolutionDue: due, pausedAt: null }),
    ).toBe(false)
  })
})

describe('targets', () => {
  it('holds yearly, quarterly and monthly targets and one for seniors reached per 1,000', async () => {
    const db = database.db
    const Y = 2023
    const manager = await makeStaff(db, 'programme_manager', null)
    const at = (m: number) => new Date(Date.UTC(Y, m - 1, 15))
    await recordStatEvent(db, { kind: 'device_delivered', at: at(2), districtCode: '11110', value: 30 })
    await recordStatEvent(db, { kind: 'device_delivered', at: at(5), districtCode: '11110', value: 10 })
    for (let i = 0; i < 8; i++)
      await recordStatEvent(db, { kind: 'person_reached', at: at(3), districtCode: '11110', grp: 'senior' })
    await collectAndRefresh(db, new Date())
    const now = new Date()
    await setTarget(db, manager.actor, { kind: 'device_delivered', year: Y, target: 100 }, now)
    await setTarget(db, manager.actor, { kind: 'device_delivered', year: Y, period: 'q1', target: 40 }, now)
    await setTarget(db, manager.actor, { kind: 'device_delivered', year: Y, period: 'm05', target: 20 }, now)
    await setTarget(db, manager.actor, { kind: 'reach_per_1000', year: Y, period: 'q1', target: 1 }, now)
    await expect(
      setTarget(db, manager.actor, { kind: 'device_delivered', year: Y, period: 'q5', target: 1 }, now),
    ).rejects.toMatchObject({ code: 'validation' })
    const d = await dashboard(db, manager.actor, { year: Y })
    expect(d.kpis.find((k) => k.kind === 'device_delivered')).toMatchObject({ n: 40, target: 100 })
    expect(d.periodTargets.map((t) => [t.kind, t.period, t.n, t.target])).toEqual([
      ['device_delivered', 'q1', 30, 40],
      ['device_delivered', 'm05', 10, 20],
      ['reach_per_1000', 'q1', d.reachPer1000.n, 1],
    ])
    const seniors = d.districts.reduce((s, x) => s + (x.population_65 ?? 0), 0)
    expect(d.reachPer1000.n).toBeCloseTo((8 / seniors) * 1000, 2)
  })
})
