import type { CourseRow } from './repo.ts'
import { type Goal, LEVELS } from './tables.ts'

/** What the kiosk practice of a person says (kiosk/service.ts practiceSummaryFor, one row per scenario). */
export interface KioskPractice {
  scenario: string
  attempts: number
  completed: number
  wrongTaps: number
  hints: number
}

/** Which catalogue goal a kiosk practice scenario belongs to (others: ordering at a kiosk). */
const SCENARIO_GOALS: Record<string, Goal> = {
  atm: 'banking',
  'express-bus': 'transport',
  'civil-document': 'public_services',
}
export const goalOfScenario = (scenario: string): Goal => SCENARIO_GOALS[scenario] ?? 'kiosk'

/**
 * Scenarios the person found hard: never finished, or on average two or more wrong taps or a hint per
 * attempt. Their goals are where a class would help ("struggled with the ATM → banking class").
 */
export function struggledGoals(practice: KioskPractice[]): Goal[] {
  const out = new Set<Goal>()
  for (const p of practice) {
    if (p.attempts === 0) continue
    if (p.completed === 0 || p.wrongTaps / p.attempts >= 2 || p.hints / p.attempts >= 1)
      out.add(goalOfScenario(p.scenario))
  }
  return [...out]
}

export interface Recommendation {
  course: CourseRow
  /** Message keys saying why, in order. */
  reasons: string[]
}

/**
 * "What to learn next" from the course graph: courses not yet completed whose prerequisites are all
 * completed, preferring those that train what their kiosk practice found hard, follow a completed
 * course, match the person's goals and sit at the next level up. Pure, so it is explained and tested without a database.
 */
export function recommend(
  all: CourseRow[],
  completed: string[],
  goals: Goal[] = [],
  limit = 3,
  practice: KioskPractice[] = [],
): Recommendation[] {
  const struggled = struggledGoals(practice)
  const done = new Set(completed)
  const doneCourses = all.filter((c) => done.has(c.id))
  const topLevel = Math.max(-1, ...doneCourses.map((c) => LEVELS.indexOf(c.level)))
  const scored = all
    .filter((c) => !done.has(c.id) && c.prerequisites.every((p) => done.has(p)))
    .map((c) => {
      const reasons: string[] = []
      let score = 0
      if (c.prerequisites.some((p) => done.has(p))) {
        score += 4
        reasons.push('education.next.follows')
      }
      if (c.goals.some((g) => struggled.includes(g))) {
        score += 6
        reasons.push('education.next.kiosk')
      }
      if (c.goals.some((g) => goals.includes(g))) {
        score += 3
        reasons.push('education.next.goal')
      }
      const level = LEVELS.indexOf(c.level)
      if (level === topLevel + 1 || (topLevel === -1 && level === 0)) {
        score += 2
        reasons.push('education.next.level')
      } else if (level <= topLevel) score += 1
      if (!reasons.length) reasons.push('education.next.open')
      return { course: c, reasons, score }
    })
  scored.sort((a, b) => b.score - a.score || a.course.titleKo.localeCompare(b.course.titleKo))
  return scored.slice(0, limit).map(({ course, reasons }) => ({ course, reasons }))
}
