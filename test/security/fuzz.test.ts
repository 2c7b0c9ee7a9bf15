import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { allRoutes } from '../../src/app.ts'
import { seedIfNeeded } from '../../src/boot.ts'
import { testConfig } from '../../src/config.ts'
import { createToken } from '../../src/domains/identity/service.ts'
import { staffUsers } from '../../src/domains/identity/tables.ts'
import { persons } from '../../src/domains/people/tables.ts'
import { createSession } from '../../src/platform/auth/session.ts'
import type { Database } from '../../src/platform/db/client.ts'
import { buildOpenApi } from '../../src/platform/http/openapi.ts'
import { createLogger } from '../../src/platform/log.ts'
import { testApp } from '../app.ts'
import { freshDb } from '../fresh-db.ts'

/**
 * Property-based fuzzing of every API operation in /api/openapi.json (issue #10). For each operation,
 * fast-check builds inputs from the operation's own schema — right names with wrong, boundary, hostile or
 * random values, unknown fields, random JSON, odd path parameters and query strings — and sends them as an
 * admin token (a verified citizen's session for citizen routes). Every answer must be below 500, carry no
 * stack trace and no SQL, and a refused request (4xx) must leave every table as it was.
 *   FUZZ_RUNS=200 npx vitest run test/security/fuzz.test.ts
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 8)
/** Who may call each route (citizen routes are fuzzed as a verified citizen, the rest as an admin token). */
const ACCESS = new Map(allRoutes().map((r) => [`${r.method} ${r.fullPath}`, r.access]))
const SEED = Number(process.env.FUZZ_SEED ?? 20261201)

/** Tables a refused request may legitimately write to: logs of the attempt itself and rate-limit buckets. */
const MAY_CHANGE_ON_REFUSAL = /(^|_)(audit|access_log|log|rate|attempts?|sessions|meta)(_|$)/

type JsonSchema = {
  type?: string | string[]
  properties?: Record<string, JsonSchema>
  items?: JsonSchema
  enum?: unknown[]
  const?: unknown
  anyOf?: JsonSchema[]
  oneOf?: JsonSchema[]
  allOf?: JsonSchema[]
  format?: string
  minLength?: number
  maxLength?: number
  minimum?: number
  maximum?: number
  pattern?: string
}
type Operation = {
  operationId: string
  parameters?: { name: string; in: 'path' | 'query'; schema: JsonSchema }[]
  requestBody?: { content: { 'application/json': { schema: JsonSchema } } }
  security?: unknown[]
  description?: string
}

const HOSTILE = [
  '',
  ' ',
  "'; drop table persons; --",
  '" or 1=1 --',
  '<script>alert(1)</script>',
  '../../../../etc/passwd',
  '%00',
  '\u0000',
  'a\u0000b',
  '\uD800',
  '𝒳'.repeat(50),
  '가'.repeat(5000),
  '0'.repeat(400),
  '-1',
  '1e309',
  'NaN',
  'null',
  'true',
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '00000000-0000-0000-0000-000000000000',
  '{"$ne":null}',
  '__proto__',
]

const anyString = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ maxLength: 40 }), fc.uuid())
const anyScalar = fc.oneof(
  anyString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -1, 2 ** 31, -(2 ** 53), Number.MAX_SAFE_INTEGER, 1e300),
  fc.boolean(),
  fc.constant(null),
)

/** Values for one schema: often right-shaped, often wrong, sometimes anything. */
function valueFor(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 3) return anyScalar
  const options: fc.Arbitrary<unknown>[] = [anyScalar]
  const alts = schema.anyOf ?? schema.oneOf ?? schema.allOf
  if (alts) options.push(...alts.map((s) => valueFor(s, depth + 1)))
  if (schema.enum) options.push(fc.constantFrom(...schema.enum), fc.constantFrom(...schema.enum))
  if (schema.const !== undefined) options.push(fc.constant(schema.const))
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []
  for (const t of types) {
    if (t === 'string') {
      const max = schema.maxLength ?? 60
      options.push(
        fc.string({ minLength: schema.minLength ?? 0, maxLength: Math.min(max, 80) }),
        fc.string({ minLength: max + 1, maxLength: max + 3 }),
      )
      if (schema.format === 'uuid') options.push(fc.uuid(), fc.uuid())
      if (schema.format?.startsWith('date')) options.push(fc.date().map((d) => d.toISOString()))
    } else if (t === 'integer' || t === 'number') {
      const lo = schema.minimum ?? -1000
      const hi = schema.maximum ?? 1_000_000
      options.push(
        fc.integer({ min: Math.max(lo, -(2 ** 31)), max: Math.min(hi, 2 ** 31 - 1) }),
        fc.constantFrom(lo - 1, hi + 1, lo, hi),
      )
    } else if (t === 'boolean') options.push(fc.boolean())
    else if (t === 'array') options.push(fc.array(valueFor(schema.items, depth + 1), { maxLength: 4 }))
    else if (t === 'object') options.push(objectFor(schema, depth + 1))
  }
  if (!types.length && schema.properties) options.push(objectFor(schema, depth + 1))
  return fc.oneof(...options)
}

function objectFor(schema: JsonSchema, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.fromEntries(
    Object.entries(schema.properties ?? {}).map(([k, s]) => [k, valueFor(s, depth)]),
  )
  return fc
    .tuple(
      fc.record(props, { requiredKeys: [] }),
      fc.dictionary(fc.string({ maxLength: 12 }), anyScalar, { maxKeys: 2 }),
    )
    .map(([known, extra]) => ({ ...extra, ...known }))
}

const bodyFor = (op: Operation) => {
  const schema = op.requestBody?.content['application/json'].schema
  return fc.oneof(
    { weight: 6, arbitrary: schema ? objectFor(schema).map((o) => JSON.stringify(o)) : fc.constant('{}') },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.constantFrom('', '{', 'null', '[]', '{"a":', '"x"', '\u0000') },
  )
}

const pathValue = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    '00000000-0000-4000-8000-000000000000',
    'D-DEMO-00001',
    'text-size',
    '0',
    '-1',
    "x'y",
    '%2e%2e',
  ),
  fc.string({ minLength: 1, maxLength: 30 }).map(encodeURIComponent),
)

const STACK = /\n\s+at .+\(|\bat .+\.ts:\d+|node_modules\//
const SQL =
  /\b(select\s.+\sfrom|insert\s+into|update\s+\S+\s+set|delete\s+from)\b|violates .* constraint|syntax error at or near|relation "[^"]+"|duplicate key value|invalid input syntax|PGlite|drizzle/i

let db: Database
let app: ReturnType<typeof testApp>['app']
let token = ''
let citizenSid = ''
let tables: string[] = []
const STATUSES = new Map<number, number>()
/** Row counts after the last write request (a refused request must leave them as they are). */
let current = new Map<string, number>()

async function fingerprint(): Promise<Map<string, number>> {
  const rows = await db.query<{ t: string; n: number }>(
    tables.map((t) => `select '${t}' as t, count(*)::int as n from "${t}"`).join(' union all '),
  )
  return new Map(rows.map((r) => [r.t, r.n]))
}

beforeAll(async () => {
  db = await freshDb({ reference: true })
  const config = testConfig({ GACHI_MODE: 'demo' })
  await seedIfNeeded(db, config, createLogger('silent'))
  app = testApp(db, { config }).app
  const [admin] = await db.db
    .insert(staffUsers)
    .values({ username: 'fuzz-admin', displayName: 'fuzz', role: 'admin', passwordHash: 'x' })
    .returning()
  token = (
    await createToken(
      db.db,
      'system',
      { name: 'fuzz', role: 'admin', days: 1, staffId: admin!.id },
      new Date(),
    )
  ).token
  const [person] = await db.db
    .insert(persons)
    .values({ name: '퍼즈', createdChannel: 'web' })
    .returning({ id: persons.id })
  citizenSid = await createSession(db.db, { personId: person!.id }, { now: new Date() })
  tables = (
    await db.query<{ tablename: string }>(
      "select tablename from pg_tables where schemaname = 'public' order by tablename",
    )
  )
    .map((r) => r.tablename)
    .filter((t) => !MAY_CHANGE_ON_REFUSAL.test(t))
  current = await fingerprint()
}, 300_000)
afterAll(async () => {
  const tally = [...STATUSES].sort(([a], [b]) => a - b).map(([s, n]) => `${s}×${n}`)
  console.log(`[fuzz] ${[...STATUSES.values()].reduce((a, b) => a + b, 0)} requests: ${tally.join(' ')}`)
  await db?.close()
})

describe('fuzzing every API operation from the OpenAPI document', () => {
  // the document /api/openapi.json serves (built from the same routes and schemas)
  const doc = JSON.parse(JSON.stringify(buildOpenApi(allRoutes(), { title: 'Gachi API', version: '1' }))) as {
    paths: Record<string, Record<string, Operation>>
  }
  const ops = Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method: method.toUpperCase(), op })),
  )
  it('has operations to fuzz', () => {
    expect(ops.length).toBeGreaterThan(30)
  })
  for (const { path, method, op } of ops) {
    it(`${method} ${path}`, async () => {
      const access = ACCESS.get(`${method} /api/v1${path.replace(/\{(\w+)\}/g, ':$1')}`)
      const query = (op.parameters ?? []).filter((p) => p.in === 'query')
      const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path')
      const input = fc.record({
        params: fc.tuple(...pathParams.map(() => pathValue), fc.constant(null)),
        query: fc.record(Object.fromEntries(query.map((p) => [p.name, valueFor(p.schema)])), {
          requiredKeys: [],
        }),
        body: method === 'GET' ? fc.constant(undefined) : bodyFor(op),
        asCitizen:
          access === 'signed-in' || access === 'public' ? fc.boolean() : fc.constant(access === 'citizen'),
      })
      await fc.assert(
        fc.asyncProperty(input, async ({ params, query: q, body, asCitizen }) => {
          let i = 0
          const concrete = path.replace(/\{\w+\}/g, () => String(params[i++] ?? 'x'))
          const qs = new URLSearchParams()
          for (const [k, v] of Object.entries(q))
            qs.set(k, typeof v === 'string' ? v : (JSON.stringify(v) ?? ''))
          const headers: Record<string, string> = { 'accept-language': 'en' }
          if (asCitizen) {
            headers.cookie = `gachi_sid=${citizenSid}; gachi_csrf=fuzz`
            headers['x-csrf-token'] = 'fuzz'
            headers.origin = 'http://localhost'
          } else headers.authorization = `Bearer ${token}`
          if (body !== undefined) headers['content-type'] = 'application/json'
          const res = await app.request(`http://localhost/api/v1${concrete}${qs.size ? `?${qs}` : ''}`, {
            method,
            headers,
            ...(body === undefined ? {} : { body }),
          })
          const text = await res.text()
          STATUSES.set(res.status, (STATUSES.get(res.status) ?? 0) + 1)
          const what = `${method} ${concrete}?${qs} body=${body}\n→ ${res.status} ${text.slice(0, 500)}`
          expect(res.status, `no 5xx: ${what}`).toBeLessThan(500)
          expect(STACK.test(text), `no stack trace: ${what}`).toBe(false)
          expect(SQL.test(text), `no SQL: ${what}`).toBe(false)
          if (method !== 'GET') {
            const after = await fingerprint()
            if (res.status >= 400) {
              const changed = [...after].filter(([t, n]) => current.get(t) !== n).map(([t]) => t)
              expect(changed, `nothing stored from a refused request: ${what}`).toEqual([])
            }
            current = after
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      )
    })
  }
})
