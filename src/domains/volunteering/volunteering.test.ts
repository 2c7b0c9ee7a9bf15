import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { ApplyInput, HoursInput, ReviewInput } from './schema.ts'
import {
  ageOn,
  applyToVolunteer,
  getVolunteer,
  logHours,
  myVolunteering,
  reviewVolunteer,
} from './service.ts'
import { volunteerApplications } from './tables.ts'

let database: Database
let manager: Awaited<ReturnType<typeof makeStaff>>
const now = new Date('2026-12-02T01:00:00Z')
const person = async (birthDate: string, phone: string) =>
  (
    await registerPerson(
      database.db,
      manager.actor,
      {
        name: '이봉사',
        birthDate,
        phone,
        preferredLanguage: 'ko',
        channel: 'walk_in',
        relationship: 'self',
        consentGiven: true,
        consentMethod: 'in_person',
        address: undefined,
        districtCode: undefined,
        note: undefined,
      },
      meta(now),
    )
  ).personId
const citizen = (personId: string) => ({ kind: 'citizen' as const, personId, sessionId: 's' })
const apply = ApplyInput.parse({
  role: 'digital_guide',
  motivation: '이웃을 돕고 싶어요',
  availability: '화, 목 오전',
})

beforeAll(async () => {
  database = await freshDb({ reference: true })
  manager = await makeStaff(database.db, 'programme_manager', null, now)
})
afterAll(() => database.close())

describe('50+ volunteering', () => {
  it('ageOn counts full years in Korean time', () => {
    expect(ageOn('1976-12-02', now)).toBe(50)
    expect(ageOn('1976-12-03', now)).toBe(49)
  })

  it('applies (50+ only, texts encrypted), interview, training, certification, hours; staff reads are logged', async () => {
    const young = await person('1990-01-01', '01055550001')
    await expect(applyToVolunteer(database.db, citizen(young), apply, now)).rejects.toMatchObject({
      code: 'validation',
    })
    const id = await person('1955-05-05', '01055550002')
    const a = await applyToVolunteer(database.db, citizen(id), apply, now)
    expect(a.reference).toMatch(/^VOL-/)
    const [row] = await database.db.select().from(volunteerApplications)
    expect(row!.motivationEnc).not.toContain('이웃')
    await expect(applyToVolunteer(database.db, citizen(id), apply, now)).rejects.toMatchObject({
      code: 'conflict',
    })
    // hours before certification are refused
    const hours = HoursInput.parse({
      day: '2026-12-01',
      minutes: '120',
      activity: 'shift',
      sourceRef: 'SHIFT-1',
    })
    await expect(logHours(database.db, manager.actor, a.id, hours, now)).rejects.toMatchObject({
      code: 'conflict',
    })
    const step = (action: string, version: number, extra: Record<string, string> = {}) =>
      reviewVolunteer(
        database.db,
        manager.actor,
        a.id,
        ReviewInput.parse({ action, version: String(version), ...extra }),
        now,
      )
    await expect(step('interview', 1)).rejects.toMatchObject({ code: 'validation' })
    expect(await step('interview', 1, { interviewAt: '2026-12-05T10:00', comment: '성실함' })).toBe(
      'interview',
    )
    await expect(step('certify', 2)).rejects.toMatchObject({ code: 'conflict' })
    expect(await step('training', 2)).toBe('training')
    await expect(step('certify', 3)).rejects.toMatchObject({ code: 'conflict' }) // not trained yet
    await step('trained', 3)
    expect(await step('certify', 4)).toBe('certified')
    await expect(step('assign', 4)).rejects.toMatchObject({ code: 'conflict' }) // stale version
    await logHours(database.db, manager.actor, a.id, hours, now)
    await expect(logHours(database.db, manager.actor, a.id, hours, now)).rejects.toMatchObject({
      code: 'conflict',
    })
    await logHours(
      database.db,
      manager.actor,
      a.id,
      HoursInput.parse({ day: '2026-12-02', minutes: '90', activity: 'session' }),
      now,
    )
    const v = await getVolunteer(database.db, manager.actor, a.id, { ip: null, now })
    expect(v).toMatchObject({ minutes: 210, motivation: '이웃을 돕고 싶어요', review: '성실함' })
    expect(v.a.certificateNo).toBe(a.reference)
    const mine = await myVolunteering(database.db, id)
    expect(mine[0]).toMatchObject({ minutes: 210 })
    const log = await database.query<{ n: number }>(
      `select count(*)::int n from access_log where person_id = '${id}'`,
    )
    expect(log[0]!.n).toBeGreaterThan(0)
  })

  it('a tutor cannot review; anonymous cannot apply', async () => {
    const tutor = await makeStaff(database.db, 'tutor', null, now)
    await expect(
      getVolunteer(database.db, tutor.actor, '00000000-0000-4000-8000-000000000000', { ip: null, now }),
    ).rejects.toMatchObject({ code: 'forbidden' })
    await expect(applyToVolunteer(database.db, { kind: 'anonymous' }, apply, now)).rejects.toMatchObject({
      code: 'unauthenticated',
    })
  })
})

describe('volunteering pages', () => {
  it('staff list and review page (4xx in the language on a bad step); the public page', async () => {
    const { Browser, TestClock, testApp } = await import('../../../test/app.ts')
    const { app } = testApp(database, { clock: new TestClock(now) })
    const b = new Browser(app, { 'accept-language': 'en' })
    expect((await b.get('/volunteer')).status).toBe(200)
    b.cookies.set('gachi_sid', manager.sid)
    const list = await (await b.get('/staff/volunteers')).text()
    const id = /\/staff\/volunteers\/([0-9a-f-]{36})/.exec(list)?.[1]
    expect(id).toBeDefined()
    const page = await (await b.get(`/staff/volunteers/${id}`)).text()
    expect(page).toContain('이웃을 돕고 싶어요')
    const bad = await b.post(`/staff/volunteers/${id}`, { version: '99', action: 'assign', placeId: 'x' })
    expect(bad.status).toBe(409)
    expect(await bad.text()).toContain('Someone changed this application')
  })
})
