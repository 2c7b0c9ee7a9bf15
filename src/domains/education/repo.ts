import { and, asc, eq, gte, inArray, lt, ne, type SQL, sql } from 'drizzle-orm'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Db } from '../../platform/db/client.ts'
import { staffUsers } from '../identity/tables.ts'
import { persons, proxyActions } from '../people/tables.ts'
import { places } from '../reference/tables.ts'
import {
  attendance,
  certificates,
  courses,
  eduSessions,
  enrolments,
  type Goal,
  type Level,
  meetings,
  sessionTutors,
  tutorSlots,
} from './tables.ts'

export type CourseRow = typeof courses.$inferSelect
export type SessionRow = typeof eduSessions.$inferSelect
export type MeetingRow = typeof meetings.$inferSelect
export type EnrolmentRow = typeof enrolments.$inferSelect
export type CertificateRow = typeof certificates.$inferSelect

// ── catalogue ───────────────────────────────────────────────────────────────────────────────────

export async function insertCourse(tx: Db, row: typeof courses.$inferInsert): Promise<CourseRow> {
  const [c] = await tx.insert(courses).values(row).returning()
  return c!
}

export const listCourses = (db: Db): Promise<CourseRow[]> =>
  db.select().from(courses).orderBy(asc(courses.level), asc(courses.titleKo))

export async function findCourse(db: Db, id: string): Promise<CourseRow | undefined> {
  const [c] = await db.select().from(courses).where(eq(courses.id, id))
  return c
}

export async function insertSession(tx: Db, row: typeof eduSessions.$inferInsert): Promise<SessionRow> {
  const [s] = await tx.insert(eduSessions).values(row).returning()
  return s!
}

export async function insertMeetings(tx: Db, rows: (typeof meetings.$inferInsert)[]): Promise<MeetingRow[]> {
  return rows.length ? tx.insert(meetings).values(rows).returning() : []
}

export async function insertTutors(tx: Db, sessionId: string, tutorIds: string[]): Promise<void> {
  if (tutorIds.length)
    await tx.insert(sessionTutors).values(tutorIds.map((tutorId) => ({ sessionId, tutorId })))
}

/** Books tutors' 15-minute blocks; a unique violation means a double booking. */
export async function insertTutorSlots(tx: Db, rows: (typeof tutorSlots.$inferInsert)[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) await tx.insert(tutorSlots).values(rows.slice(i, i + 500))
}

export async function tutorRoles(
  db: Db,
  ids: string[],
): Promise<{ id: string; role: string; name: string }[]> {
  if (!ids.length) return []
  return db
    .select({ id: staffUsers.id, role: staffUsers.role, name: staffUsers.displayName })
    .from(staffUsers)
    .where(inArray(staffUsers.id, ids))
}

export async function findSession(db: Db, id: string): Promise<SessionRow | undefined> {
  const [s] = await db.select().from(eduSessions).where(eq(eduSessions.id, id))
  return s
}

export async function lockSession(tx: Db, id: string): Promise<SessionRow | undefined> {
  const [s] = await tx.select().from(eduSessions).where(eq(eduSessions.id, id)).for('update')
  return s
}

export const meetingsOf = (db: Db, sessionId: string): Promise<MeetingRow[]> =>
  db.select().from(meetings).where(eq(meetings.sessionId, sessionId)).orderBy(asc(meetings.startsAt))

export async function tutorsOf(db: Db, sessionId: string): Promise<{ id: string; name: string }[]> {
  return db
    .select({ id: staffUsers.id, name: staffUsers.displayName })
    .from(sessionTutors)
    .innerJoin(staffUsers, eq(staffUsers.id, sessionTutors.tutorId))
    .where(eq(sessionTutors.sessionId, sessionId))
}

export async function counts(db: Db, sessionId: string): Promise<{ enrolled: number; waitlisted: number }> {
  const [r] = await db
    .select({
      enrolled: sql<number>`count(*) filter (where ${enrolments.status} = 'enrolled')::int`,
      waitlisted: sql<number>`count(*) filter (where ${enrolments.status} = 'waitlisted')::int`,
    })
    .from(enrolments)
    .where(eq(enrolments.sessionId, sessionId))
  return { enrolled: r?.enrolled ?? 0, waitlisted: r?.waitlisted ?? 0 }
}

export interface SessionListing {
  session: SessionRow
  course: CourseRow
  placeName: string | null
  placeNameEn: string | null
  placeAddress: string | null
}

/** Sessions that have not ended, with their course and venue, filtered for browsing. */
export async function listSessions(
  db: Db,
  f: {
    now: Date
    goal?: Goal
    district?: string
    from?: Date
    level?: Level
    placeId?: string
    courseId?: string
  },
): Promise<SessionListing[]> {
  const rows = await db
    .select({
      session: eduSessions,
      course: courses,
      placeName: places.nameKo,
      placeNameEn: places.nameEn,
      placeAddress: places.address,
    })
    .from(eduSessions)
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .leftJoin(places, eq(places.id, eduSessions.placeId))
    .where(
      and(
        gte(eduSessions.endsAt, f.now),
        f.from ? gte(eduSessions.startsAt, f.from) : undefined,
        f.district ? eq(eduSessions.districtCode, f.district) : undefined,
        f.level ? eq(courses.level, f.level) : undefined,
        f.goal ? sql`${courses.goals} ? ${f.goal}` : undefined,
        f.placeId ? eq(eduSessions.placeId, f.placeId) : undefined,
        f.courseId ? eq(eduSessions.courseId, f.courseId) : undefined,
      ),
    )
    .orderBy(asc(eduSessions.startsAt))
    .limit(200)
  return rows
}

export async function findPlace(db: Db, id: string) {
  const [p] = await db.select().from(places).where(eq(places.id, id))
  return p
}

// ── seats ───────────────────────────────────────────────────────────────────────────────────────

export async function releaseSeat(tx: Db, sessionId: string): Promise<void> {
  await tx
    .update(eduSessions)
    .set({ taken: sql`${eduSessions.taken} - 1` })
    .where(eq(eduSessions.id, sessionId))
}

// ── enrolments ──────────────────────────────────────────────────────────────────────────────────

export async function findByIdempotencyKey(db: Db, key: string): Promise<EnrolmentRow | undefined> {
  const [e] = await db.select().from(enrolments).where(eq(enrolments.idempotencyKey, key))
  return e
}

/**
 * The first statement of an enrolment's transaction: the session and the enrolment made earlier with
 * this idempotency key (with its waitlist position), and, when `lock` is given, the advisory lock on
 * that key for the rest of the transaction (the people domain's identity lock: later statements see
 * every registration committed before it was granted). One round trip.
 */
export async function openEnrolment(
  tx: Db,
  sessionId: string,
  key: string | null,
  lock: string | null,
): Promise<{ session: SessionRow | undefined; prior: EnrolmentRow | undefined; position: number | null }> {
  const [r] = await tx
    .select({
      session: eduSessions,
      prior: enrolments,
      position: sql<number | null>`case when ${enrolments.status} = 'waitlisted' then (
        select count(*)::int from ${enrolments} w
         where w.session_id = ${enrolments.sessionId} and w.status = 'waitlisted' and w.seq <= ${enrolments.seq}) end`,
      locked: lock === null ? sql`null` : sql`pg_advisory_xact_lock(hashtext(${lock}))::text`,
    })
    .from(eduSessions)
    .leftJoin(enrolments, key === null ? sql`false` : eq(enrolments.idempotencyKey, key))
    .where(eq(eduSessions.id, sessionId))
  return {
    session: r?.session,
    prior: r?.prior ?? undefined,
    position: r?.position === null || r?.position === undefined ? null : Number(r.position),
  }
}

export interface PlaceInput {
  sessionId: string
  /**
   * The person; or, for a staff enrolment, the people domain's registration run in the same statement,
   * with its access-log entry (CTEs defining access_log_moved).
   */
  person: { id: string } | { registration: SQL; accessLog: SQL }
  now: Date
  /** At most this many live places per person in sessions that have not ended. */
  maxLive: number
  channel: EnrolmentRow['channel']
  enrolledBy: string | null
  orgId: string | null
  idempotencyKey: string | null
  /** The audit entry's actor. */
  actor: { kind: 'staff' | 'citizen' | 'system'; id: string | null }
  /** The proxy record (staff acting for the person), or null. */
  proxy: {
    actedBy: string
    relationship: string
    consentGiven: boolean
    consentMethod: string
    note: string | null
  } | null
}

export type Placed = {
  personId: string
  personCreated: boolean
  /** The registration's access-log entry was appended by the statement (false: no lane was free, or none). */
  accessLogged: boolean
} & (
  | { refused: 'already' | 'overlap' | 'limit'; liveCount: number }
  | { refused: null; enrolment: EnrolmentRow; position: number | null }
  /** The session was full in this statement's snapshot, but a cancellation committed meanwhile freed a seat. */
  | { refused: null; enrolment: null; seatFreed: true }
)

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)))
const asDateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : asDate(v))

/**
 * Places a person in a session in one statement (one round trip), never beyond capacity:
 *   - the checks: already holding a live place here, a live place in another session meeting at an
 *     overlapping time, the number of live places in sessions that have not ended;
 *   - when they pass, one seat taken by the conditional UPDATE (`taken < capacity`, backed by a
 *     CHECK); when the session is full, the session row held in share mode until commit (a
 *     cancellation, which locks it exclusively, waits for this entry and then sees it; waitlist
 *     entries do not wait for each other), re-read as committed now;
 *   - the enrolment (enrolled, or waitlisted with its 1-based position), the proxy record and the
 *     audit entry.
 * The session row is locked only from this statement to the commit. When a cancellation freed a seat
 * after this statement's snapshot was taken, nothing is written and `seatFreed` asks the caller to run
 * the statement again (a new snapshot sees the seat).
 */
export async function placeEnrolment(tx: Db, a: PlaceInput): Promise<Placed> {
  const now = a.now.toISOString()
  const px = a.proxy
  const reg = 'registration' in a.person ? a.person.registration : null
  const log = 'registration' in a.person ? a.person.accessLog : null
  const pid = reg ? sql`(select id from person)` : sql`${'id' in a.person ? a.person.id : null}::uuid`
  const r = await tx.execute(sql`
    with ${reg ? sql`${reg}, ` : sql``}${log ? sql`${log}, ` : sql``}chk as (
      select exists (select 1 from ${enrolments} e
                      where e.session_id = ${a.sessionId} and e.person_id = ${pid}
                        and e.status <> 'cancelled') as live,
             exists (select 1 from ${enrolments} e
                       join ${meetings} theirs on theirs.session_id = e.session_id
                       join ${meetings} mine on mine.session_id = ${a.sessionId}
                      where e.person_id = ${pid} and e.status <> 'cancelled'
                        and e.session_id <> ${a.sessionId}
                        and theirs.starts_at < mine.ends_at and mine.starts_at < theirs.ends_at) as overlap,
             (select count(*)::int from ${enrolments} e join ${eduSessions} s on s.id = e.session_id
               where e.person_id = ${pid} and e.status <> 'cancelled'
                 and s.ends_at >= ${now}::timestamptz) as live_count
    ), go as (
      select not live and not overlap and live_count < ${a.maxLive}::int as ok from chk
    ), seat as (
      update ${eduSessions} set taken = taken + 1
       where id = ${a.sessionId} and taken < capacity and (select ok from go)
      returning taken
    ), held as (
      select taken, capacity from ${eduSessions}
       where id = ${a.sessionId} and (select ok from go) and not exists (select 1 from seat)
      for share
    ), ins as (
      insert into ${enrolments} (session_id, person_id, status, channel, enrolled_by, org_id, idempotency_key,
                                 created_at)
      select ${a.sessionId}::uuid, ${pid},
             case when exists (select 1 from seat) then 'enrolled' else 'waitlisted' end,
             ${a.channel}::text, ${a.enrolledBy}::uuid, ${a.orgId}::uuid, ${a.idempotencyKey}::text,
             ${now}::timestamptz
       where (select ok from go)
         and (exists (select 1 from seat) or exists (select 1 from held where taken >= capacity))
      returning *,
        -- the inserted row is named by its table: an unqualified "seq" inside the subquery would be w.seq
        case when edu_enrolments.status = 'waitlisted' then 1 + (
          select count(*)::int from ${enrolments} w
           where w.session_id = ${a.sessionId} and w.status = 'waitlisted' and w.seq < edu_enrolments.seq) end
          as position
    ), proxy as (
      insert into ${proxyActions} (person_id, channel, acted_by, org_id, relationship, consent_given,
                                   consent_method, purpose, entity, entity_id, note, at)
      select ins.person_id, ins.channel, ${px?.actedBy ?? null}::uuid, ${a.orgId}::uuid,
             ${px?.relationship ?? null}::text, ${px?.consentGiven ?? null}::boolean,
             ${px?.consentMethod ?? null}::text, 'education.enrol', 'edu_enrolment', ins.id::text,
             ${px?.note ?? null}::text, ${now}::timestamptz
        from ins where ${px !== null}::boolean
    ), audit as (
      insert into ${auditTrail} (at, actor_kind, actor_id, entity, entity_id, action, before, after)
      select ${now}::timestamptz, ${a.actor.kind}::text, ${a.actor.id}::text, 'edu_enrolment', ins.id::text,
             ins.status, null, jsonb_build_object('sessionId', ins.session_id, 'channel', ins.channel)
        from ins
    )
    select ${pid} as p_id, ${reg ? sql`(select created from person)` : sql`false`} as p_created,
           ${log ? sql`exists (select 1 from access_log_moved)` : sql`false`} as p_logged,
           chk.live, chk.overlap, chk.live_count, ins.*
      from chk left join ins on true`)
  const rows = (r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[])
  const x = rows[0] as Record<string, unknown>
  const liveCount = Number(x.live_count)
  const who = {
    personId: String(x.p_id),
    personCreated: x.p_created === true,
    accessLogged: x.p_logged === true,
  }
  if (x.live === true) return { ...who, refused: 'already', liveCount }
  if (x.overlap === true) return { ...who, refused: 'overlap', liveCount }
  if (liveCount >= a.maxLive) return { ...who, refused: 'limit', liveCount }
  if (x.id === null || x.id === undefined) return { ...who, refused: null, enrolment: null, seatFreed: true }
  return {
    ...who,
    refused: null,
    enrolment: {
      id: String(x.id),
      seq: Number(x.seq),
      sessionId: String(x.session_id),
      personId: String(x.person_id),
      status: x.status as EnrolmentRow['status'],
      channel: x.channel as EnrolmentRow['channel'],
      enrolledBy: (x.enrolled_by as string | null) ?? null,
      orgId: (x.org_id as string | null) ?? null,
      idempotencyKey: (x.idempotency_key as string | null) ?? null,
      createdAt: asDate(x.created_at),
      promotedAt: asDateOrNull(x.promoted_at),
      cancelledAt: asDateOrNull(x.cancelled_at),
    },
    position: x.position === null || x.position === undefined ? null : Number(x.position),
  }
}

export async function findEnrolment(db: Db, id: string): Promise<EnrolmentRow | undefined> {
  const [e] = await db.select().from(enrolments).where(eq(enrolments.id, id))
  return e
}

export async function lockEnrolment(tx: Db, id: string): Promise<EnrolmentRow | undefined> {
  const [e] = await tx.select().from(enrolments).where(eq(enrolments.id, id)).for('update')
  return e
}

export async function updateEnrolment(tx: Db, id: string, patch: Partial<EnrolmentRow>): Promise<void> {
  await tx.update(enrolments).set(patch).where(eq(enrolments.id, id))
}

/** The first person waiting (the caller holds the session row lock). */
export async function firstWaitlisted(tx: Db, sessionId: string): Promise<EnrolmentRow | undefined> {
  const [e] = await tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.sessionId, sessionId), eq(enrolments.status, 'waitlisted')))
    .orderBy(asc(enrolments.seq))
    .limit(1)
    .for('update')
  return e
}

/** 1-based place on the waitlist. */
export async function waitlistPosition(db: Db, e: EnrolmentRow): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(
      and(
        eq(enrolments.sessionId, e.sessionId),
        eq(enrolments.status, 'waitlisted'),
        sql`${enrolments.seq} <= ${e.seq}`,
      ),
    )
  return r?.n ?? 1
}

export async function liveCount(tx: Db, personId: string, now: Date): Promise<number> {
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(enrolments)
    .innerJoin(eduSessions, eq(eduSessions.id, enrolments.sessionId))
    .where(
      and(
        eq(enrolments.personId, personId),
        ne(enrolments.status, 'cancelled'),
        gte(eduSessions.endsAt, now),
      ),
    )
  return r?.n ?? 0
}

export interface PersonEnrolment {
  enrolment: EnrolmentRow
  session: SessionRow
  course: CourseRow
  placeName: string | null
  certificate: CertificateRow | null
}

export async function enrolmentsOfPerson(db: Db, personId: string): Promise<PersonEnrolment[]> {
  const rows = await db
    .select({
      enrolment: enrolments,
      session: eduSessions,
      course: courses,
      placeName: places.nameKo,
      certificate: certificates,
    })
    .from(enrolments)
    .innerJoin(eduSessions, eq(eduSessions.id, enrolments.sessionId))
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .leftJoin(places, eq(places.id, eduSessions.placeId))
    .leftJoin(certificates, eq(certificates.enrolmentId, enrolments.id))
    .where(eq(enrolments.personId, personId))
    .orderBy(asc(eduSessions.startsAt))
  return rows
}

/** The session's people: all of them, or only those enrolled through one organisation. */
export async function roster(db: Db, sessionId: string, orgIds?: readonly string[]) {
  return db
    .select({
      id: enrolments.id,
      personId: enrolments.personId,
      name: persons.name,
      status: enrolments.status,
      channel: enrolments.channel,
      seq: enrolments.seq,
      orgId: enrolments.orgId,
    })
    .from(enrolments)
    .innerJoin(persons, eq(persons.id, enrolments.personId))
    .where(
      and(
        eq(enrolments.sessionId, sessionId),
        ne(enrolments.status, 'cancelled'),
        orgIds === undefined
          ? undefined
          : orgIds.length === 0
            ? sql`false`
            : inArray(enrolments.orgId, [...orgIds]),
      ),
    )
    .orderBy(asc(enrolments.seq))
}

// ── attendance and certificates ─────────────────────────────────────────────────────────────────

export async function findMeeting(db: Db, id: string): Promise<MeetingRow | undefined> {
  const [m] = await db.select().from(meetings).where(eq(meetings.id, id))
  return m
}

export async function attendanceOf(db: Db, meetingId: string) {
  return db.select().from(attendance).where(eq(attendance.meetingId, meetingId))
}

export async function markAttendance(tx: Db, row: typeof attendance.$inferInsert): Promise<void> {
  await tx
    .insert(attendance)
    .values(row)
    .onConflictDoUpdate({
      target: [attendance.meetingId, attendance.enrolmentId],
      set: { present: row.present, markedBy: row.markedBy, markedAt: row.markedAt },
    })
}

export async function attendedCount(db: Db, enrolmentId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(attendance)
    .where(and(eq(attendance.enrolmentId, enrolmentId), eq(attendance.present, true)))
  return r?.n ?? 0
}

export async function meetingCount(db: Db, sessionId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(meetings)
    .where(eq(meetings.sessionId, sessionId))
  return r?.n ?? 0
}

export async function insertCertificate(
  tx: Db,
  row: typeof certificates.$inferInsert,
): Promise<CertificateRow | undefined> {
  const [c] = await tx.insert(certificates).values(row).onConflictDoNothing().returning()
  return c
}

export async function certificateBy(db: Db, by: { code?: string; id?: string }) {
  const [r] = await db
    .select({
      certificate: certificates,
      enrolment: enrolments,
      course: courses,
      session: eduSessions,
      name: persons.name,
    })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .innerJoin(eduSessions, eq(eduSessions.id, enrolments.sessionId))
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .innerJoin(persons, eq(persons.id, enrolments.personId))
    .where(by.code ? eq(certificates.code, by.code) : eq(certificates.id, by.id ?? ''))
  return r
}

/** Courses the person has a certificate for. */
export async function completedCourseIds(db: Db, personId: string): Promise<string[]> {
  const rows = await db
    .select({ id: eduSessions.courseId })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .innerJoin(eduSessions, eq(eduSessions.id, enrolments.sessionId))
    .where(eq(enrolments.personId, personId))
  return rows.map((r) => r.id)
}

// ── reminders, timetables, feeds ────────────────────────────────────────────────────────────────

/** Enrolled people × meetings starting in [from, to). */
export async function meetingsToRemind(db: Db, from: Date, to: Date) {
  return db
    .select({
      meetingId: meetings.id,
      startsAt: meetings.startsAt,
      enrolmentId: enrolments.id,
      personId: enrolments.personId,
      titleKo: courses.titleKo,
      titleEn: courses.titleEn,
      placeName: places.nameKo,
      busStop: eduSessions.busStop,
    })
    .from(meetings)
    .innerJoin(eduSessions, eq(eduSessions.id, meetings.sessionId))
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .innerJoin(enrolments, and(eq(enrolments.sessionId, eduSessions.id), eq(enrolments.status, 'enrolled')))
    .leftJoin(places, eq(places.id, eduSessions.placeId))
    .where(and(gte(meetings.startsAt, from), lt(meetings.startsAt, to)))
}

/** Meetings at a venue or taught by a tutor, from `from` on, with their course. */
export async function meetingsFor(db: Db, f: { placeId?: string; tutorId?: string; from: Date }) {
  return db
    .select({
      meeting: meetings,
      sessionId: eduSessions.id,
      courseId: courses.id,
      titleKo: courses.titleKo,
      titleEn: courses.titleEn,
      level: courses.level,
      placeName: places.nameKo,
      placeAddress: places.address,
      busStop: eduSessions.busStop,
      capacity: eduSessions.capacity,
      taken: eduSessions.taken,
    })
    .from(meetings)
    .innerJoin(eduSessions, eq(eduSessions.id, meetings.sessionId))
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .leftJoin(places, eq(places.id, eduSessions.placeId))
    .where(
      and(
        gte(meetings.endsAt, f.from),
        f.placeId ? eq(eduSessions.placeId, f.placeId) : undefined,
        f.tutorId
          ? sql`exists (select 1 from ${sessionTutors} st where st.session_id = ${eduSessions.id} and st.tutor_id = ${f.tutorId})`
          : undefined,
      ),
    )
    .orderBy(asc(meetings.startsAt))
    .limit(500)
}

export async function isTutorOf(db: Db, sessionId: string, tutorId: string): Promise<boolean> {
  const [r] = await db
    .select({ id: sessionTutors.tutorId })
    .from(sessionTutors)
    .where(and(eq(sessionTutors.sessionId, sessionId), eq(sessionTutors.tutorId, tutorId)))
  return !!r
}

// ── changes to a session ────────────────────────────────────────────────────────────────────────

export async function updateSession(tx: Db, id: string, patch: Partial<SessionRow>): Promise<void> {
  await tx.update(eduSessions).set(patch).where(eq(eduSessions.id, id))
}

/** Frees the session's tutors and their booked time (before booking the new ones). */
export async function clearTutors(tx: Db, sessionId: string): Promise<void> {
  await tx.delete(sessionTutors).where(eq(sessionTutors.sessionId, sessionId))
  await tx.execute(
    sql`delete from ${tutorSlots} where meeting_id in (select id from ${meetings} where session_id = ${sessionId})`,
  )
}

export async function livePeople(db: Db, sessionId: string): Promise<{ id: string; personId: string }[]> {
  return db
    .select({ id: enrolments.id, personId: enrolments.personId })
    .from(enrolments)
    .where(and(eq(enrolments.sessionId, sessionId), ne(enrolments.status, 'cancelled')))
}

/** Enrolments whose id starts with these hex digits (a reference number read out), with course and session. */
export async function enrolmentsByIdPrefix(db: Db, hex: string) {
  return db
    .select({ enrolment: enrolments, course: courses })
    .from(enrolments)
    .innerJoin(eduSessions, eq(eduSessions.id, enrolments.sessionId))
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .where(sql`${enrolments.id}::text like ${`${hex}%`}`)
    .limit(10)
}

// ── anonymous statistics: rows after a cursor (the stats collector reads them through service.ts) ──

/** Rows after (time, id) in that order: the statistics read only what is new since their cursor. */
const afterCursor = (at: unknown, id: unknown, after: { at: Date; id: string }) =>
  sql`(${at}, ${id}) > (${after.at.toISOString()}::timestamptz, ${after.id})`

/** Attendance marked present after the cursor, with the session's district and the person (statistics). */
export function attendedAfter(db: Db, after: { at: Date; id: string }, limit: number) {
  const id = sql<string>`${attendance.enrolmentId}::text || '/' || ${attendance.meetingId}::text`
  return db
    .select({
      id,
      enrolmentId: attendance.enrolmentId,
      at: attendance.markedAt,
      districtCode: eduSessions.districtCode,
      personId: enrolments.personId,
    })
    .from(attendance)
    .innerJoin(enrolments, eq(enrolments.id, attendance.enrolmentId))
    .innerJoin(eduSessions, eq(eduSessions.id, enrolments.sessionId))
    .where(and(eq(attendance.present, true), afterCursor(attendance.markedAt, id, after)))
    .orderBy(asc(attendance.markedAt), asc(id))
    .limit(limit)
}

/** Certificates issued after the cursor, with the session's district and the person (statistics). */
export function certifiedAfter(db: Db, after: { at: Date; id: string }, limit: number) {
  const id = sql<string>`${certificates.id}::text`
  return db
    .select({
      id,
      enrolmentId: certificates.enrolmentId,
      at: certificates.issuedAt,
      districtCode: eduSessions.districtCode,
      personId: enrolments.personId,
    })
    .from(certificates)
    .innerJoin(enrolments, eq(enrolments.id, certificates.enrolmentId))
    .innerJoin(eduSessions, eq(eduSessions.id, enrolments.sessionId))
    .where(afterCursor(certificates.issuedAt, id, after))
    .orderBy(asc(certificates.issuedAt), asc(id))
    .limit(limit)
}

/** Enrolments (status enrolled) made after the cursor, oldest first (statistics: people reached). */
export function enrolledAfter(db: Db, after: { at: Date; id: string }, limit: number) {
  const id = sql<string>`${enrolments.id}::text`
  return db
    .select({
      id,
      enrolmentId: enrolments.id,
      at: enrolments.createdAt,
      districtCode: sql<string | null>`null::text`,
      personId: enrolments.personId,
    })
    .from(enrolments)
    .where(and(eq(enrolments.status, 'enrolled'), afterCursor(enrolments.createdAt, id, after)))
    .orderBy(asc(enrolments.createdAt), asc(id))
    .limit(limit)
}
