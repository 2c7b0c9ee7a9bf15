import { eq } from 'drizzle-orm'
import pino from 'pino'
import { afterEach, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb, TEST_PG_URL } from '../../../test/fresh-db.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { jobs } from '../../platform/db/tables.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { surveyRequests } from '../voice/tables.ts'
import {
  bookSlot,
  createSlot,
  deliveryAddressOf,
  dueFollowUps,
  FOLLOW_UP_JOB,
  followUpJob,
  myReserved,
  recordFollowUp,
  SlotInput,
} from './delivery.ts'
import { ApplicationInput } from './schema.ts'
import * as svc from './service.ts'
import { allocations, deliverySlots, followUps } from './tables.ts'
import { verifyClaims } from './test-helpers.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})
const NOW = new Date('2026-11-23T01:00:00Z') // a Monday, 10:00 in Seoul

async function citizen(db: Db, staff: Actor, phone: string) {
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
  return { personId: r.personId, actor: { kind: 'citizen', personId: r.personId, sessionId: 'x' } as Actor }
}

/** Two citizens with a reserved laptop each. */
async function twoReserved(db: Db) {
  const pm = await makeStaff(db, 'programme_manager', null)
  const tech = await makeStaff(db, 'repair_technician', null)
  const made = await svc.intakeDevices(db, tech.actor, { deviceType: 'laptop', count: 2, ageYears: 3 }, NOW)
  for (const d of made)
    for (const step of [
      { to: 'wiping' },
      { to: 'wiped', wipeMethod: 'purge', wipeTool: 'nwipe', verifierName: '이검증' },
      { to: 'refurbishing' },
      { to: 'graded', grade: 'A' },
      { to: 'ready' },
    ] as const)
      await svc.transitionDevice(db, tech.actor, d.id, step, NOW)
  const people = [await citizen(db, pm.actor, '010-3333-4444'), await citizen(db, pm.actor, '010-5555-6666')]
  for (const p of people) {
    const a = await svc.applyAsCitizen(
      db,
      p.actor,
      ApplicationInput.parse({ deviceType: 'laptop', districtCode: '11110', basicLivelihood: 'yes' }),
      NOW,
    )
    await verifyClaims(db, pm.actor, a.application.id, NOW)
    await svc.decideApplication(db, pm.actor, a.application.id, 'approved', NOW)
  }
  await svc.runAllocation(db, pm.actor, false, NOW)
  const allocs = await db.select().from(allocations)
  expect(allocs).toHaveLength(2)
  return { pm, tech, people, allocs }
}

const slotInput = (over: Record<string, unknown> = {}) =>
  SlotInput.parse({
    kind: 'pickup',
    centre: '서울 IT 나눔센터',
    date: '2026-11-25',
    time: '14:00',
    capacity: '1',
    ...over,
  })

describe('devices: delivery slots, handover, follow-up', () => {
  it('a slot never takes more than its capacity, even when two book the last place at once', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const { pm, people, allocs } = await twoReserved(db)
    const slot = await createSlot(db, pm.actor, slotInput(), NOW)
    expect(slot.startsAt.toISOString()).toBe('2026-11-25T05:00:00.000Z') // 14:00 Seoul
    await expect(createSlot(db, pm.actor, slotInput(), NOW)).rejects.toMatchObject({
      message: 'devices.slot.err.exists',
    })
    await expect(createSlot(db, pm.actor, slotInput({ date: '2026-11-20' }), NOW)).rejects.toMatchObject({
      message: 'devices.slot.err.past',
    })
    expect(
      SlotInput.safeParse({ kind: 'pickup', centre: 'x', date: '2026-11-25', time: '25:00', capacity: 1 })
        .success,
    ).toBe(false)

    const results = await Promise.allSettled(allocs.map((a) => bookSlot(db, pm.actor, a.id, slot.id, NOW)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(refused.reason).toMatchObject({ message: 'devices.slot.err.full' })
    const [after] = await db.select().from(deliverySlots).where(eq(deliverySlots.id, slot.id))
    expect(after).toMatchObject({ booked: 1, capacity: 1 })
    // the database itself refuses more than the capacity
    await expect(
      db.update(deliverySlots).set({ booked: 2 }).where(eq(deliverySlots.id, slot.id)),
    ).rejects.toThrow()

    // a citizen books their own device into another slot (the old place is given back); not someone else's
    const bigger = await createSlot(
      db,
      pm.actor,
      slotInput({ time: '15:00', capacity: '5', kind: 'delivery' }),
      NOW,
    )
    const mine = (await myReserved(db, people[0]!.personId))[0]!
    // a home delivery needs the address; it is stored encrypted and erased at the handover
    await expect(bookSlot(db, people[0]!.actor, mine.allocationId, bigger.id, NOW)).rejects.toMatchObject({
      status: 422,
      fields: { address: 'devices.slot.err.address' },
    })
    const booked = await bookSlot(
      db,
      people[0]!.actor,
      mine.allocationId,
      bigger.id,
      NOW,
      '서울 종로구 세종대로 1',
    )
    expect(booked.deliveryAddressEnc).toMatch(/^v1\./)
    expect(booked.deliveryAddressEnc).not.toContain('세종대로')
    expect(deliveryAddressOf(booked)).toBe('서울 종로구 세종대로 1')
    const other = (await myReserved(db, people[1]!.personId))[0]!
    await expect(bookSlot(db, people[0]!.actor, other.allocationId, bigger.id, NOW)).rejects.toMatchObject({
      status: 404,
    })
    const slots = await db.select().from(deliverySlots)
    const withSlot = (await db.select().from(allocations)).filter((x) => x.slotId)
    expect(slots.reduce((n, x) => n + x.booked, 0)).toBe(withSlot.length)
    expect(slots.find((x) => x.id === bigger.id)!.booked).toBe(1)
  })

  it('handover records who, when, the guide, the class offer and the warranty; the follow-up job two weeks later; survey once', async () => {
    database = await freshDb({ reference: true })
    testApp(database) // registers the messages the texts are written in
    const db = database.db
    const { tech, pm, allocs } = await twoReserved(db)
    const a = allocs[0]!
    const done = await svc.deliver(
      db,
      tech.actor,
      a.id,
      { receivedBy: '최말순', starterGuide: false, starterGuideKind: 'large_print', classOffer: 'accepted' },
      NOW,
    )
    expect(done.warrantyUntil.toISOString()).toBe('2027-11-23T01:00:00.000Z')
    const [row] = await db.select().from(allocations).where(eq(allocations.id, a.id))
    expect(row).toMatchObject({
      status: 'delivered',
      receivedBy: '최말순',
      deliveredAt: NOW,
      starterGuide: true,
      starterGuideKind: 'large_print',
      classOffer: 'accepted',
      deliveredBy: tech.id,
    })
    const [f] = await db.select().from(followUps).where(eq(followUps.allocationId, a.id))
    expect(f!.dueAt.toISOString()).toBe('2026-12-07T01:00:00.000Z') // 14 days later, 10:00 Seoul
    const queued = await db.select().from(jobs).where(eq(jobs.kind, FOLLOW_UP_JOB))
    expect(queued).toHaveLength(1)
    expect(queued[0]!.runAt.toISOString()).toBe(f!.dueAt.toISOString())
    const texts = await db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))
    expect(
      texts.some((j) =>
        String((j.payload as { body: string }).body).includes('/learn?level=basic&district=11110'),
      ),
    ).toBe(true)
    expect(await db.select().from(surveyRequests)).toHaveLength(1)

    // nothing due yet; the job makes it due and texts the recipient; running it twice changes nothing
    expect(await dueFollowUps(db, pm.actor, NOW)).toHaveLength(0)
    const ctx = {
      db,
      job: queued[0]!,
      now: f!.dueAt,
      log: pino({ level: 'silent' }),
      transports: {} as never,
    }
    await followUpJob(ctx)
    await followUpJob(ctx)
    const due = await dueFollowUps(db, pm.actor, f!.dueAt)
    expect(due).toHaveLength(1)
    expect(due[0]!.followUp).toMatchObject({ status: 'due', texted: true })
    const smsNow = await db.select().from(jobs).where(eq(jobs.kind, 'message.sms'))
    expect(smsNow.length).toBe(texts.length + 1)
    await recordFollowUp(db, pm.actor, f!.id, { status: 'done', outcome: '잘 쓰고 계심' }, f!.dueAt)
    await expect(recordFollowUp(db, pm.actor, f!.id, { status: 'done' }, f!.dueAt)).rejects.toMatchObject({
      message: 'devices.followUp.err.done',
    })
    expect(await dueFollowUps(db, pm.actor, f!.dueAt)).toHaveLength(0)
    // double-click on the handover: refused, nothing twice
    await expect(
      svc.deliver(db, tech.actor, a.id, { receivedBy: '최말순', starterGuide: true }, NOW),
    ).rejects.toMatchObject({ code: 'conflict' })
    expect(await db.select().from(followUps)).toHaveLength(1)
  })

  it(`pages: slots, the handover page, the citizen's booking, follow-ups (${TEST_PG_URL ? 'PostgreSQL' : 'PGlite'})`, async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const { pm, people } = await twoReserved(db)
    // staff hand over the first person's device; the second person books their own slot
    const allocs = [
      { id: (await myReserved(db, people[0]!.personId))[0]!.allocationId },
      { id: (await myReserved(db, people[1]!.personId))[0]!.allocationId },
    ]
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const bad = await staff.post('/staff/devices/slots', {
      kind: 'pickup',
      centre: '',
      date: '2026-11-25',
      time: '2pm',
    })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('시각을 14:00처럼 입력하세요')
    expect(
      (
        await staff.post('/staff/devices/slots', {
          kind: 'pickup',
          centre: '나눔센터',
          date: '2099-11-25',
          time: '14:00',
          capacity: '3',
        })
      ).status,
    ).toBe(303)
    expect(await (await staff.get('/staff/devices/slots')).text()).toContain('0 / 3')
    const [slot] = await db.select().from(deliverySlots)
    const list = await (await staff.get('/staff/devices/deliveries')).text()
    expect(list).toContain(`/staff/devices/allocations/${allocs[0]!.id}`)
    expect((await staff.get(`/staff/devices/allocations/${allocs[0]!.id}`)).status).toBe(200)
    expect(
      (await staff.post(`/staff/devices/allocations/${allocs[0]!.id}/slot`, { slotId: slot!.id })).status,
    ).toBe(303)
    const missing = await staff.post(`/staff/devices/allocations/${allocs[0]!.id}/delivery`, {
      starterGuideKind: 'printed',
    })
    expect(missing.status).toBe(422)
    expect(await missing.text()).toContain('error-summary')
    const ok = await staff.post(`/staff/devices/allocations/${allocs[0]!.id}/delivery`, {
      receivedBy: '최말순',
      starterGuideKind: 'printed',
      classOffer: 'accepted',
    })
    expect(ok.status).toBe(303)
    expect((await staff.get('/staff/devices/follow-ups')).status).toBe(200)

    const cb = new Browser(app)
    cb.cookies.set(
      'gachi_sid',
      await createSession(db, { personId: people[1]!.personId }, { now: new Date() }),
    )
    const page = await (await cb.get('/devices/delivery')).text()
    expect(page).toContain('나눔센터')
    const mineId = allocs[1]!.id
    expect((await cb.post(`/devices/delivery/${mineId}`, { slotId: '' })).status).toBe(422)
    expect((await cb.post(`/devices/delivery/${mineId}`, { slotId: slot!.id })).status).toBe(303)
    expect(await (await cb.get('/devices/delivery?booked=1')).text()).toContain('전달 시간을 예약했습니다')
  })
})
