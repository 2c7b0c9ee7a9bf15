import { and, asc, desc, eq, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { persons } from '../people/tables.ts'
import { volunteerApplications, volunteerHours, volunteerHoursCertificates } from './tables.ts'

export type ApplicationRow = typeof volunteerApplications.$inferSelect
export type HoursRow = typeof volunteerHours.$inferSelect
export type HoursCertificateRow = typeof volunteerHoursCertificates.$inferSelect

export async function insertApplication(db: Db, row: typeof volunteerApplications.$inferInsert) {
  const [r] = await db.insert(volunteerApplications).values(row).returning()
  return r!
}

export async function application(db: Db, id: string, lock = false): Promise<ApplicationRow | undefined> {
  const q = db.select().from(volunteerApplications).where(eq(volunteerApplications.id, id))
  const [r] = lock ? await q.for('update') : await q
  return r
}

export async function applicationsOf(db: Db, personId: string) {
  return db
    .select()
    .from(volunteerApplications)
    .where(eq(volunteerApplications.personId, personId))
    .orderBy(desc(volunteerApplications.createdAt))
}

export async function openApplicationOf(db: Db, personId: string, role: string) {
  const [r] = await db
    .select({ id: volunteerApplications.id })
    .from(volunteerApplications)
    .where(
      and(
        eq(volunteerApplications.personId, personId),
        eq(volunteerApplications.role, role as ApplicationRow['role']),
        sql`${volunteerApplications.status} not in ('declined', 'withdrawn')`,
      ),
    )
  return r
}

export async function listApplications(db: Db) {
  return db
    .select({ a: volunteerApplications, name: persons.name })
    .from(volunteerApplications)
    .innerJoin(persons, eq(persons.id, volunteerApplications.personId))
    .orderBy(desc(volunteerApplications.createdAt))
    .limit(500)
}

export async function updateApplication(
  db: Db,
  id: string,
  set: Partial<typeof volunteerApplications.$inferInsert>,
) {
  await db.update(volunteerApplications).set(set).where(eq(volunteerApplications.id, id))
}

export async function insertHours(db: Db, row: typeof volunteerHours.$inferInsert): Promise<boolean> {
  const r = await db
    .insert(volunteerHours)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: volunteerHours.id })
  return r.length > 0
}

export async function hoursOf(db: Db, applicationId: string) {
  return db
    .select()
    .from(volunteerHours)
    .where(eq(volunteerHours.applicationId, applicationId))
    .orderBy(desc(volunteerHours.day), desc(volunteerHours.id))
}

export async function eraseOfPerson(db: Db, personId: string) {
  await db
    .update(volunteerApplications)
    .set({ motivationEnc: '', availabilityEnc: '', reviewEnc: null })
    .where(eq(volunteerApplications.personId, personId))
}

export async function insertHoursCertificate(db: Db, row: typeof volunteerHoursCertificates.$inferInsert) {
  const [r] = await db.insert(volunteerHoursCertificates).values(row).returning()
  return r!
}

export const hoursCertificatesOf = (db: Db, applicationId: string) =>
  db
    .select()
    .from(volunteerHoursCertificates)
    .where(eq(volunteerHoursCertificates.applicationId, applicationId))
    .orderBy(desc(volunteerHoursCertificates.issuedAt))

/** A certificate of hours with its application and the person's name (by id or printed code). */
export async function hoursCertificate(db: Db, by: { id?: string; code?: string }) {
  const [r] = await db
    .select({ cert: volunteerHoursCertificates, a: volunteerApplications, name: persons.name })
    .from(volunteerHoursCertificates)
    .innerJoin(volunteerApplications, eq(volunteerApplications.id, volunteerHoursCertificates.applicationId))
    .innerJoin(persons, eq(persons.id, volunteerApplications.personId))
    .where(
      by.code
        ? eq(volunteerHoursCertificates.code, by.code)
        : eq(volunteerHoursCertificates.id, by.id ?? '00000000-0000-0000-0000-000000000000'),
    )
  return r
}

/** Applications whose id starts with these 8 hex digits (reference look-up). */
export async function applicationsByIdPrefix(db: Db, hex: string) {
  return db
    .select({ a: volunteerApplications, name: persons.name })
    .from(volunteerApplications)
    .innerJoin(persons, eq(persons.id, volunteerApplications.personId))
    .where(sql`${volunteerApplications.id}::text like ${`${hex}%`}`)
    .limit(20)
}

/** People with a certified or assigned application linked to a staff account (hours to collect). */
export async function personsToCollect(db: Db): Promise<string[]> {
  const rows = await db
    .selectDistinct({ personId: volunteerApplications.personId })
    .from(volunteerApplications)
    .where(
      and(
        sql`${volunteerApplications.status} in ('certified', 'assigned')`,
        sql`${volunteerApplications.staffUserId} is not null`,
      ),
    )
  return rows.map((r) => r.personId)
}

/**
 * All applications of a person, locked in id order: hours of one person are written by one transaction
 * at a time, so a piece of work cannot land on two of their applications.
 */
export async function lockApplicationsOf(db: Db, personId: string): Promise<ApplicationRow[]> {
  return db
    .select()
    .from(volunteerApplications)
    .where(eq(volunteerApplications.personId, personId))
    .orderBy(asc(volunteerApplications.id))
    .for('update')
}

/** The source references already counted on any application of the person. */
export async function sourceRefsOfPerson(db: Db, personId: string): Promise<Set<string>> {
  const rows = await db
    .select({ ref: volunteerHours.sourceRef })
    .from(volunteerHours)
    .innerJoin(volunteerApplications, eq(volunteerApplications.id, volunteerHours.applicationId))
    .where(and(eq(volunteerApplications.personId, personId), isNotNull(volunteerHours.sourceRef)))
  return new Set(rows.map((r) => r.ref as string))
}
