import { randomUUID } from 'node:crypto'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { MiddlewareHandler } from 'hono'
import { ANONYMOUS } from '../auth/actor.ts'
import { randomToken, safeEqual } from '../auth/crypto.ts'
import { resolveBearer, resolveSession } from '../auth/session.ts'
import { negotiateLocale, translator } from '../i18n/index.ts'
import type { AppDeps, AppEnv, Prefs } from './context.ts'
import { readCookie, writeCookie } from './cookies.ts'
import { AppError } from './errors.ts'

/** Puts the dependencies, a request id and a child logger on the context; logs each request. */
export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && /^[\w-]{8,64}$/.test(incoming) ? incoming : randomUUID()
    c.set('deps', deps)
    c.set('db', deps.database.db)
    c.set('requestId', requestId)
    const log = deps.log.child({ reqId: requestId })
    c.set('log', log)
    c.header('x-request-id', requestId)
    const start = performance.now()
    await next()
    log.info(
      {
        method: c.req.method,
        path: new URL(c.req.url).pathname,
        status: c.res.status,
        ms: Math.round(performance.now() - start),
      },
      'request',
    )
  }
}

const SIZES = [100, 125, 150, 200] as const

/** Reads language and display preferences from cookies (then Accept-Language). */
export function preferences(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const locale = negotiateLocale(readCookie(c, 'gachi_lang'), c.req.header('accept-language'))
    c.set('locale', locale)
    c.set('t', translator(locale))
    const size = Number(readCookie(c, 'gachi_text'))
    const prefs: Prefs = {
      textSize: (SIZES as readonly number[]).includes(size) ? (size as Prefs['textSize']) : 100,
      contrast: readCookie(c, 'gachi_contrast') === 'high' ? 'high' : 'normal',
    }
    c.set('prefs', prefs)
    await next()
    c.header('content-language', locale)
    c.header('vary', 'Accept-Language, Cookie', { append: true })
  }
}

/** The client's IP address (socket address; X-Forwarded-For is not trusted). */
export function clientIp(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | null {
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null // app.request() in tests has no socket
  }
}

/** Resolves the actor from a bearer token or the session cookie. */
export function authenticate(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { db } = c.var
    const now = c.var.deps.now()
    c.set('actor', ANONYMOUS)
    const auth = c.req.header('authorization')
    if (auth?.startsWith('Bearer ')) {
      const actor = await resolveBearer(db, auth.slice(7).trim(), now)
      if (!actor) throw new AppError('unauthenticated', 'auth.badToken')
      c.set('actor', actor)
      return next()
    }
    const raw = readCookie(c, 'gachi_sid')
    if (raw) {
      const s = await resolveSession(db, raw, now)
      if (s) {
        c.set('actor', s.actor)
        if (s.idleEndsAt) c.header('x-session-idle-ends', s.idleEndsAt.toISOString())
      }
    }
    await next()
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF protection for cookie-authenticated requests: a per-browser token in an HttpOnly cookie that
 * every state-changing form echoes in `_csrf` (or the X-CSRF-Token header), plus an Origin check.
 * Requests with a bearer token carry no ambient credentials and are exempt.
 */
export function csrf(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // a request with a bearer token (an API client) has no forms and no cookies to protect: no token,
    // no cookie written (a registration rush of API requests would otherwise set one on every answer)
    if (c.req.header('authorization')?.startsWith('Bearer ')) {
      c.set('csrfToken', '')
      return next()
    }
    let token = readCookie(c, 'gachi_csrf')
    const hadToken = !!token
    if (!token) token = randomToken(24)
    c.set('csrfToken', token)
    const path = new URL(c.req.url).pathname
    const ambient = !!readCookie(c, 'gachi_sid') || !path.startsWith('/api/')
    if (!SAFE.has(c.req.method) && ambient) {
      const origin = c.req.header('origin')
      const host = c.req.header('host') ?? new URL(c.req.url).host
      if (origin) {
        const o = URL.canParse(origin) ? new URL(origin) : null
        if (!o || o.host !== host) throw new AppError('forbidden', 'error.csrf', {}, {}, { cause: 'origin' })
      } else if (c.req.header('sec-fetch-site') === 'cross-site') {
        throw new AppError('forbidden', 'error.csrf', {}, {}, { cause: 'sec-fetch-site' })
      }
      let sent = c.req.header('x-csrf-token')
      if (!sent) {
        const type = c.req.header('content-type') ?? ''
        if (type.includes('application/x-www-form-urlencoded') || type.includes('multipart/form-data')) {
          const form = await c.req.raw
            .clone()
            .formData()
            .catch(() => null)
          const v = form?.get('_csrf')
          sent = typeof v === 'string' ? v : undefined
        }
      }
      if (!hadToken || !sent || !safeEqual(sent, token))
        throw new AppError('forbidden', 'error.csrf', {}, {}, { cause: 'token' })
    }
    await next()
    if (!hadToken) writeCookie(c, 'gachi_csrf', token, { httpOnly: true })
  }
}
