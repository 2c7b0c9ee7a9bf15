import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Database, Db } from '../../platform/db/client.ts'
import { isKoreanHoliday } from '../helpdesk/sla.ts'
import { registerPerson } from '../people/service.ts'
import { makeStaff, meta } from '../people/test-helpers.ts'
import { surveyRequests } from '../voice/tables.ts'
import { myReserved } from './delivery.ts'
import {
  assignRepair,
  createRepairer,
  escalateRepairs,
  openRepair,
  openRepairAsCitizen,
  repairDetail,
  repairDue,
  resolveRepair,
  scheduleVisit,
  triageRepair,
} from './repairs.ts'
import { ApplicationInput } from './schema.ts'
import * as svc from './service.ts'
import { devices, repairTickets } from './tables.ts'
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
