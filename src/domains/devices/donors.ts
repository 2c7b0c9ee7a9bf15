import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize, orgIdsOf } from '../../platform/auth/actor.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { organisations, staffUsers } from '../identity/tables.ts'
import { districts } from '../reference/tables.ts'
import type { MoneyDonationInput } from './donor-schema.ts'
import { issueReceipt } from './service.ts'
import {
  allocations,
  applications,
  deviceEvents,
  devices,
  donors,
  moneyDonations,
  pledges,
  receipts,
  refurbishments,
  wipeCertificates,
} from './tables.ts'

export type DonorRow = typeof donors.$inferSelect

// ── who may see which donor ────────────────────────────────────────────────────────────────────

/**
 * The donors an actor may see the impact of: a verified citizen their own donor records; a company's
 * `donor_org` account the donors of its organisation; a programme manager or admin any donor (one
 * at a time, by id). Anything else — or a donor outside that set — is "not found" (no existence leak).
 */
export async function visibleDonors(db: Db, actor: Actor, donorId?: string): Promise<DonorRow[]> {
  if (actor.kind === 'citizen') {
    const mine = await db.select().from(donors).where(eq(donors.personId, actor.personId))
    if (!donorId) return mine
    const one = mine.filter((d) => d.id === donorId)
    if (!one.length) throw new AppError('not_found', 'devices.err.notFound')
    return one
  }
  if (actor.kind !== 'staff') throw new AppError('not_found', 'devices.err.notFound')
  const scope = scopeFor(actor.role, 'devices:impact')
  if (scope === 'org') {
    // the account's organisation and any organisation it was granted (identity: staff_org_grants)
    const orgs = orgIdsOf(actor)
    if (!orgs.length) return []
    const ours = await db
      .select()
      .from(donors)
      .where(inArray(donors.orgId, [...orgs]))
    if (!donorId) return ours
    const one = ours.filter((d) => d.id === donorId)
    if (!one.length) throw new AppError('not_found', 'devices.err.notFound')
    return one
  }
  if (scope === 'all') {
    if (!donorId) return []
    const one = await db.select().from(donors).where(eq(donors.id, donorId))
    if (!one.length) throw new AppError('not_found', 'devices.err.notFound')
    return one
  }
  throw new AppError('not_found', 'devices.err.notFound')
}

/** For programme staff: every donor with its device count (to open one donor's impact page). */
export async function donorDirectory(db: Db, actor: Actor) {
  authorize(actor, 'devices:donations')
  return db
    .select({
      donor: donors,
      orgName: organisations.nameKo,
      devices: sql<number>`(select count(*)::int from ${devices} where ${devices.donorId} = ${donors.id})`,
    })
    .from(donors)
    .leftJoin(organisations, eq(organisations.id, donors.orgId))
    .orderBy(desc(donors.createdAt))
    .limit(500)
}

/** Company organisations a donor can be linked to (for programme staff). */
export const companyOrgs = (db: Db) =>
  db
    .select({ id: organisations.id, nameKo: organisations.nameKo, nameEn: organisations.nameEn })
    .from(organisations)
    .where(eq(organisations.kind, 'company'))
    .orderBy(asc(organisations.nameKo))

/** Links a company donor to its organisation, so that organisation's donor accounts see its impact. */
export async function linkDonorOrg(db: Db, actor: Actor, donorId: string, orgId: string | null, now: Date) {
  authorize(actor, 'devices:donations')
  return db.transaction(async (tx) => {
    const [d] = await tx.select().from(donors).where(eq(donors.id, donorId)).for('update')
    if (!d) throw new AppError('not_found', 'devices.err.notFound')
    if (orgId) {
      const [o] = await tx.select().from(organisations).where(eq(organisations.id, orgId))
      if (!o) throw new AppError('validation', 'devices.err.org', { orgId: 'devices.err.org' })
    }
    await tx.update(donors).set({ orgId }).where(eq(donors.id, donorId))
    await audit(tx, actor, {
      entity: 'device_donor',
      entityId: donorId,
      action: 'donor.org',
      before: { orgId: d.orgId },
      after: { orgId },
      at: now,
    })
  })
}

// ── impact: each device's journey, without recipient data ──────────────────────────────────────

export interface Journey {
  deviceId: string
  assetTag: string
  type: string
  status: string
  grade: string | null
  receivedAt: Date | null
  wipedAt: Date | null
  /** The passed wipe record exists: the certificate can be downloaded. */
  certificate: boolean
  refurbishedAt: Date | null
  deliveredAt: Date | null
  /** Only the district a delivered device went to — never who received it. */
  district: { code: string; nameKo: string; nameEn: string } | null
}

export interface ImpactTotals {
  donated: number
  received: number
  wiped: number
  refurbished: number
  delivered: number
  districts: number
  recycled: number
  inKindKrw: number
  moneyKrw: number
}

const DELIVERED_STATES = new Set(['delivered', 'in_repair', 'retired'])

/** Each device of these donors with its journey dates and, once delivered, only the district. */
export async function journeys(db: Db, donorIds: string[]): Promise<Journey[]> {
  if (!donorIds.length) return []
  const devs = await db
    .select()
    .from(devices)
    .where(inArray(devices.donorId, donorIds))
    .orderBy(asc(devices.assetTag))
  if (!devs.length) return []
  const ids = devs.map((d) => d.id)
  const [events, wipes, refurbs, delivered] = await Promise.all([
    db
      .select({ deviceId: deviceEvents.deviceId, toStatus: deviceEvents.toStatus, at: deviceEvents.at })
      .from(deviceEvents)
      .where(and(inArray(deviceEvents.deviceId, ids), inArray(deviceEvents.toStatus, ['received', 'graded'])))
      .orderBy(asc(deviceEvents.id)),
    db
      .select({ deviceId: wipeCertificates.deviceId, at: wipeCertificates.at })
      .from(wipeCertificates)
      .where(and(inArray(wipeCertificates.deviceId, ids), eq(wipeCertificates.passed, true))),
    db
      .select({ deviceId: refurbishments.deviceId, at: refurbishments.at })
      .from(refurbishments)
      .where(inArray(refurbishments.deviceId, ids)),
    db
      .select({
        deviceId: allocations.deviceId,
        at: allocations.deliveredAt,
        code: districts.code,
        nameKo: districts.nameKo,
        nameEn: districts.nameEn,
      })
      .from(allocations)
      .innerJoin(applications, eq(applications.id, allocations.applicationId))
      .leftJoin(districts, eq(districts.code, applications.districtCode))
      .where(and(inArray(allocations.deviceId, ids), eq(allocations.status, 'delivered'))),
  ])
  const first = <T extends { deviceId: string; at: Date | null }>(rows: T[]) => {
    const m = new Map<string, T>()
    for (const r of rows) if (!m.has(r.deviceId)) m.set(r.deviceId, r)
    return m
  }
  const received = first(events.filter((e) => e.toStatus === 'received'))
  const graded = first(events.filter((e) => e.toStatus === 'graded'))
  const wiped = first(wipes)
  const refurbished = first(refurbs)
  const given = first(delivered)
  return devs.map((d) => {
    const g = given.get(d.id)
    const showDistrict = g && DELIVERED_STATES.has(d.status) && g.code
    return {
      deviceId: d.id,
      assetTag: d.assetTag,
      type: d.type,
      status: d.status,
      grade: d.grade,
      receivedAt: received.get(d.id)?.at ?? null,
      wipedAt: wiped.get(d.id)?.at ?? null,
      certificate: wiped.has(d.id),
      refurbishedAt: refurbished.get(d.id)?.at ?? graded.get(d.id)?.at ?? null,
      deliveredAt: g?.at ?? null,
      district: showDistrict ? { code: g.code!, nameKo: g.nameKo!, nameEn: g.nameEn! } : null,
    }
  })
}

/** A donor's (or an organisation's) impact: journeys, totals and the pledges (donations) they made. */
export async function impact(db: Db, actor: Actor, donorId?: string) {
  const ds = await visibleDonors(db, actor, donorId)
  const ids = ds.map((d) => d.id)
  const [js, rs, money, ps] = await Promise.all([
    journeys(db, ids),
    ids.length
      ? db
          .select()
          .from(receipts)
          .where(and(inArray(receipts.donorId, ids), eq(receipts.status, 'issued')))
          .orderBy(desc(receipts.issuedAt))
      : Promise.resolve([]),
    ids.length
      ? db.select().from(moneyDonations).where(inArray(moneyDonations.donorId, ids))
      : Promise.resolve([]),
    ids.length
      ? db.select().from(pledges).where(inArray(pledges.donorId, ids)).orderBy(desc(pledges.createdAt))
      : Promise.resolve([]),
  ])
  const totals: ImpactTotals = {
    donated: ps.filter((p) => p.status !== 'cancelled').reduce((s, p) => s + p.count, 0),
    received: js.length,
    wiped: js.filter((j) => j.certificate).length,
    refurbished: js.filter((j) => j.refurbishedAt).length,
    delivered: js.filter((j) => j.district).length,
    districts: new Set(js.map((j) => j.district?.code).filter(Boolean)).size,
    recycled: js.filter((j) => j.status === 'recycled').length,
    inKindKrw: rs.filter((r) => r.kind === 'in_kind').reduce((s, r) => s + r.amountKrw, 0),
    moneyKrw: money.reduce((s, m) => s + m.valueKrw, 0),
  }
  // the donated count is at least what arrived (devices can come in without a pledge)
  totals.donated = Math.max(totals.donated, totals.received)
  return { donors: ds, journeys: js, totals, receipts: rs, pledges: ps, money }
}

// ── wipe certificates: which devices an actor may get one for ──────────────────────────────────

export interface CertificateDevice {
  assetTag: string
  type: string
  model: string | null
  serial: string | null
  donorName: string | null
  wipes: (typeof wipeCertificates.$inferSelect)[]
}

/**
 * The devices of a certificate (one device, one pledge = one donation, or all of a donor's devices)
 * with their wipe records. Staff who read stock may get any; a donor only their own (404 otherwise).
 */
export async function certificateDevices(
  db: Db,
  actor: Actor,
  of: { deviceId: string } | { pledgeId: string } | { donorId: string },
): Promise<CertificateDevice[]> {
  const cond =
    'deviceId' in of
      ? eq(devices.id, of.deviceId)
      : 'pledgeId' in of
        ? eq(devices.pledgeId, of.pledgeId)
        : eq(devices.donorId, of.donorId)
  const rows = await db
    .select({ device: devices, donor: donors })
    .from(devices)
    .leftJoin(donors, eq(donors.id, devices.donorId))
    .where(cond)
    .orderBy(asc(devices.assetTag))
  const staffAll = actor.kind === 'staff' && scopeFor(actor.role, 'devices:read') !== null
  if (!staffAll) {
    const mine = new Set((await visibleDonors(db, actor).catch(() => [])).map((d) => d.id))
    if (!rows.length || rows.some((r) => !r.donor || !mine.has(r.donor.id)))
      throw new AppError('not_found', 'devices.err.notFound')
  }
  if (!rows.length) throw new AppError('not_found', 'devices.err.notFound')
  const ws = await db
    .select()
    .from(wipeCertificates)
    .where(
      inArray(
        wipeCertificates.deviceId,
        rows.map((r) => r.device.id),
      ),
    )
    .orderBy(asc(wipeCertificates.at))
  return rows.map((r) => ({
    assetTag: r.device.assetTag,
    type: r.device.type,
    model: r.device.model,
    serial: r.device.serial,
    donorName: r.donor?.name ?? null,
    wipes: ws.filter((w) => w.deviceId === r.device.id),
  }))
}

// ── money and reward-point donations ───────────────────────────────────────────────────────────

const digits = (s: string | null | undefined) => (s ?? '').replace(/\D/g, '')

/** Finds the donor of a money donation (a company by business number, a person by name + contact) or adds one. */
export async function findOrAddDonor(
  tx: Db,
  d: {
    donorKind: 'individual' | 'company'
    name: string
    businessNo?: string | null
    contact?: string | null
  },
  now: Date,
): Promise<DonorRow> {
  if (d.donorKind === 'company' && d.businessNo) {
    const same = (await tx.select().from(donors).where(eq(donors.kind, 'company'))).find(
      (x) => digits(x.businessNo) === digits(d.businessNo),
    )
    if (same) return same
  } else if (d.donorKind === 'individual' && d.contact) {
    const [same] = await tx
      .select()
      .from(donors)
      .where(and(eq(donors.kind, 'individual'), eq(donors.name, d.name), eq(donors.contact, d.contact)))
    if (same) return same
  }
  const [row] = await tx
    .insert(donors)
    .values({
      kind: d.donorKind,
      name: d.name,
      businessNo: d.donorKind === 'company' ? (d.businessNo ?? null) : null,
      contact: d.contact ?? null,
      createdAt: now,
    })
    .returning()
  return row!
}

/** Reward points are worth 1 won each on the receipt. */
export const POINT_VALUE_KRW = 1

/**
 * Records one money or reward-point donation in the caller's transaction; with `wantsReceipt`, issues its
 * donation receipt (next gap-free number) in the same transaction. The same reference twice is refused.
 */
export async function addMoneyDonation(
  tx: Db,
  actor: Actor & { kind: 'staff' },
  input: MoneyDonationInput,
  channel: 'form' | 'csv',
  now: Date,
) {
  const donor = await findOrAddDonor(tx, input, now)
  const valueKrw = input.kind === 'points' ? input.amount * POINT_VALUE_KRW : input.amount
  const [row] = await tx
    .insert(moneyDonations)
    .values({
      donorId: donor.id,
      kind: input.kind,
      amount: input.amount,
      valueKrw,
      receivedOn: input.receivedOn,
      reference: input.reference,
      channel,
      createdBy: actor.id,
      createdAt: now,
    })
    .onConflictDoNothing()
    .returning()
  if (!row)
    throw new AppError('conflict', 'devices.err.duplicateReference', {
      reference: 'devices.err.duplicateReference',
    })
  let receiptId: string | null = null
  if (input.wantsReceipt) {
    const r = await issueReceipt(
      tx,
      actor,
      { issuer: input.issuer, donorId: donor.id, kind: 'money', amountKrw: valueKrw },
      now,
    )
    receiptId = r.id
    await tx.update(moneyDonations).set({ receiptId }).where(eq(moneyDonations.id, row.id))
  }
  await audit(tx, actor, {
    entity: 'device_money_donation',
    entityId: row.id,
    action: 'create',
    after: { kind: input.kind, amount: input.amount, channel, receipt: !!receiptId },
    at: now,
  })
  return { donation: { ...row, receiptId }, donor }
}

/** Staff record one money or reward-point donation (form or API). */
export async function recordMoneyDonation(db: Db, actor: Actor, input: MoneyDonationInput, now: Date) {
  authorize(actor, 'devices:donations')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction((tx) => addMoneyDonation(tx, actor, input, 'form', now))
}

/** The latest money and point donations with donor names and receipt numbers. */
export async function listMoneyDonations(db: Db, actor: Actor) {
  authorize(actor, 'devices:donations')
  return db
    .select({
      donation: moneyDonations,
      donorName: donors.name,
      receipt: receipts,
      by: staffUsers.displayName,
    })
    .from(moneyDonations)
    .innerJoin(donors, eq(donors.id, moneyDonations.donorId))
    .leftJoin(receipts, eq(receipts.id, moneyDonations.receiptId))
    .leftJoin(staffUsers, eq(staffUsers.id, moneyDonations.createdBy))
    .orderBy(desc(moneyDonations.createdAt))
    .limit(300)
}
