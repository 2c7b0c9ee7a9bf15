import { and, asc, count, desc, eq, inArray, isNull, like, lt, ne, or, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { staffUsers } from '../identity/tables.ts'
import {
  helpAgentSkills,
  helpArticles,
  helpArticleVersions,
  helpAttachments,
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

/**
 * Published articles with their current title and summary, narrowed in SQL: by device/task tag, by
 * initial consonants (substring of search_initials) or by any of some words (substrings of search_text).
 */
export async function currentArticles(
  tx: Db,
  f: {
    device?: string
    task?: string
    initials?: string
    words?: string[]
    limit?: number
    drafts?: boolean
  } = {},
) {
  const where = and(
    f.drafts ? undefined : eq(helpArticles.published, true),
    f.device ? sql`${helpArticles.devices} @> ${JSON.stringify([f.device])}::jsonb` : undefined,
    f.task ? sql`${helpArticles.tasks} @> ${JSON.stringify([f.task])}::jsonb` : undefined,
    f.initials ? like(helpArticles.searchInitials, `%${likeEscape(f.initials)}%`) : undefined,
    f.words?.length
      ? or(...f.words.map((w) => like(helpArticles.searchText, `%${likeEscape(w)}%`)))
      : undefined,
  )
  return tx
    .select({
      id: helpArticles.id,
      slug: helpArticles.slug,
      devices: helpArticles.devices,
      tasks: helpArticles.tasks,
      searchText: helpArticles.searchText,
      searchInitials: helpArticles.searchInitials,
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

/** Changes whenever an article is added or edited (the in-memory search index is rebuilt then). */
export async function articlesStamp(tx: Db): Promise<string> {
  const [r] = await tx
    .select({ at: sql<string>`coalesce(max(${helpArticles.updatedAt})::text, '')` })
    .from(helpArticles)
  return r?.at ?? ''
}

/** The search keys of every published article (the in-memory search index is built from these). */
export async function searchIndexRows(tx: Db) {
  return tx
    .select({
      id: helpArticles.id,
      devices: helpArticles.devices,
      tasks: helpArticles.tasks,
      searchText: helpArticles.searchText,
      searchInitials: helpArticles.searchInitials,
      helpfulYes: helpArticles.helpfulYes,
      titleKo: helpArticleVersions.titleKo,
      titleEn: helpArticleVersions.titleEn,
    })
    .from(helpArticles)
    .innerJoin(
      helpArticleVersions,
      and(
        eq(helpArticleVersions.articleId, helpArticles.id),
        eq(helpArticleVersions.version, helpArticles.currentVersion),
      ),
    )
    .where(eq(helpArticles.published, true))
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
      open: sql<number>`coalesce(${open.n}, 0)`.mapWith(Number),
    })
    .from(staffUsers)
    .leftJoin(helpAgentSkills, eq(helpAgentSkills.staffId, staffUsers.id))
    .leftJoin(open, eq(open.staffId, staffUsers.id))
    .where(and(eq(staffUsers.role, 'helpdesk_agent'), isNull(staffUsers.disabledAt)))
    .orderBy(asc(staffUsers.displayName))
}

export async function setSkills(tx: Db, staffId: string, categories: string[], languages: string[]) {
  await tx
    .insert(helpAgentSkills)
    .values({ staffId, categories, languages })
    .onConflictDoUpdate({ target: helpAgentSkills.staffId, set: { categories, languages } })
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
    .set({ personId: null, email: null, subject: '—', referralNote: null })
    .where(eq(helpTickets.personId, personId))
}
