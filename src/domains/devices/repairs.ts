import { and, asc, desc, eq, inArray, isNull, lt, sql } from 'drizzle-orm'
import { z } from 'zod'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { enqueueEmail, enqueueSms } from '../../platform/jobs/queue.ts'
import type { JobHandler } from '../../platform/jobs/worker.ts'
import { publicUrl } from '../../platform/public-url.ts'
import { noRrn } from '../../platform/validation.ts'
import { addBusinessTime } from '../helpdesk/sla.ts'
import { staffUsers } from '../identity/tables.ts'
import { presentPerson } from '../people/present.ts'
import { findPerson } from '../people/repo.ts'
import { requestSurvey } from '../voice/service.ts'
import { certifiedItSupporters, itSupporterOfStaff } from '../volunteering/it-supporters.ts'
import * as repo from './repo.ts'
import { moveDevice } from './service.ts'
import {
  allocations,
  applications,
  devices,
  REPAIR_SKILLS,
  type RepairSkill,
  repairCentres,
  repairers,
  repairTickets,
  repairTypeSlas,
} from './tables.ts'

/**
 * After-service for delivered devices: a ticket opened by the recipient (verified, on the web) or by
 * staff on a phone call; triage by the skill it needs; a suggested technician or volunteer by skill,
 * district and load (a manager may assign someone else); a visit; parts used; resolution. Repairs are
 * covered only within the warranty; the SLA counts business days (Korean public holidays excluded, the
 * help desk's calendar) and an hourly job escalates late tickets once.
 */

/** Resolution target: this many business days from opening, unless the repair centre sets its own. */
export const REPAIR_SLA_DAYS = 3
const BUSINESS_DAY_MS = 9 * 3_600_000 // 09:00–18:00 (helpdesk/sla.ts)
export const repairDue = (openedAt: Date, days = REPAIR_SLA_DAYS) =>
  addBusinessTime(openedAt, days * BUSINESS_DAY_MS)
/**
 * The SLA length (business days) of a ticket: the manager's length for its repair type (triage skill)
 * when set, else the length of the centre holding the device, else the default.
 */
export async function slaDaysOf(tx: Db, centre: string | null, skill: RepairSkill | null = null) {
  if (skill) {
    const [byType] = await tx.select().from(repairTypeSlas).where(eq(repairTypeSlas.skill, skill))
    if (byType) return byType.slaDays
  }
  if (!centre) return REPAIR_SLA_DAYS
  const [c] = await tx.select().from(repairCentres).where(eq(repairCentres.centre, centre))
  return c?.slaDays ?? REPAIR_SLA_DAYS
}
export const ESCALATE_JOB = 'devices.repairEscalate'
export const repairRef = (id: string) => `RT-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`
/** Fallback warranty for devices handed over before the warranty date was stored. */
const WARRANTY_DAYS = 365

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const Text = (max: number, required: string) =>
  noRrn(z.preprocess(trimmed, z.string().min(1, required).max(max, 'devices.err.tooLong')))

export const CitizenRepairInput = z.object({ problem: Text(500, 'devices.err.problem') })
export const TriageInput = z.object({ skill: z.enum(REPAIR_SKILLS, 'devices.repair.err.skill') })
export const AssignInput = z.object({ repairerId: z.uuid('devices.repair.err.repairer') })
export const VisitInput = z
  .object({
    date: z.preprocess(trimmed, z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'devices.err.date')),
    time: z.preprocess(trimmed, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'devices.slot.err.time')),
  })
  .transform((v) => ({ visitAt: new Date(`${v.date}T${v.time}:00+09:00`) }))
const Cost = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/[,\s원₩]/g, '')) : empty(v)),
  z
    .number('devices.err.amount')
    .int('devices.err.amount')
    .min(0, 'devices.err.amount')
    .max(10_000_000, 'devices.err.amount')
    .optional(),
)
export const Part = z.object({ part: Text(100, 'devices.repair.err.part'), costKrw: Cost.default(0) })
export const ResolveRepairInput = z.object({
  resolution: Text(500, 'devices.err.resolution'),
  parts: z.array(Part).max(10).default([]),
  /** Time spent (minutes); counted as a volunteer repairer's hours. */
  minutesSpent: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : empty(v)),
    z
      .number('devices.repair.err.minutes')
      .int('devices.repair.err.minutes')
      .min(1, 'devices.repair.err.minutes')
      .max(720, 'devices.repair.err.minutes')
      .optional(),
  ),
})
export type ResolveRepairInput = z.infer<typeof ResolveRepairInput>
export const RepairerActiveInput = z.object({ active: z.boolean('devices.repairer.err.active') })
export const RepairCentreInput = z.object({
  centre: Text(100, 'devices.slot.err.centre'),
  managerId: z.preprocess(empty, z.uuid('devices.repairCentre.err.manager').optional()),
  slaDays: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : empty(v)),
    z
      .number('devices.repairCentre.err.sla')
      .int('devices.repairCentre.err.sla')
      .min(1, 'devices.repairCentre.err.sla')
      .max(30, 'devices.repairCentre.err.sla'),
  ),
})
export type RepairCentreInput = z.infer<typeof RepairCentreInput>
/** A repair type's SLA length in business days: a whole number from 1 to 30. */
const typeSlaDays = z
  .number('devices.repairCentre.err.sla')
  .int('devices.repairCentre.err.sla')
  .min(1, 'devices.repairCentre.err.sla')
  .max(30, 'devices.repairCentre.err.sla')
/** A repair type's SLA length (the page's form); blank removes the override (the centre's length applies again). */
export const RepairTypeSlaInput = z
  .object({
    skill: z.enum(REPAIR_SKILLS, 'devices.repair.err.skill'),
    // typeSlaDays: the page also holds the centre form's slaDays field
    typeSlaDays: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : empty(v)),
      typeSlaDays.nullable().default(null),
    ),
  })
  .transform(({ skill, typeSlaDays }) => ({ skill, slaDays: typeSlaDays }))
export type RepairTypeSlaInput = z.infer<typeof RepairTypeSlaInput>
/**
 * The API's body for one repair type (the type is in the path): the same rule as the page, but the
 * length must be given — `null` removes the override on purpose, a missing field is an error.
 */
export const RepairTypeSlaBody = z.object({
  slaDays: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    typeSlaDays.nullable(),
  ),
})
export type RepairTypeSlaBody = z.infer<typeof RepairTypeSlaBody>
/** A repair type named in a path: one of REPAIR_SKILLS, else 404. */
export function repairTypeOf(skill: string): RepairSkill {
  const r = z.enum(REPAIR_SKILLS).safeParse(skill)
  if (!r.success) throw new AppError('not_found', 'devices.repairType.err.notFound')
  return r.data
}
export const RepairerInput = z.object({
  kind: z.enum(['technician', 'volunteer'], 'devices.repairer.err.kind'),
  name: Text(50, 'devices.err.nameRequired'),
  /** A certified IT-supporter volunteer's staff account (volunteering): their repairs count as hours. */
  staffId: z.preprocess(empty, z.uuid('devices.repairer.err.supporter').optional()),
  skills: z.array(z.enum(REPAIR_SKILLS)).min(1, 'devices.repair.err.skill'),
  districts: z.array(z.string().regex(/^\d{5}$/, 'devices.err.district')).min(1, 'devices.err.district'),
})
/** The three part rows of the resolve form (partName1, partCost1 …) as parts. */
export const partsFromForm = (values: Record<string, unknown>) => {
  const parts: { part: unknown; costKrw: unknown }[] = []
  for (const i of [1, 2, 3]) {
    const part = values[`partName${i}`]
    if (typeof part === 'string' && part.trim()) parts.push({ part, costKrw: values[`partCost${i}`] })
  }
  return parts
}

type Staff = Extract<Actor, { kind: 'staff' }>
export type TicketRow = typeof repairTickets.$inferSelect
export type RepairerRow = typeof repairers.$inferSelect

// ── suggestion ────────────────────────────────────────────────────────────────────────────────

export interface Suggestion {
  repairer: RepairerRow
  open: number
  skill: boolean
  district: boolean
}

/**
 * Ranks active repairers for a ticket: the skill first, then the district, then the fewest open tickets,
 * then technicians before volunteers, then name (stable). Only repairers with the skill are suggested.
 */
export async function suggestRepairers(tx: Db, skill: RepairSkill | null, districtCode: string | null) {
  const rows = await tx
    .select()
    .from(repairers)
    .where(eq(repairers.active, true))
    .orderBy(asc(repairers.name))
  const load = await tx
    .select({ id: repairTickets.assigneeId, n: sql<number>`count(*)::int` })
    .from(repairTickets)
    .where(eq(repairTickets.status, 'open'))
    .groupBy(repairTickets.assigneeId)
  const openOf = (id: string) => load.find((l) => l.id === id)?.n ?? 0
  return rows
    .map<Suggestion>((r) => ({
      repairer: r,
      open: openOf(r.id),
      skill: !skill || (r.skills as string[]).includes(skill),
      district: !!districtCode && (r.districts as string[]).includes(districtCode),
    }))
    .filter((s) => s.skill)
    .sort(
      (a, b) =>
        Number(b.district) - Number(a.district) ||
        a.open - b.open ||
        Number(a.repairer.kind === 'volunteer') - Number(b.repairer.kind === 'volunteer') ||
        a.repairer.name.localeCompare(b.repairer.name),
    )
}

// ── opening ───────────────────────────────────────────────────────────────────────────────────

async function open(
  tx: Db,
  actor: Staff | 'system',
  deviceId: string,
  v: {
    problem: string
    channel: 'web' | 'phone' | 'walk_in' | 'field'
    skill: RepairSkill | null
    openedBy: string | null
    openedByPerson: string | null
  },
  now: Date,
) {
  const device = (await repo.lockDevice(tx, deviceId))!
  if (device.status === 'in_repair') throw new AppError('conflict', 'devices.repair.err.alreadyOpen')
  if (device.status !== 'delivered') throw new AppError('conflict', 'devices.err.notDelivered')
  const alloc = await repo.activeAllocationOfDevice(tx, device.id)
  const until =
    alloc?.warrantyUntil ??
    new Date((alloc?.deliveredAt ?? device.updatedAt).getTime() + WARRANTY_DAYS * 86_400_000)
  if (now.getTime() > until.getTime())
    throw new AppError('conflict', 'devices.err.warranty', {}, { until: until.toISOString().slice(0, 10) })
  const app = alloc ? await repo.getApplication(tx, alloc.applicationId) : null
  const districtCode = app?.districtCode ?? null
  const [best] = v.skill ? await suggestRepairers(tx, v.skill, districtCode) : []
  const t = await repo.insertTicket(tx, {
    deviceId: device.id,
    channel: v.channel,
    problem: v.problem,
    openedBy: v.openedBy,
    openedByPerson: v.openedByPerson,
    openedAt: now,
    skill: v.skill,
    districtCode,
    suggestedId: best?.repairer.id ?? null,
    assigneeId: best?.repairer.id ?? null,
    assignedAt: best ? now : null,
    dueAt: repairDue(now, await slaDaysOf(tx, device.centre, v.skill)),
  })
  await moveDevice(tx, actor, device, 'in_repair', now, v.problem)
  return t
}

/** Staff open a ticket (phone call, walk-in, field) for a delivered device within its warranty. */
export async function openRepair(
  db: Db,
  actor: Actor,
  input: {
    assetTag: string
    problem: string
    channel: 'web' | 'phone' | 'walk_in' | 'field'
    skill?: RepairSkill | undefined
  },
  now: Date,
) {
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  authorize(actor, 'devices:repair')
  return db.transaction(async (tx) => {
    const found = await repo.deviceByTag(tx, input.assetTag.trim().toUpperCase())
    if (!found) throw new AppError('validation', 'devices.err.assetTag', { assetTag: 'devices.err.assetTag' })
    const t = await open(
      tx,
      actor,
      found.id,
      {
        problem: input.problem,
        channel: input.channel,
        skill: input.skill ?? null,
        openedBy: actor.id,
        openedByPerson: null,
      },
      now,
    )
    await audit(tx, actor, { entity: 'device_repair_ticket', entityId: t.id, action: 'create', at: now })
    return t
  })
}

/** The recipient opens a ticket for their own device (verified citizen, on the web); 404 for anything else. */
export async function openRepairAsCitizen(db: Db, actor: Actor, tag: string, problem: string, now: Date) {
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    const [own] = await repo.devicesDeliveredTo(tx, actor.personId, tag.trim().toUpperCase())
    if (!own) throw new AppError('not_found', 'devices.err.notFound')
    const t = await open(
      tx,
      'system',
      own.id,
      { problem, channel: 'web', skill: null, openedBy: null, openedByPerson: actor.personId },
      now,
    )
    await audit(tx, actor, { entity: 'device_repair_ticket', entityId: t.id, action: 'create', at: now })
    return t
  })
}

// ── triage, assignment, visit ───────────────────────────────────────────────────────────────────

async function lockOpen(tx: Db, id: string) {
  const t = await repo.lockTicket(tx, id)
  if (!t) throw new AppError('not_found', 'devices.err.notFound')
  if (t.status !== 'open') throw new AppError('conflict', 'devices.err.ticketClosed')
  return t
}

/** Triage: the skill the repair needs; the suggestion follows (and is assigned if nobody is yet). */
export async function triageRepair(db: Db, actor: Actor, id: string, skill: RepairSkill, now: Date) {
  authorize(actor, 'devices:repair')
  return db.transaction(async (tx) => {
    const t = await lockOpen(tx, id)
    const [best] = await suggestRepairers(tx, skill, t.districtCode)
    const set: Partial<TicketRow> = { skill, suggestedId: best?.repairer.id ?? null }
    if (!t.assigneeId && best) Object.assign(set, { assigneeId: best.repairer.id, assignedAt: now })
    // the SLA clock follows the repair type: due again from the opening, with that type's length
    if (skill !== t.skill) {
      const [d] = await tx.select({ centre: devices.centre }).from(devices).where(eq(devices.id, t.deviceId))
      set.dueAt = repairDue(t.openedAt, await slaDaysOf(tx, d?.centre ?? null, skill))
      // an escalation for the old due time no longer holds when the new one is still ahead
      if (t.escalatedAt && set.dueAt.getTime() > now.getTime()) set.escalatedAt = null
    }
    await repo.updateTicket(tx, id, set)
    await audit(tx, actor, {
      entity: 'device_repair_ticket',
      entityId: id,
      action: 'triage',
      before: { skill: t.skill, dueAt: t.dueAt },
      after: { skill, suggestedId: set.suggestedId, dueAt: set.dueAt ?? t.dueAt },
      at: now,
    })
  })
}

/** A manager assigns (or overrides the suggestion with) any active repairer; audited with the suggestion. */
export async function assignRepair(db: Db, actor: Actor, id: string, repairerId: string, now: Date) {
  authorize(actor, 'devices:repair_assign')
  return db.transaction(async (tx) => {
    const t = await lockOpen(tx, id)
    const [r] = await tx.select().from(repairers).where(eq(repairers.id, repairerId))
    if (!r?.active)
      throw new AppError('validation', 'devices.repair.err.repairer', {
        repairerId: 'devices.repair.err.repairer',
      })
    await repo.updateTicket(tx, id, {
      assigneeId: r.id,
      assignedBy: actor.kind === 'staff' ? actor.id : null,
      assignedAt: now,
    })
    await audit(tx, actor, {
      entity: 'device_repair_ticket',
      entityId: id,
      action: r.id === t.suggestedId ? 'assign' : 'assign.override',
      before: { assigneeId: t.assigneeId, suggestedId: t.suggestedId },
      after: { assigneeId: r.id },
      at: now,
    })
  })
}

/** Schedules (or moves) the visit. */
export async function scheduleVisit(db: Db, actor: Actor, id: string, visitAt: Date, now: Date) {
  authorize(actor, 'devices:repair')
  if (Number.isNaN(visitAt.getTime()) || visitAt.getTime() <= now.getTime())
    throw new AppError('validation', 'devices.slot.err.past', { date: 'devices.slot.err.past' })
  return db.transaction(async (tx) => {
    const t = await lockOpen(tx, id)
    await repo.updateTicket(tx, id, { visitAt })
    const texted = await textRecipient(
      tx,
      t,
      'devices.sms.visit',
      (locale) => ({ when: formatDateTime(locale, visitAt) }),
      `repair-visit:${id}:${visitAt.toISOString()}`,
    )
    await audit(tx, actor, {
      entity: 'device_repair_ticket',
      entityId: id,
      action: 'visit',
      before: { visitAt: t.visitAt },
      after: { visitAt, texted },
      at: now,
    })
    return { texted }
  })
}

/** The person a ticket is for: who reported it on the web, else the recipient of the device's allocation. */
async function recipientOf(tx: Db, t: TicketRow) {
  if (t.openedByPerson) return t.openedByPerson
  const alloc = await repo.activeAllocationOfDevice(tx, t.deviceId)
  const app = alloc ? await repo.getApplication(tx, alloc.applicationId) : null
  return app?.personId ?? null
}

/**
 * Texts the ticket's recipient (their own phone, in their language) through the outbox, with the
 * ticket's reference. False when there is nobody to text (an organisation's device, no phone).
 */
async function textRecipient(
  tx: Db,
  t: TicketRow,
  key: string,
  params: (locale: Locale) => Record<string, string>,
  dedupeKey: string,
) {
  const personId = await recipientOf(tx, t)
  const p = personId ? await findPerson(tx, personId) : null
  if (p?.status !== 'active') return false
  const view = presentPerson(p)
  if (!view.phone) return false
  const locale: Locale = view.preferredLanguage === 'en' ? 'en' : 'ko'
  const ref = repairRef(t.id)
  const body = translate(locale, key, { ...params(locale), ref })
  await enqueueSms(tx, { to: view.phone, body, reference: ref }, { dedupeKey })
  return true
}

// ── resolution ────────────────────────────────────────────────────────────────────────────────

/**
 * Resolves a ticket with what was done and the parts used (and their cost); the device goes back to
 * its owner (delivered), and the satisfaction survey (voice) is asked for in the same transaction.
 */
export async function resolveRepair(
  db: Db,
  actor: Actor,
  ticketId: string,
  resolution: string,
  now: Date,
  parts: { part: string; costKrw: number }[] = [],
  minutesSpent?: number,
) {
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  authorize(actor, 'devices:repair')
  return db.transaction(async (tx) => {
    const t = await lockOpen(tx, ticketId)
    await repo.updateTicket(tx, t.id, {
      status: 'resolved',
      resolution,
      parts,
      partsCostKrw: parts.reduce((s, p) => s + p.costKrw, 0),
      minutesSpent: minutesSpent ?? null,
      resolvedBy: actor.id,
      resolvedAt: now,
    })
    const device = (await repo.lockDevice(tx, t.deviceId))!
    if (device.status === 'in_repair') await moveDevice(tx, actor, device, 'delivered', now, resolution)
    const alloc = await repo.activeAllocationOfDevice(tx, device.id)
    const app = alloc ? await repo.getApplication(tx, alloc.applicationId) : null
    const personId = t.openedByPerson ?? app?.personId ?? null
    await requestSurvey(
      tx,
      { service: 'repair', reference: repairRef(t.id), ...(personId ? { personId } : {}) },
      now,
    )
    await audit(tx, actor, { entity: 'device_repair_ticket', entityId: t.id, action: 'resolve', at: now })
    return { ...t, status: 'resolved' as const }
  })
}

// ── SLA escalation ──────────────────────────────────────────────────────────────────────────────

/**
 * Who is told about a late ticket: the manager of the repair centre holding the device, else (no centre,
 * no setting, or a manager without email or disabled) every active programme manager with an email.
 */
async function escalationRecipients(tx: Db, centre: string | null) {
  if (centre) {
    const [m] = await tx
      .select({ email: staffUsers.email, disabledAt: staffUsers.disabledAt })
      .from(repairCentres)
      .innerJoin(staffUsers, eq(staffUsers.id, repairCentres.managerId))
      .where(eq(repairCentres.centre, centre))
    if (m?.email && !m.disabledAt) return [m.email]
  }
  const pms = await tx
    .select({ email: staffUsers.email })
    .from(staffUsers)
    .where(and(eq(staffUsers.role, 'programme_manager'), isNull(staffUsers.disabledAt)))
  return pms.flatMap((p) => (p.email ? [p.email] : []))
}

/**
 * Marks open tickets past their due time as escalated, once each, and emails (outbox, in the same
 * transaction) the repair centre's manager with the ticket's reference and link; returns how many.
 */
export async function escalateRepairs(db: Db, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const late = await tx
      .update(repairTickets)
      .set({ escalatedAt: now })
      .where(
        and(
          eq(repairTickets.status, 'open'),
          isNull(repairTickets.escalatedAt),
          lt(repairTickets.dueAt, now),
        ),
      )
      .returning({ id: repairTickets.id, deviceId: repairTickets.deviceId, dueAt: repairTickets.dueAt })
    const devs = late.length
      ? await tx
          .select({ id: devices.id, assetTag: devices.assetTag, centre: devices.centre })
          .from(devices)
          .where(
            inArray(
              devices.id,
              late.map((t) => t.deviceId),
            ),
          )
      : []
    for (const t of late) {
      const d = devs.find((x) => x.id === t.deviceId)
      const ref = repairRef(t.id)
      const params = {
        ref,
        tag: d?.assetTag ?? '',
        due: t.dueAt ? formatDateTime('ko', t.dueAt) : '',
        link: `${publicUrl()}/staff/devices/repairs/${t.id}`,
      }
      const to = await escalationRecipients(tx, d?.centre ?? null)
      for (const email of to)
        await enqueueEmail(
          tx,
          {
            to: email,
            subject: translate('ko', 'devices.mail.escalated.subject', params),
            body: `${translate('ko', 'devices.mail.escalated.body', params)}\n\n${translate('en', 'devices.mail.escalated.body', params)}`,
            reference: ref,
          },
          { dedupeKey: `repair-escalate:${t.id}:${email}` },
        )
      await audit(tx, 'system', {
        entity: 'device_repair_ticket',
        entityId: t.id,
        action: 'escalate',
        after: { notified: to.length },
        at: now,
      })
    }
    return late.length
  })
}

export const escalateJob: JobHandler = async ({ db, now, log }) => {
  const n = await escalateRepairs(db, now)
  if (n) log.info({ n }, 'device repairs escalated')
}

// ── reading ───────────────────────────────────────────────────────────────────────────────────

/** Open tickets (escalated first, then by due time) with the device tag and the assignee's name. */
export function openRepairTickets(db: Db, actor: Actor) {
  authorize(actor, 'devices:repair')
  return db
    .select({ ticket: repairTickets, assetTag: devices.assetTag, assignee: repairers.name })
    .from(repairTickets)
    .innerJoin(devices, eq(devices.id, repairTickets.deviceId))
    .leftJoin(repairers, eq(repairers.id, repairTickets.assigneeId))
    .where(eq(repairTickets.status, 'open'))
    .orderBy(sql`${repairTickets.escalatedAt} is null`, asc(repairTickets.dueAt))
}

/** One ticket for the staff page: the device, warranty end, suggestions and the device's whole repair history. */
export async function repairDetail(db: Db, actor: Actor, id: string) {
  authorize(actor, 'devices:repair')
  const [row] = await db
    .select({ ticket: repairTickets, device: devices })
    .from(repairTickets)
    .innerJoin(devices, eq(devices.id, repairTickets.deviceId))
    .where(eq(repairTickets.id, id))
  if (!row) throw new AppError('not_found', 'devices.err.notFound')
  const [alloc] = await db
    .select({ warrantyUntil: allocations.warrantyUntil, deliveredAt: allocations.deliveredAt })
    .from(allocations)
    .where(and(eq(allocations.deviceId, row.device.id), eq(allocations.status, 'delivered')))
  const [suggestions, history, people] = await Promise.all([
    suggestRepairers(db, row.ticket.skill, row.ticket.districtCode),
    repairHistory(db, row.device.id),
    db.select().from(repairers).where(eq(repairers.active, true)).orderBy(asc(repairers.name)),
  ])
  return { ...row, warrantyUntil: alloc?.warrantyUntil ?? null, suggestions, history, repairers: people }
}

/** A device's repair history, newest first, with who was assigned. */
export const repairHistory = (db: Db, deviceId: string) =>
  db
    .select({ ticket: repairTickets, assignee: repairers.name })
    .from(repairTickets)
    .leftJoin(repairers, eq(repairers.id, repairTickets.assigneeId))
    .where(eq(repairTickets.deviceId, deviceId))
    .orderBy(desc(repairTickets.openedAt))

/** The citizen's own device: warranty, repair history (no staff names). 404 if not theirs. */
export async function citizenDevice(db: Db, actor: Actor, tag: string) {
  if (actor.kind !== 'citizen') throw new AppError('not_found', 'devices.err.notFound')
  const [own] = await repo.devicesDeliveredTo(db, actor.personId, tag.trim().toUpperCase())
  if (!own) throw new AppError('not_found', 'devices.err.notFound')
  const [alloc] = await db
    .select({ allocation: allocations, districtCode: applications.districtCode })
    .from(allocations)
    .innerJoin(applications, eq(applications.id, allocations.applicationId))
    .where(and(eq(allocations.deviceId, own.id), eq(allocations.status, 'delivered')))
  const tickets = await db
    .select()
    .from(repairTickets)
    .where(eq(repairTickets.deviceId, own.id))
    .orderBy(desc(repairTickets.openedAt))
  return {
    device: own,
    allocation: alloc?.allocation ?? null,
    districtCode: alloc?.districtCode ?? null,
    tickets,
  }
}

// ── repairers ─────────────────────────────────────────────────────────────────────────────────

/**
 * Registers a technician or volunteer. A volunteer may be a certified IT supporter of the volunteering
 * programme (their linked staff account): then they are a volunteer, one repairer per account, and their
 * resolved tickets count as volunteer hours.
 */
export async function createRepairer(db: Db, actor: Actor, input: z.infer<typeof RepairerInput>, now: Date) {
  authorize(actor, 'devices:repair_assign')
  return db.transaction(async (tx) => {
    if (input.staffId) {
      const supporter = await itSupporterOfStaff(tx, input.staffId)
      if (!supporter)
        throw new AppError('validation', 'devices.repairer.err.supporter', {
          staffId: 'devices.repairer.err.supporter',
        })
      const [taken] = await tx.select().from(repairers).where(eq(repairers.staffId, input.staffId))
      if (taken) throw new AppError('conflict', 'devices.repairer.err.alreadyRepairer')
    }
    const [r] = await tx
      .insert(repairers)
      .values({
        kind: input.staffId ? 'volunteer' : input.kind,
        name: input.name,
        staffId: input.staffId ?? null,
        skills: input.skills,
        districts: input.districts,
        createdAt: now,
      })
      .returning()
    await audit(tx, actor, {
      entity: 'device_repairer',
      entityId: r!.id,
      action: 'create',
      after: { kind: r!.kind, staffId: r!.staffId },
      at: now,
    })
    return r!
  })
}

/** Certified IT supporters (volunteering) with a linked account who are not repairers yet. */
export async function supportersToAdd(db: Db, actor: Actor) {
  authorize(actor, 'devices:repair_assign')
  const [all, linked] = await Promise.all([
    certifiedItSupporters(db),
    db.select({ staffId: repairers.staffId }).from(repairers),
  ])
  const taken = new Set(linked.map((r) => r.staffId))
  return all.filter((s) => !taken.has(s.staffUserId))
}

/** The skills a certified IT supporter is added with (general IT help; assistive devices need a specialist). */
export const SUPPORTER_SKILLS: RepairSkill[] = ['hardware', 'software', 'network']

/**
 * Adds a certified (or assigned) IT-supporter volunteer with a linked staff account as a volunteer
 * repairer — called by volunteering at certification (devices/volunteer-repairers.ts), inside its
 * transaction. Skills SUPPORTER_SKILLS, the volunteer's preferred district. Nothing happens when the
 * account is already a repairer, is not a certified IT supporter, or has no district (then the manager
 * adds them by hand on the repairers page, where they stay offered). Audited with the reviewer as actor.
 */
export async function addCertifiedSupporter(tx: Db, actor: Actor, staffUserId: string, now: Date) {
  const supporter = await itSupporterOfStaff(tx, staffUserId)
  if (!supporter?.districtCode) return null
  const [taken] = await tx.select().from(repairers).where(eq(repairers.staffId, staffUserId))
  if (taken) return null
  const [r] = await tx
    .insert(repairers)
    .values({
      kind: 'volunteer',
      name: supporter.displayName.slice(0, 50),
      staffId: staffUserId,
      skills: SUPPORTER_SKILLS,
      districts: [supporter.districtCode],
      createdAt: now,
    })
    .returning()
  await audit(tx, actor, {
    entity: 'device_repairer',
    entityId: r!.id,
    action: 'create',
    after: { kind: r!.kind, staffId: r!.staffId, via: 'volunteering.certified' },
    at: now,
  })
  return r!
}

/** Minutes counted for a resolved ticket whose time spent was not given. */
export const REPAIR_DEFAULT_MINUTES = 60

/**
 * Repairs finished by a volunteer's staff account between two moments: tickets assigned to the repairer
 * linked to that account and resolved in the window (the volunteering hours source `device-repair`).
 */
export async function resolvedRepairsOf(db: Db, staffId: string, since: Date, until: Date) {
  const rows = await db
    .select({
      id: repairTickets.id,
      resolvedAt: repairTickets.resolvedAt,
      minutes: repairTickets.minutesSpent,
    })
    .from(repairTickets)
    .innerJoin(repairers, eq(repairers.id, repairTickets.assigneeId))
    .where(
      and(
        eq(repairers.staffId, staffId),
        eq(repairTickets.status, 'resolved'),
        sql`${repairTickets.resolvedAt} >= ${since.toISOString()}`,
        sql`${repairTickets.resolvedAt} <= ${until.toISOString()}`,
      ),
    )
    .orderBy(asc(repairTickets.resolvedAt))
  return rows.map((r) => ({ ref: `device-repair:${repairRef(r.id)}`, at: r.resolvedAt!, minutes: r.minutes }))
}

export const listRepairers = (db: Db, actor: Actor) => {
  authorize(actor, 'devices:repair')
  return db.select().from(repairers).orderBy(asc(repairers.name))
}

/**
 * A manager deactivates (or brings back) a technician or volunteer. A deactivated repairer is never
 * suggested or assigned; their open tickets go to the next suggestion (or to nobody, for the manager to
 * assign), audited per ticket. Returns how many tickets moved.
 */
export async function setRepairerActive(db: Db, actor: Actor, id: string, active: boolean, now: Date) {
  authorize(actor, 'devices:repair_assign')
  return db.transaction(async (tx) => {
    const [r] = await tx.select().from(repairers).where(eq(repairers.id, id)).for('update')
    if (!r) throw new AppError('not_found', 'devices.err.notFound')
    if (r.active === active) return { repairer: r, moved: 0 }
    await tx.update(repairers).set({ active }).where(eq(repairers.id, id))
    await audit(tx, actor, {
      entity: 'device_repairer',
      entityId: id,
      action: active ? 'activate' : 'deactivate',
      at: now,
    })
    let moved = 0
    if (!active) {
      const open = await tx
        .select()
        .from(repairTickets)
        .where(and(eq(repairTickets.assigneeId, id), eq(repairTickets.status, 'open')))
        .for('update')
      for (const t of open) {
        const [best] = await suggestRepairers(tx, t.skill, t.districtCode)
        const next = best?.repairer.id ?? null
        await repo.updateTicket(tx, t.id, {
          assigneeId: next,
          suggestedId: next,
          assignedAt: next ? now : null,
          assignedBy: null,
        })
        await audit(tx, actor, {
          entity: 'device_repair_ticket',
          entityId: t.id,
          action: 'assign.deactivated',
          before: { assigneeId: id },
          after: { assigneeId: next },
          at: now,
        })
        moved++
      }
    }
    return { repairer: { ...r, active }, moved }
  })
}

/** Repair centres' settings: manager and SLA length. */
export const listRepairCentres = (db: Db, actor: Actor) => {
  authorize(actor, 'devices:repair')
  return db
    .select({ centre: repairCentres, manager: staffUsers.displayName })
    .from(repairCentres)
    .leftJoin(staffUsers, eq(staffUsers.id, repairCentres.managerId))
    .orderBy(asc(repairCentres.centre))
}

/** Sets a repair centre's manager and SLA length (new tickets use it; open tickets keep their due time). */
export async function setRepairCentre(db: Db, actor: Actor, input: RepairCentreInput, now: Date) {
  authorize(actor, 'devices:repair_assign')
  return db.transaction(async (tx) => {
    if (input.managerId) {
      const [m] = await tx.select().from(staffUsers).where(eq(staffUsers.id, input.managerId))
      if (!m || m.disabledAt)
        throw new AppError('validation', 'devices.repairCentre.err.manager', {
          managerId: 'devices.repairCentre.err.manager',
        })
    }
    const [before] = await tx.select().from(repairCentres).where(eq(repairCentres.centre, input.centre))
    const values = {
      centre: input.centre,
      managerId: input.managerId ?? null,
      slaDays: input.slaDays,
      updatedBy: actor.kind === 'staff' ? actor.id : null,
      updatedAt: now,
    }
    const [row] = await tx
      .insert(repairCentres)
      .values(values)
      .onConflictDoUpdate({ target: repairCentres.centre, set: values })
      .returning()
    await audit(tx, actor, {
      entity: 'device_repair_centre',
      entityId: input.centre,
      action: before ? 'update' : 'create',
      before: before ? { managerId: before.managerId, slaDays: before.slaDays } : null,
      after: { managerId: values.managerId, slaDays: values.slaDays },
      at: now,
    })
    return row!
  })
}

/** Staff who can be a repair centre's manager (active programme managers, technicians and admins). */
export const managerOptions = (db: Db) =>
  db
    .select({ id: staffUsers.id, name: staffUsers.displayName })
    .from(staffUsers)
    .where(
      and(
        isNull(staffUsers.disabledAt),
        inArray(staffUsers.role, ['admin', 'programme_manager', 'repair_technician']),
      ),
    )
    .orderBy(asc(staffUsers.displayName))
    .limit(200)

/** The repair types' SLA lengths (business days) set by the manager; types without a row use the centre's. */
export const listRepairTypeSlas = (db: Db, actor: Actor) => {
  authorize(actor, 'devices:repair')
  return db.select().from(repairTypeSlas).orderBy(asc(repairTypeSlas.skill))
}

/**
 * Sets (or, with no length, removes) a repair type's SLA length. New tickets and tickets triaged from
 * now on use it; open tickets keep their due time. Audited. Returns the type's row, or null once removed.
 */
export async function setRepairTypeSla(db: Db, actor: Actor, input: RepairTypeSlaInput, now: Date) {
  authorize(actor, 'devices:repair_assign')
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(repairTypeSlas).where(eq(repairTypeSlas.skill, input.skill))
    let row: typeof repairTypeSlas.$inferSelect | null = null
    if (input.slaDays === null) await tx.delete(repairTypeSlas).where(eq(repairTypeSlas.skill, input.skill))
    else {
      const values = {
        skill: input.skill,
        slaDays: input.slaDays,
        updatedBy: actor.kind === 'staff' ? actor.id : null,
        updatedAt: now,
      }
      const [saved] = await tx
        .insert(repairTypeSlas)
        .values(values)
        .onConflictDoUpdate({ target: repairTypeSlas.skill, set: values })
        .returning()
      row = saved ?? null
    }
    await audit(tx, actor, {
      entity: 'device_repair_type_sla',
      entityId: input.skill,
      action: input.slaDays === null ? 'delete' : before ? 'update' : 'create',
      before: before ? { slaDays: before.slaDays } : null,
      after: input.slaDays === null ? null : { slaDays: input.slaDays },
      at: now,
    })
    return row
  })
}
