import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { apiClient, Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { AidInput, applyAid, decideAid, recordDocumentCheck, shareOfRow } from './aid.ts'
import {
  addCatalogueItem,
  CatalogueAddInput,
  CatalogueChangeInput,
  changeCatalogueItem,
} from './aid-catalogue.ts'
import { advanceSupply, SupplyInput } from './aid-supply.ts'
import { aidApplications, aidCatalogue, aidCatalogueChanges } from './tables.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})
const NOW = new Date('2026-11-23T01:00:00Z')

async function citizen(db: Db, staff: Actor, phone: string) {
  const r = await registerPerson(
    db,
    staff,
    {
      name: '이소망',
      birthDate: '1958-05-06',
      phone,
      channel: 'phone',
      relationship: 'self',
      consentGiven: true,
      consentMethod: 'verbal',
    } as never,
    meta(NOW),
  )
  return { personId: r.personId, actor: { kind: 'citizen', personId: r.personId, sessionId: 'x' } as Actor }
}

const assistive = (itemCode: string, key: string) =>
  AidInput.parse({ kind: 'assistive', itemCode, districtCode: '11110', disabled: 'yes', idempotencyKey: key })

describe('devices: the assistive-device catalogue', { timeout: 240_000 }, () => {
  it('is seeded with the round’s items; a price change keeps older applications’ co-payment; history and audit; a withdrawn item cannot be applied for', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const worker = await makeStaff(db, 'centre_worker', null)
    const items = await db.select().from(aidCatalogue)
    expect(items).toHaveLength(9)
    expect(items.find((i) => i.code === 'screen_reader_sw')).toMatchObject({ priceKrw: 1_000_000 })

    const first = await citizen(db, pm.actor, '010-1000-2000')
    const before = await applyAid(db, first.actor, assistive('screen_reader_sw', 'k1'), NOW)
    expect(before.application).toMatchObject({ priceKrw: 1_000_000, stateKrw: 800_000, copayKrw: 200_000 })

    // only the programme manager (or admin) changes the catalogue
    await expect(
      changeCatalogueItem(
        db,
        worker.actor,
        'screen_reader_sw',
        CatalogueChangeInput.parse({ action: 'price', priceKrw: 1_200_000, reason: '단가 변경' }),
        NOW,
      ),
    ).rejects.toMatchObject({ status: 403 })
    expect(
      CatalogueChangeInput.safeParse({ action: 'withdraw', reason: '  ' }).error?.issues[0]?.message,
    ).toBe('devices.catalogue.err.reason')

    const later = new Date(NOW.getTime() + 3_600_000)
    await changeCatalogueItem(
      db,
      pm.actor,
      'screen_reader_sw',
      CatalogueChangeInput.parse({ action: 'price', priceKrw: '1,200,000', reason: '2027년 조달 단가' }),
      later,
    )
    // the earlier application keeps the price and co-payment it was computed from
    const [kept] = await db
      .select()
      .from(aidApplications)
      .where(eq(aidApplications.id, before.application.id))
    expect(kept).toMatchObject({ priceKrw: 1_000_000, copayKrw: 200_000 })
    expect(shareOfRow(kept!).copayKrw).toBe(200_000)
    // a new application uses the new price
    const second = await citizen(db, pm.actor, '010-1000-3000')
    const after = await applyAid(db, second.actor, assistive('screen_reader_sw', 'k2'), later)
    expect(after.application).toMatchObject({ priceKrw: 1_200_000, copayKrw: 240_000 })
    await expect(
      changeCatalogueItem(
        db,
        pm.actor,
        'screen_reader_sw',
        CatalogueChangeInput.parse({ action: 'price', priceKrw: 1_200_000, reason: '같은 값' }),
        later,
      ),
    ).rejects.toMatchObject({ status: 422, message: 'devices.catalogue.err.samePrice' })

    // withdraw: no new applications for it; the history keeps who, when, old → new and why
    await changeCatalogueItem(
      db,
      pm.actor,
      'special_mouse',
      CatalogueChangeInput.parse({ action: 'withdraw', reason: '제조사 단종' }),
      later,
    )
    const third = await citizen(db, pm.actor, '010-1000-4000')
    await expect(applyAid(db, third.actor, assistive('special_mouse', 'k3'), later)).rejects.toMatchObject({
      status: 422,
      message: 'devices.aid.err.withdrawn',
      fields: { itemCode: 'devices.aid.err.withdrawn' },
    })
    await expect(
      changeCatalogueItem(
        db,
        pm.actor,
        'special_mouse',
        CatalogueChangeInput.parse({ action: 'withdraw', reason: '또' }),
        later,
      ),
    ).rejects.toMatchObject({ status: 409 })

    // a new item can be applied for at once
    const added = await addCatalogueItem(
      db,
      pm.actor,
      CatalogueAddInput.parse({
        code: 'eye_mouse',
        category: 'input',
        labelKo: '안구 마우스',
        labelEn: 'Eye-tracking mouse',
        priceKrw: '2,000,000',
      }),
      later,
    )
    expect(added.code).toBe('eye_mouse')
    const withNew = await applyAid(db, third.actor, assistive('eye_mouse', 'k4'), later)
    expect(withNew.application).toMatchObject({
      itemCode: 'eye_mouse',
      priceKrw: 2_000_000,
      copayKrw: 400_000,
    })

    const history = await db.select().from(aidCatalogueChanges).orderBy(aidCatalogueChanges.id)
    expect(history.map((h) => [h.itemCode, h.action, h.oldPriceKrw, h.newPriceKrw, h.reason])).toEqual([
      ['screen_reader_sw', 'price', 1_000_000, 1_200_000, '2027년 조달 단가'],
      ['special_mouse', 'withdrawn', 150_000, null, '제조사 단종'],
      ['eye_mouse', 'added', null, 2_000_000, null],
    ])
    expect(history.every((h) => h.changedBy === pm.id)).toBe(true)
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entity, 'device_aid_catalogue'))
    expect(trail.map((t) => t.action)).toEqual(['catalogue.price', 'catalogue.withdrawn', 'catalogue.added'])
  })

  it('page and API: the manager changes and adds items without JavaScript (Korean errors, history shown); others get 403', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app)
    const pm = await makeStaff(db, 'programme_manager', null)
    const worker = await makeStaff(db, 'centre_worker', null)

    // the public list, then the manager-only API
    const list = await call(null, 'GET', '/aid-catalogue')
    expect(list.status).toBe(200)
    expect(list.json.items).toHaveLength(9)
    expect((await call(worker.sid, 'GET', '/aid-catalogue/history')).status).toBe(403)
    expect(
      (await call(worker.sid, 'PATCH', '/aid-catalogue/braille_display', { action: 'withdraw', reason: 'x' }))
        .status,
    ).toBe(403)
    expect((await call(worker.sid, 'POST', '/aid-catalogue', { category: 'input' })).status).toBe(403)
    const bad = await call(pm.sid, 'PATCH', '/aid-catalogue/braille_display', { action: 'price' })
    expect(bad.status).toBe(422)
    expect(bad.json.error.fields).toMatchObject({ reason: '이유를 쓰세요' })
    const noPrice = await call(pm.sid, 'PATCH', '/aid-catalogue/braille_display', {
      action: 'price',
      reason: 'x',
    })
    expect(noPrice.json.error.fields).toMatchObject({
      priceKrw: '가격을 1,000원부터 5천만 원 사이의 숫자로 쓰세요',
    })
    const changed = await call(pm.sid, 'PATCH', '/aid-catalogue/braille_display', {
      action: 'price',
      priceKrw: 3_300_000,
      reason: '단가 인하',
    })
    expect(changed.status).toBe(200)
    expect(changed.json).toMatchObject({
      item: { code: 'braille_display', priceKrw: 3_300_000 },
      change: { action: 'price', oldPriceKrw: 3_500_000, newPriceKrw: 3_300_000, reason: '단가 인하' },
    })
    expect(
      (await call(pm.sid, 'PATCH', '/aid-catalogue/no_such_item', { action: 'withdraw', reason: 'x' }))
        .status,
    ).toBe(404)
    const addBad = await call(pm.sid, 'POST', '/aid-catalogue', { category: 'laser', priceKrw: 5 })
    expect(addBad.status).toBe(422)
    expect(addBad.json.error.fields).toMatchObject({
      category: '종류를 고르세요',
      labelKo: '한국어 이름을 쓰세요',
      priceKrw: '가격을 1,000원부터 5천만 원 사이의 숫자로 쓰세요',
    })
    const dup = await call(pm.sid, 'POST', '/aid-catalogue', {
      code: 'braille_display',
      category: 'braille',
      labelKo: '점자',
      labelEn: 'Braille',
      priceKrw: 10_000,
    })
    expect(dup.status).toBe(409)

    // the page: error summary and inline errors, what was typed kept; then the change shows in the history
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const page = await staff.get('/staff/devices/aid/catalogue')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('점자 디스플레이')
    expect(html).toContain('3,300,000원')
    expect(html).toContain('단가 인하')
    const missing = await staff.post('/staff/devices/aid/catalogue', {
      code: 'magnifier_portable',
      action: 'withdraw',
      reason: '',
    })
    expect(missing.status).toBe(422)
    const again = await missing.text()
    expect(again).toContain('error-summary')
    expect(again).toContain('이유를 쓰세요')
    const ok = await staff.post('/staff/devices/aid/catalogue', {
      code: 'magnifier_portable',
      action: 'withdraw',
      reason: '후속 모델로 바뀜',
    })
    expect(ok.status).toBe(303)
    const shown = await (await staff.get('/staff/devices/aid/catalogue?saved=1')).text()
    expect(shown).toContain('후속 모델로 바뀜')
    expect(shown).toContain('중단함')
    const add = await staff.post('/staff/devices/aid/catalogue/new', {
      labelKo: '골전도 헤드셋',
      labelEn: 'Bone-conduction headset',
      category: 'hearing',
      priceKrw: '250,000',
      code: '',
      reason: '',
    })
    expect(add.status).toBe(303)
    expect(await (await staff.get('/staff/devices/aid/catalogue')).text()).toContain('골전도 헤드셋')

    const other = new Browser(app)
    other.cookies.set('gachi_sid', worker.sid)
    expect((await other.get('/staff/devices/aid/catalogue')).status).toBe(403)
    expect(
      (await other.post('/staff/devices/aid/catalogue', { code: 'x', action: 'withdraw', reason: 'x' }))
        .status,
    ).toBe(403)

    // the citizen's form no longer offers the withdrawn item; posting it anyway is refused in Korean
    const me = await citizen(db, pm.actor, '010-5555-6666')
    const cb = new Browser(app)
    cb.cookies.set('gachi_sid', await createSession(db, { personId: me.personId }, { now: new Date() }))
    const form = await (await cb.get('/devices/aid/apply')).text()
    expect(form).toContain('골전도 헤드셋')
    expect(form).not.toContain('value="magnifier_portable"')
    const refused = await cb.post('/devices/aid/apply', {
      kind: 'assistive',
      itemCode: 'magnifier_portable',
      districtCode: '11110',
      criteria: ['disabled'],
    })
    expect(refused.status).toBe(422)
    expect(await refused.text()).toContain('이 보조기기는 더 이상 신청을 받지 않습니다')
  })
})

describe('devices: reinstating a withdrawn catalogue item', { timeout: 240_000 }, () => {
  it('the manager offers a withdrawn item again (reason required, optional new price), recorded in the history and audited; page and API', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app)
    const pm = await makeStaff(db, 'programme_manager', null)
    const worker = await makeStaff(db, 'centre_worker', null)
    const later = new Date(NOW.getTime() + 3_600_000)
    const change = (code: string, body: unknown, at = later, who = pm.actor) =>
      changeCatalogueItem(db, who, code, CatalogueChangeInput.parse(body), at)

    // an item that is offered cannot be reinstated
    await expect(change('special_mouse', { action: 'reinstate', reason: '재개' })).rejects.toMatchObject({
      status: 409,
      message: 'devices.catalogue.err.notWithdrawn',
    })
    await change('special_mouse', { action: 'withdraw', reason: '제조사 단종' }, NOW)
    // a reason is required; only the programme manager may reinstate
    expect(
      CatalogueChangeInput.safeParse({ action: 'reinstate', reason: ' ' }).error?.issues[0]?.message,
    ).toBe('devices.catalogue.err.reason')
    await expect(
      change('special_mouse', { action: 'reinstate', reason: '재개' }, later, worker.actor),
    ).rejects.toMatchObject({ status: 403 })

    // reinstated at its last price: it can be applied for again
    const back = await change('special_mouse', { action: 'reinstate', reason: '대체 제조사 계약' })
    expect(back.item).toMatchObject({ code: 'special_mouse', withdrawnAt: null, priceKrw: 150_000 })
    expect(back.change).toMatchObject({
      action: 'reinstated',
      oldPriceKrw: 150_000,
      newPriceKrw: 150_000,
      reason: '대체 제조사 계약',
      changedBy: pm.id,
    })
    const me = await citizen(db, pm.actor, '010-2000-3000')
    const applied = await applyAid(db, me.actor, assistive('special_mouse', 'r1'), later)
    expect(applied.application).toMatchObject({ itemCode: 'special_mouse', priceKrw: 150_000 })
    // twice is refused (a double-click changes nothing more)
    await expect(change('special_mouse', { action: 'reinstate', reason: '또' })).rejects.toMatchObject({
      status: 409,
    })

    // through the API, reinstated at a new price
    await change('magnifier_portable', { action: 'withdraw', reason: '후속 모델' }, NOW)
    expect(
      (
        await call(worker.sid, 'PATCH', '/aid-catalogue/magnifier_portable', {
          action: 'reinstate',
          reason: 'x',
        })
      ).status,
    ).toBe(403)
    const noReason = await call(pm.sid, 'PATCH', '/aid-catalogue/magnifier_portable', { action: 'reinstate' })
    expect(noReason.status).toBe(422)
    expect(noReason.json.error.fields).toMatchObject({ reason: '이유를 쓰세요' })
    const viaApi = await call(pm.sid, 'PATCH', '/aid-catalogue/magnifier_portable', {
      action: 'reinstate',
      priceKrw: 1_234_000,
      reason: '후속 모델 공급 지연',
    })
    expect(viaApi.status).toBe(200)
    expect(viaApi.json).toMatchObject({
      item: { code: 'magnifier_portable', withdrawnAt: null, priceKrw: 1_234_000 },
      change: { action: 'reinstated', newPriceKrw: 1_234_000, reason: '후속 모델 공급 지연' },
    })
    expect(viaApi.json.change.oldPriceKrw).not.toBe(1_234_000)
    const again = await call(
      pm.sid,
      'PATCH',
      '/aid-catalogue/magnifier_portable',
      { action: 'reinstate', reason: 'x' },
      'en',
    )
    expect(again.status).toBe(409)
    expect(again.json.error.message).toContain('Only a withdrawn item can be offered again')
    expect(
      (await call(null, 'GET', '/aid-catalogue')).json.items.map((i: { code: string }) => i.code),
    ).toContain('magnifier_portable')

    // the page, without JavaScript: a withdrawn item is listed with its last price and can be reinstated
    await change('braille_display', { action: 'withdraw', reason: '재고 없음' }, NOW)
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const page = await (await staff.get('/staff/devices/aid/catalogue')).text()
    expect(page).toContain('value="braille_display"')
    expect(page).toContain('점자 디스플레이 — 중단됨 (마지막 가격 3,500,000원)')
    expect(page).toContain('value="reinstate"')
    const missing = await staff.post('/staff/devices/aid/catalogue', {
      code: 'braille_display',
      action: 'reinstate',
      priceKrw: '',
      reason: '',
    })
    expect(missing.status).toBe(422)
    const missingHtml = await missing.text()
    expect(missingHtml).toContain('error-summary')
    expect(missingHtml).toContain('이유를 쓰세요')
    expect(missingHtml).toMatch(/<option[^>]*value="braille_display"[^>]*selected/)
    const notWithdrawn = await staff.post('/staff/devices/aid/catalogue', {
      code: 'eye_reader_x',
      action: 'reinstate',
      reason: '재개',
    })
    expect(notWithdrawn.status).toBe(404)
    const offered = await staff.post('/staff/devices/aid/catalogue', {
      code: 'screen_reader_sw',
      action: 'reinstate',
      reason: '재개',
    })
    expect(offered.status).toBe(409)
    expect(await offered.text()).toContain('중단한 품목만 다시 신청 받을 수 있습니다')
    const ok = await staff.post('/staff/devices/aid/catalogue', {
      code: 'braille_display',
      action: 'reinstate',
      priceKrw: '',
      reason: '새 계약 체결',
    })
    expect(ok.status).toBe(303)
    const shown = await (await staff.get('/staff/devices/aid/catalogue?saved=1')).text()
    expect(shown).toContain('다시 신청 받음 (3,500,000원)')
    expect(shown).toContain('새 계약 체결')
    const enPage = await (await staff.get('/staff/devices/aid/catalogue', { 'accept-language': 'en' })).text()
    expect(enPage).toContain('Offer a withdrawn item again')

    const history = await db
      .select()
      .from(aidCatalogueChanges)
      .where(eq(aidCatalogueChanges.action, 'reinstated'))
      .orderBy(aidCatalogueChanges.id)
    expect(history.map((h) => [h.itemCode, h.newPriceKrw, h.reason, h.changedBy])).toEqual([
      ['special_mouse', 150_000, '대체 제조사 계약', pm.id],
      ['magnifier_portable', 1_234_000, '후속 모델 공급 지연', pm.id],
      ['braille_display', 3_500_000, '새 계약 체결', pm.id],
    ])
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.action, 'catalogue.reinstated'))
    expect(trail.map((t) => t.entityId)).toEqual(['special_mouse', 'magnifier_portable', 'braille_display'])
    expect(trail[1]!.after).toMatchObject({
      withdrawn: false,
      priceKrw: 1_234_000,
      reason: '후속 모델 공급 지연',
    })
  })
})

describe('devices: internet-fee support after approval', { timeout: 240_000 }, () => {
  it('is arranged (provider, amount, period) → paying → ended, in order, audited, within the computed amount; the applicant reads it in plain words', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app)
    const pm = await makeStaff(db, 'programme_manager', null)
    const tech = await makeStaff(db, 'repair_technician', null)
    const me = await citizen(db, pm.actor, '010-8888-1212')
    const a = (
      await applyAid(
        db,
        me.actor,
        AidInput.parse({
          kind: 'internet',
          monthlyFeeKrw: '33,000',
          districtCode: '11110',
          seniorAlone: 'yes',
        }),
        NOW,
      )
    ).application
    expect(a.stateKrw).toBe(11_000)
    const step = (sid: string, body: unknown, lang = 'ko') =>
      call(sid, 'POST', `/aid-applications/${a.id}/supply`, body, lang)
    const arrange = {
      step: 'arrange',
      provider: 'KT',
      coveredKrw: 11_000,
      startMonth: '2027-01',
      endMonth: '2027-12',
    }
    expect((await step(pm.sid, arrange)).status).toBe(409) // not approved yet
    await recordDocumentCheck(
      db,
      pm.actor,
      { kind: 'aid', id: a.id },
      { document: 'id_card', result: 'verified' },
      NOW,
    )
    await decideAid(db, pm.actor, a.id, 'approved', NOW)

    // technicians supply devices, not internet-fee support
    expect((await step(tech.sid, arrange)).status).toBe(403)
    // out of order, or a step of an assistive device
    const early = await step(pm.sid, { step: 'start' })
    expect(early.status).toBe(409)
    expect(early.json.error.message).toContain('지원 내용 정함 → 지원 중 → 지원 끝남')
    expect((await step(pm.sid, { step: 'order', supplier: 'x' })).status).toBe(409)
    // more than was computed at application, a period backwards, a bad month
    const tooMuch = await step(pm.sid, { ...arrange, coveredKrw: 20_000 })
    expect(tooMuch.status).toBe(422)
    expect(tooMuch.json.error.fields.coveredKrw).toContain('11,000원')
    const backwards = await step(pm.sid, { ...arrange, startMonth: '2027-06', endMonth: '2027-01' })
    expect(backwards.json.error.fields).toMatchObject({
      endMonth: '마지막 달은 시작 달과 같거나 뒤여야 합니다',
    })
    expect((await step(pm.sid, { ...arrange, startMonth: '2027-13' })).json.error.fields.startMonth).toBe(
      '달을 2027-01처럼 쓰세요',
    )
    expect(SupplyInput.safeParse({ ...arrange, endMonth: '2029-02' }).success).toBe(false) // over 24 months

    const done = await step(pm.sid, arrange)
    expect(done.status).toBe(200)
    expect(done.json).toMatchObject({
      supplyStatus: 'arranged',
      provider: 'KT',
      coveredKrw: 11_000,
      nextStep: 'start',
    })
    expect((await step(pm.sid, arrange)).status).toBe(409) // a double-click arranges once

    // the applicant's status page, in plain words
    const cb = new Browser(app)
    cb.cookies.set('gachi_sid', await createSession(db, { personId: me.personId }, { now: new Date() }))
    const mine = await (await cb.get('/devices/aid')).text()
    expect(mine).toContain('KT 인터넷 요금 중 매달 11,000원을 2027년 1월부터 2027년 12월까지 지원합니다')

    // the staff page shows the arrangement and the next step as one button
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const detail = await (await staff.get(`/staff/devices/aid/${a.id}`)).text()
    expect(detail).toContain('인터넷 요금 지원 진행')
    expect(detail).toContain('KT, 매달 11,000원, 2027년 1월~2027년 12월')
    expect((await staff.post(`/staff/devices/aid/${a.id}/supply`, { step: 'start' })).status).toBe(303)
    await advanceSupply(db, pm.actor, a.id, SupplyInput.parse({ step: 'end' }), NOW)
    const [row] = await db.select().from(aidApplications).where(eq(aidApplications.id, a.id))
    expect(row).toMatchObject({ supplyStatus: 'ended', startMonth: '2027-01', endMonth: '2027-12' })
    expect(row!.startedAt).not.toBeNull()
    expect(row!.endedAt).not.toBeNull()
    expect((await step(pm.sid, { step: 'end' })).status).toBe(409)
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entityId, a.id))
    const supply = trail.filter((t) => t.action.startsWith('supply.'))
    expect(supply.map((t) => t.action)).toEqual(['supply.arrange', 'supply.start', 'supply.end'])
    expect(supply[0]!.after).toMatchObject({ supplyStatus: 'arranged', provider: 'KT', coveredKrw: 11_000 })
    expect(await (await cb.get('/devices/aid')).text()).toContain('KT 인터넷 요금 지원이 끝났습니다')
    // English too
    const en = await step(pm.sid, { step: 'start' }, 'en')
    expect(en.json.error.message).toContain('arranged → being paid → ended')
  })
})
