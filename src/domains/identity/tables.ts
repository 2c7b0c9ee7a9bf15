import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core'

/** Organisations staff belong to (city bureau, district office, community centre, repair centre, charity, company). */
export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', {
    enum: [
      'city',
      'district_office',
      'community_centre',
      'repair_centre',
      'charity',
      'company',
      'welfare_org',
    ],
  }).notNull(),
  nameKo: text('name_ko').notNull(),
  nameEn: text('name_en').notNull(),
  districtCode: text('district_code'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** Staff accounts. Passwords are scrypt hashes; TOTP secrets are encrypted. */
export const staffUsers = pgTable('staff_users', {
  id: uuid('id').primaryKey().defaultRandom(),
  username: text('username').notNull().unique(),
  email: text('email'),
  displayName: text('display_name').notNull(),
  role: text('role').notNull(),
  orgId: uuid('org_id').references(() => organisations.id),
  passwordHash: text('password_hash').notNull(),
  totpSecretEnc: text('totp_secret_enc'),
  totpEnabledAt: timestamp('totp_enabled_at', { withTimezone: true }),
  /** The last accepted TOTP time step: a code is never accepted twice. */
  totpLastStep: integer('totp_last_step'),
  failedSignIns: integer('failed_sign_ins').notNull().default(0),
  lockedUntil: timestamp('locked_until', { withTimezone: true }),
  disabledAt: timestamp('disabled_at', { withTimezone: true }),
  isDemo: boolean('is_demo').notNull().default(false),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * Extra organisations a staff member may work for beyond their own ("unless granted more"): a
 * centre worker covering a neighbouring centre, say. Granted and revoked by an admin with a reason;
 * may expire. Rows are never deleted (the audit trail also records each grant and revocation).
 */
export const staffOrgGrants = pgTable(
  'staff_org_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    orgId: uuid('org_id')
      .notNull()
      .references(() => organisations.id),
    reason: text('reason').notNull(),
    grantedBy: uuid('granted_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  },
  (t) => [index('staff_org_grants_staff_idx').on(t.staffId)],
)

/** Server-side sessions; the cookie holds a random id, the table its SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    idHash: text('id_hash').primaryKey(),
    staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'cascade' }),
    personId: uuid('person_id'),
    /** 'password': first factor passed, code needed; 'enrol': must set up the authenticator; 'full': signed in. */
    stage: text('stage', { enum: ['password', 'enrol', 'full'] })
      .notNull()
      .default('full'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endedReason: text('ended_reason'),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_staff_idx').on(t.staffId)],
)

/** Personal access tokens for integrations: stored as SHA-256, scoped to a role, revocable, expiring. */
export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'cascade' }),
  role: text('role').notNull(),
  orgId: uuid('org_id').references(() => organisations.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
})

/** One-time recovery codes for the second factor (SHA-256 at rest). */
export const recoveryCodes = pgTable(
  'staff_recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffId: uuid('staff_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('staff_recovery_codes_staff_idx').on(t.staffId)],
)

/** Sign-in failures per client address (progressive delay per IP). */
export const signInThrottle = pgTable('sign_in_throttle', {
  ip: text('ip').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStart: timestamp('window_start', { withTimezone: true }).notNull().defaultNow(),
})
