import { z } from 'zod'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ErrorSummary, Radios, Select, TextField } from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import {
  BookInput,
  beginnersClassPath,
  bookSlot,
  CLASS_OFFERS,
  cancelBooking,
  cancelSlot,
  createSlot,
  dueFollowUps,
  FollowUpInput,
  handoverAddress,
  myReserved,
  recordFollowUp,
  SlotCancelInput,
  SlotChangeInput,
  SlotInput,
  type SlotRow,
  STARTER_GUIDES,
  upcomingSlots,
  updateSlot,
  WARRANTY_MONTHS,
} from './delivery.ts'
import { formOf, withForm } from './pages.tsx'
import { idParam, now, opts, see } from './present.ts'
import { DeliveryInput } from './schema.ts'
import * as svc from './service.ts'

/** Delivery and pickup slots, the handover page, the citizen's slot booking, and follow-ups. */

export const slotLabel = (v: View, s: SlotRow) =>
  v.t('devices.slot.label', {
    kind: v.t(`devices.slot.kind.${s.kind}`),
    when: formatDateTime(v.locale, s.startsAt),
    centre: s.centre,
    left: s.capacity - s.booked,
  })

const slotOptions = (v: View, slots: SlotRow[], current: string | null) =>
  slots
    .filter((s) => s.booked < s.capacity || s.id === current)
    .map((s) => ({ value: s.id, label: slotLabel(v, s) }))

/** A slot's day, start, length and places: the new-slot form (date, time, …) and the change form (newDate, …). */
const SlotTimeFields = ({ v, form, prefix = '' }: { v: View; form: FormState; prefix?: '' | 'new' }) => {
  const name = (f: string) => (prefix ? `${prefix}${f[0]!.toUpperCase()}${f.slice(1)}` : f)
  return (
    <>
      <TextField
        v={v}
        form={form}
        name={name('date')}
        type="date"
        label={v.t('devices.slot.field.date')}
        width="medium"
      />
      <TextField
        v={v}
        form={form}
        name={name('time')}
        type="time"
        label={v.t('devices.slot.field.time')}
        hint={v.t('devices.slot.field.timeHint')}
        width="medium"
      />
      <TextField
        v={v}
        form={form}
        name={name('minutes')}
        inputmode="numeric"
        label={v.t('devices.slot.field.minutes')}
        required={false}
        width="short"
      />
      <TextField
        v={v}
        form={form}
        name={name('capacity')}
        inputmode="numeric"
        label={v.t('devices.slot.field.capacity')}
        width="short"
      />
    </>
  )
}

async function slotsPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const slots = await upcomingSlots(c.var.db, now(c))
  const done = c.req.query('done')
  const choices = (v: View) => slots.map((s) => ({ value: s.id, label: slotLabel(v, s) }))
  return renderPage(c, { title: c.var.t('devices.slot.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      {done === 'changed' || done === 'cancelled' ? (
        <NotificationBanner
          v={v}
          variant="success"
          heading={v.t(done === 'changed' ? 'devices.slot.saved' : 'devices.slot.cancelled')}
        />
      ) : null}
      <h1>{v.t('devices.slot.title')}</h1>
      <Table
        id="slots"
        caption={v.t('devices.slot.caption', { n: slots.length })}
        rows={slots}
        empty={v.t('devices.slot.none')}
        columns={[
          { header: v.t('devices.field.when'), cell: (s) => formatDateTime(v.locale, s.startsAt) },
          { header: v.t('devices.slot.field.kind'), cell: (s) => v.t(`devices.slot.kind.${s.kind}`) },
          { header: v.t('devices.slot.field.centre'), cell: (s) => s.centre },
          {
            header: v.t('devices.slot.field.booked'),
            cell: (s) => `${s.booked} / ${s.capacity}`,
            numeric: true,
          },
        ]}
      />
      <h2>{v.t('devices.slot.new')}</h2>
      <form method="post" action="/staff/devices/slots" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="kind"
          label={v.t('devices.slot.field.kind')}
          options={opts(v, 'devices.slot.kind', ['delivery', 'pickup'])}
        />
        <TextField v={v} form={form} name="centre" label={v.t('devices.slot.field.centre')} />
        <SlotTimeFields v={v} form={form} />
        <Button>{v.t('devices.slot.create')}</Button>
      </form>
      {slots.length > 0 ? (
        <>
          <h2>{v.t('devices.slot.changeTitle')}</h2>
          <form method="post" action="/staff/devices/slots/change" novalidate>
            <Csrf v={v} />
            <Select
              v={v}
              form={form}
              name="slotId"
              label={v.t('devices.slot.choose')}
              placeholder={v.t('devices.field.choose')}
              options={choices(v)}
            />
            <SlotTimeFields v={v} form={form} prefix="new" />
            <Button>{v.t('devices.slot.save')}</Button>
          </form>
          <h2>{v.t('devices.slot.cancel')}</h2>
          <form method="post" action="/staff/devices/slots/cancel" novalidate>
            <Csrf v={v} />
            <Select
              v={v}
              form={form}
              name="cancelSlotId"
              label={v.t('devices.slot.choose')}
              placeholder={v.t('devices.field.choose')}
              options={choices(v)}
            />
            <TextField
              v={v}
              form={form}
              name="reason"
              label={v.t('devices.slot.cancelReason')}
              hint={v.t('devices.slot.cancelHint')}
            />
            <Button variant="secondary">{v.t('devices.slot.cancel')}</Button>
          </form>
        </>
      ) : null}
    </>
  ))
}

const ChangeForm = z.object({ slotId: z.uuid('devices.slot.err.choose') })
/**
 * The change form's fields are prefixed (newDate …) so they do not clash with the new-slot form on the same
 * page; errors about date, time, minutes or capacity are moved onto them.
 */
const onChangeForm = async <T,>(run: () => Promise<T>) => {
  try {
    return await run()
  } catch (e) {
    if (!(e instanceof AppError) || Object.keys(e.fields).length === 0) throw e
    const rename = (k: string) =>
      ['date', 'time', 'minutes', 'capacity'].includes(k) ? `new${k[0]!.toUpperCase()}${k.slice(1)}` : k
    const move = <V,>(o: Record<string, V>) =>
      Object.fromEntries(Object.entries(o).map(([k, m]) => [rename(k), m]))
    throw new AppError(e.code, e.message, move(e.fields), e.params, { fieldParams: move(e.fieldParams) })
  }
}
const CancelForm = z.object({ cancelSlotId: z.uuid('devices.slot.err.choose') })

/** One reserved device's handover: book its slot, then confirm who received it, the guide and the class offer. */
async function handoverPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const id = idParam(c)
  const rows = await svc.reservedList(c.var.db, c.var.actor)
  const r = rows.find((x) => x.allocation.id === id)
  if (!r) throw new AppError('not_found', 'devices.err.notFound')
  const slots = await upcomingSlots(c.var.db, now(c))
  const booked = r.allocation.slotId ? (slots.find((s) => s.id === r.allocation.slotId) ?? null) : null
  const address = await handoverAddress(c.var.db, c.var.actor, id, now(c))
  return renderPage(c, { title: `${c.var.t('devices.handover.title')} ${r.assetTag}`, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>
        {v.t('devices.handover.title')} {r.assetTag}
      </h1>
      <SummaryList
        v={v}
        rows={[
          { key: v.t('devices.field.district'), value: r.districtCode },
          {
            key: v.t('devices.slot.booked'),
            value: booked ? slotLabel(v, booked) : v.t('devices.slot.notBooked'),
          },
          ...(address ? [{ key: v.t('devices.slot.field.address'), value: address }] : []),
        ]}
      />
      <section class="section">
        <h2>{v.t('devices.slot.book')}</h2>
        <form method="post" action={`/staff/devices/allocations/${id}/slot`} novalidate>
          <Csrf v={v} />
          <Select
            v={v}
            form={form}
            name="slotId"
            label={v.t('devices.slot.choose')}
            placeholder={v.t('devices.field.choose')}
            options={slotOptions(v, slots, r.allocation.slotId)}
            value={r.allocation.slotId ?? undefined}
          />
          <TextField
            v={v}
            form={form}
            name="address"
            label={v.t('devices.slot.field.address')}
            hint={v.t('devices.slot.field.addressHint')}
            autocomplete="street-address"
            required={false}
          />
          <Button small>{v.t('devices.slot.bookButton')}</Button>
        </form>
        <p>
          <a href="/staff/devices/slots">{v.t('devices.slot.title')}</a>
        </p>
      </section>
      <section class="section">
        <h2>{v.t('devices.handover.confirm')}</h2>
        <form method="post" action={`/staff/devices/allocations/${id}/delivery`} novalidate>
          <Csrf v={v} />
          <TextField v={v} form={form} name="receivedBy" label={v.t('devices.field.receivedBy')} />
          <Radios
            v={v}
            form={form}
            name="starterGuideKind"
            label={v.t('devices.field.starterGuide')}
            options={opts(v, 'devices.guide', STARTER_GUIDES)}
          />
          <Radios
            v={v}
            form={form}
            name="classOffer"
            label={v.t('devices.handover.class')}
            hint={v.t('devices.handover.classHint')}
            options={opts(v, 'devices.classOffer', CLASS_OFFERS)}
          />
          <TextField
            v={v}
            form={form}
            name="warrantyMonths"
            inputmode="numeric"
            label={v.t('devices.handover.warranty')}
            hint={v.t('devices.handover.warrantyHint', { n: WARRANTY_MONTHS })}
            required={false}
            width="short"
          />
          <Button>{v.t('devices.deliveries.confirm')}</Button>
        </form>
        <p>
          <a href={beginnersClassPath(r.districtCode)}>{v.t('devices.handover.classLink')}</a>
        </p>
      </section>
    </>
  ))
}

/** The citizen books a delivery or pickup slot for a device set aside for them. */
async function citizenDeliveryPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const actor = c.var.actor
  const mine = actor.kind === 'citizen' ? await myReserved(c.var.db, actor.personId) : []
  const slots = await upcomingSlots(c.var.db, now(c))
  return renderPage(c, { title: c.var.t('devices.slot.mine'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      {c.req.query('booked') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.slot.bookedOk')} />
      ) : null}
      {c.req.query('cancelled') ? (
        <NotificationBanner v={v} variant="success" heading={v.t('devices.slot.bookingCancelled')} />
      ) : null}
      <h1>{v.t('devices.slot.mine')}</h1>
      {mine.length === 0 ? <p>{v.t('devices.slot.nothing')}</p> : null}
      {mine.map((m, i) => {
        const booked = m.slotId ? slots.find((s) => s.id === m.slotId) : null
        // the first one answers the error summary's link (#f-slotId)
        const fieldId = i === 0 ? 'f-slotId' : `slot-${m.allocationId}`
        return (
          <section class="section">
            <h2>
              {v.t(`devices.type.${m.type}`)} {m.assetTag}
            </h2>
            <p>{booked ? slotLabel(v, booked) : v.t('devices.slot.notBooked')}</p>
            <form method="post" action={`/devices/delivery/${m.allocationId}`} novalidate>
              <Csrf v={v} />
              <div class="field">
                <label class="field-label" for={fieldId}>
                  {v.t('devices.slot.choose')}
                </label>
                <select class="select" id={fieldId} name="slotId">
                  <option value="">{v.t('devices.field.choose')}</option>
                  {slotOptions(v, slots, m.slotId).map((o) => (
                    <option value={o.value} selected={o.value === m.slotId}>
                      {o.label}
                    </option>
                  ))}
                </select>
              </div>
              <div class={form.errors.address && i === 0 ? 'field field--error' : 'field'}>
                <label class="field-label" for={i === 0 ? 'f-address' : `address-${m.allocationId}`}>
                  {v.t('devices.slot.field.address')}
                  <span class="field-optional"> {v.t('common.optional')}</span>
                </label>
                <p class="field-hint" id={`address-hint-${m.allocationId}`}>
                  {v.t('devices.slot.field.addressHint')}
                </p>
                {form.errors.address && i === 0 ? (
                  <p class="field-error" id="address-error">
                    {form.errors.address}
                  </p>
                ) : null}
                <input
                  class="input input--full"
                  type="text"
                  id={i === 0 ? 'f-address' : `address-${m.allocationId}`}
                  name="address"
                  autocomplete="street-address"
                  maxlength={200}
                  aria-describedby={`address-hint-${m.allocationId}${form.errors.address && i === 0 ? ' address-error' : ''}`}
                />
              </div>
              <Button small>{v.t('devices.slot.bookButton')}</Button>
            </form>
            {m.slotId ? (
              <form method="post" action={`/devices/delivery/${m.allocationId}/cancel`}>
                <Csrf v={v} />
                <Button small variant="secondary">
                  {v.t('devices.slot.cancelBooking')}
                </Button>
              </form>
            ) : null}
          </section>
        )
      })}
      <p>
        <a href="/devices/status">{v.t('devices.door.status')}</a>
      </p>
    </>
  ))
}

async function followUpsPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const rows = await dueFollowUps(c.var.db, c.var.actor, now(c))
  return renderPage(c, { title: c.var.t('devices.followUp.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.followUp.title')}</h1>
      <p>{v.t('devices.followUp.lead')}</p>
      {rows.length === 0 ? <p>{v.t('devices.followUp.none')}</p> : null}
      {rows.map((r) => {
        const fid = `outcome-${r.followUp.id}`
        return (
          <form
            method="post"
            action={`/staff/devices/follow-ups/${r.followUp.id}`}
            class="section"
            novalidate
          >
            <Csrf v={v} />
            <h2>
              <a href={`/staff/devices/${r.assetTag}`}>{r.assetTag}</a> —{' '}
              {v.t('devices.followUp.deliveredOn', {
                date: r.deliveredAt ? formatDate(v.locale, r.deliveredAt) : '',
              })}
            </h2>
            <p>
              {v.t(`devices.followUp.status.${r.followUp.status}`)}
              {r.followUp.texted ? ` — ${v.t('devices.followUp.texted')}` : ''}
            </p>
            <div class="field">
              <label class="field-label" for={fid}>
                {v.t('devices.followUp.outcome')}
              </label>
              <input class="input input--full" type="text" id={fid} name="outcome" maxlength={500} />
            </div>
            <Button small name="status" value="done">
              {v.t('devices.followUp.done')}
            </Button>
            <Button small variant="secondary" name="status" value="unreachable">
              {v.t('devices.followUp.unreachable')}
            </Button>
          </form>
        )
      })}
    </>
  ))
}

export const deliveryPages = [
  page({
    method: 'GET',
    path: '/devices/delivery',
    access: 'citizen',
    handle: (c) => citizenDeliveryPage(c),
  }),
  page({
    method: 'POST',
    path: '/devices/delivery/:id',
    access: 'citizen',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          const b = parse(BookInput, values)
          await bookSlot(c.var.db, c.var.actor, id, b.slotId, now(c), b.address)
          return see(c, '/devices/delivery?booked=1')
        },
        (form, status) => citizenDeliveryPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/devices/delivery/:id/cancel',
    access: 'citizen',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          await cancelBooking(c.var.db, c.var.actor, id, now(c))
          return see(c, '/devices/delivery?cancelled=1')
        },
        (form, status) => citizenDeliveryPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/slots/change',
    access: 'devices:deliver',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const { slotId } = parse(ChangeForm, values)
          await onChangeForm(async () => {
            const change = parse(SlotChangeInput, {
              date: values.newDate,
              time: values.newTime,
              minutes: values.newMinutes,
              capacity: values.newCapacity,
            })
            await updateSlot(c.var.db, c.var.actor, slotId, change, now(c))
          })
          return see(c, '/staff/devices/slots?done=changed')
        },
        (form, status) => slotsPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/slots/cancel',
    access: 'devices:deliver',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const { cancelSlotId } = parse(CancelForm, values)
          const { reason } = parse(SlotCancelInput, values)
          await cancelSlot(c.var.db, c.var.actor, cancelSlotId, reason, now(c))
          return see(c, '/staff/devices/slots?done=cancelled')
        },
        (form, status) => slotsPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/slots',
    access: 'devices:deliver',
    handle: (c) => slotsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/slots',
    access: 'devices:deliver',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          await createSlot(c.var.db, c.var.actor, parse(SlotInput, values), now(c))
          return see(c, '/staff/devices/slots')
        },
        (form, status) => slotsPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/allocations/:id',
    access: 'devices:deliver',
    handle: (c) => handoverPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/allocations/:id/slot',
    access: 'devices:deliver',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          const b = parse(BookInput, values)
          await bookSlot(c.var.db, c.var.actor, id, b.slotId, now(c), b.address)
          return see(c, `/staff/devices/allocations/${id}`)
        },
        (form, status) => handoverPage(c, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/devices/allocations/:id/delivery',
    access: 'devices:deliver',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          await svc.deliver(c.var.db, c.var.actor, id, parse(DeliveryInput, values), now(c))
          return see(c, '/staff/devices/deliveries?done=1')
        },
        (form, status) => handoverPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/devices/follow-ups',
    access: 'devices:deliver',
    handle: (c) => followUpsPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/devices/follow-ups/:id',
    access: 'devices:deliver',
    handle: async (c) => {
      const values = await formOf(c)
      const id = idParam(c)
      return withForm(
        c,
        values,
        async () => {
          await recordFollowUp(c.var.db, c.var.actor, id, parse(FollowUpInput, values), now(c))
          return see(c, '/staff/devices/follow-ups')
        },
        (form, status) => followUpsPage(c, form, status),
      )
    },
  }),
]
