import { scopeFor } from '../../platform/auth/permissions.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime, formatPhone } from '../../platform/i18n/format.ts'
import { findByReference } from '../../platform/reference.ts'
import { Button, TextField } from '../../ui/components/form.tsx'
import { renderPage } from '../../ui/render.tsx'
import type { View } from '../../ui/view.ts'
import { emptyForm } from '../../ui/view.ts'
import { FindQuery, JobsQuery, PageQuery } from './schema.ts'
import { devMessages, jobOverview } from './service.ts'

export const opsNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const items = [
    { href: '/staff', label: v.t('ops.staffHome.title') },
    { href: '/staff/find', label: v.t('ops.find.title') },
  ]
  if (scopeFor(v.actor.role, 'messages:read-dev'))
    items.push({ href: '/admin/messages', label: v.t('ops.messages.title') })
  if (scopeFor(v.actor.role, 'jobs:read')) items.push({ href: '/admin/jobs', label: v.t('ops.jobs.title') })
  return items
}

export const opsPages = [
  page({
    method: 'GET',
    path: '/staff',
    access: 'staff',
    summary: 'Staff home',
    handle: (c) =>
      renderPage(c, { title: c.var.t('ops.staffHome.title') }, (v) => (
        <>
          <h1>{v.t('ops.staffHome.title')}</h1>
          <p>{v.t('ops.staffHome.lead')}</p>
          <ul class="link-list">
            {opsNav(v)
              .slice(1)
              .map((n) => (
                <li>
                  <a href={n.href}>{n.label}</a>
                </li>
              ))}
          </ul>
        </>
      )),
  }),
  page({
    method: 'GET',
    path: '/staff/find',
    access: 'staff',
    summary:
      'Find a case by the reference number on a letter or text (each domain shows only what the staff member may see)',
    query: FindQuery,
    handle: async (c, { query }) => {
      const ref = query.ref ?? ''
      const hits = ref ? await findByReference(c.var.db, c.var.actor, ref, c.var.locale) : []
      const form = { ...emptyForm(), values: { ref } }
      return renderPage(c, { title: c.var.t('ops.find.title') }, (v) => (
        <>
          <h1>{v.t('ops.find.title')}</h1>
          <p>{v.t('ops.find.lead')}</p>
          <search>
            <form method="get" action="/staff/find">
              <TextField
                v={v}
                form={form}
                name="ref"
                label={v.t('ops.find.label')}
                hint={v.t('ops.find.hint')}
                width="medium"
                spellcheck={false}
                autocomplete="off"
              />
              <Button>{v.t('ops.find.submit')}</Button>
            </form>
          </search>
          {ref ? (
            <section aria-labelledby="find-results">
              <h2 id="find-results">{v.t('ops.find.results', { ref })}</h2>
              {hits.length === 0 ? (
                <p>{v.t('ops.find.none')}</p>
              ) : (
                <ul class="link-list">
                  {hits.map((h) => (
                    <li>
                      <a href={h.href}>{h.label}</a>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          ) : null}
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/admin/messages',
    access: 'messages:read-dev',
    summary: 'Messages recorded by the development SMS/email transports',
    query: PageQuery,
    handle: async (c, { query }) => {
      const r = await devMessages(c.var.db, c.var.actor, query.page)
      const pages = Math.max(1, Math.ceil(r.total / r.perPage))
      return renderPage(c, { title: c.var.t('ops.messages.title') }, (v) => (
        <>
          <h1>{v.t('ops.messages.title')}</h1>
          <p>{v.t('ops.messages.lead')}</p>
          {r.items.length === 0 ? (
            <p>{v.t('ops.messages.empty')}</p>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <caption>{v.t('ops.messages.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{v.t('ops.messages.at')}</th>
                    <th scope="col">{v.t('ops.messages.channel')}</th>
                    <th scope="col">{v.t('ops.messages.to')}</th>
                    <th scope="col">{v.t('ops.messages.body')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.items.map((m) => (
                    <tr>
                      <td>{formatDateTime(v.locale, m.createdAt)}</td>
                      <td>{v.t(`ops.channel.${m.channel}`)}</td>
                      <td>{m.channel === 'sms' ? formatPhone(m.recipient) : m.recipient}</td>
                      <td class="pre-line">
                        {m.subject ? <strong>{m.subject}</strong> : null}
                        {m.subject ? <br /> : null}
                        {m.body}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {pages > 1 ? (
            <nav class="pagination" aria-label={v.t('common.pagination')}>
              <p>{v.t('common.pageOf', { page: r.page, total: pages })}</p>
              <ul>
                {r.page > 1 ? (
                  <li>
                    <a href={`?page=${r.page - 1}`} rel="prev">
                      {v.t('common.previous')}
                    </a>
                  </li>
                ) : null}
                {r.page < pages ? (
                  <li>
                    <a href={`?page=${r.page + 1}`} rel="next">
                      {v.t('common.next')}
                    </a>
                  </li>
                ) : null}
              </ul>
            </nav>
          ) : null}
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/admin/jobs',
    access: 'jobs:read',
    summary: 'Job queue overview',
    query: JobsQuery,
    handle: async (c, { query }) => {
      const r = await jobOverview(c.var.db, c.var.actor, query.status)
      return renderPage(c, { title: c.var.t('ops.jobs.title') }, (v) => (
        <>
          <h1>{v.t('ops.jobs.title')}</h1>
          <p>{v.t('ops.jobs.lead')}</p>
          <h2>{v.t('ops.jobs.counts')}</h2>
          <dl class="summary-list">
            {(['pending', 'running', 'done', 'dead'] as const).map((s) => (
              <div class="summary-list__row">
                <dt>{v.t(`ops.status.${s}`)}</dt>
                <dd>{r.counts[s] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <div class="table-wrap">
            <table class="table">
              <caption>{v.t('ops.jobs.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{v.t('ops.jobs.kind')}</th>
                  <th scope="col">{v.t('ops.jobs.status')}</th>
                  <th scope="col">{v.t('ops.jobs.attempts')}</th>
                  <th scope="col">{v.t('ops.jobs.runAt')}</th>
                  <th scope="col">{v.t('ops.jobs.error')}</th>
                </tr>
              </thead>
              <tbody>
                {r.latest.map((j) => (
                  <tr>
                    <td>{j.id}</td>
                    <td>{j.kind}</td>
                    <td>{v.t(`ops.status.${j.status}`)}</td>
                    <td>{j.attempts}</td>
                    <td>{formatDateTime(v.locale, j.runAt)}</td>
                    <td>{j.lastError ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ))
    },
  }),
]
