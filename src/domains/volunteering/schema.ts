import { z } from 'zod'
import { ACTIVITIES, VOLUNTEER_ROLES } from './tables.ts'

const text = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string().min(1, 'volunteering.error.required').max(max),
  )

export const ApplyInput = z.object({
  role: z.enum(VOLUNTEER_ROLES, { error: 'volunteering.error.role' }),
  motivation: text(2000),
  availability: text(500),
  districtCode: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
  ),
})
export type ApplyInput = z.infer<typeof ApplyInput>

export const REVIEW_ACTIONS = ['interview', 'training', 'trained', 'certify', 'assign', 'decline'] as const

export const ReviewInput = z.object({
  version: z.coerce.number().int().min(1),
  action: z.enum(REVIEW_ACTIONS),
  interviewAt: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'volunteering.error.dateTime')
      .optional(),
  ),
  trainingCourseId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
  placeId: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(200).optional()),
  /** The volunteer's staff account (digital guide or tutor), so shifts and classes count as hours. */
  staffUserId: z.preprocess((v) => (v === '' ? undefined : v), z.uuid().optional()),
  comment: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(2000).optional()),
})
export type ReviewInput = z.infer<typeof ReviewInput>

export const HoursInput = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'volunteering.error.date'),
  minutes: z.coerce
    .number({ error: 'volunteering.error.minutes' })
    .int()
    .min(10, 'volunteering.error.minutes')
    .max(720, 'volunteering.error.minutes'),
  activity: z.enum(ACTIVITIES),
  sourceRef: z.preprocess((v) => (v === '' ? undefined : v), z.string().max(100).optional()),
})
export type HoursInput = z.infer<typeof HoursInput>
