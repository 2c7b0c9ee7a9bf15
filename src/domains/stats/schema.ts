import { z } from 'zod'
import { FILTER_GROUPS, TARGET_KINDS, TARGET_PERIODS } from './tables.ts'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const Year = z.coerce
  .number('stats.year')
  .int('stats.year')
  .min(2020, 'stats.year')
  .max(2100, 'stats.year')

/** Public statistics and open data: the year (default this year). */
export const YearQuery = z.object({ year: z.preprocess(emptyToUndefined, Year.optional()) })

/** The staff dashboard's filters. */
export const DashboardQuery = z.object({
  year: z.preprocess(emptyToUndefined, Year.optional()),
  district: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{5}$/, 'stats.district')
      .optional(),
  ),
  grp: z.preprocess(emptyToUndefined, z.enum(FILTER_GROUPS, 'stats.group').optional()),
})

/** A target for one figure for a year, a quarter (q1–q4) or a month (m01–m12). */
export const TargetInput = z.object({
  kind: z.enum(TARGET_KINDS, 'stats.targets.kind'),
  year: Year,
  period: z.preprocess(emptyToUndefined, z.enum(TARGET_PERIODS, 'stats.targets.period').default('year')),
  target: z.coerce
    .number('stats.targets.number')
    .int('stats.targets.number')
    .min(0, 'stats.targets.number')
    .max(100_000_000, 'stats.targets.number'),
})

export const DistrictOut = z.object({
  code: z.string(),
  nameKo: z.string(),
  nameEn: z.string(),
  population65: z.number().nullable(),
  share65: z.number().nullable(),
  aloneShare: z.number().nullable(),
  reached: z.number().nullable().describe('Residents 65+ reached; null when fewer than 5'),
  perThousand: z.number().nullable().describe('Reached per 1,000 residents aged 65+'),
})
