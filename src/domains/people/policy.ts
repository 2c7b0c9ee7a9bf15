import type { Scope } from '../../platform/auth/permissions.ts'

/**
 * Object-level rule for a person's record: scope `all` sees everyone; scope `org` sees only people
 * registered through the staff member's organisations (their own plus any an admin granted them).
 * Pure, so it is tested on its own.
 */
export function canSeePerson(
  scope: Scope,
  actorOrgIds: readonly string[],
  personOrgIds: readonly string[],
): boolean {
  if (scope === 'all') return true
  if (scope === 'org') return actorOrgIds.some((o) => personOrgIds.includes(o))
  return false
}

/** A citizen may act only on their own record. */
export const isOwnRecord = (citizenPersonId: string, recordPersonId: string) =>
  citizenPersonId === recordPersonId

/** Masks a mobile number for lists: 010-****-5678. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null
  return `${phone.slice(0, 3)}-****-${phone.slice(-4)}`
}
