import { and, asc, eq, gte, lt, sql } from 'drizzle-orm'
import { staffUsers } from '../../domains/identity/tables.ts'
import type { Db } from '../db/client.ts'
import { accessLog } from './tables.ts'

const KST = 9 * 3600

/** KST hour of day and day of week (0 = Sunday) of `at`, in plain arithmetic (no time-zone data needed). */
const kstSeconds = sql`(extract(epoch from ${accessLog.at}) + ${sql.raw(String(KST))})`
const kstHour = sql`floor(mod(${kstSeconds}::numeric, 86400) / 3600)`
const kstDow = sql`mod(floor(${kstSeconds} / 86400)::int + 4, 7)`
/** Outside 08:00–20:00 KST or on a weekend. */
export const afterHoursSql = sql`(${kstHour} < 8 or ${kstHour} >= 20 or ${kstDow} in (0, 6))`

/** True when a time is outside 08:00–20:00 KST or on a weekend (same rule as the SQL). */
export function isAfterHours(at: Date): boolean {
  const k = new Date(at.getTime() + KST * 1000)
  const h = k.getUTCHours()
  const d = k.getUTCDay()
  return h < 8 || h >= 20 || d === 0 || d === 6
}

/** The UTC instants bounding a KST calendar month `YYYY-MM`. */
export function monthRange(month: string): { from: Date; to: Date } {
  const [y, m] = month.split('-').map(Number) as [number, number]
  const from = new Date(Date.UTC(y, m - 1, 1) - KST * 1000)
  const to = new Date(Date.UTC(y, m, 1) - KST * 1000)
  return { from, to }
}

export interface StaffVolume {
  staffId: string | null
  name: string | null
  total: number
  views: number
  searches: number
  changes: number
  exports: number
  afterHours: number
  subjects: number
  /** Far above the month's typical volume (more than 3 × the median and at least 100). */
  unusual: boolean
}

/** The monthly access review: volumes per staff member, after-hours access and every export. */
export async function accessReview(db: Db, month: string) {
  const { from, to } = monthRange(month)
  const inMonth = and(gte(accessLog.at, from), lt(accessLog.at, to))
  const rows = await db
    .select({
      staffId: accessLog.staffId,
      name: staffUsers.displayName,
      total: sql<number>`count(*)::int`,
      views: sql<number>`(count(*) filter (where ${accessLog.action} = 'view'))::int`,
      searches: sql<number>`(count(*) filter (where ${accessLog.action} = 'search'))::int`,
      changes: sql<number>`(count(*) filter (where ${accessLog.action} in ('create', 'change', 'merge', 'erase')))::int`,
      exports: sql<number>`(count(*) filter (where ${accessLog.action} = 'export'))::int`,
      afterHours: sql<number>`(count(*) filter (where ${afterHoursSql}))::int`,
      subjects: sql<number>`count(distinct ${accessLog.personId})::int`,
    })
    .from(accessLog)
    .leftJoin(staffUsers, eq(staffUsers.id, accessLog.staffId))
    .where(inMonth)
    .groupBy(accessLog.staffId, staffUsers.displayName)
    .orderBy(sql`count(*) desc`)
  const totals = rows.map((r) => r.total).sort((a, b) => a - b)
  const median = totals.length ? totals[Math.floor((totals.length - 1) / 2)]! : 0
  const staff: StaffVolume[] = rows.map((r) => ({ ...r, unusual: r.total >= 100 && r.total > 3 * median }))
  const detail = {
    seq: accessLog.seq,
    at: accessLog.at,
    staffId: accessLog.staffId,
    name: staffUsers.displayName,
    personId: accessLog.personId,
    action: accessLog.action,
    reason: accessLog.reason,
    ip: accessLog.ip,
  }
  const afterHours = await db
    .select(detail)
    .from(accessLog)
    .leftJoin(staffUsers, eq(staffUsers.id, accessLog.staffId))
    .where(and(inMonth, afterHoursSql))
    .orderBy(asc(accessLog.at), asc(accessLog.lane), asc(accessLog.seq))
    .limit(500)
  const exports = await db
    .select(detail)
    .from(accessLog)
    .leftJoin(staffUsers, eq(staffUsers.id, accessLog.staffId))
    .where(and(inMonth, eq(accessLog.action, 'export')))
    .orderBy(asc(accessLog.at), asc(accessLog.lane), asc(accessLog.seq))
    .limit(500)
  return { month, from, to, median, staff, afterHours, exports }
}
export type AccessReview = Awaited<ReturnType<typeof accessReview>>
