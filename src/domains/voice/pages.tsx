import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { clientIp } from '../../platform/http/middleware.ts'
import { uuidParam } from '../../platform/http/params.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import {
  Button,
  ButtonGroup,
  Checkboxes,
  ErrorSummary,
  Fieldset,
  Radios,
  Select,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import type { FormState, View } from '../../ui/view.ts'
import { listDistricts } from '../reference/service.ts'
import { BarChart, show } from '../stats/chart.tsx'
import {
  CampaignInput,
  KioskReportInput,
  OpenSurveyAnswer,
  OpinionAnswer,
  PaperAnswers,
  SurveyDetails,
  SurveyTap,
} from './schema.ts'
import {
  addSurveyDetails,
  allCampaigns,
  answerCampaign,
  answerOpenSurvey,
  answerSurvey,
  buildPartnerReport,
  campaignResults,
  closeCampaign,
  enterPaperAnswers,
  kioskCompanies,
  latestAnswers,
  markCalledBack,
  openCampaign,
  openCampaigns,
  type PartnerReport,
  partnerReportFor,
  revokeShare,
  satisfaction,
  sharedReport,
  shareLinks,
  shareReport,
  submitKioskReport,
  surveyByToken,
} from './service.ts'
import { KIOSK_PROBLEMS, KIOSK_TYPES, RESPONDENT_GROUPS, SURVEY_SERVICES } from './tables.ts'

const now = (c: Ctx) => c.var.deps.now()
/** Over the submission limit: the form is shown again with the message, and Retry-After is sent. */
const retryAfter = (c: Ctx) => (e: AppError) => {
  if (e.code === 'too_many_requests') c.header('retry-after', String(e.params.seconds))
}
const tokenOf = (c: Ctx) => c.req.param('token') ?? ''
const companyOf = (c: Ctx) => {
  const k = c.req.param('company') ?? ''
  if (!/^[\p{L}\p{N}&+]{1,80}$/u.test(k)) throw new AppError('not_found', 'voice.kiosk.noReports')
  return k
}

async function districtOptions(c: Ctx) {
  const ds = await listDistricts(c.var.db)
  return ds.map((d) => ({ value: d.code, label: c.var.locale === 'ko' ? d.nameKo : d.nameEn }))
}

// ── faces ───────────────────────────────────────────────────────────────────────────────────────

const MOUTH: Record<number, string> = {
  1: 'M14 31 Q24 23 34 31',
  2: 'M14 29 L34 29',
  3: 'M14 26 Q24 35 34 26',
}
/** A face drawn in the text colour (decorative: the word beside it says the same). */
const Face = ({ score }: { score: number }) => (
  <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false">
    <circle cx="24" cy="24" r="21" fill="none" stroke="currentColor" stroke-width="3" />
    <circle cx="17" cy="18" r="3" fill="currentColor" />
    <circle cx="31" cy="18" r="3" fill="currentColor" />
    <path d={MOUTH[score] ?? ''} fill="none" stroke="currentColor" stroke-width="3" stroke-linecap="round" />
  </svg>
)

/** Three big buttons, each a face and its word; tapping one sends the answer. */
const FaceButtons = ({ v, legend }: { v: View; legend: string }) => (
  <Fieldset legend={legend} hint={v.t('voice.survey.tapHint')} id="f-score">
    <div class="button-group">
      {[3, 2, 1].map((s) => (
        <button
          type="submit"
          name="score"
          value={String(s)}
          class="button button--secondary"
          id={s === 3 ? 'f-score' : undefined}
        >
          <Face score={s} /> <span>{v.t(`voice.face.${s}`)}</span>
        </button>
      ))}
    </div>
  </Fieldset>
)

const faceWord = (v: View, score: number) => v.t(`voice.face.${score}`)

// ── citizen pages ───────────────────────────────────────────────────────────────────────────────

const invitationPage = async (c: Ctx, form?: FormState, status = 200) => {
  const s = await surveyByToken(c.var.db, tokenOf(c))
  const service = c.var.t(`voice.service.${s.service}`)
  if (s.answered)
    return renderPage(c, { title: c.var.t('voice.survey.thanks'), status }, (v) => (
      <>
        <h1>{v.t('voice.survey.thanks')}</h1>
        <p>{v.t('voice.survey.alreadyAnswered')}</p>
        <MoreForm v={v} action={`/v/${tokenOf(c)}/more`} form={form} />
      </>
    ))
  return renderPage(c, { title: c.var.t('voice.survey.title', { service }), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('voice.survey.title', { service })}</h1>
      <p>
        {v.t('voice.survey.reference')} {s.reference}
      </p>
      <form method="post" action={`/v/${tokenOf(c)}`} novalidate>
        <Csrf v={v} />
        <FaceButtons v={v} legend={v.t('voice.survey.question', { service })} />
      </form>
      <p>{v.t('voice.survey.noTimeLimit')}</p>
    </>
  ))
}

/** A comment and an optional call-back number (the second step of a survey, or part of the open survey). */
const MoreFields = ({ v, form }: { v: View; form?: FormState | undefined }) => (
  <>
    <Textarea
      v={v}
      form={form}
      name="comment"
      label={v.t('voice.survey.comment')}
      required={false}
      rows={3}
    />
    <Checkboxes
      v={v}
      form={form}
      name="callBack"
      label={v.t('voice.survey.callBackLegend')}
      required={false}
      options={[{ value: 'yes', label: v.t('voice.survey.callBack') }]}
    />
    <TextField
      v={v}
      form={form}
      name="phone"
      type="tel"
      autocomplete="tel"
      width="medium"
      required={false}
      label={v.t('voice.survey.phone')}
      hint={v.t('voice.survey.phoneHint')}
    />
  </>
)

/** The optional second step: a comment and a call-back number. */
const MoreForm = ({ v, action, form }: { v: View; action: string; form?: FormState | undefined }) => (
  <form method="post" action={action} novalidate>
    <Csrf v={v} />
    <h2>{v.t('voice.survey.moreTitle')}</h2>
    <MoreFields v={v} form={form} />
    <Button variant="secondary">{v.t('voice.survey.sendMore')}</Button>
  </form>
)

const openSurveyPage = async (c: Ctx, form?: FormState, status = 200) => {
  const districts = await districtOptions(c)
  return renderPage(c, { title: c.var.t('voice.open.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('voice.open.title')}</h1>
      <p>{v.t('voice.open.lead')}</p>
      <form method="post" action="/voice/survey" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="service"
          label={v.t('voice.open.service')}
          options={SURVEY_SERVICES.map((s) => ({ value: s, label: v.t(`voice.service.${s}`) }))}
        />
        <Select
          v={v}
          form={form}
          name="districtCode"
          label={v.t('voice.district')}
          required={false}
          placeholder={v.t('voice.districtNone')}
          options={districts}
        />
        <MoreFields v={v} form={form} />
        <FaceButtons v={v} legend={v.t('voice.open.question')} />
      </form>
    </>
  ))
}

const thanksPage = (c: Ctx) =>
  renderPage(c, { title: c.var.t('voice.survey.thanks') }, (v) => (
    <>
      <h1>{v.t('voice.survey.thanks')}</h1>
      <p>{v.t('voice.survey.thanksLead')}</p>
      <p>
        <a href="/voice">{v.t('voice.back')}</a>
      </p>
    </>
  ))

const kioskFormPage = async (c: Ctx, form?: FormState, status = 200) => {
  const districts = await districtOptions(c)
  return renderPage(c, { title: c.var.t('voice.kiosk.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('voice.kiosk.title')}</h1>
      <p>{v.t('voice.kiosk.lead')}</p>
      <form method="post" action="/voice/kiosk" novalidate>
        <Csrf v={v} />
        <TextField
          v={v}
          form={form}
          name="company"
          label={v.t('voice.kiosk.company')}
          hint={v.t('voice.kiosk.companyHint')}
          width="medium"
        />
        <Radios
          v={v}
          form={form}
          name="kioskType"
          label={v.t('voice.kiosk.type')}
          options={KIOSK_TYPES.map((k) => ({ value: k, label: v.t(`voice.kioskType.${k}`) }))}
        />
        <TextField
          v={v}
          form={form}
          name="place"
          label={v.t('voice.kiosk.place')}
          hint={v.t('voice.kiosk.placeHint')}
        />
        <Select
          v={v}
          form={form}
          name="districtCode"
          label={v.t('voice.district')}
          required={false}
          placeholder={v.t('voice.districtNone')}
          options={districts}
        />
        <Checkboxes
          v={v}
          form={form}
          name="problems"
          label={v.t('voice.kiosk.problems')}
          hint={v.t('voice.kiosk.problemsHint')}
          options={KIOSK_PROBLEMS.map((k) => ({ value: k, label: v.t(`voice.problem.${k}`) }))}
        />
        <Textarea
          v={v}
          form={form}
          name="hardText"
          label={v.t('voice.kiosk.hardText')}
          hint={v.t('voice.kiosk.hardTextHint')}
          required={false}
          rows={3}
        />
        <Button>{v.t('voice.kiosk.send')}</Button>
      </form>
    </>
  ))
}

const campaignAnswerPage = async (c: Ctx, form?: FormState, status = 200) => {
  const id = uuidParam(c, 'id', 'voice.notFound')
  const campaign = (await openCampaigns(c.var.db)).find((x) => x.id === id)
  if (!campaign) throw new AppError('not_found', 'voice.notFound')
  const districts = await districtOptions(c)
  const q = c.var.locale === 'ko' ? campaign.questionKo : campaign.questionEn
  return renderPage(c, { title: q, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <form method="post" action={`/voice/questions/${id}`} novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="choice"
          asHeading
          label={q}
          options={campaign.choices.map((ch, i) => ({
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
        <Select
          v={v}
          form={form}
          name="districtCode"
          label={v.t('voice.district')}
          required={false}
          placeholder={v.t('voice.districtNone')}
          options={districts}
        />
        <p>{v.t('voice.campaign.anonymous')}</p>
        <Button>{v.t('voice.campaign.send')}</Button>
      </form>
    </>
  ))
}

// ── partner report (shared by link, staff) ──────────────────────────────────────────────────────

const cellLabel = (v: View, kind: string, key: string, districts: Map<string, string>) =>
  kind === 'problem'
    ? v.t(`voice.problem.${key}`)
    : kind === 'type'
      ? v.t(`voice.kioskType.${key}`)
      : kind === 'source'
        ? v.t(`voice.source.${key}`)
        : kind === 'district'
          ? (districts.get(key) ?? v.t('voice.districtUnknown'))
          : key

const PartnerReportView = ({
  v,
  r,
  districts,
}: {
  v: View
  r: PartnerReport
  districts: Map<string, string>
}) => {
  const top = r.problems[0]
  return (
    <>
      <p>{v.t('voice.report.lead', { reports: r.reports, date: formatDate(v.locale, r.generatedAt) })}</p>
      <p>{v.t('voice.report.anonymous')}</p>
      <BarChart
        v={v}
        id="report-problems"
        title={v.t('voice.report.problems')}
        summary={
          top
            ? v.t('voice.report.problemsSummary', {
                top: cellLabel(v, 'problem', top.key, districts),
                n: show(v, top.n),
              })
            : v.t('voice.report.none')
        }
        labelHeader={v.t('voice.report.problem')}
        valueHeader={v.t('voice.report.count')}
        bars={r.problems.map((x) => ({ label: cellLabel(v, 'problem', x.key, districts), value: x.n }))}
      />
      <BarChart
        v={v}
        id="report-months"
        title={v.t('voice.report.trend')}
        summary={v.t('voice.report.trendSummary', { months: r.months.length })}
        labelHeader={v.t('voice.report.month')}
        valueHeader={v.t('voice.report.count')}
        bars={r.months.map((x) => ({ label: x.key, value: x.n }))}
      />
      <BarChart
        v={v}
        id="report-types"
        title={v.t('voice.report.types')}
        summary={v.t('voice.report.typesSummary', { n: r.types.length })}
        labelHeader={v.t('voice.kiosk.type')}
        valueHeader={v.t('voice.report.count')}
        bars={r.types.map((x) => ({ label: cellLabel(v, 'type', x.key, districts), value: x.n }))}
      />
      <Table
        id="report-districts"
        caption={v.t('voice.report.districts')}
        rowHeaders
        rows={r.districts}
        columns={[
          { header: v.t('voice.district'), cell: (x) => cellLabel(v, 'district', x.key, districts) },
          { header: v.t('voice.report.count'), numeric: true, cell: (x) => show(v, x.n) },
        ]}
      />
      <Table
        id="report-sources"
        caption={v.t('voice.report.sources')}
        rowHeaders
        rows={r.sources}
        columns={[
          { header: v.t('voice.report.source'), cell: (x) => cellLabel(v, 'source', x.key, districts) },
          { header: v.t('voice.report.count'), numeric: true, cell: (x) => show(v, x.n) },
        ]}
      />
      <h2>{v.t('voice.report.practice')}</h2>
      <Table
        id="report-practice"
        caption={v.t('voice.report.practiceCaption')}
        empty={v.t('voice.report.practiceNone')}
        rowHeaders
        rows={r.practice}
        columns={[
          { header: v.t('voice.report.scenario'), cell: (x) => `${x.scenario} · ${x.screen}` },
          { header: v.t('voice.report.attempts'), numeric: true, cell: (x) => show(v, x.attempts) },
          { header: v.t('voice.report.stopped'), numeric: true, cell: (x) => show(v, x.stopped) },
          { header: v.t('voice.report.wrong'), numeric: true, cell: (x) => show(v, x.wrong) },
        ]}
      />
    </>
  )
}

const districtNames = async (c: Ctx) =>
  new Map((await listDistricts(c.var.db)).map((d) => [d.code, c.var.locale === 'ko' ? d.nameKo : d.nameEn]))

// ── staff pages ─────────────────────────────────────────────────────────────────────────────────

const campaignsPage = async (c: Ctx, form?: FormState, status = 200) => {
  const list = await allCampaigns(c.var.db, c.var.actor)
  const canManage = c.var.actor.kind === 'staff' && !!scopeFor(c.var.actor.role, 'voice:manage')
  return renderPage(c, { title: c.var.t('voice.campaigns.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('voice.campaigns.title')}</h1>
      <Table
        id="campaigns"
        caption={v.t('voice.campaigns.list')}
        empty={v.t('voice.campaigns.none')}
        rowHeaders
        rows={list}
        columns={[
          {
            header: v.t('voice.campaigns.question'),
            cell: (x) => (
              <a href={`/staff/voice/campaigns/${x.id}`}>{v.locale === 'ko' ? x.questionKo : x.questionEn}</a>
            ),
          },
          { header: v.t('voice.campaigns.status'), cell: (x) => v.t(`voice.campaigns.status.${x.status}`) },
          { header: v.t('voice.campaigns.opened'), cell: (x) => formatDate(v.locale, x.createdAt) },
        ]}
      />
      {canManage ? (
        <form method="post" action="/staff/voice/campaigns" novalidate>
          <Csrf v={v} />
          <h2>{v.t('voice.campaigns.new')}</h2>
          <Textarea v={v} form={form} name="questionKo" label={v.t('voice.campaigns.questionKo')} rows={2} />
          <Textarea v={v} form={form} name="questionEn" label={v.t('voice.campaigns.questionEn')} rows={2} />
          <Textarea
            v={v}
            form={form}
            name="choicesKo"
            label={v.t('voice.campaigns.choicesKo')}
            hint={v.t('voice.campaigns.choicesHint')}
            rows={4}
          />
          <Textarea
            v={v}
            form={form}
            name="choicesEn"
            label={v.t('voice.campaigns.choicesEn')}
            hint={v.t('voice.campaigns.choicesHint')}
            rows={4}
          />
          <Button>{v.t('voice.campaigns.open')}</Button>
        </form>
      ) : null}
    </>
  ))
}

const campaignPage = async (c: Ctx, form?: FormState, status = 200) => {
  const id = uuidParam(c, 'id', 'voice.notFound')
  const r = await campaignResults(c.var.db, c.var.actor, id)
  const districts = await districtNames(c)
  const options = await districtOptions(c)
  const label = (i: number) => {
    const ch = r.campaign.choices[i]
    return ch ? (c.var.locale === 'ko' ? ch.ko : ch.en) : String(i)
  }
  const q = c.var.locale === 'ko' ? r.campaign.questionKo : r.campaign.questionEn
  const total = r.totals.reduce((a, b) => a + b, 0)
  const canEnter = c.var.actor.kind === 'staff' && !!scopeFor(c.var.actor.role, 'voice:enter')
  const canManage = c.var.actor.kind === 'staff' && !!scopeFor(c.var.actor.role, 'voice:manage')
  const pivot = (rows: { choice: number; key: string; n: number }[]) => {
    const keys = [...new Set(rows.map((x) => x.key))]
    return keys.map((k) => ({
      key: k,
      counts: r.campaign.choices.map((_, i) => rows.find((x) => x.key === k && x.choice === i)?.n ?? 0),
    }))
  }
  return renderPage(c, { title: q, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{q}</h1>
      <p>
        {v.t(`voice.campaigns.status.${r.campaign.status}`)} · {v.t('voice.campaigns.total', { n: total })}
      </p>
      <p>
        {v.t('voice.campaigns.publicLink')} <a href={`/voice/questions/${id}`}>{`/voice/questions/${id}`}</a>
      </p>
      <BarChart
        v={v}
        id="campaign-totals"
        title={v.t('voice.campaigns.results')}
        summary={v.t('voice.campaigns.resultsSummary', { n: total })}
        labelHeader={v.t('voice.campaigns.choice')}
        valueHeader={v.t('voice.report.count')}
        bars={r.totals.map((n, i) => ({ label: label(i), value: n }))}
      />
      {(['byGroup', 'byDistrict'] as const).map((which) => (
        <Table
          id={`campaign-${which}`}
          caption={v.t(`voice.campaigns.${which}`)}
          empty={v.t('voice.campaigns.noAnswers')}
          rowHeaders
          rows={pivot(r[which])}
          columns={[
            {
              header: which === 'byGroup' ? v.t('voice.campaign.group') : v.t('voice.district'),
              cell: (x) =>
                which === 'byGroup'
                  ? v.t(`voice.group.${x.key}`)
                  : (districts.get(x.key) ?? v.t('voice.districtUnknown')),
            },
            ...r.campaign.choices.map((_, i) => ({
              header: label(i),
              numeric: true,
              cell: (x: { counts: number[] }) => String(x.counts[i] ?? 0),
            })),
          ]}
        />
      ))}
      {canEnter && r.campaign.status === 'open' ? (
        <form method="post" action={`/staff/voice/campaigns/${id}/paper`} novalidate>
          <Csrf v={v} />
          <h2>{v.t('voice.paper.title')}</h2>
          <Radios
            v={v}
            form={form}
            name="choice"
            label={v.t('voice.campaigns.choice')}
            options={r.campaign.choices.map((_, i) => ({ value: String(i), label: label(i) }))}
          />
          <Radios
            v={v}
            form={form}
            name="respondentGroup"
            label={v.t('voice.campaign.group')}
            options={RESPONDENT_GROUPS.map((g) => ({ value: g, label: v.t(`voice.group.${g}`) }))}
          />
          <Select
            v={v}
            form={form}
            name="districtCode"
            label={v.t('voice.district')}
            required={false}
            placeholder={v.t('voice.districtNone')}
            options={options}
          />
          <Radios
            v={v}
            form={form}
            name="channel"
            label={v.t('voice.paper.channel')}
            value={typeof form?.values.channel === 'string' ? undefined : 'paper'}
            options={[
              { value: 'paper', label: v.t('voice.channel.paper') },
              { value: 'field', label: v.t('voice.channel.field') },
            ]}
          />
          <TextField
            v={v}
            form={form}
            name="count"
            type="number"
            inputmode="numeric"
            width="short"
            label={v.t('voice.paper.count')}
            value={typeof form?.values.count === 'string' ? form.values.count : '1'}
          />
          <Button>{v.t('voice.paper.save')}</Button>
        </form>
      ) : null}
      {canManage && r.campaign.status === 'open' ? (
        <form method="post" action={`/staff/voice/campaigns/${id}/close`}>
          <Csrf v={v} />
          <Button variant="warning">{v.t('voice.campaigns.close')}</Button>
        </form>
      ) : null}
    </>
  ))
}

const staffKioskPage = async (c: Ctx) => {
  const list = await kioskCompanies(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('voice.partners.title') }, (v) => (
    <>
      <h1>{v.t('voice.partners.title')}</h1>
      <p>{v.t('voice.partners.lead')}</p>
      <Table
        id="partners"
        caption={v.t('voice.partners.list')}
        empty={v.t('voice.partners.none')}
        rowHeaders
        rows={list}
        columns={[
          {
            header: v.t('voice.kiosk.company'),
            cell: (x) => <a href={`/staff/voice/kiosk/${encodeURIComponent(x.companyKey)}`}>{x.company}</a>,
          },
          { header: v.t('voice.report.count'), numeric: true, cell: (x) => String(x.reports) },
          { header: v.t('voice.partners.last'), cell: (x) => formatDate(v.locale, x.last) },
        ]}
      />
      <p>
        <a href="/voice/kiosk">{v.t('voice.partners.addReport')}</a>
      </p>
    </>
  ))
}

const staffReportPage = async (c: Ctx, shared?: string) => {
  const key = companyOf(c)
  const r = await partnerReportFor(c.var.db, c.var.actor, key, now(c))
  const links = await shareLinks(c.var.db, c.var.actor, key)
  const districts = await districtNames(c)
  const base = `/staff/voice/kiosk/${encodeURIComponent(key)}`
  return renderPage(c, { title: c.var.t('voice.report.title', { company: r.company }) }, (v) => (
    <>
      <h1>{v.t('voice.report.title', { company: r.company })}</h1>
      {shared ? (
        <div class="notification notification--success" role="status">
          <p>{v.t('voice.partners.shared')}</p>
          <p>
            <a href={shared}>{shared}</a>
          </p>
        </div>
      ) : null}
      <ButtonGroup>
        <Button variant="secondary" href={`/api/v1/voice/kiosk-reports/${encodeURIComponent(key)}/pdf`}>
          {v.t('voice.report.pdf')}
        </Button>
      </ButtonGroup>
      <form method="post" action={`${base}/share`}>
        <Csrf v={v} />
        <Button>{v.t('voice.partners.share')}</Button>
      </form>
      {links.length ? (
        <Table
          id="share-links"
          caption={v.t('voice.partners.links')}
          rows={links}
          columns={[
            { header: v.t('voice.partners.created'), cell: (l) => formatDateTime(v.locale, l.createdAt) },
            {
              header: v.t('voice.partners.revoke'),
              cell: (l) => (
                <form method="post" action={`${base}/share/${l.id}/revoke`}>
                  <Csrf v={v} />
                  <Button variant="warning" small>
                    {v.t('voice.partners.revoke')}
                  </Button>
                </form>
              ),
            },
          ]}
        />
      ) : null}
      <PartnerReportView v={v} r={r} districts={districts} />
    </>
  ))
}

const dashboardPage = async (c: Ctx) => {
  const from = new Date(now(c).getTime() - 365 * 86_400_000)
  const [sat, answers] = await Promise.all([
    satisfaction(c.var.db, c.var.actor, from),
    latestAnswers(c.var.db, c.var.actor),
  ])
  const canManage = c.var.actor.kind === 'staff' && !!scopeFor(c.var.actor.role, 'voice:manage')
  const pct = (a: number, b: number) => (b ? Math.round((a / b) * 100) : 0)
  return renderPage(c, { title: c.var.t('voice.dashboard.title') }, (v) => (
    <>
      <h1>{v.t('voice.dashboard.title')}</h1>
      <ul>
        <li>
          <a href="/staff/voice/campaigns">{v.t('voice.campaigns.title')}</a>
        </li>
        <li>
          <a href="/staff/voice/kiosk">{v.t('voice.partners.title')}</a>
        </li>
        <li>
          <a href="/voice/survey">{v.t('voice.dashboard.paper')}</a>
        </li>
      </ul>
      <BarChart
        v={v}
        id="satisfaction"
        title={v.t('voice.dashboard.satisfaction')}
        summary={v.t('voice.dashboard.satisfactionSummary', { n: sat.reduce((s, r) => s + r.answers, 0) })}
        labelHeader={v.t('voice.dashboard.service')}
        valueHeader={v.t('voice.dashboard.happyShare')}
        unit="%"
        bars={SURVEY_SERVICES.map((s) => {
          const r = sat.find((x) => x.service === s)
          return { label: v.t(`voice.service.${s}`), value: r ? pct(r.happy, r.answers) : 0 }
        })}
      />
      <Table
        id="satisfaction-detail"
        caption={v.t('voice.dashboard.answersByService')}
        rowHeaders
        rows={SURVEY_SERVICES.map(
          (s) =>
            sat.find((x) => x.service === s) ?? { service: s, answers: 0, happy: 0, soso: 0, unhappy: 0 },
        )}
        columns={[
          { header: v.t('voice.dashboard.service'), cell: (r) => v.t(`voice.service.${r.service}`) },
          { header: v.t('voice.dashboard.answers'), numeric: true, cell: (r) => String(r.answers) },
          { header: faceWord(v, 3), numeric: true, cell: (r) => String(r.happy) },
          { header: faceWord(v, 2), numeric: true, cell: (r) => String(r.soso) },
          { header: faceWord(v, 1), numeric: true, cell: (r) => String(r.unhappy) },
        ]}
      />
      <p>{v.t('voice.dashboard.ticketNote')}</p>
      <Table
        id="latest-answers"
        caption={v.t('voice.dashboard.latest')}
        empty={v.t('voice.dashboard.noAnswers')}
        rows={answers}
        columns={[
          { header: v.t('voice.dashboard.when'), cell: (a) => formatDateTime(v.locale, a.createdAt) },
          { header: v.t('voice.dashboard.service'), cell: (a) => v.t(`voice.service.${a.service}`) },
          { header: v.t('voice.dashboard.answer'), cell: (a) => faceWord(v, a.score) },
          { header: v.t('voice.survey.comment'), cell: (a) => a.comment ?? '' },
          { header: v.t('voice.dashboard.reference'), cell: (a) => a.reference ?? '' },
          {
            header: v.t('voice.dashboard.callBack'),
            cell: (a) =>
              a.callBack ? (
                canManage ? (
                  <form method="post" action={`/staff/voice/answers/${a.id}/called`}>
                    <Csrf v={v} />
                    <span>{a.phone}</span>{' '}
                    <Button small variant="secondary">
                      {v.t('voice.dashboard.called')}
                    </Button>
                  </form>
                ) : (
                  v.t('voice.dashboard.callBackAsked')
                )
              ) : a.followedUpAt ? (
                v.t('voice.dashboard.calledDone')
              ) : (
                ''
              ),
          },
        ]}
      />
    </>
  ))
}

const form = async (c: Ctx, arrays: string[] = []) => formToObject(await c.req.formData(), arrays)

export const voicePages = [
  page({
    method: 'GET',
    path: '/voice',
    access: 'public',
    summary: 'Voice of users: tell us about a service, answer a question, report a hard kiosk',
    handle: async (c) => {
      const open = await openCampaigns(c.var.db)
      return renderPage(c, { title: c.var.t('voice.home.title') }, (v) => (
        <>
          <h1>{v.t('voice.home.title')}</h1>
          <p>{v.t('voice.home.lead')}</p>
          <ul class="link-list">
            <li>
              <a href="/voice/survey">{v.t('voice.open.title')}</a>
            </li>
            <li>
              <a href="/voice/kiosk">{v.t('voice.kiosk.title')}</a>
            </li>
            <li>
              <a href="/stats">{v.t('voice.home.stats')}</a>
            </li>
          </ul>
          <h2>{v.t('voice.home.questions')}</h2>
          {open.length ? (
            <ul class="link-list">
              {open.map((x) => (
                <li>
                  <a href={`/voice/questions/${x.id}`}>{v.locale === 'ko' ? x.questionKo : x.questionEn}</a>
                </li>
              ))}
            </ul>
          ) : (
            <p>{v.t('voice.home.noQuestions')}</p>
          )}
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/voice/survey',
    access: 'public',
    summary: 'Tell us about a service (one tap)',
    handle: (c) => openSurveyPage(c),
  }),
  page({
    method: 'POST',
    path: '/voice/survey',
    access: 'public',
    summary: 'Records a survey answer (web, or paper entered by staff)',
    handle: async (c) => {
      const values = await form(c, ['callBack'])
      return withForm(
        c,
        values,
        async () => {
          await answerOpenSurvey(c.var.db, c.var.actor, parse(OpenSurveyAnswer, values), now(c), clientIp(c))
          return c.redirect('/voice/thanks', 303)
        },
        (f, status) => openSurveyPage(c, f, status),
        retryAfter(c),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/voice/thanks',
    access: 'public',
    summary: 'Thank-you page',
    handle: (c) => thanksPage(c),
  }),
  page({
    method: 'GET',
    path: '/v/:token',
    access: 'public',
    summary: 'A survey invitation from a text message (no sign-in, no time limit)',
    handle: (c) => invitationPage(c),
  }),
  page({
    method: 'POST',
    path: '/v/:token',
    access: 'public',
    summary: 'Answers a survey invitation with one tap',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await answerSurvey(c.var.db, tokenOf(c), parse(SurveyTap, values), now(c), clientIp(c))
          return c.redirect(`/v/${tokenOf(c)}`, 303)
        },
        (f, status) => invitationPage(c, f, status),
        retryAfter(c),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/v/:token/more',
    access: 'public',
    summary: 'Adds an optional comment or call-back number to the answer',
    handle: async (c) => {
      const values = await form(c, ['callBack'])
      return withForm(
        c,
        values,
        async () => {
          await addSurveyDetails(c.var.db, tokenOf(c), parse(SurveyDetails, values), now(c), clientIp(c))
          return c.redirect('/voice/thanks', 303)
        },
        (f, status) => invitationPage(c, f, status),
        retryAfter(c),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/voice/kiosk',
    access: 'public',
    summary: 'Report a kiosk that was hard to use',
    handle: (c) => kioskFormPage(c),
  }),
  page({
    method: 'POST',
    path: '/voice/kiosk',
    access: 'public',
    summary: 'Records a kiosk-difficulty report (anonymous)',
    handle: async (c) => {
      const values = await form(c, ['problems'])
      return withForm(
        c,
        values,
        async () => {
          await submitKioskReport(c.var.db, c.var.actor, parse(KioskReportInput, values), now(c), clientIp(c))
          return c.redirect('/voice/thanks', 303)
        },
        (f, status) => kioskFormPage(c, f, status),
        retryAfter(c),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/voice/questions/:id',
    access: 'public',
    summary: 'Answer an open question',
    handle: (c) => campaignAnswerPage(c),
  }),
  page({
    method: 'POST',
    path: '/voice/questions/:id',
    access: 'public',
    summary: 'Records an anonymous answer to an open question',
    handle: async (c) => {
      const id = uuidParam(c, 'id', 'voice.notFound')
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await answerCampaign(c.var.db, id, parse(OpinionAnswer, values), now(c), clientIp(c))
          return c.redirect('/voice/thanks', 303)
        },
        (f, status) => campaignAnswerPage(c, f, status),
        retryAfter(c),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/partners/kiosk/:token',
    access: 'public',
    summary: "A partner company's anonymous kiosk report, opened by its share link",
    handle: async (c) => {
      const r = await sharedReport(c.var.db, tokenOf(c), now(c))
      const districts = await districtNames(c)
      c.header('x-robots-tag', 'noindex')
      c.header('referrer-policy', 'no-referrer')
      return renderPage(c, { title: c.var.t('voice.report.title', { company: r.company }) }, (v) => (
        <>
          <h1>{v.t('voice.report.title', { company: r.company })}</h1>
          <p>
            <a href={`/api/v1/voice/kiosk-reports/shared/${tokenOf(c)}/pdf`}>{v.t('voice.report.pdf')}</a>
          </p>
          <PartnerReportView v={v} r={r} districts={districts} />
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/voice',
    access: 'voice:read',
    summary: 'Voice of users: satisfaction, comments, call-backs',
    handle: (c) => dashboardPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/voice/answers/:id/called',
    access: 'voice:manage',
    summary: 'Marks a call-back done (the number is deleted)',
    handle: async (c) => {
      await markCalledBack(c.var.db, c.var.actor, uuidParam(c, 'id', 'voice.notFound'), now(c))
      return c.redirect('/staff/voice', 303)
    },
  }),
  page({
    method: 'GET',
    path: '/staff/voice/campaigns',
    access: 'voice:read',
    summary: 'Opinion questions',
    handle: (c) => campaignsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/voice/campaigns',
    access: 'voice:manage',
    summary: 'Opens a new opinion question',
    handle: async (c) => {
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          const r = await openCampaign(c.var.db, c.var.actor, parse(CampaignInput, values), now(c))
          return c.redirect(`/staff/voice/campaigns/${r.id}`, 303)
        },
        (f, status) => campaignsPage(c, f, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/voice/campaigns/:id',
    access: 'voice:read',
    summary: 'Results of a question by group and district; paper entry',
    handle: (c) => campaignPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/voice/campaigns/:id/paper',
    access: 'voice:enter',
    summary: 'Enters answers from paper forms or the field',
    handle: async (c) => {
      const id = uuidParam(c, 'id', 'voice.notFound')
      const values = await form(c)
      return withForm(
        c,
        values,
        async () => {
          await enterPaperAnswers(c.var.db, c.var.actor, id, parse(PaperAnswers, values), now(c))
          return c.redirect(`/staff/voice/campaigns/${id}`, 303)
        },
        (f, status) => campaignPage(c, f, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/voice/campaigns/:id/close',
    access: 'voice:manage',
    summary: 'Closes a question',
    handle: async (c) => {
      const id = uuidParam(c, 'id', 'voice.notFound')
      await closeCampaign(c.var.db, c.var.actor, id, now(c))
      return c.redirect(`/staff/voice/campaigns/${id}`, 303)
    },
  }),
  page({
    method: 'GET',
    path: '/staff/voice/kiosk',
    access: 'voice:kiosk-reports',
    summary: 'Kiosk reports per partner company',
    handle: (c) => staffKioskPage(c),
  }),
  page({
    method: 'GET',
    path: '/staff/voice/kiosk/:company',
    access: 'voice:kiosk-reports',
    summary: "One company's anonymous kiosk report, share links",
    handle: (c) => staffReportPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/voice/kiosk/:company/share',
    access: 'voice:kiosk-reports',
    summary: 'Makes a share link for the report (shown once)',
    handle: async (c) => {
      const s = await shareReport(c.var.db, c.var.actor, companyOf(c), now(c))
      return staffReportPage(c, s.path)
    },
  }),
  page({
    method: 'POST',
    path: '/staff/voice/kiosk/:company/share/:id/revoke',
    access: 'voice:kiosk-reports',
    summary: 'Revokes a share link',
    handle: async (c) => {
      await revokeShare(c.var.db, c.var.actor, uuidParam(c, 'id', 'voice.notFound'), now(c))
      return c.redirect(`/staff/voice/kiosk/${encodeURIComponent(companyOf(c))}`, 303)
    },
  }),
]

export const voiceNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  return scopeFor(v.actor.role, 'voice:read') ? [{ href: '/staff/voice', label: v.t('voice.nav') }] : []
}

export { buildPartnerReport }
