import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ErrorSummary, Select, TextField } from '../../ui/components/form.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import type { FormState, View } from '../../ui/view.ts'
import { type Bar, BarChart, show } from './chart.tsx'
import { DashboardQuery, TargetInput, YearQuery } from './schema.ts'
import {
  collectAndRefresh,
  currentYear,
  DATASETS,
  dashboard,
  equity,
  PUBLIC_KINDS,
  type PublicStats,
  publicStats,
  SMALL_CELL,
  seniorDivide,
  setTarget,
} from './service.ts'
import { NEED_GROUPS, STAT_GROUPS, TARGET_KINDS, TARGET_PERIODS } from './tables.ts'

const now = (c: Ctx) => c.var.deps.now()
const name = (v: View, d: { nameKo: string; nameEn: string }) => (v.locale === 'ko' ? d.nameKo : d.nameEn)
const kindLabel = (v: View, k: string) => v.t(`stats.kind.${k}`)

/** One sentence about a chart: the highest bar and how many cells were withheld. */
function summarise(v: View, bars: Bar[], unit = '') {
  const shown = bars.filter((b): b is { label: string; value: number } => b.value !== null)
  const top = shown.reduce<{ label: string; value: number } | null>(
    (a, b) => (!a || b.value > a.value ? b : a),
    null,
  )
  const withheld = bars.length - shown.length
  if (!top || top.value === 0) return v.t('stats.summaryEmpty', { withheld })
  return v.t('stats.summaryTop', { label: top.label, value: show(v, top.value, unit), withheld })
}

const YearForm = ({ v, action, year }: { v: View; action: string; year: number }) => (
  <form method="get" action={action} class="filter-form">
    <TextField
      v={v}
      name="year"
      type="number"
      inputmode="numeric"
      width="short"
      label={v.t('stats.year.label')}
      value={String(year)}
    />
    <Button variant="secondary">{v.t('stats.show')}</Button>
  </form>
)

/** A published figure or the mark of a withheld cell (small or withheld with one: the same to the reader). */
const shown = (v: View, n: number | null | undefined, unit = '') => show(v, n, unit, 'withheld')

// ── public ──────────────────────────────────────────────────────────────────────────────────────

const PublicView = ({ v, s }: { v: View; s: PublicStats }) => {
  const monthBars = (k: (typeof PUBLIC_KINDS)[number]) =>
    s.monthly.map((m) => ({ label: m.month, value: m[k] }))
  const reachBars = s.districts.map((d) => ({ label: name(v, d), value: d.perThousand }))
  const deliveredBars = s.districts.map((d) => ({ label: name(v, d), value: d.device_delivered }))
  const q = `?year=${s.year}`
  return (
    <>
      <h2>{v.t('stats.public.headline')}</h2>
      <Table
        id="headline"
        caption={v.t('stats.public.headlineCaption', { year: s.year })}
        rowHeaders
        rows={[...s.headline, { kind: 'satisfaction', n: s.satisfaction }]}
        columns={[
          { header: v.t('stats.figure'), cell: (h) => kindLabel(v, h.kind) },
          {
            header: v.t('stats.value'),
            numeric: true,
            cell: (h) => shown(v, h.n, h.kind === 'satisfaction' ? '%' : ''),
          },
        ]}
      />
      <p>{v.t('stats.public.suppression', { n: SMALL_CELL })}</p>
      <BarChart
        v={v}
        marker="withheld"
        id="chart-trained"
        title={v.t('stats.chart.trainedByMonth', { year: s.year })}
        summary={summarise(v, monthBars('person_trained'))}
        labelHeader={v.t('stats.month')}
        valueHeader={kindLabel(v, 'person_trained')}
        bars={monthBars('person_trained')}
      />
      <BarChart
        v={v}
        marker="withheld"
        id="chart-reach"
        title={v.t('stats.chart.reachByDistrict', { year: s.year })}
        summary={summarise(v, reachBars)}
        labelHeader={v.t('stats.district')}
        valueHeader={v.t('stats.perThousand')}
        bars={reachBars}
      />
      <BarChart
        v={v}
        marker="withheld"
        id="chart-delivered"
        title={v.t('stats.chart.deliveredByDistrict', { year: s.year })}
        summary={summarise(v, deliveredBars)}
        labelHeader={v.t('stats.district')}
        valueHeader={kindLabel(v, 'device_delivered')}
        bars={deliveredBars}
      />
      <Table
        id="districts"
        caption={v.t('stats.public.districtTable', { year: s.year })}
        rowHeaders
        rows={s.districts}
        columns={[
          { header: v.t('stats.district'), cell: (d) => name(v, d) },
          { header: v.t('stats.population65'), numeric: true, cell: (d) => shown(v, d.population65) },
          { header: v.t('stats.share65'), numeric: true, cell: (d) => shown(v, d.share65, '%') },
          { header: v.t('stats.aloneShare'), numeric: true, cell: (d) => shown(v, d.aloneShare, '%') },
          { header: v.t('stats.reached'), numeric: true, cell: (d) => shown(v, d.reached) },
          { header: v.t('stats.perThousand'), numeric: true, cell: (d) => shown(v, d.perThousand) },
          ...PUBLIC_KINDS.filter((k) => k !== 'person_reached').map((k) => ({
            header: kindLabel(v, k),
            numeric: true,
            cell: (d: (typeof s.districts)[number]) => shown(v, d[k]),
          })),
        ]}
      />
      <Table
        id="groups"
        caption={v.t('stats.public.groupTable', { year: s.year })}
        rowHeaders
        rows={s.groups}
        columns={[
          { header: v.t('stats.group'), cell: (g) => v.t(`stats.grp.${g.group}`) },
          ...PUBLIC_KINDS.map((k) => ({
            header: kindLabel(v, k),
            numeric: true,
            cell: (g: (typeof s.groups)[number]) => shown(v, g[k]),
          })),
        ]}
      />
      <p>{v.t('stats.groupsNote')}</p>
      <h2 id="downloads">{v.t('stats.downloads')}</h2>
      <p>{v.t('stats.downloadsLead')}</p>
      <Table
        id="download-list"
        caption={v.t('stats.downloadsCaption')}
        rowHeaders
        rows={[...DATASETS]}
        columns={[
          { header: v.t('stats.dataset'), cell: (d) => v.t(`stats.dataset.${d}`) },
          {
            header: v.t('stats.formats'),
            cell: (d) => (
              <>
                <a href={`/api/v1/open-data/files/${d}.csv${q}`}>CSV</a> ·{' '}
                <a href={`/api/v1/open-data/files/${d}.json${q}`}>JSON</a> ·{' '}
                <a href={`/api/v1/open-data/files/${d}.xlsx${q}`}>XLSX</a>
              </>
            ),
          },
        ]}
      />
      <p>
        <a href="/api/v1/open-data/files/dictionary.csv">{v.t('stats.dictionary')} (CSV)</a> ·{' '}
        <a href="/api/v1/open-data/files/dictionary.json">{v.t('stats.dictionary')} (JSON)</a> ·{' '}
        <a href="/api/openapi.json">{v.t('stats.api')}</a>
      </p>
      {s.refreshedAt ? (
        <p>{v.t('stats.refreshed', { at: formatDateTime(v.locale, s.refreshedAt) })}</p>
      ) : null}
    </>
  )
}

// ── staff ───────────────────────────────────────────────────────────────────────────────────────

const dashboardPage = async (c: Ctx, form?: FormState, status = 200) => {
  const q = parse(DashboardQuery, c.req.query())
  const year = q.year ?? currentYear(now(c))
  const d = await dashboard(c.var.db, c.var.actor, { ...q, year })
  // an older link's single group shows in the select it belongs to
  const age = q.age ?? (STAT_GROUPS as readonly string[]).find((g) => g === q.grp)
  const need = q.need ?? (NEED_GROUPS as readonly string[]).find((g) => g === q.grp)
  const names = new Map(d.districts.map((x) => [x.code, x]))
  const canTarget = c.var.actor.kind === 'staff' && !!scopeFor(c.var.actor.role, 'stats:targets')
  const monthBars = Array.from({ length: 12 }, (_, i) => {
    const m = `${year}-${String(i + 1).padStart(2, '0')}`
    return {
      label: m,
      value: d.byMonth.filter((r) => r.key === m && r.kind === 'person_trained').reduce((s, r) => s + r.n, 0),
    }
  })
  const pivot = (rows: { key: string; kind: string; n: number }[]) => {
    const keys = [...new Set(rows.map((r) => r.key))].sort()
    return keys.map((k) => ({
      key: k,
      n: Object.fromEntries(rows.filter((r) => r.key === k).map((r) => [r.kind, r.n])) as Record<
        string,
        number
      >,
    }))
  }
  const cols = [
    'device_delivered',
    'person_trained',
    'person_certified',
    'assist',
    'ticket_resolved',
    'person_reached',
  ]
  return renderPage(c, { title: c.var.t('stats.dashboard.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('stats.dashboard.title')}</h1>
      <form method="get" action="/staff/stats" class="filter-form">
        <TextField
          v={v}
          name="year"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('stats.year.label')}
          value={String(year)}
        />
        <Select
          v={v}
          name="district"
          label={v.t('stats.district')}
          required={false}
          placeholder={v.t('stats.allDistricts')}
          value={q.district ?? ''}
          options={d.districts.map((x) => ({
            value: x.code,
            label: v.locale === 'ko' ? x.name_ko : x.name_en,
          }))}
        />
        <TextField
          v={v}
          name="month"
          type="number"
          inputmode="numeric"
          width="short"
          required={false}
          label={v.t('stats.monthFilter')}
          hint={v.t('stats.monthFilterHint')}
          value={q.month ? String(q.month) : ''}
        />
        <Select
          v={v}
          name="age"
          label={v.t('stats.age')}
          required={false}
          placeholder={v.t('stats.allAges')}
          value={age ?? ''}
          options={STAT_GROUPS.map((g) => ({ value: g, label: v.t(`stats.grp.${g}`) }))}
        />
        <Select
          v={v}
          name="need"
          label={v.t('stats.need')}
          required={false}
          placeholder={v.t('stats.allNeeds')}
          value={need ?? ''}
          options={NEED_GROUPS.map((g) => ({ value: g, label: v.t(`stats.grp.${g}`) }))}
        />
        <Button variant="secondary">{v.t('stats.show')}</Button>
      </form>
      <p>
        <a href="/staff/stats/equity">{v.t('stats.equity.title')}</a> ·{' '}
        <a href="/stats">{v.t('stats.public.title')}</a>
      </p>
      <Table
        id="kpis"
        caption={v.t('stats.dashboard.kpis', { year })}
        rowHeaders
        rows={d.kpis}
        columns={[
          { header: v.t('stats.figure'), cell: (k) => kindLabel(v, k.kind) },
          { header: v.t('stats.value'), numeric: true, cell: (k) => show(v, k.n) },
          {
            header: v.t('stats.target'),
            numeric: true,
            cell: (k) => (k.target === null ? '—' : show(v, k.target)),
          },
          {
            header: v.t('stats.progress'),
            numeric: true,
            cell: (k) => (k.target ? `${Math.round((k.n / k.target) * 100)}%` : '—'),
          },
        ]}
      />
      <p>
        {v.t('stats.kind.reach_per_1000')}: {d.reachPer1000.n === null ? '—' : show(v, d.reachPer1000.n)}
        {d.reachPer1000.target === null ? '' : ` (${v.t('stats.target')} ${show(v, d.reachPer1000.target)})`}{' '}
        · {v.t('stats.dashboard.sla')}: {d.sla === null ? '—' : `${d.sla}%`} ·{' '}
        {v.t('stats.dashboard.satisfaction')}: {d.satisfaction === null ? '—' : `${d.satisfaction}%`}
      </p>
      <BarChart
        v={v}
        id="dash-trained"
        title={v.t('stats.chart.trainedByMonth', { year })}
        summary={summarise(v, monthBars)}
        labelHeader={v.t('stats.month')}
        valueHeader={kindLabel(v, 'person_trained')}
        bars={monthBars}
      />
      <Table
        id="period-targets"
        caption={v.t('stats.dashboard.periodTargets', { year })}
        empty={v.t('stats.targets.nonePeriod')}
        rowHeaders
        rows={d.periodTargets}
        columns={[
          {
            header: v.t('stats.figure'),
            cell: (t) => `${kindLabel(v, t.kind)} · ${v.t(`stats.period.${t.period}`)}`,
          },
          { header: v.t('stats.value'), numeric: true, cell: (t) => show(v, t.n) },
          { header: v.t('stats.target'), numeric: true, cell: (t) => show(v, t.target) },
          {
            header: v.t('stats.progress'),
            numeric: true,
            cell: (t) => (t.target ? `${Math.round((t.n / t.target) * 100)}%` : '—'),
          },
        ]}
      />
      {(['byDistrict', 'byGroup'] as const).map((which) => (
        <Table
          id={`dash-${which}`}
          caption={v.t(`stats.dashboard.${which}`)}
          empty={v.t('stats.none')}
          rowHeaders
          rows={pivot(d[which])}
          columns={[
            {
              header: which === 'byDistrict' ? v.t('stats.district') : v.t('stats.group'),
              cell: (r) => {
                if (which === 'byGroup') return v.t(`stats.grp.${r.key}`)
                const x = names.get(r.key)
                return x ? (v.locale === 'ko' ? x.name_ko : x.name_en) : v.t('stats.districtUnknown')
              },
            },
            ...cols.map((k) => ({
              header: kindLabel(v, k),
              numeric: true,
              cell: (r: { n: Record<string, number> }) => show(v, r.n[k] ?? 0),
            })),
          ]}
        />
      ))}
      {d.refreshedAt ? (
        <p>{v.t('stats.refreshed', { at: formatDateTime(v.locale, d.refreshedAt) })}</p>
      ) : null}
      <form method="post" action="/staff/stats/refresh">
        <Csrf v={v} />
        <Button variant="secondary">{v.t('stats.refresh')}</Button>
      </form>
      {canTarget ? (
        <form method="post" action="/staff/stats/targets" novalidate>
          <Csrf v={v} />
          <h2>{v.t('stats.targets.title')}</h2>
          <Select
            v={v}
            form={form}
            name="kind"
            label={v.t('stats.figure')}
            options={TARGET_KINDS.map((k) => ({ value: k, label: kindLabel(v, k) }))}
          />
          <Select
            v={v}
            form={form}
            name="period"
            label={v.t('stats.targets.periodLabel')}
            value={typeof form?.values.period === 'string' ? form.values.period : 'year'}
            options={TARGET_PERIODS.map((p) => ({ value: p, label: v.t(`stats.period.${p}`) }))}
          />
          <TextField
            v={v}
            form={form}
            name="year"
            type="number"
            inputmode="numeric"
            width="short"
            label={v.t('stats.year.label')}
            value={typeof form?.values.year === 'string' ? form.values.year : String(year)}
          />
          <TextField
            v={v}
            form={form}
            name="target"
            type="number"
            inputmode="numeric"
            width="medium"
            label={v.t('stats.target')}
          />
          <Button>{v.t('stats.targets.save')}</Button>
        </form>
      ) : null}
    </>
  ))
}

const equityPage = async (c: Ctx) => {
  const q = parse(YearQuery, c.req.query())
  const year = q.year ?? currentYear(now(c))
  const rows = await equity(c.var.db, c.var.actor, year)
  const divide = seniorDivide()
  return renderPage(c, { title: c.var.t('stats.equity.title') }, (v) => {
    const bars = rows.map((d) => ({ label: name(v, d), value: d.perThousand }))
    return (
      <>
        <h1>{v.t('stats.equity.title')}</h1>
        <p>{v.t('stats.equity.lead')}</p>
        <YearForm v={v} action="/staff/stats/equity" year={year} />
        <BarChart
          v={v}
          id="equity-reach"
          title={v.t('stats.chart.reachByDistrict', { year })}
          summary={summarise(v, bars)}
          labelHeader={v.t('stats.district')}
          valueHeader={v.t('stats.perThousand')}
          bars={bars}
        />
        <Table
          id="equity"
          caption={v.t('stats.equity.table', { year })}
          rowHeaders
          rows={rows}
          columns={[
            { header: v.t('stats.district'), cell: (d) => name(v, d) },
            { header: v.t('stats.reached'), numeric: true, cell: (d) => show(v, d.reached) },
            { header: v.t('stats.perThousand'), numeric: true, cell: (d) => show(v, d.perThousand) },
            { header: v.t('stats.population65'), numeric: true, cell: (d) => show(v, d.population65) },
            { header: v.t('stats.share65'), numeric: true, cell: (d) => show(v, d.share65, '%') },
            { header: v.t('stats.aloneShare'), numeric: true, cell: (d) => show(v, d.aloneShare, '%') },
          ]}
        />
        <h2>{v.t('stats.divide.title')}</h2>
        <p>{v.t('stats.divide.lead')}</p>
        <Table
          id="divide"
          caption={v.t('stats.divide.caption')}
          rowHeaders
          rows={divide}
          columns={[
            { header: v.t('stats.group'), cell: (r) => v.t(`stats.divide.group.${r.group}`) },
            { header: v.t('stats.divide.metric'), cell: (r) => v.t(`stats.divide.metric.${r.metric}`) },
            { header: v.t('stats.year.label'), numeric: true, cell: (r) => String(r.year) },
            { header: v.t('stats.value'), numeric: true, cell: (r) => String(r.value) },
          ]}
        />
      </>
    )
  })
}

export const statsPages = [
  page({
    method: 'GET',
    path: '/stats',
    access: 'public',
    summary: 'Public statistics: headline figures, charts with tables, downloads (no sign-in)',
    query: YearQuery,
    handle: async (c, { query }) => {
      const year = query.year ?? currentYear(now(c))
      const s = await publicStats(c.var.db, year)
      return renderPage(c, { title: c.var.t('stats.public.title') }, (v) => (
        <>
          <h1>{v.t('stats.public.title')}</h1>
          <p>{v.t('stats.public.lead')}</p>
          <YearForm v={v} action="/stats" year={year} />
          <PublicView v={v} s={s} />
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/stats',
    access: 'stats:read',
    summary: 'KPI dashboard by district, month and group against targets',
    handle: (c) => dashboardPage(c),
  }),
  page({
    method: 'GET',
    path: '/staff/stats/equity',
    access: 'stats:read',
    summary: 'Equity: reach per 1,000 seniors by district beside indicators',
    handle: (c) => equityPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/stats/targets',
    access: 'stats:targets',
    summary: 'Sets a target for a figure for a year, a quarter or a month',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const t = parse(TargetInput, values)
          await setTarget(c.var.db, c.var.actor, t, now(c))
          return c.redirect(`/staff/stats?year=${t.year}`, 303)
        },
        (f, status) => dashboardPage(c, f, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/stats/refresh',
    access: 'stats:read',
    summary: 'Collects new events and refreshes the rollup now (also runs hourly)',
    handle: async (c) => {
      await collectAndRefresh(c.var.db, now(c))
      return c.redirect('/staff/stats', 303)
    },
  }),
]

export const statsNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  return scopeFor(v.actor.role, 'stats:read') ? [{ href: '/staff/stats', label: v.t('stats.nav') }] : []
}
