import type { Actor } from '../../platform/auth/actor.ts'
import { encryptField } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { volunteerApplications } from './tables.ts'

/** The id of a volunteer application of this person for page samples (adds one the first time). */
export async function sampleVolunteerId(db: Db, personId: string): Promise<string> {
  const [first] = await db.select({ id: volunteerApplications.id }).from(volunteerApplications).limit(1)
  if (first) return first.id
  const now = new Date()
  const [r] = await db
    .insert(volunteerApplications)
    .values({
      personId,
      role: 'digital_guide',
      motivationEnc: encryptField('이웃을 돕고 싶어요', 'vol_applications.motivation'),
      availabilityEnc: encryptField('화요일 오전', 'vol_applications.availability'),
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: volunteerApplications.id })
  return r!.id
}

/**
 * A training course in the education module with one session of two weekly meetings taught by
 * `tutorId` at `placeId` (setup for volunteering tests and the e2e journey).
 */
export async function trainingCourseFor(
  db: Db,
  admin: Actor,
  tutorId: string,
  placeId: string,
  now: Date,
  over: { firstDay?: string; time?: string; titleKo?: string; titleEn?: string } = {},
) {
  const { CourseInput, SessionInput } = await import('../education/schema.ts')
  const { createCourse, createSession } = await import('../education/service.ts')
  const course = await createCourse(
    db,
    admin,
    CourseInput.parse({
      titleKo: over.titleKo ?? '50+ 디지털 봉사자 2주 교육',
      titleEn: over.titleEn ?? '50+ digital volunteer training (2 weeks)',
      whoKo: '50+ 봉사 지원자',
      whoEn: '50+ volunteer applicants',
      level: 'basic',
      format: 'class',
      goals: ['smartphone_basics'],
      durationMinutes: 120,
      completionPercent: 50,
    }),
    now,
  )
  const { session, meetings } = await createSession(
    db,
    admin,
    course.id,
    SessionInput.parse({
      placeId,
      firstDay: over.firstDay ?? '2026-12-03',
      time: over.time ?? '10:00',
      capacity: 10,
      weekly: true,
      meetings: 2,
      tutorIds: [tutorId],
      opensAt: new Date(now.getTime() - 3_600_000).toISOString(),
    }),
    now,
  )
  return { course, session, meetings }
}

/** The person enrols in the session and the tutor marks them present at the first meeting (certificate). */
export async function completeTraining(
  db: Db,
  tutor: Actor,
  personId: string,
  sessionId: string,
  meetingId: string,
  now: Date,
) {
  const { enrol, markAttendance } = await import('../education/service.ts')
  const meta = { ip: null, now }
  const e = await enrol(
    db,
    { kind: 'citizen', personId, sessionId: 'test' },
    sessionId,
    { relationship: 'self', consentGiven: true, consentMethod: 'online' },
    meta,
  )
  const r = await markAttendance(db, tutor, meetingId, { enrolmentId: e.enrolment.id, present: true }, meta)
  return r.certificate
}
