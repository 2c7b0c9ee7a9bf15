import { and, asc, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { localProgrammes, localProgrammeVersions, programmeNotices, savedCases } from './tables.ts'

export type LocalRow = typeof localProgrammes.$inferSelect
export type SavedRow = typeof savedCases.$inferSelect

export async function localInForce(db: Db, day: string): Promise<LocalRow[]> {
  return db
    .select()
    .from(localProgrammes)
    .where(
      and(
        eq(localProgrammes.status, 'active'),
        lte(localProgrammes.validFrom, day),
        or(isNull(localProgrammes.validTo), sql`${localProgrammes.validTo} >= ${day}`),
      ),
    )
    .orderBy(asc(localProgrammes.createdAt))
}

export async function allLocal(db: Db): Promise<LocalRow[]> {
  return db.select().from(localProgrammes).orderBy(desc(localProgrammes.updatedAt))
}

export async function localById(db: Db, id: string, lock = false): Promise<LocalRow | undefined> {
  const q = db.select().from(localProgrammes).where(eq(localProgrammes.id, id))
  const [r] = lock ? await q.for('update') : await q
  return r
}

export async function insertLocal(db: Db, row: typeof localProgrammes.$inferInsert): Promise<LocalRow> {
  const [r] = await db.insert(localProgrammes).values(row).returning()
  return r!
}

export async function updateLocal(db: Db, id: string, set: Partial<typeof localProgrammes.$inferInsert>) {
  await db.update(localProgrammes).set(set).where(eq(localProgrammes.id, id))
}

export async function insertLocalVersion(db: Db, row: typeof localProgrammeVersions.$inferInsert) {
  await db.insert(localProgrammeVersions).values(row)
}

export async function versionsOf(db: Db, id: string) {
  return db
    .select()
    .from(localProgrammeVersions)
    .where(eq(localProgrammeVersions.programmeId, id))
    .orderBy(desc(localProgrammeVersions.version))
}

export async function insertCase(db: Db, row: typeof savedCases.$inferInsert): Promise<SavedRow> {
  const [r] = await db.insert(savedCases).values(row).returning()
  return r!
}

export async function caseByCode(db: Db, codeHash: string, now: Date): Promise<SavedRow | undefined> {
  const [r] = await db
    .select()
    .from(savedCases)
    .where(and(eq(savedCases.codeHash, codeHash), gt(savedCases.expiresAt, now)))
  return r
}

/** Saved cases still kept (for "how many would this change affect" and notices). */
export async function liveCases(db: Db, now: Date, onlyConsenting = false): Promise<SavedRow[]> {
  return db
    .select()
    .from(savedCases)
    .where(
      and(gt(savedCases.expiresAt, now), onlyConsenting ? eq(savedCases.notifyConsent, true) : undefined),
    )
}

/** Records a notice; false when this case was already told about this programme. */
export async function insertNotice(db: Db, caseId: string, programmeKey: string, at: Date): Promise<boolean> {
  const r = await db
    .insert(programmeNotices)
    .values({ caseId, programmeKey, sentAt: at })
    .onConflictDoNothing()
    .returning({ id: programmeNotices.id })
  return r.length > 0
}

export async function purgeExpired(db: Db, now: Date): Promise<number> {
  const r = await db.delete(savedCases).where(lte(savedCases.expiresAt, now)).returning({ id: savedCases.id })
  return r.length
}

export async function eraseCasesOfPerson(db: Db, personId: string) {
  await db.delete(savedCases).where(eq(savedCases.personId, personId))
}

/** Saved cases still kept whose id starts with these 8 hex digits (NAV- reference look-up). */
export async function casesByIdPrefix(db: Db, hex: string, now: Date): Promise<SavedRow[]> {
  return db
    .select()
    .from(savedCases)
    .where(and(sql`${savedCases.id}::text like ${`${hex}%`}`, gt(savedCases.expiresAt, now)))
    .limit(10)
}

export async function caseById(db: Db, id: string, now: Date): Promise<SavedRow | undefined> {
  const [r] = await db
    .select()
    .from(savedCases)
    .where(and(eq(savedCases.id, id), gt(savedCases.expiresAt, now)))
  return r
}
