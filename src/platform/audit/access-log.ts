import { createHash } from 'node:crypto'
import { and, asc, eq, gt, lt, sql } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { accessLog, accessLogHead } from './tables.ts'

export type AccessAction = (typeof accessLog.$inferSelect)['action']
export type AccessRow = typeof accessLog.$inferSelect

/** One access to a person's data by a staff member. */
export interface AccessEntry {
  staffId: string | null
  ip: string | null
  personId: string | null
  action: AccessAction
  reason?: string | null
  detail?: Record<string, unknown> | null
  at: Date
}

const GENESIS = 'genesis'
const HEAD_ID = 1

/** JSON with object keys sorted at every level (jsonb does not keep key order). */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v ?? null)
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`
}

/** The hash of a row: SHA-256 of the previous row's hash and this row's content. */
export function rowHash(prevHash: string, r: Omit<AccessRow, 'hash' | 'prevHash'>): string {
  const content = canonicalJson({
    seq: r.seq,
    at: r.at.toISOString(),
    staffId: r.staffId,
    ip: r.ip,
    personId: r.personId,
    action: r.action,
    reason: r.reason,
    detail: r.detail ?? null,
  })
  return createHash('sha256').update(`${prevHash}\n${content}`).digest('hex')
}

async function lockHead(tx: Db) {
  await tx
    .insert(accessLogHead)
    .values({ id: HEAD_ID, seq: 0, hash: GENESIS, baseSeq: 0, baseHash: GENESIS })
    .onConflictDoNothing()
  const [head] = await tx.select().from(accessLogHead).where(eq(accessLogHead.id, HEAD_ID)).for('update')
  return head!
}

/**
 * Appends entries to the access log in the caller's transaction (a savepoint inside it). The chain
 * head row is locked for the rest of the transaction, so concurrent appends form one linear chain.
 */
export async function logAccess(db: Db, entries: AccessEntry | AccessEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries]
  if (list.length === 0) return
  await db.transaction(async (tx) => {
    const head = await lockHead(tx)
    let seq = head.seq
    let prev = head.hash
    const rows: AccessRow[] = []
    for (const e of list) {
      seq += 1
      const base = {
        seq,
        at: e.at,
        staffId: e.staffId,
        ip: e.ip,
        personId: e.personId,
        action: e.action,
        reason: e.reason ?? null,
        detail: e.detail ?? null,
      }
      const hash = rowHash(prev, base)
      rows.push({ ...base, prevHash: prev, hash })
      prev = hash
    }
    for (let i = 0; i < rows.length; i += 500) await tx.insert(accessLog).values(rows.slice(i, i + 500))
    await tx.update(accessLogHead).set({ seq, hash: prev }).where(eq(accessLogHead.id, HEAD_ID))
  })
}

export type ChainCheck =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; brokenAt: number; reason: string }

/**
 * Walks the access log from its base and recomputes every hash. Detects a changed row, a deleted or
 * inserted row (sequence gap or wrong link) and a cut-off end (head mismatch).
 */
export async function verifyAccessLog(db: Db): Promise<ChainCheck> {
  const [head] = await db.select().from(accessLogHead).where(eq(accessLogHead.id, HEAD_ID))
  if (!head) {
    const [any] = await db.select({ seq: accessLog.seq }).from(accessLog).limit(1)
    return any
      ? { ok: false, count: 0, brokenAt: any.seq, reason: 'the chain head is missing' }
      : { ok: true, count: 0, headSeq: 0, headHash: GENESIS }
  }
  let expectedSeq = head.baseSeq + 1
  let prev = head.baseHash
  let count = 0
  for (;;) {
    const batch = await db
      .select()
      .from(accessLog)
      .where(gt(accessLog.seq, expectedSeq - 1))
      .orderBy(asc(accessLog.seq))
      .limit(1000)
    if (batch.length === 0) break
    for (const r of batch) {
      if (r.seq !== expectedSeq)
        return { ok: false, count, brokenAt: expectedSeq, reason: 'a row is missing' }
      if (r.prevHash !== prev)
        return { ok: false, count, brokenAt: r.seq, reason: 'the link to the previous row is wrong' }
      if (rowHash(prev, r) !== r.hash)
        return { ok: false, count, brokenAt: r.seq, reason: 'the row was changed' }
      prev = r.hash
      expectedSeq++
      count++
    }
  }
  const [older] = await db
    .select({ seq: accessLog.seq })
    .from(accessLog)
    .where(lt(accessLog.seq, head.baseSeq + 1))
    .limit(1)
  if (older) return { ok: false, count, brokenAt: older.seq, reason: 'a row before the chain base exists' }
  if (head.seq !== expectedSeq - 1 || head.hash !== prev)
    return { ok: false, count, brokenAt: expectedSeq, reason: 'rows at the end of the chain are missing' }
  return { ok: true, count, headSeq: head.seq, headHash: head.hash }
}

/**
 * Retention: removes rows older than `before`. The chain base moves to the last removed row, so the
 * rest still verifies. The append-only trigger lets this one transaction delete (gachi.audit_purge).
 */
export async function purgeAccessLog(db: Db, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    const head = await lockHead(tx)
    const [last] = await tx
      .select({ seq: accessLog.seq, hash: accessLog.hash })
      .from(accessLog)
      .where(lt(accessLog.at, before))
      .orderBy(sql`${accessLog.seq} desc`)
      .limit(1)
    if (!last) return 0
    await tx.execute(sql`select set_config('gachi.audit_purge', 'on', true)`)
    const deleted = await tx
      .delete(accessLog)
      .where(and(gt(accessLog.seq, head.baseSeq), lt(accessLog.seq, last.seq + 1)))
      .returning({ seq: accessLog.seq })
    await tx.execute(sql`select set_config('gachi.audit_purge', 'off', true)`)
    await tx
      .update(accessLogHead)
      .set({ baseSeq: last.seq, baseHash: last.hash })
      .where(eq(accessLogHead.id, HEAD_ID))
    return deleted.length
  })
}

/** A person's own access history (newest first), for transparency pages. */
export async function accessesOf(db: Db, personId: string, limit = 50) {
  return db
    .select({ at: accessLog.at, action: accessLog.action, staffId: accessLog.staffId })
    .from(accessLog)
    .where(eq(accessLog.personId, personId))
    .orderBy(sql`${accessLog.seq} desc`)
    .limit(limit)
}
