import type { Db } from '../../platform/db/client.ts'
import type { VolunteerRole } from './tables.ts'

/** One finished piece of work (a shift, a class meeting, a ticket) of a staff account. */
export interface FinishedWork {
  /**
   * `<source name>:<id>`, unique for ever: the same reference counts once per person, whichever of the
   * person's volunteer applications it lands on. The part after the colon is shown on the hours list.
   */
  ref: string
  /** When the work was done; its day in Seoul time is the day of the hours row. */
  at: Date
  /** Minutes recorded for the work, or null when none were (the source's `defaultMinutes` is used). */
  minutes: number | null
}

/**
 * Where finished work of a volunteer's linked staff account is recorded. Domains register one with
 * `registerHoursSource` (at module load, e.g. in their index.ts); the volunteering domain turns the work
 * into hours (button on the review page and the daily job `volunteering.hours`).
 */
export interface HoursSource {
  /** Prefix of every `ref` of this source (`help-ticket`, `guide-checkin`, …); one source per name. */
  name: string
  /** How the hours row is classed (certificate breakdown). */
  activity: 'shift' | 'session' | 'ticket' | 'other'
  /** When the person holds several volunteer roles on that account, the work goes to this role first. */
  role: VolunteerRole
  /** Minutes counted for work that records none. */
  defaultMinutes: number
  /** Message key shown for a row on the hours list, with `{ref}` = the part of `ref` after the colon. */
  labelKey: string
  /** Work of this staff account finished between two moments (read only; runs inside a transaction). */
  finishedWork(db: Db, staffId: string, since: Date, until: Date): Promise<FinishedWork[]>
}

const sources = new Map<string, HoursSource>()

/** Registers (or replaces, by name) a source of volunteer hours. */
export function registerHoursSource(source: HoursSource): void {
  if (!/^[a-z][a-z0-9-]*$/.test(source.name)) throw new Error(`bad hours source name: ${source.name}`)
  sources.set(source.name, source)
}

/** The registered sources, in registration order. */
export const hoursSources = (): HoursSource[] => [...sources.values()]

/** The source a stored reference came from, if it is still registered. */
export function sourceOfRef(ref: string | null): HoursSource | undefined {
  const i = ref ? ref.indexOf(':') : -1
  return i > 0 ? sources.get(ref!.slice(0, i)) : undefined
}
