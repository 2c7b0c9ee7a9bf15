import type { Child } from 'hono/jsx'
import type { Action } from '../../platform/auth/permissions.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Db } from '../../platform/db/client.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import { Button, Checkboxes, ErrorSummary, Radios, Select, TextField } from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm as withFormBase } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { allocationPages } from './allocation-pages.tsx'
import { deviceExtras, QuickSteps, refurbishRoute, StorageFields } from './donor-pages.tsx'
import { idParam, now, opts, see, won } from './present.ts'
import { storageFromForm } from './refurbish.ts'
import { RepairHistory, RepairQueue } from './repair-pages.tsx'
import { openRepairTickets, repairHistory } from './repairs.ts'
import * as repo from './repo.ts'
import { CRITERIA, type Reason, SYSTEM_ONLY, TRANSITIONS } from './rules.ts'
import {
  ApplicationInput,
  DecisionInput,
  IntakeInput,
  PledgeInput,
  ReceiptInput,
  RepairInput,
  StaffApplicationInput,
  StockQuery,
  TransitionInput,
  VoidInput,
} from './schema.ts'
import * as svc from './service.ts'
import { DEVICE_STATUSES, DEVICE_TYPES, GRADES, REPAIR_SKILLS, WIPE_METHODS } from './tables.ts'

/** withForm with device states in messages ("from received to ready") shown in words, not codes. */
export const withForm = (
  c: Ctx,
  values: Record<string, unknown>,
  ok: () => Promise<Response>,
  again: Parameters<typeof withFormBase>[3],
) =>
  withFormBase(c, values, ok, again, (e) => {
    for (const k of ['from', 'to'] as const)
      if (typeof e.params[k] === 'string') e.params[k] = c.var.t(`devices.status.${e.params[k]}`)
    // the documents that would prove a claimed circumstance, by name in the reader's language
    if (typeof e.params.documents === 'string')
      e.params.documents = e.params.documents
        .split(',')
        .map((d) => c.var.t(`devices.doc.kind.${d}`))
        .join(', ')
  })
export const formOf = async (c: Ctx, arrays: string[] = []) => formToObject(await c.req.formData(), arrays)
const reasonText = (v: View, r: Reason) => v.t(r.key, r.params)

// ── citizen and public ──────────────────────────────────────────────────────────────────────────

const doorPage = (c: Ctx) =>
  renderPage(c, { title: c.var.t('devices.door.title') }, (v) => (
    <>
      <h1>{v.t('devices.door.title')}</h1>
      <p class="lead">{v.t('devices.door.lead')}</p>
      <ul class="link-list">
        <li>
          <a href="/devices/donate">{v.t('devices.door.donate')}</a>
        </li>
        <li>
          <a href="/devices/apply">{v.t('devices.door.apply')}</a>
        </li>
        <li>
          <a href="/devices/status">{v.t('devices.door.status')}</a>
        </li>
        <li>
          <a href="/devices/aid/apply">{v.t('devices.door.aid')}</a>
        </li>
        <li>
          <a href="/devices/aid">{v.t('devices.door.aidStatus')}</a>
        </li>
        <li>
          <a href="/devices/impact">{v.t('devices.door.impact')}</a>
        </li>
      </ul>
    </>
  ))

const donatePage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('devices.donate.title'), status }, (v) => (
    <>
      {c.req.query('done') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.donate.done')} />
      ) : null}
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.donate.title')}</h1>
      <p class="lead">{v.t('devices.donate.lead')}</p>
      <form method="post" action="/devices/donate" novalidate>
        <Csrf v={v} />
        <input
          type="hidden"
          name="idempotencyKey"
          value={String(form.values.idempotencyKey ?? crypto.randomUUID())}
        />
        <Radios
          v={v}
          form={form}
          name="donorKind"
          label={v.t('devices.field.donorKind')}
          options={opts(v, 'devices.donorKind', ['individual', 'company'])}
        />
        <TextField v={v} form={form} name="name" label={v.t('devices.field.donorName')} autocomplete="name" />
        <TextField
          v={v}
          form={form}
          name="businessNo"
          label={v.t('devices.field.businessNo')}
          hint={v.t('devices.field.businessNoHint')}
          required={false}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="contact"
          label={v.t('devices.field.contact')}
          hint={v.t('devices.field.contactHint')}
          width="medium"
        />
        <Select
          v={v}
          form={form}
          name="deviceType"
          label={v.t('devices.field.deviceType')}
          options={opts(v, 'devices.type', DEVICE_TYPES)}
        />
        <TextField
          v={v}
          form={form}
          name="count"
          type="number"
          inputmode="numeric"
          label={v.t('devices.field.count')}
          width="short"
        />
        <TextField
          v={v}
          form={form}
          name="ageYears"
          type="number"
          inputmode="numeric"
          label={v.t('devices.field.ageYears')}
          width="short"
        />
        <TextField
          v={v}
          form={form}
          name="condition"
          label={v.t('devices.field.condition')}
          hint={v.t('devices.field.conditionHint')}
        />
        <Radios
          v={v}
          form={form}
          name="handover"
          label={v.t('devices.field.handover')}
          options={opts(v, 'devices.handover', ['drop_off', 'pickup'])}
        />
        <TextField
          v={v}
          form={form}
          name="pickupAddress"
          label={v.t('devices.field.pickupAddress')}
          required={false}
          autocomplete="street-address"
        />
        <Checkboxes
          v={v}
          form={form}
          name="consentDataDestruction"
          label={v.t('devices.field.consent')}
          options={[{ value: 'yes', label: v.t('devices.field.consentYes') }]}
          values={form.values.consentDataDestruction === 'yes' ? ['yes'] : []}
        />
        <Button>{v.t('devices.donate.submit')}</Button>
      </form>
    </>
  ))

export const CriteriaBoxes = ({ v, form }: { v: View; form: FormState }) => (
  <Checkboxes
    v={v}
    form={form}
    name="criteria"
    label={v.t('devices.field.criteria')}
    hint={v.t('devices.field.criteriaHint')}
    options={CRITERIA.map((c) => ({ value: c, label: v.t(`devices.criterion.${c}`) }))}
    values={Array.isArray(form.values.criteria) ? (form.values.criteria as string[]) : []}
    required={false}
  />
)
/** Where the applicant lives, their circumstances and their last device from a public programme (2-year rule). */
export const Situation = ({
  v,
  form,
  districts,
}: {
  v: View
  form: FormState
  districts: { code: string; nameKo: string; nameEn: string }[]
}) => (
  <>
    <Select
      v={v}
      form={form}
      name="districtCode"
      label={v.t('devices.field.district')}
      placeholder={v.t('devices.field.choose')}
      options={districts.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
    />
    <CriteriaBoxes v={v} form={form} />
    <TextField
      v={v}
      form={form}
      name="lastPublicDeviceAt"
      type="date"
      label={v.t('devices.field.lastPublic')}
      hint={v.t('devices.field.lastPublicHint')}
      required={false}
      width="medium"
    />
  </>
)
export const withCriteria = (values: Record<string, unknown>) => {
  const chosen = Array.isArray(values.criteria) ? (values.criteria as string[]) : []
  return { ...values, ...Object.fromEntries(CRITERIA.map((c) => [c, chosen.includes(c)])) }
}

async function applyPage(c: Ctx, form: FormState, status = 200) {
  const districts = await repo.districtOptions(c.var.db)
  return renderPage(c, { title: c.var.t('devices.apply.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.apply.title')}</h1>
      <p class="lead">{v.t('devices.apply.lead')}</p>
      <form method="post" action="/devices/apply" novalidate>
        <Csrf v={v} />
        <input
          type="hidden"
          name="idempotencyKey"
          value={String(form.values.idempotencyKey ?? crypto.randomUUID())}
        />
        <Radios
          v={v}
          form={form}
          name="deviceType"
          label={v.t('devices.field.need')}
          options={opts(v, 'devices.type', ['desktop', 'laptop', 'tablet'])}
        />
        <Situation v={v} form={form} districts={districts} />
        <Button>{v.t('devices.apply.submit')}</Button>
      </form>
    </>
  ))
}

export const Explanation = ({ v, reasons }: { v: View; reasons: Reason[] }) => (
  <ul class="list">
    {reasons.map((r) => (
      <li>
        {r.met ? v.t('devices.yes') : v.t('devices.no')} — {reasonText(v, r)}
        {r.points ? ` (+${r.points})` : ''}
      </li>
    ))}
  </ul>
)

/**
 * The priority score's breakdown: counted points ("+30 basic livelihood"), and claimed circumstances
 * that do not count yet, with why ("+30 basic livelihood (document not yet checked …)").
 */
export const ScoreBreakdown = ({ v, reasons }: { v: View; reasons: Reason[] }) => (
  <>
    {reasons.some((r) => r.proof) ? <p>{v.t('devices.score.pendingNote')}</p> : null}
    <ul class="list">
      {reasons.map((r) => {
        const what = reasonText(v, r)
        return (
          <li>
            {r.proof === 'unchecked'
              ? v.t('devices.score.unchecked', { points: r.params?.points ?? 0, what })
              : r.proof === 'not_valid'
                ? v.t('devices.score.notValid', { what })
                : v.t('devices.score.counted', { points: r.points ?? 0, what })}
          </li>
        )
      })}
    </ul>
  </>
)

async function statusPage(c: Ctx) {
  const actor = c.var.actor
  const personId = actor.kind === 'citizen' ? actor.personId : ''
  const mine = await svc.myApplications(c.var.db, personId, now(c))
  return renderPage(c, { title: c.var.t('devices.status.title') }, (v) => (
    <>
      {c.req.query('sent') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.apply.sent')} />
      ) : null}
      <h1>{v.t('devices.status.title')}</h1>
      {mine.length === 0 ? <p>{v.t('devices.status.none')}</p> : null}
      {mine.map((m, i) => (
        <section class="section">
          <h2>
            {v.t(`devices.type.${m.application.deviceType}`)} —{' '}
            {v.t(`devices.appStatus.${m.application.status}`)}
          </h2>
          <p>{v.t('devices.status.appliedOn', { date: formatDate(v.locale, m.application.createdAt) })}</p>
          <p>{v.t('devices.status.reference', { ref: m.reference })}</p>
          <h3 id={`why-${i}`}>{v.t('devices.status.why')}</h3>
          {m.application.status === 'approved' ? (
            <p>
              {v.t('devices.status.place', { place: m.place ?? 0, ahead: m.ahead ?? 0, ready: m.readyNow })}
            </p>
          ) : (
            <p>{v.t(`devices.status.explain.${m.application.status}`)}</p>
          )}
          <h3>{v.t('devices.status.eligibility')}</h3>
          <Explanation v={v} reasons={m.reasons} />
          <h3>{v.t('devices.status.score', { score: m.score })}</h3>
          <ScoreBreakdown v={v} reasons={m.breakdown} />
        </section>
      ))}
      <p>
        <a href="/devices/apply">{v.t('devices.door.apply')}</a>
      </p>
    </>
  ))
}

// ── staff ──────────────────────────────────────────────────────────────────────────────────────

async function stockPage(
  c: Ctx,
  q: { status?: (typeof DEVICE_STATUSES)[number]; type?: (typeof DEVICE_TYPES)[number] },
) {
  const rows = await svc.listStock(c.var.db, c.var.actor, q)
  return renderPage(c, { title: c.var.t('devices.stock.title') }, (v) => (
    <>
      <h1>{v.t('devices.stock.title')}</h1>
      <ul class="link-list">
        <li>
          <a href="/staff/devices/intake">{v.t('devices.intake.title')}</a>
        </li>
        <li>
          <a href="/staff/devices/queue">{v.t('devices.queue.title')}</a>
        </li>
        <li>
          <a href="/api/v1/devices.csv">{v.t('devices.stock.csv')}</a>
        </li>
        <li>
          <a href="/api/v1/devices/labels.pdf?status=received">{v.t('devices.stock.labels')}</a>
        </li>
      </ul>
      <form method="get" action="/staff/devices">
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
        <Button variant="secondary">{v.t('devices.stock.filter')}</Button>
      </form>
      <Table
        id="stock"
        caption={v.t('devices.stock.caption', { n: rows.length })}
        rows={rows}
        rowHeaders
        empty={v.t('devices.stock.empty')}
        columns={[
          {
            header: v.t('devices.field.assetTag'),
            cell: (d) => <a href={`/staff/devices/${d.assetTag}`}>{d.assetTag}</a>,
          },
          { header: v.t('devices.field.deviceType'), cell: (d) => v.t(`devices.type.${d.type}`) },
          { header: v.t('devices.field.status'), cell: (d) => v.t(`devices.status.${d.status}`) },
          { header: v.t('devices.field.grade'), cell: (d) => d.grade ?? '—' },
          { header: v.t('devices.field.ageYears'), cell: (d) => String(d.ageYears), numeric: true },
        ]}
      />
    </>
  ))
}

async function intakePage(c: Ctx, form: FormState, status = 200) {
  const pledges = await svc.listPledges(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('devices.intake.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.intake.title')}</h1>
      <form method="post" action="/staff/devices/intake" novalidate>
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
            label: `${p.donor.name} — ${v.t(`devices.type.${p.pledge.deviceType}`)} ${p.pledge.count} (${v.t(`devices.pledgeStatus.${p.pledge.status}`)})`,
          }))}
        />
        <Select
          v={v}
          form={form}
          name="deviceType"
          label={v.t('devices.field.deviceType')}
          options={opts(v, 'devices.type', DEVICE_TYPES)}
        />
        <TextField
          v={v}
          form={form}
          name="count"
          type="number"
          inputmode="numeric"
          label={v.t('devices.field.count')}
          width="short"
        />
        <TextField
          v={v}
          form={form}
          name="ageYears"
          type="number"
          inputmode="numeric"
          label={v.t('devices.field.ageYears')}
          width="short"
        />
        <TextField v={v} form={form} name="model" label={v.t('devices.field.model')} required={false} />
        <TextField v={v} form={form} name="centre" label={v.t('devices.field.centre')} required={false} />
        <Button>{v.t('devices.intake.submit')}</Button>
      </form>
    </>
  ))
}

async function devicePage(c: Ctx, tagOrId: string, form: FormState = emptyForm(), status = 200) {
  const found = isUuid(tagOrId)
    ? await repo.getDevice(c.var.db, tagOrId)
    : await repo.deviceByTag(c.var.db, tagOrId.toUpperCase())
  if (!found) throw new AppError('not_found', 'devices.err.notFound')
  const d = await svc.deviceDetail(c.var.db, c.var.actor, found.id)
  const next = TRANSITIONS[d.device.status].filter((s) => !SYSTEM_ONLY.includes(s))
  const canAct = c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'devices:intake') !== null
  const extras = await deviceExtras(c, d.device)
  const history = await repairHistory(c.var.db, d.device.id)
  return renderPage(c, { title: `${c.var.t('devices.device.title')} ${d.device.assetTag}`, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>
        {v.t('devices.device.title')} {d.device.assetTag}
      </h1>
      <SummaryList
        v={v}
        rows={[
          { key: v.t('devices.field.deviceType'), value: v.t(`devices.type.${d.device.type}`) },
          { key: v.t('devices.field.status'), value: v.t(`devices.status.${d.device.status}`) },
          { key: v.t('devices.field.grade'), value: d.device.grade ?? v.t('devices.none') },
          { key: v.t('devices.field.ageYears'), value: String(d.device.ageYears) },
          {
            key: v.t('devices.field.wipe'),
            value: d.device.wipeVerified ? v.t('devices.yes') : v.t('devices.no'),
          },
        ]}
      />
      {canAct ? <QuickSteps v={v} deviceId={d.device.id} steps={next} /> : null}
      {extras(v, form)}
      {canAct && next.length > 0 ? (
        <section class="section">
          <h2>{v.t('devices.device.next')}</h2>
          <form method="post" action={`/staff/devices/${d.device.id}/transition`} novalidate>
            <Csrf v={v} />
            <Radios
              v={v}
              form={form}
              name="to"
              label={v.t('devices.field.to')}
              options={opts(v, 'devices.status', next)}
            />
            {next.some((s) => s === 'wiped' || s === 'wipe_failed') ? (
              <>
                <Radios
                  v={v}
                  form={form}
                  name="wipeMethod"
                  label={v.t('devices.field.wipeMethod')}
                  options={opts(v, 'devices.wipeMethod', WIPE_METHODS)}
                />
                <TextField v={v} form={form} name="wipeTool" label={v.t('devices.field.wipeTool')} />
                <TextField v={v} form={form} name="verifierName" label={v.t('devices.field.verifier')} />
                <StorageFields v={v} form={form} />
              </>
            ) : null}
            {next.includes('graded') ? (
              <Radios
                v={v}
                form={form}
                name="grade"
                label={v.t('devices.field.grade')}
                options={GRADES.map((g) => ({ value: g, label: g }))}
              />
            ) : null}
            <TextField v={v} form={form} name="note" label={v.t('devices.field.note')} required={false} />
            <Button>{v.t('devices.device.save')}</Button>
          </form>
        </section>
      ) : null}
      <Table
        id="history"
        caption={v.t('devices.device.history')}
        rows={d.events}
        columns={[
          { header: v.t('devices.field.when'), cell: (e) => formatDateTime(v.locale, e.at) },
          { header: v.t('devices.field.status'), cell: (e) => v.t(`devices.status.${e.toStatus}`) },
          { header: v.t('devices.field.by'), cell: (e) => e.actorName ?? v.t('devices.system') },
          { header: v.t('devices.field.note'), cell: (e) => e.note ?? '' },
        ]}
      />
      <Table
        id="wipes"
        caption={v.t('devices.device.wipes')}
        rows={d.wipes}
        empty={v.t('devices.device.noWipes')}
        columns={[
          { header: v.t('devices.field.when'), cell: (w) => formatDateTime(v.locale, w.at) },
          { header: v.t('devices.field.wipeMethod'), cell: (w) => v.t(`devices.wipeMethod.${w.method}`) },
          { header: v.t('devices.field.wipeTool'), cell: (w) => w.tool },
          { header: v.t('devices.field.by'), cell: (w) => `${w.technicianName} / ${w.verifierName}` },
          {
            header: v.t('devices.field.result'),
            cell: (w) => (w.passed ? v.t('devices.passed') : v.t('devices.failed')),
          },
        ]}
      />
      <RepairHistory v={v} rows={history} staff />
    </>
  ))
}

async function queuePage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const q = await svc.workQueue(c.var.db, c.var.actor)
  const tickets = await openRepairTickets(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('devices.queue.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.queue.title')}</h1>
      <Table
        id="queue"
        caption={v.t('devices.queue.devices', { n: q.devices.length })}
        rows={q.devices}
        empty={v.t('devices.queue.empty')}
        columns={[
          {
            header: v.t('devices.field.assetTag'),
            cell: (d) => <a href={`/staff/devices/${d.assetTag}`}>{d.assetTag}</a>,
          },
          { header: v.t('devices.field.deviceType'), cell: (d) => v.t(`devices.type.${d.type}`) },
          { header: v.t('devices.field.status'), cell: (d) => v.t(`devices.status.${d.status}`) },
        ]}
      />
      <RepairQueue v={v} rows={tickets} />
      <h2>{v.t('devices.queue.newTicket')}</h2>
      <form method="post" action="/staff/devices/repairs" novalidate>
        <Csrf v={v} />
        <TextField v={v} form={form} name="assetTag" label={v.t('devices.field.assetTag')} width="medium" />
        <TextField v={v} form={form} name="problem" label={v.t('devices.field.problem')} />
        <Radios
          v={v}
          form={form}
          name="channel"
          label={v.t('devices.field.channel')}
          options={opts(v, 'devices.channel', ['phone', 'web', 'walk_in', 'field'])}
        />
        <Radios
          v={v}
          form={form}
          name="skill"
          label={v.t('devices.repair.field.skill')}
          hint={v.t('devices.repair.field.skillHint')}
          required={false}
          options={opts(v, 'devices.skill', REPAIR_SKILLS)}
        />
        <Button>{v.t('devices.queue.open')}</Button>
      </form>
    </>
  ))
}

async function receiptsPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const [rows, pledges] = await Promise.all([
    svc.listReceipts(c.var.db, c.var.actor),
    svc.listPledges(c.var.db, c.var.actor),
  ])
  return renderPage(c, { title: c.var.t('devices.receipts.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.receipts.title')}</h1>
      <form method="post" action="/staff/devices/receipts" novalidate>
        <Csrf v={v} />
        <input
          type="hidden"
          name="idempotencyKey"
          value={String(form.values.idempotencyKey ?? crypto.randomUUID())}
        />
        <Select
          v={v}
          form={form}
          name="pledgeId"
          label={v.t('devices.field.pledge')}
          options={pledges.map((p) => ({
            value: p.pledge.id,
            label: `${p.donor.name} — ${v.t(`devices.type.${p.pledge.deviceType}`)} ${p.pledge.count}`,
          }))}
        />
        <TextField
          v={v}
          form={form}
          name="amountKrw"
          type="number"
          inputmode="numeric"
          label={v.t('devices.field.amount')}
          hint={v.t('devices.field.amountHint')}
          required={false}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="adjustReason"
          label={v.t('devices.field.adjustReason')}
          required={false}
        />
        <Button>{v.t('devices.receipts.issue')}</Button>
      </form>
      <Table
        id="receipts"
        caption={v.t('devices.receipts.caption')}
        rows={rows}
        empty={v.t('devices.receipts.empty')}
        columns={[
          {
            header: v.t('devices.receipt.number'),
            cell: (r) => <a href={`/api/v1/receipts/${r.receipt.id}.pdf`}>{svc.receiptNumber(r.receipt)}</a>,
          },
          { header: v.t('devices.receipt.donor'), cell: (r) => r.donorName },
          { header: v.t('devices.receipt.amount'), cell: (r) => won(v, r.receipt.amountKrw), numeric: true },
          {
            header: v.t('devices.field.status'),
            cell: (r) => v.t(`devices.receiptStatus.${r.receipt.status}`),
          },
          {
            header: v.t('devices.receipts.void'),
            cell: (r) =>
              r.receipt.status === 'issued' ? (
                <form method="post" action={`/staff/devices/receipts/${r.receipt.id}/void`}>
                  <Csrf v={v} />
                  <input type="hidden" name="reissue" value="yes" />
                  <label class="field-label" for={`reason-${r.receipt.id}`}>
                    {v.t('devices.field.voidReason')}
                  </label>
                  <input class="input" id={`reason-${r.receipt.id}`} name="reason" />
                  <Button small variant="warning">
                    {v.t('devices.receipts.voidReissue')}
                  </Button>
                </form>
              ) : (
                ''
              ),
          },
        ]}
      />
    </>
  ))
}

async function applicationsPage(c: Ctx, form?: FormState, status = 200) {
  const rows = await svc.listApplications(c.var.db, c.var.actor, now(c))
  const canDecide = c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'devices:review') !== null
  return renderPage(c, { title: c.var.t('devices.applications.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.applications.title')}</h1>
      <p>
        <a href="/staff/devices/applications/new">{v.t('devices.applications.new')}</a>
      </p>
      <Table
        id="applications"
        caption={v.t('devices.applications.caption', { n: rows.length })}
        rows={rows}
        empty={v.t('devices.applications.empty')}
        columns={[
          {
            header: v.t('devices.field.applicant'),
            cell: (a) => v.t(`devices.applicant.${a.applicantKind}`),
          },
          {
            header: v.t('devices.field.deviceType'),
            cell: (a) => `${v.t(`devices.type.${a.deviceType}`)} × ${a.quantity}`,
          },
          { header: v.t('devices.field.score'), cell: (a) => String(a.score), numeric: true },
          {
            header: v.t('devices.field.eligibility'),
            cell: (a) => (
              <Explanation
                v={v}
                reasons={(a.explanation as Reason[]).filter((r) => r.met || r.key.startsWith('devices.rule'))}
              />
            ),
          },
          { header: v.t('devices.field.status'), cell: (a) => v.t(`devices.appStatus.${a.status}`) },
          {
            header: v.t('devices.doc.title'),
            cell: (a) => (
              <a href={`/staff/devices/applications/${a.id}/documents`}>{v.t('devices.doc.open')}</a>
            ),
          },
          {
            header: v.t('devices.applications.decide'),
            cell: (a) =>
              canDecide && a.status === 'submitted' ? (
                <form method="post" action={`/staff/devices/applications/${a.id}/decision`}>
                  <Csrf v={v} />
                  <Button small name="decision" value="approved">
                    {v.t('devices.applications.approve')}
                  </Button>
                  <Button small variant="warning" name="decision" value="rejected">
                    {v.t('devices.applications.reject')}
                  </Button>
                </form>
              ) : (
                ''
              ),
          },
        ]}
      />
    </>
  ))
}

async function staffApplyPage(c: Ctx, form: FormState, status = 200) {
  const districts = await repo.districtOptions(c.var.db)
  return renderPage(c, { title: c.var.t('devices.applications.new'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.applications.new')}</h1>
      <form method="post" action="/staff/devices/applications/new" novalidate>
        <Csrf v={v} />
        <input
          type="hidden"
          name="idempotencyKey"
          value={String(form.values.idempotencyKey ?? crypto.randomUUID())}
        />
        <Radios
          v={v}
          form={form}
          name="applicantKind"
          label={v.t('devices.field.applicant')}
          options={opts(v, 'devices.applicant', ['proxy', 'organisation'])}
        />
        <TextField
          v={v}
          form={form}
          name="personId"
          label={v.t('devices.field.personId')}
          hint={v.t('devices.field.personIdHint')}
          required={false}
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
          required={false}
        />
        <Radios
          v={v}
          form={form}
          name="deviceType"
          label={v.t('devices.field.need')}
          options={opts(v, 'devices.type', ['desktop', 'laptop', 'tablet'])}
        />
        <TextField
          v={v}
          form={form}
          name="quantity"
          type="number"
          inputmode="numeric"
          label={v.t('devices.field.quantity')}
          required={false}
          width="short"
        />
        <Select
          v={v}
          form={form}
          name="minGrade"
          label={v.t('devices.field.minGrade')}
          required={false}
          options={(['C', 'B', 'A'] as const).map((g) => ({ value: g, label: v.t(`devices.minGrade.${g}`) }))}
        />
        <Select
          v={v}
          form={form}
          name="districtCode"
          label={v.t('devices.field.district')}
          placeholder={v.t('devices.field.choose')}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
        />
        <CriteriaBoxes v={v} form={form} />
        <TextField
          v={v}
          form={form}
          name="lastPublicDeviceAt"
          type="date"
          label={v.t('devices.field.lastPublic')}
          required={false}
          width="medium"
        />
        <Button>{v.t('devices.apply.submit')}</Button>
      </form>
    </>
  ))
}

async function deliveriesPage(c: Ctx) {
  const rows = await svc.reservedList(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('devices.deliveries.title') }, (v) => (
    <>
      {c.req.query('done') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.handover.done')} />
      ) : null}
      <h1>{v.t('devices.deliveries.title')}</h1>
      <ul class="link-list">
        <li>
          <a href="/staff/devices/slots">{v.t('devices.slot.title')}</a>
        </li>
        <li>
          <a href="/staff/devices/follow-ups">{v.t('devices.followUp.title')}</a>
        </li>
      </ul>
      <Table
        id="deliveries"
        caption={v.t('devices.deliveries.caption', { n: rows.length })}
        rows={rows}
        empty={v.t('devices.deliveries.empty')}
        columns={[
          {
            header: v.t('devices.field.assetTag'),
            cell: (r) => <a href={`/staff/devices/allocations/${r.allocation.id}`}>{r.assetTag}</a>,
          },
          { header: v.t('devices.field.district'), cell: (r) => r.districtCode },
          {
            header: v.t('devices.slot.booked'),
            cell: (r) => (r.allocation.slotId ? v.t('devices.yes') : v.t('devices.slot.notBooked')),
          },
        ]}
      />
    </>
  ))
}

// ── routes ─────────────────────────────────────────────────────────────────────────────────────

export const guard = (c: Ctx, action: Action) => {
  const a = c.var.actor
  if (a.kind !== 'staff' || !scopeFor(a.role, action)) throw new AppError('forbidden', 'auth.forbidden')
}

export const devicesPages = [
  page({ method: 'GET', path: '/devices', access: 'public', handle: (c) => doorPage(c) }),
  page({
    method: 'GET',
    path: '/devices/donate',
    access: 'public',
    handle: (c) => donatePage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/devices/donate',
    access: 'public',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          await svc.createPledge(c.var.db, c.var.actor, parse(PledgeInput, values), now(c))
          return see(c, '/devices/donate?done=1')
        },
        (form, status) => donatePage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/devices/apply',
    access: 'citizen',
    handle: (c) => applyPage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/devices/apply',
    access: 'citizen',
    handle: async (c) => {
      const values = await formOf(c, ['criteria'])
      return withForm(
        c,
        values,
        async () => {
          await svc.applyAsCitizen(
            c.var.db,
            c.var.actor,
            parse(ApplicationInput, withCriteria(values)),
            now(c),
          )
          return see(c, '/devices/status?sent=1')
        },
        (form, status) => applyPage(c, form, status),
      )
    },
  }),
  page({ method: 'GET', path: '/devices/status', access: 'citizen', handle: (c) => statusPage(c) }),
  page({
    method: 'GET',
    path: '/staff/devices',
    access: 'devices:read',
    query: StockQuery,
    handle: (c, { query }) => stockPage(c, query),
  }),
  page({
    method: 'GET',
    path: '/staff/devices/intake',
    access: 'devices:intake',
    handle: (c) => intakePage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/intake',
    access: 'devices:intake',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const made = await svc.intakeDevices(c.var.db, c.var.actor, parse(IntakeInput, values), now(c))
          return see(c, `/staff/devices?status=received&type=${made[0]?.type ?? ''}`)
        },
        (form, status) => intakePage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/queue',
    access: 'devices:repair',
    handle: (c) => queuePage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repairs',
    access: 'devices:repair',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const t = await svc.openRepair(c.var.db, c.var.actor, parse(RepairInput, values), now(c))
          return see(c, `/staff/devices/repairs/${t.id}`)
        },
        (form, status) => queuePage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/receipts',
    access: 'devices:receipts',
    handle: (c) => receiptsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/receipts',
    access: 'devices:receipts',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const pledgeId = typeof values.pledgeId === 'string' ? values.pledgeId : ''
          const pledge = isUuid(pledgeId) ? await repo.getPledge(c.var.db, pledgeId) : null
          if (!pledge)
            throw new AppError('validation', 'devices.err.pledge', { pledgeId: 'devices.err.pledge' })
          await svc.issueReceipt(
            c.var.db,
            c.var.actor,
            parse(ReceiptInput, { ...values, donorId: pledge.donorId, kind: 'in_kind' }),
            now(c),
          )
          return see(c, '/staff/devices/receipts')
        },
        (form, status) => receiptsPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/receipts/:id/void',
    access: 'devices:receipts',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const body = parse(VoidInput, values)
          await svc.voidReceipt(c.var.db, c.var.actor, idParam(c), body.reason, body.reissue, now(c))
          return see(c, '/staff/devices/receipts')
        },
        (form, status) => receiptsPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/applications',
    access: 'devices:apply',
    handle: (c) => applicationsPage(c),
  }),
  page({
    method: 'GET',
    path: '/staff/devices/applications/new',
    access: 'devices:apply',
    handle: (c) => staffApplyPage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/applications/new',
    access: 'devices:apply',
    handle: async (c) => {
      const values = await formOf(c, ['criteria'])
      return withForm(
        c,
        values,
        async () => {
          await svc.applyAsStaff(
            c.var.db,
            c.var.actor,
            parse(StaffApplicationInput, withCriteria(values)),
            now(c),
          )
          return see(c, '/staff/devices/applications')
        },
        (form, status) => staffApplyPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/applications/:id/decision',
    access: 'devices:review',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      // a refusal (a document still to check) is shown above the list, in the reader's language
      return withForm(
        c,
        values,
        async () => {
          const body = parse(DecisionInput, values)
          await svc.decideApplication(c.var.db, c.var.actor, id, body.decision, now(c))
          return see(c, '/staff/devices/applications')
        },
        (form, status) => applicationsPage(c, form, status),
      )
    },
  }),
  ...allocationPages,
  page({
    method: 'GET',
    path: '/staff/devices/deliveries',
    access: 'devices:deliver',
    handle: (c) => deliveriesPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/:id/transition',
    access: 'devices:intake',
    handle: async (c) => {
      const id = idParam(c)
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const d = await svc.transitionDevice(
            c.var.db,
            c.var.actor,
            id,
            parse(TransitionInput, { ...values, storage: storageFromForm(values) }),
            now(c),
          )
          return see(c, `/staff/devices/${d.assetTag}`)
        },
        (form, status) => devicePage(c, id, form, status),
      )
    },
  }),
  refurbishRoute((c, id, form, status) => devicePage(c, id, form, status)),
  // last: the device page by asset tag (what the QR label opens) or id
  page({
    method: 'GET',
    path: '/staff/devices/:tag',
    access: 'devices:read',
    handle: (c) => {
      guard(c, 'devices:read')
      return devicePage(c, c.req.param('tag') ?? '')
    },
  }),
]

/** Staff menu entries this actor may use. */
export const devicesNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const role = v.actor.role
  const items: { href: string; label: string }[] = []
  const add = (action: Action, href: string, key: string) => {
    if (scopeFor(role, action)) items.push({ href, label: v.t(key) })
  }
  add('devices:read', '/staff/devices', 'devices.stock.title')
  add('devices:repair', '/staff/devices/queue', 'devices.queue.title')
  add('devices:apply', '/staff/devices/applications', 'devices.applications.title')
  add('devices:apply', '/staff/devices/aid', 'devices.aid.staff.title')
  add('devices:allocate', '/staff/devices/allocation', 'devices.alloc.title')
  add('devices:deliver', '/staff/devices/deliveries', 'devices.deliveries.title')
  add('devices:receipts', '/staff/devices/receipts', 'devices.receipts.title')
  return items
}

/** The citizen's /me section: their applications, and as a donor their receipts and each device's journey. */
export async function meSection(ctx: { db: Db; v: View; personId: string }): Promise<Child | null> {
  const apps = await repo.applicationsOfPerson(ctx.db, ctx.personId)
  const mine = await repo.devicesDeliveredTo(ctx.db, ctx.personId)
  const donorIds = (await repo.donorsOfPerson(ctx.db, ctx.personId)).map((d) => d.id)
  const [receipts, journeys] = await Promise.all([
    repo.receiptsOfDonors(ctx.db, donorIds),
    repo.journeysOfDonors(ctx.db, donorIds),
  ])
  if (apps.length === 0 && receipts.length === 0 && journeys.length === 0) return null
  const { v } = ctx
  return (
    <section class="section">
      <h2>{v.t('devices.me.title')}</h2>
      {apps.length > 0 ? (
        <>
          <ul class="link-list">
            {apps.map((a) => (
              <li>
                {v.t(`devices.type.${a.deviceType}`)} — {v.t(`devices.appStatus.${a.status}`)} (
                {formatDate(v.locale, a.createdAt)})
              </li>
            ))}
          </ul>
          <p>
            <a href="/devices/status">{v.t('devices.door.status')}</a>
          </p>
          {apps.some((a) => a.status === 'allocated') ? (
            <p>
              <a href="/devices/delivery">{v.t('devices.slot.mine')}</a>
            </p>
          ) : null}
        </>
      ) : null}
      {mine.length > 0 ? (
        <Table
          id="my-received-devices"
          caption={v.t('devices.me.mine')}
          rows={mine}
          columns={[
            {
              header: v.t('devices.field.assetTag'),
              cell: (d) => <a href={`/devices/mine/${encodeURIComponent(d.assetTag)}`}>{d.assetTag}</a>,
            },
            { header: v.t('devices.field.deviceType'), cell: (d) => v.t(`devices.type.${d.type}`) },
            {
              header: v.t('devices.me.deliveredOn'),
              cell: (d) => (d.deliveredAt ? formatDate(v.locale, d.deliveredAt) : ''),
            },
            {
              header: v.t('devices.me.help'),
              cell: (d) => (
                <a href={`/ask/new?device=${encodeURIComponent(d.assetTag)}`}>{v.t('devices.me.ask')}</a>
              ),
            },
          ]}
        />
      ) : null}
      {receipts.length > 0 ? (
        <Table
          id="my-receipts"
          caption={v.t('devices.me.receipts')}
          rows={receipts}
          columns={[
            { header: v.t('devices.receipt.number'), cell: (r) => svc.receiptNumber(r) },
            { header: v.t('devices.receipt.amount'), cell: (r) => won(v, r.amountKrw), numeric: true },
            { header: v.t('devices.field.status'), cell: (r) => v.t(`devices.receiptStatus.${r.status}`) },
          ]}
        />
      ) : null}
      {journeys.length > 0 ? (
        <Table
          id="my-devices"
          caption={v.t('devices.me.journeys')}
          rows={journeys}
          columns={[
            { header: v.t('devices.field.assetTag'), cell: (d) => d.assetTag },
            { header: v.t('devices.field.status'), cell: (d) => v.t(`devices.status.${d.status}`) },
            {
              header: v.t('devices.field.wipe'),
              cell: (d) => (d.wipeVerified ? v.t('devices.yes') : v.t('devices.no')),
            },
            {
              header: v.t('devices.field.district'),
              cell: (d) =>
                d.status === 'delivered' || d.status === 'in_repair' ? (d.districtCode ?? '') : '',
            },
          ]}
        />
      ) : null}
    </section>
  )
}
