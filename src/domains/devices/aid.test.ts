import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { accessLog, auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { registerPerson } from '../people/service.ts'
import { proxyActions } from '../people/tables.ts'
import { makeOrg, makeStaff, meta } from '../people/test-helpers.ts'
import {
  AidInput,
  applyAid,
  assessAid,
  assistiveShare,
  checksOf,
  DocumentCheckInput,
  decideAid,
  internetShare,
  listAid,
  recordDocumentCheck,
  StaffAidInput,
  viewAid,
} from './aid.ts'
import { ApplicationInput } from './schema.ts'
import * as svc from './service.ts'
import { aidApplications, documentChecks } from './tables.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})
const NOW = new Date('2026-11-23T01:00:00Z')

async function citizen(db: Db, staff: Actor, phone = '010-3333-4444') {
  const r = await registerPerson(
    db,
    staff,
    {
      name: '김보람',
      birthDate: '1960-03-02',
      phone,
      channel: 'phone',
      relationship: 'self',
      consentGiven: true,
      consentMethod: 'verbal',
    } as never,
    meta(NOW),
  )
  const actor: Actor = { kind: 'citizen', personId: r.personId, sessionId: 'x' }
  return { personId: r.personId, actor }
}

describe('devices: assistive devices and internet-fee support', () => {
  it('computes the co-payment: the state pays 80%, 90% for basic livelihood and near-poverty', () => {
    expect(assistiveShare(1_000_000, {})).toMatchObject({
      statePct: 80,
      stateKrw: 800_000,
      copayKrw: 200_000,
    })
    expect(assistiveShare(5_800_000, { basicLivelihood: true })).toMatchObject({
      statePct: 90,
      stateKrw: 5_220_000,
      copayKrw: 580_000,
    })
    expect(assistiveShare(450_000, { nearPoverty: true })).toMatchObject({ statePct: 90, copayKrw: 45_000 })
    // rounding: the state's share goes down to 10 won, the applicant pays the rest; the sum is the price
    const odd = assistiveShare(123_457, {})
    expect(odd.stateKrw).toBe(98_760)
    expect(odd.stateKrw + odd.copayKrw).toBe(123_457)
    expect(internetShare(33_000)).toMatchObject({ stateKrw: 11_000, copayKrw: 22_000 })
    expect(internetShare(8_000)).toMatchObject({ stateKrw: 8_000, copayKrw: 0 })
    expect(assessAid('assistive', { basicLivelihood: true }, null, NOW).eligible).toBe(false)
    expect(assessAid('assistive', { disabled: true }, '2025-06-01', NOW)).toMatchObject({ eligible: false })
    expect(assessAid('internet', { seniorAlone: true }, '2025-06-01', NOW).eligible).toBe(true)
    expect(AidInput.safeParse({ kind: 'assistive', districtCode: '11110' }).success).toBe(false)
    expect(
      AidInput.safeParse({ kind: 'internet', districtCode: '11110', monthlyFeeKrw: '3만' }).success,
    ).toBe(false)
  })

  it('citizen and proxy applications, once per key; document checks (who, which, when; no scans) gate approval; scope and access log', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const org = await makeOrg(db)
    const worker = await makeStaff(db, 'centre_worker', org.id)
    const other = await makeStaff(db, 'centre_worker', (await makeOrg(db)).id)
    const me = await citizen(db, pm.actor)
    const body = AidInput.parse({
      kind: 'assistive',
      itemCode: 'braille_terminal',
      districtCode: '11110',
      disabled: 'yes',
      basicLivelihood: 'yes',
      idempotencyKey: 'aid-1',
    })
    const a = await applyAid(db, me.actor, body, NOW)
    expect(a.created).toBe(true)
    expect(a.application).toMatchObject({
      status: 'submitted',
      eligible: true,
      priceKrw: 5_800_000,
      statePct: 90,
      copayKrw: 580_000,
    })
    expect((await applyAid(db, me.actor, body, NOW)).created).toBe(false) // double-click: same application
    await expect(applyAid(db, me.actor, { ...body, idempotencyKey: 'aid-2' }, NOW)).rejects.toMatchObject({
      message: 'devices.aid.err.alreadyApplied',
    })
    expect(await db.select().from(aidApplications)).toHaveLength(1)

    // a centre worker enters internet-fee support for another person on the phone (consent recorded)
    const you = await citizen(db, pm.actor, '010-7777-8888')
    const net = await applyAid(
      db,
      worker.actor,
      StaffAidInput.parse({
        kind: 'internet',
        monthlyFeeKrw: '33,000',
        districtCode: '11140',
        seniorAlone: 'yes',
        personId: you.personId,
        consentGiven: 'yes',
        channel: 'phone',
      }),
      NOW,
    )
    expect(net.application).toMatchObject({ kind: 'internet', stateKrw: 11_000, copayKrw: 22_000 })
    const pa = await db.select().from(proxyActions).where(eq(proxyActions.entityId, net.application.id))
    expect(pa[0]).toMatchObject({ channel: 'phone', consentGiven: true })
    expect(
      StaffAidInput.safeParse({ kind: 'internet', monthlyFeeKrw: 1, districtCode: '11110' }).success,
    ).toBe(false)

    // scope: a centre worker sees the applications they entered, not others'; a stranger gets 404
    expect((await listAid(db, worker.actor, NOW)).map((x) => x.id)).toEqual([net.application.id])
    expect(await listAid(db, other.actor, NOW)).toHaveLength(0)
    await expect(viewAid(db, other.actor, net.application.id, NOW)).rejects.toMatchObject({ status: 404 })
    await expect(
      recordDocumentCheck(
        db,
        other.actor,
        { kind: 'aid', id: net.application.id },
        DocumentCheckInput.parse({ document: 'internet_bill', result: 'verified' }),
        NOW,
      ),
    ).rejects.toMatchObject({ status: 404 })
    expect((await listAid(db, pm.actor, NOW)).length).toBe(2)
    expect(
      (await db.select().from(accessLog).where(eq(accessLog.personId, me.personId))).length,
    ).toBeGreaterThan(0)

    // approval needs a verified document: the check records who, which and when
    await expect(decideAid(db, pm.actor, a.application.id, 'approved', NOW)).rejects.toMatchObject({
      message: 'devices.doc.err.noneVerified',
    })
    await recordDocumentCheck(
      db,
      pm.actor,
      { kind: 'aid', id: a.application.id },
      DocumentCheckInput.parse({
        document: 'disability_certificate',
        result: 'verified',
        note: '원본 확인 후 돌려드림',
      }),
      NOW,
    )
    const checks = await checksOf(db, a.application.id)
    expect(checks[0]).toMatchObject({
      document: 'disability_certificate',
      result: 'verified',
      checkedBy: pm.id,
      checkedAt: NOW,
    })
    expect(Object.keys(checks[0]!).some((k) => /scan|file|image/i.test(k))).toBe(false)
    await decideAid(db, pm.actor, a.application.id, 'approved', NOW)
    await expect(decideAid(db, pm.actor, a.application.id, 'approved', NOW)).rejects.toMatchObject({
      message: 'devices.err.decided',
    })
    await expect(decideAid(db, worker.actor, net.application.id, 'approved', NOW)).rejects.toMatchObject({
      status: 403,
    })
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entityId, a.application.id))
    expect(trail.map((t) => t.action)).toEqual(['create', 'document_check', 'status.approved'])

    // document checks on a computer application too (object-level: only within the worker's organisation)
    const pc = await svc.applyAsCitizen(
      db,
      me.actor,
      ApplicationInput.parse({ deviceType: 'laptop', districtCode: '11110', basicLivelihood: 'yes' }),
      NOW,
    )
    await expect(
      recordDocumentCheck(
        db,
        worker.actor,
        { kind: 'device', id: pc.application.id },
        DocumentCheckInput.parse({ document: 'id_card', result: 'verified' }),
        NOW,
      ),
    ).rejects.toMatchObject({ status: 404 })
    await recordDocumentCheck(
      db,
      pm.actor,
      { kind: 'device', id: pc.application.id },
      DocumentCheckInput.parse({ document: 'livelihood_certificate', result: 'not_valid' }),
      NOW,
    )
    expect(await db.select().from(documentChecks)).toHaveLength(2)
  })

  it('pages: the citizen applies without JavaScript and sees the computation; staff record a check and approve', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const me = await citizen(db, pm.actor)
    const cb = new Browser(app)
    cb.cookies.set('gachi_sid', await createSession(db, { personId: me.personId }, { now: new Date() }))
    const form = await cb.get('/devices/aid/apply')
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('점자정보단말기')
    const bad = await cb.post('/devices/aid/apply', { kind: 'assistive', districtCode: '11110' })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('보조기기를 고르세요')
    const ok = await cb.post('/devices/aid/apply', {
      kind: 'assistive',
      itemCode: 'screen_reader_sw',
      districtCode: '11110',
      criteria: ['disabled'],
    })
    expect(ok.status).toBe(303)
    const mine = await (await cb.get('/devices/aid')).text()
    expect(mine).toContain('본인 부담 20% = 200,000원')

    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const [row] = await db.select().from(aidApplications)
    const detail = await staff.get(`/staff/devices/aid/${row!.id}`)
    expect(detail.status).toBe(200)
    expect(await detail.text()).toContain('나라 80% = 800,000원')
    expect((await staff.get('/staff/devices/aid')).status).toBe(200)
    expect((await staff.get('/staff/devices/aid/new')).status).toBe(200)
    expect((await staff.get('/staff/devices/aid/not-an-id')).status).toBe(404)
    const missing = await staff.post(`/staff/devices/aid/${row!.id}/documents`, { result: 'verified' })
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain('서류를 고르세요')
    const refused = await staff.post(`/staff/devices/aid/${row!.id}/decision`, { decision: 'approved' })
    expect(refused.status).toBe(409)
    expect(
      (
        await staff.post(`/staff/devices/aid/${row!.id}/documents`, {
          document: 'disability_certificate',
          result: 'verified',
        })
      ).status,
    ).toBe(303)
    expect(
      (await staff.post(`/staff/devices/aid/${row!.id}/decision`, { decision: 'approved' })).status,
    ).toBe(303)
    const after = await (await staff.get(`/staff/devices/aid/${row!.id}`)).text()
    expect(after).toContain('장애인 증명서')
    expect(after).toContain('승인됨')
    const pc = await svc.applyAsCitizen(
      db,
      me.actor,
      ApplicationInput.parse({ deviceType: 'laptop', districtCode: '11110', basicLivelihood: 'yes' }),
      NOW,
    )
    expect((await staff.get(`/staff/devices/applications/${pc.application.id}/documents`)).status).toBe(200)
    expect((await staff.get('/staff/devices/applications')).status).toBe(200)
  })
})
