import { createHash } from 'node:crypto'
import { and, asc, desc, eq, gt, lt, notInArray, type SQL, sql } from 'drizzle-orm'
import { PgTransaction } from 'drizzle-orm/pg-core'
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
/** Number of lanes (parallel chains); at least the connection pool size, so appends rarely wait. */
export const LANES = 32

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

/**
 * The hash of a row: SHA-256 of the previous row's hash and this row's content. The lane is part of
 * the content from lane 2 on (lane 1 rows hash as they did before lanes existed).
 */
export function rowHash(
  prevHash: string,
  r: Omit<AccessRow, 'hash' | 'prevHash' | 'lane'> & { lane?: number },
): string {
  const content = canonicalJson({
    seq: r.seq,
    lane: r.lane && r.lane !== 1 ? r.lane : undefined,
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

type Head = typeof accessLogHead.$inferSelect

const headRows = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    id: from + i,
    seq: 0,
    hash: GENESIS,
    baseSeq: 0,
    baseHash: GENESIS,
  }))

/**
 * Locks a lane's head for the rest of the transaction: the first lane no other transaction holds
 * (SKIP LOCKED), so concurrent appends proceed side by side; when every lane is busy, waits for one.
 */
async function lockLane(tx: Db): Promise<Head> {
  const free = () =>
    tx
      .select()
      .from(accessLogHead)
      .orderBy(asc(accessLogHead.id))
      .limit(1)
      .for('update', { skipLocked: true })
  let [head] = await free()
  if (head) return head
  // heads missing (a database restored from before lanes), or every lane busy
  await tx.insert(accessLogHead).values(headRows(1, LANES)).onConflictDoNothing()
  ;[head] = await free()
  if (head) return head
  const lane = 1 + Math.floor(Math.random() * LANES)
  ;[head] = await tx.select().from(accessLogHead).where(eq(accessLogHead.id, lane)).for('update')
  return head!
}

/**
 * Appends entries to the access log in the caller's transaction (when given a transaction; otherwise
 * in one of its own). The entries go to one lane, whose head stays locked until the transaction ends,
 * so each lane is one linear chain and a rolled-back transaction leaves no trace in it.
 */
export async function logAccess(db: Db, entries: AccessEntry | AccessEntry[]): Promise<void> {
  const list = Array.isArray(entries) ? entries : [entries]
  if (list.length === 0) return
  const append = async (tx: Db) => {
    const head = await lockLane(tx)
    let seq = head.seq
    let prev = head.hash
    const rows: AccessRow[] = []
    for (const e of list) {
      seq += 1
      const base = {
        seq,
        lane: head.id,
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
    let i = 0
    for (; i + 500 < rows.length; i += 500) await tx.insert(accessLog).values(rows.slice(i, i + 500))
    // the last rows and the head move in one statement
    await tx.execute(
      sql`with appended as ${tx.insert(accessLog).values(rows.slice(i))} update ${accessLogHead} set seq = ${seq}, hash = ${prev} where id = ${head.id}`,
    )
  }
  const run = async (tx: Db) => {
    if (list.length === 1 && (await appendOne(tx, list[0]!))) return
    await append(tx)
  }
  if (db instanceof PgTransaction) await run(db)
  else await db.transaction(run)
}

/**
 * The common case in one round trip: takes a free lane, hashes in the database (the same canonical
 * JSON as rowHash, with the lane and seq filled in there), inserts the row and moves the head. False
 * when no lane was free (the caller then waits for one).
 */
async function appendOne(tx: Db, e: AccessEntry): Promise<boolean> {
  const j = canonicalJson
  const detail = e.detail ?? null
  const pre = `{"action":${j(e.action)},"at":${j(e.at.toISOString())},"detail":${j(detail)},"ip":${j(e.ip)},`
  const mid = `"personId":${j(e.personId)},"reason":${j(e.reason ?? null)},"seq":`
  const post = `,"staffId":${j(e.staffId)}}`
  const r = await tx.execute(sql`
    with h as (
      select id, seq, hash from ${accessLogHead} order by id limit 1 for update skip locked
    ), r as (
      select h.id as lane, h.seq + 1 as seq, h.hash as prev_hash,
             encode(sha256(convert_to(h.hash || E'\n' || ${pre}::text
               || case when h.id <> 1 then '"lane":' || h.id || ',' else '' end
               || ${mid}::text || (h.seq + 1)::text || ${post}::text, 'UTF8')), 'hex') as hash
        from h
    ), ins as (
      insert into ${accessLog} (seq, lane, at, staff_id, ip, person_id, action, reason, detail, prev_hash, hash)
      select r.seq, r.lane, ${e.at.toISOString()}::timestamptz, ${e.staffId}::uuid, ${e.ip}::text,
             ${e.personId}::uuid, ${e.action}::text, ${e.reason ?? null}::text,
             ${detail === null ? null : JSON.stringify(detail)}::jsonb, r.prev_hash, r.hash
        from r
    )
    update ${accessLogHead} set seq = r.seq, hash = r.hash from r where ${accessLogHead}.id = r.lane
    returning ${accessLogHead}.id`)
  const rows = (r as unknown as { rows?: unknown[] }).rows ?? (r as unknown as unknown[])
  return rows.length > 0
}

/**
 * One access-log entry as common table expressions, for a caller that appends it inside a statement of
 * its own (one round trip less): the same lane, hash and head update as a single append, with the
 * person given by a SQL expression (a uuid, e.g. from an earlier CTE) and the action and detail chosen
 * by a SQL condition (`when` true: `yes`, else `no`). Defines `access_log_moved` (the lane's id
 * when appended); when it is empty no lane was free and nothing was written: the caller then calls
 * logAccess. The caller's transaction keeps the lane's head locked until it ends, as logAccess does.
 */
export function accessLogCtes(
  e: Omit<AccessEntry, 'personId' | 'action' | 'detail'>,
  personId: SQL,
  choice: {
    when: SQL
    yes: Pick<AccessEntry, 'action' | 'detail'>
    no: Pick<AccessEntry, 'action' | 'detail'>
  },
): SQL {
  const j = canonicalJson
  const pre = (a: Pick<AccessEntry, 'action' | 'detail'>) =>
    `{"action":${j(a.action)},"at":${j(e.at.toISOString())},"detail":${j(a.detail ?? null)},"ip":${j(e.ip)},`
  const stored = (a: Pick<AccessEntry, 'action' | 'detail'>) =>
    a.detail === null || a.detail === undefined ? null : JSON.stringify(a.detail)
  const post = `,"staffId":${j(e.staffId)}}`
  const { when, yes, no } = choice
  return sql`access_log_h as (
      select id, seq, hash from ${accessLogHead} order by id limit 1 for update skip locked
    ), access_log_r as (
      select h.id as lane, h.seq + 1 as seq, h.hash as prev_hash, p.person_id, p.yes,
             encode(sha256(convert_to(h.hash || E'\n'
               || case when p.yes then ${pre(yes)}::text else ${pre(no)}::text end
               || case when h.id <> 1 then '"lane":' || h.id || ',' else '' end
               || '"personId":' || coalesce('"' || p.person_id::text || '"', 'null')
               || ${`,"reason":${j(e.reason ?? null)},"seq":`}::text || (h.seq + 1)::text || ${post}::text,
               'UTF8')), 'hex') as hash
        from access_log_h h, (select ${personId} as person_id, coalesce(${when}, false) as yes) p
    ), access_log_ins as (
      insert into ${accessLog} (seq, lane, at, staff_id, ip, person_id, action, reason, detail, prev_hash, hash)
      select r.seq, r.lane, ${e.at.toISOString()}::timestamptz, ${e.staffId}::uuid, ${e.ip}::text,
             r.person_id, case when r.yes then ${yes.action}::text else ${no.action}::text end,
             ${e.reason ?? null}::text,
             case when r.yes then ${stored(yes)}::jsonb else ${stored(no)}::jsonb end, r.prev_hash, r.hash
        from access_log_r r
    ), access_log_moved as (
      update ${accessLogHead} set seq = r.seq, hash = r.hash from access_log_r r
       where ${accessLogHead}.id = r.lane
      returning ${accessLogHead}.id
    )`
}

export type ChainCheck =
  | { ok: true; count: number; headSeq: number; headHash: string }
  | { ok: false; count: number; brokenAt: number; reason: string; lane?: number }

/** One hash over every lane's head (lane, seq, hash), to record outside the database. */
export function combinedHeadHash(heads: Pick<Head, 'id' | 'seq' | 'hash'>[]): string {
  const lines = [...heads].sort((a, b) => a.id - b.id).map((h) => `${h.id}:${h.seq}:${h.hash}`)
  return createHash('sha256').update(lines.join('\n')).digest('hex')
}

/**
 * Walks every lane of the access log from its base and recomputes every hash. Detects a changed row,
 * a deleted or inserted row (sequence gap or wrong link), a cut-off end (head mismatch) and rows in a
 * lane without a head. headSeq is the number of entries ever appended (all lanes); headHash covers
 * every lane's head.
 */
export async function verifyAccessLog(db: Db): Promise<ChainCheck> {
  const heads = await db.select().from(accessLogHead).orderBy(asc(accessLogHead.id))
  let count = 0
  for (const head of heads) {
    let expectedSeq = head.baseSeq + 1
    let prev = head.baseHash
    for (;;) {
      const batch = await db
        .select()
        .from(accessLog)
        .where(and(eq(accessLog.lane, head.id), gt(accessLog.seq, expectedSeq - 1)))
        .orderBy(asc(accessLog.seq))
        .limit(1000)
      if (batch.length === 0) break
      for (const r of batch) {
        if (r.seq !== expectedSeq)
          return { ok: false, count, brokenAt: expectedSeq, lane: head.id, reason: 'a row is missing' }
        if (r.prevHash !== prev)
          return {
            ok: false,
            count,
            brokenAt: r.seq,
            lane: head.id,
            reason: 'the link to the previous row is wrong',
          }
        if (rowHash(prev, r) !== r.hash)
          return { ok: false, count, brokenAt: r.seq, lane: head.id, reason: 'the row was changed' }
        prev = r.hash
        expectedSeq++
        count++
      }
    }
    const [older] = await db
      .select({ seq: accessLog.seq })
      .from(accessLog)
      .where(and(eq(accessLog.lane, head.id), lt(accessLog.seq, head.baseSeq + 1)))
      .limit(1)
    if (older)
      return {
        ok: false,
        count,
        brokenAt: older.seq,
        lane: head.id,
        reason: 'a row before the chain base exists',
      }
    if (head.seq !== expectedSeq - 1 || head.hash !== prev)
      return {
        ok: false,
        count,
        brokenAt: expectedSeq,
        lane: head.id,
        reason: 'rows at the end of the chain are missing',
      }
  }
  const [stray] = await db
    .select({ seq: accessLog.seq, lane: accessLog.lane })
    .from(accessLog)
    .where(
      heads.length
        ? notInArray(
            accessLog.lane,
            heads.map((h) => h.id),
          )
        : undefined,
    )
    .limit(1)
  if (stray)
    return { ok: false, count, brokenAt: stray.seq, lane: stray.lane, reason: 'the chain head is missing' }
  return {
    ok: true,
    count,
    headSeq: heads.reduce((n, h) => n + h.seq, 0),
    headHash: heads.some((h) => h.seq > 0) ? combinedHeadHash(heads) : GENESIS,
  }
}

/**
 * Retention: removes rows older than `before`. Each lane's base moves to its last removed row, so the
 * rest still verifies. The append-only trigger lets this one transaction delete (gachi.audit_purge).
 */
export async function purgeAccessLog(db: Db, before: Date): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.insert(accessLogHead).values(headRows(1, LANES)).onConflictDoNothing()
    const heads = await tx.select().from(accessLogHead).orderBy(asc(accessLogHead.id)).for('update')
    let deleted = 0
    await tx.execute(sql`select set_config('gachi.audit_purge', 'on', true)`)
    for (const head of heads) {
      const [last] = await tx
        .select({ seq: accessLog.seq, hash: accessLog.hash })
        .from(accessLog)
        .where(and(eq(accessLog.lane, head.id), lt(accessLog.at, before)))
        .orderBy(sql`${accessLog.seq} desc`)
        .limit(1)
      if (!last) continue
      const rows = await tx
        .delete(accessLog)
        .where(
          and(eq(accessLog.lane, head.id), gt(accessLog.seq, head.baseSeq), lt(accessLog.seq, last.seq + 1)),
        )
        .returning({ seq: accessLog.seq })
      deleted += rows.length
      await tx
        .update(accessLogHead)
        .set({ baseSeq: last.seq, baseHash: last.hash })
        .where(eq(accessLogHead.id, head.id))
    }
    await tx.execute(sql`select set_config('gachi.audit_purge', 'off', true)`)
    return deleted
  })
}

/** A person's own access history (newest first), for transparency pages. */
export async function accessesOf(db: Db, personId: string, limit = 50) {
  return db
    .select({ at: accessLog.at, action: accessLog.action, staffId: accessLog.staffId })
    .from(accessLog)
    .where(eq(accessLog.personId, personId))
    .orderBy(desc(accessLog.at), desc(accessLog.lane), desc(accessLog.seq))
    .limit(limit)
}
