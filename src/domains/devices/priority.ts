import type { Db } from '../../platform/db/client.ts'
import * as aidRepo from './aid-repo.ts'
import { type Criterion, claimProofs, type Proofs, priority } from './rules.ts'

/**
 * An application's priority score as the allocation uses it: the weights of the round, waiting time, and
 * only the claimed circumstances proven by a document staff verified (rules.ts `priority`). The document
 * checks are read here once per batch of applications, not per application.
 */

type Check = { document: string; result: 'verified' | 'not_valid' }
type Scored = {
  personId: string | null
  criteria: unknown
  createdAt: Date
}

/** Whose claims need documents: a person's (citizen or proxy); an organisation's batch is vouched for by it. */
export const needsProof = (a: { personId: string | null }) => a.personId !== null

/** The proof behind an application's claims: vouched for (an organisation's batch) or its checks. */
export const proofsOf = (a: Scored, checks: readonly Check[]): Proofs =>
  !needsProof(a) ? 'vouched' : claimProofs(a.criteria as Partial<Record<Criterion, boolean>>, checks)

/** Score and breakdown of one application with its document checks (oldest first). */
export const scoreOf = (a: Scored, checks: readonly Check[], now: Date, weights: Record<Criterion, number>) =>
  priority(a.criteria as Partial<Record<Criterion, boolean>>, a.createdAt, now, weights, proofsOf(a, checks))

/** Document checks by application: of every approved computer application, or of one person's. */
export async function checksByApplication(db: Db, where: { approved: true } | { personId: string }) {
  const byApp = new Map<string, Check[]>()
  for (const row of await aidRepo.deviceChecksWhere(db, where)) {
    const list = byApp.get(row.applicationId) ?? []
    list.push(row)
    byApp.set(row.applicationId, list)
  }
  return byApp
}
