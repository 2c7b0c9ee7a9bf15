import { z } from 'zod'
import { api } from '../../platform/http/route.ts'
import { download } from './downloads.ts'
import { CellQuery, DistrictOut, YearQuery } from './schema.ts'
import {
  currentYear,
  DATASETS,
  DICTIONARY,
  datasetRows,
  FILTER_GROUPS,
  PUBLIC_KINDS,
  publicCell,
  publicStats,
} from './service.ts'

const tags = ['open-data']
const Count = z.number().int().nullable().describe('null: fewer than 5 people (withheld)')
const yearOf = (c: { var: { deps: { now: () => Date } } }, y: number | undefined) =>
  y ?? currentYear(c.var.deps.now())

/** The open-data API, version 1: stable paths and fields (new fields may be added, none removed). */
export const statsApi = [
  api({
    method: 'GET',
    path: '/open-data/summary',
    access: 'public',
    summary: 'Open data v1: headline figures for a year (cells under 5 people are null)',
    tags,
    query: YearQuery,
    response: z.object({
      year: z.number().int(),
      headline: z.array(z.object({ kind: z.enum(PUBLIC_KINDS), n: Count })),
      satisfactionPercent: z.number().nullable(),
      refreshedAt: z.string().nullable(),
    }),
    handle: async (c, { query }) => {
      const s = await publicStats(c.var.db, yearOf(c, query.year))
      c.header('cache-control', 'public, max-age=300')
      return c.json({
        year: s.year,
        headline: s.headline,
        satisfactionPercent: s.satisfaction,
        refreshedAt: s.refreshedAt?.toISOString() ?? null,
      })
    },
  }),
  api({
    method: 'GET',
    path: '/open-data/districts',
    access: 'public',
    summary: 'Open data v1: per district, reach per 1,000 seniors beside the district indicators',
    tags,
    query: YearQuery,
    response: z.object({
      year: z.number().int(),
      items: z.array(DistrictOut.extend(Object.fromEntries(PUBLIC_KINDS.map((k) => [k, Count])))),
    }),
    handle: async (c, { query }) => {
      const s = await publicStats(c.var.db, yearOf(c, query.year))
      c.header('cache-control', 'public, max-age=300')
      return c.json({ year: s.year, items: s.districts })
    },
  }),
  api({
    method: 'GET',
    path: '/open-data/monthly',
    access: 'public',
    summary: 'Open data v1: figures by month (Korea time)',
    tags,
    query: YearQuery,
    response: z.object({
      year: z.number().int(),
      items: z.array(
        z.object({ month: z.string(), ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, Count])) }),
      ),
    }),
    handle: async (c, { query }) => {
      const s = await publicStats(c.var.db, yearOf(c, query.year))
      c.header('cache-control', 'public, max-age=300')
      return c.json({ year: s.year, items: datasetRows(s, 'monthly') })
    },
  }),
  api({
    method: 'GET',
    path: '/open-data/groups',
    access: 'public',
    summary:
      'Open data v1: figures by group — age (senior, adult, unknown) and, overlapping them, people who stated a disability or a low income on an application',
    tags,
    query: YearQuery,
    response: z.object({
      year: z.number().int(),
      items: z.array(
        z.object({
          year: z.number().int(),
          group: z.enum(FILTER_GROUPS),
          group_ko: z.string(),
          group_en: z.string(),
          ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, Count])),
        }),
      ),
    }),
    handle: async (c, { query }) => {
      const s = await publicStats(c.var.db, yearOf(c, query.year))
      c.header('cache-control', 'public, max-age=300')
      return c.json({ year: s.year, items: datasetRows(s, 'groups') })
    },
  }),
  api({
    method: 'GET',
    path: '/open-data/cell',
    access: 'public',
    summary:
      'Open data v1: the headline figures of one combined cell — a year or one month of it (month=1–12), a district, an age group (age=senior|adult|unknown) and a stated need (need=disability|low_income), any together; a figure under 5 people in that cell is null',
    tags,
    query: CellQuery,
    response: z.object({
      year: z.number().int(),
      month: z.number().int().nullable(),
      district: z.string().nullable(),
      age: z.string().nullable(),
      need: z.string().nullable(),
      headline: z.array(z.object({ kind: z.enum(PUBLIC_KINDS), n: Count })),
      satisfactionPercent: z.number().nullable(),
    }),
    handle: async (c, { query }) => {
      const year = yearOf(c, query.year)
      const cell = await publicCell(c.var.db, { ...query, year })
      c.header('cache-control', 'public, max-age=300')
      return c.json({
        year,
        month: query.month ?? null,
        district: query.district ?? null,
        age: query.age ?? null,
        need: query.need ?? null,
        headline: cell.figures,
        satisfactionPercent: cell.satisfaction,
      })
    },
  }),
  api({
    method: 'GET',
    path: '/open-data/dictionary',
    access: 'public',
    summary: 'Open data v1: the data dictionary (every column of every dataset, in Korean and English)',
    tags,
    response: z.object({
      datasets: z.array(
        z.object({
          name: z.enum(DATASETS),
          columns: z.array(
            z.object({ column: z.string(), type: z.string(), ko: z.string(), en: z.string() }),
          ),
        }),
      ),
    }),
    handle: (c) => c.json({ datasets: DATASETS.map((name) => ({ name, columns: DICTIONARY[name] })) }),
  }),
  api({
    method: 'GET',
    path: '/open-data/files/:file',
    access: 'public',
    summary:
      'Open data v1 downloads: districts.csv|json|xlsx, monthly.csv|json|xlsx, groups.csv|json|xlsx (?year=), dictionary.csv|json; withheld cells are empty',
    tags,
    query: YearQuery,
    handle: (c, { query }) => download(c, c.req.param('file') ?? '', yearOf(c, query.year)),
  }),
]
