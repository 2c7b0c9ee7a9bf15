import { logAccess } from '../../platform/audit/access-log.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { blindIndex } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { findScenario, playableScenarios, shippedScenarios } from './catalogue.ts'
import { type FormatProblem, loadScenario, type Scenario } from './format.ts'
import * as repo from './repo.ts'
import type { AttemptBatch, AuthorForm } from './schema.ts'

/** Fewer attempts than this on a row of the shared statistics and the numbers are not shown. */
export const SMALL_CELL = 5

export interface Meta {
  ip: string | null
  now: Date
}

/**
 * Limits of the public attempts endpoint, counted in attempts sent (a resend counts again) per fixed
 * window. A device plays at most a few attempts a minute and sends its offline queue (≤ 500) in batches of
 * 50; a class of 30 tablets behind one community-centre address stays well under the address limit.
 */
export const ATTEMPT_LIMITS = {
  windowMs: 10 * 60_000,
  perDevice: 200,
  perIp: 1500,
} as const

/**
 * Counts a batch against the address and device limits (keyed hashes, never the values themselves). Over
 * a limit: 429 with the seconds until the window ends in `params.seconds` (the route sends Retry-After).
 */
export async function checkAttemptRate(
  db: Db,
  who: { ip: string | null; device: string | null },
  n: number,
  now: Date,
): Promise<void> {
  const { windowMs } = ATTEMPT_LIMITS
  const keys: { key: string; max: number }[] = []
  if (who.device)
    keys.push({ key: `device:${blindIndex('kiosk-device', who.device)}`, max: ATTEMPT_LIMITS.perDevice })
  if (who.ip) keys.push({ key: `ip:${blindIndex('kiosk-ip', who.ip)}`, max: ATTEMPT_LIMITS.perIp })
  let waitMs = 0
  for (const { key, max } of keys) {
    const r = await repo.hitRate(db, key, n, now, windowMs)
    if (r.hits > max) waitMs = Math.max(waitMs, r.windowStart.getTime() + windowMs - now.getTime())
  }
  if (waitMs > 0) {
    const seconds = Math.max(1, Math.ceil(waitMs / 1000))
    throw new AppError(
      'too_many_requests',
      'kiosk.tooMany',
      {},
      { seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) },
    )
  }
}

/** Deletes rate-limit counters of windows that ended (daily job). */
export const purgeRateLimits = (db: Db, now: Date) =>
  repo.purgeRates(db, new Date(now.getTime() - ATTEMPT_LIMITS.windowMs))

/**
 * Stores practice attempts sent by a device. Idempotent: an attempt id already stored is acknowledged
 * again and not counted twice. Attempts are linked to the person only for a verified citizen who asked.
 */
export async function recordAttempts(
  db: Db,
  actor: Actor,
  batch: Omit<AttemptBatch, 'device'> & { device?: string | null },
  meta: Meta = { ip: null, now: new Date() },
): Promise<{ stored: string[]; linked: boolean }> {
  await checkAttemptRate(db, { ip: meta.ip, device: batch.device ?? null }, batch.attempts.length, meta.now)
  const linked = batch.link && actor.kind === 'citizen'
  const personId = linked && actor.kind === 'citizen' ? actor.personId : null
  return db.transaction(async (tx) => {
    const known = new Set<string>()
    for (const a of batch.attempts) if (await findScenario(tx, a.scenario)) known.add(a.scenario)
    const rows = batch.attempts
      .filter((a) => known.has(a.scenario))
      .map((a) => ({ ...a, personId, startedAt: new Date(a.startedAt) }))
    if (rows.length === 0) throw new AppError('not_found', 'kiosk.notFound')
    return { stored: await repo.insertAttempts(tx, rows), linked }
  })
}

/** A verified citizen's own practice, per scenario. */
export async function myPractice(db: Db, personId: string) {
  const rows = await repo.attemptsOf(db, personId)
  const by = new Map<string, { attempts: number; completed: number; bestMs: number | null; last: Date }>()
  for (const r of rows) {
    const s = by.get(r.scenario) ?? { attempts: 0, completed: 0, bestMs: null, last: r.startedAt }
    s.attempts++
    if (r.completed) {
      s.completed++
      s.bestMs = s.bestMs === null ? r.durationMs : Math.min(s.bestMs, r.durationMs)
    }
    by.set(r.scenario, s)
  }
  return [...by].map(([scenario, s]) => ({ scenario, ...s }))
}

/**
 * The tutor's overview: every scenario's numbers, the steps that trip people up and the learners who
 * linked their practice (each learner shown is recorded in the access log).
 */
export async function tutorOverview(db: Db, actor: Actor, meta: Meta) {
  authorize(actor, 'kiosk:progress')
  return db.transaction(async (tx) => {
    const [totals, stuck, learners] = await Promise.all([
      repo.scenarioTotals(tx),
      repo.stuckSteps(tx),
      repo.learnerProgress(tx),
    ])
    const people = [...new Set(learners.map((l) => l.personId).filter((x): x is string => !!x))]
    if (actor.kind === 'staff' && people.length)
      await logAccess(
        tx,
        people.map((personId) => ({
          staffId: actor.id,
          ip: meta.ip,
          personId,
          action: 'view' as const,
          detail: { kiosk: 'progress' },
          at: meta.now,
        })),
      )
    return { totals, stuck, learners }
  })
}

/**
 * "Where people get stuck", for the programme and partner companies: per scenario screen, anonymous and
 * aggregated; rows from fewer than SMALL_CELL attempts are withheld (`suppressed`).
 */
export async function stuckStatistics(db: Db, actor: Actor) {
  authorize(actor, 'kiosk:stats')
  const rows = await repo.stuckSteps(db)
  return rows.map((r) =>
    r.attempts < SMALL_CELL
      ? { scenario: r.scenario, screen: r.screen, suppressed: true as const }
      : { ...r, suppressed: false as const },
  )
}

// ── authoring ───────────────────────────────────────────────────────────────────────────────────

export type AuthorResult =
  | { ok: true; slug: string; published: boolean }
  | { ok: false; problems: FormatProblem[] }

/** The JSON a tutor starts from: an existing scenario (shipped or authored) with a new id, or a blank one. */
export async function starterSource(db: Db, from: string | undefined): Promise<string> {
  const base: Scenario | undefined = from ? await findScenario(db, from) : shippedScenarios().get('cafe')
  if (!base) return ''
  const copy = { ...base, id: `my-${base.id}`.slice(0, 40), version: 1 }
  return JSON.stringify(copy, null, 2)
}

/**
 * Saves (and optionally publishes) a tutor's scenario. The JSON is validated first; problems come back
 * with their lines. `slug` null creates a new one (its id must not be taken, shipped ids included).
 */
export async function saveAuthored(
  db: Db,
  actor: Actor,
  slug: string | null,
  form: AuthorForm,
  now: Date,
): Promise<AuthorResult> {
  const staff = actor.kind === 'staff' ? actor : null
  authorize(actor, 'kiosk:author')
  const r = loadScenario(form.source)
  if (!r.ok) return { ok: false, problems: r.problems }
  const s = r.scenario
  const taken = (): AuthorResult => ({
    ok: false,
    problems: [{ path: 'id', line: 0, message: `the id "${s.id}" is already used; choose another` }],
  })
  if (slug === null ? shippedScenarios().has(s.id) : s.id !== slug) {
    if (slug !== null)
      return {
        ok: false,
        problems: [
          { path: 'id', line: 0, message: `the id must stay "${slug}"; adapt it as a new scenario instead` },
        ],
      }
    return taken()
  }
  const publish = form.action === 'publish'
  return db.transaction(async (tx) => {
    let row = slug === null ? undefined : await repo.lockAuthored(tx, slug)
    if (slug !== null && !row) throw new AppError('not_found', 'kiosk.notFound')
    if (!row) {
      row = await repo.insertAuthored(tx, {
        slug: s.id,
        source: form.source,
        createdBy: staff?.id || null,
        updatedBy: staff?.id || null,
        createdAt: now,
        updatedAt: now,
      })
      if (!row) return taken()
    } else
      await repo.updateAuthored(tx, row.id, {
        source: form.source,
        updatedBy: staff?.id || null,
        updatedAt: now,
      })
    if (publish) {
      const version = Math.max(s.version, (row.publishedVersion ?? 0) + 1)
      await repo.updateAuthored(tx, row.id, {
        published: { ...s, version } as Record<string, unknown>,
        publishedVersion: version,
        publishedAt: now,
      })
    }
    return { ok: true, slug: s.id, published: publish }
  })
}

/** Authored scenarios for the staff list. */
export async function authoredList(db: Db, actor: Actor) {
  authorize(actor, 'kiosk:author')
  return repo.listAuthored(db)
}

/** One authored scenario to edit. */
export async function authoredOne(db: Db, actor: Actor, slug: string) {
  authorize(actor, 'kiosk:author')
  const row = await repo.findAuthored(db, slug)
  if (!row) throw new AppError('not_found', 'kiosk.notFound')
  return row
}

// ── read-only summaries for the education module ────────────────────────────────────────────────

/** A Korean + English text, as in the scenario files. */
export interface KioskText {
  ko: string
  en: string
}

/** One person's practice of one scenario (only attempts the person chose to link to their record). */
export interface PracticeSummary {
  personId: string
  scenario: string
  /** The scenario's title, or null when it is no longer playable (e.g. an authored one taken down). */
  scenarioTitle: KioskText | null
  attempts: number
  completed: number
  /** Fastest completed attempt in milliseconds; null when never completed. */
  bestMs: number | null
  wrongTaps: number
  hints: number
  lastPractisedAt: Date
}

/** Fewer people than this stuck on one step of a class view and the count is withheld. */
export const CLASS_SMALL_CELL = 3

/** One scenario step where people of a group got stuck (wrong tap, hint, time-out or gave up there). */
export type StuckStep = {
  scenario: string
  scenarioTitle: KioskText | null
  /** The screen id in the scenario, and its title. */
  screen: string
  screenTitle: KioskText | null
  /** How many of the given people practised this scenario at all. */
  practised: number
} & ({ suppressed: false; people: number } | { suppressed: true; people: null })

async function titles(db: Db) {
  const all = await playableScenarios(db)
  return new Map(all.map(({ scenario: s }) => [s.id, s]))
}

/**
 * Read-only, for the education module's class and learner views: per person and scenario, attempts,
 * completions, best time, wrong taps, hints and when last practised. Only practice a verified learner
 * linked to their record is counted. No authorisation or access logging here: the caller has already
 * decided the actor may see these people (and logs that access as for the rest of its page).
 */
export async function practiceSummaryFor(db: Db, personIds: string[]): Promise<PracticeSummary[]> {
  if (personIds.length === 0) return []
  const [rows, byId] = await Promise.all([repo.practiceOf(db, personIds), titles(db)])
  return rows.map((r) => ({
    personId: r.personId,
    scenario: r.scenario,
    scenarioTitle: byId.get(r.scenario)?.title ?? null,
    attempts: Number(r.attempts),
    completed: Number(r.completed),
    bestMs: r.bestMs === null ? null : Number(r.bestMs),
    wrongTaps: Number(r.wrongTaps),
    hints: Number(r.hints),
    lastPractisedAt: new Date(r.lastPractisedAt),
  }))
}

/**
 * Read-only, for the education module's class view: per scenario step, how many of these people got
 * stuck there at least once (most first within a scenario). A class is small, so a step where only one
 * or two people got stuck is returned with `suppressed: true` and no count (CLASS_SMALL_CELL).
 */
export async function stuckStepsFor(db: Db, personIds: string[]): Promise<StuckStep[]> {
  if (personIds.length === 0) return []
  const [rows, byId] = await Promise.all([repo.stuckPeopleOf(db, personIds), titles(db)])
  return rows.map((r) => {
    const s = byId.get(r.scenario)
    const base = {
      scenario: r.scenario,
      scenarioTitle: s?.title ?? null,
      screen: r.screen,
      screenTitle: s?.screens.find((x) => x.id === r.screen)?.title ?? null,
      practised: r.practised,
    }
    return r.people < CLASS_SMALL_CELL
      ? { ...base, suppressed: true as const, people: null }
      : { ...base, suppressed: false as const, people: r.people }
  })
}

export { findScenario, playableScenarios }
