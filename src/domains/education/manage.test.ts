import { eq, like } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { devMessages, jobs } from '../../platform/db/tables.ts'
import { messageHandlers, Worker } from '../../platform/jobs/worker.ts'
import { createLogger } from '../../platform/log.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { places } from '../reference/tables.ts'
import { addWalkIn, fits, saveTutorProfile, suggestTutors, syncMark } from './manage.ts'
import { recommend } from './recommend.ts'
import * as repo from './repo.ts'
import { CourseInput, SessionInput } from './schema.ts'
import { createCourse, createSession, enrol } from './service.ts'
import { attendance, courses, walkIns } from './tables.ts'

const NOW = new Date('2026-11-23T01:00:00Z')
const meta = () => ({ ip: '10.0.0.1', now: NOW })
let database: Database
let db: Db
let admin: Awaited<ReturnType<typeof makeStaff>>
let placeId: string

beforeAll(async () => {
  database = await freshDb()
  db = database.db
  await db.execute(
    `insert into districts (code, name_ko, name_en, lat, lon) values ('11110', '종로구', 'Jongno-gu', 37.57, 126.98)` as never,
  )
  const [p] = await db
    .insert(places)
    .values({
      id: 'edu-manage-1',
      kind: 'digital_learning_center',
      nameKo: '종로 배움터',
      districtCode: '11110',
      lat: 37.57,
      lon: 126.98,
      source: 'test',
    })
    .returning()
  placeId = p!.id
  admin = await makeStaff(db, 'admin', null, NOW)
})
afterAll(() => database.close())

const course = (over: Record<string, unknown> = {}) =>
  createCourse(
    db,
    admin.actor,
    CourseInput.parse({
      titleKo: '관리 수업',
      titleEn: 'Managed class',
      whoKo: '처음 쓰시는 분',
      whoEn: 'Beginners',
      level: 'basic',
      format: 'class',
      goals: ['smartphone_basics'],
      durationMinutes: 60,
      ...over,
    }),
    NOW,
  )

const session = async (courseId: string, over: Record<string, unknown> = {}) =>
  createSession(
    db,
    admin.actor,
    courseId,
    SessionInput.parse({
      placeId,
      firstDay: '2026-12-01',
      time: '10:00',
      capacity: 2,
      opensAt: NOW.toISOString(),
      ...over,
    }),
    NOW,
  )

async function citizen(name: string, phone: string): Promise<Actor> {
  const staff = await makeStaff(db, 'helpdesk_agent', null, NOW)
  const { registerPerson } = await import('../people/service.ts')
  const r = await registerPerson(
    db,
    staff.actor,
    {
      name,
      birthDate: '1948-03-07',
      phone,
      preferredLanguage: 'ko',
      channel: 'web',
      relationship: 'self',
      consentGiven: true,
      consentMethod: 'online',
    },
    meta(),
  )
  return { kind: 'citizen', personId: r.personId, sessionId: 'x' }
}

const self = { relationship: 'self' as const, consentGiven: true, consentMethod: 'online' as const }

describe('education: staff pages for the catalogue', () => {
  it('a programme manager adds a course with a captioned lecture, schedules a weekly session (Christmas skipped) and changes its seats — by forms only', async () => {
    const { app } = testApp(database, { clock: new TestClock(NOW) })
    const br = new Browser(app)
    br.cookies.set('gachi_sid', admin.sid)
    expect((await br.get('/staff/learn/courses')).status).toBe(200)
    expect((await br.get('/staff/learn/courses/new')).status).toBe(200)

    // errors come back on the form: missing fields, captions that are not WebVTT
    const bad = await br.post('/staff/learn/courses', {
      titleKo: '',
      level: 'basic',
      format: 'online_lecture',
      languages: 'ko',
      durationMinutes: '30',
      captionsVtt: 'not captions',
    })
    expect(bad.status).toBe(422)
    const badHtml = await bad.text()
    expect(badHtml).toContain('error-summary')
    expect(badHtml).toContain('WEBVTT')

    const ok = await br.post('/staff/learn/courses', {
      titleKo: '온라인 사기 예방',
      titleEn: 'Avoiding scams online',
      whoKo: '집에서 배우고 싶은 분을 위한 강의입니다.',
      whoEn: 'For people who want to learn at home.',
      level: 'basic',
      format: 'online_lecture',
      goals: ['scams'],
      topics: '사기 문자\n링크',
      durationMinutes: '30',
      completionPercent: '100',
      languages: 'ko',
      accessibility: 'captions',
      videoUrl: 'https://example.org/scams.mp4',
      captionsVtt: 'WEBVTT\n\n00:00.000 --> 00:04.000\n링크는 누르지 마세요.\n',
      transcriptKo: '링크는 누르지 마세요.\n\n모르면 120에 물어보세요.',
      transcriptEn: 'Do not open links.',
    })
    expect(ok.status).toBe(303)
    const [created] = await db.select().from(courses).where(eq(courses.titleKo, '온라인 사기 예방'))
    expect(created).toMatchObject({
      topics: ['사기 문자', '링크'],
      goals: ['scams'],
      format: 'online_lecture',
    })
    expect(ok.headers.get('location')).toBe(`/staff/learn/courses/${created!.id}/sessions/new`)

    // the lecture page: captions track and the transcript in paragraphs; the captions file as text/vtt
    const lecture = await (await br.get(`/learn/courses/${created!.id}/lecture`)).text()
    expect(lecture).toContain('<track')
    expect(lecture).toContain('kind="captions"')
    expect(lecture).toContain('<p>모르면 120에 물어보세요.</p>')
    const vtt = await app.request(`/api/v1/courses/${created!.id}/captions.vtt`)
    expect(vtt.headers.get('content-type')).toContain('text/vtt')
    expect(await vtt.text()).toMatch(/^WEBVTT/)

    // change the course by its form
    expect((await br.get(`/staff/learn/courses/${created!.id}/edit`)).status).toBe(200)
    const edit = await br.post(`/staff/learn/courses/${created!.id}`, {
      titleKo: '온라인 사기 예방 (개정)',
      titleEn: 'Avoiding scams online',
      whoKo: '집에서 배우고 싶은 분을 위한 강의입니다.',
      whoEn: 'For people who want to learn at home.',
      level: 'everyday',
      format: 'online_lecture',
      durationMinutes: '45',
      completionPercent: '100',
      languages: ['ko', 'en'],
      transcriptKo: '새 대본',
    })
    expect(edit.status).toBe(303)
    expect(await repo.findCourse(db, created!.id)).toMatchObject({
      titleKo: '온라인 사기 예방 (개정)',
      level: 'everyday',
      durationMinutes: 45,
      languages: ['ko', 'en'],
      transcriptKo: '새 대본',
      captionsVtt: null,
    })

    // schedule a weekly session over Christmas by the form (a tutor ticked)
    const tutor = await makeStaff(db, 'tutor', null, NOW)
    expect((await br.get(`/staff/learn/courses/${created!.id}/sessions/new?district=11110`)).status).toBe(200)
    const s = await br.post(`/staff/learn/courses/${created!.id}/sessions`, {
      placeId,
      firstDay: '2026-12-18',
      time: '14:00',
      repeat: 'weekly',
      meetings: '3',
      capacity: '10',
      tutorIds: tutor.id,
      opensDay: '2026-11-20',
      opensTime: '09:00',
    })
    expect(s.status).toBe(303)
    const sid = s.headers.get('location')!.split('/')[4]!
    const meetings = await repo.meetingsOf(db, sid)
    expect(meetings.map((m) => m.startsAt.toISOString())).toEqual([
      '2026-12-18T05:00:00.000Z',
      '2027-01-08T05:00:00.000Z',
      '2027-01-15T05:00:00.000Z',
    ])
    expect((await repo.findSession(db, sid))?.opensAt.toISOString()).toBe('2026-11-20T00:00:00.000Z')
    expect(await repo.isTutorOf(db, sid, tutor.id)).toBe(true)

    // the same tutor at an overlapping time: refused on the form (409), nothing created
    const twice = await br.post(`/staff/learn/courses/${created!.id}/sessions`, {
      placeId,
      firstDay: '2026-12-18',
      time: '14:30',
      repeat: 'once',
      capacity: '10',
      tutorIds: tutor.id,
      opensDay: '2026-11-30',
    })
    expect(twice.status).toBe(409)
    expect(await twice.text()).toContain('error-summary')

    // the edit page, then seats: never fewer than are taken
    expect((await br.get(`/staff/learn/sessions/${sid}/edit`)).status).toBe(200)
    const p1 = await citizen('좌석일', '01020000001')
    const p2 = await citizen('좌석이', '01020000002')
    await enrol(db, p1, sid, self, meta())
    await enrol(db, p2, sid, self, meta())
    const below = await br.post(`/staff/learn/sessions/${sid}/settings`, {
      capacity: '1',
      opensDay: '2026-11-30',
      opensTime: '09:00',
    })
    expect(below.status).toBe(422)
    const fine = await br.post(`/staff/learn/sessions/${sid}/settings`, {
      capacity: '2',
      opensDay: '2026-11-29',
      opensTime: '10:00',
      liveUrl: 'https://meet.example.org/room',
    })
    expect(fine.status).toBe(303)
    expect(await repo.findSession(db, sid)).toMatchObject({
      capacity: 2,
      liveUrl: 'https://meet.example.org/room',
    })
  })
})

describe('education: tutors', () => {
  it('suggests free tutors by skill, language, district and availability; a double-booked tutor is never suggested', async () => {
    const c = await course({ goals: ['kiosk'], languages: ['ko'] })
    const [good, busy, far] = [
      await makeStaff(db, 'tutor', null, NOW),
      await makeStaff(db, 'tutor', null, NOW),
      await makeStaff(db, 'tutor', null, NOW),
    ]
    const weekdays = [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '18:00' }))
    await saveTutorProfile(
      db,
      admin.actor,
      good.id,
      {
        skills: ['kiosk'],
        languages: ['ko'],
        districts: ['11110'],
        availability: weekdays,
        peerVolunteer: true,
      },
      NOW,
    )
    await saveTutorProfile(
      db,
      admin.actor,
      busy.id,
      {
        skills: ['kiosk'],
        languages: ['ko'],
        districts: ['11110'],
        availability: weekdays,
        peerVolunteer: false,
      },
      NOW,
    )
    await saveTutorProfile(
      db,
      admin.actor,
      far.id,
      { skills: [], languages: ['en'], districts: [], availability: [], peerVolunteer: false },
      NOW,
    )
    // Wednesday 2 December 2026, 10:00 KST
    await session(c.id, { firstDay: '2026-12-02', time: '10:00', tutorIds: [busy.id] })
    const s = (await session(c.id, { firstDay: '2026-12-02', time: '10:30' })).session
    const list = await suggestTutors(db, admin.actor, s.id)
    const ids = list.map((x) => x.id)
    expect(ids).not.toContain(busy.id)
    expect(ids.indexOf(good.id)).toBeLessThan(ids.indexOf(far.id))
    expect(list.find((x) => x.id === good.id)).toMatchObject({
      available: true,
      peerVolunteer: true,
      reasons: expect.arrayContaining(['education.suggest.skill', 'education.suggest.district']),
    })
    expect(list.find((x) => x.id === far.id)?.available).toBe(false)
    // pages: the list, a profile form (an end before the start is refused on its weekday's field)
    const { app } = testApp(database, { clock: new TestClock(NOW) })
    const br = new Browser(app)
    br.cookies.set('gachi_sid', admin.sid)
    const goodName = good.actor.kind === 'staff' ? good.actor.name : ''
    expect(await (await br.get('/staff/learn/tutors')).text()).toContain(goodName)
    expect((await br.get(`/staff/learn/tutors/${good.id}`)).status).toBe(200)
    const bad = await br.post(`/staff/learn/tutors/${far.id}`, {
      peerVolunteer: 'no',
      languages: 'ko',
      from3: '15:00',
      to3: '10:00',
    })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('f-to3')
    const saved = await br.post(`/staff/learn/tutors/${far.id}`, {
      peerVolunteer: 'yes',
      languages: ['ko', 'en'],
      skills: 'kiosk',
      districts: '11110',
      from3: '09:00',
      to3: '12:00',
    })
    expect(saved.status).toBe(303)
    const again = await suggestTutors(db, admin.actor, s.id)
    expect(again.find((x) => x.id === far.id)).toMatchObject({ available: true, peerVolunteer: true })
    // the edit page shows suggestions with an assign button; assigning books the tutor
    const edit = await (await br.get(`/staff/learn/sessions/${s.id}/edit`)).text()
    expect(edit).toContain(`value="${good.id}"`)
    expect((await br.post(`/staff/learn/sessions/${s.id}/change`, { tutorIds: good.id })).status).toBe(303)
    expect(await repo.isTutorOf(db, s.id, good.id)).toBe(true)
  })

  it('availability: a meeting fits a weekly window on its Seoul weekday only', () => {
    const av = [{ day: 3, from: '09:00', to: '12:00' }]
    expect(fits(av, new Date('2026-12-02T01:00:00Z'), new Date('2026-12-02T02:30:00Z'))).toBe(true)
    expect(fits(av, new Date('2026-12-02T02:00:00Z'), new Date('2026-12-02T03:30:00Z'))).toBe(false)
    expect(fits(av, new Date('2026-12-03T01:00:00Z'), new Date('2026-12-03T02:00:00Z'))).toBe(false)
  })
})

describe('education: the SMS link', () => {
  it('a cancellation promotes the waitlist; the promoted person’s text carries a short link where they verify by code and cancel, which promotes the next', async () => {
    const clock = new TestClock(NOW)
    const t = testApp(database, { clock })
    const due = () => new Date(Math.max(Date.now(), clock.now().getTime()) + 1000)
    const worker = new Worker(db, messageHandlers, [], t.deps.transports, createLogger('silent'), due)
    const c = await course({ titleKo: '링크 수업' })
    const s = (await session(c.id, { firstDay: '2026-12-11', capacity: 1 })).session
    const a = await citizen('첫째분', '01030000001')
    const b = await citizen('둘째분', '01030000002')
    const d = await citizen('셋째분', '01030000003')
    const ea = await enrol(db, a, s.id, self, meta())
    const eb = await enrol(db, b, s.id, self, meta())
    const ed = await enrol(db, d, s.id, self, meta())
    expect([ea, eb, ed].map((x) => x.enrolment.status)).toEqual(['enrolled', 'waitlisted', 'waitlisted'])

    const staff = new Browser(t.app)
    staff.cookies.set('gachi_sid', admin.sid)
    expect(
      (await staff.post(`/staff/learn/enrolments/${ea.enrolment.id}/cancel`, { session: s.id })).status,
    ).toBe(303)
    await worker.drain()
    const [sms] = await db.select().from(devMessages).where(eq(devMessages.recipient, '01030000002'))
    expect(sms!.body).toContain('링크 수업')
    const path = /\/c\/([A-Z2-9]{8})/.exec(sms!.body)?.[0]
    expect(path).toBeTruthy()

    // anyone opening the link sees only "verify first"
    const br = new Browser(t.app)
    const first = await (await br.get(path!)).text()
    expect(first).toContain(`/verify?next=${encodeURIComponent(path!)}`)
    expect(first).not.toContain('링크 수업')
    expect((await br.get('/c/ZZZZZZZZ')).status).toBe(404)

    // verify by code (identity/people verification) and come back to the link page
    const sent = await br.post('/verify', {
      name: '둘째분',
      birthYear: '1948',
      birthMonth: '3',
      birthDay: '7',
      phone: '010-3000-0002',
      next: path!,
    })
    expect(sent.status).toBe(303)
    await worker.drain()
    const codes = await db.select().from(devMessages).where(eq(devMessages.recipient, '01030000002'))
    const code = codes.at(-1)!.body.match(/\d{6}/)![0]
    const ok = await br.post('/verify/code', { code, next: path! })
    expect(ok.headers.get('location')).toBe(path)
    const mine = await (await br.get(path!)).text()
    expect(mine).toContain('링크 수업')

    // someone else verified cannot use it
    const other = new Browser(t.app)
    const { createSession: citizenSession } = await import('../../platform/auth/session.ts')
    other.cookies.set(
      'gachi_sid',
      await citizenSession(db, { personId: d.kind === 'citizen' ? d.personId : '' }, { now: NOW }),
    )
    expect((await other.post(`${path}/cancel`, { enrolmentId: eb.enrolment.id })).status).toBe(404)

    const cancel = await br.post(`${path}/cancel`, { enrolmentId: eb.enrolment.id })
    expect(cancel.headers.get('location')).toBe(`${path}?done=1`)
    expect((await repo.findEnrolment(db, eb.enrolment.id))?.status).toBe('cancelled')
    expect((await repo.findEnrolment(db, ed.enrolment.id))?.status).toBe('enrolled')
    expect(
      await db
        .select()
        .from(jobs)
        .where(eq(jobs.dedupeKey, `edu-promoted:${ed.enrolment.id}`)),
    ).toHaveLength(1)
  })
})

describe('education: attendance on a weak connection', () => {
  it('a re-sent mark (same key) changes nothing; a newer mark wins; a walk-in re-sent is added once', async () => {
    const c = await course({ completionPercent: 100 })
    const tutor = await makeStaff(db, 'tutor', null, NOW)
    const other = await makeStaff(db, 'tutor', null, NOW)
    const r = await session(c.id, { firstDay: '2026-12-15', time: '09:00', tutorIds: [tutor.id] })
    const p = await citizen('출석동기', '01040000001')
    const e = await enrol(db, p, r.session.id, self, meta())
    const m = r.meetings[0]!
    const mark = { enrolmentId: e.enrolment.id, present: true, key: 'phone-key-0001' }
    const one = await syncMark(db, tutor.actor, m.id, mark, meta())
    expect(one).toMatchObject({ replayed: false, present: true })
    expect(one.certificate).toMatch(/^[0-9A-F]{10}$/)
    const again = await syncMark(db, tutor.actor, m.id, mark, meta())
    expect(again).toMatchObject({ replayed: true, certificate: null })
    await syncMark(db, tutor.actor, m.id, { ...mark, present: false, key: 'phone-key-0002' }, meta())
    const [row] = await db.select().from(attendance).where(eq(attendance.enrolmentId, e.enrolment.id))
    expect(row).toMatchObject({ present: false })
    await expect(
      syncMark(db, other.actor, m.id, { ...mark, key: 'phone-key-0003' }, meta()),
    ).rejects.toMatchObject({
      code: 'not_found',
    })

    const w1 = await addWalkIn(db, tutor.actor, m.id, { name: '현장손님', key: 'walk-key-0001' }, meta())
    const w2 = await addWalkIn(db, tutor.actor, m.id, { name: '현장손님', key: 'walk-key-0001' }, meta())
    expect(w2).toMatchObject({ replayed: true, walkIn: { id: w1.walkIn.id } })
    expect(await db.select().from(walkIns).where(eq(walkIns.meetingId, m.id))).toHaveLength(1)

    // the API the phone uses, and the roster and class pages
    const { app } = testApp(database, { clock: new TestClock(NOW) })
    const br = new Browser(app)
    br.cookies.set('gachi_sid', tutor.sid)
    await br.get(`/teach/meetings/${m.id}`)
    const api = (key: string) =>
      app.request(`/api/v1/meetings/${m.id}/walk-ins`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: `gachi_sid=${tutor.sid}; gachi_csrf=${br.csrf}`,
          'x-csrf-token': br.csrf,
          origin: 'http://localhost',
          host: 'localhost',
        },
        body: JSON.stringify({ name: '두번손님', key }),
      })
    expect((await api('walk-key-0002')).status).toBe(201)
    expect((await api('walk-key-0002')).status).toBe(200)
    const roster = await (await br.get(`/teach/meetings/${m.id}`)).text()
    expect(roster).toContain('/static/education/roster.js')
    expect(roster.match(/두번손님/g)).toHaveLength(1)
    const cls = await br.get(`/teach/sessions/${r.session.id}`)
    expect(cls.status).toBe(200)
    expect(await cls.text()).toContain('출석동기')
    const otherBr = new Browser(app)
    otherBr.cookies.set('gachi_sid', other.sid)
    expect((await otherBr.get(`/teach/sessions/${r.session.id}`)).status).toBe(404)
  })
})

describe('education: what next from kiosk practice', () => {
  it('a learner who struggled with the ATM practice is pointed to the banking class first', async () => {
    const all = await repo.listCourses(db)
    const bank = await course({ titleKo: '은행 앱', goals: ['banking'], level: 'everyday' })
    const recs = recommend([...all, bank], [], [], 3, [
      { scenario: 'atm', attempts: 2, completed: 0, wrongTaps: 6, hints: 2 },
      { scenario: 'fast-food', attempts: 3, completed: 3, wrongTaps: 0, hints: 0 },
    ])
    expect(recs[0]?.course.id).toBe(bank.id)
    expect(recs[0]?.reasons).toContain('education.next.kiosk')
  })

  it('the tutor’s class page shows where the class got stuck in kiosk practice (small counts withheld) and points them to the class that helps', async () => {
    const { kioskAttempts } = await import('../kiosk/tables.ts')
    const c = await course({ titleKo: '키오스크 반', goals: ['smartphone_basics'] })
    await course({ titleKo: '은행 앱 배우기', goals: ['banking'], level: 'everyday' })
    const tutor = await makeStaff(db, 'tutor', null, NOW)
    const r = await session(c.id, {
      firstDay: '2026-12-16',
      time: '16:00',
      capacity: 5,
      tutorIds: [tutor.id],
    })
    const people = []
    for (const [i, name] of ['연습일', '연습이', '연습삼', '연습사'].entries()) {
      const p = await citizen(name, `0105000000${i}`)
      await enrol(db, p, r.session.id, self, meta())
      people.push(p.kind === 'citizen' ? p.personId : '')
    }
    // three learners stopped at the ATM's PIN screen; one stumbled once on the fast-food menu
    await db.insert(kioskAttempts).values([
      ...people.slice(0, 3).map((personId) => ({
        id: crypto.randomUUID(),
        personId,
        scenario: 'atm',
        scenarioVersion: 1,
        mode: 'guided' as const,
        completed: false,
        durationMs: 60_000,
        wrongTaps: 4,
        hints: 1,
        timeouts: 0,
        stoppedAt: 'pin',
        steps: [{ screen: 'pin', wrong: 4, hints: 1, timeouts: 0 }],
        startedAt: NOW,
      })),
      {
        id: crypto.randomUUID(),
        personId: people[3]!,
        scenario: 'fast-food',
        scenarioVersion: 1,
        mode: 'guided' as const,
        completed: true,
        durationMs: 60_000,
        wrongTaps: 1,
        hints: 0,
        timeouts: 0,
        stoppedAt: null,
        steps: [{ screen: 'menu', wrong: 1, hints: 0, timeouts: 0 }],
        startedAt: NOW,
      },
    ])
    const { app } = testApp(database, { clock: new TestClock(NOW) })
    const br = new Browser(app)
    br.cookies.set('gachi_sid', tutor.sid)
    const html = await (await br.get(`/teach/sessions/${r.session.id}`)).text()
    expect(html).toContain('연습한 3명 중 3명이 막혔습니다')
    expect(html).toContain('명 미만이라 숫자를 보이지 않습니다')
    expect(html).toMatch(/은행 앱( 배우기)?<\/a>/)
    expect(html).toContain('키오스크 연습에서 어려워하신 부분을 배웁니다.')
  })

  it('the promoted person’s text is in the outbox with its reference (checked by the outbox)', async () => {
    const rows = await db.select().from(jobs).where(like(jobs.dedupeKey, 'edu-promoted:%'))
    expect(rows.length).toBeGreaterThan(0)
    expect(JSON.stringify(rows[0]!.payload)).toMatch(/\/c\/[A-Z2-9]{8}/)
  })
})
