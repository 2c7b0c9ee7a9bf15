/**
 * Secondary (complementary) suppression of published tables. A cell counting fewer than 5 people is
 * withheld on its own count (primary); but when it is the only withheld cell of a line whose total is
 * published, the total minus the other cells gives it back. So in every such line one more cell is
 * withheld — the smallest other count, a non-zero one first — and this is repeated until no line has
 * exactly one withheld cell, as a cell withheld for one line can leave another line with one.
 *
 * Pure: the public statistics (stats/service.ts `publicStats` and `publicCell`) call it once, and the
 * page, the downloads (CSV, JSON, XLSX) and the open-data API all show what it returns.
 */

/** A line of a table: cells that add up to a published total (a margin, e.g. the year's headline figure). */
export interface Line {
  /** Ids of the cells in the line (each in `counts`). */
  cells: string[]
  /** Id of the published total (in `counts`); a withheld total gives no equation and the line is skipped. */
  total: string
  /**
   * What the total counts beyond the cells, never published as a cell (e.g. events with no district):
   * known to anyone from the total minus the cells when every cell is shown, so it is treated as one more
   * cell that is never shown, and a sensitive one when it counts fewer than `small` people.
   */
  rest?: number
}

/**
 * The cells to withhold: the primary ones (a count from 1 to small − 1) and the complementary ones that
 * keep each of them from being worked out from a line's published total. Zero is published (it is not a
 * small group); a zero cell is taken as a complement only when the line has no other.
 */
export function suppress(
  counts: ReadonlyMap<string, number>,
  lines: readonly Line[],
  small = 5,
): Set<string> {
  const n = (id: string) => counts.get(id) ?? 0
  const out = new Set<string>()
  for (const [id, v] of counts) if (v > 0 && v < small) out.add(id)
  for (let changed = true; changed; ) {
    changed = false
    for (const line of lines) {
      if (out.has(line.total)) continue
      const hidden = line.cells.filter((c) => out.has(c)).length
      const rest = line.rest ?? 0
      // one unknown in the line: a withheld cell, or the rest when it is itself a small count
      const one = hidden + (rest > 0 ? 1 : 0) === 1 && (hidden === 1 || rest < small)
      if (!one) continue
      const next = line.cells
        .filter((c) => !out.has(c))
        .sort((a, b) => Number(n(a) === 0) - Number(n(b) === 0) || n(a) - n(b) || a.localeCompare(b))[0]
      if (next === undefined) continue
      out.add(next)
      changed = true
    }
  }
  return out
}

/**
 * Every cell's value as a reader could work it out from what is published: repeatedly, a line with
 * exactly one unknown (a withheld cell, or the rest) gives it as the total minus the others. Used by the
 * tests to prove that no withheld count comes back; returns the ids of withheld cells it could recover.
 */
export function recoverable(
  counts: ReadonlyMap<string, number>,
  withheld: ReadonlySet<string>,
  lines: readonly Line[],
): Set<string> {
  const known = new Map<string, number>()
  for (const [id, v] of counts) if (!withheld.has(id)) known.set(id, v)
  const restKnown = new Set<number>()
  const recovered = new Set<string>()
  for (let changed = true; changed; ) {
    changed = false
    lines.forEach((line, i) => {
      const total = known.get(line.total)
      if (total === undefined) return
      const unknown = line.cells.filter((c) => !known.has(c))
      const restUnknown = (line.rest ?? 0) > 0 && !restKnown.has(i)
      if (unknown.length + (restUnknown ? 1 : 0) !== 1) return
      const sum = line.cells.filter((c) => known.has(c)).reduce((a, c) => a + (known.get(c) ?? 0), 0)
      if (restUnknown) restKnown.add(i)
      else {
        const id = unknown[0] as string
        known.set(id, total - sum - (line.rest ?? 0))
        recovered.add(id)
      }
      changed = true
    })
  }
  return recovered
}
