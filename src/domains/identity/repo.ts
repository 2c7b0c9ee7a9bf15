import { and, asc, desc, eq, isNull, sql } from 'drizzle-orm'
import { forgetBearerTokens } from '../../platform/auth/session.ts'
import type { Db } from '../../platform/db/client.ts'
import {
  apiTokens,
  organisations,
  recoveryCodes,
  sessions,
  signInThrottle,
  staffOrgGrants,
  staffUsers,
} from './tables.ts'

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
  forgetBearerTokens() // a disabled account's tokens stop working (the service forgets again after commit)
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

export async function replaceRecoveryCodes(db: Db, staffId: string, hashes: string[]): Promise<void> {
  await db.delete(recoveryCodes).where(eq(recoveryCodes.staffId, staffId))
  if (hashes.length) await db.insert(recoveryCodes).values(hashes.map((codeHash) => ({ staffId, codeHash })))
}

/** Marks an unused recovery code as used; true when one matched. */
export async function useRecoveryCode(
  db: Db,
  staffId: string,
  codeHash: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .update(recoveryCodes)
    .set({ usedAt: now })
    .where(
      and(
        eq(recoveryCodes.staffId, staffId),
        eq(recoveryCodes.codeHash, codeHash),
        isNull(recoveryCodes.usedAt),
      ),
    )
    .returning({ id: recoveryCodes.id })
  return rows.length > 0
}

export async function unusedRecoveryCodeCount(db: Db, staffId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.staffId, staffId), isNull(recoveryCodes.usedAt)))
  return r?.n ?? 0
}

/** Failures from one address within the window (the window restarts after it passes). */
export async function ipFailures(db: Db, ip: string, windowStartAfter: Date): Promise<number> {
  const [r] = await db.select().from(signInThrottle).where(eq(signInThrottle.ip, ip)).limit(1)
  if (!r || r.windowStart < windowStartAfter) return 0
  return r.failures
}

export async function recordIpFailure(db: Db, ip: string, now: Date, windowStartAfter: Date): Promise<void> {
  await db
    .insert(signInThrottle)
    .values({ ip, failures: 1, windowStart: now })
    .onConflictDoUpdate({
      target: signInThrottle.ip,
      set: {
        failures: sql`case when ${signInThrottle.windowStart} < ${windowStartAfter.toISOString()}::timestamptz then 1 else ${signInThrottle.failures} + 1 end`,
        windowStart: sql`case when ${signInThrottle.windowStart} < ${windowStartAfter.toISOString()}::timestamptz then ${now.toISOString()}::timestamptz else ${signInThrottle.windowStart} end`,
      },
    })
}

export async function findSessionByHash(db: Db, idHash: string) {
  const [s] = await db.select().from(sessions).where(eq(sessions.idHash, idHash)).limit(1)
  return s
}

export async function endSessionByHash(db: Db, idHash: string, reason: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(sessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(sessions.idHash, idHash), isNull(sessions.endedAt)))
    .returning({ id: sessions.idHash })
  return rows.length > 0
}

export async function touchSession(db: Db, idHash: string, now: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash))
}

export async function listTokens(db: Db, staffId?: string) {
  return db
    .select()
    .from(apiTokens)
    .where(staffId ? eq(apiTokens.staffId, staffId) : undefined)
    .orderBy(desc(apiTokens.createdAt))
}

export async function revokeToken(db: Db, id: string, now: Date, staffId?: string): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(apiTokens.id, id),
        isNull(apiTokens.revokedAt),
        staffId ? eq(apiTokens.staffId, staffId) : undefined,
      ),
    )
    .returning({ id: apiTokens.id })
  forgetBearerTokens() // the service forgets again after its commit
  return rows.length > 0
}

export async function listOrgs(db: Db) {
  return db.select().from(organisations).orderBy(asc(organisations.nameKo))
}

export type OrgGrantRow = typeof staffOrgGrants.$inferSelect

export async function insertOrgGrant(db: Db, row: typeof staffOrgGrants.$inferInsert): Promise<OrgGrantRow> {
  const [r] = await db.insert(staffOrgGrants).values(row).returning()
  if (!r) throw new Error('insert returned nothing')
  forgetBearerTokens()
  return r
}

/** Every grant of a staff member, newest first, with the organisation (live and ended). */
export async function listOrgGrants(db: Db, staffId: string) {
  return db
    .select({ grant: staffOrgGrants, org: organisations })
    .from(staffOrgGrants)
    .innerJoin(organisations, eq(organisations.id, staffOrgGrants.orgId))
    .where(eq(staffOrgGrants.staffId, staffId))
    .orderBy(desc(staffOrgGrants.grantedAt))
}

/** Ends a live grant; false when it was not live (already revoked or unknown). */
export async function revokeOrgGrant(
  db: Db,
  staffId: string,
  grantId: string,
  by: string | null,
  now: Date,
): Promise<OrgGrantRow | undefined> {
  const [r] = await db
    .update(staffOrgGrants)
    .set({ revokedAt: now, revokedBy: by })
    .where(
      and(
        eq(staffOrgGrants.id, grantId),
        eq(staffOrgGrants.staffId, staffId),
        isNull(staffOrgGrants.revokedAt),
      ),
    )
    .returning()
  forgetBearerTokens() // the service forgets again after its commit
  return r
}
