import { readFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { AppError, isAppError } from '../../platform/http/errors.ts'
import { metaOf } from '../../platform/http/request-meta.ts'
import { api } from '../../platform/http/route.ts'
import { scenarioJsonSchema } from './format.ts'
import { AttemptBatch, AttemptReceipt, ScenarioSummary, StuckStat } from './schema.ts'
import { findScenario, playableScenarios, recordAttempts, stuckStatistics } from './service.ts'

const tags = ['kiosk']
const SW_FILE = resolve(dirname(fileURLToPath(import.meta.url)), '../../ui/static/kiosk/sw.js')

export const kioskApi = [
  api({
    method: 'GET',
    path: '/kiosk/scenarios',
    access: 'public',
    summary: 'The playable kiosk scenarios (shipped and published by tutors)',
    tags,
    response: z.object({ items: z.array(ScenarioSummary) }),
    handle: async (c) =>
      c.json({
        items: (await playableScenarios(c.var.db)).map(({ scenario: s, shipped }) => ({
          id: s.id,
          version: s.version,
          title: s.title,
          summary: s.summary,
          shipped,
        })),
      }),
  }),
  api({
    method: 'GET',
    path: '/kiosk/scenarios/:id',
    access: 'public',
    summary: 'One scenario document (format gachi-kiosk/1), loaded on demand by the simulator',
    tags,
    handle: async (c) => {
      const s = await findScenario(c.var.db, c.req.param('id') ?? '')
      if (!s) throw new AppError('not_found', 'kiosk.notFound')
      c.header('cache-control', 'no-cache')
      return c.json(s)
    },
  }),
  api({
    method: 'GET',
    path: '/kiosk/scenario.schema.json',
    access: 'public',
    summary: 'The JSON Schema of the scenario format',
    tags,
    handle: (c) => {
      c.header('cache-control', 'public, max-age=3600')
      return c.json(scenarioJsonSchema())
    },
  }),
  api({
    method: 'POST',
    path: '/kiosk/attempts',
    access: 'public',
    summary:
      'Records practice attempts (queued on the device, sent when online). Idempotent by the attempt id; linked to the record only for a verified citizen who asks. Limited per address and per device id (429 with Retry-After)',
    tags,
    body: AttemptBatch,
    response: AttemptReceipt,
    handle: async (c, { body }) => {
      try {
        return c.json(await recordAttempts(c.var.db, c.var.actor, body, metaOf(c)))
      } catch (e) {
        // over a limit: say when to come back (the device keeps its queue and tries again then)
        if (isAppError(e) && e.code === 'too_many_requests') c.header('retry-after', String(e.params.seconds))
        throw e
      }
    },
  }),
  api({
    method: 'GET',
    path: '/kiosk/stats',
    access: 'kiosk:stats',
    summary: '"Where people get stuck": anonymous counts per scenario screen; small cells withheld',
    tags,
    response: z.object({
      items: z.array(
        z.union([
          StuckStat.extend({ suppressed: z.literal(false) }),
          z.object({ scenario: z.string(), screen: z.string(), suppressed: z.literal(true) }),
        ]),
      ),
    }),
    handle: async (c) => c.json({ items: await stuckStatistics(c.var.db, c.var.actor) }),
  }),
  api({
    method: 'GET',
    path: '/kiosk/sw.js',
    access: 'public',
    summary: 'The service worker that keeps kiosk practice working offline (scope /kiosk)',
    tags,
    handle: (c) => {
      c.header('content-type', 'text/javascript; charset=utf-8')
      c.header('service-worker-allowed', '/kiosk')
      c.header('cache-control', 'no-cache')
      return c.body(readFileSync(SW_FILE, 'utf8'))
    },
  }),
]
