import { createApp } from '../src/app.ts'
import type { Config } from '../src/config.ts'
import { testConfig } from '../src/config.ts'
import type { Database } from '../src/platform/db/client.ts'
import type { AppDeps } from '../src/platform/http/context.ts'
import { transportsFromConfig } from '../src/platform/jobs/transports.ts'
import { createLogger } from '../src/platform/log.ts'

/** A test clock that tests can move. */
export class TestClock {
  constructor(public current = new Date('2026-11-23T01:00:00Z')) {}
  now = () => new Date(this.current)
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms)
  }
}

/** Builds the app on a test database; requests go through app.request() without a server. */
export function testApp(database: Database, opts: { config?: Config; clock?: TestClock } = {}) {
  const config = opts.config ?? testConfig()
  const clock = opts.clock ?? new TestClock(new Date())
  const deps: AppDeps = {
    config,
    database,
    log: createLogger('silent'),
    transports: transportsFromConfig(config, database.db),
    now: clock.now,
  }
  return { app: createApp(deps), deps, clock }
}

/**
 * A JSON API caller for tests: a session cookie (or none) and the CSRF token a browser client would send;
 * answers the status and the parsed body. `lang` sets Accept-Language (per call, or the default given here).
 */
export function apiClient(app: ReturnType<typeof testApp>['app'], defaultLang = 'ko') {
  return async (sid: string | null, method: string, path: string, body?: unknown, lang = defaultLang) => {
    const res = await app.request(`/api/v1${path}`, {
      method,
      headers: {
        cookie: `${sid ? `gachi_sid=${sid}; ` : ''}gachi_csrf=tok`,
        'x-csrf-token': 'tok',
        origin: 'http://localhost',
        host: 'localhost',
        'accept-language': lang,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    const text = await res.text()
    // biome-ignore lint/suspicious/noExplicitAny: tests read response fields one by one
    return { status: res.status, json: (text ? JSON.parse(text) : null) as Record<string, any> }
  }
}

/** A tiny cookie jar + form helper for page tests (follows the CSRF token like a browser). */
export class Browser {
  cookies = new Map<string, string>()
  constructor(
    private readonly app: ReturnType<typeof createApp>,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  private keep(res: Response) {
    for (const c of res.headers.getSetCookie()) {
      const [pair = ''] = c.split(';')
      const i = pair.indexOf('=')
      const name = pair.slice(0, i)
      const value = pair.slice(i + 1)
      if (/max-age=0/i.test(c) || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
  }

  async get(path: string, headers: Record<string, string> = {}) {
    const res = await this.app.request(path, {
      headers: { cookie: this.cookieHeader(), ...this.headers, ...headers },
    })
    this.keep(res)
    return res
  }

  /** The CSRF token the app put in its cookie (as a form would carry it). */
  get csrf(): string {
    return this.cookies.get('gachi_csrf') ?? ''
  }

  async post(path: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    if (!this.cookies.has('gachi_csrf')) await this.get('/')
    const body = new URLSearchParams()
    body.set('_csrf', this.csrf)
    for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) body.append(k, x)
    const res = await this.app.request(path, {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: this.cookieHeader(),
        origin: 'http://localhost',
        host: 'localhost',
        ...this.headers,
        ...headers,
      },
    })
    this.keep(res)
    return res
  }
}
