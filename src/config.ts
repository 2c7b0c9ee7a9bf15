import { resolve } from 'node:path'
import { z } from 'zod'

/** Environment variables the app reads. Parsed once; nothing else reads process.env. */
const Env = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Public base URL, used for links in messages and for the Origin check. */
  PUBLIC_URL: z.string().url().optional(),
  /** postgres://… runs on a PostgreSQL server; empty runs on embedded PGlite. */
  DATABASE_URL: z.string().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Folder of the embedded database and local files. */
  GACHI_DATA_DIR: z.string().default('./.gachi'),
  /** demo: demo staff and data on first start; production: no default accounts. */
  GACHI_MODE: z.enum(['demo', 'production']).default('demo'),
  /** City profile folder under data/ (reference data + city settings). */
  GACHI_CITY: z
    .string()
    .regex(/^[a-z0-9-]+$/)
    .default('seoul'),
  /** Comma-separated base64 32-byte keys, newest first; `id:key`. Empty in demo mode derives a dev key. */
  GACHI_DATA_KEYS: z.string().optional(),
  /** Run the job worker inside the web process. */
  GACHI_WORKER: z.enum(['inline', 'off']).default('inline'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMS_TRANSPORT: z.enum(['dev', 'http']).default('dev'),
  SMS_HTTP_URL: z.string().url().optional(),
  SMS_HTTP_TOKEN: z.string().optional(),
  SMS_SENDER: z.string().optional(),
  EMAIL_TRANSPORT: z.enum(['dev', 'smtp']).default('dev'),
  SMTP_URL: z.string().optional(),
  EMAIL_FROM: z.string().default('Gachi <no-reply@localhost>'),
  /** Load shedding: requests handled at once; more wait in a queue (bounded size and wait), then 503. */
  SHED_MAX_INFLIGHT: z.coerce.number().int().min(1).max(10_000).default(64),
  SHED_MAX_QUEUE: z.coerce.number().int().min(0).max(100_000).default(1000),
  SHED_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  /**
   * Event-loop lag (ms) beyond which new requests get 503 at once (0 = off): overload that the in-flight
   * limit cannot see, e.g. on the embedded database where queries run on the event loop.
   */
  SHED_MAX_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** Seconds a shed client is told to wait (Retry-After). */
  SHED_RETRY_AFTER_S: z.coerce.number().int().min(1).max(3600).default(2),
  /**
   * Optional map tiles under our own GeoJSON: a URL template with {z}, {x} and {y} (e.g. a city's own
   * tile server). Fetched by the server (/api/v1/map/tiles/…) so pages stay same-origin; empty = no tiles.
   */
  MAP_TILE_URL: z
    .string()
    .url()
    .refine((u) => u.includes('{z}') && u.includes('{x}') && u.includes('{y}'), 'needs {z}, {x} and {y}')
    .optional(),
  /** The attribution line the tile provider requires (shown on the map). */
  MAP_TILE_ATTRIBUTION: z.string().max(300).optional(),
  /**
   * A folder holding the published Open Referral HSDS 3.0 schema files (the specification's schema/*.json);
   * when set, HSDS imports are validated against them instead of Gachi's own transcription.
   */
  HSDS_SCHEMA_DIR: z.string().optional(),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
})

export type Config = z.infer<typeof Env> & { dataDir: string; isProduction: boolean }

/** Parses env into a Config; throws a readable error listing every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = Env.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== '')),
  )
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  if (c.GACHI_MODE === 'production' && c.NODE_ENV !== 'test' && !c.GACHI_DATA_KEYS)
    throw new Error(
      'Invalid configuration:\n  GACHI_DATA_KEYS: required in production mode (id:base64 32-byte key, newest first; see docs/security.md)',
    )
  return { ...c, dataDir: resolve(c.GACHI_DATA_DIR), isProduction: c.NODE_ENV === 'production' }
}

/** A config for tests: in-memory database, no inline worker, silent logs. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    GACHI_WORKER: 'off',
    SHED_MAX_LAG_MS: '0', // a test process's own stalls (seeding, parallel files) are not overload
    ...overrides,
  })
}
