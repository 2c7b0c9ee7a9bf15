import { dictionary } from '@zxcvbn-ts/language-common'
import type { Config } from '../../config.ts'
import { audit } from '../../platform/audit/index.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { hashPassword, randomToken, sha256, verifyPassword } from '../../platform/auth/crypto.ts'
import { isRole, ROLES_REQUIRING_MFA, type Role } from '../../platform/auth/permissions.ts'
import { createSession, endSessionsOfStaff, forgetBearerTokens } from '../../platform/auth/session.ts'
import { newTotpSecret, totpNow, verifyTotp } from '../../platform/auth/totp.ts'
import { decryptField, encryptField, needsRotation } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { parse } from '../../platform/http/parse.ts'
import * as repo from './repo.ts'
import { CreateStaffInput, OrgGrantForm, type SignInForm } from './schema.ts'

/** After this many failures in a row an account is locked for a while (5, 10, 20 … up to 60 minutes). */
export const MAX_FAILURES = 5
export const lockMinutes = (failures: number) =>
  Math.min(60, 5 * 2 ** Math.max(0, Math.floor(failures / MAX_FAILURES) - 1))
/** Per address: after this many failures in 15 minutes, sign-in from it is refused until the window passes. */
export const IP_WINDOW_MS = 15 * 60_000
export const IP_MAX_FAILURES = 20

const COMMON = new Set((dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()))

/** A password is refused when it is a known common/breached password or contains the username. */
export function passwordProblem(password: string, username?: string): string | null {
  const lower = password.toLowerCase()
  if (COMMON.has(lower) || COMMON.has(lower.replace(/[\d!@#$%^&*.]+$/, ''))) return 'identity.passwordCommon'
  if (username && username.length >= 3 && lower.includes(username.toLowerCase()))
    return 'identity.passwordHasUsername'
  if (/^(.)\1+$/.test(password)) return 'identity.passwordCommon'
  return null
}

export const requiresMfa = (role: string) => isRole(role) && ROLES_REQUIRING_MFA.includes(role as Role)

export interface SignInMeta {
  ip: string | null
  userAgent: string | null
  now: Date
}

export type SignInResult = { sessionId: string; stage: 'full' | 'password' | 'enrol'; staff: repo.StaffRow }

let dummyHash: Promise<string> | null = null

/** Small growing pause after failures from one address (slows guessing without blocking people). */
export const progressiveDelayMs = (failures: number) =>
  failures < 3 ? 0 : Math.min(3000, 250 * 2 ** (failures - 3))

/**
 * Checks a staff member's password. The same error for an unknown account and a wrong password;
 * failures are counted on the account (locking it after MAX_FAILURES) and on the address.
 * Returns a session: signed in fully, or waiting for the second factor / its set-up.
 */
export async function signIn(
  db: Db,
  form: SignInForm,
  meta: SignInMeta,
  sleep = defaultSleep,
): Promise<SignInResult> {
  const windowStart = new Date(meta.now.getTime() - IP_WINDOW_MS)
  if (meta.ip) {
    const ipFails = await repo.ipFailures(db, meta.ip, windowStart)
    if (ipFails >= IP_MAX_FAILURES)
      throw new AppError('too_many_requests', 'identity.ipLocked', {}, { minutes: 15 })
    await sleep(progressiveDelayMs(ipFails))
  }
  const fail = async (): Promise<never> => {
    if (meta.ip) await repo.recordIpFailure(db, meta.ip, meta.now, windowStart)
    throw new AppError('unauthenticated', 'identity.badCredentials')
  }
  const found = await repo.findStaffByLogin(db, form.login)
  if (!found) {
    dummyHash ??= hashPassword('not-a-real-password')
    await verifyPassword(form.password, await dummyHash)
    return fail()
  }
  if (found.lockedUntil && found.lockedUntil > meta.now) throw lockedError(found.lockedUntil, meta.now)
  const ok = await verifyPassword(form.password, found.passwordHash)
  if (!ok) {
    const lockedUntil = await recordAccountFailure(db, found.id, meta.now)
    if (lockedUntil) {
      if (meta.ip) await repo.recordIpFailure(db, meta.ip, meta.now, windowStart)
      throw lockedError(lockedUntil, meta.now)
    }
    return fail()
  }
  if (found.disabledAt) return fail()
  const stage: SignInResult['stage'] = found.totpEnabledAt
    ? 'password'
    : requiresMfa(found.role)
      ? 'enrol'
      : 'full'
  return db.transaction(async (tx) => {
    if (stage === 'full')
      await repo.updateStaff(tx, found.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: meta.now })
    // the authenticator secret is made here (a POST), so the set-up page only shows it
    if (stage === 'enrol' && !found.totpSecretEnc) await beginEnrolment(tx, found.id)
    const sessionId = await createSession(tx, { staffId: found.id, stage }, meta)
    return { sessionId, stage, staff: found }
  })
}

const defaultSleep = (ms: number) =>
  ms > 0 ? new Promise<void>((r) => setTimeout(r, ms)) : Promise.resolve()

function lockedError(until: Date, now: Date) {
  return new AppError(
    'too_many_requests',
    'identity.locked',
    {},
    {
      minutes: Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000)),
    },
  )
}

/** Counts a failed password or code on the account (row lock: concurrent failures all count). */
async function recordAccountFailure(db: Db, staffId: string, now: Date): Promise<Date | null> {
  return db.transaction(async (tx) => {
    const staff = (await repo.lockStaff(tx, staffId))!
    const failures = staff.failedSignIns + 1
    const lockedUntil =
      failures % MAX_FAILURES === 0 ? new Date(now.getTime() + lockMinutes(failures) * 60_000) : null
    await repo.updateStaff(tx, staffId, { failedSignIns: failures, lockedUntil })
    return lockedUntil
  })
}

/** The staff member behind a half-finished sign-in (stage password or enrol), or null. */
export async function pendingSignIn(db: Db, sessionHash: string, now: Date) {
  const s = await repo.findSessionByHash(db, sessionHash)
  if (!s || s.endedAt || s.expiresAt <= now || !s.staffId || s.stage === 'full') return null
  // a half-finished sign-in is good for 10 minutes
  if (now.getTime() - s.createdAt.getTime() > 10 * 60_000) return null
  const staff = await repo.findStaff(db, s.staffId)
  if (!staff || staff.disabledAt) return null
  return { session: s, staff }
}

/**
 * Second factor: a 6-digit authenticator code (never the same time step twice) or an unused recovery code.
 * On success the half-finished session ends and a new full session starts (a new id).
 */
export async function completeSecondFactor(
  db: Db,
  sessionHash: string,
  code: string,
  meta: SignInMeta,
): Promise<{ sessionId: string; usedRecoveryCode: boolean }> {
  const pending = await pendingSignIn(db, sessionHash, meta.now)
  if (pending?.session.stage !== 'password' || !pending.staff.totpSecretEnc)
    throw new AppError('unauthenticated', 'identity.signInAgain')
  const { staff } = pending
  if (staff.lockedUntil && staff.lockedUntil > meta.now) throw lockedError(staff.lockedUntil, meta.now)
  const secret = openTotp(staff.totpSecretEnc!)
  const clean = code.trim()
  let usedRecoveryCode = false
  const ok = await db.transaction(async (tx) => {
    const locked = (await repo.lockStaff(tx, staff.id))!
    const step = verifyTotp(secret, clean, meta.now, locked.totpLastStep)
    if (step !== null) {
      await repo.updateStaff(tx, staff.id, { totpLastStep: step })
      return true
    }
    if (/^[a-z0-9]{4}-?[a-z0-9]{4}$/i.test(clean)) {
      usedRecoveryCode = await repo.useRecoveryCode(tx, staff.id, sha256(normaliseRecovery(clean)), meta.now)
      return usedRecoveryCode
    }
    return false
  })
  if (!ok) {
    const lockedUntil = await recordAccountFailure(db, staff.id, meta.now)
    if (lockedUntil) throw lockedError(lockedUntil, meta.now)
    throw new AppError('validation', 'identity.badCode', { code: 'identity.badCode' })
  }
  return db.transaction(async (tx) => {
    await repo.endSessionByHash(tx, sessionHash, 'second-factor-complete', meta.now)
    await repo.updateStaff(tx, staff.id, { failedSignIns: 0, lockedUntil: null, lastSignInAt: meta.now })
    const sessionId = await createSession(tx, { staffId: staff.id, stage: 'full' }, meta)
    return { sessionId, usedRecoveryCode }
  })
}

/** The TOTP secret is encrypted like other personal data (AES-256-GCM, key id in the value). */
const TOTP_AAD = 'staff.totp_secret'
export const sealTotp = (secret: string) => encryptField(secret, TOTP_AAD)
const openTotp = (stored: string) => decryptField(stored, TOTP_AAD)

/** Re-encrypts staff TOTP secrets with the newest key (part of `npx gachi rotate-keys`). */
export async function rotateStaffSecrets(db: Db): Promise<number> {
  let n = 0
  for (const { staff } of await repo.listStaff(db)) {
    if (!staff.totpSecretEnc || !needsRotation(staff.totpSecretEnc)) continue
    await repo.updateStaff(db, staff.id, { totpSecretEnc: sealTotp(openTotp(staff.totpSecretEnc)) })
    n++
  }
  return n
}

const normaliseRecovery = (c: string) => c.replace(/-/g, '').toLowerCase()

/** Starts (or restarts) authenticator set-up: a new secret, kept sealed until confirmed. */
export async function beginEnrolment(db: Db, staffId: string): Promise<string> {
  const secret = newTotpSecret()
  await repo.updateStaff(db, staffId, {
    totpSecretEnc: sealTotp(secret),
    totpEnabledAt: null,
  })
  return secret
}

/** The secret being set up (to show the QR code again after a wrong code). */
export async function enrolmentSecret(db: Db, staffId: string): Promise<string | null> {
  const staff = await repo.findStaff(db, staffId)
  if (!staff?.totpSecretEnc || staff.totpEnabledAt) return null
  return openTotp(staff.totpSecretEnc)
}

/**
 * Confirms set-up with a first code; turns the second factor on, issues 10 recovery codes (shown once)
 * and upgrades the session to a new full session.
 */
export async function confirmEnrolment(
  db: Db,
  staffId: string,
  sessionHash: string | null,
  code: string,
  meta: SignInMeta,
): Promise<{ recoveryCodes: string[]; sessionId: string }> {
  const secret = await enrolmentSecret(db, staffId)
  if (!secret) throw new AppError('conflict', 'identity.enrolExpired')
  const step = verifyTotp(secret, code, meta.now, null)
  if (step === null) throw new AppError('validation', 'identity.badCode', { code: 'identity.badCode' })
  const codes = Array.from({ length: 10 }, () => {
    const raw = randomToken(8)
      .replace(/[^a-z0-9]/gi, '')
      .toLowerCase()
      .padEnd(8, '7')
      .slice(0, 8)
    return `${raw.slice(0, 4)}-${raw.slice(4)}`
  })
  return db.transaction(async (tx) => {
    await repo.updateStaff(tx, staffId, {
      totpEnabledAt: meta.now,
      totpLastStep: step,
      lastSignInAt: meta.now,
    })
    await repo.replaceRecoveryCodes(
      tx,
      staffId,
      codes.map((c) => sha256(normaliseRecovery(c))),
    )
    if (sessionHash) await repo.endSessionByHash(tx, sessionHash, 'second-factor-enrolled', meta.now)
    const sessionId = await createSession(tx, { staffId, stage: 'full' }, meta)
    return { recoveryCodes: codes, sessionId }
  })
}

/** Demo mode only: the current code of a demo account, so a visitor can try the second factor. */
export async function demoCode(
  db: Db,
  config: Config,
  staff: repo.StaffRow,
  now: Date,
): Promise<string | null> {
  if (config.GACHI_MODE !== 'demo' || !staff.isDemo || !staff.totpSecretEnc) return null
  void db
  return totpNow(openTotp(staff.totpSecretEnc), now)
}

/** Creates a staff account (admins only, or the CLI with the system actor). */
export async function createStaff(
  db: Db,
  actor: Actor | 'system',
  input: unknown,
  opts: { isDemo?: boolean } = {},
) {
  if (actor !== 'system') authorize(actor, 'staff:manage')
  const data = parse(CreateStaffInput, input)
  const problem = passwordProblem(data.password, data.username)
  if (problem) throw new AppError('validation', 'validation.summary', { password: problem })
  const existing = await repo.findStaffByLogin(db, data.username)
  if (existing)
    throw new AppError('conflict', 'identity.usernameTaken', { username: 'identity.usernameTaken' })
  const passwordHash = await hashPassword(data.password)
  return db.transaction(async (tx) => {
    const staff = await repo.insertStaff(tx, {
      username: data.username.toLowerCase(),
      displayName: data.displayName,
      email: data.email ?? null,
      role: data.role,
      orgId: data.orgId ?? null,
      passwordHash,
      isDemo: opts.isDemo ?? false,
    })
    // a permission grant: who got which role in which organisation (kept 3 years with the audit trail)
    await audit(tx, actor, {
      entity: 'staff',
      entityId: staff.id,
      action: 'permission.granted',
      after: { username: staff.username, role: staff.role, orgId: staff.orgId },
      at: new Date(),
    })
    return staff
  })
}

/** A staff member with their organisation and every organisation grant (live and ended). */
export async function staffDetail(db: Db, actor: Actor, staffId: string, now: Date) {
  authorize(actor, 'staff:manage')
  const staff = await repo.findStaff(db, staffId)
  if (!staff) throw new AppError('not_found', 'error.notFound')
  const org = staff.orgId ? await repo.findOrg(db, staff.orgId) : undefined
  const grants = (await repo.listOrgGrants(db, staffId)).map(({ grant, org }) => ({
    ...grant,
    org,
    live: !grant.revokedAt && (!grant.expiresAt || grant.expiresAt > now),
  }))
  return { staff, org, grants }
}

/**
 * Grants a staff member another organisation's records ("unless granted more"): their org-scoped
 * permissions then cover that organisation too. Audited as a permission grant (kept 3 years).
 */
export async function grantOrgAccess(db: Db, actor: Actor, staffId: string, input: unknown, now: Date) {
  authorize(actor, 'staff:manage')
  const data = parse(OrgGrantForm, input)
  const staff = await repo.findStaff(db, staffId)
  if (!staff) throw new AppError('not_found', 'error.notFound')
  const org = await repo.findOrg(db, data.orgId)
  if (!org) throw new AppError('validation', 'validation.summary', { orgId: 'identity.grants.orgRequired' })
  if (org.id === staff.orgId)
    throw new AppError('validation', 'validation.summary', { orgId: 'identity.grants.ownOrg' })
  const live = (await repo.listOrgGrants(db, staffId)).some(
    (g) => g.grant.orgId === org.id && !g.grant.revokedAt && (!g.grant.expiresAt || g.grant.expiresAt > now),
  )
  if (live) throw new AppError('conflict', 'identity.grants.already', { orgId: 'identity.grants.already' })
  const expiresAt = data.days ? new Date(now.getTime() + data.days * 86_400_000) : null
  const granted = await db.transaction(async (tx) => {
    const grant = await repo.insertOrgGrant(tx, {
      staffId,
      orgId: org.id,
      reason: data.reason,
      grantedBy: actor.kind === 'staff' ? actor.id : null,
      grantedAt: now,
      expiresAt,
    })
    await audit(tx, actor, {
      entity: 'staff',
      entityId: staffId,
      action: 'permission.granted',
      after: {
        grant: grant.id,
        orgId: org.id,
        reason: data.reason,
        expiresAt: expiresAt?.toISOString() ?? null,
      },
      at: now,
    })
    return grant
  })
  forgetBearerTokens() // cached token resolutions carry grants
  return granted
}

/** Ends an organisation grant at once (the staff member's next request no longer has it). */
export async function revokeOrgAccess(db: Db, actor: Actor, staffId: string, grantId: string, now: Date) {
  authorize(actor, 'staff:manage')
  await db.transaction(async (tx) => {
    const g = await repo.revokeOrgGrant(tx, staffId, grantId, actor.kind === 'staff' ? actor.id : null, now)
    if (!g) throw new AppError('not_found', 'error.notFound')
    await audit(tx, actor, {
      entity: 'staff',
      entityId: staffId,
      action: 'permission.revoked',
      before: { grant: g.id, orgId: g.orgId, reason: g.reason },
      at: now,
    })
  })
  forgetBearerTokens() // after the commit: no request re-caches the state before it
}

/** Turns an account off and ends its sessions on the server. */
export async function disableStaff(db: Db, actor: Actor, staffId: string, now: Date): Promise<void> {
  authorize(actor, 'staff:manage')
  if (actor.kind === 'staff' && actor.id === staffId)
    throw new AppError('conflict', 'identity.cannotDisableSelf')
  const staff = await repo.findStaff(db, staffId)
  if (!staff) throw new AppError('not_found', 'error.notFound')
  await db.transaction(async (tx) => {
    await repo.updateStaff(tx, staffId, { disabledAt: now })
    await endSessionsOfStaff(tx, staffId, 'account-disabled', now)
    await audit(tx, actor, {
      entity: 'staff',
      entityId: staffId,
      action: 'permission.revoked',
      before: { role: staff.role, orgId: staff.orgId, disabled: false },
      after: { role: staff.role, orgId: staff.orgId, disabled: true },
      at: now,
    })
  })
  forgetBearerTokens() // after the commit: no request re-caches the state before it
}

export async function enableStaff(db: Db, actor: Actor, staffId: string, now: Date): Promise<void> {
  authorize(actor, 'staff:manage')
  const staff = await repo.findStaff(db, staffId)
  if (!staff) throw new AppError('not_found', 'error.notFound')
  await db.transaction(async (tx) => {
    await repo.updateStaff(tx, staffId, { disabledAt: null, failedSignIns: 0, lockedUntil: null })
    await audit(tx, actor, {
      entity: 'staff',
      entityId: staffId,
      action: 'permission.granted',
      before: { role: staff.role, orgId: staff.orgId, disabled: !!staff.disabledAt },
      after: { role: staff.role, orgId: staff.orgId, disabled: false },
      at: now,
    })
  })
  forgetBearerTokens() // after the commit: no request re-caches the state before it
}

/** Personal access token: returned once; only its hash is kept. */
export async function createToken(
  db: Db,
  actor: Actor | 'system',
  input: { name: string; role: Role; days: number; staffId?: string | null; orgId?: string | null },
  now: Date,
): Promise<{ id: string; token: string; expiresAt: Date }> {
  if (actor !== 'system') {
    authorize(actor, 'tokens:manage-own')
    if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
    // a staff member can only mint tokens for their own role
    if (input.role !== actor.role) throw new AppError('forbidden', 'identity.tokenRole')
  }
  const token = `gachi_${randomToken(32)}`
  const expiresAt = new Date(now.getTime() + input.days * 86_400_000)
  const row = await db.transaction(async (tx) => {
    // A token from the command line without a staff member gets its own integration account (no
    // password can open it), so everything done with the token is recorded against a real staff row
    // and an admin can see and turn it off at /admin/staff like anyone else.
    let staffId = actor === 'system' ? (input.staffId ?? null) : actor.kind === 'staff' ? actor.id : null
    if (actor === 'system' && !staffId) {
      const account = await repo.insertStaff(tx, {
        username: `api-${randomToken(6).toLowerCase()}`,
        displayName: `API: ${input.name}`.slice(0, 100),
        role: input.role,
        orgId: input.orgId ?? null,
        passwordHash: '!integration-account',
      })
      await audit(tx, actor, {
        entity: 'staff',
        entityId: account.id,
        action: 'permission.granted',
        after: { username: account.username, role: account.role, orgId: account.orgId, integration: true },
        at: now,
      })
      staffId = account.id
    }
    const r = await repo.insertToken(tx, {
      name: input.name,
      tokenHash: sha256(token),
      role: input.role,
      staffId,
      orgId: actor === 'system' ? (input.orgId ?? null) : actor.kind === 'staff' ? actor.orgId : null,
      expiresAt,
    })
    await audit(tx, actor, {
      entity: 'api_token',
      entityId: r.id,
      action: 'permission.granted',
      after: { name: r.name, role: r.role, expiresAt: expiresAt.toISOString() },
      at: now,
    })
    return r
  })
  return { id: row.id, token, expiresAt }
}

export async function revokeToken(db: Db, actor: Actor, id: string, now: Date): Promise<void> {
  authorize(actor, 'tokens:manage-own')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  await db.transaction(async (tx) => {
    const ok = await repo.revokeToken(tx, id, now, actor.role === 'admin' ? undefined : actor.id)
    if (!ok) throw new AppError('not_found', 'error.notFound')
    await audit(tx, actor, { entity: 'api_token', entityId: id, action: 'permission.revoked', at: now })
  })
  forgetBearerTokens() // after the commit: no request re-caches the state before it
}

/** Ends any staff session (admins). */
export async function endAnySession(db: Db, actor: Actor, sessionHash: string, now: Date): Promise<void> {
  authorize(actor, 'sessions:manage')
  if (!(await repo.endSessionByHash(db, sessionHash, 'ended-by-admin', now)))
    throw new AppError('not_found', 'error.notFound')
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
