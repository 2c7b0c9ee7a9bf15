import type { Actor } from '../../platform/auth/actor.ts'
import { authorize } from '../../platform/auth/actor.ts'
import { hashPassword, verifyPassword } from '../../platform/auth/crypto.ts'
import { createSession } from '../../platform/auth/session.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { parse } from '../../platform/http/parse.ts'
import * as repo from './repo.ts'
import { CreateStaffInput, type SignInForm } from './schema.ts'

/** After this many failures in a row an account is locked for a while (growing with each lock). */
export const MAX_FAILURES = 5
export const lockMinutes = (failures: number) => Math.min(60, 2 ** Math.max(0, Math.floor(failures / MAX_FAILURES) - 1) * 5)

// A dummy hash so unknown accounts take as long as known ones.
let dummyHash: Promise<string> | null = null

/**
 * Checks a staff member's password. The same error for an unknown account and a wrong password;
 * failures are counted on the account and lock it for a while after MAX_FAILURES.
 */
export async function signIn(
  db: Db,
  form: SignInForm,
  meta: { ip: string | null; userAgent: string | null; now: Date },
): Promise<{ sessionId: string; staff: repo.StaffRow }> {
  const found = await repo.findStaffByLogin(db, form.login)
  if (!found) {
    dummyHash ??= hashPassword('not-a-real-password')
    await verifyPassword(form.password, await dummyHash)
    throw new AppError('unauthenticated', 'identity.badCredentials')
  }
  const ok = await verifyPassword(form.password, found.passwordHash)
  return db.transaction(async (tx) => {
    const staff = (await repo.lockStaff(tx, found.id))!
    if (staff.lockedUntil && staff.lockedUntil > meta.now)
      throw new AppError('too_many_requests', 'identity.locked', {}, { minutes: Math.ceil((staff.lockedUntil.getTime() - meta.now.getTime()) / 60_000) })
    if (!ok) {
      const failures = staff.failedSignIns + 1
      const lockedUntil =
        failures % MAX_FAILURES === 0 ? new Date(meta.now.getTime() + lockMinutes(failures) * 60_000) : null
      await repo.updateStaff(tx, staff.id, { failedSignIns: failures, lockedUntil })
      // the failure must be counted even though we refuse: commit, then throw outside
      return { failed: true as const, lockedUntil }
    }
    if (staff.disabledAt) throw new AppError('unauthenticated', 'identity.badCredentials')
    await repo.updateStaff(tx, staff.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: meta.now })
    const sessionId = await createSession(tx, { staffId: staff.id, stage: 'full' }, meta)
    return { failed: false as const, sessionId, staff }
  }).then((r) => {
    if (r.failed) {
      if (r.lockedUntil)
        throw new AppError('too_many_requests', 'identity.locked', {}, { minutes: Math.ceil((r.lockedUntil.getTime() - meta.now.getTime()) / 60_000) })
      throw new AppError('unauthenticated', 'identity.badCredentials')
    }
    return { sessionId: r.sessionId, staff: r.staff }
  })
}

/** Creates a staff account (admins only, or the CLI with a system actor). */
export async function createStaff(db: Db, actor: Actor | 'system', input: unknown, opts: { isDemo?: boolean } = {}) {
  if (actor !== 'system') authorize(actor, 'staff:manage')
  const data = parse(CreateStaffInput, input)
  const existing = await repo.findStaffByLogin(db, data.username)
  if (existing) throw new AppError('conflict', 'identity.usernameTaken', { username: 'identity.usernameTaken' })
  return repo.insertStaff(db, {
    username: data.username.toLowerCase(),
    displayName: data.displayName,
    email: data.email ?? null,
    role: data.role,
    orgId: data.orgId ?? null,
    passwordHash: await hashPassword(data.password),
    isDemo: opts.isDemo ?? false,
  })
}

/** Who the caller is (GET /api/v1/me). */
export async function describeActor(db: Db, actor: Actor) {
  if (actor.kind === 'anonymous') throw new AppError('unauthenticated', 'auth.signInRequired')
  if (actor.kind === 'citizen') return { kind: 'citizen' as const, id: actor.personId }
  const org = actor.orgId ? await repo.findOrg(db, actor.orgId) : undefined
  return {
    kind: 'staff' as const,
    id: actor.id,
    name: actor.name,
    role: actor.role,
    organisation: org ? { id: org.id, name: org.nameKo } : null,
    via: actor.via,
  }
}
