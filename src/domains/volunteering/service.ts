import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { decryptOptional, encryptField, encryptOptional } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { caseRef } from '../../platform/reference.ts'
import { AAD } from '../people/present.ts'
import { findPerson } from '../people/repo.ts'
import * as repo from './repo.ts'
import type { ApplyInput, HoursInput, ReviewInput } from './schema.ts'
import type { VolunteerStatus } from './tables.ts'

const A = {
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

/** Hours in minutes of an application (total). */
export const totalMinutes = (hours: repo.HoursRow[]) => hours.reduce((s, h) => s + h.minutes, 0)

/** The citizen's own applications with their hours. */
export async function myVolunteering(db: Db, personId: string) {
  const apps = await repo.applicationsOf(db, personId)
  return Promise.all(
    apps.map(async (a) => ({
      a,
      reference: caseRef('VOL', a.id),
      minutes: totalMinutes(await repo.hoursOf(db, a.id)),
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
    }
    if (input.action === 'training') set.trainingCourseId = input.trainingCourseId ?? null
    if (input.action === 'trained') set.trainingDoneAt = now
    if (input.action === 'certify') {
      if (!a.trainingDoneAt) throw new AppError('conflict', 'volunteering.error.notTrained')
      set.certifiedAt = now
      set.certificateNo = caseRef('VOL', a.id)
    }
    if (input.action === 'assign') {
      if (!input.placeId)
        throw new AppError('validation', 'volunteering.error.place', { placeId: 'volunteering.error.place' })
      set.assignedPlaceId = input.placeId
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
