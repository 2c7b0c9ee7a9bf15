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

export interface Searchable {
  searchText: string
  searchInitials: string
  /** Both titles, already normalised. */
  title: string
}

/**
 * Scores one article for a query: exact phrase, words present (more in the title), or initial
 * consonants. 0 means no match. (Typos are corrected before scoring: see `corrections`.)
 */
export function score(q: string, a: Searchable): number {
  const query = normalise(q)
  if (!query) return 0
  if (isInitialsQuery(query)) {
    const ini = query.replace(/\s+/g, '')
    return a.searchInitials.includes(ini) ? (a.searchInitials.startsWith(ini) ? 6 : 4) : 0
  }
  const title = a.title
  let s = 0
  if (a.searchText.includes(query)) s += title.includes(query) ? 8 : 5
  const words = query.split(' ').filter((w) => w.length > 0)
  let matched = 0
  for (const w of words) {
    if (a.searchText.includes(w)) matched += title.includes(w) ? 2 : 1.5
  }
  if (matched === 0) return s
  return s + matched / words.length + (matched >= words.length ? 1 : 0)
}

/** The words of a search text (split like `score` does). */
export const wordsOf = (text: string) => text.split(/[\s.,!?·()"'“”]+/).filter((w) => w.length >= 2)

/** The words of the articles: each word's jamo (typo correction) and the articles it is in (postings). */
export interface Vocabulary {
  words: string[]
  jamo: string[]
  postings: number[][]
}

export function buildVocabulary(texts: string[]): Vocabulary {
  const at = new Map<string, number>()
  const words: string[] = []
  const postings: number[][] = []
  texts.forEach((t, row) => {
    for (const w of new Set(wordsOf(t))) {
      let i = at.get(w)
      if (i === undefined) {
        i = words.push(w) - 1
        at.set(w, i)
        postings.push([])
      }
      postings[i]!.push(row)
    }
  })
  return { words, jamo: words.map((w) => disassemble(w)), postings }
}

/** The articles (row numbers) with a word containing `part` ("글자" is in "글자를"). */
export function rowsWith(part: string, vocab: Vocabulary): Set<number> {
  const out = new Set<number>()
  vocab.words.forEach((w, i) => {
    if (w.includes(part)) for (const r of vocab.postings[i]!) out.add(r)
  })
  return out
}

/**
 * Known words one or two slips away from a word that is not in the vocabulary (compared in jamo,
 * one slip per four jamo; the start of a longer word counts too): "글짜" → "글자", "글자를" ….
 */
export function corrections(word: string, vocab: Vocabulary, max = 8): string[] {
  const w = disassemble(word)
  if (w.length < 3) return []
  const allowed = Math.max(1, Math.floor(w.length / 4))
  const out: string[] = []
  for (let i = 0; i < vocab.words.length && out.length < max; i++) {
    const d = vocab.jamo[i]!
    if (Math.abs(d.length - w.length) > allowed && d.length < w.length) continue
    const head = d.length > w.length ? d.slice(0, w.length) : d
    if (distance(w, head, allowed) <= allowed) out.push(vocab.words[i]!.slice(0, word.length))
  }
  return [...new Set(out)]
}

/**
 * Scores an article for words already looked up in the postings (`sets[i]` holds the articles with
 * word i): words present (more in the title), all of them, and the whole phrase.
 */
export function scoreWords(
  phrase: string,
  words: string[],
  sets: Set<number>[],
  row: number,
  a: Searchable,
): number {
  let matched = 0
  let all = true
  words.forEach((w, i) => {
    if (sets[i]!.has(row)) matched += a.title.includes(w) ? 2 : 1.5
    else all = false
  })
  if (matched === 0) return 0
  const phraseHit = all && (words.length === 1 || a.searchText.includes(phrase))
  return (phraseHit ? (a.title.includes(phrase) ? 8 : 5) : 0) + matched / words.length + (all ? 1 : 0)
}
