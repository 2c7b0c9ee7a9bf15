import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allRoutes } from '../src/app.ts'
import { seedIfNeeded } from '../src/boot.ts'
import { testConfig } from '../src/config.ts'
import { createToken } from '../src/domains/identity/service.ts'
import { allows } from '../src/platform/auth/actor.ts'
import { ROLES, type Role } from '../src/platform/auth/permissions.ts'
import type { Database } from '../src/platform/db/client.ts'
import { createLogger } from '../src/platform/log.ts'
import { testApp } from './app.ts'
import { freshDb } from './fresh-db.ts'

/**
 * Every registered route × every role (and anonymous): the response must agree with the permission
 * matrix — allowed roles never get 401/403, everyone else always does.
 */
let db: Database
let app: ReturnType<typeof testApp>['app']
const tokens = new Map<Role, string>()

beforeAll(async () => {
  db = await freshDb({ reference: true })
  const config = testConfig({ GACHI_MODE: 'demo' })
  await seedIfNeeded(db, config, createLogger('silent'))
  app = testApp(db, { config }).app
  for (const role of ROLES)
    tokens.set(role, (await createToken(db.db, 'system', { name: role, role, days: 1 }, new Date())).token)
})
afterAll(() => db.close())

const SAMPLE = '00000000-0000-4000-8000-000000000000'
const concrete = (path: string) =>
  path.replace(/:(\w+)/g, (_, name: string) => (name === 'programme' ? 'devices' : SAMPLE))

describe('route × role matrix', () => {
  const routes = allRoutes()
  it('has routes to check', () => {
    expect(routes.length).toBeGreaterThan(15)
  })
  for (const r of routes) {
    it(`${r.method} ${r.fullPath} (${r.access})`, async () => {
      const path = concrete(r.fullPath)
      const init = (auth?: string): RequestInit => ({
        method: r.method,
        headers: {
          ...(auth
            ? { authorization: `Bearer ${auth}` }
            : { cookie: 'gachi_csrf=matrix', 'x-csrf-token': 'matrix' }),
          'content-type': r.kind === 'api' ? 'application/json' : 'application/x-www-form-urlencoded',
          'accept-language': 'en',
        },
        ...(r.method === 'GET' ? {} : { body: r.kind === 'api' ? '{}' : '' }),
      })
      /** Refused by the access check: 401 "sign in", 403 "no permission", or a redirect to sign in. */
      const refused = async (res: Response) => {
        if (res.status === 303)
          return /\/(staff\/sign-in|verify)\?next=/.test(res.headers.get('location') ?? '')
        if (res.status !== 401 && res.status !== 403) return false
        const text = await res.text()
        return text.includes('You need to sign in') || text.includes('You do not have permission')
      }
      for (const role of ROLES) {
        const res = await app.request(path, init(tokens.get(role)))
        const actor = {
          kind: 'staff',
          role,
          id: SAMPLE,
          orgId: null,
          name: role,
          via: 'token',
          sessionId: null,
        } as const
        expect(res.status, `${role}: never a 500`).toBeLessThan(500)
        expect(await refused(res), `${role} ${allows(actor, r.access) ? 'allowed' : 'refused'}`).toBe(
          !allows(actor, r.access),
        )
      }
      const anon = await app.request(path, init())
      expect(anon.status).toBeLessThan(500)
      expect(await refused(anon), 'anonymous').toBe(r.access !== 'public')
    })
  }
})

describe('security headers on every page', () => {
  const pages = allRoutes().filter((r) => r.kind === 'page' && r.method === 'GET')
  for (const r of pages) {
    it(`GET ${r.fullPath}`, async () => {
      const res = await app.request(concrete(r.fullPath), {
        headers: r.access === 'public' ? {} : { authorization: `Bearer ${tokens.get('admin')}` },
      })
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'self'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBe('DENY')
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
      expect(res.headers.get('permissions-policy')).toBeTruthy()
      for (const cookie of res.headers.getSetCookie()) {
        expect(cookie).toMatch(/HttpOnly/i)
        expect(cookie).toMatch(/SameSite=Lax/i)
      }
    })
  }
})
