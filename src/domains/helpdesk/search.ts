import { disassemble, getChoseong } from 'es-hangul'

/** Hangul compatibility initial consonants (ㄱ–ㅎ). A query made only of these is an initial-consonant search. */
const CHOSEONG_ONLY = /^[\u3131-\u314e\s]+$/

/** Lower-cased, whitespace-collapsed text for substring search. */
export const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim()

/** The initial consonants of Korean text without spaces ("글자 크기" → "ㄱㅈㅋㄱ"). */
export const initialsOf = (s: string) => getChoseong(s).replace(/\s+/g, '')

export const isInitialsQuery = (q: string) => CHOSEONG_ONLY.test(q.trim())

/** Levenshtein distance, stopping early above `max`. */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
      cur.push(v)
      if (v < best) best = v
    }
    if (best > max) return max + 1
    prev = cur
  }
  return prev[b.length]!
}

/**
 * True when a query word is a near miss of some word in the text: compared letter by letter in
 * Hangul jamo (so "글짜" is one jamo away from "글자"), allowing one slip per four jamo.
 */
export function fuzzyHit(word: string, words: string[]): boolean {
  const w = disassemble(word)
  if (w.length < 3) return false
  const max = Math.max(1, Math.floor(w.length / 4))
  return words.some((x) => {
    const d = disassemble(x)
    // compare with the start of longer words too ("글짜" ~ "글자를")
    return (
      distance(w, d, max) <= max || (d.length > w.length && distance(w, d.slice(0, w.length), max) <= max)
    )
  })
}

export interface Searchable {
  searchText: string
  searchInitials: string
  title: string
}

/**
 * Scores one article for a query: exact phrase, every word present, initial consonants, then typo
 * tolerance. 0 means no match.
 */
export function score(q: string, a: Searchable): number {
  const query = normalise(q)
  if (!query) return 0
  if (isInitialsQuery(query)) {
    const ini = query.replace(/\s+/g, '')
    return a.searchInitials.includes(ini) ? (a.searchInitials.startsWith(ini) ? 6 : 4) : 0
  }
  const title = normalise(a.title)
  let s = 0
  if (a.searchText.includes(query)) s += title.includes(query) ? 8 : 5
  const words = query.split(' ').filter((w) => w.length > 0)
  const textWords = a.searchText.split(/[\s.,!?·()"'“”]+/).filter(Boolean)
  let matched = 0
  for (const w of words) {
    if (a.searchText.includes(w)) matched += title.includes(w) ? 2 : 1.5
    else if (fuzzyHit(w, textWords)) matched += 1
  }
  if (matched === 0) return s
  return s + matched / words.length + (matched >= words.length ? 1 : 0)
}
