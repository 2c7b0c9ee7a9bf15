import { eq } from 'drizzle-orm'
import highsLoader from 'highs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database } from '../../platform/db/client.ts'
import { helpTickets } from '../helpdesk/tables.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { CampaignInput } from '../voice/schema.ts'
import { campaignResults, closeCampaign, openCampaign } from '../voice/service.ts'
import { kioskReports } from '../voice/tables.ts'
import {
  coverage,
  eligibility,
  evaluate,
  greedyPlan,
  type HighsLike,
  type Placement,
  type PlanInput,
  solvePlan,
} from './optimise.ts'
import * as repo from './repo.ts'
import { AssistInput, FieldAnswerInput } from './schema.ts'
import {
  addRule,
  answerInField,
  checkOut,
  createTeam,
  heatmap,
  logAssist,
  mySchedule,
  publishPlan,
  runPlan,
  saveSettings,
  shiftOf,
  weeklyReport,
} from './service.ts'
import { guideAssignments, guideAssists } from './tables.ts'

const kst = (s: string) => new Date(`${s}+09:00`)
let highs: HighsLike
beforeAll(async () => {
  highs = (await highsLoader()) as unknown as HighsLike
})

// ── the optimiser on small instances ─────────────────────────────────────────────────────────

/** A small instance: two districts side by side, a row of sites and demand points along a street. */
function small(extra: Partial<PlanInput> = {}): PlanInput {
  const sites = Array.from({ length: 12 }, (_, j) => ({
    id: `s${j}`,
    lat: 37.5,
    lon: 127 + j * 0.006,
    district: j < 6 ? 'A' : 'B',
  }))
  const demand = Array.from({ length: 60 }, (_, i) => ({
    lat: 37.5 + ((i % 3) - 1) * 0.001,
    lon: 127 + (i / 60) * 0.072,
    w: 1 + ((i * 7) % 11),
  }))
  return {
    sites,
    demand,
    teams: [
      { id: 'tA1', home: 'A', shifts: ['mon-am', 'mon-pm'] },
      { id: 'tA2', home: 'A', shifts: ['mon-am'] },
      { id: 'tB1', home: 'B', shifts: ['mon-am', 'mon-pm'] },
    ],
    shifts: ['mon-am', 'mon-pm'],
    districts: { A: { lat: 37.5, lon: 127.015 }, B: { lat: 37.5, lon: 127.05 } },
    walkM: 400,
    travelKm: 1,
    minPerDistrict: 1,
    timeLimitS: 10,
    ...extra,
  }
}

/** The best plan by trying every placement (tiny instances only). */
function bruteForce(input: PlanInput): number {
  const cov = coverage(input.sites, input.demand, input.walkM)
  const elig = eligibility(input)
  let total = 0
  for (const shift of input.shifts) {
    const teams = input.teams.filter((t) => t.shifts.includes(shift))
    let best = 0
    const walk = (k: number, used: Set<number>, chosen: Placement[]) => {
      if (k === teams.length) {
        const byDistrict = new Map<string, number>()
        for (const p of chosen) {
          const d = input.sites.find((s) => s.id === p.siteId)!.district
          byDistrict.set(d, (byDistrict.get(d) ?? 0) + 1)
        }
        if (['A', 'B'].some((d) => (byDistrict.get(d) ?? 0) < input.minPerDistrict)) return
        best = Math.max(best, evaluate({ ...input, shifts: [shift] }, chosen, cov).objective)
        return
      }
      for (let j = 0; j < input.sites.length; j++) {
        if (used.has(j) || !elig[j]!.includes(teams[k]!.home)) continue
        used.add(j)
        walk(k + 1, used, [
          ...chosen,
          { teamId: teams[k]!.id, siteId: input.sites[j]!.id, shift, pinned: false, covered: 0 },
        ])
        used.delete(j)
      }
    }
    walk(0, new Set(), [])
    total += best
  }
  return total
}

function checkConstraints(input: PlanInput, placements: Placement[]) {
  const elig = eligibility(input)
  const idx = new Map(input.sites.map((s, j) => [s.id, j]))
  for (const shift of input.shifts) {
    const here = placements.filter((p) => p.shift === shift)
    expect(new Set(here.map((p) => p.siteId)).size).toBe(here.length) // ≤ 1 team per site
    expect(new Set(here.map((p) => p.teamId)).size).toBe(here.length) // a team in one place
    for (const p of here) {
      const t = input.teams.find((x) => x.id === p.teamId)!
      expect(t.shifts).toContain(shift)
      if (!p.pinned) expect(elig[idx.get(p.siteId)!]).toContain(t.home)
    }
    for (const d of Object.keys(input.districts))
      expect(
        here.filter((p) => input.sites[idx.get(p.siteId)!]!.district === d).length,
      ).toBeGreaterThanOrEqual(input.minPerDistrict)
  }
}

describe('deployment optimiser', () => {
  it('the MILP reaches the optimum of a small instance (brute force), never below the greedy', () => {
    const input = small()
    const r = solvePlan(input, highs)
    expect(r.solver).toBe('milp')
    const best = bruteForce(input)
    expect(r.objective).toBeCloseTo(best, 6)
    expect(r.objective).toBeGreaterThanOrEqual(r.greedy.objective - 1e-9)
    expect(r.gap).toBeLessThanOrEqual(0.005)
    checkConstraints(input, r.placements)
  })

  it('finds better than the greedy where greedy is myopic', () => {
    // one big site in the middle covers two clusters partly; two smaller sites cover each cluster fully
    const input: PlanInput = {
      sites: [
        { id: 'mid', lat: 37.5, lon: 127.0045, district: 'A' },
        { id: 'left', lat: 37.5, lon: 127.0, district: 'A' },
        { id: 'right', lat: 37.5, lon: 127.009, district: 'A' },
      ],
      demand: [
        { lat: 37.5, lon: 126.9985, w: 10 },
        { lat: 37.5, lon: 127.0015, w: 10 },
        { lat: 37.5, lon: 127.003, w: 12 },
        { lat: 37.5, lon: 127.006, w: 12 },
        { lat: 37.5, lon: 127.0075, w: 10 },
        { lat: 37.5, lon: 127.0105, w: 10 },
      ],
      teams: [
        { id: 't1', home: 'A', shifts: ['mon-am'] },
        { id: 't2', home: 'A', shifts: ['mon-am'] },
      ],
      shifts: ['mon-am'],
      districts: { A: { lat: 37.5, lon: 127.0045 } },
      walkM: 200,
      travelKm: 2,
      minPerDistrict: 0,
      timeLimitS: 5,
    }
    const greedy = evaluate(input, greedyPlan(input), coverage(input.sites, input.demand, input.walkM))
    const r = solvePlan(input, highs)
    expect(r.objective).toBeCloseTo(bruteForce(input), 6)
    expect(r.objective).toBeGreaterThanOrEqual(greedy.objective)
  })

  it('keeps pins and forbids', () => {
    const input = small({
      pins: [{ teamId: 'tB1', siteId: 's11', shift: 'mon-am' }],
      forbids: [
        { siteId: 's2', shift: null },
        { siteId: 's3', shift: 'mon-pm' },
      ],
    })
    const r = solvePlan(input, highs)
    expect(r.placements).toContainEqual(
      expect.objectContaining({ teamId: 'tB1', siteId: 's11', shift: 'mon-am', pinned: true }),
    )
    expect(r.placements.some((p) => p.siteId === 's2')).toBe(false)
    expect(r.placements.some((p) => p.siteId === 's3' && p.shift === 'mon-pm')).toBe(false)
    checkConstraints(input, r.placements)
    const g = greedyPlan(input)
    expect(g).toContainEqual(expect.objectContaining({ teamId: 'tB1', siteId: 's11', shift: 'mon-am' }))
    expect(g.some((p) => p.siteId === 's2')).toBe(false)
  })

  it('the Lagrangian bound (no HiGHS needed) is never below the optimum (brute force, 12 random instances)', () => {
    let seed = 7
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    // a HiGHS that runs out of time before its root LP (the CPU it needs is not there): no plan, no bound
    const stuck: HighsLike = {
      ...highs,
      createModel: () => ({
        options: { set: () => undefined },
        info: { get: () => Number.NaN },
        run: () => ({ modelStatus: 13 }),
        getModelStatus: () => 13,
        getSolution: () => ({ colValue: [] }),
        getObjectiveValue: () => 0,
        dispose: () => undefined,
      }),
    }
    let tight = 0
    for (let n = 0; n < 12; n++) {
      const base = small()
      const input: PlanInput = {
        ...base,
        sites: base.sites.map((x) => ({
          ...x,
          lat: 37.5 + (rnd() - 0.5) * 0.006,
          bonus: rnd() < 0.2 ? 5 : 0,
        })),
        demand: base.demand.map((d) => ({ ...d, w: Math.round(1 + rnd() * 20) })),
        teams: [
          { id: 'tA1', home: 'A', shifts: ['mon-am', 'mon-pm'] },
          { id: 'tA2', home: 'A', shifts: rnd() < 0.5 ? ['mon-am'] : ['mon-am', 'mon-pm'] },
          { id: 'tB1', home: 'B', shifts: ['mon-am', 'mon-pm'] },
          ...(rnd() < 0.5 ? [{ id: 'tB2', home: 'B', shifts: ['mon-pm'] }] : []),
        ],
        walkM: 250 + rnd() * 400,
        travelKm: rnd() < 0.5 ? 1 : 3,
        minPerDistrict: rnd() < 0.5 ? 0 : 1,
      }
      const best = bruteForce(input)
      const r = solvePlan(input, stuck)
      expect(r.stats.lagrangeBound!).toBeGreaterThanOrEqual(best - 1e-6)
      expect(r.bound).toBeGreaterThanOrEqual(best - 1e-6)
      expect(r.objective).toBeLessThanOrEqual(best + 1e-6)
      expect(r.objective).toBeGreaterThanOrEqual(r.greedy.objective - 1e-6)
      checkConstraints(input, r.placements) // plans taken from the relaxation are feasible too
      // and HiGHS agrees: its optimum never exceeds the relaxation
      const m = solvePlan(input, highs)
      expect(m.objective).toBeCloseTo(best, 6)
      expect(m.stats.lagrangeRejected).toBeUndefined()
      if (r.stats.lagrangeBound! <= best * 1.02) tight++
    }
    // not only valid but useful: within 2 % of the optimum on most instances
    expect(tight).toBeGreaterThanOrEqual(8)
  })

  it('falls back to the greedy plan without a solver', () => {
    const r = solvePlan(small(), null)
    expect(r.solver).toBe('greedy')
    checkConstraints(small(), r.placements)
  })
})

// ── the domain on a database ─────────────────────────────────────────────────────────────────

describe('guides on a database', () => {
  let database: Database
  let clock: TestClock
  let app: ReturnType<typeof testApp>['app']
  let manager: Awaited<ReturnType<typeof makeStaff>>
  const guides: Awaited<ReturnType<typeof makeStaff>>[] = []
  let teamA: string

  beforeAll(async () => {
    database = await freshDb({ reference: true })
    // a Monday morning in Seoul
    clock = new TestClock(kst('2026-11-23T10:00:00'))
    app = testApp(database, { clock }).app
    const db = database.db
    manager = await makeStaff(db, 'programme_manager', null)
    for (let i = 0; i < 4; i++) guides.push(await makeStaff(db, 'digital_guide', null))
    await saveSettings(
      db,
      manager.actor,
      {
        seniors: 1,
        facilities: 0.3,
        assists: 0.3,
        walkM: 500,
        travelKm: 2,
        minPerDistrict: 0,
        timeLimitS: 5,
      },
      clock.now(),
    )
    teamA = (
      await createTeam(
        db,
        manager.actor,
        {
          title: '종로 1조',
          homeDistrict: '11110',
          members: [guides[0]!.id, guides[1]!.id],
          shifts: ['mon-am', 'mon-pm', 'tue-am'],
        },
        clock.now(),
      )
    ).id
    await createTeam(
      db,
      manager.actor,
      {
        title: '노원 1조',
        homeDistrict: '11350',
        members: [guides[2]!.id, guides[3]!.id],
        shifts: ['mon-am'],
      },
      clock.now(),
    )
  }, 180_000)
  afterAll(() => database.close())

  it('knows the shift of a Seoul time', () => {
    expect(shiftOf(kst('2026-11-23T10:00:00'))).toBe('mon-am')
    expect(shiftOf(kst('2026-11-23T14:00:00'))).toBe('mon-pm')
    expect(shiftOf(kst('2026-11-28T10:00:00'))).toBeNull()
  })

  it('a team needs two active guides not yet in a team', async () => {
    await expect(
      createTeam(
        database.db,
        manager.actor,
        { title: 'x', homeDistrict: '11110', members: [guides[0]!.id, manager.id], shifts: ['mon-am'] },
        clock.now(),
      ),
    ).rejects.toMatchObject({ code: 'validation' })
    await expect(
      createTeam(
        database.db,
        guides[0]!.actor,
        { title: 'x', homeDistrict: '11110', members: [guides[0]!.id, guides[1]!.id], shifts: ['mon-am'] },
        clock.now(),
      ),
    ).rejects.toMatchObject({ status: 403 })
  })

  let v1: string
  it('runs a plan in the worker, publishes it, and a published plan never changes (a new version supersedes it)', async () => {
    const db = database.db
    await addRule(
      db,
      manager.actor,
      { kind: 'forbid', siteId: 'stn-150', shift: undefined, teamId: undefined },
      clock.now(),
    )
    const p1 = await runPlan(db, manager.actor, 'seoul', clock.now())
    expect(p1.status).toBe('draft')
    expect(p1.version).toBe(1)
    expect(p1.covered).toBeGreaterThan(0)
    expect(p1.covered).toBeGreaterThanOrEqual(p1.greedyCovered - 1e-6)
    const rows = await repo.assignments(db, p1.id)
    // three team-shifts for 종로 (mon-am, mon-pm, tue-am) and one for 노원; never the forbidden site
    expect(rows.length).toBe(4)
    expect(rows.some((r) => r.siteId === 'stn-150')).toBe(false)
    await publishPlan(db, manager.actor, p1.id, clock.now())
    v1 = p1.id
    await expect(publishPlan(db, manager.actor, p1.id, clock.now())).rejects.toMatchObject({
      code: 'conflict',
    })
    const p2 = await runPlan(db, manager.actor, 'seoul', clock.now())
    expect(p2.version).toBe(2)
    expect((await repo.plan(db, v1))!.status).toBe('published')
    await publishPlan(db, manager.actor, p2.id, clock.now())
    expect((await repo.plan(db, v1))!.status).toBe('superseded')
    expect((await repo.plan(db, p2.id))!.status).toBe('published')
    // the old version's rows are still there, as they were
    expect((await db.select().from(guideAssignments).where(eq(guideAssignments.planId, v1))).length).toBe(4)
    // a guide may not run or publish
    await expect(runPlan(db, guides[0]!.actor, 'seoul', clock.now())).rejects.toMatchObject({ status: 403 })
  }, 120_000)

  it('a guide sees only their own team’s schedule', async () => {
    const mine = await mySchedule(database.db, guides[0]!.actor, clock.now())
    expect(mine.team?.id).toBe(teamA)
    expect(mine.week.every((a) => a.teamId === teamA)).toBe(true)
    expect(mine.week.map((a) => a.shift).sort()).toEqual(['mon-am', 'mon-pm', 'tue-am'])
    expect(mine.now?.shift).toBe('mon-am')
    const other = await mySchedule(database.db, guides[2]!.actor, clock.now())
    expect(other.week.every((a) => a.teamId !== teamA)).toBe(true)
  })

  it('logs an assist once per key (a re-send changes nothing); another guide cannot reuse the key', async () => {
    const db = database.db
    const me = await mySchedule(db, guides[0]!.actor, clock.now())
    const input = AssistInput.parse({
      key: 'k-assist-0001',
      what: 'kiosk',
      siteId: me.now!.siteId,
      outcome: 'solved',
      minutes: '10',
    })
    const a = await logAssist(db, guides[0]!.actor, input, meta(clock.now()))
    const b = await logAssist(db, guides[0]!.actor, input, meta(clock.now()))
    expect(a.replayed).toBe(false)
    expect(b.replayed).toBe(true)
    expect(b.assist.id).toBe(a.assist.id)
    expect(
      (await db.select().from(guideAssists).where(eq(guideAssists.idemKey, 'k-assist-0001'))).length,
    ).toBe(1)
    await expect(logAssist(db, guides[2]!.actor, input, meta(clock.now()))).rejects.toMatchObject({
      code: 'conflict',
    })
    await expect(
      logAssist(db, manager.actor, { ...input, key: 'k-manager-0001' }, meta(clock.now())),
    ).resolves.toBeTruthy()
    const tutor = await makeStaff(db, 'tutor', null)
    await expect(
      logAssist(db, tutor.actor, { ...input, key: 'k-tutor-00001' }, meta(clock.now())),
    ).rejects.toMatchObject({ status: 403 })
  })

  it('a kiosk difficulty goes to the voice module; a referral with consent becomes a help-desk ticket', async () => {
    const db = database.db
    const me = await mySchedule(db, guides[0]!.actor, clock.now())
    const noConsent = AssistInput.safeParse({
      key: 'k-ref-000001',
      what: 'banking_app',
      siteId: me.now!.siteId,
      referral: 'class',
      name: '김영희',
      phone: '01012345678',
    })
    expect(noConsent.success).toBe(false)
    const before = (await db.select().from(kioskReports)).length
    const r = await logAssist(
      db,
      guides[0]!.actor,
      AssistInput.parse({
        key: 'k-ref-000002',
        what: 'kiosk',
        siteId: me.now!.siteId,
        outcome: 'referred',
        kioskCompany: '동네버거',
        kioskType: 'restaurant',
        kioskProblems: ['small_text', 'too_fast'],
        referral: 'class',
        consent: 'yes',
        name: '김영희',
        phone: '010-1234-5678',
        need: '키오스크 교육 수강',
      }),
      meta(clock.now()),
    )
    expect(r.assist.referralTicketId).toBeTruthy()
    const [t] = await db.select().from(helpTickets).where(eq(helpTickets.id, r.assist.referralTicketId!))
    expect(t?.channel).toBe('referral')
    expect((await db.select().from(kioskReports)).length).toBe(before + 1)
  })

  it('the sync endpoint takes the offline queue once; the heatmap and weekly report count it', async () => {
    const b = new Browser(app)
    b.cookies.set(
      'gachi_sid',
      await createSession(database.db, { staffId: guides[1]!.id, stage: 'full' }, { now: clock.now() }),
    )
    const page = await b.get('/staff/guides/field')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('/static/guides/field.js')
    const me = await mySchedule(database.db, guides[1]!.actor, clock.now())
    const entries = [
      { type: 'check-in', data: { key: 'k-sync-in-0001' } },
      {
        type: 'assist',
        data: {
          key: 'k-sync-as-0001',
          what: 'smartphone',
          siteId: me.now!.siteId,
          at: clock.now().toISOString(),
        },
      },
      { type: 'assist', data: { key: 'k-sync-bad-001', what: 'nothing', siteId: me.now!.siteId } },
    ]
    const send = () =>
      app.request('/api/v1/guides/sync', {
        method: 'POST',
        body: JSON.stringify({ entries }),
        headers: {
          'content-type': 'application/json',
          cookie: `gachi_sid=${b.cookies.get('gachi_sid')}; gachi_csrf=${b.csrf}`,
          'x-csrf-token': b.csrf,
          origin: 'http://localhost',
          host: 'localhost',
        },
      })
    const first = (await (await send()).json()) as {
      results: { key: string; ok: boolean; replayed: boolean }[]
    }
    expect(first.results.map((r) => [r.ok, r.replayed])).toEqual([
      [true, false],
      [true, false],
      [false, false],
    ])
    const again = (await (await send()).json()) as { results: { ok: boolean; replayed: boolean }[] }
    expect(again.results.slice(0, 2).every((r) => r.ok && r.replayed)).toBe(true)
    expect(
      (await database.db.select().from(guideAssists).where(eq(guideAssists.idemKey, 'k-sync-as-0001')))
        .length,
    ).toBe(1)
    const heat = await heatmap(database.db, manager.actor, { days: 7 }, clock.now())
    const row = heat.find((h) => h.siteId === me.now!.siteId)!
    expect(row.hours[10 - 9]).toBeGreaterThanOrEqual(2)
    const week = await weeklyReport(database.db, manager.actor, '2026-11-23', clock.now())
    expect(week.rows.find((r) => r.team === '종로 1조')!.assists).toBeGreaterThanOrEqual(3)
    // the guide may not open the manager's pages
    expect((await b.get('/staff/guides/heatmap')).status).toBe(403)
    // the board shows who is checked in
    const mb = new Browser(app)
    mb.cookies.set(
      'gachi_sid',
      await createSession(database.db, { staffId: manager.id, stage: 'full' }, { now: clock.now() }),
    )
    const board = await (await mb.get('/staff/guides/board')).text()
    expect(board).toContain(me.now!.labelKo)
    // the map layers (drawn after their tables) carry the same data
    for (const id of ['guides-assists', 'guides-plan', 'guides-hotspots', 'guides-today']) {
      const geo = await mb.get(`/api/v1/map/layers/${id}`)
      expect(geo.status, id).toBe(200)
      const fc = (await geo.json()) as { features: { id: string }[] }
      expect(fc.features.length, id).toBeGreaterThan(0)
      if (id === 'guides-assists') expect(fc.features.map((f) => f.id)).toContain(me.now!.siteId)
    }
    // the board's map: where guides are checked in now, one point per site with how many, no names
    expect(board).toContain('/api/v1/map/layers/guides-checkins')
    const here = (await (await mb.get('/api/v1/map/layers/guides-checkins')).json()) as {
      features: { id: string; properties: Record<string, unknown> }[]
    }
    const spot = here.features.find((f) => f.id === `checkin-${me.now!.siteId}`)
    expect(spot?.properties).toMatchObject({ name: me.now!.labelKo, value: 1 })
    expect(JSON.stringify(here)).not.toContain(guides[1]!.actor.name)
    // a check-out takes the point off
    await checkOut(database.db, guides[1]!.actor, { key: 'k-sync-out-001' }, clock.now())
    const after = (await (await mb.get('/api/v1/map/layers/guides-checkins')).json()) as {
      features: { id: string }[]
    }
    expect(after.features.map((f) => f.id)).not.toContain(`checkin-${me.now!.siteId}`)
    const csv = await mb.get('/api/v1/guides/report.csv?week=2026-11-23')
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(await csv.text()).toContain('종로 1조')
  })

  it('the field form works without JavaScript and shows errors in the person’s language', async () => {
    const b = new Browser(app, { 'accept-language': 'en' })
    b.cookies.set(
      'gachi_sid',
      await createSession(database.db, { staffId: guides[1]!.id, stage: 'full' }, { now: clock.now() }),
    )
    await b.get('/staff/guides/field')
    const bad = await b.post('/staff/guides/field/assist', {
      key: 'k-form-00001',
      what: 'kiosk',
      referral: 'repair',
    })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('consent')
    const me = await mySchedule(database.db, guides[1]!.actor, clock.now())
    const ok = await b.post('/staff/guides/field/assist', {
      key: 'k-form-00002',
      what: 'scam_worry',
      siteId: me.now!.siteId,
      outcome: 'solved',
      minutes: '15',
    })
    expect(ok.status).toBe(303)
    const twice = await b.post('/staff/guides/field/assist', {
      key: 'k-form-00002',
      what: 'scam_worry',
      siteId: me.now!.siteId,
      outcome: 'solved',
      minutes: '15',
    })
    expect(twice.status).toBe(303)
    expect(
      (await database.db.select().from(guideAssists).where(eq(guideAssists.idemKey, 'k-form-00002'))).length,
    ).toBe(1)
  })

  it('the field page offers the open opinion question; the answer is saved as a field answer from the site district', async () => {
    const b = new Browser(app, { 'accept-language': 'en' })
    b.cookies.set(
      'gachi_sid',
      await createSession(database.db, { staffId: guides[1]!.id, stage: 'full' }, { now: clock.now() }),
    )
    expect(await (await b.get('/staff/guides/field')).text()).not.toContain('field-question-title')
    const q = await openCampaign(
      database.db,
      manager.actor,
      CampaignInput.parse({
        questionKo: '키오스크 글씨가 잘 보이나요?',
        questionEn: 'Can you read the kiosk text?',
        choicesKo: '예\n아니요',
        choicesEn: 'Yes\nNo',
      }),
      clock.now(),
    )
    const html = await (await b.get('/staff/guides/field')).text()
    expect(html).toContain('Can you read the kiosk text?')
    expect(html).toContain(`action="/staff/voice/questions/${q.id}/field"`)
    const me = await mySchedule(database.db, guides[1]!.actor, clock.now())
    const here = me.now ?? me.today[0]
    if (here) expect(html).toContain(`name="districtCode" value="${here.districtCode}"`)
    const res = await b.post(`/staff/voice/questions/${q.id}/field`, {
      back: '/staff/guides/field',
      choice: '1',
      respondentGroup: 'senior',
      ...(here ? { districtCode: here.districtCode } : {}),
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toMatch(/^\/staff\/guides\/field/)
    const results = await campaignResults(database.db, manager.actor, q.id)
    expect(results.totals).toEqual([0, 1])
    if (here) expect(JSON.stringify(results.byDistrict)).toContain(here.districtCode)
    await closeCampaign(database.db, manager.actor, q.id, clock.now())
  })

  it("opinion answers from the field page's offline queue: once per key, refused ones leave the key unused", async () => {
    const db = database.db
    const q = await openCampaign(
      db,
      manager.actor,
      CampaignInput.parse({
        questionKo: '은행 앱을 혼자 쓰실 수 있나요?',
        questionEn: 'Can you use a banking app alone?',
        choicesKo: '예\n아니요\n모르겠다',
        choicesEn: 'Yes\nNo\nNot sure',
      }),
      clock.now(),
    )
    const answer = (key: string, choice: string) =>
      FieldAnswerInput.parse({
        key,
        campaignId: q.id,
        choice,
        respondentGroup: 'senior',
        districtCode: '11110',
        at: clock.now().toISOString(),
      })
    const a = await answerInField(db, guides[0]!.actor, answer('k-opinion-0001', '2'), clock.now())
    const b = await answerInField(db, guides[0]!.actor, answer('k-opinion-0001', '2'), clock.now())
    expect([a.replayed, b.replayed]).toEqual([false, true])
    // the same key from two requests at once: still one answer
    await Promise.all([
      answerInField(db, guides[0]!.actor, answer('k-opinion-0002', '0'), clock.now()),
      answerInField(db, guides[0]!.actor, answer('k-opinion-0002', '0'), clock.now()),
    ])
    expect((await campaignResults(db, manager.actor, q.id)).totals).toEqual([1, 0, 1])
    // another guide cannot reuse a key
    await expect(
      answerInField(db, guides[2]!.actor, answer('k-opinion-0001', '2'), clock.now()),
    ).rejects.toMatchObject({ code: 'conflict' })
    // a choice the question does not have is refused, and the key stays unused (a corrected re-send works)
    await expect(
      answerInField(db, guides[0]!.actor, answer('k-opinion-0003', '7'), clock.now()),
    ).rejects.toMatchObject({ code: 'validation' })
    expect(await repo.fieldAnswerByKey(db, 'k-opinion-0003')).toBeUndefined()
    // through the sync endpoint, with the other kinds of entry
    const br = new Browser(app)
    br.cookies.set(
      'gachi_sid',
      await createSession(db, { staffId: guides[1]!.id, stage: 'full' }, { now: clock.now() }),
    )
    await br.get('/staff/guides/field')
    const send = () =>
      app.request('/api/v1/guides/sync', {
        method: 'POST',
        body: JSON.stringify({
          entries: [
            { type: 'opinion', data: { ...answer('k-opinion-sync1', '1'), choice: '1' } },
            { type: 'opinion', data: { key: 'k-opinion-sync2', campaignId: q.id, choice: '1' } },
          ],
        }),
        headers: {
          'content-type': 'application/json',
          cookie: `gachi_sid=${br.cookies.get('gachi_sid')}; gachi_csrf=${br.csrf}`,
          'x-csrf-token': br.csrf,
          origin: 'http://localhost',
          host: 'localhost',
        },
      })
    const first = (await (await send()).json()) as {
      results: { key: string; ok: boolean; replayed: boolean; errors?: Record<string, string> }[]
    }
    expect(first.results.map((r) => [r.key, r.ok, r.replayed])).toEqual([
      ['k-opinion-sync1', true, false],
      ['k-opinion-sync2', false, false],
    ])
    expect(Object.keys(first.results[1]!.errors ?? {})).toContain('respondentGroup')
    const again = (await (await send()).json()) as { results: { ok: boolean; replayed: boolean }[] }
    expect(again.results[0]).toMatchObject({ ok: true, replayed: true })
    expect((await campaignResults(db, manager.actor, q.id)).totals).toEqual([1, 1, 1])
    await closeCampaign(db, manager.actor, q.id, clock.now())
    // a closed question refuses a late answer from the queue (said, not lost silently)
    await expect(
      answerInField(db, guides[0]!.actor, answer('k-opinion-0004', '0'), clock.now()),
    ).rejects.toMatchObject({ code: 'conflict', message: 'voice.campaign.closed' })
    expect(await repo.fieldAnswerByKey(db, 'k-opinion-0004')).toBeUndefined()
  })

  it('manager pages render in Korean and English', async () => {
    for (const lang of ['ko', 'en']) {
      const b = new Browser(app, { 'accept-language': lang })
      b.cookies.set(
        'gachi_sid',
        await createSession(database.db, { staffId: manager.id, stage: 'full' }, { now: clock.now() }),
      )
      for (const path of [
        '/staff/guides',
        '/staff/guides/teams',
        '/staff/guides/heatmap',
        '/staff/guides/report',
        `/staff/guides/plans/${v1}`,
      ]) {
        const res = await b.get(path)
        expect(res.status, path).toBe(200)
      }
      const hot = await b.get('/staff/guides/hotspots')
      expect(hot.status).toBe(200)
      expect((await b.get('/staff/guides/plans/not-a-uuid')).status).toBe(404)
      expect((await b.get('/staff/guides/heatmap?days=abc')).status).toBe(422)
    }
  }, 60_000)
})
