import type { Child } from 'hono/jsx'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import {
  Button,
  Checkboxes,
  ErrorSummary,
  Radios,
  Select,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import {
  CHECKLIST,
  DeviceImportInput,
  ImpactQuery,
  LinkOrgInput,
  MoneyDonationInput,
  MoneyImportInput,
  RefurbishInput,
  ScanInput,
  STORAGE_KINDS,
  StockViewQuery,
  ValuationInput,
} from './donor-schema.ts'
import * as donors from './donors.ts'
import { importDevices, importMoney, importScanned, type RowError } from './imports.ts'
import { idParam, now, opts, see, won } from './present.ts'
import * as refurb from './refurbish.ts'
import * as repo from './repo.ts'
import { receiptNumber } from './service.ts'
import * as stock from './stock.ts'
import { DEVICE_STATUSES, DEVICE_TYPES, GRADES } from './tables.ts'
import { AGE_BANDS, setValuation, valuationTable } from './valuation.ts'

const day = (v: View, d: Date | null) => (d ? formatDate(v.locale, d) : '—')
/** Reads a form; an uploaded file's text replaces the pasted CSV when one is chosen. */
async function formWithFile(c: Ctx): Promise<Record<string, unknown>> {
  const fd = await c.req.formData()
  const values = formToObject(fd)
  const file = fd.get('file')
  if (file && typeof file !== 'string' && file.size > 0) values.csv = await file.text()
  delete values.file
  return values
}
const ageLabel = (v: View, band: number) =>
  band === 99 ? v.t('devices.age.older', { n: 7 }) : v.t('devices.age.upTo', { n: band })

// ── impact ─────────────────────────────────────────────────────────────────────────────────────

type Impact = Awaited<ReturnType<typeof donors.impact>>

const ImpactView = ({ v, data }: { v: View; data: Impact }) => {
  const company = data.donors.some((d) => d.kind === 'company')
  const t = data.totals
  return (
    <>
      <h2>{company ? v.t('devices.impact.totalsCompany') : v.t('devices.impact.totals')}</h2>
      <SummaryList
        v={v}
        rows={[
          { key: v.t('devices.impact.donated'), value: String(t.donated) },
          { key: v.t('devices.impact.received'), value: String(t.received) },
          { key: v.t('devices.impact.wiped'), value: String(t.wiped) },
          { key: v.t('devices.impact.refurbished'), value: String(t.refurbished) },
          { key: v.t('devices.impact.delivered'), value: String(t.delivered) },
          { key: v.t('devices.impact.districts'), value: String(t.districts) },
          { key: v.t('devices.impact.recycled'), value: String(t.recycled) },
          { key: v.t('devices.impact.inKind'), value: won(v, t.inKindKrw) },
          ...(t.moneyKrw ? [{ key: v.t('devices.impact.money'), value: won(v, t.moneyKrw) }] : []),
        ]}
      />
      <p>{v.t('devices.impact.privacy')}</p>
      {data.pledges.length ? (
        <>
          <h2>{v.t('devices.impact.certificates')}</h2>
          <ul class="link-list">
            {data.pledges
              .filter((p) => p.status === 'received')
              .map((p) => (
                <li>
                  <a href={`/api/v1/pledges/${p.id}/wipe-certificates.pdf`}>
                    {v.t('devices.impact.batchCert', {
                      date: formatDate(v.locale, p.createdAt),
                      type: v.t(`devices.type.${p.deviceType}`),
                      n: p.count,
                    })}
                  </a>
                </li>
              ))}
          </ul>
        </>
      ) : null}
      <Table
        id="journeys"
        caption={v.t('devices.impact.journeys', { n: data.journeys.length })}
        rows={data.journeys}
        rowHeaders
        stack
        empty={v.t('devices.impact.none')}
        columns={[
          { header: v.t('devices.field.assetTag'), cell: (j) => j.assetTag },
          { header: v.t('devices.field.deviceType'), cell: (j) => v.t(`devices.type.${j.type}`) },
          { header: v.t('devices.impact.step.received'), cell: (j) => day(v, j.receivedAt) },
          {
            header: v.t('devices.impact.step.wiped'),
            cell: (j) =>
              j.certificate ? (
                <>
                  {day(v, j.wipedAt)}{' '}
                  <a href={`/api/v1/devices/${j.deviceId}/wipe-certificate.pdf`}>
                    {v.t('devices.impact.certificateOf', { tag: j.assetTag })}
                  </a>
                </>
              ) : (
                '—'
              ),
          },
          {
            header: v.t('devices.impact.step.refurbished'),
            cell: (j) => (j.refurbishedAt ? `${day(v, j.refurbishedAt)} (${j.grade ?? '—'})` : '—'),
          },
          {
            header: v.t('devices.impact.step.delivered'),
            cell: (j) =>
              j.district
                ? v.t('devices.impact.deliveredTo', {
                    date: day(v, j.deliveredAt),
                    district: v.locale === 'ko' ? j.district.nameKo : j.district.nameEn,
                  })
                : v.t(`devices.status.${j.status}`),
          },
        ]}
      />
    </>
  )
}

async function staffImpactPage(c: Ctx, q: { donor?: string }, form: FormState = emptyForm(), status = 200) {
  const actor = c.var.actor
  const all = actor.kind === 'staff' && scopeFor(actor.role, 'devices:impact') === 'all'
  if (all && !q.donor) {
    const list = await donors.donorDirectory(c.var.db, actor)
    return renderPage(c, { title: c.var.t('devices.impact.title') }, (v) => (
      <>
        <h1>{v.t('devices.impact.title')}</h1>
        <p class="lead">{v.t('devices.impact.chooseDonor')}</p>
        <Table
          id="donors"
          caption={v.t('devices.impact.donors', { n: list.length })}
          rows={list}
          rowHeaders
          empty={v.t('devices.impact.noDonors')}
          columns={[
            {
              header: v.t('devices.receipt.donor'),
              cell: (d) => <a href={`/staff/devices/impact?donor=${d.donor.id}`}>{d.donor.name}</a>,
            },
            { header: v.t('devices.field.donorKind'), cell: (d) => v.t(`devices.donorKind.${d.donor.kind}`) },
            { header: v.t('devices.impact.org'), cell: (d) => d.orgName ?? '—' },
            { header: v.t('devices.impact.deviceCount'), cell: (d) => String(d.devices), numeric: true },
          ]}
        />
      </>
    ))
  }
  const data = await donors.impact(c.var.db, actor, q.donor)
  const orgs = all ? await donors.companyOrgs(c.var.db) : []
  const one = data.donors.length === 1 ? data.donors[0]! : null
  return renderPage(c, { title: c.var.t('devices.impact.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.impact.title')}</h1>
      <p class="lead">{one ? one.name : v.t('devices.impact.orgLead', { n: data.donors.length })}</p>
      <ImpactView v={v} data={data} />
      {all && one?.kind === 'company' ? (
        <form method="post" action={`/staff/devices/donors/${one.id}/org`} class="section" novalidate>
          <Csrf v={v} />
          <h2>{v.t('devices.impact.linkOrg')}</h2>
          <Select
            v={v}
            form={form.values.orgId !== undefined ? form : emptyForm({ orgId: one.orgId ?? '' })}
            name="orgId"
            label={v.t('devices.impact.org')}
            hint={v.t('devices.impact.linkOrgHint')}
            placeholder={v.t('devices.impact.noOrg')}
            required={false}
            options={orgs.map((o) => ({ value: o.id, label: v.locale === 'ko' ? o.nameKo : o.nameEn }))}
          />
          <Button variant="secondary">{v.t('devices.impact.linkOrgSave')}</Button>
        </form>
      ) : null}
    </>
  ))
}

async function citizenImpactPage(c: Ctx) {
  const data = await donors.impact(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('devices.impact.title') }, (v) => (
    <>
      <h1>{v.t('devices.impact.title')}</h1>
      {data.donors.length === 0 ? <p>{v.t('devices.impact.notDonor')}</p> : <ImpactView v={v} data={data} />}
      <p>
        <a href="/devices/donate">{v.t('devices.door.donate')}</a>
      </p>
    </>
  ))
}

// ── device page additions: one-tap next steps, refurbishment, certificate ───────────────────────

/** What the device page adds for the donor/refurbishment side (rendered inside devicePage). */
export async function deviceExtras(c: Ctx, device: repo.DeviceRow) {
  const records = await refurb.refurbishmentsOf(c.var.db, device.id)
  const canAct = c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'devices:intake') !== null
  return (v: View, form: FormState): Child => (
    <>
      {canAct && (device.status === 'wiped' || device.status === 'refurbishing') ? (
        <section class="section">
          <h2 id="refurbish">{v.t('devices.refurb.title')}</h2>
          <form method="post" action={`/staff/devices/${device.id}/refurbish`} novalidate>
            <Csrf v={v} />
            <Checkboxes
              v={v}
              form={form}
              name="checklist"
              label={v.t('devices.refurb.checklist')}
              hint={v.t('devices.refurb.checklistHint')}
              options={opts(v, 'devices.check', CHECKLIST)}
              values={Array.isArray(form.values.checklist) ? (form.values.checklist as string[]) : []}
              required={false}
            />
            <TextField v={v} form={form} name="cpu" label={v.t('devices.spec.cpu')} required={false} />
            <TextField
              v={v}
              form={form}
              name="ramGb"
              type="number"
              inputmode="numeric"
              label={v.t('devices.spec.ramGb')}
              required={false}
              width="short"
            />
            <TextField
              v={v}
              form={form}
              name="storageGb"
              type="number"
              inputmode="numeric"
              label={v.t('devices.spec.storageGb')}
              required={false}
              width="short"
            />
            <TextField
              v={v}
              form={form}
              name="os"
              label={v.t('devices.spec.os')}
              required={false}
              width="medium"
            />
            {Array.from({ length: refurb.PART_ROWS }, (_, i) => (
              <div class="field-row">
                <TextField
                  v={v}
                  form={form}
                  name={`partName${i + 1}`}
                  label={v.t('devices.refurb.part', { n: i + 1 })}
                  required={false}
                  width="medium"
                />
                <TextField
                  v={v}
                  form={form}
                  name={`partCost${i + 1}`}
                  type="number"
                  inputmode="numeric"
                  label={v.t('devices.refurb.partCost', { n: i + 1 })}
                  required={false}
                  width="short"
                />
              </div>
            ))}
            <Radios
              v={v}
              form={form}
              name="grade"
              label={v.t('devices.field.grade')}
              options={GRADES.map((g) => ({ value: g, label: v.t(`devices.gradeHint.${g}`) }))}
            />
            <Button>{v.t('devices.refurb.save')}</Button>
          </form>
        </section>
      ) : null}
      {records.length ? (
        <Table
          id="refurbishments"
          caption={v.t('devices.refurb.records')}
          rows={records}
          stack
          columns={[
            { header: v.t('devices.field.when'), cell: (r) => formatDateTime(v.locale, r.r.at) },
            { header: v.t('devices.field.grade'), cell: (r) => r.r.grade },
            {
              header: v.t('devices.refurb.checklist'),
              cell: (r) => {
                const ch = r.r.checklist as Record<string, boolean>
                return v.t('devices.refurb.passed', {
                  n: Object.values(ch).filter(Boolean).length,
                  of: Object.keys(ch).length,
                })
              },
            },
            {
              header: v.t('devices.refurb.parts'),
              cell: (r) =>
                `${(r.r.parts as { part: string; costKrw: number }[]).map((p) => p.part).join(', ') || '—'} (${won(v, r.r.partsCostKrw)})`,
            },
            {
              header: v.t('devices.refurb.specs'),
              cell: (r) => {
                const s = r.r.specs as Record<string, string | number>
                return [s.cpu, s.ramGb && `${s.ramGb}GB RAM`, s.storageGb && `${s.storageGb}GB`, s.os]
                  .filter(Boolean)
                  .join(' · ')
              },
            },
            { header: v.t('devices.field.by'), cell: (r) => r.by ?? v.t('devices.system') },
          ]}
        />
      ) : null}
      {device.wipeVerified ? (
        <p>
          <a href={`/api/v1/devices/${device.id}/wipe-certificate.pdf`}>{v.t('devices.cert.download')}</a>
        </p>
      ) : null}
    </>
  )
}

/** One-tap buttons for next steps that need no details (on a phone: tap, done). */
export const QuickSteps = ({
  v,
  deviceId,
  steps,
}: {
  v: View
  deviceId: string
  steps: readonly string[]
}) => {
  const simple = steps.filter((s) => s === 'wiping' || s === 'refurbishing' || s === 'ready')
  if (!simple.length) return null
  return (
    <form method="post" action={`/staff/devices/${deviceId}/transition`} class="section">
      <Csrf v={v} />
      <h2>{v.t('devices.quick.title')}</h2>
      {simple.map((s) => (
        <Button name="to" value={s}>
          {v.t(`devices.quick.${s}`)}
        </Button>
      ))}
    </form>
  )
}

/** The storage rows of the wipe part of the device page's step form. */
export const StorageFields = ({ v, form }: { v: View; form: FormState }) => (
  <>
    {Array.from({ length: refurb.STORAGE_ROWS }, (_, i) => (
      <fieldset class="fieldset">
        <legend class="fieldset-legend">{v.t('devices.storage.legend', { n: i + 1 })}</legend>
        <Select
          v={v}
          form={form}
          name={`storage${i + 1}Kind`}
          label={v.t('devices.storage.kind')}
          placeholder={v.t('devices.field.choose')}
          required={false}
          options={opts(v, 'devices.storageKind', STORAGE_KINDS)}
        />
        <TextField
          v={v}
          form={form}
          name={`storage${i + 1}Serial`}
          label={v.t('devices.storage.serial')}
          required={false}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name={`storage${i + 1}Gb`}
          type="number"
          inputmode="numeric"
          label={v.t('devices.storage.capacity')}
          required={false}
          width="short"
        />
      </fieldset>
    ))}
  </>
)

// ── money and reward-point donations ───────────────────────────────────────────────────────────

const RowErrors = ({ v, errors }: { v: View; errors: RowError[] }) => (
  <Table
    id="row-errors"
    caption={v.t('devices.import.errors', { n: errors.length })}
    rows={errors}
    columns={[
      { header: v.t('devices.import.line'), cell: (e) => String(e.line), numeric: true },
      { header: v.t('devices.import.column'), cell: (e) => e.field },
      { header: v.t('devices.import.problem'), cell: (e) => v.t(e.key, e.params) },
    ]}
  />
)

async function donationsPage(
  c: Ctx,
  form: FormState = emptyForm(),
  status = 200,
  importErrors: RowError[] | null = null,
) {
  const rows = await donors.listMoneyDonations(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('devices.money.title'), status }, (v) => (
    <>
      {c.req.query('imported') ? (
        <NotificationBanner
          v={v}
          variant="success"
          heading={v.t('devices.import.done', { n: c.req.query('imported') ?? '0' })}
        />
      ) : null}
      {c.req.query('saved') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.money.saved')} />
      ) : null}
      <ErrorSummary v={v} form={importErrors ? undefined : form} />
      <h1>{v.t('devices.money.title')}</h1>
      <p class="lead">{v.t('devices.money.lead')}</p>
      <form method="post" action="/staff/devices/donations" class="section" novalidate>
        <Csrf v={v} />
        <h2>{v.t('devices.money.record')}</h2>
        <Radios
          v={v}
          form={form}
          name="kind"
          label={v.t('devices.money.kind')}
          options={opts(v, 'devices.moneyKind', ['money', 'points'])}
        />
        <Radios
          v={v}
          form={form}
          name="donorKind"
          label={v.t('devices.field.donorKind')}
          options={opts(v, 'devices.donorKind', ['individual', 'company'])}
        />
        <TextField v={v} form={form} name="name" label={v.t('devices.field.donorName')} />
        <TextField
          v={v}
          form={form}
          name="businessNo"
          label={v.t('devices.field.businessNo')}
          hint={v.t('devices.field.businessNoHint')}
          required={false}
          width="medium"
        />
        <TextField v={v} form={form} name="contact" label={v.t('devices.field.contact')} required={false} />
        <TextField
          v={v}
          form={form}
          name="amount"
          type="number"
          inputmode="numeric"
          label={v.t('devices.money.amount')}
          hint={v.t('devices.money.amountHint')}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="receivedOn"
          type="date"
          label={v.t('devices.money.receivedOn')}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="reference"
          label={v.t('devices.money.reference')}
          hint={v.t('devices.money.referenceHint')}
          width="medium"
        />
        <Checkboxes
          v={v}
          form={form}
          name="wantsReceipt"
          label={v.t('devices.money.receipt')}
          options={[{ value: 'yes', label: v.t('devices.money.receiptYes') }]}
          values={form.values.wantsReceipt === 'yes' ? ['yes'] : []}
          required={false}
        />
        <Button>{v.t('devices.money.save')}</Button>
      </form>
      <form
        method="post"
        action="/staff/devices/donations/import"
        enctype="multipart/form-data"
        class="section"
        novalidate
      >
        <Csrf v={v} />
        <h2>{v.t('devices.money.import')}</h2>
        <p>{v.t('devices.money.importHint')}</p>
        <pre class="code">
          donor_kind,name,business_no,contact,kind,amount,received_on,reference,receipt{'\n'}
          company,같이전자,123-45-67890,csr@example.com,money,1000000,2026-11-20,TX-0001,yes
        </pre>
        {importErrors ? <RowErrors v={v} errors={importErrors} /> : null}
        <FileOrPaste v={v} />
        <Button variant="secondary">{v.t('devices.import.submit')}</Button>
      </form>
      <Table
        id="money"
        caption={v.t('devices.money.caption', { n: rows.length })}
        rows={rows}
        stack
        empty={v.t('devices.money.empty')}
        columns={[
          { header: v.t('devices.money.receivedOn'), cell: (r) => r.donation.receivedOn },
          { header: v.t('devices.receipt.donor'), cell: (r) => r.donorName },
          { header: v.t('devices.money.kind'), cell: (r) => v.t(`devices.moneyKind.${r.donation.kind}`) },
          {
            header: v.t('devices.money.amount'),
            cell: (r) =>
              r.donation.kind === 'points'
                ? v.t('devices.money.points', { n: r.donation.amount.toLocaleString('ko-KR') })
                : won(v, r.donation.amount),
            numeric: true,
          },
          { header: v.t('devices.money.reference'), cell: (r) => r.donation.reference },
          {
            header: v.t('devices.receipt.number'),
            cell: (r) =>
              r.receipt ? (
                <a href={`/api/v1/receipts/${r.receipt.id}.pdf`}>{receiptNumber(r.receipt)}</a>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  ))
}

const FileOrPaste = ({ v }: { v: View }) => (
  <>
    <div class="field">
      <label class="field-label" for="f-file">
        {v.t('devices.import.file')} <span class="field-optional">{v.t('common.optional')}</span>
      </label>
      <input id="f-file" name="file" type="file" accept=".csv,text/csv" />
    </div>
    <Textarea v={v} name="csv" label={v.t('devices.import.paste')} required={false} rows={6} value="" />
  </>
)

// ── bulk device intake ─────────────────────────────────────────────────────────────────────────

async function importPage(
  c: Ctx,
  form: FormState = emptyForm(),
  status = 200,
  errors: RowError[] | null = null,
) {
  const pledges = await repo.listPledges(c.var.db)
  return renderPage(c, { title: c.var.t('devices.import.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={errors ? undefined : form} />
      <h1>{v.t('devices.import.title')}</h1>
      <p class="lead">{v.t('devices.import.lead')}</p>
      <pre class="code">
        type,model,serial,age_years,cpu,ram_gb,storage_gb,centre{'\n'}
        laptop,ThinkPad T480,PF1ABCDE,4,i5-8250U,8,256,성동센터
      </pre>
      {errors ? (
        <>
          <div class="error-summary" role="alert" tabindex={-1}>
            <h2 class="error-summary__title">{v.t('devices.import.nothing', { n: errors.length })}</h2>
          </div>
          <RowErrors v={v} errors={errors} />
        </>
      ) : null}
      <form method="post" action="/staff/devices/import" enctype="multipart/form-data" novalidate>
        <Csrf v={v} />
        <Select
          v={v}
          form={form}
          name="pledgeId"
          label={v.t('devices.field.pledge')}
          placeholder={v.t('devices.field.noPledge')}
          required={false}
          options={pledges.map((p) => ({
            value: p.pledge.id,
            label: `${p.donor.name} — ${v.t(`devices.type.${p.pledge.deviceType}`)} ${p.pledge.count}`,
          }))}
        />
        <TextField
          v={v}
          form={form}
          name="centre"
          label={v.t('devices.field.centre')}
          hint={v.t('devices.import.centreHint')}
          required={false}
        />
        <FileOrPaste v={v} />
        <Button>{v.t('devices.import.submit')}</Button>
      </form>
      <form method="post" action="/staff/devices/import/scan" class="section" novalidate>
        <Csrf v={v} />
        <h2>{v.t('devices.import.scan')}</h2>
        <p>{v.t('devices.import.scanHint')}</p>
        <Select
          v={v}
          form={form}
          name="scanPledgeId"
          label={v.t('devices.field.pledge')}
          placeholder={v.t('devices.field.noPledge')}
          required={false}
          options={pledges.map((p) => ({
            value: p.pledge.id,
            label: `${p.donor.name} — ${v.t(`devices.type.${p.pledge.deviceType}`)} ${p.pledge.count}`,
          }))}
        />
        <Select
          v={v}
          form={form}
          name="scanType"
          label={v.t('devices.field.deviceType')}
          options={opts(v, 'devices.type', DEVICE_TYPES)}
        />
        <TextField
          v={v}
          form={form}
          name="scanAge"
          type="number"
          inputmode="numeric"
          label={v.t('devices.field.ageYears')}
          width="short"
        />
        <TextField v={v} form={form} name="scanModel" label={v.t('devices.field.model')} required={false} />
        <TextField v={v} form={form} name="scanCentre" label={v.t('devices.field.centre')} required={false} />
        <Textarea v={v} form={form} name="serials" label={v.t('devices.import.serials')} rows={8} />
        <Button>{v.t('devices.import.scanSubmit')}</Button>
      </form>
    </>
  ))
}

// ── valuation table ────────────────────────────────────────────────────────────────────────────

async function valuationPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const table = await valuationTable(c.var.db)
  const rows = DEVICE_TYPES.flatMap((type) => AGE_BANDS.map((band) => ({ type, band })))
  return renderPage(c, { title: c.var.t('devices.valuation.title'), status }, (v) => (
    <>
      {c.req.query('saved') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.valuation.saved')} />
      ) : null}
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.valuation.title')}</h1>
      <p class="lead">{v.t('devices.valuation.lead')}</p>
      <Table
        id="valuation"
        caption={v.t('devices.valuation.caption')}
        rows={rows}
        rowHeaders
        columns={[
          {
            header: v.t('devices.valuation.kindAge'),
            cell: (r) => `${v.t(`devices.type.${r.type}`)} · ${ageLabel(v, r.band)}`,
          },
          ...GRADES.map((g) => ({
            header: v.t('devices.valuation.grade', { g }),
            numeric: true,
            cell: (r: { type: string; band: number }) => {
              const cell = table.find((x) => x.type === r.type && x.maxAgeYears === r.band && x.grade === g)!
              return `${won(v, cell.valueKrw)}${cell.edited ? ' *' : ''}`
            },
          })),
        ]}
      />
      <p>{v.t('devices.valuation.edited')}</p>
      <form method="post" action="/staff/devices/valuation" class="section" novalidate>
        <Csrf v={v} />
        <h2>{v.t('devices.valuation.change')}</h2>
        <Select
          v={v}
          form={form}
          name="type"
          label={v.t('devices.field.deviceType')}
          options={opts(v, 'devices.type', DEVICE_TYPES)}
        />
        <Select
          v={v}
          form={form}
          name="maxAgeYears"
          label={v.t('devices.field.ageYears')}
          options={AGE_BANDS.map((b) => ({ value: String(b), label: ageLabel(v, b) }))}
        />
        <Radios
          v={v}
          form={form}
          name="grade"
          label={v.t('devices.field.grade')}
          options={GRADES.map((g) => ({ value: g, label: g }))}
        />
        <TextField
          v={v}
          form={form}
          name="valueKrw"
          type="number"
          inputmode="numeric"
          label={v.t('devices.valuation.value')}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="reason"
          label={v.t('devices.valuation.reason')}
          hint={v.t('devices.valuation.reasonHint')}
        />
        <Button>{v.t('devices.valuation.save')}</Button>
      </form>
    </>
  ))
}

// ── stock views ────────────────────────────────────────────────────────────────────────────────

async function stockViewPage(c: Ctx, q: StockViewQuery) {
  const { by, ...filter } = q
  const [summary, rows, centres] = await Promise.all([
    stock.stockSummary(c.var.db, c.var.actor, filter, by),
    stock.stockRows(c.var.db, c.var.actor, filter),
    stock.stockCentres(c.var.db),
  ])
  const qs = new URLSearchParams(
    Object.entries(filter)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => [k, String(x)]),
  ).toString()
  const groupLabel = (v: View, key: string | null) =>
    key === null
      ? v.t('devices.none')
      : by === 'status'
        ? v.t(`devices.status.${key}`)
        : by === 'type'
          ? v.t(`devices.type.${key}`)
          : by === 'age'
            ? v.t('devices.age.band', { band: key })
            : key
  const shown = rows.slice(0, 200)
  return renderPage(c, { title: c.var.t('devices.views.title') }, (v) => (
    <>
      <h1>{v.t('devices.views.title')}</h1>
      <form method="get" action="/staff/devices/views">
        <Select
          v={v}
          form={emptyForm({ ...q, age: q.age ? String(q.age) : '' })}
          name="by"
          label={v.t('devices.views.by')}
          options={opts(v, 'devices.views.dim', stock.STOCK_DIMENSIONS)}
        />
        <Select
          v={v}
          form={emptyForm(q)}
          name="status"
          label={v.t('devices.field.status')}
          placeholder={v.t('devices.field.any')}
          required={false}
          options={opts(v, 'devices.status', DEVICE_STATUSES)}
        />
        <Select
          v={v}
          form={emptyForm(q)}
          name="type"
          label={v.t('devices.field.deviceType')}
          placeholder={v.t('devices.field.any')}
          required={false}
          options={opts(v, 'devices.type', DEVICE_TYPES)}
        />
        <Select
          v={v}
          form={emptyForm(q)}
          name="grade"
          label={v.t('devices.field.grade')}
          placeholder={v.t('devices.field.any')}
          required={false}
          options={GRADES.map((g) => ({ value: g, label: g }))}
        />
        <Select
          v={v}
          form={emptyForm(q)}
          name="centre"
          label={v.t('devices.field.centre')}
          placeholder={v.t('devices.field.any')}
          required={false}
          options={centres.map((x) => ({ value: x, label: x }))}
        />
        <Select
          v={v}
          form={emptyForm({ age: q.age ? String(q.age) : '' })}
          name="age"
          label={v.t('devices.field.ageYears')}
          placeholder={v.t('devices.field.any')}
          required={false}
          options={AGE_BANDS.map((b) => ({ value: String(b), label: ageLabel(v, b) }))}
        />
        <Button variant="secondary">{v.t('devices.stock.filter')}</Button>
      </form>
      <ul class="link-list">
        <li>
          <a href={`/api/v1/device-stock.csv${qs ? `?${qs}` : ''}`}>
            {v.t('devices.views.csv', { n: summary.total })}
          </a>
        </li>
        <li>
          <a href={`/api/v1/device-stock.xlsx${qs ? `?${qs}` : ''}`}>
            {v.t('devices.views.xlsx', { n: summary.total })}
          </a>
        </li>
      </ul>
      <Table
        id="groups"
        caption={v.t('devices.views.groups', { by: v.t(`devices.views.dim.${by}`), n: summary.total })}
        rows={summary.groups}
        rowHeaders
        empty={v.t('devices.stock.empty')}
        columns={[
          { header: v.t(`devices.views.dim.${by}`), cell: (g) => groupLabel(v, g.key) },
          { header: v.t('devices.views.count'), cell: (g) => String(g.n), numeric: true },
        ]}
      />
      <Table
        id="rows"
        caption={v.t('devices.views.rows', { shown: shown.length, n: rows.length })}
        rows={shown}
        rowHeaders
        stack
        empty={v.t('devices.stock.empty')}
        columns={[
          {
            header: v.t('devices.field.assetTag'),
            cell: (d) => <a href={`/staff/devices/${d.assetTag}`}>{d.assetTag}</a>,
          },
          { header: v.t('devices.field.deviceType'), cell: (d) => v.t(`devices.type.${d.type}`) },
          { header: v.t('devices.field.status'), cell: (d) => v.t(`devices.status.${d.status}`) },
          { header: v.t('devices.field.grade'), cell: (d) => d.grade ?? '—' },
          { header: v.t('devices.field.centre'), cell: (d) => d.centre ?? '—' },
          { header: v.t('devices.field.ageYears'), cell: (d) => String(d.ageYears), numeric: true },
        ]}
      />
    </>
  ))
}

// ── routes ─────────────────────────────────────────────────────────────────────────────────────

export const donorPages = [
  page({
    method: 'GET',
    path: '/devices/impact',
    access: 'citizen',
    handle: (c) => citizenImpactPage(c),
  }),
  page({
    method: 'GET',
    path: '/staff/devices/impact',
    access: 'devices:impact',
    query: ImpactQuery,
    handle: (c, { query }) => staffImpactPage(c, query),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/donors/:id/org',
    access: 'devices:donations',
    handle: async (c) => {
      const id = idParam(c)
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await donors.linkDonorOrg(
            c.var.db,
            c.var.actor,
            id,
            parse(LinkOrgInput, values).orgId ?? null,
            now(c),
          )
          return see(c, `/staff/devices/impact?donor=${id}`)
        },
        (form, status) => staffImpactPage(c, { donor: id }, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/donations',
    access: 'devices:donations',
    handle: (c) => donationsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/donations',
    access: 'devices:donations',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await donors.recordMoneyDonation(c.var.db, c.var.actor, parse(MoneyDonationInput, values), now(c))
          return see(c, '/staff/devices/donations?saved=1')
        },
        (form, status) => donationsPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/donations/import',
    access: 'devices:donations',
    handle: async (c) => {
      const values = await formWithFile(c)
      return withForm(
        c,
        values,
        async () => {
          const r = await importMoney(c.var.db, c.var.actor, parse(MoneyImportInput, values), now(c))
          if (!r.ok) return donationsPage(c, emptyForm(), 422, r.errors)
          return see(c, `/staff/devices/donations?imported=${r.created.length}`)
        },
        (form, status) => donationsPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/import',
    access: 'devices:intake',
    handle: (c) => importPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/import',
    access: 'devices:intake',
    handle: async (c) => {
      const values = await formWithFile(c)
      return withForm(
        c,
        values,
        async () => {
          const r = await importDevices(c.var.db, c.var.actor, parse(DeviceImportInput, values), now(c))
          if (!r.ok) return importPage(c, emptyForm(values), 422, r.errors)
          return see(c, `/staff/devices/views?status=received&imported=${r.created.length}`)
        },
        (form, status) => importPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/import/scan',
    access: 'devices:intake',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const input = parse(ScanInput, {
            deviceType: values.scanType,
            ageYears: values.scanAge,
            model: values.scanModel,
            serials: values.serials,
            pledgeId: values.scanPledgeId,
            centre: values.scanCentre,
          })
          const r = await importScanned(c.var.db, c.var.actor, input, now(c))
          if (!r.ok) return importPage(c, emptyForm(values), 422, r.errors)
          return see(c, `/staff/devices/views?status=received&imported=${r.created.length}`)
        },
        (form, status) => {
          // field names of the scan form
          const map: Record<string, string> = {
            deviceType: 'scanType',
            ageYears: 'scanAge',
            model: 'scanModel',
            pledgeId: 'scanPledgeId',
            centre: 'scanCentre',
          }
          const errors = Object.fromEntries(Object.entries(form.errors).map(([k, m]) => [map[k] ?? k, m]))
          return importPage(c, { ...form, errors }, status)
        },
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/valuation',
    access: 'devices:valuation',
    handle: (c) => valuationPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/valuation',
    access: 'devices:valuation',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await setValuation(c.var.db, c.var.actor, parse(ValuationInput, values), now(c))
          return see(c, '/staff/devices/valuation?saved=1')
        },
        (form, status) => valuationPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/views',
    access: 'devices:read',
    query: StockViewQuery,
    handle: (c, { query }) => stockViewPage(c, query),
  }),
]

/** The refurbishment form's POST (the device page re-renders with errors via `again`). */
export const refurbishRoute = (
  again: (c: Ctx, id: string, form: FormState, status: number) => Promise<Response>,
) =>
  page({
    method: 'POST',
    path: '/staff/devices/:id/refurbish',
    access: 'devices:intake',
    handle: async (c) => {
      const id = idParam(c)
      const values = formToObject(await c.req.formData(), ['checklist'])
      return withForm(
        c,
        values,
        async () => {
          await refurb.recordRefurbishment(
            c.var.db,
            c.var.actor,
            id,
            parse(RefurbishInput, {
              checklist: values.checklist,
              parts: refurb.partsFromForm(values),
              grade: values.grade,
              specs: { cpu: values.cpu, ramGb: values.ramGb, storageGb: values.storageGb, os: values.os },
            }),
            now(c),
          )
          const d = await repo.getDevice(c.var.db, id)
          return see(c, `/staff/devices/${d!.assetTag}`)
        },
        (form, status) => again(c, id, form, status),
      )
    },
  })

/** Staff menu entries of the donor side. */
export const donorNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const role = v.actor.role
  const items: { href: string; label: string }[] = []
  if (scopeFor(role, 'devices:impact'))
    items.push({ href: '/staff/devices/impact', label: v.t('devices.impact.title') })
  if (scopeFor(role, 'devices:read'))
    items.push({ href: '/staff/devices/views', label: v.t('devices.views.title') })
  if (scopeFor(role, 'devices:donations'))
    items.push({ href: '/staff/devices/donations', label: v.t('devices.money.title') })
  return items
}
