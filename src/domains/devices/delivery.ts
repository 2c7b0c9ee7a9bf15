import { z } from 'zod'
import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { decryptOptional, encryptField } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import type { JobHandler } from '../../platform/jobs/worker.ts'
import { noRrn } from '../../platform/validation.ts'
import { smsLinkBase } from '../education/sms-link.ts'
import { notify } from './allocation-run.ts'
import * as dr from './delivery-repo.ts'

export { CLASS_OFFERS, STARTER_GUIDES, type StarterGuide } from './tables.ts'

/**
 * Delivery and pickup slots (capacity guarded by the database), the handover's follow-up two weeks
 * later (an outbox job makes it due and texts the recipient; staff record the call), and the
 * beginners' class link into the education catalogue. SQL lives in delivery-repo.ts.
 */

/** Default warranty after a handover, in months (repairs within it are covered). */
export const WARRANTY_MONTHS = 12

/** The education catalogue's beginners' classes near the recipient. */
export const beginnersClassPath = (districtCode?: string | null) =>
  `/learn?level=basic${districtCode ? `&district=${districtCode}` : ''}`

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const WholeNumber = (min: number, max: number, msg: string, dflt?: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : (empty(v) ?? dflt)),
    z.number(msg).int(msg).min(min, msg).max(max, msg),
  )

/** A slot: its day and start time are Seoul time ("2026-12-03", "10:00"). */
export const SlotInput = z
  .object({
    kind: z.enum(['delivery', 'pickup'], 'devices.slot.err.kind'),
    centre: z.preprocess(
      trimmed,
      z.string().min(1, 'devices.slot.err.centre').max(100, 'devices.err.tooLong'),
    ),
    date: z.preprocess(trimmed, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'devices.err.date')),
    time: z.preprocess(trimmed, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'devices.slot.err.time')),
    minutes: WholeNumber(15, 480, 'devices.slot.err.minutes', 60),
    capacity: WholeNumber(1, 200, 'devices.slot.err.capacity'),
  })
  .transform((s, ctx) => {
    const startsAt = new Date(`${s.date}T${s.time}:00+09:00`)
    if (Number.isNaN(startsAt.getTime())) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'devices.err.date' })
      return z.NEVER
    }
    return { ...s, startsAt }
  })
export type SlotInput = z.infer<typeof SlotInput>
/** Purpose bound into the encryption of a home-delivery address (AES-GCM additional data). */
export const ADDRESS_AAD = 'device.deliveryAddress'
export const BookInput = z.object({
  slotId: z.uuid('devices.slot.err.choose'),
  /** Where a home delivery goes (needed for a delivery slot, ignored for a pickup). */
  address: noRrn(z.preprocess(empty, z.string().max(200, 'devices.err.tooLong').optional())),
})
export type BookInput = z.infer<typeof BookInput>
/** The home-delivery address of an allocation, for the staff who deliver it (null when none). */
export const deliveryAddressOf = (a: { deliveryAddressEnc: string | null }) =>
  decryptOptional(a.deliveryAddressEnc, ADDRESS_AAD)
/** Staff change a slot's time, length or places (kind and centre stay; cancel and add another for those). */
export const SlotChangeInput = z
  .object({
    date: z.preprocess(trimmed, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'devices.err.date')),
    time: z.preprocess(trimmed, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'devices.slot.err.time')),
    minutes: WholeNumber(15, 480, 'devices.slot.err.minutes', 60),
    capacity: WholeNumber(1, 200, 'devices.slot.err.capacity'),
  })
  .transform((s, ctx) => {
    const startsAt = new Date(`${s.date}T${s.time}:00+09:00`)
    if (Number.isNaN(startsAt.getTime())) {
      ctx.addIssue({ code: 'custom', path: ['date'], message: 'devices.err.date' })
      return z.NEVER
    }
    return { ...s, startsAt }
  })
export type SlotChangeInput = z.infer<typeof SlotChangeInput>
export const SlotCancelInput = z.object({
  reason: z.preprocess(trimmed, z.string().min(1, 'devices.slot.err.reason').max(200, 'devices.err.tooLong')),
})
export const FollowUpInput = z.object({
  status: z.enum(['done', 'unreachable'], 'devices.followUp.err.status'),
  outcome: z.preprocess(empty, z.string().max(500, 'devices.err.tooLong').optional()),
})

export type { SlotRow } from './delivery-repo.ts'

/** A new slot (programme manager or delivery staff). The same kind, centre and start twice is refused. */
export async function createSlot(db: Db, actor: Actor, input: SlotInput, now: Date) {
  authorize(actor, 'devices:deliver')
  if (input.startsAt.getTime() <= now.getTime())
    throw new AppError('validation', 'devices.slot.err.past', { date: 'devices.slot.err.past' })
  const row = await dr.insertSlot(db, {
    kind: input.kind,
    centre: input.centre,
    startsAt: input.startsAt,
    endsAt: new Date(input.startsAt.getTime() + input.minutes * 60_000),
    capacity: input.capacity,
    createdBy: actor.kind === 'staff' ? actor.id : null,
    createdAt: now,
  })
  if (!row) throw new AppError('conflict', 'devices.slot.err.exists')
  return row
}

/** Slots from now on that are not cancelled, soonest first, with how many places are left. */
export const upcomingSlots = (db: Db, now: Date) => dr.upcomingSlots(db, now)

/** A reserved allocation of this citizen (or null): they may book its slot themselves. */
const ownedReserved = dr.ownedAllocation

/**
 * Books a slot for a reserved device's handover (the recipient for their own device, or staff). A
 * booking moves from the old slot; a full slot is refused by `booked < capacity` in the update and, as
 * the last guard, by the table's CHECK — two people can never take the last place together.
 */
export async function bookSlot(
  db: Db,
  actor: Actor,
  allocationId: string,
  slotId: string,
  now: Date,
  address?: string,
) {
  if (actor.kind === 'staff') authorize(actor, 'devices:deliver')
  else if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    if (actor.kind === 'citizen' && !(await ownedReserved(tx, allocationId, actor.personId)))
      throw new AppError('not_found', 'devices.err.notFound')
    const a = await dr.lockAllocation(tx, allocationId)
    if (!a) throw new AppError('not_found', 'devices.err.notFound')
    if (a.status !== 'reserved') throw new AppError('conflict', 'devices.err.alreadyDelivered')
    const slot = await dr.getSlot(tx, slotId)
    if (!slot || slot.cancelledAt)
      throw new AppError('validation', 'devices.slot.err.choose', { slotId: 'devices.slot.err.choose' })
    // a home delivery needs the address (given now, or kept from an earlier booking); a pickup keeps none
    const addressEnc =
      slot.kind === 'pickup'
        ? null
        : address
          ? encryptField(address, ADDRESS_AAD)
          : (a.deliveryAddressEnc ?? null)
    if (slot.kind === 'delivery' && !addressEnc)
      throw new AppError('validation', 'devices.slot.err.address', { address: 'devices.slot.err.address' })
    if (a.slotId === slotId) {
      if (addressEnc !== a.deliveryAddressEnc)
        await dr.updateAllocation(tx, a.id, { deliveryAddressEnc: addressEnc })
      return { ...a, deliveryAddressEnc: addressEnc }
    }
    if (slot.startsAt.getTime() <= now.getTime()) throw new AppError('conflict', 'devices.slot.err.past')
    if (!(await dr.takePlace(tx, slotId))) throw new AppError('conflict', 'devices.slot.err.full')
    if (a.slotId) await dr.releasePlace(tx, a.slotId)
    await dr.updateAllocation(tx, a.id, { slotId, deliveryAddressEnc: addressEnc })
    await audit(tx, actor, {
      entity: 'device_allocation',
      entityId: a.id,
      action: 'slot.book',
      before: { slotId: a.slotId },
      after: { slotId, homeDelivery: slot.kind === 'delivery' },
      at: now,
    })
    return { ...a, slotId, deliveryAddressEnc: addressEnc }
  })
}

const bookedOn = dr.bookedOn

async function lockSlot(tx: Db, id: string) {
  const slot = await dr.lockSlotRow(tx, id)
  if (!slot) throw new AppError('not_found', 'devices.err.notFound')
  if (slot.cancelledAt) throw new AppError('conflict', 'devices.slot.err.cancelled')
  return slot
}

/**
 * Staff move a slot or change its length or places. Fewer places than are booked is refused (the table's
 * CHECK is the last guard); when the time moves, everyone booked is texted the new time with the link to
 * choose another one.
 */
export async function updateSlot(db: Db, actor: Actor, id: string, input: SlotChangeInput, now: Date) {
  authorize(actor, 'devices:deliver')
  if (input.startsAt.getTime() <= now.getTime())
    throw new AppError('validation', 'devices.slot.err.past', { date: 'devices.slot.err.past' })
  return db.transaction(async (tx) => {
    const slot = await lockSlot(tx, id)
    if (input.capacity < slot.booked)
      throw new AppError(
        'conflict',
        'devices.slot.err.belowBooked',
        { capacity: 'devices.slot.err.belowBooked' },
        { n: slot.booked },
        { fieldParams: { capacity: { n: slot.booked } } },
      )
    const endsAt = new Date(input.startsAt.getTime() + input.minutes * 60_000)
    const clash = await dr.slotAt(tx, slot.kind, slot.centre, input.startsAt)
    if (clash && clash.id !== id) throw new AppError('conflict', 'devices.slot.err.exists')
    await dr.updateSlotRow(tx, id, { startsAt: input.startsAt, endsAt, capacity: input.capacity })
    const moved = slot.startsAt.getTime() !== input.startsAt.getTime()
    let texted = 0
    if (moved)
      for (const b of await bookedOn(tx, id))
        if (
          await notify(
            tx,
            b.app,
            'devices.sms.slotMoved',
            (locale) => ({
              when: formatDateTime(locale, input.startsAt),
              link: `${smsLinkBase()}/devices/delivery`,
            }),
            `slot-moved:${id}:${input.startsAt.toISOString()}:${b.allocationId}`,
          )
        )
          texted++
    await audit(tx, actor, {
      entity: 'device_delivery_slot',
      entityId: id,
      action: 'update',
      before: { startsAt: slot.startsAt, endsAt: slot.endsAt, capacity: slot.capacity },
      after: { startsAt: input.startsAt, endsAt, capacity: input.capacity },
      at: now,
    })
    return { slot: { ...slot, startsAt: input.startsAt, endsAt, capacity: input.capacity }, texted }
  })
}

/**
 * Staff cancel a slot (with a reason): every booking on it is released — the device stays set aside for
 * its recipient — and each person booked is texted with the link to choose another time. A cancelled slot
 * takes no booking and is not listed.
 */
export async function cancelSlot(db: Db, actor: Actor, id: string, reason: string, now: Date) {
  authorize(actor, 'devices:deliver')
  return db.transaction(async (tx) => {
    const slot = await lockSlot(tx, id)
    const booked = await bookedOn(tx, id)
    let texted = 0
    for (const b of booked)
      if (
        await notify(
          tx,
          b.app,
          'devices.sms.slotCancelled',
          (locale) => ({
            when: formatDateTime(locale, slot.startsAt),
            link: `${smsLinkBase()}/devices/delivery`,
          }),
          `slot-cancelled:${id}:${b.allocationId}`,
        )
      )
        texted++
    await dr.releaseBookingsOn(tx, id)
    await dr.updateSlotRow(tx, id, { cancelledAt: now, cancelReason: reason, booked: 0 })
    await audit(tx, actor, {
      entity: 'device_delivery_slot',
      entityId: id,
      action: 'cancel',
      after: { reason, released: booked.length },
      at: now,
    })
    return { released: booked.length, texted }
  })
}

/**
 * Gives a booked place back: the recipient for their own device (a verified citizen, the link in the
 * allocation text) or staff. The device stays set aside; they can book another time.
 */
export async function cancelBooking(db: Db, actor: Actor, allocationId: string, now: Date) {
  if (actor.kind !== 'staff' && actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    if (actor.kind === 'citizen' && !(await ownedReserved(tx, allocationId, actor.personId)))
      throw new AppError('not_found', 'devices.err.notFound')
    const a = await dr.lockAllocation(tx, allocationId)
    if (!a) throw new AppError('not_found', 'devices.err.notFound')
    // like other signed-in routes: an unknown booking is 404 for anyone, then staff need devices:deliver
    if (actor.kind === 'staff') authorize(actor, 'devices:deliver')
    if (a.status !== 'reserved') throw new AppError('conflict', 'devices.err.alreadyDelivered')
    if (!a.slotId) throw new AppError('conflict', 'devices.slot.err.notBooked')
    await dr.releasePlace(tx, a.slotId)
    await dr.updateAllocation(tx, a.id, { slotId: null, deliveryAddressEnc: null })
    await audit(tx, actor, {
      entity: 'device_allocation',
      entityId: a.id,
      action: 'slot.cancel',
      before: { slotId: a.slotId },
      at: now,
    })
    return { ...a, slotId: null }
  })
}

/**
 * The home-delivery address of a reserved device, for the staff who deliver it; the read is in the
 * access log (whose address, who, when). Null when the booking is a pickup or has no address.
 */
export async function handoverAddress(db: Db, actor: Actor, allocationId: string, now: Date) {
  authorize(actor, 'devices:deliver')
  const row = await dr.addressOf(db, allocationId)
  if (!row?.enc) return null
  if (actor.kind === 'staff' && row.personId)
    await logAccess(db, {
      staffId: actor.id,
      ip: null,
      personId: row.personId,
      action: 'view',
      reason: 'device home delivery address',
      at: now,
    })
  return deliveryAddressOf({ deliveryAddressEnc: row.enc })
}

/** The citizen's devices waiting for a handover, with the slot they booked (if any). */
export const myReserved = (db: Db, personId: string) => dr.reservedOf(db, personId)

// ── follow-up two weeks after the handover ──────────────────────────────────────────────────

export const FOLLOW_UP_JOB = 'devices.followUp'

/**
 * The follow-up job (queued at handover through the outbox, run two weeks later): the follow-up becomes
 * due on the staff list and the recipient gets a text with the beginners' classes link. Running it twice
 * changes nothing.
 */
export const followUpJob: JobHandler = async ({ db, job, now }) => {
  const id = String((job.payload as { followUpId?: string }).followUpId ?? '')
  await db.transaction(async (tx) => {
    const f = await dr.lockFollowUp(tx, id)
    if (f?.status !== 'scheduled') return
    const app = await dr.applicationOfAllocation(tx, f.allocationId)
    const link = `${smsLinkBase()}${beginnersClassPath(app?.districtCode)}`
    const texted = app ? await notify(tx, app, 'devices.sms.followUp', { link }, `followup:${f.id}`) : false
    await dr.updateFollowUp(tx, f.id, { status: 'due', texted })
    await audit(tx, 'system', { entity: 'device_follow_up', entityId: f.id, action: 'due', at: now })
  })
}

/** Follow-ups that are due (or all open ones up to `until`), oldest first, with the device. */
export const dueFollowUps = (db: Db, actor: Actor, until: Date) => {
  authorize(actor, 'devices:deliver')
  return dr.followUpsDue(db, until)
}

/** Staff record the follow-up call: done (with what was said) or unreachable. */
export async function recordFollowUp(
  db: Db,
  actor: Actor,
  id: string,
  input: z.infer<typeof FollowUpInput>,
  now: Date,
) {
  authorize(actor, 'devices:deliver')
  return db.transaction(async (tx) => {
    const f = await dr.lockFollowUp(tx, id)
    if (!f) throw new AppError('not_found', 'devices.err.notFound')
    if (f.status === 'done' || f.status === 'unreachable')
      throw new AppError('conflict', 'devices.followUp.err.done')
    await dr.updateFollowUp(tx, id, {
      status: input.status,
      outcome: input.outcome ?? null,
      doneBy: actor.kind === 'staff' ? actor.id : null,
      doneAt: now,
    })
    await audit(tx, actor, { entity: 'device_follow_up', entityId: id, action: input.status, at: now })
    return { ...f, status: input.status }
  })
}
