import type { Actor } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { findStaffByLogin } from '../identity/repo.ts'
import * as repo from './repo.ts'
import { publishPlan, runPlan } from './service.ts'

let once: Promise<string> | undefined

/**
 * A published deployment plan's id (computed and published once as the demo manager when there is none;
 * concurrent callers share the one computation, since a new run replaces an unpublished draft).
 */
export function sampleGuidePlanId(db: Db): Promise<string> {
  once ??= make(db)
  return once
}

async function make(db: Db): Promise<string> {
  const p = await repo.latestPlan(db, 'published')
  if (p) return p.id
  const m = await findStaffByLogin(db, 'manager')
  if (!m) throw new Error('the demo manager is missing')
  const actor: Actor = {
    kind: 'staff',
    id: m.id,
    role: 'programme_manager',
    orgId: m.orgId,
    name: m.displayName,
    via: 'session',
    sessionId: null,
  }
  const draft = await runPlan(db, actor, 'seoul', new Date())
  await publishPlan(db, actor, draft.id, new Date())
  return draft.id
}
