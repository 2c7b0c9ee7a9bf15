/**
 * How a benchmark reports a figure to `npm run bench` (bench/run.ts): one human line, plus one machine line
 * `@@bench {...}` that the runner collects into its table and bench/results/latest.json.
 *
 *   figure({ name: 'home page', value: 812, unit: 'req/s', target: 200, better: 'higher', baseline: 9100 })
 */
export interface Figure {
  /** What was measured, e.g. "home page req/s (PGlite)". */
  name: string
  value: number
  unit: string
  /** The target from the issue (omit for context figures such as a baseline itself). */
  target?: number
  /** Whether a higher or a lower value is better (decides "within target"). */
  better?: 'higher' | 'lower'
  /** The same measurement on a baseline in the same run (a bare Hono endpoint, a plain query …). */
  baseline?: number
  /** What the baseline is, e.g. "bare Hono hello". */
  baselineName?: string
}

export const MARK = '@@bench '

/** True when the figure meets its target (or has none). */
export function withinTarget(f: Figure): boolean {
  if (f.target === undefined) return true
  return (f.better ?? 'lower') === 'higher' ? f.value >= f.target : f.value <= f.target
}

const num = (n: number) =>
  Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2)

/** Prints the figure for a person and for the runner; returns whether it is within target. */
export function figure(f: Figure): boolean {
  const ok = withinTarget(f)
  const target =
    f.target === undefined
      ? ''
      : ` — target ${(f.better ?? 'lower') === 'higher' ? '≥' : '≤'} ${num(f.target)}`
  const base =
    f.baseline === undefined
      ? ''
      : ` (${f.baselineName ?? 'baseline'} ${num(f.baseline)}, ratio ${(f.value / f.baseline).toFixed(2)})`
  console.log(
    `${f.name}: ${num(f.value)} ${f.unit}${target}${base}${f.target === undefined ? '' : ok ? ' OK' : ' MISSED'}`,
  )
  console.log(MARK + JSON.stringify(f))
  return ok
}

/** Percentile p (0–100) of a list of numbers (nearest rank). */
export function percentile(xs: number[], p: number): number {
  if (xs.length === 0) return 0
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]!
}
