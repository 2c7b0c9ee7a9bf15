import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
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
import { CHANNELS, persons } from '../people/tables.ts'
import { places } from '../reference/tables.ts'

export const LEVELS = ['basic', 'everyday', 'advanced', 'special'] as const
export type Level = (typeof LEVELS)[number]
export const FORMATS = ['class', 'outing', 'bus_stop', 'online_lecture', 'live_video', 'one_to_one'] as const
export type Format = (typeof FORMATS)[number]
/** Plain-language goals ("what do you want to do?"). */
export const GOALS = [
  'smartphone_basics',
  'video_call',
  'kiosk',
  'banking',
  'transport',
  'public_services',
  'scams',
  'photos',
] as const
export type Goal = (typeof GOALS)[number]
export const ACCESSIBILITY = [
  'wheelchair',
  'hearing_loop',
  'large_print',
  'sign_language',
  'captions',
] as const
export const ENROLMENT_STATUSES = ['enrolled', 'waitlisted', 'cancelled'] as const

/** A course in the catalogue: what is taught, to whom, how, and what must come first. */
export const courses = pgTable('edu_courses', {
  id: uuid('id').primaryKey().defaultRandom(),
  titleKo: text('title_ko').notNull(),
  titleEn: text('title_en').notNull(),
  /** One plain sentence: who this course is for. */
  whoKo: text('who_ko').notNull(),
  whoEn: text('who_en').notNull(),
  level: text('level', { enum: LEVELS }).notNull(),
  format: text('format', { enum: FORMATS }).notNull(),
  topics: jsonb('topics').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  goals: jsonb('goals').$type<Goal[]>().notNull().default(sql`'[]'::jsonb`),
  /** Minutes per meeting. */
  durationMinutes: integer('duration_minutes').notNull(),
  /** Course ids that should be completed first. */
  prerequisites: jsonb('prerequisites').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  accessibility: jsonb('accessibility').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  languages: jsonb('languages').$type<string[]>().notNull().default(sql`'["ko"]'::jsonb`),
  /** Share of meetings attended needed for the certificate. */
  completionPercent: integer('completion_percent').notNull().default(80),
  /** Online lectures: the recorded video, its WebVTT captions and a plain transcript (ko, en). */
  videoUrl: text('video_url'),
  captionsVtt: text('captions_vtt'),
  transcriptKo: text('transcript_ko'),
  transcriptEn: text('transcript_en'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/**
 * One run of a course (a class of people): venue or bus stop, capacity, registration opening, its
 * meetings. `taken` counts enrolled seats and is only changed by the conditional UPDATE in repo.ts.
 */
export const eduSessions = pgTable(
  'edu_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    courseId: uuid('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    placeId: text('place_id').references(() => places.id),
    /** EduBus stop (when there is no venue). */
    busStop: text('bus_stop'),
    /** Live two-way video: the https link people join (shown to those enrolled). */
    liveUrl: text('live_url'),
    districtCode: text('district_code'),
    capacity: integer('capacity').notNull(),
    taken: integer('taken').notNull().default(0),
    opensAt: timestamp('opens_at', { withTimezone: true }).notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('edu_sessions_seats_ck', sql`${t.taken} >= 0 and ${t.taken} <= ${t.capacity}`),
    check('edu_sessions_where_ck', sql`${t.placeId} is not null or ${t.busStop} is not null`),
    index('edu_sessions_course_idx').on(t.courseId, t.startsAt),
    index('edu_sessions_place_idx').on(t.placeId, t.startsAt),
  ],
)

/** One meeting of a session (one date and time; weekly sessions have several, holidays skipped). */
export const meetings = pgTable(
  'edu_meetings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => eduSessions.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('edu_meetings_session_idx').on(t.sessionId, t.startsAt),
    index('edu_meetings_start_idx').on(t.startsAt),
  ],
)

export const sessionTutors = pgTable(
  'edu_session_tutors',
  {
    sessionId: uuid('session_id')
      .notNull()
      .references(() => eduSessions.id, { onDelete: 'cascade' }),
    tutorId: uuid('tutor_id')
      .notNull()
      .references(() => staffUsers.id),
  },
  (t) => [
    primaryKey({ columns: [t.sessionId, t.tutorId] }),
    index('edu_session_tutors_tutor_idx').on(t.tutorId),
  ],
)

/**
 * A tutor's time in 15-minute blocks: the unique index makes a double booking impossible in the
 * database (PGlite has no btree_gist for an exclusion constraint; blocks do the same job).
 */
export const tutorSlots = pgTable(
  'edu_tutor_slots',
  {
    tutorId: uuid('tutor_id')
      .notNull()
      .references(() => staffUsers.id),
    slot: timestamp('slot', { withTimezone: true }).notNull(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.tutorId, t.slot] })],
)

/**
 * A person's place in a session. One live row per (session, person); `seq` orders the waitlist.
 * `orgId` is the organisation of the staff member who enrolled them (a centre worker sees only theirs).
 */
export const enrolments = pgTable(
  'edu_enrolments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    sessionId: uuid('session_id')
      .notNull()
      .references(() => eduSessions.id, { onDelete: 'cascade' }),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ENROLMENT_STATUSES }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    enrolledBy: uuid('enrolled_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    orgId: uuid('org_id').references(() => organisations.id, { onDelete: 'set null' }),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    promotedAt: timestamp('promoted_at', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('edu_enrolments_live_uq').on(t.sessionId, t.personId).where(sql`${t.status} <> 'cancelled'`),
    uniqueIndex('edu_enrolments_idem_uq').on(t.idempotencyKey),
    index('edu_enrolments_session_idx').on(t.sessionId, t.status, t.seq),
    index('edu_enrolments_person_idx').on(t.personId),
  ],
)

export const attendance = pgTable(
  'edu_attendance',
  {
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    present: boolean('present').notNull(),
    markedBy: uuid('marked_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
    /** Idempotency key of the (offline-queued) mark that last set this row: a replay changes nothing. */
    syncKey: text('sync_key'),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.enrolmentId] })],
)

/**
 * Someone who joined a meeting without signing up, added on the spot by the tutor (present). Only a
 * name is kept (minimum collection); the sync key makes a re-sent offline mark add them once.
 */
export const walkIns = pgTable(
  'edu_walk_ins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    meetingId: uuid('meeting_id')
      .notNull()
      .references(() => meetings.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    syncKey: text('sync_key').notNull(),
    addedBy: uuid('added_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('edu_walk_ins_key_uq').on(t.syncKey),
    index('edu_walk_ins_meeting_idx').on(t.meetingId),
  ],
)

/**
 * The short link put in a person's education text messages (/c/{code}): it opens a page where they
 * verify by code and then see and cancel their places. One code per person; it reveals nothing itself.
 */
export const smsLinks = pgTable('edu_sms_links', {
  code: text('code').primaryKey(),
  personId: uuid('person_id')
    .notNull()
    .unique()
    .references(() => persons.id, { onDelete: 'cascade' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})

export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const
export interface Availability {
  /** 0 = Sunday … 6 = Saturday (Seoul time). */
  day: number
  from: string
  to: string
}

/** A tutor's profile (staff with the tutor role, including peer volunteers aged 55+): what, where, when. */
export const tutorProfiles = pgTable('edu_tutor_profiles', {
  staffId: uuid('staff_id')
    .primaryKey()
    .references(() => staffUsers.id, { onDelete: 'cascade' }),
  /** Goals they can teach (same words as the catalogue's goals). */
  skills: jsonb('skills').$type<Goal[]>().notNull().default(sql`'[]'::jsonb`),
  languages: jsonb('languages').$type<string[]>().notNull().default(sql`'["ko"]'::jsonb`),
  districts: jsonb('districts').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
  availability: jsonb('availability').$type<Availability[]>().notNull().default(sql`'[]'::jsonb`),
  /** A peer tutor volunteering at 55 or older (the programme's "senior peer tutors"). */
  peerVolunteer: boolean('peer_volunteer').notNull().default(false),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})

/** A completion certificate; the code is printed on it and checked at /learn/certificates/{code}. */
export const certificates = pgTable(
  'edu_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    enrolmentId: uuid('enrolment_id')
      .notNull()
      .references(() => enrolments.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('edu_certificates_enrolment_uq').on(t.enrolmentId),
    uniqueIndex('edu_certificates_code_uq').on(t.code),
  ],
)
