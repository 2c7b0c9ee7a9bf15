import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { accessLog } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { erasePerson, registerPerson } from '../people/service.ts'
import { proxyActions } from '../people/tables.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import * as repo from './repo.ts'
import { ArticleInput, IntakeInput } from './schema.ts'
import { SEED_ARTICLES } from './seed.ts'
import {
  askQuestion,
  citizenReply,
  escalateBreaches,
  getArticle,
  mergeTicket,
  myTicket,
  rateTicket,
  replyToTicket,
  saveArticle,
  scoreSelfCheck,
  searchArticles,
  setAgentSkills,
  takeCall,
  viewTicket,
} from './service.ts'
import { addBusinessTime, businessTimeBetween, resumeDue } from './sla.ts'

const HOUR = 3_600_000
/** A KST wall-clock time as an instant. */
const kst = (s: string) => new Date(`${s}+09:00`)

describe('SLA business time (09–18 KST, weekdays, Korean public holidays)', () => {
  it('carries over the evening, the weekend and holidays', () => {
    // Friday 17:00 + 2 h → Monday 10:00
    expect(addBusinessTime(kst('2026-11-20T17:00:00'), 2 * HOUR)).toEqual(kst('2026-11-23T10:00:00'))
    // before opening counts from 09:00
    expect(addBusinessTime(kst('2026-11-23T07:00:00'), HOUR)).toEqual(kst('2026-11-23T10:00:00'))
    // Chuseok 2026 (24–26 Sep, Thu–Sat): Wednesday 17:00 + 2 h → Monday 28th 10:00
    expect(addBusinessTime(kst('2026-09-23T17:00:00'), 2 * HOUR)).toEqual(kst('2026-09-28T10:00:00'))
    // Christmas Day is a holiday
    expect(businessTimeBetween(kst('2026-12-25T00:00:00'), kst('2026-12-26T00:00:00'))).toBe(0)
  })
  it('a pause keeps the remaining business time', () => {
    const due = kst('2026-11-23T15:00:00')
    // paused Monday 11:00 with 4 h left; resumed Tuesday 10:00 → due Tuesday 14:00
    expect(resumeDue(due, kst('2026-11-23T11:00:00'), kst('2026-11-24T10:00:00'))).toEqual(
      kst('2026-11-24T14:00:00'),
    )
  })
})

describe('smartphone overdependence self-check', () => {
  it('uses the published cut-offs for each age group', () => {
    const all = (n: number) => Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`q${i + 1}`, n]))
    expect(scoreSelfCheck(all(2), 'adult')).toEqual({ total: 20, level: 'general' })
    expect(scoreSelfCheck({ ...all(3), q1: 1, q2: 1, q3: 1 }, 'adult')).toEqual({
      total: 24,
      level: 'potential',
    })
    expect(scoreSelfCheck({ ...all(3), q1: 1 }, 'senior').level).toBe('high') // 28
    expect(scoreSelfCheck({ ...all(3), q1: 1 }, 'adult').level).toBe('potential') // 28
  })
})

let database: Database
let clock: TestClock
let app: ReturnType<typeof testApp>['app']
let agent: Awaited<ReturnType<typeof makeStaff>>
let citizen: Actor & { kind: 'citizen' }

beforeAll(async () => {
  database = await freshDb({ reference: true })
  clock = new TestClock(kst('2026-11-23T10:00:00'))
  app = testApp(database, { clock }).app
  const db = database.db
  agent = await makeStaff(db, 'helpdesk_agent', null)
  await setAgentSkills(db, agent.id, ['phone_basics', 'scam', 'kiosk'], ['ko'])
  const { personId } = await registerPerson(
    db,
    agent.actor,
    RegisterPersonInput('김순자', '1948-03-07', '01012345678'),
    meta(),
  )
  citizen = { kind: 'citizen', personId, sessionId: 's' }
})
afterAll(() => database.close())

function RegisterPersonInput(name: string, birthDate: string, phone: string) {
  return {
    name,
    birthDate,
    phone,
    preferredLanguage: 'ko' as const,
    channel: 'walk_in' as const,
    relationship: 'self' as const,
    consentGiven: true,
    consentMethod: 'in_person' as const,
    address: undefined,
    districtCode: undefined,
    note: undefined,
  }
}

const smsTo = async (phone: string) =>
  (await database.db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))).filter(
    (j) => (j.payload as { to: string }).to === phone,
  )

describe('knowledge base', () => {
  it('seeds the starter articles in both languages with pictures that have alt text', async () => {
    const { version } = await getArticle(database.db, 'text-size')
    expect(version.titleKo).toContain('글자')
    expect(version.titleEn).toContain('text')
    expect(version.steps.some((s) => s.image?.altKo && s.image.altEn)).toBe(true)
  })

  it('finds articles by initial consonants, words, near misses and tags', async () => {
    const slugs = async (q: string, locale: 'ko' | 'en' = 'ko') =>
      (await searchArticles(database.db, { q }, locale)).map((h) => h.slug)
    expect(await slugs('ㄱㅈ')).toContain('text-size')
    expect(await slugs('ㅋㅇㅅㅋ')).toContain('kiosk-order')
    expect((await slugs('글자 크기'))[0]).toBe('text-size')
    expect(await slugs('글짜')).toContain('text-size') // typo
    expect(await slugs('영상 통하')).toContain('video-call') // typo in the second word
    expect((await slugs('scam text', 'en'))[0]).toBe('scam-sms')
    expect(await slugs('ㅎㅎㅎㅎㅎ')).toEqual([])
    const kiosk = await searchArticles(database.db, { device: 'kiosk' }, 'ko')
    expect(kiosk.map((h) => h.slug)).toEqual(['kiosk-order'])
  })

  it('keeps every edit as a new version; refuses a picture without alt text', async () => {
    const base = SEED_ARTICLES.find((a) => a.slug === 'wifi-connect')!
    const r = await saveArticle(
      database.db,
      agent.actor,
      { ...base, titleKo: '무료 와이파이 연결하기', note: '제목 고침' },
      clock.now(),
    )
    expect(r.version).toBe(2)
    expect((await getArticle(database.db, 'wifi-connect')).version.titleKo).toBe('무료 와이파이 연결하기')
    expect((await getArticle(database.db, 'wifi-connect', 1)).version.titleKo).toBe(base.titleKo)
    const bad = ArticleInput.safeParse({
      ...base,
      steps: [{ ko: '가', en: 'a', image: { src: '/static/help/kiosk.svg', altKo: '', altEn: '' } }],
    })
    expect(bad.success).toBe(false)
    expect(bad.error?.issues.map((i) => i.message)).toContain('helpdesk.article.altRequired')
  })

  it('article pages: read-aloud island, large print, history, feedback', async () => {
    const b = new Browser(app)
    const page = await (await b.get('/help/articles/text-size')).text()
    expect(page).toContain('<script src="/static/read-aloud.js"')
    expect(page).toMatch(/<img src="\/static\/help\/settings.svg" alt="[^"]+"/)
    expect(await (await b.get('/help/articles/text-size/print')).text()).toContain('help-article--print')
    expect((await b.get('/help/articles/wifi-connect/history')).status).toBe(200)
    const res = await b.post('/help/articles/text-size/feedback', { helpful: 'yes' })
    expect(res.status).toBe(303)
    const a = await repo.articleBySlug(database.db, 'text-size')
    expect(a?.helpfulYes).toBe(1)
    const ask = await (await b.get(`/ask?q=${encodeURIComponent('ㄱㅈ')}`)).text()
    expect(ask).toContain('휴대전화 글자를 크게 하기')
    expect((await b.get('/help/articles/nope')).status).toBe(404)
  })
})

describe('tickets', () => {
  it('a web question → reference texted → agent replies (outbox) → paused → citizen answers → resolved → rated', async () => {
    const db = database.db
    const t = await askQuestion(
      db,
      citizen,
      {
        category: 'phone_basics',
        question: '휴대폰 글자가 갑자기 작아졌어요',
        replyChannel: 'sms',
        email: undefined,
      },
      undefined,
      { ...meta(clock.now()), locale: 'ko' },
    )
    expect(t.ref).toMatch(/^\d{4}-\d{4}$/)
    expect(t.assignedTo).toBe(agent.id) // skill + language
    expect(t.firstResponseDue).toEqual(kst('2026-11-23T14:00:00'))
    expect(
      (await smsTo('01012345678')).some((j) => String((j.payload as { body: string }).body).includes(t.ref)),
    ).toBe(true)

    clock.advance(HOUR)
    await replyToTicket(
      db,
      agent.actor,
      t.id,
      { body: '설정에서 글자 크기를 키우세요', kind: 'reply', after: 'waiting_citizen' },
      meta(clock.now()),
    )
    await replyToTicket(
      db,
      agent.actor,
      t.id,
      { body: '도움말 안내함', kind: 'note', after: 'open' },
      meta(clock.now()),
    )
    const paused = (await repo.ticket(db, t.id))!
    expect(paused.status).toBe('waiting_citizen')
    expect(paused.pausedAt).toEqual(clock.now())
    expect((await smsTo('01012345678')).length).toBe(2)

    // the citizen sees the reply but not the internal note
    const mine = await myTicket(db, citizen, t.id)
    expect(mine.messages.map((m) => m.kind)).toEqual(['citizen', 'reply'])

    // a day later the citizen answers: the due time moves on by the paused business time
    clock.advance(24 * HOUR)
    await citizenReply(db, citizen, t.id, '고맙습니다. 이제 잘 보여요', clock.now())
    const resumed = (await repo.ticket(db, t.id))!
    expect(resumed.status).toBe('open')
    expect(resumed.resolutionDue.getTime() - t.resolutionDue.getTime()).toBe(24 * HOUR) // 9 business hours = one working day later

    await expect(rateTicket(db, citizen, t.id, 3, clock.now())).rejects.toMatchObject({ code: 'conflict' })
    await replyToTicket(
      db,
      agent.actor,
      t.id,
      { body: '해결되었습니다', kind: 'reply', after: 'resolved' },
      meta(clock.now()),
    )
    await rateTicket(db, citizen, t.id, 3, clock.now())
    expect((await repo.ticket(db, t.id))?.rating).toBe(3)

    // another citizen cannot see it
    await expect(
      myTicket(db, { kind: 'citizen', personId: crypto.randomUUID(), sessionId: 'x' }, t.id),
    ).rejects.toMatchObject({ status: 404 })
    // an agent's view is logged as access to the person's data
    await viewTicket(db, agent.actor, t.id, meta(clock.now()))
    const logged = await db
      .select()
      .from(accessLog)
      .where(and(eq(accessLog.personId, citizen.personId), eq(accessLog.staffId, agent.id)))
    expect(logged.length).toBeGreaterThan(0)
  })

  it('a phone call becomes a ticket in one step, with the proxy action recorded', async () => {
    const db = database.db
    const input = IntakeInput.parse({
      channel: 'phone',
      name: '박영철',
      birthDate: '1950-01-02',
      phone: '010-2222-3333',
      consentGiven: 'yes',
      consentMethod: 'verbal',
      category: 'scam',
      question: '택배 문자를 눌렀는데 괜찮을까요?',
      replyChannel: 'call',
    })
    const t = await takeCall(db, agent.actor, input, meta(clock.now()))
    expect(t.channel).toBe('phone')
    expect(t.priority).toBe('high')
    expect(t.createdBy).toBe(agent.id)
    const proxies = await db.select().from(proxyActions).where(eq(proxyActions.entityId, t.id))
    expect(proxies).toMatchObject([{ purpose: 'helpdesk.ticket', channel: 'phone', consentGiven: true }])
    // a tutor cannot take calls
    const tutor = await makeStaff(db, 'tutor', null)
    await expect(takeCall(db, tutor.actor, input, meta(clock.now()))).rejects.toMatchObject({ status: 403 })
  })

  it('escalates breached tickets once, and merges duplicates', async () => {
    const db = database.db
    const ask = (q: string) =>
      askQuestion(
        db,
        citizen,
        { category: 'kiosk', question: q, replyChannel: 'web', email: undefined },
        undefined,
        meta(clock.now()),
      )
    const a = await ask('키오스크에서 카드가 안 돼요')
    const b = await ask('키오스크 카드 결제가 안 됩니다')
    expect(await escalateBreaches(db, clock.now())).toBe(0)
    const late = new Date(a.resolutionDue.getTime() + HOUR)
    expect(await escalateBreaches(db, late)).toBeGreaterThanOrEqual(2)
    expect(await repo.ticket(db, a.id)).toMatchObject({ priority: 'urgent', escalatedAt: late })
    expect(await escalateBreaches(db, late)).toBe(0)

    const into = await mergeTicket(db, agent.actor, b.id, a.ref, clock.now())
    expect(into.id).toBe(a.id)
    expect((await repo.ticket(db, b.id))?.status).toBe('merged')
    const msgs = await repo.messagesOf(db, a.id, true)
    expect(msgs.filter((m) => m.kind === 'citizen')).toHaveLength(2)
    await expect(mergeTicket(db, agent.actor, a.id, a.ref, clock.now())).rejects.toMatchObject({
      code: 'validation',
    })
  })

  it('web form with a screenshot: type and size limits; status on /me', async () => {
    const db = database.db
    const b = new Browser(app)
    b.cookies.set('gachi_sid', await createSession(db, { personId: citizen.personId }, { now: clock.now() }))
    await b.get('/')
    const form = (file: File) => {
      const fd = new FormData()
      fd.set('_csrf', b.csrf)
      fd.set('category', 'apps')
      fd.set('question', '카카오톡 사진이 안 보내져요')
      fd.set('replyChannel', 'web')
      fd.set('screenshot', file)
      return app.request('/ask/new', {
        method: 'POST',
        body: fd,
        headers: {
          cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          origin: 'http://localhost',
          host: 'localhost',
        },
      })
    }
    const bad = await form(new File(['hello'], 'a.txt', { type: 'text/plain' }))
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('PNG, JPG, WebP')
    const ok = await form(new File([new Uint8Array([137, 80, 78, 71])], 'a.png', { type: 'image/png' }))
    expect(ok.status).toBe(303)
    const where = ok.headers.get('location') ?? ''
    expect(where).toMatch(/^\/me\/questions\/[0-9a-f-]+\?sent=1$/)
    expect(await (await b.get(where)).text()).toMatch(/접수번호는 \d{4}-\d{4}/)
    const me = await (await b.get('/me')).text()
    expect(me).toContain('내 질문')
    expect(me).toContain('카카오톡 사진이 안 보내져요')
  })

  it('agent pages: queue, phone intake form, ticket with reply', async () => {
    const b = new Browser(app)
    // a session started now on the test clock (the clock moved on a day in the tests above)
    b.cookies.set(
      'gachi_sid',
      await createSession(database.db, { staffId: agent.id, stage: 'full' }, { now: clock.now() }),
    )
    expect((await b.get('/staff/help')).status).toBe(200)
    expect((await b.get('/staff/help/find')).status).toBe(200)
    expect((await b.get('/staff/help/find?ref=12')).status).toBe(422)
    expect((await b.get('/staff/help/find?ref=0000-0000')).status).toBe(404)
    const res = await b.post('/staff/help/intake', {
      channel: 'phone',
      name: '이말례',
      birthDate: '1941-07-15',
      phone: '010-4444-5555',
      consentGiven: 'yes',
      consentMethod: 'verbal',
      category: 'video_call',
      priority: 'normal',
      question: '손주와 영상통화를 하고 싶어요',
      replyChannel: 'call',
      language: 'ko',
    })
    expect(res.status).toBe(303)
    const ticketUrl = res.headers.get('location') ?? ''
    expect(ticketUrl).toMatch(/^\/staff\/help\/tickets\//)
    expect(await (await b.get(ticketUrl)).text()).toContain('손주와 영상통화를 하고 싶어요')
    const reply = await b.post(`${ticketUrl}/reply`, {
      body: '',
      canned: '6a1c0000-0000-4000-8000-000000000003', // the seeded "call back" reply
      kind: 'reply',
      after: 'waiting_citizen',
    })
    expect(reply.status).toBe(303)
    expect(await (await b.get(ticketUrl)).text()).toContain('전화를 드리겠습니다')
    const t = (await repo.ticket(database.db, ticketUrl.split('/').pop() ?? ''))!
    // one step from a good reply to an article draft
    const draft = await (await b.get(`/staff/help/articles/new?from=${t.id}`)).text()
    expect(draft).toContain('손주와 영상통화를 하고 싶어요')
    expect(draft).toContain('전화를 드리겠습니다')
    const found = await b.get(`/staff/help/find?ref=${t.ref.replace('-', '')}`)
    expect(found.headers.get('location')).toBe(ticketUrl)
  })

  it('erasing a person removes their questions’ words and screenshots (the anonymous ticket stays for statistics)', async () => {
    const db = database.db
    const { personId } = await registerPerson(
      db,
      agent.actor,
      RegisterPersonInput('최지움', '1947-02-03', '01055556666'),
      meta(),
    )
    const who = { kind: 'citizen' as const, personId, sessionId: 'e' }
    const t = await askQuestion(
      db,
      who,
      { category: 'apps', question: '앱을 지우고 싶어요', replyChannel: 'web', email: undefined },
      { type: 'image/png', bytes: new Uint8Array([1, 2, 3]) },
      meta(clock.now()),
    )
    await db.transaction((tx) => erasePerson(tx, personId, clock.now()))
    const after = (await repo.ticket(db, t.id))!
    expect(after.personId).toBeNull()
    expect(after.subject).toBe('—')
    expect(await repo.messagesOf(db, t.id, true)).toEqual([])
    expect(await repo.attachmentsOf(db, t.id)).toEqual([])
  })
})
