import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Database } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { LocalProgrammeInput, SaveInput } from './schema.ts'
import { createLocalProgramme, draftDef, impactOf, notifyMatches, resumeCase, saveCase } from './service.ts'
import { savedCases } from './tables.ts'

let database: Database
let clock: TestClock
let app: ReturnType<typeof testApp>['app']
let manager: Awaited<ReturnType<typeof makeStaff>>
let worker: Awaited<ReturnType<typeof makeStaff>>

beforeAll(async () => {
  database = await freshDb()
  clock = new TestClock(new Date('2026-12-02T01:00:00Z'))
  app = testApp(database, { clock }).app
  manager = await makeStaff(database.db, 'programme_manager', null, clock.now())
  worker = await makeStaff(database.db, 'centre_worker', null, clock.now())
})
afterAll(() => database.close())

const browserOf = (sid?: string, lang = 'ko') => {
  const b = new Browser(app, { 'accept-language': lang })
  if (sid) b.cookies.set('gachi_sid', sid)
  return b
}
const heading = (html: string) =>
  /<h1[^>]*>([\s\S]*?)<\/h1>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim()
const hidden = (html: string) => {
  const out: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="(a_\w+|event|current)" value="([^"]*)"/g))
    out[m[1]!] = m[2]!
  return out
}
const count = async () => (await database.db.select().from(savedCases)).length

const localInput = (over: Record<string, unknown> = {}) =>
  LocalProgrammeInput.parse({
    titleKo: '구 어르신 태블릿 대여',
    titleEn: 'District tablet loan for seniors',
    summaryKo: '혼자 사는 어르신께 태블릿을 빌려 드려요.',
    summaryEn: 'Tablets lent to seniors who live alone.',
    benefitKo: '태블릿 6개월 대여',
    benefitEn: 'A tablet for 6 months',
    howKo: '주민센터에 오세요',
    howEn: 'Come to the community centre',
    channels: ['centre', 'phone'],
    phone: '02-2148-1234',
    events: ['livingAlone'],
    sourceTitle: '구 조례 제12호',
    sourceUrl: 'https://example.go.kr/ordinance/12',
    validFrom: '2026-12-01',
    q_age: ['65_74', '75_plus'],
    q_livesAlone: ['yes'],
    ...over,
  })

describe('navigator flow (no JavaScript, nothing stored)', () => {
  it('asks one question a page, skips, goes back keeping answers, and explains results', async () => {
    const b = browserOf()
    const first = await b.get('/support/questions?event=turning65')
    expect(first.status).toBe(200)
    const h1 = await first.text()
    expect(heading(h1)).toBe('나이가 어떻게 되세요?')
    // turning 65 asks about the basic pension next
    let r = await b.post('/support/questions', {
      event: 'turning65',
      current: 'age',
      answer: '75_plus',
      _go: 'next',
    })
    let html = await r.text()
    expect(heading(html)).toBe('기초연금을 받고 계세요?')
    expect(hidden(html)).toMatchObject({ a_age: '75_plus', event: 'turning65' })
    // "Next" without an answer: error, same question
    r = await b.post('/support/questions', { ...hidden(html), _go: 'next' })
    expect(r.status).toBe(422)
    expect(await r.text()).toContain('말하고 싶지 않아요')
    // skip, then back: the earlier answer is kept
    r = await b.post('/support/questions', { ...hidden(html), answer: 'yes', _go: 'next' })
    html = await r.text()
    expect(heading(html)).toBe('혼자 사세요?')
    r = await b.post('/support/questions', { ...hidden(html), _go: 'back' })
    html = await r.text()
    expect(heading(html)).toBe('기초연금을 받고 계세요?')
    expect(html).toMatch(/value="yes"[^>]*checked|checked[^>]*value="yes"/)
    // answer the rest: skip everything
    r = await b.post('/support/questions', { ...hidden(html), answer: 'yes', _go: 'next' })
    html = await r.text()
    for (let i = 0; i < 15 && !html.includes('받을 수 있는 지원</h1>'); i++) {
      r = await b.post('/support/questions', { ...hidden(html), _go: 'skip' })
      html = await r.text()
    }
    expect(heading(html)).toBe('받을 수 있는 지원')
    expect(html).toContain('이동통신 요금 감면 (기초연금 수급자)')
    expect(html).toContain('맞아요:</strong> 기초연금을 받고 있어요')
    expect(html).toContain('아직 몰라요')
    expect(await count()).toBe(0)
  })

  it('in English too; a one-click apply link leads into the devices application', async () => {
    const b = browserOf(undefined, 'en')
    const r = await b.post('/support/expert', {}) // staff only
    expect([302, 303, 401]).toContain(r.status)
    const s = browserOf(worker.sid, 'en')
    const res = await s.post('/support/expert', { a_device: 'none', a_income: 'livelihood', a_age: '65_74' })
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain('A free refurbished computer, laptop or tablet')
    expect(html).toContain('href="/devices/apply?from=navigator"')
    expect(html).toContain('Yes:</strong> You have no computer or tablet at home')
    expect(await count()).toBe(0)
  })

  it('saves on request (encrypted), texts the code, and resumes on the same question', async () => {
    const b = browserOf()
    let r = await b.post('/support/questions', {
      a_age: '65_74',
      current: 'livesAlone',
      answer: 'yes',
      _action: 'save-later',
    })
    expect(heading(await r.text())).toBe('답 저장하기')
    r = await b.post('/support/save', {
      a_age: '65_74',
      a_livesAlone: 'yes',
      step: 'income',
      phone: '010-1234-5678',
      notify: 'yes',
    })
    const html = await r.text()
    const code = /id="resume-code">\s*([0-9A-Z-]+)\s*</.exec(html)?.[1]
    expect(code).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/)
    const [row] = await database.db.select().from(savedCases)
    expect(row!.answersEnc).not.toContain('65_74')
    expect(row!.notifyConsent).toBe(true)
    const sms = await database.db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))
    expect(JSON.stringify(sms.at(-1)!.payload)).toContain(code!)
    r = await b.post('/support/resume', { code: code!.toLowerCase() })
    const back = await r.text()
    expect(heading(back)).toBe('기초생활수급자나 차상위계층이세요?')
    expect(hidden(back)).toMatchObject({ a_age: '65_74', a_livesAlone: 'yes' })
    r = await b.post('/support/resume', { code: 'AAAA-BBBB-CCCC' })
    expect(r.status).toBe(404)
    expect(await r.text()).toContain('이 번호로 저장된 답이 없어요')
  })

  it('refuses notifications without a number (4xx in the person language, nothing stored)', async () => {
    const before = await count()
    const r = await browserOf(undefined, 'en').post('/support/save', { a_age: '65_74', notify: 'yes' })
    expect(r.status).toBe(422)
    expect(await r.text()).toContain('Enter a mobile number to get updates')
    expect(await count()).toBe(before)
  })
})

describe('local programmes without code', () => {
  it('a manager previews the effect on saved cases, saves, and the programme appears in results; consenting people are told once', async () => {
    await saveCase(
      database.db,
      { kind: 'anonymous' },
      { age: '75_plus', livesAlone: 'yes' },
      null,
      { phone: '01099998888', notify: 'yes' },
      clock.now(),
      'ko',
    )
    const impact = await impactOf(database.db, manager.actor, draftDef(localInput()), null, clock.now())
    expect(impact.saved).toBeGreaterThanOrEqual(2)
    expect(impact.newlyLikely).toBe(2) // 65_74+alone and 75_plus+alone
    const b = browserOf(manager.sid)
    const form = {
      titleKo: '구 어르신 태블릿 대여',
      titleEn: 'District tablet loan for seniors',
      summaryKo: '혼자 사는 어르신께 태블릿을 빌려 드려요.',
      summaryEn: 'Tablets lent to seniors who live alone.',
      benefitKo: '태블릿 6개월 대여',
      benefitEn: 'A tablet for 6 months',
      howKo: '주민센터에 오세요',
      howEn: 'Come to the community centre',
      channels: ['centre'],
      sourceTitle: '구 조례 제12호',
      sourceUrl: 'https://example.go.kr/ordinance/12',
      validFrom: '2026-12-01',
      q_age: ['65_74', '75_plus'],
      q_livesAlone: ['yes'],
    }
    let r = await b.post('/staff/navigator/programmes', { ...form, _action: 'preview' })
    const preview = await r.text()
    expect(preview).toMatch(/저장된 상담 \d+건 중 2건의 결과가 바뀌어요 \(새로 해당 2건/)
    r = await b.post('/staff/navigator/programmes', { ...form, titleEn: '', _action: 'save' })
    expect(r.status).toBe(422)
    r = await b.post('/staff/navigator/programmes', { ...form, _action: 'save' })
    expect(r.status).toBe(303)
    // the citizen sees it
    const e = await browserOf(worker.sid).post('/support/expert', { a_age: '75_plus', a_livesAlone: 'yes' })
    expect(await e.text()).toContain('구 어르신 태블릿 대여')
    // the notice job: one text to the consenting case, never twice
    const [job] = await database.db.select().from(jobs).where(eq(jobs.kind, 'navigator.notify'))
    const id = String((job!.payload as { programmeId: string }).programmeId)
    expect(await notifyMatches(database.db, id, clock.now())).toBe(2)
    expect(await notifyMatches(database.db, id, clock.now())).toBe(0)
    const texts = await database.db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))
    expect(texts.some((t) => JSON.stringify(t.payload).includes('구 어르신 태블릿 대여'))).toBe(true)
  })

  it('a stale edit is refused; a centre worker cannot manage programmes', async () => {
    const row = await createLocalProgramme(
      database.db,
      manager.actor,
      localInput({ titleEn: 'Other' }),
      clock.now(),
    )
    const b = browserOf(manager.sid)
    const page = await (await b.get(`/staff/navigator/programmes/${row.id}`)).text()
    expect(page).toContain('Other')
    const r = await b.post(`/staff/navigator/programmes/${row.id}`, {
      ...Object.fromEntries(Object.entries(localInput()).filter(([, v]) => typeof v === 'string')),
      channels: ['centre'],
      version: '0',
      _action: 'save',
    })
    expect(r.status).toBe(409)
    expect((await browserOf(worker.sid).get('/staff/navigator/programmes')).status).toBe(403)
    await expect(resumeCase(database.db, 'ZZZZZZZZZZZZ', clock.now())).rejects.toMatchObject({
      code: 'not_found',
    })
  })
})

describe('JSON API', () => {
  it('assesses answers without storing them', async () => {
    const r = await app.request('/api/v1/navigator/assess', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ answers: { disability: 'severe', income: 'livelihood', bogus: 'x' } }),
    })
    expect(r.status).toBe(200)
    const j = (await r.json()) as { results: { key: string; verdict: string }[] }
    expect(j.results.find((x) => x.key === 'national.ictAssistive')?.verdict).toBe('likely')
    expect(j.results.find((x) => x.key === 'national.telecomLivelihood')?.verdict).toBe('likely')
  })
})

describe('NAV- references at /staff/find', () => {
  it('city-wide staff find a saved case by its reference and see its answers in expert mode (audited); a guide who did not save it finds nothing', async () => {
    const saved = await saveCase(
      database.db,
      { kind: 'anonymous' },
      { age: '65_74', disability: 'severe' },
      'income',
      SaveInput.parse({}),
      clock.now(),
      'en',
    )
    expect(saved.reference).toMatch(/^NAV-/)
    const b = browserOf(manager.sid)
    const found = await (await b.get(`/staff/find?ref=${saved.reference.toLowerCase()}`)).text()
    expect(found).toContain(`/staff/navigator/cases/${saved.id}`)
    const page = await (await b.get(`/staff/navigator/cases/${saved.id}`)).text()
    expect(page).toContain(saved.reference)
    expect(page).toMatch(/name="a_disability" value="severe"[^>]*checked/)
    const audits = await database.query<{ n: number }>(
      `select count(*)::int n from audit_trail where entity = 'nav_saved_case' and entity_id = '${saved.id}'`,
    )
    expect(audits[0]!.n).toBe(1)
    const guide = await makeStaff(database.db, 'digital_guide', null, clock.now())
    const g = browserOf(guide.sid)
    expect(await (await g.get(`/staff/find?ref=${saved.reference}`)).text()).not.toContain(
      '/staff/navigator/cases/',
    )
    expect((await g.get(`/staff/navigator/cases/${saved.id}`)).status).toBe(404)
  })
})
