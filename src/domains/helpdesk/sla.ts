import * as gazette from '@hyunbinseo/holidays-kr/all'
import Holidays from 'date-holidays'
import type { TicketCategory } from './tables.ts'

/**
 * Business time for SLA targets: 09:00–18:00 Korean time, Monday to Friday, not on Korean public
 * holidays. Holidays come from the official gazette (@hyunbinseo/holidays-kr: substitute holidays,
 * election days, the three days of 설날 and 추석) for the years it covers, and from date-holidays'
 * computed KR calendar (its multi-day spans) after that. Korea has no daylight saving: KST is UTC+9.
 */
const KST = 9 * 3_600_000
const OPEN_H = 9
const CLOSE_H = 18
const HOUR = 3_600_000

/** First-response and resolution targets per category, in business hours. */
export const SLA_TARGETS: Record<TicketCategory, { firstResponseH: number; resolutionH: number }> = {
  scam: { firstResponseH: 1, resolutionH: 4 },
  phone_basics: { firstResponseH: 4, resolutionH: 18 },
  apps: { firstResponseH: 4, resolutionH: 18 },
  video_call: { firstResponseH: 4, resolutionH: 18 },
  kiosk: { firstResponseH: 8, resolutionH: 27 },
  internet: { firstResponseH: 4, resolutionH: 27 },
  device: { firstResponseH: 8, resolutionH: 45 },
}

const computed = new Holidays('KR')
const holidayCache = new Map<number, Set<string>>()
const kstDay = (d: Date) => new Date(d.getTime() + KST).toISOString().slice(0, 10)

function holidaysOf(year: number): Set<string> {
  let set = holidayCache.get(year)
  if (!set) {
    const official = (gazette as Record<string, Record<string, readonly string[]> | undefined>)[`y${year}`]
    if (official) set = new Set(Object.keys(official))
    else {
      set = new Set<string>()
      for (const h of computed.getHolidays(year)) {
        if (h.type !== 'public') continue
        for (let t = h.start.getTime(); t < h.end.getTime(); t += 24 * HOUR) set.add(kstDay(new Date(t)))
      }
    }
    holidayCache.set(year, set)
  }
  return set
}

/** True on a Korean public holiday (the date as YYYY-MM-DD in Korean time). */
export function isKoreanHoliday(day: string): boolean {
  return holidaysOf(Number(day.slice(0, 4))).has(day)
}

/** True when the Korean-time calendar day of `t` is a working day. */
function isWorkingDay(t: number): boolean {
  const k = new Date(t + KST)
  const dow = k.getUTCDay()
  return dow !== 0 && dow !== 6 && !isKoreanHoliday(k.toISOString().slice(0, 10))
}

/** Start of the Korean day containing t, as a UTC instant. */
const dayStart = (t: number) => Math.floor((t + KST) / (24 * HOUR)) * 24 * HOUR - KST

/** Adds business time (ms) to an instant. */
export function addBusinessTime(from: Date, ms: number): Date {
  let t = from.getTime()
  let left = ms
  for (let guard = 0; guard < 2000; guard++) {
    const d0 = dayStart(t)
    const open = d0 + OPEN_H * HOUR
    const close = d0 + CLOSE_H * HOUR
    if (isWorkingDay(t) && t < close) {
      const start = Math.max(t, open)
      if (start + left <= close) return new Date(start + left)
      left -= close - start
    }
    t = d0 + 24 * HOUR
  }
  return new Date(t)
}

/** Business time (ms) between two instants (0 when `to` is before `from`). */
export function businessTimeBetween(from: Date, to: Date): number {
  let t = from.getTime()
  const end = to.getTime()
  let sum = 0
  for (let guard = 0; t < end && guard < 5000; guard++) {
    const d0 = dayStart(t)
    if (isWorkingDay(t)) {
      const a = Math.max(t, d0 + OPEN_H * HOUR)
      const b = Math.min(end, d0 + CLOSE_H * HOUR)
      if (b > a) sum += b - a
    }
    t = d0 + 24 * HOUR
  }
  return sum
}

/** Due times of a new ticket. */
export function dueTimes(category: TicketCategory, createdAt: Date) {
  const s = SLA_TARGETS[category]
  return {
    firstResponseDue: addBusinessTime(createdAt, s.firstResponseH * HOUR),
    resolutionDue: addBusinessTime(createdAt, s.resolutionH * HOUR),
  }
}

/** Moves a due time on by the business time that passed while the clock was paused. */
export function resumeDue(due: Date, pausedAt: Date, now: Date): Date {
  if (due.getTime() <= pausedAt.getTime()) return due // already late when paused: stays late
  return addBusinessTime(now, businessTimeBetween(pausedAt, due))
}

/**
 * Whether a resolved ticket met its resolution target. Time spent waiting on the citizen does not count:
 * the due time is moved on by it when the clock resumes (resumeDue), and a ticket still marked paused is
 * judged against its due time moved on to the moment it was resolved.
 */
export function resolvedWithinSla(t: {
  resolvedAt: Date | null
  resolutionDue: Date
  pausedAt: Date | null
}): boolean {
  if (!t.resolvedAt) return false
  const due = t.pausedAt ? resumeDue(t.resolutionDue, t.pausedAt, t.resolvedAt) : t.resolutionDue
  return t.resolvedAt.getTime() <= due.getTime()
}
