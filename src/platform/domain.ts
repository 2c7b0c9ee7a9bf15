import type { Logger } from 'pino'
import type { Config } from '../config.ts'
import type { NavItem } from '../ui/layout.tsx'
import type { View } from '../ui/view.ts'
import type { Db } from './db/client.ts'
import type { RouteSpec } from './http/route.ts'
import type { Messages } from './i18n/index.ts'
import type { JobHandler, Schedule } from './jobs/worker.ts'
import type { ReferenceResolver } from './reference.ts'

export interface SeedContext {
  db: Db
  config: Config
  log: Logger
  /** Reports progress on long work (the CLI prints it). */
  progress: (message: string) => void
}

/**
 * A domain plugs into the app through this one object, listed in src/domains/index.ts:
 * its routes (API and pages), messages, jobs, schedules, seeds and staff menu.
 */
export interface DomainModule {
  name: string
  routes?: RouteSpec[]
  messages?: Messages
  jobs?: Record<string, JobHandler>
  schedules?: Schedule[]
  /** Loads reference data (every install). Must be idempotent. */
  seedReference?: (ctx: SeedContext) => Promise<void>
  /** Loads demo data (demo mode, first start only). Returns sign-in lines to print. */
  seedDemo?: (ctx: SeedContext) => Promise<string[] | undefined>
  staffNav?: (v: View) => NavItem[]
  /** Home-page doors this domain opens (programme → its start page). */
  doors?: Partial<Record<Programme, string>>
  /** Finds this domain's cases by the reference numbers on its letters and texts (/staff/find). */
  references?: ReferenceResolver[]
  /** CLI commands this domain adds to `npx gachi`. */
  commands?: Record<string, CliCommand>
}

/** The citizen programmes shown as doors on the home page. */
export const PROGRAMMES = ['devices', 'learn', 'kiosk', 'nearby', 'ask', 'support', 'voice'] as const
export type Programme = (typeof PROGRAMMES)[number]

/** What a CLI command gets: the seed context plus a way to ask for a secret without reading process.env. */
export interface CliContext extends SeedContext {
  /**
   * A secret for this command: the environment variable `envName` when set (read by the CLI, the
   * process entry point), else asked for on the terminal without echo. Throws when neither is possible.
   */
  secret: (envName: string, question: string) => Promise<string>
}

export interface CliCommand {
  summary: string
  usage?: string
  run: (ctx: CliContext, args: string[]) => Promise<void>
}

const doorRegistry = new Map<Programme, string>()

/** Records the start page of each programme whose module is built (called when domains register). */
export function registerDoors(doors: Partial<Record<Programme, string>>): void {
  for (const [p, href] of Object.entries(doors)) doorRegistry.set(p as Programme, href)
}

/** The start page of a programme, or null when its module is not built yet. */
export function doorHref(p: Programme): string | null {
  return doorRegistry.get(p) ?? null
}
