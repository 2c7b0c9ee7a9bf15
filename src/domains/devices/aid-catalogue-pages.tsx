import { z } from 'zod'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { parse } from '../../platform/http/parse.ts'
import { api, page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ErrorSummary, Radios, Select, TextField } from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { Table } from '../../ui/components/table.tsx'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import {
  activeCatalogue,
  addCatalogueItem,
  CatalogueAddInput,
  CatalogueChangeInput,
  catalogueWithHistory,
  changeCatalogueItem,
  labelOf,
} from './aid-catalogue.ts'
import type { CatalogueChangeRow, CatalogueRow } from './aid-repo.ts'
import { formOf, withForm } from './pages.tsx'
import { now, opts, see, won } from './present.ts'
import { AID_CATEGORIES } from './tables.ts'

/**
 * The programme manager's page for the assistive-device catalogue (add an item, change a price, withdraw
 * an item or offer a withdrawn one again, with a reason; the history of every change below) and its JSON API.
 */

const BASE = '/staff/devices/aid/catalogue'
/** The page form's item (the API takes it from the path). */
const ItemCode = z.object({
  code: z.string('devices.catalogue.err.item').min(1, 'devices.catalogue.err.item'),
})

const changeText = (v: View, ch: CatalogueChangeRow) =>
  ch.action === 'added'
    ? v.t('devices.catalogue.change.added', { price: won(v, ch.newPriceKrw ?? 0) })
    : ch.action === 'price'
      ? v.t('devices.catalogue.change.price', {
          from: won(v, ch.oldPriceKrw ?? 0),
          to: won(v, ch.newPriceKrw ?? 0),
        })
      : ch.action === 'withdrawn'
        ? v.t('devices.catalogue.change.withdrawn', { price: won(v, ch.oldPriceKrw ?? 0) })
        : ch.oldPriceKrw === ch.newPriceKrw
          ? v.t('devices.catalogue.change.reinstated', { price: won(v, ch.newPriceKrw ?? 0) })
          : v.t('devices.catalogue.change.reinstatedPrice', {
              from: won(v, ch.oldPriceKrw ?? 0),
              to: won(v, ch.newPriceKrw ?? 0),
            })

async function cataloguePage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  const { items, changes } = await catalogueWithHistory(c.var.db, c.var.actor)
  const byCode = new Map(items.map((i) => [i.code, i]))
  const active = items.filter((i) => !i.withdrawnAt)
  const done = c.req.query('saved')
  return renderPage(c, { title: c.var.t('devices.catalogue.title'), status }, (v) => (
    <>
      {done ? <NotificationBanner v={v} variant="success" heading={v.t('devices.catalogue.saved')} /> : null}
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.catalogue.title')}</h1>
      <p class="lead">{v.t('devices.catalogue.lead')}</p>
      <p>
        <a href={`${BASE}/new`}>{v.t('devices.catalogue.add')}</a>
      </p>
      <Table
        id="catalogue-items"
        caption={v.t('devices.catalogue.caption', { n: active.length })}
        rows={items}
        columns={[
          { header: v.t('devices.aid.field.item'), cell: (i: CatalogueRow) => labelOf(i, v.locale) },
          {
            header: v.t('devices.catalogue.category'),
            cell: (i) => v.t(`devices.catalogue.cat.${i.category}`),
          },
          { header: v.t('devices.aid.field.price'), cell: (i) => won(v, i.priceKrw), numeric: true },
          {
            header: v.t('devices.field.status'),
            cell: (i) =>
              i.withdrawnAt
                ? v.t('devices.catalogue.withdrawnOn', { date: formatDateTime(v.locale, i.withdrawnAt) })
                : v.t('devices.catalogue.offered'),
          },
        ]}
      />
      <form method="post" action={BASE} class="section" novalidate>
        <Csrf v={v} />
        <h2 id="change">{v.t('devices.catalogue.changeTitle')}</h2>
        <p>{v.t('devices.catalogue.changeLead')}</p>
        <Select
          v={v}
          form={form}
          name="code"
          label={v.t('devices.aid.field.item')}
          placeholder={v.t('devices.field.choose')}
          options={[...active, ...items.filter((i) => i.withdrawnAt)].map((i) => ({
            value: i.code,
            label: i.withdrawnAt
              ? v.t('devices.catalogue.withdrawnItem', {
                  item: labelOf(i, v.locale),
                  price: won(v, i.priceKrw),
                })
              : `${labelOf(i, v.locale)} — ${won(v, i.priceKrw)}`,
          }))}
        />
        <Radios
          v={v}
          form={form}
          name="action"
          label={v.t('devices.catalogue.action')}
          options={opts(v, 'devices.catalogue.actionOf', ['price', 'withdraw', 'reinstate'])}
        />
        <TextField
          v={v}
          form={form}
          name="priceKrw"
          inputmode="numeric"
          label={v.t('devices.catalogue.newPrice')}
          hint={v.t('devices.catalogue.changePriceHint')}
          required={false}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="reason"
          label={v.t('devices.catalogue.reason')}
          hint={v.t('devices.catalogue.reasonHint')}
        />
        <Button>{v.t('devices.catalogue.save')}</Button>
      </form>
      <section class="section">
        <h2 id="history">{v.t('devices.catalogue.history')}</h2>
        <Table
          id="catalogue-history"
          caption={v.t('devices.catalogue.historyCaption')}
          rows={changes}
          empty={v.t('devices.catalogue.historyEmpty')}
          columns={[
            { header: v.t('devices.field.when'), cell: (ch) => formatDateTime(v.locale, ch.changedAt) },
            { header: v.t('devices.field.by'), cell: (ch) => ch.changedByName },
            {
              header: v.t('devices.aid.field.item'),
              cell: (ch) => {
                const item = byCode.get(ch.itemCode)
                return item ? labelOf(item, v.locale) : ch.itemCode
              },
            },
            { header: v.t('devices.catalogue.what'), cell: (ch) => changeText(v, ch) },
            { header: v.t('devices.catalogue.reason'), cell: (ch) => ch.reason ?? '' },
          ]}
        />
      </section>
    </>
  ))
}

async function newItemPage(c: Ctx, form: FormState = emptyForm(), status = 200) {
  await catalogueWithHistory(c.var.db, c.var.actor) // the same permission check as the catalogue page
  return renderPage(c, { title: c.var.t('devices.catalogue.add'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('devices.catalogue.add')}</h1>
      <form method="post" action={`${BASE}/new`} novalidate>
        <Csrf v={v} />
        <TextField v={v} form={form} name="labelKo" label={v.t('devices.catalogue.labelKo')} />
        <TextField v={v} form={form} name="labelEn" label={v.t('devices.catalogue.labelEn')} />
        <Radios
          v={v}
          form={form}
          name="category"
          label={v.t('devices.catalogue.category')}
          options={opts(v, 'devices.catalogue.cat', AID_CATEGORIES)}
        />
        <TextField
          v={v}
          form={form}
          name="priceKrw"
          inputmode="numeric"
          label={v.t('devices.catalogue.price')}
          hint={v.t('devices.catalogue.newPriceHint')}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="code"
          label={v.t('devices.catalogue.code')}
          hint={v.t('devices.catalogue.codeHint')}
          required={false}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="reason"
          label={v.t('devices.catalogue.reason')}
          hint={v.t('devices.catalogue.addReasonHint')}
          required={false}
        />
        <Button>{v.t('devices.catalogue.addButton')}</Button>
      </form>
      <p>
        <a href={BASE}>{v.t('devices.catalogue.title')}</a>
      </p>
    </>
  ))
}

const ItemOut = z.object({
  code: z.string(),
  category: z.enum(AID_CATEGORIES),
  labelKo: z.string(),
  labelEn: z.string(),
  priceKrw: z.number(),
  withdrawnAt: z.string().nullable(),
})
const presentItem = (i: CatalogueRow): z.infer<typeof ItemOut> => ({
  code: i.code,
  category: i.category,
  labelKo: i.labelKo,
  labelEn: i.labelEn,
  priceKrw: i.priceKrw,
  withdrawnAt: i.withdrawnAt?.toISOString() ?? null,
})
const ChangeOut = z.object({
  id: z.number(),
  itemCode: z.string(),
  action: z.enum(['added', 'price', 'withdrawn', 'reinstated']),
  oldPriceKrw: z.number().nullable(),
  newPriceKrw: z.number().nullable(),
  reason: z.string().nullable(),
  changedBy: z.string(),
  changedAt: z.string(),
})
const presentChange = (ch: CatalogueChangeRow): z.infer<typeof ChangeOut> => ({
  id: ch.id,
  itemCode: ch.itemCode,
  action: ch.action,
  oldPriceKrw: ch.oldPriceKrw,
  newPriceKrw: ch.newPriceKrw,
  reason: ch.reason,
  changedBy: ch.changedByName,
  changedAt: ch.changedAt.toISOString(),
})

/** The manager's menu entry (staff nav). */
export const catalogueNav = (v: View) =>
  v.actor.kind === 'staff' && scopeFor(v.actor.role, 'devices:catalogue')
    ? [{ href: BASE, label: v.t('devices.catalogue.title') }]
    : []

/** Registered before aidPages (/staff/devices/aid/:id would otherwise answer /staff/devices/aid/catalogue). */
export const catalogueRoutes = [
  page({ method: 'GET', path: BASE, access: 'devices:catalogue', handle: (c) => cataloguePage(c) }),
  page({
    method: 'POST',
    path: BASE,
    access: 'devices:catalogue',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          const { code } = parse(ItemCode, values)
          await changeCatalogueItem(c.var.db, c.var.actor, code, parse(CatalogueChangeInput, values), now(c))
          return see(c, `${BASE}?saved=1#history`)
        },
        (form, status) => cataloguePage(c, form, status),
      )
    },
  }),
  page({ method: 'GET', path: `${BASE}/new`, access: 'devices:catalogue', handle: (c) => newItemPage(c) }),
  page({
    method: 'POST',
    path: `${BASE}/new`,
    access: 'devices:catalogue',
    handle: async (c) => {
      const values = await formOf(c)
      return withForm(
        c,
        values,
        async () => {
          await addCatalogueItem(c.var.db, c.var.actor, parse(CatalogueAddInput, values), now(c))
          return see(c, `${BASE}?saved=1`)
        },
        (form, status) => newItemPage(c, form, status),
      )
    },
  }),
  api({
    method: 'GET',
    path: '/aid-catalogue',
    access: 'public',
    summary: 'The assistive-device catalogue: the items that can be applied for now, with their price',
    tags: ['devices'],
    response: z.object({ items: z.array(ItemOut) }),
    handle: async (c) => c.json({ items: (await activeCatalogue(c.var.db)).map(presentItem) }),
  }),
  api({
    method: 'GET',
    path: '/aid-catalogue/history',
    access: 'devices:catalogue',
    summary: 'Every catalogue item (withdrawn ones too) and every change: who, when, old → new price, reason',
    tags: ['devices'],
    response: z.object({ items: z.array(ItemOut), changes: z.array(ChangeOut) }),
    handle: async (c) => {
      const r = await catalogueWithHistory(c.var.db, c.var.actor)
      return c.json({ items: r.items.map(presentItem), changes: r.changes.map(presentChange) })
    },
  }),
  api({
    method: 'POST',
    path: '/aid-catalogue',
    access: 'devices:catalogue',
    summary:
      'Adds an assistive device to the catalogue (names in Korean and English, category, price; optional code and reason); a code in use is 409',
    tags: ['devices'],
    body: CatalogueAddInput,
    response: ItemOut,
    status: 201,
    handle: async (c, { body }) =>
      c.json(presentItem(await addCatalogueItem(c.var.db, c.var.actor, body, now(c))), 201),
  }),
  api({
    method: 'PATCH',
    path: '/aid-catalogue/:code',
    access: 'devices:catalogue',
    summary:
      'Changes an item’s price (action "price", priceKrw), withdraws it (action "withdraw") or offers a withdrawn item again (action "reinstate", optional new priceKrw), with a required reason; applications already made keep their price; a price change or withdrawal of a withdrawn item, or reinstating an item that is not withdrawn, is 409',
    tags: ['devices'],
    body: CatalogueChangeInput,
    response: z.object({ item: ItemOut, change: ChangeOut }),
    handle: async (c, { body }) => {
      const r = await changeCatalogueItem(c.var.db, c.var.actor, c.req.param('code') ?? '', body, now(c))
      return c.json({ item: presentItem(r.item), change: presentChange(r.change) })
    },
  }),
]
