import type { Child } from 'hono/jsx'
import type { Db } from '../../platform/db/client.ts'
import type { View } from '../../ui/view.ts'
import type { SensitiveCategory } from './tables.ts'

/** "Person X's data must be kept until `until` because of `reason`" (e.g. donation receipts: 5 years). */
export interface RetentionHold {
  source: string
  reason: string
  until: Date
  /** True when the law needs the person's name kept (e.g. on a receipt). Phone, address and date of birth always go. */
  keepName: boolean
}

/**
 * What another domain plugs into the person record. Register once at module load with
 * registerPersonHooks (the returned function unregisters, for tests).
 */
export interface PersonHooks {
  name: string
  /** Merge: move this domain's rows from one person to the other (same transaction). */
  moveReferences?: (tx: Db, fromId: string, intoId: string) => Promise<void>
  /** Legal holds on a person's data (checked before erasure). */
  retentionHolds?: (tx: Db, personId: string, now: Date) => Promise<RetentionHold[]>
  /** Erasure: destroy this domain's personal data of the person, keeping what the holds need. */
  erase?: (tx: Db, personId: string, holds: RetentionHold[]) => Promise<void>
  /** Consent to sensitive data was revoked: stop using and delete that data. */
  sensitiveConsentRevoked?: (tx: Db, personId: string, category: SensitiveCategory) => Promise<void>
  /** A section of the citizen's /me page ("what is theirs"), or null when there is nothing to show. */
  meSection?: (ctx: { db: Db; v: View; personId: string }) => Promise<Child | null>
}

const registry: PersonHooks[] = []

/** Plugs a domain into merge, erasure, retention holds, consent revocation and /me. */
export function registerPersonHooks(hooks: PersonHooks): () => void {
  registry.push(hooks)
  return () => {
    const i = registry.indexOf(hooks)
    if (i >= 0) registry.splice(i, 1)
  }
}

export const personHooks = (): readonly PersonHooks[] => registry

/** Every legal hold still running for a person. */
export async function holdsFor(tx: Db, personId: string, now: Date): Promise<RetentionHold[]> {
  const all: RetentionHold[] = []
  for (const h of registry) if (h.retentionHolds) all.push(...(await h.retentionHolds(tx, personId, now)))
  return all.filter((h) => h.until > now)
}
