import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Db } from '../../platform/db/client.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { clientIp } from '../../platform/http/middleware.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ButtonGroup, fieldId, Radios } from '../../ui/components/form.tsx'
import { Table } from '../../ui/components/table.tsx'
import { Csrf, type NavItem } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type View } from '../../ui/view.ts'
import { API_PREFIX_KIOSK } from './api-paths.ts'
import { shippedScenarios } from './catalogue.ts'
import {
  controlsOf,
  type FormatProblem,
  goalOf,
  goalsOf,
  MAIN_GOAL,
  type Scenario,
  type ScenarioGoal,
} from './format.ts'
import { AdaptQuery, AuthorForm, PlayQuery } from './schema.ts'
import {
  authoredList,
  authoredOne,
  findScenario,
  myPractice,
  playableScenarios,
  SMALL_CELL,
  saveAuthored,
  starterSource,
  stuckStatistics,
  tutorOverview,
} from './service.ts'
import { KIOSK_MODES, type KioskMode } from './tables.ts'

const STYLES = () => <link rel="stylesheet" href="/static/kiosk/kiosk.css" />
const ISLAND = () => <script src="/static/kiosk/kiosk.js" defer></script>

/** The texts the simulator island shows, from the message catalogue (all visible text stays in catalogues). */
const CLIENT_KEYS = [
  'repeat',
  'stuck',
  'speech',
  'speechOff',
  'voice',
  'voiceDefault',
  'speed',
  'speedSlow',
  'speedNormal',
  'speedFast',
  'restart',
  'next',
  'nextNote',
  'wrongGuided',
  'wrong',
  'requires',
  'timeLeft',
  'moreTime',
  'moreTimeQ',
  'timedOut',
  'done',
  'doneLead',
  'time',
  'wrongTaps',
  'hints',
  'again',
  'others',
  'taskCard',
  'goalMet',
  'goalMissed',
  'mistake',
  'saved',
  'savedLinked',
  'queued',
  'cart',
  'total',
  'seatFree',
  'seatTaken',
  'seatChosen',
  'chosen',
  'screen',
  'device',
  'coach',
  'noSpeech',
  'previewPaused',
  'previewOk',
  'link',
  'progress',
  'progressNone',
  'progressRow',
  'offlineReady',
  'empty',
  'loadFailed',
  'seconds',
  'minutes',
  'stage',
] as const

function clientMessages(v: View): string {
  return JSON.stringify(Object.fromEntries(CLIENT_KEYS.map((k) => [k, v.t(`kiosk.ui.${k}`)])))
}

const modeOptions = (v: View) =>
  KIOSK_MODES.map((m) => ({ value: m, label: v.t(`kiosk.mode.${m}`), hint: v.t(`kiosk.mode.${m}Hint`) }))

const text = (v: View, t: { ko: string; en: string }) => t[v.locale]

/** The island's mount point with what it needs (no inline script: data attributes only). */
const Island = ({
  v,
  scenario,
  mode,
  goal,
  preview,
}: {
  v: View
  scenario?: string
  mode: KioskMode
  goal?: string
  preview?: string
}) => (
  <div
    id="kiosk-app"
    class="kiosk-app"
    data-scenario-url={scenario ? `${API_PREFIX_KIOSK}/scenarios/${scenario}` : undefined}
    data-preview-source={preview}
    data-mode={mode}
    data-goal={goal}
    data-locale={v.locale}
    data-csrf={v.csrfToken}
    data-citizen={v.actor.kind === 'citizen' ? '1' : '0'}
    data-attempts-url={`${API_PREFIX_KIOSK}/attempts`}
    data-sw={preview ? undefined : `${API_PREFIX_KIOSK}/sw.js`}
    data-messages={clientMessages(v)}
  />
)

/** The correct path in words, for people without JavaScript (and as a printed crib sheet). */
const Walkthrough = ({ v, s, goal }: { v: View; s: Scenario; goal: ScenarioGoal }) => {
  const screens = new Map(s.screens.map((x) => [x.id, x]))
  return (
    <ol class="kiosk-walkthrough">
      {goal.steps.map((step) => {
        const [sid = '', cid = ''] = step.split('/')
        const sc = screens.get(sid)
        const c = sc ? controlsOf(sc).find((x) => x.id === cid) : undefined
        return (
          <li>
            {v.t('kiosk.walk.step', {
              screen: sc ? text(v, sc.title) : sid,
              control: c ? text(v, c.label) : cid,
            })}
          </li>
        )
      })}
    </ol>
  )
}

// ── citizen: choose and play ────────────────────────────────────────────────────────────────────

const listPage = page({
  method: 'GET',
  path: '/kiosk',
  access: 'public',
  summary: 'Kiosk practice: the scenarios, the modes, progress on this device',
  handle: async (c) => {
    const all = await playableScenarios(c.var.db)
    return renderPage(c, { title: c.var.t('kiosk.title') }, (v) => (
      <>
        <STYLES />
        <h1>{v.t('kiosk.title')}</h1>
        <p class="lead">{v.t('kiosk.lead')}</p>
        <p>{v.t('kiosk.safe')}</p>
        <h2>{v.t('kiosk.modes')}</h2>
        <dl class="kiosk-modes">
          {KIOSK_MODES.map((m) => (
            <div>
              <dt>{v.t(`kiosk.mode.${m}`)}</dt>
              <dd>{v.t(`kiosk.mode.${m}Hint`)}</dd>
            </div>
          ))}
        </dl>
        <h2>{v.t('kiosk.choose')}</h2>
        <ul class="cards kiosk-cards">
          {all.map(({ scenario: s }) => (
            <li class="card">
              <h3 class="card__title">
                <a href={`/kiosk/${s.id}`}>{text(v, s.title)}</a>
              </h3>
              <p>{text(v, s.summary)}</p>
              <p class="kiosk-progress-slot" data-scenario={s.id} hidden></p>
            </li>
          ))}
        </ul>
        <p class="kiosk-nojs">{v.t('kiosk.noScript')}</p>
        <p>{v.t('kiosk.help')}</p>
        <div
          id="kiosk-progress"
          data-messages={clientMessages(v)}
          data-sw={`${API_PREFIX_KIOSK}/sw.js`}
        ></div>
        <ISLAND />
      </>
    ))
  },
})

const playPage = page({
  method: 'GET',
  path: '/kiosk/:scenario',
  access: 'public',
  summary: 'One kiosk scenario in the simulator (with the steps in words when JavaScript is off)',
  query: PlayQuery,
  handle: async (c, { query }) => {
    const s = await findScenario(c.var.db, c.req.param('scenario') ?? '')
    if (!s) throw new AppError('not_found', 'kiosk.notFound')
    const mode = query.mode ?? 'guided'
    const goal = goalOf(s, query.goal)
    if (!goal) throw new AppError('not_found', 'kiosk.notFound')
    const goals = goalsOf(s)
    return renderPage(c, { title: s.title[c.var.locale] }, (v) => (
      <>
        <STYLES />
        <p>
          <a href="/kiosk">{v.t('kiosk.back')}</a>
        </p>
        <h1>{text(v, s.title)}</h1>
        <p class="lead">{text(v, s.summary)}</p>
        <form method="get" action={`/kiosk/${s.id}`} class="kiosk-mode-form">
          <Radios
            v={v}
            form={emptyForm({ mode })}
            name="mode"
            label={v.t('kiosk.modeQuestion')}
            options={modeOptions(v)}
          />
          {goals.length > 1 ? (
            <Radios
              v={v}
              form={emptyForm({ goal: goal.id })}
              name="goal"
              label={v.t('kiosk.goalQuestion')}
              options={goals.map((g) => ({ value: g.id, label: text(v, g.label ?? s.title) }))}
            />
          ) : null}
          <Button variant="secondary">{v.t('kiosk.start')}</Button>
        </form>
        <section class="kiosk-task-card" aria-labelledby="kiosk-task-h">
          <h2 id="kiosk-task-h">{v.t('kiosk.task')}</h2>
          <p>{text(v, goal.task)}</p>
        </section>
        <Island v={v} scenario={s.id} mode={mode} goal={goal.id === MAIN_GOAL ? undefined : goal.id} />
        <section class="kiosk-nojs" aria-labelledby="kiosk-walk-h">
          <h2 id="kiosk-walk-h">{v.t('kiosk.walk.title')}</h2>
          <p>{v.t('kiosk.walk.noScript')}</p>
          <Walkthrough v={v} s={s} goal={goal} />
        </section>
        <details class="kiosk-crib">
          <summary>{v.t('kiosk.walk.crib')}</summary>
          <Walkthrough v={v} s={s} goal={goal} />
        </details>
        <ISLAND />
      </>
    ))
  },
})

// ── staff: tutor overview and statistics ────────────────────────────────────────────────────────

const titleOf = async (c: Ctx) => {
  const all = await playableScenarios(c.var.db)
  const m = new Map(all.map((x) => [x.scenario.id, x.scenario]))
  return (v: View, id: string) => {
    const s = m.get(id)
    return s ? text(v, s.title) : id
  }
}
const screenTitle = async (c: Ctx) => {
  const all = await playableScenarios(c.var.db)
  const m = new Map(
    all.flatMap((x) => x.scenario.screens.map((sc) => [`${x.scenario.id}/${sc.id}`, sc.title])),
  )
  return (v: View, scenario: string, screen: string) => {
    const t = m.get(`${scenario}/${screen}`)
    return t ? text(v, t) : screen
  }
}
const secs = (v: View, ms: number | null) =>
  ms === null || ms === undefined ? '—' : v.t('kiosk.seconds', { n: Math.round(ms / 1000) })

const overviewPage = page({
  method: 'GET',
  path: '/staff/kiosk',
  access: 'kiosk:progress',
  summary: 'Tutor overview: scenarios, steps that trip people up, learners who linked practice (logged)',
  handle: async (c) => {
    const o = await tutorOverview(c.var.db, c.var.actor, { ip: clientIp(c), now: c.var.deps.now() })
    const title = await titleOf(c)
    const screen = await screenTitle(c)
    return renderPage(c, { title: c.var.t('kiosk.staff.title') }, (v) => (
      <>
        <h1>{v.t('kiosk.staff.title')}</h1>
        <p class="lead">{v.t('kiosk.staff.lead')}</p>
        <ul class="link-list">
          <li>
            <a href="/staff/kiosk/stats">{v.t('kiosk.stats.title')}</a>
          </li>
          {v.actor.kind === 'staff' && scopeFor(v.actor.role, 'kiosk:author') ? (
            <li>
              <a href="/staff/kiosk/scenarios">{v.t('kiosk.author.title')}</a>
            </li>
          ) : null}
        </ul>
        <h2>{v.t('kiosk.staff.scenarios')}</h2>
        <Table
          id="kiosk-totals"
          caption={v.t('kiosk.staff.scenarios')}
          captionHidden
          rowHeaders
          rows={o.totals}
          empty={v.t('kiosk.staff.none')}
          columns={[
            { header: v.t('kiosk.col.scenario'), cell: (r) => title(v, r.scenario) },
            { header: v.t('kiosk.col.attempts'), numeric: true, cell: (r) => r.attempts },
            { header: v.t('kiosk.col.completed'), numeric: true, cell: (r) => r.completed },
            { header: v.t('kiosk.col.median'), numeric: true, cell: (r) => secs(v, r.medianMs) },
            { header: v.t('kiosk.col.wrong'), numeric: true, cell: (r) => r.wrong },
            { header: v.t('kiosk.col.hints'), numeric: true, cell: (r) => r.hints },
          ]}
        />
        <h2>{v.t('kiosk.staff.stuck')}</h2>
        <Table
          id="kiosk-stuck"
          caption={v.t('kiosk.staff.stuck')}
          captionHidden
          rows={o.stuck.filter((r) => r.wrong + r.hints + r.timeouts + r.stopped > 0).slice(0, 30)}
          empty={v.t('kiosk.staff.none')}
          columns={[
            { header: v.t('kiosk.col.scenario'), cell: (r) => title(v, r.scenario) },
            { header: v.t('kiosk.col.screen'), cell: (r) => screen(v, r.scenario, r.screen) },
            { header: v.t('kiosk.col.wrong'), numeric: true, cell: (r) => r.wrong },
            { header: v.t('kiosk.col.hints'), numeric: true, cell: (r) => r.hints },
            { header: v.t('kiosk.col.timeouts'), numeric: true, cell: (r) => r.timeouts },
            { header: v.t('kiosk.col.stopped'), numeric: true, cell: (r) => r.stopped },
          ]}
        />
        <h2>{v.t('kiosk.staff.learners')}</h2>
        <p>{v.t('kiosk.staff.learnersLead')}</p>
        <Table
          id="kiosk-learners"
          caption={v.t('kiosk.staff.learners')}
          captionHidden
          rowHeaders
          rows={o.learners}
          empty={v.t('kiosk.staff.noLearners')}
          columns={[
            { header: v.t('kiosk.col.learner'), cell: (r) => r.name ?? '—' },
            { header: v.t('kiosk.col.scenario'), cell: (r) => title(v, r.scenario) },
            { header: v.t('kiosk.col.attempts'), numeric: true, cell: (r) => r.attempts },
            { header: v.t('kiosk.col.completed'), numeric: true, cell: (r) => r.completed },
            { header: v.t('kiosk.col.best'), numeric: true, cell: (r) => secs(v, r.bestMs) },
            { header: v.t('kiosk.col.wrong'), numeric: true, cell: (r) => r.wrong },
            { header: v.t('kiosk.col.hints'), numeric: true, cell: (r) => r.hints },
            { header: v.t('kiosk.col.last'), cell: (r) => formatDateTime(v.locale, new Date(r.last)) },
          ]}
        />
      </>
    ))
  },
})

const statsPage = page({
  method: 'GET',
  path: '/staff/kiosk/stats',
  access: 'kiosk:stats',
  summary: '"Where people get stuck": anonymous, per scenario step, small cells withheld',
  handle: async (c) => {
    const rows = await stuckStatistics(c.var.db, c.var.actor)
    const title = await titleOf(c)
    const screen = await screenTitle(c)
    return renderPage(c, { title: c.var.t('kiosk.stats.title') }, (v) => (
      <>
        <h1>{v.t('kiosk.stats.title')}</h1>
        <p class="lead">{v.t('kiosk.stats.lead', { n: SMALL_CELL })}</p>
        <p>
          <a href={`${API_PREFIX_KIOSK}/stats`}>{v.t('kiosk.stats.json')}</a>
        </p>
        <Table
          id="kiosk-stats"
          caption={v.t('kiosk.stats.caption')}
          rows={rows}
          empty={v.t('kiosk.staff.none')}
          columns={[
            { header: v.t('kiosk.col.scenario'), cell: (r) => title(v, r.scenario) },
            { header: v.t('kiosk.col.screen'), cell: (r) => screen(v, r.scenario, r.screen) },
            {
              header: v.t('kiosk.col.attempts'),
              numeric: true,
              cell: (r) => (r.suppressed ? v.t('kiosk.stats.suppressed', { n: SMALL_CELL }) : r.attempts),
            },
            { header: v.t('kiosk.col.wrong'), numeric: true, cell: (r) => (r.suppressed ? '—' : r.wrong) },
            { header: v.t('kiosk.col.hints'), numeric: true, cell: (r) => (r.suppressed ? '—' : r.hints) },
            {
              header: v.t('kiosk.col.timeouts'),
              numeric: true,
              cell: (r) => (r.suppressed ? '—' : r.timeouts),
            },
            {
              header: v.t('kiosk.col.stopped'),
              numeric: true,
              cell: (r) => (r.suppressed ? '—' : r.stopped),
            },
          ]}
        />
      </>
    ))
  },
})

// ── staff: authoring ────────────────────────────────────────────────────────────────────────────

const authorListPage = page({
  method: 'GET',
  path: '/staff/kiosk/scenarios',
  access: 'kiosk:author',
  summary: 'Scenarios tutors wrote or adapted; adapt a shipped one',
  handle: async (c) => {
    const rows = await authoredList(c.var.db, c.var.actor)
    const all = await playableScenarios(c.var.db)
    return renderPage(c, { title: c.var.t('kiosk.author.title') }, (v) => (
      <>
        <h1>{v.t('kiosk.author.title')}</h1>
        <p class="lead">{v.t('kiosk.author.lead')}</p>
        <p>
          <Button href="/staff/kiosk/scenarios/new">{v.t('kiosk.author.new')}</Button>
        </p>
        <Table
          id="kiosk-authored"
          caption={v.t('kiosk.author.mine')}
          rowHeaders
          rows={rows}
          empty={v.t('kiosk.author.none')}
          columns={[
            {
              header: v.t('kiosk.col.id'),
              cell: (r) => <a href={`/staff/kiosk/scenarios/${r.slug}`}>{r.slug}</a>,
            },
            {
              header: v.t('kiosk.col.status'),
              cell: (r) =>
                r.publishedVersion
                  ? v.t('kiosk.author.publishedV', { n: r.publishedVersion })
                  : v.t('kiosk.author.draft'),
            },
            { header: v.t('kiosk.col.updated'), cell: (r) => formatDateTime(v.locale, r.updatedAt) },
          ]}
        />
        <h2>{v.t('kiosk.author.adapt')}</h2>
        <ul class="link-list">
          {all
            .filter((x) => x.shipped)
            .map(({ scenario: s }) => (
              <li>
                <a href={`/staff/kiosk/scenarios/new?from=${s.id}`}>
                  {v.t('kiosk.author.adaptOne', { title: text(v, s.title) })}
                </a>
              </li>
            ))}
        </ul>
        <p>
          <a href={`${API_PREFIX_KIOSK}/scenario.schema.json`}>{v.t('kiosk.author.schema')}</a>
        </p>
      </>
    ))
  },
})

const Problems = ({ v, problems }: { v: View; problems: FormatProblem[] }) => (
  <div class="error-summary" role="alert" tabindex={-1} data-autofocus aria-labelledby="kiosk-problems-h">
    <h2 id="kiosk-problems-h" class="error-summary__title">
      {v.t('kiosk.author.problems')}
    </h2>
    <ul class="error-summary__list">
      {problems.map((p) => (
        <li>
          <a href={`#${fieldId('source')}`}>
            {p.line ? v.t('kiosk.author.line', { line: p.line }) : ''} {p.path ? `${p.path}: ` : ''}
            {p.message}
          </a>
        </li>
      ))}
    </ul>
  </div>
)

const editorPage = (
  c: Ctx,
  opts: {
    slug: string | null
    source: string
    problems?: FormatProblem[]
    saved?: string
    published?: number | null
  },
  status = 200,
) =>
  renderPage(c, { title: c.var.t(opts.slug ? 'kiosk.author.edit' : 'kiosk.author.new'), status }, (v) => (
    <>
      <STYLES />
      {opts.problems?.length ? <Problems v={v} problems={opts.problems} /> : null}
      {opts.saved ? (
        <div class="notification-banner notification-banner--success" role="alert">
          <p class="notification-banner__heading">{v.t(`kiosk.author.${opts.saved}`)}</p>
          {opts.slug ? (
            <p>
              <a href={`/kiosk/${opts.slug}`}>{v.t('kiosk.author.play')}</a>
            </p>
          ) : null}
        </div>
      ) : null}
      <h1>{v.t(opts.slug ? 'kiosk.author.edit' : 'kiosk.author.new')}</h1>
      <p class="lead">{v.t('kiosk.author.editLead')}</p>
      {opts.published ? <p>{v.t('kiosk.author.publishedV', { n: opts.published })}</p> : null}
      <div class="kiosk-editor">
        <form
          method="post"
          action={opts.slug ? `/staff/kiosk/scenarios/${opts.slug}` : '/staff/kiosk/scenarios/new'}
          novalidate
          class="kiosk-editor__form"
        >
          <Csrf v={v} />
          <div class={opts.problems?.length ? 'field field--error' : 'field'}>
            <label class="field-label" for={fieldId('source')}>
              {v.t('kiosk.author.source')}
            </label>
            <p class="field-hint" id={`${fieldId('source')}-hint`}>
              {v.t('kiosk.author.sourceHint')}
            </p>
            <textarea
              id={fieldId('source')}
              name="source"
              class="textarea kiosk-source"
              rows={30}
              spellcheck={false}
              aria-describedby={`${fieldId('source')}-hint`}
              aria-invalid={opts.problems?.length ? 'true' : undefined}
            >
              {opts.source}
            </textarea>
          </div>
          <ButtonGroup>
            <Button name="action" value="save" variant="secondary">
              {v.t('kiosk.author.save')}
            </Button>
            <Button name="action" value="publish">
              {v.t('kiosk.author.publish')}
            </Button>
          </ButtonGroup>
        </form>
        <section class="kiosk-editor__preview" aria-labelledby="kiosk-preview-h">
          <h2 id="kiosk-preview-h">{v.t('kiosk.author.preview')}</h2>
          <p class="kiosk-nojs">{v.t('kiosk.author.previewNoScript')}</p>
          <Island v={v} mode="guided" preview={fieldId('source')} />
        </section>
      </div>
      <ISLAND />
    </>
  ))

async function submitAuthor(c: Ctx, slug: string | null): Promise<Response> {
  const values = formToObject(await c.req.formData())
  const source = typeof values.source === 'string' ? values.source : ''
  let form: AuthorForm
  try {
    form = parse(AuthorForm, values)
  } catch {
    return editorPage(
      c,
      { slug, source, problems: [{ path: '', line: 0, message: c.var.t('kiosk.author.sourceRequired') }] },
      422,
    )
  }
  const r = await saveAuthored(c.var.db, c.var.actor, slug, form, c.var.deps.now())
  if (!r.ok) return editorPage(c, { slug, source, problems: r.problems }, 422)
  return c.redirect(`/staff/kiosk/scenarios/${r.slug}?saved=${r.published ? 'published' : 'saved'}`, 303)
}

const newPage = page({
  method: 'GET',
  path: '/staff/kiosk/scenarios/new',
  access: 'kiosk:author',
  summary: 'Write a new scenario (or adapt one) with a live preview',
  query: AdaptQuery,
  handle: async (c, { query }) => {
    await authoredList(c.var.db, c.var.actor)
    return editorPage(c, { slug: null, source: await starterSource(c.var.db, query.from) })
  },
})

const newPost = page({
  method: 'POST',
  path: '/staff/kiosk/scenarios/new',
  access: 'kiosk:author',
  summary: 'Saves a new scenario (validated; problems shown with their lines)',
  handle: (c) => submitAuthor(c, null),
})

const editPage = page({
  method: 'GET',
  path: '/staff/kiosk/scenarios/:slug',
  access: 'kiosk:author',
  summary: 'Edit a tutor’s scenario with a live preview, save or publish',
  handle: async (c) => {
    const row = await authoredOne(c.var.db, c.var.actor, c.req.param('slug') ?? '')
    const saved = c.req.query('saved')
    return editorPage(c, {
      slug: row.slug,
      source: row.source,
      saved: saved === 'saved' || saved === 'published' ? saved : undefined,
      published: row.publishedVersion,
    })
  },
})

const editPost = page({
  method: 'POST',
  path: '/staff/kiosk/scenarios/:slug',
  access: 'kiosk:author',
  summary: 'Saves or publishes a tutor’s scenario',
  handle: (c) => submitAuthor(c, c.req.param('slug') ?? ''),
})

export const kioskPages = [
  listPage,
  playPage,
  overviewPage,
  statsPage,
  authorListPage,
  newPage,
  newPost,
  editPage,
  editPost,
]

/** Staff menu entries. */
export function kioskNav(v: View): NavItem[] {
  if (v.actor.kind !== 'staff') return []
  const role = v.actor.role
  if (scopeFor(role, 'kiosk:progress')) return [{ href: '/staff/kiosk', label: v.t('kiosk.nav') }]
  if (scopeFor(role, 'kiosk:stats')) return [{ href: '/staff/kiosk/stats', label: v.t('kiosk.nav') }]
  return []
}

/** The citizen's own practice on /me (people's person hooks). */
export async function kioskMeSection({ db, v, personId }: { db: Db; v: View; personId: string }) {
  const rows = await myPractice(db, personId)
  if (rows.length === 0) return null
  const all = shippedScenarios()
  return (
    <section class="section">
      <h2>{v.t('kiosk.me.title')}</h2>
      <ul class="link-list">
        {rows.map((r) => (
          <li>
            <a href={`/kiosk/${r.scenario}`}>{all.get(r.scenario)?.title[v.locale] ?? r.scenario}</a>{' '}
            {v.t('kiosk.me.row', {
              attempts: r.attempts,
              completed: r.completed,
              last: formatDateTime(v.locale, r.last),
            })}
          </li>
        ))}
      </ul>
    </section>
  )
}
