import { randomBytes } from 'node:crypto'
import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { decryptOptional, encryptField, encryptOptional } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { enqueueSms } from '../../platform/jobs/queue.ts'
import { caseRef, withReference } from '../../platform/reference.ts'
import { courseDetail, myLearning } from '../education/service.ts'
import { AAD, presentPerson } from '../people/present.ts'
import { findPerson } from '../people/repo.ts'
import './builtin-hours.ts'
import { runCertifiedHooks } from './certified-hooks.ts'
import { hoursSources } from './hours-sources.ts'
import * as repo from './repo.ts'
import type { ApplyInput, HoursInput, ReviewInput } from './schema.ts'
import type { VolunteerStatus } from './tables.ts'

export const A = {
  motivation: 'vol_applications.motivation',
  availability: 'vol_applications.availability',
  review: 'vol_applications.review',
} as const

/** The minimum age of a 50+ volunteer. */
export const MIN_AGE = 50

/** Full years between a birth date (YYYY-MM-DD) and a day. */
export function ageOn(birthDate: string, now: Date): number {
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number]
  const today = new Date(now.getTime() + 9 * 3_600_000)
  let age = today.getUTCFullYear() - y
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d)) age--
  return age
}

/** The steps a review action takes an application through (from → to). */
export const STEPS: Record<ReviewInput['action'], { from: VolunteerStatus[]; to: VolunteerStatus }> = {
  interview: { from: ['applied', 'interview'], to: 'interview' },
  training: { from: ['interview'], to: 'training' },
  trained: { from: ['training'], to: 'training' },
  certify: { from: ['training'], to: 'certified' },
  assign: { from: ['certified', 'assigned'], to: 'assigned' },
  decline: { from: ['applied', 'interview', 'training'], to: 'declined' },
}

/** A verified citizen aged 50 or over applies to volunteer (one open application per role). */
export async function applyToVolunteer(db: Db, actor: Actor, input: ApplyInput, now: Date) {
  if (actor.kind !== 'citizen') throw new AppError('unauthenticated', 'auth.signInRequired')
  return db.transaction(async (tx) => {
    const person = await findPerson(tx, actor.personId)
    if (!person) throw new AppError('not_found', 'error.notFound')
    const birth = decryptOptional(person.birthDateEnc, AAD.birthDate)
    if (!birth || ageOn(birth, now) < MIN_AGE)
      throw new AppError('validation', 'volunteering.error.age', { role: 'volunteering.error.age' })
    if (await repo.openApplicationOf(tx, actor.personId, input.role))
      throw new AppError('conflict', 'volunteering.error.already')
    const row = await repo.insertApplication(tx, {
      personId: actor.personId,
      role: input.role,
      motivationEnc: encryptField(input.motivation, A.motivation),
      availabilityEnc: encryptField(input.availability, A.availability),
      districtCode: input.districtCode ?? null,
      createdAt: now,
      updatedAt: now,
    })
    await audit(tx, actor, { entity: 'vol_application', entityId: row.id, action: 'create', at: now })
    return { ...row, reference: caseRef('VOL', row.id) }
  })
}

/** Texts the applicant (outbox) in their language, with the application's reference. */
async function textPerson(tx: Db, a: repo.ApplicationRow, key: string, at: Date, dedupeKey: string) {
  const p = await findPerson(tx, a.personId)
  if (p?.status !== 'active') return
  const view = presentPerson(p)
  if (!view.phone) return
  const locale = (view.preferredLanguage === 'en' ? 'en' : 'ko') as Locale
  const reference = caseRef('VOL', a.id)
  const body = translate(locale, key, { when: formatDateTime(locale, at) })
  await enqueueSms(
    tx,
    { to: view.phone, body: withReference(locale, body, reference), reference },
    { dedupeKey },
  )
}

/**
 * The certificate of the application's training course in the education module, when the person has
 * one (the two-week training is a course there; finishing it there counts as trained).
 */
export async function trainingCertificate(db: Db, a: repo.ApplicationRow) {
  if (!a.trainingCourseId) return undefined
  const rows = await myLearning(db, a.personId)
  const hit = rows.find((r) => r.course.id === a.trainingCourseId && r.certificate)
  return hit?.certificate ?? undefined
}

/** The training course (titles) of an application, if one is set and still exists. */
export async function trainingCourse(db: Db, a: repo.ApplicationRow, now: Date) {
  if (!a.trainingCourseId) return undefined
  return (await courseDetail(db, a.trainingCourseId, now).catch(() => undefined))?.course
}

/** Hours in minutes of an application (total). */
export const totalMinutes = (hours: repo.HoursRow[]) => hours.reduce((s, h) => s + h.minutes, 0)

/** The citizen's own applications with their hours. */
export async function myVolunteering(db: Db, personId: string) {
  const apps = await repo.applicationsOf(db, personId)
  const now = new Date()
  return Promise.all(
    apps.map(async (a) => ({
      a,
      reference: caseRef('VOL', a.id),
      minutes: totalMinutes(await repo.hoursOf(db, a.id)),
      course: await trainingCourse(db, a, now),
      trained: Boolean(a.trainingDoneAt ?? (await trainingCertificate(db, a))),
      certificates: await repo.hoursCertificatesOf(db, a.id),
    })),
  )
}

export async function listVolunteers(db: Db, actor: Actor) {
  authorize(actor, 'volunteering:review')
  return repo.listApplications(db)
}

/** One application with its decrypted texts for staff (the read is written to the access log). */
export async function getVolunteer(db: Db, actor: Actor, id: string, meta: { ip: string | null; now: Date }) {
  authorize(actor, 'volunteering:review')
  const a = isUuid(id) ? await repo.application(db, id) : undefined
  if (!a) throw new AppError('not_found', 'error.notFound')
  const person = await findPerson(db, a.personId)
  if (actor.kind === 'staff')
    await logAccess(db, {
      staffId: actor.id,
      ip: meta.ip,
      personId: a.personId,
      action: 'view',
      detail: { volunteer: a.id },
      at: meta.now,
    })
  const hours = await repo.hoursOf(db, a.id)
  return {
    course: await trainingCourse(db, a, meta.now),
    trainingCertificate: await trainingCertificate(db, a),
    certificates: await repo.hoursCertificatesOf(db, a.id),
    a,
    reference: caseRef('VOL', a.id),
    name: person?.name ?? '',
    motivation: decryptOptional(a.motivationEnc || null, A.motivation),
    availability: decryptOptional(a.availabilityEnc || null, A.availability),
    review: decryptOptional(a.reviewEnc, A.review),
    hours,
    minutes: totalMinutes(hours),
  }
}

/**
 * A review step (interview, training, trained, certify, assign, decline) with a version check; the
 * certificate number is the application's reference. Audited.
 */
export async function reviewVolunteer(db: Db, actor: Actor, id: string, input: ReviewInput, now: Date) {
  authorize(actor, 'volunteering:review')
  if (!isUuid(id)) throw new AppError('not_found', 'error.notFound')
  return db.transaction(async (tx) => {
    const a = await repo.application(tx, id, true)
    if (!a) throw new AppError('not_found', 'error.notFound')
    if (a.version !== input.version) throw new AppError('conflict', 'volunteering.error.stale')
    const step = STEPS[input.action]
    if (!step.from.includes(a.status))
      throw new AppError('conflict', 'volunteering.error.step', {}, { status: a.status })
    const set: Parameters<typeof repo.updateApplication>[2] = {
      status: step.to,
      version: a.version + 1,
      updatedAt: now,
      reviewedBy: actor.kind === 'staff' ? actor.id : null,
    }
    if (input.action === 'interview') {
      if (!input.interviewAt)
        throw new AppError('validation', 'volunteering.error.dateTime', {
          interviewAt: 'volunteering.error.dateTime',
        })
      set.interviewAt = new Date(`${input.interviewAt}:00+09:00`)
      await textPerson(
        tx,
        a,
        'volunteering.sms.interview',
        set.interviewAt,
        `vol-interview:${a.id}:${input.interviewAt}`,
      )
    }
    if (input.action === 'training') {
      const course = input.trainingCourseId
        ? await courseDetail(tx, input.trainingCourseId, now).catch(() => undefined)
        : undefined
      if (!course)
        throw new AppError('validation', 'volunteering.error.course', {
          trainingCourseId: 'volunteering.error.course',
        })
      set.trainingCourseId = course.course.id
    }
    if (input.action === 'trained') set.trainingDoneAt = now
    if (input.action === 'certify') {
      // Trained = marked by staff, or the training course's certificate in the education module.
      const done = a.trainingDoneAt ?? (await trainingCertificate(tx, a))?.issuedAt
      if (!done) throw new AppError('conflict', 'volunteering.error.notTrained')
      set.trainingDoneAt = done
      set.certifiedAt = now
      set.certificateNo = caseRef('VOL', a.id)
    }
    if (input.action === 'assign') {
      if (!input.placeId)
        throw new AppError('validation', 'volunteering.error.place', { placeId: 'volunteering.error.place' })
      set.assignedPlaceId = input.placeId
      set.staffUserId = input.staffUserId ?? a.staffUserId
    }
    if (input.comment) set.reviewEnc = encryptOptional(input.comment, A.review)
    await repo.updateApplication(tx, id, set)
    await audit(tx, actor, {
      entity: 'vol_application',
      entityId: id,
      action: `status.${step.to}`,
      before: { status: a.status },
      after: { status: step.to },
      at: now,
    })
    // other domains act on a certified volunteer through their own services (certified-hooks.ts)
    if (step.to === 'certified' || step.to === 'assigned')
      await runCertifiedHooks(
        tx,
        actor,
        {
          applicationId: id,
          role: a.role,
          staffUserId: set.staffUserId ?? a.staffUserId,
          districtCode: a.districtCode,
        },
        now,
      )
    return step.to
  })
}

/**
 * Logs volunteer hours by hand (certified or assigned volunteers). A source reference counts once per
 * person: not again on this application, nor on another of the same person's applications.
 */
export async function logHours(db: Db, actor: Actor, id: string, input: HoursInput, now: Date) {
  authorize(actor, 'volunteering:log')
  if (!isUuid(id)) throw new AppError('not_found', 'error.notFound')
  return db.transaction(async (tx) => {
    const found = await repo.application(tx, id)
    if (!found) throw new AppError('not_found', 'error.notFound')
    const a = (await repo.lockApplicationsOf(tx, found.personId)).find((x) => x.id === id)!
    if (a.status !== 'certified' && a.status !== 'assigned')
      throw new AppError('conflict', 'volunteering.error.notCertified')
    if (input.sourceRef && (await repo.sourceRefsOfPerson(tx, a.personId)).has(input.sourceRef))
      throw new AppError('conflict', 'volunteering.error.duplicate')
    const added = await repo.insertHours(tx, {
      applicationId: id,
      day: input.day,
      minutes: input.minutes,
      activity: input.activity,
      sourceRef: input.sourceRef ?? null,
      loggedBy: actor.kind === 'staff' ? actor.id : null,
      createdAt: now,
    })
    if (!added) throw new AppError('conflict', 'volunteering.error.duplicate')
    return added
  })
}

const KST = 9 * 3_600_000
const dayOf = (d: Date) => new Date(d.getTime() + KST).toISOString().slice(0, 10)

/** The longest a single piece of work counts for (12 hours). */
export const MAX_MINUTES = 720

const counts = (a: repo.ApplicationRow) =>
  (a.status === 'certified' || a.status === 'assigned') && a.certifiedAt !== null && a.staffUserId !== null

/**
 * Counts hours from where the volunteer's work is already recorded, through the registered hours
 * sources (hours-sources.ts): finished guide shifts, class meetings they tutored that have ended and
 * help-desk tickets they resolved, and whatever other domains register — for the staff account linked
 * at assignment, since certification. It runs for the person behind the application: each piece of work
 * counts once per person, on the application of the source's role when the person holds it (else their
 * earliest certification), so a guide who is also a tutor on the same account is not counted twice.
 * Running it again adds nothing.
 */
export async function collectHours(db: Db, actor: Actor, id: string, now: Date) {
  authorize(actor, 'volunteering:log')
  if (!isUuid(id)) throw new AppError('not_found', 'error.notFound')
  return db.transaction(async (tx) => {
    const found = await repo.application(tx, id)
    if (!found) throw new AppError('not_found', 'error.notFound')
    const apps = await repo.lockApplicationsOf(tx, found.personId)
    const a = apps.find((x) => x.id === id)!
    if ((a.status !== 'certified' && a.status !== 'assigned') || !a.certifiedAt)
      throw new AppError('conflict', 'volunteering.error.notCertified')
    if (!a.staffUserId) throw new AppError('conflict', 'volunteering.error.noStaffAccount')
    return collectFor(tx, apps, actor, now)
  })
}

/**
 * The nightly run of collectHours for every person with a certified or assigned application linked to a
 * staff account (job `volunteering.hours`). Returns how many rows were added in all.
 */
export async function collectAllHours(db: Db, now: Date): Promise<number> {
  let added = 0
  for (const personId of await repo.personsToCollect(db))
    added += await db.transaction(
      async (tx) => (await collectFor(tx, await repo.lockApplicationsOf(tx, personId), 'system', now)).added,
    )
  return added
}

/** Hours from every source for the (locked) applications of one person. */
async function collectFor(tx: Db, apps: repo.ApplicationRow[], actor: Actor | 'system', now: Date) {
  const eligible = apps.filter(counts).sort((x, y) => x.certifiedAt!.getTime() - y.certifiedAt!.getTime())
  if (!eligible.length) return { added: 0, minutes: 0 }
  const counted = await repo.sourceRefsOfPerson(tx, eligible[0]!.personId)
  const byAccount = new Map<string, repo.ApplicationRow[]>()
  for (const a of eligible) byAccount.set(a.staffUserId!, [...(byAccount.get(a.staffUserId!) ?? []), a])
  const perApp = new Map<string, { added: number; minutes: number }>()
  for (const [staffId, mine] of byAccount) {
    const since = mine[0]!.certifiedAt!
    for (const source of hoursSources())
      for (const w of await source.finishedWork(tx, staffId, since, now)) {
        if (counted.has(w.ref) || w.at > now) continue
        const open = mine.filter((a) => a.certifiedAt! <= w.at)
        const to = open.find((a) => a.role === source.role) ?? open[0]
        const minutes = Math.min(w.minutes ?? source.defaultMinutes, MAX_MINUTES)
        if (!to || minutes <= 0) continue
        const row = { day: dayOf(w.at), minutes, activity: source.activity, sourceRef: w.ref }
        if (!(await repo.insertHours(tx, { applicationId: to.id, ...row, loggedBy: null, createdAt: now })))
          continue
        counted.add(w.ref)
        const sum = perApp.get(to.id) ?? { added: 0, minutes: 0 }
        perApp.set(to.id, { added: sum.added + 1, minutes: sum.minutes + minutes })
      }
  }
  let added = 0
  let minutes = 0
  for (const [entityId, sum] of perApp) {
    added += sum.added
    minutes += sum.minutes
    await audit(tx, actor, {
      entity: 'vol_application',
      entityId,
      action: 'hours.collect',
      after: sum,
      at: now,
    })
  }
  return { added, minutes }
}

/**
 * Issues a certificate of volunteer hours: a snapshot of the total with a 10-digit verification code
 * (printed on the PDF, checked at /volunteer/certificates/:code). Audited.
 */
export async function issueHoursCertificate(db: Db, actor: Actor, id: string, now: Date) {
  authorize(actor, 'volunteering:review')
  if (!isUuid(id)) throw new AppError('not_found', 'error.notFound')
  return db.transaction(async (tx) => {
    const a = await repo.application(tx, id, true)
    if (!a) throw new AppError('not_found', 'error.notFound')
    if (a.status !== 'certified' && a.status !== 'assigned')
      throw new AppError('conflict', 'volunteering.error.notCertified')
    const hours = await repo.hoursOf(tx, a.id)
    const minutes = totalMinutes(hours)
    if (!minutes) throw new AppError('conflict', 'volunteering.error.noHours')
    const days = hours.map((h) => h.day).sort()
    const row = await repo.insertHoursCertificate(tx, {
      applicationId: a.id,
      code: randomBytes(5).toString('hex').toUpperCase(),
      minutes,
      fromDay: days[0] ?? null,
      toDay: days.at(-1) ?? null,
      issuedBy: actor.kind === 'staff' ? actor.id : null,
      issuedAt: now,
    })
    await audit(tx, actor, {
      entity: 'vol_application',
      entityId: a.id,
      action: 'hours.certificate',
      after: { code: row.code, minutes },
      at: now,
    })
    return row
  })
}

/** A certificate of hours for download: the volunteer themself, or staff who review volunteers. */
export async function hoursCertificateFor(db: Db, actor: Actor, certificateId: string) {
  const r = isUuid(certificateId) ? await repo.hoursCertificate(db, { id: certificateId }) : undefined
  if (!r) throw new AppError('not_found', 'volunteering.certificate.notFound')
  if (actor.kind === 'citizen') {
    if (r.a.personId !== actor.personId) throw new AppError('not_found', 'volunteering.certificate.notFound')
  } else authorize(actor, 'volunteering:review')
  // The breakdown of the hours the certificate counted (those logged by the time it was issued).
  const byActivity = new Map<string, number>()
  for (const h of await repo.hoursOf(db, r.a.id))
    if (h.createdAt <= r.cert.issuedAt)
      byActivity.set(h.activity, (byActivity.get(h.activity) ?? 0) + h.minutes)
  return { ...r, byActivity: [...byActivity].map(([activity, minutes]) => ({ activity, minutes })) }
}

/** A certificate of hours by its printed code (public check). */
export async function verifyHoursCertificate(db: Db, code: string) {
  const clean = code.toUpperCase().replace(/[^0-9A-F]/g, '')
  const r = clean.length === 10 ? await repo.hoursCertificate(db, { code: clean }) : undefined
  if (!r) throw new AppError('not_found', 'volunteering.certificate.notFound')
  return r
}
