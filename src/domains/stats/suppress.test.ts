import { describe, expect, it } from 'vitest'
import { type Line, recoverable, suppress } from './suppress.ts'

const map = (o: Record<string, number>) => new Map(Object.entries(o))

describe('secondary suppression', () => {
  it('withholds the smallest other non-zero cell of a line with one withheld cell, so the total gives nothing back', () => {
    const counts = map({ a: 3, b: 40, c: 0, d: 12, t: 55 })
    const lines: Line[] = [{ cells: ['a', 'b', 'c', 'd'], total: 't' }]
    expect(recoverable(counts, new Set(['a']), lines)).toEqual(new Set(['a'])) // 55 − 40 − 0 − 12
    const out = suppress(counts, lines)
    expect([...out].sort()).toEqual(['a', 'd'])
    expect(recoverable(counts, out, lines).size).toBe(0)
  })

  it('repeats until stable: a cell withheld for one line is protected in its other line too', () => {
    // a 2 × 3 table with row totals and column totals; x11 = 2 is small
    const counts = map({
      x11: 2,
      x12: 10,
      x13: 30,
      r1: 42,
      x21: 8,
      x22: 9,
      x23: 50,
      r2: 67,
      c1: 10,
      c2: 19,
      c3: 80,
    })
    const lines: Line[] = [
      { cells: ['x11', 'x12', 'x13'], total: 'r1' },
      { cells: ['x21', 'x22', 'x23'], total: 'r2' },
      { cells: ['x11', 'x21'], total: 'c1' },
      { cells: ['x12', 'x22'], total: 'c2' },
      { cells: ['x13', 'x23'], total: 'c3' },
    ]
    const out = suppress(counts, lines)
    expect(out.has('x11')).toBe(true)
    for (const line of lines) {
      const hidden = line.cells.filter((c) => out.has(c)).length
      expect(hidden === 0 || hidden >= 2).toBe(true)
    }
    expect(recoverable(counts, out, lines).size).toBe(0)
  })

  it('counts what the total has beyond the cells (no district) as one more unknown, and protects it when small', () => {
    const counts = map({ a: 3, b: 20, c: 30, t: 60 })
    // 7 events with no district: with Jongno's 3 withheld, 60 − 20 − 30 = 10 is all a reader gets
    expect([...suppress(counts, [{ cells: ['a', 'b', 'c'], total: 't', rest: 7 }])]).toEqual(['a'])
    // 2 events with no district would be given away by 55 − 20 − 30 − 3 with every cell shown
    const small = map({ a: 3, b: 20, c: 30, t: 55 })
    expect([...suppress(map({ b: 20, c: 30, t: 52 }), [{ cells: ['b', 'c'], total: 't', rest: 2 }])]).toEqual(
      ['b'],
    )
    expect(suppress(small, [{ cells: ['a', 'b', 'c'], total: 't', rest: 2 }]).has('a')).toBe(true)
  })

  it('skips a line whose total is itself withheld, and publishes zeros', () => {
    const counts = map({ a: 1, b: 2, c: 0, t: 3 })
    expect([...suppress(counts, [{ cells: ['a', 'b', 'c'], total: 't' }])].sort()).toEqual(['a', 'b', 't'])
  })
})
