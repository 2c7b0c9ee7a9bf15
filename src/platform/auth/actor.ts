import { AppError } from '../http/errors.ts'
import { type Access, type Action, type Role, type Scope, scopeFor } from './permissions.ts'

export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'staff'
      id: string
      role: Role
      orgId: string | null
      /** Organisations granted beyond their own (admin grants; see staff_org_grants). */
      grantedOrgIds?: readonly string[]
      name: string
      via: 'session' | 'token'
      sessionId: string | null
    }
  | { kind: 'citizen'; personId: string; sessionId: string }

export const ANONYMOUS: Actor = { kind: 'anonymous' }

/**
 * The organisations whose records an `org`-scoped staff member may see: their own plus any an
 * admin granted them (a centre worker covering a neighbouring centre). Empty for everyone else.
 */
export function orgIdsOf(actor: Actor): readonly string[] {
  if (actor.kind !== 'staff') return []
  const own = actor.orgId ? [actor.orgId] : []
  return actor.grantedOrgIds?.length ? [...own, ...actor.grantedOrgIds] : own
}

/** True when the actor may use a route with this access marker. */
export function allows(actor: Actor, access: Access): boolean {
  if (access === 'public') return true
  if (access === 'citizen') return actor.kind === 'citizen'
  if (access === 'staff') return actor.kind === 'staff'
  if (access === 'signed-in') return actor.kind !== 'anonymous'
  return actor.kind === 'staff' && scopeFor(actor.role, access) !== null
}

/**
 * Checks an action for a staff actor and returns its scope; throws 401/403 otherwise.
 * With `record`, also checks the scope against the record's organisation/owner.
 */
export function authorize(
  actor: Actor,
  action: Action,
  record?: { orgId?: string | null; ownerId?: string | null },
): Scope {
  if (actor.kind !== 'staff')
    throw new AppError(
      actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden',
      actor.kind === 'anonymous' ? 'auth.signInRequired' : 'auth.forbidden',
    )
  const scope = scopeFor(actor.role, action)
  if (!scope) throw new AppError('forbidden', 'auth.forbidden')
  if (record) {
    if (
      scope === 'org' &&
      record.orgId !== undefined &&
      record.orgId !== actor.orgId &&
      !(record.orgId !== null && actor.grantedOrgIds?.includes(record.orgId))
    )
      throw new AppError('not_found', 'error.notFound')
    if (scope === 'own' && record.ownerId !== undefined && record.ownerId !== actor.id)
      throw new AppError('not_found', 'error.notFound')
  }
  return scope
}
