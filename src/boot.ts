import type { Logger } from 'pino'
import type { Config } from './config.ts'
import { DOMAINS } from './domains/index.ts'
import { type Database, openDatabase } from './platform/db/client.ts'
import { getMeta, setMeta } from './platform/db/meta.ts'
import type { SeedContext } from './platform/domain.ts'
import { transportsFromConfig } from './platform/jobs/transports.ts'
import { type JobHandler, messageHandlers, type Schedule, Worker } from './platform/jobs/worker.ts'
import { setPublicUrl } from './platform/public-url.ts'

/** Opens the configured database: PostgreSQL when DATABASE_URL is set, else PGlite in the data folder. */
export function openConfiguredDatabase(config: Config): Promise<Database> {
  return config.DATABASE_URL
    ? openDatabase({ kind: 'postgres', url: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE })
    : openDatabase({ kind: 'pglite', dataDir: config.dataDir })
}

/** Loads reference data when missing, and demo data on the first start in demo mode. Returns lines to print. */
export async function seedIfNeeded(
  database: Database,
  config: Config,
  log: Logger,
  progress: (m: string) => void = () => {},
): Promise<string[]> {
  const ctx: SeedContext = { db: database.db, config, log, progress }
  const lines: string[] = []
  if (!(await getMeta(database.db, 'reference_loaded'))) {
    for (const d of DOMAINS) if (d.seedReference) await d.seedReference(ctx)
    await setMeta(database.db, 'reference_loaded', new Date().toISOString())
  }
  if (config.GACHI_MODE === 'demo') {
    const first = !(await getMeta(database.db, 'demo_loaded'))
    for (const d of DOMAINS) {
      if (!d.seedDemo) continue
      if (first) {
        const out = await d.seedDemo(ctx)
        if (out) lines.push(...out)
      }
    }
    if (first) await setMeta(database.db, 'demo_loaded', new Date().toISOString())
  }
  return lines
}

/** The job handlers and schedules of every domain, plus message sending. */
export function allJobs(): { handlers: Record<string, JobHandler>; schedules: Schedule[] } {
  const handlers: Record<string, JobHandler> = { ...messageHandlers }
  const schedules: Schedule[] = []
  for (const d of DOMAINS) {
    Object.assign(handlers, d.jobs ?? {})
    schedules.push(...(d.schedules ?? []))
  }
  return { handlers, schedules }
}

export function createWorker(
  database: Database,
  config: Config,
  log: Logger,
  now: () => Date = () => new Date(),
) {
  setPublicUrl(config.PUBLIC_URL) // links in texts sent by a worker-only process
  const { handlers, schedules } = allJobs()
  return new Worker(database.db, handlers, schedules, transportsFromConfig(config, database.db), log, now)
}
