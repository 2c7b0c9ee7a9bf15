import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { apiClient, Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import { encryptField } from '../../platform/crypto/fields.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { isKoreanHoliday } from '../helpdesk/sla.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { places } from '../reference/tables.ts'
import { surveyRequests } from '../voice/tables.ts'
import { ReviewInput } from '../volunteering/schema.ts'
import { collectAllHours, reviewVolunteer } from '../volunteering/service.ts'
import { volunteerApplications, volunteerHours } from '../volunteering/tables.ts'
import './volunteer-hours.ts'
import './volunteer-repairers.ts'
import { myReserved } from './delivery.ts'
import {
  assignRepair,
  createRepairer,
  escalateRepairs,
  openRepair,
  openRepairAsCitizen,
  repairDetail,
  repairDue,
  resolvedRepairsOf,
  resolveRepair,
  scheduleVisit,
  setRepairTypeSla,
  supportersToAdd,
  triageRepair,
} from './repairs.ts'
import { ApplicationInput } from './schema.ts'
import * as svc from './service.ts'
import { devices, repairers, repairTickets, repairTypeSlas } from './tables.ts'
import { verifyClaims } from './test-helpers.ts'

let database: Database | null = null
afterEach(async () => {
  await database?.close()
  database = null
})
const NOW = new Date('2026-12-22T01:00:00Z') // Tuesday 10:00 in Seoul

async function citizen(db: Db, staff: Actor, phone: string, districtCode: string) {
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
  return {
    personId: r.personId,
    districtCode,
    actor: { kind: 'citizen', personId: r.personId, sessionId: 'x' } as Actor,
  }
}

/** Two citizens (districts 11110 and 11140), each with a delivered laptop; tags by person. */
async function delivered(db: Db, warrantyMonths?: number) {
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
  const people = [
    await citizen(db, pm.actor, '010-3333-4444', '11110'),
    await citizen(db, pm.actor, '010-5555-6666', '11140'),
  ]
  const tags: string[] = []
  for (const p of people) {
    const a = await svc.applyAsCitizen(
      db,
      p.actor,
      ApplicationInput.parse({ deviceType: 'laptop', districtCode: p.districtCode, basicLivelihood: 'yes' }),
      NOW,
    )
    await verifyClaims(db, pm.actor, a.application.id, NOW)
    await svc.decideApplication(db, pm.actor, a.application.id, 'approved', NOW)
  }
  await svc.runAllocation(db, pm.actor, false, NOW)
  for (const p of people) {
    const [r] = await myReserved(db, p.personId)
    await svc.deliver(
      db,
      tech.actor,
      r!.allocationId,
      { receivedBy: '본인', starterGuide: true, ...(warrantyMonths === undefined ? {} : { warrantyMonths }) },
      NOW,
    )
    tags.push(r!.assetTag)
  }
  return { pm, tech, people, tags }
}

describe('devices: after-service', () => {
  it('SLA: three business days with Korean public holidays excluded (the help desk calendar)', () => {
    expect(isKoreanHoliday('2026-12-25')).toBe(true)
    // Tue 10:00 → 8h Tue + 9h Wed + 9h Thu; Fri 25 Dec (Christmas) and the weekend skipped → Mon 10:00
    expect(repairDue(NOW).toISOString()).toBe('2026-12-28T01:00:00.000Z')
    // Friday 17:00 → 1h Fri, then Mon, Tue, and 8h of Wed
    expect(repairDue(new Date('2026-11-27T08:00:00Z')).toISOString()).toBe('2026-12-02T08:00:00.000Z')
  })

  it('suggests by skill, district and load; a manager overrides (audited); visit, parts, resolution, survey; escalation once; warranty enforced', async () => {
    database = await freshDb({ reference: true })
    testApp(database)
    const db = database.db
    const { pm, tech, people, tags } = await delivered(db)
    const near = await createRepairer(
      db,
      pm.actor,
      { kind: 'technician', name: '가기사', skills: ['hardware', 'software'], districts: ['11110'] },
      NOW,
    )
    const vol = await createRepairer(
      db,
      pm.actor,
      { kind: 'volunteer', name: '나봉사', skills: ['hardware'], districts: ['11110', '11140'] },
      NOW,
    )
    const far = await createRepairer(
      db,
      pm.actor,
      { kind: 'technician', name: '다기사', skills: ['network'], districts: ['11140'] },
      NOW,
    )
    await expect(
      createRepairer(
        db,
        tech.actor,
        { kind: 'volunteer', name: 'x', skills: ['hardware'], districts: ['11110'] },
        NOW,
      ),
    ).rejects.toMatchObject({ status: 403 })

    // a phone call: staff open it with the skill; the nearest technician with the skill and least load is assigned
    const t1 = await openRepair(
      db,
      tech.actor,
      { assetTag: tags[0]!, problem: '전원이 안 켜짐', channel: 'phone', skill: 'hardware' },
      NOW,
    )
    expect(t1).toMatchObject({
      skill: 'hardware',
      districtCode: '11110',
      suggestedId: near.id,
      assigneeId: near.id,
    })
    expect(t1.dueAt!.toISOString()).toBe('2026-12-28T01:00:00.000Z')
    await expect(
      openRepair(db, tech.actor, { assetTag: tags[0]!, problem: '또', channel: 'phone' }, NOW),
    ).rejects.toMatchObject({ message: 'devices.repair.err.alreadyOpen' })

    // the recipient reports the other device on the web: their own only; triage then suggests
    await expect(openRepairAsCitizen(db, people[0]!.actor, tags[1]!, '화면 깨짐', NOW)).rejects.toMatchObject(
      {
        status: 404,
      },
    )
    const t2 = await openRepairAsCitizen(db, people[1]!.actor, tags[1]!, '와이파이가 안 잡혀요', NOW)
    expect(t2).toMatchObject({
      channel: 'web',
      skill: null,
      assigneeId: null,
      openedByPerson: people[1]!.personId,
    })
    await triageRepair(db, tech.actor, t2.id, 'hardware', NOW)
    // 11140: the volunteer covers it (the technician near 11110 does not)
    expect((await repairDetail(db, tech.actor, t2.id)).ticket).toMatchObject({
      suggestedId: vol.id,
      assigneeId: vol.id,
    })
    await triageRepair(db, tech.actor, t2.id, 'network', NOW)
    const d2 = await repairDetail(db, tech.actor, t2.id)
    expect(d2.ticket.suggestedId).toBe(far.id)
    expect(d2.ticket.assigneeId).toBe(vol.id) // already assigned: triage only changes the suggestion
    await expect(assignRepair(db, tech.actor, t2.id, far.id, NOW)).rejects.toMatchObject({ status: 403 })
    await assignRepair(db, pm.actor, t2.id, far.id, NOW)
    await assignRepair(db, pm.actor, t1.id, vol.id, NOW) // override of the suggestion
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entityId, t1.id))
    expect(trail.map((a) => a.action)).toContain('assign.override')

    await expect(
      scheduleVisit(db, tech.actor, t1.id, new Date('2026-12-01T00:00:00Z'), NOW),
    ).rejects.toMatchObject({
      status: 422,
    })
    await scheduleVisit(db, tech.actor, t1.id, new Date('2026-12-23T05:00:00Z'), NOW)

    // escalation: nothing before the due time, each late ticket once after it
    expect(await escalateRepairs(db, NOW)).toBe(0)
    const late = new Date('2026-12-28T02:00:00Z')
    expect(await escalateRepairs(db, late)).toBe(2)
    expect(await escalateRepairs(db, late)).toBe(0)

    await resolveRepair(db, tech.actor, t1.id, '어댑터 교체', late, [
      { part: '전원 어댑터', costKrw: 25_000 },
      { part: '나사', costKrw: 500 },
    ])
    await expect(resolveRepair(db, tech.actor, t1.id, '또', late)).rejects.toMatchObject({
      message: 'devices.err.ticketClosed',
    })
    const [done] = await db.select().from(repairTickets).where(eq(repairTickets.id, t1.id))
    expect(done).toMatchObject({ status: 'resolved', partsCostKrw: 25_500, resolvedBy: tech.id })
    const [dev] = await db.select().from(devices).where(eq(devices.assetTag, tags[0]!))
    expect(dev!.status).toBe('delivered')
    const surveys = await db.select().from(surveyRequests).where(eq(surveyRequests.service, 'repair'))
    expect(surveys).toHaveLength(1)
    const history = (await repairDetail(db, tech.actor, t2.id)).history
    expect(history).toHaveLength(1)

    // warranty: a year after the handover the device is no longer covered (the date is given)
    const nextYear = new Date('2027-12-23T01:00:00Z')
    await expect(
      openRepair(db, tech.actor, { assetTag: tags[0]!, problem: '또 고장', channel: 'phone' }, nextYear),
    ).rejects.toMatchObject({ message: 'devices.err.warranty', params: { until: '2027-12-22' } })
  })

  it('a shorter warranty chosen at handover is enforced; pages: ticket, repairers, the citizen device page', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const { pm, tech, people, tags } = await delivered(db, 1)
    await expect(
      openRepair(
        db,
        tech.actor,
        { assetTag: tags[0]!, problem: 'x', channel: 'phone' },
        new Date('2027-02-01T00:00:00Z'),
      ),
    ).rejects.toMatchObject({ message: 'devices.err.warranty' })

    const cb = new Browser(app)
    cb.cookies.set(
      'gachi_sid',
      await createSession(db, { personId: people[0]!.personId }, { now: new Date() }),
    )
    const mine = await cb.get(`/devices/mine/${tags[0]}`)
    expect(mine.status).toBe(200)
    const html = await mine.text()
    expect(html).toContain('이 기기에 대해 묻기')
    expect(html).toContain(`/ask/new?device=${tags[0]}`)
    expect((await cb.get(`/devices/mine/${tags[1]}`)).status).toBe(404) // someone else's device
    expect((await cb.post(`/devices/mine/${tags[0]}/repair`, { problem: '' })).status).toBe(422)
    // (the test app's clock is the real one, inside the one-month warranty that started at NOW)
    const reported = await cb.post(`/devices/mine/${tags[0]}/repair`, { problem: '소리가 안 나요' })
    expect(reported.status).toBe(303)
    expect(await (await cb.get(`/devices/mine/${tags[0]}?reported=1`)).text()).toContain('소리가 안 나요')
    expect((await cb.get('/me')).status).toBe(200)

    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const created = await staff.post('/staff/devices/repairers', {
      kind: 'technician',
      name: '가기사',
      skills: ['hardware'],
      districts: ['11110'],
    })
    expect(created.status).toBe(303)
    expect(await (await staff.get('/staff/devices/repairers')).text()).toContain('가기사')
    const t = await openRepair(
      db,
      tech.actor,
      { assetTag: tags[1]!, problem: '키보드 고장', channel: 'phone' },
      NOW,
    )
    {
      expect((await staff.get(`/staff/devices/repairs/${t.id}`)).status).toBe(200)
      expect((await staff.post(`/staff/devices/repairs/${t.id}/triage`, {})).status).toBe(422)
      expect((await staff.post(`/staff/devices/repairs/${t.id}/triage`, { skill: 'hardware' })).status).toBe(
        303,
      )
      expect(
        (
          await staff.post(`/staff/devices/repairs/${t.id}/resolve`, {
            resolution: '키보드 교체',
            partName1: '키보드',
            partCost1: '15,000',
          })
        ).status,
      ).toBe(303)
      const page = await (await staff.get(`/staff/devices/${tags[1]}`)).text()
      expect(page).toContain('키보드 교체')
      expect(page).toContain('15,000')
    }
    expect((await staff.get('/staff/devices/queue')).status).toBe(200)
    expect((await staff.get('/staff/devices/repairs/00000000-0000-0000-0000-000000000000')).status).toBe(404)
  })
})

describe('devices: SLA per repair type', () => {
  it('a type’s length overrides the centre’s; triage moves the due time; escalation follows; manager only; page form', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const { pm, tech, people, tags } = await delivered(db)
    await expect(
      setRepairTypeSla(db, tech.actor, { skill: 'software', slaDays: 2 }, NOW),
    ).rejects.toMatchObject({ status: 403 })
    await setRepairTypeSla(db, pm.actor, { skill: 'hardware', slaDays: 5 }, NOW)
    await setRepairTypeSla(db, pm.actor, { skill: 'software', slaDays: 2 }, NOW)

    // Tue 22 Dec 10:00, software 2 days: 8h Tue + 9h Wed + 1h Thu → Thu 24 Dec 10:00
    const soft = await openRepair(
      db,
      tech.actor,
      { assetTag: tags[0]!, problem: '프로그램이 안 열려요', channel: 'phone', skill: 'software' },
      NOW,
    )
    expect(soft.dueAt!.toISOString()).toBe('2026-12-24T01:00:00.000Z')

    // reported on the web (no type yet): the default 3 days; triaged as software → 2, as hardware → 5
    // business days, Christmas (Fri 25 Dec) and the weekend skipped: Tue, Wed, Thu, Mon, Tue → Wed 30 Dec 10:00
    expect(isKoreanHoliday('2026-12-25')).toBe(true)
    const web = await openRepairAsCitizen(db, people[1]!.actor, tags[1]!, '화면이 깨졌어요', NOW)
    expect(web.dueAt!.toISOString()).toBe('2026-12-28T01:00:00.000Z')
    await triageRepair(db, tech.actor, web.id, 'software', NOW)
    const dueOf = async (id: string) =>
      (await db.select().from(repairTickets).where(eq(repairTickets.id, id)))[0]!
    expect((await dueOf(web.id)).dueAt!.toISOString()).toBe('2026-12-24T01:00:00.000Z')

    // escalation at the type's due time: both software tickets are late on Thursday 11:00
    const thu = new Date('2026-12-24T02:00:00Z')
    expect(await escalateRepairs(db, new Date('2026-12-24T00:59:00Z'))).toBe(0)
    expect(await escalateRepairs(db, thu)).toBe(2)
    // re-triaged as hardware: due again from the opening (Wed 30 Dec), the escalation no longer holds
    await triageRepair(db, tech.actor, web.id, 'hardware', new Date('2026-12-24T03:00:00Z'))
    const moved = await dueOf(web.id)
    expect(moved.dueAt!.toISOString()).toBe('2026-12-30T01:00:00.000Z')
    expect(moved.escalatedAt).toBeNull()
    expect(await escalateRepairs(db, new Date('2026-12-29T09:00:00Z'))).toBe(0)
    expect(await escalateRepairs(db, new Date('2026-12-30T01:30:00Z'))).toBe(1)

    // removing the override: the centre's (here the default) length again
    await setRepairTypeSla(db, pm.actor, { skill: 'software', slaDays: null }, NOW)
    expect((await db.select().from(repairTypeSlas)).map((r) => r.skill)).toEqual(['hardware'])
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entity, 'device_repair_type_sla'))
    expect(trail.map((a) => a.action).sort()).toEqual(['create', 'create', 'delete'])

    // the manager's form on the repairers page
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    expect(
      (await staff.post('/staff/devices/repair-types', { skill: 'network', typeSlaDays: '0' })).status,
    ).toBe(422)
    expect(
      (await staff.post('/staff/devices/repair-types', { skill: 'network', typeSlaDays: '4' })).status,
    ).toBe(303)
    const [network] = await db.select().from(repairTypeSlas).where(eq(repairTypeSlas.skill, 'network'))
    expect(network!.slaDays).toBe(4)
    const html = await (await staff.get('/staff/devices/repairers')).text()
    expect(html).toContain('수리 종류별 처리 기한')
    const techBrowser = new Browser(app)
    techBrowser.cookies.set('gachi_sid', tech.sid)
    expect(
      (await techBrowser.post('/staff/devices/repair-types', { skill: 'network', typeSlaDays: '9' })).status,
    ).toBe(403)
  })
})

describe('devices: SLA per repair type through the API', () => {
  it('GET lists every type (null where the centre’s length applies); PUT sets or removes one with the page’s rule; 403/404/422; in OpenAPI', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const pm = await makeStaff(db, 'programme_manager', null)
    const tech = await makeStaff(db, 'repair_technician', null)
    const worker = await makeStaff(db, 'centre_worker', null)
    const call = apiClient(app)

    // reading: whoever may see repairs (the page's access); others are refused
    expect((await call(null, 'GET', '/repair-types')).status).toBe(401)
    expect((await call(worker.sid, 'GET', '/repair-types')).status).toBe(403)
    const empty = await call(tech.sid, 'GET', '/repair-types')
    expect(empty.status).toBe(200)
    expect(empty.json.items).toEqual([
      { skill: 'hardware', slaDays: null, updatedAt: null },
      { skill: 'software', slaDays: null, updatedAt: null },
      { skill: 'network', slaDays: null, updatedAt: null },
      { skill: 'accessibility', slaDays: null, updatedAt: null },
    ])

    // setting: the manager only (the page's form is devices:repair_assign too)
    expect((await call(tech.sid, 'PUT', '/repair-types/network', { slaDays: 4 })).status).toBe(403)
    for (const slaDays of [0, 31, 2.5, 'x']) {
      const bad = await call(pm.sid, 'PUT', '/repair-types/network', { slaDays })
      expect(bad.status, String(slaDays)).toBe(422)
      expect(bad.json.error.fields.slaDays).toContain('1')
    }
    // a missing length is an error, not a removal
    expect((await call(pm.sid, 'PUT', '/repair-types/network', {})).status).toBe(422)
    expect((await call(pm.sid, 'PUT', '/repair-types/laser', { slaDays: 4 })).status).toBe(404)
    expect(await db.select().from(repairTypeSlas)).toEqual([])

    const set = await call(pm.sid, 'PUT', '/repair-types/network', { slaDays: 4 })
    expect(set.status).toBe(200)
    expect(set.json).toMatchObject({ skill: 'network', slaDays: 4 })
    expect(set.json.updatedAt).toEqual(expect.any(String))
    expect((await call(pm.sid, 'PUT', '/repair-types/network', { slaDays: 6 })).json.slaDays).toBe(6)
    const [row] = await db.select().from(repairTypeSlas)
    expect(row).toMatchObject({ skill: 'network', slaDays: 6, updatedBy: pm.id })
    const listed = await call(tech.sid, 'GET', '/repair-types')
    expect(listed.json.items.find((i: { skill: string }) => i.skill === 'network')).toMatchObject({
      slaDays: 6,
    })
    // the page shows what the API set
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    const html = await (await staff.get('/staff/devices/repairers')).text()
    expect(html).toMatch(/repair-type-slas[\s\S]*>6</)

    // null removes the override; the centre's length applies again
    const removed = await call(pm.sid, 'PUT', '/repair-types/network', { slaDays: null })
    expect(removed.json).toEqual({ skill: 'network', slaDays: null, updatedAt: null })
    expect(await db.select().from(repairTypeSlas)).toEqual([])
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entity, 'device_repair_type_sla'))
    expect(trail.map((a) => a.action)).toEqual(['create', 'update', 'delete'])

    const spec = (await (await app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, { description: string }>>
    }
    expect(spec.paths['/repair-types']?.get).toBeDefined()
    expect(spec.paths['/repair-types/{skill}']?.put?.description).toContain('devices:repair_assign')
  })
})

describe('devices: IT-supporter volunteers as repairers', () => {
  it('a certified IT supporter with an account is added as a volunteer repairer, suggested, and their repairs are their hours', async () => {
    database = await freshDb({ reference: true })
    const { app } = testApp(database)
    const db = database.db
    const { pm, tech, people, tags } = await delivered(db)
    const account = await makeStaff(db, 'digital_guide', null)
    const other = await makeStaff(db, 'digital_guide', null)
    const volunteer = async (
      staffUserId: string,
      role: 'it_supporter' | 'digital_guide',
      status: 'assigned' | 'training',
    ) => {
      await db.insert(volunteerApplications).values({
        personId: people[0]!.personId,
        role,
        status,
        districtCode: '11140',
        staffUserId,
        certifiedAt: status === 'assigned' ? NOW : null,
        certificateNo: status === 'assigned' ? `VOL-${staffUserId.slice(0, 8)}` : null,
        motivationEnc: encryptField('고쳐 드리고 싶어요', 'vol_applications.motivation'),
        availabilityEnc: encryptField('주말', 'vol_applications.availability'),
        createdAt: NOW,
        updatedAt: NOW,
      })
    }
    await volunteer(account.id, 'it_supporter', 'assigned')
    await volunteer(other.id, 'it_supporter', 'training') // not certified yet

    // only the certified one is offered; someone else's account is refused
    expect((await supportersToAdd(db, pm.actor)).map((s) => s.staffUserId)).toEqual([account.id])
    await expect(
      createRepairer(
        db,
        pm.actor,
        { kind: 'volunteer', name: 'x', staffId: other.id, skills: ['hardware'], districts: ['11140'] },
        NOW,
      ),
    ).rejects.toMatchObject({ message: 'devices.repairer.err.supporter' })

    // added through the repairers page: a volunteer (whatever kind was ticked), linked to the account
    const staff = new Browser(app)
    staff.cookies.set('gachi_sid', pm.sid)
    expect(await (await staff.get('/staff/devices/repairers')).text()).toContain('IT 서포터 봉사자')
    const added = await staff.post('/staff/devices/repairers', {
      kind: 'technician',
      name: '라서포터',
      staffId: account.id,
      skills: ['hardware', 'software'],
      districts: ['11140'],
    })
    expect(added.status).toBe(303)
    const [r] = await db.select().from(repairers).where(eq(repairers.staffId, account.id))
    expect(r).toMatchObject({ kind: 'volunteer', name: '라서포터' })
    expect(await supportersToAdd(db, pm.actor)).toEqual([])
    await expect(
      createRepairer(
        db,
        pm.actor,
        { kind: 'volunteer', name: 'y', staffId: account.id, skills: ['hardware'], districts: ['11140'] },
        NOW,
      ),
    ).rejects.toMatchObject({ message: 'devices.repairer.err.alreadyRepairer' })

    // a ticket in their district with their skill: suggested and assigned to them
    const t = await openRepair(
      db,
      tech.actor,
      { assetTag: tags[1]!, problem: '키보드 고장', channel: 'phone', skill: 'hardware' },
      NOW,
    )
    expect(t).toMatchObject({ suggestedId: r!.id, assigneeId: r!.id })
    const detail = await repairDetail(db, tech.actor, t.id)
    expect(detail.suggestions[0]!.repairer.id).toBe(r!.id)

    // resolved with the time spent: their finished work (the hours source), nothing before
    const day = new Date('2026-12-23T06:00:00Z')
    expect(await resolvedRepairsOf(db, account.id, NOW, day)).toEqual([])
    await resolveRepair(db, tech.actor, t.id, '키보드 교체', day, [], 90)
    const work = await resolvedRepairsOf(db, account.id, NOW, new Date('2026-12-24T00:00:00Z'))
    expect(work).toHaveLength(1)
    expect(work[0]).toMatchObject({ minutes: 90, at: day })
    expect(work[0]!.ref).toMatch(/^device-repair:RT-[0-9A-F]{8}$/)
    expect(await resolvedRepairsOf(db, other.id, NOW, new Date('2026-12-24T00:00:00Z'))).toEqual([])
    // the volunteering programme's daily collection turns it into 90 minutes of hours, once
    await collectAllHours(db, new Date('2026-12-24T00:00:00Z'))
    await collectAllHours(db, new Date('2026-12-24T00:00:00Z'))
    const hours = await db.select().from(volunteerHours).where(eq(volunteerHours.sourceRef, work[0]!.ref))
    expect(hours).toHaveLength(1)
    expect(hours[0]).toMatchObject({ minutes: 90, activity: 'ticket', day: '2026-12-23' })
    // a bad time spent on the page is refused with the field named
    const t2 = await openRepair(
      db,
      tech.actor,
      { assetTag: tags[0]!, problem: '소리 안 남', channel: 'phone', skill: 'hardware' },
      NOW,
    )
    const bad = await staff.post(`/staff/devices/repairs/${t2.id}/resolve`, {
      resolution: '스피커',
      minutesSpent: '0',
    })
    expect(bad.status).toBe(422)
    expect(await bad.text()).toContain('걸린 시간을 1분에서 720분 사이로 적으세요')
  })
})

describe('devices: certification adds an IT supporter as a volunteer repairer', () => {
  it('certifying (or assigning with an account) adds them once, with their district; not without an account or district, not for other roles', async () => {
    database = await freshDb({ reference: true })
    const db = database.db
    const { pm, people } = await delivered(db)
    const reviewer = await makeStaff(db, 'programme_manager', null)
    const accountA = await makeStaff(db, 'digital_guide', null)
    const accountB = await makeStaff(db, 'digital_guide', null)
    const accountC = await makeStaff(db, 'digital_guide', null)
    const [place] = await db.select({ id: places.id }).from(places).limit(1)
    const apply = async (
      role: 'it_supporter' | 'digital_guide',
      staffUserId: string | null,
      districtCode: string | null,
    ) => {
      const [row] = await db
        .insert(volunteerApplications)
        .values({
          personId: people[0]!.personId,
          role,
          status: 'training',
          districtCode,
          staffUserId,
          trainingDoneAt: NOW,
          motivationEnc: encryptField('고쳐 드리고 싶어요', 'vol_applications.motivation'),
          availabilityEnc: encryptField('주말', 'vol_applications.availability'),
          createdAt: NOW,
          updatedAt: NOW,
        })
        .returning()
      return row!
    }
    const review = (id: string, version: number, action: 'certify' | 'assign', extra = {}) =>
      reviewVolunteer(db, reviewer.actor, id, ReviewInput.parse({ version, action, ...extra }), NOW)
    const repairerOf = async (staffId: string) =>
      db.select().from(repairers).where(eq(repairers.staffId, staffId))

    // an IT supporter whose account is linked: certified → a volunteer repairer at once, suggested
    const a = await apply('it_supporter', accountA.id, '11140')
    expect(await review(a.id, 1, 'certify')).toBe('certified')
    const [added] = await repairerOf(accountA.id)
    expect(added).toMatchObject({
      kind: 'volunteer',
      name: (accountA.actor as { name: string }).name,
      skills: ['hardware', 'software', 'network'],
      districts: ['11140'],
      active: true,
    })
    const trail = await db.select().from(auditTrail).where(eq(auditTrail.entityId, added!.id))
    expect(trail).toMatchObject([
      { action: 'create', actorId: reviewer.id, after: { via: 'volunteering.certified' } },
    ])
    expect((await supportersToAdd(db, pm.actor)).map((s) => s.staffUserId)).not.toContain(accountA.id)
    // assigned later: no second repairer for the same account
    expect(await review(a.id, 2, 'assign', { placeId: place!.id })).toBe('assigned')
    expect(await repairerOf(accountA.id)).toHaveLength(1)

    // certified without an account: nothing yet; the assignment that links the account adds them
    const b = await apply('it_supporter', null, '11110')
    await review(b.id, 1, 'certify')
    expect(await repairerOf(accountB.id)).toEqual([])
    await review(b.id, 2, 'assign', { placeId: place!.id, staffUserId: accountB.id })
    expect(await repairerOf(accountB.id)).toMatchObject([{ kind: 'volunteer', districts: ['11110'] }])

    // no preferred district: left for the manager to add by hand (still offered on the repairers page)
    const c = await apply('it_supporter', accountC.id, null)
    await review(c.id, 1, 'certify')
    expect(await repairerOf(accountC.id)).toEqual([])
    expect((await supportersToAdd(db, pm.actor)).map((s) => s.staffUserId)).toContain(accountC.id)

    // a digital guide is not a repairer
    const guide = await makeStaff(db, 'digital_guide', null)
    const g = await apply('digital_guide', guide.id, '11140')
    await review(g.id, 1, 'certify')
    expect(await repairerOf(guide.id)).toEqual([])
  })
})
