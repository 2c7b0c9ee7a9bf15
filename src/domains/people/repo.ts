import {
  and,
  asc,
  desc,
  eq,
  gte,
  ilike,
  inArray,
  isNotNull,
  isNull,
  lt,
  ne,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import { auditTrail } from '../../platform/audit/tables.ts'
import type { Db } from '../../platform/db/client.ts'
import { devMessages, jobs } from '../../platform/db/tables.ts'
import { sessions } from '../identity/tables.ts'
import {
  erasureRequests,
  personOrgs,
  persons,
  proxyActions,
  retentionRuns,
  sensitiveConsents,
  verificationChallenges,
} from './tables.ts'

export type PersonRow = typeof persons.$inferSelect
export type NewPerson = typeof persons.$inferInsert
export type ChallengeRow = typeof verificationChallenges.$inferSelect
export type ConsentRow = typeof sensitiveConsents.$inferSelect
export type ErasureRow = typeof erasureRequests.$inferSelect

/** Serialises work on one key for the rest of the transaction (PostgreSQL and PGlite). */
export async function lockKey(tx: Db, key: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${key}))`)
}

// ── verification ────────────────────────────────────────────────────────────────────────────────

export async function countChallenges(
  tx: Db,
  column: 'phone' | 'ip',
  hashes: string[],
  since: Date,
): Promise<number> {
  const col = column === 'phone' ? verificationChallenges.phoneHash : verificationChallenges.ipHash
  const [r] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(verificationChallenges)
    .where(and(inArray(col, hashes), gte(verificationChallenges.createdAt, since)))
  return r?.n ?? 0
}

export async function insertChallenge(
  tx: Db,
  row: typeof verificationChallenges.$inferInsert,
): Promise<void> {
  await tx.insert(verificationChallenges).values(row)
}

export async function lockChallenge(tx: Db, tokenHash: string): Promise<ChallengeRow | undefined> {
  const [r] = await tx
    .select()
    .from(verificationChallenges)
    .where(eq(verificationChallenges.tokenHash, tokenHash))
    .for('update')
  return r
}

export async function updateChallenge(tx: Db, id: string, patch: Partial<ChallengeRow>): Promise<void> {
  await tx.update(verificationChallenges).set(patch).where(eq(verificationChallenges.id, id))
}

// ── persons ─────────────────────────────────────────────────────────────────────────────────────

export async function findByIdentity(
  tx: Db,
  nameBirth: string[],
  phone: string[],
): Promise<PersonRow | undefined> {
  const [p] = await tx
    .select()
    .from(persons)
    .where(
      and(
        eq(persons.status, 'active'),
        inArray(persons.nameBirthHash, nameBirth),
        inArray(persons.phoneHash, phone),
      ),
    )
    .orderBy(asc(persons.createdAt))
    .limit(1)
  return p
}

export interface RegistrationArgs {
  nameBirth: string[]
  phone: string[]
  person: NewPerson & { id: string }
  orgId: string | null
  proxy: {
    channel: string
    actedBy: string | null
    relationship: string
    consentGiven: boolean
    consentMethod: string
    note: string | null
  }
  staffId: string
  auditAfter: Record<string, unknown>
  now: Date
}

/**
 * Common table expressions that find the active person with these keyed hashes (the oldest) and touch
 * them, or create the record; and write the link to the staff member's organisation, the proxy record
 * (people.register or people.link) and the audit entry (create or link). They define `person` (id,
 * created) for the rest of the statement. The caller holds the identity lock, taken in an earlier
 * statement of its transaction (so this statement's snapshot sees every earlier registration).
 */
export function registrationCtes(a: RegistrationArgs): SQL {
  const p = a.person
  const now = a.now.toISOString()
  const ts = (d: Date | undefined) => (d ?? a.now).toISOString()
  return sql`person_found as (
      select id from ${persons}
       where status = 'active' and ${inArray(persons.nameBirthHash, a.nameBirth)}
         and ${inArray(persons.phoneHash, a.phone)}
       order by created_at limit 1
    ), person_touched as (
      update ${persons} set last_activity_at = ${now}::timestamptz where id in (select id from person_found)
    ), person_created as (
      insert into ${persons} (id, name, birth_date_enc, phone_enc, address_enc, phone_hash, name_birth_hash,
                              district_code, preferred_language, created_channel, created_by,
                              created_at, updated_at, last_activity_at)
      select ${p.id}::uuid, ${p.name ?? null}::text, ${p.birthDateEnc ?? null}::text, ${p.phoneEnc ?? null}::text,
             ${p.addressEnc ?? null}::text, ${p.phoneHash ?? null}::text, ${p.nameBirthHash ?? null}::text,
             ${p.districtCode ?? null}::text, ${p.preferredLanguage ?? 'ko'}::text, ${p.createdChannel}::text,
             ${p.createdBy ?? null}::uuid, ${ts(p.createdAt)}::timestamptz, ${ts(p.updatedAt)}::timestamptz,
             ${ts(p.lastActivityAt)}::timestamptz
       where not exists (select 1 from person_found)
      returning id
    ), person as (
      select id, false as created from person_found union all select id, true from person_created
    ), person_org as (
      insert into ${personOrgs} (person_id, org_id, created_at)
      select id, ${a.orgId}::uuid, ${now}::timestamptz from person where ${a.orgId}::uuid is not null
      on conflict do nothing
    ), person_proxy as (
      insert into ${proxyActions} (person_id, channel, acted_by, org_id, relationship, consent_given,
                                   consent_method, purpose, note, at)
      select id, ${a.proxy.channel}::text, ${a.proxy.actedBy}::uuid, ${a.orgId}::uuid, ${a.proxy.relationship}::text,
             ${a.proxy.consentGiven}::boolean, ${a.proxy.consentMethod}::text,
             case when created then 'people.register' else 'people.link' end, ${a.proxy.note}::text,
             ${now}::timestamptz
        from person
    ), person_audit as (
      insert into ${auditTrail} (at, actor_kind, actor_id, entity, entity_id, action, before, after)
      select ${now}::timestamptz, 'staff', ${a.staffId}::text, 'person', id::text,
             case when created then 'create' else 'link' end, null, ${JSON.stringify(a.auditAfter)}::jsonb
        from person
    )`
}

/** The person registrationCtes found or created, for later CTEs of the same statement. */
export const registered = {
  personId: sql`(select id from person)`,
  created: sql`(select created from person)`,
}

/** Runs registrationCtes on their own (one round trip). */
export async function runRegistration(tx: Db, ctes: SQL): Promise<{ personId: string; created: boolean }> {
  const r = await tx.execute(sql`with ${ctes} select id, created from person`)
  const rows = (r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[])
  const row = rows[0] as { id: string; created: boolean }
  return { personId: row.id, created: row.created === true }
}

export async function insertPerson(tx: Db, row: NewPerson): Promise<PersonRow> {
  const [p] = await tx.insert(persons).values(row).returning()
  return p!
}

export async function findPerson(tx: Db, id: string): Promise<PersonRow | undefined> {
  const [p] = await tx.select().from(persons).where(eq(persons.id, id))
  return p
}

export async function lockPersons(tx: Db, ids: string[]): Promise<PersonRow[]> {
  return tx.select().from(persons).where(inArray(persons.id, ids)).orderBy(asc(persons.id)).for('update')
}

export async function updatePerson(tx: Db, id: string, patch: Partial<NewPerson>): Promise<void> {
  await tx.update(persons).set(patch).where(eq(persons.id, id))
}

export async function orgIdsOf(tx: Db, personId: string): Promise<string[]> {
  const rows = await tx
    .select({ orgId: personOrgs.orgId })
    .from(personOrgs)
    .where(eq(personOrgs.personId, personId))
  return rows.map((r) => r.orgId)
}

export async function linkOrg(tx: Db, personId: string, orgId: string, at: Date): Promise<void> {
  await tx.insert(personOrgs).values({ personId, orgId, createdAt: at }).onConflictDoNothing()
}

/** Active people matching the criteria, limited to these organisations' people when orgIds is given. */
export async function searchPersons(
  tx: Db,
  c: { namePart?: string; phoneHashes?: string[]; nameBirthHashes?: string[]; orgIds?: readonly string[] },
  limit = 50,
): Promise<PersonRow[]> {
  const where = and(
    eq(persons.status, 'active'),
    c.namePart ? ilike(persons.name, `%${c.namePart.replace(/[\\%_]/g, (m) => `\\${m}`)}%`) : undefined,
    c.phoneHashes ? inArray(persons.phoneHash, c.phoneHashes) : undefined,
    c.nameBirthHashes ? inArray(persons.nameBirthHash, c.nameBirthHashes) : undefined,
    c.orgIds === undefined
      ? undefined
      : c.orgIds.length === 0
        ? sql`false`
        : sql`exists (select 1 from ${personOrgs} where ${personOrgs.personId} = ${persons.id} and ${inArray(personOrgs.orgId, [...c.orgIds])})`,
  )
  return tx
    .select()
    .from(persons)
    .where(where)
    .orderBy(asc(persons.name), asc(persons.createdAt))
    .limit(limit)
}

/** Other active records with the same name + birth date, or the same phone number. */
export async function possibleDuplicates(tx: Db, p: PersonRow): Promise<PersonRow[]> {
  const same = [
    p.nameBirthHash ? eq(persons.nameBirthHash, p.nameBirthHash) : undefined,
    p.phoneHash ? eq(persons.phoneHash, p.phoneHash) : undefined,
  ].filter(Boolean)
  if (same.length === 0) return []
  return tx
    .select()
    .from(persons)
    .where(and(eq(persons.status, 'active'), ne(persons.id, p.id), or(...same)))
    .orderBy(asc(persons.createdAt))
    .limit(20)
}

/** Active people whose every identity field matches another's (for the duplicates report). */
export async function exactDuplicateGroups(tx: Db): Promise<{ ids: string[] }[]> {
  const rows = await tx
    .select({ ids: sql<string[]>`array_agg(${persons.id} order by ${persons.createdAt})` })
    .from(persons)
    .where(and(eq(persons.status, 'active'), isNotNull(persons.nameBirthHash), isNotNull(persons.phoneHash)))
    .groupBy(persons.nameBirthHash, persons.phoneHash)
    .having(sql`count(*) > 1`)
  return rows
}

/** Moves this domain's rows of one person to another (merge). */
export async function moveReferences(tx: Db, fromId: string, intoId: string): Promise<void> {
  await tx.execute(
    sql`insert into ${personOrgs} (person_id, org_id, created_at) select ${intoId}, org_id, created_at from ${personOrgs} where person_id = ${fromId} on conflict do nothing`,
  )
  await tx.delete(personOrgs).where(eq(personOrgs.personId, fromId))
  await tx.update(proxyActions).set({ personId: intoId }).where(eq(proxyActions.personId, fromId))
  await tx.update(sensitiveConsents).set({ personId: intoId }).where(eq(sensitiveConsents.personId, fromId))
  await tx.update(erasureRequests).set({ personId: intoId }).where(eq(erasureRequests.personId, fromId))
}

/** Ends every open session of a person (merge, erasure). */
export async function endPersonSessions(tx: Db, personId: string, reason: string, now: Date): Promise<void> {
  await tx
    .update(sessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(sessions.personId, personId), isNull(sessions.endedAt)))
}

export async function touchPerson(tx: Db, id: string, now: Date): Promise<void> {
  await tx.update(persons).set({ lastActivityAt: now }).where(eq(persons.id, id))
}

// ── proxy and consent ───────────────────────────────────────────────────────────────────────────

export async function insertProxy(tx: Db, row: typeof proxyActions.$inferInsert): Promise<string> {
  const [r] = await tx.insert(proxyActions).values(row).returning({ id: proxyActions.id })
  return r!.id
}

export async function proxyActionsOf(tx: Db, personId: string) {
  return tx
    .select()
    .from(proxyActions)
    .where(eq(proxyActions.personId, personId))
    .orderBy(desc(proxyActions.at))
    .limit(50)
}

export async function insertConsent(tx: Db, row: typeof sensitiveConsents.$inferInsert): Promise<ConsentRow> {
  const [r] = await tx.insert(sensitiveConsents).values(row).returning()
  return r!
}

export async function consentsOf(tx: Db, personId: string): Promise<ConsentRow[]> {
  return tx
    .select()
    .from(sensitiveConsents)
    .where(eq(sensitiveConsents.personId, personId))
    .orderBy(desc(sensitiveConsents.givenAt))
}

export async function lockConsent(tx: Db, id: string): Promise<ConsentRow | undefined> {
  const [r] = await tx.select().from(sensitiveConsents).where(eq(sensitiveConsents.id, id)).for('update')
  return r
}

export async function revokeConsent(
  tx: Db,
  id: string,
  now: Date,
  channel: ConsentRow['givenChannel'],
): Promise<void> {
  await tx
    .update(sensitiveConsents)
    .set({ revokedAt: now, revokedChannel: channel })
    .where(eq(sensitiveConsents.id, id))
}

export async function activeConsent(tx: Db, personId: string, category: ConsentRow['category']) {
  const [r] = await tx
    .select({ id: sensitiveConsents.id })
    .from(sensitiveConsents)
    .where(
      and(
        eq(sensitiveConsents.personId, personId),
        eq(sensitiveConsents.category, category),
        isNull(sensitiveConsents.revokedAt),
      ),
    )
    .limit(1)
  return r
}

// ── erasure and retention ───────────────────────────────────────────────────────────────────────

export async function pendingErasure(tx: Db, personId: string): Promise<ErasureRow | undefined> {
  const [r] = await tx
    .select()
    .from(erasureRequests)
    .where(and(eq(erasureRequests.personId, personId), eq(erasureRequests.status, 'pending')))
    .limit(1)
  return r
}

export async function latestErasure(tx: Db, personId: string): Promise<ErasureRow | undefined> {
  const [r] = await tx
    .select()
    .from(erasureRequests)
    .where(eq(erasureRequests.personId, personId))
    .orderBy(desc(erasureRequests.requestedAt))
    .limit(1)
  return r
}

export async function insertErasure(tx: Db, row: typeof erasureRequests.$inferInsert): Promise<ErasureRow> {
  const [r] = await tx.insert(erasureRequests).values(row).returning()
  return r!
}

export async function allPendingErasures(tx: Db): Promise<ErasureRow[]> {
  return tx
    .select()
    .from(erasureRequests)
    .where(eq(erasureRequests.status, 'pending'))
    .orderBy(asc(erasureRequests.dueAt))
}

export async function completeErasure(
  tx: Db,
  id: string,
  now: Date,
  holds: ErasureRow['holds'],
): Promise<void> {
  await tx
    .update(erasureRequests)
    .set({ status: 'done', completedAt: now, holds })
    .where(eq(erasureRequests.id, id))
}

/** Removes the person's own rows that only exist because of them (no legal value). */
export async function deletePersonalRows(tx: Db, p: PersonRow, keepLinks: boolean): Promise<void> {
  if (p.phoneHash)
    await tx.delete(verificationChallenges).where(eq(verificationChallenges.phoneHash, p.phoneHash))
  await tx.delete(sensitiveConsents).where(eq(sensitiveConsents.personId, p.id))
  await tx.update(proxyActions).set({ note: null }).where(eq(proxyActions.personId, p.id))
  if (!keepLinks) await tx.delete(personOrgs).where(eq(personOrgs.personId, p.id))
}

export async function inactivePersons(tx: Db, before: Date, limit = 500): Promise<PersonRow[]> {
  return tx
    .select()
    .from(persons)
    .where(and(eq(persons.status, 'active'), lt(persons.lastActivityAt, before)))
    .orderBy(asc(persons.lastActivityAt))
    .limit(limit)
}

export async function deleteChallengesBefore(tx: Db, before: Date): Promise<number> {
  const r = await tx
    .delete(verificationChallenges)
    .where(lt(verificationChallenges.createdAt, before))
    .returning({ id: verificationChallenges.id })
  return r.length
}

/** Sign-in sessions (staff and citizens, with their IP and browser) that ended or expired before `before`. */
export async function deleteSessionsBefore(tx: Db, before: Date): Promise<number> {
  const r = await tx
    .delete(sessions)
    .where(or(lt(sessions.expiresAt, before), and(isNotNull(sessions.endedAt), lt(sessions.endedAt, before))))
    .returning({ id: sessions.idHash })
  return r.length
}

export async function deleteProxyActionsBefore(tx: Db, before: Date): Promise<number> {
  const r = await tx
    .delete(proxyActions)
    .where(lt(proxyActions.at, before))
    .returning({ id: proxyActions.id })
  return r.length
}

/** Sent text messages and e-mails (they hold numbers, addresses and codes in plain text). */
export async function deleteSentMessagesBefore(tx: Db, before: Date): Promise<number> {
  const done = await tx
    .delete(jobs)
    .where(
      and(
        sql`${jobs.kind} like 'message.%'`,
        inArray(jobs.status, ['done', 'dead']),
        lt(jobs.createdAt, before),
      ),
    )
    .returning({ id: jobs.id })
  const dev = await tx
    .delete(devMessages)
    .where(lt(devMessages.createdAt, before))
    .returning({ id: devMessages.id })
  return done.length + dev.length
}

export async function insertRetentionRun(tx: Db, row: typeof retentionRuns.$inferInsert): Promise<void> {
  await tx.insert(retentionRuns).values(row)
}

export async function latestRetentionRuns(tx: Db, limit = 10) {
  return tx.select().from(retentionRuns).orderBy(desc(retentionRuns.id)).limit(limit)
}

/** Batches of person ids for key rotation. */
export async function personIdsAfter(tx: Db, after: string | null, limit: number): Promise<string[]> {
  const rows = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(after ? sql`${persons.id} > ${after}` : undefined)
    .orderBy(asc(persons.id))
    .limit(limit)
  return rows.map((r) => r.id)
}

export async function challengeIdsAfter(tx: Db, after: string | null, limit: number): Promise<string[]> {
  const rows = await tx
    .select({ id: verificationChallenges.id })
    .from(verificationChallenges)
    .where(after ? sql`${verificationChallenges.id} > ${after}` : undefined)
    .orderBy(asc(verificationChallenges.id))
    .limit(limit)
  return rows.map((r) => r.id)
}

export async function lockChallengesById(tx: Db, ids: string[]): Promise<ChallengeRow[]> {
  return tx.select().from(verificationChallenges).where(inArray(verificationChallenges.id, ids)).for('update')
}

/** Birth date (encrypted) and district of some people (anonymous statistics: age group and place). */
export async function statFieldsOf(tx: Db, ids: string[]) {
  if (!ids.length) return []
  return tx
    .select({ id: persons.id, birthDateEnc: persons.birthDateEnc, districtCode: persons.districtCode })
    .from(persons)
    .where(inArray(persons.id, ids))
}
