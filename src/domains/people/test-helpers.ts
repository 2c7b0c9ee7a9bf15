import type { Actor } from '../../platform/auth/actor.ts'
import type { Role } from '../../platform/auth/permissions.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Db } from '../../platform/db/client.ts'
import { organisations, staffUsers } from '../identity/tables.ts'

let n = 0

/** An organisation (community centre unless said otherwise). */
export async function makeOrg(db: Db, name = `센터 ${++n}`) {
  const [o] = await db
    .insert(organisations)
    .values({ kind: 'community_centre', nameKo: name, nameEn: name, districtCode: '11110' })
    .returning()
  return o!
}

/** A staff member with a signed-in session: the actor for service calls and the raw cookie for pages. */
export async function makeStaff(db: Db, role: Role, orgId: string | null, now = new Date()) {
  const [s] = await db
    .insert(staffUsers)
    .values({ username: `u${++n}-${role}`, displayName: `직원${n}`, role, orgId, passwordHash: 'unused' })
    .returning()
  const sid = await createSession(db, { staffId: s!.id, stage: 'full' }, { now })
  const actor: Actor = {
    kind: 'staff',
    id: s!.id,
    role,
    orgId,
    name: s!.displayName,
    via: 'session',
    sessionId: null,
  }
  return { actor, sid, id: s!.id }
}

export const meta = (now = new Date(), ip: string | null = '10.0.0.1') => ({ ip, now })
