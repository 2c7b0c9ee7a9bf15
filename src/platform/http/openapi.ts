import { type ZodType, z } from 'zod'
import { MATRIX } from '../auth/permissions.ts'
import type { RouteSpec } from './route.ts'

const toSchema = (s: ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>

const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code'),
    message: z.string().describe("Plain-language message in the request's language"),
    fields: z.record(z.string(), z.string()).optional().describe('Message per invalid field'),
    requestId: z.string(),
  }),
})

/** Converts a Hono path (`/devices/:id`) to OpenAPI (`/devices/{id}`). */
const oaPath = (p: string) => p.replace(/:(\w+)/g, '{$1}')

function accessText(access: RouteSpec['access']): string {
  if (access === 'public') return 'Public.'
  if (access === 'citizen') return 'A citizen verified by one-time code.'
  if (access === 'staff') return 'Any signed-in staff member.'
  if (access === 'signed-in') return 'Any signed-in staff member or verified citizen.'
  const roles = Object.entries(MATRIX[access]).map(([r, s]) => `${r} (${s})`)
  return `Permission \`${access}\`: ${roles.join(', ')}.`
}

/** Builds the OpenAPI 3.1 document from the API routes and their Zod schemas. */
export function buildOpenApi(routes: RouteSpec[], info: { title: string; version: string }) {
  const paths: Record<string, Record<string, unknown>> = {}
  const errorRef = { $ref: '#/components/schemas/Error' }
  for (const r of routes.filter((x) => x.kind === 'api')) {
    const path = oaPath(r.path)
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }))
    if (r.query) {
      const qs = toSchema(r.query, 'input') as { properties?: Record<string, unknown>; required?: string[] }
      for (const [name, schema] of Object.entries(qs.properties ?? {}))
        params.push({ name, in: 'query', required: (qs.required ?? []).includes(name), schema } as never)
    }
    const op: Record<string, unknown> = {
      summary: r.summary,
      description: accessText(r.access),
      tags: r.tags,
      operationId: `${r.method.toLowerCase()}${path.replace(/[^\w]+(\w)?/g, (_, ch: string | undefined) => (ch ?? '').toUpperCase())}`,
      parameters: params,
      security: r.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      responses: {
        [String(r.status ?? 200)]: {
          description: 'Success',
          ...(r.response
            ? { content: { 'application/json': { schema: toSchema(r.response, 'output') } } }
            : {}),
        },
        ...(r.body || r.query
          ? { '422': { description: 'Invalid input', content: { 'application/json': { schema: errorRef } } } }
          : {}),
        ...(r.access !== 'public'
          ? {
              '401': { description: 'Not signed in', content: { 'application/json': { schema: errorRef } } },
              '403': { description: 'Not allowed', content: { 'application/json': { schema: errorRef } } },
            }
          : {}),
      },
    }
    if (r.body)
      op.requestBody = {
        required: true,
        content: { 'application/json': { schema: toSchema(r.body, 'input') } },
      }
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: op }
  }
  return {
    openapi: '3.1.0',
    info: { ...info, description: 'Gachi JSON API. Every operation states the permission it needs.' },
    servers: [{ url: '/api/v1' }],
    paths,
    components: {
      schemas: { Error: toSchema(ErrorBody, 'output') },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'Personal access token' },
        session: { type: 'apiKey', in: 'cookie', name: 'gachi_sid' },
      },
    },
  }
}
