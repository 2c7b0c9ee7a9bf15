import { and, asc, eq, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client.ts'
import { jobs } from '../db/tables.ts'
import { assertShowsReference } from '../reference.ts'

export type JobRow = typeof jobs.$inferSelect

/**
 * Queues a job in the caller's transaction (the outbox pattern): it exists only if the change that
 * caused it commits. With a dedupe key, a second enqueue of the same key is ignored.
 */
export async function enqueue(
  tx: Db,
  kind: string,
  payload: Record<string, unknown>,
  opts: { dedupeKey?: string; runAt?: Date; maxAttempts?: number } = {},
): Promise<number | null> {
  const rows = await tx
    .insert(jobs)
    .values({
      kind,
      payload,
      dedupeKey: opts.dedupeKey ?? null,
      runAt: opts.runAt ?? new Date(),
      maxAttempts: opts.maxAttempts ?? 8,
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id })
  return rows[0]?.id ?? null
}

/** A text message: `reference` is the case's reference number, shown in `body` (null: about no case, e.g. a one-time code). */
export interface SmsMessage {
  to: string
  body: string
  reference: string | null
}

/** An email: the reference must appear in the subject or the body. */
export interface EmailMessage {
  to: string
  subject: string
  body: string
  reference: string | null
}

type SendOptions = { dedupeKey?: string; runAt?: Date }

/** Queues an SMS to a phone number (digits). Throws when the body does not show its reference. */
export async function enqueueSms(tx: Db, msg: SmsMessage, opts: SendOptions = {}) {
  assertShowsReference(msg.reference, msg.body)
  return enqueue(tx, 'message.sms', { to: msg.to, body: msg.body, reference: msg.reference }, opts)
}

/** Queues an email. Throws when neither subject nor body shows its reference. */
export async function enqueueEmail(tx: Db, msg: EmailMessage, opts: SendOptions = {}) {
  assertShowsReference(msg.reference, msg.subject, msg.body)
  return enqueue(
    tx,
    'message.email',
    { to: msg.to, subject: msg.subject, body: msg.body, reference: msg.reference },
    opts,
  )
}

/**
 * Claims the next ready job: pending and due, or running with an expired lease (a crashed worker).
 * SKIP LOCKED lets several workers share the queue without taking the same job.
 */
export async function claimNext(db: Db, now: Date, leaseMs: number): Promise<JobRow | null> {
  const lease = new Date(now.getTime() + leaseMs)
  return db.transaction(async (tx) => {
    for (;;) {
      const [next] = await tx
        .select({ id: jobs.id, status: jobs.status, attempts: jobs.attempts, maxAttempts: jobs.maxAttempts })
        .from(jobs)
        .where(
          or(
            and(eq(jobs.status, 'pending'), lte(jobs.runAt, now)),
            and(eq(jobs.status, 'running'), lte(jobs.lockedUntil, now)),
          ),
        )
        .orderBy(asc(jobs.runAt), asc(jobs.id))
        .limit(1)
        .for('update', { skipLocked: true })
      if (!next) return null
      if (next.status === 'running' && next.attempts >= next.maxAttempts) {
        // its last attempt never finished (the worker died, perhaps because of this job): stop retrying it
        await tx
          .update(jobs)
          .set({
            status: 'dead',
            lockedUntil: null,
            finishedAt: now,
            lastError: 'The worker stopped during the last attempt',
          })
          .where(eq(jobs.id, next.id))
        continue
      }
      const [row] = await tx
        .update(jobs)
        .set({ status: 'running', lockedUntil: lease, attempts: sql`${jobs.attempts} + 1` })
        .where(eq(jobs.id, next.id))
        .returning()
      return row ?? null
    }
  })
}

export async function markDone(db: Db, id: number, now: Date): Promise<void> {
  await db
    .update(jobs)
    .set({ status: 'done', finishedAt: now, lockedUntil: null, lastError: null })
    .where(eq(jobs.id, id))
}

/** Exponential backoff: 30 s, 1 min, 2 min … capped at 1 hour, with a little jitter. */
export function backoffMs(attempt: number, random = Math.random): number {
  const base = Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000)
  return Math.round(base * (0.9 + 0.2 * random()))
}

export async function markFailed(db: Db, job: JobRow, error: string, now: Date): Promise<'retry' | 'dead'> {
  const dead = job.attempts >= job.maxAttempts
  await db
    .update(jobs)
    .set({
      status: dead ? 'dead' : 'pending',
      lastError: error.slice(0, 2000),
      lockedUntil: null,
      runAt: dead ? job.runAt : new Date(now.getTime() + backoffMs(job.attempts)),
      finishedAt: dead ? now : null,
    })
    .where(eq(jobs.id, job.id))
  return dead ? 'dead' : 'retry'
}
