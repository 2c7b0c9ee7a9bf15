import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { uuidParam } from '../../platform/http/params.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { safeBack } from '../../platform/http/redirect.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ErrorSummary, Radios } from '../../ui/components/form.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import type { FormState, View } from '../../ui/view.ts'
import { AssistSurveyInput, OpinionAnswer } from './schema.ts'
import { assistSurvey, enterPaperAnswers, openCampaigns } from './service.ts'
import { RESPONDENT_GROUPS } from './tables.ts'

type Campaign = Awaited<ReturnType<typeof openCampaigns>>[number]

/**
 * One open question as a small form for someone met in the field: the answer is recorded as a field answer
 * (channel "field") by the guide, with the district of the place when given. One form per page, so the
 * field ids stay unique; other open questions are links.
 */
export const FieldQuestion = ({
  v,
  question,
  others,
  back,
  districtCode,
  form,
}: {
  v: View
  question: Campaign
  others: Campaign[]
  back: string
  districtCode?: string | null | undefined
  form?: FormState | undefined
}) => {
  const text = (q: Campaign) => (v.locale === 'ko' ? q.questionKo : q.questionEn)
  const link = (q: Campaign) =>
    `/staff/voice/questions/${q.id}/field?back=${encodeURIComponent(back)}${districtCode ? `&district=${districtCode}` : ''}`
  return (
    <section class="field-question" aria-labelledby="field-question-title">
      <h2 id="field-question-title">{v.t('voice.field.title')}</h2>
      <p>{v.t('voice.field.lead')}</p>
      <form method="post" action={`/staff/voice/questions/${question.id}/field`} novalidate>
        <Csrf v={v} />
        <input type="hidden" name="back" value={back} />
        {districtCode ? <input type="hidden" name="districtCode" value={districtCode} /> : null}
        <Radios
          v={v}
          form={form}
          name="choice"
          label={text(question)}
          options={question.choices.map((ch, i) => ({
            value: String(i),
            label: v.locale === 'ko' ? ch.ko : ch.en,
          }))}
        />
        <Radios
          v={v}
          form={form}
          name="respondentGroup"
          label={v.t('voice.campaign.group')}
          options={RESPONDENT_GROUPS.map((g) => ({ value: g, label: v.t(`voice.group.${g}`) }))}
        />
        <Button>{v.t('voice.field.save')}</Button>
      </form>
      {others.length ? (
        <>
          <h3>{v.t('voice.field.others')}</h3>
          <ul>
            {others.map((q) => (
              <li>
                <a href={link(q)}>{text(q)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

/**
 * For the guides' field page (or any staff page of people who may enter answers, `voice:enter`): the
 * newest open question as a form, the others as links; nothing when no question is open. Async: it
 * reads the open questions itself, so a page adds it in one line:
 *   <OpinionOnField v={v} db={c.var.db} back="/staff/guides/field" districtCode={site?.districtCode} />
 */
export const OpinionOnField = async ({
  v,
  db,
  back,
  districtCode,
}: {
  v: View
  db: Ctx['var']['db']
  back: string
  districtCode?: string | null | undefined
}) => {
  const open = await openCampaigns(db)
  const [first, ...others] = open
  if (!first) return null
  return <FieldQuestion v={v} question={first} others={others} back={back} districtCode={districtCode} />
}

/**
 * For the guides' field page: asks the person just helped for a one-tap survey about the newest assist
 * logged (assists are anonymous, so the survey is shown on the guide's screen, not sent). Nothing before
 * the first assist of the day has reached the server. A page adds it in one line:
 *   <AssistSurveyOnField v={v} assists={s.assists} />
 */
export const AssistSurveyOnField = ({
  v,
  assists,
}: {
  v: View
  /** The guide's assists, newest first (as the field page lists them). */
  assists: readonly { idemKey: string; what: string; occurredAt: Date; districtCode: string | null }[]
}) => {
  const last = assists[0]
  if (!last) return null
  return (
    <section class="assist-survey" aria-labelledby="assist-survey-title">
      <h2 id="assist-survey-title">{v.t('voice.assistSurvey.title')}</h2>
      <p>{v.t('voice.assistSurvey.lead')}</p>
      <p>
        {v.t('voice.assistSurvey.for', {
          what: v.t(`guides.what.${last.what}`),
          time: formatDateTime(v.locale, last.occurredAt),
        })}
      </p>
      <form method="post" action="/staff/voice/assist-survey">
        <Csrf v={v} />
        <input type="hidden" name="assistKey" value={last.idemKey} />
        {last.districtCode ? <input type="hidden" name="districtCode" value={last.districtCode} /> : null}
        <Button variant="secondary">{v.t('voice.assistSurvey.show')}</Button>
      </form>
    </section>
  )
}

/** The survey on the guide's screen: a QR code and the short link, or the phone handed over. */
const assistSurveyPage = (
  c: Ctx,
  shown: { url: string; path: string; qrSvg: string } | null,
  form?: FormState,
  status = 200,
) =>
  renderPage(c, { title: c.var.t('voice.assistSurvey.pageTitle'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('voice.assistSurvey.pageTitle')}</h1>
      {shown ? (
        <>
          <p>{v.t('voice.assistSurvey.scan')}</p>
          <p>
            <img
              class="assist-survey__qr"
              src={`data:image/svg+xml;base64,${Buffer.from(shown.qrSvg).toString('base64')}`}
              alt={v.t('voice.assistSurvey.qrAlt')}
              width="240"
              height="240"
            />
          </p>
          <p>
            {v.t('voice.assistSurvey.link')}: <strong id="assist-survey-url">{shown.url}</strong>
          </p>
          <p>
            <a href={shown.path} class="button">
              {v.t('voice.assistSurvey.here')}
            </a>
          </p>
        </>
      ) : null}
      <p>
        <a href="/staff/guides/field">{v.t('voice.assistSurvey.back')}</a>
      </p>
    </>
  ))

const fieldQuestionPage = async (c: Ctx, form?: FormState, status = 200) => {
  const id = uuidParam(c, 'id', 'voice.notFound')
  const open = await openCampaigns(c.var.db)
  const question = open.find((q) => q.id === id)
  if (!question) throw new AppError('not_found', 'voice.notFound')
  const back = safeBack(
    (typeof form?.values.back === 'string' ? form.values.back : undefined) ?? c.req.query('back'),
  )
  const district = c.req.query('district')
  const districtCode =
    (typeof form?.values.districtCode === 'string' ? form.values.districtCode : undefined) ??
    (district && /^\d{5}$/.test(district) ? district : undefined)
  return renderPage(c, { title: c.var.t('voice.field.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('voice.field.title')}</h1>
      <FieldQuestion
        v={v}
        form={form}
        question={question}
        others={open.filter((q) => q.id !== id)}
        back={back}
        districtCode={districtCode}
      />
      <p>
        <a href={back}>{v.t('voice.field.back')}</a>
      </p>
    </>
  ))
}

/** The field question page (also where a refused answer is shown again) and the answer it sends. */
export const fieldPages = [
  page({
    method: 'POST',
    path: '/staff/voice/assist-survey',
    access: 'guides:field',
    summary:
      "A one-tap survey for the person a guide has just helped: shown on the guide's screen (QR code, short link)",
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const shown = await assistSurvey(
            c.var.db,
            c.var.actor,
            parse(AssistSurveyInput, values),
            c.var.deps.now(),
          )
          // the token is in the page only: not cached, not sent on as a referrer
          c.header('cache-control', 'no-store')
          c.header('referrer-policy', 'no-referrer')
          return assistSurveyPage(c, shown)
        },
        (f, status) => assistSurveyPage(c, null, f, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/voice/questions/:id/field',
    access: 'voice:enter',
    summary: "An open question to ask someone met in the field (guides' field page)",
    handle: (c) => fieldQuestionPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/voice/questions/:id/field',
    access: 'voice:enter',
    summary: 'Records one field answer to an open question, then goes back to the page it came from',
    handle: async (c) => {
      const id = uuidParam(c, 'id', 'voice.notFound')
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const a = parse(OpinionAnswer, values)
          await enterPaperAnswers(
            c.var.db,
            c.var.actor,
            id,
            { ...a, count: 1, channel: 'field' },
            c.var.deps.now(),
          )
          const back = safeBack(typeof values.back === 'string' ? values.back : undefined)
          return c.redirect(`${back}${back.includes('?') ? '&' : '?'}voice=answered`, 303)
        },
        (f, status) => fieldQuestionPage(c, f, status),
      )
    },
  }),
]
