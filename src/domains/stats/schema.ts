import { z } from 'zod'
import { FILTER_GROUPS, NEED_GROUPS, STAT_GROUPS, TARGET_KINDS, TARGET_PERIODS } from './tables.ts'

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v)

export const Year = z.coerce
  .number('stats.year')
  .int('stats.year')
  .min(2020, 'stats.year')
  .max(2100, 'stats.year')

/** Public statistics and open data: the year (default this year). */
export const YearQuery = z.object({ year: z.preprocess(emptyToUndefined, Year.optional()) })

const filters = {
  year: z.preprocess(emptyToUndefined, Year.optional()),
  month: z.preprocess(
    emptyToUndefined,
    z.coerce
      .number('stats.monthInvalid')
      .int('stats.monthInvalid')
      .min(1, 'stats.monthInvalid')
      .max(12, 'stats.monthInvalid')
      .optional(),
  ),
  district: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{5}$/, 'stats.district')
      .optional(),
  ),
  age: z.preprocess(emptyToUndefined, z.enum(STAT_GROUPS, 'stats.group').optional()),
  need: z.preprocess(emptyToUndefined, z.enum(NEED_GROUPS, 'stats.group').optional()),
}

/**
 * The staff dashboard's filters, combinable: a month of the year, a district, an age group and a need.
 * `grp` (one group, age or need) is still read from older links.
 */
export const DashboardQuery = z.object({
  ...filters,
  grp: z.preprocess(emptyToUndefined, z.enum(FILTER_GROUPS, 'stats.group').optional()),
})

/** Open data: the figures of one combined cell (year or month, district, age group, need). */
export const CellQuery = z.object(filters)

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
