import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import { Button, Checkboxes, ErrorSummary, Radios, Select, TextField } from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { formOf, withForm } from './pages.tsx'
import { idParam, now, opts, see, won } from './present.ts'
import {
  AssignInput,
  assignRepair,
  CitizenRepairInput,
  citizenDevice,
  createRepairer,
  listRepairCentres,
  listRepairers,
  listRepairTypeSlas,
  managerOptions,
  openRepairAsCitizen,
  partsFromForm,
  RepairCentreInput,
  RepairerActiveInput,
  RepairerInput,
  RepairTypeSlaInput,
  ResolveRepairInput,
  repairDetail,
  repairRef,
  resolveRepair,
  scheduleVisit,
  setRepairCentre,
  setRepairerActive,
  setRepairTypeSla,
  supportersToAdd,
  type TicketRow,
  TriageInput,
  triageRepair,
  VisitInput,
} from './repairs.ts'
import * as repo from './repo.ts'
import { REPAIR_SKILLS } from './tables.ts'

/** After-service pages: the ticket (triage, assignment, visit, parts, resolution), repairers, the citizen's device. */

const isLate = (t: TicketRow, at: Date) =>
  t.status === 'open' && !!t.dueAt && t.dueAt.getTime() < at.getTime()

/** Open tickets on the technician queue: escalated first, due time, assignee. */
export const RepairQueue = ({
  v,
  rows,
}: {
  v: View
  rows: { ticket: TicketRow; assetTag: string; assignee: string | null }[]
}) => (
  <Table
    id="repair-tickets"
    caption={v.t('devices.queue.tickets')}
    rows={rows}
    empty={v.t('devices.queue.noTickets')}
    columns={[
      {
        header: v.t('devices.repair.field.ref'),
        cell: (r) => <a href={`/staff/devices/repairs/${r.ticket.id}`}>{repairRef(r.ticket.id)}</a>,
      },
      { header: v.t('devices.field.assetTag'), cell: (r) => r.assetTag },
      { header: v.t('devices.field.problem'), cell: (r) => r.ticket.problem },
      {
        header: v.t('devices.repair.field.skill'),
        cell: (r) =>
          r.ticket.skill ? v.t(`devices.skill.${r.ticket.skill}`) : v.t('devices.repair.needsTriage'),
      },
      { header: v.t('devices.repair.field.assignee'), cell: (r) => r.assignee ?? v.t('devices.none') },
      {
        header: v.t('devices.repair.field.due'),
        cell: (r) =>
          `${r.ticket.dueAt ? formatDateTime(v.locale, r.ticket.dueAt) : ''}${
            r.ticket.escalatedAt ? ` — ${v.t('devices.repair.escalated')}` : ''
          }`,
      },
    ]}
  />
)

/** A device's whole repair history (staff see who was assigned; the citizen does not). */
export const RepairHistory = ({
  v,
  rows,
  staff,
}: {
  v: View
  rows: { ticket: TicketRow; assignee: string | null }[]
  staff?: boolean
}) => (
  <Table
    id="tickets"
    caption={v.t('devices.device.repairs')}
    rows={rows}
    empty={v.t('devices.device.noRepairs')}
    columns={[
      {
        header: v.t('devices.repair.field.ref'),
        cell: (r) =>
          staff ? (
            <a href={`/staff/devices/repairs/${r.ticket.id}`}>{repairRef(r.ticket.id)}</a>
          ) : (
            repairRef(r.ticket.id)
          ),
      },
      { header: v.t('devices.field.when'), cell: (r) => formatDate(v.locale, r.ticket.openedAt) },
      { header: v.t('devices.field.problem'), cell: (r) => r.ticket.problem },
      ...(staff
        ? [
            {
              header: v.t('devices.repair.field.assignee'),
              cell: (r: { assignee: string | null }) => r.assignee ?? '',
            },
          ]
        : []),
      {
        header: v.t('devices.repair.field.visit'),
        cell: (r) => (r.ticket.visitAt ? formatDateTime(v.locale, r.ticket.visitAt) : ''),
      },
      {
        header: v.t('devices.repair.field.parts'),
        cell: (r) =>
          ((r.ticket.parts as { part: string; costKrw: number }[] | null) ?? [])
            .map((p) => `${p.part} (${won(v, p.costKrw)})`)
            .join(', '),
      },
      {
        header: v.t('devices.field.resolution'),
        cell: (r) => r.ticket.resolution ?? v.t(`devices.ticket.${r.ticket.status}`),
      },
      {
        header: v.t('devices.repair.field.resolvedAt'),
        cell: (r) => (r.ticket.resolvedAt ? formatDate(v.locale, r.ticket.resolvedAt) : ''),
      },
    ]}
  />
)

async function ticketPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const d = await repairDetail(c.var.db, c.var.actor, idParam(c))
  const t = d.ticket
  const canAssign =
    c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'devices:repair_assign') !== null
  const at = now(c)
  const best = d.suggestions[0]
  return renderPage(c, { title: `${c.var.t('devices.repair.title')} ${repairRef(t.id)}`, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      {isLate(t, at) ? <NotificationBanner v={v} heading={v.t('devices.repair.late')} /> : null}
      <h1>
        {v.t('devices.repair.title')} {repairRef(t.id)}
      </h1>
      <SummaryList
        v={v}
        rows={[
          {
            key: v.t('devices.field.assetTag'),
            value: <a href={`/staff/devices/${d.device.assetTag}`}>{d.device.assetTag}</a>,
          },
          { key: v.t('devices.field.status'), value: v.t(`devices.ticket.${t.status}`) },
          { key: v.t('devices.field.problem'), value: t.problem },
          { key: v.t('devices.field.channel'), value: v.t(`devices.channel.${t.channel}`) },
          { key: v.t('devices.field.district'), value: t.districtCode ?? v.t('devices.none') },
          {
            key: v.t('devices.repair.field.skill'),
            value: t.skill ? v.t(`devices.skill.${t.skill}`) : v.t('devices.repair.needsTriage'),
          },
          {
            key: v.t('devices.repair.field.due'),
            value: `${t.dueAt ? formatDateTime(v.locale, t.dueAt) : ''} — ${v.t('devices.repair.slaRule')}${
              t.escalatedAt ? ` — ${v.t('devices.repair.escalated')}` : ''
            }`,
          },
          {
            key: v.t('devices.repair.field.warranty'),
            value: d.warrantyUntil ? formatDate(v.locale, d.warrantyUntil) : v.t('devices.none'),
          },
          {
            key: v.t('devices.repair.field.assignee'),
            value: d.repairers.find((r) => r.id === t.assigneeId)?.name ?? v.t('devices.none'),
          },
          {
            key: v.t('devices.repair.field.visit'),
            value: t.visitAt ? formatDateTime(v.locale, t.visitAt) : v.t('devices.none'),
          },
        ]}
      />
      {t.status === 'open' ? (
        <>
          <section class="section">
            <h2>{v.t('devices.repair.triage')}</h2>
            <form method="post" action={`/staff/devices/repairs/${t.id}/triage`} novalidate>
              <Csrf v={v} />
              <Radios
                v={v}
                form={form}
                name="skill"
                label={v.t('devices.repair.field.skill')}
                options={opts(v, 'devices.skill', REPAIR_SKILLS)}
                value={t.skill ?? undefined}
              />
              <Button small>{v.t('devices.repair.triageSave')}</Button>
            </form>
          </section>
          <section class="section">
            <h2>{v.t('devices.repair.assign')}</h2>
            <Table
              id="suggestions"
              caption={v.t('devices.repair.suggestions')}
              rows={d.suggestions}
              empty={v.t('devices.repair.noSuggestion')}
              columns={[
                { header: v.t('devices.repairer.field.name'), cell: (s) => s.repairer.name },
                {
                  header: v.t('devices.repairer.field.kind'),
                  cell: (s) => v.t(`devices.repairer.kind.${s.repairer.kind}`),
                },
                {
                  header: v.t('devices.repair.why'),
                  cell: (s) =>
                    [
                      s.district
                        ? v.t('devices.repair.why.district')
                        : v.t('devices.repair.why.otherDistrict'),
                      v.t('devices.repair.why.open', { n: s.open }),
                    ].join(', '),
                },
              ]}
            />
            {canAssign ? (
              <form method="post" action={`/staff/devices/repairs/${t.id}/assign`} novalidate>
                <Csrf v={v} />
                <Select
                  v={v}
                  form={form}
                  name="repairerId"
                  label={v.t('devices.repair.field.assignee')}
                  hint={best ? v.t('devices.repair.suggested', { name: best.repairer.name }) : undefined}
                  placeholder={v.t('devices.field.choose')}
                  options={d.repairers.map((r) => ({
                    value: r.id,
                    label: `${r.name} (${v.t(`devices.repairer.kind.${r.kind}`)})`,
                  }))}
                  value={t.assigneeId ?? undefined}
                />
                <Button small>{v.t('devices.repair.assignSave')}</Button>
              </form>
            ) : null}
          </section>
          <section class="section">
            <h2>{v.t('devices.repair.visitTitle')}</h2>
            <form method="post" action={`/staff/devices/repairs/${t.id}/visit`} novalidate>
              <Csrf v={v} />
              <TextField
                v={v}
                form={form}
                name="date"
                type="date"
                label={v.t('devices.slot.field.date')}
                width="medium"
              />
              <TextField
                v={v}
                form={form}
                name="time"
                type="time"
                label={v.t('devices.slot.field.time')}
                hint={v.t('devices.slot.field.timeHint')}
                width="medium"
              />
              <Button small>{v.t('devices.repair.visitSave')}</Button>
            </form>
          </section>
          <section class="section">
            <h2>{v.t('devices.repair.resolveTitle')}</h2>
            <form method="post" action={`/staff/devices/repairs/${t.id}/resolve`} novalidate>
              <Csrf v={v} />
              <TextField v={v} form={form} name="resolution" label={v.t('devices.field.resolution')} />
              {[1, 2, 3].map((i) => (
                <div class="field-row">
                  <TextField
                    v={v}
                    form={form}
                    name={`partName${i}`}
                    label={v.t('devices.repair.field.part', { n: i })}
                    required={false}
                  />
                  <TextField
                    v={v}
                    form={form}
                    name={`partCost${i}`}
                    inputmode="numeric"
                    label={v.t('devices.repair.field.partCost', { n: i })}
                    required={false}
                    width="medium"
                  />
                </div>
              ))}
              <TextField
                v={v}
                form={form}
                name="minutesSpent"
                inputmode="numeric"
                label={v.t('devices.repair.field.minutes')}
                hint={v.t('devices.repair.field.minutesHint')}
                required={false}
                width="short"
              />
              <Button>{v.t('devices.queue.resolve')}</Button>
            </form>
          </section>
        </>
      ) : null}
      <RepairHistory v={v} rows={d.history} staff />
      <p>
        <a href="/staff/devices/queue">{v.t('devices.queue.title')}</a>
      </p>
    </>
  ))
}

async function repairersPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const [rows, districts, centres, typeSlas] = await Promise.all([
    listRepairers(c.var.db, c.var.actor),
    repo.districtOptions(c.var.db),
    listRepairCentres(c.var.db, c.var.actor),
    listRepairTypeSlas(c.var.db, c.var.actor),
  ])
  const canAdd = c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'devices:repair_assign') !== null
  const managers = canAdd ? await managerOptions(c.var.db) : []
  const supporters = canAdd ? await supportersToAdd(c.var.db, c.var.actor) : []
  const name = (v: View, code: string) => {
    const d = districts.find((x) => x.code === code)
    return d ? (v.locale === 'ko' ? d.nameKo : d.nameEn) : code
  }
  return renderPage(c, { title: c.var.t('devices.repairer.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.repairer.title')}</h1>
      <Table
        id="repairers"
        caption={v.t('devices.repairer.caption', { n: rows.length })}
        rows={rows}
        empty={v.t('devices.repairer.none')}
        columns={[
          { header: v.t('devices.repairer.field.name'), cell: (r) => r.name },
          {
            header: v.t('devices.repairer.field.kind'),
            cell: (r) =>
              `${v.t(`devices.repairer.kind.${r.kind}`)}${r.staffId && r.kind === 'volunteer' ? ` (${v.t('devices.repairer.linked')})` : ''}`,
          },
          {
            header: v.t('devices.repairer.field.skills'),
            cell: (r) => (r.skills as string[]).map((s) => v.t(`devices.skill.${s}`)).join(', '),
          },
          {
            header: v.t('devices.repairer.field.districts'),
            cell: (r) => (r.districts as string[]).map((x) => name(v, x)).join(', '),
          },
          {
            header: v.t('devices.repairer.field.active'),
            cell: (r) => (
              <>
                {v.t(r.active ? 'devices.repairer.active' : 'devices.repairer.inactive')}
                {canAdd ? (
                  <form method="post" action={`/staff/devices/repairers/${r.id}/active`}>
                    <Csrf v={v} />
                    <input type="hidden" name="active" value={r.active ? 'no' : 'yes'} />
                    <Button small variant="secondary">
                      {v.t(r.active ? 'devices.repairer.deactivate' : 'devices.repairer.activate')}
                      <span class="sr-only"> {r.name}</span>
                    </Button>
                  </form>
                ) : null}
              </>
            ),
          },
        ]}
      />
      {canAdd ? (
        <>
          <h2>{v.t('devices.repairer.new')}</h2>
          <form method="post" action="/staff/devices/repairers" novalidate>
            <Csrf v={v} />
            <Radios
              v={v}
              form={form}
              name="kind"
              label={v.t('devices.repairer.field.kind')}
              options={opts(v, 'devices.repairer.kind', ['technician', 'volunteer'])}
            />
            {supporters.length ? (
              <Select
                v={v}
                form={form}
                name="staffId"
                label={v.t('devices.repairer.field.supporter')}
                hint={v.t('devices.repairer.field.supporterHint')}
                placeholder={v.t('devices.field.choose')}
                options={supporters.map((s) => ({
                  value: s.staffUserId,
                  label: `${s.displayName}${s.certificateNo ? ` (${s.certificateNo})` : ''}`,
                }))}
                required={false}
              />
            ) : null}
            <TextField v={v} form={form} name="name" label={v.t('devices.repairer.field.name')} />
            <Checkboxes
              v={v}
              form={form}
              name="skills"
              label={v.t('devices.repairer.field.skills')}
              options={opts(v, 'devices.skill', REPAIR_SKILLS)}
              values={Array.isArray(form.values.skills) ? (form.values.skills as string[]) : []}
            />
            <Checkboxes
              v={v}
              form={form}
              name="districts"
              label={v.t('devices.repairer.field.districts')}
              options={districts.map((d) => ({
                value: d.code,
                label: v.locale === 'ko' ? d.nameKo : d.nameEn,
              }))}
              values={Array.isArray(form.values.districts) ? (form.values.districts as string[]) : []}
            />
            <Button>{v.t('devices.repairer.add')}</Button>
          </form>
        </>
      ) : null}
      <h2 id="centres">{v.t('devices.repairCentre.title')}</h2>
      <p>{v.t('devices.repairCentre.lead')}</p>
      <Table
        id="repair-centres"
        caption={v.t('devices.repairCentre.caption', { n: centres.length })}
        rows={centres}
        empty={v.t('devices.repairCentre.none')}
        columns={[
          { header: v.t('devices.slot.field.centre'), cell: (r) => r.centre.centre },
          { header: v.t('devices.repairCentre.field.manager'), cell: (r) => r.manager ?? '—' },
          { header: v.t('devices.repairCentre.field.sla'), cell: (r) => r.centre.slaDays, numeric: true },
        ]}
      />
      {canAdd ? (
        <form method="post" action="/staff/devices/repair-centres" novalidate>
          <Csrf v={v} />
          <TextField v={v} form={form} name="centre" label={v.t('devices.slot.field.centre')} />
          <Select
            v={v}
            form={form}
            name="managerId"
            label={v.t('devices.repairCentre.field.manager')}
            placeholder={v.t('devices.field.choose')}
            options={managers.map((m) => ({ value: m.id, label: m.name }))}
            required={false}
          />
          <TextField
            v={v}
            form={form}
            name="slaDays"
            inputmode="numeric"
            label={v.t('devices.repairCentre.field.sla')}
            width="short"
          />
          <Button>{v.t('devices.repairCentre.save')}</Button>
        </form>
      ) : null}
      <h2 id="repair-types">{v.t('devices.repairType.title')}</h2>
      <p>{v.t('devices.repairType.lead')}</p>
      <Table
        id="repair-type-slas"
        caption={v.t('devices.repairType.caption', { n: REPAIR_SKILLS.length })}
        rows={[...REPAIR_SKILLS]}
        columns={[
          { header: v.t('devices.repairType.field.type'), cell: (k) => v.t(`devices.skill.${k}`) },
          {
            header: v.t('devices.repairCentre.field.sla'),
            cell: (k) => typeSlas.find((x) => x.skill === k)?.slaDays ?? v.t('devices.repairType.centre'),
            numeric: true,
          },
        ]}
      />
      {canAdd ? (
        <form method="post" action="/staff/devices/repair-types" novalidate>
          <Csrf v={v} />
          <Select
            v={v}
            form={form}
            name="skill"
            label={v.t('devices.repairType.field.type')}
            placeholder={v.t('devices.field.choose')}
            options={opts(v, 'devices.skill', REPAIR_SKILLS)}
          />
          <TextField
            v={v}
            form={form}
            name="typeSlaDays"
            inputmode="numeric"
            label={v.t('devices.repairCentre.field.sla')}
            required={false}
            width="short"
          />
          <Button>{v.t('devices.repairType.save')}</Button>
        </form>
      ) : null}
    </>
  ))
}

/** The citizen's own device: warranty, starter guide, classes, repair history, report a problem, ask. */
async function myDevicePage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const tag = c.req.param('tag') ?? ''
  const d = await citizenDevice(c.var.db, c.var.actor, tag)
  const a = d.allocation
  const open = d.tickets.some((t) => t.status === 'open')
  return renderPage(c, { title: `${c.var.t('devices.mine.title')} ${d.device.assetTag}`, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      {c.req.query('reported') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.mine.reported')} />
      ) : null}
      <h1>
        {v.t('devices.mine.title')} {d.device.assetTag}
      </h1>
      <SummaryList
        v={v}
        rows={[
          { key: v.t('devices.field.deviceType'), value: v.t(`devices.type.${d.device.type}`) },
          { key: v.t('devices.field.status'), value: v.t(`devices.status.${d.device.status}`) },
          {
            key: v.t('devices.me.deliveredOn'),
            value: a?.deliveredAt ? formatDate(v.locale, a.deliveredAt) : '',
          },
          {
            key: v.t('devices.repair.field.warranty'),
            value: a?.warrantyUntil ? formatDate(v.locale, a.warrantyUntil) : v.t('devices.none'),
          },
          {
            key: v.t('devices.field.starterGuide'),
            value: v.t(`devices.guide.${a?.starterGuideKind ?? 'none'}`),
          },
        ]}
      />
      <ul class="link-list">
        <li>
          <a href={`/learn?level=basic${d.districtCode ? `&district=${d.districtCode}` : ''}`}>
            {v.t('devices.handover.classLink')}
          </a>
        </li>
        <li>
          <a href={`/ask/new?device=${encodeURIComponent(d.device.assetTag)}`}>{v.t('devices.me.ask')}</a>
        </li>
      </ul>
      <RepairHistory v={v} rows={d.tickets.map((t) => ({ ticket: t, assignee: null }))} />
      {open ? (
        <p>{v.t('devices.mine.openTicket')}</p>
      ) : (
        <section class="section">
          <h2>{v.t('devices.mine.report')}</h2>
          <form
            method="post"
            action={`/devices/mine/${encodeURIComponent(d.device.assetTag)}/repair`}
            novalidate
          >
            <Csrf v={v} />
            <TextField
              v={v}
              form={form}
              name="problem"
              label={v.t('devices.mine.problem')}
              hint={v.t('devices.mine.problemHint')}
            />
            <Button>{v.t('devices.mine.reportButton')}</Button>
          </form>
        </section>
      )}
    </>
  ))
}

const ticketForm =
  (
    action: (c: Ctx, id: string, values: Record<string, unknown>) => Promise<unknown>,
    arrays: string[] = [],
  ) =>
  async (c: Ctx) => {
    const values = await formOf(c, arrays)
    const id = idParam(c)
    return withForm(
      c,
      values,
      async () => {
        await action(c, id, values)
        return see(c, `/staff/devices/repairs/${id}`)
      },
      (form, status) => ticketPage(c, form, status),
    )
  }

export const repairPages = [
  page({
    method: 'GET',
    path: '/staff/devices/repairs/:id',
    access: 'devices:repair',
    handle: (c) => ticketPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repairs/:id/triage',
    access: 'devices:repair',
    handle: ticketForm((c, id, values) =>
      triageRepair(c.var.db, c.var.actor, id, parse(TriageInput, values).skill, now(c)),
    ),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repairs/:id/assign',
    access: 'devices:repair_assign',
    handle: ticketForm((c, id, values) =>
      assignRepair(c.var.db, c.var.actor, id, parse(AssignInput, values).repairerId, now(c)),
    ),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repairs/:id/visit',
    access: 'devices:repair',
    handle: ticketForm((c, id, values) =>
      scheduleVisit(c.var.db, c.var.actor, id, parse(VisitInput, values).visitAt, now(c)),
    ),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repairs/:id/resolve',
    access: 'devices:repair',
    handle: ticketForm((c, id, values) => {
      const input = parse(ResolveRepairInput, {
        resolution: values.resolution,
        parts: partsFromForm(values),
        minutesSpent: values.minutesSpent,
      })
      return resolveRepair(
        c.var.db,
        c.var.actor,
        id,
        input.resolution,
        now(c),
        input.parts,
        input.minutesSpent,
      )
    }),
  }),
  page({
    method: 'GET',
    path: '/staff/devices/repairers',
    access: 'devices:repair',
    handle: (c) => repairersPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repairers',
    access: 'devices:repair_assign',
    handle: async (c) => {
      const values = await formOf(c, ['skills', 'districts'])
      return withForm(
        c,
        values,
        async () => {
          await createRepairer(c.var.db, c.var.actor, parse(RepairerInput, values), now(c))
          return see(c, '/staff/devices/repairers')
        },
        (form, status) => repairersPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repairers/:id/active',
    access: 'devices:repair_assign',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          const { active } = parse(RepairerActiveInput, { active: values.active === 'yes' })
          await setRepairerActive(c.var.db, c.var.actor, id, active, now(c))
          return see(c, '/staff/devices/repairers')
        },
        (form, status) => repairersPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repair-centres',
    access: 'devices:repair_assign',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          await setRepairCentre(c.var.db, c.var.actor, parse(RepairCentreInput, values), now(c))
          return see(c, '/staff/devices/repairers#centres')
        },
        (form, status) => repairersPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/repair-types',
    access: 'devices:repair_assign',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const input = parse(RepairTypeSlaInput, values)
          await setRepairTypeSla(c.var.db, c.var.actor, input, now(c))
          return see(c, '/staff/devices/repairers#repair-types')
        },
        (form, status) => repairersPage(c, form, status),
      )
    },
  }),
  page({ method: 'GET', path: '/devices/mine/:tag', access: 'citizen', handle: (c) => myDevicePage(c) }),
  page({
    method: 'POST',
    path: '/devices/mine/:tag/repair',
    access: 'citizen',
    handle: async (c) => {
      const values = await formOf(c)
      const tag = c.req.param('tag') ?? ''
      return withForm(
        c,
        values,
        async () => {
          await openRepairAsCitizen(
            c.var.db,
            c.var.actor,
            tag,
            parse(CitizenRepairInput, values).problem,
            now(c),
          )
          return see(c, `/devices/mine/${encodeURIComponent(tag.toUpperCase())}?reported=1`)
        },
        (form, status) => myDevicePage(c, form, status),
      )
    },
  }),
]
