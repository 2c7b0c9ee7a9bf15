/**
 * Digital guides (issue #6): teams, candidate sites and hotspot scores, the deployment plan (solved in a
 * worker, versioned, published plans never change), the field page's check-ins and assists (idempotent by
 * the key made on the phone), the live board, the heatmap and the weekly report.
 */
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { parse } from '../../platform/http/parse.ts'
import type { RequestMeta } from '../../platform/http/request-meta.ts'
import { ReferralInput } from '../helpdesk/schema.ts'
import { referQuestion } from '../helpdesk/service.ts'
import { listDistricts } from '../reference/service.ts'
import { enterPaperAnswers, recordKioskReport } from '../voice/service.ts'
import { KIOSK_PROBLEMS, KIOSK_TYPES } from '../voice/tables.ts'
import { demandPoints } from './demand.ts'
import { coverage, km, type PlanInput, type PlanResult } from './optimise.ts'
import { planInWorker } from './plan-run.ts'
import * as repo from './repo.ts'
import type {
  AssistInput,
  CheckInput,
  FieldAnswerInput,
  RuleInput,
  SettingsInput,
  SiteInput,
  TeamInput,
} from './schema.ts'
import { type AssistWhat, SHIFTS } from './tables.ts'

type Staff = Extract<Actor, { kind: 'staff' }>
const staffOf = (actor: Actor): Staff => {
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  return actor
}
/** Staff ids that are real staff rows (a command-line token's integration account is one too). */
const by = (s: Staff) => s.id

// ── time in the city ───────────────────────────────────────────────────────────────────────────

const TZ = 'Asia/Seoul'
const DAY = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']

/** The local weekday, hour and date (yyyy-mm-dd) of an instant in Seoul. */
export function localTime(now: Date) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: TZ,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hour12: false,
      weekday: 'short',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  )
  const day = String(parts.weekday).toLowerCase().slice(0, 3)
  return { day, hour: Number(parts.hour) % 24, date: `${parts.year}-${parts.month}-${parts.day}` }
}

/** The shift an instant falls in (weekday morning until 13:00, afternoon after), or null at weekends. */
export function shiftOf(now: Date): string | null {
  const t = localTime(now)
  if (!['mon', 'tue', 'wed', 'thu', 'fri'].includes(t.day)) return null
  return `${t.day}-${t.hour < 13 ? 'am' : 'pm'}`
}

/** Midnight (Seoul) of the local day of `now`, as an instant. */
export function startOfLocalDay(now: Date): Date {
  return new Date(`${localTime(now).date}T00:00:00+09:00`)
}

/** The Monday (yyyy-mm-dd) of the week a plan made at `now` applies to (next Monday at weekends). */
export function weekStartOf(now: Date): string {
  const t = localTime(now)
  const d = new Date(`${t.date}T12:00:00+09:00`)
  const dow = DAY.indexOf(t.day)
  const shift = dow === 0 ? 1 : dow === 6 ? 2 : 1 - dow
  d.setUTCDate(d.getUTCDate() + shift)
  return d.toISOString().slice(0, 10)
}

// ── settings, sites, hotspots ─────────────────────────────────────────────────────────────────

export interface Settings {
  weights: { seniors: number; facilities: number; assists: number }
  walkM: number
  travelKm: number
  minPerDistrict: number
  timeLimitS: number
}
export const DEFAULT_SETTINGS: Settings = {
  weights: { seniors: 1, facilities: 0.3, assists: 0.3 },
  walkM: 500,
  travelKm: 3,
  minPerDistrict: 1,
  timeLimitS: 10,
}

export async function loadSettings(db: Db): Promise<Settings> {
  const r = await repo.settingsRow(db)
  if (!r) return DEFAULT_SETTINGS
  return {
    weights: r.weights,
    walkM: r.walkM,
    travelKm: r.travelKm,
    minPerDistrict: r.minPerDistrict,
    timeLimitS: r.timeLimitS,
  }
}

export async function saveSettings(db: Db, actor: Actor, input: SettingsInput, now: Date) {
  const s = staffOf(actor)
  authorize(s, 'guides:plan')
  return db.transaction(async (tx) => {
    const before = await loadSettings(tx)
    const after: Settings = {
      weights: { seniors: input.seniors, facilities: input.facilities, assists: input.assists },
      walkM: Math.round(input.walkM),
      travelKm: input.travelKm,
      minPerDistrict: Math.round(input.minPerDistrict),
      timeLimitS: Math.round(input.timeLimitS),
    }
    await repo.upsertSettings(tx, { id: 'current', ...after, updatedBy: by(s), updatedAt: now })
    await audit(tx, s, {
      entity: 'guide_settings',
      entityId: 'current',
      action: 'settings.updated',
      before,
      after,
      at: now,
    })
    return after
  })
}

export async function addSite(db: Db, actor: Actor, input: SiteInput, now: Date) {
  const s = staffOf(actor)
  authorize(s, 'guides:plan')
  const id = `gs-${crypto.randomUUID().slice(0, 8)}`
  await db.transaction(async (tx) => {
    await repo.insertSite(tx, { id, ...input, addedBy: by(s), createdAt: now })
    await audit(tx, s, { entity: 'guide_site', entityId: id, action: 'created', after: input, at: now })
  })
  return id
}

export interface Hotspot extends repo.CandidateSite {
  seniors: number
  facilities: number
  assists: number
  score: number
}

/**
 * Hotspot score of every candidate site, 0–100: the weighted mean of its seniors within walking distance,
 * the facilities (any reference place) within walking distance and the assists logged there in the last
 * 90 days, each relative to the largest site's.
 */
export async function hotspots(db: Db, city: string, now: Date, settings?: Settings): Promise<Hotspot[]> {
  const st = settings ?? (await loadSettings(db))
  const sites = await repo.candidateSites(db)
  if (sites.length === 0) return []
  const siteRefs = sites.map((s) => ({ id: s.id, lat: s.lat, lon: s.lon, district: s.districtCode }))
  const demand = demandPoints(city)
  const cov = coverage(siteRefs, demand, st.walkM)
  const seniors = new Array<number>(sites.length).fill(0)
  cov.forEach((c, i) => {
    for (const j of c) seniors[j]! += demand[i]!.w
  })
  const fac = new Array<number>(sites.length).fill(0)
  const placeCov = coverage(
    siteRefs,
    (await repo.allPlacePoints(db)).map((p) => ({ ...p, w: 1 })),
    st.walkM,
  )
  for (const c of placeCov) for (const j of c) fac[j]!++
  const since = new Date(now.getTime() - 90 * 86_400_000)
  const counts = new Map((await repo.assistCountsBySite(db, since)).map((r) => [r.siteId, r.n]))
  const maxS = Math.max(1, ...seniors)
  const maxF = Math.max(1, ...fac)
  const maxA = Math.max(1, ...counts.values())
  const w = st.weights
  const wsum = w.seniors + w.facilities + w.assists || 1
  return sites
    .map((s, j) => {
      const a = counts.get(s.id) ?? 0
      const score =
        (100 *
          (w.seniors * (seniors[j]! / maxS) + w.facilities * (fac[j]! / maxF) + w.assists * (a / maxA))) /
        wsum
      return {
        ...s,
        seniors: Math.round(seniors[j]!),
        facilities: fac[j]!,
        assists: a,
        score: Math.round(score * 10) / 10,
      }
    })
    .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id))
}

// ── teams and rules ───────────────────────────────────────────────────────────────────────────

export const listTeams = (db: Db) => repo.teams(db)
export const freeGuides = (db: Db) => repo.freeGuides(db)
/** Guide check-ins since a time (other domains count volunteer hours from finished shifts). */
export const checkinsSince = (db: Db, since: Date) => repo.checkinsSince(db, since)
export const listRules = (db: Db) => repo.rules(db)

export async function createTeam(db: Db, actor: Actor, input: TeamInput, now: Date) {
  const s = staffOf(actor)
  authorize(s, 'guides:plan')
  if (new Set(input.members).size !== 2)
    throw new AppError('validation', 'validation.summary', { members: 'guides.err.members' })
  return db.transaction(async (tx) => {
    const staff = await repo.staffByIds(tx, input.members)
    if (staff.length !== 2 || staff.some((m) => m.role !== 'digital_guide' || m.disabledAt))
      throw new AppError('validation', 'validation.summary', { members: 'guides.err.notGuides' })
    if ((await repo.membersIn(tx, input.members)).length)
      throw new AppError('validation', 'validation.summary', { members: 'guides.err.inTeam' })
    const order = SHIFTS.filter((x) => input.shifts.includes(x))
    const t = await repo.insertTeam(
      tx,
      { title: input.title, homeDistrict: input.homeDistrict, shifts: order, createdAt: now },
      input.members,
    )
    await audit(tx, s, { entity: 'guide_team', entityId: t.id, action: 'created', after: input, at: now })
    return t
  })
}

export async function addRule(db: Db, actor: Actor, input: RuleInput, now: Date) {
  const s = staffOf(actor)
  authorize(s, 'guides:plan')
  const sites = new Set((await repo.candidateSites(db)).map((x) => x.id))
  if (!sites.has(input.siteId))
    throw new AppError('validation', 'validation.summary', { siteId: 'guides.err.site' })
  if (input.kind === 'pin') {
    const team = (await repo.teams(db)).find((t) => t.id === input.teamId)
    if (!team) throw new AppError('validation', 'validation.summary', { teamId: 'guides.err.team' })
    if (!team.shifts.includes(input.shift!))
      throw new AppError('validation', 'validation.summary', { shift: 'guides.err.teamOff' })
    const clash = (await repo.rules(db)).find(
      (r) =>
        r.kind === 'pin' &&
        r.shift === input.shift &&
        (r.teamId === input.teamId || r.siteId === input.siteId),
    )
    if (clash) throw new AppError('validation', 'validation.summary', { siteId: 'guides.err.pinClash' })
  }
  return db.transaction(async (tx) => {
    const [r] = await repo.insertRule(tx, {
      kind: input.kind,
      siteId: input.siteId,
      shift: input.shift ?? null,
      teamId: input.kind === 'pin' ? (input.teamId ?? null) : null,
      createdBy: by(s),
      createdAt: now,
    })
    await audit(tx, s, { entity: 'guide_rule', entityId: r!.id, action: 'created', after: input, at: now })
    return r!
  })
}

export async function removeRule(db: Db, actor: Actor, id: string, now: Date) {
  const s = staffOf(actor)
  authorize(s, 'guides:plan')
  await db.transaction(async (tx) => {
    const [r] = await repo.deleteRule(tx, id)
    if (!r) throw new AppError('not_found', 'error.notFound')
    await audit(tx, s, { entity: 'guide_rule', entityId: id, action: 'deleted', before: r, at: now })
  })
}

// ── plans ─────────────────────────────────────────────────────────────────────────────────────

/** Builds the optimiser's input from the database (sites with hotspot bonuses, teams, rules, demand). */
export async function planInput(db: Db, city: string, now: Date, settings?: Settings): Promise<PlanInput> {
  const st = settings ?? (await loadSettings(db))
  const spots = await hotspots(db, city, now, st)
  const maxF = Math.max(1, ...spots.map((h) => h.facilities))
  const maxA = Math.max(1, ...spots.map((h) => h.assists))
  const meanS = spots.reduce((a, h) => a + h.seniors, 0) / Math.max(1, spots.length)
  const w = st.weights
  // facilities and past assists add to a site's value relative to the seniors' weight
  const bonusOf = (h: Hotspot) =>
    w.seniors > 0
      ? (meanS * (w.facilities * (h.facilities / maxF) + w.assists * (h.assists / maxA))) / w.seniors
      : 0
  const ts = await repo.teams(db)
  const rs = await repo.rules(db)
  const districts = Object.fromEntries(
    (await listDistricts(db)).map((d) => [d.code, { lat: d.lat, lon: d.lon }]),
  )
  const demand = demandPoints(city).map((p) => ({ lat: p.lat, lon: p.lon, w: w.seniors > 0 ? p.w : 0 }))
  return {
    sites: spots.map((h) => ({
      id: h.id,
      lat: h.lat,
      lon: h.lon,
      district: h.districtCode,
      bonus: Math.round(bonusOf(h)),
    })),
    demand,
    teams: ts.map((t) => ({ id: t.id, home: t.homeDistrict, shifts: t.shifts })),
    shifts: [...SHIFTS],
    districts,
    walkM: st.walkM,
    travelKm: st.travelKm,
    minPerDistrict: st.minPerDistrict,
    pins: rs
      .filter((r) => r.kind === 'pin' && r.teamId && r.shift)
      .map((r) => ({ teamId: r.teamId!, siteId: r.siteId, shift: r.shift! })),
    forbids: rs.filter((r) => r.kind === 'forbid').map((r) => ({ siteId: r.siteId, shift: r.shift })),
    timeLimitS: st.timeLimitS,
    mipGap: 0.005,
  }
}

/**
 * Runs the optimiser (HiGHS in a worker; greedy if it fails) and keeps the result as the new draft version
 * (an older draft is replaced; published versions stay as they are).
 */
export async function runPlan(db: Db, actor: Actor, city: string, now: Date, solve = planInWorker) {
  const s = staffOf(actor)
  authorize(s, 'guides:plan')
  const st = await loadSettings(db)
  const input = await planInput(db, city, now, st)
  if (input.teams.length === 0) throw new AppError('conflict', 'guides.err.noTeams')
  const result = await solve(input)
  return savePlan(db, s, input, result, st, now)
}

async function savePlan(db: Db, s: Staff, input: PlanInput, r: PlanResult, st: Settings, now: Date) {
  const sites = new Map((await repo.candidateSites(db)).map((x) => [x.id, x]))
  return db.transaction(async (tx) => {
    await repo.deleteDrafts(tx)
    const version = await repo.nextVersion(tx)
    const p = await repo.insertPlan(
      tx,
      {
        version,
        status: 'draft',
        weekStart: weekStartOf(now),
        solver: r.solver,
        covered: r.covered,
        totalDemand: r.totalDemand,
        objective: r.objective,
        bound: r.bound,
        gap: Number.isFinite(r.gap) ? r.gap : 0,
        greedyCovered: r.greedy.covered,
        elapsedMs: Math.round(r.ms),
        stats: { ...r.stats, status: r.status, warnings: r.warnings, greedyObjective: r.greedy.objective },
        settings: {
          ...st,
          teams: input.teams.length,
          sites: input.sites.length,
          demandPoints: input.demand.length,
        },
        createdBy: by(s),
        createdAt: now,
      },
      r.placements.map((pl) => {
        const site = sites.get(pl.siteId)!
        return {
          teamId: pl.teamId,
          shift: pl.shift,
          siteId: pl.siteId,
          labelKo: site.labelKo,
          labelEn: site.labelEn,
          districtCode: site.districtCode,
          lat: site.lat,
          lon: site.lon,
          covered: Math.round(pl.covered),
          pinned: pl.pinned,
        }
      }),
    )
    await audit(tx, s, {
      entity: 'guide_plan',
      entityId: p.id,
      action: 'computed',
      after: { version, solver: r.solver, covered: r.covered, gap: r.gap },
      at: now,
    })
    return p
  })
}

export async function getPlan(db: Db, actor: Actor, id: string) {
  authorize(staffOf(actor), 'guides:plan')
  const p = await repo.plan(db, id)
  if (!p) throw new AppError('not_found', 'error.notFound')
  return { plan: p, assignments: await repo.assignments(db, id) }
}

export async function listPlans(db: Db, actor: Actor) {
  authorize(staffOf(actor), 'guides:plan')
  return repo.plans(db)
}

/** The plan the manager works on: the newest version (draft or published). */
export async function currentPlan(db: Db, actor: Actor) {
  authorize(staffOf(actor), 'guides:plan')
  const p = await repo.latestPlan(db)
  return p ? { plan: p, assignments: await repo.assignments(db, p.id) } : null
}

/** Publishes a draft: the published version before it is superseded. A published plan never changes. */
export async function publishPlan(db: Db, actor: Actor, id: string, now: Date) {
  const s = staffOf(actor)
  authorize(s, 'guides:plan')
  return db.transaction(async (tx) => {
    const p = await repo.lockPlan(tx, id)
    if (!p) throw new AppError('not_found', 'error.notFound')
    if (p.status !== 'draft') throw new AppError('conflict', 'guides.err.notDraft')
    await repo.supersede(tx, id, now)
    await repo.markPublished(tx, id, by(s), now)
    await audit(tx, s, {
      entity: 'guide_plan',
      entityId: id,
      action: 'published',
      after: { version: p.version },
      at: now,
    })
    return { ...p, status: 'published' as const }
  })
}

// ── the field page ────────────────────────────────────────────────────────────────────────────

/** Whose field data an actor may see: a guide only their own; managers anyone's. */
function fieldScope(actor: Actor) {
  const s = staffOf(actor)
  authorize(s, 'guides:field')
  return { staff: s, own: scopeFor(s.role, 'guides:field') === 'own' }
}

/** A guide's week (their team's assignments in the published plan) and today's shift. */
export async function mySchedule(db: Db, actor: Actor, now: Date) {
  const { staff } = fieldScope(actor)
  const team = await repo.teamOfStaff(db, staff.id)
  const published = await repo.latestPlan(db, 'published')
  const week = team && published ? await repo.assignments(db, published.id, team.id) : []
  const shift = shiftOf(now)
  const today = localTime(now).day
  return {
    team: team ?? null,
    plan: published ?? null,
    week,
    shift,
    now: week.find((a) => a.shift === shift) ?? null,
    today: week.filter((a) => a.shift.startsWith(`${today}-`)),
    open: (await repo.openCheckin(db, staff.id)) ?? null,
    assists: await repo.assistsOf(db, staff.id, startOfLocalDay(now)),
  }
}

/** The site a guide names, or today's/the current site (a guide logs only at their own team's sites or any candidate site). */
async function siteFor(db: Db, siteId: string | undefined, fallback: repo.AssignmentRow | null) {
  const id = siteId ?? fallback?.siteId
  if (!id) throw new AppError('validation', 'validation.summary', { siteId: 'guides.err.site' })
  const site = (await repo.candidateSites(db)).find((s) => s.id === id)
  if (!site) throw new AppError('validation', 'validation.summary', { siteId: 'guides.err.site' })
  return site
}

const atOf = (at: string | undefined, now: Date) => {
  if (!at) return now
  const d = new Date(at)
  // an entry from the phone's queue keeps its own time, but never a future one or one older than a week
  return d.getTime() > now.getTime() || now.getTime() - d.getTime() > 7 * 86_400_000 ? now : d
}

export async function checkIn(db: Db, actor: Actor, input: CheckInput, now: Date) {
  const { staff } = fieldScope(actor)
  const prior = await repo.checkinByKey(db, input.key)
  if (prior) {
    if (prior.staffId !== staff.id) throw new AppError('conflict', 'guides.err.key')
    return { checkin: prior, replayed: true }
  }
  const sched = await mySchedule(db, actor, now)
  const site = await siteFor(db, input.siteId, sched.now ?? sched.today[0] ?? null)
  const at = atOf(input.at, now)
  return db.transaction(async (tx) => {
    await repo.closeCheckins(tx, staff.id, at)
    const [row] = await repo.insertCheckin(tx, {
      idemKey: input.key,
      staffId: staff.id,
      teamId: sched.team?.id ?? null,
      assignmentId: sched.week.find((a) => a.siteId === site.id && a.shift === shiftOf(at))?.id ?? null,
      siteId: site.id,
      labelKo: site.labelKo,
      labelEn: site.labelEn,
      lat: site.lat,
      lon: site.lon,
      checkedInAt: at,
    })
    if (!row) return { checkin: (await repo.checkinByKey(tx, input.key))!, replayed: true }
    return { checkin: row, replayed: false }
  })
}

export async function checkOut(db: Db, actor: Actor, input: CheckInput, now: Date) {
  const { staff } = fieldScope(actor)
  const closed = await repo.closeCheckins(db, staff.id, atOf(input.at, now))
  return { closed: closed.length, replayed: closed.length === 0 }
}

/**
 * Records one answer to an open opinion question, asked by a guide in the field (voice keeps it as a
 * "field" answer, anonymous). The key made on the phone at the tap makes a re-send change nothing; the
 * key and the answer are written in one transaction, so a refused answer leaves the key unused.
 */
export async function answerInField(db: Db, actor: Actor, input: FieldAnswerInput, now: Date) {
  const { staff } = fieldScope(actor)
  const prior = await repo.fieldAnswerByKey(db, input.key)
  if (prior) {
    if (prior.staffId !== staff.id) throw new AppError('conflict', 'guides.err.key')
    return { replayed: true }
  }
  const at = atOf(input.at, now)
  return db.transaction(async (tx) => {
    const row = await repo.claimFieldAnswerKey(tx, {
      idemKey: input.key,
      staffId: staff.id,
      campaignId: input.campaignId,
      createdAt: now,
    })
    if (!row) return { replayed: true }
    await enterPaperAnswers(
      tx,
      actor,
      input.campaignId,
      {
        choice: input.choice,
        respondentGroup: input.respondentGroup,
        districtCode: input.districtCode,
        count: 1,
        channel: 'field',
      },
      at,
    )
    return { replayed: false }
  })
}

const CATEGORY: Record<AssistWhat, 'kiosk' | 'phone_basics' | 'apps' | 'internet' | 'scam' | 'device'> = {
  kiosk: 'kiosk',
  smartphone: 'phone_basics',
  banking_app: 'apps',
  transport_app: 'apps',
  public_service: 'internet',
  scam_worry: 'scam',
  other: 'device',
}

/**
 * Logs one assist. The key (made on the phone at the tap) makes a re-send change nothing. An optional
 * kiosk-difficulty report goes to the voice module (recordKioskReport); an optional referral, with the
 * person's consent, becomes a help-desk referral (guides may not enrol people or open repair tickets
 * themselves, so a class or a repair is a referral that names the need). All in one transaction.
 */
export async function logAssist(db: Db, actor: Actor, input: AssistInput, meta: RequestMeta) {
  const { staff } = fieldScope(actor)
  const prior = await repo.assistByKey(db, input.key)
  if (prior) {
    if (prior.staffId !== staff.id) throw new AppError('conflict', 'guides.err.key')
    return { assist: prior, replayed: true }
  }
  const sched = await mySchedule(db, actor, meta.now)
  const site = await siteFor(db, input.siteId, sched.now)
  const at = atOf(input.at, meta.now)
  const kiosk =
    input.what === 'kiosk' && (input.kioskCompany || input.kioskType || input.kioskProblems.length)
  return db.transaction(async (tx) => {
    const [row] = await repo.insertAssist(tx, {
      idemKey: input.key,
      staffId: staff.id,
      teamId: sched.team?.id ?? null,
      assignmentId: sched.week.find((a) => a.siteId === site.id && a.shift === shiftOf(at))?.id ?? null,
      siteId: site.id,
      labelKo: site.labelKo,
      labelEn: site.labelEn,
      districtCode: site.districtCode,
      lat: site.lat,
      lon: site.lon,
      what: input.what,
      outcome: input.outcome,
      minutes: Math.round(input.minutes),
      occurredAt: at,
      kioskKind: kiosk ? (input.kioskType ?? null) : null,
      kioskProblem: kiosk
        ? [input.kioskCompany, ...input.kioskProblems, input.kioskHard].filter(Boolean).join('; ')
        : null,
      referralKind: input.referral ?? null,
      createdAt: meta.now,
    })
    if (!row) return { assist: (await repo.assistByKey(tx, input.key))!, replayed: true }
    if (kiosk) {
      await kioskReport(
        tx,
        {
          company: input.kioskCompany ?? '',
          kioskType: (KIOSK_TYPES as readonly string[]).includes(input.kioskType ?? '')
            ? input.kioskType
            : 'other',
          place: site.labelKo,
          districtCode: site.districtCode,
          problems: input.kioskProblems.filter((p) => (KIOSK_PROBLEMS as readonly string[]).includes(p)),
          hardText: input.kioskHard,
          source: 'guide',
          reportedBy: staff.id,
        } as never,
        at,
      )
    }
    if (input.referral) {
      const need = input.need?.trim() || ''
      const question = `[${input.referral}] ${need || input.what} (${site.labelKo})`.slice(0, 3000)
      const ref = parse(ReferralInput, {
        referralChannel: 'event',
        name: input.name,
        phone: input.phone,
        consentGiven: input.consent ? 'yes' : 'no',
        consentMethod: 'verbal',
        category: CATEGORY[input.what],
        question: question.length >= 5 ? question : `${question} ----`,
        replyChannel: 'call',
        language: meta.locale ?? 'ko',
        referralNote: `guide ${input.referral}`,
      })
      const t = await referQuestion(tx, actor, ref, { ...meta, now: meta.now })
      await repo.setAssistReferral(tx, row.id, t.id)
      row.referralTicketId = t.id
    }
    return { assist: row, replayed: false }
  })
}

/**
 * One assist by its key as other domains may see it (voice's survey after an assist): who logged it, the
 * district of the place and when; null when no assist has that key. Nothing about the person helped.
 */
export async function assistByKey(db: Db, key: string) {
  const a = await repo.assistByKey(db, key)
  return a
    ? { key: a.idemKey, staffId: a.staffId, districtCode: a.districtCode, occurredAt: a.occurredAt }
    : null
}

/** The voice module's kiosk report, its field errors named as on the field page. */
async function kioskReport(...args: Parameters<typeof recordKioskReport>) {
  try {
    return await recordKioskReport(...args)
  } catch (e) {
    if (!(e instanceof AppError)) throw e
    const names: Record<string, string> = {
      company: 'kioskCompany',
      kioskType: 'kioskType',
      problems: 'kioskProblems',
      hardText: 'kioskHard',
      place: 'siteId',
      districtCode: 'siteId',
    }
    const fields = Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [names[k] ?? k, v]))
    throw new AppError(e.code, e.message, fields, e.params)
  }
}

// ── the manager's views ───────────────────────────────────────────────────────────────────────

/** Who is checked in where now, and today's planned positions with whether the team has arrived. */
export async function liveBoard(db: Db, actor: Actor, now: Date) {
  authorize(staffOf(actor), 'guides:plan')
  const today = startOfLocalDay(now)
  const rows = await repo.checkinsSince(db, today)
  const open = rows.filter((r) => !r.c.checkedOutAt)
  const published = await repo.latestPlan(db, 'published')
  const shift = shiftOf(now)
  const planned =
    published && shift ? (await repo.assignments(db, published.id)).filter((a) => a.shift === shift) : []
  const teams = new Map((await repo.teams(db)).map((t) => [t.id, t]))
  return {
    open,
    done: rows.filter((r) => r.c.checkedOutAt),
    shift,
    planned: planned.map((a) => ({
      ...a,
      team: teams.get(a.teamId)?.title ?? '',
      here: open.filter((o) => o.c.siteId === a.siteId).map((o) => o.displayName),
    })),
  }
}

/**
 * Where guides are checked in right now (today's open check-ins), one row per site with how many: the
 * live board's map layer. No names: a map layer may be read by anyone with map:read.
 */
export async function checkedInNow(db: Db, now: Date) {
  const bySite = new Map<string, { c: repo.CheckinRow; n: number }>()
  for (const r of await repo.checkinsSince(db, startOfLocalDay(now))) {
    if (r.c.checkedOutAt || r.c.lat === null || r.c.lon === null) continue
    const e = bySite.get(r.c.siteId) ?? { c: r.c, n: 0 }
    e.n++
    bySite.set(r.c.siteId, e)
  }
  return [...bySite.values()]
}

export const HOURS = [9, 10, 11, 12, 13, 14, 15, 16] as const

/** Assists by place and local hour over the last `days` days (the heatmap and its table). */
export async function heatmap(
  db: Db,
  actor: Actor,
  q: { days: number; district?: string | undefined },
  now: Date,
) {
  authorize(staffOf(actor), 'guides:plan')
  const from = new Date(now.getTime() - q.days * 86_400_000)
  const rows = await repo.assistsBetween(db, from, new Date(now.getTime() + 60_000), q.district)
  const bySite = new Map<
    string,
    {
      siteId: string
      labelKo: string
      labelEn: string
      districtCode: string | null
      lat: number | null
      lon: number | null
      hours: number[]
      total: number
    }
  >()
  for (const a of rows) {
    const h = localTime(a.occurredAt).hour
    const k = Math.min(HOURS.length - 1, Math.max(0, h - HOURS[0]))
    const e = bySite.get(a.siteId) ?? {
      siteId: a.siteId,
      labelKo: a.labelKo,
      labelEn: a.labelEn,
      districtCode: a.districtCode,
      lat: a.lat,
      lon: a.lon,
      hours: HOURS.map(() => 0),
      total: 0,
    }
    e.hours[k]!++
    e.total++
    bySite.set(a.siteId, e)
  }
  return [...bySite.values()].sort((a, b) => b.total - a.total || a.siteId.localeCompare(b.siteId))
}

/** The weekly report: per team, assists by kind, outcomes, minutes and referrals (Mon–Sun, Seoul). */
export async function weeklyReport(db: Db, actor: Actor, week: string | undefined, now: Date) {
  authorize(staffOf(actor), 'guides:plan')
  const start = new Date(`${week ?? weekStartOf(new Date(now.getTime() - 5 * 86_400_000))}T00:00:00+09:00`)
  if (Number.isNaN(start.getTime()))
    throw new AppError('validation', 'validation.summary', { week: 'guides.err.week' })
  const end = new Date(start.getTime() + 7 * 86_400_000)
  const rows = await repo.assistsBetween(db, start, end)
  const teams = new Map((await repo.teams(db)).map((t) => [t.id, t]))
  const out = new Map<
    string,
    {
      team: string
      district: string
      assists: number
      minutes: number
      referrals: number
      solved: number
      what: Record<string, number>
    }
  >()
  for (const a of rows) {
    const key = a.teamId ?? '-'
    const t = a.teamId ? teams.get(a.teamId) : undefined
    const e = out.get(key) ?? {
      team: t?.title ?? '-',
      district: t?.homeDistrict ?? '',
      assists: 0,
      minutes: 0,
      referrals: 0,
      solved: 0,
      what: {},
    }
    e.assists++
    e.minutes += a.minutes
    if (a.referralKind) e.referrals++
    if (a.outcome === 'solved') e.solved++
    e.what[a.what] = (e.what[a.what] ?? 0) + 1
    out.set(key, e)
  }
  return {
    weekStart: start.toISOString().slice(0, 10),
    from: start,
    to: end,
    rows: [...out.values()].sort((a, b) => a.team.localeCompare(b.team)),
  }
}

/** Today's team positions for "find help near me" (published plan, the current or next shift today). */
export async function positionsToday(db: Db, now: Date) {
  const published = await repo.latestPlan(db, 'published')
  const shift = shiftOf(now)
  if (!published || !shift) return []
  return (await repo.assignments(db, published.id)).filter((a) => a.shift === shift)
}

/** Distance from a point to a site in metres (the field page's "how far"). */
export const metresBetween = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
  Math.round(km(a, b) * 1000)

/**
 * For anonymous statistics (the stats collector): assists recorded after a cursor (time written, id),
 * oldest first, at most `limit`; an assist has no person. Read-only.
 */
export async function assistStatFacts(db: Db, after: { at: Date; id: string }, limit: number) {
  return (await repo.assistsRecordedAfter(db, after, limit)).map((r) => ({
    id: r.id,
    at: new Date(r.at),
    recordedAt: new Date(r.recordedAt),
    districtCode: r.districtCode,
  }))
}
