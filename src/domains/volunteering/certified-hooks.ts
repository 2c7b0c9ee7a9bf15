import type { Actor } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import type { VolunteerRole } from './tables.ts'

/** A volunteer who has just been certified or assigned, as other domains may see them. */
export interface CertifiedVolunteer {
  applicationId: string
  role: VolunteerRole
  /** The linked staff account, if any (set at the assignment, or earlier). */
  staffUserId: string | null
  /** Preferred district (public code). */
  districtCode: string | null
}

/**
 * What another domain does when a volunteer is certified or assigned — inside the same transaction as the
 * review step (a failure rolls the step back), with the reviewer as the actor. Registered at module load
 * (e.g. devices adds a certified IT supporter with a staff account as a volunteer repairer). Volunteering
 * never writes other domains' tables; the hook calls its own domain's service.
 */
export type CertifiedHook = (tx: Db, actor: Actor, volunteer: CertifiedVolunteer, now: Date) => Promise<void>

const hooks = new Map<string, CertifiedHook>()

/** Registers (or replaces, by name) a hook run when a volunteer is certified or assigned. */
export function registerCertifiedHook(name: string, hook: CertifiedHook): void {
  hooks.set(name, hook)
}

/** Runs every registered hook, in registration order. */
export async function runCertifiedHooks(tx: Db, actor: Actor, volunteer: CertifiedVolunteer, now: Date) {
  for (const hook of hooks.values()) await hook(tx, actor, volunteer, now)
}
