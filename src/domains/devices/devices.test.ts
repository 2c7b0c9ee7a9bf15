import { and, eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb, TEST_PG_URL } from '../../../test/fresh-db.ts'
import { accessLog, auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { holdsFor } from '../people/hooks.ts'
import { registerPerson } from '../people/service.ts'
import { proxyActions } from '../people/tables.ts'
import { makeOrg, makeStaff, meta } from '../people/test-helpers.ts'
import { recordDocumentCheck } from './aid.ts'
import { assessEligibility, claimProofs, priority, WEIGHTS } from './rules.ts'
import { ApplicationInput, PledgeInput, ReceiptInput, StaffApplicationInput } from './schema.ts'
import * as svc from './service.ts'
import { allocations, devices, receipts } from './tables.ts'
import { verifyClaims } from './test-helpers.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})

const NOW = new Date('2026-11-23T01:00:00Z')
const pledgeInput = (over: Record<string, unknown> = {}) =>
  PledgeInput.parse({
    donorKind: 'company',
    name: '같이전자',
    businessNo: '123-45-67890',
    contact: 'csr@example.com',
    deviceType: 'laptop',
    count: '20',
    ageYears: '3',
    condition: '작동함',
    handover: 'drop_off',
    consentDataDestruction: 'yes',
    ...over,
  })

/** A pledge with `n` received laptops, by a programme manager. */
async function stocked(db: Db, n = 3) {
  const pm = await makeStaff(db, 'programme_manager', null)
  const tech = await makeStaff(db, 'repair_technician', null)
  const { pledge } = await svc.createPledge(db, { kind: 'anonymous' }, pledgeInput({ count: String(n) }), NOW)
  const made = await svc.intakeDevices(
    db,
    tech.actor,
    { pledgeId: pledge.id, deviceType: 'laptop', count: n, ageYears: 3 },
    NOW,
  )
  return { pm, tech, pledge, made }
}

/** Takes a received device all the way to ready (wipe certificate, grade). */
async function makeReady(db: Db, actor: Actor, id: string, grade: 'A' | 'B' | 'C' = 'A') {
  for (const step of [
    { to: 'wiping' },
    { to: 'wiped', wipeMethod: 'purge', wipeTool: 'nwipe 0.35', verifierName: '이검증' },
    { to: 'refurbishing' },
    { to: 'graded', grade },
    { to: 'ready' },
  ] as const)
    await svc.transitionDevice(db, actor, id, step, NOW)
}

async function citizen(db: Db, staff: Actor, phone = '010-3333-4444') {
  const r = await registerPerson(
    db,
    staff,
    {
      name: '최말순',
      birthDate: '1944-05-20',
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

describe('devices: lifecycle', () => {
  it('intake gives asset tags; the state machine refuses skipped steps and needs a wipe record and a grade; every step is audited', async () => {
    database = await freshDb()
    const db = database.db
    const { tech, made } = await stocked(db, 2)
    expect(made.map((d) => d.assetTag)).toEqual(['D-2026-00001', 'D-2026-00002'])
    const id = made[0]!.id
    await expect(svc.transitionDevice(db, tech.actor, id, { to: 'ready' }, NOW)).rejects.toMatchObject({
      code: 'conflict',
      message: 'devices.err.transition',
    })
    await svc.transitionDevice(db, tech.actor, id, { to: 'wiping' }, NOW)
    await expect(svc.transitionDevice(db, tech.actor, id, { to: 'wiped' }, NOW)).rejects.toMatchObject({
      code: 'validation',
      fields: {
        wipeMethod: 'devices.err.wipeMethod',
        wipeTool: 'devices.err.wipeTool',
        verifierName: 'devices.err.verifier',
      },
    })
    await svc.transitionDevice(
      db,
      tech.actor,
      id,
      { to: 'wiped', wipeMethod: 'clear', wipeTool: 'nwipe', verifierName: '김확인' },
      NOW,
    )
    await svc.transitionDevice(db, tech.actor, id, { to: 'refurbishing' }, NOW)
    await expect(svc.transitionDevice(db, tech.actor, id, { to: 'graded' }, NOW)).rejects.toMatchObject({
      code: 'validation',
    })
    await svc.transitionDevice(db, tech.actor, id, { to: 'graded', grade: 'B' }, NOW)
    await expect(svc.transitionDevice(db, tech.actor, id, { to: 'reserved' }, NOW)).rejects.toMatchObject({
      message: 'devices.err.systemOnly',
    })
    const d = await svc.transitionDevice(db, tech.actor, id, { to: 'ready' }, NOW)
    expect(d).toMatchObject({ status: 'ready', grade: 'B', wipeVerified: true })
    const detail = await svc.deviceDetail(db, tech.actor, id)
    expect(detail.events.map((e) => e.toStatus)).toEqual([
      'received',
      'wiping',
      'wiped',
      'refurbishing',
      'graded',
      'ready',
    ])
    expect(detail.wipes[0]).toMatchObject({
      method: 'clear',
      tool: 'nwipe',
      verifierName: '김확인',
      passed: true,
    })
    const trail = await db
      .select()
      .from(auditTrail)
      .where(and(eq(auditTrail.entity, 'device'), eq(auditTrail.entityId, id)))
    expect(trail.map((t) => t.action)).toContain('status.ready')
    const csv = await svc.stockCsv(db, tech.actor)
    expect(csv.split('\n')[1]).toMatch(/^D-2026-00001,laptop,,3,ready,B,true/)
  })

  it('a centre worker may not intake; a failed wipe can only be retried or the device recycled', async () => {
    database = await freshDb()
    const db = database.db
    const { tech, made } = await stocked(db, 1)
    const org = await makeOrg(db)
    const worker = await makeStaff(db, 'centre_worker', org.id)
    await expect(
      svc.intakeDevices(db, worker.actor, { deviceType: 'laptop', count: 1, ageYears: 1 }, NOW),
    ).rejects.toMatchObject({ status: 403 })
    const id = made[0]!.id
    await svc.transitionDevice(db, tech.actor, id, { to: 'wiping' }, NOW)
    await svc.transitionDevice(
      db,
      tech.actor,
      id,
      { to: 'wipe_failed', wipeMethod: 'clear', wipeTool: 'nwipe', verifierName: '김확인' },
      NOW,
    )
    await expect(svc.transitionDevice(db, tech.actor, id, { to: 'refurbishing' }, NOW)).rejects.toMatchObject(
      { code: 'conflict' },
    )
    expect((await svc.transitionDevice(db, tech.actor, id, { to: 'recycled' }, NOW)).status).toBe('recycled')
  })
})

describe('devices: donation receipts', () => {
  it('numbers per issuer and year without gaps when a transaction rolls back; void and reissue keep the number; value from the valuation table; PDF with Korean font; 5-year hold', async () => {
    database = await freshDb()
    const db = database.db
    const { pm, tech, pledge, made } = await stocked(db, 2)
    await makeReady(db, tech.actor, made[0]!.id, 'A')
    const input = ReceiptInput.parse({ donorId: pledge.donorId, pledgeId: pledge.id })
    const r1 = await svc.issueReceipt(db, pm.actor, input, NOW)
    expect(r1.amountKrw).toBe(240_000 + 96_000) // laptop 3 years: A 400k×0.6, ungraded (C) 400k×0.6×0.4
    await expect(
      svc.issueReceipt(db, pm.actor, input, NOW, {
        beforeCommit: () => {
          throw new Error('crash before commit')
        },
      }),
    ).rejects.toThrow('crash')
    const r2 = await svc.issueReceipt(
      db,
      pm.actor,
      ReceiptInput.parse({ ...input, amountKrw: '300000', adjustReason: '시장가 반영' }),
      NOW,
    )
    await expect(
      svc.issueReceipt(db, pm.actor, ReceiptInput.parse({ ...input, amountKrw: '1' }), NOW),
    ).rejects.toMatchObject({ fields: { adjustReason: 'devices.err.adjustReason' } })
    const other = await svc.issueReceipt(db, pm.actor, ReceiptInput.parse({ ...input, issuer: 'CHEST' }), NOW)
    expect([r1.number, r2.number, other.number]).toEqual([1, 2, 1])
    const keyed = ReceiptInput.parse({ ...input, issuer: 'KEYED', idempotencyKey: 'form-1' })
    const k1 = await svc.issueReceipt(db, pm.actor, keyed, NOW)
    expect((await svc.issueReceipt(db, pm.actor, keyed, NOW)).id).toBe(k1.id) // a double-click issues one receipt
    expect(svc.receiptNumber(r2)).toBe('GACHI-2026-000002')

    const { reissued } = await svc.voidReceipt(db, pm.actor, r1.id, '기부자 이름 오기', true, NOW)
    expect(reissued).toMatchObject({ number: 1, revision: 2, status: 'issued' })
    expect(svc.receiptNumber(reissued!)).toBe('GACHI-2026-000001-R2')
    await expect(svc.voidReceipt(db, pm.actor, r1.id, '다시', false, NOW)).rejects.toMatchObject({
      code: 'conflict',
    })
    const next = await svc.issueReceipt(db, pm.actor, input, NOW)
    expect(next.number).toBe(3)
    const all = await db.select().from(receipts)
    expect(all).toHaveLength(6) // nothing deleted: the voided one stays in the ledger

    const { app } = testApp(database)
    const res = await app.request(`/api/v1/receipts/${reissued!.id}.pdf`, {
      headers: { cookie: `gachi_sid=${pm.sid}` },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const pdf = Buffer.from(await res.arrayBuffer())
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
    expect(pdf.toString('latin1')).toMatch(/NotoSansKR/)
    const labels = await app.request('/api/v1/devices/labels.pdf?status=received', {
      headers: { cookie: `gachi_sid=${pm.sid}` },
    })
    expect(labels.status).toBe(200)
    expect(
      Buffer.from(await labels.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-')

    // a verified citizen who donated: their receipts are a 5-year legal hold
    const { personId, actor } = await citizen(db, pm.actor)
    const mine = await svc.createPledge(
      db,
      actor,
      pledgeInput({ donorKind: 'individual', businessNo: '', count: '1' }),
      NOW,
    )
    await svc.intakeDevices(
      db,
      tech.actor,
      { pledgeId: mine.pledge.id, deviceType: 'laptop', count: 1, ageYears: 3 },
      NOW,
    )
    await svc.issueReceipt(
      db,
      pm.actor,
      ReceiptInput.parse({ donorId: mine.pledge.donorId, pledgeId: mine.pledge.id }),
      NOW,
    )
    const holds = await holdsFor(db, personId, NOW)
    expect(holds).toEqual([expect.objectContaining({ source: 'devices', keepName: true })])
    expect(holds[0]!.until.getUTCFullYear()).toBe(2031)
  })

  it(`${TEST_PG_URL ? 100 : 10} concurrent issues with some rolled back give numbers 1..N with no gap and no duplicate`, async () => {
    database = await freshDb()
    const db = database.db
    const { pm, pledge } = await stocked(db, 1)
    const input = ReceiptInput.parse({ donorId: pledge.donorId, pledgeId: pledge.id })
    const total = TEST_PG_URL ? 100 : 10
    const results = await Promise.allSettled(
      Array.from({ length: total }, (_, i) =>
        svc.issueReceipt(db, pm.actor, input, NOW, {
          beforeCommit: () => {
            if (i % 7 === 3) throw new Error('rolled back')
          },
        }),
      ),
    )
    const ok = results.filter((r) => r.status === 'fulfilled').length
    expect(ok).toBe(total - Math.floor((total - 4) / 7) - 1)
    const numbers = (await db.select({ n: receipts.number }).from(receipts))
      .map((r) => r.n)
      .sort((a, b) => a - b)
    expect(numbers).toEqual(Array.from({ length: ok }, (_, i) => i + 1))
  })
})

describe('devices: applications, allocation, delivery and repair', () => {
  it('explains eligibility, the 2-year rule and the priority score', () => {
    const a = assessEligibility({ basicLivelihood: true }, '2025-06-01', NOW)
    expect(a.eligible).toBe(false)
    expect(a.reasons.at(-1)).toMatchObject({
      key: 'devices.rule.recentDevice',
      params: { date: '2025-06-01', until: '2027-06-01' },
    })
    expect(assessEligibility({}, null, NOW)).toMatchObject({ eligible: false })
    expect(assessEligibility({ seniorAlone: true }, '2023-01-01', NOW).eligible).toBe(true)
    // an organisation's batch: its claims are vouched for and count at once
    const claims = { basicLivelihood: true, seniorAlone: true }
    const p = priority(claims, new Date('2026-07-20T00:00:00Z'), NOW, WEIGHTS, 'vouched')
    expect(p.score).toBe(30 + 15 + 8)
    expect(p.breakdown.at(-1)).toMatchObject({ key: 'devices.rule.waited', params: { months: 4 }, points: 8 })
  })

  it('a person’s claimed circumstance counts only once staff verified its document; the breakdown says which wait for a check', () => {
    const claims = { basicLivelihood: true, seniorAlone: true, disabled: true }
    const applied = new Date('2026-07-20T00:00:00Z')
    // nothing checked yet: only the waiting time counts; each claim shows the points it would add
    const none = priority(claims, applied, NOW, WEIGHTS, claimProofs(claims, []))
    expect(none.score).toBe(8)
    expect(none.breakdown).toEqual([
      {
        key: 'devices.criterion.basicLivelihood',
        params: { points: 30 },
        points: 0,
        met: false,
        proof: 'unchecked',
      },
      {
        key: 'devices.criterion.disabled',
        params: { points: 20 },
        points: 0,
        met: false,
        proof: 'unchecked',
      },
      {
        key: 'devices.criterion.seniorAlone',
        params: { points: 15 },
        points: 0,
        met: false,
        proof: 'unchecked',
      },
      { key: 'devices.rule.waited', params: { months: 4 }, points: 8, met: true },
    ])
    // the livelihood certificate verified, the ID card found not valid, the disability certificate not checked
    const checks = [
      { document: 'id_card', result: 'verified' as const },
      { document: 'livelihood_certificate', result: 'verified' as const },
      { document: 'id_card', result: 'not_valid' as const }, // the latest check of a document decides
    ]
    const proofs = claimProofs(claims, checks)
    expect(proofs).toEqual({ basicLivelihood: 'verified', disabled: 'unchecked', seniorAlone: 'not_valid' })
    const some = priority(claims, applied, NOW, WEIGHTS, proofs)
    expect(some.score).toBe(30 + 8)
    expect(some.breakdown.map((r) => [r.key, r.points, r.proof])).toEqual([
      ['devices.criterion.basicLivelihood', 30, undefined],
      ['devices.criterion.disabled', 0, 'unchecked'],
      ['devices.criterion.seniorAlone', 0, 'not_valid'],
      ['devices.rule.waited', 8, undefined],
    ])
    // the manager's weights apply to proven circumstances only
    expect(
      priority(claims, applied, NOW, { ...WEIGHTS, basicLivelihood: 50, disabled: 99 }, proofs).score,
    ).toBe(50 + 8)
    // a claim not made is never counted, whatever documents were checked
    expect(claimProofs({ nearPoverty: true }, checks)).toEqual({ nearPoverty: 'unchecked' })
  })

  it('citizen, proxy and organisation applications; org scope; allocation commits once; delivery; repair within warranty', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const { pm, tech, made } = await stocked(db, 3)
    for (const d of made) await makeReady(db, tech.actor, d.id)
    const orgA = await makeOrg(db)
    const orgB = await makeOrg(db)
    const workerA = await makeStaff(db, 'centre_worker', orgA.id)
    const workerB = await makeStaff(db, 'centre_worker', orgB.id)

    const me = await citizen(db, pm.actor)
    const body = ApplicationInput.parse({
      deviceType: 'laptop',
      districtCode: '11110',
      basicLivelihood: 'yes',
      idempotencyKey: 'k1',
    })
    const a1 = await svc.applyAsCitizen(db, me.actor, body, NOW)
    // the claimed basic livelihood does not count before staff have checked the document
    expect(a1).toMatchObject({
      created: true,
      application: { eligible: true, score: 0, status: 'submitted' },
    })
    expect((await svc.applyAsCitizen(db, me.actor, body, NOW)).created).toBe(false) // same key: same application
    await expect(
      svc.applyAsCitizen(db, me.actor, { ...body, idempotencyKey: 'k2' }, NOW),
    ).rejects.toMatchObject({ message: 'devices.err.alreadyApplied' })

    const other = await citizen(db, pm.actor, '010-5555-6666')
    const proxy = await svc.applyAsStaff(
      db,
      workerA.actor,
      StaffApplicationInput.parse({
        applicantKind: 'proxy',
        personId: other.personId,
        consentGiven: 'yes',
        channel: 'phone',
        deviceType: 'laptop',
        districtCode: '11140',
        seniorAlone: 'yes',
      }),
      NOW,
    )
    const pa = await db.select().from(proxyActions).where(eq(proxyActions.entityId, proxy.application.id))
    expect(pa[0]).toMatchObject({ channel: 'phone', consentGiven: true, orgId: orgA.id })
    const batch = await svc.applyAsStaff(
      db,
      workerA.actor,
      StaffApplicationInput.parse({
        applicantKind: 'organisation',
        deviceType: 'laptop',
        districtCode: '11140',
        quantity: '5',
        disabled: 'yes',
      }),
      NOW,
    )

    // object-level scope: worker B sees nothing of org A, and an id in the URL reveals nothing
    expect(await svc.listApplications(db, workerB.actor, NOW)).toHaveLength(0)
    expect((await svc.listApplications(db, workerA.actor, NOW)).map((a) => a.id).sort()).toEqual(
      [proxy.application.id, batch.application.id].sort(),
    )
    await expect(svc.viewApplication(db, workerB.actor, proxy.application.id, NOW)).rejects.toMatchObject({
      status: 404,
    })
    const logged = await db.select().from(accessLog).where(eq(accessLog.personId, other.personId))
    expect(logged.length).toBeGreaterThan(0)

    for (const a of [a1.application, proxy.application, batch.application]) {
      await verifyClaims(db, pm.actor, a.id, NOW)
      await svc.decideApplication(db, pm.actor, a.id, 'approved', NOW)
    }
    // verified: the listed score now counts it
    expect((await svc.viewApplication(db, pm.actor, a1.application.id, NOW)).score).toBe(30)
    const status = await svc.myApplications(db, me.personId, NOW)
    expect(status[0]).toMatchObject({ place: 1, readyNow: 3 })

    const preview = await svc.runAllocation(db, pm.actor, true, NOW)
    expect(preview.committed).toBe(0)
    expect((await db.select().from(allocations)).length).toBe(0)
    const batchDecision = preview.plan.decisions.find((d) => d.applicationId === batch.application.id)!
    expect(batchDecision.reason.key).toBe('devices.alloc.noStock') // organisations first, but 5 > 3 ready

    const run = await svc.runAllocation(db, pm.actor, false, NOW)
    expect(run.committed).toBe(2)
    expect((await svc.runAllocation(db, pm.actor, false, NOW)).committed).toBe(0) // twice changes nothing
    const allocs = await db.select().from(allocations)
    expect(new Set(allocs.map((a) => a.deviceId)).size).toBe(allocs.length)
    const reserved = await db.select().from(devices).where(eq(devices.status, 'reserved'))
    expect(reserved).toHaveLength(2)

    const mine = allocs.find((a) => a.applicationId === a1.application.id)!
    await svc.deliver(db, tech.actor, mine.id, { receivedBy: '최말순', starterGuide: true }, NOW)
    await expect(
      svc.deliver(db, tech.actor, mine.id, { receivedBy: '최말순', starterGuide: true }, NOW),
    ).rejects.toMatchObject({ code: 'conflict' })
    expect((await svc.myApplications(db, me.personId, NOW))[0]!.application.status).toBe('delivered')

    const tag = reserved.find((d) => d.id === mine.deviceId)!.assetTag
    // the help desk links a question to the citizen's own device only
    expect(await svc.findCitizenDevice(db, me.personId, tag.toLowerCase())).toMatchObject({
      id: mine.deviceId,
      tag,
    })
    expect(await svc.findCitizenDevice(db, other.personId, tag)).toBeNull()
    const otherTag = reserved.find((d) => d.id !== mine.deviceId)!.assetTag
    expect(await svc.findCitizenDevice(db, me.personId, otherTag)).toBeNull() // reserved, not delivered
    expect(await svc.findCitizenDevice(db, 'not-a-uuid', tag)).toBeNull()
    const ticket = await svc.openRepair(
      db,
      tech.actor,
      { assetTag: tag, problem: '화면이 안 켜짐', channel: 'phone' },
      NOW,
    )
    await svc.resolveRepair(db, tech.actor, ticket.id, '전원 어댑터 교체', NOW)
    const after = await svc.deviceDetail(db, tech.actor, mine.deviceId)
    expect(after.device.status).toBe('delivered')
    expect(after.events.map((e) => e.toStatus).slice(-3)).toEqual(['delivered', 'in_repair', 'delivered'])
    const later = new Date(NOW.getTime() + 400 * 86_400_000)
    await expect(
      svc.openRepair(db, tech.actor, { assetTag: tag, problem: '또 고장', channel: 'phone' }, later),
    ).rejects.toMatchObject({ message: 'devices.err.warranty' })
  })
})

describe('devices: pages and API', () => {
  it('a donor pledges by web form (no JavaScript, CSRF), errors re-render with what was typed; the API refuses a duplicate key', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const b = new Browser(app)
    expect((await b.get('/devices')).status).toBe(200)
    const bad = await b.post('/devices/donate', { donorKind: 'company', name: '같이전자', count: '0' })
    expect(bad.status).toBe(422)
    const html = await bad.text()
    expect(html).toContain('같이전자')
    expect(html).toContain('error-summary')
    const ok = await b.post('/devices/donate', {
      idempotencyKey: 'web-1',
      donorKind: 'company',
      name: '같이전자',
      contact: '02-123-4567',
      deviceType: 'laptop',
      count: '20',
      ageYears: '3',
      condition: '양호',
      handover: 'drop_off',
      consentDataDestruction: 'yes',
    })
    expect(ok.status).toBe(303)
    const again = await app.request('/api/v1/donations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        idempotencyKey: 'web-1',
        donorKind: 'company',
        name: '같이전자',
        contact: 'x',
        deviceType: 'laptop',
        count: 20,
        ageYears: 3,
        condition: 'ok',
        handover: 'drop_off',
        consentDataDestruction: true,
      }),
    })
    expect(again.status).toBe(200)
    expect((await again.json()).created).toBe(false)

    // staff pages render; a citizen's status page says why they wait
    const pm = await makeStaff(database.db, 'programme_manager', null)
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const [demo] = await svc.intakeDevices(
      database.db,
      pm.actor,
      { deviceType: 'laptop', count: 1, ageYears: 1 },
      NOW,
    )
    const refused = await staff.post(`/staff/devices/${demo!.id}/transition`, { to: 'ready' })
    expect(refused.status).toBe(409)
    expect(await refused.text()).toContain('지금 상태(입고됨)에서는 나눔 준비됨(으)로 바꿀 수 없습니다')
    for (const path of [
      '/staff/devices',
      '/staff/devices/intake',
      '/staff/devices/receipts',
      '/staff/devices/applications',
      '/staff/devices/allocation',
      '/staff/devices/queue',
      '/staff/devices/deliveries',
    ])
      expect((await staff.get(path)).status, path).toBe(200)
    const me = await citizen(database.db, pm.actor)
    const sid = await createSession(database.db, { personId: me.personId }, { now: new Date() })
    const cb = new Browser(app)
    cb.cookies.set('gachi_sid', sid)
    const applied = await cb.post('/devices/apply', {
      deviceType: 'laptop',
      districtCode: '11110',
      criteria: ['basicLivelihood', 'seniorAlone'],
    })
    expect(applied.status).toBe(303)
    // claimed circumstances are shown, but count only once staff have checked their documents
    const st = await (await cb.get('/devices/status')).text()
    expect(st).toContain('우선순위 점수: 0점')
    expect(st).toContain('+30점 기초생활수급자 (서류를 아직 확인하지 않음 — 확인되면 점수에 들어갑니다)')
    expect(st).toContain('+15점 65세 이상 홀로 사는 어르신 (서류를 아직 확인하지 않음')
    expect(st).toContain('신청한 사정은 담당자가 서류를 확인한 뒤에 점수에 들어갑니다')
    const [mineApp] = (await svc.myApplications(database.db, me.personId, NOW)).map((m) => m.application)
    await recordDocumentCheck(
      database.db,
      pm.actor,
      { kind: 'device', id: mineApp!.id },
      { document: 'livelihood_certificate', result: 'verified' },
      NOW,
    )
    await recordDocumentCheck(
      database.db,
      pm.actor,
      { kind: 'device', id: mineApp!.id },
      { document: 'id_card', result: 'not_valid' },
      NOW,
    )
    const checked = await (await cb.get('/devices/status')).text()
    expect(checked).toContain('우선순위 점수: 30점')
    expect(checked).toContain('+30점 기초생활수급자</li>')
    expect(checked).toContain('0점 65세 이상 홀로 사는 어르신 (서류가 인정되지 않아 점수에 넣지 않음)')
    const en = await (await cb.get('/devices/status', { 'accept-language': 'en' })).text()
    expect(en).toContain('Priority score: 30 points')
    expect(en).toContain(
      '0 Aged 65 or over, living alone (the document was not accepted, so it does not count)',
    )
    // the staff list's score follows the checks
    expect((await svc.viewApplication(database.db, pm.actor, mineApp!.id, NOW)).score).toBe(30)
    const mine = await svc.createPledge(
      database.db,
      me.actor,
      pledgeInput({ donorKind: 'individual', businessNo: '', count: '1' }),
      NOW,
    )
    const tech = await makeStaff(database.db, 'repair_technician', null)
    await svc.intakeDevices(
      database.db,
      tech.actor,
      { pledgeId: mine.pledge.id, deviceType: 'laptop', count: 1, ageYears: 2 },
      NOW,
    )
    const mePage = await cb.get('/me')
    expect(mePage.status).toBe(200)
    const meHtml = await mePage.text()
    expect(meHtml).toContain('컴퓨터 나눔 신청과 영수증')
    expect(meHtml).toMatch(/D-2026-\d{5}/) // the donated device's journey
  })
})
