import type { Child } from 'hono/jsx'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime, formatPhone } from '../../platform/i18n/format.ts'
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Radios,
  Select,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, valueOf as typed, type View } from '../../ui/view.ts'
import { browse } from '../education/service.ts'
import { ConsentFields } from '../people/fields.tsx'
import { CONSENT_METHODS } from '../people/tables.ts'
import {
  ArticleForm,
  AskInput,
  AssignInput,
  CitizenReplyInput,
  EscalateClassInput,
  EscalateRepairInput,
  FeedbackInput,
  IntakeInput,
  MAX_FORM_STEPS,
  MergeInput,
  QueueQuery,
  RatingInput,
  ReferralInput,
  RefQuery,
  ReplyInput,
  SearchQuery,
  SelfCheckGroup,
  SelfCheckInput,
  SkillsInput,
  TriageInput,
} from './schema.ts'
import {
  agentQueue,
  articleDraftFromTicket,
  articleHistory,
  askableDevice,
  askQuestion,
  assignTicket,
  cannedChoices,
  cannedTextFor,
  citizenReply,
  escalateToClass,
  escalateToRepair,
  getArticle,
  mergeTicket,
  myReferrals,
  myTicket,
  planPictures,
  rateTicket,
  recordFeedback,
  referQuestion,
  referralContact,
  replyToTicket,
  type StepPicture,
  saveArticle,
  saveArticleWithPictures,
  saveTeamAgent,
  scoreSelfCheck,
  searchArticles,
  tagsInUse,
  takeCall,
  teamAgent,
  teamAgents,
  ticketIdByRef,
  triageTicket,
  type Upload,
  viewTicket,
} from './service.ts'
import {
  PRIORITIES,
  REFERRAL_CHANNELS,
  REPLY_CHANNELS,
  TICKET_CATEGORIES,
  type TicketStatus,
} from './tables.ts'

const Styles = () => <link rel="stylesheet" href="/static/helpdesk.css" />

const opts = (v: View, prefix: string, values: readonly string[]) =>
  values.map((x) => ({ value: x, label: v.t(`${prefix}.${x}`) }))

const tone = (s: TicketStatus) =>
  s === 'resolved' ? 'success' : s === 'waiting_citizen' ? 'info' : s === 'merged' ? 'neutral' : 'warning'

const param = (c: Ctx, name: string) => c.req.param(name) ?? ''

const SearchForm = ({ v, q, action }: { v: View; q: string; action: string }) => (
  <form method="get" action={action}>
    <TextField
      v={v}
      name="q"
      type="search"
      label={v.t('helpdesk.ask.search')}
      hint={v.t('helpdesk.ask.searchHint')}
      value={q}
    />
    <Button>{v.t('common.search')}</Button>
  </form>
)

type Hit = Awaited<ReturnType<typeof searchArticles>>[number]
const HitList = ({ hits }: { hits: Hit[] }) => (
  <ul class="link-list help-hits">
    {hits.map((h) => (
      <li>
        <a href={`/help/articles/${h.slug}`}>{h.title}</a>
        <p>{h.summary}</p>
      </li>
    ))}
  </ul>
)

// ── citizens: ask and search ────────────────────────────────────────────────────────────────────

async function askPage(c: Ctx, q: string | undefined) {
  const hits = q ? await searchArticles(c.var.db, { q }, c.var.locale) : []
  return renderPage(c, { title: c.var.t('helpdesk.ask.title') }, (v) => (
    <>
      <h1>{v.t('helpdesk.ask.title')}</h1>
      <p class="lead">{v.t('helpdesk.ask.lead')}</p>
      <SearchForm v={v} q={q ?? ''} action="/ask" />
      {q ? (
        <section class="section" aria-labelledby="hits-title">
          <h2 id="hits-title">{v.t('helpdesk.ask.results')}</h2>
          {hits.length ? <HitList hits={hits} /> : <p>{v.t('helpdesk.ask.noResults')}</p>}
        </section>
      ) : null}
      <p>
        <Button href={`/ask/new${q ? `?q=${encodeURIComponent(q)}` : ''}`}>
          {v.t('helpdesk.ask.start')}
        </Button>
      </p>
      <p>
        <a href="/help/articles">{v.t('helpdesk.ask.browse')}</a>
      </p>
      <p>
        <a href="/help/self-check">{v.t('helpdesk.check.link')}</a>
      </p>
      <p>{v.t('helpdesk.ask.byPhone', { phone: formatPhone(v.city.helpPhone) })}</p>
    </>
  ))
}

/**
 * Suggestions for what a citizen is writing: the server renders them (no JS); the help-suggest island
 * refreshes the same list as they type (debounced, announced politely).
 */
const Suggestions = ({ v, hits, q, source }: { v: View; hits: Hit[]; q: string; source: string }) => (
  <section
    class="section help-suggest"
    aria-labelledby="suggest-title"
    id="help-suggest"
    data-source={source}
    data-api="/api/v1/help/articles"
    data-none={v.t('helpdesk.suggest.none')}
    data-found={v.t('helpdesk.suggest.found')}
  >
    <h2 id="suggest-title">{v.t('helpdesk.suggest.title')}</h2>
    <div id="help-suggest-list">
      {hits.length ? <HitList hits={hits} /> : q ? <p>{v.t('helpdesk.suggest.none')}</p> : null}
    </div>
    <p id="help-suggest-status" class="sr-only" aria-live="polite"></p>
  </section>
)

/** The donated device a question is about (from the devices module's "ask about this device"). */
type AskDevice = { tag: string; label: string } | undefined

/** Says which device the question is about, and carries its tag through the form. */
const AboutDevice = ({ v, device }: { v: View; device: AskDevice }) =>
  device ? (
    <>
      <p class="notice" id="ask-device">
        {v.t('helpdesk.ask.aboutDevice', { device: device.label })}
      </p>
      <input type="hidden" name="device" value={device.tag} />
    </>
  ) : null

/** Step 1 of a question: what is the problem? (step 2 shows matching articles before the form). */
const askStartPage = (c: Ctx, device: AskDevice) =>
  renderPage(c, { title: c.var.t('helpdesk.ask.formTitle') }, (v) => (
    <>
      <Styles />
      <h1>{v.t('helpdesk.ask.formTitle')}</h1>
      <p class="lead">{v.t('helpdesk.suggest.step1Lead')}</p>
      <form method="get" action="/ask/new" novalidate>
        <AboutDevice v={v} device={device} />
        <Textarea
          v={v}
          name="q"
          label={v.t('helpdesk.ask.question')}
          hint={v.t('helpdesk.ask.questionHint')}
          rows={5}
        />
        <Button>{v.t('helpdesk.suggest.next')}</Button>
      </form>
      <Suggestions v={v} hits={[]} q="" source="f-q" />
      <script src="/static/help-suggest.js" defer></script>
    </>
  ))

/** The device named by ?device= or the form's hidden field: the citizen's own, else "not found". */
async function askDevice(c: Ctx, tag: string | undefined): Promise<AskDevice> {
  const clean = tag?.trim()
  if (!clean || c.var.actor.kind !== 'citizen') return undefined
  const d = await askableDevice(c.var.db, c.var.actor.personId, clean)
  return { tag: d.tag, label: d.label }
}

async function askFormPage(c: Ctx, form: FormState, status = 200) {
  const q = typed(form, 'question') || typed(form, 'q')
  const device = await askDevice(c, typed(form, 'device'))
  const hits = q ? await searchArticles(c.var.db, { q: q.slice(0, 100) }, c.var.locale, 3) : []
  return renderPage(c, { title: c.var.t('helpdesk.ask.formTitle'), status }, (v) => (
    <>
      <Styles />
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.ask.formTitle')}</h1>
      <Suggestions v={v} hits={hits} q={q} source="f-question" />
      {hits.length ? <p>{v.t('helpdesk.suggest.helped')}</p> : null}
      <h2>{v.t('helpdesk.suggest.send')}</h2>
      <form method="post" action="/ask/new" enctype="multipart/form-data" novalidate>
        <Csrf v={v} />
        <AboutDevice v={v} device={device} />
        <Radios
          v={v}
          form={form}
          name="category"
          label={v.t('helpdesk.ask.category')}
          options={opts(v, 'helpdesk.category', TICKET_CATEGORIES)}
        />
        <Textarea
          v={v}
          form={form}
          name="question"
          label={v.t('helpdesk.ask.question')}
          hint={v.t('helpdesk.ask.questionHint')}
          rows={6}
          value={q}
        />
        <Radios
          v={v}
          form={form}
          name="replyChannel"
          label={v.t('helpdesk.ask.reply')}
          options={opts(v, 'helpdesk.reply', REPLY_CHANNELS)}
        />
        <TextField
          v={v}
          form={form}
          name="email"
          type="email"
          autocomplete="email"
          label={v.t('helpdesk.ask.email')}
          required={false}
          width="medium"
        />
        <div class={form.errors.screenshot ? 'field field--error' : 'field'}>
          <label class="field-label" for="f-screenshot">
            {v.t('helpdesk.ask.screenshot')} <span class="field-optional">{v.t('common.optional')}</span>
          </label>
          <p class="field-hint" id="f-screenshot-hint">
            {v.t('helpdesk.ask.screenshotHint')}
          </p>
          {form.errors.screenshot ? (
            <p class="field-error" id="f-screenshot-error">
              <span class="sr-only">{v.t('error.prefix')}</span> {form.errors.screenshot}
            </p>
          ) : null}
          <input
            id="f-screenshot"
            name="screenshot"
            type="file"
            accept="image/png,image/jpeg,image/webp"
            aria-describedby="f-screenshot-hint"
          />
        </div>
        <Button>{v.t('helpdesk.ask.submit')}</Button>
      </form>
      <script src="/static/help-suggest.js" defer></script>
    </>
  ))
}

async function uploadOf(values: Record<string, unknown>): Promise<Upload | undefined> {
  const f = values.screenshot
  delete values.screenshot
  if (!(f instanceof File) || f.size === 0) return undefined
  return { type: f.type, bytes: new Uint8Array(await f.arrayBuffer()) }
}

// ── articles ────────────────────────────────────────────────────────────────────────────────────

async function articlePage(
  c: Ctx,
  slug: string,
  version: number | undefined,
  opts2: { print?: boolean; thanks?: boolean },
) {
  const { article, version: ver } = await getArticle(c.var.db, slug, version)
  const en = c.var.locale === 'en'
  const title = en ? ver.titleEn : ver.titleKo
  return renderPage(c, { title }, (v) => (
    <div class={opts2.print ? 'help-article help-article--print' : 'help-article'}>
      <Styles />
      {ver.version !== article.currentVersion ? (
        <p class="notice">
          {v.t('helpdesk.article.oldVersion', { n: ver.version })}{' '}
          <a href={`/help/articles/${slug}`}>{v.t('helpdesk.article.current')}</a>
        </p>
      ) : null}
      <h1>{title}</h1>
      <p class="lead" id="help-summary">
        {en ? ver.summaryEn : ver.summaryKo}
      </p>
      {opts2.print ? null : (
        <p class="help-tools">
          <button
            type="button"
            class="button button--secondary"
            id="read-aloud"
            hidden
            data-stop={v.t('helpdesk.article.stopReading')}
            data-lang={en ? 'en-GB' : 'ko-KR'}
          >
            {v.t('helpdesk.article.readAloud')}
          </button>{' '}
          <a class="button button--secondary" href={`/help/articles/${slug}/print`}>
            {v.t('helpdesk.article.print')}
          </a>
        </p>
      )}
      <h2>{v.t('helpdesk.article.steps')}</h2>
      <ol class="help-steps" id="help-steps">
        {ver.steps.map((s, i) => (
          <li class="help-step">
            <p>
              <span class="sr-only">{v.t('helpdesk.article.step', { n: i + 1 })}: </span>
              {en ? s.en : s.ko}
            </p>
            {s.image ? (
              <img src={s.image.src} alt={en ? s.image.altEn : s.image.altKo} class="help-step__img" />
            ) : null}
          </li>
        ))}
      </ol>
      {opts2.print ? null : (
        <>
          <p class="help-tags">
            {v.t('helpdesk.article.devices')}:{' '}
            {article.devices.map((d) => (
              <a href={`/help/articles?device=${d}`}>{d}</a>
            ))}{' '}
            · {v.t('helpdesk.article.tasks')}:{' '}
            {article.tasks.map((d) => (
              <a href={`/help/articles?task=${d}`}>{d}</a>
            ))}
          </p>
          <section class="section" aria-labelledby="helped-title">
            <h2 id="helped-title">{v.t('helpdesk.article.helped')}</h2>
            {opts2.thanks ? (
              <p role="status">{v.t('helpdesk.article.thanks')}</p>
            ) : (
              <form method="post" action={`/help/articles/${slug}/feedback`} class="button-group">
                <Csrf v={v} />
                <Button name="helpful" value="yes" variant="secondary">
                  {v.t('common.yes')}
                </Button>
                <Button name="helpful" value="no" variant="secondary">
                  {v.t('common.no')}
                </Button>
              </form>
            )}
            <p>
              <a href={`/ask/new?q=${encodeURIComponent(title)}`}>{v.t('helpdesk.article.stillStuck')}</a>
            </p>
          </section>
          <p>
            <a href={`/help/articles/${slug}/history`}>{v.t('helpdesk.article.history')}</a> ·{' '}
            {v.t('helpdesk.article.version', { n: ver.version })}
          </p>
          <script src="/static/read-aloud.js" defer></script>
        </>
      )}
    </div>
  ))
}

/** A file field for a step's picture, with hint and inline error (no JavaScript needed). */
const PictureField = ({ v, form, n }: { v: View; form: FormState; n: number }) => {
  const name = `step${n}File`
  const id = `f-${name}`
  const error = form.errors[name]
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <label class="field-label" for={id}>
        {v.t('helpdesk.article.stepFile')} <span class="field-optional">{v.t('common.optional')}</span>
      </label>
      <p class="field-hint" id={`${id}-hint`}>
        {v.t('helpdesk.article.stepFileHint')}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span class="sr-only">{v.t('error.prefix')}</span> {error}
        </p>
      ) : null}
      <input
        id={id}
        name={name}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        aria-describedby={error ? `${id}-hint ${id}-error` : `${id}-hint`}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  )
}

const ArticleEditor = ({ v, form }: { v: View; form: FormState }) => (
  <form method="post" action="/staff/help/articles" enctype="multipart/form-data" novalidate>
    <Csrf v={v} />
    <TextField v={v} form={form} name="slug" label={v.t('helpdesk.article.slug')} width="medium" />
    <TextField v={v} form={form} name="titleKo" label={v.t('helpdesk.article.titleKo')} />
    <TextField v={v} form={form} name="titleEn" label={v.t('helpdesk.article.titleEn')} />
    <Textarea v={v} form={form} name="summaryKo" label={v.t('helpdesk.article.summaryKo')} rows={2} />
    <Textarea v={v} form={form} name="summaryEn" label={v.t('helpdesk.article.summaryEn')} rows={2} />
    <TextField
      v={v}
      form={form}
      name="devices"
      label={v.t('helpdesk.article.devicesField')}
      hint={v.t('helpdesk.article.tagsHint')}
    />
    <TextField
      v={v}
      form={form}
      name="tasks"
      label={v.t('helpdesk.article.tasksField')}
      hint={v.t('helpdesk.article.tagsHint')}
    />
    {form.errors.steps ? (
      <p class="field-error" id="f-steps">
        <span class="sr-only">{v.t('error.prefix')}</span> {form.errors.steps}
      </p>
    ) : null}
    {Array.from({ length: MAX_FORM_STEPS }, (_, k) => {
      const n = k + 1
      const err = (f: string) => form.errors[`steps.${k}.${f}`] ?? form.errors[`steps.${k}.image.${f}`]
      const sub = (name: string, f: string) => ({
        ...form,
        errors: { ...form.errors, [name]: form.errors[name] ?? err(f) ?? '' },
      })
      const clean = (s: FormState) => ({
        ...s,
        errors: Object.fromEntries(Object.entries(s.errors).filter(([, x]) => x)),
      })
      return (
        <fieldset class="fieldset">
          <legend class="fieldset__legend">{v.t('helpdesk.article.step', { n })}</legend>
          <Textarea
            v={v}
            form={clean(sub(`step${n}Ko`, 'ko'))}
            name={`step${n}Ko`}
            label={v.t('helpdesk.article.stepKo')}
            rows={2}
            required={false}
          />
          <Textarea
            v={v}
            form={clean(sub(`step${n}En`, 'en'))}
            name={`step${n}En`}
            label={v.t('helpdesk.article.stepEn')}
            rows={2}
            required={false}
          />
          <PictureField v={v} form={form} n={n} />
          <TextField
            v={v}
            form={clean(sub(`step${n}Image`, 'src'))}
            name={`step${n}Image`}
            label={v.t('helpdesk.article.stepImage')}
            hint={v.t('helpdesk.article.stepImageHint')}
            required={false}
          />
          <TextField
            v={v}
            form={clean(sub(`step${n}AltKo`, 'altKo'))}
            name={`step${n}AltKo`}
            label={v.t('helpdesk.article.stepAltKo')}
            required={false}
          />
          <TextField
            v={v}
            form={clean(sub(`step${n}AltEn`, 'altEn'))}
            name={`step${n}AltEn`}
            label={v.t('helpdesk.article.stepAltEn')}
            required={false}
          />
        </fieldset>
      )
    })}
    <TextField v={v} form={form} name="note" label={v.t('helpdesk.article.note')} required={false} />
    <Button>{v.t('helpdesk.article.save')}</Button>
  </form>
)

/** Field errors of step rows come back as steps.N.field; the editor shows them on its own names. */
function editorErrors(form: FormState): FormState {
  const errors: Record<string, string> = {}
  const names: Record<string, string> = { ko: 'Ko', en: 'En', src: 'Image', altKo: 'AltKo', altEn: 'AltEn' }
  for (const [k, msg] of Object.entries(form.errors)) {
    const m = /^steps\.(\d+)\.(?:image\.)?(\w+)$/.exec(k)
    if (m) errors[`step${Number(m[1]) + 1}${names[m[2]!] ?? ''}`] = msg
    else errors[k] = msg
  }
  return { ...form, errors }
}

const editorPage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('helpdesk.article.editTitle'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.article.editTitle')}</h1>
      <ArticleEditor v={v} form={form} />
    </>
  ))

async function editorValues(c: Ctx, slug: string) {
  const { article, version } = await getArticle(c.var.db, slug)
  const values: Record<string, unknown> = {
    slug,
    titleKo: version.titleKo,
    titleEn: version.titleEn,
    summaryKo: version.summaryKo,
    summaryEn: version.summaryEn,
    devices: article.devices.join(', '),
    tasks: article.tasks.join(', '),
  }
  version.steps.forEach((s, i) => {
    const n = i + 1
    Object.assign(values, {
      [`step${n}Ko`]: s.ko,
      [`step${n}En`]: s.en,
      [`step${n}Image`]: s.image?.src ?? '',
      [`step${n}AltKo`]: s.image?.altKo ?? '',
      [`step${n}AltEn`]: s.image?.altEn ?? '',
    })
  })
  return values
}

// ── citizen: my question ────────────────────────────────────────────────────────────────────────

const FACES = { 1: '☹️', 2: '😐', 3: '🙂' } as const

async function myQuestionPage(c: Ctx, id: string, form?: FormState, status = 200) {
  const { ticket: t, messages } = await myTicket(c.var.db, c.var.actor, id)
  const sent = c.req.query('sent') === '1'
  return renderPage(c, { title: c.var.t('helpdesk.ticket.title', { ref: t.ref }), status }, (v) => (
    <>
      <Styles />
      <ErrorSummary v={v} form={form} />
      {sent ? (
        <div class="notification-banner notification-banner--success" role="status">
          <p class="notification-banner__heading">{v.t('helpdesk.ask.sent', { ref: t.ref })}</p>
          <p>{v.t('helpdesk.ask.sentLead')}</p>
        </div>
      ) : null}
      <h1>{v.t('helpdesk.ticket.title', { ref: t.ref })}</h1>
      <p>
        <StatusTag tone={tone(t.status)}>{v.t(`helpdesk.status.${t.status}`)}</StatusTag>
      </p>
      {t.deviceTag ? <p>{v.t('helpdesk.mine.device', { tag: t.deviceTag })}</p> : null}
      <Conversation v={v} messages={messages} />
      {t.status === 'resolved' ? (
        <section class="section" aria-labelledby="rate-title">
          <h2 id="rate-title">{v.t('helpdesk.rate.title')}</h2>
          {t.rating ? (
            <p role="status">{v.t('helpdesk.rate.thanks', { word: v.t(`helpdesk.rate.${t.rating}`) })}</p>
          ) : (
            <form method="post" action={`/me/questions/${t.id}/rate`} class="help-faces">
              <Csrf v={v} />
              {([3, 2, 1] as const).map((n) => (
                <button
                  type="submit"
                  name="rating"
                  value={String(n)}
                  class="button button--secondary help-face"
                >
                  <span aria-hidden="true" class="help-face__icon">
                    {FACES[n]}
                  </span>
                  <span>{v.t(`helpdesk.rate.${n}`)}</span>
                </button>
              ))}
            </form>
          )}
        </section>
      ) : null}
      {t.status !== 'merged' ? (
        <form method="post" action={`/me/questions/${t.id}/reply`} novalidate>
          <Csrf v={v} />
          <h2>{v.t('helpdesk.mine.answer')}</h2>
          <Textarea v={v} form={form} name="body" label={v.t('helpdesk.mine.answerLabel')} rows={3} />
          <Button variant="secondary">{v.t('helpdesk.mine.send')}</Button>
        </form>
      ) : null}
    </>
  ))
}

const Conversation = ({
  v,
  messages,
}: {
  v: View
  messages: { kind: string; body: string; at: Date; staff?: string | null }[]
}) => (
  <section class="section" aria-labelledby="conv-title">
    <h2 id="conv-title">{v.t('helpdesk.ticket.conversation')}</h2>
    <ol class="help-conv">
      {messages.map((m) => (
        <li class={`help-msg help-msg--${m.kind}`}>
          <p class="help-msg__who">
            {v.t(`helpdesk.ticket.kind.${m.kind}`)}
            {m.staff ? ` · ${m.staff}` : ''} · {formatDateTime(v.locale, m.at)}
          </p>
          <p class="help-msg__body">{m.body}</p>
        </li>
      ))}
    </ol>
  </section>
)

/** The citizen's /me section: their questions and where each stands. */
export async function meQuestions(
  v: View,
  rows: { id: string; ref: string; subject: string; status: TicketStatus; createdAt: Date }[],
): Promise<Child> {
  return (
    <section class="section" aria-labelledby="me-questions">
      <h2 id="me-questions">{v.t('helpdesk.me.title')}</h2>
      {rows.length === 0 ? (
        <p>{v.t('helpdesk.me.none')}</p>
      ) : (
        <ul class="link-list">
          {rows.map((r) => (
            <li>
              <a href={`/me/questions/${r.id}`}>
                {r.ref} — {r.subject}
              </a>{' '}
              <StatusTag tone={tone(r.status)}>{v.t(`helpdesk.status.${r.status}`)}</StatusTag>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href="/ask">{v.t('helpdesk.me.ask')}</a>
      </p>
    </section>
  )
}

// ── staff ───────────────────────────────────────────────────────────────────────────────────────

export const helpdeskNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const items = []
  if (scopeFor(v.actor.role, 'helpdesk:work'))
    items.push({ href: '/staff/help', label: v.t('helpdesk.nav.queue') })
  if (scopeFor(v.actor.role, 'helpdesk:articles'))
    items.push({ href: '/staff/help/articles', label: v.t('helpdesk.nav.articles') })
  if (scopeFor(v.actor.role, 'helpdesk:refer') && !scopeFor(v.actor.role, 'helpdesk:work'))
    items.push({ href: '/staff/help/referrals', label: v.t('helpdesk.nav.refer') })
  if (scopeFor(v.actor.role, 'helpdesk:team'))
    items.push({ href: '/staff/help/team', label: v.t('helpdesk.nav.team') })
  if (scopeFor(v.actor.role, 'helpdesk:canned'))
    items.push({ href: '/staff/help/canned', label: v.t('helpdesk.nav.canned') })
  return items
}

const intakePage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('helpdesk.intake.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.intake.title')}</h1>
      <p class="lead">{v.t('helpdesk.intake.lead')}</p>
      <form method="post" action="/staff/help/intake" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="channel"
          label={v.t('helpdesk.intake.channel')}
          options={opts(v, 'helpdesk.channel', ['phone', 'referral'])}
        />
        <TextField
          v={v}
          form={form}
          name="name"
          label={v.t('helpdesk.intake.name')}
          autocomplete="off"
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="birthDate"
          label={v.t('helpdesk.intake.birthDate')}
          hint={v.t('helpdesk.intake.birthHint')}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="phone"
          type="tel"
          label={v.t('helpdesk.intake.phone')}
          inputmode="tel"
          width="medium"
        />
        <ConsentFields v={v} form={form} />
        <Select
          v={v}
          form={form}
          name="category"
          label={v.t('helpdesk.ask.category')}
          options={opts(v, 'helpdesk.category', TICKET_CATEGORIES)}
        />
        <Select
          v={v}
          form={form}
          name="priority"
          label={v.t('helpdesk.intake.priority')}
          options={opts(v, 'helpdesk.priority', PRIORITIES)}
          placeholder={v.t('helpdesk.intake.priorityAuto')}
          required={false}
        />
        <Textarea
          v={v}
          form={form}
          name="question"
          label={v.t('helpdesk.ask.question')}
          hint={v.t('helpdesk.ask.questionHint')}
          rows={5}
        />
        <Select
          v={v}
          form={form}
          name="replyChannel"
          label={v.t('helpdesk.ask.reply')}
          options={opts(v, 'helpdesk.reply', REPLY_CHANNELS)}
        />
        <TextField
          v={v}
          form={form}
          name="email"
          type="email"
          label={v.t('helpdesk.ask.email')}
          required={false}
          width="medium"
        />
        <Select
          v={v}
          form={form}
          name="language"
          label={v.t('helpdesk.intake.language')}
          options={[
            { value: 'ko', label: v.t('lang.ko') },
            { value: 'en', label: v.t('lang.en') },
          ]}
        />
        <Textarea
          v={v}
          form={form}
          name="referralNote"
          label={v.t('helpdesk.intake.referralNote')}
          required={false}
          rows={2}
        />
        <Button>{v.t('helpdesk.intake.submit')}</Button>
      </form>
    </>
  ))

async function ticketPage(c: Ctx, id: string, form?: FormState, status = 200) {
  const r = await viewTicket(c.var.db, c.var.actor, id, metaOf(c))
  const t = r.ticket
  const now = c.var.deps.now()
  const contact = referralContact(t)
  const sessions = t.personId && !t.enrolmentId ? (await browse(c.var.db, {}, now)).slice(0, 50) : []
  // saved replies in the ticket's language, those for its category first
  const canned = (await cannedChoices(c.var.db, c.var.actor, t.language)).sort(
    (a, b) => Number(b.category === t.category) - Number(a.category === t.category),
  )
  return renderPage(c, { title: c.var.t('helpdesk.ticket.title', { ref: t.ref }), status }, (v) => (
    <>
      <Styles />
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.ticket.title', { ref: t.ref })}</h1>
      <SummaryList
        v={v}
        rows={[
          {
            key: v.t('helpdesk.ticket.status'),
            value: <StatusTag tone={tone(t.status)}>{v.t(`helpdesk.status.${t.status}`)}</StatusTag>,
          },
          {
            key: v.t('helpdesk.ticket.caller'),
            value: r.person
              ? `${r.person.name ?? ''} ${r.person.phone ? formatPhone(r.person.phone) : ''}`
              : v.t('common.none'),
          },
          { key: v.t('helpdesk.ticket.channel'), value: v.t(`helpdesk.channel.${t.channel}`) },
          { key: v.t('helpdesk.ticket.category'), value: v.t(`helpdesk.category.${t.category}`) },
          { key: v.t('helpdesk.ticket.priority'), value: v.t(`helpdesk.priority.${t.priority}`) },
          {
            key: v.t('helpdesk.ticket.replyBy'),
            value: `${v.t(`helpdesk.reply.${t.replyChannel}`)}${t.email ? ` (${t.email})` : ''}`,
          },
          {
            key: v.t('helpdesk.ticket.firstDue'),
            value: t.firstResponseAt
              ? formatDateTime(v.locale, t.firstResponseAt)
              : formatDateTime(v.locale, t.firstResponseDue),
          },
          {
            key: v.t('helpdesk.ticket.resolveDue'),
            value: `${formatDateTime(v.locale, t.resolutionDue)}${t.pausedAt ? ` — ${v.t('helpdesk.ticket.paused')}` : ''}${t.status === 'open' && t.resolutionDue < now ? ` — ${v.t('helpdesk.queue.view.breached')}` : ''}`,
          },
          ...(t.rating
            ? [{ key: v.t('helpdesk.ticket.rating'), value: v.t(`helpdesk.rate.${t.rating}`) }]
            : []),
          ...(t.referralChannel
            ? [
                {
                  key: v.t('helpdesk.ticket.referral'),
                  value: v.t('helpdesk.ticket.referralValue', {
                    channel: v.t(`helpdesk.refer.channel.${t.referralChannel}`),
                    consent: v.t(`people.consentMethod.${t.referralConsentMethod ?? 'verbal'}`),
                  }),
                },
              ]
            : []),
          ...(contact.name || contact.phone
            ? [
                {
                  key: v.t('helpdesk.ticket.contact'),
                  value: `${contact.name ?? ''} ${contact.phone ? formatPhone(contact.phone) : ''}`,
                },
              ]
            : []),
          ...(t.deviceTag
            ? [
                {
                  key: v.t('helpdesk.ticket.device'),
                  value:
                    v.actor.kind === 'staff' && scopeFor(v.actor.role, 'devices:read') ? (
                      <a href={`/staff/devices/${encodeURIComponent(t.deviceTag)}`}>{t.deviceTag}</a>
                    ) : (
                      t.deviceTag
                    ),
                },
              ]
            : []),
          ...(t.repairTicketId
            ? [
                {
                  key: v.t('helpdesk.ticket.repair'),
                  value: (
                    <a href="/staff/devices/repairs">
                      {v.t('helpdesk.ticket.repairValue', { device: t.deviceId?.slice(0, 8) ?? '' })}
                    </a>
                  ),
                },
              ]
            : []),
          ...(t.enrolmentId
            ? [
                {
                  key: v.t('helpdesk.ticket.enrolment'),
                  value: v.t('helpdesk.ticket.enrolmentValue', { id: t.enrolmentId.slice(0, 8) }),
                },
              ]
            : []),
        ]}
      />
      {r.attachments.map((a, i) => (
        <p>
          <img
            src={`/api/v1/helpdesk/attachments/${a.id}`}
            alt={v.t('helpdesk.ticket.screenshot', { n: i + 1 })}
            class="help-shot"
          />
        </p>
      ))}
      <Conversation v={v} messages={r.messages} />
      {r.messages.some((m) => m.kind === 'reply') &&
      v.actor.kind === 'staff' &&
      scopeFor(v.actor.role, 'helpdesk:articles') ? (
        <p>
          <a href={`/staff/help/articles/new?from=${t.id}`}>{v.t('helpdesk.article.fromReply')}</a>
        </p>
      ) : null}
      {t.status === 'merged' ? null : (
        <>
          <form method="post" action={`/staff/help/tickets/${t.id}/reply`} novalidate>
            <Csrf v={v} />
            <h2>{v.t('helpdesk.reply.title')}</h2>
            <Textarea
              v={v}
              form={form}
              name="body"
              label={v.t('helpdesk.reply.body')}
              rows={5}
              required={false}
            />
            <Select
              v={v}
              form={form}
              name="canned"
              label={v.t('helpdesk.reply.canned')}
              hint={v.t('helpdesk.reply.cannedHint')}
              placeholder={v.t('helpdesk.reply.cannedNone')}
              required={false}
              options={canned.map((x) => ({ value: x.id, label: `${x.title} — ${x.text}` }))}
            />
            <Radios
              v={v}
              form={form}
              name="kind"
              label={v.t('helpdesk.reply.kind')}
              value={typed(form, 'kind') || 'reply'}
              options={[
                { value: 'reply', label: v.t('helpdesk.reply.kindReply') },
                { value: 'note', label: v.t('helpdesk.reply.kindNote') },
              ]}
            />
            <Radios
              v={v}
              form={form}
              name="after"
              label={v.t('helpdesk.reply.then')}
              value={typed(form, 'after') || 'waiting_citizen'}
              options={opts(v, 'helpdesk.status', ['open', 'waiting_citizen', 'resolved'])}
            />
            <Button>{v.t('helpdesk.reply.submit')}</Button>
          </form>
          <form method="post" action={`/staff/help/tickets/${t.id}/assign`} novalidate>
            <Csrf v={v} />
            <h2>{v.t('helpdesk.assign.title')}</h2>
            <Select
              v={v}
              form={form}
              name="staffId"
              label={v.t('helpdesk.assign.who')}
              value={t.assignedTo ?? ''}
              placeholder={v.t('helpdesk.assign.auto')}
              options={r.agents.map((a) => ({ value: a.id, label: `${a.name} (${a.open})` }))}
            />
            <Button variant="secondary">{v.t('helpdesk.assign.submit')}</Button>
          </form>
          <form method="post" action={`/staff/help/tickets/${t.id}/triage`} novalidate>
            <Csrf v={v} />
            <h2>{v.t('helpdesk.triage.title')}</h2>
            <Select
              v={v}
              name="category"
              label={v.t('helpdesk.ticket.category')}
              value={t.category}
              options={opts(v, 'helpdesk.category', TICKET_CATEGORIES)}
            />
            <Select
              v={v}
              name="priority"
              label={v.t('helpdesk.ticket.priority')}
              value={t.priority}
              options={opts(v, 'helpdesk.priority', PRIORITIES)}
            />
            <Button variant="secondary">{v.t('helpdesk.triage.submit')}</Button>
          </form>
          <section class="section" aria-labelledby="escalate-title">
            <h2 id="escalate-title">{v.t('helpdesk.escalate.title')}</h2>
            {t.repairTicketId ? null : (
              <form method="post" action={`/staff/help/tickets/${t.id}/escalate/repair`} novalidate>
                <Csrf v={v} />
                <h3>{v.t('helpdesk.escalate.repairTitle')}</h3>
                <TextField
                  v={v}
                  form={form}
                  name="assetTag"
                  label={v.t('helpdesk.escalate.assetTagLabel')}
                  width="medium"
                />
                <Textarea
                  v={v}
                  form={form}
                  name="problem"
                  label={v.t('helpdesk.escalate.problemLabel')}
                  rows={2}
                />
                <Button variant="secondary">{v.t('helpdesk.escalate.repairSubmit')}</Button>
              </form>
            )}
            {t.personId && !t.enrolmentId ? (
              <form method="post" action={`/staff/help/tickets/${t.id}/escalate/class`} novalidate>
                <Csrf v={v} />
                <h3>{v.t('helpdesk.escalate.classTitle')}</h3>
                <Select
                  v={v}
                  form={form}
                  name="sessionId"
                  label={v.t('helpdesk.escalate.session')}
                  placeholder={v.t('helpdesk.escalate.chooseSession')}
                  options={sessions.map((x) => ({
                    value: x.session.id,
                    label: `${v.locale === 'en' ? x.course.titleEn : x.course.titleKo} · ${formatDateTime(v.locale, x.session.startsAt)}`,
                  }))}
                />
                <Select
                  v={v}
                  form={form}
                  name="consentMethod"
                  label={v.t('people.field.consentMethod')}
                  value={typed(form, 'consentMethod') || 'verbal'}
                  options={CONSENT_METHODS.filter((m) => m !== 'not_obtained').map((m) => ({
                    value: m,
                    label: v.t(`people.consentMethod.${m}`),
                  }))}
                />
                <Button variant="secondary">{v.t('helpdesk.escalate.classSubmit')}</Button>
              </form>
            ) : null}
          </section>
          <form method="post" action={`/staff/help/tickets/${t.id}/merge`} novalidate>
            <Csrf v={v} />
            <h2>{v.t('helpdesk.merge.title')}</h2>
            <TextField v={v} form={form} name="into" label={v.t('helpdesk.merge.into')} width="medium" />
            <Button variant="warning">{v.t('helpdesk.merge.submit')}</Button>
          </form>
        </>
      )}
    </>
  ))
}

const referPage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('helpdesk.refer.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.refer.title')}</h1>
      <p class="lead">{v.t('helpdesk.refer.lead')}</p>
      <form method="post" action="/staff/help/refer" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="referralChannel"
          label={v.t('helpdesk.refer.channel')}
          options={opts(v, 'helpdesk.refer.channel', REFERRAL_CHANNELS)}
        />
        <TextField
          v={v}
          form={form}
          name="name"
          label={v.t('helpdesk.intake.name')}
          autocomplete="off"
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="phone"
          type="tel"
          label={v.t('helpdesk.intake.phone')}
          inputmode="tel"
          width="medium"
        />
        <ConsentFields v={v} form={form} />
        <Select
          v={v}
          form={form}
          name="category"
          label={v.t('helpdesk.ask.category')}
          options={opts(v, 'helpdesk.category', TICKET_CATEGORIES)}
        />
        <Textarea
          v={v}
          form={form}
          name="question"
          label={v.t('helpdesk.ask.question')}
          hint={v.t('helpdesk.ask.questionHint')}
          rows={5}
        />
        <Radios
          v={v}
          form={form}
          name="replyChannel"
          label={v.t('helpdesk.ask.reply')}
          options={opts(v, 'helpdesk.reply', ['sms', 'call', 'web'])}
        />
        <Select
          v={v}
          form={form}
          name="language"
          label={v.t('helpdesk.intake.language')}
          options={[
            { value: 'ko', label: v.t('lang.ko') },
            { value: 'en', label: v.t('lang.en') },
          ]}
        />
        <Textarea
          v={v}
          form={form}
          name="referralNote"
          label={v.t('helpdesk.intake.referralNote')}
          required={false}
          rows={2}
        />
        <Button>{v.t('helpdesk.refer.submit')}</Button>
      </form>
    </>
  ))

const teamEditPage = async (c: Ctx, staffId: string, form?: FormState, status = 200) => {
  const a = await teamAgent(c.var.db, c.var.actor, staffId)
  const f =
    form ??
    emptyForm({
      categories: a.categories ?? [],
      languages: a.languages ?? ['ko'],
      lead: a.lead ? 'yes' : '',
    })
  return renderPage(c, { title: a.name, status }, (v) => (
    <>
      <ErrorSummary v={v} form={f} />
      <h1>{a.name}</h1>
      <form method="post" action={`/staff/help/team/${a.id}`} novalidate>
        <Csrf v={v} />
        <Checkboxes
          v={v}
          form={f}
          name="categories"
          label={v.t('helpdesk.team.categories')}
          options={opts(v, 'helpdesk.category', TICKET_CATEGORIES)}
        />
        <Checkboxes
          v={v}
          form={f}
          name="languages"
          label={v.t('helpdesk.team.languages')}
          options={[
            { value: 'ko', label: v.t('lang.ko') },
            { value: 'en', label: v.t('lang.en') },
          ]}
        />
        <Checkboxes
          v={v}
          form={f}
          name="lead"
          label={v.t('helpdesk.team.isLead')}
          required={false}
          options={[{ value: 'yes', label: v.t('common.yes') }]}
        />
        <Button>{v.t('helpdesk.team.save')}</Button>
      </form>
    </>
  ))
}

function pick<T>(values: Record<string, unknown>, keys: string[]): T {
  return Object.fromEntries(keys.filter((k) => k in values).map((k) => [k, values[k]])) as T
}

export const helpdeskPages = [
  page({
    method: 'GET',
    path: '/ask',
    access: 'public',
    summary: 'Ask: search the help articles, then leave a question',
    query: SearchQuery,
    handle: (c, { query }) => askPage(c, query.q),
  }),
  page({
    method: 'GET',
    path: '/help/articles',
    access: 'public',
    summary: 'Help articles, searchable and filtered by device and task',
    query: SearchQuery,
    handle: async (c, { query }) => {
      const hits = await searchArticles(c.var.db, query, c.var.locale, 50)
      const tags = await tagsInUse(c.var.db)
      return renderPage(c, { title: c.var.t('helpdesk.article.all') }, (v) => (
        <>
          <h1>{v.t('helpdesk.article.all')}</h1>
          <SearchForm v={v} q={query.q ?? ''} action="/help/articles" />
          <p>
            {v.t('helpdesk.article.devices')}:{' '}
            {tags.devices.map((d) => (
              <>
                <a href={`/help/articles?device=${d}`} aria-current={query.device === d ? 'true' : undefined}>
                  {d}
                </a>{' '}
              </>
            ))}
          </p>
          <p>
            {v.t('helpdesk.article.tasks')}:{' '}
            {tags.tasks.map((d) => (
              <>
                <a href={`/help/articles?task=${d}`} aria-current={query.task === d ? 'true' : undefined}>
                  {d}
                </a>{' '}
              </>
            ))}
          </p>
          {hits.length ? <HitList hits={hits} /> : <p>{v.t('helpdesk.ask.noResults')}</p>}
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/help/articles/:slug',
    access: 'public',
    summary: 'A help article (current version, or ?v=N for an old one)',
    handle: (c) => {
      const n = Number(c.req.query('v'))
      return articlePage(c, param(c, 'slug'), Number.isInteger(n) && n > 0 ? n : undefined, {
        thanks: c.req.query('thanks') === '1',
      })
    },
  }),
  page({
    method: 'GET',
    path: '/help/articles/:slug/print',
    access: 'public',
    summary: 'Large-print version for paper handouts',
    handle: (c) => articlePage(c, param(c, 'slug'), undefined, { print: true }),
  }),
  page({
    method: 'GET',
    path: '/help/articles/:slug/history',
    access: 'public',
    summary: 'Every version of an article',
    handle: async (c) => {
      const slug = param(c, 'slug')
      const h = await articleHistory(c.var.db, slug)
      return renderPage(c, { title: c.var.t('helpdesk.article.history') }, (v) => (
        <>
          <h1>{v.t('helpdesk.article.history')}</h1>
          <Table
            id="versions"
            caption={v.t('helpdesk.article.history')}
            captionHidden
            rows={h.versions}
            columns={[
              {
                header: v.t('helpdesk.article.version', { n: '' }).trim(),
                cell: (r) => (
                  <a href={`/help/articles/${slug}?v=${r.version}`}>
                    {v.t('helpdesk.article.version', { n: r.version })}
                  </a>
                ),
              },
              {
                header: v.t('helpdesk.article.titleKo'),
                cell: (r) => (v.locale === 'en' ? r.titleEn : r.titleKo),
              },
              { header: v.t('helpdesk.article.note'), cell: (r) => r.note ?? '' },
              { header: v.t('helpdesk.queue.assignee'), cell: (r) => r.editor ?? '' },
              { header: v.t('helpdesk.ticket.status'), cell: (r) => formatDateTime(v.locale, r.at) },
            ]}
          />
        </>
      ))
    },
  }),
  page({
    method: 'POST',
    path: '/help/articles/:slug/feedback',
    access: 'public',
    summary: '"Did this help?" answer',
    handle: async (c) => {
      const slug = param(c, 'slug')
      const body = parse(FeedbackInput, formToObject(await c.req.formData()))
      await recordFeedback(c.var.db, slug, body.helpful)
      return c.redirect(`/help/articles/${slug}?thanks=1`, 303)
    },
  }),
  page({
    method: 'GET',
    path: '/help/self-check',
    access: 'public',
    summary: 'Smartphone overdependence self-check (NIA scale, 10 questions)',
    handle: (c) => selfCheckPage(c, emptyForm({ group: 'senior' })),
  }),
  page({
    method: 'POST',
    path: '/help/self-check',
    access: 'public',
    summary: 'Scores the self-check (nothing is stored)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const a = parse(SelfCheckInput, values)
          const group = SelfCheckGroup.catch('adult').parse(values.group)
          return selfCheckPage(c, emptyForm(values), 200, scoreSelfCheck(a, group))
        },
        (form, status) => selfCheckPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/ask/new',
    access: 'citizen',
    summary:
      'Question: step 1 what is the problem; with ?q= step 2 shows matching articles before the form; ' +
      "with ?device=TAG the question is about the citizen's own donated device",
    handle: async (c) => {
      const q = (c.req.query('q') ?? '').trim().slice(0, 3000)
      const tag = c.req.query('device')?.trim().slice(0, 40) || undefined
      if (!q) return askStartPage(c, await askDevice(c, tag))
      return askFormPage(c, emptyForm(tag ? { q, device: tag, category: 'device' } : { q }))
    },
  }),
  page({
    method: 'POST',
    path: '/ask/new',
    access: 'citizen',
    summary: 'Sends a question; the reference is shown and texted',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      const upload = await uploadOf(values)
      return withForm(
        c,
        values,
        async () => {
          const input = parse(AskInput, values)
          const t = await askQuestion(c.var.db, c.var.actor, input, upload, metaOf(c))
          return c.redirect(`/me/questions/${t.id}?sent=1`, 303)
        },
        (form, status) => askFormPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/me/questions/:id',
    access: 'citizen',
    summary: 'One of my questions, its answers and rating',
    handle: (c) => myQuestionPage(c, param(c, 'id')),
  }),
  page({
    method: 'POST',
    path: '/me/questions/:id/reply',
    access: 'citizen',
    summary: 'The citizen adds to their question (the SLA clock runs again)',
    handle: async (c) => {
      const id = param(c, 'id')
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const b = parse(CitizenReplyInput, values)
          await citizenReply(c.var.db, c.var.actor, id, b.body, c.var.deps.now())
          return c.redirect(`/me/questions/${id}`, 303)
        },
        (form, status) => myQuestionPage(c, id, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/me/questions/:id/rate',
    access: 'citizen',
    summary: 'One-tap satisfaction after resolution',
    handle: async (c) => {
      const id = param(c, 'id')
      const b = parse(RatingInput, formToObject(await c.req.formData()))
      await rateTicket(c.var.db, c.var.actor, id, b.rating, c.var.deps.now())
      return c.redirect(`/me/questions/${id}`, 303)
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help',
    access: 'helpdesk:work',
    summary: 'Help desk queue',
    query: QueueQuery,
    handle: async (c, { query }) => {
      const now = c.var.deps.now()
      const rows = await agentQueue(c.var.db, c.var.actor, query.view, now)
      return renderPage(c, { title: c.var.t('helpdesk.queue.title') }, (v) => (
        <>
          <h1>{v.t('helpdesk.queue.title')}</h1>
          <p>
            <Button href="/staff/help/intake">{v.t('helpdesk.queue.phoneIntake')}</Button>
          </p>
          <FindForm v={v} />
          <nav aria-label={v.t('helpdesk.queue.title')}>
            <ul class="help-tabs">
              {(['open', 'mine', 'waiting', 'breached', 'resolved'] as const).map((x) => (
                <li>
                  <a href={`/staff/help?view=${x}`} aria-current={query.view === x ? 'page' : undefined}>
                    {v.t(`helpdesk.queue.view.${x}`)}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <Table
            id="queue"
            caption={v.t(`helpdesk.queue.view.${query.view}`)}
            rows={rows}
            empty={v.t('helpdesk.queue.empty')}
            columns={[
              {
                header: v.t('helpdesk.queue.ref'),
                cell: (r) => <a href={`/staff/help/tickets/${r.id}`}>{r.ref}</a>,
              },
              { header: v.t('helpdesk.queue.subject'), cell: (r) => r.subject },
              {
                header: v.t('helpdesk.ticket.category'),
                cell: (r) => v.t(`helpdesk.category.${r.category}`),
              },
              {
                header: v.t('helpdesk.ticket.priority'),
                cell: (r) =>
                  `${v.t(`helpdesk.priority.${r.priority}`)}${r.escalatedAt ? ` · ${v.t('helpdesk.queue.escalated')}` : ''}`,
              },
              { header: v.t('helpdesk.queue.due'), cell: (r) => formatDateTime(v.locale, r.resolutionDue) },
              {
                header: v.t('helpdesk.queue.assignee'),
                cell: (r) => r.assignee ?? v.t('helpdesk.queue.unassigned'),
              },
            ]}
          />
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/find',
    access: 'helpdesk:work',
    summary: 'Opens a ticket by the reference a caller reads out',
    handle: async (c) => {
      const values = c.req.query()
      if (!values.ref) return findPage(c, emptyForm())
      return withForm(
        c,
        values,
        async () => {
          const { ref } = parse(RefQuery, values)
          return c.redirect(`/staff/help/tickets/${await ticketIdByRef(c.var.db, c.var.actor, ref)}`, 303)
        },
        (form, status) => findPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/intake',
    access: 'helpdesk:intake',
    summary: 'A phone call becomes a ticket in one step',
    handle: (c) => intakePage(c, emptyForm({ channel: 'phone', consentMethod: 'verbal', language: 'ko' })),
  }),
  page({
    method: 'POST',
    path: '/staff/help/intake',
    access: 'helpdesk:intake',
    summary: 'Creates the ticket (finds or registers the caller, records the proxy action)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const t = await takeCall(c.var.db, c.var.actor, parse(IntakeInput, values), metaOf(c))
          return c.redirect(
            scopeFor((c.var.actor as { role: 'admin' }).role, 'helpdesk:work')
              ? `/staff/help/tickets/${t.id}`
              : '/staff/help/intake',
            303,
          )
        },
        (form, status) => intakePage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/tickets/:id',
    access: 'helpdesk:work',
    summary: 'A ticket (access logged)',
    handle: (c) => ticketPage(c, param(c, 'id')),
  }),
  page({
    method: 'POST',
    path: '/staff/help/tickets/:id/reply',
    access: 'helpdesk:work',
    summary: 'Reply (through the outbox) or internal note',
    handle: async (c) => {
      const id = param(c, 'id')
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const canned =
            typeof values.canned === 'string' && values.canned
              ? await cannedTextFor(c.var.db, c.var.actor, values.canned, id)
              : undefined
          const body = typeof values.body === 'string' && values.body.trim() ? values.body : (canned ?? '')
          const input = parse(ReplyInput, {
            ...pick<Record<string, unknown>>(values, ['kind', 'after']),
            body,
          })
          await replyToTicket(c.var.db, c.var.actor, id, input, metaOf(c))
          return c.redirect(`/staff/help/tickets/${id}`, 303)
        },
        (form, status) => ticketPage(c, id, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/help/tickets/:id/assign',
    access: 'helpdesk:work',
    summary: 'Assigns a ticket (empty: by skill and language)',
    handle: async (c) => {
      const id = param(c, 'id')
      const b = parse(AssignInput, formToObject(await c.req.formData()))
      await assignTicket(c.var.db, c.var.actor, id, b.staffId, c.var.deps.now())
      return c.redirect(`/staff/help/tickets/${id}`, 303)
    },
  }),
  page({
    method: 'POST',
    path: '/staff/help/tickets/:id/triage',
    access: 'helpdesk:work',
    summary: 'Sets category and priority',
    handle: async (c) => {
      const id = param(c, 'id')
      const b = parse(TriageInput, formToObject(await c.req.formData()))
      await triageTicket(c.var.db, c.var.actor, id, b, c.var.deps.now())
      return c.redirect(`/staff/help/tickets/${id}`, 303)
    },
  }),
  page({
    method: 'POST',
    path: '/staff/help/tickets/:id/merge',
    access: 'helpdesk:work',
    summary: 'Merges this duplicate into another ticket',
    handle: async (c) => {
      const id = param(c, 'id')
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const into = await mergeTicket(
            c.var.db,
            c.var.actor,
            id,
            parse(MergeInput, values).into,
            c.var.deps.now(),
          )
          return c.redirect(`/staff/help/tickets/${into.id}`, 303)
        },
        (form, status) => ticketPage(c, id, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/articles',
    access: 'helpdesk:articles',
    summary: 'Articles to edit, with feedback counts',
    handle: async (c) => {
      const rows = await searchArticles(c.var.db, {}, c.var.locale, 500)
      return renderPage(c, { title: c.var.t('helpdesk.nav.articles') }, (v) => (
        <>
          <h1>{v.t('helpdesk.nav.articles')}</h1>
          <p>
            <Button href="/staff/help/articles/new">{v.t('helpdesk.article.new')}</Button>
          </p>
          <Table
            id="articles"
            caption={v.t('helpdesk.nav.articles')}
            captionHidden
            rows={rows}
            columns={[
              {
                header: v.t('helpdesk.article.titleKo'),
                cell: (r) => <a href={`/help/articles/${r.slug}`}>{r.title}</a>,
              },
              {
                header: v.t('helpdesk.article.edit'),
                cell: (r) => (
                  <a href={`/staff/help/articles/${r.slug}/edit`}>
                    {v.t('helpdesk.article.edit')}
                    <span class="sr-only"> {r.title}</span>
                  </a>
                ),
              },
            ]}
          />
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/articles/new',
    access: 'helpdesk:articles',
    summary: 'Write a new article (?from=<ticket id>: started from that ticket’s question and last reply)',
    handle: async (c) => {
      const from = c.req.query('from')
      if (!from) return editorPage(c, emptyForm())
      const d = await articleDraftFromTicket(c.var.db, c.var.actor, from, metaOf(c))
      return editorPage(c, emptyForm({ titleKo: d.title, summaryKo: d.question, step1Ko: d.reply }))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/articles/:slug/edit',
    access: 'helpdesk:articles',
    summary: 'Edit an article (saving makes a new version)',
    handle: async (c) => editorPage(c, emptyForm(await editorValues(c, param(c, 'slug')))),
  }),
  page({
    method: 'POST',
    path: '/staff/help/articles',
    access: 'helpdesk:articles',
    summary: 'Saves an article as a new version',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          // an uploaded picture gets its address before the whole form is checked; nothing is
          // written unless all of it is valid (picture type by its bytes, alt text in ko and en)
          const chosen: StepPicture[] = []
          for (let n = 1; n <= MAX_FORM_STEPS; n++) {
            const f = values[`step${n}File`]
            if (f instanceof File && f.size > 0)
              chosen.push({ step: n, bytes: new Uint8Array(await f.arrayBuffer()) })
          }
          const pictures = planPictures(chosen)
          const withSrc: Record<string, unknown> = { ...values }
          for (const p of pictures) withSrc[`step${p.step}Image`] = p.src
          const input = parse(ArticleForm, withSrc)
          const r = pictures.length
            ? await saveArticleWithPictures(c.var.db, c.var.actor, input, pictures, c.var.deps.now())
            : await saveArticle(c.var.db, c.var.actor, input, c.var.deps.now())
          return c.redirect(`/help/articles/${r.slug}`, 303)
        },
        (form, status) => editorPage(c, editorErrors(form), status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/refer',
    access: 'helpdesk:refer',
    summary: 'A digital guide passes on the question of someone they met (with their consent)',
    handle: (c) =>
      referPage(c, emptyForm({ referralChannel: 'home_visit', consentMethod: 'in_person', language: 'ko' })),
  }),
  page({
    method: 'POST',
    path: '/staff/help/refer',
    access: 'helpdesk:refer',
    summary: 'Creates the referral ticket (consent required; the answer goes to the person)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const t = await referQuestion(c.var.db, c.var.actor, parse(ReferralInput, values), metaOf(c))
          return c.redirect(`/staff/help/referrals?sent=${t.ref}`, 303)
        },
        (form, status) => referPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/referrals',
    access: 'helpdesk:refer',
    summary: 'The questions a guide passed on, and where each stands',
    handle: async (c) => {
      const rows = await myReferrals(c.var.db, c.var.actor)
      const sent = /^\d{4}-\d{4}$/.test(c.req.query('sent') ?? '') ? c.req.query('sent') : undefined
      return renderPage(c, { title: c.var.t('helpdesk.refer.mine') }, (v) => (
        <>
          {sent ? (
            <div class="notification-banner notification-banner--success" role="status">
              <p class="notification-banner__heading">{v.t('helpdesk.refer.sent', { ref: sent })}</p>
            </div>
          ) : null}
          <h1>{v.t('helpdesk.refer.mine')}</h1>
          <p>
            <Button href="/staff/help/refer">{v.t('helpdesk.refer.new')}</Button>
          </p>
          <Table
            id="referrals"
            caption={v.t('helpdesk.refer.mine')}
            captionHidden
            rows={rows}
            empty={v.t('helpdesk.refer.none')}
            columns={[
              { header: v.t('helpdesk.queue.ref'), cell: (r) => r.ref },
              { header: v.t('helpdesk.queue.subject'), cell: (r) => r.subject },
              {
                header: v.t('helpdesk.refer.channel'),
                cell: (r) => (r.referralChannel ? v.t(`helpdesk.refer.channel.${r.referralChannel}`) : ''),
              },
              {
                header: v.t('helpdesk.ticket.status'),
                cell: (r) => (
                  <StatusTag tone={tone(r.status)}>{v.t(`helpdesk.status.${r.status}`)}</StatusTag>
                ),
              },
              { header: v.t('helpdesk.queue.created'), cell: (r) => formatDateTime(v.locale, r.createdAt) },
            ]}
          />
        </>
      ))
    },
  }),
  page({
    method: 'POST',
    path: '/staff/help/tickets/:id/escalate/repair',
    access: 'helpdesk:work',
    summary: 'Escalates to a repair ticket for the donated device (devices module); the link is kept',
    handle: async (c) => {
      const id = param(c, 'id')
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await escalateToRepair(c.var.db, c.var.actor, id, parse(EscalateRepairInput, values), metaOf(c))
          return c.redirect(`/staff/help/tickets/${id}`, 303)
        },
        (form, status) => ticketPage(c, id, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/help/tickets/:id/escalate/class',
    access: 'helpdesk:work',
    summary: 'Escalates to a class enrolment (education module); the link is kept',
    handle: async (c) => {
      const id = param(c, 'id')
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await escalateToClass(c.var.db, c.var.actor, id, parse(EscalateClassInput, values), metaOf(c))
          return c.redirect(`/staff/help/tickets/${id}`, 303)
        },
        (form, status) => ticketPage(c, id, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/team',
    access: 'helpdesk:team',
    summary: 'Agents with their skills, languages and team-lead flag',
    handle: async (c) => {
      const rows = await teamAgents(c.var.db, c.var.actor)
      return renderPage(c, { title: c.var.t('helpdesk.team.title') }, (v) => (
        <>
          <h1>{v.t('helpdesk.team.title')}</h1>
          <p class="lead">{v.t('helpdesk.team.lead')}</p>
          <Table
            id="team"
            caption={v.t('helpdesk.team.title')}
            captionHidden
            rows={rows}
            empty={v.t('helpdesk.team.none')}
            columns={[
              {
                header: v.t('helpdesk.queue.assignee'),
                cell: (r) => <a href={`/staff/help/team/${r.id}`}>{r.name}</a>,
              },
              {
                header: v.t('helpdesk.team.categories'),
                cell: (r) => (r.categories ?? []).map((x) => v.t(`helpdesk.category.${x}`)).join(', '),
              },
              {
                header: v.t('helpdesk.team.languages'),
                cell: (r) => (r.languages ?? []).map((x) => v.t(`lang.${x}`)).join(', '),
              },
              { header: v.t('helpdesk.team.isLead'), cell: (r) => (r.lead ? v.t('common.yes') : '') },
            ]}
          />
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/team/:staffId',
    access: 'helpdesk:team',
    summary: "Edit an agent's skills, languages and team-lead flag",
    handle: (c) => teamEditPage(c, param(c, 'staffId')),
  }),
  page({
    method: 'POST',
    path: '/staff/help/team/:staffId',
    access: 'helpdesk:team',
    summary: "Saves an agent's skills, languages and team-lead flag (audited)",
    handle: async (c) => {
      const staffId = param(c, 'staffId')
      const values = formToObject(await c.req.formData(), ['categories', 'languages'])
      return withForm(
        c,
        values,
        async () => {
          await saveTeamAgent(c.var.db, c.var.actor, staffId, parse(SkillsInput, values), c.var.deps.now())
          return c.redirect('/staff/help/team', 303)
        },
        (form, status) => teamEditPage(c, staffId, form, status),
      )
    },
  }),
]

const FindForm = ({ v, form }: { v: View; form?: FormState }) => (
  <form method="get" action="/staff/help/find" novalidate>
    <TextField v={v} form={form} name="ref" label={v.t('helpdesk.queue.findRef')} width="medium" />
    <Button variant="secondary">{v.t('common.search')}</Button>
  </form>
)

const findPage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('helpdesk.queue.findRef'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.queue.findRef')}</h1>
      <FindForm v={v} form={form} />
    </>
  ))

function selfCheckPage(c: Ctx, form: FormState, status = 200, result?: ReturnType<typeof scoreSelfCheck>) {
  return renderPage(c, { title: c.var.t('helpdesk.check.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.check.title')}</h1>
      <p>{v.t('helpdesk.check.source')}</p>
      {result ? (
        <section class="section" aria-labelledby="check-result" role="status">
          <h2 id="check-result">{v.t('helpdesk.check.result', { total: result.total })}</h2>
          <p>{v.t(`helpdesk.check.level.${result.level}`)}</p>
          {result.level !== 'general' ? <p>{v.t('helpdesk.check.referral')}</p> : null}
          <p>{v.t('helpdesk.check.cutoffs')}</p>
          <p>
            <a href="/help/self-check">{v.t('helpdesk.check.again')}</a>
          </p>
        </section>
      ) : (
        <form method="post" action="/help/self-check" novalidate>
          <Csrf v={v} />
          <Radios
            v={v}
            form={form}
            name="group"
            label={v.t('helpdesk.check.group')}
            options={opts(v, 'helpdesk.check.group', ['adult', 'senior'])}
          />
          {Array.from({ length: 10 }, (_, i) => (
            <Radios
              v={v}
              form={form}
              name={`q${i + 1}`}
              label={`${i + 1}. ${v.t(`helpdesk.check.q${i + 1}`)}`}
              options={[1, 2, 3, 4].map((n) => ({ value: String(n), label: v.t(`helpdesk.check.a${n}`) }))}
            />
          ))}
          <p>{v.t('helpdesk.check.cutoffs')}</p>
          <Button>{v.t('helpdesk.check.submit')}</Button>
        </form>
      )}
    </>
  ))
}
