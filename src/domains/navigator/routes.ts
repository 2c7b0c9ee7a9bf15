import { z } from 'zod'
import { api } from '../../platform/http/route.ts'
import { cleanAnswers } from './rules/engine.ts'
import { AssessBody } from './schema.ts'
import { results } from './service.ts'

const Text2 = z.object({ ko: z.string(), en: z.string() })
const AssessResponse = z.object({
  results: z.array(
    z.object({
      key: z.string(),
      owner: z.string(),
      title: Text2,
      verdict: z.enum(['likely', 'maybe', 'not']),
      criteria: z.array(z.object({ text: Text2, met: z.boolean().nullable() })),
      benefit: Text2,
      apply: z.string().nullable(),
      source: z.object({ title: z.string(), url: z.string() }),
      validFrom: z.string(),
    }),
  ),
})

/** JSON API: assess answers against every programme in force (nothing stored). */
export const navigatorApi = [
  api({
    method: 'POST',
    path: '/navigator/assess',
    access: 'public',
    summary:
      'Assesses answers to the navigator questions against every programme in force; nothing is stored',
    tags: ['navigator'],
    body: AssessBody,
    response: AssessResponse,
    handle: async (c, { body }) => {
      const now = body.day ? new Date(`${body.day}T03:00:00Z`) : c.var.deps.now()
      const list = await results(c.var.db, cleanAnswers(body.answers), now, body.event)
      return c.json({
        results: list.map((r) => ({
          key: r.programme.key,
          owner: r.programme.owner,
          title: r.programme.title,
          verdict: r.verdict,
          criteria: r.criteria,
          benefit: r.version.benefit,
          apply: r.programme.apply ?? null,
          source: r.version.source,
          validFrom: r.version.from,
        })),
      })
    },
  }),
]
