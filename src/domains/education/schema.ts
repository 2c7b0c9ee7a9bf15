import { z } from 'zod'
import { BirthDate, FreeText, Mobile, Name } from '../people/schema.ts'
import { CHANNELS, CONSENT_METHODS, RELATIONSHIPS } from '../people/tables.ts'
import { ACCESSIBILITY, ENROLMENT_STATUSES, FORMATS, GOALS, LEVELS } from './tables.ts'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const text = (max: number) => z.preprocess(trimmed, z.string().min(1).max(max))
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')

/** A new course in the catalogue. */
export const CourseInput = z.object({
  titleKo: text(120),
  titleEn: text(120),
  whoKo: text(300).describe('One plain sentence: who the course is for'),
  whoEn: text(300),
  level: z.enum(LEVELS),
  format: z.enum(FORMATS),
  topics: z.array(text(60)).max(20).default([]),
  goals: z.array(z.enum(GOALS)).max(8).default([]),
  durationMinutes: z.number().int().min(15).max(600),
  prerequisites: z.array(z.uuid()).max(10).default([]),
  accessibility: z.array(z.enum(ACCESSIBILITY)).max(10).default([]),
  languages: z
    .array(z.enum(['ko', 'en', 'zh', 'vi', 'ksl']))
    .min(1)
    .default(['ko']),
  completionPercent: z.number().int().min(1).max(100).default(80),
})
export type CourseInput = z.infer<typeof CourseInput>

/** A run of a course: where (a venue from the reference places or a bus stop), when, how many seats. */
export const SessionInput = z
  .object({
    placeId: z.string().min(1).max(100).optional(),
    busStop: text(200).optional(),
    districtCode: z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
    firstDay: Day.describe('Seoul date of the first meeting'),
    time: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'validation.invalid')
      .describe('Seoul time, HH:MM'),
    weekly: z.boolean().default(false),
    meetings: z.number().int().min(1).max(26).default(1).describe('How many meetings (weekly only)'),
    capacity: z.number().int().min(1).max(5000),
    tutorIds: z.array(z.uuid()).max(5).default([]),
    opensAt: z.iso.datetime({ offset: true }).describe('When registration opens (ISO time)'),
  })
  .refine((s) => !!s.placeId || !!s.busStop, {
    message: 'education.session.whereRequired',
    path: ['placeId'],
  })
export type SessionInput = z.infer<typeof SessionInput>

/** A change of venue (or bus stop) or of tutors; everyone enrolled or waiting is told by SMS. */
export const SessionChange = z
  .object({
    placeId: z.string().min(1).max(100).optional(),
    busStop: text(200).optional(),
    tutorIds: z.array(z.uuid()).max(5).optional(),
  })
  .refine((c) => !!c.placeId || !!c.busStop || !!c.tutorIds, {
    message: 'education.session.nothingChanged',
    path: ['placeId'],
  })
export type SessionChange = z.infer<typeof SessionChange>

/** Someone enrolled by staff (phone, walk-in) or a social worker, found or registered by these details. */
export const PersonByDetails = z.object({
  name: Name,
  birthDate: BirthDate,
  phone: Mobile,
  districtCode: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
  ),
})

const yesNo = z.preprocess(
  (v) => (v === 'yes' || v === true ? true : v === 'no' || v === false ? false : v),
  z.boolean(),
)

/** Enrolment by the API: a verified citizen sends nothing; staff send the person and the channel. */
export const EnrolInput = z.object({
  person: PersonByDetails.optional(),
  channel: z.enum(CHANNELS).optional().describe('phone or walk_in when staff enrol someone'),
  relationship: z.enum(RELATIONSHIPS).default('self'),
  consentGiven: yesNo.default(true),
  consentMethod: z.enum(CONSENT_METHODS).default('verbal'),
  note: FreeText(300),
})
export type EnrolInput = z.infer<typeof EnrolInput>

/** The staff enrolment form (phone operator, walk-in desk, social worker). */
export const StaffEnrolForm = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object') return v
    const o = v as Record<string, unknown>
    return {
      person: { name: o.name, birthDate: o.birthDate, phone: o.phone },
      channel: o.channel,
      relationship: o.relationship,
      consentGiven: o.consentGiven,
      consentMethod: o.consentMethod,
      note: o.note,
    }
  },
  z.object({
    person: PersonByDetails,
    channel: z.enum(CHANNELS),
    relationship: z.enum(RELATIONSHIPS),
    consentGiven: yesNo,
    consentMethod: z.enum(CONSENT_METHODS),
    note: FreeText(300),
  }),
)

export const EnrolResult = z.object({
  id: z.uuid(),
  status: z.enum(ENROLMENT_STATUSES),
  position: z.number().int().nullable().describe('Place on the waitlist (1 = next), null when enrolled'),
  sessionId: z.uuid(),
})

export const SessionView = z.object({
  id: z.uuid(),
  courseId: z.uuid(),
  capacity: z.number().int(),
  enrolled: z.number().int(),
  waitlisted: z.number().int(),
  opensAt: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  placeId: z.string().nullable(),
  busStop: z.string().nullable(),
  meetings: z.array(z.object({ id: z.uuid(), startsAt: z.string(), endsAt: z.string() })),
  skippedHolidays: z.array(z.string()).optional(),
})

export const CourseView = z.object({
  id: z.uuid(),
  title: z.string(),
  who: z.string(),
  level: z.enum(LEVELS),
  format: z.enum(FORMATS),
  goals: z.array(z.enum(GOALS)),
  topics: z.array(z.string()),
  durationMinutes: z.number().int(),
  prerequisites: z.array(z.string()),
  accessibility: z.array(z.string()),
  languages: z.array(z.string()),
})

/** Browse filters: goal, district, date (from), level. */
export const BrowseQuery = z.object({
  goal: z.preprocess(emptyToUndefined, z.enum(GOALS).optional()),
  district: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
  ),
  from: z.preprocess(emptyToUndefined, Day.optional()),
  level: z.preprocess(emptyToUndefined, z.enum(LEVELS).optional()),
})
export type BrowseQuery = z.infer<typeof BrowseQuery>

export const AttendanceInput = z.object({
  enrolmentId: z.uuid(),
  present: yesNo,
})
