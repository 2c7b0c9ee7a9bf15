/**
 * The navigator's rule format: a small declarative language over a fixed set of questions, with
 * versions that have validity periods (like OpenFisca parameters). Pure data: no functions, so a
 * programme manager's local programme can be stored as JSON and checked with the same Zod schema.
 */

/** Text in both languages. */
export interface Text2 {
  ko: string
  en: string
}

/** The fixed questions and the answers each allows (order = the order they are asked). */
export const QUESTIONS = {
  age: ['under_50', '50_64', '65_74', '75_plus'],
  residence: ['city', 'elsewhere'],
  livesAlone: ['yes', 'no'],
  income: ['livelihood', 'near_poverty', 'neither'],
  basicPension: ['yes', 'no'],
  disability: ['severe', 'mild', 'none'],
  veteran: ['yes', 'no'],
  sense: ['vision', 'hearing', 'both', 'none'],
  schoolChild: ['yes', 'no'],
  jobSeeker: ['yes', 'no'],
  device: ['none', 'phone_only', 'computer'],
  internet: ['yes', 'no'],
} as const satisfies Record<string, readonly string[]>

export type QuestionKey = keyof typeof QUESTIONS
export const QUESTION_KEYS = Object.keys(QUESTIONS) as QuestionKey[]
export type AnswerOf<K extends QuestionKey> = (typeof QUESTIONS)[K][number]
/** Answers given so far; a missing key means skipped ("I'd rather not say") or not yet asked. */
export type Answers = { [K in QuestionKey]?: AnswerOf<K> }

/** A condition: the answer is one of `in`, or a combination. Unknown answers make it "unknown". */
export type Condition =
  | { q: QuestionKey; in: string[] }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  /** Checked only when applying (income level, documents): always "unknown" here. */
  | { verify: string }

/** One requirement of a programme, with the words that explain it. */
export interface Criterion {
  when: Condition
  /** Plain words for the requirement ("You are 65 or older"). */
  text: Text2
}

/** A programme's rules for one period. `to` is inclusive; absent = still in force. */
export interface RuleVersion {
  from: string
  to?: string
  /** Every criterion must hold (AND). */
  criteria: Criterion[]
  /** What the person gets in this period (amounts, rates). */
  benefit: Text2
  /** Where this version's facts come from (law, notice, announcement). */
  source: { title: string; url: string }
}

export const LIFE_EVENTS = [
  'turning65',
  'disability',
  'livingAlone',
  'childSchool',
  'lostJob',
  'internetCost',
] as const
export type LifeEvent = (typeof LIFE_EVENTS)[number]

export const APPLY_CHANNELS = ['online', 'phone', 'centre', 'gachi'] as const

/** How to apply, in words, with the channels that exist. */
export interface HowToApply {
  text: Text2
  channels: (typeof APPLY_CHANNELS)[number][]
  phone?: string
  url?: string
}

/** A programme: who runs it, its texts, what to bring, how to apply and its versioned rules. */
export interface ProgrammeDef {
  key: string
  /** gachi = run in Gachi (one-click apply), national / city = outside Gachi, local = added by a manager. */
  owner: 'gachi' | 'national' | 'city' | 'local'
  title: Text2
  summary: Text2
  bring: Text2[]
  how: HowToApply
  /** Path into an existing Gachi flow for one-click application (gachi programmes only). */
  apply?: string
  events: LifeEvent[]
  versions: RuleVersion[]
}

/** What a programme manager stores for a local programme (validated by LocalProgrammeSpecSchema). */
export interface LocalProgrammeSpec {
  title: Text2
  summary: Text2
  benefit: Text2
  bring: Text2[]
  how: HowToApply
  events: LifeEvent[]
  criteria: Criterion[]
  source: { title: string; url: string }
}
