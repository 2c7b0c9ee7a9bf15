import { randomBytes, randomUUID } from 'node:crypto'
import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import {
  blindIndex,
  decryptField,
  decryptOptional,
  encryptField,
  encryptOptional,
} from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { enqueue, enqueueSms } from '../../platform/jobs/queue.ts'
import { publicUrl } from '../../platform/public-url.ts'
import { caseRef, withReference } from '../../platform/reference.ts'
import * as repo from './repo.ts'
import { assessAll, cleanAnswers, type ProgrammeResult, versionOn } from './rules/engine.ts'
import { PROGRAMMES } from './rules/programmes.ts'
import {
  type Answers,
  type Criterion,
  type LocalProgrammeSpec,
  type ProgrammeDef,
  QUESTION_KEYS,
  QUESTIONS,
  type QuestionKey,
} from './rules/types.ts'
import type { LocalProgrammeInput, SaveInput } from './schema.ts'

/** How long saved answers are kept (then destroyed by the daily purge). */
export const KEEP_DAYS = 180
export const ANSWERS_AAD = 'nav_saved_cases.answers'
export const PHONE_AAD = 'nav_saved_cases.contact_phone'

/** The day (YYYY-MM-DD) in the city's time (Korea, UTC+9). */
export const cityDay = (now: Date) => new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10)

/** A local programme as the engine's programme definition (key `local.<slug>`). */
export function localToDef(r: Pick<repo.LocalRow, 'slug' | 'spec' | 'validFrom' | 'validTo'>): ProgrammeDef {
  const s = r.spec
  return {
    key: `local.${r.slug}`,
    owner: 'local',
    title: s.title,
    summary: s.summary,
    bring: s.bring,
    how: s.how,
    events: s.events,
    versions: [
      {
        from: r.validFrom,
        ...(r.validTo ? { to: r.validTo } : {}),
        criteria: s.criteria,
        benefit: s.benefit,
        source: s.source,
      },
    ],
  }
}

/** The built-in programmes and the local ones in force on the day. */
export async function programmesInForce(db: Db, day: string): Promise<ProgrammeDef[]> {
  return [...PROGRAMMES, ...(await repo.localInForce(db, day)).map(localToDef)]
}

/** Every programme in force, assessed for these answers and explained (nothing is stored). */
export async function results(
  db: Db,
  answers: Answers,
  now: Date,
  event?: string,
): Promise<ProgrammeResult[]> {
  const day = cityDay(now)
  return assessAll(await programmesInForce(db, day), answers, day, event)
}

// ── saving and resuming ─────────────────────────────────────────────────────────────────────────

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ' // no 0/O, 1/I/L
/** A resume code of 12 characters (about 59 bits), shown as XXXX-XXXX-XXXX. */
export function newResumeCode(): string {
  const bytes = randomBytes(12)
  return [...bytes].map((b) => ALPHABET[b % ALPHABET.length]).join('')
}
export const formatCode = (c: string) => `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8, 12)}`
const codeHash = (code: string) => blindIndex('nav-resume', code.toUpperCase().replace(/[^0-9A-Z]/g, ''))

export interface SavedCase {
  id: string
  reference: string
  code: string
  expiresAt: Date
}

/**
 * Saves the answers because the person asked to ("save and come back later", or to hear of new
 * programmes). The answers and the number are encrypted; the code is shown once and texted if a
 * number was given.
 */
export async function saveCase(
  db: Db,
  actor: Actor,
  raw: Record<string, unknown>,
  step: QuestionKey | null,
  input: SaveInput,
  now: Date,
  locale: Locale,
): Promise<SavedCase> {
  const answers = cleanAnswers(raw)
  const code = newResumeCode()
  const expiresAt = new Date(now.getTime() + KEEP_DAYS * 86_400_000)
  return db.transaction(async (tx) => {
    const row = await repo.insertCase(tx, {
      codeHash: codeHash(code),
      personId: actor.kind === 'citizen' ? actor.personId : null,
      answersEnc: encryptField(JSON.stringify(answers), ANSWERS_AAD),
      step,
      notifyConsent: !!input.notify,
      contactPhoneEnc: encryptOptional(input.phone ?? null, PHONE_AAD),
      savedBy: actor.kind === 'staff' ? actor.id : null,
      createdAt: now,
      updatedAt: now,
      expiresAt,
    })
    const reference = caseRef('NAV', row.id)
    if (input.phone) {
      const body = withReference(
        locale,
        translate(locale, 'navigator.sms.saved', {
          code: formatCode(code),
          url: `${publicUrl()}/support/resume`,
        }),
        reference,
      )
      await enqueueSms(tx, { to: input.phone, body, reference })
    }
    return { id: row.id, reference, code, expiresAt }
  })
}

/** The saved answers for a resume code (404 when unknown or expired). */
export async function resumeCase(db: Db, code: string, now: Date) {
  const row = await repo.caseByCode(db, codeHash(code), now)
  if (!row)
    throw new AppError('not_found', 'navigator.error.codeUnknown', { code: 'navigator.error.codeUnknown' })
  const answers = cleanAnswers(
    JSON.parse(decryptField(row.answersEnc, ANSWERS_AAD)) as Record<string, unknown>,
  )
  return { answers, step: (row.step as QuestionKey | null) ?? null, reference: caseRef('NAV', row.id) }
}

// ── local programmes (managers, without code) ──────────────────────────────────────────────────

const answerLabel = (locale: Locale, q: QuestionKey, a: string) => translate(locale, `navigator.a.${q}.${a}`)
const questionLabel = (locale: Locale, q: QuestionKey) => translate(locale, `navigator.q.${q}.short`)

/** The eligibility ticked in the form as criteria with their words in both languages. */
export function criteriaFromInput(input: LocalProgrammeInput): Criterion[] {
  const out: Criterion[] = []
  for (const q of QUESTION_KEYS) {
    const allowed = (input[`q_${q}`] ?? []) as string[]
    if (!allowed.length || allowed.length === QUESTIONS[q].length) continue
    const text = (l: Locale) =>
      `${questionLabel(l, q)}: ${allowed.map((a) => answerLabel(l, q, a)).join(', ')}`
    out.push({ when: { q, in: allowed }, text: { ko: text('ko'), en: text('en') } })
  }
  return out
}

const lines = (s: string | undefined) =>
  (s ?? '')
    .split(/\r?\n/)
    .map((x) => x.trim())
    .filter(Boolean)

export function specFromInput(input: LocalProgrammeInput): LocalProgrammeSpec {
  const ko = lines(input.bringKo)
  const en = lines(input.bringEn)
  return {
    title: { ko: input.titleKo, en: input.titleEn },
    summary: { ko: input.summaryKo, en: input.summaryEn },
    benefit: { ko: input.benefitKo, en: input.benefitEn },
    bring: ko.map((k, i) => ({ ko: k, en: en[i] ?? k })),
    how: {
      text: { ko: input.howKo, en: input.howEn },
      channels: input.channels,
      ...(input.phone ? { phone: input.phone } : {}),
      ...(input.url ? { url: input.url } : {}),
    },
    events: input.events,
    criteria: criteriaFromInput(input),
    source: { title: input.sourceTitle, url: input.sourceUrl },
  }
}

/** The form values of a stored local programme (to edit it). */
export function inputValuesOf(r: repo.LocalRow): Record<string, unknown> {
  const s = r.spec
  const v: Record<string, unknown> = {
    version: String(r.version),
    titleKo: s.title.ko,
    titleEn: s.title.en,
    summaryKo: s.summary.ko,
    summaryEn: s.summary.en,
    benefitKo: s.benefit.ko,
    benefitEn: s.benefit.en,
    bringKo: s.bring.map((b) => b.ko).join('\n'),
    bringEn: s.bring.map((b) => b.en).join('\n'),
    howKo: s.how.text.ko,
    howEn: s.how.text.en,
    channels: s.how.channels,
    phone: s.how.phone ?? '',
    url: s.how.url ?? '',
    events: s.events,
    sourceTitle: s.source.title,
    sourceUrl: s.source.url,
    validFrom: r.validFrom,
    validTo: r.validTo ?? '',
  }
  for (const c of s.criteria) if ('q' in c.when) v[`q_${c.when.q}`] = c.when.in
  return v
}

export interface Impact {
  /** Saved cases still kept. */
  saved: number
  /** Cases whose result for this programme would change. */
  changed: number
  /** Cases that would become "likely eligible". */
  newlyLikely: number
  /** Cases that were "likely eligible" and would no longer be. */
  noLongerLikely: number
}

/**
 * How many saved cases a new or changed local programme would affect: each saved case's verdict
 * under the programme as it is (none for a new one) against the proposed one, today.
 */
export async function impactOf(
  db: Db,
  actor: Actor,
  proposed: ProgrammeDef,
  current: ProgrammeDef | null,
  now: Date,
): Promise<Impact> {
  authorize(actor, 'navigator:programmes')
  const day = cityDay(now)
  const cases = await repo.liveCases(db, now)
  const verdictOf = (p: ProgrammeDef | null, a: Answers) => {
    const v = p && versionOn(p, day)
    return v ? assessAll([p], a, day)[0]!.verdict : 'none'
  }
  const impact: Impact = { saved: cases.length, changed: 0, newlyLikely: 0, noLongerLikely: 0 }
  for (const c of cases) {
    const a = cleanAnswers(JSON.parse(decryptField(c.answersEnc, ANSWERS_AAD)) as Record<string, unknown>)
    const before = verdictOf(current, a)
    const after = verdictOf(proposed, a)
    if (before === after) continue
    impact.changed++
    if (after === 'likely') impact.newlyLikely++
    if (before === 'likely') impact.noLongerLikely++
  }
  return impact
}

export async function listLocalProgrammes(db: Db, actor: Actor) {
  authorize(actor, 'navigator:programmes')
  return repo.allLocal(db)
}

export async function getLocalProgramme(db: Db, actor: Actor, id: string) {
  authorize(actor, 'navigator:programmes')
  const r = isUuid(id) ? await repo.localById(db, id) : undefined
  if (!r) throw new AppError('not_found', 'error.notFound')
  return { row: r, versions: await repo.versionsOf(db, id) }
}

/** A draft definition from the form (for the impact preview before saving). */
export const draftDef = (input: LocalProgrammeInput, slug = 'draft'): ProgrammeDef =>
  localToDef({ slug, spec: specFromInput(input), validFrom: input.validFrom, validTo: input.validTo ?? null })

/** Adds a local programme (audited); saved people who agreed are told if it matches them. */
export async function createLocalProgramme(db: Db, actor: Actor, input: LocalProgrammeInput, now: Date) {
  authorize(actor, 'navigator:programmes')
  const id = randomUUID()
  const spec = specFromInput(input)
  return db.transaction(async (tx) => {
    const row = await repo.insertLocal(tx, {
      id,
      slug: id.slice(0, 8),
      spec,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      createdAt: now,
      updatedAt: now,
      updatedBy: actor.kind === 'staff' ? actor.id : null,
    })
    await audit(tx, actor, { entity: 'nav_programme', entityId: id, action: 'create', after: spec, at: now })
    await enqueue(
      tx,
      'navigator.notify',
      { programmeId: id, version: 1 },
      { dedupeKey: `nav-notify:${id}:1` },
    )
    return row
  })
}

/** Changes a local programme (version check; the old version is kept; audited; notices for new matches). */
export async function updateLocalProgramme(
  db: Db,
  actor: Actor,
  id: string,
  input: LocalProgrammeInput,
  retire: boolean,
  now: Date,
) {
  authorize(actor, 'navigator:programmes')
  if (!isUuid(id)) throw new AppError('not_found', 'error.notFound')
  return db.transaction(async (tx) => {
    const cur = await repo.localById(tx, id, true)
    if (!cur) throw new AppError('not_found', 'error.notFound')
    if (cur.version !== input.version) throw new AppError('conflict', 'navigator.error.stale')
    const spec = specFromInput(input)
    await repo.insertLocalVersion(tx, {
      programmeId: id,
      version: cur.version,
      spec: cur.spec,
      validFrom: cur.validFrom,
      validTo: cur.validTo,
      changedBy: cur.updatedBy,
      changedAt: cur.updatedAt,
    })
    const version = cur.version + 1
    await repo.updateLocal(tx, id, {
      spec,
      version,
      validFrom: input.validFrom,
      validTo: input.validTo ?? null,
      status: retire ? 'retired' : 'active',
      updatedAt: now,
      updatedBy: actor.kind === 'staff' ? actor.id : null,
    })
    await audit(tx, actor, {
      entity: 'nav_programme',
      entityId: id,
      action: retire ? 'retire' : 'update',
      before: cur.spec,
      after: spec,
      at: now,
    })
    if (!retire)
      await enqueue(
        tx,
        'navigator.notify',
        { programmeId: id, version },
        { dedupeKey: `nav-notify:${id}:${version}` },
      )
    return version
  })
}

/**
 * Tells saved people who agreed that a local programme now looks likely for them (once per case and
 * programme, by text message with the case reference). Returns how many were told.
 */
export async function notifyMatches(db: Db, programmeId: string, now: Date): Promise<number> {
  const row = isUuid(programmeId) ? await repo.localById(db, programmeId) : undefined
  if (row?.status !== 'active') return 0
  const def = localToDef(row)
  const day = cityDay(now)
  if (!versionOn(def, day)) return 0
  let told = 0
  for (const c of await repo.liveCases(db, now, true)) {
    const phone = decryptOptional(c.contactPhoneEnc, PHONE_AAD)
    if (!phone) continue
    const a = cleanAnswers(JSON.parse(decryptField(c.answersEnc, ANSWERS_AAD)) as Record<string, unknown>)
    if (assessAll([def], a, day)[0]?.verdict !== 'likely') continue
    await db.transaction(async (tx) => {
      if (!(await repo.insertNotice(tx, c.id, def.key, now))) return
      const reference = caseRef('NAV', c.id)
      const body = withReference(
        'ko',
        translate('ko', 'navigator.sms.newProgramme', {
          title: def.title.ko,
          url: `${publicUrl()}/support/resume`,
        }),
        reference,
      )
      await enqueueSms(tx, { to: phone, body, reference })
      told++
    })
  }
  return told
}

/** Destroys saved answers whose keeping period ended. */
export const purgeExpiredCases = (db: Db, now: Date) => repo.purgeExpired(db, now)

/**
 * A saved case found by its NAV- reference, for staff who sit with people (expert mode): the answers
 * to show in expert mode (city-wide roles: any case; others: the cases they saved). The read is audited (the answers may say disability, income, living alone),
 * and written to the access log when the case belongs to a known person.
 */
export async function savedCaseForStaff(
  db: Db,
  actor: Actor,
  id: string,
  meta: { ip: string | null; now: Date },
) {
  const scope = authorize(actor, 'navigator:expert')
  const row = isUuid(id) ? await repo.caseById(db, id, meta.now) : undefined
  // Staff whose scope is not city-wide see only the cases they saved with the person themselves.
  if (!row || (scope !== 'all' && (actor.kind !== 'staff' || row.savedBy !== actor.id)))
    throw new AppError('not_found', 'navigator.error.caseUnknown')
  const answers = cleanAnswers(
    JSON.parse(decryptField(row.answersEnc, ANSWERS_AAD)) as Record<string, unknown>,
  )
  await audit(db, actor, { entity: 'nav_saved_case', entityId: row.id, action: 'read', at: meta.now })
  if (row.personId && actor.kind === 'staff')
    await logAccess(db, {
      staffId: actor.id,
      ip: meta.ip,
      personId: row.personId,
      action: 'view',
      detail: { navigatorCase: row.id },
      at: meta.now,
    })
  return { row, answers, reference: caseRef('NAV', row.id) }
}
