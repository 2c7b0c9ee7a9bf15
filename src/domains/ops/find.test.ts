import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { caseRef, parseCaseRef } from '../../platform/reference.ts'
import { CourseInput, SessionInput } from '../education/schema.ts'
import { cancelEnrolment, createCourse, createSession, enrol } from '../education/service.ts'
import { makeOrg, makeStaff } from '../people/test-helpers.ts'
import { places } from '../reference/tables.ts'

const NOW = new Date('2026-11-23T01:00:00Z')
const meta = (over: Record<string, unknown> = {}) => ({ ip: '10.0.0.1', now: NOW, ...over })
let database: Database
let db: Db

beforeAll(async () => {
  database = await freshDb()
  db = database.db
  await db.execute(
    `insert into districts (code, name_ko, name_en, lat, lon) values ('11110', '종로구', 'Jongno-gu', 37.57, 126.98)` as never,
  )
  await db.insert(places).values({
    id: 'find-test-1',
    kind: 'digital_learning_center',
    nameKo: '종로 디지털배움터',
    districtCode: '11110',
    lat: 37.57,
    lon: 126.98,
    source: 'test',
  })
})
afterAll(() => database.close())

describe('reference numbers', () => {
  it('derived references read back whatever the case, spacing or dashes', () => {
    const id = '3f2a9c1b-0000-4000-8000-000000000000'
    expect(caseRef('EDU', id)).toBe('EDU-3F2A-9C1B')
    expect(parseCaseRef(' edu 3f2a 9c1b ')).toEqual({ prefix: 'EDU', hex: '3f2a9c1b' })
    expect(parseCaseRef('EDU3F2A9C1B')).toEqual({ prefix: 'EDU', hex: '3f2a9c1b' })
    expect(parseCaseRef('EDU-3F2A-9C1')).toBeNull()
    expect(parseCaseRef("EDU-3F2A-9C1' or 1=1")).toBeNull()
  })

  it('a promotion text shows the enrolment reference; staff who may see it find it, others find nothing', async () => {
    const admin = await makeStaff(db, 'admin', null, NOW)
    const [orgA, orgB] = [await makeOrg(db, 'A 센터'), await makeOrg(db, 'B 센터')]
    const workerA = await makeStaff(db, 'centre_worker', orgA.id, NOW)
    const workerB = await makeStaff(db, 'centre_worker', orgB.id, NOW)
    const guide = await makeStaff(db, 'digital_guide', orgA.id, NOW)
    const c = await createCourse(
      db,
      admin.actor,
      CourseInput.parse({
        titleKo: '참조시험 수업',
        titleEn: 'Reference test class',
        whoKo: '처음 쓰시는 분',
        whoEn: 'Beginners',
        level: 'basic',
        format: 'class',
        goals: ['smartphone_basics'],
        durationMinutes: 60,
      }),
      NOW,
    )
    const { session } = await createSession(
      db,
      admin.actor,
      c.id,
      SessionInput.parse({
        placeId: 'find-test-1',
        firstDay: '2026-12-02',
        time: '10:00',
        capacity: 1,
        opensAt: NOW.toISOString(),
      }),
      NOW,
    )
    const caller = (name: string, phone: string) => ({
      person: { name, birthDate: '1946-02-03', phone },
      channel: 'phone' as const,
      relationship: 'social_worker' as const,
      consentGiven: true,
      consentMethod: 'verbal' as const,
    })
    const first = await enrol(db, workerA.actor, session.id, caller('김첫째', '01020000001'), meta())
    const second = await enrol(db, workerA.actor, session.id, caller('이둘째', '01020000002'), meta())
    expect(second.enrolment.status).toBe('waitlisted')
    await cancelEnrolment(db, workerA.actor, first.enrolment.id, meta())

    const ref = caseRef('EDU', second.enrolment.id)
    const [sms] = await db
      .select()
      .from(jobs)
      .where(eq(jobs.dedupeKey, `edu-promoted:${second.enrolment.id}`))
    expect(sms?.payload).toMatchObject({ reference: ref })
    expect((sms!.payload as { body: string }).body).toContain(ref)

    const { app } = testApp(database, { clock: new TestClock(NOW) })
    const open = (sid: string) => {
      const b = new Browser(app)
      b.cookies.set('gachi_sid', sid)
      return b
    }
    // read out over the phone: lower case, spaces
    const typed = encodeURIComponent(ref.toLowerCase().replace(/-/g, ' '))
    const found = await (await open(admin.sid).get(`/staff/find?ref=${typed}`)).text()
    expect(found).toContain(`/staff/learn/sessions/${session.id}`)
    expect(found).toContain('참조시험 수업')
    const asA = await (await open(workerA.sid).get(`/staff/find?ref=${typed}`)).text()
    expect(asA).toContain(`/staff/learn/sessions/${session.id}`)
    // another centre's worker and a role without education access see nothing, not even the course name
    for (const who of [workerB, guide]) {
      const res = await open(who.sid).get(`/staff/find?ref=${typed}`)
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).not.toContain(`/staff/learn/sessions/${session.id}`)
      expect(html).not.toContain('참조시험 수업')
      expect(html).toContain('찾은 건이 없습니다')
    }
    // citizens and visitors cannot use the page
    expect((await new Browser(app).get(`/staff/find?ref=${typed}`)).status).toBe(303)
  })
})
