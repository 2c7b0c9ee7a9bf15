import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ErrorSummary, Radios, Select, Textarea, TextField } from '../../ui/components/form.tsx'
import { NotificationBanner } from '../../ui/components/notification-banner.tsx'
import { StatusTag } from '../../ui/components/status-tag.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { Table } from '../../ui/components/table.tsx'
import { withForm } from '../../ui/forms.ts'
import type { NavItem } from '../../ui/layout.tsx'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { listTutors } from '../education/manage.ts'
import { browse } from '../education/service.ts'
import { freeGuides, listTeams } from '../guides/service.ts'
import { teamAgents } from '../helpdesk/service.ts'
import { listDistricts } from '../reference/service.ts'
import { sourceOfRef } from './hours-sources.ts'
import { hoursText } from './pdf.ts'
import type { HoursRow } from './repo.ts'
import { ApplyInput, HoursInput, REVIEW_ACTIONS, ReviewInput } from './schema.ts'
import {
  applyToVolunteer,
  collectHours,
  getVolunteer,
  issueHoursCertificate,
  listVolunteers,
  logHours,
  myVolunteering,
  reviewVolunteer,
  verifyHoursCertificate,
} from './service.ts'
import { ACTIVITIES, VOLUNTEER_ROLES } from './tables.ts'

const hm = (v: View, minutes: number) =>
  v.t('volunteering.hoursValue', { h: Math.floor(minutes / 60), m: minutes % 60 })

const UUID_PART = /^[0-9a-f]{8}-[0-9a-f-]{27}$/

/**
 * Where an hours row came from: the registered source with the work's reference (a ticket's number, or
 * the first 8 digits of an id), counted automatically; or typed by hand with the reference given.
 */
export function hoursSourceText(v: View, h: HoursRow): string {
  const source = h.loggedBy === null ? sourceOfRef(h.sourceRef) : undefined
  if (source && h.sourceRef) {
    const ref = h.sourceRef.slice(source.name.length + 1)
    return v.t(source.labelKey, { ref: UUID_PART.test(ref) ? ref.slice(0, 8) : ref })
  }
  return h.sourceRef
    ? v.t('volunteering.source.manualRef', { ref: h.sourceRef })
    : v.t('volunteering.source.manual')
}

const doorPage = async (c: Ctx) => {
  const actor = c.var.actor
  const mine = actor.kind === 'citizen' ? await myVolunteering(c.var.db, actor.personId) : []
  return renderPage(c, { title: c.var.t('volunteering.title') }, (v) => (
    <>
      {c.req.query('sent') ? (
        <NotificationBanner v={v} variant="success" id="sent" heading={v.t('volunteering.sent')}>
          {null}
        </NotificationBanner>
      ) : null}
      <h1>{v.t('volunteering.title')}</h1>
      <p class="lead">{v.t('volunteering.lead')}</p>
      <p>
        <Button href="/volunteer/apply">{v.t('volunteering.apply')}</Button>
      </p>
      {actor.kind === 'citizen' ? (
        <>
          <h2>{v.t('volunteering.mine')}</h2>
          <Table
            id="mine"
            caption={v.t('volunteering.mine')}
            captionHidden
            rows={mine}
            empty={v.t('volunteering.none')}
            columns={[
              { header: v.t('volunteering.reference'), cell: (r) => r.reference },
              { header: v.t('volunteering.role'), cell: (r) => v.t(`volunteering.role.${r.a.role}`) },
              { header: v.t('volunteering.status'), cell: (r) => v.t(`volunteering.status.${r.a.status}`) },
              {
                header: v.t('volunteering.training'),
                cell: (r) =>
                  r.course ? (
                    <>
                      <a href={`/learn/courses/${r.course.id}`}>
                        {v.t('volunteering.trainingEnrol', {
                          course: v.locale === 'en' ? r.course.titleEn : r.course.titleKo,
                        })}
                      </a>
                      <br />
                      {v.t(r.trained ? 'volunteering.trainingDone' : 'volunteering.trainingNotYet')}
                    </>
                  ) : (
                    v.t('common.none')
                  ),
              },
              { header: v.t('volunteering.hours'), cell: (r) => hm(v, r.minutes) },
              {
                header: v.t('volunteering.certificates'),
                cell: (r) =>
                  r.certificates.length ? (
                    <ul class="list">
                      {r.certificates.map((x) => (
                        <li>
                          <a href={`/api/v1/volunteering/hours-certificates/${x.id}/pdf`}>
                            {v.t('volunteering.certificatePdf', { code: x.code })}
                          </a>
                        </li>
                      ))}
                    </ul>
                  ) : (
                    v.t('common.none')
                  ),
              },
            ]}
          />
        </>
      ) : null}
    </>
  ))
}

const applyPage = async (c: Ctx, form: FormState, status = 200) => {
  const districts = await listDistricts(c.var.db)
  return renderPage(c, { title: c.var.t('volunteering.apply'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('volunteering.apply')}</h1>
      <form method="post" action="/volunteer/apply" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="role"
          label={v.t('volunteering.role')}
          options={VOLUNTEER_ROLES.map((r) => ({ value: r, label: v.t(`volunteering.role.${r}`) }))}
        />
        <Textarea v={v} form={form} name="motivation" rows={4} label={v.t('volunteering.motivation')} />
        <TextField
          v={v}
          form={form}
          name="availability"
          label={v.t('volunteering.availability')}
          hint={v.t('volunteering.availabilityHint')}
        />
        <Select
          v={v}
          form={form}
          name="districtCode"
          required={false}
          label={v.t('volunteering.district')}
          placeholder={v.t('volunteering.anyDistrict')}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'en' ? d.nameEn : d.nameKo }))}
        />
        <Button>{v.t('volunteering.submit')}</Button>
      </form>
    </>
  ))
}

const listPage = async (c: Ctx) => {
  const rows = await listVolunteers(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('volunteering.list') }, (v) => (
    <>
      <h1>{v.t('volunteering.list')}</h1>
      <Table
        id="volunteers"
        caption={v.t('volunteering.list')}
        captionHidden
        rows={rows}
        empty={v.t('volunteering.none')}
        columns={[
          {
            header: v.t('volunteering.name'),
            cell: (r) => <a href={`/staff/volunteers/${r.a.id}`}>{r.name ?? '—'}</a>,
          },
          { header: v.t('volunteering.role'), cell: (r) => v.t(`volunteering.role.${r.a.role}`) },
          {
            header: v.t('volunteering.status'),
            cell: (r) => <StatusTag tone="info">{v.t(`volunteering.status.${r.a.status}`)}</StatusTag>,
          },
          { header: v.t('volunteering.applied'), cell: (r) => formatDate(v.locale, r.a.createdAt) },
        ]}
      />
    </>
  ))
}

/**
 * Staff accounts a volunteer can be linked to: digital guides (in a team or not), tutors and help-desk
 * agents (IT supporters).
 */
async function staffAccounts(c: Ctx) {
  const db = c.var.db
  const [teams, free, tutors, agents] = await Promise.all([
    listTeams(db),
    freeGuides(db),
    listTutors(db, c.var.actor).catch(() => []),
    teamAgents(db, c.var.actor).catch(() => []),
  ])
  const guides = new Map<string, string>()
  for (const t of teams) for (const m of t.members) guides.set(m.staffId, m.displayName)
  for (const g of free) guides.set(g.id, g.displayName)
  return [
    ...[...guides].map(([id, name]) => ({ id, name, key: 'volunteering.staffGuide' })),
    ...tutors.map((t) => ({ id: t.id, name: t.name, key: 'volunteering.staffTutor' })),
    ...agents.map((a) => ({ id: a.id, name: a.name, key: 'volunteering.staffAgent' })),
  ]
}

const detailPage = async (c: Ctx, id: string, form?: FormState, status = 200) => {
  const now = c.var.deps.now()
  const x = await getVolunteer(c.var.db, c.var.actor, id, { ip: null, now })
  const actor = c.var.actor
  const canLog = actor.kind === 'staff' && scopeFor(actor.role, 'volunteering:log') !== null
  const f =
    form ??
    emptyForm({
      version: String(x.a.version),
      trainingCourseId: x.a.trainingCourseId ?? '',
      staffUserId: x.a.staffUserId ?? '',
    })
  const sessions = await browse(c.var.db, {}, now)
  const courses = new Map(sessions.map((r) => [r.course.id, r.course]))
  if (x.course) courses.set(x.course.id, x.course)
  const accounts = await staffAccounts(c)
  const collected = c.req.query('added')
  return renderPage(c, { title: `${x.name} — ${c.var.t('volunteering.review')}`, status }, (v) => {
    const staff = accounts.map((a) => ({ value: a.id, label: v.t(a.key, { name: a.name }) }))
    return (
      <>
        <ErrorSummary v={v} form={f} />
        {collected !== undefined ? (
          <NotificationBanner
            v={v}
            variant="success"
            id="collected"
            heading={v.t('volunteering.collected', {
              added: collected,
              hours: hoursText(v.locale, Number(c.req.query('minutes') ?? 0) || 0),
            })}
          >
            {null}
          </NotificationBanner>
        ) : null}
        <h1>
          {x.name} — {v.t('volunteering.review')}
        </h1>
        <SummaryList
          v={v}
          rows={[
            { key: v.t('volunteering.reference'), value: x.reference },
            { key: v.t('volunteering.role'), value: v.t(`volunteering.role.${x.a.role}`) },
            { key: v.t('volunteering.status'), value: v.t(`volunteering.status.${x.a.status}`) },
            { key: v.t('volunteering.motivation'), value: x.motivation ?? '' },
            { key: v.t('volunteering.availability'), value: x.availability ?? '' },
            {
              key: v.t('volunteering.interviewAt'),
              value: x.a.interviewAt ? formatDateTime(v.locale, x.a.interviewAt) : v.t('common.none'),
            },
            {
              key: v.t('volunteering.training'),
              value: x.course ? (
                <>
                  <a href={`/learn/courses/${x.course.id}`}>
                    {v.locale === 'en' ? x.course.titleEn : x.course.titleKo}
                  </a>
                  {x.trainingCertificate ? (
                    <>
                      <br />
                      {v.t('volunteering.trainingCert', {
                        code: x.trainingCertificate.code,
                        date: formatDate(v.locale, x.trainingCertificate.issuedAt),
                      })}
                    </>
                  ) : null}
                </>
              ) : (
                v.t('common.none')
              ),
            },
            { key: v.t('volunteering.certificate'), value: x.a.certificateNo ?? v.t('common.none') },
            {
              key: v.t('volunteering.staffUser'),
              value: staff.find((o) => o.value === x.a.staffUserId)?.label ?? v.t('volunteering.staffNone'),
            },
            { key: v.t('volunteering.comment'), value: x.review ?? v.t('common.none') },
            { key: v.t('volunteering.hours'), value: hm(v, x.minutes) },
          ]}
        />
        <h2>{v.t('volunteering.action')}</h2>
        <form method="post" action={`/staff/volunteers/${x.a.id}`} novalidate>
          <Csrf v={v} />
          <input type="hidden" name="version" value={String(x.a.version)} />
          <Radios
            v={v}
            form={f}
            name="action"
            label={v.t('volunteering.action')}
            options={REVIEW_ACTIONS.map((a) => ({ value: a, label: v.t(`volunteering.action.${a}`) }))}
          />
          <TextField
            v={v}
            form={f}
            name="interviewAt"
            required={false}
            width="medium"
            label={v.t('volunteering.interviewAt')}
            hint={v.t('volunteering.interviewHint')}
          />
          <Select
            v={v}
            form={f}
            name="trainingCourseId"
            required={false}
            label={v.t('volunteering.course')}
            placeholder={v.t('volunteering.coursePick')}
            options={[...courses.values()].map((k) => ({
              value: k.id,
              label: v.locale === 'en' ? k.titleEn : k.titleKo,
            }))}
          />
          <TextField v={v} form={f} name="placeId" required={false} label={v.t('volunteering.place')} />
          <Select
            v={v}
            form={f}
            name="staffUserId"
            required={false}
            label={v.t('volunteering.staffUser')}
            hint={v.t('volunteering.staffHint')}
            placeholder={v.t('volunteering.staffNone')}
            options={staff}
          />
          <Textarea
            v={v}
            form={f}
            name="comment"
            required={false}
            rows={3}
            label={v.t('volunteering.comment')}
          />
          <Button>{v.t('volunteering.save')}</Button>
        </form>
        {canLog ? (
          <>
            <h2>{v.t('volunteering.logHours')}</h2>
            <form method="post" action={`/staff/volunteers/${x.a.id}/hours`} novalidate>
              <Csrf v={v} />
              <TextField
                v={v}
                form={f}
                name="day"
                type="date"
                width="medium"
                label={v.t('volunteering.day')}
              />
              <TextField
                v={v}
                form={f}
                name="minutes"
                type="number"
                width="short"
                label={v.t('volunteering.minutes')}
              />
              <Select
                v={v}
                form={f}
                name="activity"
                label={v.t('volunteering.activity')}
                options={ACTIVITIES.map((a) => ({ value: a, label: v.t(`volunteering.activity.${a}`) }))}
              />
              <TextField
                v={v}
                form={f}
                name="sourceRef"
                required={false}
                label={v.t('volunteering.sourceRef')}
              />
              <Button>{v.t('volunteering.logHours')}</Button>
            </form>
            <form method="post" action={`/staff/volunteers/${x.a.id}/collect`}>
              <Csrf v={v} />
              <Button variant="secondary">{v.t('volunteering.collect')}</Button>
            </form>
          </>
        ) : null}
        <h2>{v.t('volunteering.certificates')}</h2>
        <Table
          id="certificates"
          caption={v.t('volunteering.certificates')}
          captionHidden
          rows={x.certificates}
          empty={v.t('common.none')}
          columns={[
            { header: v.t('volunteering.issuedAt'), cell: (r) => formatDate(v.locale, r.issuedAt) },
            { header: v.t('volunteering.hours'), cell: (r) => hm(v, r.minutes) },
            {
              header: v.t('volunteering.code'),
              cell: (r) => (
                <a href={`/api/v1/volunteering/hours-certificates/${r.id}/pdf`}>
                  {v.t('volunteering.certificatePdf', { code: r.code })}
                </a>
              ),
            },
          ]}
        />
        <form method="post" action={`/staff/volunteers/${x.a.id}/certificates`}>
          <Csrf v={v} />
          <Button variant="secondary">{v.t('volunteering.issue')}</Button>
        </form>
        <Table
          id="hours"
          caption={v.t('volunteering.hours')}
          rows={x.hours}
          empty={v.t('common.none')}
          columns={[
            { header: v.t('volunteering.day'), cell: (h) => h.day },
            { header: v.t('volunteering.activity'), cell: (h) => v.t(`volunteering.activity.${h.activity}`) },
            { header: v.t('volunteering.minutes'), cell: (h) => String(h.minutes) },
            { header: v.t('volunteering.source'), cell: (h) => hoursSourceText(v, h) },
          ]}
        />
      </>
    )
  })
}

export const volunteeringNav = (v: View): NavItem[] =>
  v.actor.kind === 'staff' && scopeFor(v.actor.role, 'volunteering:review')
    ? [{ href: '/staff/volunteers', label: v.t('volunteering.nav') }]
    : []

const staffPost = (
  path: string,
  access: 'volunteering:log' | 'volunteering:review',
  summary: string,
  run: (c: Ctx, id: string) => Promise<Response>,
) =>
  page({
    method: 'POST',
    path,
    access,
    summary,
    handle: async (c) => {
      const id = c.req.param('id') ?? ''
      return withForm(
        c,
        {},
        () => run(c, id),
        (form, status) => detailPage(c, id, form, status),
      )
    },
  })

export const volunteeringPages = [
  page({
    method: 'GET',
    path: '/volunteer',
    access: 'public',
    summary: '50+ volunteering: what it is; my applications',
    handle: doorPage,
  }),
  page({
    method: 'GET',
    path: '/volunteer/apply',
    access: 'citizen',
    summary: 'Apply to volunteer (50+)',
    handle: (c) => applyPage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/volunteer/apply',
    access: 'citizen',
    summary: 'Sends a 50+ volunteering application (texts encrypted)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await applyToVolunteer(c.var.db, c.var.actor, parse(ApplyInput, values), c.var.deps.now())
          return c.redirect('/volunteer?sent=1', 303)
        },
        (form, status) => applyPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/volunteers',
    access: 'volunteering:review',
    summary: '50+ volunteer applications',
    handle: listPage,
  }),
  page({
    method: 'GET',
    path: '/staff/volunteers/:id',
    access: 'volunteering:review',
    summary: 'A volunteer application: review steps and hours (read logged)',
    handle: (c) => detailPage(c, c.req.param('id') ?? ''),
  }),
  page({
    method: 'POST',
    path: '/staff/volunteers/:id',
    access: 'volunteering:review',
    summary: 'Interview, training, certification, assignment or decline (version check, audited)',
    handle: async (c) => {
      const id = c.req.param('id') ?? ''
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await reviewVolunteer(c.var.db, c.var.actor, id, parse(ReviewInput, values), c.var.deps.now())
          return c.redirect(`/staff/volunteers/${id}`, 303)
        },
        (form, status) => detailPage(c, id, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/volunteers/:id/hours',
    access: 'volunteering:log',
    summary: 'Logs volunteer hours (a shift, class or question counts once)',
    handle: async (c) => {
      const id = c.req.param('id') ?? ''
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await logHours(c.var.db, c.var.actor, id, parse(HoursInput, values), c.var.deps.now())
          return c.redirect(`/staff/volunteers/${id}`, 303)
        },
        (form, status) => detailPage(c, id, form, status),
      )
    },
  }),
  staffPost(
    '/staff/volunteers/:id/collect',
    'volunteering:log',
    'Counts hours from finished guide shifts, tutored classes and resolved help-desk tickets (each once per person)',
    async (c, id) => {
      const r = await collectHours(c.var.db, c.var.actor, id, c.var.deps.now())
      return c.redirect(`/staff/volunteers/${id}?added=${r.added}&minutes=${r.minutes}`, 303)
    },
  ),
  staffPost(
    '/staff/volunteers/:id/certificates',
    'volunteering:review',
    'Issues a certificate of volunteer hours with a verification code (audited)',
    async (c, id) => {
      await issueHoursCertificate(c.var.db, c.var.actor, id, c.var.deps.now())
      return c.redirect(`/staff/volunteers/${id}#certificates`, 303)
    },
  ),
  page({
    method: 'GET',
    path: '/volunteer/certificates/:code',
    access: 'public',
    summary: 'Checks a certificate of volunteer hours by its code',
    handle: async (c) => {
      const r = await verifyHoursCertificate(c.var.db, c.req.param('code') ?? '')
      return renderPage(c, { title: c.var.t('volunteering.verify.title') }, (v) => (
        <>
          <h1>{v.t('volunteering.verify.title')}</h1>
          <NotificationBanner
            v={v}
            variant="success"
            id="valid"
            heading={v.t('volunteering.verify.valid', {
              name: r.name ?? '',
              role: v.t(`volunteering.roleShort.${r.a.role}`),
              hours: hm(v, r.cert.minutes),
              date: formatDate(v.locale, r.cert.issuedAt),
            })}
          >
            {null}
          </NotificationBanner>
        </>
      ))
    },
  }),
]
