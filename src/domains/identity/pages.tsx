import { clearCookie, readCookie, writeCookie } from '../../platform/http/cookies.ts'
import { AppError } from '../../platform/http/errors.ts'
import { clientIp } from '../../platform/http/middleware.ts'
import { formToObject, parse } from '../../platform/http/parse.ts'
import { page } from '../../platform/http/route.ts'
import { endSession } from '../../platform/auth/session.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { Button, ErrorSummary, TextField } from '../../ui/components/form.tsx'
import { renderPage } from '../../ui/render.tsx'
import { type FormState, emptyForm } from '../../ui/view.ts'
import { safeBack } from '../home/pages.tsx'
import { SignInForm } from './schema.ts'
import { signIn } from './service.ts'

/** Translates an AppError into the form state shown again above the form. */
export function formStateFrom(c: Ctx, e: AppError, values: Record<string, unknown>): FormState {
  const t = c.var.t
  const errors = Object.fromEntries(Object.entries(e.fields).map(([k, key]) => [k, t(key, e.fieldParams[k])]))
  const formError = Object.keys(errors).length === 0 || e.code !== 'validation' ? t(e.message, e.params) : undefined
  return { errors, values, formError }
}

const signInPage = (c: Ctx, form: FormState, status = 200) =>
  renderPage(c, { title: c.var.t('identity.signIn.title'), status }, (v) => (
    <>
      <ErrorSummary v={v} form={form} />
      <h1>{v.t('identity.signIn.title')}</h1>
      <p>{v.t('identity.signIn.lead')}</p>
      <form method="post" action="/staff/sign-in" novalidate>
        <input type="hidden" name="_csrf" value={v.csrfToken} />
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
    summary: 'Staff sign-in: checks the password, starts a new session (new id)',
    handle: async (c) => {
      const values = formToObject(await c.req.formData())
      try {
        const form = parse(SignInForm, values)
        const old = readCookie(c, 'gachi_sid')
        const now = c.var.deps.now()
        if (old) await endSession(c.var.db, old, 'replaced', now)
        const { sessionId } = await signIn(c.var.db, form, {
          ip: clientIp(c),
          userAgent: c.req.header('user-agent') ?? null,
          now,
        })
        writeCookie(c, 'gachi_sid', sessionId)
        return c.redirect(safeBack(form.next || '/staff'), 303)
      } catch (e) {
        if (!(e instanceof AppError) || e.status >= 500) throw e
        return signInPage(c, formStateFrom(c, e, { login: values.login, next: values.next }), e.status)
      }
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
]
