import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { registerDomains } from '../../app.ts'
import { testConfig } from '../../config.ts'
import type { Database } from '../db/client.ts'
import { lagSampler, shedder } from './shed.ts'

/** A gate the test opens by hand, so requests stay in flight as long as the test wants. */
function gate() {
  let open!: () => void
  const opened = new Promise<void>((r) => {
    open = r
  })
  return { open, opened }
}

registerDomains() // the message catalogues for the 503 page

describe('load shedding', () => {
  it('admits up to the limit, queues the next ones, refuses beyond the queue with 503 + Retry-After, and recovers', async () => {
    const s = shedder({ maxInflight: 2, maxQueue: 1, queueWaitMs: 60_000, retryAfterS: 3 })
    const { Hono } = await import('hono')
    const g = gate()
    const app = new Hono()
    app.use(s.middleware)
    app.get('/slow', async (c) => {
      await g.opened
      return c.text('done')
    })
    app.get('/api/x', (c) => c.json({ ok: true }))
    const running = [app.request('/slow'), app.request('/slow')]
    const queued = app.request('/api/x')
    await Promise.resolve()
    expect(s.stats()).toMatchObject({ inflight: 2, queued: 1 })
    const refused = await app.request('/api/x')
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('3')
    expect(await refused.json()).toMatchObject({ error: { code: 'unavailable' } })
    const page = await app.request('/slow', { headers: { 'accept-language': 'en' } })
    expect(page.status).toBe(503)
    expect(page.headers.get('retry-after')).toBe('3')
    expect(await page.text()).toContain('The service is not available right now')
    g.open()
    expect((await Promise.all(running)).map((r) => r.status)).toEqual([200, 200])
    expect((await queued).status).toBe(200)
    expect(s.stats()).toEqual({ inflight: 0, queued: 0, shed: 2, lagMs: 0 })
    expect((await app.request('/api/x')).status).toBe(200)
  })

  it('refuses a request that waited too long in the queue, and lets the others through', async () => {
    const s = shedder({ maxInflight: 1, maxQueue: 10, queueWaitMs: 20, retryAfterS: 1 })
    const { Hono } = await import('hono')
    const g = gate()
    const app = new Hono()
    app.use(s.middleware)
    app.get('/slow', async (c) => {
      await g.opened
      return c.text('done')
    })
    const first = app.request('/slow')
    const waited = await app.request('/slow')
    expect(waited.status).toBe(503)
    expect(waited.headers.get('retry-after')).toBe('1')
    g.open()
    expect((await first).status).toBe(200)
    expect(s.stats()).toEqual({ inflight: 0, queued: 0, shed: 1, lagMs: 0 })
  })

  it('refuses at once while the event loop lags past maxLagMs (PGlite overload), exempt paths still answer', async () => {
    let lagMs = 1500
    const s = shedder({
      maxInflight: 100,
      maxQueue: 100,
      queueWaitMs: 1000,
      retryAfterS: 2,
      maxLagMs: 1000,
      lag: () => lagMs,
      exempt: (p) => p === '/healthz',
    })
    const { Hono } = await import('hono')
    const app = new Hono()
    app.use(s.middleware)
    app.get('/', (c) => c.text('home'))
    app.get('/healthz', (c) => c.text('ok'))
    const refused = await app.request('/', { headers: { 'accept-language': 'ko' } })
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('2')
    expect(await refused.text()).toContain('lang="ko"')
    expect((await app.request('/healthz')).status).toBe(200)
    expect(s.stats()).toMatchObject({ inflight: 0, shed: 1, lagMs: 1500 })
    lagMs = 40 // the loop is quick again: admitted
    expect((await app.request('/')).status).toBe(200)
  })

  it('the lag sampler sees a sustained lag but not one stall', async () => {
    const sampler = lagSampler()
    try {
      const block = (ms: number) => {
        const end = performance.now() + ms
        while (performance.now() < end) {}
      }
      block(400) // one stall
      await new Promise((r) => setTimeout(r, 600))
      expect(sampler.lag()).toBeLessThan(100)
      // sustained: every tick late by ~150 ms for more than two windows
      const until = performance.now() + 1500
      while (performance.now() < until) {
        block(150)
        await new Promise((r) => setImmediate(r))
        await new Promise((r) => setTimeout(r, 0))
      }
      expect(sampler.lag()).toBeGreaterThan(80)
    } finally {
      sampler.stop()
    }
  })

  describe('in the app', () => {
    let database: Database
    beforeAll(async () => {
      database = await freshDb()
    })
    afterAll(() => database.close())

    it('drives the app past capacity: only 2xx/4xx and 503 with Retry-After; health checks are never shed; it recovers', async () => {
      const config = testConfig({ SHED_MAX_INFLIGHT: '2', SHED_MAX_QUEUE: '2', SHED_QUEUE_WAIT_MS: '10000' })
      const { app } = testApp(database, { config })
      // 40 API requests at once against an app that runs 2 and queues 2
      const results = await Promise.all(
        Array.from({ length: 40 }, () =>
          app.request('/api/v1/sessions/00000000-0000-4000-8000-000000000000'),
        ),
      )
      const statuses = results.map((r) => r.status)
      expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0)
      expect(statuses.every((s) => s < 500 || s === 503)).toBe(true)
      for (const r of results.filter((x) => x.status === 503)) expect(r.headers.get('retry-after')).toBe('2')
      // health checks are exempt, even while the app is saturated
      const held = Array.from({ length: 10 }, () => app.request('/api/v1/sessions/x'))
      expect((await app.request('/healthz')).status).toBe(200)
      expect((await app.request('/readyz')).status).toBe(200)
      await Promise.all(held)
      // and once the rush is over, requests are served again
      const after = await app.request('/api/v1/sessions/00000000-0000-4000-8000-000000000000')
      expect(after.status).toBe(404)
    })
  })
})
