import type { ProgrammeDef } from './rules/types.ts'
import {
  type Answers,
  type Condition,
  type LifeEvent,
  QUESTION_KEYS,
  type QuestionKey,
} from './rules/types.ts'

/** The questions a life event asks first (the rest follow in the usual order). */
export const EVENT_FIRST: Record<LifeEvent, QuestionKey[]> = {
  turning65: ['age', 'basicPension', 'livesAlone', 'income'],
  disability: ['disability', 'sense', 'veteran', 'income'],
  livingAlone: ['livesAlone', 'age', 'income'],
  childSchool: ['schoolChild', 'device', 'income'],
  lostJob: ['jobSeeker', 'income', 'age'],
  internetCost: ['internet', 'income', 'device'],
}

const keysOf = (c: Condition, out: Set<QuestionKey>) => {
  if ('q' in c) out.add(c.q)
  else if ('all' in c) for (const x of c.all) keysOf(x, out)
  else if ('any' in c) for (const x of c.any) keysOf(x, out)
  else if ('not' in c) keysOf(c.not, out)
}

/** The questions some programme in force actually looks at (nothing else is asked). */
export function usedQuestions(programmes: ProgrammeDef[]): Set<QuestionKey> {
  const out = new Set<QuestionKey>()
  for (const p of programmes) for (const v of p.versions) for (const c of v.criteria) keysOf(c.when, out)
  return out
}

/**
 * Whether a question is worth asking given the answers so far: the basic-pension question only to
 * people who may be 65 or older, the veteran question only when no registered disability was given.
 */
export function relevant(key: QuestionKey, a: Answers): boolean {
  if (key === 'basicPension') return a.age === undefined || a.age === '65_74' || a.age === '75_plus'
  if (key === 'veteran') return a.disability === undefined || a.disability === 'none'
  return true
}

/** The questions in the order this person will be asked them. */
export function questionOrder(used: Set<QuestionKey>, event?: LifeEvent): QuestionKey[] {
  const first = event ? EVENT_FIRST[event] : []
  return [...first, ...QUESTION_KEYS.filter((k) => !first.includes(k))].filter((k) => used.has(k))
}

/** The next question to ask after `current` (or the first one), or null when the results are due. */
export function nextQuestion(order: QuestionKey[], a: Answers, current?: QuestionKey): QuestionKey | null {
  const start = current ? order.indexOf(current) + 1 : 0
  for (let i = start; i < order.length; i++) if (relevant(order[i]!, a)) return order[i]!
  return null
}

/** The question before `current` (the back button), or null on the first one. */
export function previousQuestion(order: QuestionKey[], a: Answers, current: QuestionKey): QuestionKey | null {
  for (let i = order.indexOf(current) - 1; i >= 0; i--) if (relevant(order[i]!, a)) return order[i]!
  return null
}

/** Question number and total (for "Question 2 of 7"), counting only the questions that apply. */
export function progress(order: QuestionKey[], a: Answers, current: QuestionKey) {
  const asked = order.filter((k) => relevant(k, a))
  return { n: asked.indexOf(current) + 1, total: asked.length }
}
