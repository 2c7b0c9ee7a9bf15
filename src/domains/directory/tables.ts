import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core'
import { staffUsers } from '../identity/tables.ts'
import { places } from '../reference/tables.ts'

/** Days of the week as in HSDS schedules (byday). */
export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const
export type Day = (typeof DAYS)[number]

/** What a facility offers (fixed list so it can be filtered and translated). */
export const SERVICES = [
  'device_help',
  'classes',
  'kiosk_practice',
  'welfare_counselling',
  'device_repair',
  'internet_counselling',
  'public_wifi',
  'library',
  'assistive_devices',
  'volunteering',
] as const
export type ServiceCode = (typeof SERVICES)[number]

/** Opening hours: one row per day and period (a day may have two periods around lunch). */
export interface OpeningPeriod {
  day: Day
  opens: string
  closes: string
}

/** Contact of a facility (public facts, not personal data). */
export interface FacilityContact {
  phone?: string
  email?: string
  website?: string
}

/** The directory's own facts about a reference place (the reference `places` row stays as loaded). */
export interface FacilityFacts {
  hours: OpeningPeriod[]
  hoursNoteKo: string | null
  hoursNoteEn: string | null
  stepFree: boolean | null
  hearingLoop: boolean | null
  braille: boolean | null
  accessKo: string | null
  accessEn: string | null
  languages: string[]
  services: ServiceCode[]
  contact: FacilityContact
  descriptionKo: string | null
  descriptionEn: string | null
}

/**
 * Hours, accessibility, languages, services and contact of a facility, keyed by the reference place.
 * Accessibility flags are null when unknown (never guessed as "no").
 */
export const facilityDetails = pgTable('dir_facility_details', {
  placeId: text('place_id')
    .primaryKey()
    .references(() => places.id, { onDelete: 'cascade' }),
  hours: jsonb('hours').$type<OpeningPeriod[]>().notNull().default(sql`'[]'::jsonb`),
  hoursNoteKo: text('hours_ko'),
  hoursNoteEn: text('hours_en'),
  stepFree: boolean('step_free'),
  hearingLoop: boolean('hearing_loop'),
  braille: boolean('braille'),
  accessKo: text('access_ko'),
  accessEn: text('access_en'),
  languages: jsonb('languages').$type<string[]>().notNull().default(sql`'["ko"]'::jsonb`),
  services: jsonb('services').$type<ServiceCode[]>().notNull().default(sql`'[]'::jsonb`),
  contact: jsonb('contact').$type<FacilityContact>().notNull().default(sql`'{}'::jsonb`),
  descriptionKo: text('description_ko'),
  descriptionEn: text('description_en'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
})

export const CHANGE_SOURCES = ['staff', 'hsds_import', 'csv_import', 'seed'] as const

/** Every change to a facility's details: who, when, how, and the facts before and after. */
export const facilityHistory = pgTable(
  'dir_facility_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    placeId: text('place_id')
      .notNull()
      .references(() => places.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    source: text('source', { enum: CHANGE_SOURCES }).notNull(),
    changedBy: uuid('changed_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
    before: jsonb('before').$type<Partial<FacilityFacts> | null>(),
    after: jsonb('after').$type<FacilityFacts>().notNull(),
    fields: jsonb('fields').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [index('dir_facility_history_place_idx').on(t.placeId, t.version)],
)
