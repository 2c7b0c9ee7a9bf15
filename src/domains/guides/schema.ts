import { z } from 'zod'
import { OpinionAnswer } from '../voice/schema.ts'
import { ASSIST_OUTCOMES, ASSIST_WHAT, REFERRAL_KINDS, SHIFTS } from './tables.ts'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)
const num = (min: number, max: number, key: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number(key).min(min, key).max(max, key),
  )
const many = (v: unknown) => (typeof v === 'string' ? [v] : (v ?? []))
const Shift = z.enum(SHIFTS as [string, ...string[]], 'guides.err.shift')
const District = z.preprocess(
  trimmed,
  z.string('guides.err.district').regex(/^\d{5}$/, 'guides.err.district'),
)

/** The manager's planning settings (weights 0–10, walking radius, travel limit, district minimum). */
export const SettingsInput = z.object({
  seniors: num(0, 10, 'guides.err.weight'),
  facilities: num(0, 10, 'guides.err.weight'),
  assists: num(0, 10, 'guides.err.weight'),
  walkM: num(100, 2000, 'guides.err.walk'),
  travelKm: num(0, 30, 'guides.err.travel'),
  minPerDistrict: num(0, 5, 'guides.err.min'),
  timeLimitS: num(2, 120, 'guides.err.time'),
})
export type SettingsInput = z.infer<typeof SettingsInput>

export const TeamInput = z.object({
  title: z.preprocess(
    trimmed,
    z.string('guides.err.title').min(1, 'guides.err.title').max(60, 'guides.err.title'),
  ),
  homeDistrict: District,
  members: z.preprocess(many, z.array(z.uuid('guides.err.members')).length(2, 'guides.err.members')),
  shifts: z.preprocess(many, z.array(Shift).min(1, 'guides.err.shifts')),
})
export type TeamInput = z.infer<typeof TeamInput>

export const SiteInput = z.object({
  labelKo: z.preprocess(
    trimmed,
    z.string('guides.err.label').min(1, 'guides.err.label').max(80, 'guides.err.label'),
  ),
  labelEn: z.preprocess(
    trimmed,
    z.string('guides.err.label').min(1, 'guides.err.label').max(80, 'guides.err.label'),
  ),
  districtCode: District,
  lat: num(33, 39, 'guides.err.lat'),
  lon: num(124, 132, 'guides.err.lon'),
})
export type SiteInput = z.infer<typeof SiteInput>

export const RuleInput = z
  .object({
    kind: z.enum(['pin', 'forbid'], 'guides.err.ruleKind'),
    siteId: z.preprocess(trimmed, z.string('guides.err.site').min(1, 'guides.err.site').max(80)),
    shift: z.preprocess(emptyToUndefined, Shift.optional()),
    teamId: z.preprocess(emptyToUndefined, z.uuid('guides.err.team').optional()),
  })
  .superRefine((v, ctx) => {
    if (v.kind === 'pin' && !v.teamId)
      ctx.addIssue({ code: 'custom', path: ['teamId'], message: 'guides.err.team' })
    if (v.kind === 'pin' && !v.shift)
      ctx.addIssue({ code: 'custom', path: ['shift'], message: 'guides.err.shift' })
  })
export type RuleInput = z.infer<typeof RuleInput>

const Key = z.preprocess(
  trimmed,
  z
    .string('guides.err.key')
    .min(8, 'guides.err.key')
    .max(64, 'guides.err.key')
    .regex(/^[\w-]+$/, 'guides.err.key'),
)

/** One assist from the field page (a form post or an entry of the phone's offline queue). */
export const AssistInput = z
  .object({
    key: Key,
    what: z.enum(ASSIST_WHAT, 'guides.err.what'),
    siteId: z.preprocess(trimmed, z.string('guides.err.site').min(1, 'guides.err.site').max(80)),
    outcome: z.preprocess((v) => v ?? 'solved', z.enum(ASSIST_OUTCOMES, 'guides.err.outcome')),
    minutes: z.preprocess((v) => (v === undefined || v === '' ? 10 : v), num(1, 240, 'guides.err.minutes')),
    /** When it happened on the phone (an offline entry keeps its own time); default: now. */
    at: z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true }).optional()),
    kioskCompany: z.preprocess(emptyToUndefined, z.string().max(80).optional()),
    kioskType: z.preprocess(emptyToUndefined, z.string().max(20).optional()),
    kioskProblems: z.preprocess(
      (v) => (v === undefined || v === '' ? [] : many(v)),
      z.array(z.string().max(30)).max(11),
    ),
    kioskHard: z.preprocess(emptyToUndefined, z.string().max(500).optional()),
    referral: z.preprocess(emptyToUndefined, z.enum(REFERRAL_KINDS, 'guides.err.referral').optional()),
    consent: z.preprocess(
      (v) => (Array.isArray(v) ? v.includes('yes') : v === 'yes' || v === true),
      z.boolean(),
    ),
    name: z.preprocess(emptyToUndefined, z.string().max(60).optional()),
    phone: z.preprocess(emptyToUndefined, z.string().max(20).optional()),
    need: z.preprocess(emptyToUndefined, z.string().max(500).optional()),
  })
  .superRefine((v, ctx) => {
    if (!v.referral) return
    if (!v.consent) ctx.addIssue({ code: 'custom', path: ['consent'], message: 'guides.err.consent' })
    if (!v.name) ctx.addIssue({ code: 'custom', path: ['name'], message: 'guides.err.name' })
    if (!v.phone) ctx.addIssue({ code: 'custom', path: ['phone'], message: 'guides.err.phone' })
  })
export type AssistInput = z.infer<typeof AssistInput>

export const CheckInput = z.object({
  key: Key,
  siteId: z.preprocess(emptyToUndefined, z.string().max(80).optional()),
  at: z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true }).optional()),
})
export type CheckInput = z.infer<typeof CheckInput>

/**
 * An answer to an open opinion question (voice's OpinionOnField) from the field page's queue: the key
 * made on the phone, the question, and the answer as voice asks it (choice, group, district).
 */
export const FieldAnswerInput = OpinionAnswer.extend({
  key: Key,
  campaignId: z.uuid('voice.notFound'),
  at: z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true }).optional()),
})
export type FieldAnswerInput = z.infer<typeof FieldAnswerInput>

/** The phone's offline queue sent in one go: each entry answered by its key. */
export const SyncInput = z.object({
  entries: z
    .array(
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('assist'), data: z.record(z.string(), z.unknown()) }),
        z.object({ type: z.literal('check-in'), data: z.record(z.string(), z.unknown()) }),
        z.object({ type: z.literal('check-out'), data: z.record(z.string(), z.unknown()) }),
        z.object({ type: z.literal('opinion'), data: z.record(z.string(), z.unknown()) }),
      ]),
    )
    .max(200),
})
export const SyncResult = z.object({
  results: z.array(
    z.object({
      key: z.string(),
      ok: z.boolean(),
      replayed: z.boolean(),
      errors: z.record(z.string(), z.string()).optional(),
    }),
  ),
})

export const WeekQuery = z.object({
  week: z.preprocess(emptyToUndefined, z.iso.date('guides.err.week').optional()),
})
export const HeatQuery = z.object({
  days: z.preprocess(
    (v) => (v === undefined || v === '' ? 28 : Number(v)),
    z.number('guides.err.days').int().min(1, 'guides.err.days').max(366, 'guides.err.days'),
  ),
  district: z.preprocess(emptyToUndefined, District.optional()),
})
