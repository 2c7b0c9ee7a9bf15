import { z } from 'zod'
import { CourseInput, SessionInput } from './schema.ts'
import { GOALS } from './tables.ts'

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const num = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : blank(v))
const list = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v])
const lines = (v: unknown) =>
  typeof v === 'string'
    ? v
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter(Boolean)
    : v

/** An https address (links people open: recorded lectures, live video rooms). */
export const HttpsUrl = z.preprocess(
  blank,
  z
    .string()
    .max(500)
    .regex(/^https:\/\/[^\s<>"]+$/, 'education.lecture.httpsOnly')
    .optional(),
)

/** WebVTT captions as stored and served (text/vtt); must start with the WEBVTT signature and hold a cue. */
export const WebVtt = z.preprocess(
  (v) => (typeof v === 'string' ? (v.trim() === '' ? undefined : v.replace(/\r\n?/g, '\n').trim()) : v),
  z
    .string()
    .max(200_000)
    .refine((s) => /^WEBVTT(?:[ \t][^\n]*)?(?:\n|$)/.test(s), 'education.lecture.notVtt')
    .refine(
      (s) => /\d{2}:\d{2}\.\d{3}\s+-->\s+(?:\d{2}:)?\d{2}:\d{2}\.\d{3}/.test(s),
      'education.lecture.noCues',
    )
    .optional(),
)

/** The recorded lecture of a course: video link, captions and a transcript in each language. */
export const LectureInput = z.object({
  videoUrl: HttpsUrl,
  captionsVtt: WebVtt,
  transcriptKo: z.preprocess(blank, z.string().max(100_000).optional()),
  transcriptEn: z.preprocess(blank, z.string().max(100_000).optional()),
})
export type LectureInput = z.infer<typeof LectureInput>

/** The staff course form (no JS): checkboxes and text fields in, CourseInput + lecture out. */
export const CourseForm = z.preprocess(
  (v) => {
    const o = (v ?? {}) as Record<string, unknown>
    return {
      course: {
        titleKo: o.titleKo,
        titleEn: o.titleEn,
        whoKo: o.whoKo,
        whoEn: o.whoEn,
        level: blank(o.level),
        format: blank(o.format),
        topics: lines(o.topics) ?? [],
        goals: list(o.goals),
        durationMinutes: num(o.durationMinutes),
        prerequisites: list(o.prerequisites),
        accessibility: list(o.accessibility),
        languages: list(o.languages),
        completionPercent: num(o.completionPercent) ?? 80,
      },
      lecture: {
        videoUrl: o.videoUrl,
        captionsVtt: o.captionsVtt,
        transcriptKo: o.transcriptKo,
        transcriptEn: o.transcriptEn,
      },
    }
  },
  z.object({ course: CourseInput, lecture: LectureInput }),
)

/** The staff session form: one-off or weekly, venue or bus stop, seats, tutors, opening time, live link. */
export const SessionForm = z.preprocess(
  (v) => {
    const o = (v ?? {}) as Record<string, unknown>
    const opensDay = trimmed(o.opensDay)
    const opensTime = trimmed(o.opensTime) || '09:00'
    return {
      session: {
        placeId: blank(o.placeId),
        busStop: blank(o.busStop),
        firstDay: o.firstDay,
        time: o.time,
        weekly: o.repeat === 'weekly',
        meetings: o.repeat === 'weekly' ? (num(o.meetings) ?? 1) : 1,
        capacity: num(o.capacity),
        tutorIds: list(o.tutorIds),
        opensAt:
          typeof opensDay === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(opensDay)
            ? `${opensDay}T${opensTime}:00+09:00`
            : opensDay || undefined,
      },
      liveUrl: o.liveUrl,
    }
  },
  z.object({ session: SessionInput, liveUrl: HttpsUrl }),
)

/** Seats, registration opening and live link of an existing session. */
export const SessionSettingsForm = z.preprocess(
  (v) => {
    const o = (v ?? {}) as Record<string, unknown>
    const opensDay = trimmed(o.opensDay)
    const opensTime = trimmed(o.opensTime) || '09:00'
    return {
      capacity: num(o.capacity),
      opensAt:
        typeof opensDay === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(opensDay)
          ? `${opensDay}T${opensTime}:00+09:00`
          : undefined,
      liveUrl: o.liveUrl,
    }
  },
  z.object({
    capacity: z.number().int().min(1).max(5000),
    opensAt: z.iso.datetime({ offset: true }),
    liveUrl: HttpsUrl,
  }),
)
export type SessionSettings = z.infer<typeof SessionSettingsForm>

const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'validation.invalid')

/** A tutor's profile: skills (catalogue goals), languages, districts, weekly availability, 55+ volunteer. */
export const TutorProfileInput = z.object({
  skills: z.array(z.enum(GOALS)).max(GOALS.length).default([]),
  languages: z
    .array(z.enum(['ko', 'en', 'zh', 'vi', 'ksl']))
    .min(1)
    .default(['ko']),
  districts: z
    .array(z.string().regex(/^\d{5}$/))
    .max(30)
    .default([]),
  availability: z
    .array(
      z
        .object({ day: z.number().int().min(0).max(6), from: Time, to: Time })
        .refine((a) => a.from < a.to, { message: 'education.tutor.timeOrder', path: ['to'] }),
    )
    .max(21)
    .default([]),
  peerVolunteer: z.boolean().default(false),
})
export type TutorProfileInput = z.infer<typeof TutorProfileInput>

/** The tutor profile form: a from/to pair per weekday (empty = not available that day). */
export const TutorProfileForm = z.preprocess((v) => {
  const o = (v ?? {}) as Record<string, unknown>
  const availability = [0, 1, 2, 3, 4, 5, 6].flatMap((day) => {
    const from = trimmed(o[`from${day}`])
    const to = trimmed(o[`to${day}`])
    return from || to ? [{ day, from, to }] : []
  })
  return {
    skills: list(o.skills),
    languages: list(o.languages),
    districts: list(o.districts),
    availability,
    peerVolunteer: o.peerVolunteer === 'yes',
  }
}, TutorProfileInput)

/** One attendance mark sent by the roster (possibly queued offline): the key makes a re-send harmless. */
export const SyncMark = z.object({
  enrolmentId: z.uuid(),
  present: z.boolean(),
  key: z.string().min(8).max(100).describe('Idempotency key made on the phone when the mark was tapped'),
})

/** Someone who joined a meeting on the spot (name only); the key makes a re-send add them once. */
export const WalkInInput = z.object({
  name: z.preprocess(trimmed, z.string().min(1).max(60)),
  key: z.string().min(8).max(100),
})
