import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { registerPerson } from '../people/service.ts'
import { makeOrg, makeStaff, meta } from '../people/test-helpers.ts'
import { wipeCertificatePdf } from './certificates.ts'
import { MoneyDonationInput, RefurbishInput } from './donor-schema.ts'
import * as donors from './donors.ts'
import { importDevices, importMoney, importScanned } from './imports.ts'
import { recordRefurbishment } from './refurbish.ts'
import { PledgeInput, TransitionInput } from './schema.ts'
import * as svc from './service.ts'
import * as stock from './stock.ts'
import { devices, moneyDonations, pledges, receipts, refurbishments, wipeCertificates } from './tables.ts'
import { verifyClaims } from './test-helpers.ts'
import { setValuation, valuationTable } from './valuation.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})

const NOW = new Date('2026-11-23T01:00:00Z')
const pledge = (over: Record<string, unknown> = {}) =>
  PledgeInput.parse({
    donorKind: 'company',
    name: '같이전자',
    businessNo: '123-45-67890',
    contact: 'csr@example.com',
    deviceType: 'laptop',
    count: '3',
    ageYears: '3',
    condition: '작동함',
    handover: 'drop_off',
    consentDataDestruction: 'yes',
    ...over,
  })

const wipe = TransitionInput.parse({
  to: 'wiped',
  wipeMethod: 'purge',
  wipeTool: 'nwipe 0.35',
  verifierName: '이검증',
  storage: [{ kind: 'ssd', serial: 'S3Z9NB0K', capacityGb: '256' }],
})
const refurbInput = (grade: 'A' | 'B' | 'C' = 'A') =>
  RefurbishInput.parse({
    checklist: ['cleaned', 'screen', 'keyboard', 'battery', 'osInstalled'],
    parts: [
      { part: '배터리', costKrw: '45000' },
      { part: 'SSD 256GB', costKrw: '30000' },
    ],
    grade,
    specs: { cpu: 'i5-8250U', ramGb: '8', storageGb: '256', os: 'Windows 11' },
  })

/** Received → wiped (with a storage record) → refurbished and graded → optionally ready. */
async function wipeAndRefurbish(db: Db, tech: Actor, id: string, ready = true) {
  await svc.transitionDevice(db, tech, id, { to: 'wiping' }, NOW)
  await svc.transitionDevice(db, tech, id, wipe, NOW)
  await recordRefurbishment(db, tech, id, refurbInput(), NOW)
  if (ready) await svc.transitionDevice(db, tech, id, { to: 'ready' }, NOW)
}

describe('devices: donor impact and wipe certificates', () => {
  it('a company account sees each of its devices’ journey to a district with totals, never the recipient; another company sees nothing', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const orgA = await makeOrg(db, '같이전자 주식회사')
    const orgB = await makeOrg(db, '다른회사 주식회사')
    const companyA = await makeStaff(db, 'donor_org', orgA.id)
    const companyB = await makeStaff(db, 'donor_org', orgB.id)
    const tech = await makeStaff(db, 'repair_technician', null)
    const pm = await makeStaff(db, 'programme_manager', null)
    const centreOrg = await makeOrg(db, '사직동 경로당')
    const centre = await makeStaff(db, 'centre_worker', centreOrg.id)

    // the company pledges through its own account: the donor is linked to its organisation
    const { pledge: p } = await svc.createPledge(db, companyA.actor, pledge(), NOW)
    expect(p.channel).toBe('web')
    const made = await svc.intakeDevices(
      db,
      tech.actor,
      { pledgeId: p.id, deviceType: 'laptop', count: 3, ageYears: 3 },
      NOW,
    )
    await wipeAndRefurbish(db, tech.actor, made[0]!.id)
    await wipeAndRefurbish(db, tech.actor, made[1]!.id, false)

    // a senior centre asks for one laptop; it is approved, allocated and handed over to a named person
    const app = await svc.applyAsStaff(
      db,
      centre.actor,
      {
        applicantKind: 'organisation',
        deviceType: 'laptop',
        districtCode: '11110',
        quantity: 1,
        seniorAlone: true,
        channel: 'phone',
        consentGiven: false,
      } as never,
      NOW,
    )
    await verifyClaims(db, pm.actor, app.application.id, NOW)
    await svc.decideApplication(db, pm.actor, app.application.id, 'approved', NOW)
    const run = await svc.runAllocation(db, pm.actor, false, NOW)
    expect(run.committed).toBe(1)
    const [reserved] = await svc.reservedList(db, pm.actor)
    await svc.deliver(
      db,
      pm.actor,
      reserved!.allocation.id,
      { receivedBy: '김수령', starterGuide: true },
      NOW,
    )

    const seen = await donors.impact(db, companyA.actor)
    expect(seen.totals).toMatchObject({
      donated: 3,
      received: 3,
      wiped: 2,
      refurbished: 2,
      delivered: 1,
      districts: 1,
    })
    const delivered = seen.journeys.find((j) => j.assetTag === made[0]!.assetTag)!
    expect(delivered.district?.nameKo).toBe('종로구')
    expect(delivered.certificate).toBe(true)
    expect(delivered.refurbishedAt).toEqual(NOW)
    expect(seen.journeys.find((j) => j.assetTag === made[2]!.assetTag)).toMatchObject({
      certificate: false,
      district: null,
    })
    // no recipient data anywhere in what the donor gets
    const json = JSON.stringify({ journeys: seen.journeys, totals: seen.totals })
    expect(json).not.toContain('김수령')
    expect(json).not.toContain(app.application.id)
    expect(json).not.toContain(centreOrg.id)

    // object-level checks: another company sees none of it, and cannot open this donor or its certificates
    expect((await donors.impact(db, companyB.actor)).journeys).toEqual([])
    const donorId = seen.donors[0]!.id
    await expect(donors.impact(db, companyB.actor, donorId)).rejects.toMatchObject({ code: 'not_found' })
    await expect(
      donors.certificateDevices(db, companyB.actor, { deviceId: made[0]!.id }),
    ).rejects.toMatchObject({ code: 'not_found' })
    await expect(donors.certificateDevices(db, companyB.actor, { pledgeId: p.id })).rejects.toMatchObject({
      code: 'not_found',
    })
    // an account granted the company's organisation (identity: organisation grants) sees it too
    const granted = { ...companyB.actor, grantedOrgIds: [orgA.id] } as Actor
    expect((await donors.impact(db, granted)).journeys).toHaveLength(3)
    // a programme manager sees any one donor; a centre worker none
    expect((await donors.impact(db, pm.actor, donorId)).journeys).toHaveLength(3)
    await expect(donors.impact(db, centre.actor, donorId)).rejects.toMatchObject({ code: 'not_found' })

    // the certificate: storage, method, tool, operator, verifier, time — PDF with the Korean font embedded
    const batch = await donors.certificateDevices(db, companyA.actor, { pledgeId: p.id })
    expect(batch).toHaveLength(3)
    expect(batch[0]!.wipes[0]).toMatchObject({
      method: 'purge',
      tool: 'nwipe 0.35',
      verifierName: '이검증',
      technicianName: expect.any(String),
      passed: true,
      storage: [{ kind: 'ssd', serial: 'S3Z9NB0K', capacityGb: 256 }],
    })
    for (const locale of ['ko', 'en'] as const) {
      const pdf = await wipeCertificatePdf(batch, {
        locale,
        cityName: '서울특별시',
        scope: '같이전자',
        issuedAt: NOW,
      })
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      expect(pdf.toString('latin1')).toMatch(/FontFile2/) // the TrueType font is embedded
    }

    // over HTTP: the company's page and certificate; the other company gets 404
    const { app: http } = testApp(database)
    const a = new Browser(http)
    a.cookies.set('gachi_sid', companyA.sid)
    const page = await a.get('/staff/devices/impact')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(made[0]!.assetTag)
    expect(html).toContain('종로구')
    expect(html).not.toContain('김수령')
    const cert = await a.get(`/api/v1/devices/${made[0]!.id}/wipe-certificate.pdf`)
    expect(cert.status).toBe(200)
    expect(cert.headers.get('content-type')).toBe('application/pdf')
    const b = new Browser(http)
    b.cookies.set('gachi_sid', companyB.sid)
    expect((await b.get(`/api/v1/devices/${made[0]!.id}/wipe-certificate.pdf`)).status).toBe(404)
    expect((await b.get(`/api/v1/pledges/${p.id}/wipe-certificates.pdf`)).status).toBe(404)
    expect((await b.get(`/api/v1/donors/${donorId}/impact`)).status).toBe(404)
    expect((await a.get(`/api/v1/donors/${donorId}/impact`)).status).toBe(200)
    const en = await a.get('/staff/devices/impact', { 'accept-language': 'en' })
    expect(await en.text()).toContain('to a household in Jongno-gu')
  }, 180_000) // a whole allocation and delivery on the way: slow on a busy 2-core machine

  it('a verified individual donor sees their own devices; staff link a company donor to its organisation', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const tech = await makeStaff(db, 'repair_technician', null)
    const r = await registerPerson(
      db,
      pm.actor,
      {
        name: '최기부',
        birthDate: '1960-01-02',
        phone: '010-5555-6666',
        channel: 'phone',
        relationship: 'self',
        consentGiven: true,
        consentMethod: 'verbal',
      } as never,
      meta(NOW),
    )
    const me: Actor = { kind: 'citizen', personId: r.personId, sessionId: 'x' }
    const { pledge: mine } = await svc.createPledge(
      db,
      me,
      pledge({ donorKind: 'individual', businessNo: '', count: '1' }),
      NOW,
    )
    const [d] = await svc.intakeDevices(
      db,
      tech.actor,
      { pledgeId: mine.id, deviceType: 'laptop', count: 1, ageYears: 2 },
      NOW,
    )
    await wipeAndRefurbish(db, tech.actor, d!.id, false)
    const seen = await donors.impact(db, me)
    expect(seen.journeys.map((j) => j.assetTag)).toEqual([d!.assetTag])
    expect((await donors.certificateDevices(db, me, { deviceId: d!.id }))[0]!.wipes).toHaveLength(1)
    // somebody else's company pledge is not theirs
    const { pledge: other } = await svc.createPledge(db, { kind: 'anonymous' }, pledge(), NOW)
    await expect(donors.certificateDevices(db, me, { pledgeId: other.id })).rejects.toMatchObject({
      code: 'not_found',
    })
    const { app } = testApp(database)
    const cb = new Browser(app)
    cb.cookies.set('gachi_sid', await createSession(db, { personId: r.personId }, { now: new Date() }))
    const html = await (await cb.get('/devices/impact')).text()
    expect(html).toContain(d!.assetTag)

    // the company pledged anonymously; a manager links its donor record to the company's organisation
    const org = await makeOrg(db, '나중연결 주식회사')
    const company = await makeStaff(db, 'donor_org', org.id)
    expect((await donors.impact(db, company.actor)).donors).toEqual([])
    await donors.linkDonorOrg(db, pm.actor, other.donorId, org.id, NOW)
    expect((await donors.impact(db, company.actor)).donors.map((x) => x.id)).toEqual([other.donorId])
    await expect(donors.linkDonorOrg(db, company.actor, other.donorId, null, NOW)).rejects.toMatchObject({
      code: 'forbidden',
    })
  })
})

describe('devices: refurbishment', () => {
  it('records checklist, parts with cost, specs and grade in one step; refused before the wipe', async () => {
    database = await freshDb()
    const db = database.db
    const tech = await makeStaff(db, 'repair_technician', null)
    const [d] = await svc.intakeDevices(db, tech.actor, { deviceType: 'laptop', count: 1, ageYears: 4 }, NOW)
    await expect(recordRefurbishment(db, tech.actor, d!.id, refurbInput(), NOW)).rejects.toMatchObject({
      code: 'conflict',
      message: 'devices.err.notRefurbishing',
    })
    await svc.transitionDevice(db, tech.actor, d!.id, { to: 'wiping' }, NOW)
    await svc.transitionDevice(db, tech.actor, d!.id, wipe, NOW)
    // from "wiped" straight to "graded": the refurbishing step is taken on the way
    await recordRefurbishment(db, tech.actor, d!.id, refurbInput('B'), NOW)
    const [row] = await db.select().from(refurbishments).where(eq(refurbishments.deviceId, d!.id))
    expect(row).toMatchObject({ grade: 'B', partsCostKrw: 75000 })
    expect(row!.checklist).toMatchObject({ cleaned: true, battery: true, ports: false })
    const detail = await svc.deviceDetail(db, tech.actor, d!.id)
    expect(detail.device).toMatchObject({ status: 'graded', grade: 'B' })
    expect(detail.device.specs).toMatchObject({ cpu: 'i5-8250U', ramGb: 8 })
    expect(detail.events.map((e) => e.toStatus)).toEqual([
      'received',
      'wiping',
      'wiped',
      'refurbishing',
      'graded',
    ])
    const centre = await makeStaff(db, 'centre_worker', (await makeOrg(db)).id)
    await expect(recordRefurbishment(db, centre.actor, d!.id, refurbInput(), NOW)).rejects.toMatchObject({
      code: 'forbidden',
    })

    // the phone page: one-tap buttons and the refurbishment form; posting it grades the device
    const [e] = await svc.intakeDevices(db, tech.actor, { deviceType: 'desktop', count: 1, ageYears: 1 }, NOW)
    const { app } = testApp(database)
    const b = new Browser(app)
    b.cookies.set('gachi_sid', tech.sid)
    const received = await (await b.get(`/staff/devices/${e!.assetTag}`)).text()
    expect(received).toContain('name="to" value="wiping"')
    expect((await b.post(`/staff/devices/${e!.id}/transition`, { to: 'wiping' })).status).toBe(303)
    const wiped = await b.post(`/staff/devices/${e!.id}/transition`, {
      to: 'wiped',
      wipeMethod: 'destroy',
      wipeTool: '파쇄기',
      verifierName: '박확인',
      storage1Kind: 'hdd',
      storage1Serial: 'WD-1234',
      storage1Gb: '500',
    })
    expect(wiped.status).toBe(303)
    const [w] = await db.select().from(wipeCertificates).where(eq(wipeCertificates.deviceId, e!.id))
    expect(w!.storage).toEqual([{ kind: 'hdd', serial: 'WD-1234', capacityGb: 500 }])
    const form = await (await b.get(`/staff/devices/${e!.assetTag}`)).text()
    expect(form).toContain(`/staff/devices/${e!.id}/refurbish`)
    const bad = await b.post(`/staff/devices/${e!.id}/refurbish`, { partName1: 'RAM', partCost1: 'abc' })
    expect(bad.status).toBe(422)
    const ok = await b.post(`/staff/devices/${e!.id}/refurbish`, {
      checklist: ['cleaned', 'screen'],
      partName1: 'RAM 8GB',
      partCost1: '25000',
      cpu: 'i3',
      ramGb: '8',
      grade: 'C',
    })
    expect(ok.status).toBe(303)
    expect((await svc.deviceDetail(db, tech.actor, e!.id)).device.grade).toBe('C')
  })
})

const deviceCsv = (n: number, from = 1) =>
  [
    'type,model,serial,age_years,cpu,ram_gb,storage_gb,centre',
    ...Array.from(
      { length: n },
      (_, i) => `laptop,ThinkPad T480,SN${String(from + i).padStart(5, '0')},4,i5,8,256,성동센터`,
    ),
  ].join('\n')

describe('devices: bulk intake and money donations by CSV', () => {
  it('300 PCs from one company: every row error is reported and nothing is imported; then all in one go', async () => {
    database = await freshDb()
    const db = database.db
    const tech = await makeStaff(db, 'repair_technician', null)
    const { pledge: p } = await svc.createPledge(db, { kind: 'anonymous' }, pledge({ count: '300' }), NOW)
    const lines = deviceCsv(300).split('\n')
    lines[10] = 'phone,X,SNBAD,old,,,,' // line 11: bad type and age
    lines[20] = lines[5]! // line 21: the same serial as line 6
    const bad = await importDevices(db, tech.actor, { csv: lines.join('\n'), pledgeId: p.id }, NOW)
    expect(bad.ok).toBe(false)
    if (bad.ok) throw new Error('unreachable')
    expect(bad.errors).toEqual([
      { line: 11, field: 'type', key: 'devices.err.deviceType', params: {} },
      { line: 11, field: 'ageYears', key: 'devices.err.age', params: {} },
      { line: 21, field: 'serial', key: 'devices.import.dupSerialFile', params: { line: 6 } },
    ])
    expect(await db.select().from(devices)).toHaveLength(0)
    expect((await db.select().from(pledges))[0]!.status).toBe('pledged')

    const good = await importDevices(db, tech.actor, { csv: deviceCsv(300), pledgeId: p.id }, NOW)
    expect(good.ok).toBe(true)
    if (!good.ok) throw new Error('unreachable')
    expect(good.created).toHaveLength(300)
    expect(good.created[0]!.assetTag).toBe('D-2026-00001')
    expect(good.created[299]!.assetTag).toBe('D-2026-00300')
    expect(good.created[0]).toMatchObject({ serial: 'SN00001', centre: '성동센터', donorId: p.donorId })
    expect((await db.select().from(pledges))[0]!.status).toBe('received')
    // the same file again: every serial is already in stock, nothing is added
    const again = await importDevices(db, tech.actor, { csv: deviceCsv(3), pledgeId: p.id }, NOW)
    expect(again.ok).toBe(false)
    if (again.ok) throw new Error('unreachable')
    expect(again.errors.map((e) => e.key)).toEqual(Array(3).fill('devices.import.dupSerialStock'))
    expect(await db.select().from(devices)).toHaveLength(300)
    // not CSV at all, and an empty file
    const broken = await importDevices(db, tech.actor, { csv: 'type,model\n"laptop,x' }, NOW)
    expect(broken).toMatchObject({ ok: false, errors: [{ key: 'devices.import.badCsv' }] })

    // by scanning: one serial a line; a repeated scan is reported on its line and nothing is received
    const scanned = await importScanned(
      db,
      tech.actor,
      { deviceType: 'desktop', ageYears: 5, serials: 'PC-1\nPC-2\n\nPC-1\n' },
      NOW,
    )
    expect(scanned).toMatchObject({
      ok: false,
      errors: [{ line: 3, field: 'serial', key: 'devices.import.dupSerialFile', params: { line: 1 } }],
    })
    const scannedOk = await importScanned(
      db,
      tech.actor,
      { deviceType: 'desktop', ageYears: 5, serials: 'PC-1\nPC-2' },
      NOW,
    )
    expect(scannedOk.ok && scannedOk.created.map((d) => [d.serial, d.type])).toEqual([
      ['PC-1', 'desktop'],
      ['PC-2', 'desktop'],
    ])

    // the page: file upload (multipart), 422 with the row table, then success
    const { app } = testApp(database)
    const b = new Browser(app)
    b.cookies.set('gachi_sid', tech.sid)
    await b.get('/staff/devices/import')
    const form = new FormData()
    form.set('_csrf', b.csrf)
    form.set('file', new File(['type,serial,age_years\ntablet,TAB1,x\n'], 'list.csv', { type: 'text/csv' }))
    const res = await app.request('/staff/devices/import', {
      method: 'POST',
      body: form,
      headers: {
        cookie: [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        origin: 'http://localhost',
        host: 'localhost',
      },
    })
    expect(res.status).toBe(422)
    expect(await res.text()).toContain('row-errors')
    const ok = await b.post('/staff/devices/import', { csv: 'type,serial,age_years\ntablet,TAB1,2\n' })
    expect(ok.status).toBe(303)
    const scanPage = await b.post('/staff/devices/import/scan', {
      scanType: 'tablet',
      scanAge: '',
      serials: 'TAB2',
    })
    expect(scanPage.status).toBe(422)
    expect(await scanPage.text()).toContain('f-scanAge-error')
    expect(
      (
        await b.post('/staff/devices/import/scan', {
          scanType: 'tablet',
          scanAge: '1',
          serials: 'TAB2\nTAB3',
        })
      ).status,
    ).toBe(303)
  })

  it('money and reward-point donations by form and CSV, with gap-free receipts; a reference is recorded once', async () => {
    database = await freshDb()
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const one = await donors.recordMoneyDonation(
      db,
      pm.actor,
      MoneyDonationInput.parse({
        donorKind: 'company',
        name: '같이전자',
        businessNo: '1234567890',
        kind: 'money',
        amount: '1,000,000',
        receivedOn: '2026-11-20',
        reference: 'TX-1',
        wantsReceipt: 'yes',
      }),
      NOW,
    )
    const [r1] = await db.select().from(receipts).where(eq(receipts.id, one.donation.receiptId!))
    expect(svc.receiptNumber(r1!)).toBe('GACHI-2026-000001')
    expect(r1).toMatchObject({ kind: 'money', amountKrw: 1_000_000 })
    await expect(
      donors.recordMoneyDonation(
        db,
        pm.actor,
        MoneyDonationInput.parse({
          donorKind: 'individual',
          name: '홍길동',
          kind: 'money',
          amount: '5000',
          receivedOn: '2026-11-20',
          reference: 'TX-1',
        }),
        NOW,
      ),
    ).rejects.toMatchObject({ code: 'conflict', message: 'devices.err.duplicateReference' })

    const head = 'donor_kind,name,business_no,contact,kind,amount,received_on,reference,receipt'
    const rows = [
      'company,같이전자,123-45-67890,,points,30000,2026-11-21,PT-1,yes',
      'individual,김나눔,,010-1111-2222,money,50000,2026-11-21,TX-2,yes',
      'individual,이익명,,,money,20000,2026-11-21,TX-3,no',
    ]
    const bad = await importMoney(
      db,
      pm.actor,
      { csv: [head, ...rows, 'individual,,,,cash,-5,2026-13-01,TX-1,yes'].join('\n') },
      NOW,
    )
    expect(bad.ok).toBe(false)
    if (bad.ok) throw new Error('unreachable')
    expect(bad.errors.every((e) => e.line === 5)).toBe(true)
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['amount', 'kind', 'name'])
    const dupRef = await importMoney(db, pm.actor, { csv: [head, rows[0], rows[0]].join('\n') }, NOW)
    expect(dupRef).toMatchObject({ ok: false, errors: [{ line: 3, key: 'devices.import.dupRefFile' }] })
    expect(await db.select().from(moneyDonations)).toHaveLength(1)
    expect(await db.select().from(receipts)).toHaveLength(1)

    const good = await importMoney(db, pm.actor, { csv: [head, ...rows].join('\n') }, NOW)
    expect(good.ok).toBe(true)
    const all = await db.select().from(receipts)
    expect(all.map((r) => r.number).sort()).toEqual([1, 2, 3])
    // the company's points donation went to the same donor (same business number), valued 1 won a point
    const pts = (await db.select().from(moneyDonations).where(eq(moneyDonations.kind, 'points')))[0]!
    expect(pts).toMatchObject({ donorId: one.donor.id, amount: 30000, valueKrw: 30000, channel: 'csv' })
    expect((await donors.impact(db, pm.actor, one.donor.id)).totals.moneyKrw).toBe(1_030_000)
    const centre = await makeStaff(db, 'centre_worker', (await makeOrg(db)).id)
    await expect(importMoney(db, centre.actor, { csv: head }, NOW)).rejects.toMatchObject({
      code: 'forbidden',
    })

    const { app } = testApp(database)
    const b = new Browser(app)
    b.cookies.set('gachi_sid', pm.sid)
    const page = await b.get('/staff/devices/donations')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('GACHI-2026-000002')
    const missing = await b.post('/staff/devices/donations', { kind: 'money' })
    expect(missing.status).toBe(422)
    const imported = await b.post('/staff/devices/donations/import', { csv: `${head}\nx,y` })
    expect(imported.status).toBe(422)
  })
})

describe('devices: valuation table and stock views', () => {
  it('staff change a value with a reason (audited) and the next receipt uses it', async () => {
    database = await freshDb()
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const tech = await makeStaff(db, 'repair_technician', null)
    const before = (await valuationTable(db)).find(
      (c) => c.type === 'laptop' && c.maxAgeYears === 4 && c.grade === 'A',
    )!
    expect(before).toMatchObject({ valueKrw: 240000, edited: false })
    await setValuation(
      db,
      pm.actor,
      { type: 'laptop', maxAgeYears: 4, grade: 'A', valueKrw: 250000, reason: '2026 시세' },
      NOW,
    )
    const [a] = await db
      .select()
      .from(auditTrail)
      .where(and(eq(auditTrail.entity, 'device_valuation'), eq(auditTrail.entityId, 'laptop/4/A')))
    expect(a).toMatchObject({
      before: { valueKrw: 240000 },
      after: { valueKrw: 250000, reason: '2026 시세' },
    })
    await expect(
      setValuation(
        db,
        tech.actor,
        { type: 'laptop', maxAgeYears: 4, grade: 'A', valueKrw: 1, reason: 'x' },
        NOW,
      ),
    ).rejects.toMatchObject({ code: 'forbidden' })

    const { pledge: p } = await svc.createPledge(db, { kind: 'anonymous' }, pledge({ count: '2' }), NOW)
    const made = await svc.intakeDevices(
      db,
      tech.actor,
      { pledgeId: p.id, deviceType: 'laptop', count: 2, ageYears: 3 },
      NOW,
    )
    for (const d of made) await wipeAndRefurbish(db, tech.actor, d.id, false)
    const r = await svc.issueReceipt(
      db,
      pm.actor,
      { issuer: 'GACHI', donorId: p.donorId, pledgeId: p.id, kind: 'in_kind' },
      NOW,
    )
    expect(r.amountKrw).toBe(500000)

    const { app } = testApp(database)
    const b = new Browser(app)
    b.cookies.set('gachi_sid', pm.sid)
    expect(await (await b.get('/staff/devices/valuation')).text()).toContain('250,000원 *')
    const noReason = await b.post('/staff/devices/valuation', {
      type: 'laptop',
      maxAgeYears: '4',
      grade: 'A',
      valueKrw: '1',
    })
    expect(noReason.status).toBe(422)
  })

  it('stock by status, type, grade, centre and age band; CSV (formula-safe) and XLSX exports', async () => {
    database = await freshDb()
    const db = database.db
    const tech = await makeStaff(db, 'repair_technician', null)
    const analyst = await makeStaff(db, 'analyst', null)
    const imported = await importDevices(
      db,
      tech.actor,
      {
        csv: [
          'type,model,serial,age_years,centre',
          'laptop,"=HYPERLINK(""x"")",A1,1,성동',
          'laptop,T480,A2,3,성동',
          'desktop,OptiPlex,A3,8,노원',
          'tablet,Galaxy Tab,A4,5,노원',
        ].join('\n'),
      },
      NOW,
    )
    expect(imported.ok).toBe(true)
    const [first] = await db.select().from(devices).where(eq(devices.serial, 'A2'))
    await wipeAndRefurbish(db, tech.actor, first!.id)
    const byType = await stock.stockSummary(db, analyst.actor, {}, 'type')
    expect(byType).toEqual({
      total: 4,
      groups: [
        { key: 'desktop', n: 1 },
        { key: 'laptop', n: 2 },
        { key: 'tablet', n: 1 },
      ],
    })
    expect((await stock.stockSummary(db, analyst.actor, {}, 'age')).groups).toEqual([
      { key: '0-2', n: 1 },
      { key: '3-4', n: 1 },
      { key: '5-6', n: 1 },
      { key: '7+', n: 1 },
    ])
    expect((await stock.stockSummary(db, analyst.actor, { centre: '노원' }, 'status')).total).toBe(2)
    expect(
      (await stock.stockSummary(db, analyst.actor, { grade: 'A', status: 'ready' }, 'centre')).groups,
    ).toEqual([{ key: '성동', n: 1 }])
    expect((await stock.stockRows(db, analyst.actor, { age: 6 })).map((d) => d.serial)).toEqual(['A4'])
    const centre = await makeStaff(db, 'centre_worker', (await makeOrg(db)).id)
    await expect(stock.stockRows(db, centre.actor, {})).rejects.toMatchObject({ code: 'forbidden' })

    const { app } = testApp(database)
    const b = new Browser(app)
    b.cookies.set('gachi_sid', analyst.sid)
    const csv = await (await b.get('/api/v1/device-stock.csv?type=laptop')).text()
    expect(csv.split('\n')[0]).toBe(
      'asset_tag,type,model,serial,age_years,age_band,status,grade,wipe_verified,centre,received_at',
    )
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`)
    expect(csv.trim().split('\n')).toHaveLength(3)
    const xlsx = await b.get('/api/v1/device-stock.xlsx?centre=%EB%85%B8%EC%9B%90')
    expect(xlsx.status).toBe(200)
    const buf = Buffer.from(await xlsx.arrayBuffer())
    expect(buf.subarray(0, 2).toString()).toBe('PK') // a zip container (XLSX)
    const page = await b.get('/staff/devices/views?by=centre&type=laptop')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('/api/v1/device-stock.xlsx?type=laptop')
    expect((await b.get('/api/v1/device-stock?by=grade')).status).toBe(200)
  })
})
