import { and, lt, sql } from 'drizzle-orm'
import type { Actor } from '../auth/actor.ts'
import type { Db } from '../db/client.ts'
import { auditTrail } from './tables.ts'

export interface AuditInput {
  /** e.g. 'person', 'application', 'device' */
  entity: string
  entityId: string
  /** e.g. 'status.approved', 'merge', 'permission.granted' */
  action: string
  before?: unknown
  after?: unknown
  at: Date
}

/**
 * Records a domain change (status change, allocation, receipt, permission change) in the caller's
 * transaction, so the entry exists exactly when the change does. Append-only.
 */
export async function audit(tx: Db, actor: Actor | 'system', input: AuditInput): Promise<void> {
  const who =
    actor === 'system' || actor.kind === 'anonymous'
      ? { actorKind: 'system' as const, actorId: null }
      : actor.kind === 'staff'
        ? { actorKind: 'staff' as const, actorId: actor.id }
        : { actorKind: 'citizen' as const, actorId: actor.personId }
  await tx.insert(auditTrail).values({
    ...who,
    at: input.at,
    entity: input.entity,
    entityId: input.entityId,
    action: input.action,
    before: input.before ?? null,
    after: input.after ?? null,
  })
}

/** Retention: removes audit entries older than `before` (the append-only trigger allows only this). */
export async function purgeAuditTrail(db: Db, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('gachi.audit_purge', 'on', true)`)
    const rows = await tx
      .delete(auditTrail)
      .where(and(lt(auditTrail.at, before)))
      .returning({ id: auditTrail.id })
    await tx.execute(sql`select set_config('gachi.audit_purge', 'off', true)`)
    return rows.length
  })
}
