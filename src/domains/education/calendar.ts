import Holidays from 'date-holidays'

const KST_MS = 9 * 3_600_000
const DAY_MS = 86_400_000
const kr = new Holidays('KR')
const cache = new Map<number, Set<string>>()

/**
 * Korean public holidays of a year as YYYY-MM-DD (date-holidays' KR rules). Seollal and Chuseok are
 * three-day holidays by law; the library lists only the main day, so the eve and the day after are
 * added here, with a substitute day when one of the three falls on a Sunday.
 */
export function publicHolidays(year: number): Set<string> {
  const hit = cache.get(year)
  if (hit) return hit
  const days = new Set<string>()
  for (const h of kr.getHolidays(year)) {
    if (h.type !== 'public') continue
    const day = h.date.slice(0, 10)
    days.add(day)
    if (/^(설날|추석)$/.test(h.name)) {
      const main = Date.parse(`${day}T00:00:00Z`)
      const three = [main - DAY_MS, main, main + DAY_MS]
      for (const t of three) days.add(new Date(t).toISOString().slice(0, 10))
      if (three.some((t) => new Date(t).getUTCDay() === 0)) {
        let sub = main + 2 * DAY_MS
        while (days.has(new Date(sub).toISOString().slice(0, 10)) || new Date(sub).getUTCDay() === 0)
          sub += DAY_MS
        days.add(new Date(sub).toISOString().slice(0, 10))
      }
    }
  }
  cache.set(year, days)
  return days
}

/** True when the KST calendar day of `d` is a public holiday. */
export function isHoliday(d: Date): boolean {
  const day = kstDay(d)
  return publicHolidays(Number(day.slice(0, 4))).has(day)
}

/** The Asia/Seoul calendar day (YYYY-MM-DD) of an instant. */
export const kstDay = (d: Date): string => new Date(d.getTime() + KST_MS).toISOString().slice(0, 10)

/** The instant of a Seoul wall-clock date and time ("2026-12-01", "14:00"). */
export const kstInstant = (day: string, time: string): Date => new Date(Date.parse(`${day}T${time}:00+09:00`))

/**
 * The meetings of a session: `count` dates from `firstDay` (weekly when weekly), each at `time` for
 * `minutes`; public holidays are skipped (a weekly meeting moves to the next week; a one-off on a holiday
 * gives no meeting) and reported.
 */
export function planMeetings(p: {
  firstDay: string
  time: string
  minutes: number
  count: number
  weekly: boolean
}): { meetings: { startsAt: Date; endsAt: Date }[]; skipped: string[] } {
  const meetings: { startsAt: Date; endsAt: Date }[] = []
  const skipped: string[] = []
  let start = kstInstant(p.firstDay, p.time)
  for (let guard = 0; meetings.length < p.count && guard < p.count + 60; guard++) {
    if (isHoliday(start)) skipped.push(kstDay(start))
    else meetings.push({ startsAt: start, endsAt: new Date(start.getTime() + p.minutes * 60_000) })
    if (!p.weekly) break
    start = new Date(start.getTime() + 7 * DAY_MS)
  }
  return { meetings, skipped }
}

/** 15-minute blocks covered by [start, end): the units of a tutor's time (see tutorSlots). */
export function slotsOf(start: Date, end: Date): Date[] {
  const step = 15 * 60_000
  const out: Date[] = []
  for (let t = Math.floor(start.getTime() / step) * step; t < end.getTime(); t += step) out.push(new Date(t))
  return out
}
