import type { DeviceStatus, DeviceType, Grade } from './tables.ts'

// ── device state machine ────────────────────────────────────────────────────────────────────────

/** Every allowed step of a device's life. Anything else is refused with a message naming both states. */
export const TRANSITIONS: Record<DeviceStatus, readonly DeviceStatus[]> = {
  received: ['wiping', 'recycled'],
  wiping: ['wiped', 'wipe_failed'],
  wipe_failed: ['wiping', 'recycled'],
  wiped: ['refurbishing'],
  refurbishing: ['graded', 'recycled'],
  graded: ['ready', 'refurbishing'],
  ready: ['reserved', 'retired', 'recycled'],
  reserved: ['delivered', 'ready'],
  delivered: ['in_repair', 'retired'],
  in_repair: ['delivered', 'retired', 'recycled'],
  retired: ['recycled'],
  recycled: [],
}

/** Steps that only the allocation and delivery use cases take (not a technician's button). */
export const SYSTEM_ONLY: readonly DeviceStatus[] = ['reserved', 'delivered', 'in_repair']

export const canMove = (from: DeviceStatus, to: DeviceStatus) => TRANSITIONS[from].includes(to)

/** Statuses a technician works on, in queue order. */
export const WORK_QUEUE: readonly DeviceStatus[] = [
  'received',
  'wipe_failed',
  'wiping',
  'wiped',
  'refurbishing',
  'graded',
]

// ── in-kind valuation (type × age × grade) ─────────────────────────────────────────────────────

/** Base value in KRW of a device under 3 years old, grade A. */
const BASE: Record<DeviceType, number> = {
  desktop: 300_000,
  laptop: 400_000,
  tablet: 200_000,
  monitor: 80_000,
}
const AGE_FACTOR = [
  { maxYears: 2, factor: 1 },
  { maxYears: 4, factor: 0.6 },
  { maxYears: 6, factor: 0.35 },
  { maxYears: Number.POSITIVE_INFINITY, factor: 0.15 },
] as const
const GRADE_FACTOR: Record<Grade, number> = { A: 1, B: 0.7, C: 0.4 }

/** The valuation table's value of one device, rounded down to 1,000 won; ungraded devices count as C. */
export function deviceValue(type: DeviceType, ageYears: number, grade: Grade | null): number {
  const age = AGE_FACTOR.find((a) => ageYears <= a.maxYears)!.factor
  return Math.floor((BASE[type] * age * GRADE_FACTOR[grade ?? 'C']) / 1000) * 1000
}

// ── eligibility and priority ───────────────────────────────────────────────────────────────────

export const CRITERIA = [
  'basicLivelihood',
  'nearPoverty',
  'disabled',
  'seniorAlone',
  'careLeaver',
  'singleParent',
  'multicultural',
  'schoolChildren',
] as const
export type Criterion = (typeof CRITERIA)[number]

/** Priority weights (points) per criterion; the programme manager's defaults. */
export const WEIGHTS: Record<Criterion, number> = {
  basicLivelihood: 30,
  nearPoverty: 20,
  disabled: 20,
  seniorAlone: 15,
  careLeaver: 20,
  singleParent: 10,
  multicultural: 5,
  schoolChildren: 10,
}
/** Points per full month of waiting, up to WAIT_CAP. */
export const WAIT_POINTS = 2
export const WAIT_CAP = 24
/** Anyone who got a device from a public programme within this many years is not eligible. */
export const EXCLUSION_YEARS = 2

export interface Reason {
  /** Message key (devices.rule.*) and its parameters: the explanation shown to people. */
  key: string
  params?: Record<string, string | number>
  points?: number
  met: boolean
}

export interface Assessment {
  eligible: boolean
  reasons: Reason[]
}

/** Who qualifies, and why: at least one criterion, and no public device in the last 2 years. */
export function assessEligibility(
  criteria: Partial<Record<Criterion, boolean>>,
  lastPublicDeviceAt: string | null,
  now: Date,
): Assessment {
  const reasons: Reason[] = CRITERIA.map((c) => ({ key: `devices.criterion.${c}`, met: !!criteria[c] }))
  const any = reasons.some((r) => r.met)
  if (!any) reasons.push({ key: 'devices.rule.noCriterion', met: false })
  let excluded = false
  if (lastPublicDeviceAt) {
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
  return { eligible: any && !excluded, reasons }
}

/** Priority score and its breakdown ("+30 basic livelihood, +8 waited 4 months"). */
export function priority(
  criteria: Partial<Record<Criterion, boolean>>,
  appliedAt: Date,
  now: Date,
  weights: Record<Criterion, number> = WEIGHTS,
): { score: number; breakdown: Reason[] } {
  const breakdown: Reason[] = CRITERIA.filter((c) => criteria[c]).map((c) => ({
    key: `devices.criterion.${c}`,
    points: weights[c],
    met: true,
  }))
  const months = Math.max(0, Math.floor((now.getTime() - appliedAt.getTime()) / (30 * 86_400_000)))
  const wait = Math.min(WAIT_CAP, months * WAIT_POINTS)
  if (wait > 0) breakdown.push({ key: 'devices.rule.waited', params: { months }, points: wait, met: true })
  return { score: breakdown.reduce((s, r) => s + (r.points ?? 0), 0), breakdown }
}

// ── allocation (deterministic greedy with district balance) ────────────────────────────────────

export interface AllocDevice {
  id: string
  type: DeviceType
  grade: Grade | null
  assetTag: string
}
export interface AllocApplication {
  id: string
  type: DeviceType
  quantity: number
  districtCode: string
  score: number
  createdAt: Date
  applicantKind: 'citizen' | 'proxy' | 'organisation'
}
export interface AllocDecision {
  applicationId: string
  deviceIds: string[]
  reason: Reason
}
export interface AllocPlan {
  decisions: AllocDecision[]
  districts: { code: string; need: number; cap: number; given: number }[]
  /** Sum of priority score × devices given. */
  objective: number
  /** Which method chose the applications: the HiGHS MILP, or greedy by priority (fallback). */
  solver: 'highs' | 'greedy'
  /** The greedy plan's objective on the same data, for comparison. */
  greedyObjective: number
}

/** Each district's cap: its share of approved need times the supply, plus `tolerance` (all need when supply suffices). */
export function districtCaps(apps: AllocApplication[], supply: number, tolerance: number) {
  const totalNeed = apps.reduce((s, a) => s + a.quantity, 0)
  const need = new Map<string, number>()
  for (const a of apps) need.set(a.districtCode, (need.get(a.districtCode) ?? 0) + a.quantity)
  const cap = new Map<string, number>()
  for (const [code, n] of need)
    cap.set(
      code,
      totalNeed <= supply ? n : Math.max(1, Math.ceil((supply * n * (1 + tolerance)) / totalNeed)),
    )
  return { need, cap }
}

/** Priority order: organisations first (programme phase), then score, then who applied first. */
export const priorityOrder = (apps: AllocApplication[]) =>
  [...apps].sort(
    (a, b) =>
      Number(b.applicantKind === 'organisation') - Number(a.applicantKind === 'organisation') ||
      b.score - a.score ||
      a.createdAt.getTime() - b.createdAt.getTime() ||
      a.id.localeCompare(b.id),
  )

/**
 * Fills approved applications in priority order (organisations first, then score, then who applied
 * first), best grade first, while each district stays within `tolerance` of its share of approved
 * need. Deterministic: the same inputs give the same plan. Every application gets a reason.
 */
export function planAllocation(
  devs: AllocDevice[],
  apps: AllocApplication[],
  tolerance = 0.1,
  chosen?: ReadonlySet<string>,
): AllocPlan {
  const gradeRank = (g: Grade | null) => (g === 'A' ? 0 : g === 'B' ? 1 : g === 'C' ? 2 : 3)
  const pool = new Map<DeviceType, AllocDevice[]>()
  for (const d of [...devs].sort(
    (a, b) => gradeRank(a.grade) - gradeRank(b.grade) || a.assetTag.localeCompare(b.assetTag),
  ))
    pool.set(d.type, [...(pool.get(d.type) ?? []), d])
  const { need, cap } = districtCaps(apps, devs.length, tolerance)
  const given = new Map<string, number>()
  const order = priorityOrder(apps)
  const decisions: AllocDecision[] = []
  let objective = 0
  order.forEach((a, i) => {
    const rank = i + 1
    const free = pool.get(a.type) ?? []
    const room = (cap.get(a.districtCode) ?? 0) - (given.get(a.districtCode) ?? 0)
    if (free.length < a.quantity) {
      decisions.push({
        applicationId: a.id,
        deviceIds: [],
        reason: { key: 'devices.alloc.noStock', params: { rank }, met: false },
      })
      return
    }
    if (chosen && !chosen.has(a.id) && free.length >= a.quantity && room >= a.quantity) {
      decisions.push({
        applicationId: a.id,
        deviceIds: [],
        reason: { key: 'devices.alloc.outscored', params: { rank }, met: false },
      })
      return
    }
    if (room < a.quantity) {
      decisions.push({
        applicationId: a.id,
        deviceIds: [],
        reason: {
          key: 'devices.alloc.districtCap',
          params: { rank, cap: cap.get(a.districtCode) ?? 0 },
          met: false,
        },
      })
      return
    }
    const taken = free.splice(0, a.quantity)
    given.set(a.districtCode, (given.get(a.districtCode) ?? 0) + a.quantity)
    objective += a.score * a.quantity
    decisions.push({
      applicationId: a.id,
      deviceIds: taken.map((d) => d.id),
      reason: { key: 'devices.alloc.gets', params: { rank, score: a.score }, met: true },
    })
  })
  return {
    decisions,
    objective,
    solver: chosen ? 'highs' : 'greedy',
    greedyObjective: objective,
    districts: [...need].map(([code, n]) => ({
      code,
      need: n,
      cap: cap.get(code) ?? 0,
      given: given.get(code) ?? 0,
    })),
  }
}
