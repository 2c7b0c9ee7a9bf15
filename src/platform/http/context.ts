import type { Context } from 'hono'
import type { Logger } from 'pino'
import type { Config } from '../../config.ts'
import type { Actor } from '../auth/actor.ts'
import type { Database, Db } from '../db/client.ts'
import type { Locale, T } from '../i18n/index.ts'
import type { Transports } from '../jobs/transports.ts'

/** Display preferences kept in cookies (work without JavaScript). */
export interface Prefs {
  textSize: 100 | 125 | 150 | 200
  contrast: 'normal' | 'high'
}

/** What the app is built from; passed once to createApp. */
export interface AppDeps {
  config: Config
  database: Database
  log: Logger
  transports: Transports
  /** Clock, replaceable in tests of time-outs. */
  now: () => Date
}

export interface AppVariables {
  deps: AppDeps
  db: Db
  log: Logger
  requestId: string
  locale: Locale
  t: T
  prefs: Prefs
  actor: Actor
  csrfToken: string
}

export type AppEnv = { Variables: AppVariables }
export type Ctx = Context<AppEnv>
