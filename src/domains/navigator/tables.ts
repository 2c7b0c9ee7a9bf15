import {
  bigserial,
  boolean,
  date,
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
import type { LocalProgrammeSpec } from './rules/types.ts'

export const PROGRAMME_STATUSES = ['active', 'retired'] as const

/**
 * A local programme added by a programme manager without code: its texts, its eligibility over the
 * navigator's fixed questions, contacts and validity period. Each edit bumps `version` and keeps the
 * previous one in `nav_programme_versions`.
 */
export const localProgrammes = pgTable(
  'nav_local_programmes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    version: integer('version').notNull().default(1),
    spec: jsonb('spec').$type<LocalProgrammeSpec>().notNull(),
    status: text('status', { enum: PROGRAMME_STATUSES }).notNull().default('active'),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  },
  (t) => [uniqueIndex('nav_local_programmes_slug_uq').on(t.slug)],
)

/** Earlier versions of a local programme (who changed it and when). */
export const localProgrammeVersions = pgTable(
  'nav_programme_versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    programmeId: uuid('programme_id')
      .notNull()
      .references(() => localProgrammes.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    spec: jsonb('spec').$type<LocalProgrammeSpec>().notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    changedBy: uuid('changed_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('nav_programme_versions_uq').on(t.programmeId, t.version)],
)

/**
 * Navigator answers saved on purpose ("save and come back later", or to be told about new
 * programmes). The answers are encrypted (they can say disability, income, living alone); the
 * resume code is kept only as a hash. Nothing is stored for someone who does not save.
 */
export const savedCases = pgTable(
  'nav_saved_cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Short code shown and texted (NAV-XXXX-XXXX); only its hash is stored. */
    codeHash: text('code_hash').notNull(),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'cascade' }),
    answersEnc: text('answers_enc').notNull(),
    /** Where the person stopped (question key), to resume on that page. */
    step: text('step'),
    /** They agreed to be told about new programmes that match (by text or email). */
    notifyConsent: boolean('notify_consent').notNull().default(false),
    contactPhoneEnc: text('contact_phone_enc'),
    contactEmailEnc: text('contact_email_enc'),
    /** A social worker saved it with the person (expert mode). */
    savedBy: uuid('saved_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('nav_saved_cases_code_uq').on(t.codeHash),
    index('nav_saved_cases_expiry_idx').on(t.expiresAt),
  ],
)

/** One notice per saved case and programme version (so a re-run never texts twice). */
export const programmeNotices = pgTable(
  'nav_programme_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => savedCases.id, { onDelete: 'cascade' }),
    programmeKey: text('programme_key').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    jobRef: text('job_ref'),
  },
  (t) => [uniqueIndex('nav_programme_notices_uq').on(t.caseId, t.programmeKey)],
)
