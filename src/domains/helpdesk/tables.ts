import { sql } from 'drizzle-orm'
import {
  boolean,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { staffUsers } from '../identity/tables.ts'
import { persons } from '../people/tables.ts'

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
})

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' })

/** One step of an article: text in both languages and an optional picture with alt text in both. */
export interface ArticleStep {
  ko: string
  en: string
  image?: { src: string; altKo: string; altEn: string }
}

export const TICKET_CATEGORIES = [
  'phone_basics',
  'scam',
  'apps',
  'video_call',
  'kiosk',
  'internet',
  'device',
] as const
export type TicketCategory = (typeof TICKET_CATEGORIES)[number]
export const TICKET_CHANNELS = ['web', 'phone', 'referral'] as const
export const REPLY_CHANNELS = ['sms', 'call', 'email', 'web'] as const
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
/** Where a digital guide met the person whose question they pass on. */
export const REFERRAL_CHANNELS = ['home_visit', 'centre', 'phone', 'event'] as const
export const TICKET_STATUSES = ['open', 'waiting_citizen', 'resolved', 'merged'] as const
export type TicketStatus = (typeof TICKET_STATUSES)[number]

/**
 * A help article. Its text lives in versions (every edit is a new row); the article row keeps the
 * current version number, the tags, feedback counts and the search keys of the current text.
 */
export const helpArticles = pgTable(
  'help_articles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    currentVersion: integer('current_version').notNull().default(1),
    /** Device tags (phone, kiosk, computer, …) and task tags (text-size, scam, video-call, …). */
    devices: jsonb('devices').$type<string[]>().notNull(),
    tasks: jsonb('tasks').$type<string[]>().notNull(),
    published: boolean('published').notNull().default(true),
    helpfulYes: integer('helpful_yes').notNull().default(0),
    helpfulNo: integer('helpful_no').notNull().default(0),
    /** Lower-case text of both languages (titles, summaries, steps, tags) for substring and typo search. */
    searchText: text('search_text').notNull(),
    /** Hangul initial consonants of the Korean title and summary, without spaces (초성 search). */
    searchInitials: text('search_initials').notNull(),
    /** Lower-case titles of both languages (weighted first in the full-text vector). */
    searchTitle: text('search_title').notNull().default(''),
    /** Full-text vector ('simple' configuration: Korean words keep their particles, so queries are prefixes). */
    searchTsv: tsvector('search_tsv').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, search_title), 'A') || setweight(to_tsvector('simple'::regconfig, search_text), 'B')`,
    ),
    /** The titles' own vector: hits are ranked on it (small, so ranking thousands of hits stays cheap). */
    searchTitleTsv: tsvector('search_title_tsv').generatedAlwaysAs(
      sql`to_tsvector('simple'::regconfig, search_title)`,
    ),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('help_articles_slug_uq').on(t.slug),
    index('help_articles_tsv_idx').using('gin', t.searchTsv),
    index('help_articles_initials_trgm_idx').using('gin', t.searchInitials.op('gin_trgm_ops')),
  ],
)

/**
 * The words of the articles' text and their Hangul jamo (글짜 → ㄱㅡㄹㅉㅏ): a word found in no
 * article is corrected to the nearest of these by trigram similarity of the jamo (typo tolerance).
 * Added to when an article is saved.
 */
export const helpSearchTerms = pgTable(
  'help_search_terms',
  {
    term: text('term').primaryKey(),
    jamo: text('jamo').notNull(),
  },
  (t) => [index('help_search_terms_jamo_gist_idx').using('gist', t.jamo.op('gist_trgm_ops'))],
)

export const helpArticleVersions = pgTable(
  'help_article_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    articleId: uuid('article_id')
      .notNull()
      .references(() => helpArticles.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    titleKo: text('title_ko').notNull(),
    titleEn: text('title_en').notNull(),
    summaryKo: text('summary_ko').notNull(),
    summaryEn: text('summary_en').notNull(),
    steps: jsonb('steps').$type<ArticleStep[]>().notNull(),
    note: text('note'),
    editedBy: uuid('edited_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('help_article_versions_uq').on(t.articleId, t.version)],
)

/** What an agent can do and in which languages (assignment by skill and language). */
export const helpAgentSkills = pgTable('help_agent_skills', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staffUsers.id, { onDelete: 'cascade' }),
  categories: jsonb('categories').$type<string[]>().notNull(),
  languages: jsonb('languages').$type<string[]>().notNull(),
  /** Team lead: told by email when a ticket breaches its SLA. */
  lead: boolean('lead').notNull().default(false),
})

/** A citizen's question. SLA due times are business-time targets, moved on while waiting on the citizen. */
export const helpTickets = pgTable(
  'help_tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Reference read out on the phone, e.g. 2611-4827. */
    ref: text('ref').notNull(),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
    channel: text('channel', { enum: TICKET_CHANNELS }).notNull(),
    category: text('category', { enum: TICKET_CATEGORIES }).notNull(),
    priority: text('priority', { enum: PRIORITIES }).notNull().default('normal'),
    language: text('language', { enum: ['ko', 'en'] })
      .notNull()
      .default('ko'),
    subject: text('subject').notNull(),
    replyChannel: text('reply_channel', { enum: REPLY_CHANNELS }).notNull(),
    email: text('email'),
    status: text('status', { enum: TICKET_STATUSES }).notNull().default('open'),
    assignedTo: uuid('assigned_to').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    mergedInto: uuid('merged_into'),
    referralNote: text('referral_note'),
    /** A guide's referral: where they met the person, and the person's consent to pass the question on. */
    referralChannel: text('referral_channel', { enum: REFERRAL_CHANNELS }),
    referralConsentMethod: text('referral_consent_method'),
    /** A guide's referral of someone without a person record: name and phone, encrypted (fields.ts). */
    contactNameEnc: text('contact_name_enc'),
    contactPhoneEnc: text('contact_phone_enc'),
    /**
     * The donated device the question is about (asked from the citizen's device in the devices module, or
     * set by an escalation to a repair), with its asset tag as shown to agents.
     */
    deviceId: uuid('device_id'),
    deviceTag: text('device_tag'),
    /** Escalations: the repair ticket (devices) or the class enrolment (education) opened from this ticket. */
    repairTicketId: uuid('repair_ticket_id'),
    enrolmentId: uuid('enrolment_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    firstResponseAt: timestamp('first_response_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    firstResponseDue: timestamp('first_response_due', { withTimezone: true }).notNull(),
    resolutionDue: timestamp('resolution_due', { withTimezone: true }).notNull(),
    /** Set while waiting on the citizen: the SLA clock is paused from this moment. */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    rating: integer('rating'),
    ratedAt: timestamp('rated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('help_tickets_ref_uq').on(t.ref),
    index('help_tickets_queue_idx').on(t.status, t.resolutionDue),
    index('help_tickets_person_idx').on(t.personId),
  ],
)

/** The conversation of a ticket: the citizen's words, replies (sent to them) and internal notes. */
export const helpTicketMessages = pgTable(
  'help_ticket_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ticketId: uuid('ticket_id')
      .notNull()
      .references(() => helpTickets.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['citizen', 'reply', 'note', 'system'] }).notNull(),
    body: text('body').notNull(),
    staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('help_ticket_messages_ticket_idx').on(t.ticketId, t.at)],
)

/** A photo of the screen sent with a question (PNG/JPEG/WebP, size-limited). */
export const helpAttachments = pgTable('help_attachments', {
  id: uuid('id').primaryKey().defaultRandom(),
  ticketId: uuid('ticket_id')
    .notNull()
    .references(() => helpTickets.id, { onDelete: 'cascade' }),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  data: bytea('data').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
})

/**
 * Saved ("canned") replies that agents can send as they are. Edited by admins and programme
 * managers on /staff/help/canned; every change raises `version` and is in the audit trail. A retired
 * reply (active = false) is no longer offered but stays for the record.
 */
export const helpCannedReplies = pgTable(
  'help_canned_replies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Ticket category it fits, or null for any. */
    category: text('category'),
    titleKo: text('title_ko').notNull(),
    titleEn: text('title_en').notNull(),
    textKo: text('text_ko').notNull(),
    textEn: text('text_en').notNull(),
    active: boolean('active').notNull().default(true),
    version: integer('version').notNull().default(1),
    updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('help_canned_replies_active_idx').on(t.active)],
)

/**
 * A picture uploaded for an article step, served at /api/v1/help/images/:id. Its type is the one
 * its first bytes show (PNG, JPEG or WebP), not the one the browser declared. Never changed: a new
 * picture is a new row, so the address can be cached for good.
 */
export const helpImages = pgTable('help_images', {
  id: uuid('id').primaryKey().defaultRandom(),
  mime: text('mime', { enum: ['image/png', 'image/jpeg', 'image/webp'] }).notNull(),
  data: bytea('data').notNull(),
  size: integer('size').notNull(),
  /** Alt text given with the upload (the article step carries its own copy). */
  altKo: text('alt_ko').notNull(),
  altEn: text('alt_en').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  at: timestamp('at', { withTimezone: true }).notNull(),
})
