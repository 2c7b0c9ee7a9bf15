import { scopeFor } from '../../platform/auth/permissions.ts'
import { cityProfile } from '../../platform/city.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Radios,
  Select,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { MapFigure, POINT_COLORS } from '../../ui/components/map.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { Pagination } from '../../ui/components/pagination.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import type { NavItem } from '../../ui/layout.tsx'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { listDistricts } from '../reference/service.ts'
import { CSV_COLUMNS, type ImportReport, importCsv, importHsds } from './hsds.ts'
import { FACILITY_KINDS, FacilitiesQuery, FacilityInput } from './schema.ts'
import { facilityHistory, getFacility, listFacilities, type PlaceDetails, updateFacility } from './service.ts'
import { SERVICES } from './tables.ts'

const name = (v: View, p: { nameKo: string; nameEn: string | null }) =>
  v.locale === 'en' && p.nameEn ? p.nameEn : p.nameKo
const tri = (v: View, b: boolean | null) =>
  v.t(b === true ? 'directory.access.yes' : b === false ? 'directory.access.no' : 'directory.access.unknown')
const langName = (v: View, code: string) => {
  const k = `directory.lang.${code}`
  const s = v.t(k)
  return s === k ? code : s
}
const ACCESS = ['stepFree', 'hearingLoop', 'braille'] as const

const accessLine = (v: View, d: PlaceDetails) =>
  ACCESS.filter((k) => d.accessibility[k] === true)
    .map((k) => v.t(`directory.access.${k}`))
    .join(', ') || v.t('directory.access.unknown')

const listPage = async (c: Ctx, q: FacilitiesQuery) => {
  const [res, districts] = await Promise.all([listFacilities(c.var.db, q), listDistricts(c.var.db)])
  const params = new URLSearchParams()
  if (q.kind) params.set('kind', q.kind)
  if (q.district) params.set('district', q.district)
  if (q.service) params.set('service', q.service)
  if (q.stepFree) params.set('stepFree', 'yes')
  const city = cityProfile(c.var.deps.config.GACHI_CITY)
  return renderPage(c, { title: c.var.t('directory.title') }, (v) => (
    <>
      <h1>{v.t('directory.title')}</h1>
      <p class="lead">{v.t('directory.lead')}</p>
      <form method="get" action="/directory" class="inline-form">
        <Select
          v={v}
          name="kind"
          required={false}
          label={v.t('directory.filter.kind')}
          placeholder={v.t('directory.filter.anyKind')}
          value={q.kind ?? ''}
          options={FACILITY_KINDS.map((k) => ({ value: k, label: v.t(`place.${k}`) }))}
        />
        <Select
          v={v}
          name="district"
          required={false}
          label={v.t('directory.filter.district')}
          placeholder={v.t('directory.filter.anyDistrict')}
          value={q.district ?? ''}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'en' ? d.nameEn : d.nameKo }))}
        />
        <Select
          v={v}
          name="service"
          required={false}
          label={v.t('directory.filter.service')}
          placeholder={v.t('directory.filter.anyService')}
          value={q.service ?? ''}
          options={SERVICES.map((s) => ({ value: s, label: v.t(`directory.service.${s}`) }))}
        />
        <Checkboxes
          v={v}
          name="stepFree"
          required={false}
          label={v.t('directory.filter.stepFree')}
          values={q.stepFree ? ['yes'] : []}
          options={[{ value: 'yes', label: v.t('directory.filter.stepFreeYes') }]}
        />
        <Button>{v.t('directory.filter.submit')}</Button>
      </form>
      <p>{v.t('directory.count', { n: res.total })}</p>
      <MapFigure
        v={v}
        id="directory"
        title={v.t('directory.mapTitle')}
        layers={[
          {
            id: 'facilities',
            label: v.t('directory.title'),
            kind: 'points',
            url: `/api/v1/directory/facilities.geojson?${params}`,
            color: POINT_COLORS[0],
          },
        ]}
        center={city.center}
        zoom={11}
        lazy
        tileUrl={c.var.deps.config.MAP_TILE_URL ? '/api/v1/map/tiles/{z}/{x}/{y}' : null}
        tileAttribution={c.var.deps.config.MAP_TILE_ATTRIBUTION ?? null}
      >
        <Table
          id="facilities"
          caption={v.t('directory.title')}
          captionHidden
          rows={res.items}
          empty={v.t('directory.none')}
          columns={[
            {
              header: v.t('directory.col.name'),
              cell: (r) => (
                <>
                  <a href={`/directory/${encodeURIComponent(r.place.id)}`}>{name(v, r.place)}</a>
                  <br />
                  <span class="subtle">{v.t(`place.${r.place.kind}`)}</span>
                </>
              ),
            },
            { header: v.t('directory.col.district'), cell: (r) => r.place.districtName ?? '' },
            { header: v.t('directory.col.access'), cell: (r) => accessLine(v, r.details) },
            {
              header: v.t('directory.col.phone'),
              cell: (r) =>
                r.details.contact.phone ? (
                  <a href={`tel:${r.details.contact.phone}`}>{r.details.contact.phone}</a>
                ) : (
                  ''
                ),
            },
          ]}
        />
      </MapFigure>
      <Pagination
        v={v}
        page={res.page}
        total={Math.max(1, Math.ceil(res.total / res.perPage))}
        href={(p) => `/directory?${new URLSearchParams([...params, ['page', String(p)]])}`}
      />
    </>
  ))
}

const detailPage = async (c: Ctx, id: string) => {
  const f = await getFacility(c.var.db, id)
  const d = f.details
  const actor = c.var.actor
  const canEdit = actor.kind === 'staff' && scopeFor(actor.role, 'directory:manage') !== null
  return renderPage(c, { title: name(viewLocale(c), f.place) }, (v) => (
    <>
      <h1>{name(v, f.place)}</h1>
      <p class="lead">{v.t(`place.${f.place.kind}`)}</p>
      {(v.locale === 'en' ? f.facts.descriptionEn : f.facts.descriptionKo) ? (
        <p>{v.locale === 'en' ? f.facts.descriptionEn : f.facts.descriptionKo}</p>
      ) : null}
      <h2>{v.t('directory.hours')}</h2>
      {d.hours.length ? (
        <ul>
          {d.hours.map((h) => (
            <li>
              {v.t(`directory.day.${h.day}`)} {h.opens}–{h.closes}
            </li>
          ))}
        </ul>
      ) : (
        <p>{v.t('directory.hoursUnknown')}</p>
      )}
      {(v.locale === 'en' ? d.hoursNote.en : d.hoursNote.ko) ? (
        <p>{v.locale === 'en' ? d.hoursNote.en : d.hoursNote.ko}</p>
      ) : null}
      <h2>{v.t('directory.access')}</h2>
      <SummaryList
        v={v}
        rows={ACCESS.map((k) => ({ key: v.t(`directory.access.${k}`), value: tri(v, d.accessibility[k]) }))}
      />
      {(v.locale === 'en' ? d.accessNote.en : d.accessNote.ko) ? (
        <p>{v.locale === 'en' ? d.accessNote.en : d.accessNote.ko}</p>
      ) : null}
      <h2>{v.t('directory.contact')}</h2>
      <SummaryList
        v={v}
        rows={[
          { key: v.t('directory.address'), value: f.place.address ?? v.t('common.none') },
          {
            key: v.t('common.phone'),
            value: d.contact.phone ? (
              <a href={`tel:${d.contact.phone}`}>{d.contact.phone}</a>
            ) : (
              v.t('common.none')
            ),
          },
          { key: v.t('directory.email'), value: d.contact.email ?? v.t('common.none') },
          {
            key: v.t('directory.website'),
            value: d.contact.website ? (
              <a href={d.contact.website}>{d.contact.website}</a>
            ) : (
              v.t('common.none')
            ),
          },
          { key: v.t('directory.languages'), value: d.languages.map((l) => langName(v, l)).join(', ') },
          {
            key: v.t('directory.services'),
            value: d.services.length
              ? d.services.map((s) => v.t(`directory.service.${s}`)).join(', ')
              : v.t('common.none'),
          },
        ]}
      />
      {canEdit ? (
        <p>
          <a href={`/staff/directory/${encodeURIComponent(f.place.id)}`}>{v.t('directory.edit')}</a>
        </p>
      ) : null}
    </>
  ))
}

const viewLocale = (c: Ctx) => ({ locale: c.var.locale }) as View

const editPage = async (c: Ctx, id: string, form?: FormState, status = 200) => {
  const f = await getFacility(c.var.db, id)
  const history = await facilityHistory(c.var.db, c.var.actor, id)
  const x = f.facts
  const values =
    form ??
    emptyForm({
      version: String(f.version),
      hours: x.hours.map((h) => `${h.day} ${h.opens}-${h.closes}`).join('\n'),
      hoursNoteKo: x.hoursNoteKo ?? '',
      hoursNoteEn: x.hoursNoteEn ?? '',
      stepFree: x.stepFree === null ? 'unknown' : x.stepFree ? 'yes' : 'no',
      hearingLoop: x.hearingLoop === null ? 'unknown' : x.hearingLoop ? 'yes' : 'no',
      braille: x.braille === null ? 'unknown' : x.braille ? 'yes' : 'no',
      accessKo: x.accessKo ?? '',
      accessEn: x.accessEn ?? '',
      languages: x.languages,
      services: x.services,
      phone: x.contact.phone ?? '',
      email: x.contact.email ?? '',
      website: x.contact.website ?? '',
      descriptionKo: x.descriptionKo ?? '',
      descriptionEn: x.descriptionEn ?? '',
    })
  const title = `${name(viewLocale(c), f.place)} — ${c.var.t('directory.edit')}`
  const triOptions = (v: View) => [
    { value: 'yes', label: v.t('directory.access.yes') },
    { value: 'no', label: v.t('directory.access.no') },
    { value: 'unknown', label: v.t('directory.access.unknown') },
  ]
  return renderPage(c, { title, status }, (v) => (
    <>
      <ErrorSummary v={v} form={values} />
      {c.req.query('saved') ? (
        <NotificationBanner v={v} variant="success" id="saved" heading={v.t('directory.saved')}>
          {null}
        </NotificationBanner>
      ) : null}
      <h1>{title}</h1>
      <form method="post" action={`/staff/directory/${encodeURIComponent(id)}`} novalidate>
        <Csrf v={v} />
        <input type="hidden" name="version" value={String(values.values.version ?? f.version)} />
        <Textarea
          v={v}
          form={values}
          name="hours"
          required={false}
          rows={7}
          label={v.t('directory.form.hours')}
          hint={v.t('directory.form.hoursHint')}
        />
        <TextField
          v={v}
          form={values}
          name="hoursNoteKo"
          required={false}
          label={v.t('directory.form.hoursNoteKo')}
        />
        <TextField
          v={v}
          form={values}
          name="hoursNoteEn"
          required={false}
          label={v.t('directory.form.hoursNoteEn')}
        />
        {ACCESS.map((k) => (
          <Radios v={v} form={values} name={k} label={v.t(`directory.access.${k}`)} options={triOptions(v)} />
        ))}
        <TextField
          v={v}
          form={values}
          name="accessKo"
          required={false}
          label={v.t('directory.form.accessKo')}
        />
        <TextField
          v={v}
          form={values}
          name="accessEn"
          required={false}
          label={v.t('directory.form.accessEn')}
        />
        <Checkboxes
          v={v}
          form={values}
          name="languages"
          label={v.t('directory.form.languages')}
          options={['ko', 'en', 'zh', 'ja', 'vi', 'ksl'].map((l) => ({ value: l, label: langName(v, l) }))}
        />
        <Checkboxes
          v={v}
          form={values}
          name="services"
          required={false}
          label={v.t('directory.services')}
          options={SERVICES.map((s) => ({ value: s, label: v.t(`directory.service.${s}`) }))}
        />
        <TextField
          v={v}
          form={values}
          name="phone"
          type="tel"
          width="medium"
          required={false}
          label={v.t('common.phone')}
        />
        <TextField
          v={v}
          form={values}
          name="email"
          type="email"
          required={false}
          label={v.t('directory.email')}
        />
        <TextField v={v} form={values} name="website" required={false} label={v.t('directory.website')} />
        <Textarea
          v={v}
          form={values}
          name="descriptionKo"
          required={false}
          rows={3}
          label={v.t('directory.form.descriptionKo')}
        />
        <Textarea
          v={v}
          form={values}
          name="descriptionEn"
          required={false}
          rows={3}
          label={v.t('directory.form.descriptionEn')}
        />
        <Button>{v.t('directory.form.save')}</Button>
      </form>
      <h2>{v.t('directory.history')}</h2>
      <Table
        id="history"
        caption={v.t('directory.history')}
        captionHidden
        rows={history}
        empty={v.t('common.none')}
        columns={[
          { header: v.t('directory.history.version'), cell: (h) => String(h.version) },
          { header: v.t('directory.history.when'), cell: (h) => formatDateTime(v.locale, h.changedAt) },
          { header: v.t('directory.history.who'), cell: (h) => v.t(`directory.source.${h.source}`) },
          { header: v.t('directory.history.fields'), cell: (h) => h.fields.join(', ') },
        ]}
      />
      <p>
        <a href={`/directory/${encodeURIComponent(id)}`}>{name(v, f.place)}</a>
      </p>
    </>
  ))
}

const exchangePage = (c: Ctx, report?: ImportReport, status = 200) =>
  renderPage(c, { title: c.var.t('directory.exchange.title'), status }, (v) => (
    <>
      {report ? (
        report.ok ? (
          <NotificationBanner
            v={v}
            variant="success"
            id="report"
            heading={v.t('directory.exchange.ok', {
              created: report.created,
              updated: report.updated,
              unchanged: report.unchanged,
            })}
          >
            {null}
          </NotificationBanner>
        ) : (
          <div class="error-summary" role="alert" tabindex={-1} id="report">
            <h2>{v.t('directory.exchange.failed')}</h2>
            <Table
              id="problems"
              caption={v.t('directory.exchange.failed')}
              captionHidden
              rows={report.errors}
              empty=""
              columns={[
                { header: v.t('directory.exchange.where'), cell: (e) => e.path },
                { header: v.t('directory.exchange.problem'), cell: (e) => e.message },
              ]}
            />
          </div>
        )
      ) : null}
      <h1>{v.t('directory.exchange.title')}</h1>
      <p class="lead">{v.t('directory.exchange.lead')}</p>
      <p>
        <Button href="/api/v1/directory/hsds" variant="secondary">
          {v.t('directory.exchange.export')}
        </Button>
      </p>
      <form method="post" action="/staff/directory/exchange" novalidate>
        <Csrf v={v} />
        <input type="hidden" name="format" value="hsds" />
        <Textarea v={v} name="content" rows={6} label={v.t('directory.exchange.hsdsFile')} />
        <Button>{v.t('directory.exchange.import')}</Button>
      </form>
      <form method="post" action="/staff/directory/exchange" novalidate>
        <Csrf v={v} />
        <input type="hidden" name="format" value="csv" />
        <Textarea
          v={v}
          name="csv"
          rows={6}
          label={v.t('directory.exchange.csvFile')}
          hint={v.t('directory.exchange.csvHint', { columns: CSV_COLUMNS.join(',') })}
        />
        <Button>{v.t('directory.exchange.importCsv')}</Button>
      </form>
    </>
  ))

export const directoryNav = (v: View): NavItem[] =>
  v.actor.kind === 'staff' && scopeFor(v.actor.role, 'directory:manage')
    ? [{ href: '/staff/directory/exchange', label: v.t('directory.nav') }]
    : []

export const cityOf = (c: Ctx) => {
  const p = cityProfile(c.var.deps.config.GACHI_CITY)
  return { code: c.var.deps.config.GACHI_CITY, nameKo: p.name.ko, nameEn: p.name.en }
}

export const directoryPages = [
  page({
    method: 'GET',
    path: '/directory',
    access: 'public',
    summary: 'Facilities and services: list with filters',
    query: FacilitiesQuery,
    handle: (c, { query }) => listPage(c, query),
  }),
  page({
    method: 'GET',
    path: '/staff/directory/exchange',
    access: 'directory:manage',
    summary: 'HSDS export/import and CSV bulk update',
    handle: (c) => exchangePage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/directory/exchange',
    access: 'directory:manage',
    summary: 'Imports HSDS JSON or CSV (all or nothing) and shows the validation report',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      const by = c.var.actor.kind === 'staff' ? c.var.actor.id : null
      const now = c.var.deps.now()
      let report: ImportReport
      if (values.format === 'csv') report = await importCsv(c.var.db, String(values.csv ?? ''), by, now)
      else {
        let json: unknown
        try {
          json = JSON.parse(String(values.content ?? ''))
        } catch {
          json = undefined
        }
        report =
          json === undefined
            ? {
                ok: false,
                errors: [{ path: 'file', message: 'not JSON' }],
                created: 0,
                updated: 0,
                unchanged: 0,
              }
            : await importHsds(c.var.db, json, by, now, { schemaDir: c.var.deps.config.HSDS_SCHEMA_DIR })
      }
      return exchangePage(c, report, report.ok ? 200 : 422)
    },
  }),
  page({
    method: 'GET',
    path: '/directory/:id',
    access: 'public',
    summary: 'One facility: hours, accessibility, languages, services, contact',
    handle: (c) => detailPage(c, c.req.param('id') ?? ''),
  }),
  page({
    method: 'GET',
    path: '/staff/directory/:id',
    access: 'directory:manage',
    summary: "Edit a facility's details; change history",
    handle: (c) => editPage(c, c.req.param('id') ?? ''),
  }),
  page({
    method: 'POST',
    path: '/staff/directory/:id',
    access: 'directory:manage',
    summary: "Saves a facility's details (version check, history, audit)",
    handle: async (c) => {
      const id = c.req.param('id') ?? ''
      const values = formToObject(await c.req.formData(), ['languages', 'services'])
      return withForm(
        c,
        values,
        async () => {
          await updateFacility(c.var.db, c.var.actor, id, parse(FacilityInput, values), c.var.deps.now())
          return c.redirect(`/staff/directory/${encodeURIComponent(id)}?saved=1`, 303)
        },
        (form, status) => editPage(c, id, form, status),
      )
    },
  }),
]
