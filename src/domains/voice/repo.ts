import { and, desc, eq, isNull, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import {
  kioskReports,
  kioskShareLinks,
  opinionAnswers,
  opinionCampaigns,
  surveyRequests,
  surveyResponses,
  voiceRateLimits,
} from './tables.ts'

export type SurveyRequestRow = typeof surveyRequests.$inferSelect
export type CampaignRow = typeof opinionCampaigns.$inferSelect
export type KioskReportRow = typeof kioskReports.$inferSelect

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows

// ── surveys ─────────────────────────────────────────────────────────────────────────────────────

/** Inserts an invitation; null when this service's case already has one (one survey per case). */
export async function insertSurveyRequest(
  tx: Db,
  row: typeof surveyRequests.$inferInsert,
): Promise<SurveyRequestRow | null> {
  const r = await tx.insert(surveyRequests).values(row).onConflictDoNothing().returning()
  return r[0] ?? null
}

export async function findRequestByToken(tx: Db, tokenHash: string): Promise<SurveyRequestRow | undefined> {
  const r = await tx.select().from(surveyRequests).where(eq(surveyRequests.tokenHash, tokenHash)).limit(1)
  return r[0]
}

/** Marks an invitation answered; false when it was answered already (a second tap or a race). */
export async function markAnswered(tx: Db, id: string, at: Date): Promise<boolean> {
  const r = await tx
    .update(surveyRequests)
    .set({ answeredAt: at })
    .where(and(eq(surveyRequests.id, id), isNull(surveyRequests.answeredAt)))
    .returning({ id: surveyRequests.id })
  return r.length === 1
}

export async function insertResponse(tx: Db, row: typeof surveyResponses.$inferInsert): Promise<string> {
  const r = await tx.insert(surveyResponses).values(row).returning({ id: surveyResponses.id })
  return r[0]?.id ?? ''
}

/** Adds a comment / call-back number to an invitation's answer once; false when already added. */
export async function addDetails(
  tx: Db,
  requestId: string,
  d: { comment: string | null; followUpPhoneEnc: string | null },
): Promise<boolean> {
  const r = await tx
    .update(surveyResponses)
    .set(d)
    .where(
      and(
        eq(surveyResponses.requestId, requestId),
        isNull(surveyResponses.comment),
        isNull(surveyResponses.followUpPhoneEnc),
      ),
    )
    .returning({ id: surveyResponses.id })
  return r.length === 1
}

export interface SatisfactionRow {
  service: string
  answers: number
  happy: number
  soso: number
  unhappy: number
}

/**
 * Satisfaction per service since `from`: the survey answers plus the help desk's own one-tap rating of
 * resolved tickets (same 1–3 scale), so a ticket is never asked about twice.
 */
export async function satisfactionByService(tx: Db, from: Date): Promise<SatisfactionRow[]> {
  return rowsOf<SatisfactionRow>(
    await tx.execute(sql`
      with answers as (
        select service, score from voice_survey_responses where created_at >= ${from}
        union all
        select 'ticket', rating from help_tickets where rating is not null and rated_at >= ${from}
      )
      select service, count(*)::int as answers, count(*) filter (where score = 3)::int as happy,
             count(*) filter (where score = 2)::int as soso, count(*) filter (where score = 1)::int as unhappy
      from answers group by service order by service`),
  )
}

/** The latest comments and call-back requests (staff dashboard; phone numbers stay encrypted here). */
export async function latestResponses(tx: Db, limit = 30) {
  return tx
    .select({
      id: surveyResponses.id,
      service: surveyResponses.service,
      reference: surveyResponses.reference,
      score: surveyResponses.score,
      comment: surveyResponses.comment,
      followUpPhoneEnc: surveyResponses.followUpPhoneEnc,
      followedUpAt: surveyResponses.followedUpAt,
      channel: surveyResponses.channel,
      createdAt: surveyResponses.createdAt,
    })
    .from(surveyResponses)
    .orderBy(desc(surveyResponses.createdAt))
    .limit(limit)
}

export async function markFollowedUp(tx: Db, id: string, at: Date): Promise<boolean> {
  const r = await tx
    .update(surveyResponses)
    .set({ followedUpAt: at, followUpPhoneEnc: null })
    .where(eq(surveyResponses.id, id))
    .returning({ id: surveyResponses.id })
  return r.length === 1
}

/** Unlinks a person's survey invitations (erasure keeps the anonymous answers). */
export async function unlinkRequests(tx: Db, personId: string): Promise<void> {
  await tx.update(surveyRequests).set({ personId: null }).where(eq(surveyRequests.personId, personId))
}
export async function moveRequests(tx: Db, fromId: string, intoId: string): Promise<void> {
  await tx.update(surveyRequests).set({ personId: intoId }).where(eq(surveyRequests.personId, fromId))
}

// ── opinion campaigns ───────────────────────────────────────────────────────────────────────────

export async function insertCampaign(
  tx: Db,
  row: typeof opinionCampaigns.$inferInsert,
): Promise<CampaignRow> {
  const r = await tx.insert(opinionCampaigns).values(row).returning()
  return r[0] as CampaignRow
}
export async function findCampaign(tx: Db, id: string): Promise<CampaignRow | undefined> {
  const r = await tx.select().from(opinionCampaigns).where(eq(opinionCampaigns.id, id)).limit(1)
  return r[0]
}
export async function listCampaigns(tx: Db, onlyOpen: boolean): Promise<CampaignRow[]> {
  const q = tx.select().from(opinionCampaigns)
  return (onlyOpen ? q.where(eq(opinionCampaigns.status, 'open')) : q).orderBy(
    desc(opinionCampaigns.createdAt),
  )
}
export async function closeCampaign(tx: Db, id: string, at: Date): Promise<void> {
  await tx.update(opinionCampaigns).set({ status: 'closed', closedAt: at }).where(eq(opinionCampaigns.id, id))
}
export async function insertAnswers(tx: Db, rows: (typeof opinionAnswers.$inferInsert)[]): Promise<void> {
  if (rows.length) await tx.insert(opinionAnswers).values(rows)
}

export interface TallyRow {
  choice: number
  key: string
  n: number
}
/** Answers per choice and group, or per choice and district ('' when not given). */
export async function tally(tx: Db, campaignId: string, by: 'group' | 'district'): Promise<TallyRow[]> {
  const col = by === 'group' ? sql`respondent_group` : sql`coalesce(district_code, '')`
  return rowsOf<TallyRow>(
    await tx.execute(sql`
      select choice, ${col} as key, count(*)::int as n from voice_campaign_answers
      where campaign_id = ${campaignId} group by 1, 2 order by 1, 2`),
  )
}

// ── kiosk reports ───────────────────────────────────────────────────────────────────────────────

export async function insertKioskReport(
  tx: Db,
  row: typeof kioskReports.$inferInsert,
): Promise<KioskReportRow> {
  const r = await tx.insert(kioskReports).values(row).returning()
  return r[0] as KioskReportRow
}

export interface CompanyTotal {
  companyKey: string
  company: string
  reports: number
  last: Date
}
/** Companies with reports: the most used spelling, how many reports, the latest date. */
export async function companyTotals(tx: Db): Promise<CompanyTotal[]> {
  const rows = rowsOf<{ company_key: string; company: string; reports: number; last: string | Date }>(
    await tx.execute(sql`
      select company_key, mode() within group (order by company) as company, count(*)::int as reports,
             max(reported_at) as last
      from voice_kiosk_reports group by company_key order by reports desc, company_key`),
  )
  return rows.map((r) => ({
    companyKey: r.company_key,
    company: r.company,
    reports: r.reports,
    last: new Date(r.last),
  }))
}

export interface CountRow {
  key: string
  n: number
}
/** One company's reports counted by problem, by kiosk type, by source, by month and by district. */
export async function companyBreakdown(tx: Db, companyKey: string) {
  const q = async (s: ReturnType<typeof sql>) => rowsOf<CountRow>(await tx.execute(s))
  const where = sql`company_key = ${companyKey}`
  const [problems, types, sources, months, districts] = await Promise.all([
    q(sql`select p as key, count(*)::int as n from voice_kiosk_reports, jsonb_array_elements_text(problems) p
          where ${where} group by 1 order by 2 desc, 1`),
    q(
      sql`select kiosk_type as key, count(*)::int as n from voice_kiosk_reports where ${where} group by 1 order by 2 desc, 1`,
    ),
    q(
      sql`select source as key, count(*)::int as n from voice_kiosk_reports where ${where} group by 1 order by 2 desc, 1`,
    ),
    q(sql`select to_char(reported_at at time zone 'Asia/Seoul', 'YYYY-MM') as key, count(*)::int as n
          from voice_kiosk_reports where ${where} group by 1 order by 1`),
    q(sql`select coalesce(district_code, '') as key, count(*)::int as n from voice_kiosk_reports where ${where}
          group by 1 order by 2 desc, 1`),
  ])
  return { problems, types, sources, months, districts }
}

export async function insertShareLink(tx: Db, row: typeof kioskShareLinks.$inferInsert): Promise<void> {
  await tx.insert(kioskShareLinks).values(row)
}
export async function findShareLink(tx: Db, tokenHash: string) {
  const r = await tx
    .select()
    .from(kioskShareLinks)
    .where(and(eq(kioskShareLinks.tokenHash, tokenHash), isNull(kioskShareLinks.revokedAt)))
    .limit(1)
  return r[0]
}
export async function shareLinksOf(tx: Db, companyKey: string) {
  return tx
    .select()
    .from(kioskShareLinks)
    .where(and(eq(kioskShareLinks.companyKey, companyKey), isNull(kioskShareLinks.revokedAt)))
    .orderBy(desc(kioskShareLinks.createdAt))
}
export async function revokeShareLink(tx: Db, id: string, at: Date): Promise<void> {
  await tx.update(kioskShareLinks).set({ revokedAt: at }).where(eq(kioskShareLinks.id, id))
}

/** Survey answers after a (time, id) cursor, oldest first, with the person the invitation went to. */
export async function responsesAfter(tx: Db, after: { at: Date; id: string }, limit: number) {
  return tx
    .select({
      id: surveyResponses.id,
      at: surveyResponses.createdAt,
      score: surveyResponses.score,
      districtCode: surveyResponses.districtCode,
      personId: surveyRequests.personId,
    })
    .from(surveyResponses)
    .leftJoin(surveyRequests, eq(surveyRequests.id, surveyResponses.requestId))
    .where(
      sql`(${surveyResponses.createdAt}, ${surveyResponses.id}::text) > (${after.at.toISOString()}::timestamptz, ${after.id})`,
    )
    .orderBy(surveyResponses.createdAt, sql`${surveyResponses.id}::text`)
    .limit(limit)
}

// ── rate limits ─────────────────────────────────────────────────────────────────────────────────

/**
 * Counts n hits against a key in a fixed window (a new window starts when the last one ended) and
 * returns the count and the window's start.
 */
export async function hitRate(tx: Db, key: string, n: number, now: Date, windowMs: number) {
  const ended = sql`${voiceRateLimits.windowStart} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`
  const [r] = await tx
    .insert(voiceRateLimits)
    .values({ keyHash: key, windowStart: now, hits: n })
    .onConflictDoUpdate({
      target: voiceRateLimits.keyHash,
      set: {
        hits: sql`case when ${ended} then ${n} else ${voiceRateLimits.hits} + ${n} end`,
        windowStart: sql`case when ${ended} then ${now.toISOString()}::timestamptz else ${voiceRateLimits.windowStart} end`,
      },
    })
    .returning({ hits: voiceRateLimits.hits, windowStart: voiceRateLimits.windowStart })
  return { hits: r!.hits, windowStart: new Date(r!.windowStart) }
}

/** Deletes counters of windows that ended before `before`. */
export async function purgeRates(tx: Db, before: Date): Promise<number> {
  const r = await tx
    .delete(voiceRateLimits)
    .where(sql`${voiceRateLimits.windowStart} < ${before.toISOString()}::timestamptz`)
    .returning({ k: voiceRateLimits.keyHash })
  return r.length
}
