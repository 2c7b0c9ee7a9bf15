import type { Child } from 'hono/jsx'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import {
  Button,
  ButtonGroup,
  Checkboxes,
  ErrorSummary,
  Radios,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { SavedBanner, SaveLaterButton, wantsSaveLater } from '../../ui/components/save-for-later.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { Table } from '../../ui/components/table.tsx'
import { formStateFrom, withForm } from '../../ui/forms.ts'
import type { NavItem } from '../../ui/layout.tsx'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { nextQuestion, previousQuestion, progress, questionOrder, usedQuestions } from './questions.ts'
import { cleanAnswers, type ProgrammeResult, type Verdict } from './rules/engine.ts'
import { PROGRAMMES } from './rules/programmes.ts'
import {
  type Answers,
  LIFE_EVENTS,
  type LifeEvent,
  QUESTION_KEYS,
  QUESTIONS,
  type QuestionKey,
  type Text2,
} from './rules/types.ts'
import { LocalProgrammeInput, ResumeInput, SaveInput } from './schema.ts'
import {
  cityDay,
  createLocalProgramme,
  draftDef,
  formatCode,
  getLocalProgramme,
  type Impact,
  impactOf,
  inputValuesOf,
  KEEP_DAYS,
  listLocalProgrammes,
  localToDef,
  programmesInForce,
  results,
  resumeCase,
  saveCase,
  savedCaseForStaff,
  updateLocalProgramme,
} from './service.ts'

const tx = (v: View, t: Text2) => (v.locale === 'en' ? t.en : t.ko)
const isEvent = (s: unknown): s is LifeEvent =>
  typeof s === 'string' && (LIFE_EVENTS as readonly string[]).includes(s)
const isQuestion = (s: unknown): s is QuestionKey =>
  typeof s === 'string' && (QUESTION_KEYS as readonly string[]).includes(s)

/** Answers carried in a form as hidden `a_<question>` fields (nothing is stored between pages). */
const answersFrom = (values: Record<string, unknown>): Answers =>
  cleanAnswers(Object.fromEntries(QUESTION_KEYS.map((k) => [k, values[`a_${k}`]])))

const Hidden = ({
  answers,
  event,
  except,
}: {
  answers: Answers
  event?: LifeEvent
  except?: QuestionKey
}) => (
  <>
    {Object.entries(answers)
      .filter(([k]) => k !== except)
      .map(([k, a]) => (
        <input type="hidden" name={`a_${k}`} value={a} />
      ))}
    {event ? <input type="hidden" name="event" value={event} /> : null}
  </>
)

const answerOptions = (v: View, q: QuestionKey) =>
  QUESTIONS[q].map((a) => ({ value: a, label: v.t(`navigator.a.${q}.${a}`) }))

// ── the citizen flow ───────────────────────────────────────────────────────────────────────────

const startPage = (c: Ctx) =>
  renderPage(c, { title: c.var.t('navigator.title') }, (v) => (
    <>
      <h1>{v.t('navigator.title')}</h1>
      <p class="lead">{v.t('navigator.lead')}</p>
      <p>{v.t('navigator.privacy')}</p>
      <p>
        <Button href="/support/questions">{v.t('navigator.start')}</Button>
      </p>
      <h2>{v.t('navigator.events')}</h2>
      <ul class="link-list">
        {LIFE_EVENTS.map((e) => (
          <li>
            <a href={`/support/questions?event=${e}`}>{v.t(`navigator.event.${e}`)}</a>
          </li>
        ))}
      </ul>
      <ul class="link-list">
        <li>
          <a href="/support/resume">{v.t('navigator.resumeLink')}</a>
        </li>
        {v.actor.kind === 'staff' ? (
          <li>
            <a href="/support/expert">{v.t('navigator.expertLink')}</a>
          </li>
        ) : null}
      </ul>
    </>
  ))

async function orderFor(c: Ctx, event?: LifeEvent) {
  const programmes = await programmesInForce(c.var.db, cityDay(c.var.deps.now()))
  return questionOrder(usedQuestions(programmes), event)
}

const questionPage = async (
  c: Ctx,
  q: QuestionKey,
  answers: Answers,
  event: LifeEvent | undefined,
  form?: FormState,
  status = 200,
) => {
  const order = await orderFor(c, event)
  const { n, total } = progress(order, answers, q)
  const prev = previousQuestion(order, answers, q)
  const title = c.var.t(`navigator.q.${q}.title`)
  const f = form ?? emptyForm({ answer: answers[q] ?? '' })
  return renderPage(c, { title, status }, (v) => (
    <>
      <ErrorSummary v={v} form={f} />
      <p class="subtle">{v.t('navigator.progress', { n, total })}</p>
      <form method="post" action="/support/questions" novalidate>
        <Csrf v={v} />
        <Hidden answers={answers} event={event} except={q} />
        <input type="hidden" name="current" value={q} />
        <Radios v={v} form={f} name="answer" label={title} asHeading options={answerOptions(v, q)} />
        <ButtonGroup>
          <Button name="_go" value="next">
            {v.t('navigator.next')}
          </Button>
          <Button variant="secondary" name="_go" value="skip">
            {v.t('navigator.skip')}
          </Button>
        </ButtonGroup>
        <p class="subtle">{v.t('navigator.skipHint')}</p>
        <ButtonGroup>
          {prev ? (
            <Button variant="link" name="_go" value="back">
              {v.t('common.back')}
            </Button>
          ) : null}
          <SaveLaterButton v={v} />
        </ButtonGroup>
      </form>
    </>
  ))
}

const VERDICT_TONE: Record<Verdict, 'success' | 'warning' | 'neutral'> = {
  likely: 'success',
  maybe: 'warning',
  not: 'neutral',
}

const applyHref = (r: ProgrammeResult, a: Answers) => {
  const base = r.programme.apply
  if (!base) return null
  if (r.programme.key === 'gachi.classes')
    return a.device === 'computer' ? '/learn?goal=public_services' : '/learn?goal=smartphone_basics'
  return `${base}${base.includes('?') ? '&' : '?'}from=navigator`
}

const ProgrammeCard = ({ v, r, a }: { v: View; r: ProgrammeResult; a: Answers }) => {
  const p = r.programme
  const href = r.verdict !== 'not' ? applyHref(r, a) : null
  const id = `p-${p.key.replace(/[^\w-]/g, '-')}`
  return (
    <section class="callout" aria-labelledby={id}>
      <h3 id={id}>{tx(v, p.title)}</h3>
      <p>
        <StatusTag tone={VERDICT_TONE[r.verdict]}>{v.t(`navigator.results.${r.verdict}`)}</StatusTag>{' '}
        <span class="subtle">{v.t(`navigator.results.owner.${p.owner}`)}</span>
      </p>
      <p>{tx(v, p.summary)}</p>
      <h4>{v.t('navigator.results.why')}</h4>
      {r.criteria.length ? (
        <ul>
          {r.criteria.map((x) => (
            <li>
              <strong>
                {v.t(
                  x.met === true
                    ? 'navigator.results.met'
                    : x.met === false
                      ? 'navigator.results.unmet'
                      : 'navigator.results.unknown',
                )}
                :
              </strong>{' '}
              {tx(v, x.text)}
            </li>
          ))}
        </ul>
      ) : (
        <p>{v.t('navigator.results.everyone')}</p>
      )}
      {r.verdict !== 'not' ? (
        <>
          <h4>{v.t('navigator.results.benefit')}</h4>
          <p>{tx(v, r.version.benefit)}</p>
          <h4>{v.t('navigator.results.bring')}</h4>
          <ul>
            {p.bring.map((b) => (
              <li>{tx(v, b)}</li>
            ))}
          </ul>
          <h4>{v.t('navigator.results.how')}</h4>
          <p>{tx(v, p.how.text)}</p>
          <p>
            {p.how.channels.map((ch) => v.t(`navigator.channel.${ch}`)).join(' · ')}
            {p.how.phone ? (
              <>
                {' · '}
                {v.t('common.phone')} <a href={`tel:${p.how.phone}`}>{p.how.phone}</a>
              </>
            ) : null}
            {p.how.url ? (
              <>
                {' · '}
                <a href={p.how.url}>{v.t('navigator.results.website')}</a>
              </>
            ) : null}
          </p>
          {href ? (
            <>
              <p>
                <Button href={href}>
                  {v.t('navigator.results.apply')}
                  <span class="sr-only">: {tx(v, p.title)}</span>
                </Button>
              </p>
              <p class="subtle">{v.t('navigator.results.applyHint')}</p>
            </>
          ) : null}
        </>
      ) : null}
      <p class="subtle">
        {v.t('navigator.results.source')}:{' '}
        {r.version.source.url.startsWith('http') ? (
          <a href={r.version.source.url}>{r.version.source.title}</a>
        ) : (
          r.version.source.title
        )}
      </p>
    </section>
  )
}

const ResultsList = ({ v, list, answers }: { v: View; list: ProgrammeResult[]; answers: Answers }) => (
  <>
    {(['likely', 'maybe', 'not'] as const).map((verdict) => {
      const group = list.filter((r) => r.verdict === verdict)
      return (
        <>
          <h2>
            {v.t(`navigator.results.${verdict}`)} ({group.length})
          </h2>
          {group.length ? (
            group.map((r) => <ProgrammeCard v={v} r={r} a={answers} />)
          ) : (
            <p>{v.t('navigator.results.none')}</p>
          )}
        </>
      )
    })}
  </>
)

const resultsPage = async (c: Ctx, answers: Answers, event: LifeEvent | undefined) => {
  const list = await results(c.var.db, answers, c.var.deps.now(), event)
  return renderPage(c, { title: c.var.t('navigator.results.title') }, (v) => (
    <>
      <h1>{v.t('navigator.results.title')}</h1>
      <p class="lead">{v.t('navigator.results.lead')}</p>
      <form method="post" action="/support/questions" novalidate>
        <Csrf v={v} />
        <Hidden answers={answers} event={event} />
        <ButtonGroup>
          <Button variant="secondary" name="_go" value="restart">
            {v.t('navigator.results.change')}
          </Button>
          <Button variant="secondary" name="_action" value="save-later">
            {v.t('navigator.results.save')}
          </Button>
        </ButtonGroup>
      </form>
      <ResultsList v={v} list={list} answers={answers} />
    </>
  ))
}

const savePage = (
  c: Ctx,
  answers: Answers,
  step: QuestionKey | null,
  event?: LifeEvent,
  form?: FormState,
  status = 200,
) =>
  renderPage(c, { title: c.var.t('navigator.save.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('navigator.save.title')}</h1>
      <p>{v.t('navigator.save.lead', { days: KEEP_DAYS })}</p>
      <form method="post" action="/support/save" novalidate>
        <Csrf v={v} />
        <Hidden answers={answers} event={event} />
        {step ? <input type="hidden" name="step" value={step} /> : null}
        <TextField
          v={v}
          form={form}
          name="phone"
          type="tel"
          autocomplete="tel"
          width="medium"
          required={false}
          label={v.t('navigator.save.phone')}
          hint={v.t('navigator.save.phoneHint')}
        />
        <Checkboxes
          v={v}
          form={form}
          name="notify"
          required={false}
          label={v.t('navigator.save.notify')}
          options={[{ value: 'yes', label: v.t('navigator.save.notifyYes') }]}
        />
        <Button>{v.t('navigator.save.submit')}</Button>
      </form>
    </>
  ))

/** After a POST of the question form: the next/previous question, the results, or the save form. */
async function stepForward(c: Ctx, values: Record<string, unknown>) {
  const event = isEvent(values.event) ? values.event : undefined
  const current = isQuestion(values.current) ? values.current : undefined
  const answers = answersFrom(values)
  const go = values._go
  if (current) {
    const picked = cleanAnswers({ [current]: values.answer })[current]
    if (picked) (answers as Record<string, string>)[current] = picked
    else if (go === 'skip') delete (answers as Record<string, string>)[current]
  }
  if (wantsSaveLater(values)) return savePage(c, answers, current ?? null, event)
  const order = await orderFor(c, event)
  if (go === 'restart') {
    const first = nextQuestion(order, answers)
    return first ? questionPage(c, first, answers, event) : resultsPage(c, answers, event)
  }
  if (current && go === 'back') {
    const prev = previousQuestion(order, answers, current)
    return questionPage(c, prev ?? current, answers, event)
  }
  if (current && go === 'next' && answers[current] === undefined) {
    const form: FormState = {
      errors: { answer: c.var.t('navigator.error.chooseOne') },
      values: { answer: '' },
    }
    return questionPage(c, current, answers, event, form, 422)
  }
  const next = nextQuestion(order, answers, current)
  return next ? questionPage(c, next, answers, event) : resultsPage(c, answers, event)
}

// ── expert mode: every question on one page ─────────────────────────────────────────────────────

const expertPage = async (
  c: Ctx,
  answers: Answers,
  show: boolean,
  saved?: { reference: string; createdAt: Date; expiresAt: Date },
) => {
  const order = await orderFor(c)
  const list = show ? await results(c.var.db, answers, c.var.deps.now()) : []
  return renderPage(c, { title: c.var.t('navigator.expert.title') }, (v) => (
    <>
      <h1>{v.t('navigator.expert.title')}</h1>
      {saved ? (
        <p class="lead" id="saved-case">
          {v.t('navigator.case.lead', {
            reference: saved.reference,
            saved: formatDate(v.locale, saved.createdAt),
            until: formatDate(v.locale, saved.expiresAt),
          })}
        </p>
      ) : (
        <p class="lead">{v.t('navigator.expert.lead')}</p>
      )}
      <form method="post" action="/support/expert" novalidate>
        <Csrf v={v} />
        {order.map((q) => (
          <Radios
            v={v}
            name={`a_${q}`}
            label={v.t(`navigator.q.${q}.title`)}
            form={emptyForm({ [`a_${q}`]: answers[q] ?? '' })}
            options={[...answerOptions(v, q), { value: '', label: v.t('navigator.expert.notAsked') }]}
          />
        ))}
        <ButtonGroup>
          <Button>{v.t('navigator.expert.submit')}</Button>
          {show ? (
            <Button variant="secondary" name="_action" value="save-later" formaction="/support/questions">
              {v.t('navigator.results.save')}
            </Button>
          ) : null}
        </ButtonGroup>
      </form>
      {show ? (
        <>
          <h2 id="results">{v.t('navigator.results.title')}</h2>
          <ResultsList v={v} list={list} answers={answers} />
        </>
      ) : null}
    </>
  ))
}

// ── resume ──────────────────────────────────────────────────────────────────────────────────────

const resumePage = (c: Ctx, form?: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('navigator.resume.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <form method="post" action="/support/resume" novalidate>
        <Csrf v={v} />
        <TextField
          v={v}
          form={form}
          name="code"
          asHeading
          width="medium"
          autocomplete="off"
          label={v.t('navigator.resume.title')}
          hint={v.t('navigator.resume.codeHint')}
        />
        <Button>{v.t('navigator.resume.submit')}</Button>
      </form>
    </>
  ))

// ── local programmes (programme managers) ───────────────────────────────────────────────────────

const ProgrammeForm = ({
  v,
  form,
  action,
  id,
}: {
  v: View
  form: FormState
  action: string
  id?: string
}) => (
  <form method="post" action={action} novalidate>
    <Csrf v={v} />
    <input type="hidden" name="version" value={String(form.values.version ?? '0')} />
    <TextField v={v} form={form} name="titleKo" label={v.t('navigator.prog.titleKo')} />
    <TextField v={v} form={form} name="titleEn" label={v.t('navigator.prog.titleEn')} />
    <Textarea v={v} form={form} name="summaryKo" label={v.t('navigator.prog.summaryKo')} rows={3} />
    <Textarea v={v} form={form} name="summaryEn" label={v.t('navigator.prog.summaryEn')} rows={3} />
    <TextField v={v} form={form} name="benefitKo" label={v.t('navigator.prog.benefitKo')} />
    <TextField v={v} form={form} name="benefitEn" label={v.t('navigator.prog.benefitEn')} />
    <Textarea
      v={v}
      form={form}
      name="bringKo"
      required={false}
      label={v.t('navigator.prog.bringKo')}
      rows={3}
    />
    <Textarea
      v={v}
      form={form}
      name="bringEn"
      required={false}
      label={v.t('navigator.prog.bringEn')}
      rows={3}
    />
    <Textarea v={v} form={form} name="howKo" label={v.t('navigator.prog.howKo')} rows={3} />
    <Textarea v={v} form={form} name="howEn" label={v.t('navigator.prog.howEn')} rows={3} />
    <Checkboxes
      v={v}
      form={form}
      name="channels"
      label={v.t('navigator.prog.channels')}
      options={(['online', 'phone', 'centre'] as const).map((ch) => ({
        value: ch,
        label: v.t(`navigator.channel.${ch}`),
      }))}
    />
    <TextField
      v={v}
      form={form}
      name="phone"
      type="tel"
      width="medium"
      required={false}
      label={v.t('navigator.prog.phone')}
    />
    <TextField v={v} form={form} name="url" required={false} label={v.t('navigator.prog.url')} />
    <Checkboxes
      v={v}
      form={form}
      name="events"
      required={false}
      label={v.t('navigator.prog.events')}
      options={LIFE_EVENTS.map((e) => ({ value: e, label: v.t(`navigator.event.${e}`) }))}
    />
    <TextField v={v} form={form} name="sourceTitle" label={v.t('navigator.prog.sourceTitle')} />
    <TextField v={v} form={form} name="sourceUrl" label={v.t('navigator.prog.sourceUrl')} />
    <TextField
      v={v}
      form={form}
      name="validFrom"
      width="medium"
      label={v.t('navigator.prog.validFrom')}
      hint={v.t('navigator.prog.dateHint')}
    />
    <TextField
      v={v}
      form={form}
      name="validTo"
      width="medium"
      required={false}
      label={v.t('navigator.prog.validTo')}
      hint={v.t('navigator.prog.dateHint')}
    />
    <h2>{v.t('navigator.prog.eligibility')}</h2>
    <p>{v.t('navigator.prog.eligibilityHint')}</p>
    {QUESTION_KEYS.map((q) => (
      <Checkboxes
        v={v}
        form={form}
        name={`q_${q}`}
        required={false}
        label={v.t(`navigator.q.${q}.title`)}
        options={answerOptions(v, q)}
      />
    ))}
    <ButtonGroup>
      <Button variant="secondary" name="_action" value="preview">
        {v.t('navigator.prog.preview')}
      </Button>
      <Button name="_action" value="save">
        {v.t('navigator.prog.save')}
      </Button>
      {id ? (
        <Button variant="warning" name="_action" value="retire">
          {v.t('navigator.prog.retire')}
        </Button>
      ) : null}
    </ButtonGroup>
  </form>
)

const ImpactBanner = ({ v, impact }: { v: View; impact: Impact }) => (
  <NotificationBanner v={v} variant="info" id="impact" heading={v.t('navigator.prog.impactTitle')}>
    <p>
      {v.t('navigator.prog.impact', {
        saved: impact.saved,
        changed: impact.changed,
        newly: impact.newlyLikely,
        lost: impact.noLongerLikely,
      })}
    </p>
  </NotificationBanner>
)

const ARRAYS = ['channels', 'events', ...QUESTION_KEYS.map((q) => `q_${q}`)]

const programmeFormPage = async (
  c: Ctx,
  opts: { id?: string; form?: FormState; impact?: Impact; status?: number },
) => {
  const existing = opts.id ? await getLocalProgramme(c.var.db, c.var.actor, opts.id) : undefined
  const form =
    opts.form ??
    emptyForm(
      existing ? inputValuesOf(existing.row) : { validFrom: cityDay(c.var.deps.now()), channels: ['centre'] },
    )
  const title = existing ? tx(viewLike(c), existing.row.spec.title) : c.var.t('navigator.prog.new')
  return renderPage(c, { title, status: opts.status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      {opts.impact ? <ImpactBanner v={v} impact={opts.impact} /> : null}
      <h1>{title}</h1>
      {existing ? (
        <p>
          {v.t('navigator.prog.version')} {existing.row.version} ·{' '}
          {formatDateTime(v.locale, existing.row.updatedAt)}
        </p>
      ) : null}
      <ProgrammeForm
        v={v}
        form={form}
        action={existing ? `/staff/navigator/programmes/${existing.row.id}` : '/staff/navigator/programmes'}
        id={existing?.row.id}
      />
      {existing?.versions.length ? (
        <>
          <h2>{v.t('navigator.prog.history')}</h2>
          <ul>
            {existing.versions.map((x) => (
              <li>
                {v.t('navigator.prog.version')} {x.version}: {tx(v, x.spec.title)} (
                {formatDateTime(v.locale, x.changedAt)})
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <a href="/staff/navigator/programmes">{v.t('navigator.prog.back')}</a>
      </p>
    </>
  ))
}

const viewLike = (c: Ctx) => ({ locale: c.var.locale }) as View

async function programmePost(c: Ctx, id?: string) {
  const values = formToObject(await c.req.formData(), ARRAYS)
  const action = values._action
  const now = c.var.deps.now()
  return withForm(
    c,
    values,
    async () => {
      const input = parse(LocalProgrammeInput, values)
      if (action === 'preview') {
        const current = id ? localToDef((await getLocalProgramme(c.var.db, c.var.actor, id)).row) : null
        const impact = await impactOf(
          c.var.db,
          c.var.actor,
          draftDef(input, current?.key.slice(6)),
          current,
          now,
        )
        return programmeFormPage(c, { id, form: emptyForm(values), impact })
      }
      if (id) await updateLocalProgramme(c.var.db, c.var.actor, id, input, action === 'retire', now)
      else await createLocalProgramme(c.var.db, c.var.actor, input, now)
      return c.redirect('/staff/navigator/programmes?saved=1', 303)
    },
    (form, status) => programmeFormPage(c, { id, form, status }),
  )
}

/** Staff menu entries. */
export const navigatorNav = (v: View): NavItem[] => {
  if (v.actor.kind !== 'staff') return []
  const items: NavItem[] = []
  if (scopeFor(v.actor.role, 'navigator:expert'))
    items.push({ href: '/support/expert', label: v.t('navigator.nav.expert') })
  if (scopeFor(v.actor.role, 'navigator:programmes'))
    items.push({ href: '/staff/navigator/programmes', label: v.t('navigator.nav.programmes') })
  return items
}

export const navigatorPages = [
  page({
    method: 'GET',
    path: '/support',
    access: 'public',
    summary: 'Welfare navigator: start, life events',
    handle: startPage,
  }),
  page({
    method: 'GET',
    path: '/support/questions',
    access: 'public',
    summary: 'The first question (by life event)',
    handle: async (c) => {
      const ev = c.req.query('event')
      const event = isEvent(ev) ? ev : undefined
      const first = nextQuestion(await orderFor(c, event), {})
      return first ? questionPage(c, first, {}, event) : resultsPage(c, {}, event)
    },
  }),
  page({
    method: 'POST',
    path: '/support/questions',
    access: 'public',
    summary: 'Answer, skip, go back or save; the answers travel in the form (nothing is stored)',
    handle: async (c) => stepForward(c, formToObject(await c.req.formData())),
  }),
  page({
    method: 'POST',
    path: '/support/save',
    access: 'public',
    summary: 'Saves the answers on request (encrypted) and shows the code to continue',
    handle: async (c) => {
      const values = formToObject(await c.req.formData(), ['notify'])
      const answers = answersFrom(values)
      const event = isEvent(values.event) ? values.event : undefined
      const step = isQuestion(values.step) ? values.step : null
      try {
        const input = parse(SaveInput, values)
        const saved = await saveCase(
          c.var.db,
          c.var.actor,
          answers,
          step,
          input,
          c.var.deps.now(),
          c.var.locale,
        )
        return renderPage(c, { title: c.var.t('saveLater.heading') }, (v) => (
          <>
            <SavedBanner
              v={v}
              reference={saved.reference}
              resumeHref="/support/resume"
              keptUntil={formatDate(v.locale, saved.expiresAt)}
            />
            <h1>{v.t('navigator.saved.code')}</h1>
            <p class="phone-big" id="resume-code">
              {formatCode(saved.code)}
            </p>
            <p>{v.t('navigator.saved.codeHint')}</p>
            <p>
              <a href="/support">{v.t('navigator.title')}</a>
            </p>
          </>
        ))
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e
        return savePage(c, answers, step, event, formStateFrom(c, e, values), e.status)
      }
    },
  }),
  page({
    method: 'GET',
    path: '/support/resume',
    access: 'public',
    summary: 'Continue with a code',
    handle: (c) => resumePage(c),
  }),
  page({
    method: 'POST',
    path: '/support/resume',
    access: 'public',
    summary: 'Opens saved answers by their code, on the question where the person stopped',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      try {
        const { code } = parse(ResumeInput, values)
        const saved = await resumeCase(c.var.db, code, c.var.deps.now())
        if (saved.step) return questionPage(c, saved.step, saved.answers, undefined)
        return resultsPage(c, saved.answers, undefined)
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e
        return resumePage(c, formStateFrom(c, e, values), e.status)
      }
    },
  }),
  page({
    method: 'GET',
    path: '/support/expert',
    access: 'navigator:expert',
    summary: 'Expert mode: every question on one page, for a social worker with the person',
    handle: (c) => expertPage(c, {}, false),
  }),
  page({
    method: 'GET',
    path: '/staff/navigator/cases/:id',
    access: 'navigator:expert',
    summary: 'Saved answers found by their NAV- reference, shown in expert mode (read audited)',
    handle: async (c) => {
      const r = await savedCaseForStaff(c.var.db, c.var.actor, c.req.param('id') ?? '', {
        ip: null,
        now: c.var.deps.now(),
      })
      return expertPage(c, r.answers, true, {
        reference: r.reference,
        createdAt: r.row.createdAt,
        expiresAt: r.row.expiresAt,
      })
    },
  }),
  page({
    method: 'POST',
    path: '/support/expert',
    access: 'navigator:expert',
    summary: 'Expert mode: results for the answers given (nothing stored)',
    handle: async (c) => expertPage(c, answersFrom(formToObject(await c.req.formData())), true),
  }),
  page({
    method: 'GET',
    path: '/staff/navigator/programmes',
    access: 'navigator:programmes',
    summary: 'Local programmes added without code, and the built-in ones',
    handle: async (c) => {
      const rows = await listLocalProgrammes(c.var.db, c.var.actor)
      return renderPage(c, { title: c.var.t('navigator.prog.title') }, (v) => (
        <>
          {c.req.query('saved') ? (
            <NotificationBanner v={v} variant="success" id="saved" heading={v.t('navigator.prog.saved')}>
              {null as Child}
            </NotificationBanner>
          ) : null}
          <h1>{v.t('navigator.prog.title')}</h1>
          <p class="lead">{v.t('navigator.prog.lead')}</p>
          <p>
            <Button href="/staff/navigator/programmes/new">{v.t('navigator.prog.new')}</Button>
          </p>
          <Table
            id="local-programmes"
            caption={v.t('navigator.prog.title')}
            captionHidden
            rows={rows}
            empty={v.t('navigator.prog.none')}
            columns={[
              {
                header: v.t('navigator.prog.name'),
                cell: (r) => <a href={`/staff/navigator/programmes/${r.id}`}>{tx(v, r.spec.title)}</a>,
              },
              {
                header: v.t('navigator.prog.status'),
                cell: (r) => (
                  <StatusTag tone={r.status === 'active' ? 'success' : 'neutral'}>
                    {v.t(`navigator.prog.status.${r.status}`)}
                  </StatusTag>
                ),
              },
              { header: v.t('navigator.prog.validity'), cell: (r) => `${r.validFrom} – ${r.validTo ?? ''}` },
              { header: v.t('navigator.prog.version'), cell: (r) => String(r.version) },
            ]}
          />
          <h2>{v.t('navigator.prog.builtIn')}</h2>
          <ul>
            {PROGRAMMES.map((p) => (
              <li>
                {tx(v, p.title)} ({v.t(`navigator.results.owner.${p.owner}`)})
              </li>
            ))}
          </ul>
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/navigator/programmes/new',
    access: 'navigator:programmes',
    summary: 'Form for a new local programme',
    handle: (c) => programmeFormPage(c, {}),
  }),
  page({
    method: 'POST',
    path: '/staff/navigator/programmes',
    access: 'navigator:programmes',
    summary: 'Previews the effect on saved cases, or adds the programme (audited)',
    handle: (c) => programmePost(c),
  }),
  page({
    method: 'GET',
    path: '/staff/navigator/programmes/:id',
    access: 'navigator:programmes',
    summary: 'Edit a local programme; earlier versions',
    handle: (c) => programmeFormPage(c, { id: c.req.param('id') ?? '' }),
  }),
  page({
    method: 'POST',
    path: '/staff/navigator/programmes/:id',
    access: 'navigator:programmes',
    summary: 'Previews the effect, saves a new version, or ends the programme (audited)',
    handle: (c) => programmePost(c, c.req.param('id') ?? ''),
  }),
]
