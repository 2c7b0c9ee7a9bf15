import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize, orgIdsOf } from '../../platform/auth/actor.ts'
import { encryptOptional } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { enqueue } from '../../platform/jobs/queue.ts'
import { smsLinkBase } from '../education/sms-link.ts'
import { recordProxy } from '../people/index.ts'
import { requestSurvey } from '../voice/service.ts'
import { documentGate, myAid } from './aid.ts'
import { applicationRef, loadSettings, notify, runMatchAllocation } from './allocation-run.ts'
import { beginnersClassPath, FOLLOW_UP_JOB, type StarterGuide, WARRANTY_MONTHS } from './delivery.ts'
import { checksByApplication, needsProof, scoreOf } from './priority.ts'
import * as repo from './repo.ts'
import { assessEligibility, CRITERIA, type Criterion, canMove, type Reason, SYSTEM_ONLY } from './rules.ts'
import type {
  ApplicationInput,
  IntakeInput,
  PledgeInput,
  ReceiptInput,
  StaffApplicationInput,
  TransitionInput,
} from './schema.ts'
import type { DeviceStatus } from './tables.ts'
import { followUps } from './tables.ts'
import { valuer } from './valuation.ts'

/** The encryption context of a pledge's pickup address. */
export const PICKUP_AAD = 'device_pledges.pickup_address'

type Staff = Extract<Actor, { kind: 'staff' }>
const staffOf = (actor: Actor): Staff => {
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  return actor
}

/** The follow-up contact after a handover: two weeks later, 10:00 Seoul time. */
export const FOLLOW_UP_DAYS = 14
export const followUpAt = (delivered: Date) => {
  const d = new Date(delivered.getTime() + FOLLOW_UP_DAYS * 86_400_000)
  d.setUTCHours(1, 0, 0, 0)
  return d
}

// ── donors and pledges ──────────────────────────────────────────────────────────────────────────

/**
 * A pledge from the web form (anyone; a verified citizen is linked as the donor) or entered by staff.
 * The same idempotency key returns the first pledge instead of creating a second one.
 */
export async function createPledge(db: Db, actor: Actor, input: PledgeInput, now: Date) {
  // a company's donor account pledges for its organisation (its impact page then shows these devices)
  const companyAccount = actor.kind === 'staff' && actor.role === 'donor_org'
  if (actor.kind === 'staff' && !companyAccount) authorize(actor, 'devices:pledges')
  return db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      const seen = await repo.pledgeByKey(tx, input.idempotencyKey)
      if (seen) return { pledge: seen, created: false }
    }
    const donor = await repo.insertDonor(tx, {
      kind: input.donorKind,
      name: input.name,
      businessNo: input.donorKind === 'company' ? (input.businessNo ?? null) : null,
      contact: input.contact,
      personId: actor.kind === 'citizen' ? actor.personId : null,
      orgId: companyAccount && actor.kind === 'staff' ? actor.orgId : null,
      createdAt: now,
    })
    const pledge = await repo.insertPledge(tx, {
      donorId: donor.id,
      deviceType: input.deviceType,
      count: input.count,
      ageYears: input.ageYears,
      condition: input.condition,
      handover: input.handover,
      // an address is personal data: encrypted at rest (staff read it with decryptOptional(…, PICKUP_AAD))
      pickupAddress: input.handover === 'pickup' ? encryptOptional(input.pickupAddress, PICKUP_AAD) : null,
      consentDataDestruction: input.consentDataDestruction,
      channel: actor.kind === 'staff' && !companyAccount ? 'staff' : 'web',
      idempotencyKey: input.idempotencyKey ?? null,
      createdAt: now,
    })
    if (!pledge) throw new AppError('conflict', 'devices.err.duplicate')
    await audit(tx, actor, {
      entity: 'device_pledge',
      entityId: pledge.id,
      action: 'create',
      after: { count: pledge.count, type: pledge.deviceType },
      at: now,
    })
    return { pledge, created: true }
  })
}

export async function listPledges(db: Db, actor: Actor) {
  authorize(actor, 'devices:intake')
  return repo.listPledges(db)
}

// ── intake and the state machine ───────────────────────────────────────────────────────────────

/** Receives devices (from a pledge or not): each gets the next asset tag D-YYYY-NNNNN, status received. */
export async function intakeDevices(db: Db, actor: Actor, input: IntakeInput, now: Date) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:intake')
  return db.transaction(async (tx) => {
    const pledge = input.pledgeId ? await repo.getPledge(tx, input.pledgeId) : null
    if (input.pledgeId && !pledge)
      throw new AppError('validation', 'devices.err.pledge', { pledgeId: 'devices.err.pledge' })
    const year = now.getUTCFullYear()
    const rows = []
    for (let i = 0; i < input.count; i++) {
      const n = await repo.bumpCounter(tx, '#asset', year)
      rows.push({
        assetTag: `D-${year}-${String(n).padStart(5, '0')}`,
        pledgeId: pledge?.id ?? null,
        donorId: pledge?.donorId ?? null,
        type: input.deviceType,
        model: input.model ?? null,
        ageYears: input.ageYears,
        centre: input.centre ?? null,
        status: 'received' as const,
        createdAt: now,
        updatedAt: now,
      })
    }
    const created = await repo.insertDevices(tx, rows)
    for (const d of created) {
      await repo.insertEvent(tx, {
        deviceId: d.id,
        fromStatus: null,
        toStatus: 'received',
        actorId: staff.id,
        actorName: staff.name,
        note: null,
        at: now,
      })
      await audit(tx, staff, {
        entity: 'device',
        entityId: d.id,
        action: 'status.received',
        after: { assetTag: d.assetTag },
        at: now,
      })
    }
    if (pledge) await repo.setPledgeStatus(tx, pledge.id, 'received')
    return created
  })
}

async function move(
  tx: Db,
  staff: Staff | 'system',
  device: repo.DeviceRow,
  to: DeviceStatus,
  now: Date,
  note: string | null,
) {
  if (!canMove(device.status, to))
    throw new AppError('conflict', 'devices.err.transition', {}, { from: device.status, to })
  await repo.updateDevice(tx, device.id, { status: to, updatedAt: now })
  await repo.insertEvent(tx, {
    deviceId: device.id,
    fromStatus: device.status,
    toStatus: to,
    actorId: staff === 'system' ? null : staff.id,
    actorName: staff === 'system' ? null : staff.name,
    note,
    at: now,
  })
  await audit(tx, staff, {
    entity: 'device',
    entityId: device.id,
    action: `status.${to}`,
    before: { status: device.status },
    after: { status: to },
    at: now,
  })
}

/** A lifecycle step taken by another use case of this domain (repairs.ts). */
export const moveDevice = move

/**
 * One step of the lifecycle. Wiped needs a wipe record (method, tool, verifier); graded needs a grade;
 * ready needs a verified wipe. Reserve, deliver and repair happen only through their own use cases.
 */
export async function transitionDevice(
  db: Db,
  actor: Actor,
  deviceId: string,
  input: TransitionInput,
  now: Date,
) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:intake')
  return db.transaction(async (tx) => {
    const device = await repo.lockDevice(tx, deviceId)
    if (!device) throw new AppError('not_found', 'devices.err.notFound')
    if (SYSTEM_ONLY.includes(input.to))
      throw new AppError('conflict', 'devices.err.systemOnly', {}, { to: input.to })
    if (!canMove(device.status, input.to))
      throw new AppError('conflict', 'devices.err.transition', {}, { from: device.status, to: input.to })
    if (input.to === 'wiped' || input.to === 'wipe_failed') {
      const fields: Record<string, string> = {}
      if (!input.wipeMethod) fields.wipeMethod = 'devices.err.wipeMethod'
      if (!input.wipeTool) fields.wipeTool = 'devices.err.wipeTool'
      if (!input.verifierName) fields.verifierName = 'devices.err.verifier'
      if (Object.keys(fields).length) throw new AppError('validation', 'devices.err.wipeDetails', fields)
      await repo.insertWipe(tx, {
        deviceId,
        method: input.wipeMethod!,
        tool: input.wipeTool!,
        technicianId: staff.id,
        technicianName: staff.name,
        verifierName: input.verifierName!,
        storage: input.storage ?? null,
        passed: input.to === 'wiped',
        at: now,
      })
      if (input.to === 'wiped') await repo.updateDevice(tx, deviceId, { wipeVerified: true })
    }
    if (input.to === 'graded') {
      if (!input.grade) throw new AppError('validation', 'devices.err.grade', { grade: 'devices.err.grade' })
      await repo.updateDevice(tx, deviceId, { grade: input.grade })
    }
    if (input.to === 'ready' && !device.wipeVerified) throw new AppError('conflict', 'devices.err.notWiped')
    await move(tx, staff, device, input.to, now, input.note ?? null)
    return (await repo.getDevice(tx, deviceId))!
  })
}

export async function deviceDetail(db: Db, actor: Actor, id: string) {
  authorize(actor, 'devices:read')
  const device = await repo.getDevice(db, id)
  if (!device) throw new AppError('not_found', 'devices.err.notFound')
  const [events, wipes, tickets] = await Promise.all([
    repo.eventsOf(db, id),
    repo.wipesOf(db, id),
    repo.ticketsOf(db, id),
  ])
  return { device, events, wipes, tickets }
}

export async function listStock(
  db: Db,
  actor: Actor,
  f: { status?: DeviceStatus; type?: repo.DeviceRow['type'] },
) {
  authorize(actor, 'devices:read')
  return repo.listDevices(db, f)
}

/** Devices waiting for a technician (open repair tickets: repairs.ts openRepairTickets). */
export async function workQueue(db: Db, actor: Actor) {
  authorize(actor, 'devices:repair')
  const { WORK_QUEUE } = await import('./rules.ts')
  return { devices: await repo.listDevices(db, { statuses: WORK_QUEUE }) }
}

/** Stock as CSV (one device a line), for the programme's spreadsheet. */
export async function stockCsv(db: Db, actor: Actor): Promise<string> {
  authorize(actor, 'devices:read')
  const rows = await repo.listDevices(db, {})
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v)
    return /[",\n]/.test(s) || /^[=+\-@]/.test(s)
      ? `"${s.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"`
      : s
  }
  const head = 'asset_tag,type,model,age_years,status,grade,wipe_verified,centre,received_at'
  const lines = [
    head,
    ...rows.map((d) =>
      [
        d.assetTag,
        d.type,
        d.model,
        d.ageYears,
        d.status,
        d.grade,
        d.wipeVerified,
        d.centre,
        d.createdAt.toISOString(),
      ]
        .map(esc)
        .join(','),
    ),
  ]
  return `${lines.join('\n')}\n`
}

// ── receipts ───────────────────────────────────────────────────────────────────────────────────

export const receiptNumber = (r: { issuer: string; year: number; number: number; revision: number }) =>
  `${r.issuer}-${r.year}-${String(r.number).padStart(6, '0')}${r.revision > 1 ? `-R${r.revision}` : ''}`

/**
 * Issues a donation receipt. The number comes from the issuer's counter row for the year, bumped in
 * this same transaction: a rollback gives the number back, so the ledger has no gaps. In-kind value
 * is the valuation table's sum over the pledge's devices unless staff set an amount with a reason.
 */
export async function issueReceipt(
  db: Db,
  actor: Actor,
  input: ReceiptInput,
  now: Date,
  hooks: { beforeCommit?: () => void } = {},
) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:receipts')
  return db.transaction(async (tx) => {
    if (input.idempotencyKey) {
      const seen = await repo.receiptByKey(tx, input.idempotencyKey)
      if (seen) return seen
    }
    const donor = await repo.getDonor(tx, input.donorId)
    if (!donor) throw new AppError('validation', 'devices.err.donor', { donorId: 'devices.err.donor' })
    let computed = 0
    let items: {
      assetTag: string
      type: string
      ageYears: number
      grade: string | null
      valueKrw: number
    }[] = []
    if (input.kind === 'in_kind') {
      if (!input.pledgeId)
        throw new AppError('validation', 'devices.err.pledge', { pledgeId: 'devices.err.pledge' })
      const pledge = await repo.getPledge(tx, input.pledgeId)
      if (!pledge || pledge.donorId !== donor.id)
        throw new AppError('validation', 'devices.err.pledge', { pledgeId: 'devices.err.pledge' })
      const devs = await repo.devicesOfPledge(tx, pledge.id)
      if (devs.length === 0) throw new AppError('conflict', 'devices.err.nothingReceived')
      // the valuation table as staff last set it (valuation.ts), defaults from rules.ts otherwise
      const deviceValue = await valuer(tx)
      items = devs.map((d) => ({
        assetTag: d.assetTag,
        type: d.type,
        ageYears: d.ageYears,
        grade: d.grade,
        valueKrw: deviceValue(d.type, d.ageYears, d.grade),
      }))
      computed = items.reduce((s, i) => s + i.valueKrw, 0)
    } else if (!input.amountKrw)
      throw new AppError('validation', 'devices.err.amount', { amountKrw: 'devices.err.amount' })
    const amount = input.amountKrw ?? computed
    if (input.kind === 'in_kind' && amount !== computed && !input.adjustReason)
      throw new AppError('validation', 'devices.err.adjustReason', {
        adjustReason: 'devices.err.adjustReason',
      })
    const year = now.getUTCFullYear()
    const number = await repo.bumpCounter(tx, input.issuer, year)
    const r = await repo.insertReceipt(tx, {
      issuer: input.issuer,
      year,
      number,
      donorId: donor.id,
      pledgeId: input.pledgeId ?? null,
      kind: input.kind,
      amountKrw: amount,
      computedKrw: input.kind === 'money' ? amount : computed,
      adjustReason: input.adjustReason ?? null,
      items,
      issuedBy: staff.id,
      issuedAt: now,
      idempotencyKey: input.idempotencyKey ?? null,
    })
    await audit(tx, staff, {
      entity: 'device_receipt',
      entityId: r.id,
      action: 'receipt.issued',
      after: { number: receiptNumber(r), amount },
      at: now,
    })
    hooks.beforeCommit?.()
    return r
  })
}

/** Voids a receipt (its number stays in the ledger); with reissue, a new revision under the same number. */
export async function voidReceipt(
  db: Db,
  actor: Actor,
  id: string,
  reason: string,
  reissue: boolean,
  now: Date,
) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:receipts')
  return db.transaction(async (tx) => {
    const r = await repo.lockReceipt(tx, id)
    if (!r) throw new AppError('not_found', 'devices.err.notFound')
    if (r.status === 'voided') throw new AppError('conflict', 'devices.err.alreadyVoided')
    await repo.voidReceipt(tx, id, reason, now)
    await audit(tx, staff, {
      entity: 'device_receipt',
      entityId: id,
      action: 'receipt.voided',
      after: { reason },
      at: now,
    })
    if (!reissue) return { voided: r, reissued: null }
    const { id: _id, status: _s, voidReason: _v, voidedAt: _va, idempotencyKey: _k, ...rest } = r
    const again = await repo.insertReceipt(tx, {
      ...rest,
      revision: r.revision + 1,
      issuedBy: staff.id,
      issuedAt: now,
    })
    await audit(tx, staff, {
      entity: 'device_receipt',
      entityId: again.id,
      action: 'receipt.reissued',
      after: { number: receiptNumber(again), replaces: id },
      at: now,
    })
    return { voided: r, reissued: again }
  })
}

export async function receiptWithDonor(db: Db, actor: Actor, id: string) {
  authorize(actor, 'devices:receipts')
  const r = await repo.getReceipt(db, id)
  if (!r) throw new AppError('not_found', 'devices.err.notFound')
  const donor = (await repo.getDonor(db, r.donorId))!
  return { receipt: r, donor }
}

export async function listReceipts(db: Db, actor: Actor) {
  authorize(actor, 'devices:receipts')
  return repo.listReceipts(db)
}

// ── applications ───────────────────────────────────────────────────────────────────────────────

const criteriaOf = (input: ApplicationInput) =>
  Object.fromEntries(CRITERIA.map((c) => [c, !!input[c]])) as Record<Criterion, boolean>

async function insertApplication(
  tx: Db,
  input: ApplicationInput,
  who: {
    kind: 'citizen' | 'proxy' | 'organisation'
    personId: string | null
    orgId: string | null
    createdBy: string | null
  },
  now: Date,
) {
  if (input.idempotencyKey) {
    const seen = await repo.applicationByKey(tx, input.idempotencyKey)
    if (seen) return { application: seen, created: false }
  }
  if (who.personId) {
    const open = await repo.openApplicationsOf(tx, who.personId)
    const same = open.find((a) => a.deviceType === input.deviceType)
    if (same) throw new AppError('conflict', 'devices.err.alreadyApplied')
  }
  const criteria = criteriaOf(input)
  const assessment = assessEligibility(criteria, input.lastPublicDeviceAt ?? null, now)
  // a person's claims count once staff have verified a document (recordDocumentCheck updates the score)
  const { weights } = await loadSettings(tx)
  const score = scoreOf({ personId: who.personId, criteria, createdAt: now }, [], now, weights)
  const application = await repo.insertApplication(tx, {
    applicantKind: who.kind,
    personId: who.personId,
    orgId: who.orgId,
    deviceType: input.deviceType,
    quantity: who.kind === 'organisation' ? input.quantity : 1,
    minGrade: input.minGrade,
    districtCode: input.districtCode,
    criteria,
    lastPublicDeviceAt: input.lastPublicDeviceAt ?? null,
    eligible: assessment.eligible,
    explanation: assessment.reasons,
    score: score.score,
    status: assessment.eligible ? 'submitted' : 'rejected',
    idempotencyKey: input.idempotencyKey ?? null,
    createdBy: who.createdBy,
    createdAt: now,
  })
  if (!application) throw new AppError('conflict', 'devices.err.duplicate')
  return { application, created: true }
}

/** A verified citizen applies for themselves. */
export async function applyAsCitizen(db: Db, actor: Actor, input: ApplicationInput, now: Date) {
  if (actor.kind !== 'citizen') throw new AppError('forbidden', 'auth.forbidden')
  return db.transaction(async (tx) => {
    const r = await insertApplication(
      tx,
      input,
      { kind: 'citizen', personId: actor.personId, orgId: null, createdBy: null },
      now,
    )
    if (r.created)
      await audit(tx, actor, {
        entity: 'device_application',
        entityId: r.application.id,
        action: 'create',
        at: now,
      })
    return r
  })
}

/** Staff apply for a person (proxy: consent and channel recorded) or for their organisation (batch). */
export async function applyAsStaff(db: Db, actor: Actor, input: StaffApplicationInput, now: Date) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:apply')
  return db.transaction(async (tx) => {
    if (input.applicantKind === 'organisation' && !staff.orgId)
      throw new AppError('validation', 'devices.err.noOrg')
    const r = await insertApplication(
      tx,
      input,
      {
        kind: input.applicantKind,
        personId: input.personId ?? null,
        orgId: staff.orgId,
        createdBy: staff.id,
      },
      now,
    )
    if (r.created && input.applicantKind === 'proxy')
      await recordProxy(tx, {
        personId: input.personId!,
        channel: input.channel,
        actedBy: staff.id,
        orgId: staff.orgId,
        relationship: 'social_worker',
        consentGiven: input.consentGiven,
        consentMethod: input.channel === 'phone' ? 'verbal' : 'in_person',
        purpose: 'device application',
        entity: 'device_application',
        entityId: r.application.id,
        at: now,
      })
    if (r.created)
      await audit(tx, staff, {
        entity: 'device_application',
        entityId: r.application.id,
        action: 'create',
        at: now,
      })
    return r
  })
}

/** Applications the staff member may see: everything, or their organisation's only. Access is logged. */
export async function listApplications(db: Db, actor: Actor, now: Date) {
  const scope = authorize(actor, 'devices:apply')
  const staff = staffOf(actor)
  const rows = await repo.listApplications(db, scope === 'all' ? null : orgIdsOf(staff))
  const people = rows.filter((r) => r.personId)
  if (people.length)
    await logAccess(
      db,
      people.map((r) => ({
        staffId: staff.id,
        ip: null,
        personId: r.personId!,
        action: 'view' as const,
        reason: 'device applications',
        at: now,
      })),
    )
  return rows
}

/** One application; 404 outside the staff member's organisation. */
export async function viewApplication(db: Db, actor: Actor, id: string, now: Date) {
  const app = await repo.getApplication(db, id)
  authorize(actor, 'devices:apply', { orgId: app?.orgId ?? null })
  if (!app) throw new AppError('not_found', 'devices.err.notFound')
  const staff = staffOf(actor)
  if (app.personId)
    await logAccess(db, {
      staffId: staff.id,
      ip: null,
      personId: app.personId,
      action: 'view',
      reason: 'device application',
      at: now,
    })
  return app
}

/** Approve or reject a submitted application (programme manager). */
export async function decideApplication(
  db: Db,
  actor: Actor,
  id: string,
  decision: 'approved' | 'rejected',
  now: Date,
) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:review')
  return db.transaction(async (tx) => {
    const app = await repo.lockApplication(tx, id)
    if (!app) throw new AppError('not_found', 'devices.err.notFound')
    if (app.status !== 'submitted') throw new AppError('conflict', 'devices.err.decided')
    if (decision === 'approved' && !app.eligible) throw new AppError('conflict', 'devices.err.notEligible')
    if (decision === 'approved' && needsProof(app)) {
      // a person's claimed circumstance must be proven (an organisation's batch is vouched for by it) by a document staff have verified (no scan is kept)
      const gate = await documentGate(tx, id, app.criteria as Partial<Record<Criterion, boolean>>)
      if (!gate.ok)
        throw new AppError('conflict', 'devices.doc.err.missing', {}, { documents: gate.needed.join(',') })
    }
    await repo.updateApplication(tx, id, { status: decision, decidedAt: now })
    await audit(tx, staff, {
      entity: 'device_application',
      entityId: id,
      action: `status.${decision}`,
      before: { status: app.status },
      at: now,
    })
    return { ...app, status: decision }
  })
}

/**
 * "Why am I waiting": a citizen's applications with their eligibility reasons, the priority breakdown
 * (waiting time counted up to today), their place among approved applications for the same kind of
 * device, and how many such devices are ready now.
 */
export async function myApplications(db: Db, personId: string, now: Date) {
  const apps = await repo.applicationsOfPerson(db, personId)
  const approved = await repo.approvedApplications(db)
  const ready = await repo.readyCounts(db)
  // scored with the programme manager's current weights and the verified documents, as the allocation
  // run will score them
  const { weights } = await loadSettings(db)
  const [approvedChecks, myChecks] = await Promise.all([
    checksByApplication(db, { approved: true }),
    checksByApplication(db, { personId }),
  ])
  return apps.map((a) => {
    const live = scoreOf(a, myChecks.get(a.id) ?? [], now, weights)
    const queue = approved
      .filter((x) => x.deviceType === a.deviceType)
      .map((x) => ({
        id: x.id,
        score: scoreOf(x, approvedChecks.get(x.id) ?? [], now, weights).score,
        at: x.createdAt.getTime(),
      }))
      .sort((x, y) => y.score - x.score || x.at - y.at)
    const place = a.status === 'approved' ? queue.findIndex((x) => x.id === a.id) + 1 : null
    return {
      application: a,
      reference: applicationRef(a.id),
      reasons: a.explanation as Reason[],
      breakdown: live.breakdown,
      score: live.score,
      place,
      ahead: place ? place - 1 : null,
      readyNow: ready.find((r) => r.type === a.deviceType)?.n ?? 0,
    }
  })
}

// ── allocation ─────────────────────────────────────────────────────────────────────────────────

/**
 * An allocation run (allocation-run.ts): a dry run previews, a commit with the preview's run id
 * reserves once — committing the same run again changes nothing.
 */
export function runAllocation(db: Db, actor: Actor, dryRun: boolean, now: Date, runId?: string) {
  return runMatchAllocation(db, actor, { dryRun, runId }, now, move)
}

export async function reservedList(db: Db, actor: Actor) {
  authorize(actor, 'devices:deliver')
  return repo.reservedAllocations(db)
}

/**
 * Handover: who received it, when, which starter guide went with it, whether a beginners' class was
 * offered; device → delivered; the warranty runs from now (default 12 months). When the application is
 * complete, the class offer is texted, and the follow-up two weeks later is queued through the outbox
 * (job devices.followUp) — all in the handover's transaction.
 */
export async function deliver(
  db: Db,
  actor: Actor,
  allocationId: string,
  input: {
    receivedBy: string
    starterGuide: boolean
    starterGuideKind?: StarterGuide
    classOffer?: 'accepted' | 'declined' | 'not_offered'
    warrantyMonths?: number
  },
  now: Date,
) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:deliver')
  return db.transaction(async (tx) => {
    const a = await repo.lockAllocation(tx, allocationId)
    if (!a) throw new AppError('not_found', 'devices.err.notFound')
    if (a.status !== 'reserved') throw new AppError('conflict', 'devices.err.alreadyDelivered')
    const device = (await repo.lockDevice(tx, a.deviceId))!
    await move(tx, staff, device, 'delivered', now, null)
    const guide = input.starterGuideKind ?? (input.starterGuide ? 'printed' : 'none')
    const warrantyUntil = new Date(now)
    warrantyUntil.setUTCMonth(warrantyUntil.getUTCMonth() + (input.warrantyMonths ?? WARRANTY_MONTHS))
    await repo.updateAllocation(tx, a.id, {
      status: 'delivered',
      deliveredAt: now,
      receivedBy: input.receivedBy,
      starterGuide: guide !== 'none',
      starterGuideKind: guide,
      classOffer: input.classOffer ?? 'not_offered',
      warrantyUntil,
      deliveredBy: staff.id,
      // the home-delivery address is needed only until the handover
      deliveryAddressEnc: null,
    })
    // the follow-up call two weeks later: a row staff will see, made due (and texted) by an outbox job
    const [f] = await tx
      .insert(followUps)
      .values({ allocationId: a.id, dueAt: followUpAt(now) })
      .onConflictDoNothing()
      .returning()
    if (f)
      await enqueue(
        tx,
        FOLLOW_UP_JOB,
        { followUpId: f.id },
        { dedupeKey: `device-followup:${f.id}`, runAt: f.dueAt },
      )
    const app = await repo.getApplication(tx, a.applicationId)
    const rest = await repo.allocationsOfApplication(tx, a.applicationId)
    if (rest.every((x) => x.id === a.id || x.status !== 'reserved')) {
      await repo.updateApplication(tx, a.applicationId, { status: 'delivered' })
      // the offer of a beginners' class (the education catalogue, near them) now
      if (app && input.classOffer !== 'declined') {
        const link = `${smsLinkBase()}${beginnersClassPath(app.districtCode)}`
        await notify(tx, app, 'devices.sms.delivered', { link }, `delivered:${app.id}`)
      }
    }
    // the one-tap satisfaction survey (voice), once per application, in this transaction
    await requestSurvey(
      tx,
      {
        service: 'delivery',
        reference: applicationRef(a.applicationId),
        ...(app?.personId ? { personId: app.personId } : {}),
      },
      now,
    )
    return { ...a, status: 'delivered' as const, warrantyUntil }
  })
}

// ── after-service (repairs.ts) ────────────────────────────────────────────────────────────────

export { openRepair, resolveRepair } from './repairs.ts'

/**
 * The citizen's own device by asset tag (for the help desk to link a question to it): only a device
 * delivered to this person through one of their applications, else null (no hint that the tag exists).
 */
export async function findCitizenDevice(
  db: Db,
  personId: string,
  tag: string,
): Promise<{ id: string; tag: string; label: string } | null> {
  const clean = tag.trim().toUpperCase()
  if (!isUuid(personId) || !clean || clean.length > 40) return null
  const [d] = await repo.devicesDeliveredTo(db, personId, clean)
  if (!d) return null
  return {
    id: d.id,
    tag: d.assetTag,
    label: d.model ? `${d.model} (${d.assetTag})` : `${d.type} ${d.assetTag}`,
  }
}

// ── people hooks (legal hold, /me) ─────────────────────────────────────────────────────────────

/** Receipts are kept 5 years after issue (tax law): a hold on the donor's name. */
export async function receiptHolds(tx: Db, personId: string) {
  const ds = await repo.donorsOfPerson(tx, personId)
  const rs = await repo.receiptsOfDonors(
    tx,
    ds.map((d) => d.id),
  )
  return rs.map((r) => {
    const until = new Date(r.issuedAt)
    until.setUTCFullYear(until.getUTCFullYear() + 5)
    return { source: 'devices', reason: `donation receipt ${receiptNumber(r)}`, until, keepName: true }
  })
}

export type ReceiptLike = Pick<
  repo.ReceiptRow,
  'id' | 'issuer' | 'year' | 'number' | 'revision' | 'status' | 'amountKrw'
>
export interface ReceiptItem {
  assetTag: string
  type: string
  ageYears: number
  grade: string | null
  valueKrw: number
}

/**
 * For anonymous statistics only (the stats collector): whether each person stated a disability or a low
 * income (basic livelihood or near-poverty) on any device or aid application. People with no application
 * are left out (not known).
 */
export async function statedCircumstances(
  db: Db,
  personIds: string[],
): Promise<Map<string, { disability: boolean; lowIncome: boolean }>> {
  const ids = [...new Set(personIds)].filter(isUuid)
  const out = new Map<string, { disability: boolean; lowIncome: boolean }>()
  const aid = (await Promise.all(ids.map((id) => myAid(db, id)))).flat()
  const rows = [...(await repo.criteriaOfPersons(db, ids)), ...aid]
  for (const r of rows) {
    if (!r.personId) continue
    const c = (r.criteria ?? {}) as Partial<Record<string, boolean>>
    const seen = out.get(r.personId) ?? { disability: false, lowIncome: false }
    out.set(r.personId, {
      disability: seen.disability || c.disabled === true,
      lowIncome: seen.lowIncome || c.basicLivelihood === true || c.nearPoverty === true,
    })
  }
  return out
}

/** One device fact for the anonymous statistics; `id` is the cursor key within its moment. */
export interface DeviceStatFact {
  id: string
  at: Date
  /** pledged: devices in the pledge; otherwise 1. */
  count: number
  /** steps: the device and the step it reached (received, wiped, graded = refurbished). */
  deviceId: string | null
  step: 'received' | 'wiped' | 'graded' | null
  districtCode: string | null
  personId: string | null
}

/**
 * For anonymous statistics (the stats collector): pledges, device steps, deliveries or applications
 * after a cursor (time, id), oldest first, at most `limit`. Read-only.
 */
export async function deviceStatFacts(
  db: Db,
  moment: 'pledged' | 'steps' | 'delivered' | 'applied',
  after: { at: Date; id: string },
  limit: number,
): Promise<DeviceStatFact[]> {
  const none = { count: 1, deviceId: null, step: null, districtCode: null, personId: null }
  if (moment === 'pledged')
    return (await repo.pledgesAfter(db, after, limit)).map((r) => ({ ...none, ...r, at: new Date(r.at) }))
  if (moment === 'steps')
    return (await repo.deviceStepsAfter(db, after, limit)).map((r) => ({
      ...none,
      id: r.id,
      at: new Date(r.at),
      deviceId: r.deviceId,
      step: r.step as 'received' | 'wiped' | 'graded',
    }))
  if (moment === 'delivered')
    return (await repo.deliveriesAfter(db, after, limit)).map((r) => ({ ...none, ...r, at: new Date(r.at) }))
  return (await repo.applicationsAfter(db, after, limit)).map((r) => ({ ...none, ...r, at: new Date(r.at) }))
}
