import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import * as repo from './repo.ts'

/** Messages captured by the development transports, newest first (admins only). */
export async function devMessages(db: Db, actor: Actor, page: number, perPage = 20) {
  authorize(actor, 'messages:read-dev')
  const [items, total] = await Promise.all([
    repo.listDevMessages(db, perPage, (page - 1) * perPage),
    repo.countDevMessages(db),
  ])
  return { items, total, page, perPage }
}

/** Queue health: counts per status and the latest jobs. */
export async function jobOverview(db: Db, actor: Actor, status?: string) {
  authorize(actor, 'jobs:read')
  const [counts, latest] = await Promise.all([repo.jobCounts(db), repo.listJobs(db, status, 50)])
  return { counts: Object.fromEntries(counts.map((c) => [c.status, c.n])) as Record<string, number>, latest }
}
