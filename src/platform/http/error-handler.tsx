import type { ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { renderPage } from '../../ui/render.tsx'
import { ANONYMOUS } from '../auth/actor.ts'
import { cityProfile } from '../city.ts'
import { formatPhone } from '../i18n/format.ts'
import { negotiateLocale, translator } from '../i18n/index.ts'
import type { AppEnv, Ctx } from './context.ts'
import { AppError } from './errors.ts'

const isApi = (c: Ctx) => new URL(c.req.url).pathname.startsWith('/api/')

/** Makes sure the template variables exist even when an error happened before their middleware ran. */
function ensureView(c: Ctx) {
  if (!c.var.locale) {
    const l = negotiateLocale(undefined, c.req.header('accept-language'))
    c.set('locale', l)
    c.set('t', translator(l))
  }
  if (!c.var.prefs) c.set('prefs', { textSize: 100, contrast: 'normal' })
  if (!c.var.actor) c.set('actor', ANONYMOUS)
  if (c.var.csrfToken === undefined) c.set('csrfToken', '')
}

const TITLE: Partial<Record<AppError['code'], string>> = {
  not_found: 'error.notFound',
  unauthenticated: 'auth.signInRequired',
  forbidden: 'auth.forbidden',
  payload_too_large: 'error.badRequest',
  too_many_requests: 'error.tooMany',
  internal: 'error.internal',
  unavailable: 'error.unavailable',
}

/** Renders an AppError as JSON (API) or an accessible HTML page, in the request's language. */
export async function presentError(c: Ctx, err: AppError): Promise<Response> {
  ensureView(c)
  const t = c.var.t
  const fields = Object.fromEntries(
    Object.entries(err.fields).map(([k, key]) => [k, t(key, err.fieldParams[k])]),
  )
  const message = t(err.message, err.params)
  if (isApi(c)) {
    return c.json(
      {
        error: {
          code: err.code,
          message,
          ...(Object.keys(fields).length ? { fields } : {}),
          requestId: c.var.requestId ?? '',
        },
      },
      err.status,
    )
  }
  if (err.code === 'unauthenticated' && c.req.method === 'GET') {
    const next = new URL(c.req.url).pathname + new URL(c.req.url).search
    return c.redirect(`/staff/sign-in?next=${encodeURIComponent(next)}`, 303)
  }
  const phone = formatPhone(cityProfile(c.var.deps?.config.GACHI_CITY ?? 'seoul').helpPhone)
  const bodyKey: Partial<Record<AppError['code'], string>> = {
    not_found: 'error.notFoundBody',
    forbidden: err.message === 'error.csrf' ? undefined : 'error.forbiddenBody',
    unauthenticated: 'error.unauthenticatedBody',
    internal: 'error.internalBody',
    payload_too_large: 'error.tooLarge',
  }
  const title = t(TITLE[err.code] ?? 'error.badRequest')
  const body = bodyKey[err.code]
  return renderPage(c, { title, status: err.status }, () => (
    <>
      <h1>{title}</h1>
      {err.message !== TITLE[err.code] && err.message !== 'validation.summary' ? <p>{message}</p> : null}
      {body ? <p>{t(body, { phone })}</p> : null}
      {Object.keys(fields).length ? (
        <ul>
          {Object.entries(fields).map(([k, m]) => (
            <li>
              {k}: {m}
            </li>
          ))}
        </ul>
      ) : null}
      {err.code === 'internal' ? (
        <p class="field-hint">{t('error.code', { code: c.var.requestId ?? '' })}</p>
      ) : null}
      <p>
        <a href="/">{t('error.goHome')}</a>
      </p>
    </>
  ))
}

/** The single error handler: AppError as is; Hono's HTTP errors mapped; anything else logged and shown as 500. */
export const onError: ErrorHandler<AppEnv> = async (err, c) => {
  if (err instanceof AppError) {
    if (err.status >= 500) c.var.log?.error({ err }, 'request failed')
    return presentError(c, err)
  }
  if (err instanceof HTTPException) {
    const code =
      err.status === 413
        ? 'payload_too_large'
        : err.status === 404
          ? 'not_found'
          : err.status === 401
            ? 'unauthenticated'
            : err.status === 403
              ? 'forbidden'
              : 'bad_request'
    return presentError(
      c,
      new AppError(code, code === 'payload_too_large' ? 'error.tooLarge' : 'error.badRequest'),
    )
  }
  c.var.log?.error({ err }, 'unhandled error')
  return presentError(c, new AppError('internal', 'error.internal', {}, {}, { cause: err }))
}

export const notFound: NotFoundHandler<AppEnv> = (c) =>
  presentError(c, new AppError('not_found', 'error.notFound'))
