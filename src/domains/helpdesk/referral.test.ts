import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { CourseInput, SessionInput } from '../education/schema.ts'
import { createCourse, createSession as createEduSession } from '../education/service.ts'
import { staffUsers } from '../identity/tables.ts'
import { registerPerson } from '../people/service.ts'
import { proxyActions } from '../people/tables.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import * as repo from './repo.ts'
import { SEED_ARTICLES } from './seed.ts'
import {
  askQuestion,
  escalateBreaches,
  escalateToClass,
  escalateToRepair,
  referQuestion,
  refreshSearchTerms,
  replyToTicket,
  saveArticle,
  searchArticles,
  setAgentSkills,
} from './service.ts'

const kst = (s: string) => new Date(`${s}+09:00`)
const HOUR = 3_600_000

let database: Database
let clock: TestClock
let app: ReturnType<typeof testApp>['app']
let agent: Awaited<ReturnType<typeof makeStaff>>
let guide: Awaited<ReturnType<typeof makeStaff>>
let citizen: Actor & { kind: 'citizen' }

beforeAll(async () => {
  database = await freshDb({ reference: true })
  clock = new TestClock(kst('2026-11-23T10:00:00'))
  app = testApp(database, { clock }).app
  const db = database.db
  agent = await makeStaff(db, 'helpdesk_agent', null)
  guide = await makeStaff(db, 'digital_guide', null)
  await setAgentSkills(db, agent.id, ['phone_basics', 'scam', 'kiosk', 'device', 'apps'], ['ko'])
  const { personId } = await registerPerson(
    db,
    agent.actor,
    {
      name: '박영자',
      birthDate: '1950-05-05',
      phone: '01077778888',
      preferredLanguage: 'ko',
      channel: 'walk_in',
      relationship: 'self',
      consentGiven: true,
      consentMethod: 'in_person',
      address: undefined,
      districtCode: undefined,
      note: undefined,
    },
    meta(),
  )
  citizen = { kind: 'citizen', personId, sessionId: 's' }
})
afterAll(() => database.close())

const jobsOf = async (kind: string) => database.db.select().from(jobs).where(eq(jobs.kind, kind))

describe('search in the database', () => {
  it('finds a new article at once by its words, a near miss of them and its initial consonants', async () => {
    const base = SEED_ARTICLES[0]!
    await saveArticle(
      database.db,
      agent.actor,
      {
        ...base,
        slug: 'bluetooth-earphones',
        titleKo: '블루투스 이어폰 연결하기',
        titleEn: 'Connecting Bluetooth earphones',
      },
      clock.now(),
    )
    const slugs = async (q: string) => (await searchArticles(database.db, { q }, 'ko')).map((h) => h.slug)
    expect((await slugs('블루투스'))[0]).toBe('bluetooth-earphones')
    expect(await slugs('블루트스')).toContain('bluetooth-earphones') // typo, corrected by jamo trigrams
    expect(await slugs('ㅂㄹㅌㅅ')).toContain('bluetooth-earphones')
    expect(await slugs('bluetooth')).toContain('bluetooth-earphones')
    expect(await refreshSearchTerms(database.db)).toBeGreaterThan(50)
    expect(await slugs('블루트스')).toContain('bluetooth-earphones') // still there after the rebuild
  })
})

describe('suggestions before a question becomes a ticket', () => {
  it('step 1 asks what the problem is; step 2 shows matching articles above the form (no JS)', async () => {
    const b = new Browser(app)
    b.cookies.set(
      'gachi_sid',
      await createSession(database.db, { personId: citizen.personId }, { now: clock.now() }),
    )
    const step1 = await (await b.get('/ask/new')).text()
    expect(step1).toContain('name="q"')
    expect(step1).toContain('<script src="/static/help-suggest.js"')
    expect(step1).not.toContain('name="replyChannel"')
    const step2 = await (await b.get(`/ask/new?q=${encodeURIComponent('휴대폰 글자 크기')}`)).text()
    expect(step2).toContain('이 도움말로 해결되나요?')
    expect(step2).toContain('href="/help/articles/text-size"')
    expect(step2).toContain('name="replyChannel"')
    expect(step2).toContain('aria-live="polite"')
    // the island's source: the JSON search
    const api = (await (await b.get('/api/v1/help/articles?q=%EA%B8%80%EC%9E%90')).json()) as {
      items: { slug: string }[]
    }
    expect(api.items.map((i) => i.slug)).toContain('text-size')
  })
})

describe('referrals by a digital guide', () => {
  const input = {
    referralChannel: 'home_visit' as const,
    name: '최말순',
    phone: '01055556666',
    consentGiven: true,
    consentMethod: 'in_person' as const,
    category: 'scam' as const,
    question: '이상한 문자를 받았는데 눌러도 되나요?',
    replyChannel: 'sms' as const,
    language: 'ko' as const,
    referralNote: '방문 중에 보여 주셨음',
  }

  it('creates a ticket with where they met and the consent; the answer is texted to the person', async () => {
    const t = await referQuestion(database.db, guide.actor, input, meta(clock.now()))
    expect(t).toMatchObject({ channel: 'referral', referralChannel: 'home_visit', personId: null })
    expect(t.contactPhoneEnc).not.toContain('5555') // encrypted
    const sms = (await jobsOf('message.sms')).filter(
      (j) => (j.payload as { to: string }).to === '01055556666',
    )
    expect((sms[0]!.payload as { body: string }).body).toContain(t.ref)
    await replyToTicket(
      database.db,
      agent.actor,
      t.id,
      { body: '누르지 마시고 지우세요.', kind: 'reply', after: 'resolved' },
      meta(clock.now()),
    )
    const after = (await repo.ticket(database.db, t.id))!
    expect(after.contactPhoneEnc).toBeNull() // kept only until resolved
    const texts = (await jobsOf('message.sms')).filter(
      (j) => (j.payload as { to: string }).to === '01055556666',
    )
    expect(texts).toHaveLength(2)
  })

  it('refuses without consent, and refuses roles without the action', async () => {
    await expect(
      referQuestion(database.db, guide.actor, { ...input, consentGiven: false }, meta(clock.now())),
    ).rejects.toMatchObject({ code: 'validation' })
    const tutor = await makeStaff(database.db, 'tutor', null)
    await expect(referQuestion(database.db, tutor.actor, input, meta(clock.now()))).rejects.toMatchObject({
      status: 403,
    })
  })

  it('the referral form and list work for a guide (POST → 303 → list)', async () => {
    const b = new Browser(app)
    b.cookies.set(
      'gachi_sid',
      await createSession(database.db, { staffId: guide.id, stage: 'full' }, { now: clock.now() }),
    )
    expect((await b.get('/staff/help/refer')).status).toBe(200)
    const bad = await b.post('/staff/help/refer', { referralChannel: 'centre' })
    expect(bad.status).toBe(422)
    const ok = await b.post('/staff/help/refer', {
      ...input,
      referralChannel: 'centre',
      consentGiven: 'yes',
      referralNote: '',
    })
    expect(ok.status).toBe(303)
    const list = await (await b.get(ok.headers.get('location') ?? '')).text()
    expect(list).toContain('질문을 전달했습니다')
    expect(list).toContain('복지관·주민센터')
    expect((await b.get('/staff/help')).status).toBe(403)
  })
})

describe('escalation', () => {
  it('an SLA breach emails the team lead through the outbox, with the reference', async () => {
    const db = database.db
    const lead = await makeStaff(db, 'helpdesk_agent', null)
    await db.update(staffUsers).set({ email: 'lead@example.org' }).where(eq(staffUsers.id, lead.id))
    await setAgentSkills(db, lead.id, ['kiosk'], ['ko', 'en'], true)
    const t = await askQuestion(
      db,
      citizen,
      { category: 'kiosk', question: '키오스크 화면이 멈췄어요', replyChannel: 'web', email: undefined },
      undefined,
      meta(clock.now()),
    )
    await escalateBreaches(db, new Date(t.resolutionDue.getTime() + HOUR))
    const mail = (await jobsOf('message.email')).filter(
      (j) =>
        (j.payload as { to: string; reference: string }).to === 'lead@example.org' &&
        (j.payload as { reference: string }).reference === t.ref,
    )
    expect(mail).toHaveLength(1)
    expect((mail[0]!.payload as { body: string }).body).toContain(t.ref)
    expect((mail[0]!.payload as { reference: string }).reference).toBe(t.ref)
  })

  it('to a class: the person is enrolled (education) and the ticket keeps the enrolment', async () => {
    const db = database.db
    const admin = (await makeStaff(db, 'admin', null)).actor
    const [place] = await database.query<{ id: string }>('select id from places limit 1')
    const course = await createCourse(
      db,
      admin,
      CourseInput.parse({
        titleKo: '스마트폰 기초',
        titleEn: 'Smartphone basics',
        whoKo: '처음 쓰시는 분',
        whoEn: 'Beginners',
        level: 'basic',
        format: 'class',
        goals: ['smartphone_basics'],
        durationMinutes: 60,
      }),
      clock.now(),
    )
    const { session } = await createEduSession(
      db,
      admin,
      course.id,
      SessionInput.parse({
        placeId: place!.id,
        firstDay: '2026-12-10',
        time: '10:00',
        capacity: 5,
        opensAt: clock.now().toISOString(),
      }),
      clock.now(),
    )
    const t = await askQuestion(
      db,
      citizen,
      {
        category: 'apps',
        question: '카카오톡을 처음부터 배우고 싶어요',
        replyChannel: 'web',
        email: undefined,
      },
      undefined,
      meta(clock.now()),
    )
    const out = await escalateToClass(
      db,
      agent.actor,
      t.id,
      { sessionId: session.id, consentMethod: 'verbal' },
      meta(clock.now()),
    )
    expect(out.enrolment.personId).toBe(citizen.personId)
    expect((await repo.ticket(db, t.id))?.enrolmentId).toBe(out.enrolment.id)
    // the way back: the enrolment's proxy record names the ticket
    const proxies = await db.select().from(proxyActions).where(eq(proxyActions.personId, citizen.personId))
    expect(proxies.some((p) => p.note?.includes(t.ref))).toBe(true)
    await expect(
      escalateToClass(db, agent.actor, t.id, { sessionId: session.id, consentMethod: 'verbal' }, meta()),
    ).rejects.toMatchObject({ code: 'conflict' })
  })

  it('to a repair: an unknown asset tag is refused and nothing is linked', async () => {
    const db = database.db
    const t = await askQuestion(
      db,
      citizen,
      { category: 'device', question: '받은 휴대폰 화면이 깨졌어요', replyChannel: 'web', email: undefined },
      undefined,
      meta(clock.now()),
    )
    await expect(
      escalateToRepair(
        db,
        agent.actor,
        t.id,
        { assetTag: 'D-NONE-1', problem: '화면 깨짐' },
        meta(clock.now()),
      ),
    ).rejects.toMatchObject({ code: 'validation' })
    expect((await repo.ticket(db, t.id))?.repairTicketId).toBeNull()
  })
})
