import {
  boolean,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { staffUsers } from '../identity/tables.ts'

/** Weekdays × half-days the guides work (09:30–12:30 morning, 13:30–16:30 afternoon). */
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const
export const HALVES = ['am', 'pm'] as const
export const SHIFTS = DAYS.flatMap((d) => HALVES.map((h) => `${d}-${h}`)) as readonly string[]

/** What a guide helped with (the field page's first tap). */
export const ASSIST_WHAT = [
  'kiosk',
  'smartphone',
  'banking_app',
  'transport_app',
  'public_service',
  'scam_worry',
  'other',
] as const
export type AssistWhat = (typeof ASSIST_WHAT)[number]
export const ASSIST_OUTCOMES = ['solved', 'partly', 'referred', 'not_solved'] as const
export const REFERRAL_KINDS = ['helpdesk_callback', 'class', 'repair'] as const

/** A two-person team of digital guides with a home district. */
export const guideTeams = pgTable('guide_teams', {
  id: uuid('id').primaryKey().defaultRandom(),
  title: text('title').notNull(),
  homeDistrict: text('home_district').notNull(),
  /** Shifts the team works (default: all ten half-days). */
  shifts: jsonb('shifts').$type<string[]>().notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const guideTeamMembers = pgTable(
  'guide_team_members',
  {
    teamId: uuid('team_id')
      .notNull()
      .references(() => guideTeams.id, { onDelete: 'cascade' }),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.staffId] }),
    uniqueIndex('guide_team_members_staff').on(t.staffId),
  ],
)

/** Candidate sites a manager added beyond the reference places (a market, a park entrance, a bank branch). */
export const guideSites = pgTable('guide_sites', {
  id: text('id').primaryKey(),
  labelKo: text('label_ko').notNull(),
  labelEn: text('label_en').notNull(),
  districtCode: text('district_code').notNull(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  addedBy: uuid('added_by').references(() => staffUsers.id),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** The planning settings (one row 'current'): hotspot weights, walking radius, travel limit. */
export const guideSettings = pgTable('guide_settings', {
  id: text('id').primaryKey(),
  weights: jsonb('weights').$type<{ seniors: number; facilities: number; assists: number }>().notNull(),
  walkM: integer('walk_m').notNull(),
  travelKm: doublePrecision('travel_km').notNull(),
  minPerDistrict: integer('min_per_district').notNull(),
  timeLimitS: integer('time_limit_s').notNull(),
  updatedBy: uuid('updated_by').references(() => staffUsers.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }),
})

/** A manager's pin (this team at this site in this shift) or forbid (no team at this site, one or all shifts). */
export const guideRules = pgTable('guide_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['pin', 'forbid'] }).notNull(),
  siteId: text('site_id').notNull(),
  shift: text('shift'),
  teamId: uuid('team_id').references(() => guideTeams.id, { onDelete: 'cascade' }),
  createdBy: uuid('created_by').references(() => staffUsers.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * A deployment plan for a week: a draft until published; a published plan never changes (a new
 * version supersedes it). Solver figures are kept for the report.
 */
export const guidePlans = pgTable(
  'guide_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    version: integer('version').notNull(),
    status: text('status', { enum: ['draft', 'published', 'superseded'] }).notNull(),
    weekStart: date('week_start').notNull(),
    solver: text('solver').notNull(),
    covered: doublePrecision('covered').notNull(),
    totalDemand: doublePrecision('total_demand').notNull(),
    objective: doublePrecision('objective').notNull(),
    bound: doublePrecision('bound').notNull(),
    gap: doublePrecision('gap').notNull(),
    greedyCovered: doublePrecision('greedy_covered').notNull(),
    elapsedMs: integer('elapsed_ms').notNull(),
    stats: jsonb('stats').$type<Record<string, unknown>>().notNull(),
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull(),
    createdBy: uuid('created_by').references(() => staffUsers.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    publishedBy: uuid('published_by').references(() => staffUsers.id),
    publishedAt: timestamp('published_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('guide_plans_version').on(t.version)],
)

export const guideAssignments = pgTable(
  'guide_assignments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planId: uuid('plan_id')
      .notNull()
      .references(() => guidePlans.id, { onDelete: 'cascade' }),
    teamId: uuid('team_id')
      .notNull()
      .references(() => guideTeams.id),
    shift: text('shift').notNull(),
    siteId: text('site_id').notNull(),
    labelKo: text('label_ko').notNull(),
    labelEn: text('label_en').notNull(),
    districtCode: text('district_code').notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    covered: doublePrecision('covered').notNull(),
    pinned: boolean('pinned').notNull().default(false),
  },
  (t) => [
    uniqueIndex('guide_assignments_team_shift').on(t.planId, t.teamId, t.shift),
    uniqueIndex('guide_assignments_site_shift').on(t.planId, t.siteId, t.shift),
  ],
)

/** A guide's check-in at a site (and check-out); one open check-in per guide. */
export const guideCheckins = pgTable(
  'guide_checkins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idemKey: text('idem_key').notNull(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    teamId: uuid('team_id').references(() => guideTeams.id),
    assignmentId: uuid('assignment_id').references(() => guideAssignments.id),
    siteId: text('site_id').notNull(),
    labelKo: text('label_ko').notNull(),
    labelEn: text('label_en').notNull(),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }).notNull(),
    checkedOutAt: timestamp('checked_out_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('guide_checkins_idem').on(t.idemKey), index('guide_checkins_staff').on(t.staffId)],
)

/**
 * One person helped. No personal data: the kind of help, the place, the outcome and minutes; a
 * referral is created in the help desk (its ticket keeps the consent, name and phone, encrypted).
 * The idempotency key is made on the phone at the tap, so a re-sent entry changes nothing.
 */
export const guideAssists = pgTable(
  'guide_assists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    idemKey: text('idem_key').notNull(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    teamId: uuid('team_id').references(() => guideTeams.id),
    assignmentId: uuid('assignment_id').references(() => guideAssignments.id),
    siteId: text('site_id').notNull(),
    labelKo: text('label_ko').notNull(),
    labelEn: text('label_en').notNull(),
    districtCode: text('district_code'),
    lat: doublePrecision('lat'),
    lon: doublePrecision('lon'),
    what: text('what', { enum: ASSIST_WHAT }).notNull(),
    outcome: text('outcome', { enum: ASSIST_OUTCOMES }).notNull(),
    minutes: integer('minutes').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    /** Kiosk difficulty (optional): which kiosk, what was hard. */
    kioskKind: text('kiosk_kind'),
    kioskProblem: text('kiosk_problem'),
    referralKind: text('referral_kind', { enum: REFERRAL_KINDS }),
    referralTicketId: uuid('referral_ticket_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('guide_assists_idem').on(t.idemKey),
    index('guide_assists_when').on(t.occurredAt),
    index('guide_assists_site').on(t.siteId),
  ],
)

/**
 * Opinion answers sent from the field page's offline queue: the key made on the phone at the tap, so a
 * re-sent answer changes nothing (voice keeps the answer itself, anonymous; this row only says the key
 * was used, by whom and for which question).
 */
export const guideFieldAnswers = pgTable(
  'guide_field_answers',
  {
    idemKey: text('idem_key').primaryKey(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id),
    campaignId: uuid('campaign_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('guide_field_answers_staff').on(t.staffId)],
)
