import {
  type Answers,
  type Condition,
  type Criterion,
  type ProgrammeDef,
  QUESTIONS,
  type RuleVersion,
  type Text2,
} from './types.ts'

/** Three-valued truth: a skipped answer makes a requirement unknown, never false. */
export type Truth = true | false | null

/** Evaluates a condition over the answers (Kleene logic: unknown stays unknown unless decided). */
export function evaluate(c: Condition, a: Answers): Truth {
  if ('q' in c) {
    const v = a[c.q]
    return v === undefined ? null : c.in.includes(v)
  }
  if ('verify' in c) return null
  if ('not' in c) {
    const r = evaluate(c.not, a)
    return r === null ? null : !r
  }
  if ('all' in c) {
    const rs = c.all.map((x) => evaluate(x, a))
    if (rs.includes(false)) return false
    return rs.includes(null) ? null : true
  }
  const rs = c.any.map((x) => evaluate(x, a))
  if (rs.includes(true)) return true
  return rs.includes(null) ? null : false
}

/** The version of a programme in force on a day (YYYY-MM-DD), or undefined when none is. */
export function versionOn(p: Pick<ProgrammeDef, 'versions'>, day: string): RuleVersion | undefined {
  return p.versions.find((v) => v.from <= day && (v.to === undefined || day <= v.to))
}

export type Verdict = 'likely' | 'maybe' | 'not'

export interface CriterionResult {
  text: Text2
  met: Truth
}

export interface ProgrammeResult {
  programme: ProgrammeDef
  version: RuleVersion
  verdict: Verdict
  /** Each requirement with whether it is met (true), not met (false) or unknown (null, skipped). */
  criteria: CriterionResult[]
}

/** The verdict of one programme version for these answers, with every requirement explained. */
export function assess(p: ProgrammeDef, v: RuleVersion, a: Answers): ProgrammeResult {
  const criteria = v.criteria.map((c: Criterion) => ({ text: c.text, met: evaluate(c.when, a) }))
  const verdict: Verdict = criteria.some((c) => c.met === false)
    ? 'not'
    : criteria.some((c) => c.met === null)
      ? 'maybe'
      : 'likely'
  return { programme: p, version: v, verdict, criteria }
}

const ORDER: Record<Verdict, number> = { likely: 0, maybe: 1, not: 2 }

/**
 * Every programme in force on `day`, assessed and sorted: likely first, then maybe, then not;
 * within a group, programmes that match the life event come first.
 */
export function assessAll(
  programmes: ProgrammeDef[],
  a: Answers,
  day: string,
  event?: string,
): ProgrammeResult[] {
  const out: ProgrammeResult[] = []
  for (const p of programmes) {
    const v = versionOn(p, day)
    if (v) out.push(assess(p, v, a))
  }
  const ev = (r: ProgrammeResult) => (event && (r.programme.events as string[]).includes(event) ? 0 : 1)
  return out.sort((x, y) => ORDER[x.verdict] - ORDER[y.verdict] || ev(x) - ev(y))
}

/** Keeps only known question keys and allowed answers (anything else is dropped, as if skipped). */
export function cleanAnswers(raw: Record<string, unknown>): Answers {
  const out: Record<string, string> = {}
  for (const [k, allowed] of Object.entries(QUESTIONS)) {
    const v = raw[k]
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) out[k] = v
  }
  return out as Answers
}
