import type { Child } from 'hono/jsx'
import { accessReview, isAfterHours } from '../../platform/audit/review.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import { endSession } from '../../platform/auth/session.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { clearCookie, readCookie, writeCookie } from '../../platform/http/cookies.ts'
import { AppError } from '../../platform/http/errors.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { safeBack } from '../../platform/http/redirect.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { page } from '../../platform/http/route.ts'
import { formatDate, formatDateTime, formatPhone } from '../../platform/i18n/format.ts'
import {
  Button,
  ErrorSummary,
  Fieldset,
  fieldId,
  Radios,
  Select,
  Textarea,
  TextField,
} from '../../ui/components/form.tsx'
import { formStateFrom, withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage, viewOf } from '../../ui/render.tsx'
import { emptyForm, type FormState, valueOf as typed, type View } from '../../ui/view.ts'
import { ConsentFields } from './fields.tsx'
import { personHooks } from './hooks.ts'
import * as repo from './repo.ts'
import {
  ExportInput,
  MergeInput,
  MonthQuery,
  PeopleSearch,
  RegisterPerson,
  SensitiveConsentInput,
  VerifyCodeForm,
  VerifyStartForm,
} from './schema.ts'
import {
  confirmVerification,
  exportPerson,
  mergePersons,
  myRecord,
  recordSensitiveConsentFor,
  registerPerson,
  requestErasureFor,
  requestOwnErasure,
  revokeOwnConsent,
  searchPeople,
  startVerification,
  viewPerson,
} from './service.ts'
import { CHANNELS, RELATIONSHIPS, SENSITIVE_CATEGORIES } from './tables.ts'

const VERIFY_COOKIE = 'gachi_verify'

/** The request facts services need: client IP, clock, user agent, language. */

/** Date of birth as three boxes (GOV.UK date input) with autocomplete bday-*; errors go on `birthDate`. */
const DateOfBirth = ({ v, form, legend }: { v: View; form: FormState; legend: string }) => {
  const id = fieldId('birthDate')
  const error = form.errors.birthDate
  const part = (name: string, label: string, auto: string, width: string, max: number, first = false) => (
    <div class="date-input__item">
      <label class="field-label" for={first ? id : `${id}-${name}`}>
        {label}
      </label>
      <input
        id={first ? id : `${id}-${name}`}
        name={name}
        class={`input input--${width}`}
        inputmode="numeric"
        autocomplete={auto}
        maxlength={max}
        value={typed(form, name)}
        aria-invalid={error ? 'true' : undefined}
      />
    </div>
  )
  return (
    <div class={error ? 'field field--error' : 'field'}>
      <Fieldset
        legend={legend}
        hint={v.t('people.verify.birthHint')}
        id={id}
        describedby={[`${id}-hint`, error ? `${id}-error` : ''].filter(Boolean).join(' ')}
        error={
          error ? (
            <p id={`${id}-error`} class="field-error">
              <span class="sr-only">{v.t('error.prefix')}</span> {error}
            </p>
          ) : null
        }
      >
        <div class="date-input">
          {part('birthYear', v.t('people.date.year'), 'bday-year', 'short', 4, true)}
          {part('birthMonth', v.t('people.date.month'), 'bday-month', 'short', 2)}
          {part('birthDay', v.t('people.date.day'), 'bday-day', 'short', 2)}
        </div>
      </Fieldset>
    </div>
  )
}

// ── citizen: verify ─────────────────────────────────────────────────────────────────────────────

const verifyPage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('people.verify.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('people.verify.title')}</h1>
      <p class="lead">{v.t('people.verify.lead')}</p>
      <form method="post" action="/verify" novalidate>
        <Csrf v={v} />
        <input type="hidden" name="next" value={typed(form, 'next')} />
        <TextField
          v={v}
          form={form}
          name="name"
          label={v.t('people.field.name')}
          autocomplete="name"
          width="medium"
        />
        <DateOfBirth v={v} form={form} legend={v.t('people.field.birthDate')} />
        <TextField
          v={v}
          form={form}
          name="phone"
          type="tel"
          label={v.t('people.field.phone')}
          hint={v.t('people.verify.phoneHint')}
          autocomplete="tel"
          inputmode="tel"
          width="medium"
        />
        <p>{v.t('people.verify.noRrn')}</p>
        <Button>{v.t('people.verify.send')}</Button>
      </form>
      <p>{v.t('people.verify.byPhone', { phone: formatPhone(v.city.helpPhone) })}</p>
    </>
  ))

const codePage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('people.verify.codeTitle'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('people.verify.codeTitle')}</h1>
      <p class="lead">{v.t('people.verify.codeLead')}</p>
      <form method="post" action="/verify/code" novalidate>
        <Csrf v={v} />
        <input type="hidden" name="next" value={typed(form, 'next')} />
        <TextField
          v={v}
          form={form}
          name="code"
          label={v.t('people.verify.code')}
          hint={v.t('people.verify.codeHint')}
          autocomplete="one-time-code"
          inputmode="numeric"
          maxlength={7}
          width="short"
          value=""
        />
        <Button>{v.t('people.verify.confirm')}</Button>
      </form>
      <p>
        <a href="/verify">{v.t('people.verify.again')}</a>
      </p>
    </>
  ))

// ── citizen: /me ────────────────────────────────────────────────────────────────────────────────

const Section = ({ title, children }: { title: string; children: Child }) => (
  <section class="section">
    <h2>{title}</h2>
    {children}
  </section>
)

async function mePage(c: Ctx) {
  const actor = c.var.actor
  const mine = await myRecord(c.var.db, actor)
  const personId = actor.kind === 'citizen' ? actor.personId : ''
  // other domains' sections ("what is theirs"), in registration order
  const extra: Child[] = []
  const v0 = viewOf(c)
  for (const h of personHooks())
    if (h.meSection) extra.push(await h.meSection({ db: c.var.db, v: v0, personId }))
  return renderPage(c, { title: c.var.t('people.me.title') }, (v) => {
    const p = mine.person
    const active = mine.consents.filter((x) => !x.revokedAt)
    return (
      <>
        <h1>{v.t('people.me.title')}</h1>
        <p class="lead">{v.t('people.me.lead', { name: p.name ?? '' })}</p>
        <Section title={v.t('people.me.details')}>
          <dl class="summary-list">
            <div class="summary-list__row">
              <dt class="summary-list__key">{v.t('people.field.name')}</dt>
              <dd class="summary-list__value">{p.name}</dd>
            </div>
            <div class="summary-list__row">
              <dt class="summary-list__key">{v.t('people.field.birthDate')}</dt>
              <dd class="summary-list__value">
                {p.birthDate ? formatDate(v.locale, `${p.birthDate}T12:00:00Z`) : ''}
              </dd>
            </div>
            <div class="summary-list__row">
              <dt class="summary-list__key">{v.t('people.field.phone')}</dt>
              <dd class="summary-list__value">{p.phone ? formatPhone(p.phone) : ''}</dd>
            </div>
          </dl>
        </Section>
        {extra}
        <Section title={v.t('people.consent.title')}>
          {active.length === 0 ? (
            <p>{v.t('people.consent.none')}</p>
          ) : (
            <ul class="link-list">
              {active.map((x) => (
                <li>
                  <p>
                    {v.t(`people.category.${x.category}`)} — {x.purpose} ({formatDate(v.locale, x.givenAt)})
                  </p>
                  <form method="post" action={`/me/consents/${x.id}/revoke`}>
                    <Csrf v={v} />
                    <Button variant="warning">
                      {v.t('people.consent.revoke', { category: v.t(`people.category.${x.category}`) })}
                    </Button>
                  </form>
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title={v.t('people.erase.title')}>
          {mine.erasure?.status === 'pending' ? (
            <p>{v.t('people.erase.pending', { date: formatDate(v.locale, mine.erasure.dueAt) })}</p>
          ) : (
            <>
              <p>{v.t('people.erase.lead')}</p>
              <Button variant="secondary" href="/me/erase">
                {v.t('people.erase.start')}
              </Button>
            </>
          )}
        </Section>
        <form method="post" action="/staff/sign-out">
          <Csrf v={v} />
          <Button variant="secondary">{v.t('people.me.signOut')}</Button>
        </form>
      </>
    )
  })
}

// ── staff ───────────────────────────────────────────────────────────────────────────────────────

export const peopleNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const items = []
  if (scopeFor(v.actor.role, 'people:read'))
    items.push({ href: '/staff/people', label: v.t('people.staff.title') })
  if (scopeFor(v.actor.role, 'audit:review'))
    items.push({ href: '/admin/access-review', label: v.t('people.review.title') })
  return items
}

const options = (v: View, prefix: string, values: readonly string[]) =>
  values.map((x) => ({ value: x, label: v.t(`${prefix}.${x}`) }))

const registerPage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('people.register.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('people.register.title')}</h1>
      <p class="lead">{v.t('people.register.lead')}</p>
      <form method="post" action="/staff/people/new" novalidate>
        <Csrf v={v} />
        <Radios
          v={v}
          form={form}
          name="channel"
          label={v.t('people.field.channel')}
          options={options(v, 'people.channel', CHANNELS)}
        />
        <Radios
          v={v}
          form={form}
          name="relationship"
          label={v.t('people.field.relationship')}
          options={options(v, 'people.relationship', RELATIONSHIPS)}
        />
        <TextField
          v={v}
          form={form}
          name="name"
          label={v.t('people.field.name')}
          autocomplete="off"
          width="medium"
        />
        <DateOfBirth v={v} form={form} legend={v.t('people.field.birthDate')} />
        <TextField
          v={v}
          form={form}
          name="phone"
          type="tel"
          label={v.t('people.field.phone')}
          inputmode="tel"
          width="medium"
        />
        <TextField v={v} form={form} name="address" label={v.t('people.field.address')} required={false} />
        <TextField
          v={v}
          form={form}
          name="districtCode"
          label={v.t('people.field.district')}
          hint={v.t('people.field.districtHint')}
          required={false}
          inputmode="numeric"
          width="short"
        />
        <Radios
          v={v}
          form={form}
          name="preferredLanguage"
          label={v.t('people.field.language')}
          options={[
            { value: 'ko', label: v.t('lang.ko') },
            { value: 'en', label: v.t('lang.en') },
          ]}
        />
        <ConsentFields v={v} form={form} />
        <Textarea
          v={v}
          form={form}
          name="note"
          label={v.t('people.field.note')}
          hint={v.t('people.field.noteHint')}
          required={false}
          rows={3}
        />
        <Button>{v.t('people.register.submit')}</Button>
      </form>
    </>
  ))

const joinBirth = (o: Record<string, unknown>) => {
  const parts = [o.birthYear, o.birthMonth, o.birthDay].map((x) => (typeof x === 'string' ? x.trim() : ''))
  const [y, m, d] = parts as [string, string, string]
  return y || m || d ? `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : ''
}

async function personPage(c: Ctx, id: string, form?: FormState, status = 200) {
  const r = await viewPerson(c.var.db, c.var.actor, id, metaOf(c))
  const p = r.person
  return renderPage(c, { title: p.name ?? c.var.t('people.staff.erasedName'), status }, (v) => {
    const role = v.actor.kind === 'staff' ? v.actor.role : 'analyst'
    return (
      <>
        <ErrorSummary v={v} form={form} />
        <h1>{p.name ?? v.t('people.staff.erasedName')}</h1>
        <dl class="summary-list">
          {(
            [
              ['people.field.birthDate', p.birthDate ?? ''],
              ['people.field.phone', p.phone ? formatPhone(p.phone) : ''],
              ['people.field.address', p.address ?? v.t('common.none')],
              ['people.field.district', p.districtCode ?? v.t('common.none')],
              ['people.field.language', v.t(`lang.${p.preferredLanguage}`)],
              ['people.field.channel', v.t(`people.channel.${p.createdChannel}`)],
              ['people.field.status', v.t(`people.status.${p.status}`)],
            ] as const
          ).map(([k, val]) => (
            <div class="summary-list__row">
              <dt class="summary-list__key">{v.t(k)}</dt>
              <dd class="summary-list__value">{val}</dd>
            </div>
          ))}
        </dl>
        {r.erasure ? (
          <p class="callout">
            {r.erasure.status === 'pending'
              ? v.t('people.erase.pendingStaff', { date: formatDate(v.locale, r.erasure.dueAt) })
              : v.t('people.erase.doneStaff', {
                  date: formatDate(v.locale, r.erasure.completedAt ?? r.erasure.dueAt),
                })}
          </p>
        ) : null}
        <h2>{v.t('people.proxy.title')}</h2>
        {r.proxies.length === 0 ? (
          <p>{v.t('common.none')}</p>
        ) : (
          <div class="table-wrap">
            <table class="table">
              <caption class="sr-only">{v.t('people.proxy.title')}</caption>
              <thead>
                <tr>
                  <th scope="col">{v.t('people.proxy.when')}</th>
                  <th scope="col">{v.t('people.field.channel')}</th>
                  <th scope="col">{v.t('people.field.relationship')}</th>
                  <th scope="col">{v.t('people.field.consentMethod')}</th>
                </tr>
              </thead>
              <tbody>
                {r.proxies.map((x) => (
                  <tr>
                    <td>{formatDateTime(v.locale, x.at)}</td>
                    <td>{v.t(`people.channel.${x.channel}`)}</td>
                    <td>{v.t(`people.relationship.${x.relationship}`)}</td>
                    <td>
                      {x.consentGiven
                        ? v.t(`people.consentMethod.${x.consentMethod}`)
                        : v.t('people.proxy.noConsent')}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h2>{v.t('people.consent.title')}</h2>
        <ul>
          {r.consents.map((x) => (
            <li>
              {v.t(`people.category.${x.category}`)} — {x.purpose}:{' '}
              {x.revokedAt
                ? v.t('people.consent.revokedOn', { date: formatDate(v.locale, x.revokedAt) })
                : v.t('people.consent.givenOn', { date: formatDate(v.locale, x.givenAt) })}
            </li>
          ))}
        </ul>
        {p.status === 'active' && scopeFor(role, 'people:write') ? (
          <form method="post" action={`/staff/people/${p.id}/consents`} novalidate>
            <Csrf v={v} />
            <Fieldset legend={v.t('people.consent.record')}>
              <Radios
                v={v}
                form={form}
                name="category"
                label={v.t('people.consent.category')}
                options={options(v, 'people.category', SENSITIVE_CATEGORIES)}
              />
              <TextField v={v} form={form} name="purpose" label={v.t('people.consent.purpose')} />
              <Select
                v={v}
                form={form}
                name="channel"
                label={v.t('people.field.channel')}
                options={options(v, 'people.channel', CHANNELS)}
              />
              <Button variant="secondary">{v.t('people.consent.recordSubmit')}</Button>
            </Fieldset>
          </form>
        ) : null}
        {r.duplicates.length > 0 ? (
          <>
            <h2>{v.t('people.merge.title')}</h2>
            <p>{v.t('people.merge.lead')}</p>
            <form method="post" action={`/staff/people/${p.id}/merge`} novalidate>
              <Csrf v={v} />
              <Radios
                v={v}
                form={form}
                name="into"
                label={v.t('people.merge.into')}
                options={r.duplicates.map((d) => ({
                  value: d.id,
                  label: `${d.name ?? ''} (${d.birthYear ?? '?'}, ${d.phoneMasked ?? '-'})`,
                }))}
              />
              <Button variant="warning">{v.t('people.merge.submit')}</Button>
            </form>
          </>
        ) : null}
        {p.status === 'active' && scopeFor(role, 'people:export') ? (
          <form method="post" action={`/staff/people/${p.id}/export`} novalidate>
            <Csrf v={v} />
            <h2>{v.t('people.export.title')}</h2>
            <TextField
              v={v}
              form={form}
              name="reason"
              label={v.t('people.export.reason')}
              hint={v.t('people.export.reasonHint')}
            />
            <Button variant="secondary">{v.t('people.export.submit')}</Button>
          </form>
        ) : null}
        {p.status === 'active' && r.erasure?.status !== 'pending' && scopeFor(role, 'people:erase') ? (
          <form method="post" action={`/staff/people/${p.id}/erase`}>
            <Csrf v={v} />
            <h2>{v.t('people.erase.title')}</h2>
            <p>{v.t('people.erase.staffLead')}</p>
            <Button variant="warning">{v.t('people.erase.staffSubmit')}</Button>
          </form>
        ) : null}
      </>
    )
  })
}

const idParam = (c: Ctx) => c.req.param('id') ?? ''

export const peoplePages = [
  page({
    method: 'GET',
    path: '/verify',
    access: 'public',
    summary: 'Citizen verification without an account: name, date of birth, mobile number',
    handle: (c) => verifyPage(c, emptyForm({ next: c.req.query('next') ?? '' })),
  }),
  page({
    method: 'POST',
    path: '/verify',
    access: 'public',
    summary: 'Sends a 6-digit code by text message (same answer whether or not the number is known)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const form = parse(VerifyStartForm, values)
          const { token } = await startVerification(c.var.db, form, metaOf(c))
          writeCookie(c, VERIFY_COOKIE, token, { maxAge: 15 * 60 })
          const next = form.next ? `?next=${encodeURIComponent(safeBack(form.next))}` : ''
          return c.redirect(`/verify/code${next}`, 303)
        },
        (form, status) => verifyPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/verify/code',
    access: 'public',
    summary: 'Form for the 6-digit code',
    handle: (c) => {
      if (!readCookie(c, VERIFY_COOKIE)) return c.redirect('/verify', 303)
      return codePage(c, emptyForm({ next: c.req.query('next') ?? '' }))
    },
  }),
  page({
    method: 'POST',
    path: '/verify/code',
    access: 'public',
    summary: 'Checks the code; on success starts a citizen session (new id) and goes to /me',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const form = parse(VerifyCodeForm, values)
          const token = readCookie(c, VERIFY_COOKIE)
          if (!token) throw new AppError('validation', 'people.verify.expired')
          const meta = metaOf(c)
          const { sessionId } = await confirmVerification(c.var.db, token, form.code, meta)
          const old = readCookie(c, 'gachi_sid')
          if (old) await endSession(c.var.db, old, 'replaced', meta.now)
          writeCookie(c, 'gachi_sid', sessionId)
          clearCookie(c, VERIFY_COOKIE)
          return c.redirect(safeBack(form.next || '/me'), 303)
        },
        (form, status) => codePage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/me',
    access: 'citizen',
    summary: 'What is theirs: details, consents, erasure, and sections other programmes add',
    handle: (c) => mePage(c),
  }),
  page({
    method: 'POST',
    path: '/me/consents/:id/revoke',
    access: 'citizen',
    summary: 'Revokes a sensitive-data consent of the citizen',
    handle: async (c) => {
      await revokeOwnConsent(c.var.db, c.var.actor, idParam(c), metaOf(c))
      return c.redirect('/me', 303)
    },
  }),
  page({
    method: 'GET',
    path: '/me/erase',
    access: 'citizen',
    summary: 'Asks the citizen to confirm erasing their data',
    handle: (c) =>
      renderPage(c, { title: c.var.t('people.erase.title') }, (v) => (
        <>
          <h1>{v.t('people.erase.title')}</h1>
          <p>{v.t('people.erase.explain')}</p>
          <p>{v.t('people.erase.keep')}</p>
          <form method="post" action="/me/erase">
            <Csrf v={v} />
            <Button variant="warning">{v.t('people.erase.confirm')}</Button>
            <Button variant="secondary" href="/me">
              {v.t('common.cancel')}
            </Button>
          </form>
        </>
      )),
  }),
  page({
    method: 'POST',
    path: '/me/erase',
    access: 'citizen',
    summary: 'Records the citizen’s erasure request (carried out within 10 days)',
    handle: async (c) => {
      await requestOwnErasure(c.var.db, c.var.actor, metaOf(c))
      return c.redirect('/me', 303)
    },
  }),
  page({
    method: 'GET',
    path: '/staff/people',
    access: 'people:read',
    summary: 'Find a person (each result shown is logged)',
    handle: async (c) => {
      const raw = c.req.query()
      let form = emptyForm(raw)
      let results: Awaited<ReturnType<typeof searchPeople>> | null = null
      try {
        const q = parse(PeopleSearch, raw)
        if (q.q || q.phone) results = await searchPeople(c.var.db, c.var.actor, q, metaOf(c))
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'validation') throw e
        form = formStateFrom(c, e, raw)
      }
      return renderPage(c, { title: c.var.t('people.staff.title') }, (v) => (
        <>
          <ErrorSummary v={v} form={form} />
          <h1>{v.t('people.staff.title')}</h1>
          <p>{v.t('people.staff.lead')}</p>
          <form method="get" action="/staff/people" novalidate>
            <TextField
              v={v}
              form={form}
              name="q"
              type="search"
              label={v.t('people.field.name')}
              width="medium"
            />
            <TextField
              v={v}
              form={form}
              name="phone"
              type="tel"
              label={v.t('people.field.phone')}
              required={false}
              width="medium"
            />
            <TextField
              v={v}
              form={form}
              name="birthDate"
              type="date"
              label={v.t('people.field.birthDate')}
              hint={v.t('people.staff.birthHint')}
              required={false}
              width="medium"
            />
            <Button variant="secondary">{v.t('common.search')}</Button>
          </form>
          <p>
            <a href="/staff/people/new">{v.t('people.register.title')}</a>
          </p>
          {results ? (
            results.length === 0 ? (
              <p>{v.t('people.staff.noResults')}</p>
            ) : (
              <ul class="link-list">
                {results.map((r) => (
                  <li>
                    <a href={`/staff/people/${r.id}`}>
                      {r.name} ({r.birthYear ?? '?'}, {r.phoneMasked ?? '-'})
                    </a>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </>
      ))
    },
  }),
  page({
    method: 'GET',
    path: '/staff/people/new',
    access: 'people:write',
    summary: 'Register a person on their behalf (phone, walk-in, field)',
    handle: (c) =>
      registerPage(c, emptyForm({ channel: 'phone', relationship: 'self', preferredLanguage: 'ko' })),
  }),
  page({
    method: 'POST',
    path: '/staff/people/new',
    access: 'people:write',
    summary:
      'Registers or finds the person, links them to the staff member’s organisation, records the proxy',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const input = parse(RegisterPerson, { ...values, birthDate: joinBirth(values) })
          const r = await registerPerson(c.var.db, c.var.actor, input, metaOf(c))
          return c.redirect(`/staff/people/${r.personId}`, 303)
        },
        (form, status) => registerPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/people/:id',
    access: 'people:read',
    summary: 'A person’s record (the view is logged); another organisation’s person is “not found”',
    handle: (c) => personPage(c, idParam(c)),
  }),
  page({
    method: 'POST',
    path: '/staff/people/:id/merge',
    access: 'people:merge',
    summary: 'Merges this duplicate into the chosen record',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const { into } = parse(MergeInput, values)
          await mergePersons(c.var.db, c.var.actor, idParam(c), into, metaOf(c))
          return c.redirect(`/staff/people/${into}`, 303)
        },
        (form, status) => personPage(c, idParam(c), form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/people/:id/consents',
    access: 'people:write',
    summary: 'Records a sensitive-data consent given through staff',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const input = parse(SensitiveConsentInput, values)
          await recordSensitiveConsentFor(c.var.db, c.var.actor, idParam(c), input, metaOf(c))
          return c.redirect(`/staff/people/${idParam(c)}`, 303)
        },
        (form, status) => personPage(c, idParam(c), form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/people/:id/export',
    access: 'people:export',
    summary: 'Downloads everything held about the person (reason required and logged)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        values,
        async () => {
          const { reason } = parse(ExportInput, values)
          const data = await exportPerson(c.var.db, c.var.actor, idParam(c), reason, metaOf(c))
          c.header('content-disposition', `attachment; filename="person-${data.person.id}.json"`)
          c.header('cache-control', 'no-store')
          return c.json(data)
        },
        (form, status) => personPage(c, idParam(c), form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/people/:id/erase',
    access: 'people:erase',
    summary: 'Records an erasure request made through staff',
    handle: async (c) => {
      await requestErasureFor(c.var.db, c.var.actor, idParam(c), metaOf(c))
      return c.redirect(`/staff/people/${idParam(c)}`, 303)
    },
  }),
  page({
    method: 'GET',
    path: '/admin/access-review',
    access: 'audit:review',
    summary: 'Monthly access review: volumes per staff member, after-hours access, exports',
    query: MonthQuery,
    handle: async (c, { query }) => {
      const now = c.var.deps.now()
      const month = query.month ?? new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 7)
      const r = await accessReview(c.var.db, month)
      const runs = await repo.latestRetentionRuns(c.var.db, 5)
      return renderPage(c, { title: c.var.t('people.review.title') }, (v) => (
        <>
          <h1>{v.t('people.review.title')}</h1>
          <form method="get" action="/admin/access-review" class="inline-form">
            <TextField
              v={v}
              name="month"
              type="text"
              label={v.t('people.review.month')}
              hint="2026-11"
              value={month}
              width="short"
            />
            <Button variant="secondary">{v.t('people.review.show')}</Button>
          </form>
          <h2>{v.t('people.review.volumes')}</h2>
          {r.staff.length === 0 ? (
            <p>{v.t('people.review.empty')}</p>
          ) : (
            <div class="table-wrap">
              <table class="table">
                <caption>{v.t('people.review.volumesCaption', { month })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{v.t('people.review.staff')}</th>
                    <th scope="col">{v.t('people.review.total')}</th>
                    <th scope="col">{v.t('people.review.views')}</th>
                    <th scope="col">{v.t('people.review.searches')}</th>
                    <th scope="col">{v.t('people.review.changes')}</th>
                    <th scope="col">{v.t('people.review.exports')}</th>
                    <th scope="col">{v.t('people.review.afterHours')}</th>
                    <th scope="col">{v.t('people.review.subjects')}</th>
                  </tr>
                </thead>
                <tbody>
                  {r.staff.map((s) => (
                    <tr>
                      <th scope="row">
                        {s.name ?? s.staffId ?? '-'}
                        {s.unusual ? (
                          <strong class="tag tag--warning"> {v.t('people.review.unusual')}</strong>
                        ) : null}
                      </th>
                      <td>{s.total}</td>
                      <td>{s.views}</td>
                      <td>{s.searches}</td>
                      <td>{s.changes}</td>
                      <td>{s.exports}</td>
                      <td>{s.afterHours}</td>
                      <td>{s.subjects}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          <h2>{v.t('people.review.afterHoursTitle')}</h2>
          <p>{v.t('people.review.afterHoursLead')}</p>
          <ReviewRows v={v} rows={r.afterHours} />
          <h2>{v.t('people.review.exportsTitle')}</h2>
          <ReviewRows v={v} rows={r.exports} />
          <h2>{v.t('people.review.retention')}</h2>
          <ul>
            {runs.map((x) => (
              <li>
                {x.day}:{' '}
                {Object.entries(x.counts)
                  .map(([k, n]) => `${k} ${n}`)
                  .join(', ')}
              </li>
            ))}
          </ul>
        </>
      ))
    },
  }),
]

const ReviewRows = ({
  v,
  rows,
}: {
  v: View
  rows: {
    seq: number
    at: Date
    name: string | null
    staffId: string | null
    personId: string | null
    action: string
    reason: string | null
    ip: string | null
  }[]
}) =>
  rows.length === 0 ? (
    <p>{v.t('common.none')}</p>
  ) : (
    <div class="table-wrap">
      <table class="table">
        <thead>
          <tr>
            <th scope="col">{v.t('people.review.when')}</th>
            <th scope="col">{v.t('people.review.staff')}</th>
            <th scope="col">{v.t('people.review.action')}</th>
            <th scope="col">{v.t('people.review.subject')}</th>
            <th scope="col">{v.t('people.review.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((x) => (
            <tr>
              <td>
                {formatDateTime(v.locale, x.at)}
                {isAfterHours(x.at) ? ` (${v.t('people.review.afterHoursShort')})` : ''}
              </td>
              <td>{x.name ?? x.staffId ?? '-'}</td>
              <td>{v.t(`people.action.${x.action}`)}</td>
              <td>
                {x.personId ? <a href={`/staff/people/${x.personId}`}>{x.personId.slice(0, 8)}</a> : '-'}
              </td>
              <td>{x.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
