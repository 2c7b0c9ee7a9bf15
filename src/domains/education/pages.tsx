import type { Child } from 'hono/jsx'
import { scopeFor } from '../../platform/auth/permissions.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ErrorSummary, Radios, Select, TextField } from '../../ui/components/form.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage, viewOf } from '../../ui/render.tsx'
import type { FormState, View } from '../../ui/view.ts'
import { practiceSummaryFor } from '../kiosk/service.ts'
import { ConsentFields } from '../people/fields.tsx'
import { CHANNELS, RELATIONSHIPS } from '../people/tables.ts'
import { listDistricts } from '../reference/service.ts'
import { walkInsOf } from './manage.ts'
import { recommend } from './recommend.ts'
import * as repo from './repo.ts'
import { BrowseQuery, StaffEnrolForm } from './schema.ts'
import {
  browse,
  cancelEnrolment,
  courseDetail,
  enrol,
  markAttendance,
  meetingRoster,
  myLearning,
  sessionDetail,
  sessionRoster,
  verifyCertificate,
} from './service.ts'
import { rememberPublicUrl } from './sms-link.ts'
import { GOALS, LEVELS } from './tables.ts'

const idParam = (c: Ctx, name = 'id') => c.req.param(name) ?? ''
const title = (v: View, c: { titleKo: string; titleEn: string }) =>
  v.locale === 'ko' ? c.titleKo : c.titleEn
const who = (v: View, c: { whoKo: string; whoEn: string }) => (v.locale === 'ko' ? c.whoKo : c.whoEn)
const where = (
  v: View,
  s: { placeName: string | null; placeNameEn?: string | null },
  busStop: string | null,
) =>
  (v.locale === 'en' ? (s.placeNameEn ?? s.placeName) : s.placeName) ??
  (busStop ? v.t('education.busStop', { stop: busStop }) : '')
const opts = (v: View, prefix: string, values: readonly string[]) =>
  values.map((x) => ({ value: x, label: v.t(`${prefix}.${x}`) }))

// ── citizen: browse, course, enrol ─────────────────────────────────────────────────────────────

async function learnPage(c: Ctx, q: ReturnType<typeof BrowseQuery.parse>) {
  const now = c.var.deps.now()
  const [rows, districts] = await Promise.all([browse(c.var.db, q, now), listDistricts(c.var.db)])
  return renderPage(c, { title: c.var.t('education.learn.title') }, (v) => (
    <>
      <h1>{v.t('education.learn.title')}</h1>
      <p class="lead">{v.t('education.learn.lead')}</p>
      <h2>{v.t('education.learn.goalQuestion')}</h2>
      <ul class="link-list">
        {GOALS.map((g) => (
          <li>
            <a href={`/learn?goal=${g}`} aria-current={q.goal === g ? 'true' : undefined}>
              {v.t(`education.goal.${g}`)}
            </a>
          </li>
        ))}
      </ul>
      <form method="get" action="/learn" class="inline-form">
        <input type="hidden" name="goal" value={q.goal ?? ''} />
        <Select
          v={v}
          name="district"
          label={v.t('education.field.district')}
          required={false}
          value={q.district ?? ''}
          placeholder={v.t('education.any')}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
        />
        <Select
          v={v}
          name="level"
          label={v.t('education.field.level')}
          required={false}
          value={q.level ?? ''}
          placeholder={v.t('education.any')}
          options={opts(v, 'education.level', LEVELS)}
        />
        <TextField
          v={v}
          name="from"
          type="date"
          label={v.t('education.field.from')}
          required={false}
          value={q.from ?? ''}
          width="medium"
        />
        <Button variant="secondary">{v.t('common.search')}</Button>
      </form>
      <h2>{v.t('education.learn.results', { n: rows.length })}</h2>
      {rows.length === 0 ? (
        <p>{v.t('education.learn.none')}</p>
      ) : (
        <ul class="link-list">
          {rows.map((r) => (
            <li>
              <a href={`/learn/courses/${r.course.id}`}>{title(v, r.course)}</a>
              <p>
                {formatDateTime(v.locale, r.session.startsAt)} · {where(v, r, r.session.busStop)} ·{' '}
                {v.t(`education.level.${r.course.level}`)} ·{' '}
                {r.session.taken < r.session.capacity
                  ? v.t('education.seatsLeft', { n: r.session.capacity - r.session.taken })
                  : v.t('education.full')}
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  ))
}

async function coursePage(c: Ctx) {
  const d = await courseDetail(c.var.db, idParam(c), c.var.deps.now())
  const co = d.course
  return renderPage(c, { title: c.var.locale === 'ko' ? co.titleKo : co.titleEn }, (v) => (
    <>
      <h1>{title(v, co)}</h1>
      <p class="lead">{who(v, co)}</p>
      <dl class="summary-list">
        {(
          [
            ['education.field.level', v.t(`education.level.${co.level}`)],
            ['education.field.format', v.t(`education.format.${co.format}`)],
            ['education.field.duration', v.t('education.minutes', { n: co.durationMinutes })],
            ['education.field.topics', co.topics.join(', ') || v.t('common.none')],
            [
              'education.field.accessibility',
              co.accessibility.map((a) => v.t(`education.access.${a}`)).join(', ') || v.t('common.none'),
            ],
            ['education.field.languages', co.languages.map((l) => v.t(`education.language.${l}`)).join(', ')],
            [
              'education.field.prerequisites',
              d.prereqs.map((p) => title(v, p)).join(', ') || v.t('common.none'),
            ],
          ] as const
        ).map(([k, val]) => (
          <div class="summary-list__row">
            <dt class="summary-list__key">{v.t(k)}</dt>
            <dd class="summary-list__value">{val}</dd>
          </div>
        ))}
      </dl>
      {co.videoUrl || co.transcriptKo || co.transcriptEn ? (
        <p>
          <a href={`/learn/courses/${co.id}/lecture`}>
            {v.t('education.lecture.link', { course: title(v, co) })}
          </a>
        </p>
      ) : null}
      <h2>{v.t('education.course.sessions')}</h2>
      {d.sessions.length === 0 ? (
        <p>{v.t('education.learn.none')}</p>
      ) : (
        <ul class="link-list">
          {d.sessions.map((r) => (
            <li>
              <p>
                <strong>{formatDateTime(v.locale, r.session.startsAt)}</strong> ·{' '}
                {where(v, r, r.session.busStop)} ·{' '}
                {r.session.taken < r.session.capacity
                  ? v.t('education.seatsLeft', { n: r.session.capacity - r.session.taken })
                  : v.t('education.fullWaitlist')}
              </p>
              {r.session.placeId ? (
                <p>
                  <a href={`/learn/venues/${encodeURIComponent(r.session.placeId)}/timetable`}>
                    {v.t('education.timetable.link')}
                  </a>
                </p>
              ) : null}
              <Button href={`/learn/sessions/${r.session.id}/enrol`}>
                {v.t('education.enrol.button', { date: formatDate(v.locale, r.session.startsAt) })}
              </Button>
            </li>
          ))}
        </ul>
      )}
      <p>{v.t('education.enrol.byPhone', { phone: v.city.helpPhone })}</p>
      {d.next.length ? (
        <>
          <h2>{v.t('education.course.after')}</h2>
          <ul class="link-list">
            {d.next.map((n) => (
              <li>
                <a href={`/learn/courses/${n.id}`}>{title(v, n)}</a>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  ))
}

async function enrolConfirm(c: Ctx, form?: FormState, status = 200) {
  const d = await sessionDetail(c.var.db, idParam(c))
  const course = (await repo.findCourse(c.var.db, d.session.courseId))!
  return renderPage(c, { title: c.var.t('education.enrol.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('education.enrol.title')}</h1>
      <p class="lead">{title(v, course)}</p>
      <ul>
        {d.meetings.map((m) => (
          <li>{formatDateTime(v.locale, m.startsAt)}</li>
        ))}
      </ul>
      <p>
        {d.enrolled < d.session.capacity
          ? v.t('education.seatsLeft', { n: d.session.capacity - d.enrolled })
          : v.t('education.enrol.willWait', { n: d.waitlisted })}
      </p>
      <form method="post" action={`/learn/sessions/${d.session.id}/enrol`}>
        <Csrf v={v} />
        <input type="hidden" name="key" value={crypto.randomUUID()} />
        <Button>{v.t('education.enrol.confirm')}</Button>
      </form>
    </>
  ))
}

/** What the citizen sees on /me and /me/learn: their places, certificates, what to learn next. */
async function myLearningSection(
  db: Parameters<typeof myLearning>[0],
  v: View,
  personId: string,
): Promise<Child> {
  const [rows, all, practice] = await Promise.all([
    myLearning(db, personId),
    repo.listCourses(db),
    practiceSummaryFor(db, [personId]),
  ])
  const recs = recommend(
    all,
    rows.filter((r) => r.certificate).map((r) => r.course.id),
    rows.flatMap((r) => r.course.goals),
    3,
    practice,
  )
  const live = rows.filter((r) => r.enrolment.status !== 'cancelled')
  return (
    <section class="section">
      <h2>{v.t('education.me.title')}</h2>
      {live.length === 0 ? (
        <p>
          {v.t('education.me.none')} <a href="/learn">{v.t('education.me.find')}</a>
        </p>
      ) : (
        <ul class="link-list">
          {live.map((r) => (
            <li>
              <p>
                <strong>{title(v, r.course)}</strong> — {formatDateTime(v.locale, r.session.startsAt)} ·{' '}
                {r.placeName ?? r.session.busStop ?? ''}
              </p>
              <p>
                {r.enrolment.status === 'enrolled'
                  ? v.t('education.status.enrolled')
                  : v.t('education.status.waitlistedAt', { n: r.position ?? 1 })}
              </p>
              {r.enrolment.status === 'enrolled' && r.session.liveUrl ? (
                <p>
                  <a href={r.session.liveUrl} rel="noopener noreferrer">
                    {v.t('education.live.join', { course: title(v, r.course) })}
                  </a>
                </p>
              ) : null}
              {r.course.videoUrl || r.course.transcriptKo || r.course.transcriptEn ? (
                <p>
                  <a href={`/learn/courses/${r.course.id}/lecture`}>
                    {v.t('education.lecture.link', { course: title(v, r.course) })}
                  </a>
                </p>
              ) : null}
              {r.certificate ? (
                <p>
                  <a href={`/api/v1/certificates/${r.certificate.id}/pdf`}>
                    {v.t('education.me.certificate')}
                  </a>{' '}
                  ({v.t('education.cert.code', { code: r.certificate.code })})
                </p>
              ) : (
                <form method="post" action={`/learn/enrolments/${r.enrolment.id}/cancel`}>
                  <Csrf v={v} />
                  <Button variant="secondary" small>
                    {v.t('education.me.cancel')}
                  </Button>
                </form>
              )}
            </li>
          ))}
        </ul>
      )}
      {recs.length ? (
        <>
          <h3>{v.t('education.next.title')}</h3>
          <ul class="link-list">
            {recs.map((r) => (
              <li>
                <a href={`/learn/courses/${r.course.id}`}>{title(v, r.course)}</a> —{' '}
                {r.reasons.map((k) => v.t(k)).join(' ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}

export { myLearningSection }

// ── staff and tutors ────────────────────────────────────────────────────────────────────────────

export const educationNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const items = []
  if (scopeFor(v.actor.role, 'education:read') || scopeFor(v.actor.role, 'education:teach'))
    items.push({ href: '/staff/learn', label: v.t('education.staff.title') })
  if (scopeFor(v.actor.role, 'education:manage'))
    items.push({ href: '/staff/learn/courses', label: v.t('education.manage.courses') })
  return items
}

async function staffSessionPage(c: Ctx, form?: FormState, status = 200) {
  const r = await sessionRoster(c.var.db, c.var.actor, idParam(c), metaOf(c))
  const course = (await repo.findCourse(c.var.db, r.session.courseId))!
  const mayEnrol = c.var.actor.kind === 'staff' && !!scopeFor(c.var.actor.role, 'education:enrol')
  return renderPage(
    c,
    { title: c.var.t('education.staff.session', { course: course.titleKo }), status },
    (v) => (
      <>
        <ErrorSummary v={v} form={form} />
        <h1>{v.t('education.staff.session', { course: title(v, course) })}</h1>
        <p>
          {v.t('education.staff.counts', {
            enrolled: r.enrolled,
            capacity: r.session.capacity,
            waitlisted: r.waitlisted,
          })}
        </p>
        {c.var.actor.kind === 'staff' && scopeFor(c.var.actor.role, 'education:manage') ? (
          <p>
            <a href={`/staff/learn/sessions/${r.session.id}/edit`}>
              {v.t('education.manage.editSessionLink')}
            </a>
          </p>
        ) : null}
        <h2>{v.t('education.staff.meetings')}</h2>
        <ul class="link-list">
          {r.meetings.map((m) => (
            <li>
              <a href={`/teach/meetings/${m.id}`}>{formatDateTime(v.locale, m.startsAt)}</a>
            </li>
          ))}
        </ul>
        <h2>{v.t('education.staff.people')}</h2>
        {r.people.length === 0 ? (
          <p>{v.t('common.none')}</p>
        ) : (
          <ul class="link-list">
            {r.people.map((p) => (
              <li>
                {p.name ?? '-'} —{' '}
                {p.status === 'enrolled'
                  ? v.t('education.status.enrolled')
                  : v.t('education.status.waitlisted')}{' '}
                ({v.t(`people.channel.${p.channel}`)})
                {mayEnrol ? (
                  <form method="post" action={`/staff/learn/enrolments/${p.id}/cancel`} class="inline-form">
                    <Csrf v={v} />
                    <input type="hidden" name="session" value={r.session.id} />
                    <Button variant="secondary" small>
                      {v.t('education.staff.cancel', { name: p.name ?? '' })}
                    </Button>
                  </form>
                ) : null}
              </li>
            ))}
          </ul>
        )}
        {mayEnrol ? (
          <form method="post" action={`/staff/learn/sessions/${r.session.id}/enrol`} novalidate>
            <Csrf v={v} />
            <h2>{v.t('education.staff.enrolTitle')}</h2>
            <Radios
              v={v}
              form={form}
              name="channel"
              label={v.t('people.field.channel')}
              options={opts(v, 'people.channel', CHANNELS)}
            />
            <Radios
              v={v}
              form={form}
              name="relationship"
              label={v.t('people.field.relationship')}
              options={opts(v, 'people.relationship', RELATIONSHIPS)}
            />
            <TextField
              v={v}
              form={form}
              name="name"
              label={v.t('people.field.name')}
              autocomplete="off"
              width="medium"
            />
            <TextField
              v={v}
              form={form}
              name="birthDate"
              type="date"
              label={v.t('people.field.birthDate')}
              width="medium"
            />
            <TextField
              v={v}
              form={form}
              name="phone"
              type="tel"
              label={v.t('people.field.phone')}
              inputmode="tel"
              width="medium"
            />
            <ConsentFields v={v} form={form} />
            <Button>{v.t('education.staff.enrolSubmit')}</Button>
          </form>
        ) : null}
      </>
    ),
  )
}

async function rosterPage(c: Ctx) {
  const r = await meetingRoster(c.var.db, c.var.actor, idParam(c), metaOf(c))
  const marks = new Map(r.marks.map((m) => [m.enrolmentId, m.present]))
  const walkIns = await walkInsOf(c.var.db, r.meeting.id)
  return renderPage(c, { title: c.var.t('education.roster.title') }, (v) => (
    <div
      id="edu-roster"
      class="edu-roster"
      data-meeting={r.meeting.id}
      data-csrf={v.csrfToken}
      data-msg-present={v.t('education.roster.present')}
      data-msg-absent={v.t('education.roster.absent')}
      data-msg-waiting={v.t('education.roster.waiting')}
      data-msg-pending={v.t('education.roster.pending')}
      data-msg-synced={v.t('education.roster.synced')}
      data-msg-failed={v.t('education.roster.failed')}
    >
      <h1>{v.t('education.roster.title')}</h1>
      <p class="lead">
        {title(v, r.course)} — {formatDateTime(v.locale, r.meeting.startsAt)}
      </p>
      <p>
        <a href={`/teach/sessions/${r.session.id}`}>{v.t('education.class.link')}</a>
      </p>
      <p id="edu-sync" role="status" aria-live="polite"></p>
      {r.people.length === 0 ? (
        <p>{v.t('common.none')}</p>
      ) : (
        <ul class="link-list">
          {r.people.map((p) => {
            const mark = marks.get(p.id)
            return (
              <li>
                <form method="post" action={`/teach/meetings/${r.meeting.id}/attendance`} class="edu-mark">
                  <Csrf v={v} />
                  <input type="hidden" name="enrolmentId" value={p.id} />
                  <p>
                    <strong>{p.name ?? '-'}</strong> —{' '}
                    <span
                      data-status-for={p.id}
                      data-mark={mark === undefined ? 'none' : mark ? 'present' : 'absent'}
                    >
                      {mark === undefined
                        ? v.t('education.roster.unmarked')
                        : mark
                          ? v.t('education.roster.present')
                          : v.t('education.roster.absent')}
                    </span>
                  </p>
                  <Button name="present" value="yes">
                    {v.t('education.roster.markPresent', { name: p.name ?? '' })}
                  </Button>{' '}
                  <Button name="present" value="no" variant="secondary">
                    {v.t('education.roster.markAbsent', { name: p.name ?? '' })}
                  </Button>
                </form>
              </li>
            )
          })}
        </ul>
      )}
      <h2>{v.t('education.walkIn.title')}</h2>
      <ul id="edu-walkins">
        {walkIns.map((w) => (
          <li>
            {w.name} — {v.t('education.roster.present')}
          </li>
        ))}
      </ul>
      {walkIns.length === 0 ? <p id="edu-walkins-none">{v.t('education.walkIn.none')}</p> : null}
      <form method="post" action={`/teach/meetings/${r.meeting.id}/walk-ins`} class="edu-walkin" novalidate>
        <Csrf v={v} />
        <input type="hidden" name="key" value={crypto.randomUUID()} />
        <TextField
          v={v}
          name="name"
          label={v.t('education.walkIn.name')}
          hint={v.t('education.walkIn.hint')}
          autocomplete="off"
          width="medium"
        />
        <Button variant="secondary">{v.t('education.walkIn.add')}</Button>
      </form>
      <script src="/static/education/roster.js" defer></script>
    </div>
  ))
}

async function timetablePage(c: Ctx) {
  const place = await repo.findPlace(c.var.db, idParam(c))
  if (!place) throw new AppError('not_found', 'education.venue.notFound')
  const items = await repo.meetingsFor(c.var.db, { placeId: place.id, from: c.var.deps.now() })
  return renderPage(c, { title: c.var.t('education.timetable.title', { place: place.nameKo }) }, (v) => (
    <div class="edu-print">
      <h1>
        {v.t('education.timetable.title', {
          place: v.locale === 'ko' ? place.nameKo : (place.nameEn ?? place.nameKo),
        })}
      </h1>
      <p class="lead">{place.address ?? ''}</p>
      {items.length === 0 ? (
        <p>{v.t('education.learn.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">{v.t('education.timetable.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{v.t('education.timetable.when')}</th>
                <th scope="col">{v.t('education.timetable.course')}</th>
                <th scope="col">{v.t('education.field.level')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr>
                  <td>{formatDateTime(v.locale, i.meeting.startsAt)}</td>
                  <td>{title(v, i)}</td>
                  <td>{v.t(`education.level.${i.level}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p>
        <a href={`/api/v1/venues/${encodeURIComponent(place.id)}/calendar.ics`}>
          {v.t('education.timetable.ics')}
        </a>
      </p>
    </div>
  ))
}

export const educationPages = [
  page({
    method: 'GET',
    path: '/learn',
    access: 'public',
    summary: 'Find a class: by goal ("what do you want to do?"), district, date, level',
    handle: async (c) => {
      const r = BrowseQuery.safeParse(c.req.query())
      return learnPage(c, r.success ? r.data : {})
    },
  }),
  page({
    method: 'GET',
    path: '/learn/courses/:id',
    access: 'public',
    summary: 'A course: who it is for, details, sessions',
    handle: coursePage,
  }),
  page({
    method: 'GET',
    path: '/learn/sessions/:id/enrol',
    access: 'citizen',
    summary: 'Confirm a place in a session',
    handle: (c) => enrolConfirm(c),
  }),
  page({
    method: 'POST',
    path: '/learn/sessions/:id/enrol',
    access: 'citizen',
    summary: 'Enrols the verified citizen (or puts them on the waitlist)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const key = typeof values.key === 'string' ? values.key.slice(0, 100) : null
          await enrol(
            c.var.db,
            c.var.actor,
            idParam(c),
            { relationship: 'self', consentGiven: true, consentMethod: 'online' },
            { ...metaOf(c), idempotencyKey: key },
          )
          return c.redirect('/me/learn', 303)
        },
        (f, s) => enrolConfirm(c, f, s),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/me/learn',
    access: 'citizen',
    summary: 'The citizen’s classes, waitlist places, certificates and what to learn next',
    handle: async (c) => {
      const actor = c.var.actor
      const personId = actor.kind === 'citizen' ? actor.personId : ''
      const v0 = viewOf(c)
      const section = await myLearningSection(c.var.db, v0, personId)
      return renderPage(c, { title: c.var.t('education.me.title') }, (v) => (
        <>
          <h1>{v.t('education.me.title')}</h1>
          {section}
        </>
      ))
    },
  }),
  page({
    method: 'POST',
    path: '/learn/enrolments/:id/cancel',
    access: 'citizen',
    summary: 'The citizen cancels their place (the first person waiting is promoted)',
    handle: async (c) => {
      rememberPublicUrl(c.var.deps.config.PUBLIC_URL)
      await cancelEnrolment(c.var.db, c.var.actor, idParam(c), metaOf(c))
      return c.redirect('/me/learn', 303)
    },
  }),
  page({
    method: 'GET',
    path: '/learn/venues/:id/timetable',
    access: 'public',
    summary: 'Printable large-print timetable of a venue',
    handle: timetablePage,
  }),
  page({
    method: 'GET',
    path: '/learn/certificates/:code',
    access: 'public',
    summary: 'Checks a completion certificate by its code',
    handle: async (c) => {
      const r = await verifyCertificate(c.var.db, idParam(c, 'code'))
      return renderPage(c, { title: c.var.t('education.verify.title') }, (v) => (
        <>
          <h1>{v.t('education.verify.title')}</h1>
          <p class="lead">
            {v.t('education.verify.valid', {
              name: r.name ? `${r.name.slice(0, 1)}○${r.name.slice(2)}` : '-',
              course: title(v, r.course),
              date: formatDate(v.locale, r.certificate.issuedAt),
            })}
          </p>
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/learn',
    access: 'staff',
    summary: 'Sessions for staff and tutors',
    handle: async (c) => {
      const actor = c.var.actor
      const now = c.var.deps.now()
      const tutorOnly = actor.kind === 'staff' && actor.role === 'tutor'
      const items =
        tutorOnly && actor.kind === 'staff'
          ? await repo.meetingsFor(c.var.db, { tutorId: actor.id, from: now })
          : []
      const sessions = tutorOnly ? [] : await browse(c.var.db, {}, now)
      return renderPage(c, { title: c.var.t('education.staff.title') }, (v) => (
        <>
          <h1>{v.t('education.staff.title')}</h1>
          {tutorOnly ? (
            <>
              <h2>{v.t('education.staff.myMeetings')}</h2>
              <ul class="link-list">
                {items.map((i) => (
                  <li>
                    <a href={`/teach/meetings/${i.meeting.id}`}>
                      {formatDateTime(v.locale, i.meeting.startsAt)} {title(v, i)}
                    </a>{' '}
                    (
                    <a href={`/teach/sessions/${i.sessionId}`}>
                      {v.t('education.class.short', { course: title(v, i) })}
                    </a>
                    )
                  </li>
                ))}
              </ul>
              {actor.kind === 'staff' ? (
                <p>
                  <a href={`/api/v1/tutors/${actor.id}/calendar.ics`}>{v.t('education.staff.myCalendar')}</a>
                </p>
              ) : null}
            </>
          ) : (
            <ul class="link-list">
              {sessions.map((r) => (
                <li>
                  <a href={`/staff/learn/sessions/${r.session.id}`}>
                    {formatDateTime(v.locale, r.session.startsAt)} {title(v, r.course)}
                  </a>{' '}
                  ({r.session.taken}/{r.session.capacity})
                </li>
              ))}
            </ul>
          )}
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/learn/sessions/:id',
    access: 'education:read',
    summary: 'A session’s people (org-scoped) and the phone/walk-in enrolment form',
    handle: (c) => staffSessionPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/learn/sessions/:id/enrol',
    access: 'education:enrol',
    summary: 'Staff enrol a caller or walk-in (channel, proxy and consent recorded)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const input = parse(StaffEnrolForm, values)
          await enrol(c.var.db, c.var.actor, idParam(c), input, metaOf(c))
          return c.redirect(`/staff/learn/sessions/${idParam(c)}`, 303)
        },
        (f, s) => staffSessionPage(c, f, s),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/learn/enrolments/:id/cancel',
    access: 'education:enrol',
    summary: 'Staff cancel a place (the first person waiting is promoted and told by SMS)',
    handle: async (c) => {
      rememberPublicUrl(c.var.deps.config.PUBLIC_URL)
      const values = formToObject(await c.req.formData())
      await cancelEnrolment(c.var.db, c.var.actor, idParam(c), metaOf(c))
      const s =
        typeof values.session === 'string' && /^[0-9a-f-]{36}$/.test(values.session) ? values.session : ''
      return c.redirect(s ? `/staff/learn/sessions/${s}` : '/staff/learn', 303)
    },
  }),
  page({
    method: 'GET',
    path: '/teach/meetings/:id',
    access: 'education:teach',
    summary: 'The tutor’s roster of one meeting (phone-sized)',
    handle: rosterPage,
  }),
  page({
    method: 'POST',
    path: '/teach/meetings/:id/attendance',
    access: 'education:teach',
    summary: 'Marks one person present or absent (the certificate is issued when the rule is met)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      const enrolmentId = typeof values.enrolmentId === 'string' ? values.enrolmentId : ''
      await markAttendance(
        c.var.db,
        c.var.actor,
        idParam(c),
        { enrolmentId, present: values.present === 'yes' },
        metaOf(c),
      )
      return c.redirect(`/teach/meetings/${idParam(c)}`, 303)
    },
  }),
]
