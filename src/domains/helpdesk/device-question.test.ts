/**
 * A question from the devices module: a recipient asks about the donated device they received
 * ("ask about this device" on /me → /ask/new?device=TAG). The ticket is linked to that device only when
 * it was delivered to the asking citizen; anyone else's tag is "not found" and nothing is stored.
 */
import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, TestClock, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { ApplicationInput, PledgeInput } from '../devices/schema.ts'
import * as devices from '../devices/service.ts'
import { allocations } from '../devices/tables.ts'
import { verifyClaims } from '../devices/test-helpers.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import * as repo from './repo.ts'
import { AskInput } from './schema.ts'
import { askQuestion, escalateToRepair, setAgentSkills } from './service.ts'
import { helpTickets } from './tables.ts'

const NOW = new Date('2026-11-23T01:00:00Z')

let database: Database
let app: ReturnType<typeof testApp>['app']
let clock: TestClock
let me: Actor & { kind: 'citizen' }
let other: Actor & { kind: 'citizen' }
let myTag: string
let otherTag: string
let agent: Awaited<ReturnType<typeof makeStaff>>

async function citizen(db: Db, staff: Actor, name: string, phone: string) {
  const r = await registerPerson(
    db,
    staff,
    {
      name,
      birthDate: '1946-03-02',
      phone,
      channel: 'phone',
      relationship: 'self',
      consentGiven: true,
      consentMethod: 'verbal',
    } as never,
    meta(NOW),
  )
  return { kind: 'citizen' as const, personId: r.personId, sessionId: 'test' }
}

/** Two ready laptops, two approved applicants, one allocation run, both delivered: each owns one device. */
beforeAll(async () => {
  database = await freshDb({ reference: true })
  clock = new TestClock(NOW)
  app = testApp(database, { clock }).app
  const db = database.db
  const pm = await makeStaff(db, 'programme_manager', null)
  const tech = await makeStaff(db, 'repair_technician', null)
  agent = await makeStaff(db, 'helpdesk_agent', null)
  await setAgentSkills(db, agent.id, ['device', 'apps'], ['ko', 'en'])
  const { pledge } = await devices.createPledge(
    db,
    { kind: 'anonymous' },
    PledgeInput.parse({
      donorKind: 'company',
      name: '같이전자',
      businessNo: '123-45-67890',
      contact: 'csr@example.com',
      deviceType: 'laptop',
      count: '2',
      ageYears: '3',
      condition: '작동함',
      handover: 'drop_off',
      consentDataDestruction: 'yes',
    }),
    NOW,
  )
  const made = await devices.intakeDevices(
    db,
    tech.actor,
    { pledgeId: pledge.id, deviceType: 'laptop', count: 2, ageYears: 3 },
    NOW,
  )
  for (const d of made)
    for (const step of [
      { to: 'wiping' },
      { to: 'wiped', wipeMethod: 'purge', wipeTool: 'nwipe 0.35', verifierName: '이검증' },
      { to: 'refurbishing' },
      { to: 'graded', grade: 'A' },
      { to: 'ready' },
    ] as const)
      await devices.transitionDevice(db, tech.actor, d.id, step, NOW)
  me = await citizen(db, pm.actor, '최말순', '010-3333-4444')
  other = await citizen(db, pm.actor, '김영호', '010-5555-6666')
  for (const [who, key] of [
    [me, 'a'],
    [other, 'b'],
  ] as const) {
    const a = await devices.applyAsCitizen(
      db,
      who,
      ApplicationInput.parse({
        deviceType: 'laptop',
        districtCode: '11110',
        basicLivelihood: 'yes',
        idempotencyKey: key,
      }),
      NOW,
    )
    await verifyClaims(db, pm.actor, a.application.id, NOW) // approval needs a verified document
    await devices.decideApplication(db, pm.actor, a.application.id, 'approved', NOW)
  }
  await devices.runAllocation(db, pm.actor, false, NOW)
  for (const a of await db.select().from(allocations))
    await devices.deliver(db, tech.actor, a.id, { receivedBy: '본인', starterGuide: true }, NOW)
  const tagOf = async (personId: string) => {
    const mine = await Promise.all(made.map((d) => devices.findCitizenDevice(db, personId, d.assetTag)))
    return mine.find((d) => d)!.tag
  }
  myTag = await tagOf(me.personId)
  otherTag = await tagOf(other.personId)
})
afterAll(() => database.close())

const ask = (device?: string) =>
  AskInput.parse({
    category: 'device',
    question: '받은 노트북 화면이 자꾸 꺼져요',
    replyChannel: 'web',
    ...(device === undefined ? {} : { device }),
  })

describe('a question about a donated device', () => {
  it("links the ticket to the citizen's own device (tag in any case), and refuses anyone else's without storing", async () => {
    const db = database.db
    expect(myTag).not.toBe(otherTag)
    const t = await askQuestion(db, me, ask(myTag.toLowerCase()), undefined, { ...meta(NOW), locale: 'ko' })
    expect(t).toMatchObject({ deviceTag: myTag, category: 'device' })
    expect(t.deviceId).toMatch(/^[0-9a-f-]{36}$/)

    const before = (await db.select().from(helpTickets)).length
    for (const tag of [otherTag, 'D-0000-99999'])
      await expect(
        askQuestion(db, me, ask(tag), undefined, { ...meta(NOW), locale: 'ko' }),
      ).rejects.toMatchObject({ code: 'not_found', message: 'helpdesk.ask.deviceUnknown' })
    expect((await db.select().from(helpTickets)).length).toBe(before)

    // without a device: an ordinary question, no link
    const plain = await askQuestion(db, me, ask(''), undefined, { ...meta(NOW), locale: 'ko' })
    expect(plain).toMatchObject({ deviceId: null, deviceTag: null })
  })

  it('in the browser: "ask about this device" names the device, carries it through both steps, and the agent sees it', async () => {
    const db = database.db
    const b = new Browser(app)
    b.cookies.set('gachi_sid', await createSession(db, { personId: me.personId }, { now: clock.now() }))
    const meText = await (await b.get('/me')).text()
    expect(meText).toContain(`/ask/new?device=${encodeURIComponent(myTag)}`)

    const step1 = await (await b.get(`/ask/new?device=${encodeURIComponent(myTag)}`)).text()
    expect(step1).toContain(myTag)
    expect(step1).toContain(`name="device" value="${myTag}"`)
    const q = encodeURIComponent('노트북 소리가 안 나요')
    const step2 = await (await b.get(`/ask/new?device=${encodeURIComponent(myTag)}&q=${q}`)).text()
    expect(step2).toContain(`name="device" value="${myTag}"`)
    expect(step2).toMatch(/value="device"[^>]*checked|checked[^>]*value="device"/) // category preselected

    expect((await b.get(`/ask/new?device=${encodeURIComponent(otherTag)}`)).status).toBe(404)
    expect((await b.get(`/ask/new?device=${encodeURIComponent(otherTag)}&q=${q}`)).status).toBe(404)

    const sent = await b.post('/ask/new', {
      category: 'device',
      question: '노트북 소리가 안 나요',
      replyChannel: 'web',
      device: myTag,
    })
    expect(sent.status).toBe(303)
    const where = sent.headers.get('location') ?? ''
    const id = /\/me\/questions\/([0-9a-f-]+)/.exec(where)?.[1] ?? ''
    expect((await repo.ticket(db, id))?.deviceTag).toBe(myTag)
    expect(await (await b.get(where)).text()).toContain(myTag)

    // a forged tag in the POST is refused and nothing is stored
    const count = (await db.select().from(helpTickets).where(eq(helpTickets.personId, me.personId))).length
    const forged = await b.post('/ask/new', {
      category: 'device',
      question: '남의 기기로 질문',
      replyChannel: 'web',
      device: otherTag,
    })
    expect(forged.status).toBe(404)
    expect((await db.select().from(helpTickets).where(eq(helpTickets.personId, me.personId))).length).toBe(
      count,
    )

    const staff = new Browser(app)
    staff.cookies.set(
      'gachi_sid',
      await createSession(db, { staffId: agent.id, stage: 'full' }, { now: clock.now() }),
    )
    const ticketPage = await (await staff.get(`/staff/help/tickets/${id}`)).text()
    expect(ticketPage).toContain('문의한 기기')
    expect(ticketPage).toContain(myTag)
  })

  it('an escalation to a repair records the device too', async () => {
    const db = database.db
    const t = await askQuestion(db, other, ask(), undefined, { ...meta(NOW), locale: 'ko' })
    await escalateToRepair(
      db,
      agent.actor,
      t.id,
      { assetTag: otherTag.toLowerCase(), problem: '화면 꺼짐' },
      {
        ...meta(NOW),
        locale: 'ko',
      },
    )
    expect(await repo.ticket(db, t.id)).toMatchObject({ deviceTag: otherTag })
  })
})
