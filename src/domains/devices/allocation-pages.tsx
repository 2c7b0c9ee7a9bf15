import { z } from 'zod'
import type { Ctx } from '../../platform/http/context.ts'
import { isUuid } from '../../platform/http/params.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { Button, Checkboxes, ErrorSummary, Radios, TextField } from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { listDistricts } from '../reference/service.ts'
import { applicationRef, loadSettings, saveSettings } from './allocation-run.ts'
import { now, see } from './present.ts'
import { CRITERIA, type Criterion } from './rules.ts'
import * as svc from './service.ts'

const pct = (x: number) => (x * 100).toFixed(1)

const Int = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z
      .number('devices.err.number')
      .int('devices.err.number')
      .min(0, 'devices.err.number')
      .max(max, 'devices.err.number'),
  )
/** The programme manager's allocation settings form (also the API body). */
export const SettingsForm = z.object({
  phases: z.enum(['organisations_first', 'together']),
  pilotDistricts: z
    .array(z.string().regex(/^\d{5}$/))
    .max(25)
    .default([]),
  tolerancePct: Int(100),
  kmTenths: Int(20),
  ...(Object.fromEntries(CRITERIA.map((c) => [`w_${c}`, Int(100)])) as Record<
    `w_${Criterion}`,
    ReturnType<typeof Int>
  >),
})

/** The preview: objective against the LP bound, each district's share against its share of need, a reason for everyone. */
async function allocationPage(c: Ctx) {
  const r = await svc.runAllocation(c.var.db, c.var.actor, true, now(c))
  const districts = new Map((await listDistricts(c.var.db)).map((d) => [d.code, d]))
  const name = (v: View, code: string) => {
    const d = districts.get(code)
    return d ? (v.locale === 'ko' ? d.nameKo : d.nameEn) : code
  }
  const p = r.plan
  const given = p.decisions.filter((d) => d.deviceIds.length > 0).length
  const s = r.settings
  const committed = c.req.query('committed')
  return renderPage(c, { title: c.var.t('devices.alloc.title') }, (v) => (
    <>
      {committed !== undefined ? (
        <NotificationBanner
          v={v}
          variant="success"
          heading={
            c.req.query('already')
              ? v.t('devices.alloc.already')
              : v.t('devices.alloc.committed', { n: committed })
          }
        />
      ) : null}
      <h1>{v.t('devices.alloc.title')}</h1>
      <p class="lead">
        {v.t('devices.alloc.lead', { objective: p.objective, given, total: p.decisions.length })}
      </p>
      <p>
        {v.t('devices.alloc.bound', {
          objective: p.objective,
          bound: p.bound,
          gap: (p.gap * 100).toFixed(3),
          solver: p.solver === 'highs-lp' ? v.t('devices.alloc.lp') : v.t('devices.alloc.greedy'),
          columns: p.stats.columns,
          ms: p.stats.solveMs,
        })}{' '}
        {v.t('devices.alloc.solver', {
          solver: p.solver === 'highs-lp' ? v.t('devices.alloc.lp') : v.t('devices.alloc.greedy'),
          objective: p.objective,
          greedy: p.greedyObjective,
        })}
      </p>
      <p>
        {v.t('devices.alloc.settingsNow', {
          phases: v.t(`devices.alloc.phases.${s.phases}`),
          tolerance: Math.round(s.tolerance * 100),
          km: s.pointsPerKm,
          pilot: s.pilotDistricts?.length
            ? s.pilotDistricts.map((d) => name(v, d)).join(', ')
            : v.t('devices.alloc.allDistricts'),
        })}{' '}
        <a href="/staff/devices/allocation/settings">{v.t('devices.settings.title')}</a>
      </p>
      <Table
        id="districts"
        caption={v.t('devices.alloc.districts')}
        rows={p.districts}
        rowHeaders
        empty={v.t('devices.alloc.none')}
        columns={[
          { header: v.t('devices.field.district'), cell: (d) => name(v, d.code) },
          { header: v.t('devices.alloc.need'), cell: (d) => String(d.need), numeric: true },
          { header: v.t('devices.alloc.needShare'), cell: (d) => `${pct(d.needShare)}%`, numeric: true },
          { header: v.t('devices.alloc.cap'), cell: (d) => String(d.cap), numeric: true },
          { header: v.t('devices.alloc.given'), cell: (d) => String(d.given), numeric: true },
          { header: v.t('devices.alloc.givenShare'), cell: (d) => `${pct(d.givenShare)}%`, numeric: true },
        ]}
      />
      <Table
        id="decisions"
        caption={v.t('devices.alloc.decisions')}
        rows={p.decisions.slice(0, 500)}
        empty={v.t('devices.alloc.none')}
        columns={[
          { header: v.t('devices.alloc.reference'), cell: (d) => applicationRef(d.applicationId) },
          { header: v.t('devices.field.district'), cell: (d) => name(v, d.districtCode) },
          {
            header: v.t('devices.alloc.devices'),
            cell: (d) => `${d.deviceIds.length} / ${d.quantity}`,
            numeric: true,
          },
          { header: v.t('devices.alloc.why'), cell: (d) => v.t(d.reason.key, d.reason.params) },
        ]}
      />
      {given > 0 ? (
        <form method="post" action="/staff/devices/allocation">
          <Csrf v={v} />
          <input type="hidden" name="runId" value={r.runId} />
          <Button>{v.t('devices.alloc.commit')}</Button>
        </form>
      ) : null}
    </>
  ))
}

async function settingsPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const s = await loadSettings(c.var.db)
  const ds = await listDistricts(c.var.db)
  const val = (k: string, x: string | number) =>
    form.values[k] === undefined ? String(x) : String(form.values[k] as string)
  return renderPage(c, { title: c.var.t('devices.settings.title'), status }, (v) => (
    <>
      {c.req.query('saved') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.settings.saved')} />
      ) : null}
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.settings.title')}</h1>
      <p class="lead">{v.t('devices.settings.lead')}</p>
      <form method="post" action="/staff/devices/allocation/settings" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="phases"
          label={v.t('devices.settings.phases')}
          value={val('phases', s.phases)}
          options={(['organisations_first', 'together'] as const).map((x) => ({
            value: x,
            label: v.t(`devices.alloc.phases.${x}`),
          }))}
        />
        <Checkboxes
          v={v}
          form={form}
          name="pilotDistricts"
          label={v.t('devices.settings.pilot')}
          required={false}
          values={(form.values.pilotDistricts as string[] | undefined) ?? s.pilotDistricts ?? []}
          options={ds.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
        />
        <TextField
          v={v}
          form={form}
          name="tolerancePct"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('devices.settings.tolerance')}
          value={val('tolerancePct', Math.round(s.tolerance * 100))}
        />
        <TextField
          v={v}
          form={form}
          name="kmTenths"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('devices.settings.km')}
          value={val('kmTenths', Math.round(s.pointsPerKm * 10))}
        />
        <h2>{v.t('devices.settings.weights')}</h2>
        {CRITERIA.map((k) => (
          <TextField
            v={v}
            form={form}
            name={`w_${k}`}
            type="number"
            inputmode="numeric"
            width="short"
            label={v.t(`devices.criterion.${k}`)}
            value={val(`w_${k}`, s.weights[k])}
          />
        ))}
        <Button>{v.t('devices.settings.save')}</Button>
      </form>
    </>
  ))
}

/** Allocation preview, commit and the round's settings (programme manager). */
export const allocationPages = [
  page({
    method: 'GET',
    path: '/staff/devices/allocation',
    access: 'devices:allocate',
    handle: (c) => allocationPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/allocation',
    access: 'devices:allocate',
    handle: async (c) => {
      const form = formToObject(await c.req.formData())
      const runId = typeof form.runId === 'string' && isUuid(form.runId) ? form.runId : undefined
      const r = await svc.runAllocation(c.var.db, c.var.actor, false, now(c), runId)
      return see(c, `/staff/devices/allocation?committed=${r.committed}${r.already ? '&already=1' : ''}`)
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/allocation/settings',
    access: 'devices:allocate',
    handle: (c) => settingsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/allocation/settings',
    access: 'devices:allocate',
    handle: async (c) => {
      const values = formToObject(await c.req.formData(), ['pilotDistricts'])
      return withForm(
        c,
        values,
        async () => {
          const b = parse(SettingsForm, values)
          await saveSettings(
            c.var.db,
            c.var.actor,
            {
              phases: b.phases,
              pilotDistricts: b.pilotDistricts,
              tolerancePct: b.tolerancePct as number,
              kmTenths: b.kmTenths as number,
              weights: Object.fromEntries(CRITERIA.map((k) => [k, b[`w_${k}`] as number])) as Record<
                Criterion,
                number
              >,
            },
            now(c),
          )
          return see(c, '/staff/devices/allocation/settings?saved=1')
        },
        (f, status) => settingsPage(c, f, status),
      )
    },
  }),
]
