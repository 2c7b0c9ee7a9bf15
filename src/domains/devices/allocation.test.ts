import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { freshDb, TEST_PG_URL } from '../../../test/fresh-db.ts'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { registerMessages } from '../../platform/i18n/index.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import {
  DEFAULT_ROUND,
  greedyMatch,
  type MatchApplication,
  type MatchDevice,
  optimiseMatch,
} from './allocation.ts'
import { applicationRef, loadSettings, saveSettings } from './allocation-run.ts'
import { devicesMessages } from './messages.ts'
import { WEIGHTS } from './rules.ts'
import * as svc from './service.ts'
import { allocations, applications, devices } from './tables.ts'
import { verifyClaims } from './test-helpers.ts'

registerMessages('devices', devicesMessages)

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})

const NOW = new Date('2026-11-23T01:00:00Z')
const here = { lat: 37.5, lon: 127.0 }
const far = { lat: 37.7, lon: 126.8 }
const centres = new Map([
  ['near', here],
  ['far', far],
])
const districts = new Map([
  ['11110', here],
  ['11140', far],
  ['11170', { lat: 37.55, lon: 126.95 }],
])
const dev = (
  id: string,
  centre: string,
  grade: 'A' | 'B' | 'C' = 'B',
  type: MatchDevice['type'] = 'laptop',
) => ({
  id,
  type,
  grade,
  assetTag: `T-${id}`,
  centre,
})
const app = (id: string, over: Partial<MatchApplication> = {}): MatchApplication => ({
  id,
  type: 'laptop',
  quantity: 1,
  minGrade: 'C',
  districtCode: '11110',
  score: 50,
  createdAt: NOW,
  applicantKind: 'citizen',
  ...over,
})
const got = (p: { decisions: { applicationId: string; deviceIds: string[] }[] }) =>
  Object.fromEntries(p.decisions.filter((d) => d.deviceIds.length).map((d) => [d.applicationId, d.deviceIds]))

describe('devices: allocation model (transportation LP)', () => {
  it('serves from the nearer centre, fits grade and type, and proves the LP optimum integral', async () => {
    const devs = [dev('n1', 'near', 'C'), dev('f1', 'far', 'A'), dev('t1', 'near', 'A', 'tablet')]
    const apps = [
      app('any', { score: 40 }), // any grade: the near C laptop
      app('needsA', { score: 30, minGrade: 'A', districtCode: '11140' }), // only the A laptop fits
      app('tablet', { type: 'tablet', score: 10 }),
      app('desktop', { type: 'desktop', score: 90 }), // no desktop at all
    ]
    const p = await optimiseMatch(devs, apps, centres, districts, { ...DEFAULT_ROUND, tolerance: 1 })
    expect(p.solver).toBe('highs-lp')
    expect(p.stats.integral).toBe(true)
    expect(got(p)).toEqual({ any: ['n1'], needsA: ['f1'], tablet: ['t1'] })
    expect(p.gap).toBe(0)
    expect(p.decisions.find((d) => d.applicationId === 'desktop')!.reason.key).toBe('devices.alloc.noStock')
    const any = p.decisions.find((d) => d.applicationId === 'any')!
    expect(any.reason).toMatchObject({ key: 'devices.alloc.getsFrom', params: { centre: 'near', km: 0 } })
  })

  it('travel decides between equal priorities; the optimum beats greedy where greedy sends devices far', async () => {
    // greedy (in priority order, nearest centre first) gives the 11110 applicant the only near device
    // and sends the 11140 applicant's device across the city; the LP pays less travel in total
    const devs = [dev('n1', 'near'), dev('f1', 'far')]
    const apps = [
      app('a', { score: 60, districtCode: '11170' }),
      app('b', { score: 50, districtCode: '11110' }),
    ]
    const round = { ...DEFAULT_ROUND, tolerance: 1, pointsPerKm: 1 }
    const p = await optimiseMatch(devs, apps, centres, districts, round)
    const g = greedyMatch(devs, apps, centres, districts, round)
    expect(got(p)).toEqual({ a: ['f1'], b: ['n1'] })
    expect(p.objective).toBeGreaterThan(g.objective)
    expect(p.greedyObjective).toBe(g.objective)
    expect(p.objective).toBeLessThanOrEqual(p.bound)
  })

  it('organisations first (or together), a batch whole or not at all, pilot districts and fair shares', async () => {
    const devs = ['1', '2', '3', '4'].map((i) => dev(`d${i}`, 'near'))
    const apps = [
      app('org', { applicantKind: 'organisation', quantity: 3, score: 10 }),
      app('big', { applicantKind: 'organisation', quantity: 5, score: 90 }), // 5 > 4: never partly
      app('p1', { score: 80 }),
      app('p2', { score: 70 }),
      app('out', { score: 99, districtCode: '11140' }),
    ]
    const first = await optimiseMatch(devs, apps, centres, districts, {
      ...DEFAULT_ROUND,
      tolerance: 1,
      pilotDistricts: ['11110'],
    })
    expect(Object.keys(got(first)).sort()).toEqual(['org', 'p1'])
    const reason = (p: typeof first, id: string) =>
      p.decisions.find((d) => d.applicationId === id)!.reason.key
    expect(reason(first, 'out')).toBe('devices.alloc.notPilot')
    expect(reason(first, 'big')).toBe('devices.alloc.noStock')
    const together = await optimiseMatch(devs, apps, centres, districts, {
      ...DEFAULT_ROUND,
      phases: 'together',
      tolerance: 1,
    })
    expect(Object.keys(got(together)).sort()).toEqual(['out', 'p1', 'p2']) // the 4th device cannot fill org's 3
    // fairness: two districts with equal need and 2 devices, no tolerance → 1 each, whatever the scores
    const fair = await optimiseMatch(
      [dev('x', 'near'), dev('y', 'near')],
      [
        app('a1', { score: 90 }),
        app('a2', { score: 80 }),
        app('b1', { score: 2, districtCode: '11140' }),
        app('b2', { score: 1, districtCode: '11140' }),
      ],
      centres,
      districts,
      { ...DEFAULT_ROUND, tolerance: 0 },
    )
    expect(Object.keys(got(fair)).sort()).toEqual(['a1', 'b1'])
    expect(reason(fair, 'a2')).toBe('devices.alloc.districtCap')
    expect(fair.districts.find((d) => d.code === '11110')).toMatchObject({
      need: 2,
      cap: 1,
      given: 1,
      needShare: 0.5,
      givenShare: 0.5,
    })
  })

  it('a batch the LP fills only in part is dropped and the LP solved again (the gap is measured)', async () => {
    // 3 devices; an organisation asks 2 + another 2: the relaxation fills 2 + 1, the repair gives the rest to a person
    const devs = ['1', '2', '3'].map((i) => dev(`d${i}`, 'near'))
    const apps = [
      app('o1', { applicantKind: 'organisation', quantity: 2, score: 30 }),
      app('o2', { applicantKind: 'organisation', quantity: 2, score: 30 }),
      app('p', { score: 5 }),
    ]
    const p = await optimiseMatch(devs, apps, centres, districts, { ...DEFAULT_ROUND, tolerance: 1 })
    expect(p.stats.solves).toBe(2)
    expect(Object.keys(got(p)).sort()).toEqual(['o1', 'p'])
    expect(p.decisions.find((d) => d.applicationId === 'o2')!.reason.key).toBe('devices.alloc.batchWhole')
    expect(p.bound).toBeGreaterThan(p.objective)
    expect(p.gap).toBeGreaterThan(0)
  })
})

// ── runs on the database ───────────────────────────────────────────────────────────────────────

async function readyDevices(db: Db, n: number, centre = '종로 재생센터') {
  const rows = Array.from({ length: n }, (_, i) => ({
    assetTag: `GA-T${String(i).padStart(4, '0')}`,
    type: 'laptop' as const,
    ageYears: 3,
    status: 'ready' as const,
    grade: 'B' as const,
    wipeVerified: true,
    centre,
    createdAt: NOW,
    updatedAt: NOW,
  }))
  return db.insert(devices).values(rows).returning()
}

async function approved(db: Db, n: number, personId: string | null = null, district = '11110') {
  const rows = Array.from({ length: n }, (_, i) => ({
    applicantKind: 'citizen' as const,
    personId: i === 0 ? personId : null,
    deviceType: 'laptop' as const,
    districtCode: i % 2 ? '11140' : district,
    criteria: { basicLivelihood: i % 3 === 0 },
    eligible: true,
    explanation: [],
    score: 0,
    status: 'approved' as const,
    createdAt: new Date(NOW.getTime() - i * 60_000),
  }))
  return db.insert(applications).values(rows).returning()
}

describe('devices: allocation runs', () => {
  it('settings by the programme manager (audited) change the scores; a commit reserves once and texts the reference', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const worker = await makeStaff(db, 'centre_worker', null)
    const person = await registerPerson(
      db,
      pm.actor,
      {
        name: '최말순',
        birthDate: '1944-05-20',
        phone: '010-3333-4444',
        channel: 'phone',
        relationship: 'self',
        consentGiven: true,
        consentMethod: 'verbal',
      } as never,
      meta(NOW),
    )
    await readyDevices(db, 2)
    const apps = await approved(db, 4, person.personId)

    await expect(
      saveSettings(
        db,
        worker.actor,
        { phases: 'together', pilotDistricts: [], tolerancePct: 10, kmTenths: 2, weights: WEIGHTS },
        NOW,
      ),
    ).rejects.toMatchObject({ status: 403 })
    await saveSettings(
      db,
      pm.actor,
      {
        phases: 'together',
        pilotDistricts: [],
        tolerancePct: 100,
        kmTenths: 2,
        weights: { ...WEIGHTS, basicLivelihood: 60 },
      },
      NOW,
    )
    expect(await loadSettings(db)).toMatchObject({
      phases: 'together',
      tolerance: 1,
      weights: { basicLivelihood: 60 },
    })
    const trail = await db
      .select()
      .from(auditTrail)
      .where(eq(auditTrail.entity, 'device_allocation_settings'))
    expect(trail).toHaveLength(1)

    // the person's claimed basic livelihood counts only once staff have verified its document
    const unchecked = await svc.runAllocation(db, pm.actor, true, NOW)
    expect(unchecked.plan.decisions.find((d) => d.applicationId === apps[0]!.id)).toMatchObject({ score: 0 })
    await verifyClaims(db, pm.actor, apps[0]!.id, NOW)

    const preview = await svc.runAllocation(db, pm.actor, true, NOW)
    expect(preview.plan.solver).toBe('highs-lp')
    const first = preview.plan.decisions.find((d) => d.applicationId === apps[0]!.id)!
    expect(first).toMatchObject({ score: 60, reason: { key: 'devices.alloc.getsFrom' } })
    expect(preview.plan.decisions.every((d) => d.reason.key)).toBe(true)
    expect(await db.select().from(allocations)).toHaveLength(0)

    const run = await svc.runAllocation(db, pm.actor, false, NOW, preview.runId)
    expect(run.committed).toBe(2)
    const again = await svc.runAllocation(db, pm.actor, false, NOW, preview.runId)
    expect(again).toMatchObject({ committed: 0, already: true })
    expect(await db.select().from(allocations)).toHaveLength(2)
    const sms = await db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))
    const mine = sms.filter((j) => JSON.stringify(j.payload).includes(applicationRef(apps[0]!.id)))
    expect(mine).toHaveLength(1)
    expect((mine[0]!.payload as { body: string }).body).toContain(applicationRef(apps[0]!.id))

    // handover: the beginners' class offer now and the follow-up two weeks later, both with the reference
    const tech = await makeStaff(db, 'repair_technician', null)
    const mineAlloc = (await db.select().from(allocations)).find((a) => a.applicationId === apps[0]!.id)!
    await svc.deliver(db, tech.actor, mineAlloc.id, { receivedBy: '최말순', starterGuide: true }, NOW)
    const after = (await db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))).filter((j) =>
      JSON.stringify(j.payload).includes(applicationRef(apps[0]!.id)),
    )
    // allocated, delivered (with the beginners' classes link) and the satisfaction survey (voice)
    expect(after).toHaveLength(3)
    expect(after.some((j) => (j.payload as { body: string }).body.includes('/learn?level=basic'))).toBe(true)
    // the follow-up is an outbox job two weeks later, which texts when it runs (delivery.test.ts)
    const [follow] = await db.select().from(jobs).where(eq(jobs.kind, 'devices.followUp'))
    expect(follow!.runAt.toISOString()).toBe('2026-12-07T01:00:00.000Z')
    const status = await svc.myApplications(db, person.personId, NOW)
    expect(status[0]).toMatchObject({
      reference: applicationRef(apps[0]!.id),
      application: { status: 'delivered' },
    })
  }, 240_000)

  it(`${TEST_PG_URL ? 'PostgreSQL' : 'PGlite'}: concurrent commits never give a device twice`, async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    await readyDevices(db, 30)
    await approved(db, 50)
    const runs = await Promise.allSettled(
      Array.from({ length: 5 }, () => svc.runAllocation(db, pm.actor as Actor, false, NOW)),
    )
    const ok = runs.filter((r) => r.status === 'fulfilled').map((r) => r.value.committed)
    expect(ok.length).toBeGreaterThan(0)
    const rows = await db.select().from(allocations)
    expect(new Set(rows.map((r) => r.deviceId)).size).toBe(rows.length)
    expect(ok.reduce((s, n) => s + n, 0)).toBe(rows.length)
    expect(rows.length).toBeLessThanOrEqual(30)
    const reserved = await db.select().from(devices).where(eq(devices.status, 'reserved'))
    expect(reserved).toHaveLength(rows.length)
    const perApp = new Map<string, number>()
    for (const r of rows) perApp.set(r.applicationId, (perApp.get(r.applicationId) ?? 0) + 1)
    expect([...perApp.values()].every((n) => n === 1)).toBe(true)
  }, 240_000)
})
