import type { Ctx } from '../../platform/http/context.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { Button, Checkboxes, ErrorSummary, Select, Textarea, TextField } from '../../ui/components/form.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import type { CannedRow } from './repo.ts'
import { CannedInput } from './schema.ts'
import { createCannedReply, getCannedReply, listCannedReplies, updateCannedReply } from './service.ts'
import { TICKET_CATEGORIES } from './tables.ts'

const param = (c: Ctx, name: string) => c.req.param(name) ?? ''

const CannedForm = ({ v, form, row }: { v: View; form: FormState; row?: CannedRow }) => (
  <form method="post" action={row ? `/staff/help/canned/${row.id}` : '/staff/help/canned'} novalidate>
    <Csrf v={v} />
    {row ? <input type="hidden" name="version" value={String(row.version)} /> : null}
    <TextField v={v} form={form} name="titleKo" label={v.t('helpdesk.canned.titleKo')} width="medium" />
    <TextField v={v} form={form} name="titleEn" label={v.t('helpdesk.canned.titleEn')} width="medium" />
    <Textarea v={v} form={form} name="textKo" label={v.t('helpdesk.canned.textKo')} rows={4} />
    <Textarea v={v} form={form} name="textEn" label={v.t('helpdesk.canned.textEn')} rows={4} />
    <Select
      v={v}
      form={form}
      name="category"
      label={v.t('helpdesk.canned.category')}
      hint={v.t('helpdesk.canned.categoryHint')}
      placeholder={v.t('helpdesk.canned.anyCategory')}
      required={false}
      options={TICKET_CATEGORIES.map((x) => ({ value: x, label: v.t(`helpdesk.category.${x}`) }))}
    />
    <Checkboxes
      v={v}
      form={form}
      name="active"
      label={v.t('helpdesk.canned.active')}
      hint={v.t('helpdesk.canned.activeHint')}
      required={false}
      options={[{ value: 'yes', label: v.t('helpdesk.canned.offered') }]}
    />
    <Button>{v.t('helpdesk.canned.save')}</Button>
  </form>
)

const newPage = (c: Ctx, form?: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('helpdesk.canned.new'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('helpdesk.canned.new')}</h1>
      <CannedForm v={v} form={form ?? emptyForm({ active: ['yes'] })} />
    </>
  ))

const editPage = async (c: Ctx, id: string, form?: FormState, status = 200) => {
  const row = await getCannedReply(c.var.db, c.var.actor, id)
  const f =
    form ??
    emptyForm({
      titleKo: row.titleKo,
      titleEn: row.titleEn,
      textKo: row.textKo,
      textEn: row.textEn,
      category: row.category ?? '',
      active: row.active ? ['yes'] : [],
    })
  const title = c.var.locale === 'en' ? row.titleEn : row.titleKo
  return renderPage(c, { title, status }, (v) => (
    <>
      <ErrorSummary v={v} form={f} />
      <h1>{title}</h1>
      <p>
        {v.t('helpdesk.canned.versionLine', {
          version: row.version,
          at: formatDateTime(v.locale, row.updatedAt),
        })}
      </p>
      <CannedForm v={v} form={f} row={row} />
      <p>
        <a href="/staff/help/canned">{v.t('helpdesk.canned.back')}</a>
      </p>
    </>
  ))
}

/** Staff pages for the saved replies agents can send (action helpdesk:canned). */
export const cannedPages = [
  page({
    method: 'GET',
    path: '/staff/help/canned',
    access: 'helpdesk:canned',
    summary: 'Saved replies (active and retired)',
    handle: async (c) => {
      const rows = await listCannedReplies(c.var.db, c.var.actor)
      const en = c.var.locale === 'en'
      return renderPage(c, { title: c.var.t('helpdesk.canned.title') }, (v) => (
        <>
          <h1>{v.t('helpdesk.canned.title')}</h1>
          <p class="lead">{v.t('helpdesk.canned.lead')}</p>
          <p>
            <a href="/staff/help/canned/new">{v.t('helpdesk.canned.new')}</a>
          </p>
          <Table
            id="canned"
            caption={v.t('helpdesk.canned.title')}
            captionHidden
            rows={rows}
            empty={v.t('helpdesk.canned.none')}
            columns={[
              {
                header: v.t('helpdesk.canned.name'),
                cell: (r) => <a href={`/staff/help/canned/${r.id}`}>{en ? r.titleEn : r.titleKo}</a>,
              },
              {
                header: v.t('helpdesk.canned.category'),
                cell: (r) =>
                  r.category ? v.t(`helpdesk.category.${r.category}`) : v.t('helpdesk.canned.anyCategory'),
              },
              {
                header: v.t('helpdesk.canned.state'),
                cell: (r) => (
                  <StatusTag tone={r.active ? 'success' : 'neutral'}>
                    {v.t(r.active ? 'helpdesk.canned.offered' : 'helpdesk.canned.retired')}
                  </StatusTag>
                ),
              },
              { header: v.t('helpdesk.canned.version'), cell: (r) => String(r.version) },
              { header: v.t('helpdesk.canned.updated'), cell: (r) => formatDateTime(v.locale, r.updatedAt) },
            ]}
          />
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/canned/new',
    access: 'helpdesk:canned',
    summary: 'Form for a new saved reply',
    handle: (c) => newPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/help/canned',
    access: 'helpdesk:canned',
    summary: 'Adds a saved reply (audited)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData(), ['active'])
      return withForm(
        c,
        values,
        async () => {
          await createCannedReply(c.var.db, c.var.actor, parse(CannedInput, values), c.var.deps.now())
          return c.redirect('/staff/help/canned', 303)
        },
        (form, status) => newPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/help/canned/:id',
    access: 'helpdesk:canned',
    summary: 'Edit or retire a saved reply',
    handle: (c) => editPage(c, param(c, 'id')),
  }),
  page({
    method: 'POST',
    path: '/staff/help/canned/:id',
    access: 'helpdesk:canned',
    summary: 'Saves a saved reply: new version, or retired when not offered (audited)',
    handle: async (c) => {
      const id = param(c, 'id')
      const values = formToObject(await c.req.formData(), ['active'])
      return withForm(
        c,
        values,
        async () => {
          const version = Number(values.version)
          await updateCannedReply(
            c.var.db,
            c.var.actor,
            id,
            Number.isInteger(version) ? version : 0,
            parse(CannedInput, values),
            c.var.deps.now(),
          )
          return c.redirect('/staff/help/canned', 303)
        },
        (form, status) => editPage(c, id, form, status),
      )
    },
  }),
]
