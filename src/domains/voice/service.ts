import { createHash, randomBytes } from 'node:crypto'
import QRCode from 'qrcode'
import type { z } from 'zod'
import { type Actor, allows, authorize } from '../../platform/auth/actor.ts'
import { blindIndex, decryptOptional, encryptOptional } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { enqueueSms } from '../../platform/jobs/queue.ts'
import { publicUrl } from '../../platform/public-url.ts'
import { withReference } from '../../platform/reference.ts'
import { assistByKey } from '../guides/service.ts'
import { stuckStatistics } from '../kiosk/service.ts'
import { presentPerson } from '../people/present.ts'
import { findPerson } from '../people/repo.ts'
import * as repo from './repo.ts'
import {
  type AssistSurveyInput,
  type CampaignInput,
  KioskReportInput as KioskReportSchema,
  type OpenSurveyAnswer,
  type OpinionAnswer,
  type PaperAnswers,
  type SurveyAnswer,
  type SurveyDetails,
  SurveyRequestInput,
} from './schema.ts'
import type { AnswerChannel, KioskReportSource, KioskType } from './tables.ts'

/** The staff member's id for a "who did it" column; null for others and system actors without an account. */
const staffIdOf = (actor: Actor) => (actor.kind === 'staff' && actor.id ? actor.id : null)

/** Fewer than this many in a cell of a shared report and the number is shown as "fewer than 5". */
export const SMALL_CELL = 5
/** AAD for the call-back phone number in a survey answer. */
export const PHONE_AAD = 'voice_survey_responses.follow_up_phone_enc'

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
/** 128 random bits, URL-safe: unguessable, so the link itself is the permission. */
const newToken = () => randomBytes(16).toString('base64url')
const TOKEN = /^[A-Za-z0-9_-]{22}$/

/** Throws a 422 with the Zod issues as field message keys. */
function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input)
  if (r.success) return r.data
  const fields: Record<string, string> = {}
  for (const i of r.error.issues) fields[String(i.path[0] ?? '_')] ??= i.message
  throw new AppError('validation', 'validation.summary', fields)
}

// ── surveys ─────────────────────────────────────────────────────────────────────────────────────

export type SurveyRequest = z.input<typeof SurveyRequestInput>

/**
 * Asks for a one-tap survey after a service (call it in the transaction that completes the service):
 * makes an invitation with an unguessable token and, when there is a phone number (given, or the
 * person's), queues a text with the link through the outbox. One invitation per service and case
 * reference: a second call returns null. The link needs no sign-in and does not expire.
 */
export async function requestSurvey(
  tx: Db,
  input: SurveyRequest,
  now: Date = new Date(),
): Promise<{ token: string; path: string } | null> {
  const r = SurveyRequestInput.parse(input)
  let phone = r.phone?.replace(/\D/g, '') || null
  let locale: Locale = r.locale ?? 'ko'
  let district = r.districtCode ?? null
  if (r.personId) {
    const p = await findPerson(tx, r.personId)
    if (p?.status === 'active') {
      const view = presentPerson(p)
      phone ??= view.phone
      if (!r.locale) locale = view.preferredLanguage as Locale
      district ??= view.districtCode
    }
  }
  const token = newToken()
  const row = await repo.insertSurveyRequest(tx, {
    tokenHash: hashToken(token),
    service: r.service,
    reference: r.reference,
    personId: r.personId ?? null,
    districtCode: district,
    createdAt: now,
  })
  if (!row) return null
  const path = `/v/${token}`
  if (phone) {
    const body = translate(locale, 'voice.sms.survey', {
      service: translate(locale, `voice.service.${r.service}`),
      link: `${publicUrl()}${path}`,
    })
    await enqueueSms(
      tx,
      { to: phone, body: withReference(locale, body, r.reference), reference: r.reference },
      { dedupeKey: `voice.survey.${row.id}` },
    )
  }
  return { token, path }
}

/**
 * A one-tap survey for someone a guide has just helped in the street. Assists are anonymous (no person,
 * no phone), so there is no text to send: the invitation (service "assist", the assist's key as its
 * reference, the district of the place) is shown on the guide's screen as a QR code and a short link to
 * scan or type, or the guide hands the phone over. One invitation per assist: asking again is refused
 * (409), so one assist is not rated twice. Answers through it count as field answers. The assist is read
 * through the guides' service: a key no assist has, or another guide's assist, is refused (404), and the
 * district is the one the assist was logged in.
 */
export async function assistSurvey(db: Db, actor: Actor, input: AssistSurveyInput, now: Date) {
  authorize(actor, 'guides:field')
  const assist = await assistByKey(db, input.assistKey)
  if (!assist || (actor.kind === 'staff' && assist.staffId !== actor.id))
    throw new AppError('not_found', 'voice.assistSurvey.unknown', { assistKey: 'voice.assistSurvey.unknown' })
  const r = await db.transaction((tx) =>
    requestSurvey(
      tx,
      {
        service: 'assist',
        reference: `GA-${assist.key}`.slice(0, 60),
        districtCode: assist.districtCode ?? input.districtCode,
      },
      now,
    ),
  )
  if (!r) throw new AppError('conflict', 'voice.assistSurvey.already')
  const url = `${publicUrl()}${r.path}`
  const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
  return { ...r, url, qrSvg }
}

/** The invitation behind an SMS link, or a 404 (same answer for a malformed and an unknown token). */
export async function surveyByToken(db: Db, token: string) {
  const row = TOKEN.test(token) ? await repo.findRequestByToken(db, hashToken(token)) : undefined
  if (!row) throw new AppError('not_found', 'voice.survey.notFound')
  return { service: row.service, reference: row.reference, answered: row.answeredAt !== null }
}

/** Records the answer to an invitation; a second answer is refused (409) so a double tap counts once. */
export async function answerSurvey(
  db: Db,
  token: string,
  input: Pick<SurveyAnswer, 'score'> & Partial<SurveyAnswer>,
  now: Date,
  ip: string | null = null,
) {
  if (!TOKEN.test(token)) throw new AppError('not_found', 'voice.survey.notFound')
  await checkSubmissionRate(db, null, ip, now)
  return db.transaction(async (tx) => {
    const row = await repo.findRequestByToken(tx, hashToken(token))
    if (!row) throw new AppError('not_found', 'voice.survey.notFound')
    if (!(await repo.markAnswered(tx, row.id, now))) throw new AppError('conflict', 'voice.survey.already')
    return repo.insertResponse(tx, {
      requestId: row.id,
      service: row.service,
      reference: row.reference,
      score: input.score,
      comment: input.comment ?? null,
      followUpPhoneEnc: input.callBack ? encryptOptional(input.phone ?? null, PHONE_AAD) : null,
      districtCode: row.districtCode,
      // an assist's invitation is answered in the street from the guide's screen, not from a text
      channel: row.service === 'assist' ? 'field' : 'sms',
      createdAt: now,
    })
  })
}

/**
 * The optional second step after the tap: a comment and/or a call-back number, added once to the
 * answer of this invitation (a second time is refused so a shared phone cannot overwrite it).
 */
export async function addSurveyDetails(
  db: Db,
  token: string,
  input: SurveyDetails,
  now: Date,
  ip: string | null = null,
) {
  if (!TOKEN.test(token)) throw new AppError('not_found', 'voice.survey.notFound')
  await checkSubmissionRate(db, null, ip, now)
  const row = await repo.findRequestByToken(db, hashToken(token))
  if (!row) throw new AppError('not_found', 'voice.survey.notFound')
  const ok = await repo.addDetails(db, row.id, {
    comment: input.comment ?? null,
    followUpPhoneEnc: input.callBack ? encryptOptional(input.phone ?? null, PHONE_AAD) : null,
  })
  if (!ok) throw new AppError('conflict', 'voice.survey.detailsAlready')
  void now
}

/** A survey answered on the web page without an invitation (or entered from paper by staff). */
export async function answerOpenSurvey(
  db: Db,
  actor: Actor,
  input: OpenSurveyAnswer,
  now: Date,
  ip: string | null = null,
) {
  await checkSubmissionRate(db, actor, ip, now)
  const channel: AnswerChannel = actor.kind === 'staff' ? 'paper' : 'web'
  return repo.insertResponse(db, {
    service: input.service,
    score: input.score,
    comment: input.comment ?? null,
    followUpPhoneEnc: input.callBack ? encryptOptional(input.phone ?? null, PHONE_AAD) : null,
    districtCode: input.districtCode ?? null,
    channel,
    enteredBy: staffIdOf(actor),
    createdAt: now,
  })
}

/** Satisfaction per service (survey answers and help-desk ratings) since a date, for staff. */
export async function satisfaction(db: Db, actor: Actor, from: Date) {
  authorize(actor, 'voice:read')
  return repo.satisfactionByService(db, from)
}

/**
 * The latest answers with comments; a call-back number is decrypted only for staff who may manage
 * the voice programme (they make the call), and is deleted once the call is marked done.
 */
export async function latestAnswers(db: Db, actor: Actor) {
  authorize(actor, 'voice:read')
  const mayCall = actor.kind === 'staff' && ['admin', 'programme_manager'].includes(actor.role)
  return (await repo.latestResponses(db)).map(({ followUpPhoneEnc, ...r }) => ({
    ...r,
    callBack: followUpPhoneEnc !== null,
    phone: mayCall ? decryptOptional(followUpPhoneEnc, PHONE_AAD) : null,
  }))
}

export async function markCalledBack(db: Db, actor: Actor, id: string, now: Date) {
  authorize(actor, 'voice:manage')
  if (!(await repo.markFollowedUp(db, id, now))) throw new AppError('not_found', 'voice.notFound')
}

// ── opinion campaigns ───────────────────────────────────────────────────────────────────────────

export async function openCampaign(db: Db, actor: Actor, input: CampaignInput, now: Date) {
  authorize(actor, 'voice:manage')
  return repo.insertCampaign(db, {
    ...input,
    createdBy: staffIdOf(actor),
    createdAt: now,
  })
}

export async function closeCampaign(db: Db, actor: Actor, id: string, now: Date) {
  authorize(actor, 'voice:manage')
  if (!(await repo.findCampaign(db, id))) throw new AppError('not_found', 'voice.notFound')
  await repo.closeCampaign(db, id, now)
}

export const openCampaigns = (db: Db) => repo.listCampaigns(db, true)
export async function allCampaigns(db: Db, actor: Actor) {
  authorize(actor, 'voice:read')
  return repo.listCampaigns(db, false)
}

async function openOne(db: Db, id: string, choice: number) {
  const c = await repo.findCampaign(db, id)
  if (!c) throw new AppError('not_found', 'voice.notFound')
  if (c.status !== 'open') throw new AppError('conflict', 'voice.campaign.closed')
  if (choice >= c.choices.length)
    throw new AppError('validation', 'validation.summary', { choice: 'voice.campaign.chooseOne' })
  return c
}

/** An anonymous answer from the web (citizens and partners). */
export async function answerCampaign(
  db: Db,
  id: string,
  input: OpinionAnswer,
  now: Date,
  ip: string | null = null,
) {
  await openOne(db, id, input.choice)
  await checkSubmissionRate(db, null, ip, now)
  await repo.insertAnswers(db, [
    {
      campaignId: id,
      choice: input.choice,
      respondentGroup: input.respondentGroup,
      districtCode: input.districtCode ?? null,
      channel: 'web',
      createdAt: now,
    },
  ])
}

/** Paper (or guide field) answers typed in by staff: `count` identical answers at once. */
export async function enterPaperAnswers(db: Db, actor: Actor, id: string, input: PaperAnswers, now: Date) {
  authorize(actor, 'voice:enter')
  await openOne(db, id, input.choice)
  const row = {
    campaignId: id,
    choice: input.choice,
    respondentGroup: input.respondentGroup,
    districtCode: input.districtCode ?? null,
    channel: input.channel === 'web' ? ('paper' as const) : input.channel,
    enteredBy: staffIdOf(actor),
    createdAt: now,
  }
  await repo.insertAnswers(
    db,
    Array.from({ length: input.count }, () => row),
  )
}

/** A campaign's results: totals per choice, and per choice by group and by district. */
export async function campaignResults(db: Db, actor: Actor, id: string) {
  // staff who type in paper answers see the results they add to (the form is on the results page)
  authorize(actor, allows(actor, 'voice:read') ? 'voice:read' : 'voice:enter')
  const campaign = await repo.findCampaign(db, id)
  if (!campaign) throw new AppError('not_found', 'voice.notFound')
  const [byGroup, byDistrict] = await Promise.all([
    repo.tally(db, id, 'group'),
    repo.tally(db, id, 'district'),
  ])
  const totals = campaign.choices.map((_, i) =>
    byGroup.filter((r) => r.choice === i).reduce((s, r) => s + r.n, 0),
  )
  return { campaign, totals, byGroup, byDistrict }
}

// ── kiosk-difficulty reports ────────────────────────────────────────────────────────────────────

/** The key reports of one company are grouped by: "(주)롯데리아", "롯데리아 " and "LOTTERIA" stay apart only by script. */
export function companyKeyOf(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\(주\)|㈜|주식회사|\bco\.?,?\s*ltd\.?|\binc\.?|\bcorp\.?/g, '')
    .replace(/[\s.,·()\-_'"]/g, '')
}

export type KioskReportInput = z.input<typeof KioskReportSchema> & {
  source: KioskReportSource
  /** The staff member (e.g. the guide) who wrote it down; none for a citizen's own report. */
  reportedBy?: string | null
}

/**
 * Records a kiosk-difficulty report (citizen web form, a guide's field page, staff). Validates the
 * input (422 with field keys: company, kioskType, place, problems, hardText) and stores it
 * anonymously. Call it inside your own transaction.
 */
export async function recordKioskReport(tx: Db, input: KioskReportInput, now: Date = new Date()) {
  const v = parseOrThrow(KioskReportSchema, input)
  const key = companyKeyOf(v.company)
  if (!key) throw new AppError('validation', 'validation.summary', { company: 'voice.kiosk.companyRequired' })
  return repo.insertKioskReport(tx, {
    company: v.company,
    companyKey: key,
    kioskType: v.kioskType,
    place: v.place,
    districtCode: v.districtCode ?? null,
    problems: v.problems,
    hardText: v.hardText ?? null,
    source: input.source,
    reportedBy: input.reportedBy ?? null,
    reportedAt: now,
  })
}

/** The web form: a citizen (or anyone) reports a kiosk; staff reports are marked as such. */
export async function submitKioskReport(
  db: Db,
  actor: Actor,
  input: unknown,
  now: Date,
  ip: string | null = null,
) {
  await checkSubmissionRate(db, actor, ip, now)
  const source: KioskReportSource =
    actor.kind === 'staff' ? (actor.role === 'digital_guide' ? 'guide' : 'staff') : 'citizen'
  return recordKioskReport(
    db,
    {
      ...(input as object),
      source,
      reportedBy: staffIdOf(actor),
    } as KioskReportInput,
    now,
  )
}

export async function kioskCompanies(db: Db, actor: Actor) {
  authorize(actor, 'voice:kiosk-reports')
  return repo.companyTotals(db)
}

/** Kiosk practice scenarios and the kind of kiosk they imitate (for "similar kiosks in practice"). */
const PRACTICE_TYPE: Record<string, KioskType> = {
  atm: 'bank',
  cafe: 'cafe',
  cinema: 'cinema',
  'civil-document': 'government',
  'express-bus': 'transport',
  'fast-food': 'restaurant',
  hospital: 'hospital',
}
const PRACTICE_ACTOR: Actor = {
  kind: 'staff',
  id: '',
  role: 'analyst',
  orgId: null,
  name: 'voice partner report',
  via: 'token',
  sessionId: null,
}

export type Cell = { key: string; n: number | null }
/** Counts under SMALL_CELL become null ("fewer than 5"): a small place or month could point at a person. */
const suppress = (rows: repo.CountRow[]): Cell[] =>
  rows.map((r) => ({ key: r.key, n: r.n < SMALL_CELL ? null : r.n }))

export interface PartnerReport {
  companyKey: string
  company: string
  reports: number
  problems: Cell[]
  types: Cell[]
  sources: Cell[]
  months: Cell[]
  districts: Cell[]
  practice: { scenario: string; screen: string; attempts: number; stopped: number; wrong: number }[]
  generatedAt: Date
}

/** The anonymous report for one partner company: totals, most common problems, trend by month, practice. */
export async function buildPartnerReport(db: Db, companyKey: string, now: Date): Promise<PartnerReport> {
  const totals = (await repo.companyTotals(db)).find((c) => c.companyKey === companyKey)
  if (!totals) throw new AppError('not_found', 'voice.kiosk.noReports')
  const b = await repo.companyBreakdown(db, companyKey)
  const types = new Set(b.types.map((t) => t.key))
  const practice = (await stuckStatistics(db, PRACTICE_ACTOR))
    .filter((r) => r.suppressed === false && types.has(PRACTICE_TYPE[r.scenario] ?? ''))
    .map((r) => r as Extract<typeof r, { suppressed: false }>)
    .sort((a, b2) => b2.stopped + b2.wrong - (a.stopped + a.wrong))
    .slice(0, 5)
    .map((r) => ({
      scenario: r.scenario,
      screen: r.screen,
      attempts: r.attempts,
      stopped: r.stopped,
      wrong: r.wrong,
    }))
  return {
    companyKey,
    company: totals.company,
    reports: totals.reports,
    problems: suppress(b.problems),
    types: suppress(b.types),
    sources: suppress(b.sources),
    months: suppress(b.months),
    districts: suppress(b.districts),
    practice,
    generatedAt: now,
  }
}

export async function partnerReportFor(db: Db, actor: Actor, companyKey: string, now: Date) {
  authorize(actor, 'voice:kiosk-reports')
  return buildPartnerReport(db, companyKey, now)
}

/** Makes a share link for a company's report; the token is shown once, only its hash is kept. */
export async function shareReport(db: Db, actor: Actor, companyKey: string, now: Date) {
  authorize(actor, 'voice:kiosk-reports')
  if (!(await repo.companyTotals(db)).some((c) => c.companyKey === companyKey))
    throw new AppError('not_found', 'voice.kiosk.noReports')
  const token = newToken()
  await repo.insertShareLink(db, {
    companyKey,
    tokenHash: hashToken(token),
    createdBy: staffIdOf(actor),
    createdAt: now,
  })
  return { token, path: `/partners/kiosk/${token}` }
}

export async function shareLinks(db: Db, actor: Actor, companyKey: string) {
  authorize(actor, 'voice:kiosk-reports')
  return repo.shareLinksOf(db, companyKey)
}
export async function revokeShare(db: Db, actor: Actor, id: string, now: Date) {
  authorize(actor, 'voice:kiosk-reports')
  await repo.revokeShareLink(db, id, now)
}

/** The report behind a share link (no sign-in); an unknown or revoked token is a 404. */
export async function sharedReport(db: Db, token: string, now: Date) {
  const link = TOKEN.test(token) ? await repo.findShareLink(db, hashToken(token)) : undefined
  if (!link) throw new AppError('not_found', 'voice.kiosk.linkNotFound')
  return buildPartnerReport(db, link.companyKey, now)
}

// ── rate limit of anonymous submissions ────────────────────────────────────────────────────────────

/**
 * Limits of anonymous submissions (survey answers and their second step, opinion answers, kiosk reports)
 * per address, in a fixed window. A community centre where many people answer on one shared connection
 * stays well under it; staff (paper entry, guides) are not limited.
 */
export const SUBMISSION_LIMITS = { windowMs: 10 * 60_000, perIp: 60 } as const

/**
 * Counts one submission against the address (a keyed hash, never the address). Over the limit: 429 with
 * the minutes and seconds until the window ends (`params`; routes send Retry-After). No address (tests
 * through app.request) or a staff member: not counted.
 */
export async function checkSubmissionRate(db: Db, actor: Actor | null, ip: string | null, now: Date) {
  if (!ip || actor?.kind === 'staff') return
  const { windowMs, perIp } = SUBMISSION_LIMITS
  const r = await repo.hitRate(db, `ip:${blindIndex('voice-ip', ip)}`, 1, now, windowMs)
  if (r.hits <= perIp) return
  const seconds = Math.max(1, Math.ceil((r.windowStart.getTime() + windowMs - now.getTime()) / 1000))
  throw new AppError(
    'too_many_requests',
    'voice.tooMany',
    {},
    { seconds, minutes: Math.max(1, Math.ceil(seconds / 60)) },
  )
}

/** Deletes rate-limit counters of windows that ended (daily job). */
export const purgeRateLimits = (db: Db, now: Date) =>
  repo.purgeRates(db, new Date(now.getTime() - SUBMISSION_LIMITS.windowMs))

// ── statistics ───────────────────────────────────────────────────────────────────────────────────

/**
 * Survey answers after a cursor, as facts for the anonymous statistics (registered with the stats
 * collector in voice/index.ts): every answer counts, a happy face (3) counts as satisfied too.
 */
export async function surveyStatFacts(db: Db, after: { at: Date; key: string }, limit: number) {
  const rows = await repo.responsesAfter(db, { at: after.at, id: after.key }, limit)
  const last = rows.at(-1)
  const facts = rows.flatMap((r) => {
    const base = { at: r.at, districtCode: r.districtCode, personId: r.personId }
    return [
      { ...base, key: `sv:${r.id}`, kind: 'survey_answer' as const },
      ...(r.score === 3 ? [{ ...base, key: `svh:${r.id}`, kind: 'survey_happy' as const }] : []),
    ]
  })
  return { facts, rows: rows.length, next: last ? { at: last.at, key: last.id } : null }
}
