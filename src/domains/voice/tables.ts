import { sql } from 'drizzle-orm'
import {
  check,
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

/** The services a one-tap survey follows. */
export const SURVEY_SERVICES = ['class', 'assist', 'delivery', 'repair', 'ticket'] as const
export type SurveyService = (typeof SURVEY_SERVICES)[number]
/** How an answer came in: the web page (signed in or not), the SMS link, or paper entered by staff. */
export const ANSWER_CHANNELS = ['web', 'sms', 'paper', 'field'] as const
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number]
/** Who answered an opinion question (self-declared; no identity is kept). */
export const RESPONDENT_GROUPS = ['senior', 'adult', 'carer', 'partner', 'guide'] as const
export type RespondentGroup = (typeof RESPONDENT_GROUPS)[number]
export const KIOSK_TYPES = [
  'restaurant',
  'cafe',
  'bank',
  'cinema',
  'transport',
  'hospital',
  'government',
  'retail',
  'other',
] as const
export type KioskType = (typeof KIOSK_TYPES)[number]
/** What was hard at a kiosk (several may be chosen). */
export const KIOSK_PROBLEMS = [
  'small_text',
  'too_fast',
  'hard_words',
  'too_many_steps',
  'payment',
  'screen_height',
  'no_help',
  'menu_search',
  'pictures_unclear',
  'language',
  'other',
] as const
export type KioskProblem = (typeof KIOSK_PROBLEMS)[number]
export const KIOSK_REPORT_SOURCES = ['citizen', 'guide', 'staff', 'practice'] as const
export type KioskReportSource = (typeof KIOSK_REPORT_SOURCES)[number]

/**
 * A survey invitation after a service: the token (only its hash is kept) makes the SMS link, which needs
 * no sign-in and never expires; one answer per invitation. `reference` is the service's case reference.
 */
export const surveyRequests = pgTable(
  'voice_survey_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    service: text('service', { enum: SURVEY_SERVICES }).notNull(),
    reference: text('reference').notNull(),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
    districtCode: text('district_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('voice_survey_requests_token_idx').on(t.tokenHash),
    uniqueIndex('voice_survey_requests_ref_idx').on(t.service, t.reference),
  ],
)

/**
 * One answer: a face (1 unhappy, 2 so-so, 3 happy — the help desk's scale), an optional comment and,
 * only when the person asks to be called back, their phone number (encrypted).
 */
export const surveyResponses = pgTable(
  'voice_survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    requestId: uuid('request_id').references(() => surveyRequests.id, { onDelete: 'set null' }),
    service: text('service', { enum: SURVEY_SERVICES }).notNull(),
    reference: text('reference'),
    score: integer('score').notNull(),
    comment: text('comment'),
    followUpPhoneEnc: text('follow_up_phone_enc'),
    followedUpAt: timestamp('followed_up_at', { withTimezone: true }),
    districtCode: text('district_code'),
    channel: text('channel', { enum: ANSWER_CHANNELS }).notNull(),
    enteredBy: uuid('entered_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('voice_survey_score', sql`${t.score} between 1 and 3`),
    uniqueIndex('voice_survey_responses_request_idx').on(t.requestId),
    index('voice_survey_responses_service_idx').on(t.service, t.createdAt),
  ],
)

/** A question a programme manager opens to citizens and partners (choices in both languages). */
export const opinionCampaigns = pgTable('voice_campaigns', {
  id: uuid('id').primaryKey().defaultRandom(),
  questionKo: text('question_ko').notNull(),
  questionEn: text('question_en').notNull(),
  choices: jsonb('choices').$type<{ ko: string; en: string }[]>().notNull(),
  status: text('status', { enum: ['open', 'closed'] })
    .notNull()
    .default('open'),
  createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
})

/** One anonymous answer to a campaign: the choice, the group and district the person gave, the channel. */
export const opinionAnswers = pgTable(
  'voice_campaign_answers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => opinionCampaigns.id, { onDelete: 'cascade' }),
    choice: integer('choice').notNull(),
    respondentGroup: text('respondent_group', { enum: RESPONDENT_GROUPS }).notNull(),
    districtCode: text('district_code'),
    channel: text('channel', { enum: ANSWER_CHANNELS }).notNull(),
    enteredBy: uuid('entered_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('voice_campaign_answers_campaign_idx').on(t.campaignId)],
)

/**
 * A kiosk that was hard to use: the company (as written, and a normalised key to group by), the kind of
 * kiosk, the place, what was hard. Anonymous: no person is linked; a guide's report keeps the guide.
 */
export const kioskReports = pgTable(
  'voice_kiosk_reports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    company: text('company').notNull(),
    companyKey: text('company_key').notNull(),
    kioskType: text('kiosk_type', { enum: KIOSK_TYPES }).notNull(),
    place: text('place').notNull(),
    districtCode: text('district_code'),
    problems: jsonb('problems').$type<KioskProblem[]>().notNull(),
    /** Free text: what happened (checked for resident registration numbers on the way in). */
    hardText: text('hard_text'),
    source: text('source', { enum: KIOSK_REPORT_SOURCES }).notNull(),
    reportedBy: uuid('reported_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    reportedAt: timestamp('reported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('voice_kiosk_reports_company_idx').on(t.companyKey, t.reportedAt)],
)

/** A share link to one company's anonymous report: only the hash of the unguessable token is kept. */
export const kioskShareLinks = pgTable(
  'voice_kiosk_share_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    companyKey: text('company_key').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('voice_kiosk_share_links_token_idx').on(t.tokenHash)],
)

/**
 * Fixed-window counters limiting anonymous submissions (survey answers, opinion answers, kiosk reports), one
 * row per key: "ip:" and a keyed hash (blind index) of the address — never the address itself. Rows of
 * ended windows are purged by the daily voice.rate-purge job.
 */
export const voiceRateLimits = pgTable('voice_rate_limits', {
  keyHash: text('key_hash').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
})
