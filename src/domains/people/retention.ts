import { purgeAccessLog } from '../../platform/audit/access-log.ts'
import { purgeAuditTrail } from '../../platform/audit/trail.ts'
import type { Db } from '../../platform/db/client.ts'
import * as repo from './repo.ts'
import { erasePerson, processErasures } from './service.ts'

const DAY = 24 * 3_600_000
const YEAR = 365 * DAY

/** One kind of record and how long it is kept. */
export interface RetentionRule {
  type: string
  keepMs: number
  /** Plain description for docs/security.md and the admin page. */
  basis: string
  /** Destroys what is older than `cutoff`; returns how many records. */
  purge: (db: Db, cutoff: Date, now: Date) => Promise<number>
}

/**
 * The declarative retention table: record type → period. The daily `people.retention` job applies it
 * and stores only anonymous counts of what it destroyed (retention_runs).
 */
export const RETENTION: readonly RetentionRule[] = [
  {
    type: 'verification_codes',
    keepMs: DAY,
    basis: 'One-time codes and the details typed with them; 1 day after sending',
    purge: (db, cutoff) => repo.deleteChallengesBefore(db, cutoff),
  },
  {
    type: 'sent_messages',
    keepMs: 7 * DAY,
    basis: 'Sent text messages and e-mails in the outbox (plain numbers and codes); 7 days',
    purge: (db, cutoff) => repo.deleteSentMessagesBefore(db, cutoff),
  },
  {
    type: 'sessions',
    keepMs: 30 * DAY,
    basis:
      'Sign-in sessions of staff and citizens (with IP and browser); 30 days after they ended or expired',
    purge: (db, cutoff) => repo.deleteSessionsBefore(db, cutoff),
  },
  {
    type: 'access_log',
    keepMs: 2 * YEAR,
    basis: 'Staff access log; 2 years (Personal Information Protection Act safeguards standard)',
    purge: (db, cutoff) => purgeAccessLog(db, cutoff),
  },
  {
    type: 'audit_trail',
    keepMs: 3 * YEAR,
    basis: 'Domain audit trail (status changes, allocations, permission changes); 3 years',
    purge: (db, cutoff) => purgeAuditTrail(db, cutoff),
  },
  {
    type: 'proxy_actions',
    keepMs: 3 * YEAR,
    basis: 'Records of acting on a person’s behalf and their consent; 3 years',
    purge: (db, cutoff) => repo.deleteProxyActionsBefore(db, cutoff),
  },
  {
    type: 'persons',
    keepMs: 3 * YEAR,
    basis: 'A person’s record; 3 years after their last activity, then pseudonymised (legal holds respected)',
    purge: async (db, cutoff, now) => {
      let n = 0
      for (;;) {
        const batch = await repo.inactivePersons(db, cutoff, 200)
        if (batch.length === 0) return n
        for (const p of batch) await db.transaction((tx) => erasePerson(tx, p.id, now))
        n += batch.length
      }
    },
  },
]

/** The daily job: carries out erasure requests, then applies every retention rule. */
export async function runRetention(db: Db, now: Date): Promise<Record<string, number>> {
  const counts: Record<string, number> = { erasure_requests: await processErasures(db, now) }
  for (const rule of RETENTION)
    counts[rule.type] = await rule.purge(db, new Date(now.getTime() - rule.keepMs), now)
  const kst = new Date(now.getTime() + 9 * 3_600_000).toISOString().slice(0, 10)
  await repo.insertRetentionRun(db, { day: kst, ranAt: now, counts })
  return counts
}
