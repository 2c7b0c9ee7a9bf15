import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { compress } from 'hono/compress'
import { secureHeaders } from 'hono/secure-headers'
import { DOMAINS } from './domains/index.ts'
import { allows } from './platform/auth/actor.ts'
import { registerDoors } from './platform/domain.ts'
import type { AppDeps, AppEnv, Ctx } from './platform/http/context.ts'
import { notFound, onError } from './platform/http/error-handler.tsx'
import { AppError } from './platform/http/errors.ts'
import { authenticate, csrf, preferences, requestContext } from './platform/http/middleware.ts'
import { buildOpenApi } from './platform/http/openapi.ts'
import { parse } from './platform/http/parse.ts'
import type { RouteSpec } from './platform/http/route.ts'
import { shedder } from './platform/http/shed.ts'
import { staticRoutes } from './platform/http/static.ts'
import { registerMessages } from './platform/i18n/index.ts'
import { setPublicUrl } from './platform/public-url.ts'
import { registerReferenceResolvers } from './platform/reference.ts'
import { uiMessages } from './ui/messages.ts'
import { addStaffNav } from './ui/render.tsx'

export const API_PREFIX = '/api/v1'

let registered = false
/** Registers every domain's messages and menus (once per process). */
export function registerDomains(): void {
  if (registered) return
  registered = true
  registerMessages('ui', uiMessages)
  for (const d of DOMAINS) {
    if (d.messages) registerMessages(d.name, d.messages)
    if (d.staffNav) addStaffNav(d.staffNav)
    if (d.doors) registerDoors(d.doors)
    if (d.references) registerReferenceResolvers(d.references)
  }
}

/** Every route of the app with its full path (used by the app, the OpenAPI document and the route × role test). */
export function allRoutes(): (RouteSpec & { fullPath: string })[] {
  return DOMAINS.flatMap((d) => d.routes ?? []).map((r) => ({
    ...r,
    fullPath: r.kind === 'api' ? `${API_PREFIX}${r.path}` : r.path,
  }))
}

async function readJson(c: Ctx): Promise<unknown> {
  const type = c.req.header('content-type') ?? ''
  if (!type.includes('application/json')) {
    if (!(await c.req.raw.clone().text())) return {}
    throw new AppError('bad_request', 'validation.json')
  }
  try {
    return await c.req.json()
  } catch {
    throw new AppError('bad_request', 'validation.json')
  }
}

/** Wraps a route: access check → input parsing → handler. */
function handlerFor(r: RouteSpec) {
  return async (c: Ctx) => {
    const actor = c.var.actor
    if (!allows(actor, r.access)) {
      if (actor.kind === 'anonymous' && r.access !== 'citizen')
        throw new AppError('unauthenticated', 'auth.signInRequired')
      if (actor.kind === 'anonymous' && r.access === 'citizen') {
        if (r.kind === 'page')
          return c.redirect(`/verify?next=${encodeURIComponent(new URL(c.req.url).pathname)}`, 303)
        throw new AppError('unauthenticated', 'auth.signInRequired')
      }
      throw new AppError('forbidden', 'auth.forbidden')
    }
    const query = r.query ? parse(r.query, c.req.query()) : undefined
    const body = r.body ? parse(r.body, await readJson(c)) : undefined
    return r.handle(c, { body, query })
  }
}

/** Builds the Hono app: middleware order, static files, every domain's routes, OpenAPI, one error handler. */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  registerDomains()
  setPublicUrl(deps.config.PUBLIC_URL)
  const app = new Hono<AppEnv>()
  app.onError(onError)
  app.notFound(notFound)
  app.use(requestContext(deps))
  app.use(
    shedder({
      maxInflight: deps.config.SHED_MAX_INFLIGHT,
      maxQueue: deps.config.SHED_MAX_QUEUE,
      queueWaitMs: deps.config.SHED_QUEUE_WAIT_MS,
      retryAfterS: deps.config.SHED_RETRY_AFTER_S,
      maxLagMs: deps.config.SHED_MAX_LAG_MS,
      exempt: (path) => path === '/healthz' || path === '/readyz',
    }).middleware,
  )
  // only GET responses are compressed: the others are small (JSON results, redirects), and gzip through
  // a CompressionStream costs about a millisecond of CPU per response
  const gzip = compress()
  app.use((c, next) => (c.req.method === 'GET' ? gzip(c, next) : next()))
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      strictTransportSecurity: false,
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
      crossOriginEmbedderPolicy: false,
      permissionsPolicy: {
        camera: ['self'],
        microphone: [],
        geolocation: ['self'],
        payment: [],
        usb: [],
      },
    }),
  )
  app.use(async (c, next) => {
    await next()
    const https = new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
    if (https) c.header('strict-transport-security', 'max-age=63072000; includeSubDomains')
  })
  app.use(
    bodyLimit({
      maxSize: deps.config.BODY_LIMIT_BYTES,
      onError: () => {
        throw new AppError('payload_too_large', 'error.tooLarge')
      },
    }),
  )
  app.get('/healthz', (c) => c.json({ status: 'ok' }))
  app.get('/readyz', async (c) => {
    try {
      await deps.database.query('select 1')
      return c.json({ status: 'ready', database: deps.database.kind })
    } catch {
      return c.json({ status: 'unavailable', database: deps.database.kind }, 503)
    }
  })
  app.route('/', staticRoutes())
  app.use(preferences())
  app.use(authenticate())
  app.use(csrf())

  const routes = allRoutes()
  const openapi = buildOpenApi(routes, { title: 'Gachi API', version: '1' })
  app.get('/api/openapi.json', (c) => c.json(openapi))
  for (const r of routes) app.on(r.method, r.fullPath, handlerFor(r))
  return app
}
