import { and, asc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { apiTokens, organisations, sessions, staffUsers } from './tables.ts'

export type StaffRow = typeof staffUsers.$inferSelect
export type NewStaff = typeof staffUsers.$inferInsert
export type OrgRow = typeof organisations.$inferSelect

export async function findStaffByLogin(db: Db, login: string): Promise<StaffRow | undefined> {
  const l = login.trim().toLowerCase()
  const [s] = await db
    .select()
    .from(staffUsers)
    .where(sql`lower(${staffUsers.username}) = ${l} or lower(${staffUsers.email}) = ${l}`)
    .limit(1)
  return s
}

export async function findStaff(db: Db, id: string): Promise<StaffRow | undefined> {
  const [s] = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).limit(1)
  return s
}

/** Locks the staff row for the sign-in attempt (failure counting without lost updates). */
export async function lockStaff(db: Db, id: string): Promise<StaffRow | undefined> {
  const [s] = await db.select().from(staffUsers).where(eq(staffUsers.id, id)).for('update').limit(1)
  return s
}

export async function insertStaff(db: Db, row: NewStaff): Promise<StaffRow> {
  const [s] = await db.insert(staffUsers).values(row).returning()
  return s!
}

export async function updateStaff(db: Db, id: string, patch: Partial<NewStaff>): Promise<void> {
  await db.update(staffUsers).set(patch).where(eq(staffUsers.id, id))
}

export async function listStaff(db: Db, orgId?: string | null) {
  return db
    .select({ staff: staffUsers, org: organisations })
    .from(staffUsers)
    .leftJoin(organisations, eq(organisations.id, staffUsers.orgId))
    .where(orgId ? eq(staffUsers.orgId, orgId) : undefined)
    .orderBy(asc(staffUsers.displayName))
}

export async function countStaff(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(staffUsers)
  return r?.n ?? 0
}

export async function insertOrg(db: Db, row: typeof organisations.$inferInsert): Promise<OrgRow> {
  const [o] = await db.insert(organisations).values(row).returning()
  return o!
}

export async function findOrg(db: Db, id: string): Promise<OrgRow | undefined> {
  const [o] = await db.select().from(organisations).where(eq(organisations.id, id)).limit(1)
  return o
}

export async function findOrgByName(db: Db, nameKo: string): Promise<OrgRow | undefined> {
  const [o] = await db.select().from(organisations).where(eq(organisations.nameKo, nameKo)).limit(1)
  return o
}

export async function insertToken(db: Db, row: typeof apiTokens.$inferInsert) {
  const [t] = await db.insert(apiTokens).values(row).returning()
  return t!
}

export async function listActiveSessions(db: Db) {
  return db
    .select({ s: sessions, staff: staffUsers })
    .from(sessions)
    .innerJoin(staffUsers, eq(staffUsers.id, sessions.staffId))
    .where(and(isNull(sessions.endedAt)))
    .orderBy(asc(sessions.createdAt))
}
