import type { DeviceStatus, DeviceType, DocumentKind, Grade } from './tables.ts'

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
  /**
   * A claimed circumstance that does not count (yet): its document has not been checked by staff, or the
   * latest check found it not valid. `params.points` holds what it would add once proven.
   */
  proof?: 'unchecked' | 'not_valid'
}

/** The document that proves each circumstance a computer application can claim. */
export const PROOF_OF: Record<Criterion, DocumentKind> = {
  basicLivelihood: 'livelihood_certificate',
  nearPoverty: 'near_poverty_certificate',
  disabled: 'disability_certificate',
  seniorAlone: 'id_card',
  careLeaver: 'care_leaver_certificate',
  singleParent: 'family_relation',
  multicultural: 'family_relation',
  schoolChildren: 'school_enrolment',
}

/** Where a claimed circumstance stands: its document's latest check by staff, or none yet. */
export type ProofStatus = 'verified' | 'not_valid' | 'unchecked'
/**
 * The proof behind an application's claims: `'vouched'` for an organisation's batch (the organisation
 * vouches for its users, as at approval), else each claimed circumstance's status.
 */
export type Proofs = 'vouched' | Partial<Record<Criterion, ProofStatus>>

/**
 * Each claimed circumstance's status from the staff's document checks (oldest first): the latest check of
 * the document that proves it decides — "verified" counts, "not_valid" does not, no check is "unchecked".
 */
export function claimProofs(
  criteria: Partial<Record<Criterion, boolean>>,
  checks: readonly { document: string; result: 'verified' | 'not_valid' }[],
): Partial<Record<Criterion, ProofStatus>> {
  const latest = new Map<string, 'verified' | 'not_valid'>()
  for (const c of checks) latest.set(c.document, c.result)
  return Object.fromEntries(
    CRITERIA.filter((c) => criteria[c]).map((c) => [c, latest.get(PROOF_OF[c]) ?? 'unchecked']),
  )
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

/**
 * Priority score and its breakdown ("+30 basic livelihood, +8 waited 4 months"). A person's claimed
 * circumstance counts only once staff have verified the document that proves it (the same proof approval
 * needs); until then it is listed with the points it would add and why it does not count yet ("document
 * not yet checked" / "not accepted"), so the citizen sees why they wait. An organisation's batch is
 * vouched for by the organisation: its claims count. Waiting time always counts.
 */
export function priority(
  criteria: Partial<Record<Criterion, boolean>>,
  appliedAt: Date,
  now: Date,
  weights: Record<Criterion, number>,
  proofs: Proofs,
): { score: number; breakdown: Reason[] } {
  const breakdown: Reason[] = CRITERIA.filter((c) => criteria[c]).map((c): Reason => {
    const status = proofs === 'vouched' ? 'verified' : (proofs[c] ?? 'unchecked')
    return status === 'verified'
      ? { key: `devices.criterion.${c}`, points: weights[c], met: true }
      : {
          key: `devices.criterion.${c}`,
          params: { points: weights[c] },
          points: 0,
          met: false,
          proof: status,
        }
  })
  const months = Math.max(0, Math.floor((now.getTime() - appliedAt.getTime()) / (30 * 86_400_000)))
  const wait = Math.min(WAIT_CAP, months * WAIT_POINTS)
  if (wait > 0) breakdown.push({ key: 'devices.rule.waited', params: { months }, points: wait, met: true })
  return { score: breakdown.reduce((s, r) => s + (r.points ?? 0), 0), breakdown }
}
