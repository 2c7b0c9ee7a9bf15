import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { apiClient, Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { accessLog, auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { staffUsers } from '../identity/tables.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { AidInput, applyAid, decideAid, recordDocumentCheck } from './aid.ts'
import { myReserved } from './delivery.ts'
import { escalateRepairs, repairDue, repairRef } from './repairs.ts'
import { ApplicationInput } from './schema.ts'
import * as svc from './service.ts'
import { aidApplications, allocations, deliverySlots, devices, followUps, repairTickets } from './tables.ts'
import { verifyClaims } from './test-helpers.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})

/** Seoul date and time strings `days` from now. */
function seoulAt(days: number, time = '10:00') {
  const d = new Date(Date.now() + days * 86_400_000 + 9 * 3_600_000)
  return { date: d.toISOString().slice(0, 10), time }
}

/** Two citizens with a laptop each set aside (the devices held by the 노원 centre). */
async function reserved(db: Db) {
  const now = new Date()
  const pm = await makeStaff(db, 'programme_manager', null)
  const tech = await makeStaff(db, 'repair_technician', null)
  const made = await svc.intakeDevices(
    db,
    tech.actor,
    { deviceType: 'laptop', count: 2, ageYears: 3, centre: '노원' },
    now,
  )
  for (const d of made)
    for (const step of [
      { to: 'wiping' },
      { to: 'wiped', wipeMethod: 'purge', wipeTool: 'nwipe', verifierName: '이검증' },
      { to: 'refurbishing' },
      { to: 'graded', grade: 'A' },
      { to: 'ready' },
    ] as const)
      await svc.transitionDevice(db, tech.actor, d.id, step, now)
  const people: { personId: string; sid: string; allocationId: string; tag: string }[] = []
  for (const phone of ['010-3333-4444', '010-5555-6666']) {
    const r = await registerPerson(
      db,
      pm.actor,
      {
        name: '최말순',
        birthDate: '1944-05-20',
        phone,
        channel: 'phone',
        relationship: 'self',
        consentGiven: true,
        consentMethod: 'verbal',
      } as never,
      meta(now),
    )
    const actor = { kind: 'citizen', personId: r.personId, sessionId: 'x' } as Actor
    const a = await svc.applyAsCitizen(
      db,
      actor,
      ApplicationInput.parse({ deviceType: 'laptop', districtCode: '11110', basicLivelihood: 'yes' }),
      now,
    )
    await verifyClaims(db, pm.actor, a.application.id, now)
    await svc.decideApplication(db, pm.actor, a.application.id, 'approved', now)
    people.push({ personId: r.personId, sid: '', allocationId: '', tag: '' })
  }
  await svc.runAllocation(db, pm.actor, false, now)
  for (const p of people) {
    const [m] = await myReserved(db, p.personId)
    p.allocationId = m!.allocationId
    p.tag = m!.assetTag
    p.sid = await createSession(db, { personId: p.personId }, { now })
  }
  return { pm, tech, people }
}

const smsTo = async (db: Db) =>
  (await db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))).map(
    (j) => j.payload as { to: string; body: string; reference: string },
  )

describe('devices: delivery and repair API', () => {
  it('slots: staff add, change and cancel; the recipient books, cancels and rebooks their own; texts on changes', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app, 'en')
    const { pm, tech, people } = await reserved(db)
    const [p1, p2] = people as [(typeof people)[0], (typeof people)[0]]

    expect((await call(null, 'GET', '/delivery-slots')).status).toBe(401)
    expect((await call(p1.sid, 'GET', '/delivery-slots')).status).toBe(403)
    const bad = await call(tech.sid, 'POST', '/delivery-slots', { kind: 'pickup', centre: '', capacity: 0 })
    expect(bad.status).toBe(422)
    expect(Object.keys(bad.json.error.fields)).toEqual(expect.arrayContaining(['centre', 'capacity']))
    const slotBody = { kind: 'pickup', centre: '노원', ...seoulAt(3), minutes: 60, capacity: 1 }
    const created = await call(tech.sid, 'POST', '/delivery-slots', slotBody)
    expect(created.status).toBe(201)
    const slot = created.json
    expect(slot).toMatchObject({ kind: 'pickup', capacity: 1, booked: 0, cancelledAt: null })
    expect((await call(tech.sid, 'POST', '/delivery-slots', slotBody)).status).toBe(409)
    expect((await call(tech.sid, 'GET', '/delivery-slots')).json.items).toHaveLength(1)

    // the recipient books their own device; someone else's allocation is "not found"; the last place is taken
    expect(
      (await call(p1.sid, 'PUT', `/allocations/${p2.allocationId}/slot`, { slotId: slot.id })).status,
    ).toBe(404)
    const booked = await call(p1.sid, 'PUT', `/allocations/${p1.allocationId}/slot`, { slotId: slot.id })
    expect(booked).toMatchObject({ status: 200, json: { allocationId: p1.allocationId, slotId: slot.id } })
    const full = await call(p2.sid, 'PUT', `/allocations/${p2.allocationId}/slot`, { slotId: slot.id })
    expect(full.status).toBe(409)
    expect(full.json.error.message).toBe('That slot is full. Choose another one')

    // the recipient cancels: the place comes back (someone else takes it); cancelling twice is refused
    expect((await call(p2.sid, 'DELETE', `/allocations/${p1.allocationId}/slot`)).status).toBe(404)
    const cancelled = await call(p1.sid, 'DELETE', `/allocations/${p1.allocationId}/slot`)
    expect(cancelled.json).toEqual({ allocationId: p1.allocationId, slotId: null })
    expect((await call(p1.sid, 'DELETE', `/allocations/${p1.allocationId}/slot`)).status).toBe(409)
    expect(
      (await call(p2.sid, 'PUT', `/allocations/${p2.allocationId}/slot`, { slotId: slot.id })).status,
    ).toBe(200)

    // staff: more places; fewer than booked is refused; moving the time texts everyone booked
    const change = { ...seoulAt(4, '14:30'), minutes: 30, capacity: 2 }
    const grown = await call(tech.sid, 'PATCH', `/delivery-slots/${slot.id}`, change)
    expect(grown.status).toBe(200)
    expect(grown.json).toMatchObject({ slot: { capacity: 2, booked: 1 }, texted: 1 })
    expect(
      (await call(p1.sid, 'PUT', `/allocations/${p1.allocationId}/slot`, { slotId: slot.id })).status,
    ).toBe(200)
    const shrink = await call(tech.sid, 'PATCH', `/delivery-slots/${slot.id}`, { ...change, capacity: 1 })
    expect(shrink.status).toBe(409)
    expect(shrink.json.error.message).toContain('2 household(s) have already booked')
    const texts = await smsTo(db)
    const movedTexts = texts.filter((t) => t.body.includes('has moved to') || t.body.includes('바뀌었습니다'))
    expect(movedTexts).toHaveLength(1)
    // the new time in the recipient's language and Seoul time
    expect(movedTexts[0]!.body).toMatch(/\d{4}년 \d{1,2}월 \d{1,2}일 \(.\) 14:30/)

    // cancelling the slot releases both bookings (devices stay set aside) and texts both people
    expect((await call(tech.sid, 'POST', `/delivery-slots/${slot.id}/cancel`, { reason: '' })).status).toBe(
      422,
    )
    const gone = await call(tech.sid, 'POST', `/delivery-slots/${slot.id}/cancel`, { reason: '차량 고장' })
    expect(gone.json).toEqual({ released: 2, texted: 2 })
    const [row] = await db.select().from(deliverySlots).where(eq(deliverySlots.id, slot.id))
    expect(row).toMatchObject({ booked: 0, cancelReason: '차량 고장' })
    expect(await myReserved(db, p1.personId)).toMatchObject([{ slotId: null }])
    expect((await smsTo(db)).filter((t) => t.body.includes('취소되었습니다'))).toHaveLength(2)
    expect((await call(tech.sid, 'GET', '/delivery-slots')).json.items).toHaveLength(0)
    expect(
      (await call(p1.sid, 'PUT', `/allocations/${p1.allocationId}/slot`, { slotId: slot.id })).status,
    ).toBe(422)
    expect((await call(tech.sid, 'POST', `/delivery-slots/${slot.id}/cancel`, { reason: '또' })).status).toBe(
      409,
    )
    const actions = (
      await db.select().from(auditTrail).where(eq(auditTrail.entity, 'device_delivery_slot'))
    ).map((a) => a.action)
    expect(actions).toEqual(['update', 'cancel'])

    // staff book for the recipient (the handover page's API); pm sees follow-ups (none due yet)
    const next = await call(tech.sid, 'POST', '/delivery-slots', { ...slotBody, ...seoulAt(5) })
    expect(
      (await call(pm.sid, 'PUT', `/allocations/${p1.allocationId}/slot`, { slotId: next.json.id })).json
        .slotId,
    ).toBe(next.json.id)
    expect((await call(pm.sid, 'GET', '/follow-ups')).json.items).toEqual([])

    const spec = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { description: string }>>
    }
    for (const p of [
      '/delivery-slots',
      '/delivery-slots/{id}',
      '/delivery-slots/{id}/cancel',
      '/allocations/{id}/slot',
      '/follow-ups/{id}',
      '/repair-tickets/{id}/triage',
      '/repair-tickets/{id}/assignment',
      '/repair-tickets/{id}/visit',
      '/repairers/{id}/active',
      '/repair-centres',
    ])
      expect(spec.paths[p], p).toBeDefined()
    expect(spec.paths['/repair-tickets/{id}/assignment']!.post!.description).toContain(
      'devices:repair_assign',
    )
  })

  it('repairs: open, triage, assign (managers only), visit texted, repairer deactivated, centre SLA and escalation email, follow-up recorded', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app, 'en')
    const { pm, tech, people } = await reserved(db)
    const [p1, p2] = people as [(typeof people)[0], (typeof people)[0]]
    for (const p of people)
      await svc.deliver(
        db,
        tech.actor,
        p.allocationId,
        { receivedBy: '본인', starterGuide: true },
        new Date(),
      )

    const manager = await makeStaff(db, 'repair_technician', null) // the 노원 centre's lead
    await db.update(staffUsers).set({ email: 'nowon-lead@example.org' }).where(eq(staffUsers.id, manager.id))
    await db.update(staffUsers).set({ email: 'pm@example.org' }).where(eq(staffUsers.id, pm.id))
    // a technician may not configure the centres
    expect(
      (await call(tech.sid, 'PUT', '/repair-centres', { centre: '노원', managerId: manager.id, slaDays: 1 }))
        .status,
    ).toBe(403)
    expect((await call(pm.sid, 'PUT', '/repair-centres', { centre: '노원', slaDays: 0 })).status).toBe(422)
    const set = await call(pm.sid, 'PUT', '/repair-centres', {
      centre: '노원',
      managerId: manager.id,
      slaDays: 1,
    })
    expect(set.json).toEqual({ centre: '노원', managerId: manager.id, slaDays: 1 })
    expect((await call(tech.sid, 'GET', '/repair-centres')).json.items).toMatchObject([
      { centre: '노원', slaDays: 1 },
    ])

    const a = await call(pm.sid, 'POST', '/repairers', {
      kind: 'technician',
      name: '가기사',
      skills: ['hardware'],
      districts: ['11110'],
    })
    const b = await call(pm.sid, 'POST', '/repairers', {
      kind: 'volunteer',
      name: '나봉사',
      skills: ['hardware'],
      districts: ['11110'],
    })
    expect([a.status, b.status]).toEqual([201, 201])
    expect(
      (
        await call(tech.sid, 'POST', '/repairers', {
          kind: 'volunteer',
          name: 'x',
          skills: ['hardware'],
          districts: ['11110'],
        })
      ).status,
    ).toBe(403)

    const opened = await call(tech.sid, 'POST', '/repair-tickets', {
      assetTag: p1.tag,
      problem: '화면이 안 나와요',
      channel: 'phone',
    })
    expect(opened.status).toBe(201)
    const id = opened.json.id as string
    const [t0] = await db.select().from(repairTickets).where(eq(repairTickets.id, id))
    // the centre's SLA (1 business day), not the default 3
    expect(t0!.dueAt!.toISOString()).toBe(repairDue(t0!.openedAt, 1).toISOString())

    expect((await call(tech.sid, 'POST', `/repair-tickets/${id}/triage`, { skill: 'plumbing' })).status).toBe(
      422,
    )
    const triaged = await call(tech.sid, 'POST', `/repair-tickets/${id}/triage`, { skill: 'hardware' })
    expect(triaged.json).toMatchObject({ skill: 'hardware', assigneeId: a.json.id, suggestedId: a.json.id })
    expect(
      (await call(tech.sid, 'POST', `/repair-tickets/${id}/assignment`, { repairerId: b.json.id })).status,
    ).toBe(403)
    expect(
      (await call(pm.sid, 'POST', `/repair-tickets/${id}/assignment`, { repairerId: b.json.id })).json
        .assigneeId,
    ).toBe(b.json.id)

    expect(
      (await call(tech.sid, 'POST', `/repair-tickets/${id}/visit`, { date: '2020-01-01', time: '10:00' }))
        .status,
    ).toBe(422)
    const visit = await call(tech.sid, 'POST', `/repair-tickets/${id}/visit`, seoulAt(2, '15:00'))
    expect(visit.json).toMatchObject({ texted: true, reference: expect.stringMatching(/^RT-/) })
    const visitText = (await smsTo(db)).find((t) => t.body.includes('방문합니다'))
    expect(visitText).toMatchObject({ to: '010-3333-4444', reference: visit.json.reference })
    expect(visitText!.body).toContain('15:00')

    // deactivating the volunteer: the ticket goes to the next suggestion (the technician); never suggested again
    const off = await call(pm.sid, 'POST', `/repairers/${b.json.id}/active`, { active: false })
    expect(off.json).toMatchObject({ repairer: { active: false }, moved: 1 })
    const detail = await call(tech.sid, 'GET', `/repair-tickets/${id}`)
    expect(detail.json).toMatchObject({ assigneeId: a.json.id, assetTag: p1.tag })
    expect(detail.json.suggestions.map((s: { repairer: { id: string } }) => s.repairer.id)).toEqual([
      a.json.id,
    ])
    expect(
      (await call(pm.sid, 'POST', `/repair-tickets/${id}/assignment`, { repairerId: b.json.id })).status,
    ).toBe(422)
    expect((await call(tech.sid, 'GET', '/repairers')).json.items).toHaveLength(2)

    // the other device is held by no centre: the default SLA, and the programme managers are told
    await db.update(devices).set({ centre: null }).where(eq(devices.assetTag, p2.tag))
    const other = await call(tech.sid, 'POST', '/repair-tickets', {
      assetTag: p2.tag,
      problem: '소리가 안 나요',
      channel: 'phone',
    })
    const [t2] = await db.select().from(repairTickets).where(eq(repairTickets.id, other.json.id))
    expect(t2!.dueAt!.toISOString()).toBe(repairDue(t2!.openedAt).toISOString())
    const queue = await call(tech.sid, 'GET', '/repair-tickets')
    expect(queue.json.items.map((x: { assetTag: string }) => x.assetTag).sort()).toEqual(
      [p1.tag, p2.tag].sort(),
    )

    // escalation emails (outbox) the centre's manager, else the programme managers; once per ticket
    const late = new Date(Date.now() + 30 * 86_400_000)
    expect(await escalateRepairs(db, late)).toBe(2)
    expect(await escalateRepairs(db, late)).toBe(0)
    const mails = (await db.select().from(jobs).where(eq(jobs.kind, 'message.email'))).map(
      (j) => j.payload as { to: string; subject: string; body: string; reference: string },
    )
    expect(mails.map((m) => [m.to, m.reference]).sort()).toEqual(
      [
        ['nowon-lead@example.org', visit.json.reference],
        ['pm@example.org', repairRef(other.json.id)],
      ].sort(),
    )
    expect(mails[0]!.subject).toMatch(/RT-[0-9A-F]{8}/)
    expect(mails[0]!.body).toContain('/staff/devices/repairs/')
    // the follow-up call (scheduled at the handover) is recorded once
    const [f] = await db.select().from(followUps).where(eq(followUps.allocationId, p1.allocationId))
    expect((await call(pm.sid, 'POST', `/follow-ups/${f!.id}`, { status: 'maybe' })).status).toBe(422)
    expect(
      (await call(pm.sid, 'POST', `/follow-ups/${f!.id}`, { status: 'done', outcome: '잘 쓰고 있음' })).json,
    ).toEqual({ id: f!.id, status: 'done' })
    expect((await call(pm.sid, 'POST', `/follow-ups/${f!.id}`, { status: 'unreachable' })).status).toBe(409)
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entityId, id))
    expect(trail.map((x) => x.action)).toEqual(
      expect.arrayContaining(['triage', 'assign.override', 'visit', 'assign.deactivated', 'escalate']),
    )
  })

  it('pages: staff change and cancel slots, deactivate a repairer, set a centre; the recipient cancels their booking (no JS)', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app, 'en')
    const { pm, tech, people } = await reserved(db)
    const [p1] = people as [(typeof people)[0]]
    const slot = (
      await call(tech.sid, 'POST', '/delivery-slots', {
        kind: 'pickup',
        centre: '노원',
        ...seoulAt(3),
        capacity: 1,
      })
    ).json
    await call(p1.sid, 'PUT', `/allocations/${p1.allocationId}/slot`, { slotId: slot.id })

    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const page = await (await staff.get('/staff/devices/slots')).text()
    expect(page).toContain('action="/staff/devices/slots/change"')
    expect(page).toContain('action="/staff/devices/slots/cancel"')
    // the change form's errors land on its own fields
    const below = await staff.post('/staff/devices/slots/change', {
      slotId: slot.id,
      newDate: seoulAt(3).date,
      newTime: '11:00',
      newCapacity: '0',
    })
    expect(below.status).toBe(422)
    expect(await below.text()).toContain('href="#f-newCapacity"')
    const moved = await staff.post('/staff/devices/slots/change', {
      slotId: slot.id,
      newDate: seoulAt(3).date,
      newTime: '11:00',
      newMinutes: '',
      newCapacity: '3',
    })
    expect(moved.status).toBe(303)
    expect(moved.headers.get('location')).toBe('/staff/devices/slots?done=changed')
    const [row] = await db.select().from(deliverySlots).where(eq(deliverySlots.id, slot.id))
    expect(row).toMatchObject({ capacity: 3, booked: 1 })

    // the recipient gives the place back on their page
    const citizen = new Browser(app)
    citizen.cookies.set('gachi_sid', p1.sid)
    const mine = await (await citizen.get('/devices/delivery')).text()
    expect(mine).toContain(`/devices/delivery/${p1.allocationId}/cancel`)
    const gave = await citizen.post(`/devices/delivery/${p1.allocationId}/cancel`, {})
    expect(gave.headers.get('location')).toBe('/devices/delivery?cancelled=1')
    expect(await (await citizen.get('/devices/delivery?cancelled=1')).text()).toContain('예약을 취소했습니다')
    expect((await citizen.post(`/devices/delivery/${p1.allocationId}/cancel`, {})).status).toBe(409)

    expect(
      (await staff.post('/staff/devices/slots/cancel', { cancelSlotId: slot.id, reason: '' })).status,
    ).toBe(422)
    const off = await staff.post('/staff/devices/slots/cancel', { cancelSlotId: slot.id, reason: '휴관' })
    expect(off.headers.get('location')).toBe('/staff/devices/slots?done=cancelled')

    // repairers: deactivate and bring back; repair centre settings (a technician sees them, cannot change them)
    const r = (
      await call(pm.sid, 'POST', '/repairers', {
        kind: 'volunteer',
        name: '나봉사',
        skills: ['software'],
        districts: ['11110'],
      })
    ).json
    expect((await staff.post(`/staff/devices/repairers/${r.id}/active`, { active: 'no' })).status).toBe(303)
    expect(await (await staff.get('/staff/devices/repairers')).text()).toContain('활동 중지')
    expect((await call(pm.sid, 'GET', '/repairers')).json.items).toMatchObject([{ id: r.id, active: false }])
    expect((await staff.post(`/staff/devices/repairers/${r.id}/active`, { active: 'yes' })).status).toBe(303)
    expect((await call(pm.sid, 'GET', '/repairers')).json.items).toMatchObject([{ id: r.id, active: true }])
    expect(
      (await staff.post('/staff/devices/repair-centres', { centre: '노원', slaDays: '99' })).status,
    ).toBe(422)
    expect(
      (await staff.post('/staff/devices/repair-centres', { centre: '노원', managerId: pm.id, slaDays: '2' }))
        .status,
    ).toBe(303)
    const techPage = new Browser(app)
    techPage.cookies.set('gachi_sid', tech.sid)
    const seen = await (await techPage.get('/staff/devices/repairers')).text()
    expect(seen).toContain('노원')
    expect(seen).not.toContain('action="/staff/devices/repair-centres"')
    expect(
      (await techPage.post('/staff/devices/repair-centres', { centre: '노원', slaDays: '1' })).status,
    ).toBe(403)
  })

  it('a person’s computer application is approved only after a document proving a claimed circumstance is verified', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app, 'en')
    const now = new Date()
    const pm = await makeStaff(db, 'programme_manager', null)
    const r = await registerPerson(
      db,
      pm.actor,
      {
        name: '박서준',
        birthDate: '1950-01-02',
        phone: '010-7777-8888',
        channel: 'phone',
        relationship: 'self',
        consentGiven: true,
        consentMethod: 'verbal',
      } as never,
      meta(now),
    )
    const actor = { kind: 'citizen', personId: r.personId, sessionId: 'x' } as Actor
    const a = await svc.applyAsCitizen(
      db,
      actor,
      ApplicationInput.parse({
        deviceType: 'laptop',
        districtCode: '11110',
        basicLivelihood: 'yes',
        disabled: 'yes',
      }),
      now,
    )
    const id = a.application.id
    const refused = await call(pm.sid, 'POST', `/applications/${id}/decision`, { decision: 'approved' })
    expect(refused.status).toBe(409)
    expect(refused.json.error.code).toBe('conflict')

    // the page says which documents, by name, in the reader's language
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const page = await staff.post(`/staff/devices/applications/${id}/decision`, { decision: 'approved' })
    expect(page.status).toBe(409)
    const html = await page.text()
    expect(html).toContain('기초생활수급자 증명서, 장애인 증명서')
    expect(html).toContain('class="error-summary"')

    // a document found not valid does not count; its later verified check does (the latest check counts)
    const check = (document: string, result: string) =>
      staff.post(`/staff/devices/applications/${id}/documents`, { document, result })
    expect((await check('disability_certificate', 'not_valid')).status).toBe(303)
    expect(
      (await call(pm.sid, 'POST', `/applications/${id}/decision`, { decision: 'approved' })).status,
    ).toBe(409)
    expect((await check('internet_bill', 'verified')).status).toBe(303) // proves nothing claimed
    expect(
      (await call(pm.sid, 'POST', `/applications/${id}/decision`, { decision: 'approved' })).status,
    ).toBe(409)
    expect((await check('disability_certificate', 'verified')).status).toBe(303)
    const ok = await call(pm.sid, 'POST', `/applications/${id}/decision`, { decision: 'approved' })
    expect(ok).toMatchObject({ status: 200, json: { status: 'approved' } })
  })

  it('home delivery: the address is required for a delivery slot, stored encrypted, shown to delivery staff (access logged), erased at the handover', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app, 'en')
    const { pm, tech, people } = await reserved(db)
    const [p1] = people as [(typeof people)[0]]
    const slot = (
      await call(tech.sid, 'POST', '/delivery-slots', {
        kind: 'delivery',
        centre: '노원',
        ...seoulAt(3),
        capacity: 2,
      })
    ).json
    const none = await call(p1.sid, 'PUT', `/allocations/${p1.allocationId}/slot`, { slotId: slot.id })
    expect(none.status).toBe(422)
    expect(none.json.error.fields).toEqual({ address: 'Enter the address for the home delivery' })
    const ok = await call(p1.sid, 'PUT', `/allocations/${p1.allocationId}/slot`, {
      slotId: slot.id,
      address: '서울 노원구 동일로 1405, 101동 1001호',
    })
    expect(ok.status).toBe(200)
    const [stored] = await db.select().from(allocations).where(eq(allocations.id, p1.allocationId))
    expect(stored!.deliveryAddressEnc).toMatch(/^v1\./)
    expect(stored!.deliveryAddressEnc).not.toContain('동일로')

    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', tech.sid)
    const page = await (await staff.get(`/staff/devices/allocations/${p1.allocationId}`)).text()
    expect(page).toContain('서울 노원구 동일로 1405, 101동 1001호')
    const logged = await db.select().from(accessLog).where(eq(accessLog.personId, p1.personId))
    expect(logged.map((l) => l.reason)).toContain('device home delivery address')

    await svc.deliver(db, pm.actor, p1.allocationId, { receivedBy: '본인', starterGuide: true }, new Date())
    const [after] = await db.select().from(allocations).where(eq(allocations.id, p1.allocationId))
    expect(after!.deliveryAddressEnc).toBeNull()
  })

  it('an approved assistive device is ordered, supplied and handed over with the computed co-payment (API and page)', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const call = apiClient(app, 'en')
    const now = new Date()
    const pm = await makeStaff(db, 'programme_manager', null)
    const tech = await makeStaff(db, 'repair_technician', null)
    const analyst = await makeStaff(db, 'analyst', null)
    const r = await registerPerson(
      db,
      pm.actor,
      {
        name: '한지민',
        birthDate: '1960-03-04',
        phone: '010-2222-9999',
        channel: 'phone',
        relationship: 'self',
        consentGiven: true,
        consentMethod: 'verbal',
      } as never,
      meta(now),
    )
    const me = { kind: 'citizen', personId: r.personId, sessionId: 'x' } as Actor
    const a = (
      await applyAid(
        db,
        me,
        AidInput.parse({
          kind: 'assistive',
          itemCode: 'braille_terminal',
          districtCode: '11110',
          disabled: 'yes',
          basicLivelihood: 'yes',
        }),
        now,
      )
    ).application
    expect(a.copayKrw).toBe(580_000)
    const step = (sid: string, body: unknown) => call(sid, 'POST', `/aid-applications/${a.id}/supply`, body)
    // not approved yet: nothing to supply
    expect((await step(tech.sid, { step: 'order', supplier: '힘찬보조기기' })).status).toBe(409)
    await recordDocumentCheck(
      db,
      pm.actor,
      { kind: 'aid', id: a.id },
      { document: 'disability_certificate', result: 'verified' },
      now,
    )
    await decideAid(db, pm.actor, a.id, 'approved', now)

    expect((await step(analyst.sid, { step: 'order', supplier: 'x' })).status).toBe(403)
    const early = await step(tech.sid, {
      step: 'handover',
      receivedBy: '본인',
      copayMethod: 'cash',
      copayPaidKrw: 580000,
    })
    expect(early.status).toBe(409)
    expect(early.json.error.message).toContain('ordered → supplied → handed over')
    expect((await step(tech.sid, { step: 'order', supplier: '' })).status).toBe(422)
    expect((await step(tech.sid, { step: 'order', supplier: '힘찬보조기기' })).json).toMatchObject({
      supplyStatus: 'ordered',
      supplier: '힘찬보조기기',
    })
    expect((await step(tech.sid, { step: 'order', supplier: '또' })).status).toBe(409) // a double-click orders once
    expect((await step(tech.sid, { step: 'supply', serialNo: 'BT-2026-0042' })).json.supplyStatus).toBe(
      'supplied',
    )

    // the handover through the page: the co-payment must be the one computed at application
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const detail = await (await staff.get(`/staff/devices/aid/${a.id}`)).text()
    expect(detail).toContain('BT-2026-0042')
    expect(detail).toContain('580,000원')
    const wrong = await staff.post(`/staff/devices/aid/${a.id}/supply`, {
      step: 'handover',
      receivedBy: '본인',
      copayMethod: 'cash',
      copayPaidKrw: '58,000',
    })
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('본인 부담금은 580,000원이어야 합니다')
    const done = await staff.post(`/staff/devices/aid/${a.id}/supply`, {
      step: 'handover',
      receivedBy: '본인',
      copayMethod: 'card',
      copayPaidKrw: '580,000',
    })
    expect(done.status).toBe(303)
    const [row] = await db.select().from(aidApplications).where(eq(aidApplications.id, a.id))
    expect(row).toMatchObject({
      supplyStatus: 'handed_over',
      copayPaidKrw: 580_000,
      copayMethod: 'card',
      receivedBy: '본인',
    })
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entityId, a.id))
    expect(trail.map((t) => t.action)).toEqual(
      expect.arrayContaining(['supply.order', 'supply.supply', 'supply.handover']),
    )
    expect(
      (await step(tech.sid, { step: 'handover', receivedBy: '본인', copayMethod: 'waived', copayPaidKrw: 0 }))
        .status,
    ).toBe(409)
  })
})
