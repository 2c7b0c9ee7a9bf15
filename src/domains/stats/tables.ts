import { sql } from 'drizzle-orm'
import {
  bigint,
  bigserial,
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

/** The watermark of the incremental rollup: the last event id already added. */
export const statRollupState = pgTable('stat_rollup_state', {
  name: text('name').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull(),
})

/** A yearly target per figure (e.g. 15,000 PCs delivered), set by programme managers. */
export const statTargets = pgTable(
  'stat_targets',
  {
    kind: text('kind').notNull(),
    year: integer('year').notNull(),
    target: integer('target').notNull(),
    updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.year] })],
)
