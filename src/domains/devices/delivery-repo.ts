import { and, asc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { allocations, applications, deliverySlots, devices, followUps } from './tables.ts'

/**
 * The SQL of delivery (delivery.ts): slots and their places, bookings on allocations, the home-delivery
 * address and the two-week follow-ups. Services own the transactions and pass `tx` in.
 */

export type SlotRow = typeof deliverySlots.$inferSelect
export type AllocationRow = typeof allocations.$inferSelect

// ── slots ─────────────────────────────────────────────────────────────────────────────────────

/** Inserts a slot; null when the same kind, centre and start exists. */
export const insertSlot = async (tx: Db, v: typeof deliverySlots.$inferInsert) =>
  (await tx.insert(deliverySlots).values(v).onConflictDoNothing().returning())[0] ?? null

/** Slots from `now` on that are not cancelled, soonest first. */
export const upcomingSlots = (db: Db, now: Date) =>
  db
    .select()
    .from(deliverySlots)
    .where(and(gte(deliverySlots.startsAt, now), isNull(deliverySlots.cancelledAt)))
    .orderBy(asc(deliverySlots.startsAt))
    .limit(200)

export const getSlot = async (tx: Db, id: string) =>
  (await tx.select().from(deliverySlots).where(eq(deliverySlots.id, id)))[0] ?? null

export const lockSlotRow = async (tx: Db, id: string) =>
  (await tx.select().from(deliverySlots).where(eq(deliverySlots.id, id)).for('update'))[0] ?? null

/** Takes one place if one is left (`booked < capacity` in the update itself); false when full. */
export const takePlace = async (tx: Db, slotId: string) =>
  (
    await tx
      .update(deliverySlots)
      .set({ booked: sql`${deliverySlots.booked} + 1` })
      .where(and(eq(deliverySlots.id, slotId), sql`${deliverySlots.booked} < ${deliverySlots.capacity}`))
      .returning({ id: deliverySlots.id })
  ).length > 0

export const releasePlace = (tx: Db, slotId: string) =>
  tx
    .update(deliverySlots)
    .set({ booked: sql`${deliverySlots.booked} - 1` })
    .where(eq(deliverySlots.id, slotId))

/** Another slot of the same kind and centre at that start (null when none). */
export const slotAt = async (tx: Db, kind: SlotRow['kind'], centre: string, startsAt: Date) =>
  (
    await tx
      .select({ id: deliverySlots.id })
      .from(deliverySlots)
      .where(
        and(
          eq(deliverySlots.kind, kind),
          eq(deliverySlots.centre, centre),
          eq(deliverySlots.startsAt, startsAt),
        ),
      )
  )[0] ?? null

export const updateSlotRow = (tx: Db, id: string, set: Partial<typeof deliverySlots.$inferInsert>) =>
  tx.update(deliverySlots).set(set).where(eq(deliverySlots.id, id))

// ── bookings on allocations ───────────────────────────────────────────────────────────────────

/** A reserved allocation of this citizen (or null): they may book its slot themselves. */
export const ownedAllocation = async (tx: Db, allocationId: string, personId: string) =>
  (
    await tx
      .select({ id: allocations.id })
      .from(allocations)
      .innerJoin(applications, eq(applications.id, allocations.applicationId))
      .where(and(eq(allocations.id, allocationId), eq(applications.personId, personId)))
  )[0] ?? null

export const lockAllocation = async (tx: Db, id: string) =>
  (await tx.select().from(allocations).where(eq(allocations.id, id)).for('update'))[0] ?? null

export const updateAllocation = (tx: Db, id: string, set: Partial<typeof allocations.$inferInsert>) =>
  tx.update(allocations).set(set).where(eq(allocations.id, id))

/** Releases every booking on a slot (the devices stay set aside). */
export const releaseBookingsOn = (tx: Db, slotId: string) =>
  tx.update(allocations).set({ slotId: null }).where(eq(allocations.slotId, slotId))

/** The people booked on a slot, with their application (for the text message). */
export const bookedOn = (tx: Db, slotId: string) =>
  tx
    .select({ allocationId: allocations.id, app: applications })
    .from(allocations)
    .innerJoin(applications, eq(applications.id, allocations.applicationId))
    .where(and(eq(allocations.slotId, slotId), eq(allocations.status, 'reserved')))

/** The encrypted home-delivery address of an allocation and whose it is. */
export const addressOf = async (db: Db, allocationId: string) =>
  (
    await db
      .select({ enc: allocations.deliveryAddressEnc, personId: applications.personId })
      .from(allocations)
      .innerJoin(applications, eq(applications.id, allocations.applicationId))
      .where(eq(allocations.id, allocationId))
  )[0] ?? null

/** The citizen's devices waiting for a handover, with the slot they booked (if any). */
export const reservedOf = (db: Db, personId: string) =>
  db
    .select({
      allocationId: allocations.id,
      assetTag: devices.assetTag,
      type: devices.type,
      slotId: allocations.slotId,
      districtCode: applications.districtCode,
    })
    .from(allocations)
    .innerJoin(applications, eq(applications.id, allocations.applicationId))
    .innerJoin(devices, eq(devices.id, allocations.deviceId))
    .where(and(eq(applications.personId, personId), eq(allocations.status, 'reserved')))

// ── follow-ups ────────────────────────────────────────────────────────────────────────────────

export const lockFollowUp = async (tx: Db, id: string) =>
  (await tx.select().from(followUps).where(eq(followUps.id, id)).for('update'))[0] ?? null

export const updateFollowUp = (tx: Db, id: string, set: Partial<typeof followUps.$inferInsert>) =>
  tx.update(followUps).set(set).where(eq(followUps.id, id))

/** The application behind an allocation (for the follow-up text). */
export const applicationOfAllocation = async (tx: Db, allocationId: string) =>
  (
    await tx
      .select({ app: applications })
      .from(allocations)
      .innerJoin(applications, eq(applications.id, allocations.applicationId))
      .where(eq(allocations.id, allocationId))
  )[0]?.app ?? null

/** Open follow-ups due up to `until`, oldest first, with the device. */
export const followUpsDue = (db: Db, until: Date) =>
  db
    .select({
      followUp: followUps,
      assetTag: devices.assetTag,
      districtCode: applications.districtCode,
      deliveredAt: allocations.deliveredAt,
    })
    .from(followUps)
    .innerJoin(allocations, eq(allocations.id, followUps.allocationId))
    .innerJoin(devices, eq(devices.id, allocations.deviceId))
    .innerJoin(applications, eq(applications.id, allocations.applicationId))
    .where(and(inArray(followUps.status, ['scheduled', 'due']), lte(followUps.dueAt, until)))
    .orderBy(asc(followUps.dueAt))
