import { and, eq, gt, isNull, or, sql } from 'drizzle-orm'
import {
  apiTokens,
  organisations,
  sessions,
  staffOrgGrants,
  staffUsers,
} from '../../domains/identity/tables.ts'
import type { Db } from '../db/client.ts'
import type { Actor } from './actor.ts'
import { randomToken, sha256 } from './crypto.ts'
import { hasOrgScope, isRole, type Role } from './permissions.ts'

/** Staff sessions end after 30 idle minutes or 12 hours in all. */
export const STAFF_IDLE_MS = 30 * 60_000
export const STAFF_ABSOLUTE_MS = 12 * 3_600_000
/** A citizen's verified session: no idle time-out, 24 hours in all. */
export const CITIZEN_ABSOLUTE_MS = 24 * 3_600_000
/** lastSeenAt is written at most this often. */
const TOUCH_MS = 30_000

export type SessionRow = typeof sessions.$inferSelect

/** Starts a session and returns the raw id for the cookie (only its hash is stored). */
export async function createSession(
  db: Db,
  who: { staffId?: string; personId?: string; stage?: 'password' | 'enrol' | 'full' },
  meta: { ip?: string | null; userAgent?: string | null; now: Date },
): Promise<string> {
  const raw = randomToken(32)
  const absolute = who.staffId ? STAFF_ABSOLUTE_MS : CITIZEN_ABSOLUTE_MS
  await db.insert(sessions).values({
    idHash: sha256(raw),
    staffId: who.staffId ?? null,
    personId: who.personId ?? null,
    stage: who.stage ?? 'full',
    createdAt: meta.now,
    lastSeenAt: meta.now,
    expiresAt: new Date(meta.now.getTime() + absolute),
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  })
  return raw
}

export async function endSession(db: Db, raw: string, reason: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(sessions.idHash, sha256(raw)), isNull(sessions.endedAt)))
}

export async function endSessionsOfStaff(db: Db, staffId: string, reason: string, now: Date): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now, endedReason: reason })
    .where(and(eq(sessions.staffId, staffId), isNull(sessions.endedAt)))
}

export interface ResolvedSession {
  actor: Actor
  session: SessionRow
  /** When a staff session will end by idleness (for the warning). */
  idleEndsAt: Date | null
}

/**
 * Looks up a session cookie and returns its actor, or null when the session is unknown, ended,
 * expired or idle too long (which ends it on the server too). Touches lastSeenAt.
 */
export async function resolveSession(db: Db, raw: string, now: Date): Promise<ResolvedSession | null> {
  const [row] = await db
    .select()
    .from(sessions)
    .where(eq(sessions.idHash, sha256(raw)))
    .limit(1)
  if (!row || row.endedAt) return null
  if (row.expiresAt <= now) {
    await db
      .update(sessions)
      .set({ endedAt: now, endedReason: 'expired' })
      .where(eq(sessions.idHash, row.idHash))
    return null
  }
  if (row.staffId && now.getTime() - row.lastSeenAt.getTime() > STAFF_IDLE_MS) {
    await db
      .update(sessions)
      .set({ endedAt: now, endedReason: 'idle' })
      .where(eq(sessions.idHash, row.idHash))
    return null
  }
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, row.idHash))
    row.lastSeenAt = now
  }
  if (row.staffId) {
    if (row.stage !== 'full') return { actor: { kind: 'anonymous' }, session: row, idleEndsAt: null }
    const [staff] = await db.select().from(staffUsers).where(eq(staffUsers.id, row.staffId)).limit(1)
    if (!staff || staff.disabledAt || !isRole(staff.role)) return null
    return {
      actor: {
        kind: 'staff',
        id: staff.id,
        role: staff.role,
        orgId: staff.orgId,
        grantedOrgIds: await grantedOrgIds(db, staff.id, staff.role, now),
        name: staff.displayName,
        via: 'session',
        sessionId: row.idHash,
      },
      session: row,
      idleEndsAt: new Date(row.lastSeenAt.getTime() + STAFF_IDLE_MS),
    }
  }
  if (row.personId)
    return {
      actor: { kind: 'citizen', personId: row.personId, sessionId: row.idHash },
      session: row,
      idleEndsAt: null,
    }
  return null
}

/** Organisations an admin has granted this staff member beyond their own, live at `now`. */
export async function grantedOrgIds(db: Db, staffId: string, role: Role, now: Date): Promise<string[]> {
  return (await liveGrants(db, staffId, role, now)).map((r) => r.orgId)
}

async function liveGrants(
  db: Db,
  staffId: string,
  role: Role,
  now: Date,
): Promise<{ orgId: string; expiresAt: Date | null }[]> {
  if (!hasOrgScope(role)) return []
  return db
    .select({ orgId: staffOrgGrants.orgId, expiresAt: staffOrgGrants.expiresAt })
    .from(staffOrgGrants)
    .where(
      and(
        eq(staffOrgGrants.staffId, staffId),
        isNull(staffOrgGrants.revokedAt),
        or(isNull(staffOrgGrants.expiresAt), gt(staffOrgGrants.expiresAt, now)),
      ),
    )
}

/**
 * Resolved bearer tokens are kept in memory for at most BEARER_CACHE_MS (per database, by token hash),
 * so a burst of requests with one token (a call centre, an integration) does not look it up each time.
 * An entry never outlives the token's expiry or the earliest expiry of the grants it carries. Revoking
 * a token, an organisation grant or disabling an account in this process forgets every entry
 * (`forgetBearerTokens`, called by the identity domain after its change); in another process of the
 * same deployment the change applies within BEARER_CACHE_MS (docs/security.md).
 */
export const BEARER_CACHE_MS = 5_000
const BEARER_CACHE_MAX = 1_000
type StaffActor = Extract<Actor, { kind: 'staff' }> & { grantedOrgIds: string[] }
interface CachedBearer {
  actor: StaffActor
  /** The app clock's time when it was read, and until when it may be used. */
  from: number
  until: number
  generation: number
}
const bearerCache = new WeakMap<Db, Map<string, CachedBearer>>()
let bearerGeneration = 0

/** Forgets every cached token resolution (after a revocation, a disabled account, a changed grant). */
export function forgetBearerTokens(): void {
  bearerGeneration++
}

/** Resolves `Authorization: Bearer <token>` to a staff actor with the token's role. */
export async function resolveBearer(db: Db, token: string, now: Date): Promise<Actor | null> {
  const hash = sha256(token)
  const t = now.getTime()
  let cache = bearerCache.get(db)
  const hit = cache?.get(hash)
  if (hit && hit.generation === bearerGeneration && hit.from <= t && t < hit.until)
    return { ...hit.actor, grantedOrgIds: [...hit.actor.grantedOrgIds] }
  const generation = bearerGeneration
  const [row] = await db
    .select({ t: apiTokens, staff: staffUsers, org: organisations.id })
    .from(apiTokens)
    .leftJoin(staffUsers, eq(staffUsers.id, apiTokens.staffId))
    .leftJoin(organisations, eq(organisations.id, apiTokens.orgId))
    .where(eq(apiTokens.tokenHash, hash))
    .limit(1)
  if (!row || row.t.revokedAt || row.t.expiresAt <= now || !isRole(row.t.role)) return null
  if (row.staff?.disabledAt) return null
  if (!row.t.lastUsedAt || t - row.t.lastUsedAt.getTime() > TOUCH_MS)
    // many requests with one token (an integration, a call centre) arrive at once: one of them writes
    // lastUsedAt, the others skip a row another request is writing instead of queueing behind its commit
    await db.execute(
      sql`update ${apiTokens} set last_used_at = ${now.toISOString()}::timestamptz
           where id = (select id from ${apiTokens} where id = ${row.t.id} for update skip locked)
             and (last_used_at is null or last_used_at < ${new Date(t - TOUCH_MS).toISOString()}::timestamptz)`,
    )
  const grants = row.t.staffId ? await liveGrants(db, row.t.staffId, row.t.role, now) : []
  const actor: StaffActor = {
    kind: 'staff',
    id: row.t.staffId ?? row.t.id,
    role: row.t.role,
    orgId: row.t.orgId,
    grantedOrgIds: grants.map((g) => g.orgId),
    name: row.staff?.displayName ?? row.t.name,
    via: 'token',
    sessionId: null,
  }
  // kept only when nothing was revoked while it was read
  if (generation === bearerGeneration) {
    if (!cache) {
      cache = new Map()
      bearerCache.set(db, cache)
    }
    if (cache.size >= BEARER_CACHE_MAX) cache.clear()
    const until = Math.min(
      t + BEARER_CACHE_MS,
      row.t.expiresAt.getTime(),
      ...grants.map((g) => g.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY),
    )
    cache.set(hash, { actor, from: t, until, generation })
  }
  return { ...actor, grantedOrgIds: [...actor.grantedOrgIds] }
}
