import { eq } from 'drizzle-orm'
import type { Actor } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { assistiveShare, documentGate, internetShare, recordDocumentCheck } from './aid.ts'
import { aidApplications, allocations, applications, devices, repairTickets } from './tables.ts'

/** Records for the browser tests' sample URLs of the devices pages with an id (made once per process). */
let aid: Promise<string> | null = null
let pc: Promise<string> | null = null
let reserved: Promise<string> | null = null
let owned: Promise<{ tag: string; ticketId: string }> | null = null
let internet: Promise<string> | null = null

/** An assistive-device application of this person (the computation and document checks page). */
export function sampleAidApplicationId(db: Db, personId: string): Promise<string> {
  aid ??= (async () => {
    const share = assistiveShare(900_000, { disabled: true })
    const [row] = await db
      .insert(aidApplications)
      .values({
        kind: 'assistive',
        applicantKind: 'citizen',
        personId,
        districtCode: '11110',
        itemCode: 'magnifier_portable',
        priceKrw: share.priceKrw,
        statePct: share.statePct,
        stateKrw: share.stateKrw,
        copayKrw: share.copayKrw,
        criteria: { disabled: true },
        eligible: true,
        explanation: [{ key: 'devices.criterion.disabled', met: true }],
        createdAt: new Date(),
      })
      .returning({ id: aidApplications.id })
    return row!.id
  })()
  return aid
}

/** An approved internet-fee application of this person, arranged with a provider (its supply section). */
export function sampleInternetAidId(db: Db, personId: string): Promise<string> {
  internet ??= (async () => {
    const share = internetShare(33_000)
    const [row] = await db
      .insert(aidApplications)
      .values({
        kind: 'internet',
        applicantKind: 'citizen',
        personId,
        districtCode: '11110',
        priceKrw: share.priceKrw,
        statePct: share.statePct,
        stateKrw: share.stateKrw,
        copayKrw: share.copayKrw,
        criteria: { seniorAlone: true },
        eligible: true,
        explanation: [{ key: 'devices.criterion.seniorAlone', met: true }],
        status: 'approved',
        supplyStatus: 'arranged',
        provider: 'KT',
        coveredKrw: share.stateKrw,
        startMonth: '2027-01',
        endMonth: '2027-12',
        arrangedAt: new Date(),
        createdAt: new Date(),
      })
      .returning({ id: aidApplications.id })
    return row!.id
  })()
  return internet
}

/** A computer application entered for an organisation (its document checks page). */
export function sampleDeviceApplicationId(db: Db): Promise<string> {
  pc ??= (async () => {
    const [row] = await db
      .insert(applications)
      .values({
        applicantKind: 'organisation',
        deviceType: 'laptop',
        quantity: 3,
        districtCode: '11140',
        criteria: { seniorAlone: true },
        eligible: true,
        explanation: [{ key: 'devices.criterion.seniorAlone', met: true }],
        score: 15,
        createdAt: new Date(),
      })
      .returning({ id: applications.id })
    return row!.id
  })()
  return pc
}

/** A device reserved for a computer application (its handover page). */
export function sampleReservedAllocationId(db: Db): Promise<string> {
  reserved ??= (async () => {
    const now = new Date()
    const appId = await sampleDeviceApplicationId(db)
    const [device] = await db
      .insert(devices)
      .values({
        assetTag: 'D-E2E-RESERVED',
        type: 'laptop',
        ageYears: 2,
        status: 'reserved',
        grade: 'A',
        wipeVerified: true,
        centre: '서울 IT 나눔센터',
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: devices.id })
    const [row] = await db
      .insert(allocations)
      .values({
        runId: crypto.randomUUID(),
        applicationId: appId,
        deviceId: device!.id,
        reason: 'e2e sample',
        createdAt: now,
      })
      .returning({ id: allocations.id })
    return row!.id
  })()
  return reserved
}

/** A device delivered to this person with an open repair ticket (their device page; the ticket page). */
export function sampleOwnedDevice(db: Db, personId: string): Promise<{ tag: string; ticketId: string }> {
  owned ??= (async () => {
    const now = new Date()
    const [app] = await db
      .insert(applications)
      .values({
        applicantKind: 'citizen',
        personId,
        deviceType: 'laptop',
        districtCode: '11110',
        criteria: { basicLivelihood: true },
        eligible: true,
        explanation: [{ key: 'devices.criterion.basicLivelihood', met: true }],
        score: 30,
        status: 'delivered',
        createdAt: now,
      })
      .returning({ id: applications.id })
    const [device] = await db
      .insert(devices)
      .values({
        assetTag: 'D-E2E-OWNED',
        type: 'laptop',
        ageYears: 2,
        status: 'in_repair',
        grade: 'A',
        wipeVerified: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: devices.id })
    await db.insert(allocations).values({
      runId: crypto.randomUUID(),
      applicationId: app!.id,
      deviceId: device!.id,
      status: 'delivered',
      reason: 'e2e sample',
      createdAt: now,
      deliveredAt: now,
      receivedBy: '본인',
      starterGuide: true,
      starterGuideKind: 'large_print',
      classOffer: 'accepted',
      warrantyUntil: new Date(now.getTime() + 365 * 86_400_000),
    })
    const [t] = await db
      .insert(repairTickets)
      .values({
        deviceId: device!.id,
        channel: 'phone',
        problem: '전원이 켜지지 않음',
        openedAt: now,
        skill: 'hardware',
        districtCode: '11110',
        dueAt: new Date(now.getTime() + 3 * 86_400_000),
      })
      .returning({ id: repairTickets.id })
    return { tag: 'D-E2E-OWNED', ticketId: t!.id }
  })()
  return owned
}

/**
 * Tests: staff verify the documents proving every circumstance an application claims (approval of a
 * person's computer application needs one of them verified).
 */
export async function verifyClaims(db: Db, actor: Actor, applicationId: string, now: Date) {
  const [a] = await db.select().from(applications).where(eq(applications.id, applicationId))
  const { needed } = await documentGate(db, applicationId, (a?.criteria ?? {}) as Record<string, boolean>)
  for (const document of needed)
    await recordDocumentCheck(
      db,
      actor,
      { kind: 'device', id: applicationId },
      { document, result: 'verified' },
      now,
    )
}
