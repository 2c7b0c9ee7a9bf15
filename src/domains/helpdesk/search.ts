import { disassemble, getChoseong } from 'es-hangul'

/**
 * Text keys for the knowledge-base search, which runs in the database (repo.ts): a full-text vector
 * of the lower-cased text ('simple' configuration), a trigram index on the Hangul initial consonants,
 * and the articles' words with their jamo for typo correction by trigram similarity.
 */

/** Hangul compatibility initial consonants (ㄱ–ㅎ). A query made only of these is an initial-consonant search. */
const CHOSEONG_ONLY = /^[\u3131-\u314e\s]+$/

/** Lower-cased, whitespace-collapsed text for substring search. */
export const normalise = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim()

/** The initial consonants of Korean text without spaces ("글자 크기" → "ㄱㅈㅋㄱ"). */
export const initialsOf = (s: string) => getChoseong(s).replace(/\s+/g, '')

export const isInitialsQuery = (q: string) => CHOSEONG_ONLY.test(q.trim()) && q.trim().length > 0

/** A word's letters one by one (글짜 → ㄱㅡㄹㅉㅏ): one slip changes only a few of its trigrams. */
export const jamoOf = (w: string) => disassemble(w)

/**
 * The words of a text or a query: letters and digits only (so a word is always a valid full-text
 * lexeme), at least two characters, or one Hangul syllable (앱).
 */
export const wordsOf = (text: string) =>
  normalise(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => (w.length >= 2 || /[가-힣]/.test(w)) && w.length <= 40)

/** A prefix lexeme for to_tsquery (words from wordsOf hold no quote). "글자" matches 글자, 글자를, 글자가 … */
export const prefix = (w: string) => `'${w.replace(/'/g, "''")}':*`

/** Any of some words as a tsquery, each a prefix. */
export const anyOf = (words: string[]) => words.map(prefix).join(' | ')
