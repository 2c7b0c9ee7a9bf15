import { z } from 'zod'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { parse } from '../../platform/http/parse.ts'
import { api, page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import { Button, Checkboxes, ErrorSummary, Radios, Select, TextField } from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import {
  AidInput,
  type AidRow,
  advanceSupply,
  applyAid,
  checksOf,
  DocumentCheckInput,
  decideAid,
  INTERNET_CAP_KRW,
  listAid,
  myAid,
  recordDocumentCheck,
  type Share,
  STATE_PCT,
  STATE_PCT_LOW_INCOME,
  StaffAidInput,
  SupplyInput,
  shareOfRow,
  viewAid,
} from './aid.ts'
import { activeCatalogue, labelOf, wholeCatalogue } from './aid-catalogue.ts'
import type { CatalogueRow } from './aid-repo.ts'
import { nextSupplyStep, type SupplyStep } from './aid-supply.ts'
import { Explanation, formOf, Situation, withCriteria, withForm } from './pages.tsx'
import { idParam, now, opts, see, won } from './present.ts'
import * as repo from './repo.ts'
import type { Reason } from './rules.ts'
import { DecisionInput } from './schema.ts'
import { viewApplication } from './service.ts'
import { AID_KINDS, DOCUMENTS, SUPPLY_STATUSES } from './tables.ts'

/** Assistive-device and internet-fee applications (citizen and staff) and document checks. */

const aidRef = (id: string) => `DS-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`

/** The computation in words with amounts in the reader's format. */
export const calcText = (v: View, s: Share) => {
  const p = s.calc.params ?? {}
  const money = (k: string) => won(v, Number(p[k] ?? 0))
  return v.t(s.calc.key, {
    price: money('price'),
    state: money('state'),
    copay: money('copay'),
    cap: money('cap'),
    statePct: Number(p.statePct ?? 0),
    copayPct: Number(p.copayPct ?? 0),
  })
}

/** Catalogue item names by code (withdrawn ones too: older applications still name them). */
type Names = ReadonlyMap<string, CatalogueRow>
const namesOf = async (c: Ctx): Promise<Names> =>
  new Map((await wholeCatalogue(c.var.db)).map((i) => [i.code, i]))
const itemLabel = (v: View, names: Names, code: string | null) => {
  const item = code ? names.get(code) : undefined
  return item ? labelOf(item, v.locale) : (code ?? '')
}
const whatOf = (v: View, names: Names, a: AidRow) =>
  a.kind === 'assistive' ? itemLabel(v, names, a.itemCode) : v.t('devices.aid.kind.internet')

/** The catalogue with prices and what the applicant would pay, as a table. */
const CatalogueTable = ({ v, items }: { v: View; items: CatalogueRow[] }) => (
  <Table
    id="aid-catalogue"
    caption={v.t('devices.aid.catalogue', { pct: STATE_PCT, low: STATE_PCT_LOW_INCOME })}
    rows={items}
    columns={[
      { header: v.t('devices.aid.field.item'), cell: (i) => labelOf(i, v.locale) },
      { header: v.t('devices.aid.field.price'), cell: (i) => won(v, i.priceKrw), numeric: true },
      {
        header: v.t('devices.aid.field.copayStandard', { pct: 100 - STATE_PCT }),
        cell: (i) => won(v, i.priceKrw - Math.floor((i.priceKrw * STATE_PCT) / 1000) * 10),
        numeric: true,
      },
      {
        header: v.t('devices.aid.field.copayLow', { pct: 100 - STATE_PCT_LOW_INCOME }),
        cell: (i) => won(v, i.priceKrw - Math.floor((i.priceKrw * STATE_PCT_LOW_INCOME) / 1000) * 10),
        numeric: true,
      },
    ]}
  />
)

const AidFields = ({
  v,
  form,
  districts,
  items,
}: {
  v: View
  form: FormState
  districts: Awaited<ReturnType<typeof repo.districtOptions>>
  items: CatalogueRow[]
}) => (
  <>
    <input
      type="hidden"
      name="idempotencyKey"
      value={String(form.values.idempotencyKey ?? crypto.randomUUID())}
    />
    <Radios
      v={v}
      form={form}
      name="kind"
      label={v.t('devices.aid.field.kind')}
      options={opts(v, 'devices.aid.kind', AID_KINDS)}
    />
    <Select
      v={v}
      form={form}
      name="itemCode"
      label={v.t('devices.aid.field.item')}
      hint={v.t('devices.aid.field.itemHint')}
      placeholder={v.t('devices.field.choose')}
      required={false}
      options={items.map((i) => ({
        value: i.code,
        label: `${labelOf(i, v.locale)} — ${won(v, i.priceKrw)}`,
      }))}
    />
    <TextField
      v={v}
      form={form}
      name="monthlyFeeKrw"
      inputmode="numeric"
      label={v.t('devices.aid.field.fee')}
      hint={v.t('devices.aid.field.feeHint', { cap: won(v, INTERNET_CAP_KRW) })}
      required={false}
      width="medium"
    />
    <Situation v={v} form={form} districts={districts} />
  </>
)

async function applyPage(c: Ctx, form: FormState, status = 200) {
  const districts = await repo.districtOptions(c.var.db)
  const items = await activeCatalogue(c.var.db)
  return renderPage(c, { title: c.var.t('devices.aid.apply.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.aid.apply.title')}</h1>
      <p class="lead">{v.t('devices.aid.apply.lead')}</p>
      <CatalogueTable v={v} items={items} />
      <form method="post" action="/devices/aid/apply" novalidate>
        <Csrf v={v} />
        <AidFields v={v} form={form} districts={districts} items={items} />
        <Button>{v.t('devices.apply.submit')}</Button>
      </form>
    </>
  ))
}

/** The citizen's aid applications with the co-payment computation. */
async function myAidPage(c: Ctx) {
  const actor = c.var.actor
  const rows = actor.kind === 'citizen' ? await myAid(c.var.db, actor.personId) : []
  const names = await namesOf(c)
  return renderPage(c, { title: c.var.t('devices.aid.mine.title') }, (v) => (
    <>
      {c.req.query('sent') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.apply.sent')} />
      ) : null}
      <h1>{v.t('devices.aid.mine.title')}</h1>
      {rows.length === 0 ? <p>{v.t('devices.status.none')}</p> : null}
      {rows.map((a) => {
        const share = shareOfRow(a)
        return (
          <section class="section">
            <h2>
              {whatOf(v, names, a)} — {v.t(`devices.appStatus.${a.status}`)}
            </h2>
            {a.status === 'approved' ? <p class="aid-supply">{supplyText(v, a)}</p> : null}
            <p>{v.t('devices.status.appliedOn', { date: formatDate(v.locale, a.createdAt) })}</p>
            <p>{v.t('devices.status.reference', { ref: aidRef(a.id) })}</p>
            <h3>{v.t('devices.aid.share')}</h3>
            <p class="aid-calc">{calcText(v, share)}</p>
            <h3>{v.t('devices.status.eligibility')}</h3>
            <Explanation v={v} reasons={a.explanation as Reason[]} />
          </section>
        )
      })}
      <p>
        <a href="/devices/aid/apply">{v.t('devices.aid.apply.title')}</a>
      </p>
    </>
  ))
}

async function staffListPage(c: Ctx) {
  const rows = await listAid(c.var.db, c.var.actor, now(c))
  const names = await namesOf(c)
  const canCatalogue =
    c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'devices:catalogue') !== null
  return renderPage(c, { title: c.var.t('devices.aid.staff.title') }, (v) => (
    <>
      <h1>{v.t('devices.aid.staff.title')}</h1>
      <p>
        <a href="/staff/devices/aid/new">{v.t('devices.aid.staff.new')}</a>
      </p>
      {canCatalogue ? (
        <p>
          <a href="/staff/devices/aid/catalogue">{v.t('devices.catalogue.title')}</a>
        </p>
      ) : null}
      <Table
        id="aid-applications"
        caption={v.t('devices.applications.caption', { n: rows.length })}
        rows={rows}
        empty={v.t('devices.applications.empty')}
        columns={[
          {
            header: v.t('devices.status.referenceShort'),
            cell: (a) => <a href={`/staff/devices/aid/${a.id}`}>{aidRef(a.id)}</a>,
          },
          { header: v.t('devices.aid.field.kind'), cell: (a) => whatOf(v, names, a) },
          { header: v.t('devices.aid.field.price'), cell: (a) => won(v, a.priceKrw), numeric: true },
          { header: v.t('devices.aid.field.copay'), cell: (a) => won(v, a.copayKrw), numeric: true },
          { header: v.t('devices.field.status'), cell: (a) => v.t(`devices.appStatus.${a.status}`) },
        ]}
      />
    </>
  ))
}

async function staffNewPage(c: Ctx, form: FormState, status = 200) {
  const districts = await repo.districtOptions(c.var.db)
  const items = await activeCatalogue(c.var.db)
  return renderPage(c, { title: c.var.t('devices.aid.staff.new'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.aid.staff.new')}</h1>
      <form method="post" action="/staff/devices/aid/new" novalidate>
        <Csrf v={v} />
        <TextField
          v={v}
          form={form}
          name="personId"
          label={v.t('devices.field.personId')}
          hint={v.t('devices.field.personIdHint')}
        />
        <Radios
          v={v}
          form={form}
          name="channel"
          label={v.t('devices.field.channel')}
          options={opts(v, 'devices.channel', ['phone', 'walk_in', 'field'])}
        />
        <Checkboxes
          v={v}
          form={form}
          name="consentGiven"
          label={v.t('devices.field.proxyConsent')}
          options={[{ value: 'yes', label: v.t('devices.field.proxyConsentYes') }]}
          values={form.values.consentGiven === 'yes' ? ['yes'] : []}
        />
        <AidFields v={v} form={form} districts={districts} items={items} />
        <Button>{v.t('devices.apply.submit')}</Button>
      </form>
    </>
  ))
}

/** The staff's document checks: who checked which document when, and a form to record one. */
export const DocumentChecks = ({
  v,
  form,
  checks,
  action,
}: {
  v: View
  form: FormState
  checks: Awaited<ReturnType<typeof checksOf>>
  action: string
}) => (
  <section class="section">
    <h2 id="documents">{v.t('devices.doc.title')}</h2>
    <p>{v.t('devices.doc.lead')}</p>
    <Table
      id="document-checks"
      caption={v.t('devices.doc.caption')}
      rows={checks}
      empty={v.t('devices.doc.none')}
      columns={[
        { header: v.t('devices.doc.field.document'), cell: (d) => v.t(`devices.doc.kind.${d.document}`) },
        { header: v.t('devices.field.result'), cell: (d) => v.t(`devices.doc.result.${d.result}`) },
        { header: v.t('devices.field.by'), cell: (d) => d.checkedByName },
        { header: v.t('devices.field.when'), cell: (d) => formatDateTime(v.locale, d.checkedAt) },
        { header: v.t('devices.field.note'), cell: (d) => d.note ?? '' },
      ]}
    />
    <form method="post" action={action} novalidate>
      <Csrf v={v} />
      <Select
        v={v}
        form={form}
        name="document"
        label={v.t('devices.doc.field.document')}
        placeholder={v.t('devices.field.choose')}
        options={opts(v, 'devices.doc.kind', DOCUMENTS)}
      />
      <Radios
        v={v}
        form={form}
        name="result"
        label={v.t('devices.field.result')}
        options={opts(v, 'devices.doc.result', ['verified', 'not_valid'])}
      />
      <TextField v={v} form={form} name="note" label={v.t('devices.field.note')} required={false} />
      <Button small>{v.t('devices.doc.record')}</Button>
    </form>
  </section>
)

/** A month ("2027-01") in words: "2027년 1월" / "January 2027". */
const monthText = (v: View, ym: string | null) => {
  if (!ym) return '—'
  const [y, m] = ym.split('-').map(Number)
  return v.locale === 'ko'
    ? `${y}년 ${m}월`
    : new Date(Date.UTC(y!, m! - 1, 1)).toLocaleDateString('en-GB', {
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })
}

/** The supply so far in plain words, for the applicant's status page. */
export const supplyText = (v: View, a: AidRow) => {
  const date = (d: Date | null) => (d ? formatDate(v.locale, d) : '')
  if (a.kind === 'internet') {
    if (!a.supplyStatus) return v.t('devices.aid.mine.supply.internet.none')
    return v.t(`devices.aid.mine.supply.internet.${a.supplyStatus}`, {
      provider: a.provider ?? '',
      amount: won(v, a.coveredKrw ?? 0),
      start: monthText(v, a.startMonth),
      end: monthText(v, a.endMonth),
      date: date(a.endedAt),
    })
  }
  if (!a.supplyStatus) return v.t('devices.aid.mine.supply.assistive.none')
  return v.t(`devices.aid.mine.supply.assistive.${a.supplyStatus}`, {
    date: date(a.handedOverAt ?? a.suppliedAt ?? a.orderedAt),
    copay: won(v, a.copayKrw),
  })
}

/** What each kind's supply shows to staff: one row per step. */
const supplyRows = (v: View, a: AidRow) => {
  const when = (d: Date | null) => (d ? formatDateTime(v.locale, d) : '—')
  const status = {
    key: v.t('devices.field.status'),
    value: v.t(
      `devices.aid.supply.status.${a.supplyStatus ?? (a.kind === 'internet' ? 'noneInternet' : 'none')}`,
    ),
  }
  if (a.kind === 'internet')
    return [
      status,
      {
        key: v.t('devices.aid.supply.arranged'),
        value: a.arrangedAt
          ? `${v.t('devices.aid.supply.arrangement', {
              provider: a.provider ?? '',
              amount: won(v, a.coveredKrw ?? 0),
              start: monthText(v, a.startMonth),
              end: monthText(v, a.endMonth),
            })} — ${when(a.arrangedAt)}`
          : '—',
      },
      { key: v.t('devices.aid.supply.started'), value: a.startedAt ? when(a.startedAt) : '—' },
      { key: v.t('devices.aid.supply.ended'), value: a.endedAt ? when(a.endedAt) : '—' },
    ]
  return [
    status,
    {
      key: v.t('devices.aid.supply.ordered'),
      value: a.supplier ? `${a.supplier} — ${when(a.orderedAt)}` : '—',
    },
    {
      key: v.t('devices.aid.supply.supplied'),
      value: a.suppliedAt ? `${when(a.suppliedAt)}${a.serialNo ? ` (${a.serialNo})` : ''}` : '—',
    },
    {
      key: v.t('devices.aid.supply.handedOver'),
      value: a.handedOverAt
        ? `${a.receivedBy ?? ''} — ${when(a.handedOverAt)} — ${won(v, a.copayPaidKrw ?? 0)} (${v.t(`devices.aid.supply.method.${a.copayMethod}`)})`
        : '—',
    },
  ]
}

/** The fields of a supply step's form (a step without fields is one button). */
const StepFields = ({ v, form, a, step }: { v: View; form: FormState; a: AidRow; step: SupplyStep }) => {
  switch (step) {
    case 'order':
      return <TextField v={v} form={form} name="supplier" label={v.t('devices.aid.supply.supplier')} />
    case 'supply':
      return (
        <TextField
          v={v}
          form={form}
          name="serialNo"
          label={v.t('devices.aid.supply.serial')}
          required={false}
        />
      )
    case 'handover':
      return (
        <>
          <TextField v={v} form={form} name="receivedBy" label={v.t('devices.field.receivedBy')} />
          <Radios
            v={v}
            form={form}
            name="copayMethod"
            label={v.t('devices.aid.supply.copayMethod')}
            options={opts(v, 'devices.aid.supply.method', ['cash', 'card', 'transfer', 'waived'])}
          />
          <TextField
            v={v}
            form={form}
            name="copayPaidKrw"
            inputmode="numeric"
            label={v.t('devices.aid.supply.copayPaid')}
            hint={v.t('devices.aid.supply.copayHint', { n: won(v, a.copayKrw) })}
            width="medium"
          />
        </>
      )
    case 'arrange':
      return (
        <>
          <TextField v={v} form={form} name="provider" label={v.t('devices.aid.supply.provider')} />
          <TextField
            v={v}
            form={form}
            name="coveredKrw"
            inputmode="numeric"
            label={v.t('devices.aid.supply.covered')}
            hint={v.t('devices.aid.supply.coveredHint', { n: won(v, a.stateKrw) })}
            width="medium"
          />
          <TextField
            v={v}
            form={form}
            name="startMonth"
            label={v.t('devices.aid.supply.startMonth')}
            hint={v.t('devices.aid.supply.monthHint')}
            width="medium"
          />
          <TextField
            v={v}
            form={form}
            name="endMonth"
            label={v.t('devices.aid.supply.endMonth')}
            hint={v.t('devices.aid.supply.monthHint')}
            width="medium"
          />
        </>
      )
    default:
      return null
  }
}

/** The supply of an approved application (either kind): what happened so far and the form for the next step. */
const Supply = ({ v, form, a, canSupply }: { v: View; form: FormState; a: AidRow; canSupply: boolean }) => {
  const next = nextSupplyStep(a)
  return (
    <section class="section">
      <h2>{v.t(`devices.aid.supply.title${a.kind === 'internet' ? 'Internet' : ''}`)}</h2>
      <SummaryList v={v} rows={supplyRows(v, a)} />
      {canSupply && next ? (
        <form method="post" action={`/staff/devices/aid/${a.id}/supply`} novalidate>
          <Csrf v={v} />
          <input type="hidden" name="step" value={next} />
          <StepFields v={v} form={form} a={a} step={next} />
          <Button>{v.t(`devices.aid.supply.do.${next}`)}</Button>
        </form>
      ) : null}
    </section>
  )
}

async function staffDetailPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const d = await viewAid(c.var.db, c.var.actor, idParam(c), now(c))
  const a = d.application
  const names = await namesOf(c)
  const canDecide = c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'devices:review') !== null
  // internet-fee support is arranged by the programme (devices:review); a device is supplied by delivery staff
  const canSupply =
    c.var.actor.kind === 'staff' &&
    scopeFor(c.var.actor.role, a.kind === 'internet' ? 'devices:review' : 'devices:deliver') !== null
  return renderPage(c, { title: `${c.var.t('devices.aid.staff.one')} ${aidRef(a.id)}`, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>
        {v.t('devices.aid.staff.one')} {aidRef(a.id)}
      </h1>
      <SummaryList
        v={v}
        rows={[
          { key: v.t('devices.aid.field.kind'), value: whatOf(v, names, a) },
          { key: v.t('devices.field.applicant'), value: v.t(`devices.applicant.${a.applicantKind}`) },
          { key: v.t('devices.field.status'), value: v.t(`devices.appStatus.${a.status}`) },
          { key: v.t('devices.aid.share'), value: calcText(v, d.share) },
          {
            key: v.t('devices.status.appliedOn', { date: formatDate(v.locale, a.createdAt) }),
            value: a.districtCode,
          },
        ]}
      />
      <h2>{v.t('devices.status.eligibility')}</h2>
      <Explanation v={v} reasons={a.explanation as Reason[]} />
      <DocumentChecks v={v} form={form} checks={d.checks} action={`/staff/devices/aid/${a.id}/documents`} />
      {a.status === 'approved' ? <Supply v={v} form={form} a={a} canSupply={canSupply} /> : null}
      {canDecide && a.status === 'submitted' ? (
        <form method="post" action={`/staff/devices/aid/${a.id}/decision`} class="section">
          <Csrf v={v} />
          <h2>{v.t('devices.applications.decide')}</h2>
          <Button name="decision" value="approved">
            {v.t('devices.applications.approve')}
          </Button>
          <Button variant="warning" name="decision" value="rejected">
            {v.t('devices.applications.reject')}
          </Button>
        </form>
      ) : null}
    </>
  ))
}

/** A device application's document checks (the staff list links here). */
async function deviceDocsPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const a = await viewApplication(c.var.db, c.var.actor, idParam(c), now(c))
  const checks = await checksOf(c.var.db, a.id)
  return renderPage(c, { title: c.var.t('devices.doc.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.doc.title')}</h1>
      <SummaryList
        v={v}
        rows={[
          { key: v.t('devices.field.applicant'), value: v.t(`devices.applicant.${a.applicantKind}`) },
          {
            key: v.t('devices.field.deviceType'),
            value: `${v.t(`devices.type.${a.deviceType}`)} × ${a.quantity}`,
          },
          { key: v.t('devices.field.status'), value: v.t(`devices.appStatus.${a.status}`) },
        ]}
      />
      <DocumentChecks
        v={v}
        form={form}
        checks={checks}
        action={`/staff/devices/applications/${a.id}/documents`}
      />
      <p>
        <a href="/staff/devices/applications">{v.t('devices.applications.title')}</a>
      </p>
    </>
  ))
}

const AidOut = z.object({
  id: z.uuid(),
  reference: z.string(),
  kind: z.enum(AID_KINDS),
  status: z.string(),
  eligible: z.boolean(),
  priceKrw: z.number(),
  statePct: z.number().nullable(),
  stateKrw: z.number(),
  copayKrw: z.number(),
  created: z.boolean(),
})
const SupplyOut = z.object({
  id: z.uuid(),
  reference: z.string(),
  kind: z.enum(AID_KINDS),
  supplyStatus: z.enum(SUPPLY_STATUSES).nullable(),
  nextStep: z.string().nullable(),
  supplier: z.string().nullable(),
  serialNo: z.string().nullable(),
  copayKrw: z.number(),
  copayPaidKrw: z.number().nullable(),
  copayMethod: z.string().nullable(),
  provider: z.string().nullable(),
  coveredKrw: z.number().nullable(),
  startMonth: z.string().nullable(),
  endMonth: z.string().nullable(),
})
const presentSupply = (a: AidRow): z.infer<typeof SupplyOut> => ({
  id: a.id,
  reference: aidRef(a.id),
  kind: a.kind,
  supplyStatus: a.supplyStatus,
  nextStep: nextSupplyStep(a),
  supplier: a.supplier,
  serialNo: a.serialNo,
  copayKrw: a.copayKrw,
  copayPaidKrw: a.copayPaidKrw,
  copayMethod: a.copayMethod,
  provider: a.provider,
  coveredKrw: a.coveredKrw,
  startMonth: a.startMonth,
  endMonth: a.endMonth,
})
const presentAid = (a: AidRow, created: boolean) => ({
  id: a.id,
  reference: aidRef(a.id),
  kind: a.kind,
  status: a.status,
  eligible: a.eligible,
  priceKrw: a.priceKrw,
  statePct: a.statePct,
  stateKrw: a.stateKrw,
  copayKrw: a.copayKrw,
  created,
})

/** Pages first (registered before /staff/devices/:tag), then the API. */
export const aidPages = [
  page({ method: 'GET', path: '/devices/aid', access: 'citizen', handle: (c) => myAidPage(c) }),
  page({
    method: 'GET',
    path: '/devices/aid/apply',
    access: 'citizen',
    handle: (c) => applyPage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/devices/aid/apply',
    access: 'citizen',
    handle: async (c) => {
      const values = await formOf(c, ['criteria'])
      return withForm(
        c,
        values,
        async () => {
          await applyAid(c.var.db, c.var.actor, parse(AidInput, withCriteria(values)), now(c))
          return see(c, '/devices/aid?sent=1')
        },
        (form, status) => applyPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/aid',
    access: 'devices:apply',
    handle: (c) => staffListPage(c),
  }),
  page({
    method: 'GET',
    path: '/staff/devices/aid/new',
    access: 'devices:apply',
    handle: (c) => staffNewPage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/aid/new',
    access: 'devices:apply',
    handle: async (c) => {
      const values = await formOf(c, ['criteria'])
      return withForm(
        c,
        values,
        async () => {
          const r = await applyAid(c.var.db, c.var.actor, parse(StaffAidInput, withCriteria(values)), now(c))
          return see(c, `/staff/devices/aid/${r.application.id}`)
        },
        (form, status) => staffNewPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/aid/:id',
    access: 'devices:apply',
    handle: (c) => staffDetailPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/aid/:id/documents',
    access: 'devices:apply',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          await recordDocumentCheck(
            c.var.db,
            c.var.actor,
            { kind: 'aid', id },
            parse(DocumentCheckInput, values),
            now(c),
          )
          return see(c, `/staff/devices/aid/${id}#documents`)
        },
        (form, status) => staffDetailPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/aid/:id/supply',
    access: 'devices:deliver',
    handle: async (c) => {
      const id = idParam(c)
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          await advanceSupply(c.var.db, c.var.actor, id, parse(SupplyInput, values), now(c))
          return see(c, `/staff/devices/aid/${id}`)
        },
        (form, status) => staffDetailPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/aid/:id/decision',
    access: 'devices:review',
    handle: async (c) => {
      const id = idParam(c)
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          await decideAid(c.var.db, c.var.actor, id, parse(DecisionInput, values).decision, now(c))
          return see(c, `/staff/devices/aid/${id}`)
        },
        (form, status) => staffDetailPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/applications/:id/documents',
    access: 'devices:apply',
    handle: (c) => deviceDocsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/applications/:id/documents',
    access: 'devices:apply',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          await recordDocumentCheck(
            c.var.db,
            c.var.actor,
            { kind: 'device', id },
            parse(DocumentCheckInput, values),
            now(c),
          )
          return see(c, `/staff/devices/applications/${id}/documents#documents`)
        },
        (form, status) => deviceDocsPage(c, form, status),
      )
    },
  }),
  api({
    method: 'POST',
    path: '/aid-applications',
    access: 'citizen',
    summary:
      'Applies for an assistive device (catalogue item; the state pays 80%, 90% for basic-livelihood and near-poverty applicants) or internet-fee support; the same idempotencyKey returns the first application',
    tags: ['devices'],
    body: AidInput,
    response: AidOut,
    status: 201,
    handle: async (c, { body }) => {
      const r = await applyAid(c.var.db, c.var.actor, body, now(c))
      return c.json(presentAid(r.application, r.created), r.created ? 201 : 200)
    },
  }),
  api({
    method: 'POST',
    path: '/aid-applications/:id/supply',
    access: 'devices:deliver',
    summary:
      'Moves an approved application one supply step. Assistive device (devices:deliver): order (supplier) → supply (serial) → handover (who received it, the co-payment paid and how; it must be the computed co-payment, or 0 when waived). Internet-fee support (devices:review as well): arrange (provider, coveredKrw a month up to the amount computed at application, startMonth and endMonth as YYYY-MM, at most 24 months) → start → end. A step out of order or of the other kind is 409; each step is audited',
    tags: ['devices'],
    body: SupplyInput,
    response: SupplyOut,
    handle: async (c, { body }) =>
      c.json(presentSupply((await advanceSupply(c.var.db, c.var.actor, idParam(c), body, now(c))) as AidRow)),
  }),
]
