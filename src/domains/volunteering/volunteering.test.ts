import { like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshDb } from '../../../test/fresh-db.ts'
import { createSession as createCitizenSession } from '../../platform/auth/session.ts'
import type { Database } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { registerMessages } from '../../platform/i18n/index.ts'
import { guideCheckins } from '../guides/tables.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { places } from '../reference/tables.ts'
import { volunteeringMessages } from './messages.ts'
import { volunteeringReferences } from './references.ts'
import { ApplyInput, HoursInput, ReviewInput } from './schema.ts'
import {
  ageOn,
  applyToVolunteer,
  collectAllHours,
  collectHours,
  getVolunteer,
  hoursCertificateFor,
  issueHoursCertificate,
  logHours,
  myVolunteering,
  reviewVolunteer,
  verifyHoursCertificate,
} from './service.ts'
import { volunteerApplications } from './tables.ts'
import { completeTraining, trainingCourseFor } from './test-helpers.ts'

let database: Database
let manager: Awaited<ReturnType<typeof makeStaff>>
let tutor: Awaited<ReturnType<typeof makeStaff>>
let placeId: string
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
  registerMessages('volunteering', volunteeringMessages) // as the app does when domains register
  database = await freshDb({ reference: true })
  manager = await makeStaff(database.db, 'programme_manager', null, now)
  tutor = await makeStaff(database.db, 'tutor', null, now)
  const [p] = await database.db.select({ id: places.id }).from(places).limit(1)
  placeId = p!.id
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
    // the interview time was texted (outbox) with the reference
    const sms = await database.db
      .select()
      .from(jobs)
      .where(like(jobs.dedupeKey, `vol-interview:${a.id}:%`))
    expect(sms).toHaveLength(1)
    expect(JSON.stringify(sms[0]!.payload)).toContain(a.reference)
    expect(JSON.stringify(sms[0]!.payload)).toContain('면접')
    await expect(step('training', 2)).rejects.toMatchObject({ code: 'validation' }) // no course
    const training = await trainingCourseFor(database.db, manager.actor, tutor.id, placeId, now)
    expect(await step('training', 2, { trainingCourseId: training.course.id })).toBe('training')
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

  it('the training course certificate in the education module counts as trained; shifts and classes become hours; a certificate of hours with a code; VOL- found', async () => {
    const id = await person('1960-02-02', '01055550003')
    const a = await applyToVolunteer(database.db, citizen(id), { ...apply, role: 'peer_tutor' }, now)
    let version = 1
    const step = async (action: string, extra: Record<string, string> = {}) => {
      const r = await reviewVolunteer(
        database.db,
        manager.actor,
        a.id,
        ReviewInput.parse({ action, version: String(version), ...extra }),
        now,
      )
      version++
      return r
    }
    await step('interview', { interviewAt: '2026-12-04T14:00' })
    const training = await trainingCourseFor(database.db, manager.actor, tutor.id, placeId, now, {
      titleKo: '봉사자 교육 2기',
      firstDay: '2026-12-08',
    })
    await step('training', { trainingCourseId: training.course.id })
    await expect(step('certify')).rejects.toMatchObject({ code: 'conflict' })
    const cert = await completeTraining(
      database.db,
      tutor.actor,
      id,
      training.session.id,
      training.meetings[0]!.id,
      now,
    )
    expect(cert?.code).toMatch(/^[0-9A-F]{10}$/)
    const seen = await getVolunteer(database.db, manager.actor, a.id, { ip: null, now })
    expect(seen.course?.id).toBe(training.course.id)
    expect(seen.trainingCertificate?.code).toBe(cert!.code)
    expect(await step('certify')).toBe('certified') // no manual "trained" step
    expect((await myVolunteering(database.db, id))[0]).toMatchObject({ trained: true })

    // the volunteer teaches as a tutor (their staff account) and worked a guide shift
    const own = await makeStaff(database.db, 'tutor', null, now)
    await step('assign', { placeId, staffUserId: own.id })
    const later = new Date('2026-12-24T01:00:00Z')
    const taught = await trainingCourseFor(database.db, manager.actor, own.id, placeId, now, {
      firstDay: '2026-12-10',
      titleKo: '스마트폰 기초 (봉사자 수업)',
    })
    await database.db.insert(guideCheckins).values([
      {
        idemKey: 'vol-test-shift-1',
        staffId: own.id,
        siteId: 'test-site',
        labelKo: '종로 안내',
        labelEn: 'Jongno help point',
        checkedInAt: new Date('2026-12-05T01:00:00Z'),
        checkedOutAt: new Date('2026-12-05T04:00:00Z'),
      },
      {
        idemKey: 'vol-test-shift-2', // still checked in: not counted
        staffId: own.id,
        siteId: 'test-site',
        labelKo: '종로 안내',
        labelEn: 'Jongno help point',
        checkedInAt: new Date('2026-12-23T23:00:00Z'),
      },
      {
        idemKey: 'vol-test-shift-3', // someone else's shift
        staffId: tutor.id,
        siteId: 'test-site',
        labelKo: '종로 안내',
        labelEn: 'Jongno help point',
        checkedInAt: new Date('2026-12-05T01:00:00Z'),
        checkedOutAt: new Date('2026-12-05T02:00:00Z'),
      },
    ])
    const got = await collectHours(database.db, manager.actor, a.id, later)
    expect(got).toEqual({ added: 3, minutes: 180 + 120 + 120 })
    expect(await collectHours(database.db, manager.actor, a.id, later)).toEqual({ added: 0, minutes: 0 })
    // the nightly job picks up a shift finished later, once
    await database.db.insert(guideCheckins).values({
      idemKey: 'vol-test-shift-4',
      staffId: own.id,
      siteId: 'test-site',
      labelKo: '종로 안내',
      labelEn: 'Jongno help point',
      checkedInAt: new Date('2026-12-23T23:30:00Z'),
      checkedOutAt: new Date('2026-12-24T00:30:00Z'),
    })
    expect(await collectAllHours(database.db, later)).toBe(1)
    expect(await collectAllHours(database.db, later)).toBe(0)
    const v = await getVolunteer(database.db, manager.actor, a.id, { ip: null, now: later })
    expect(
      v.hours.map((h) => `${h.day} ${h.activity} ${h.minutes} ${h.sourceRef?.split(':')[0]}`).sort(),
    ).toEqual([
      '2026-12-05 shift 180 guide-checkin',
      '2026-12-10 session 120 edu-meeting',
      '2026-12-17 session 120 edu-meeting',
      '2026-12-24 shift 60 guide-checkin',
    ])
    expect(taught.meetings.map((m) => m.id)).toContain(
      v.hours.find((h) => h.activity === 'session')!.sourceRef!.split(':')[1],
    )

    // certificate of hours: a snapshot with a code, its PDF for the volunteer only, public check
    const issued = await issueHoursCertificate(database.db, manager.actor, a.id, later)
    expect(issued).toMatchObject({ minutes: 480, fromDay: '2026-12-05', toDay: '2026-12-24' })
    expect((await verifyHoursCertificate(database.db, issued.code.toLowerCase())).cert.id).toBe(issued.id)
    await expect(verifyHoursCertificate(database.db, 'ABCDEF0123')).rejects.toMatchObject({
      code: 'not_found',
    })
    const mine = await hoursCertificateFor(database.db, citizen(id), issued.id)
    expect(mine.byActivity.sort((x, y) => x.activity.localeCompare(y.activity))).toEqual([
      { activity: 'session', minutes: 240 },
      { activity: 'shift', minutes: 240 },
    ])
    const stranger = await person('1961-01-01', '01055550004')
    await expect(hoursCertificateFor(database.db, citizen(stranger), issued.id)).rejects.toMatchObject({
      code: 'not_found',
    })
    const { Browser, TestClock, testApp } = await import('../../../test/app.ts')
    const { app } = testApp(database, { clock: new TestClock(later) })
    const sid = await createCitizenSession(database.db, { personId: id }, { now: later })
    const pdf = await app.request(`/api/v1/volunteering/hours-certificates/${issued.id}/pdf`, {
      headers: { cookie: `gachi_sid=${sid}`, 'accept-language': 'ko' },
    })
    expect(pdf.status).toBe(200)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(await pdf.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.toString('latin1')).toContain('NotoSansKR') // the Korean font is embedded
    const check = await app.request(`/volunteer/certificates/${issued.code}`, {
      headers: { 'accept-language': 'en' },
    })
    expect(await check.text()).toContain('8 h 0 min')

    // VOL- reference at /staff/find for reviewers; nothing for a tutor
    const hits = await volunteeringReferences[0]!.find(
      database.db,
      manager.actor,
      a.reference.toLowerCase(),
      'en',
    )
    expect(hits).toEqual([
      { href: `/staff/volunteers/${a.id}`, label: expect.stringContaining('Volunteering') },
    ])
    expect(await volunteeringReferences[0]!.find(database.db, tutor.actor, a.reference, 'en')).toEqual([])
    const b = new Browser(testApp(database, { clock: new TestClock(now) }).app, { 'accept-language': 'en' })
    const reviewer = await makeStaff(database.db, 'programme_manager', null, now)
    b.cookies.set('gachi_sid', reviewer.sid)
    const found = await (await b.get(`/staff/find?ref=${a.reference}`)).text()
    expect(found).toContain(`/staff/volunteers/${a.id}`)
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

let sharedCourse: ReturnType<typeof trainingCourseFor> | undefined
/** A certified volunteer application in `role`, assigned with `staffId` as the linked account. */
async function certified(personId: string, role: string, staffId: string, at: Date) {
  const a = await applyToVolunteer(database.db, citizen(personId), { ...apply, role } as ApplyInput, at)
  sharedCourse ??= trainingCourseFor(database.db, manager.actor, tutor.id, placeId, at, {
    firstDay: '2026-12-15',
    time: '15:00',
  })
  const course = await sharedCourse
  const steps: [string, Record<string, string>][] = [
    ['interview', { interviewAt: '2026-12-03T10:00' }],
    ['training', { trainingCourseId: course.course.id }],
    ['trained', {}],
    ['certify', {}],
    ['assign', { placeId, staffUserId: staffId }],
  ]
  for (const [i, [action, extra]] of steps.entries())
    await reviewVolunteer(
      database.db,
      manager.actor,
      a.id,
      ReviewInput.parse({ action, version: String(i + 1), ...extra }),
      at,
    )
  return a
}

describe('hours from help-desk tickets, once per person', () => {
  it("an IT supporter's resolved tickets become 30-minute hours, each once, with the ticket shown as source", async () => {
    const { askQuestion, replyToTicket } = await import('../helpdesk/service.ts')
    const { ReplyInput } = await import('../helpdesk/schema.ts')
    registerMessages('helpdesk', (await import('../helpdesk/messages.ts')).helpdeskMessages)
    const agent = await makeStaff(database.db, 'helpdesk_agent', null, now)
    const other = await makeStaff(database.db, 'helpdesk_agent', null, now)
    const asker = await person('1950-03-03', '01055550010')
    const ask = async (question: string) =>
      askQuestion(
        database.db,
        citizen(asker),
        { category: 'phone_basics', question, replyChannel: 'web', email: undefined },
        undefined,
        { ip: null, now, locale: 'ko' },
      )
    const answer = (by: typeof agent, ticketId: string, after: 'resolved' | 'waiting_citizen', at: Date) =>
      replyToTicket(database.db, by.actor, ticketId, ReplyInput.parse({ body: '이렇게 해 보세요', after }), {
        ip: null,
        now: at,
      })
    // resolved before certification: not counted
    const early = await ask('글자가 작아요')
    await answer(agent, early.id, 'resolved', new Date('2026-12-01T02:00:00Z'))
    const id = await person('1958-04-04', '01055550011')
    const a = await certified(id, 'it_supporter', agent.id, now)
    const t1 = await ask('카카오톡 사진 보내기')
    const t2 = await ask('와이파이 연결')
    const t3 = await ask('문자 사기 같아요')
    const t4 = await ask('앱 설치')
    await answer(agent, t1.id, 'resolved', new Date('2026-12-03T02:00:00Z'))
    // assigned to our agent (first reply) but resolved by someone else: theirs, not ours
    await answer(agent, t2.id, 'waiting_citizen', new Date('2026-12-03T03:00:00Z'))
    await answer(other, t2.id, 'resolved', new Date('2026-12-03T04:00:00Z'))
    await answer(agent, t3.id, 'resolved', new Date('2026-12-04T05:00:00Z'))
    await answer(agent, t4.id, 'waiting_citizen', new Date('2026-12-04T06:00:00Z')) // not resolved
    const later = new Date('2026-12-05T01:00:00Z')
    expect(await collectHours(database.db, manager.actor, a.id, later)).toEqual({ added: 2, minutes: 60 })
    expect(await collectAllHours(database.db, later)).toBe(0)
    const v = await getVolunteer(database.db, manager.actor, a.id, { ip: null, now: later })
    expect(v.hours.map((h) => `${h.day} ${h.activity} ${h.minutes} ${h.sourceRef}`).sort()).toEqual([
      `2026-12-03 ticket 30 help-ticket:${t1.ref}`,
      `2026-12-04 ticket 30 help-ticket:${t3.ref}`,
    ])
    // the same ticket typed by hand afterwards is refused
    await expect(
      logHours(
        database.db,
        manager.actor,
        a.id,
        HoursInput.parse({
          day: '2026-12-03',
          minutes: '30',
          activity: 'ticket',
          sourceRef: `help-ticket:${t1.ref}`,
        }),
        later,
      ),
    ).rejects.toMatchObject({ code: 'conflict' })
    // the hours list names the source: the ticket's reference, counted automatically
    const { Browser, TestClock, testApp } = await import('../../../test/app.ts')
    const b = new Browser(testApp(database, { clock: new TestClock(later) }).app, { 'accept-language': 'en' })
    b.cookies.set('gachi_sid', (await makeStaff(database.db, 'programme_manager', null, later)).sid)
    const page = await (await b.get(`/staff/volunteers/${a.id}`)).text()
    expect(page).toContain(`Help-desk ticket ${t1.ref}`)
    expect(page).not.toContain(`Help-desk ticket ${t2.ref}`)
    expect(page).toContain('(IT supporter)') // the agent is offered as the linked account
  })

  it('one person as guide and tutor on one staff account: each shift and class meeting counts once', async () => {
    const own = await makeStaff(database.db, 'tutor', null, now)
    const id = await person('1956-06-06', '01055550012')
    const guide = await certified(id, 'digital_guide', own.id, now)
    const teacher = await certified(id, 'peer_tutor', own.id, now)
    const taught = await trainingCourseFor(database.db, manager.actor, own.id, placeId, now, {
      firstDay: '2026-12-09',
      titleKo: '키오스크 연습 (봉사자 수업)',
    })
    await database.db.insert(guideCheckins).values({
      idemKey: 'vol-two-roles-shift',
      staffId: own.id,
      siteId: 'test-site',
      labelKo: '종로 안내',
      labelEn: 'Jongno help point',
      checkedInAt: new Date('2026-12-04T01:00:00Z'),
      checkedOutAt: new Date('2026-12-04T03:00:00Z'),
    })
    const later = new Date('2026-12-24T01:00:00Z')
    // collected from either application, then by the nightly job: one shift, two meetings in all
    const first = await collectHours(database.db, manager.actor, guide.id, later)
    expect(first).toEqual({ added: 3, minutes: 120 + 120 + 120 })
    expect(await collectHours(database.db, manager.actor, teacher.id, later)).toEqual({
      added: 0,
      minutes: 0,
    })
    expect(await collectAllHours(database.db, later)).toBe(0)
    const g = await getVolunteer(database.db, manager.actor, guide.id, { ip: null, now: later })
    const t = await getVolunteer(database.db, manager.actor, teacher.id, { ip: null, now: later })
    // each piece of work on the application of its role
    expect(g.hours.map((h) => h.activity)).toEqual(['shift'])
    expect(t.hours.map((h) => h.sourceRef).sort()).toEqual(
      taught.meetings.map((m) => `edu-meeting:${m.id}`).sort(),
    )
    expect(g.minutes + t.minutes).toBe(360)
    // typing the shift's reference by hand on the other application is refused too
    await expect(
      logHours(
        database.db,
        manager.actor,
        teacher.id,
        HoursInput.parse({
          day: '2026-12-04',
          minutes: '120',
          activity: 'shift',
          sourceRef: g.hours[0]!.sourceRef!,
        }),
        later,
      ),
    ).rejects.toMatchObject({ code: 'conflict' })
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
