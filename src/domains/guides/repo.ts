import { and, asc, desc, eq, gte, inArray, isNull, lt, ne, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { staffUsers } from '../identity/tables.ts'
import { places } from '../reference/tables.ts'
import {
  guideAssignments,
  guideAssists,
  guideCheckins,
  guideFieldAnswers,
  guidePlans,
  guideRules,
  guideSettings,
  guideSites,
  guideTeamMembers,
  guideTeams,
} from './tables.ts'

export type TeamRow = typeof guideTeams.$inferSelect
export type PlanRow = typeof guidePlans.$inferSelect
export type AssignmentRow = typeof guideAssignments.$inferSelect
export type AssistRow = typeof guideAssists.$inferSelect
export type CheckinRow = typeof guideCheckins.$inferSelect
export type RuleRow = typeof guideRules.$inferSelect

/** Reference place kinds a team may stand at (where seniors come by). */
export const SITE_KINDS = [
  'community_service_center',
  'senior_welfare_center',
  'social_welfare_center',
  'digital_learning_center',
  'lifelong_learning_center',
  'fifty_plus_center',
  'library',
  'subway_station',
  'public_office',
] as const

export interface CandidateSite {
  id: string
  labelKo: string
  labelEn: string
  kind: string
  districtCode: string
  lat: number
  lon: number
}

export async function candidateSites(db: Db): Promise<CandidateSite[]> {
  const ps = await db
    .select({
      id: places.id,
      nameKo: places.nameKo,
      nameEn: places.nameEn,
      kind: places.kind,
      districtCode: places.districtCode,
      lat: places.lat,
      lon: places.lon,
    })
    .from(places)
    .where(inArray(places.kind, [...SITE_KINDS]))
    .orderBy(asc(places.id))
  const own = await db
    .select()
    .from(guideSites)
    .where(eq(guideSites.active, true))
    .orderBy(asc(guideSites.id))
  return [
    ...ps
      .filter((p) => p.districtCode)
      .map((p) => ({
        id: p.id,
        labelKo: p.nameKo,
        labelEn: p.nameEn || p.nameKo,
        kind: p.kind,
        districtCode: p.districtCode!,
        lat: p.lat,
        lon: p.lon,
      })),
    ...own.map((s) => ({
      id: s.id,
      labelKo: s.labelKo,
      labelEn: s.labelEn,
      kind: 'guide_site',
      districtCode: s.districtCode,
      lat: s.lat,
      lon: s.lon,
    })),
  ]
}

/** Every reference place's position (facilities near a site). */
export const allPlacePoints = (db: Db) => db.select({ lat: places.lat, lon: places.lon }).from(places)

export const insertSite = (db: Db, row: typeof guideSites.$inferInsert) => db.insert(guideSites).values(row)

export async function settingsRow(db: Db) {
  const [row] = await db.select().from(guideSettings).where(eq(guideSettings.id, 'current'))
  return row
}
export async function upsertSettings(db: Db, row: typeof guideSettings.$inferInsert) {
  await db.insert(guideSettings).values(row).onConflictDoUpdate({ target: guideSettings.id, set: row })
}

export async function teams(db: Db) {
  const ts = await db
    .select()
    .from(guideTeams)
    .where(eq(guideTeams.active, true))
    .orderBy(asc(guideTeams.title))
  const ms = await db
    .select({ teamId: guideTeamMembers.teamId, staffId: staffUsers.id, displayName: staffUsers.displayName })
    .from(guideTeamMembers)
    .innerJoin(staffUsers, eq(staffUsers.id, guideTeamMembers.staffId))
  return ts.map((t) => ({ ...t, members: ms.filter((m) => m.teamId === t.id) }))
}

export async function teamOfStaff(db: Db, staffId: string): Promise<TeamRow | undefined> {
  const [row] = await db
    .select({ t: guideTeams })
    .from(guideTeamMembers)
    .innerJoin(guideTeams, eq(guideTeams.id, guideTeamMembers.teamId))
    .where(and(eq(guideTeamMembers.staffId, staffId), eq(guideTeams.active, true)))
  return row?.t
}

export async function insertTeam(db: Db, row: typeof guideTeams.$inferInsert, members: string[]) {
  const [t] = await db.insert(guideTeams).values(row).returning()
  await db.insert(guideTeamMembers).values(members.map((staffId) => ({ teamId: t!.id, staffId })))
  return t!
}

export const staffByIds = (db: Db, ids: string[]) =>
  ids.length
    ? db
        .select({ id: staffUsers.id, role: staffUsers.role, disabledAt: staffUsers.disabledAt })
        .from(staffUsers)
        .where(inArray(staffUsers.id, ids))
    : Promise.resolve([])

export const membersIn = (db: Db, ids: string[]) =>
  db.select().from(guideTeamMembers).where(inArray(guideTeamMembers.staffId, ids))

/** Digital guides not yet in a team (for the team form). */
export async function freeGuides(db: Db) {
  return db
    .select({ id: staffUsers.id, displayName: staffUsers.displayName, username: staffUsers.username })
    .from(staffUsers)
    .leftJoin(guideTeamMembers, eq(guideTeamMembers.staffId, staffUsers.id))
    .where(
      and(
        eq(staffUsers.role, 'digital_guide'),
        isNull(staffUsers.disabledAt),
        isNull(guideTeamMembers.teamId),
      ),
    )
    .orderBy(asc(staffUsers.displayName))
}

export const rules = (db: Db) => db.select().from(guideRules).orderBy(asc(guideRules.createdAt))
export const insertRule = (db: Db, row: typeof guideRules.$inferInsert) =>
  db.insert(guideRules).values(row).returning()
export const deleteRule = (db: Db, id: string) =>
  db.delete(guideRules).where(eq(guideRules.id, id)).returning()

export async function assistCountsBySite(db: Db, since: Date) {
  return db
    .select({ siteId: guideAssists.siteId, n: sql<number>`count(*)::int` })
    .from(guideAssists)
    .where(gte(guideAssists.occurredAt, since))
    .groupBy(guideAssists.siteId)
}

export async function nextVersion(db: Db): Promise<number> {
  const [r] = await db
    .select({ v: sql<number>`coalesce(max(${guidePlans.version}), 0)::int` })
    .from(guidePlans)
  return (r?.v ?? 0) + 1
}
export const deleteDrafts = (db: Db) => db.delete(guidePlans).where(eq(guidePlans.status, 'draft'))
export async function insertPlan(
  db: Db,
  row: typeof guidePlans.$inferInsert,
  rows: Omit<typeof guideAssignments.$inferInsert, 'planId'>[],
) {
  const [p] = await db.insert(guidePlans).values(row).returning()
  for (let i = 0; i < rows.length; i += 500)
    await db.insert(guideAssignments).values(rows.slice(i, i + 500).map((r) => ({ ...r, planId: p!.id })))
  return p!
}
export async function plan(db: Db, id: string) {
  const [p] = await db.select().from(guidePlans).where(eq(guidePlans.id, id))
  return p
}
export async function lockPlan(db: Db, id: string) {
  const [p] = await db.select().from(guidePlans).where(eq(guidePlans.id, id)).for('update')
  return p
}
export const plans = (db: Db) => db.select().from(guidePlans).orderBy(desc(guidePlans.version)).limit(50)
export async function latestPlan(db: Db, status?: 'draft' | 'published') {
  const [p] = await db
    .select()
    .from(guidePlans)
    .where(status ? eq(guidePlans.status, status) : undefined)
    .orderBy(desc(guidePlans.version))
    .limit(1)
  return p
}
export const supersede = (db: Db, exceptId: string, now: Date) =>
  db
    .update(guidePlans)
    .set({ status: 'superseded' })
    .where(and(eq(guidePlans.status, 'published'), ne(guidePlans.id, exceptId)))
    .returning({ id: guidePlans.id, at: sql`${now}` })
export const markPublished = (db: Db, id: string, by: string | null, now: Date) =>
  db
    .update(guidePlans)
    .set({ status: 'published', publishedBy: by, publishedAt: now })
    .where(eq(guidePlans.id, id))

export async function assignments(db: Db, planId: string, teamId?: string) {
  return db
    .select()
    .from(guideAssignments)
    .where(and(eq(guideAssignments.planId, planId), teamId ? eq(guideAssignments.teamId, teamId) : undefined))
    .orderBy(asc(guideAssignments.shift), asc(guideAssignments.districtCode), asc(guideAssignments.labelKo))
}

export async function insertAssist(db: Db, row: typeof guideAssists.$inferInsert) {
  return db.insert(guideAssists).values(row).onConflictDoNothing({ target: guideAssists.idemKey }).returning()
}
export async function assistByKey(db: Db, key: string) {
  const [a] = await db.select().from(guideAssists).where(eq(guideAssists.idemKey, key))
  return a
}
export const setAssistReferral = (db: Db, id: string, ticketId: string) =>
  db.update(guideAssists).set({ referralTicketId: ticketId }).where(eq(guideAssists.id, id))
export const assistsOf = (db: Db, staffId: string, since: Date) =>
  db
    .select()
    .from(guideAssists)
    .where(and(eq(guideAssists.staffId, staffId), gte(guideAssists.occurredAt, since)))
    .orderBy(desc(guideAssists.occurredAt))
    .limit(50)
export const assistsBetween = (db: Db, from: Date, to: Date, district?: string) =>
  db
    .select()
    .from(guideAssists)
    .where(
      and(
        gte(guideAssists.occurredAt, from),
        lt(guideAssists.occurredAt, to),
        district ? eq(guideAssists.districtCode, district) : undefined,
      ),
    )

export async function insertCheckin(db: Db, row: typeof guideCheckins.$inferInsert) {
  return db
    .insert(guideCheckins)
    .values(row)
    .onConflictDoNothing({ target: guideCheckins.idemKey })
    .returning()
}
export async function checkinByKey(db: Db, key: string) {
  const [a] = await db.select().from(guideCheckins).where(eq(guideCheckins.idemKey, key))
  return a
}
/** The key of an opinion answer sent from the field page, when it was used before. */
export async function fieldAnswerByKey(db: Db, key: string) {
  const [a] = await db.select().from(guideFieldAnswers).where(eq(guideFieldAnswers.idemKey, key))
  return a
}
/** Claims an opinion answer's key; undefined when another request claimed it first (a re-send). */
export async function claimFieldAnswerKey(db: Db, row: typeof guideFieldAnswers.$inferInsert) {
  const [a] = await db.insert(guideFieldAnswers).values(row).onConflictDoNothing().returning()
  return a
}
export async function openCheckin(db: Db, staffId: string) {
  const [c] = await db
    .select()
    .from(guideCheckins)
    .where(and(eq(guideCheckins.staffId, staffId), isNull(guideCheckins.checkedOutAt)))
    .orderBy(desc(guideCheckins.checkedInAt))
    .limit(1)
  return c
}
export const closeCheckins = (db: Db, staffId: string, at: Date) =>
  db
    .update(guideCheckins)
    .set({ checkedOutAt: at })
    .where(and(eq(guideCheckins.staffId, staffId), isNull(guideCheckins.checkedOutAt)))
    .returning()
/** Check-ins since a time with the guide's name (the live board). */
export const checkinsSince = (db: Db, since: Date) =>
  db
    .select({ c: guideCheckins, displayName: staffUsers.displayName })
    .from(guideCheckins)
    .innerJoin(staffUsers, eq(staffUsers.id, guideCheckins.staffId))
    .where(gte(guideCheckins.checkedInAt, since))
    .orderBy(desc(guideCheckins.checkedInAt))

/**
 * Assists recorded after the cursor (time written, id), oldest first (statistics). The cursor is the
 * time written, not the time of the assist: a guide's offline queue may sync an assist hours later.
 */
export function assistsRecordedAfter(db: Db, after: { at: Date; id: string }, limit: number) {
  const id = sql<string>`${guideAssists.id}::text`
  return db
    .select({
      id,
      at: guideAssists.occurredAt,
      recordedAt: guideAssists.createdAt,
      districtCode: guideAssists.districtCode,
    })
    .from(guideAssists)
    .where(sql`(${guideAssists.createdAt}, ${id}) > (${after.at.toISOString()}::timestamptz, ${after.id})`)
    .orderBy(asc(guideAssists.createdAt), asc(id))
    .limit(limit)
}
