import { desc, eq, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { devMessages, jobs } from '../../platform/db/tables.ts'

export async function listDevMessages(db: Db, limit: number, offset: number) {
  return db.select().from(devMessages).orderBy(desc(devMessages.id)).limit(limit).offset(offset)
}

export async function countDevMessages(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(devMessages)
  return r?.n ?? 0
}

export async function jobCounts(db: Db) {
  return db.select({ status: jobs.status, n: sql<number>`count(*)::int` }).from(jobs).groupBy(jobs.status)
}

export async function listJobs(db: Db, status: string | undefined, limit: number) {
  return db
    .select({
      id: jobs.id,
      kind: jobs.kind,
      status: jobs.status,
      attempts: jobs.attempts,
      runAt: jobs.runAt,
      lastError: jobs.lastError,
      createdAt: jobs.createdAt,
    })
    .from(jobs)
    .where(status ? eq(jobs.status, status as 'pending') : undefined)
    .orderBy(desc(jobs.id))
    .limit(limit)
}
