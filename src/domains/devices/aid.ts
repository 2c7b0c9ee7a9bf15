import { z } from 'zod'
import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { noRrn } from '../../platform/validation.ts'
import { recordProxy } from '../people/index.ts'
import type { AidRow } from './aid-repo.ts'
import * as aidRepo from './aid-repo.ts'
import { loadSettings } from './allocation-run.ts'
import { scoreOf } from './priority.ts'
import { CRITERIA, type Criterion, claimProofs, EXCLUSION_YEARS, PROOF_OF, type Reason } from './rules.ts'
import { AID_KINDS, DOCUMENTS } from './tables.ts'

export type { AidRow } from './aid-repo.ts'
export { advanceSupply, nextSupplyStep, SUPPLY_FLOWS, SupplyInput } from './aid-supply.ts'

/**
 * Assistive devices (the national ICT assistive-device programme) and internet-fee support, and the
 * staff's document checks for any application. The catalogue price (aid-catalogue.ts, a table the
 * programme manager keeps) is copied into the application with the state's share, so what the citizen was
 * shown is what staff see, and a later price change does not change it. SQL lives in aid-repo.ts.
 */

// ── catalogue and co-payment ───────────────────────────────────────────────────────────────────

/** The state pays 80% of the catalogue price, 90% for basic-livelihood and near-poverty applicants. */
export const STATE_PCT = 80
export const STATE_PCT_LOW_INCOME = 90
/** Internet-fee support: the programme pays up to this much of the monthly fee. */
export const INTERNET_CAP_KRW = 11_000

export interface Share {
  priceKrw: number
  statePct: number | null
  stateKrw: number
  copayKrw: number
  /** The computation in words: message key and parameters (devices.aid.calc.*). */
  calc: Reason
}

/** The state's share and the applicant's co-payment of an assistive device. */
export function assistiveShare(priceKrw: number, criteria: Partial<Record<Criterion, boolean>>): Share {
  const lowIncome = !!criteria.basicLivelihood || !!criteria.nearPoverty
  const statePct = lowIncome ? STATE_PCT_LOW_INCOME : STATE_PCT
  // the state's share is rounded down to 10 won; the rest is the applicant's
  const stateKrw = Math.floor((priceKrw * statePct) / 1000) * 10
  const copayKrw = priceKrw - stateKrw
  return {
    priceKrw,
    statePct,
    stateKrw,
    copayKrw,
    calc: {
      key: lowIncome ? 'devices.aid.calc.lowIncome' : 'devices.aid.calc.standard',
      params: { price: priceKrw, statePct, state: stateKrw, copayPct: 100 - statePct, copay: copayKrw },
      met: true,
    },
  }
}

/** Internet-fee support: the programme pays the monthly fee up to INTERNET_CAP_KRW. */
export function internetShare(feeKrw: number): Share {
  const stateKrw = Math.min(feeKrw, INTERNET_CAP_KRW)
  return {
    priceKrw: feeKrw,
    statePct: null,
    stateKrw,
    copayKrw: feeKrw - stateKrw,
    calc: {
      key: 'devices.aid.calc.internet',
      params: { price: feeKrw, cap: INTERNET_CAP_KRW, state: stateKrw, copay: feeKrw - stateKrw },
      met: true,
    },
  }
}

/**
 * Who qualifies: an assistive device needs a registered disability; internet-fee support needs basic
 * livelihood, near-poverty, a registered disability or a senior living alone. Assistive devices keep the
 * 2-year rule of public device programmes.
 */
export function assessAid(
  kind: (typeof AID_KINDS)[number],
  criteria: Partial<Record<Criterion, boolean>>,
  lastPublicDeviceAt: string | null,
  now: Date,
): { eligible: boolean; reasons: Reason[] } {
  const needed: Criterion[] =
    kind === 'assistive' ? ['disabled'] : ['basicLivelihood', 'nearPoverty', 'disabled', 'seniorAlone']
  const reasons: Reason[] = CRITERIA.filter((c) => criteria[c]).map((c) => ({
    key: `devices.criterion.${c}`,
    met: true,
  }))
  const qualifies = needed.some((c) => criteria[c])
  if (!qualifies) reasons.push({ key: `devices.aid.rule.needs.${kind}`, met: false })
  let excluded = false
  if (kind === 'assistive' && lastPublicDeviceAt) {
    const until = new Date(`${lastPublicDeviceAt}T00:00:00Z`)
    until.setUTCFullYear(until.getUTCFullYear() + EXCLUSION_YEARS)
    if (until > now) {
      excluded = true
      reasons.push({
        key: 'devices.rule.recentDevice',
        params: { date: lastPublicDeviceAt, until: until.toISOString().slice(0, 10) },
        met: false,
      })
    }
  }
  return { eligible: qualifies && !excluded, reasons }
}

// ── input ──────────────────────────────────────────────────────────────────────────────────────

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const Flag = z.preprocess((v) => v === true || v === 'yes' || v === 'on' || v === 'true', z.boolean())
const criteriaShape = Object.fromEntries(CRITERIA.map((c) => [c, Flag.default(false)])) as Record<
  Criterion,
  z.ZodDefault<typeof Flag>
>

export const AidInput = z
  .object({
    kind: z.enum(AID_KINDS, 'devices.aid.err.kind'),
    itemCode: z.preprocess(empty, z.string().max(40).optional()),
    monthlyFeeKrw: z.preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/[,\s원₩]/g, '')) : empty(v)),
      z
        .number('devices.aid.err.fee')
        .int('devices.aid.err.fee')
        .min(1, 'devices.aid.err.fee')
        .max(500_000, 'devices.aid.err.fee')
        .optional(),
    ),
    districtCode: z.preprocess(trimmed, z.string().regex(/^\d{5}$/, 'devices.err.district')),
    lastPublicDeviceAt: z.preprocess(
      empty,
      z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/, 'devices.err.date')
        .optional(),
    ),
    ...criteriaShape,
    idempotencyKey: z.preprocess(empty, z.string().max(100).optional()),
  })
  .refine((a) => a.kind !== 'assistive' || !!a.itemCode, {
    path: ['itemCode'],
    message: 'devices.aid.err.item',
  })
  .refine((a) => a.kind !== 'internet' || a.monthlyFeeKrw !== undefined, {
    path: ['monthlyFeeKrw'],
    message: 'devices.aid.err.fee',
  })
export type AidInput = z.infer<typeof AidInput>

/** Staff entering an aid application for a person on the phone or at the counter (consent recorded). */
export const StaffAidInput = AidInput.and(
  z.object({
    personId: z.uuid('devices.err.person'),
    channel: z.enum(['phone', 'walk_in', 'field']).default('phone'),
    consentGiven: Flag.refine((v) => v, 'devices.err.proxyConsent'),
  }),
)
export type StaffAidInput = z.infer<typeof StaffAidInput>

export const DocumentCheckInput = z.object({
  document: z.enum(DOCUMENTS, 'devices.doc.err.document'),
  result: z.enum(['verified', 'not_valid'], 'devices.doc.err.result'),
  note: noRrn(z.preprocess(empty, z.string().max(300, 'devices.err.tooLong').optional())),
})
export type DocumentCheckInput = z.infer<typeof DocumentCheckInput>

// ── service ────────────────────────────────────────────────────────────────────────────────────

type Staff = Extract<Actor, { kind: 'staff' }>

/**
 * The share from the catalogue price of today (read in the application's transaction): an unknown item or
 * a withdrawn one is refused with the field's message.
 */
async function shareOf(tx: Db, input: AidInput, criteria: Record<Criterion, boolean>) {
  if (input.kind !== 'assistive') return internetShare(input.monthlyFeeKrw!)
  const item = await aidRepo.catalogueItem(tx, input.itemCode!)
  if (!item) throw new AppError('validation', 'devices.aid.err.item', { itemCode: 'devices.aid.err.item' })
  if (item.withdrawnAt)
    throw new AppError('validation', 'devices.aid.err.withdrawn', { itemCode: 'devices.aid.err.withdrawn' })
  return assistiveShare(item.priceKrw, criteria)
}

/** The share and computation of a stored application (for display). */
export const shareOfRow = (a: AidRow): Share =>
  a.kind === 'assistive'
    ? assistiveShare(a.priceKrw, a.criteria as Record<Criterion, boolean>)
    : internetShare(a.priceKrw)

/** A citizen (for themselves) or staff (for a person, with consent) applies; the same key returns the first. */
export async function applyAid(db: Db, actor: Actor, input: AidInput | StaffAidInput, now: Date) {
  let personId: string
  let createdBy: string | null = null
  if (actor.kind === 'citizen') personId = actor.personId
  else if (actor.kind === 'staff' && 'personId' in input) {
    authorize(actor, 'devices:apply')
    personId = input.personId
    createdBy = actor.id
  } else throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      const seen = await aidRepo.aidByKey(tx, input.idempotencyKey)
      if (seen) return { application: seen, created: false }
    }
    const open = await aidRepo.openAidOf(tx, personId, input.kind)
    if (open.length) throw new AppError('conflict', 'devices.aid.err.alreadyApplied')
    const criteria = Object.fromEntries(CRITERIA.map((c) => [c, !!input[c]])) as Record<Criterion, boolean>
    const a = assessAid(input.kind, criteria, input.lastPublicDeviceAt ?? null, now)
    const share = await shareOf(tx, input, criteria)
    const application = await aidRepo.insertAid(tx, {
      kind: input.kind,
      applicantKind: actor.kind === 'citizen' ? 'citizen' : 'proxy',
      personId,
      districtCode: input.districtCode,
      itemCode: input.kind === 'assistive' ? input.itemCode! : null,
      priceKrw: share.priceKrw,
      statePct: share.statePct,
      stateKrw: share.stateKrw,
      copayKrw: share.copayKrw,
      criteria,
      eligible: a.eligible,
      explanation: a.reasons,
      status: a.eligible ? 'submitted' : 'rejected',
      idempotencyKey: input.idempotencyKey ?? null,
      createdBy,
      createdAt: now,
    })
    if (!application) throw new AppError('conflict', 'devices.err.duplicate')
    if (actor.kind === 'staff' && 'personId' in input)
      await recordProxy(tx, {
        personId,
        channel: input.channel,
        actedBy: actor.id,
        orgId: actor.orgId,
        relationship: 'social_worker',
        consentGiven: input.consentGiven,
        consentMethod: input.channel === 'phone' ? 'verbal' : 'in_person',
        purpose: `${input.kind} support application`,
        entity: 'device_aid_application',
        entityId: application.id,
        at: now,
      })
    await audit(tx, actor, {
      entity: 'device_aid_application',
      entityId: application.id,
      action: 'create',
      at: now,
    })
    return { application, created: true }
  })
}

/** The citizen's own aid applications (newest first). */
export const myAid = (db: Db, personId: string) => aidRepo.aidOfPerson(db, personId)

/**
 * Aid applications staff may see: all (programme manager, admin, help desk), or only those a centre
 * worker entered (scope 'org': aid applications belong to a person, not an organisation). Access is logged.
 */
export async function listAid(db: Db, actor: Actor, now: Date) {
  const scope = authorize(actor, 'devices:apply')
  const staff = actor as Staff
  const rows = await aidRepo.listAidRows(db, scope === 'all' ? null : staff.id)
  const people = rows.filter((r) => r.personId)
  if (people.length)
    await logAccess(
      db,
      people.map((r) => ({
        staffId: staff.id,
        ip: null,
        personId: r.personId!,
        action: 'view' as const,
        reason: 'aid applications',
        at: now,
      })),
    )
  return rows
}

/** One aid application with its document checks; 404 outside the staff member's scope. */
export async function viewAid(db: Db, actor: Actor, id: string, now: Date) {
  // delivery staff (repair technicians) see approved assistive-device applications: they record the supply
  const deliveryOnly = actor.kind === 'staff' && scopeFor(actor.role, 'devices:apply') === null
  const scope = authorize(actor, deliveryOnly ? 'devices:deliver' : 'devices:apply')
  const staff = actor as Staff
  const a = await aidRepo.getAid(db, id)
  if (
    !a ||
    (deliveryOnly
      ? a.kind !== 'assistive' || a.status !== 'approved'
      : scope !== 'all' && a.createdBy !== staff.id)
  )
    throw new AppError('not_found', 'devices.err.notFound')
  if (a.personId)
    await logAccess(db, {
      staffId: staff.id,
      ip: null,
      personId: a.personId,
      action: 'view',
      reason: 'aid application',
      at: now,
    })
  return { application: a, share: shareOfRow(a), checks: await checksOf(db, a.id) }
}

/**
 * Approve or reject (programme manager). Approval needs the application to be eligible and at least one
 * document verified by staff; the decision is audited.
 */
export async function decideAid(
  db: Db,
  actor: Actor,
  id: string,
  decision: 'approved' | 'rejected',
  now: Date,
) {
  authorize(actor, 'devices:review')
  return db.transaction(async (tx) => {
    const a = await aidRepo.lockAid(tx, id)
    if (!a) throw new AppError('not_found', 'devices.err.notFound')
    if (a.status !== 'submitted') throw new AppError('conflict', 'devices.err.decided')
    if (decision === 'approved') {
      if (!a.eligible) throw new AppError('conflict', 'devices.err.notEligible')
      const checks = await checksOf(tx, a.id)
      if (!checks.some((c) => c.result === 'verified'))
        throw new AppError('conflict', 'devices.doc.err.noneVerified')
    }
    await aidRepo.updateAid(tx, id, { status: decision, decidedAt: now })
    await audit(tx, actor, {
      entity: 'device_aid_application',
      entityId: id,
      action: `status.${decision}`,
      before: { status: a.status },
      at: now,
    })
    return { ...a, status: decision }
  })
}

/**
 * The documents that would prove a claimed circumstance, and whether one of them is verified (its latest
 * check by staff says "verified") — the same reading of the checks as the priority score's (claimProofs).
 * An application claiming nothing (an organisation's batch) needs none.
 */
export async function documentGate(
  db: Db,
  applicationId: string,
  criteria: Partial<Record<Criterion, boolean>>,
) {
  const needed = [...new Set(CRITERIA.filter((c) => criteria[c]).map((c) => PROOF_OF[c]))]
  if (needed.length === 0) return { needed, ok: true }
  const proofs = claimProofs(criteria, await checksOf(db, applicationId))
  return { needed, ok: Object.values(proofs).includes('verified') }
}

export const checksOf = (db: Db, applicationId: string) => aidRepo.checksOf(db, applicationId)

/**
 * Keeps a computer application's listed score (staff list order) current after a document check: only
 * circumstances proven by a verified document count. The allocation and the citizen's page compute the
 * score afresh (waiting time up to that day) with the same rule.
 */
async function rescoreApplication(tx: Db, id: string, now: Date) {
  const a = await aidRepo.deviceApplication(tx, id)
  if (!a) return
  const { weights } = await loadSettings(tx)
  const { score } = scoreOf(a, await checksOf(tx, id), now, weights)
  if (score !== a.score) await aidRepo.setDeviceApplicationScore(tx, id, score)
}

/**
 * Records that a staff member checked a document of an application (who, which, when, result). Only
 * the fact is kept: no scan or copy is stored. The application must be one the staff member may see.
 */
export async function recordDocumentCheck(
  db: Db,
  actor: Actor,
  target: { kind: 'device' | 'aid'; id: string },
  input: DocumentCheckInput,
  now: Date,
) {
  const scope = authorize(actor, 'devices:apply')
  const staff = actor as Staff
  return db.transaction(async (tx) => {
    let visible = false
    if (target.kind === 'aid') {
      const a = await aidRepo.getAid(tx, target.id)
      visible = !!a && (scope === 'all' || a.createdBy === staff.id)
    } else {
      const a = await aidRepo.deviceApplication(tx, target.id)
      visible = !!a && (scope === 'all' || (!!a.orgId && a.orgId === staff.orgId))
    }
    if (!visible) throw new AppError('not_found', 'devices.err.notFound')
    const row = await aidRepo.insertCheck(tx, {
      applicationId: target.id,
      applicationKind: target.kind,
      document: input.document,
      result: input.result,
      note: input.note ?? null,
      checkedBy: staff.id,
      checkedByName: staff.name,
      checkedAt: now,
    })
    await audit(tx, staff, {
      entity: target.kind === 'aid' ? 'device_aid_application' : 'device_application',
      entityId: target.id,
      action: 'document_check',
      after: { document: input.document, result: input.result },
      at: now,
    })
    if (target.kind === 'device') await rescoreApplication(tx, target.id, now)
    return row
  })
}
