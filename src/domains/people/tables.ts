import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  date,
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
import { organisations, staffUsers } from '../identity/tables.ts'

export const CHANNELS = ['web', 'phone', 'walk_in', 'field'] as const
export type Channel = (typeof CHANNELS)[number]

/**
 * One record per person across every programme. Phone, date of birth and address are encrypted
 * (AES-256-GCM, src/platform/crypto/fields.ts); exact lookups use keyed hashes. There is no resident
 * registration number anywhere, by design.
 */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null once erased without a legal hold that needs it. */
    name: text('name'),
    birthDateEnc: text('birth_date_enc'),
    phoneEnc: text('phone_enc'),
    addressEnc: text('address_enc'),
    /** Keyed hash of the normalised mobile number. */
    phoneHash: text('phone_hash'),
    /** Keyed hash of normalised name + birth date. */
    nameBirthHash: text('name_birth_hash'),
    districtCode: text('district_code'),
    preferredLanguage: text('preferred_language', { enum: ['ko', 'en'] })
      .notNull()
      .default('ko'),
    createdChannel: text('created_channel', { enum: CHANNELS }).notNull(),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    status: text('status', { enum: ['active', 'merged', 'erased'] })
      .notNull()
      .default('active'),
    mergedInto: uuid('merged_into'),
    erasedAt: timestamp('erased_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Retention runs from the last time the person or staff for them did anything. */
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('persons_phone_hash_idx').on(t.phoneHash),
    index('persons_name_birth_hash_idx').on(t.nameBirthHash),
    index('persons_name_idx').on(t.name),
    index('persons_activity_idx').on(t.status, t.lastActivityAt),
  ],
)

/** The organisations a person registered through (a centre worker sees only their centre's people). */
export const personOrgs = pgTable(
  'person_orgs',
  {
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.orgId] }), index('person_orgs_org_idx').on(t.orgId)],
)

/**
 * A one-time code sent to a mobile number. Only keyed hashes of the number, the identity and the
 * code are stored, plus the typed details encrypted (to create or match the person on success).
 */
export const verificationChallenges = pgTable(
  'verification_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** SHA-256 of the random token the browser holds. */
    tokenHash: text('token_hash').notNull(),
    phoneHash: text('phone_hash').notNull(),
    ipHash: text('ip_hash'),
    codeHash: text('code_hash').notNull(),
    /** Encrypted JSON {name, birthDate, phone}. */
    detailsEnc: text('details_enc').notNull(),
    attempts: integer('attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumedAt: timestamp('consumed_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('verification_challenges_token_uq').on(t.tokenHash),
    index('verification_challenges_phone_idx').on(t.phoneHash, t.createdAt),
    index('verification_challenges_ip_idx').on(t.ipHash, t.createdAt),
  ],
)

export const RELATIONSHIPS = ['self', 'family', 'guardian', 'social_worker', 'staff', 'other'] as const
export const CONSENT_METHODS = ['verbal', 'written', 'in_person', 'online', 'not_obtained'] as const

/**
 * Something done on a person's behalf (phone call, walk-in, social worker, field visit): who acted,
 * for which organisation, their relationship to the person, and the person's consent and how given.
 */
export const proxyActions = pgTable(
  'proxy_actions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    actedBy: uuid('acted_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'set null' }),
    relationship: text('relationship', { enum: RELATIONSHIPS }).notNull(),
    consentGiven: boolean('consent_given').notNull(),
    consentMethod: text('consent_method', { enum: CONSENT_METHODS }).notNull(),
    /** What was done, e.g. 'people.register', 'devices.apply'. */
    purpose: text('purpose').notNull(),
    /** The record the action created or changed in another domain. */
    entity: text('entity'),
    entityId: text('entity_id'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('proxy_actions_person_idx').on(t.personId, t.at)],
)

export const SENSITIVE_CATEGORIES = ['disability', 'health'] as const
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number]

/**
 * Separate, explicit consent to process sensitive data (PIPA art. 23): one row per grant; revoking
 * sets revoked_at and a new grant is a new row.
 */
export const sensitiveConsents = pgTable(
  'sensitive_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    category: text('category', { enum: SENSITIVE_CATEGORIES }).notNull(),
    purpose: text('purpose').notNull(),
    givenAt: timestamp('given_at', { withTimezone: true }).notNull(),
    givenChannel: text('given_channel', { enum: CHANNELS }).notNull(),
    proxyActionId: uuid('proxy_action_id').references(() => proxyActions.id, { onDelete: 'set null' }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedChannel: text('revoked_channel', { enum: CHANNELS }),
  },
  (t) => [index('sensitive_consents_person_idx').on(t.personId, t.category)],
)

/** A request to erase a person's data, carried out by the daily retention job within 10 days. */
export const erasureRequests = pgTable(
  'erasure_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    requestedBy: text('requested_by', { enum: ['self', 'staff'] }).notNull(),
    staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['pending', 'done'] })
      .notNull()
      .default('pending'),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    /** The legal holds that kept some data: [{source, reason, until, keep}]. */
    holds: jsonb('holds').$type<{ source: string; reason: string; until: string; keep: string[] }[]>(),
  },
  (t) => [
    index('erasure_requests_status_idx').on(t.status, t.dueAt),
    index('erasure_requests_person_idx').on(t.personId),
  ],
)

/** Anonymous counts of what each retention run destroyed (no personal data). */
export const retentionRuns = pgTable('retention_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  day: date('day', { mode: 'string' }).notNull(),
  ranAt: timestamp('ran_at', { withTimezone: true }).notNull(),
  counts: jsonb('counts').$type<Record<string, number>>().notNull().default(sql`'{}'::jsonb`),
})
