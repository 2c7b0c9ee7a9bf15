/**
 * SQL for catalogue management, tutors, SMS links, walk-ins and offline attendance sync. Kept apart from
 * repo.ts (the enrolment hot path) so the two can change independently; same rules: the only SQL.
 */
import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { staffUsers } from '../identity/tables.ts'
import {
  attendance,
  courses,
  eduSessions,
  enrolments,
  meetings,
  sessionTutors,
  smsLinks,
  tutorProfiles,
  tutorSlots,
  walkIns,
} from './tables.ts'

export type TutorProfileRow = typeof tutorProfiles.$inferSelect
export type WalkInRow = typeof walkIns.$inferSelect

export async function updateCourse(tx: Db, id: string, patch: Partial<typeof courses.$inferInsert>) {
  const [c] = await tx.update(courses).set(patch).where(eq(courses.id, id)).returning()
  return c
}

/** Changes seats, registration opening or live link; never fewer seats than are taken (else undefined). */
export async function updateSessionSettings(
  tx: Db,
  id: string,
  patch: { capacity?: number; opensAt?: Date; liveUrl?: string | null },
) {
  const [s] = await tx
    .update(eduSessions)
    .set(patch)
    .where(
      and(
        eq(eduSessions.id, id),
        patch.capacity === undefined ? undefined : sql`${eduSessions.taken} <= ${patch.capacity}`,
      ),
    )
    .returning()
  return s
}

// ── tutors ──────────────────────────────────────────────────────────────────────────────────────

/** Staff with the tutor role (active) and their profiles, if any. */
export async function tutors(db: Db) {
  return db
    .select({
      id: staffUsers.id,
      name: staffUsers.displayName,
      username: staffUsers.username,
      profile: tutorProfiles,
    })
    .from(staffUsers)
    .leftJoin(tutorProfiles, eq(tutorProfiles.staffId, staffUsers.id))
    .where(and(eq(staffUsers.role, 'tutor'), sql`${staffUsers.disabledAt} is null`))
    .orderBy(asc(staffUsers.displayName))
}

export async function findTutor(db: Db, id: string) {
  const [r] = await db
    .select({
      id: staffUsers.id,
      name: staffUsers.displayName,
      role: staffUsers.role,
      profile: tutorProfiles,
    })
    .from(staffUsers)
    .leftJoin(tutorProfiles, eq(tutorProfiles.staffId, staffUsers.id))
    .where(eq(staffUsers.id, id))
  return r
}

export async function saveTutorProfile(tx: Db, row: typeof tutorProfiles.$inferInsert) {
  const { staffId, ...rest } = row
  await tx.insert(tutorProfiles).values(row).onConflictDoUpdate({ target: tutorProfiles.staffId, set: rest })
}

/** Tutors (among `ids`) who already teach at some time overlapping [from, to) of any of these ranges. */
export async function busyTutors(db: Db, ids: string[], ranges: { from: Date; to: Date }[]) {
  if (!ids.length || !ranges.length) return new Set<string>()
  const busy = new Set<string>()
  for (const r of ranges) {
    const rows = await db
      .selectDistinct({ id: tutorSlots.tutorId })
      .from(tutorSlots)
      .where(and(inArray(tutorSlots.tutorId, ids), gte(tutorSlots.slot, r.from), lt(tutorSlots.slot, r.to)))
    for (const x of rows) busy.add(x.id)
  }
  return busy
}

/** The sessions (id, course title) a tutor teaches, newest first. */
export async function sessionsOfTutor(db: Db, tutorId: string, from: Date) {
  return db
    .select({ session: eduSessions, titleKo: courses.titleKo, titleEn: courses.titleEn })
    .from(sessionTutors)
    .innerJoin(eduSessions, eq(eduSessions.id, sessionTutors.sessionId))
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .where(and(eq(sessionTutors.tutorId, tutorId), gte(eduSessions.endsAt, from)))
    .orderBy(asc(eduSessions.startsAt))
}

// ── SMS links ───────────────────────────────────────────────────────────────────────────────────

export async function smsLinkOf(tx: Db, personId: string): Promise<string | undefined> {
  const [r] = await tx.select({ code: smsLinks.code }).from(smsLinks).where(eq(smsLinks.personId, personId))
  return r?.code
}

export async function insertSmsLink(tx: Db, row: typeof smsLinks.$inferInsert): Promise<string> {
  const [r] = await tx
    .insert(smsLinks)
    .values(row)
    .onConflictDoNothing({ target: smsLinks.personId })
    .returning({ code: smsLinks.code })
  return r?.code ?? (await smsLinkOf(tx, row.personId)) ?? row.code
}

export async function personOfSmsLink(db: Db, code: string): Promise<string | undefined> {
  const [r] = await db.select({ personId: smsLinks.personId }).from(smsLinks).where(eq(smsLinks.code, code))
  return r?.personId
}

// ── attendance sync and walk-ins ────────────────────────────────────────────────────────────────

export async function attendanceRow(db: Db, meetingId: string, enrolmentId: string) {
  const [r] = await db
    .select()
    .from(attendance)
    .where(and(eq(attendance.meetingId, meetingId), eq(attendance.enrolmentId, enrolmentId)))
  return r
}

/** Sets a mark with the sync key that carried it (insert or replace). */
export async function putMark(tx: Db, row: typeof attendance.$inferInsert): Promise<void> {
  await tx
    .insert(attendance)
    .values(row)
    .onConflictDoUpdate({
      target: [attendance.meetingId, attendance.enrolmentId],
      set: { present: row.present, markedBy: row.markedBy, markedAt: row.markedAt, syncKey: row.syncKey },
    })
}

export async function walkInByKey(db: Db, key: string): Promise<WalkInRow | undefined> {
  const [r] = await db.select().from(walkIns).where(eq(walkIns.syncKey, key))
  return r
}

export async function insertWalkIn(tx: Db, row: typeof walkIns.$inferInsert): Promise<WalkInRow | undefined> {
  const [r] = await tx.insert(walkIns).values(row).onConflictDoNothing().returning()
  return r
}

export async function walkInsOf(db: Db, meetingId: string): Promise<WalkInRow[]> {
  return db.select().from(walkIns).where(eq(walkIns.meetingId, meetingId)).orderBy(asc(walkIns.createdAt))
}

/** Enrolments of a session that are live (for the tutor's class page). */
export async function enrolledPeopleOf(db: Db, sessionId: string) {
  return db
    .select({ id: enrolments.id, personId: enrolments.personId })
    .from(enrolments)
    .where(and(eq(enrolments.sessionId, sessionId), eq(enrolments.status, 'enrolled')))
}

export async function meetingIdsOf(db: Db, sessionId: string): Promise<string[]> {
  const rows = await db.select({ id: meetings.id }).from(meetings).where(eq(meetings.sessionId, sessionId))
  return rows.map((r) => r.id)
}
