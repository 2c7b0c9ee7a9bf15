import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime, formatNumber } from '../../platform/i18n/format.ts'
import { Button, Checkboxes, ErrorSummary, Radios, Select, TextField } from '../../ui/components/form.tsx'
import { MapFigure, type MapLayerRef } from '../../ui/components/map.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { listDistricts } from '../reference/service.ts'
import { AssistSurveyOnField, OpinionOnField } from '../voice/field.tsx'
import { KIOSK_PROBLEMS, KIOSK_TYPES } from '../voice/tables.ts'
import type { AssignmentRow, PlanRow } from './repo.ts'
import {
  AssistInput,
  CheckInput,
  HeatQuery,
  RuleInput,
  SettingsInput,
  SiteInput,
  TeamInput,
  WeekQuery,
} from './schema.ts'
import {
  addRule,
  addSite,
  checkIn,
  checkOut,
  createTeam,
  currentPlan,
  freeGuides,
  getPlan,
  HOURS,
  heatmap,
  hotspots,
  listPlans,
  listRules,
  listTeams,
  liveBoard,
  loadSettings,
  logAssist,
  mySchedule,
  publishPlan,
  removeRule,
  runPlan,
  saveSettings,
  weeklyReport,
} from './service.ts'
import { ASSIST_OUTCOMES, ASSIST_WHAT, REFERRAL_KINDS, SHIFTS } from './tables.ts'

const param = (c: Ctx, name: string) => c.req.param(name) ?? ''
const city = (c: Ctx) => c.var.deps.config.GACHI_CITY
const label = (v: View, r: { labelKo: string; labelEn: string }) =>
  v.locale === 'ko' ? r.labelKo : r.labelEn
const shiftLabel = (v: View, s: string) => {
  const [d, h] = s.split('-')
  return `${v.t(`guides.day.${d}`)} ${v.t(`guides.half.${h}`)}`
}
const pct = (v: View, x: number) => `${formatNumber(v.locale, 100 * x, 2)}%`
const n0 = (v: View, x: number) => formatNumber(v.locale, Math.round(x))
/** A walking route to a site (a link; the app itself needs no map service). */
export const routeHref = (a: { lat: number; lon: number }) =>
  `https://www.openstreetmap.org/directions?engine=fossgis_osrm_foot&route=%3B${a.lat}%2C${a.lon}`

export const guidesNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const items: { href: string; label: string }[] = []
  if (scopeFor(v.actor.role, 'guides:plan'))
    items.push({ href: '/staff/guides', label: v.t('guides.nav.plan') })
  if (v.actor.role === 'digital_guide')
    items.push({ href: '/staff/guides/field', label: v.t('guides.nav.field') })
  return items
}

const ManagerLinks = ({ v }: { v: View }) => (
  <nav aria-label={v.t('guides.nav.section')} class="guides-subnav">
    <ul class="list-inline">
      {(
        [
          ['/staff/guides', 'guides.plan.title'],
          ['/staff/guides/hotspots', 'guides.hotspots.title'],
          ['/staff/guides/teams', 'guides.teams.title'],
          ['/staff/guides/board', 'guides.board.title'],
          ['/staff/guides/heatmap', 'guides.heat.title'],
          ['/staff/guides/report', 'guides.report.title'],
        ] as const
      ).map(([href, key]) => (
        <li>
          <a href={href} aria-current={v.path === href ? 'page' : undefined}>
            {v.t(key)}
          </a>
        </li>
      ))}
    </ul>
  </nav>
)

// ── plan ───────────────────────────────────────────────────────────────────────────────────────

const statusTone = (s: string) => (s === 'published' ? 'success' : s === 'draft' ? 'info' : 'neutral')

const PlanSummary = ({ v, p }: { v: View; p: PlanRow }) => (
  <SummaryList
    v={v}
    rows={[
      {
        key: v.t('guides.plan.version'),
        value: (
          <>
            {String(p.version)}{' '}
            <StatusTag tone={statusTone(p.status)}>{v.t(`guides.status.${p.status}`)}</StatusTag>
          </>
        ),
      },
      { key: v.t('guides.plan.week'), value: p.weekStart },
      { key: v.t('guides.plan.solver'), value: v.t(`guides.solver.${p.solver}`) },
      {
        key: v.t('guides.plan.covered'),
        value: `${n0(v, p.covered)} (${pct(v, p.totalDemand ? p.covered / p.totalDemand : 0)})`,
      },
      {
        key: v.t('guides.plan.bound'),
        value: `${n0(v, p.bound)} — ${v.t('guides.plan.gap')} ${pct(v, p.gap)}`,
      },
      {
        key: v.t('guides.plan.greedy'),
        value: `${n0(v, p.greedyCovered)} (${pct(v, p.totalDemand ? p.greedyCovered / p.totalDemand : 0)})`,
      },
      { key: v.t('guides.plan.time'), value: `${formatNumber(v.locale, p.elapsedMs / 1000, 1)} s` },
      { key: v.t('guides.plan.made'), value: formatDateTime(v.locale, p.createdAt) },
    ]}
  />
)

function PlanTable({
  v,
  rows,
  teams,
  id = 'plan-table',
  actions = false,
}: {
  v: View
  rows: AssignmentRow[]
  teams: Map<string, string>
  id?: string
  /** Pin / forbid buttons on each row (the plan page). */
  actions?: boolean
}) {
  return (
    <Table
      id={id}
      caption={v.t('guides.plan.tableCaption')}
      rows={rows}
      empty={v.t('guides.plan.none')}
      columns={[
        { header: v.t('guides.plan.shift'), cell: (a) => shiftLabel(v, a.shift) },
        { header: v.t('guides.plan.team'), cell: (a) => teams.get(a.teamId) ?? '-' },
        {
          header: v.t('guides.plan.site'),
          cell: (a) => (
            <>
              {label(v, a)} {a.pinned ? <StatusTag tone="info">{v.t('guides.rule.pin')}</StatusTag> : null}
            </>
          ),
        },
        { header: v.t('guides.plan.district'), cell: (a) => a.districtCode },
        { header: v.t('guides.plan.seniorsNear'), numeric: true, cell: (a) => n0(v, a.covered) },
        ...(actions
          ? [
              {
                header: v.t('guides.rule.title'),
                cell: (a: AssignmentRow) => (
                  <div class="button-group">
                    {a.pinned ? null : (
                      <form method="post" action="/staff/guides/rules">
                        <Csrf v={v} />
                        <input type="hidden" name="kind" value="pin" />
                        <input type="hidden" name="siteId" value={a.siteId} />
                        <input type="hidden" name="shift" value={a.shift} />
                        <input type="hidden" name="teamId" value={a.teamId} />
                        <Button small variant="secondary">
                          {v.t('guides.rule.pinHere')}
                          <span class="sr-only">
                            {' '}
                            {label(v, a)}, {shiftLabel(v, a.shift)}
                          </span>
                        </Button>
                      </form>
                    )}
                    <form method="post" action="/staff/guides/rules">
                      <Csrf v={v} />
                      <input type="hidden" name="kind" value="forbid" />
                      <input type="hidden" name="siteId" value={a.siteId} />
                      <input type="hidden" name="shift" value={a.shift} />
                      <Button small variant="secondary">
                        {v.t('guides.rule.forbidHere')}
                        <span class="sr-only">
                          {' '}
                          {label(v, a)}, {shiftLabel(v, a.shift)}
                        </span>
                      </Button>
                    </form>
                  </div>
                ),
              },
            ]
          : []),
      ]}
    />
  )
}

/** The plan layer draws the newest version (draft or published). */
const planLayer = (v: View): MapLayerRef => ({
  id: 'guides-plan',
  label: v.t('guides.map.plan'),
  kind: 'points',
  url: '/api/v1/map/layers/guides-plan',
  color: '#0b5cad',
})

async function planPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const db = c.var.db
  const cur = await currentPlan(db, c.var.actor)
  const teams = await listTeams(db)
  const teamNames = new Map(teams.map((t) => [t.id, t.title]))
  const rules = await listRules(db)
  const versions = await listPlans(db, c.var.actor)
  const saved = c.req.query('saved')
  return renderPage(c, { title: c.var.t('guides.plan.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      {saved ? (
        <NotificationBanner v={v} variant="success" heading={v.t(`guides.saved.${saved}`)} id="saved" />
      ) : null}
      <h1>{v.t('guides.plan.title')}</h1>
      <ManagerLinks v={v} />
      <p>{v.t('guides.plan.lead')}</p>
      <form method="post" action="/staff/guides/run" class="form-inline">
        <Csrf v={v} />
        <Button>{v.t('guides.plan.run')}</Button>
      </form>
      {cur ? (
        <>
          <h2>{v.t('guides.plan.current')}</h2>
          <PlanSummary v={v} p={cur.plan} />
          {cur.plan.status === 'draft' ? (
            <form method="post" action={`/staff/guides/plans/${cur.plan.id}/publish`}>
              <Csrf v={v} />
              <Button>{v.t('guides.plan.publish')}</Button>
            </form>
          ) : (
            <p>{v.t('guides.plan.immutable')}</p>
          )}
          <MapFigure
            v={v}
            id="plan-map"
            title={v.t('guides.map.plan')}
            center={v.city.center}
            lazy
            layers={[planLayer(v)]}
          >
            <PlanTable v={v} rows={cur.assignments} teams={teamNames} actions />
          </MapFigure>
        </>
      ) : (
        <p>{v.t('guides.plan.noneYet')}</p>
      )}
      <h2>{v.t('guides.rule.title')}</h2>
      <p>{v.t('guides.rule.lead')}</p>
      <Table
        id="rules"
        caption={v.t('guides.rule.caption')}
        rows={rules}
        empty={v.t('guides.rule.none')}
        columns={[
          { header: v.t('guides.rule.kind'), cell: (r) => v.t(`guides.rule.${r.kind}`) },
          { header: v.t('guides.plan.site'), cell: (r) => r.siteId },
          {
            header: v.t('guides.plan.shift'),
            cell: (r) => (r.shift ? shiftLabel(v, r.shift) : v.t('guides.rule.allShifts')),
          },
          {
            header: v.t('guides.plan.team'),
            cell: (r) => (r.teamId ? (teamNames.get(r.teamId) ?? '-') : '-'),
          },
          {
            header: v.t('guides.rule.remove'),
            cell: (r) => (
              <form method="post" action={`/staff/guides/rules/${r.id}/delete`}>
                <Csrf v={v} />
                <Button small variant="secondary">
                  {v.t('guides.rule.remove')}
                </Button>
              </form>
            ),
          },
        ]}
      />
      <form method="post" action="/staff/guides/rules" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="kind"
          label={v.t('guides.rule.kind')}
          options={[
            { value: 'pin', label: v.t('guides.rule.pin') },
            { value: 'forbid', label: v.t('guides.rule.forbid') },
          ]}
        />
        <TextField
          v={v}
          form={form}
          name="siteId"
          label={v.t('guides.rule.siteId')}
          hint={v.t('guides.rule.siteHint')}
          width="medium"
        />
        <Select
          v={v}
          form={form}
          name="shift"
          label={v.t('guides.plan.shift')}
          placeholder={v.t('guides.rule.allShifts')}
          options={SHIFTS.map((s) => ({ value: s, label: shiftLabel(v, s) }))}
        />
        <Select
          v={v}
          form={form}
          name="teamId"
          label={v.t('guides.plan.team')}
          hint={v.t('guides.rule.teamHint')}
          placeholder={v.t('guides.rule.noTeam')}
          options={teams.map((t) => ({ value: t.id, label: t.title }))}
        />
        <Button>{v.t('guides.rule.add')}</Button>
      </form>
      <h2>{v.t('guides.plan.versions')}</h2>
      <Table
        id="versions"
        caption={v.t('guides.plan.versions')}
        captionHidden
        rows={versions}
        columns={[
          {
            header: v.t('guides.plan.version'),
            cell: (p) => <a href={`/staff/guides/plans/${p.id}`}>{String(p.version)}</a>,
          },
          { header: v.t('guides.plan.status'), cell: (p) => v.t(`guides.status.${p.status}`) },
          { header: v.t('guides.plan.covered'), numeric: true, cell: (p) => n0(v, p.covered) },
          { header: v.t('guides.plan.gap'), numeric: true, cell: (p) => pct(v, p.gap) },
          { header: v.t('guides.plan.made'), cell: (p) => formatDateTime(v.locale, p.createdAt) },
        ]}
      />
    </>
  ))
}

async function onePlanPage(c: Ctx, id: string) {
  const { plan, assignments } = await getPlan(c.var.db, c.var.actor, id)
  const teamNames = new Map((await listTeams(c.var.db)).map((t) => [t.id, t.title]))
  const newest = (await listPlans(c.var.db, c.var.actor))[0]?.id === plan.id
  return renderPage(c, { title: c.var.t('guides.plan.versionTitle', { n: plan.version }) }, (v) => (
    <>
      <h1>{v.t('guides.plan.versionTitle', { n: plan.version })}</h1>
      <ManagerLinks v={v} />
      <PlanSummary v={v} p={plan} />
      {plan.status === 'draft' ? (
        <form method="post" action={`/staff/guides/plans/${plan.id}/publish`}>
          <Csrf v={v} />
          <Button>{v.t('guides.plan.publish')}</Button>
        </form>
      ) : null}
      {newest ? (
        <MapFigure
          v={v}
          id="plan-map"
          title={v.t('guides.map.plan')}
          center={v.city.center}
          lazy
          layers={[planLayer(v)]}
        >
          <PlanTable v={v} rows={assignments} teams={teamNames} />
        </MapFigure>
      ) : (
        <PlanTable v={v} rows={assignments} teams={teamNames} />
      )}
    </>
  ))
}

// ── hotspots and settings ──────────────────────────────────────────────────────────────────────

async function hotspotsPage(c: Ctx, form?: FormState, status = 200) {
  const st = await loadSettings(c.var.db)
  const spots = (await hotspots(c.var.db, city(c), c.var.deps.now(), st)).slice(0, 100)
  const f =
    form ??
    emptyForm({
      seniors: String(st.weights.seniors),
      facilities: String(st.weights.facilities),
      assists: String(st.weights.assists),
      walkM: String(st.walkM),
      travelKm: String(st.travelKm),
      minPerDistrict: String(st.minPerDistrict),
      timeLimitS: String(st.timeLimitS),
    })
  return renderPage(c, { title: c.var.t('guides.hotspots.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={f} />
      {c.req.query('saved') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('guides.saved.settings')} id="saved" />
      ) : null}
      <h1>{v.t('guides.hotspots.title')}</h1>
      <ManagerLinks v={v} />
      <p>{v.t('guides.hotspots.lead')}</p>
      <h2>{v.t('guides.settings.title')}</h2>
      <form method="post" action="/staff/guides/settings" novalidate>
        <Csrf v={v} />
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{v.t('guides.settings.weights')}</legend>
          <TextField
            v={v}
            form={f}
            name="seniors"
            type="number"
            inputmode="decimal"
            width="short"
            label={v.t('guides.settings.wSeniors')}
          />
          <TextField
            v={v}
            form={f}
            name="facilities"
            type="number"
            inputmode="decimal"
            width="short"
            label={v.t('guides.settings.wFacilities')}
          />
          <TextField
            v={v}
            form={f}
            name="assists"
            type="number"
            inputmode="decimal"
            width="short"
            label={v.t('guides.settings.wAssists')}
          />
        </fieldset>
        <TextField
          v={v}
          form={f}
          name="walkM"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('guides.settings.walk')}
        />
        <TextField
          v={v}
          form={f}
          name="travelKm"
          type="number"
          inputmode="decimal"
          width="short"
          label={v.t('guides.settings.travel')}
        />
        <TextField
          v={v}
          form={f}
          name="minPerDistrict"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('guides.settings.min')}
        />
        <TextField
          v={v}
          form={f}
          name="timeLimitS"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('guides.settings.time')}
        />
        <Button>{v.t('guides.settings.save')}</Button>
      </form>
      <MapFigure
        v={v}
        id="hot-map"
        title={v.t('guides.hotspots.caption')}
        center={v.city.center}
        lazy
        layers={[
          {
            id: 'guides-hotspots',
            label: v.t('guides.hotspots.caption'),
            kind: 'points',
            url: '/api/v1/map/layers/guides-hotspots',
            color: '#b3261e',
          },
        ]}
      >
        <Table
          id="hotspots"
          caption={v.t('guides.hotspots.caption')}
          rows={spots}
          empty={v.t('guides.hotspots.none')}
          columns={[
            { header: v.t('guides.plan.site'), cell: (h) => label(v, h) },
            { header: v.t('guides.hotspots.id'), cell: (h) => h.id },
            { header: v.t('guides.plan.district'), cell: (h) => h.districtCode },
            { header: v.t('guides.hotspots.seniors'), numeric: true, cell: (h) => n0(v, h.seniors) },
            { header: v.t('guides.hotspots.facilities'), numeric: true, cell: (h) => String(h.facilities) },
            { header: v.t('guides.hotspots.assists'), numeric: true, cell: (h) => String(h.assists) },
            {
              header: v.t('guides.hotspots.score'),
              numeric: true,
              cell: (h) => formatNumber(v.locale, h.score, 1),
            },
          ]}
        />
      </MapFigure>
    </>
  ))
}

// ── teams and sites ────────────────────────────────────────────────────────────────────────────

async function teamsPage(
  c: Ctx,
  form: FormState = emptyForm(),
  siteForm: FormState = emptyForm(),
  status = 200,
) {
  const teams = await listTeams(c.var.db)
  const free = await freeGuides(c.var.db)
  const districts = await listDistricts(c.var.db)
  const dname = (v: View, code: string) => {
    const d = districts.find((x) => x.code === code)
    return d ? (v.locale === 'ko' ? d.nameKo : d.nameEn) : code
  }
  return renderPage(c, { title: c.var.t('guides.teams.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={Object.keys(form.errors).length || form.formError ? form : siteForm} />
      <h1>{v.t('guides.teams.title')}</h1>
      <ManagerLinks v={v} />
      <Table
        id="teams"
        caption={v.t('guides.teams.caption')}
        rows={teams}
        empty={v.t('guides.teams.none')}
        columns={[
          { header: v.t('guides.plan.team'), cell: (t) => t.title },
          { header: v.t('guides.teams.home'), cell: (t) => dname(v, t.homeDistrict) },
          {
            header: v.t('guides.teams.members'),
            cell: (t) => t.members.map((m) => m.displayName).join(', '),
          },
          { header: v.t('guides.teams.shifts'), numeric: true, cell: (t) => String(t.shifts.length) },
        ]}
      />
      <h2>{v.t('guides.teams.add')}</h2>
      <form method="post" action="/staff/guides/teams" novalidate>
        <Csrf v={v} />
        <TextField v={v} form={form} name="title" label={v.t('guides.teams.name')} width="medium" />
        <Select
          v={v}
          form={form}
          name="homeDistrict"
          label={v.t('guides.teams.home')}
          placeholder={v.t('guides.choose')}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
        />
        <Checkboxes
          v={v}
          form={form}
          name="members"
          label={v.t('guides.teams.pickTwo')}
          options={free.map((g) => ({ value: g.id, label: `${g.displayName} (${g.username})` }))}
          values={Array.isArray(form.values.members) ? (form.values.members as string[]) : []}
        />
        <Checkboxes
          v={v}
          form={form}
          name="shifts"
          label={v.t('guides.teams.shifts')}
          options={SHIFTS.map((s) => ({ value: s, label: shiftLabel(v, s) }))}
          values={Array.isArray(form.values.shifts) ? (form.values.shifts as string[]) : [...SHIFTS]}
        />
        <Button>{v.t('guides.teams.create')}</Button>
      </form>
      <h2>{v.t('guides.sites.add')}</h2>
      <p>{v.t('guides.sites.lead')}</p>
      <form method="post" action="/staff/guides/sites" novalidate>
        <Csrf v={v} />
        <TextField v={v} form={siteForm} name="labelKo" label={v.t('guides.sites.labelKo')} width="medium" />
        <TextField v={v} form={siteForm} name="labelEn" label={v.t('guides.sites.labelEn')} width="medium" />
        <Select
          v={v}
          form={siteForm}
          name="districtCode"
          label={v.t('guides.plan.district')}
          placeholder={v.t('guides.choose')}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
        />
        <TextField
          v={v}
          form={siteForm}
          name="lat"
          inputmode="decimal"
          width="short"
          label={v.t('guides.sites.lat')}
        />
        <TextField
          v={v}
          form={siteForm}
          name="lon"
          inputmode="decimal"
          width="short"
          label={v.t('guides.sites.lon')}
        />
        <Button>{v.t('guides.sites.save')}</Button>
      </form>
    </>
  ))
}

// ── board, heatmap, report ─────────────────────────────────────────────────────────────────────

async function boardPage(c: Ctx) {
  const now = c.var.deps.now()
  const b = await liveBoard(c.var.db, c.var.actor, now)
  return renderPage(c, { title: c.var.t('guides.board.title') }, (v) => (
    <>
      <h1>{v.t('guides.board.title')}</h1>
      <ManagerLinks v={v} />
      {/* the island (static/guides/board.js) re-reads this page every 30 s and swaps the parts marked
          data-live-part, telling screen readers politely when something changed */}
      <div
        id="guides-board"
        data-interval="30000"
        data-auto={v.t('guides.board.auto')}
        data-updated={v.t('guides.board.updated', { time: '{time}' })}
        data-failed={v.t('guides.board.failed')}
      >
        <p id="board-asof" data-live-part="quiet" data-time={formatDateTime(v.locale, now)}>
          {v.t('guides.board.asOf', { time: formatDateTime(v.locale, now) })}{' '}
          {b.shift ? shiftLabel(v, b.shift) : v.t('guides.board.noShift')}
        </p>
        <p id="board-updated" role="status" aria-live="polite"></p>
      </div>
      <MapFigure
        v={v}
        id="board-map"
        title={v.t('guides.board.here')}
        center={v.city.center}
        lazy
        layers={[
          {
            id: 'guides-checkins',
            label: v.t('guides.board.here'),
            kind: 'points',
            url: '/api/v1/map/layers/guides-checkins',
            color: '#1d7a3a',
          },
        ]}
      >
        <div id="board-open-part" data-live-part="">
          <Table
            id="board-open"
            caption={v.t('guides.board.here')}
            rows={b.open}
            empty={v.t('guides.board.nobody')}
            columns={[
              { header: v.t('guides.board.guide'), cell: (r) => r.displayName },
              { header: v.t('guides.plan.site'), cell: (r) => label(v, r.c) },
              { header: v.t('guides.board.since'), cell: (r) => formatDateTime(v.locale, r.c.checkedInAt) },
            ]}
          />
        </div>
      </MapFigure>
      <div id="board-planned-part" data-live-part="">
        <Table
          id="board-planned"
          caption={v.t('guides.board.planned')}
          rows={b.planned}
          empty={v.t('guides.board.nothingPlanned')}
          columns={[
            { header: v.t('guides.plan.team'), cell: (a) => a.team },
            { header: v.t('guides.plan.site'), cell: (a) => label(v, a) },
            {
              header: v.t('guides.board.arrived'),
              cell: (a) =>
                a.here.length ? (
                  <StatusTag tone="success">{a.here.join(', ')}</StatusTag>
                ) : (
                  <StatusTag tone="warning">{v.t('guides.board.notYet')}</StatusTag>
                ),
            },
          ]}
        />
      </div>
      <div id="board-done-part" data-live-part="">
        <Table
          id="board-done"
          caption={v.t('guides.board.done')}
          rows={b.done}
          empty={v.t('guides.board.noneDone')}
          columns={[
            { header: v.t('guides.board.guide'), cell: (r) => r.displayName },
            { header: v.t('guides.plan.site'), cell: (r) => label(v, r.c) },
            { header: v.t('guides.board.since'), cell: (r) => formatDateTime(v.locale, r.c.checkedInAt) },
            {
              header: v.t('guides.board.until'),
              cell: (r) => (r.c.checkedOutAt ? formatDateTime(v.locale, r.c.checkedOutAt) : ''),
            },
          ]}
        />
      </div>
      <script src="/static/guides/board.js" defer></script>
    </>
  ))
}

async function heatPage(c: Ctx, q: { days: number; district?: string | undefined }) {
  const rows = await heatmap(c.var.db, c.var.actor, q, c.var.deps.now())
  const districts = await listDistricts(c.var.db)
  const max = Math.max(1, ...rows.flatMap((r) => r.hours))
  const shade = (n: number) => (n === 0 ? undefined : `heat-${Math.min(4, Math.ceil((4 * n) / max))}`)
  return renderPage(c, { title: c.var.t('guides.heat.title') }, (v) => (
    <>
      <h1>{v.t('guides.heat.title')}</h1>
      <ManagerLinks v={v} />
      <form method="get" action="/staff/guides/heatmap" class="form-inline">
        <TextField
          v={v}
          name="days"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('guides.heat.days')}
          value={String(q.days)}
        />
        <Select
          v={v}
          name="district"
          label={v.t('guides.plan.district')}
          placeholder={v.t('guides.heat.allDistricts')}
          value={q.district ?? ''}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
        />
        <Button variant="secondary">{v.t('guides.heat.show')}</Button>
      </form>
      <MapFigure
        v={v}
        id="heat-map"
        title={v.t('guides.heat.caption')}
        center={v.city.center}
        lazy
        layers={[
          {
            id: 'guides-assists',
            label: v.t('guides.heat.caption'),
            kind: 'heat',
            url: `/api/v1/map/layers/guides-assists?days=${q.days}${q.district ? `&district=${q.district}` : ''}`,
            color: '#a3146c',
          },
        ]}
      >
        <Table
          id="heat"
          caption={v.t('guides.heat.caption')}
          rows={rows}
          rowHeaders
          empty={v.t('guides.heat.none')}
          columns={[
            { header: v.t('guides.plan.site'), cell: (r) => label(v, r) },
            ...HOURS.map((h) => ({
              header: `${h}:00`,
              numeric: true,
              cell: (r: (typeof rows)[number]) => {
                const n = r.hours[h - HOURS[0]]!
                return <span class={shade(n)}>{String(n)}</span>
              },
            })),
            { header: v.t('guides.heat.total'), numeric: true, cell: (r) => String(r.total) },
          ]}
        />
      </MapFigure>
    </>
  ))
}

async function reportPage(c: Ctx, week: string | undefined) {
  const r = await weeklyReport(c.var.db, c.var.actor, week, c.var.deps.now())
  return renderPage(c, { title: c.var.t('guides.report.title') }, (v) => (
    <>
      <h1>{v.t('guides.report.title')}</h1>
      <ManagerLinks v={v} />
      <form method="get" action="/staff/guides/report" class="form-inline">
        <TextField
          v={v}
          name="week"
          type="date"
          width="medium"
          label={v.t('guides.report.week')}
          value={r.weekStart}
        />
        <Button variant="secondary">{v.t('guides.heat.show')}</Button>
      </form>
      <p>
        <a href={`/api/v1/guides/report.csv?week=${r.weekStart}`} download>
          {v.t('guides.report.csv')}
        </a>
      </p>
      <Table
        id="report"
        caption={v.t('guides.report.caption', { week: r.weekStart })}
        rows={r.rows}
        rowHeaders
        empty={v.t('guides.report.none')}
        columns={[
          { header: v.t('guides.plan.team'), cell: (x) => x.team },
          { header: v.t('guides.report.assists'), numeric: true, cell: (x) => String(x.assists) },
          { header: v.t('guides.report.solved'), numeric: true, cell: (x) => String(x.solved) },
          { header: v.t('guides.report.minutes'), numeric: true, cell: (x) => String(x.minutes) },
          { header: v.t('guides.report.referrals'), numeric: true, cell: (x) => String(x.referrals) },
          ...ASSIST_WHAT.map((w) => ({
            header: v.t(`guides.what.${w}`),
            numeric: true,
            cell: (x: (typeof r.rows)[number]) => String(x.what[w] ?? 0),
          })),
        ]}
      />
    </>
  ))
}

// ── the field page ─────────────────────────────────────────────────────────────────────────────

async function fieldPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const now = c.var.deps.now()
  const s = await mySchedule(c.var.db, c.var.actor, now)
  const here = s.now ?? s.today[0] ?? null
  const sites = [...new Map(s.week.map((a) => [a.siteId, a])).values()]
  const key = crypto.randomUUID()
  const done = c.req.query('done')
  // an open opinion question, answered with the person met (voice records it as a field answer)
  const actor = c.var.actor
  const mayAnswer = actor.kind === 'staff' && scopeFor(actor.role, 'voice:enter') !== null
  return renderPage(c, { title: c.var.t('guides.field.title'), status }, (v) => (
    <div
      id="guides-field"
      class="guides-field"
      data-csrf={v.csrfToken}
      data-msg-queued={v.t('guides.field.queued')}
      data-msg-pending={v.t('guides.field.pending')}
      data-msg-synced={v.t('guides.field.synced')}
      data-msg-failed={v.t('guides.field.failed')}
      data-msg-saved={v.t('guides.field.savedPhone')}
      data-msg-dismiss={v.t('guides.field.dismiss')}
    >
      <ErrorSummary v={v} form={form} />
      {done ? (
        <NotificationBanner v={v} variant="success" heading={v.t(`guides.field.done.${done}`)} id="done" />
      ) : null}
      <h1>{v.t('guides.field.title')}</h1>
      <p id="guides-sync" class="guides-sync" role="status" aria-live="polite">
        {''}
      </p>
      {s.team ? (
        <p>{v.t('guides.field.team', { team: s.team.title })}</p>
      ) : (
        <p>{v.t('guides.field.noTeam')}</p>
      )}
      <h2>{v.t('guides.field.today')}</h2>
      {s.today.length ? (
        <ul class="guides-today">
          {s.today.map((a) => (
            <li>
              <strong>{shiftLabel(v, a.shift)}</strong> (
              {v.t(`guides.hours.${a.shift.endsWith('am') ? 'am' : 'pm'}`)}) — {label(v, a)}{' '}
              <a href={routeHref(a)}>{v.t('guides.field.route')}</a>
            </li>
          ))}
        </ul>
      ) : (
        <p>{s.plan ? v.t('guides.field.offToday') : v.t('guides.field.noPlan')}</p>
      )}
      <h2>{v.t('guides.field.checkTitle')}</h2>
      {s.open ? (
        <p>
          {v.t('guides.field.checkedIn', {
            site: label(v, s.open),
            time: formatDateTime(v.locale, s.open.checkedInAt),
          })}
        </p>
      ) : (
        <p>{v.t('guides.field.notChecked')}</p>
      )}
      <div class="button-group">
        <form method="post" action="/staff/guides/field/check-in" class="guides-queue" data-type="check-in">
          <Csrf v={v} />
          <input type="hidden" name="key" value={`${key}-in`} />
          {here ? <input type="hidden" name="siteId" value={here.siteId} /> : null}
          <Button>{v.t('guides.field.checkIn')}</Button>
        </form>
        <form method="post" action="/staff/guides/field/check-out" class="guides-queue" data-type="check-out">
          <Csrf v={v} />
          <input type="hidden" name="key" value={`${key}-out`} />
          <Button variant="secondary">{v.t('guides.field.checkOut')}</Button>
        </form>
      </div>
      <h2 id="assist-title">{v.t('guides.field.assistTitle')}</h2>
      <p>{v.t('guides.field.assistLead')}</p>
      <form
        method="post"
        action="/staff/guides/field/assist"
        class="guides-queue guides-assist"
        data-type="assist"
        aria-labelledby="assist-title"
        novalidate
      >
        <Csrf v={v} />
        <input type="hidden" name="key" value={key} />
        {sites.length > 1 || !here ? (
          <Select
            v={v}
            form={form}
            name="siteId"
            label={v.t('guides.field.place')}
            value={String(form.values.siteId ?? here?.siteId ?? '')}
            placeholder={sites.length ? undefined : v.t('guides.field.noSites')}
            options={sites.map((a) => ({ value: a.siteId, label: label(v, a) }))}
          />
        ) : (
          <>
            <input type="hidden" name="siteId" value={here.siteId} />
            <p>{v.t('guides.field.placeIs', { site: label(v, here) })}</p>
          </>
        )}
        <Radios
          v={v}
          form={{ ...form, values: { outcome: 'solved', minutes: '10', ...form.values } }}
          name="outcome"
          label={v.t('guides.field.outcome')}
          options={ASSIST_OUTCOMES.map((o) => ({ value: o, label: v.t(`guides.outcome.${o}`) }))}
        />
        <Select
          v={v}
          form={{ ...form, values: { minutes: '10', ...form.values } }}
          name="minutes"
          label={v.t('guides.field.minutes')}
          options={[5, 10, 15, 20, 30, 45, 60].map((m) => ({
            value: String(m),
            label: v.t('guides.field.min', { n: m }),
          }))}
        />
        <details class="guides-more">
          <summary>{v.t('guides.field.kioskMore')}</summary>
          <TextField
            v={v}
            form={form}
            name="kioskCompany"
            label={v.t('guides.field.kioskCompany')}
            width="medium"
          />
          <Select
            v={v}
            form={form}
            name="kioskType"
            label={v.t('guides.field.kioskType')}
            placeholder={v.t('guides.choose')}
            options={KIOSK_TYPES.map((k) => ({ value: k, label: v.t(`voice.kioskType.${k}`) }))}
          />
          <Checkboxes
            v={v}
            form={form}
            name="kioskProblems"
            label={v.t('guides.field.kioskProblems')}
            options={KIOSK_PROBLEMS.map((k) => ({ value: k, label: v.t(`voice.problem.${k}`) }))}
          />
          <TextField v={v} form={form} name="kioskHard" label={v.t('guides.field.kioskHard')} />
        </details>
        <details class="guides-more" open={Boolean(form.values.referral) || undefined}>
          <summary>{v.t('guides.field.referMore')}</summary>
          <Select
            v={v}
            form={form}
            name="referral"
            label={v.t('guides.field.referral')}
            placeholder={v.t('guides.field.noReferral')}
            options={REFERRAL_KINDS.map((k) => ({ value: k, label: v.t(`guides.referral.${k}`) }))}
          />
          <Checkboxes
            v={v}
            form={form}
            name="consent"
            label={v.t('guides.field.consent')}
            options={[{ value: 'yes', label: v.t('guides.field.consentYes') }]}
            values={form.values.consent === 'yes' ? ['yes'] : []}
          />
          <TextField
            v={v}
            form={form}
            name="name"
            label={v.t('guides.field.name')}
            autocomplete="off"
            width="medium"
          />
          <TextField
            v={v}
            form={form}
            name="phone"
            type="tel"
            inputmode="tel"
            label={v.t('guides.field.phone')}
            autocomplete="off"
            width="medium"
          />
          <TextField v={v} form={form} name="need" label={v.t('guides.field.need')} />
        </details>
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{v.t('guides.field.whatTap')}</legend>
          <div class="guides-what">
            {ASSIST_WHAT.map((w) => (
              <button
                type="submit"
                name="what"
                value={w}
                class="button button--secondary guides-what__button"
              >
                {v.t(`guides.what.${w}`)}
              </button>
            ))}
          </div>
        </fieldset>
      </form>
      <h2>{v.t('guides.field.myToday')}</h2>
      <ol id="guides-mine" class="guides-mine">
        {s.assists.map((a) => (
          <li data-key={a.idemKey}>
            {formatDateTime(v.locale, a.occurredAt)} — {v.t(`guides.what.${a.what}`)}, {label(v, a)},{' '}
            {v.t(`guides.outcome.${a.outcome}`)}
          </li>
        ))}
      </ol>
      {s.assists.length === 0 ? <p id="guides-mine-none">{v.t('guides.field.noneYet')}</p> : null}
      <AssistSurveyOnField v={v} assists={s.assists} />
      {mayAnswer ? (
        <OpinionOnField v={v} db={c.var.db} back="/staff/guides/field" districtCode={here?.districtCode} />
      ) : null}
      <h2>{v.t('guides.field.week')}</h2>
      <Table
        id="my-week"
        caption={v.t('guides.field.week')}
        captionHidden
        rows={s.week}
        empty={s.plan ? v.t('guides.field.offWeek') : v.t('guides.field.noPlan')}
        columns={[
          { header: v.t('guides.plan.shift'), cell: (a) => shiftLabel(v, a.shift) },
          { header: v.t('guides.plan.site'), cell: (a) => label(v, a) },
          {
            header: v.t('guides.field.route'),
            cell: (a) => <a href={routeHref(a)}>{v.t('guides.field.route')}</a>,
          },
        ]}
      />
      <script src="/static/guides/field.js" defer></script>
    </div>
  ))
}

// ── routes ─────────────────────────────────────────────────────────────────────────────────────

const form = async (c: Ctx) =>
  formToObject(await c.req.formData(), ['members', 'shifts', 'kioskProblems', 'consent'])

export const guidesPages = [
  page({
    method: 'GET',
    path: '/staff/guides',
    access: 'guides:plan',
    summary: 'The deployment plan',
    handle: (c) => planPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/guides/run',
    access: 'guides:plan',
    summary: 'Computes a new draft plan (HiGHS in a worker, greedy fallback)',
    handle: async (c) => {
      await withForm(
        c,
        {},
        async () => {
          await runPlan(c.var.db, c.var.actor, city(c), c.var.deps.now())
          return c.body(null)
        },
        () => c.body(null),
      )
      return c.redirect('/staff/guides?saved=run', 303)
    },
  }),
  page({
    method: 'POST',
    path: '/staff/guides/plans/:id/publish',
    access: 'guides:plan',
    summary: 'Publishes a draft plan (the one before is superseded)',
    handle: async (c) => {
      await publishPlan(c.var.db, c.var.actor, uuidOr404(param(c, 'id')), c.var.deps.now())
      return c.redirect('/staff/guides?saved=published', 303)
    },
  }),
  page({
    method: 'GET',
    path: '/staff/guides/plans/:id',
    access: 'guides:plan',
    summary: 'One version of the plan',
    handle: (c) => onePlanPage(c, uuidOr404(param(c, 'id'))),
  }),
  page({
    method: 'POST',
    path: '/staff/guides/rules',
    access: 'guides:plan',
    summary: 'Adds a pin or a forbid',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await addRule(c.var.db, c.var.actor, parse(RuleInput, values), c.var.deps.now())
          return c.redirect('/staff/guides?saved=rule', 303)
        },
        (f, status) => planPage(c, f, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/guides/rules/:id/delete',
    access: 'guides:plan',
    summary: 'Removes a pin or a forbid',
    handle: async (c) => {
      await removeRule(c.var.db, c.var.actor, uuidOr404(param(c, 'id')), c.var.deps.now())
      return c.redirect('/staff/guides?saved=ruleRemoved', 303)
    },
  }),
  page({
    method: 'GET',
    path: '/staff/guides/hotspots',
    access: 'guides:plan',
    summary: 'Hotspot scores and weights',
    handle: (c) => hotspotsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/guides/settings',
    access: 'guides:plan',
    summary: 'Saves the hotspot weights and planning settings',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await saveSettings(c.var.db, c.var.actor, parse(SettingsInput, values), c.var.deps.now())
          return c.redirect('/staff/guides/hotspots?saved=1', 303)
        },
        (f, status) => hotspotsPage(c, f, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/guides/teams',
    access: 'guides:plan',
    summary: 'Guide teams and sites',
    handle: (c) => teamsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/guides/teams',
    access: 'guides:plan',
    summary: 'Creates a two-person team',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await createTeam(c.var.db, c.var.actor, parse(TeamInput, values), c.var.deps.now())
          return c.redirect('/staff/guides/teams', 303)
        },
        (f, status) => teamsPage(c, f, emptyForm(), status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/guides/sites',
    access: 'guides:plan',
    summary: 'Adds a candidate site',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await addSite(c.var.db, c.var.actor, parse(SiteInput, values), c.var.deps.now())
          return c.redirect('/staff/guides/teams', 303)
        },
        (f, status) => teamsPage(c, emptyForm(), f, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/guides/board',
    access: 'guides:plan',
    summary: 'Who is checked in where, now',
    handle: (c) => boardPage(c),
  }),
  page({
    method: 'GET',
    path: '/staff/guides/heatmap',
    access: 'guides:plan',
    summary: 'Assists by place and hour',
    query: HeatQuery,
    handle: (c, { query }) => heatPage(c, query),
  }),
  page({
    method: 'GET',
    path: '/staff/guides/report',
    access: 'guides:plan',
    summary: 'Weekly report',
    query: WeekQuery,
    handle: (c, { query }) => reportPage(c, query.week),
  }),
  page({
    method: 'GET',
    path: '/staff/guides/field',
    access: 'guides:field',
    summary: "A guide's field page (offline-capable)",
    handle: (c) => fieldPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/guides/field/check-in',
    access: 'guides:field',
    summary: 'Check-in at the site (the key makes a re-send change nothing)',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await checkIn(c.var.db, c.var.actor, parse(CheckInput, values), c.var.deps.now())
          return c.redirect('/staff/guides/field?done=in', 303)
        },
        (f, status) => fieldPage(c, f, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/guides/field/check-out',
    access: 'guides:field',
    summary: 'Check-out',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await checkOut(c.var.db, c.var.actor, parse(CheckInput, values), c.var.deps.now())
          return c.redirect('/staff/guides/field?done=out', 303)
        },
        (f, status) => fieldPage(c, f, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/guides/field/assist',
    access: 'guides:field',
    summary: 'Logs an assist (kiosk report and referral optional; the key makes a re-send change nothing)',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await logAssist(c.var.db, c.var.actor, parse(AssistInput, values), metaOf(c))
          return c.redirect('/staff/guides/field?done=assist', 303)
        },
        (f, status) => fieldPage(c, f, status),
      )
    },
  }),
]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
function uuidOr404(id: string): string {
  if (!UUID.test(id)) throw new AppError('not_found', 'error.notFound')
  return id
}
