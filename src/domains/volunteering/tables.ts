import { sql } from 'drizzle-orm'
import {
  bigserial,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { staffUsers } from '../identity/tables.ts'
import { persons } from '../people/tables.ts'
import { places } from '../reference/tables.ts'

export const VOLUNTEER_ROLES = ['digital_guide', 'peer_tutor', 'it_supporter'] as const
export type VolunteerRole = (typeof VOLUNTEER_ROLES)[number]
export const VOLUNTEER_STATUSES = [
  'applied',
  'interview',
  'training',
  'certified',
  'assigned',
  'declined',
  'withdrawn',
] as const
export type VolunteerStatus = (typeof VOLUNTEER_STATUSES)[number]
export const ACTIVITIES = ['shift', 'session', 'ticket', 'training', 'other'] as const

/**
 * A person over 50 applying to volunteer as a digital guide, peer tutor or IT supporter, through
 * interview, the two-week training, certification and assignment. Free text about the person
 * (motivation, availability, the reviewer's remarks) is encrypted like the people domain does.
 */
export const volunteerApplications = pgTable(
  'vol_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id, { onDelete: 'cascade' }),
    role: text('role', { enum: VOLUNTEER_ROLES }).notNull(),
    status: text('status', { enum: VOLUNTEER_STATUSES }).notNull().default('applied'),
    motivationEnc: text('motivation_enc').notNull(),
    availabilityEnc: text('availability_enc').notNull(),
    /** Preferred district (public code). */
    districtCode: text('district_code'),
    interviewAt: timestamp('interview_at', { withTimezone: true }),
    /** The training course in the education module (edu_courses.id), when assigned. */
    trainingCourseId: uuid('training_course_id'),
    trainingDoneAt: timestamp('training_done_at', { withTimezone: true }),
    certifiedAt: timestamp('certified_at', { withTimezone: true }),
    certificateNo: text('certificate_no'),
    assignedPlaceId: text('assigned_place_id').references(() => places.id, { onDelete: 'set null' }),
    /**
     * The volunteer's staff account (digital guide / tutor) once assigned, so their guide check-ins and
     * class sessions can be counted as hours.
     */
    staffUserId: uuid('staff_user_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    reviewEnc: text('review_enc'),
    reviewedBy: uuid('reviewed_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('vol_applications_status_idx').on(t.status, t.createdAt),
    index('vol_applications_person_idx').on(t.personId),
    uniqueIndex('vol_applications_cert_uq').on(t.certificateNo),
  ],
)

/** Hours volunteered, from a shift, a class session or a help-desk ticket (source ref unique). */
export const volunteerHours = pgTable(
  'vol_hours',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => volunteerApplications.id, { onDelete: 'cascade' }),
    day: date('day', { mode: 'string' }).notNull(),
    minutes: integer('minutes').notNull(),
    activity: text('activity', { enum: ACTIVITIES }).notNull(),
    /** The shift/session/ticket reference, so the same one is not counted twice. */
    sourceRef: text('source_ref'),
    loggedBy: uuid('logged_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('vol_hours_application_idx').on(t.applicationId, t.day),
    uniqueIndex('vol_hours_source_uq').on(t.applicationId, t.sourceRef).where(sql`source_ref is not null`),
  ],
)

/**
 * A certificate of volunteer hours as issued (a snapshot of the total), checked by anyone through its
 * printed code (/volunteer/certificates/:code).
 */
export const volunteerHoursCertificates = pgTable(
  'vol_hours_certificates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => volunteerApplications.id, { onDelete: 'cascade' }),
    /** 10 hex digits, printed on the PDF. */
    code: text('code').notNull(),
    minutes: integer('minutes').notNull(),
    /** First and last day of the hours counted. */
    fromDay: date('from_day', { mode: 'string' }),
    toDay: date('to_day', { mode: 'string' }),
    issuedBy: uuid('issued_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('vol_hours_certificates_code_uq').on(t.code),
    index('vol_hours_certificates_application_idx').on(t.applicationId),
  ],
)
