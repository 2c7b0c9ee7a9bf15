import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allRoutes } from '../../src/app.ts'
import { seedIfNeeded } from '../../src/boot.ts'
import { testConfig } from '../../src/config.ts'
import { staffUsers } from '../../src/domains/identity/tables.ts'
import { createSession } from '../../src/platform/auth/session.ts'
import type { Database } from '../../src/platform/db/client.ts'
import { createLogger } from '../../src/platform/log.ts'
import { testApp } from '../app.ts'
import { freshDb } from '../fresh-db.ts'

/**
 * CSRF refusal on every state-changing route (issue #10). test/route-matrix.test.ts checks access per role
 * (with a valid CSRF token) and http.test.ts one form; here every POST/PUT/PATCH/DELETE route, page or API,
 * is sent with a signed-in admin's session cookie (ambient authority) but a missing token, a wrong token,
 * or another site's Origin: each is refused with 403 and the CSRF message before anything runs. The same
 * request with the right token and Origin is not refused as CSRF (the control that the route is reachable).
 */
let db: Database
let app: ReturnType<typeof testApp>['app']
let sid = ''
const CSRF = 'csrf-test-token'
const SAMPLE = '00000000-0000-4000-8000-000000000000'
const concrete = (path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => (name === 'programme' ? 'devices' : SAMPLE))
const CSRF_TEXT = 'We could not check that this came from our page'

beforeAll(async () => {
  db = await freshDb({ reference: true })
  const config = testConfig({ GACHI_MODE: 'demo' })
  await seedIfNeeded(db, config, createLogger('silent'))
  app = testApp(db, { config }).app
  const [admin] = await db.db
    .insert(staffUsers)
    .values({ username: 'csrf-admin', displayName: 'csrf', role: 'admin', passwordHash: 'x' })
    .returning()
  sid = await createSession(db.db, { staffId: admin!.id }, { now: new Date() })
})
afterAll(() => db.close())

describe('CSRF refusal on every state-changing route', () => {
  const routes = allRoutes().filter((r) => r.method !== 'GET')
  it('has state-changing routes to check', () => {
    expect(routes.length).toBeGreaterThan(20)
  })
  for (const r of routes) {
    it(`${r.method} ${r.fullPath}`, async () => {
      const path = concrete(r.fullPath)
      const form = r.kind === 'page'
      const send = (opts: { token?: string; origin?: string; site?: string }) => {
        const headers: Record<string, string> = {
          cookie: `gachi_sid=${sid}; gachi_csrf=${CSRF}`,
          host: 'localhost',
          'accept-language': 'en',
          'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
        }
        if (opts.origin) headers.origin = opts.origin
        if (opts.site) headers['sec-fetch-site'] = opts.site
        if (opts.token && !form) headers['x-csrf-token'] = opts.token
        const body = form
          ? new URLSearchParams(opts.token ? { _csrf: opts.token } : {}).toString()
          : JSON.stringify({})
        return app.request(`http://localhost${path}`, { method: r.method, headers, body })
      }
      const refusedAsCsrf = async (res: Response) =>
        res.status === 403 && (await res.text()).includes(CSRF_TEXT)
      expect(await refusedAsCsrf(await send({ origin: 'http://localhost' })), 'no token').toBe(true)
      expect(
        await refusedAsCsrf(await send({ token: 'forged', origin: 'http://localhost' })),
        'wrong token',
      ).toBe(true)
      expect(
        await refusedAsCsrf(await send({ token: CSRF, origin: 'https://evil.example' })),
        'other origin',
      ).toBe(true)
      expect(await refusedAsCsrf(await send({ token: CSRF, site: 'cross-site' })), 'cross-site fetch').toBe(
        true,
      )
      const ok = await send({ token: CSRF, origin: 'http://localhost' })
      expect(await refusedAsCsrf(ok), 'the right token and origin pass the CSRF check').toBe(false)
      expect(ok.status, 'never a 500').toBeLessThan(500)
    })
  }
})
