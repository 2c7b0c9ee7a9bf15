import { z } from 'zod'
import { HELP_PLACE_KINDS } from '../reference/seed.ts'
import { DAYS, SERVICES } from './tables.ts'

/** The place kinds the directory lists as facilities (the reference's "help is here" kinds). */
export const FACILITY_KINDS = HELP_PLACE_KINDS

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'directory.error.time')
const opt = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional()
    .transform((s) => s ?? null)
const tri = z
  .enum(['yes', 'no', 'unknown', ''])
  .optional()
  .transform((s) => (s === 'yes' ? true : s === 'no' ? false : null))

export const OpeningPeriodSchema = z
  .object({ day: z.enum(DAYS), opens: time, closes: time })
  .refine((p) => p.opens < p.closes, { message: 'directory.error.closesBeforeOpens', path: ['closes'] })

/** Hours typed as lines "MO 09:00-18:00" (one period a line; several lines for a split day). */
export const HoursText = z
  .string()
  .max(2000)
  .transform((s, ctx) => {
    const out: z.infer<typeof OpeningPeriodSchema>[] = []
    for (const raw of s.split(/\r?\n/)) {
      const line = raw.trim()
      if (!line) continue
      const m = /^(MO|TU|WE|TH|FR|SA|SU)\s+(\d\d:\d\d)\s*-\s*(\d\d:\d\d)$/i.exec(line)
      const p = m && OpeningPeriodSchema.safeParse({ day: m[1]!.toUpperCase(), opens: m[2], closes: m[3] })
      if (!p?.success) {
        ctx.addIssue({ code: 'custom', message: 'directory.error.hours' })
        return z.NEVER
      }
      out.push(p.data)
    }
    return out
  })

const LANG = z.string().regex(/^[a-z]{2,3}$/, 'directory.error.language')

/** The staff form (and API body) for a facility's details. */
export const FacilityInput = z.object({
  version: z.coerce.number().int().min(0),
  hours: HoursText,
  hoursNoteKo: opt(300),
  hoursNoteEn: opt(300),
  stepFree: tri,
  hearingLoop: tri,
  braille: tri,
  accessKo: opt(500),
  accessEn: opt(500),
  languages: z
    .union([LANG, z.array(LANG)])
    .optional()
    .transform((v) => (v === undefined ? ['ko'] : Array.isArray(v) ? v : [v])),
  services: z
    .union([z.enum(SERVICES), z.array(z.enum(SERVICES))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v])),
  phone: opt(40).pipe(
    z
      .string()
      .regex(/^[0-9+\-() ]{4,40}$/, 'directory.error.phone')
      .nullable(),
  ),
  email: opt(200).pipe(z.email('directory.error.email').nullable()),
  website: opt(500).pipe(z.url({ protocol: /^https?$/, error: 'directory.error.website' }).nullable()),
  descriptionKo: opt(2000),
  descriptionEn: opt(2000),
})
export type FacilityInput = z.infer<typeof FacilityInput>

export const FacilitiesQuery = z.object({
  kind: z
    .enum(FACILITY_KINDS)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  district: z
    .string()
    .max(20)
    .optional()
    .transform((s) => s || undefined),
  service: z
    .enum(SERVICES)
    .optional()
    .or(z.literal('').transform(() => undefined)),
  stepFree: z
    .enum(['yes', ''])
    .optional()
    .transform((s) => s === 'yes'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
})
export type FacilitiesQuery = z.infer<typeof FacilitiesQuery>

export const PlaceDetailsQuery = z.object({
  ids: z
    .string()
    .max(4000)
    .transform((s) => s.split(',').filter(Boolean).slice(0, 200)),
})
