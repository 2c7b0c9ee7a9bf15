import { readFileSync } from 'node:fs'
import { z } from 'zod'
import { AppError } from '../../platform/http/errors.ts'
import { parse } from '../../platform/http/parse.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { api } from '../../platform/http/route.ts'
import { AssistInput, CheckInput, FieldAnswerInput, SyncInput, SyncResult, WeekQuery } from './schema.ts'
import { answerInField, checkIn, checkOut, logAssist, mySchedule, weeklyReport } from './service.ts'
import { ASSIST_WHAT } from './tables.ts'

const tags = ['guides']
const swSource = readFileSync(new URL('../../ui/static/guides/sw.js', import.meta.url), 'utf8')

const csvCell = (s: string | number) => {
  const x = String(s)
  return /[",\n]/.test(x) || /^[=+\-@]/.test(x)
    ? `"${x.replace(/^([=+\-@])/, "'$1").replace(/"/g, '""')}"`
    : x
}

export const guidesApi = [
  api({
    method: 'POST',
    path: '/guides/sync',
    access: 'guides:field',
    summary:
      "The field page's offline queue: check-ins, check-outs, assists and opinion answers, each with the key made on the phone; a re-sent key changes nothing",
    tags,
    body: SyncInput,
    response: SyncResult,
    handle: async (c, { body }) => {
      const results = []
      for (const e of body.entries) {
        const key = typeof e.data.key === 'string' ? e.data.key : ''
        try {
          if (e.type === 'assist') {
            const r = await logAssist(c.var.db, c.var.actor, parse(AssistInput, e.data), metaOf(c))
            results.push({ key, ok: true, replayed: r.replayed })
          } else if (e.type === 'opinion') {
            const input = parse(FieldAnswerInput, e.data)
            const r = await answerInField(c.var.db, c.var.actor, input, c.var.deps.now())
            results.push({ key, ok: true, replayed: r.replayed })
          } else if (e.type === 'check-in') {
            const r = await checkIn(c.var.db, c.var.actor, parse(CheckInput, e.data), c.var.deps.now())
            results.push({ key, ok: true, replayed: r.replayed })
          } else {
            const r = await checkOut(c.var.db, c.var.actor, parse(CheckInput, e.data), c.var.deps.now())
            results.push({ key, ok: true, replayed: r.replayed })
          }
        } catch (err) {
          if (!(err instanceof AppError) || err.status >= 500 || err.code === 'forbidden') throw err
          const t = c.var.t
          const errors = Object.fromEntries(Object.entries(err.fields).map(([k, m]) => [k, t(m)]))
          results.push({ key, ok: false, replayed: false, errors: { ...errors, _: t(err.message) } })
        }
      }
      return c.json({ results })
    },
  }),
  api({
    method: 'GET',
    path: '/guides/me',
    access: 'guides:field',
    summary: "A guide's week and today's site (their own team only)",
    tags,
    response: z.object({
      team: z.string().nullable(),
      shift: z.string().nullable(),
      week: z.array(
        z.object({
          shift: z.string(),
          siteId: z.string(),
          labelKo: z.string(),
          labelEn: z.string(),
          lat: z.number(),
          lon: z.number(),
        }),
      ),
    }),
    handle: async (c) => {
      const s = await mySchedule(c.var.db, c.var.actor, c.var.deps.now())
      return c.json({
        team: s.team?.title ?? null,
        shift: s.shift,
        week: s.week.map((a) => ({
          shift: a.shift,
          siteId: a.siteId,
          labelKo: a.labelKo,
          labelEn: a.labelEn,
          lat: a.lat,
          lon: a.lon,
        })),
      })
    },
  }),
  api({
    method: 'GET',
    path: '/guides/report.csv',
    access: 'guides:plan',
    summary: 'The weekly report as CSV (UTF-8 with BOM for spreadsheets)',
    tags,
    query: WeekQuery,
    handle: async (c, { query }) => {
      const r = await weeklyReport(c.var.db, c.var.actor, query.week, c.var.deps.now())
      const head = [
        'week',
        'team',
        'home_district',
        'assists',
        'solved',
        'minutes',
        'referrals',
        ...ASSIST_WHAT,
      ]
      const lines = [head.join(',')]
      for (const x of r.rows)
        lines.push(
          [
            r.weekStart,
            x.team,
            x.district,
            x.assists,
            x.solved,
            x.minutes,
            x.referrals,
            ...ASSIST_WHAT.map((w) => x.what[w] ?? 0),
          ]
            .map(csvCell)
            .join(','),
        )
      c.header('content-type', 'text/csv; charset=utf-8')
      c.header('content-disposition', `attachment; filename="guides-week-${r.weekStart}.csv"`)
      return c.body(`\uFEFF${lines.join('\r\n')}\r\n`)
    },
  }),
  api({
    method: 'GET',
    path: '/guides/field-sw.js',
    access: 'public',
    summary:
      "The field page's service worker (scope /staff/guides/field: the page opens without a connection)",
    tags,
    handle: (c) => {
      c.header('content-type', 'text/javascript; charset=utf-8')
      c.header('service-worker-allowed', '/staff/guides/field')
      c.header('cache-control', 'no-cache')
      return c.body(swSource)
    },
  }),
  api({
    method: 'GET',
    path: '/guides/field.webmanifest',
    access: 'public',
    summary: "The field page's web app manifest (install on the phone's home screen)",
    tags,
    handle: (c) => {
      c.header('content-type', 'application/manifest+json')
      return c.body(
        JSON.stringify({
          name: c.var.t('guides.field.appName'),
          short_name: c.var.t('guides.field.appShort'),
          start_url: '/staff/guides/field',
          scope: '/staff/guides/field',
          display: 'standalone',
          background_color: '#ffffff',
          theme_color: '#0b5cad',
          lang: c.var.locale,
          icons: [{ src: '/static/favicon.svg', sizes: 'any', type: 'image/svg+xml' }],
        }),
      )
    },
  }),
]
