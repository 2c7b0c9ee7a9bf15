import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { cityProfile } from '../../platform/city.ts'
import type { Database } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { translate, translator } from '../../platform/i18n/index.ts'
import type { View } from '../../ui/view.ts'
import { guideAssists } from '../guides/tables.ts'
import { sealIdentity } from '../people/present.ts'
import { persons } from '../people/tables.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { collectAndRefresh } from '../stats/service.ts'
import { OpinionOnField } from './field.tsx'
import { CampaignInput } from './schema.ts'
import {
  answerCampaign,
  answerSurvey,
  buildPartnerReport,
  campaignResults,
  companyKeyOf,
  enterPaperAnswers,
  openCampaign,
  recordKioskReport,
  requestSurvey,
  SUBMISSION_LIMITS,
  satisfaction,
  submitKioskReport,
} from './service.ts'
import { kioskReports, surveyRequests, surveyResponses } from './tables.ts'

let database: Database
beforeAll(async () => {
  database = await freshDb({ reference: true })
  testApp(database) // registers every domain's messages, as at start
})
afterAll(() => database.close())

const staffBrowser = async (role: Parameters<typeof makeStaff>[1], lang = 'ko') => {
  const s = await makeStaff(database.db, role, null)
  const { app } = testApp(database)
  const b = new Browser(app, { 'accept-language': lang })
  b.cookies.set('gachi_sid', s.sid)
  return { ...s, b, app }
}

describe('one-tap surveys', () => {
  it('texts the link with the reference, takes one tap, refuses a second, and shows in the dashboard', async () => {
    const db = database.db
    const [p] = await db
      .insert(persons)
      .values({
        ...sealIdentity({ name: '설문님', birthDate: '1950-03-01', phone: '01055556666' }),
        districtCode: '11110',
        createdChannel: 'phone',
      })
      .returning()
    const r = await db.transaction((tx) =>
      requestSurvey(tx, { service: 'repair', reference: 'REP-1A2B-3C4D', personId: p!.id }),
    )
    expect(r?.path).toMatch(/^\/v\/[A-Za-z0-9_-]{22}$/)
    // one invitation per case
    expect(
      await db.transaction((tx) => requestSurvey(tx, { service: 'repair', reference: 'REP-1A2B-3C4D' })),
    ).toBeNull()
    const sms = (await db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))).map(
      (j) => j.payload as { to: string; body: string },
    )
    const mine = sms.find((m) => m.body.includes(r!.path))
    expect(mine?.to).toBe('01055556666')
    expect(mine?.body).toContain('REP-1A2B-3C4D')

    const { app } = testApp(database)
    const citizen = new Browser(app)
    const page = await citizen.get(r!.path)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('좋았어요')
    expect(html).toContain('아쉬워요')
    const tap = await citizen.post(r!.path, { score: '3' })
    expect(tap.status).toBe(303)
    const again = await citizen.post(r!.path, { score: '1' })
    expect(again.status).toBe(409)
    const more = await citizen.post(`${r!.path}/more`, {
      comment: '기사님이 친절했어요',
      callBack: 'yes',
      phone: '010-5555-6666',
    })
    expect(more.status).toBe(303)
    const [row] = await db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.reference, 'REP-1A2B-3C4D'))
    expect(row).toMatchObject({
      score: 3,
      channel: 'sms',
      comment: '기사님이 친절했어요',
      districtCode: '11110',
    })
    expect(row!.followUpPhoneEnc).not.toContain('5555') // encrypted

    const manager = await staffBrowser('programme_manager')
    const dash = await (await manager.b.get('/staff/voice')).text()
    expect(dash).toContain('기사님이 친절했어요')
    expect(dash).toContain('010') // the call-back number for the manager who calls
    const analyst = await staffBrowser('analyst', 'en')
    const en = await (await analyst.b.get('/staff/voice')).text()
    expect(en).toContain('Call asked for')
    expect(en).not.toContain('01055556666')
  })

  it('an unknown or malformed link is a 404 in the reader language, and a missing face is a 422', async () => {
    const { app } = testApp(database)
    const b = new Browser(app, { 'accept-language': 'en' })
    expect((await b.get('/v/short')).status).toBe(404)
    const res = await b.get('/v/AAAAAAAAAAAAAAAAAAAAAA')
    expect(res.status).toBe(404)
    expect(await res.text()).toContain('could not find this survey link')
    const r = await database.db.transaction((tx) =>
      requestSurvey(tx, { service: 'class', reference: 'EDU-0000-0001' }),
    )
    const bad = await b.post(r!.path, { score: '9' })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('Choose one face')
  })

  it('the open web survey counts in satisfaction next to the help desk ratings', async () => {
    const { app } = testApp(database)
    const b = new Browser(app)
    const res = await b.post('/voice/survey', { service: 'class', score: '2', districtCode: '11140' })
    expect(res.status).toBe(303)
    const missing = await b.post('/voice/survey', { service: 'class', score: '2', callBack: 'yes' })
    expect(missing.status).toBe(422)
    const s = await makeStaff(database.db, 'analyst', null)
    const sat = await satisfaction(database.db, s.actor, new Date(Date.now() - 86_400_000))
    expect(sat.find((x) => x.service === 'class')?.soso).toBeGreaterThanOrEqual(1)
    expect(sat.find((x) => x.service === 'repair')?.happy).toBe(1)
  })

  it('answers through the JSON API too (once)', async () => {
    const r = await database.db.transaction((tx) =>
      requestSurvey(tx, { service: 'delivery', reference: 'DEV-AAAA-BBBB' }),
    )
    const token = r!.path.slice(3)
    const { app } = testApp(database)
    const ok = await app.request(`/api/v1/voice/surveys/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ score: 1 }),
    })
    expect(ok.status).toBe(201)
    await expect(answerSurvey(database.db, token, { score: 2 }, new Date())).rejects.toMatchObject({
      status: 409,
    })
  })
})

describe('opinion campaigns', () => {
  it('opens a question, takes web and paper answers, and shows results by group and district', async () => {
    const manager = await staffBrowser('programme_manager')
    const created = await manager.b.post('/staff/voice/campaigns', {
      questionKo: '어떤 교육이 더 필요하세요?',
      questionEn: 'Which classes do you need more?',
      choicesKo: '은행 앱\n키오스크\n사진',
      choicesEn: 'Banking apps\nKiosks\nPhotos',
    })
    expect(created.status).toBe(303)
    const id = created.headers.get('location')!.split('/').pop()!
    const bad = await manager.b.post('/staff/voice/campaigns', {
      questionKo: '질문입니다',
      questionEn: 'A question',
      choicesKo: '하나\n둘',
      choicesEn: 'One',
    })
    expect(bad.status).toBe(422)

    const { app } = testApp(database)
    const citizen = new Browser(app)
    expect((await citizen.get(`/voice/questions/${id}`)).status).toBe(200)
    expect(
      (
        await citizen.post(`/voice/questions/${id}`, {
          choice: '1',
          respondentGroup: 'senior',
          districtCode: '11110',
        })
      ).status,
    ).toBe(303)
    expect(
      (await citizen.post(`/voice/questions/${id}`, { choice: '7', respondentGroup: 'senior' })).status,
    ).toBe(422)
    const guide = await makeStaff(database.db, 'digital_guide', null)
    await enterPaperAnswers(
      database.db,
      guide.actor,
      id,
      { choice: 0, respondentGroup: 'partner', districtCode: '11140', count: 3, channel: 'field' },
      new Date(),
    )
    const r = await campaignResults(database.db, manager.actor, id)
    expect(r.totals).toEqual([3, 1, 0])
    expect(r.byGroup).toContainEqual({ choice: 0, key: 'partner', n: 3 })
    expect(r.byDistrict).toContainEqual({ choice: 1, key: '11110', n: 1 })
    const page = await (await manager.b.get(`/staff/voice/campaigns/${id}`)).text()
    expect(page).toContain('campaign-totals-table')
    expect((await manager.b.post(`/staff/voice/campaigns/${id}/close`, {})).status).toBe(303)
    expect(
      (await citizen.post(`/voice/questions/${id}`, { choice: '0', respondentGroup: 'adult' })).status,
    ).toBe(404)
  })

  it('refuses staff without the right', async () => {
    const tutor = await makeStaff(database.db, 'tutor', null)
    await expect(
      openCampaign(database.db, tutor.actor, { questionKo: 'q', questionEn: 'q', choices: [] }, new Date()),
    ).rejects.toMatchObject({ status: 403 })
  })
})

describe('kiosk-difficulty reports', () => {
  it('groups spellings of a company, validates, and aggregates anonymously with small cells withheld', async () => {
    expect(companyKeyOf('(주)동네 빵집')).toBe(companyKeyOf('동네빵집 '))
    const db = database.db
    await expect(
      db.transaction((tx) =>
        recordKioskReport(tx, { company: '', kioskType: 'cafe', place: 'x', problems: [], source: 'guide' }),
      ),
    ).rejects.toMatchObject({
      status: 422,
      fields: { company: expect.any(String), problems: expect.any(String) },
    })
    for (let i = 0; i < 6; i++)
      await db.transaction((tx) =>
        recordKioskReport(tx, {
          company: i % 2 ? '(주)동네빵집' : '동네빵집',
          kioskType: 'restaurant',
          place: '종로3가역',
          districtCode: i < 5 ? '11110' : '11140',
          problems: i < 5 ? ['small_text', 'too_fast'] : ['payment'],
          source: i < 3 ? 'citizen' : 'guide',
        }),
      )
    const r = await buildPartnerReport(db, companyKeyOf('동네빵집'), new Date())
    expect(r.reports).toBe(6)
    expect(r.problems[0]).toEqual({ key: 'small_text', n: 5 })
    expect(r.problems.find((p) => p.key === 'payment')).toEqual({ key: 'payment', n: null }) // 1 < 5
    expect(r.districts).toContainEqual({ key: '11140', n: null })
    expect(r.sources).toEqual([
      { key: 'citizen', n: null },
      { key: 'guide', n: null },
    ])
    const stored = await db.select().from(kioskReports)
    expect(stored.every((x) => x.reportedBy === null)).toBe(true)
  })

  it('the web form records a citizen report; errors are shown inline', async () => {
    const { app } = testApp(database)
    const b = new Browser(app, { 'accept-language': 'en' })
    const bad = await b.post('/voice/kiosk', { company: '', place: '' })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('Enter the company or shop name')
    expect(html).toContain('Choose at least one thing that was hard')
    const ok = await b.post('/voice/kiosk', {
      company: 'Cinema One',
      kioskType: 'cinema',
      place: 'Jongno',
      problems: ['hard_words', 'small_text'],
    })
    expect(ok.status).toBe(303)
  })

  it('shares a report by an unguessable link (page and PDF) until revoked', async () => {
    const analyst = await staffBrowser('analyst')
    const key = encodeURIComponent(companyKeyOf('동네빵집'))
    const list = await (await analyst.b.get('/staff/voice/kiosk')).text()
    expect(list).toContain('동네빵집')
    const shared = await analyst.b.post(`/staff/voice/kiosk/${key}/share`, {})
    expect(shared.status).toBe(200)
    const path = /\/partners\/kiosk\/[A-Za-z0-9_-]{22}/.exec(await shared.text())?.[0]
    expect(path).toBeTruthy()
    const { app } = testApp(database)
    const partner = new Browser(app)
    const page = await partner.get(path!)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('글자가 작았어요')
    expect(html).toContain('5 미만')
    expect(html).not.toContain('종로3가역') // places are not in the shared report
    const pdf = await partner.get(`/api/v1/voice/kiosk-reports/shared/${path!.split('/').pop()}/pdf`)
    expect(pdf.headers.get('content-type')).toBe('application/pdf')
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 4)
        .toString(),
    ).toBe('%PDF')
    expect((await partner.get('/partners/kiosk/AAAAAAAAAAAAAAAAAAAAAA')).status).toBe(404)
    const staffPage = await (await analyst.b.get(`/staff/voice/kiosk/${key}`)).text()
    const linkId = /share\/([0-9a-f-]{36})\/revoke/.exec(staffPage)?.[1]
    expect((await analyst.b.post(`/staff/voice/kiosk/${key}/share/${linkId}/revoke`, {})).status).toBe(303)
    expect((await partner.get(path!)).status).toBe(404)
    const tutor = await staffBrowser('tutor')
    expect((await tutor.b.get('/staff/voice/kiosk')).status).toBe(403)
  })
})

describe('rate limit of public submissions', () => {
  it('refuses the answers from one address over the limit with 429 and a message in Korean and English, not staff, not other addresses, and again after the window', async () => {
    const db = database.db
    const manager = await makeStaff(db, 'programme_manager', null)
    const campaign = await openCampaign(
      db,
      manager.actor,
      CampaignInput.parse({
        questionKo: '속도 제한 질문',
        questionEn: 'Rate limit question',
        choicesKo: '예\n아니요',
        choicesEn: 'Yes\nNo',
      }),
      new Date(),
    )
    const now = new Date()
    const answer = { choice: 0, respondentGroup: 'senior' as const }
    for (let i = 0; i < SUBMISSION_LIMITS.perIp; i++)
      await answerCampaign(db, campaign.id, answer, now, '203.0.113.7')
    const refused = answerCampaign(db, campaign.id, answer, now, '203.0.113.7')
    await expect(refused).rejects.toMatchObject({
      status: 429,
      message: 'voice.tooMany',
      params: { minutes: 10 },
    })
    // the kiosk-report form from the same address is refused too; a staff member is not limited
    const report = { company: '동네카페', kioskType: 'cafe', place: '시청역', problems: ['small_text'] }
    await expect(
      submitKioskReport(db, { kind: 'anonymous' }, report, now, '203.0.113.7'),
    ).rejects.toMatchObject({ status: 429 })
    const guide = await makeStaff(db, 'digital_guide', null)
    await expect(submitKioskReport(db, guide.actor, report, now, '203.0.113.7')).resolves.toBeDefined()
    // another address, and the same one after the window
    await answerCampaign(db, campaign.id, answer, now, '203.0.113.8')
    await answerCampaign(
      db,
      campaign.id,
      answer,
      new Date(now.getTime() + SUBMISSION_LIMITS.windowMs),
      '203.0.113.7',
    )
    expect(translate('ko', 'voice.tooMany', { minutes: 10 })).toContain('10분 뒤에 다시')
    expect(translate('en', 'voice.tooMany', { minutes: 10 })).toContain('again in 10 min')
    const { totals } = await campaignResults(db, manager.actor, campaign.id)
    expect(totals[0]).toBe(SUBMISSION_LIMITS.perIp + 2)
  })
})

describe("opinion questions on the guides' field page", () => {
  it('shows the newest open question as a form (others as links); a guide records a field answer and goes back', async () => {
    const db = database.db
    const manager = await makeStaff(db, 'programme_manager', null)
    const q = (ko: string) =>
      openCampaign(
        db,
        manager.actor,
        CampaignInput.parse({
          questionKo: ko,
          questionEn: `${ko} (en)`,
          choicesKo: '예\n아니요',
          choicesEn: 'Yes\nNo',
        }),
        new Date(),
      )
    const older = await q('현장 질문 하나')
    const newer = await q('현장 질문 둘')
    const guide = await staffBrowser('digital_guide')
    // the component a page embeds: the newest open question as the form, the other as a link
    const v: View = {
      locale: 'ko',
      t: translator('ko'),
      prefs: { textSize: 100, contrast: 'normal' },
      actor: guide.actor,
      csrfToken: 'test',
      path: '/staff/guides/field',
      city: cityProfile('seoul'),
    }
    const node = await OpinionOnField({ v, db, back: '/staff/guides/field', districtCode: '11110' })
    const html = String(await node?.toString())
    expect(html).toContain(`action="/staff/voice/questions/${newer.id}/field"`)
    expect(html).toContain(
      `/staff/voice/questions/${older.id}/field?back=%2Fstaff%2Fguides%2Ffield&amp;district=11110`,
    )
    expect(html).toContain('name="districtCode" value="11110"')

    const path = `/staff/voice/questions/${older.id}/field`
    const page = await guide.b.get(`${path}?back=/staff/guides/field`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('현장 질문 하나')
    const missing = await guide.b.post(path, { back: '/staff/guides/field' })
    expect(missing.status).toBe(422)
    const ok = await guide.b.post(path, {
      back: '/staff/guides/field',
      choice: '1',
      respondentGroup: 'senior',
      districtCode: '11110',
    })
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe('/staff/guides/field?voice=answered')
    const r = await campaignResults(db, manager.actor, older.id)
    expect(r.totals).toEqual([0, 1])
    expect(r.byDistrict).toEqual([{ choice: 1, key: '11110', n: 1 }])
    // a citizen cannot use the staff form
    const { app } = testApp(database)
    expect(
      (await new Browser(app).post(path, { choice: '0', respondentGroup: 'senior' })).status,
    ).toBeGreaterThanOrEqual(400)
  })
})

describe('a survey after a street assist', () => {
  it("is shown on the guide's screen (QR code, short link, or the phone handed over), answered once as a field answer with the place's district, and counts in the statistics", async () => {
    const db = database.db
    const guide = await staffBrowser('digital_guide')
    const fieldBefore = await (await guide.b.get('/staff/guides/field')).text()
    expect(fieldBefore).not.toContain('action="/staff/voice/assist-survey"') // no assist logged yet
    await db.insert(guideAssists).values({
      idemKey: 'assist-key-0001',
      staffId: guide.id,
      siteId: 'site-survey',
      labelKo: '시장 입구',
      labelEn: 'Market gate',
      districtCode: '11140',
      what: 'kiosk',
      outcome: 'solved',
      minutes: 10,
      occurredAt: new Date(),
      createdAt: new Date(),
    })
    // the field page offers the survey for the newest assist
    const field = await (await guide.b.get('/staff/guides/field')).text()
    expect(field).toContain('action="/staff/voice/assist-survey"')
    expect(field).toContain('name="assistKey" value="assist-key-0001"')
    const textsBefore = (await db.select().from(jobs)).length

    const shown = await guide.b.post('/staff/voice/assist-survey', {
      assistKey: 'assist-key-0001',
      districtCode: '11140',
    })
    expect(shown.status).toBe(200)
    expect(shown.headers.get('cache-control')).toBe('no-store')
    const html = await shown.text()
    expect(html).toContain('src="data:image/svg+xml;base64,')
    expect(html).toContain('alt="설문 주소 QR 코드"')
    const path = /href="(\/v\/[A-Za-z0-9_-]{22})"/.exec(html)?.[1]
    expect(path).toBeDefined()
    expect(html).toContain(`${path}</strong>`) // the short link written out to type
    expect((await db.select().from(jobs)).length).toBe(textsBefore) // nobody to text: nothing queued

    // the person answers on the guide's phone (or their own): one tap, once
    const { app } = testApp(database)
    const person = new Browser(app)
    expect(await (await person.get(path!)).text()).toContain('디지털 안내사 도움')
    expect((await person.post(path!, { score: '3' })).status).toBe(303)
    expect((await person.post(path!, { score: '1' })).status).toBe(409)
    const [answer] = await db
      .select()
      .from(surveyResponses)
      .where(eq(surveyResponses.reference, 'GA-assist-key-0001'))
    expect(answer).toMatchObject({ service: 'assist', score: 3, channel: 'field', districtCode: '11140' })

    // one survey per assist: asking again is refused with a message on the page
    const again = await guide.b.post('/staff/voice/assist-survey', { assistKey: 'assist-key-0001' })
    expect(again.status).toBe(409)
    expect(await again.text()).toContain('이 도움에는 이미 설문을 보여 드렸습니다')
    // an assist must exist and be the guide's own: a made-up key or another guide's assist is refused (404,
    // in the guide's language), and nothing is made for it
    const made = await guide.b.post('/staff/voice/assist-survey', { assistKey: 'made-up-key-0001' })
    expect(made.status).toBe(404)
    expect(await made.text()).toContain('내가 기록한 도움 중에 이 도움이 없습니다')
    const other = await staffBrowser('digital_guide', 'en')
    const theirs = await other.b.post('/staff/voice/assist-survey', { assistKey: 'assist-key-0001' })
    expect(theirs.status).toBe(404)
    expect(await theirs.text()).toContain('This assist is not among the assists you logged')
    await db.insert(guideAssists).values({
      idemKey: 'assist-key-0003',
      staffId: other.id,
      siteId: 'site-survey',
      labelKo: '시장 입구',
      labelEn: 'Market gate',
      districtCode: '11170',
      what: 'kiosk',
      outcome: 'solved',
      minutes: 5,
      occurredAt: new Date(),
      createdAt: new Date(),
    })
    expect((await guide.b.post('/staff/voice/assist-survey', { assistKey: 'assist-key-0003' })).status).toBe(
      404,
    )
    expect(
      (await db.select().from(surveyRequests).where(eq(surveyRequests.reference, 'GA-made-up-key-0001')))
        .length +
        (await db.select().from(surveyRequests).where(eq(surveyRequests.reference, 'GA-assist-key-0003')))
          .length,
    ).toBe(0)
    // the district is the assist's, whatever the form says
    const own = await other.b.post('/staff/voice/assist-survey', {
      assistKey: 'assist-key-0003',
      districtCode: '11110',
    })
    expect(own.status).toBe(200)
    const [invitation] = await db
      .select()
      .from(surveyRequests)
      .where(eq(surveyRequests.reference, 'GA-assist-key-0003'))
    expect(invitation?.districtCode).toBe('11170')
    // asking again for it is refused, in English for this guide
    const twice = await other.b.post('/staff/voice/assist-survey', { assistKey: 'assist-key-0003' })
    expect(twice.status).toBe(409)
    expect(await twice.text()).toContain('A survey was already shown for this assist')

    // only people who log assists may ask
    const agent = await staffBrowser('helpdesk_agent')
    expect((await agent.b.post('/staff/voice/assist-survey', { assistKey: 'assist-key-0002' })).status).toBe(
      403,
    )

    const r = await collectAndRefresh(db, new Date())
    expect(r.bySource['voice.surveys']).toBeGreaterThanOrEqual(2) // answer + satisfied
  })
})
