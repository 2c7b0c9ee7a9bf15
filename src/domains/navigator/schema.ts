import { z } from 'zod'
import { optionalText } from '../../platform/http/parse.ts'
import { APPLY_CHANNELS, LIFE_EVENTS, QUESTIONS, type QuestionKey } from './rules/types.ts'

const req = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v),
    z.string().min(1, 'navigator.error.required').max(max),
  )
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(values)),
  )
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'navigator.error.date')

/** Allowed answers per question (form fields `q_<question>`); none ticked = anyone. */
const eligibilityShape = Object.fromEntries(
  Object.entries(QUESTIONS).map(([k, allowed]) => [
    `q_${k}`,
    list(allowed as unknown as readonly [string, ...string[]]),
  ]),
) as unknown as Record<`q_${QuestionKey}`, z.ZodType<string[]>>

/** The programme manager's form for a local programme (texts, eligibility, contacts, validity). */
export const LocalProgrammeInput = z
  .object({
    version: z.coerce.number().int().min(0).default(0),
    titleKo: req(120),
    titleEn: req(120),
    summaryKo: req(600),
    summaryEn: req(600),
    benefitKo: req(300),
    benefitEn: req(300),
    bringKo: optionalText(600),
    bringEn: optionalText(600),
    howKo: req(600),
    howEn: req(600),
    channels: list(APPLY_CHANNELS).refine((c) => c.length > 0, 'navigator.error.channels'),
    phone: optionalText(40).pipe(
      z
        .string()
        .regex(/^[0-9+\-() ]{3,40}$/, 'navigator.error.phone')
        .optional(),
    ),
    url: optionalText(500).pipe(z.url({ protocol: /^https?$/, error: 'navigator.error.url' }).optional()),
    events: list(LIFE_EVENTS),
    sourceTitle: req(300),
    sourceUrl: z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.url({ protocol: /^https?$/, error: 'navigator.error.url' }),
    ),
    validFrom: day,
    validTo: z.preprocess((v) => (v === '' ? undefined : v), day.optional()),
    ...eligibilityShape,
  })
  .refine((p) => !p.validTo || p.validTo >= p.validFrom, {
    message: 'navigator.error.validTo',
    path: ['validTo'],
  })
  .refine((p) => !(p.channels.includes('phone') && !p.phone), {
    message: 'navigator.error.phoneNeeded',
    path: ['phone'],
  })
export type LocalProgrammeInput = z.infer<typeof LocalProgrammeInput>

/** Saving answers: an optional mobile number to text the code to, and consent to hear of new programmes. */
export const SaveInput = z
  .object({
    phone: optionalText(20).pipe(
      z
        .string()
        .transform((s) => s.replace(/[^0-9]/g, ''))
        .pipe(z.string().regex(/^01[016789]\d{7,8}$/, 'navigator.error.mobile'))
        .optional(),
    ),
    notify: z.preprocess((v) => (Array.isArray(v) ? v[0] : v), z.enum(['yes']).optional()),
  })
  .refine((s) => !(s.notify && !s.phone), { message: 'navigator.error.notifyNeedsPhone', path: ['phone'] })
export type SaveInput = z.infer<typeof SaveInput>

export const ResumeInput = z.object({
  code: z.preprocess(
    (v) => (typeof v === 'string' ? v.toUpperCase().replace(/[^0-9A-Z]/g, '') : v),
    z.string().regex(/^[0-9A-Z]{12}$/, 'navigator.error.code'),
  ),
})

/** JSON API body: answers to assess (unknown keys/values are dropped, as if skipped). */
export const AssessBody = z.object({
  answers: z.record(z.string(), z.string()).default({}),
  event: z.enum(LIFE_EVENTS).optional(),
  day: day.optional(),
})
