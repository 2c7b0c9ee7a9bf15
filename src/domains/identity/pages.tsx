import { sha256 } from '../../platform/auth/crypto.ts'
import { scopeFor } from '../../platform/auth/permissions.ts'
import { endSession, STAFF_IDLE_MS } from '../../platform/auth/session.ts'
import { totpQrSvg, totpUri } from '../../platform/auth/totp.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { clearCookie, readCookie, writeCookie } from '../../platform/http/cookies.ts'
import { AppError } from '../../platform/http/errors.ts'
import { clientIp } from '../../platform/http/middleware.ts'
import { uuidParam } from '../../platform/http/params.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { safeBack } from '../../platform/http/redirect.ts'
import { page } from '../../platform/http/route.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { Button, ErrorSummary, Select, TextField } from '../../ui/components/form.tsx'
import { SummaryList } from '../../ui/components/summary-list.tsx'
import { withForm } from '../../ui/forms.ts'
import { Csrf } from '../../ui/layout.tsx'
import { renderPage } from '../../ui/render.tsx'
import { emptyForm, type FormState, type View } from '../../ui/view.ts'
import * as repo from './repo.ts'
import { CodeForm, SignInForm, StaffForm, TokenForm } from './schema.ts'
import {
  completeSecondFactor,
  confirmEnrolment,
  createStaff,
  createToken,
  demoCode,
  disableStaff,
  enableStaff,
  endAnySession,
  enrolmentSecret,
  grantOrgAccess,
  pendingSignIn,
  revokeOrgAccess,
  revokeToken,
  signIn,
  staffDetail,
} from './service.ts'

const meta = (c: Ctx) => ({
  ip: clientIp(c),
  userAgent: c.req.header('user-agent') ?? null,
  now: c.var.deps.now(),
})

const nextOf = (c: Ctx) => safeBack(readCookie(c, 'gachi_next') ?? '/staff')

const signInPage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('identity.signIn.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('identity.signIn.title')}</h1>
      <p>{v.t('identity.signIn.lead')}</p>
      {c.req.query('ended') === 'idle' ? <p class="callout">{v.t('identity.session.ended')}</p> : null}
      <form method="post" action="/staff/sign-in" novalidate>
        <Csrf v={v} />
        <input type="hidden" name="next" value={String(form.values.next ?? '')} />
        <TextField
          v={v}
          form={form}
          name="login"
          label={v.t('identity.signIn.login')}
          autocomplete="username"
          spellcheck={false}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="password"
          type="password"
          label={v.t('identity.signIn.password')}
          autocomplete="current-password"
          width="medium"
        />
        <Button>{v.t('identity.signIn.submit')}</Button>
      </form>
    </>
  ))

async function pendingFromCookie(c: Ctx) {
  const raw = readCookie(c, 'gachi_sid')
  return raw ? pendingSignIn(c.var.db, sha256(raw), c.var.deps.now()) : null
}

const codePage = async (c: Ctx, form: FormState, status = 200) => {
  const pending = await pendingFromCookie(c)
  if (pending?.session.stage !== 'password') return c.redirect('/staff/sign-in', 303)
  const demo = await demoCode(c.var.db, c.var.deps.config, pending.staff, c.var.deps.now())
  return renderPage(c, { title: c.var.t('identity.code.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('identity.code.title')}</h1>
      <p>{v.t('identity.code.lead')}</p>
      {demo ? (
        <p class="callout" data-demo-code={demo}>
          {v.t('identity.code.demo', { code: demo })}
        </p>
      ) : null}
      <form method="post" action="/staff/sign-in/code" novalidate>
        <Csrf v={v} />
        <TextField
          v={v}
          form={form}
          name="code"
          label={v.t('identity.code.label')}
          hint={v.t('identity.code.hint')}
          autocomplete="one-time-code"
          inputmode="numeric"
          width="short"
          spellcheck={false}
        />
        <Button>{v.t('identity.code.submit')}</Button>
      </form>
    </>
  ))
}

const enrolPage = async (c: Ctx, staffId: string, form: FormState, status = 200) => {
  const { db } = c.var
  const secret = await enrolmentSecret(db, staffId)
  if (!secret) return c.redirect('/staff/sign-in', 303) // set-up already finished (or never started)
  const staff = (await repo.findStaff(db, staffId))!
  const svg = await totpQrSvg(totpUri(secret, staff.username, `Gachi ${c.var.t('app.name')}`))
  const dataUri = `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`
  return renderPage(c, { title: c.var.t('identity.enrol.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('identity.enrol.title')}</h1>
      <p>{v.t('identity.enrol.lead')}</p>
      <img src={dataUri} alt={v.t('identity.enrol.qrAlt')} width={220} height={220} class="qr" />
      <p>{v.t('identity.enrol.manual', { secret: secret.replace(/(.{4})/g, '$1 ').trim() })}</p>
      <form method="post" action="/staff/sign-in/authenticator" novalidate>
        <Csrf v={v} />
        <TextField
          v={v}
          form={form}
          name="code"
          label={v.t('identity.code.label')}
          hint={v.t('identity.code.hint')}
          autocomplete="one-time-code"
          inputmode="numeric"
          width="short"
          spellcheck={false}
        />
        <Button>{v.t('identity.enrol.submit')}</Button>
      </form>
    </>
  ))
}

/** The staff sign-in pages: password, second factor, authenticator set-up, sign-out, session extension. */
export const identityPages = [
  page({
    method: 'GET',
    path: '/staff/sign-in',
    access: 'public',
    summary: 'Staff sign-in form',
    handle: (c) => {
      if (c.var.actor.kind === 'staff') return c.redirect(safeBack(c.req.query('next') ?? '/staff'), 303)
      return signInPage(c, emptyForm({ next: c.req.query('next') ?? '' }))
    },
  }),
  page({
    method: 'POST',
    path: '/staff/sign-in',
    access: 'public',
    summary: 'Staff sign-in: checks the password and starts a new session (new id)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        { login: values.login, next: values.next },
        async () => {
          const form = parse(SignInForm, values)
          const old = readCookie(c, 'gachi_sid')
          if (old) await endSession(c.var.db, old, 'replaced', c.var.deps.now())
          const r = await signIn(c.var.db, form, meta(c))
          writeCookie(c, 'gachi_sid', r.sessionId)
          const next = safeBack(form.next || '/staff')
          if (r.stage === 'full') return c.redirect(next, 303)
          writeCookie(c, 'gachi_next', next)
          return c.redirect(
            r.stage === 'password' ? '/staff/sign-in/code' : '/staff/sign-in/authenticator',
            303,
          )
        },
        (form, status) => signInPage(c, form, status),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/sign-in/code',
    access: 'public',
    summary: 'Second factor: authenticator code or recovery code',
    handle: (c) => codePage(c, emptyForm()),
  }),
  page({
    method: 'POST',
    path: '/staff/sign-in/code',
    access: 'public',
    summary: 'Checks the second factor and starts the full session (new id)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        {},
        async () => {
          const raw = readCookie(c, 'gachi_sid')
          if (!raw) throw new AppError('unauthenticated', 'identity.signInAgain')
          const { code } = parse(CodeForm, values)
          const r = await completeSecondFactor(c.var.db, sha256(raw), code, meta(c))
          writeCookie(c, 'gachi_sid', r.sessionId)
          const next = nextOf(c)
          clearCookie(c, 'gachi_next')
          return c.redirect(next, 303)
        },
        (form, status) => (status === 401 ? signInPage(c, form, status) : codePage(c, form, status)),
      )
    },
  }),
  page({
    method: 'GET',
    path: '/staff/sign-in/authenticator',
    access: 'public',
    summary: 'Authenticator set-up for staff who must use a second factor',
    handle: async (c) => {
      const pending = await pendingFromCookie(c)
      if (pending?.session.stage !== 'enrol') return c.redirect('/staff/sign-in', 303)
      return enrolPage(c, pending.staff.id, emptyForm())
    },
  }),
  page({
    method: 'POST',
    path: '/staff/sign-in/authenticator',
    access: 'public',
    summary: 'Confirms the authenticator with a first code; shows recovery codes once',
    handle: async (c) => {
      const pending = await pendingFromCookie(c)
      if (pending?.session.stage !== 'enrol') return c.redirect('/staff/sign-in', 303)
      const values = formToObject(await c.req.formData())
      return withForm(
        c,
        {},
        async () => {
          const { code } = parse(CodeForm, values)
          const r = await confirmEnrolment(c.var.db, pending.staff.id, pending.session.idHash, code, meta(c))
          writeCookie(c, 'gachi_sid', r.sessionId)
          const next = nextOf(c)
          clearCookie(c, 'gachi_next')
          return renderPage(c, { title: c.var.t('identity.recovery.title') }, (v) => (
            <>
              <h1>{v.t('identity.recovery.title')}</h1>
              <p>{v.t('identity.recovery.lead')}</p>
              <ol class="recovery-codes">
                {r.recoveryCodes.map((code) => (
                  <li>
                    <code>{code}</code>
                  </li>
                ))}
              </ol>
              <Button href={next}>{v.t('identity.recovery.continue')}</Button>
            </>
          ))
        },
        (form, status) => enrolPage(c, pending.staff.id, form, status),
      )
    },
  }),
  page({
    method: 'POST',
    path: '/staff/sign-out',
    access: 'public',
    summary: 'Ends the session on the server and clears the cookie',
    handle: async (c) => {
      const raw = readCookie(c, 'gachi_sid')
      if (raw) await endSession(c.var.db, raw, 'sign-out', c.var.deps.now())
      clearCookie(c, 'gachi_sid')
      return c.redirect('/', 303)
    },
  }),
  page({
    method: 'POST',
    path: '/staff/session/extend',
    access: 'staff',
    summary: 'Extends a staff session by another 30 minutes (the idle warning button)',
    handle: async (c) => {
      // the session middleware already touched the session; answer with its new idle end
      const raw = readCookie(c, 'gachi_sid')
      const now = c.var.deps.now()
      if (raw) await repo.touchSession(c.var.db, sha256(raw), now)
      const idleEndsAt = new Date(now.getTime() + STAFF_IDLE_MS).toISOString()
      if ((c.req.header('accept') ?? '').includes('application/json')) return c.json({ idleEndsAt })
      const back = formToObject(await c.req.formData()).back
      return c.redirect(safeBack(typeof back === 'string' ? back : '/staff'), 303)
    },
  }),
  ...adminPages(),
]

const StatusTag = ({ on, onText, offText }: { on: boolean; onText: string; offText: string }) => (
  <strong class={on ? 'tag tag--green' : 'tag tag--grey'}>{on ? onText : offText}</strong>
)

const staffListPage = async (c: Ctx, form: FormState, status = 200, notice?: string) => {
  const rows = await repo.listStaff(c.var.db)
  const orgs = await repo.listOrgs(c.var.db)
  const now = c.var.deps.now()
  return renderPage(c, { title: c.var.t('identity.staff.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('identity.staff.title')}</h1>
      {notice ? (
        <div class="notification notification--success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <div class="table-wrap">
        <table class="table">
          <caption>{v.t('identity.staff.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('identity.staff.name')}</th>
              <th scope="col">{v.t('identity.staff.username')}</th>
              <th scope="col">{v.t('identity.staff.role')}</th>
              <th scope="col">{v.t('identity.staff.org')}</th>
              <th scope="col">{v.t('identity.staff.mfa')}</th>
              <th scope="col">{v.t('identity.staff.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ staff, org }) => (
              <tr>
                <th scope="row">
                  <a href={`/admin/staff/${staff.id}`}>{staff.displayName}</a>
                </th>
                <td>{staff.username}</td>
                <td>{v.t(`role.${staff.role}`)}</td>
                <td>{org ? (v.locale === 'en' ? org.nameEn : org.nameKo) : v.t('identity.staff.noOrg')}</td>
                <td>
                  <StatusTag
                    on={!!staff.totpEnabledAt}
                    onText={v.t('identity.staff.mfaOn')}
                    offText={v.t('identity.staff.mfaOff')}
                  />
                </td>
                <td>
                  <StatusTag
                    on={!staff.disabledAt}
                    onText={v.t('identity.staff.active')}
                    offText={v.t('identity.staff.disabled')}
                  />
                  {v.actor.kind === 'staff' && v.actor.id !== staff.id ? (
                    <form
                      method="post"
                      action={`/admin/staff/${staff.id}/${staff.disabledAt ? 'enable' : 'disable'}`}
                      class="inline-form"
                    >
                      <Csrf v={v} />
                      <button type="submit" class="button button--secondary button--small">
                        {v.t(staff.disabledAt ? 'identity.staff.enable' : 'identity.staff.disable')}
                        <span class="sr-only"> ({staff.displayName})</span>
                      </button>
                    </form>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{v.t('identity.staff.create')}</h2>
      <form method="post" action="/admin/staff" novalidate>
        <Csrf v={v} />
        <TextField v={v} form={form} name="displayName" label={v.t('identity.staff.name')} width="medium" />
        <TextField
          v={v}
          form={form}
          name="username"
          label={v.t('identity.staff.username')}
          width="medium"
          spellcheck={false}
        />
        <TextField
          v={v}
          form={form}
          name="email"
          type="email"
          label={v.t('identity.staff.email')}
          required={false}
          width="medium"
        />
        <Select v={v} form={form} name="role" label={v.t('identity.staff.role')} options={roleOptions(v)} />
        <Select
          v={v}
          form={form}
          name="orgId"
          label={v.t('identity.staff.org')}
          placeholder={v.t('identity.staff.noOrg')}
          options={orgs.map((o) => ({ value: o.id, label: v.locale === 'en' ? o.nameEn : o.nameKo }))}
        />
        <TextField
          v={v}
          form={form}
          name="password"
          type="password"
          label={v.t('identity.staff.password')}
          hint={v.t('identity.staff.passwordHint')}
          autocomplete="new-password"
          width="medium"
        />
        <Button>{v.t('identity.staff.create')}</Button>
      </form>
      <p class="field-hint">{formatDateTime(v.locale, now)}</p>
    </>
  ))
}

const staffDetailPage = async (c: Ctx, form: FormState, status = 200, notice?: string) => {
  const now = c.var.deps.now()
  const { staff, org, grants } = await staffDetail(c.var.db, c.var.actor, uuidParam(c), now)
  const orgs = (await repo.listOrgs(c.var.db)).filter((o) => o.id !== staff.orgId)
  const orgName = (o: { nameKo: string; nameEn: string }, v: View) =>
    v.locale === 'en' ? o.nameEn : o.nameKo
  const title = c.var.t('identity.grants.title', { name: staff.displayName })
  return renderPage(c, { title, status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <p>
        <a href="/admin/staff">{v.t('identity.grants.back')}</a>
      </p>
      <h1>{title}</h1>
      {notice ? (
        <div class="notification notification--success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <SummaryList
        v={v}
        rows={[
          { key: v.t('identity.staff.username'), value: staff.username },
          { key: v.t('identity.staff.role'), value: v.t(`role.${staff.role}`) },
          { key: v.t('identity.staff.org'), value: org ? orgName(org, v) : v.t('identity.staff.noOrg') },
        ]}
      />
      <h2>{v.t('identity.grants.heading')}</h2>
      <p>{v.t('identity.grants.explain')}</p>
      {grants.length === 0 ? (
        <p>{v.t('identity.grants.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption>{v.t('identity.grants.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{v.t('identity.staff.org')}</th>
                <th scope="col">{v.t('identity.grants.reason')}</th>
                <th scope="col">{v.t('identity.grants.granted')}</th>
                <th scope="col">{v.t('identity.grants.until')}</th>
                <th scope="col">{v.t('identity.staff.status')}</th>
              </tr>
            </thead>
            <tbody>
              {grants.map((g) => (
                <tr>
                  <th scope="row">{orgName(g.org, v)}</th>
                  <td>{g.reason}</td>
                  <td>{formatDateTime(v.locale, g.grantedAt)}</td>
                  <td>
                    {g.expiresAt ? formatDateTime(v.locale, g.expiresAt) : v.t('identity.grants.noExpiry')}
                  </td>
                  <td>
                    {g.live ? (
                      <form
                        method="post"
                        action={`/admin/staff/${staff.id}/grants/${g.id}/revoke`}
                        class="inline-form"
                      >
                        <Csrf v={v} />
                        <button type="submit" class="button button--warning button--small">
                          {v.t('identity.grants.revoke')}
                          <span class="sr-only"> ({orgName(g.org, v)})</span>
                        </button>
                      </form>
                    ) : g.revokedAt ? (
                      v.t('identity.grants.revoked')
                    ) : (
                      v.t('identity.grants.expired')
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{v.t('identity.grants.add')}</h2>
      <form method="post" action={`/admin/staff/${staff.id}/grants`} novalidate>
        <Csrf v={v} />
        <Select
          v={v}
          form={form}
          name="orgId"
          label={v.t('identity.grants.org')}
          placeholder={v.t('identity.grants.choose')}
          options={orgs.map((o) => ({ value: o.id, label: orgName(o, v) }))}
        />
        <TextField
          v={v}
          form={form}
          name="reason"
          label={v.t('identity.grants.reason')}
          hint={v.t('identity.grants.reasonHint')}
        />
        <TextField
          v={v}
          form={form}
          name="days"
          type="number"
          inputmode="numeric"
          label={v.t('identity.grants.days')}
          hint={v.t('identity.grants.daysHint')}
          required={false}
          width="short"
        />
        <Button>{v.t('identity.grants.add')}</Button>
      </form>
    </>
  ))
}

const roleOptions = (v: View) =>
  (
    [
      'admin',
      'programme_manager',
      'centre_worker',
      'repair_technician',
      'digital_guide',
      'tutor',
      'helpdesk_agent',
      'donor_org',
      'analyst',
    ] as const
  ).map((r) => ({ value: r, label: v.t(`role.${r}`) }))

const tokensPage = async (c: Ctx, form: FormState, status = 200, created?: string) => {
  const actor = c.var.actor
  const rows = actor.kind === 'staff' ? await repo.listTokens(c.var.db, actor.id) : []
  return renderPage(c, { title: c.var.t('identity.tokens.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('identity.tokens.title')}</h1>
      <p>{v.t('identity.tokens.lead')}</p>
      {created ? (
        <div class="notification notification--success" role="status">
          <p>{v.t('identity.tokens.created')}</p>
          <p>
            <code class="token">{created}</code>
          </p>
        </div>
      ) : null}
      {rows.length === 0 ? (
        <p>{v.t('identity.tokens.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table">
            <caption>{v.t('identity.tokens.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{v.t('identity.tokens.name')}</th>
                <th scope="col">{v.t('identity.staff.role')}</th>
                <th scope="col">{v.t('identity.tokens.expires')}</th>
                <th scope="col">{v.t('identity.tokens.lastUsed')}</th>
                <th scope="col">{v.t('identity.staff.status')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((t) => (
                <tr>
                  <th scope="row">{t.name}</th>
                  <td>{v.t(`role.${t.role}`)}</td>
                  <td>{formatDateTime(v.locale, t.expiresAt)}</td>
                  <td>{t.lastUsedAt ? formatDateTime(v.locale, t.lastUsedAt) : v.t('common.none')}</td>
                  <td>
                    {t.revokedAt ? (
                      v.t('identity.tokens.revoked')
                    ) : (
                      <form method="post" action={`/staff/tokens/${t.id}/revoke`} class="inline-form">
                        <Csrf v={v} />
                        <button type="submit" class="button button--warning button--small">
                          {v.t('identity.tokens.revoke')}
                          <span class="sr-only"> ({t.name})</span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{v.t('identity.tokens.create')}</h2>
      <form method="post" action="/staff/tokens" novalidate>
        <Csrf v={v} />
        <TextField
          v={v}
          form={form}
          name="name"
          label={v.t('identity.tokens.name')}
          hint={v.t('identity.tokens.nameHint')}
          width="medium"
        />
        <TextField
          v={v}
          form={form}
          name="days"
          type="number"
          inputmode="numeric"
          label={v.t('identity.tokens.days')}
          value={String(form.values.days ?? '90')}
          width="short"
        />
        <Button>{v.t('identity.tokens.create')}</Button>
      </form>
    </>
  ))
}

const sessionsPage = async (c: Ctx, notice?: string) => {
  const rows = await repo.listActiveSessions(c.var.db)
  const now = c.var.deps.now()
  const live = rows.filter((r) => r.s.expiresAt > now)
  return renderPage(c, { title: c.var.t('identity.sessions.title') }, (v) => (
    <>
      <h1>{v.t('identity.sessions.title')}</h1>
      {notice ? (
        <div class="notification notification--success" role="status">
          <p>{notice}</p>
        </div>
      ) : null}
      <div class="table-wrap">
        <table class="table">
          <caption>{v.t('identity.sessions.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{v.t('identity.staff.name')}</th>
              <th scope="col">{v.t('identity.sessions.started')}</th>
              <th scope="col">{v.t('identity.sessions.lastSeen')}</th>
              <th scope="col">{v.t('identity.sessions.stage')}</th>
              <th scope="col">
                <span class="sr-only">{v.t('identity.sessions.end')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {live.map(({ s, staff }) => (
              <tr>
                <th scope="row">{staff.displayName}</th>
                <td>{formatDateTime(v.locale, s.createdAt)}</td>
                <td>{formatDateTime(v.locale, s.lastSeenAt)}</td>
                <td>{s.stage}</td>
                <td>
                  <form method="post" action={`/admin/sessions/${s.idHash}/end`} class="inline-form">
                    <Csrf v={v} />
                    <button type="submit" class="button button--warning button--small">
                      {v.t('identity.sessions.end')}
                      <span class="sr-only"> ({staff.displayName})</span>
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  ))
}

function adminPages() {
  return [
    page({
      method: 'GET',
      path: '/admin/staff',
      access: 'staff:manage',
      summary: 'Staff accounts',
      handle: (c) => staffListPage(c, emptyForm()),
    }),
    page({
      method: 'POST',
      path: '/admin/staff',
      access: 'staff:manage',
      summary: 'Create a staff account',
      handle: async (c) => {
        const values = formToObject(await c.req.formData())
        const { password: _pw, ...keep } = values
        return withForm(
          c,
          keep,
          async () => {
            const input = parse(StaffForm, values)
            const s = await createStaff(c.var.db, c.var.actor, input)
            return staffListPage(
              c,
              emptyForm(),
              201,
              c.var.t('identity.staff.created', { name: s.displayName }),
            )
          },
          (form, status) => staffListPage(c, form, status),
        )
      },
    }),
    page({
      method: 'GET',
      path: '/admin/staff/:id',
      access: 'staff:manage',
      summary: 'A staff account and the organisations it is granted beyond its own',
      handle: (c) => staffDetailPage(c, emptyForm()),
    }),
    page({
      method: 'POST',
      path: '/admin/staff/:id/grants',
      access: 'staff:manage',
      summary: "Grant a staff member another organisation's records (with a reason, optionally until a date)",
      handle: async (c) => {
        const values = formToObject(await c.req.formData())
        return withForm(
          c,
          values,
          async () => {
            await grantOrgAccess(c.var.db, c.var.actor, uuidParam(c), values, c.var.deps.now())
            return staffDetailPage(c, emptyForm(), 201, c.var.t('identity.grants.added'))
          },
          (form, status) => staffDetailPage(c, form, status),
        )
      },
    }),
    page({
      method: 'POST',
      path: '/admin/staff/:id/grants/:grantId/revoke',
      access: 'staff:manage',
      summary: 'End an organisation grant at once',
      handle: async (c) => {
        const grantId = uuidParam(c, 'grantId')
        await revokeOrgAccess(c.var.db, c.var.actor, uuidParam(c), grantId, c.var.deps.now())
        return staffDetailPage(c, emptyForm(), 200, c.var.t('identity.grants.revokedNotice'))
      },
    }),
    page({
      method: 'POST',
      path: '/admin/staff/:id/disable',
      access: 'staff:manage',
      summary: 'Turn off a staff account (ends its sessions)',
      handle: async (c) => {
        await disableStaff(c.var.db, c.var.actor, uuidParam(c), c.var.deps.now())
        return c.redirect('/admin/staff', 303)
      },
    }),
    page({
      method: 'POST',
      path: '/admin/staff/:id/enable',
      access: 'staff:manage',
      summary: 'Turn a staff account back on',
      handle: async (c) => {
        await enableStaff(c.var.db, c.var.actor, uuidParam(c), c.var.deps.now())
        return c.redirect('/admin/staff', 303)
      },
    }),
    page({
      method: 'GET',
      path: '/admin/sessions',
      access: 'sessions:manage',
      summary: 'Signed-in sessions',
      handle: (c) => sessionsPage(c),
    }),
    page({
      method: 'POST',
      path: '/admin/sessions/:id/end',
      access: 'sessions:manage',
      summary: 'End any staff session',
      handle: async (c) => {
        await endAnySession(c.var.db, c.var.actor, c.req.param('id') ?? '', c.var.deps.now())
        return sessionsPage(c, c.var.t('identity.sessions.ended'))
      },
    }),
    page({
      method: 'GET',
      path: '/staff/tokens',
      access: 'tokens:manage-own',
      summary: 'Your API tokens',
      handle: (c) => tokensPage(c, emptyForm()),
    }),
    page({
      method: 'POST',
      path: '/staff/tokens',
      access: 'tokens:manage-own',
      summary: 'Create an API token with your role',
      handle: async (c) => {
        const values = formToObject(await c.req.formData())
        return withForm(
          c,
          values,
          async () => {
            const input = parse(TokenForm, values)
            const actor = c.var.actor
            if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
            const r = await createToken(c.var.db, actor, { ...input, role: actor.role }, c.var.deps.now())
            return tokensPage(c, emptyForm(), 201, r.token)
          },
          (form, status) => tokensPage(c, form, status),
        )
      },
    }),
    page({
      method: 'POST',
      path: '/staff/tokens/:id/revoke',
      access: 'tokens:manage-own',
      summary: 'Revoke one of your API tokens',
      handle: async (c) => {
        await revokeToken(c.var.db, c.var.actor, uuidParam(c), c.var.deps.now())
        return c.redirect('/staff/tokens', 303)
      },
    }),
  ]
}

/** Staff menu entries of this domain. */
export const identityNav = (v: View) => {
  if (v.actor.kind !== 'staff') return []
  const items = [{ href: '/staff/tokens', label: v.t('identity.tokens.title') }]
  if (scopeFor(v.actor.role, 'staff:manage'))
    items.push({ href: '/admin/staff', label: v.t('identity.staff.title') })
  if (scopeFor(v.actor.role, 'sessions:manage'))
    items.push({ href: '/admin/sessions', label: v.t('identity.sessions.title') })
  return items
}
