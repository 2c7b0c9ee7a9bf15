import type { Db } from '../../platform/db/client.ts'
import type { StatKind } from './tables.ts'

/** How far a source has been read: the (time, key) of the last row taken, in the source's own order. */
export interface StatCursor {
  at: Date
  key: string
}

/** One countable fact. `key` makes it idempotent (e.g. "tk_res:<ticket id>"); `personId` is never stored. */
export interface StatFact {
  key: string
  kind: StatKind
  at: Date
  districtCode?: string | null
  /** Only to put the event in the person's groups (age, disability, low income) and district. */
  personId?: string | null
  value?: number
}

/**
 * A source of facts that a domain hands to the statistics: `read` returns the facts of rows after the
 * cursor, oldest first, at most `limit` rows, and `next`, the cursor of the last row read (null when none).
 * It must read through the owning domain's service/repo. The collector keeps one cursor per source name.
 */
export interface StatSource {
  name: string
  read(
    db: Db,
    after: StatCursor,
    limit: number,
  ): Promise<{ facts: StatFact[]; next: StatCursor | null; rows: number }>
}

const registry = new Map<string, StatSource>()

/**
 * Registers a source of statistics facts (a domain calls it from its index.ts, as nearby's
 * registerMapLayer). A second registration under the same name replaces the first. Returns an unregister.
 */
export function registerStatSource(source: StatSource): () => void {
  registry.set(source.name, source)
  return () => {
    if (registry.get(source.name) === source) registry.delete(source.name)
  }
}

/** Every registered source, in registration order. */
export const statSources = (): readonly StatSource[] => [...registry.values()]
