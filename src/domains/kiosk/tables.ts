import { boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'
import { staffUsers } from '../identity/tables.ts'
import { persons } from '../people/tables.ts'

export const KIOSK_MODES = ['guided', 'relaxed', 'realistic', 'challenge'] as const
export type KioskMode = (typeof KIOSK_MODES)[number]

/** Where one screen of an attempt went wrong: taps on the wrong control, hints asked, time-outs. */
export interface StepStat {
  screen: string
  wrong: number
  hints: number
  timeouts: number
}

/**
 * Scenarios written or adapted by tutors on the staff page. `source` is the JSON being edited (always
 * valid: it is checked on save); `published` is the copy learners play, with its own version.
 */
export const kioskScenarios = pgTable('kiosk_scenarios', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  source: text('source').notNull(),
  published: jsonb('published').$type<Record<string, unknown>>(),
  publishedVersion: integer('published_version'),
  createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  publishedAt: timestamp('published_at', { withTimezone: true }),
})

/**
 * One practice run. The id is made by the device (so an attempt queued offline and sent twice is stored
 * once); `person_id` only when a verified citizen chose to link practice to their record. Erasure sets it
 * to null: the numbers stay for the anonymous statistics.
 */
export const kioskAttempts = pgTable(
  'kiosk_attempts',
  {
    id: uuid('id').primaryKey(),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
    scenario: text('scenario').notNull(),
    scenarioVersion: integer('scenario_version').notNull(),
    mode: text('mode', { enum: KIOSK_MODES }).notNull(),
    completed: boolean('completed').notNull(),
    /** Challenge mode: did the result match the task card. */
    goalMet: boolean('goal_met'),
    durationMs: integer('duration_ms').notNull(),
    wrongTaps: integer('wrong_taps').notNull(),
    hints: integer('hints').notNull(),
    timeouts: integer('timeouts').notNull(),
    /** The screen the learner stopped on when not completed. */
    stoppedAt: text('stopped_at'),
    steps: jsonb('steps').$type<StepStat[]>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('kiosk_attempts_scenario_idx').on(t.scenario),
    index('kiosk_attempts_person_idx').on(t.personId),
  ],
)

/**
 * Fixed-window counters limiting the public attempts endpoint, one row per key: "ip:" or "device:" and a
 * keyed hash (blind index) of the address or the device id — never the address itself. Rows of ended
 * windows are purged by the daily kiosk.rate-purge job.
 */
export const kioskRateLimits = pgTable('kiosk_rate_limits', {
  keyHash: text('key_hash').primaryKey(),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull(),
  hits: integer('hits').notNull(),
})
