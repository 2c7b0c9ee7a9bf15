import { and, asc, count, desc, eq, inArray, isNull, like, lt, ne, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { staffUsers } from '../identity/tables.ts'
import {
  helpAgentSkills,
  helpArticles,
  helpArticleVersions,
  helpAttachments,
  helpCannedReplies,
  helpImages,
  helpSearchTerms,
  helpTicketMessages,
  helpTickets,
} from './tables.ts'

export type ArticleRow = typeof helpArticles.$inferSelect
export type VersionRow = typeof helpArticleVersions.$inferSelect
export type TicketRow = typeof helpTickets.$inferSelect
export type MessageRow = typeof helpTicketMessages.$inferSelect

// ── articles ────────────────────────────────────────────────────────────────────────────────────

export async function insertArticle(tx: Db, row: typeof helpArticles.$inferInsert): Promise<ArticleRow> {
  const [a] = await tx.insert(helpArticles).values(row).returning()
  return a!
}

export async function insertVersion(
  tx: Db,
  row: typeof helpArticleVersions.$inferInsert,
): Promise<VersionRow> {
  const [v] = await tx.insert(helpArticleVersions).values(row).returning()
  return v!
}

export async function articleBySlug(tx: Db, slug: string, lock = false): Promise<ArticleRow | undefined> {
  const q = tx.select().from(helpArticles).where(eq(helpArticles.slug, slug))
  const [a] = lock ? await q.for('update') : await q
  return a
}

export async function updateArticle(tx: Db, id: string, patch: Partial<ArticleRow>): Promise<void> {
  await tx.update(helpArticles).set(patch).where(eq(helpArticles.id, id))
}

export async function version(tx: Db, articleId: string, v: number): Promise<VersionRow | undefined> {
  const [r] = await tx
    .select()
    .from(helpArticleVersions)
    .where(and(eq(helpArticleVersions.articleId, articleId), eq(helpArticleVersions.version, v)))
  return r
}

export async function versionsOf(tx: Db, articleId: string) {
  return tx
    .select({
      version: helpArticleVersions.version,
      titleKo: helpArticleVersions.titleKo,
      titleEn: helpArticleVersions.titleEn,
      note: helpArticleVersions.note,
      at: helpArticleVersions.at,
      editor: staffUsers.displayName,
    })
    .from(helpArticleVersions)
    .leftJoin(staffUsers, eq(staffUsers.id, helpArticleVersions.editedBy))
    .where(eq(helpArticleVersions.articleId, articleId))
    .orderBy(desc(helpArticleVersions.version))
}

const likeEscape = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`)

/** Published articles with their current title and summary, narrowed by device/task tag (browsing). */
export async function currentArticles(
  tx: Db,
  f: {
    device?: string
    task?: string
    limit?: number
    drafts?: boolean
  } = {},
) {
  const where = and(f.drafts ? undefined : eq(helpArticles.published, true), ...tagged(f))
  return tx
    .select({
      id: helpArticles.id,
      slug: helpArticles.slug,
      devices: helpArticles.devices,
      tasks: helpArticles.tasks,
      helpfulYes: helpArticles.helpfulYes,
      version: helpArticles.currentVersion,
      titleKo: helpArticleVersions.titleKo,
      titleEn: helpArticleVersions.titleEn,
      summaryKo: helpArticleVersions.summaryKo,
      summaryEn: helpArticleVersions.summaryEn,
    })
    .from(helpArticles)
    .innerJoin(
      helpArticleVersions,
      and(
        eq(helpArticleVersions.articleId, helpArticles.id),
        eq(helpArticleVersions.version, helpArticles.currentVersion),
      ),
    )
    .where(where)
    .orderBy(desc(helpArticles.helpfulYes), asc(helpArticleVersions.titleKo))
    .limit(f.limit ?? 500)
}

/** Tag filters of a search, in SQL. */
const tagged = (f: { device?: string | undefined; task?: string | undefined }) => [
  f.device ? sql`${helpArticles.devices} @> ${JSON.stringify([f.device])}::jsonb` : undefined,
  f.task ? sql`${helpArticles.tasks} @> ${JSON.stringify([f.task])}::jsonb` : undefined,
]

/**
 * Runs a search's queries in one read-only transaction that keeps the planner on the indexes: its
 * row estimates for prefix and trigram matches are poor, and a sequential scan would unpack every
 * article's text vector (hundreds of ms at 10,000 articles). `indexable` false (two initial
 * consonants: no trigram to look up) leaves the planner free, as a full GIN scan would be slower.
 */
export function onIndexes<T>(db: Db, run: (tx: Db) => Promise<T>, indexable = true): Promise<T> {
  return db.transaction(async (tx) => {
    if (indexable) await tx.execute(sql`set local enable_seqscan = off`)
    return run(tx)
  })
}

/**
 * Full-text search: articles matching any of the words (`anyQ`, prefixes, GIN index); ranked on the
 * titles' small vector: titles with all the words (`allQ`) first, then titles with any, then
 * ts_rank on the titles, then "did this help?" answers.
 */
export async function searchWords(
  tx: Db,
  q: { anyQ: string; allQ: string; device?: string | undefined; task?: string | undefined },
  limit: number,
) {
  const anyQ = sql`to_tsquery('simple', ${q.anyQ})`
  const all = sql<boolean>`${helpArticles.searchTitleTsv} @@ to_tsquery('simple', ${q.allQ})`
  const some = sql<boolean>`${helpArticles.searchTitleTsv} @@ ${anyQ}`
  const rank = sql<number>`ts_rank(${helpArticles.searchTitleTsv}, ${anyQ})`
  return tx
    .select({ id: helpArticles.id, all, some, rank })
    .from(helpArticles)
    .where(and(eq(helpArticles.published, true), sql`${helpArticles.searchTsv} @@ ${anyQ}`, ...tagged(q)))
    .orderBy(desc(all), desc(some), desc(rank), desc(helpArticles.helpfulYes), asc(helpArticles.slug))
    .limit(limit)
}

/** Initial-consonant search (trigram index on search_initials): those starting with them first. */
export async function searchInitials(
  tx: Db,
  q: { initials: string; device?: string | undefined; task?: string | undefined },
  limit: number,
) {
  const starts = sql<boolean>`${helpArticles.searchInitials} like ${`${likeEscape(q.initials)}%`}`
  return tx
    .select({ id: helpArticles.id, starts })
    .from(helpArticles)
    .where(
      and(
        eq(helpArticles.published, true),
        like(helpArticles.searchInitials, `%${likeEscape(q.initials)}%`),
        ...tagged(q),
      ),
    )
    .orderBy(desc(starts), desc(helpArticles.helpfulYes), asc(helpArticles.slug))
    .limit(limit)
}

/** Whether an article has a word starting with `word` (full-text index). */
export async function wordFound(tx: Db, word: string): Promise<boolean> {
  const [r] = await tx
    .select({ one: sql<number>`1` })
    .from(helpArticles)
    .where(sql`${helpArticles.searchTsv} @@ to_tsquery('simple', ${`'${word.replace(/'/g, "''")}':*`})`)
    .limit(1)
  return !!r
}

/**
 * Known words whose jamo are nearest to `jamo` (pg_trgm distance on the GiST index, k-nearest), kept
 * when their similarity is at least `min`.
 */
export async function nearTerms(tx: Db, jamo: string, limit = 3, min = 0.3): Promise<string[]> {
  const rows = await tx
    .select({ term: helpSearchTerms.term, s: sql<number>`similarity(${helpSearchTerms.jamo}, ${jamo})` })
    .from(helpSearchTerms)
    .orderBy(sql`${helpSearchTerms.jamo} <-> ${jamo}`)
    .limit(limit)
  return rows.filter((r) => Number(r.s) >= min).map((r) => r.term)
}

/** Adds words to the typo-correction vocabulary (words already there are kept). */
export async function addTerms(tx: Db, terms: { term: string; jamo: string }[]): Promise<void> {
  for (let i = 0; i < terms.length; i += 1000)
    await tx
      .insert(helpSearchTerms)
      .values(terms.slice(i, i + 1000))
      .onConflictDoNothing()
}

export async function clearTerms(tx: Db): Promise<void> {
  await tx.delete(helpSearchTerms)
}

/** Fresh planner statistics for the search tables (PGlite has no autovacuum to gather them). */
export async function analyzeSearch(tx: Db): Promise<void> {
  await tx.execute(sql`analyze help_articles, help_article_versions, help_search_terms`)
}

/** The search text of every published article (the vocabulary is rebuilt from these). */
export async function publishedSearchTexts(tx: Db): Promise<string[]> {
  const rows = await tx
    .select({ t: helpArticles.searchText })
    .from(helpArticles)
    .where(eq(helpArticles.published, true))
  return rows.map((r) => r.t)
}

/** Current title and summary of some articles. */
export async function articlesByIds(tx: Db, ids: string[]) {
  if (ids.length === 0) return []
  return tx
    .select({
      id: helpArticles.id,
      slug: helpArticles.slug,
      devices: helpArticles.devices,
      tasks: helpArticles.tasks,
      titleKo: helpArticleVersions.titleKo,
      titleEn: helpArticleVersions.titleEn,
      summaryKo: helpArticleVersions.summaryKo,
      summaryEn: helpArticleVersions.summaryEn,
    })
    .from(helpArticles)
    .innerJoin(
      helpArticleVersions,
      and(
        eq(helpArticleVersions.articleId, helpArticles.id),
        eq(helpArticleVersions.version, helpArticles.currentVersion),
      ),
    )
    .where(inArray(helpArticles.id, ids))
}

/** Device and task tags in use. */
export async function tags(tx: Db) {
  return tx
    .select({ devices: helpArticles.devices, tasks: helpArticles.tasks })
    .from(helpArticles)
    .where(eq(helpArticles.published, true))
}

export async function countFeedback(tx: Db, id: string, helpful: boolean): Promise<void> {
  await tx
    .update(helpArticles)
    .set(
      helpful
        ? { helpfulYes: sql`${helpArticles.helpfulYes} + 1` }
        : { helpfulNo: sql`${helpArticles.helpfulNo} + 1` },
    )
    .where(eq(helpArticles.id, id))
}

// ── tickets ─────────────────────────────────────────────────────────────────────────────────────

export async function insertTicket(tx: Db, row: typeof helpTickets.$inferInsert): Promise<TicketRow | null> {
  const rows = await tx
    .insert(helpTickets)
    .values(row)
    .onConflictDoNothing({ target: helpTickets.ref })
    .returning()
  return rows[0] ?? null
}

export async function ticket(tx: Db, id: string, lock = false): Promise<TicketRow | undefined> {
  const q = tx.select().from(helpTickets).where(eq(helpTickets.id, id))
  const [t] = lock ? await q.for('update') : await q
  return t
}

export async function ticketByRef(tx: Db, ref: string, lock = false): Promise<TicketRow | undefined> {
  const q = tx.select().from(helpTickets).where(eq(helpTickets.ref, ref))
  const [t] = lock ? await q.for('update') : await q
  return t
}

export async function updateTicket(tx: Db, id: string, patch: Partial<TicketRow>): Promise<void> {
  await tx.update(helpTickets).set(patch).where(eq(helpTickets.id, id))
}

export async function insertMessage(tx: Db, row: typeof helpTicketMessages.$inferInsert): Promise<void> {
  await tx.insert(helpTicketMessages).values(row)
}

export async function messagesOf(tx: Db, ticketId: string, withNotes: boolean) {
  return tx
    .select({
      kind: helpTicketMessages.kind,
      body: helpTicketMessages.body,
      at: helpTicketMessages.at,
      staff: staffUsers.displayName,
    })
    .from(helpTicketMessages)
    .leftJoin(staffUsers, eq(staffUsers.id, helpTicketMessages.staffId))
    .where(
      and(
        eq(helpTicketMessages.ticketId, ticketId),
        withNotes ? undefined : inArray(helpTicketMessages.kind, ['citizen', 'reply']),
      ),
    )
    .orderBy(asc(helpTicketMessages.at))
}

export async function moveMessages(tx: Db, fromId: string, intoId: string): Promise<void> {
  await tx.update(helpTicketMessages).set({ ticketId: intoId }).where(eq(helpTicketMessages.ticketId, fromId))
  await tx.update(helpAttachments).set({ ticketId: intoId }).where(eq(helpAttachments.ticketId, fromId))
}

export async function ticketsOfPerson(tx: Db, personId: string) {
  return tx
    .select()
    .from(helpTickets)
    .where(and(eq(helpTickets.personId, personId), ne(helpTickets.status, 'merged')))
    .orderBy(desc(helpTickets.createdAt))
    .limit(20)
}

/** The agents' queue: one view of open work, most urgent due time first. */
export async function queue(tx: Db, view: string, staffId: string, now: Date) {
  const where =
    view === 'mine'
      ? and(eq(helpTickets.assignedTo, staffId), inArray(helpTickets.status, ['open', 'waiting_citizen']))
      : view === 'waiting'
        ? eq(helpTickets.status, 'waiting_citizen')
        : view === 'breached'
          ? and(eq(helpTickets.status, 'open'), lt(helpTickets.resolutionDue, now))
          : view === 'resolved'
            ? eq(helpTickets.status, 'resolved')
            : eq(helpTickets.status, 'open')
  return tx
    .select({
      id: helpTickets.id,
      ref: helpTickets.ref,
      subject: helpTickets.subject,
      category: helpTickets.category,
      priority: helpTickets.priority,
      status: helpTickets.status,
      channel: helpTickets.channel,
      language: helpTickets.language,
      resolutionDue: helpTickets.resolutionDue,
      firstResponseDue: helpTickets.firstResponseDue,
      firstResponseAt: helpTickets.firstResponseAt,
      escalatedAt: helpTickets.escalatedAt,
      assignee: staffUsers.displayName,
    })
    .from(helpTickets)
    .leftJoin(staffUsers, eq(staffUsers.id, helpTickets.assignedTo))
    .where(where)
    .orderBy(
      sql`case ${helpTickets.priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`,
      asc(helpTickets.resolutionDue),
    )
    .limit(200)
}

/** Open tickets whose first-response or resolution target has passed and that were not escalated yet. */
export async function breachedNotEscalated(tx: Db, now: Date): Promise<TicketRow[]> {
  return tx
    .select()
    .from(helpTickets)
    .where(
      and(
        eq(helpTickets.status, 'open'),
        isNull(helpTickets.escalatedAt),
        sql`(${helpTickets.resolutionDue} < ${now} or (${helpTickets.firstResponseAt} is null and ${helpTickets.firstResponseDue} < ${now}))`,
      ),
    )
    .for('update', { skipLocked: true })
    .limit(500)
}

/** Active help-desk agents with their skills and how many open tickets each has. */
export async function agents(tx: Db) {
  const open = tx
    .select({ staffId: helpTickets.assignedTo, n: count().as('n') })
    .from(helpTickets)
    .where(inArray(helpTickets.status, ['open', 'waiting_citizen']))
    .groupBy(helpTickets.assignedTo)
    .as('open')
  return tx
    .select({
      id: staffUsers.id,
      name: staffUsers.displayName,
      categories: helpAgentSkills.categories,
      languages: helpAgentSkills.languages,
      lead: helpAgentSkills.lead,
      open: sql<number>`coalesce(${open.n}, 0)`.mapWith(Number),
    })
    .from(staffUsers)
    .leftJoin(helpAgentSkills, eq(helpAgentSkills.staffId, staffUsers.id))
    .leftJoin(open, eq(open.staffId, staffUsers.id))
    .where(and(eq(staffUsers.role, 'helpdesk_agent'), isNull(staffUsers.disabledAt)))
    .orderBy(asc(staffUsers.displayName))
}

export async function setSkills(
  tx: Db,
  staffId: string,
  categories: string[],
  languages: string[],
  lead?: boolean,
) {
  const set = { categories, languages, ...(lead === undefined ? {} : { lead }) }
  await tx
    .insert(helpAgentSkills)
    .values({ staffId, ...set })
    .onConflictDoUpdate({ target: helpAgentSkills.staffId, set })
}

/**
 * Who hears of an SLA breach: active team leads with an email address; when no agent is a lead, the
 * programme managers with one.
 */
export async function leadContacts(tx: Db): Promise<{ id: string; email: string }[]> {
  const active = and(isNull(staffUsers.disabledAt), sql`${staffUsers.email} is not null`)
  const leads = await tx
    .select({ id: staffUsers.id, email: staffUsers.email })
    .from(helpAgentSkills)
    .innerJoin(staffUsers, eq(staffUsers.id, helpAgentSkills.staffId))
    .where(and(eq(helpAgentSkills.lead, true), active))
  const rows = leads.length
    ? leads
    : await tx
        .select({ id: staffUsers.id, email: staffUsers.email })
        .from(staffUsers)
        .where(and(eq(staffUsers.role, 'programme_manager'), active))
  return rows.flatMap((r) => (r.email ? [{ id: r.id, email: r.email }] : []))
}

/** Referral tickets (by one guide, or all), newest first. */
export async function referralsBy(tx: Db, staffId: string | null) {
  return tx
    .select({
      id: helpTickets.id,
      ref: helpTickets.ref,
      subject: helpTickets.subject,
      status: helpTickets.status,
      referralChannel: helpTickets.referralChannel,
      createdAt: helpTickets.createdAt,
    })
    .from(helpTickets)
    .where(and(eq(helpTickets.channel, 'referral'), staffId ? eq(helpTickets.createdBy, staffId) : undefined))
    .orderBy(desc(helpTickets.createdAt))
    .limit(100)
}

export async function insertAttachment(tx: Db, row: typeof helpAttachments.$inferInsert): Promise<void> {
  await tx.insert(helpAttachments).values(row)
}

export async function attachmentsOf(tx: Db, ticketId: string) {
  return tx
    .select({ id: helpAttachments.id, mime: helpAttachments.mime, size: helpAttachments.size })
    .from(helpAttachments)
    .where(eq(helpAttachments.ticketId, ticketId))
}

export async function attachment(tx: Db, id: string) {
  const [a] = await tx.select().from(helpAttachments).where(eq(helpAttachments.id, id))
  return a
}

/** Merge and erasure: move or clear a person's tickets. */
export async function moveTicketsOfPerson(tx: Db, fromId: string, intoId: string): Promise<void> {
  await tx.update(helpTickets).set({ personId: intoId }).where(eq(helpTickets.personId, fromId))
}

export async function eraseTicketsOfPerson(tx: Db, personId: string): Promise<void> {
  const ids = tx.select({ id: helpTickets.id }).from(helpTickets).where(eq(helpTickets.personId, personId))
  await tx.delete(helpTicketMessages).where(inArray(helpTicketMessages.ticketId, ids))
  await tx.delete(helpAttachments).where(inArray(helpAttachments.ticketId, ids))
  await tx
    .update(helpTickets)
    .set({
      personId: null,
      email: null,
      subject: '—',
      referralNote: null,
      contactNameEnc: null,
      contactPhoneEnc: null,
    })
    .where(eq(helpTickets.personId, personId))
}

// ── saved (canned) replies ──────────────────────────────────────────────────────────────────────

export type CannedRow = typeof helpCannedReplies.$inferSelect

export async function cannedReplies(tx: Db, onlyActive: boolean) {
  return tx
    .select()
    .from(helpCannedReplies)
    .where(onlyActive ? eq(helpCannedReplies.active, true) : undefined)
    .orderBy(desc(helpCannedReplies.active), asc(helpCannedReplies.titleEn))
}

export async function cannedReply(tx: Db, id: string): Promise<CannedRow | undefined> {
  const [row] = await tx.select().from(helpCannedReplies).where(eq(helpCannedReplies.id, id))
  return row
}

export async function insertCanned(tx: Db, values: typeof helpCannedReplies.$inferInsert) {
  const [row] = await tx.insert(helpCannedReplies).values(values).returning()
  return row!
}

export async function updateCanned(
  tx: Db,
  id: string,
  expectedVersion: number,
  set: Partial<typeof helpCannedReplies.$inferInsert>,
) {
  const [row] = await tx
    .update(helpCannedReplies)
    .set({ ...set, version: expectedVersion + 1 })
    .where(and(eq(helpCannedReplies.id, id), eq(helpCannedReplies.version, expectedVersion)))
    .returning()
  return row
}

// ── article pictures ────────────────────────────────────────────────────────────────────────────

export async function insertImage(tx: Db, values: typeof helpImages.$inferInsert) {
  await tx.insert(helpImages).values(values)
}

export async function image(tx: Db, id: string) {
  const [row] = await tx
    .select({ mime: helpImages.mime, data: helpImages.data })
    .from(helpImages)
    .where(eq(helpImages.id, id))
  return row
}

/**
 * Tickets opened, resolved or rated after a (time, id) cursor, oldest first (anonymous statistics read
 * them incrementally; merged tickets are not counted as opened).
 */
export async function ticketsAfter(
  tx: Db,
  moment: 'opened' | 'resolved' | 'rated',
  after: { at: Date; id: string },
  limit: number,
) {
  const col =
    moment === 'opened'
      ? helpTickets.createdAt
      : moment === 'resolved'
        ? helpTickets.resolvedAt
        : helpTickets.ratedAt
  return tx
    .select({
      id: helpTickets.id,
      personId: helpTickets.personId,
      at: col,
      status: helpTickets.status,
      rating: helpTickets.rating,
      resolvedAt: helpTickets.resolvedAt,
      resolutionDue: helpTickets.resolutionDue,
      pausedAt: helpTickets.pausedAt,
    })
    .from(helpTickets)
    .where(
      and(
        sql`${col} is not null`,
        sql`(${col}, ${helpTickets.id}::text) > (${after.at.toISOString()}::timestamptz, ${after.id})`,
        moment === 'opened' ? ne(helpTickets.status, 'merged') : undefined,
        moment === 'rated' ? sql`${helpTickets.rating} is not null` : undefined,
      ),
    )
    .orderBy(asc(col), asc(sql`${helpTickets.id}::text`))
    .limit(limit)
}

/**
 * Tickets resolved between two moments whose resolving answer was sent by this staff member (the last
 * reply up to the resolution; without one, the agent it was assigned to), oldest first.
 */
export async function resolvedTicketsBy(tx: Db, staffId: string, since: Date, until: Date) {
  const resolver = sql`coalesce((select m.staff_id from help_ticket_messages m
    where m.ticket_id = ${helpTickets.id} and m.kind = 'reply' and m.at <= ${helpTickets.resolvedAt}
    order by m.at desc limit 1), ${helpTickets.assignedTo})`
  return tx
    .select({ id: helpTickets.id, ref: helpTickets.ref, resolvedAt: helpTickets.resolvedAt })
    .from(helpTickets)
    .where(
      and(
        eq(helpTickets.status, 'resolved'),
        sql`${helpTickets.resolvedAt} >= ${since.toISOString()}::timestamptz`,
        sql`${helpTickets.resolvedAt} <= ${until.toISOString()}::timestamptz`,
        sql`${resolver} = ${staffId}::uuid`,
      ),
    )
    .orderBy(asc(helpTickets.resolvedAt))
}
