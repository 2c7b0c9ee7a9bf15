import { randomBytes, randomUUID } from 'node:crypto'
import { logAccess } from '../../platform/audit/access-log.ts'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize, orgIdsOf } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { parse } from '../../platform/http/parse.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { enqueueSms } from '../../platform/jobs/queue.ts'
import { caseRef, withReference } from '../../platform/reference.ts'
import { presentPerson } from '../people/present.ts'
import { findPerson } from '../people/repo.ts'
import { ProxyInput } from '../people/schema.ts'
import { identityLockKey, personRegistration, type RequestMeta } from '../people/service.ts'
import { requestSurvey } from '../voice/service.ts'
import { planMeetings, slotsOf } from './calendar.ts'
import * as repo from './repo.ts'
import type { BrowseQuery, CourseInput, EnrolInput, SessionChange, SessionInput } from './schema.ts'
import { smsLinkBase, smsLinkFor } from './sms-link.ts'

/** A person may hold at most this many live places in sessions that have not ended. */
export const MAX_LIVE_ENROLMENTS = 5

const pgCode = (e: unknown): string | undefined => {
  const x = e as { code?: string; cause?: { code?: string } }
  return x?.cause?.code ?? x?.code
}

/**
 * Texts a person (outbox). Every education text ends with their short link (/c/{code}), where they verify
 * by code and can see or cancel their places.
 */
async function smsTo(
  tx: Db,
  personId: string,
  enrolmentId: string,
  key: string,
  params: Record<string, string>,
  dedupe?: string,
) {
  const p = await findPerson(tx, personId)
  if (p?.status !== 'active') return
  const view = presentPerson(p)
  if (!view.phone) return
  const locale = view.preferredLanguage as Locale
  const link = `${smsLinkBase()}/c/${await smsLinkFor(tx, personId, new Date())}`
  const body = `${translate(locale, key, params)} ${translate(locale, 'education.sms.manageLink', { link })}`
  const reference = enrolmentRef(enrolmentId)
  await enqueueSms(
    tx,
    {
      to: view.phone,
      body: withReference(locale, body, reference),
      reference,
    },
    { dedupeKey: dedupe },
  )
}

/** An enrolment's reference number (on every text about it; staff find it at /staff/find). */
export const enrolmentRef = (enrolmentId: string) => caseRef('EDU', enrolmentId)

const whereOf = (placeName: string | null, busStop: string | null) => placeName ?? busStop ?? ''

// ── catalogue ───────────────────────────────────────────────────────────────────────────────────

/** Adds a course to the catalogue (programme managers). */
export async function createCourse(db: Db, actor: Actor, input: CourseInput, now: Date) {
  authorize(actor, 'education:manage')
  return db.transaction(async (tx) => {
    for (const id of input.prerequisites)
      if (!(await repo.findCourse(tx, id)))
        throw new AppError('validation', 'validation.summary', {
          prerequisites: 'education.course.unknownPrerequisite',
        })
    const c = await repo.insertCourse(tx, { ...input, createdAt: now })
    await audit(tx, actor, { entity: 'edu_course', entityId: c.id, action: 'create', at: now })
    return c
  })
}

/**
 * Schedules a session of a course: its meetings (public holidays skipped), venue or bus stop, seats,
 * tutors. A tutor already teaching at an overlapping time is refused (the database enforces it).
 */
export async function createSession(db: Db, actor: Actor, courseId: string, input: SessionInput, now: Date) {
  authorize(actor, 'education:manage')
  const course = isUuid(courseId) ? await repo.findCourse(db, courseId) : undefined
  if (!course) throw new AppError('not_found', 'education.course.notFound')
  const plan = planMeetings({
    firstDay: input.firstDay,
    time: input.time,
    minutes: course.durationMinutes,
    count: input.weekly ? input.meetings : 1,
    weekly: input.weekly,
  })
  const first = plan.meetings[0]
  const last = plan.meetings.at(-1)
  if (!first || !last)
    throw new AppError('validation', 'validation.summary', { firstDay: 'education.session.holiday' })
  const tutors = await repo.tutorRoles(db, input.tutorIds)
  if (tutors.length !== input.tutorIds.length)
    throw new AppError('validation', 'validation.summary', { tutorIds: 'education.session.unknownTutor' })
  let districtCode = input.districtCode ?? null
  if (input.placeId) {
    const place = await repo.findPlace(db, input.placeId)
    if (!place)
      throw new AppError('validation', 'validation.summary', { placeId: 'education.session.unknownPlace' })
    districtCode = place.districtCode ?? districtCode
  }
  try {
    return await db.transaction(async (tx) => {
      const s = await repo.insertSession(tx, {
        courseId: course.id,
        placeId: input.placeId ?? null,
        busStop: input.busStop ?? null,
        districtCode,
        capacity: input.capacity,
        opensAt: new Date(input.opensAt),
        startsAt: first.startsAt,
        endsAt: last.endsAt,
        createdAt: now,
      })
      const ms = await repo.insertMeetings(
        tx,
        plan.meetings.map((m) => ({ sessionId: s.id, ...m })),
      )
      await repo.insertTutors(tx, s.id, input.tutorIds)
      await repo.insertTutorSlots(
        tx,
        input.tutorIds.flatMap((tutorId) =>
          ms.flatMap((m) =>
            slotsOf(m.startsAt, m.endsAt).map((slot) => ({ tutorId, slot, meetingId: m.id })),
          ),
        ),
      )
      await audit(tx, actor, {
        entity: 'edu_session',
        entityId: s.id,
        action: 'create',
        after: { skippedHolidays: plan.skipped },
        at: now,
      })
      return { session: s, meetings: ms, skippedHolidays: plan.skipped }
    })
  } catch (e) {
    if (pgCode(e) === '23505')
      throw new AppError('conflict', 'education.session.tutorBusy', {
        tutorIds: 'education.session.tutorBusy',
      })
    throw e
  }
}

/**
 * Changes a session's venue or tutors (new tutors' time is booked, never double) and tells everyone
 * enrolled or waiting by SMS through the outbox, in the same transaction.
 */
export async function changeSession(db: Db, actor: Actor, id: string, input: SessionChange, now: Date) {
  authorize(actor, 'education:manage')
  const s = isUuid(id) ? await repo.findSession(db, id) : undefined
  if (!s) throw new AppError('not_found', 'education.session.notFound')
  let placeName: string | null = null
  if (input.placeId) {
    const place = await repo.findPlace(db, input.placeId)
    if (!place)
      throw new AppError('validation', 'validation.summary', { placeId: 'education.session.unknownPlace' })
    placeName = place.nameKo
  }
  if (input.tutorIds && (await repo.tutorRoles(db, input.tutorIds)).length !== input.tutorIds.length)
    throw new AppError('validation', 'validation.summary', { tutorIds: 'education.session.unknownTutor' })
  try {
    return await db.transaction(async (tx) => {
      await repo.lockSession(tx, s.id)
      const course = (await repo.findCourse(tx, s.courseId))!
      if (input.placeId || input.busStop)
        await repo.updateSession(tx, s.id, { placeId: input.placeId ?? null, busStop: input.busStop ?? null })
      if (input.tutorIds) {
        const ms = await repo.meetingsOf(tx, s.id)
        await repo.clearTutors(tx, s.id)
        await repo.insertTutors(tx, s.id, input.tutorIds)
        await repo.insertTutorSlots(
          tx,
          input.tutorIds.flatMap((tutorId) =>
            ms.flatMap((m) =>
              slotsOf(m.startsAt, m.endsAt).map((slot) => ({ tutorId, slot, meetingId: m.id })),
            ),
          ),
        )
      }
      const people = await repo.livePeople(tx, s.id)
      const what =
        input.placeId || input.busStop ? 'education.sms.venueChanged' : 'education.sms.tutorChanged'
      for (const p of people)
        await smsTo(
          tx,
          p.personId,
          p.id,
          what,
          { course: course.titleKo, where: placeName ?? input.busStop ?? '' },
          `edu-change:${s.id}:${now.getTime()}:${p.id}`,
        )
      await audit(tx, actor, {
        entity: 'edu_session',
        entityId: s.id,
        action: 'change',
        after: input,
        at: now,
      })
      return { notified: people.length }
    })
  } catch (e) {
    if (pgCode(e) === '23505')
      throw new AppError('conflict', 'education.session.tutorBusy', {
        tutorIds: 'education.session.tutorBusy',
      })
    throw e
  }
}

/** A session with its seat counts and meetings. */
export async function sessionDetail(db: Db, id: string) {
  const s = isUuid(id) ? await repo.findSession(db, id) : undefined
  if (!s) throw new AppError('not_found', 'education.session.notFound')
  const [c, meetings, tutors] = await Promise.all([
    repo.counts(db, id),
    repo.meetingsOf(db, id),
    repo.tutorsOf(db, id),
  ])
  return { session: s, ...c, meetings, tutors }
}

/** Upcoming sessions for browsing. */
export function browse(db: Db, q: BrowseQuery, now: Date) {
  return repo.listSessions(db, {
    now,
    goal: q.goal,
    district: q.district,
    level: q.level,
    from: q.from ? new Date(`${q.from}T00:00:00+09:00`) : undefined,
  })
}

/** Class meetings a tutor teaches ending from a time (other domains count volunteer hours from them). */
export const tutorMeetingsSince = (db: Db, tutorId: string, from: Date) =>
  repo.meetingsFor(db, { tutorId, from })

export async function courseDetail(db: Db, id: string, now: Date) {
  const course = isUuid(id) ? await repo.findCourse(db, id) : undefined
  if (!course) throw new AppError('not_found', 'education.course.notFound')
  const sessions = await repo.listSessions(db, { now, courseId: id })
  const all = await repo.listCourses(db)
  const prereqs = all.filter((c) => course.prerequisites.includes(c.id))
  const next = all.filter((c) => c.prerequisites.includes(course.id))
  return { course, sessions, prereqs, next }
}

// ── enrolment ───────────────────────────────────────────────────────────────────────────────────

export interface EnrolOutcome {
  enrolment: repo.EnrolmentRow
  position: number | null
  replayed: boolean
}

/**
 * Enrols a person in a session, never beyond its capacity: one transaction takes a seat with a
 * conditional UPDATE (backed by a CHECK) and inserts the enrolment (unique per session and person);
 * when full, the person joins the waitlist and learns their position. A verified citizen enrols
 * themselves; staff enrol someone found or registered by name, birth date and phone (channel, proxy
 * and consent recorded). The same idempotency key answers with the first result.
 */
export async function enrol(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: EnrolInput,
  meta: RequestMeta & { idempotencyKey?: string | null },
): Promise<EnrolOutcome> {
  const key = meta.idempotencyKey
    ? `${actor.kind === 'citizen' ? actor.personId : actor.kind === 'staff' ? actor.id : 'anon'}:${meta.idempotencyKey}`
    : null
  const replay = async () => {
    const prior = key ? await repo.findByIdempotencyKey(db, key) : undefined
    return prior
      ? {
          enrolment: prior,
          position: prior.status === 'waitlisted' ? await repo.waitlistPosition(db, prior) : null,
          replayed: true,
        }
      : null
  }
  if (!isUuid(sessionId)) {
    const r = await replay()
    if (r) return r
    throw new AppError('not_found', 'education.session.notFound')
  }
  for (let attempt = 1; ; attempt++)
    try {
      return await enrolOnce(db, actor, sessionId, input, meta, key)
    } catch (e) {
      // a deadlock between two waitlist entries taking a freed seat at once: run again
      if ((pgCode(e) === '40P01' || pgCode(e) === '40001') && attempt < 3) continue
      // the same key (a double click, a retried request) racing with its first request: the first answer
      if (pgCode(e) === '23505' || (e instanceof AppError && e.message === 'education.enrol.already')) {
        const r = await replay()
        if (r) return r
        throw pgCode(e) === '23505' ? new AppError('conflict', 'education.enrol.already') : e
      }
      throw e
    }
}

/**
 * One attempt at enrolling: one transaction with two statements between BEGIN and COMMIT (1. the
 * session, an earlier enrolment with the key, and for a staff enrolment the identity lock; 2. for a
 * staff enrolment the person found or registered with their proxy record, audit entry and access-log
 * entry, then the checks, the seat, the enrolment with its proxy record and audit entry). A third
 * statement only when every access-log lane was busy (the entry then waits for one).
 * The session row is locked from statement 2 to the commit only.
 */
function enrolOnce(
  db: Db,
  actor: Actor,
  sessionId: string,
  input: EnrolInput,
  meta: RequestMeta,
  key: string | null,
): Promise<EnrolOutcome> {
  return db.transaction(async (tx) => {
    const caller = actor.kind === 'staff' ? input.person : undefined
    const { session, prior, position } = await repo.openEnrolment(
      tx,
      sessionId,
      key,
      caller ? identityLockKey(caller.name, caller.birthDate) : null,
    )
    if (prior) return { enrolment: prior, position, replayed: true }
    if (!session) throw new AppError('not_found', 'education.session.notFound')
    if (actor.kind === 'staff') authorize(actor, 'education:enrol')
    else if (actor.kind !== 'citizen') throw new AppError('unauthenticated', 'auth.signInRequired')
    if (actor.kind === 'citizen' && session.opensAt > meta.now)
      throw new AppError(
        'conflict',
        'education.enrol.notOpen',
        {},
        { opens: formatDateTime(meta.locale ?? 'ko', session.opensAt) },
      )
    if (session.endsAt <= meta.now) throw new AppError('conflict', 'education.enrol.ended')
    let person: repo.PlaceInput['person']
    let logged: ((tx: Db, r: { personId: string; created: boolean }) => Promise<void>) | null = null
    let channel: 'web' | 'phone' | 'walk_in' | 'field' = 'web'
    let proxy: repo.PlaceInput['proxy'] = null
    if (actor.kind === 'citizen') person = { id: actor.personId }
    else {
      if (!input.person)
        throw new AppError('validation', 'validation.summary', { person: 'education.enrol.personRequired' })
      channel = input.channel ?? 'phone'
      // found or registered by the people domain, in the placing statement (the identity lock is held)
      const reg = personRegistration(
        actor,
        {
          ...input.person,
          preferredLanguage: 'ko',
          channel,
          relationship: input.relationship,
          consentGiven: input.consentGiven,
          consentMethod: input.consentMethod,
          note: input.note,
        },
        meta,
      )
      person = { registration: reg.ctes, accessLog: reg.logCtes }
      logged = reg.logged
      // validated as recordProxy validates it; written by the placing statement
      const p = parse(ProxyInput, {
        personId: randomUUID(),
        channel,
        actedBy: actor.id,
        orgId: actor.orgId,
        relationship: input.relationship,
        consentGiven: input.consentGiven,
        consentMethod: input.consentMethod,
        purpose: 'education.enrol',
        entity: 'edu_enrolment',
        at: meta.now,
      })
      proxy = {
        actedBy: actor.id,
        relationship: p.relationship,
        consentGiven: p.consentGiven,
        consentMethod: p.consentMethod,
        note: p.note ?? null,
      }
    }
    for (let run = 1; ; run++) {
      const placed = await repo.placeEnrolment(tx, {
        sessionId: session.id,
        person,
        now: meta.now,
        maxLive: MAX_LIVE_ENROLMENTS,
        channel,
        enrolledBy: actor.kind === 'staff' ? actor.id : null,
        orgId: actor.kind === 'staff' ? actor.orgId : null,
        idempotencyKey: key,
        actor:
          actor.kind === 'staff' ? { kind: 'staff', id: actor.id } : { kind: 'citizen', id: actor.personId },
        proxy,
      })
      if (placed.refused !== null)
        throw placed.refused === 'limit'
          ? new AppError('conflict', 'education.enrol.limit', {}, { max: MAX_LIVE_ENROLMENTS })
          : new AppError('conflict', `education.enrol.${placed.refused}`)
      // the access-log entry for finding or registering the person: written by the placing statement,
      // or (when every lane was busy) appended now, waiting for a lane
      if (logged && !placed.accessLogged)
        await logged(tx, { personId: placed.personId, created: placed.personCreated })
      logged = null
      if (placed.enrolment) return { enrolment: placed.enrolment, position: placed.position, replayed: false }
      // a cancellation freed a seat after the statement's snapshot: again, with a new snapshot (this
      // transaction now holds the session row in share mode) and the person as found; rarely more than once
      person = { id: placed.personId }
      if (run >= 5) throw Object.assign(new Error('seats keep changing'), { code: '40001' })
    }
  })
}

/** Staff may act on an enrolment within their scope (a centre worker: their organisation's). */
function staffMay(actor: Actor, e: repo.EnrolmentRow, action: 'education:enrol' | 'education:read') {
  authorize(actor, action, { orgId: e.orgId })
}

/**
 * Cancels a place. If it held a seat, the first person waiting is promoted in the same transaction
 * and told by SMS (outbox); otherwise the seat is freed.
 */
export async function cancelEnrolment(db: Db, actor: Actor, id: string, meta: RequestMeta) {
  const found = isUuid(id) ? await repo.findEnrolment(db, id) : undefined
  if (!found) throw new AppError('not_found', 'education.enrolment.notFound')
  if (actor.kind === 'citizen') {
    if (found.personId !== actor.personId) throw new AppError('not_found', 'education.enrolment.notFound')
  } else staffMay(actor, found, 'education:enrol')
  return db.transaction(async (tx) => {
    await repo.lockSession(tx, found.sessionId)
    const e = await repo.lockEnrolment(tx, id)
    if (!e || e.status === 'cancelled') return { cancelled: false, promoted: null as string | null }
    await repo.updateEnrolment(tx, e.id, { status: 'cancelled', cancelledAt: meta.now })
    let promoted: string | null = null
    if (e.status === 'enrolled') {
      const next = await repo.firstWaitlisted(tx, e.sessionId)
      if (next) {
        await repo.updateEnrolment(tx, next.id, { status: 'enrolled', promotedAt: meta.now })
        promoted = next.id
        const s = await repo.findSession(tx, e.sessionId)
        const c = s ? await repo.findCourse(tx, s.courseId) : undefined
        const ms = await repo.meetingsOf(tx, e.sessionId)
        await smsTo(
          tx,
          next.personId,
          next.id,
          'education.sms.promoted',
          { course: c?.titleKo ?? '', when: ms[0] ? formatDateTime('ko', ms[0].startsAt) : '' },
          `edu-promoted:${next.id}`,
        )
        await audit(tx, 'system', {
          entity: 'edu_enrolment',
          entityId: next.id,
          action: 'promoted',
          at: meta.now,
        })
      } else await repo.releaseSeat(tx, e.sessionId)
    }
    await audit(tx, actor, { entity: 'edu_enrolment', entityId: e.id, action: 'cancel', at: meta.now })
    if (actor.kind === 'staff')
      await logAccess(tx, {
        staffId: actor.id,
        ip: meta.ip,
        personId: e.personId,
        action: 'change',
        detail: { enrolmentCancelled: e.id },
        at: meta.now,
      })
    return { cancelled: true, promoted }
  })
}

/** The citizen's own enrolments with their waitlist positions and certificates. */
export async function myLearning(db: Db, personId: string) {
  const rows = await repo.enrolmentsOfPerson(db, personId)
  const out = []
  for (const r of rows)
    out.push({
      ...r,
      position: r.enrolment.status === 'waitlisted' ? await repo.waitlistPosition(db, r.enrolment) : null,
    })
  return out
}

/** A session's people for staff: everyone (scope all) or only their organisation's (scope org); logged. */
export async function sessionRoster(db: Db, actor: Actor, sessionId: string, meta: RequestMeta) {
  const detail = await sessionDetail(db, sessionId)
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  let scope: ReturnType<typeof authorize>
  if (actor.role === 'tutor') {
    scope = authorize(actor, 'education:teach')
    if (!(await repo.isTutorOf(db, sessionId, actor.id)))
      throw new AppError('not_found', 'education.session.notFound')
  } else scope = authorize(actor, 'education:read')
  const people = await repo.roster(db, sessionId, scope === 'org' ? orgIdsOf(actor) : undefined)
  if (people.length)
    await logAccess(
      db,
      people.map((p) => ({
        staffId: actor.id,
        ip: meta.ip,
        personId: p.personId,
        action: 'view' as const,
        detail: { roster: sessionId },
        at: meta.now,
      })),
    )
  return { ...detail, people }
}

// ── attendance, completion ──────────────────────────────────────────────────────────────────────

/** The tutor's roster of one meeting (their own sessions only). */
export async function meetingRoster(db: Db, actor: Actor, meetingId: string, meta: RequestMeta) {
  const m = isUuid(meetingId) ? await repo.findMeeting(db, meetingId) : undefined
  if (!m) throw new AppError('not_found', 'education.meeting.notFound')
  const r = await sessionRoster(db, actor, m.sessionId, meta)
  const marks = await repo.attendanceOf(db, meetingId)
  const course = await repo.findCourse(db, r.session.courseId)
  return { meeting: m, course: course!, ...r, people: r.people.filter((p) => p.status === 'enrolled'), marks }
}

/**
 * Marks one person present or absent at a meeting. When their attendance reaches the course's
 * completion rule, the certificate is issued (once) with a verification code.
 */
export async function markAttendance(
  db: Db,
  actor: Actor,
  meetingId: string,
  input: { enrolmentId: string; present: boolean },
  meta: RequestMeta,
) {
  const m = isUuid(meetingId) ? await repo.findMeeting(db, meetingId) : undefined
  if (!m) throw new AppError('not_found', 'education.meeting.notFound')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  const scope = authorize(actor, 'education:teach')
  if (scope === 'own' && !(await repo.isTutorOf(db, m.sessionId, actor.id)))
    throw new AppError('not_found', 'education.meeting.notFound')
  return db.transaction(async (tx) => {
    const e = isUuid(input.enrolmentId) ? await repo.findEnrolment(tx, input.enrolmentId) : undefined
    if (!e || e.sessionId !== m.sessionId || e.status !== 'enrolled')
      throw new AppError('not_found', 'education.enrolment.notFound')
    await repo.markAttendance(tx, {
      meetingId,
      enrolmentId: e.id,
      present: input.present,
      markedBy: actor.id,
      markedAt: meta.now,
    })
    const s = (await repo.findSession(tx, e.sessionId))!
    const course = (await repo.findCourse(tx, s.courseId))!
    const total = await repo.meetingCount(tx, s.id)
    const attended = await repo.attendedCount(tx, e.id)
    let certificate: repo.CertificateRow | undefined
    if (total > 0 && attended * 100 >= course.completionPercent * total)
      certificate = await repo.insertCertificate(tx, {
        enrolmentId: e.id,
        code: randomBytes(5).toString('hex').toUpperCase(),
        issuedAt: meta.now,
      })
    if (certificate)
      await audit(tx, actor, {
        entity: 'edu_certificate',
        entityId: certificate.id,
        action: 'issue',
        at: meta.now,
      })
    // the class is complete: a one-tap survey by text (voice), once per enrolment
    if (certificate)
      await requestSurvey(
        tx,
        { service: 'class', reference: enrolmentRef(e.id), personId: e.personId },
        meta.now,
      )
    return { attended, total, certificate: certificate ?? null }
  })
}

/** A certificate by its printed code (public verification). */
export async function verifyCertificate(db: Db, code: string) {
  const clean = code.toUpperCase().replace(/[^0-9A-F]/g, '')
  const r = clean.length === 10 ? await repo.certificateBy(db, { code: clean }) : undefined
  if (!r) throw new AppError('not_found', 'education.certificate.notFound')
  return r
}

/** A certificate for download: its owner (citizen) or staff who may read education records. */
export async function certificateFor(db: Db, actor: Actor, id: string) {
  const r = isUuid(id) ? await repo.certificateBy(db, { id }) : undefined
  if (!r) throw new AppError('not_found', 'education.certificate.notFound')
  if (actor.kind === 'citizen') {
    if (r.enrolment.personId !== actor.personId)
      throw new AppError('not_found', 'education.certificate.notFound')
  } else staffMay(actor, r.enrolment, 'education:read')
  return r
}

// ── reminders ───────────────────────────────────────────────────────────────────────────────────

/**
 * Queues reminders by SMS for every enrolled person: the day before (`tomorrow`, run in the morning) or
 * the morning of the meeting (`today`), by Seoul days. The dedupe key makes a second run of the same
 * day send nothing twice.
 */
export async function queueReminders(
  db: Db,
  now: Date,
  which: 'tomorrow' | 'today' = 'tomorrow',
): Promise<number> {
  const kst = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10)
  const from = new Date(Date.parse(`${kst}T00:00:00+09:00`) + (which === 'tomorrow' ? 86_400_000 : 0))
  const rows = await repo.meetingsToRemind(
    db,
    which === 'today' ? new Date(Math.max(from.getTime(), now.getTime())) : from,
    new Date(from.getTime() + 86_400_000),
  )
  let n = 0
  for (const r of rows)
    await db.transaction(async (tx) => {
      await smsTo(
        tx,
        r.personId,
        r.enrolmentId,
        which === 'tomorrow' ? 'education.sms.reminder' : 'education.sms.today',
        { course: r.titleKo, when: formatDateTime('ko', r.startsAt), where: whereOf(r.placeName, r.busStop) },
        `edu-remind-${which}:${r.meetingId}:${r.enrolmentId}`,
      )
      n++
    })
  return n
}

/** One education fact for the anonymous statistics; `id` is the cursor key within its moment. */
export interface EducationStatFact {
  id: string
  enrolmentId: string
  at: Date
  /** The session's district (attended, certified); null for an enrolment. */
  districtCode: string | null
  personId: string
}

/**
 * For anonymous statistics (the stats collector): attendance marked present, certificates issued or
 * enrolments made after a cursor (time, id), oldest first, at most `limit`. Read-only.
 */
export async function educationStatFacts(
  db: Db,
  moment: 'attended' | 'certified' | 'enrolled',
  after: { at: Date; id: string },
  limit: number,
): Promise<EducationStatFact[]> {
  const read =
    moment === 'attended'
      ? repo.attendedAfter
      : moment === 'certified'
        ? repo.certifiedAfter
        : repo.enrolledAfter
  return (await read(db, after, limit)).map((r) => ({ ...r, at: new Date(r.at) }))
}
