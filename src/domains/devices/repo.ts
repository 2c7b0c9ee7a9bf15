import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { districts } from '../reference/tables.ts'
import {
  allocations,
  applications,
  type DeviceStatus,
  type DeviceType,
  deviceEvents,
  devices,
  donors,
  pledges,
  receiptCounters,
  receipts,
  repairTickets,
  wipeCertificates,
} from './tables.ts'

export type DeviceRow = typeof devices.$inferSelect
export type ApplicationRow = typeof applications.$inferSelect
export type ReceiptRow = typeof receipts.$inferSelect
export type PledgeRow = typeof pledges.$inferSelect

// counters: one row per (issuer, year), bumped under its row lock in the caller's transaction
/** Next number of a gap-free counter; rolled back with the transaction that took it. */
export async function bumpCounter(tx: Db, issuer: string, year: number): Promise<number> {
  const [r] = await tx
    .insert(receiptCounters)
    .values({ issuer, year, last: 1 })
    .onConflictDoUpdate({
      target: [receiptCounters.issuer, receiptCounters.year],
      set: { last: sql`${receiptCounters.last} + 1` },
    })
    .returning({ last: receiptCounters.last })
  return r!.last
}

export async function insertDonor(tx: Db, v: typeof donors.$inferInsert) {
  const [r] = await tx.insert(donors).values(v).returning()
  return r!
}
export const getDonor = async (tx: Db, id: string) =>
  (await tx.select().from(donors).where(eq(donors.id, id)))[0] ?? null
export const donorsOfPerson = (tx: Db, personId: string) =>
  tx.select().from(donors).where(eq(donors.personId, personId))

export async function insertPledge(tx: Db, v: typeof pledges.$inferInsert) {
  const [r] = await tx.insert(pledges).values(v).onConflictDoNothing().returning()
  return r ?? null
}
export const pledgeByKey = async (tx: Db, key: string) =>
  (await tx.select().from(pledges).where(eq(pledges.idempotencyKey, key)))[0] ?? null
export const getPledge = async (tx: Db, id: string) =>
  (await tx.select().from(pledges).where(eq(pledges.id, id)))[0] ?? null
export const listPledges = (tx: Db) =>
  tx
    .select({ pledge: pledges, donor: donors })
    .from(pledges)
    .innerJoin(donors, eq(donors.id, pledges.donorId))
    .orderBy(desc(pledges.createdAt))
    .limit(200)
export const setPledgeStatus = (tx: Db, id: string, status: 'received') =>
  tx.update(pledges).set({ status }).where(eq(pledges.id, id))

export const insertDevices = (tx: Db, rows: (typeof devices.$inferInsert)[]) =>
  tx.insert(devices).values(rows).returning()
export const getDevice = async (tx: Db, id: string) =>
  (await tx.select().from(devices).where(eq(devices.id, id)))[0] ?? null
export const deviceByTag = async (tx: Db, tag: string) =>
  (await tx.select().from(devices).where(eq(devices.assetTag, tag)))[0] ?? null
/** Locks a device row until the transaction ends (no check-then-act gap). */
export const lockDevice = async (tx: Db, id: string) =>
  (await tx.select().from(devices).where(eq(devices.id, id)).for('update'))[0] ?? null
export const updateDevice = (tx: Db, id: string, set: Partial<typeof devices.$inferInsert>) =>
  tx.update(devices).set(set).where(eq(devices.id, id))
export const insertEvent = (tx: Db, v: typeof deviceEvents.$inferInsert) => tx.insert(deviceEvents).values(v)
export const eventsOf = (tx: Db, deviceId: string) =>
  tx.select().from(deviceEvents).where(eq(deviceEvents.deviceId, deviceId)).orderBy(asc(deviceEvents.id))
export const insertWipe = (tx: Db, v: typeof wipeCertificates.$inferInsert) =>
  tx.insert(wipeCertificates).values(v)
export const wipesOf = (tx: Db, deviceId: string) =>
  tx
    .select()
    .from(wipeCertificates)
    .where(eq(wipeCertificates.deviceId, deviceId))
    .orderBy(asc(wipeCertificates.at))
export function listDevices(
  tx: Db,
  f: { status?: DeviceStatus; type?: DeviceType; statuses?: readonly DeviceStatus[] },
) {
  const where = [
    f.status ? eq(devices.status, f.status) : undefined,
    f.type ? eq(devices.type, f.type) : undefined,
    f.statuses ? inArray(devices.status, [...f.statuses]) : undefined,
  ].filter((x) => x !== undefined)
  return tx
    .select()
    .from(devices)
    .where(where.length ? and(...where) : undefined)
    .orderBy(asc(devices.assetTag))
    .limit(5000)
}
export const devicesOfPledge = (tx: Db, pledgeId: string) =>
  tx.select().from(devices).where(eq(devices.pledgeId, pledgeId)).orderBy(asc(devices.assetTag))
/** Ready devices, locked (SKIP LOCKED so two runs never take the same device). */
export const lockReadyDevices = (tx: Db) =>
  tx
    .select()
    .from(devices)
    .where(eq(devices.status, 'ready'))
    .orderBy(asc(devices.assetTag))
    .for('update', { skipLocked: true })
export const readyCounts = (tx: Db) =>
  tx
    .select({ type: devices.type, n: sql<number>`count(*)::int` })
    .from(devices)
    .where(eq(devices.status, 'ready'))
    .groupBy(devices.type)

export async function insertReceipt(tx: Db, v: typeof receipts.$inferInsert) {
  const [r] = await tx.insert(receipts).values(v).returning()
  return r!
}
export const receiptByKey = async (tx: Db, key: string) =>
  (await tx.select().from(receipts).where(eq(receipts.idempotencyKey, key)))[0] ?? null
export const getReceipt = async (tx: Db, id: string) =>
  (await tx.select().from(receipts).where(eq(receipts.id, id)))[0] ?? null
export const lockReceipt = async (tx: Db, id: string) =>
  (await tx.select().from(receipts).where(eq(receipts.id, id)).for('update'))[0] ?? null
export const voidReceipt = (tx: Db, id: string, reason: string, at: Date) =>
  tx.update(receipts).set({ status: 'voided', voidReason: reason, voidedAt: at }).where(eq(receipts.id, id))
export const listReceipts = (tx: Db) =>
  tx
    .select({ receipt: receipts, donorName: donors.name })
    .from(receipts)
    .innerJoin(donors, eq(donors.id, receipts.donorId))
    .orderBy(desc(receipts.year), desc(receipts.number), desc(receipts.revision))
    .limit(500)
export const receiptsOfDonors = (tx: Db, donorIds: string[]) =>
  donorIds.length
    ? tx.select().from(receipts).where(inArray(receipts.donorId, donorIds))
    : Promise.resolve([])

export async function insertApplication(tx: Db, v: typeof applications.$inferInsert) {
  const [r] = await tx.insert(applications).values(v).onConflictDoNothing().returning()
  return r ?? null
}
export const applicationByKey = async (tx: Db, key: string) =>
  (await tx.select().from(applications).where(eq(applications.idempotencyKey, key)))[0] ?? null
export const lockApplication = async (tx: Db, id: string) =>
  (await tx.select().from(applications).where(eq(applications.id, id)).for('update'))[0] ?? null
export const getApplication = async (tx: Db, id: string) =>
  (await tx.select().from(applications).where(eq(applications.id, id)))[0] ?? null
/** Open applications of a person (to refuse a duplicate for the same kind of device). */
export const openApplicationsOf = (tx: Db, personId: string) =>
  tx
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.personId, personId),
        inArray(applications.status, ['submitted', 'approved', 'allocated']),
      ),
    )
export const applicationsOfPerson = (tx: Db, personId: string) =>
  tx
    .select()
    .from(applications)
    .where(eq(applications.personId, personId))
    .orderBy(desc(applications.createdAt))
/** Applications, limited to these organisations' when orgIds is given (empty: none). */
export const listApplications = (tx: Db, orgIds: readonly string[] | null) =>
  tx
    .select()
    .from(applications)
    .where(
      orgIds === null ? undefined : orgIds.length ? inArray(applications.orgId, [...orgIds]) : sql`false`,
    )
    .orderBy(desc(applications.score), asc(applications.createdAt))
    .limit(500)
export const approvedApplications = (tx: Db) =>
  tx
    .select()
    .from(applications)
    .where(eq(applications.status, 'approved'))
    .orderBy(desc(applications.score), asc(applications.createdAt))
export const updateApplication = (tx: Db, id: string, set: Partial<typeof applications.$inferInsert>) =>
  tx.update(applications).set(set).where(eq(applications.id, id))

export const insertAllocations = (tx: Db, rows: (typeof allocations.$inferInsert)[]) =>
  rows.length ? tx.insert(allocations).values(rows).returning() : Promise.resolve([])
export const lockAllocation = async (tx: Db, id: string) =>
  (await tx.select().from(allocations).where(eq(allocations.id, id)).for('update'))[0] ?? null
export const updateAllocation = (tx: Db, id: string, set: Partial<typeof allocations.$inferInsert>) =>
  tx.update(allocations).set(set).where(eq(allocations.id, id))
export const allocationsOfApplication = (tx: Db, applicationId: string) =>
  tx.select().from(allocations).where(eq(allocations.applicationId, applicationId))
export const activeAllocationOfDevice = async (tx: Db, deviceId: string) =>
  (
    await tx
      .select()
      .from(allocations)
      .where(and(eq(allocations.deviceId, deviceId), sql`${allocations.status} <> 'cancelled'`))
  )[0] ?? null
export const reservedAllocations = (tx: Db) =>
  tx
    .select({ allocation: allocations, assetTag: devices.assetTag, districtCode: applications.districtCode })
    .from(allocations)
    .innerJoin(devices, eq(devices.id, allocations.deviceId))
    .innerJoin(applications, eq(applications.id, allocations.applicationId))
    .where(eq(allocations.status, 'reserved'))
    .orderBy(asc(devices.assetTag))

export async function insertTicket(tx: Db, v: typeof repairTickets.$inferInsert) {
  const [r] = await tx.insert(repairTickets).values(v).returning()
  return r!
}
export const lockTicket = async (tx: Db, id: string) =>
  (await tx.select().from(repairTickets).where(eq(repairTickets.id, id)).for('update'))[0] ?? null
export const updateTicket = (tx: Db, id: string, set: Partial<typeof repairTickets.$inferInsert>) =>
  tx.update(repairTickets).set(set).where(eq(repairTickets.id, id))
export const ticketsOf = (tx: Db, deviceId: string) =>
  tx
    .select()
    .from(repairTickets)
    .where(eq(repairTickets.deviceId, deviceId))
    .orderBy(asc(repairTickets.openedAt))

/** The city's districts for pickers (reference data). */
export const districtOptions = (tx: Db) =>
  tx
    .select({ code: districts.code, nameKo: districts.nameKo, nameEn: districts.nameEn })
    .from(districts)
    .orderBy(asc(districts.code))

/** Donated devices of these donors with, once delivered, only the district they went to (no recipient data). */
export const journeysOfDonors = (tx: Db, donorIds: string[]) =>
  donorIds.length
    ? tx
        .select({
          assetTag: devices.assetTag,
          type: devices.type,
          status: devices.status,
          wipeVerified: devices.wipeVerified,
          districtCode: applications.districtCode,
        })
        .from(devices)
        .leftJoin(
          allocations,
          and(eq(allocations.deviceId, devices.id), sql`${allocations.status} <> 'cancelled'`),
        )
        .leftJoin(applications, eq(applications.id, allocations.applicationId))
        .where(inArray(devices.donorId, donorIds))
        .orderBy(asc(devices.assetTag))
    : Promise.resolve([])

/** Applications whose id starts with these hex digits (a reference number read out). */
export const applicationsByIdPrefix = (tx: Db, hex: string) =>
  tx
    .select()
    .from(applications)
    .where(sql`${applications.id}::text like ${`${hex}%`}`)
    .limit(10)

/** Devices handed over to this person (their applications' delivered allocations), newest first. */
export const devicesDeliveredTo = (tx: Db, personId: string, tag?: string) =>
  tx
    .select({
      id: devices.id,
      assetTag: devices.assetTag,
      type: devices.type,
      model: devices.model,
      status: devices.status,
      deliveredAt: allocations.deliveredAt,
    })
    .from(allocations)
    .innerJoin(applications, eq(applications.id, allocations.applicationId))
    .innerJoin(devices, eq(devices.id, allocations.deviceId))
    .where(
      and(
        eq(applications.personId, personId),
        eq(allocations.status, 'delivered'),
        tag === undefined ? undefined : eq(devices.assetTag, tag),
      ),
    )
    .orderBy(desc(allocations.deliveredAt))

/** The criteria stated on each device application of these people (anonymous statistics groups). */
export const criteriaOfPersons = (tx: Db, personIds: string[]) =>
  personIds.length
    ? tx
        .select({ personId: applications.personId, criteria: applications.criteria })
        .from(applications)
        .where(inArray(applications.personId, personIds))
    : Promise.resolve([])

// ── anonymous statistics: rows after a cursor (the stats collector reads them through service.ts) ──

/** Rows after (time, id) in that order: the statistics read only what is new since their cursor. */
const afterCursor = (at: unknown, id: unknown, after: { at: Date; id: string }) =>
  sql`(${at}, ${id}) > (${after.at.toISOString()}::timestamptz, ${after.id})`

/** Pledges not cancelled, created after the cursor, oldest first (statistics: devices pledged). */
export const pledgesAfter = (tx: Db, after: { at: Date; id: string }, limit: number) =>
  tx
    .select({ id: sql<string>`${pledges.id}::text`, at: pledges.createdAt, count: pledges.count })
    .from(pledges)
    .where(
      and(
        sql`${pledges.status} <> 'cancelled'`,
        afterCursor(pledges.createdAt, sql`${pledges.id}::text`, after),
      ),
    )
    .orderBy(asc(pledges.createdAt), asc(sql`${pledges.id}::text`))
    .limit(limit)

/** Devices received, wiped or graded (refurbished) after the cursor, oldest first (statistics). */
export const deviceStepsAfter = (tx: Db, after: { at: Date; id: string }, limit: number) =>
  tx
    .select({
      id: sql<string>`${deviceEvents.id}::text`,
      at: deviceEvents.at,
      deviceId: deviceEvents.deviceId,
      step: deviceEvents.toStatus,
    })
    .from(deviceEvents)
    .where(
      and(
        inArray(deviceEvents.toStatus, ['received', 'wiped', 'graded']),
        afterCursor(deviceEvents.at, sql`${deviceEvents.id}::text`, after),
      ),
    )
    .orderBy(asc(deviceEvents.at), asc(sql`${deviceEvents.id}::text`))
    .limit(limit)

/** Devices delivered after the cursor, with the application's district and person (statistics). */
export const deliveriesAfter = (tx: Db, after: { at: Date; id: string }, limit: number) =>
  tx
    .select({
      id: sql<string>`${allocations.id}::text`,
      at: sql<Date>`${allocations.deliveredAt}`,
      districtCode: applications.districtCode,
      personId: applications.personId,
    })
    .from(allocations)
    .innerJoin(applications, eq(applications.id, allocations.applicationId))
    .where(
      and(
        eq(allocations.status, 'delivered'),
        sql`${allocations.deliveredAt} is not null`,
        afterCursor(allocations.deliveredAt, sql`${allocations.id}::text`, after),
      ),
    )
    .orderBy(asc(allocations.deliveredAt), asc(sql`${allocations.id}::text`))
    .limit(limit)

/** Applications by a known person made after the cursor, oldest first (statistics: people reached). */
export const applicationsAfter = (tx: Db, after: { at: Date; id: string }, limit: number) =>
  tx
    .select({
      id: sql<string>`${applications.id}::text`,
      at: applications.createdAt,
      personId: applications.personId,
    })
    .from(applications)
    .where(
      and(
        sql`${applications.personId} is not null`,
        afterCursor(applications.createdAt, sql`${applications.id}::text`, after),
      ),
    )
    .orderBy(asc(applications.createdAt), asc(sql`${applications.id}::text`))
    .limit(limit)
