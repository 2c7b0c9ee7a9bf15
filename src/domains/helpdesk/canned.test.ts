import { and, eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Database } from '../../platform/db/client.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import * as repo from './repo.ts'
import {
  askQuestion,
  cannedChoices,
  createCannedReply,
  listCannedReplies,
  updateCannedReply,
} from './service.ts'

let database: Database
let clock: TestClock
let app: ReturnType<typeof testApp>['app']
let manager: Awaited<ReturnType<typeof makeStaff>>
let agent: Awaited<ReturnType<typeof makeStaff>>
let personId: string

const CALL_BACK = '6a1c0000-0000-4000-8000-000000000003'

beforeAll(async () => {
  database = await freshDb({ reference: true })
  clock = new TestClock(new Date('2026-11-23T01:00:00Z'))
  app = testApp(database, { clock }).app
  manager = await makeStaff(database.db, 'programme_manager', null, clock.now())
  agent = await makeStaff(database.db, 'helpdesk_agent', null, clock.now())
  personId = (
    await registerPerson(
      database.db,
      agent.actor,
      {
        name: '정순자',
        birthDate: '1948-03-03',
        phone: '01012123434',
        preferredLanguage: 'ko',
        channel: 'walk_in',
        relationship: 'self',
        consentGiven: true,
        consentMethod: 'in_person',
        address: undefined,
        districtCode: undefined,
        note: undefined,
      },
      meta(clock.now()),
    )
  ).personId
})
afterAll(() => database.close())

const browserOf = (sid: string) => {
  const b = new Browser(app)
  b.cookies.set('gachi_sid', sid)
  return b
}

const valid = {
  titleKo: '와이파이 연결',
  titleEn: 'Wi-Fi',
  textKo: '설정 → 와이파이에서 집 이름을 누르고 비밀번호를 넣어 주세요.',
  textEn: 'Settings → Wi-Fi: tap your home network and type the password.',
  category: 'internet',
  active: 'yes',
}

describe('saved (canned) replies', () => {
  it('the three replies that were fixed texts are in the table, active, version 1', async () => {
    const rows = await listCannedReplies(database.db, manager.actor)
    expect(rows.map((r) => r.titleEn).sort()).toEqual(['Call back', 'Scam text', 'Text size'])
    expect(rows.every((r) => r.active && r.version === 1)).toBe(true)
    expect(rows.find((r) => r.id === CALL_BACK)?.textKo).toBe(
      '설명드리기 어려워 전화를 드리겠습니다. 편한 시간을 알려 주세요.',
    )
  })

  it('only admins and programme managers manage them; agents only see the active ones', async () => {
    await expect(listCannedReplies(database.db, agent.actor)).rejects.toMatchObject({ code: 'forbidden' })
    expect((await browserOf(agent.sid).get('/staff/help/canned')).status).toBe(403)
    const en = await cannedChoices(database.db, agent.actor, 'en')
    expect(en.find((x) => x.id === CALL_BACK)?.text).toMatch(/^This is easier to explain/)
  })

  it('staff page: create with inline errors in ko and en, then edit (new version) and retire, audited', async () => {
    const b = browserOf(manager.sid)
    expect((await b.get('/staff/help/canned')).status).toBe(200)
    expect((await b.get('/staff/help/canned/new')).status).toBe(200)

    // nothing typed: summary + inline error per field, in Korean and in English; nothing saved
    const bad = await b.post('/staff/help/canned', { titleKo: '', titleEn: 'x', textKo: '', textEn: '' })
    expect(bad.status).toBe(422)
    const badKo = await bad.text()
    expect(badKo).toContain('한국어 제목을 2자 이상 적어 주세요')
    expect(badKo).toContain('영어 답 내용을 5자 이상 적어 주세요')
    expect(badKo).toContain('error-summary')
    const badEn = await b.post(
      '/staff/help/canned',
      { titleKo: '', titleEn: '', textKo: '', textEn: '' },
      { 'accept-language': 'en' },
    )
    const badEnText = await badEn.text()
    expect(badEnText).toContain('Enter a Korean title of at least 2 characters')
    expect(badEnText).toContain('Enter the English reply (at least 5 characters)')
    expect((await listCannedReplies(database.db, manager.actor)).length).toBe(3)

    const ok = await b.post('/staff/help/canned', valid)
    expect(ok.status).toBe(303)
    expect(ok.headers.get('location')).toBe('/staff/help/canned')
    const row = (await listCannedReplies(database.db, manager.actor)).find((r) => r.titleEn === 'Wi-Fi')!
    expect(row).toMatchObject({ category: 'internet', active: true, version: 1, updatedBy: manager.id })
    expect(await (await b.get('/staff/help/canned')).text()).toContain('와이파이 연결')

    // edit: the form carries the version it was opened at
    const form = await (await b.get(`/staff/help/canned/${row.id}`)).text()
    expect(form).toContain('name="version" value="1"')
    const edited = await b.post(`/staff/help/canned/${row.id}`, {
      ...valid,
      textEn: 'Settings → Wi-Fi: tap your network name, then type the password on its label.',
      version: '1',
    })
    expect(edited.status).toBe(303)
    expect((await repo.cannedReply(database.db, row.id))?.version).toBe(2)

    // someone still on version 1 does not overwrite version 2
    const stale = await b.post(`/staff/help/canned/${row.id}`, { ...valid, version: '1' })
    expect(stale.status).toBe(409)
    expect(await stale.text()).toContain('그사이 다른 사람이 이 답을 고쳤습니다')

    // retire: untick "offer to agents"
    const { active: _, ...rest } = valid
    expect((await b.post(`/staff/help/canned/${row.id}`, { ...rest, version: '2' })).status).toBe(303)
    const retired = (await repo.cannedReply(database.db, row.id))!
    expect(retired).toMatchObject({ active: false, version: 3 })
    expect((await cannedChoices(database.db, agent.actor, 'ko')).some((x) => x.id === row.id)).toBe(false)

    const trail = await database.db
      .select()
      .from(auditTrail)
      .where(and(eq(auditTrail.entity, 'help_canned'), eq(auditTrail.entityId, row.id)))
      .orderBy(auditTrail.id)
    expect(trail.map((a) => a.action)).toEqual(['create', 'update', 'retire'])
    expect(trail.every((a) => a.actorId === manager.id)).toBe(true)
    expect((trail[1]!.before as { textEn: string }).textEn).toBe(valid.textEn)
    expect((await b.get('/staff/help/canned/00000000-0000-4000-8000-000000000000')).status).toBe(404)
  })

  it('the reply form offers the active replies in the ticket’s language and sends that text', async () => {
    const row = await createCannedReply(
      database.db,
      manager.actor,
      { ...valid, category: 'apps', active: true, titleEn: 'App store', titleKo: '앱 장터' },
      clock.now(),
    )
    const t = await askQuestion(
      database.db,
      { kind: 'citizen', personId, sessionId: 's' },
      { category: 'apps', question: 'How do I install an app?', replyChannel: 'web', email: undefined },
      undefined,
      { ...meta(clock.now()), locale: 'en' },
    )
    expect(t.language).toBe('en')
    const b = browserOf(agent.sid)
    const page = await (await b.get(`/staff/help/tickets/${t.id}`)).text()
    expect(page).toContain('App store — Settings → Wi-Fi')
    expect(page).toContain('Call back — This is easier to explain on the phone.')
    expect(page).not.toContain('전화로 설명')
    // the one for the ticket's category comes first
    expect(page.indexOf(`value="${row.id}"`)).toBeLessThan(page.indexOf(`value="${CALL_BACK}"`))

    const sent = await b.post(`/staff/help/tickets/${t.id}/reply`, {
      body: '',
      canned: CALL_BACK,
      kind: 'reply',
      after: 'waiting_citizen',
    })
    expect(sent.status).toBe(303)
    const msgs = await repo.messagesOf(database.db, t.id, true)
    expect(msgs.map((m) => m.body)).toContain(
      'This is easier to explain on the phone. Please tell us a good time to call.',
    )

    // a retired reply is not sent: nothing chosen and nothing typed is the usual "write something"
    await updateCannedReply(
      database.db,
      manager.actor,
      row.id,
      1,
      { ...valid, category: 'apps', active: false },
      clock.now(),
    )
    const none = await b.post(`/staff/help/tickets/${t.id}/reply`, {
      body: '',
      canned: row.id,
      kind: 'reply',
      after: 'waiting_citizen',
    })
    expect(none.status).toBe(422)
  })
})
