import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
  boolean,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { staffUsers } from '../identity/tables.ts'

/** What the statistics count. Each is one event row (value = how many, e.g. devices in a pledge). */
export const STAT_KINDS = [
  'device_pledged',
  'device_received',
  'device_wiped',
  'device_refurbished',
  'device_delivered',
  'person_trained',
  'person_certified',
  'assist',
  'ticket_opened',
  'ticket_resolved',
  'ticket_in_sla',
  'survey_answer',
  'survey_happy',
  'person_reached',
] as const
export type StatKind = (typeof STAT_KINDS)[number]
/** Age group of the person an event is about, when known: 65 and over, under 65, or not known. */
export const STAT_GROUPS = ['senior', 'adult', 'unknown'] as const
export type StatGroup = (typeof STAT_GROUPS)[number]
/**
 * Groups a figure can be filtered or cut by: the age groups, plus people who stated a disability or a low
 * income (basic livelihood or near-poverty recipients) on a device or aid application. A person can be in an
 * age group and in either or both of the others, so the group cut is not a partition.
 */
export const NEED_GROUPS = ['disability', 'low_income'] as const
export const FILTER_GROUPS = [...STAT_GROUPS, ...NEED_GROUPS] as const
export type FilterGroup = (typeof FILTER_GROUPS)[number]
/** Periods a target can be set for: the year, a quarter, or a month. */
export const TARGET_PERIODS = [
  'year',
  'q1',
  'q2',
  'q3',
  'q4',
  ...(['01', '02', '03', '04', '05', '06', '07', '08', '09', '10', '11', '12'] as const).map(
    (m) => `m${m}` as const,
  ),
] as const
export type TargetPeriod = (typeof TARGET_PERIODS)[number]
/** What a target can be set on: every figure, and seniors reached per 1,000 residents aged 65+ (city-wide). */
export const TARGET_KINDS = [...STAT_KINDS, 'reach_per_1000'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

/**
 * The event log the statistics are built from: anonymous (no person id), one row per countable thing.
 * `source_key` makes collection idempotent (e.g. "ticket_resolved:<id>"); generated rows have none.
 */
export const statEvents = pgTable(
  'stat_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    districtCode: text('district_code').notNull().default(''),
    grp: text('grp').notNull().default('unknown'),
    value: integer('value').notNull().default(1),
    /** The person stated a disability / a low income (basic livelihood, near-poverty) on an application. */
    disability: boolean('disability').notNull().default(false),
    lowIncome: boolean('low_income').notNull().default(false),
    sourceKey: text('source_key'),
  },
  (t) => [uniqueIndex('stat_events_source_idx').on(t.sourceKey).where(sql`${t.sourceKey} is not null`)],
)

/**
 * Monthly rollup (month × district × group × kind), refreshed incrementally: only events with an id
 * above the watermark in `stat_rollup_state` are added. Every dashboard and public figure reads this.
 */
export const statRollup = pgTable(
  'stat_rollup_monthly',
  {
    month: date('month').notNull(),
    districtCode: text('district_code').notNull(),
    grp: text('grp').notNull(),
    kind: text('kind').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.month, t.districtCode, t.grp, t.kind] }),
    index('stat_rollup_kind_idx').on(t.kind, t.month),
  ],
)

/**
 * The same monthly rollup for the groups people state on an application (month × district × need × age
 * group × kind, need = 'disability' or 'low_income'), refreshed with it, so a need combines with an age
 * group, a district and a month. Kept apart so the main rollup stays as small as before (a cut reads a few
 * thousand rows a year) and a need filter reads only these rows.
 */
export const statRollupNeeds = pgTable(
  'stat_rollup_needs',
  {
    month: date('month').notNull(),
    districtCode: text('district_code').notNull(),
    need: text('need').notNull(),
    grp: text('grp').notNull().default('unknown'),
    kind: text('kind').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.districtCode, t.need, t.grp, t.kind] })],
)

/**
 * Each need's totals without the age group (month × district × need × kind), refreshed with the needs
 * rollup in the same transaction: the group cut of a page without an age filter reads these (8,736 rows a
 * year) instead of the needs rollup (26,208 a year).
 */
export const statRollupNeedTotals = pgTable(
  'stat_rollup_need_totals',
  {
    month: date('month').notNull(),
    districtCode: text('district_code').notNull(),
    need: text('need').notNull(),
    kind: text('kind').notNull(),
    n: bigint('n', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.districtCode, t.need, t.kind] })],
)

/** The watermark of the incremental rollup: the last event id already added. */
export const statRollupState = pgTable('stat_rollup_state', {
  name: text('name').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
})

/**
 * Per collection source (e.g. "help_tickets.resolved"), how far it has been read: the (time, key) of the
 * last fact taken. A run reads only facts after it (minus a short overlap for late commits), never the
 * whole history again; the unique source key keeps the overlap from counting twice.
 */
export const statSourceState = pgTable('stat_source_state', {
  name: text('name').primaryKey(),
  cursorAt: timestamp('cursor_at', { withTimezone: true }).notNull(),
  cursorKey: text('cursor_key').notNull().default(''),
  readAt: timestamp('read_at', { withTimezone: true }).notNull(),
})

/**
 * A target per figure and period (the year, a quarter q1–q4 or a month m01–m12; e.g. 15,000 PCs delivered
 * in the year), set by programme managers. `reach_per_1000` is seniors reached per 1,000 residents 65+.
 */
export const statTargets = pgTable(
  'stat_targets',
  {
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    period: text('period').notNull().default('year'),
    target: integer('target').notNull(),
    updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year, t.period] })],
)
