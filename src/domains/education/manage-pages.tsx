/**
 * Staff pages for the catalogue (courses, sessions, online lectures) and tutors, plus the citizen's
 * SMS-link page and the recorded-lecture page. Plain forms (POST → 303 → GET); no script needed.
 */
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import {
  Button,
  ButtonGroup,
  Checkboxes,
  ErrorSummary,
  Fieldset,
  Radios,
  Select,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import { CLASS_SMALL_CELL, practiceSummaryFor, stuckStepsFor } from '../kiosk/service.ts'
import { listDistricts, listPlaces } from '../reference/service.ts'
import {
  addWalkIn,
  lectureOf,
  linkPage,
  listTutors,
  saveLecture,
  saveTutorProfile,
  scheduleSession,
  suggestTutors,
  tutorDetail,
  updateCourse,
  updateSessionSettings,
} from './manage.ts'
import * as mrepo from './manage-repo.ts'
import { CourseForm, SessionForm, SessionSettingsForm, TutorProfileForm } from './manage-schema.ts'
import { type Recommendation, recommend } from './recommend.ts'
import * as repo from './repo.ts'
import { SessionChange } from './schema.ts'
import { cancelEnrolment, changeSession, createCourse, sessionDetail, sessionRoster } from './service.ts'
import { rememberPublicUrl } from './sms-link.ts'
import { ACCESSIBILITY, FORMATS, GOALS, LEVELS } from './tables.ts'

const LANGS = ['ko', 'en', 'zh', 'vi', 'ksl'] as const
const DAYS = [1, 2, 3, 4, 5, 6, 0] as const
const idParam = (c: Ctx, name = 'id') => c.req.param(name) ?? ''
const title = (v: View, c: { titleKo: string; titleEn: string }) =>
  v.locale === 'ko' ? c.titleKo : c.titleEn
const opts = (v: View, prefix: string, values: readonly string[]) =>
  values.map((x) => ({ value: x, label: v.t(`${prefix}.${x}`) }))
const kstParts = (d: Date) => {
  const s = new Date(d.getTime() + 9 * 3_600_000).toISOString()
  return { day: s.slice(0, 10), time: s.slice(11, 16) }
}
/** Renames an error's field keys in place (schema paths → the form's field names). */
function renameFields(e: AppError, rename: (k: string) => string) {
  for (const bag of [e.fields, e.fieldParams] as Record<string, unknown>[])
    for (const k of Object.keys(bag)) {
      const n = rename(k)
      if (n === k) continue
      if (!(n in bag)) bag[n] = bag[k]
      delete bag[k]
    }
}
const arr = (x: unknown): string[] => (Array.isArray(x) ? x.map(String) : x == null ? [] : [String(x)])

// ── courses ─────────────────────────────────────────────────────────────────────────────────────

const COURSE_ARRAYS = ['goals', 'prerequisites', 'accessibility', 'languages'] as const

function courseValues(c: repo.CourseRow): Record<string, unknown> {
  return {
    titleKo: c.titleKo,
    titleEn: c.titleEn,
    whoKo: c.whoKo,
    whoEn: c.whoEn,
    level: c.level,
    format: c.format,
    topics: c.topics.join('\n'),
    goals: c.goals,
    durationMinutes: String(c.durationMinutes),
    prerequisites: c.prerequisites,
    accessibility: c.accessibility,
    languages: c.languages,
    completionPercent: String(c.completionPercent),
    videoUrl: c.videoUrl ?? '',
    captionsVtt: c.captionsVtt ?? '',
    transcriptKo: c.transcriptKo ?? '',
    transcriptEn: c.transcriptEn ?? '',
  }
}

async function courseFormPage(c: Ctx, existing: repo.CourseRow | undefined, form: FormState, status = 200) {
  const all = (await repo.listCourses(c.var.db)).filter((x) => x.id !== existing?.id)
  const heading = existing
    ? c.var.t('education.manage.editCourse', { course: existing.titleKo })
    : c.var.t('education.manage.newCourse')
  const action = existing ? `/staff/learn/courses/${existing.id}` : '/staff/learn/courses'
  return renderPage(c, { title: heading, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{existing ? v.t('education.manage.editCourse', { course: title(v, existing) }) : heading}</h1>
      <form method="post" action={action} novalidate>
        <Csrf v={v} />
        <TextField v={v} form={form} name="titleKo" label={v.t('education.manage.titleKo')} />
        <TextField v={v} form={form} name="titleEn" label={v.t('education.manage.titleEn')} />
        <TextField
          v={v}
          form={form}
          name="whoKo"
          label={v.t('education.manage.whoKo')}
          hint={v.t('education.manage.whoHint')}
        />
        <TextField v={v} form={form} name="whoEn" label={v.t('education.manage.whoEn')} />
        <Radios
          v={v}
          form={form}
          name="level"
          label={v.t('education.field.level')}
          options={opts(v, 'education.level', LEVELS)}
        />
        <Radios
          v={v}
          form={form}
          name="format"
          label={v.t('education.field.format')}
          options={opts(v, 'education.format', FORMATS)}
        />
        <Checkboxes
          v={v}
          form={form}
          name="goals"
          label={v.t('education.manage.goals')}
          required={false}
          options={opts(v, 'education.goal', GOALS)}
        />
        <Textarea
          v={v}
          form={form}
          name="topics"
          rows={3}
          required={false}
          label={v.t('education.field.topics')}
          hint={v.t('education.manage.topicsHint')}
        />
        <TextField
          v={v}
          form={form}
          name="durationMinutes"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('education.manage.durationMinutes')}
        />
        <TextField
          v={v}
          form={form}
          name="completionPercent"
          type="number"
          inputmode="numeric"
          width="short"
          label={v.t('education.manage.completionPercent')}
        />
        {all.length ? (
          <Checkboxes
            v={v}
            form={form}
            name="prerequisites"
            required={false}
            label={v.t('education.field.prerequisites')}
            options={all.map((x) => ({ value: x.id, label: title(v, x) }))}
          />
        ) : null}
        <Checkboxes
          v={v}
          form={form}
          name="accessibility"
          required={false}
          label={v.t('education.field.accessibility')}
          options={opts(v, 'education.access', ACCESSIBILITY)}
        />
        <Checkboxes
          v={v}
          form={form}
          name="languages"
          label={v.t('education.field.languages')}
          options={opts(v, 'education.language', LANGS)}
        />
        <Fieldset legend={v.t('education.manage.lecture')} hint={v.t('education.manage.lectureHint')}>
          <TextField
            v={v}
            form={form}
            name="videoUrl"
            type="text"
            inputmode="text"
            required={false}
            label={v.t('education.manage.videoUrl')}
          />
          <Textarea
            v={v}
            form={form}
            name="captionsVtt"
            rows={6}
            required={false}
            label={v.t('education.manage.captionsVtt')}
            hint={v.t('education.manage.captionsHint')}
          />
          <Textarea
            v={v}
            form={form}
            name="transcriptKo"
            rows={6}
            required={false}
            label={v.t('education.manage.transcriptKo')}
          />
          <Textarea
            v={v}
            form={form}
            name="transcriptEn"
            rows={6}
            required={false}
            label={v.t('education.manage.transcriptEn')}
          />
        </Fieldset>
        <Button>{v.t('education.manage.saveCourse')}</Button>
      </form>
    </>
  ))
}

async function coursesPage(c: Ctx) {
  const all = await repo.listCourses(c.var.db)
  return renderPage(c, { title: c.var.t('education.manage.courses') }, (v) => (
    <>
      <h1>{v.t('education.manage.courses')}</h1>
      <ButtonGroup>
        <Button href="/staff/learn/courses/new">{v.t('education.manage.newCourse')}</Button>
        <Button href="/staff/learn/tutors" variant="secondary">
          {v.t('education.tutors.title')}
        </Button>
      </ButtonGroup>
      <div class="table-wrap">
        <table class="table">
          <caption class="sr-only">{v.t('education.manage.courses')}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('education.timetable.course')}</th>
              <th scope="col">{v.t('education.field.level')}</th>
              <th scope="col">{v.t('education.field.format')}</th>
              <th scope="col">{v.t('education.manage.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {all.map((x) => (
              <tr>
                <td>
                  <a href={`/learn/courses/${x.id}`}>{title(v, x)}</a>
                </td>
                <td>{v.t(`education.level.${x.level}`)}</td>
                <td>{v.t(`education.format.${x.format}`)}</td>
                <td>
                  <a href={`/staff/learn/courses/${x.id}/edit`}>
                    {v.t('education.manage.editLink', { course: title(v, x) })}
                  </a>
                  <br />
                  <a href={`/staff/learn/courses/${x.id}/sessions/new`}>
                    {v.t('education.manage.newSessionLink', { course: title(v, x) })}
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  ))
}

async function saveCourseForm(c: Ctx, existing: repo.CourseRow | undefined) {
  const values = formToObject(await c.req.formData(), COURSE_ARRAYS)
  return withForm(
    c,
    values,
    async () => {
      const input = parse(CourseForm, values)
      const now = c.var.deps.now()
      const course = existing
        ? await updateCourse(c.var.db, c.var.actor, existing.id, input.course, now)
        : await createCourse(c.var.db, c.var.actor, input.course, now)
      await saveLecture(c.var.db, c.var.actor, course.id, input.lecture, now)
      return c.redirect(
        existing ? '/staff/learn/courses' : `/staff/learn/courses/${course.id}/sessions/new`,
        303,
      )
    },
    (f, s) => courseFormPage(c, existing, f, s),
    // nested schema paths (course.titleKo) → the form's field names (titleKo)
    (e) => renameFields(e, (k) => k.replace(/^\w+\./, '')),
  )
}

async function courseOr404(c: Ctx) {
  const id = idParam(c)
  const found = /^[0-9a-f-]{36}$/i.test(id) ? await repo.findCourse(c.var.db, id) : undefined
  if (!found) throw new AppError('not_found', 'education.course.notFound')
  return found
}

// ── sessions ────────────────────────────────────────────────────────────────────────────────────

async function venueOptions(c: Ctx, district: string | undefined, keep?: string | null) {
  const list = district
    ? (
        await listPlaces(c.var.db, {
          district,
          page: 1,
          perPage: 200,
          kinds: ['digital_learning_center', 'senior_welfare_center', 'community_service_center', 'library'],
        })
      ).items
    : []
  const used = (await repo.listSessions(c.var.db, { now: new Date(0) }))
    .filter((r) => r.session.placeId)
    .map((r) => ({ id: r.session.placeId!, nameKo: r.placeName ?? '', nameEn: r.placeNameEn }))
  const seen = new Set<string>()
  const out: { value: string; label: string }[] = []
  for (const p of [...list, ...used]) {
    if (seen.has(p.id)) continue
    seen.add(p.id)
    out.push({ value: p.id, label: c.var.locale === 'ko' ? p.nameKo : (p.nameEn ?? p.nameKo) })
  }
  if (keep && !seen.has(keep)) {
    const p = await repo.findPlace(c.var.db, keep)
    if (p) out.push({ value: p.id, label: c.var.locale === 'ko' ? p.nameKo : (p.nameEn ?? p.nameKo) })
  }
  return out
}

async function tutorOptions(c: Ctx) {
  return (await mrepo.tutors(c.var.db)).map((t) => ({
    value: t.id,
    label: t.profile?.peerVolunteer ? `${t.name} (${c.var.t('education.tutors.peer')})` : t.name,
  }))
}

async function sessionFormPage(c: Ctx, course: repo.CourseRow, form: FormState, status = 200) {
  const q = c.req.query('district')
  const district = q && /^\d{5}$/.test(q) ? q : undefined
  const [districts, venues, tutors] = await Promise.all([
    listDistricts(c.var.db),
    venueOptions(c, district, typeof form.values.placeId === 'string' ? form.values.placeId : null),
    tutorOptions(c),
  ])
  return renderPage(
    c,
    { title: c.var.t('education.manage.newSession', { course: course.titleKo }), status },
    (v) => (
      <>
        <ErrorSummary v={v} form={form} />
        <h1>{v.t('education.manage.newSession', { course: title(v, course) })}</h1>
        <form method="get" action={`/staff/learn/courses/${course.id}/sessions/new`} class="inline-form">
          <Select
            v={v}
            name="district"
            label={v.t('education.manage.venueDistrict')}
            required={false}
            value={district ?? ''}
            placeholder={v.t('education.any')}
            options={districts.map((d) => ({
              value: d.code,
              label: v.locale === 'ko' ? d.nameKo : d.nameEn,
            }))}
          />
          <Button variant="secondary">{v.t('education.manage.showVenues')}</Button>
        </form>
        <form method="post" action={`/staff/learn/courses/${course.id}/sessions`} novalidate>
          <Csrf v={v} />
          <Select
            v={v}
            form={form}
            name="placeId"
            required={false}
            label={v.t('education.manage.venue')}
            hint={v.t('education.manage.venueHint')}
            placeholder={v.t('education.manage.noVenue')}
            options={venues}
          />
          <TextField
            v={v}
            form={form}
            name="busStop"
            required={false}
            label={v.t('education.manage.busStop')}
          />
          <TextField
            v={v}
            form={form}
            name="firstDay"
            type="date"
            width="medium"
            label={v.t('education.manage.firstDay')}
          />
          <TextField
            v={v}
            form={form}
            name="time"
            type="time"
            width="medium"
            label={v.t('education.manage.time')}
          />
          <Radios
            v={v}
            form={form}
            name="repeat"
            label={v.t('education.manage.repeat')}
            options={[
              { value: 'once', label: v.t('education.manage.once') },
              { value: 'weekly', label: v.t('education.manage.weekly') },
            ]}
          />
          <TextField
            v={v}
            form={form}
            name="meetings"
            type="number"
            inputmode="numeric"
            width="short"
            required={false}
            label={v.t('education.manage.meetings')}
            hint={v.t('education.manage.meetingsHint')}
          />
          <TextField
            v={v}
            form={form}
            name="capacity"
            type="number"
            inputmode="numeric"
            width="short"
            label={v.t('education.manage.capacity')}
          />
          {tutors.length ? (
            <Checkboxes
              v={v}
              form={form}
              name="tutorIds"
              required={false}
              label={v.t('education.manage.tutors')}
              options={tutors}
            />
          ) : null}
          <TextField
            v={v}
            form={form}
            name="opensDay"
            type="date"
            width="medium"
            label={v.t('education.manage.opensDay')}
          />
          <TextField
            v={v}
            form={form}
            name="opensTime"
            type="time"
            width="medium"
            required={false}
            label={v.t('education.manage.opensTime')}
          />
          {course.format === 'live_video' ? (
            <TextField
              v={v}
              form={form}
              name="liveUrl"
              required={false}
              label={v.t('education.manage.liveUrl')}
              hint={v.t('education.manage.liveUrlHint')}
            />
          ) : null}
          <Button>{v.t('education.manage.saveSession')}</Button>
        </form>
      </>
    ),
  )
}

/** Renames nested schema paths (session.firstDay, session.opensAt) to the form's field names. */
function flatten(e: AppError) {
  const rename = (k: string) => {
    const n = k.replace(/^\w+\./, '')
    return n === 'opensAt' ? 'opensDay' : n === 'weekly' ? 'repeat' : n
  }
  renameFields(e, rename)
}

async function sessionEditPage(c: Ctx, form?: FormState, status = 200) {
  const d = await sessionDetail(c.var.db, idParam(c))
  const course = (await repo.findCourse(c.var.db, d.session.courseId))!
  const [venues, suggestions] = await Promise.all([
    venueOptions(c, d.session.districtCode ?? undefined, d.session.placeId),
    suggestTutors(c.var.db, c.var.actor, d.session.id),
  ])
  const opens = kstParts(d.session.opensAt)
  const settings =
    form && 'capacity' in form.values
      ? form
      : emptyForm({
          capacity: String(d.session.capacity),
          opensDay: opens.day,
          opensTime: opens.time,
          liveUrl: d.session.liveUrl ?? '',
        })
  const change = form && !('capacity' in form.values) ? form : emptyForm({ placeId: d.session.placeId ?? '' })
  const current = d.tutors.map((t) => t.id)
  return renderPage(
    c,
    { title: c.var.t('education.manage.editSession', { course: course.titleKo }), status },
    (v) => (
      <>
        <ErrorSummary v={v} form={form} />
        <h1>{v.t('education.manage.editSession', { course: title(v, course) })}</h1>
        <p class="lead">
          {formatDateTime(v.locale, d.session.startsAt)} ·{' '}
          {v.t('education.staff.counts', {
            enrolled: d.enrolled,
            capacity: d.session.capacity,
            waitlisted: d.waitlisted,
          })}
        </p>
        <p>
          <a href={`/staff/learn/sessions/${d.session.id}`}>{v.t('education.manage.peopleLink')}</a>
        </p>
        <h2>{v.t('education.manage.settings')}</h2>
        <form method="post" action={`/staff/learn/sessions/${d.session.id}/settings`} novalidate>
          <Csrf v={v} />
          <TextField
            v={v}
            form={settings}
            name="capacity"
            type="number"
            inputmode="numeric"
            width="short"
            label={v.t('education.manage.capacity')}
          />
          <TextField
            v={v}
            form={settings}
            name="opensDay"
            type="date"
            width="medium"
            label={v.t('education.manage.opensDay')}
          />
          <TextField
            v={v}
            form={settings}
            name="opensTime"
            type="time"
            width="medium"
            label={v.t('education.manage.opensTime')}
          />
          <TextField
            v={v}
            form={settings}
            name="liveUrl"
            required={false}
            label={v.t('education.manage.liveUrl')}
            hint={v.t('education.manage.liveUrlHint')}
          />
          <Button>{v.t('education.manage.saveSettings')}</Button>
        </form>
        <h2>{v.t('education.manage.venueAndTutors')}</h2>
        <p>{v.t('education.manage.changeWarning')}</p>
        <form method="post" action={`/staff/learn/sessions/${d.session.id}/change`} novalidate>
          <Csrf v={v} />
          <Select
            v={v}
            form={change}
            name="placeId"
            required={false}
            label={v.t('education.manage.venue')}
            placeholder={v.t('education.manage.noVenue')}
            options={venues}
          />
          <TextField
            v={v}
            form={change}
            name="busStop"
            required={false}
            label={v.t('education.manage.busStop')}
          />
          <Button variant="secondary">{v.t('education.manage.saveVenue')}</Button>
        </form>
        <h3>{v.t('education.manage.tutors')}</h3>
        {d.tutors.length ? (
          <ul>
            {d.tutors.map((t) => (
              <li>{t.name}</li>
            ))}
          </ul>
        ) : (
          <p>{v.t('education.manage.noTutors')}</p>
        )}
        <h3>{v.t('education.suggest.title')}</h3>
        {suggestions.length === 0 ? (
          <p>{v.t('education.suggest.none')}</p>
        ) : (
          <ul class="link-list">
            {suggestions.map((s) => (
              <li>
                <p>
                  <strong>{s.name}</strong> — {s.reasons.map((k) => v.t(k)).join(' ')}
                </p>
                <form method="post" action={`/staff/learn/sessions/${d.session.id}/change`}>
                  <Csrf v={v} />
                  {[...current, s.id].map((id) => (
                    <input type="hidden" name="tutorIds" value={id} />
                  ))}
                  <Button variant="secondary" small>
                    {v.t('education.suggest.assign', { name: s.name })}
                  </Button>
                </form>
              </li>
            ))}
          </ul>
        )}
      </>
    ),
  )
}

// ── tutors ──────────────────────────────────────────────────────────────────────────────────────

async function tutorsPage(c: Ctx) {
  const all = await listTutors(c.var.db, c.var.actor)
  return renderPage(c, { title: c.var.t('education.tutors.title') }, (v) => (
    <>
      <h1>{v.t('education.tutors.title')}</h1>
      <p>{v.t('education.tutors.lead')}</p>
      {all.length === 0 ? (
        <p>{v.t('common.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">{v.t('education.tutors.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{v.t('education.tutors.name')}</th>
                <th scope="col">{v.t('education.tutors.skills')}</th>
                <th scope="col">{v.t('education.field.languages')}</th>
                <th scope="col">{v.t('education.tutors.availability')}</th>
              </tr>
            </thead>
            <tbody>
              {all.map((t) => (
                <tr>
                  <td>
                    <a href={`/staff/learn/tutors/${t.id}`}>{t.name}</a>
                    {t.profile?.peerVolunteer ? ` (${v.t('education.tutors.peer')})` : ''}
                  </td>
                  <td>
                    {(t.profile?.skills ?? []).map((s) => v.t(`education.goal.${s}`)).join(', ') ||
                      v.t('education.tutors.noProfile')}
                  </td>
                  <td>
                    {(t.profile?.languages ?? ['ko']).map((l) => v.t(`education.language.${l}`)).join(', ')}
                  </td>
                  <td>
                    {(t.profile?.availability ?? [])
                      .map((a) => `${v.t(`education.day.${a.day}`)} ${a.from}–${a.to}`)
                      .join(', ') || '-'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  ))
}

async function tutorPage(c: Ctx, form?: FormState, status = 200) {
  const now = c.var.deps.now()
  const t = await tutorDetail(c.var.db, c.var.actor, idParam(c), now)
  const districts = await listDistricts(c.var.db)
  const p = t.profile
  const values: Record<string, unknown> = {
    skills: p?.skills ?? [],
    languages: p?.languages ?? ['ko'],
    districts: p?.districts ?? [],
    peerVolunteer: p?.peerVolunteer ? 'yes' : 'no',
  }
  for (const a of p?.availability ?? []) {
    values[`from${a.day}`] = a.from
    values[`to${a.day}`] = a.to
  }
  const f = form ?? emptyForm(values)
  return renderPage(c, { title: c.var.t('education.tutors.profile', { name: t.name }), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('education.tutors.profile', { name: t.name })}</h1>
      <form method="post" action={`/staff/learn/tutors/${t.id}`} novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={f}
          name="peerVolunteer"
          label={v.t('education.tutors.peerQuestion')}
          options={[
            { value: 'yes', label: v.t('common.yes') },
            { value: 'no', label: v.t('common.no') },
          ]}
        />
        <Checkboxes
          v={v}
          form={f}
          name="skills"
          required={false}
          label={v.t('education.tutors.skills')}
          options={opts(v, 'education.goal', GOALS)}
        />
        <Checkboxes
          v={v}
          form={f}
          name="languages"
          label={v.t('education.field.languages')}
          options={opts(v, 'education.language', LANGS)}
        />
        <Checkboxes
          v={v}
          form={f}
          name="districts"
          required={false}
          label={v.t('education.tutors.districts')}
          options={districts.map((d) => ({ value: d.code, label: v.locale === 'ko' ? d.nameKo : d.nameEn }))}
        />
        <Fieldset
          legend={v.t('education.tutors.availability')}
          hint={v.t('education.tutors.availabilityHint')}
        >
          {DAYS.map((d) => (
            <div class="inline-form">
              <TextField
                v={v}
                form={f}
                name={`from${d}`}
                type="time"
                width="medium"
                required={false}
                label={v.t('education.tutors.from', { day: v.t(`education.day.${d}`) })}
              />
              <TextField
                v={v}
                form={f}
                name={`to${d}`}
                type="time"
                width="medium"
                required={false}
                label={v.t('education.tutors.to', { day: v.t(`education.day.${d}`) })}
              />
            </div>
          ))}
        </Fieldset>
        <Button>{v.t('education.tutors.save')}</Button>
      </form>
      <h2>{v.t('education.tutors.sessions')}</h2>
      {t.sessions.length === 0 ? (
        <p>{v.t('common.none')}</p>
      ) : (
        <ul class="link-list">
          {t.sessions.map((s) => (
            <li>
              <a href={`/staff/learn/sessions/${s.session.id}/edit`}>
                {formatDateTime(v.locale, s.session.startsAt)} {title(v, s)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  ))
}

// ── citizen: the SMS link and the recorded lecture ──────────────────────────────────────────────

async function linkGetPage(c: Ctx) {
  rememberPublicUrl(c.var.deps.config.PUBLIC_URL)
  const r = await linkPage(c.var.db, c.var.actor, idParam(c, 'code'))
  const done = c.req.query('done') === '1'
  const back = `/c/${r.code}`
  return renderPage(c, { title: c.var.t('education.link.title') }, (v) => (
    <>
      <h1>{v.t('education.link.title')}</h1>
      {done ? (
        <p class="lead" role="status">
          {v.t('education.link.cancelled')}
        </p>
      ) : null}
      {r.state === 'verify' ? (
        <>
          <p class="lead">{v.t('education.link.verifyFirst')}</p>
          <Button href={`/verify?next=${encodeURIComponent(back)}`}>{v.t('education.link.verify')}</Button>
        </>
      ) : r.state === 'other' ? (
        <p class="lead">{v.t('education.link.otherPerson')}</p>
      ) : r.places.length === 0 ? (
        <p>{v.t('education.me.none')}</p>
      ) : (
        <ul class="link-list">
          {r.places.map((p) => (
            <li>
              <p>
                <strong>{title(v, p.course)}</strong> — {formatDateTime(v.locale, p.session.startsAt)} ·{' '}
                {p.placeName ?? p.session.busStop ?? ''}
              </p>
              <p>
                {p.enrolment.status === 'enrolled'
                  ? v.t('education.status.enrolled')
                  : v.t('education.status.waitlistedAt', { n: p.position ?? 1 })}
              </p>
              <form method="post" action={`/c/${r.code}/cancel`}>
                <Csrf v={v} />
                <input type="hidden" name="enrolmentId" value={p.enrolment.id} />
                <Button variant="warning">
                  {v.t('education.link.cancel', { course: title(v, p.course) })}
                </Button>
              </form>
            </li>
          ))}
        </ul>
      )}
    </>
  ))
}

async function lecturePage(c: Ctx) {
  const co = await lectureOf(c.var.db, idParam(c))
  const transcript =
    (c.var.locale === 'ko' ? co.transcriptKo : co.transcriptEn) ?? co.transcriptKo ?? co.transcriptEn
  const isFile = co.videoUrl && /\.(mp4|webm|m4v|ogv)(\?|$)/i.test(co.videoUrl)
  return renderPage(c, { title: c.var.t('education.lecture.title', { course: co.titleKo }) }, (v) => (
    <>
      <h1>{v.t('education.lecture.title', { course: title(v, co) })}</h1>
      <p class="lead">{v.locale === 'ko' ? co.whoKo : co.whoEn}</p>
      {co.videoUrl && isFile && co.captionsVtt ? (
        <video controls preload="metadata" class="edu-video" aria-describedby="edu-transcript-h">
          <source src={co.videoUrl} />
          <track
            kind="captions"
            src={`/api/v1/courses/${co.id}/captions.vtt`}
            srclang={co.languages[0] ?? 'ko'}
            label={v.t('education.lecture.captions')}
            default
          />
        </video>
      ) : null}
      {co.videoUrl ? (
        <p>
          <a href={co.videoUrl} rel="noopener noreferrer">
            {v.t('education.lecture.open')}
          </a>
        </p>
      ) : null}
      {co.captionsVtt ? (
        <p>
          <a href={`/api/v1/courses/${co.id}/captions.vtt`}>{v.t('education.lecture.captionsFile')}</a>
        </p>
      ) : null}
      <h2 id="edu-transcript-h">{v.t('education.lecture.transcript')}</h2>
      {transcript ? (
        <div class="edu-transcript">
          {transcript
            .split(/\n{2,}/)
            .map((para) => para.trim())
            .filter(Boolean)
            .map((para) => (
              <p>{para}</p>
            ))}
        </div>
      ) : (
        <p>{v.t('education.lecture.noTranscript')}</p>
      )}
    </>
  ))
}

// ── the tutor's class overview ──────────────────────────────────────────────────────────────────

async function classPage(c: Ctx) {
  const r = await sessionRoster(c.var.db, c.var.actor, idParam(c), metaOf(c))
  const course = (await repo.findCourse(c.var.db, r.session.courseId))!
  const enrolled = r.people.filter((p) => p.status === 'enrolled')
  const ids = enrolled.map((p) => p.personId)
  const [all, practice, stuck, total] = await Promise.all([
    repo.listCourses(c.var.db),
    practiceSummaryFor(c.var.db, ids),
    stuckStepsFor(c.var.db, ids),
    repo.meetingCount(c.var.db, r.session.id),
  ])
  const rows: ((typeof enrolled)[number] & { attended: number; next: Recommendation | undefined })[] = []
  for (const p of enrolled) {
    const [attended, done] = await Promise.all([
      repo.attendedCount(c.var.db, p.id),
      repo.completedCourseIds(c.var.db, p.personId),
    ])
    const next = recommend(
      all.filter((x) => x.id !== course.id),
      done,
      course.goals,
      1,
      practice.filter((x) => x.personId === p.personId),
    )[0]
    rows.push({ ...p, attended, next })
  }
  const kioskText = (v: View, t: { ko: string; en: string } | null, fallback: string) =>
    t ? t[v.locale] : fallback
  return renderPage(c, { title: c.var.t('education.class.title', { course: course.titleKo }) }, (v) => (
    <>
      <h1>{v.t('education.class.title', { course: title(v, course) })}</h1>
      <p class="lead">
        {formatDateTime(v.locale, r.session.startsAt)} ·{' '}
        {v.t('education.staff.counts', {
          enrolled: r.enrolled,
          capacity: r.session.capacity,
          waitlisted: r.waitlisted,
        })}
      </p>
      <h2>{v.t('education.staff.meetings')}</h2>
      <ul class="link-list">
        {r.meetings.map((m) => (
          <li>
            <a href={`/teach/meetings/${m.id}`}>{formatDateTime(v.locale, m.startsAt)}</a>
          </li>
        ))}
      </ul>
      <h2>{v.t('education.class.learners')}</h2>
      {rows.length === 0 ? (
        <p>{v.t('common.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption class="sr-only">{v.t('education.class.learners')}</caption>
            <thead>
              <tr>
                <th scope="col">{v.t('education.tutors.name')}</th>
                <th scope="col">{v.t('education.class.attended')}</th>
                <th scope="col">{v.t('education.next.title')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr>
                  <td>{p.name ?? '-'}</td>
                  <td>{v.t('education.class.attendedOf', { n: p.attended, total })}</td>
                  <td>
                    {p.next ? (
                      <>
                        <a href={`/learn/courses/${p.next.course.id}`}>{title(v, p.next.course)}</a> —{' '}
                        {p.next.reasons.map((k) => v.t(k)).join(' ')}
                      </>
                    ) : (
                      '-'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{v.t('education.class.kiosk')}</h2>
      <p>{v.t('education.class.kioskLead', { n: CLASS_SMALL_CELL })}</p>
      {stuck.length === 0 ? (
        <p>{v.t('education.class.kioskNone')}</p>
      ) : (
        <ul class="link-list" id="edu-kiosk-stuck">
          {stuck.map((st) => (
            <li>
              <strong>{kioskText(v, st.scenarioTitle, st.scenario)}</strong> —{' '}
              {kioskText(v, st.screenTitle, st.screen)}:{' '}
              {st.suppressed
                ? v.t('education.class.kioskFew', { n: CLASS_SMALL_CELL })
                : v.t('education.class.kioskPeople', { n: st.people, of: st.practised })}
            </li>
          ))}
        </ul>
      )}
    </>
  ))
}

// ── routes ──────────────────────────────────────────────────────────────────────────────────────

export const manageSessionsArrays = ['tutorIds'] as const

export const educationManagePages = [
  page({
    method: 'GET',
    path: '/staff/learn/courses',
    access: 'education:manage',
    summary: 'The catalogue for programme managers: add and change courses, schedule sessions',
    handle: coursesPage,
  }),
  page({
    method: 'GET',
    path: '/staff/learn/courses/new',
    access: 'education:manage',
    summary: 'Form: a new course',
    handle: (c) =>
      courseFormPage(
        c,
        undefined,
        emptyForm({
          level: 'basic',
          format: 'class',
          languages: ['ko'],
          completionPercent: '80',
          durationMinutes: '90',
        }),
      ),
  }),
  page({
    method: 'POST',
    path: '/staff/learn/courses',
    access: 'education:manage',
    summary: 'Adds a course (and its recorded lecture, if any)',
    handle: (c) => saveCourseForm(c, undefined),
  }),
  page({
    method: 'GET',
    path: '/staff/learn/courses/:id/edit',
    access: 'education:manage',
    summary: 'Form: change a course, its recorded lecture, captions and transcript',
    handle: async (c) => {
      const co = await courseOr404(c)
      return courseFormPage(c, co, emptyForm(courseValues(co)))
    },
  }),
  page({
    method: 'POST',
    path: '/staff/learn/courses/:id',
    access: 'education:manage',
    summary: 'Saves a course',
    handle: async (c) => saveCourseForm(c, await courseOr404(c)),
  }),
  page({
    method: 'GET',
    path: '/staff/learn/courses/:id/sessions/new',
    access: 'education:manage',
    summary:
      'Form: schedule a session (one-off or weekly, holidays skipped), venue or bus stop, seats, tutors',
    handle: async (c) =>
      sessionFormPage(
        c,
        await courseOr404(c),
        emptyForm({ repeat: 'once', meetings: '1', opensTime: '09:00' }),
      ),
  }),
  page({
    method: 'POST',
    path: '/staff/learn/courses/:id/sessions',
    access: 'education:manage',
    summary: 'Schedules a session (tutors never double-booked)',
    handle: async (c) => {
      const course = await courseOr404(c)
      const values = formToObject(await c.req.formData(), manageSessionsArrays)
      return withForm(
        c,
        values,
        async () => {
          const input = parse(SessionForm, values)
          const r = await scheduleSession(c.var.db, c.var.actor, course.id, input, c.var.deps.now())
          return c.redirect(`/staff/learn/sessions/${r.session.id}/edit`, 303)
        },
        (f, s) => sessionFormPage(c, course, f, s),
        flatten,
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/learn/sessions/:id/edit',
    access: 'education:manage',
    summary: 'Form: a session’s seats, opening time, live link, venue and tutors, with tutor suggestions',
    handle: (c) => sessionEditPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/learn/sessions/:id/settings',
    access: 'education:manage',
    summary: 'Saves seats (never below those taken), registration opening and live link',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          await updateSessionSettings(
            c.var.db,
            c.var.actor,
            idParam(c),
            parse(SessionSettingsForm, values),
            c.var.deps.now(),
          )
          return c.redirect(`/staff/learn/sessions/${idParam(c)}/edit`, 303)
        },
        (f, s) => sessionEditPage(c, f, s),
        flatten,
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/learn/sessions/:id/change',
    access: 'education:manage',
    summary: 'Changes venue or tutors; everyone enrolled or waiting is told by SMS',
    handle: async (c) => {
      rememberPublicUrl(c.var.deps.config.PUBLIC_URL)
      const values = formToObject(await c.req.formData(), manageSessionsArrays)
      return withForm(
        c,
        values,
        async () => {
          const tutorIds = arr(values.tutorIds)
          const input = parse(SessionChange, {
            placeId: typeof values.placeId === 'string' && values.placeId ? values.placeId : undefined,
            busStop: typeof values.busStop === 'string' && values.busStop.trim() ? values.busStop : undefined,
            tutorIds: tutorIds.length ? tutorIds : undefined,
          })
          await changeSession(c.var.db, c.var.actor, idParam(c), input, c.var.deps.now())
          return c.redirect(`/staff/learn/sessions/${idParam(c)}/edit`, 303)
        },
        (f, s) => sessionEditPage(c, f, s),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/learn/tutors',
    access: 'education:manage',
    summary: 'Tutors (including volunteers 55+): skills, languages, availability',
    handle: tutorsPage,
  }),
  page({
    method: 'GET',
    path: '/staff/learn/tutors/:id',
    access: 'education:manage',
    summary: 'Form: a tutor’s skills, languages, districts and weekly availability',
    handle: (c) => tutorPage(c),
  }),
  page({
    method: 'POST',
    path: '/staff/learn/tutors/:id',
    access: 'education:manage',
    summary: 'Saves a tutor’s profile',
    handle: async (c) => {
      const values = formToObject(await c.req.formData(), ['skills', 'languages', 'districts'])
      return withForm(
        c,
        values,
        async () => {
          await saveTutorProfile(
            c.var.db,
            c.var.actor,
            idParam(c),
            parse(TutorProfileForm, values),
            c.var.deps.now(),
          )
          return c.redirect('/staff/learn/tutors', 303)
        },
        (f, s) => tutorPage(c, f, s),
        // availability.2.to → the weekday's field (to3 …)
        (e) =>
          renameFields(e, (k) => {
            const hit = /^availability\.(\d+)\.(from|to)$/.exec(k)
            if (!hit) return k
            const days = [0, 1, 2, 3, 4, 5, 6].filter((d) => values[`from${d}`] || values[`to${d}`])
            return `${hit[2]}${days[Number(hit[1])]}`
          }),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/teach/sessions/:id',
    access: 'education:teach',
    summary:
      'The tutor’s class: learners’ attendance, what each could learn next, where kiosk practice trips them up',
    handle: classPage,
  }),
  page({
    method: 'POST',
    path: '/teach/meetings/:id/walk-ins',
    access: 'education:teach',
    summary: 'Adds someone who came without signing up (no-JavaScript form; the key adds them once)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      const key = typeof values.key === 'string' && values.key.length >= 8 ? values.key : crypto.randomUUID()
      const name = typeof values.name === 'string' ? values.name.trim() : ''
      if (name)
        await addWalkIn(c.var.db, c.var.actor, idParam(c), { name: name.slice(0, 60), key }, metaOf(c))
      return c.redirect(`/teach/meetings/${idParam(c)}`, 303)
    },
  }),
  page({
    method: 'GET',
    path: '/c/:code',
    access: 'public',
    summary: 'The short link in education texts: verify by code, then see or cancel one’s places',
    handle: linkGetPage,
  }),
  page({
    method: 'POST',
    path: '/c/:code/cancel',
    access: 'citizen',
    summary: 'Cancels a place from the SMS link page (the first person waiting is promoted)',
    handle: async (c) => {
      rememberPublicUrl(c.var.deps.config.PUBLIC_URL)
      const r = await linkPage(c.var.db, c.var.actor, idParam(c, 'code'))
      if (r.state !== 'mine') throw new AppError('not_found', 'education.enrolment.notFound')
      const values = formToObject(await c.req.formData())
      const id = typeof values.enrolmentId === 'string' ? values.enrolmentId : ''
      await cancelEnrolment(c.var.db, c.var.actor, id, metaOf(c))
      return c.redirect(`/c/${r.code}?done=1`, 303)
    },
  }),
  page({
    method: 'GET',
    path: '/learn/courses/:id/lecture',
    access: 'public',
    summary: 'A recorded lecture with captions (WebVTT) and the full transcript',
    handle: lecturePage,
  }),
]
