/**
 * Allocation runs (issue #3): the programme round's settings, the preview (objective, LP bound, each
 * district's share against its share of need, a reason for every application) and the commit, which
 * reserves the devices and queues the notices in one transaction and changes nothing when repeated.
 */
import { eq } from 'drizzle-orm'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { enqueueSms } from '../../platform/jobs/queue.ts'
import { publicUrl } from '../../platform/public-url.ts'
import { staffUsers } from '../identity/tables.ts'
import { presentPerson } from '../people/present.ts'
import { findPerson } from '../people/repo.ts'
import { listDistricts } from '../reference/service.ts'
import {
  DEFAULT_ROUND,
  type LatLon,
  type MatchApplication,
  type MatchPlan,
  matchInWorker,
  type RoundSettings,
} from './allocation.ts'
import { checksByApplication, scoreOf } from './priority.ts'
import * as repo from './repo.ts'
import { CRITERIA, type Criterion, canMove, WEIGHTS } from './rules.ts'
import { allocationRuns, allocationSettings, type DeviceStatus } from './tables.ts'

type Staff = Extract<Actor, { kind: 'staff' }>
const staffOf = (actor: Actor): Staff => {
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  return actor
}

/** The staff row behind an actor, or null (an API token of no person has its own id, not a staff row). */
async function staffRowId(tx: Db, id: string): Promise<string | null> {
  const [row] = await tx.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.id, id))
  return row?.id ?? null
}

/** An application's reference number, quoted in every text message about it and on the status page. */
export const applicationRef = (id: string) => `DA-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`

// ── settings of the programme round ────────────────────────────────────────────────────────────

export interface ProgrammeSettings extends RoundSettings {
  weights: Record<Criterion, number>
  updatedAt: Date | null
}

export async function loadSettings(db: Db): Promise<ProgrammeSettings> {
  const [row] = await db.select().from(allocationSettings).where(eq(allocationSettings.id, 'current'))
  if (!row) return { ...DEFAULT_ROUND, weights: { ...WEIGHTS }, updatedAt: null }
  const stored = row.weights as Partial<Record<Criterion, number>>
  return {
    phases: row.phases,
    pilotDistricts: (row.pilotDistricts as string[] | null) ?? null,
    tolerance: row.tolerancePct / 100,
    pointsPerKm: row.kmTenths / 10,
    weights: Object.fromEntries(CRITERIA.map((c) => [c, stored[c] ?? WEIGHTS[c]])) as Record<
      Criterion,
      number
    >,
    updatedAt: row.updatedAt,
  }
}

export interface SettingsInput {
  phases: 'organisations_first' | 'together'
  pilotDistricts: string[]
  tolerancePct: number
  kmTenths: number
  weights: Record<Criterion, number>
}

/** The programme manager changes the round's settings; the change is audited with before and after. */
export async function saveSettings(db: Db, actor: Actor, input: SettingsInput, now: Date) {
  const staff = staffOf(actor)
  authorize(staff, 'devices:allocate')
  return db.transaction(async (tx) => {
    const before = await loadSettings(tx)
    const row = {
      id: 'current',
      phases: input.phases,
      pilotDistricts: input.pilotDistricts.length ? input.pilotDistricts : null,
      tolerancePct: input.tolerancePct,
      kmTenths: input.kmTenths,
      weights: input.weights,
      updatedBy: await staffRowId(tx, staff.id),
      updatedAt: now,
    }
    await tx
      .insert(allocationSettings)
      .values(row)
      .onConflictDoUpdate({ target: allocationSettings.id, set: row })
    await audit(tx, staff, {
      entity: 'device_allocation_settings',
      entityId: 'current',
      action: 'settings.updated',
      before: { ...before, updatedAt: undefined },
      after: { ...input },
      at: now,
    })
    return loadSettings(tx)
  })
}

// ── where the centres are ──────────────────────────────────────────────────────────────────────

/**
 * Locations for travel: every district's centroid (Seoul reference data), and each centre placed at the
 * district its name or code mentions ("강서 재생센터", "11500"), else at the middle of the city.
 */
export async function locations(db: Db, centres: string[]) {
  const ds = await listDistricts(db)
  const districts = new Map<string, LatLon>(
    ds.map((d) => [d.code, { lat: Number(d.lat), lon: Number(d.lon) }]),
  )
  const mid: LatLon = ds.length
    ? {
        lat: ds.reduce((s, d) => s + Number(d.lat), 0) / ds.length,
        lon: ds.reduce((s, d) => s + Number(d.lon), 0) / ds.length,
      }
    : { lat: 37.5665, lon: 126.978 }
  const centreMap = new Map<string, LatLon>()
  for (const c of centres) {
    const low = c.toLowerCase()
    const hit = ds.find(
      (d) =>
        low.includes(d.code) ||
        low.includes(d.nameKo) ||
        low.includes(d.nameKo.replace(/구$/, '')) ||
        low.includes(d.nameEn.toLowerCase().replace(/-gu$/, '')),
    )
    centreMap.set(c, hit ? districts.get(hit.code)! : mid)
  }
  return { districts, centres: centreMap }
}

/** The centre key of a device without a recorded centre. */
export const NO_CENTRE = '-'

// ── the run ────────────────────────────────────────────────────────────────────────────────────

export interface RunResult {
  runId: string
  dryRun: boolean
  plan: MatchPlan
  committed: number
  /** The run with this id had been committed before: nothing changed. */
  already: boolean
  settings: ProgrammeSettings
}

async function plan(tx: Db, lock: boolean, settings: ProgrammeSettings, now: Date) {
  const devs = lock ? await repo.lockReadyDevices(tx) : await repo.listDevices(tx, { status: 'ready' })
  const apps = await repo.approvedApplications(tx)
  // only circumstances proven by a verified document count (priority.ts)
  const checks = await checksByApplication(tx, { approved: true })
  const input: MatchApplication[] = apps.map((a) => ({
    id: a.id,
    type: a.deviceType,
    quantity: a.quantity,
    minGrade: a.minGrade,
    districtCode: a.districtCode,
    score: scoreOf(a, checks.get(a.id) ?? [], now, settings.weights).score,
    createdAt: a.createdAt,
    applicantKind: a.applicantKind,
  }))
  const match = devs.map((d) => ({
    id: d.id,
    type: d.type,
    grade: d.grade,
    assetTag: d.assetTag,
    centre: d.centre?.trim() || NO_CENTRE,
  }))
  const where = await locations(tx, [...new Set(match.map((d) => d.centre))])
  const p = await matchInWorker(match, input, where.centres, where.districts, settings)
  return { devs, apps, plan: p }
}

/**
 * A dry run previews. A commit (with the preview's run id, so a double submit or a retry is a no-op)
 * locks the ready devices (SKIP LOCKED: a concurrent commit cannot take the same ones) and the
 * applications, reserves the devices, marks the applications allocated and queues a text message
 * with the reference number to each applicant, all in one transaction.
 */
export async function runMatchAllocation(
  db: Db,
  actor: Actor,
  opts: { dryRun: boolean; runId?: string | undefined },
  now: Date,
  move: (
    tx: Db,
    staff: Staff,
    device: repo.DeviceRow,
    to: DeviceStatus,
    now: Date,
    note: string | null,
  ) => Promise<void>,
): Promise<RunResult> {
  const staff = staffOf(actor)
  authorize(staff, 'devices:allocate')
  const settings = await loadSettings(db)
  const runId = opts.runId ?? crypto.randomUUID()
  if (opts.dryRun) {
    const r = await plan(db, false, settings, now)
    return { runId, dryRun: true, plan: r.plan, committed: 0, already: false, settings }
  }
  return db.transaction(async (tx) => {
    const claimed = await tx
      .insert(allocationRuns)
      .values({
        id: runId,
        committedBy: await staffRowId(tx, staff.id),
        committedAt: now,
        objective: 0,
        bound: 0,
        devices: 0,
        solver: '',
      })
      .onConflictDoNothing()
      .returning({ id: allocationRuns.id })
    const r = await plan(tx, claimed.length > 0, settings, now)
    if (claimed.length === 0)
      return { runId, dryRun: false, plan: r.plan, committed: 0, already: true, settings }
    const byId = new Map(r.devs.map((d) => [d.id, d]))
    let committed = 0
    for (const dec of r.plan.decisions) {
      if (dec.deviceIds.length === 0) continue
      const app = await repo.lockApplication(tx, dec.applicationId)
      if (app?.status !== 'approved') continue
      const ds = dec.deviceIds.map((id) => byId.get(id)).filter((d) => d && canMove(d.status, 'reserved'))
      if (ds.length !== dec.deviceIds.length) continue
      await repo.insertAllocations(
        tx,
        dec.deviceIds.map((deviceId) => ({
          runId,
          applicationId: app.id,
          deviceId,
          reason: JSON.stringify(dec.reason),
          createdAt: now,
        })),
      )
      for (const d of ds) await move(tx, staff, d!, 'reserved', now, applicationRef(app.id))
      await repo.updateApplication(tx, app.id, { status: 'allocated' })
      await audit(tx, staff, {
        entity: 'device_application',
        entityId: app.id,
        action: 'allocation.reserved',
        after: { runId, devices: dec.deviceIds.length },
        at: now,
      })
      await notify(
        tx,
        app,
        'devices.sms.allocated',
        { n: dec.deviceIds.length, link: `${publicUrl()}/devices/delivery` },
        `alloc:${app.id}`,
      )
      committed += dec.deviceIds.length
    }
    await tx
      .update(allocationRuns)
      .set({
        objective: Math.round(r.plan.objective),
        bound: Math.round(r.plan.bound),
        devices: committed,
        solver: r.plan.solver,
      })
      .where(eq(allocationRuns.id, runId))
    return { runId, dryRun: false, plan: r.plan, committed, already: false, settings }
  })
}

/**
 * Texts the applicant (a person's own phone, in their language) through the outbox, always with the
 * application's reference number. Organisations' batches are arranged by staff with the centre.
 */
export async function notify(
  tx: Db,
  app: { id: string; personId: string | null },
  key: string,
  /** Message parameters, or a function of the recipient's language (dates in their format). */
  params: Record<string, string | number> | ((locale: Locale) => Record<string, string | number>),
  dedupeKey: string,
  runAt?: Date,
) {
  if (!app.personId) return false
  const p = await findPerson(tx, app.personId)
  if (p?.status !== 'active') return false
  const view = presentPerson(p)
  if (!view.phone) return false
  const locale = (view.preferredLanguage === 'en' ? 'en' : 'ko') as Locale
  const ref = applicationRef(app.id)
  const text = translate(locale, key, { ...(typeof params === 'function' ? params(locale) : params), ref })
  const body = text.includes(ref) ? text : `${text} (${ref})`
  await enqueueSms(tx, { to: view.phone, body, reference: ref }, runAt ? { dedupeKey, runAt } : { dedupeKey })
  return true
}
