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
import { courseDetail, myLearning, tutorMeetingsSince } from '../education/service.ts'
import { checkinsSince } from '../guides/service.ts'
import { AAD, presentPerson } from '../people/present.ts'
import { findPerson } from '../people/repo.ts'
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
    return step.to
  })
}

/** Logs volunteer hours (certified or assigned volunteers; the same source reference counts once). */
export async function logHours(db: Db, actor: Actor, id: string, input: HoursInput, now: Date) {
  authorize(actor, 'volunteering:log')
  if (!isUuid(id)) throw new AppError('not_found', 'error.notFound')
  return db.transaction(async (tx) => {
    const a = await repo.application(tx, id)
    if (!a) throw new AppError('not_found', 'error.notFound')
    if (a.status !== 'certified' && a.status !== 'assigned')
      throw new AppError('conflict', 'volunteering.error.notCertified')
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

/**
 * Counts hours from where the volunteer's work is already recorded: finished guide shifts (check-in to
 * check-out, guides module) and class meetings they tutored that have ended (education module), since
 * certification, for the staff account linked at assignment. Each shift or meeting counts once (its
 * source reference is unique per application), so running it again adds nothing.
 */
export async function collectHours(db: Db, actor: Actor, id: string, now: Date) {
  authorize(actor, 'volunteering:log')
  if (!isUuid(id)) throw new AppError('not_found', 'error.notFound')
  return db.transaction(async (tx) => {
    const a = await repo.application(tx, id, true)
    if (!a) throw new AppError('not_found', 'error.notFound')
    if ((a.status !== 'certified' && a.status !== 'assigned') || !a.certifiedAt)
      throw new AppError('conflict', 'volunteering.error.notCertified')
    if (!a.staffUserId) throw new AppError('conflict', 'volunteering.error.noStaffAccount')
    return collectFor(tx, a, a.staffUserId, a.certifiedAt, actor, now)
  })
}

/**
 * The nightly run of collectHours for every certified or assigned volunteer with a linked staff account
 * (job `volunteering.hours`). Returns how many rows were added in all.
 */
export async function collectAllHours(db: Db, now: Date): Promise<number> {
  let added = 0
  for (const a of await repo.applicationsToCollect(db))
    added += await db.transaction(async (tx) => {
      const fresh = await repo.application(tx, a.id, true)
      if (!fresh?.staffUserId || !fresh.certifiedAt) return 0
      if (fresh.status !== 'certified' && fresh.status !== 'assigned') return 0
      return (await collectFor(tx, fresh, fresh.staffUserId, fresh.certifiedAt, 'system', now)).added
    })
  return added
}

async function collectFor(
  tx: Db,
  a: repo.ApplicationRow,
  staffId: string,
  since: Date,
  actor: Actor | 'system',
  now: Date,
) {
  const found: { day: string; minutes: number; activity: 'shift' | 'session'; sourceRef: string }[] = []
  for (const { c } of await checkinsSince(tx, since))
    if (c.staffId === staffId && c.checkedOutAt && c.checkedOutAt <= now)
      found.push({
        day: dayOf(c.checkedInAt),
        minutes: Math.round((c.checkedOutAt.getTime() - c.checkedInAt.getTime()) / 60_000),
        activity: 'shift',
        sourceRef: `guide-checkin:${c.id}`,
      })
  for (const { meeting } of await tutorMeetingsSince(tx, staffId, since))
    if (meeting.endsAt <= now && meeting.startsAt >= since)
      found.push({
        day: dayOf(meeting.startsAt),
        minutes: Math.round((meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 60_000),
        activity: 'session',
        sourceRef: `edu-meeting:${meeting.id}`,
      })
  let added = 0
  let minutes = 0
  for (const f of found.filter((x) => x.minutes > 0)) {
    const m = Math.min(f.minutes, 720)
    if (
      await repo.insertHours(tx, { applicationId: a.id, ...f, minutes: m, loggedBy: null, createdAt: now })
    ) {
      added++
      minutes += m
    }
  }
  if (added)
    await audit(tx, actor, {
      entity: 'vol_application',
      entityId: a.id,
      action: 'hours.collect',
      after: { added, minutes },
      at: now,
    })
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
