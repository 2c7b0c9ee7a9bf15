import { z } from 'zod'

/**
 * The kiosk scenario format, version 1 ("gachi-kiosk/1"). A scenario is data, not code: screens, the
 * controls on them, where each control leads and what it records, a goal (the task and the correct path),
 * and what to say and hint, in Korean and English. Documented in docs/kiosk-scenarios.md; the JSON Schema
 * is served at /api/v1/kiosk/scenario.schema.json. `loadScenario` validates a JSON text and reports
 * problems with the line they are on.
 */
export const FORMAT = 'gachi-kiosk/1'

const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'kiosk.format.slug')
const Text = z.strictObject({ ko: z.string().min(1).max(400), en: z.string().min(1).max(400) })

export const THEMES = ['burger', 'cafe', 'cinema', 'transit', 'bank', 'hospital', 'civic', 'plain'] as const

const Control = z.strictObject({
  id: Slug,
  label: Text,
  /** A second line: a price, a time, a short description. */
  detail: Text.optional(),
  /** How it looks: an ordinary button, a menu item with a picture box, a keypad key, a small "back" link, the main action. */
  look: z.enum(['button', 'item', 'key', 'back', 'primary']).default('button'),
  /** The screen it leads to; without it the control stays on the same screen. */
  to: Slug.optional(),
  /** State it records, e.g. { "where": "takeout" }; the challenge compares this with goal.expect. */
  set: z.record(Slug, z.string().max(40)).optional(),
  /** Adds a line to the order (with its price in the smallest currency unit). */
  add: z.strictObject({ item: Text, price: z.number().int().min(0).max(10_000_000) }).optional(),
  /** Types one character into a state field (keypads: PIN, amount, phone number). */
  append: z.strictObject({ key: Slug, char: z.string().min(1).max(2) }).optional(),
  /** Empties a state field (keypad "correct" key). */
  clear: Slug.optional(),
  /** State fields that must be filled before this control works, and what the kiosk says otherwise. */
  requires: z.array(Slug).max(5).optional(),
  requiresMessage: Text.optional(),
})

const Screen = z.strictObject({
  id: Slug,
  /** screen: a full kiosk screen; popup: a dialog over it (upsells, "points card?"); end: the receipt. */
  kind: z.enum(['screen', 'popup', 'end']).default('screen'),
  title: Text,
  /** The instruction, written on screen and spoken in guided mode. `{total}` and `{field}` are filled in. */
  say: Text,
  /** Extra help for "I'm stuck". */
  hint: Text.optional(),
  layout: z.enum(['list', 'grid', 'keypad', 'seats']).default('list'),
  /** A field shown as a display (e.g. the PIN, masked). */
  display: z.strictObject({ key: Slug, label: Text, mask: z.boolean().default(false) }).optional(),
  /** A seat map: rows × columns; choosing a seat records `key` = "C5". */
  seats: z
    .strictObject({
      key: Slug,
      rows: z
        .array(z.string().regex(/^[A-Z]$/))
        .min(1)
        .max(12),
      cols: z.number().int().min(1).max(16),
      taken: z.array(z.string().regex(/^[A-Z]\d{1,2}$/)).default([]),
    })
    .optional(),
  /** Overrides the scenario's time-out in realistic mode (seconds). */
  timeoutSeconds: z.number().int().min(10).max(600).optional(),
  controls: z.array(Control).max(40).default([]),
})

const Goal = z.strictObject({
  /** A short name for the choice between several goals, e.g. "Withdrawal" (the scenario title if absent). */
  label: Text.optional(),
  /** The task card of challenge mode. */
  task: Text,
  /** The correct path: "screen/control" in order, ending on an end screen. */
  steps: z
    .array(z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'kiosk.format.step'))
    .min(1)
    .max(80),
  /** What the state must hold at the end (challenge mode checks it). */
  expect: z.record(Slug, z.string()).default({}),
})

const MoreGoal = Goal.extend({ id: Slug, label: Text })

/** The id of a scenario's main goal (`goal`); further goals have their own ids. */
export const MAIN_GOAL = 'main'

export const ScenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    format: z.literal(FORMAT),
    id: Slug,
    /** Raised on every published change; attempts record the version they played. */
    version: z.number().int().min(1),
    title: Text,
    summary: Text,
    /** Where such a kiosk is found, e.g. "a burger restaurant". */
    place: Text,
    theme: z.enum(THEMES).default('plain'),
    /** Time-out of every screen in realistic mode (seconds); real kiosks use 30–120. */
    timeoutSeconds: z.number().int().min(10).max(600).default(60),
    start: Slug,
    goal: Goal,
    /**
     * Further tasks on the same kiosk (e.g. the ATM's deposit and balance inquiry), each with its own path
     * and task card. The play page offers them ("What to practise") and `?goal=<id>` picks one.
     */
    goals: z.array(MoreGoal).max(10).default([]),
    screens: z.array(Screen).min(2).max(40),
  })
  .superRefine((s, ctx) => {
    const screens = new Map(s.screens.map((x) => [x.id, x]))
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message })
    if (screens.size !== s.screens.length) issue(['screens'], 'two screens have the same id')
    if (!screens.has(s.start)) issue(['start'], `no screen has the id "${s.start}"`)
    s.screens.forEach((sc, i) => {
      const ids = new Set<string>()
      sc.controls.forEach((c, j) => {
        if (ids.has(c.id))
          issue(['screens', i, 'controls', j, 'id'], `"${c.id}" is used twice on this screen`)
        ids.add(c.id)
        if (c.to && !screens.has(c.to)) issue(['screens', i, 'controls', j, 'to'], `no screen "${c.to}"`)
      })
      if (sc.layout === 'seats' && !sc.seats) issue(['screens', i, 'seats'], 'a seats layout needs "seats"')
    })
    const goalIds = new Set<string>([MAIN_GOAL])
    s.goals.forEach((g, i) => {
      if (goalIds.has(g.id)) issue(['goals', i, 'id'], `the goal id "${g.id}" is used twice (or is "main")`)
      goalIds.add(g.id)
    })
    if (!screens.has(s.start)) return
    walkGoal(s.goal, ['goal'])
    for (const [i, g] of s.goals.entries()) walkGoal(g, ['goals', i])
    // Walk a goal: each step must be a control on the screen the previous step led to (first problem only).
    function walkGoal(goal: { steps: string[] }, at0: (string | number)[]) {
      let at = s.start
      for (const [i, step] of goal.steps.entries()) {
        const [screenId = '', controlId = ''] = step.split('/')
        if (screenId !== at)
          return issue([...at0, 'steps', i], `step is on "${screenId}" but the path is on "${at}" here`)
        const sc = screens.get(screenId)
        const control = sc ? controlsOf(sc).find((c) => c.id === controlId) : undefined
        if (!control) return issue([...at0, 'steps', i], `screen "${screenId}" has no control "${controlId}"`)
        if (control.to) at = control.to
      }
      if (screens.get(at)?.kind !== 'end') issue([...at0, 'steps'], 'the goal must end on an end screen')
    }
  })

export type Scenario = z.infer<typeof ScenarioSchema>
export type ScenarioGoal = Scenario['goal'] & { id: string; label?: Scenario['title'] }

/** Every goal of a scenario, the main one first (id "main"). */
export const goalsOf = (s: Scenario): ScenarioGoal[] => [{ ...s.goal, id: MAIN_GOAL }, ...s.goals]

/** One goal by id (the main one when no id is given), or undefined. */
export const goalOf = (s: Scenario, id: string | undefined): ScenarioGoal | undefined =>
  goalsOf(s).find((g) => g.id === (id ?? MAIN_GOAL))
export type ScenarioScreen = Scenario['screens'][number]
export type ScenarioControl = ScenarioScreen['controls'][number]

/** A screen's controls including the seats of a seat map (id "c5", setting the seat key to "C5"). */
export function controlsOf(sc: ScenarioScreen): ScenarioControl[] {
  if (!sc.seats) return sc.controls
  const { key, rows, cols, taken } = sc.seats
  const seats: ScenarioControl[] = []
  for (const r of rows)
    for (let n = 1; n <= cols; n++) {
      const code = `${r}${n}`
      if (taken.includes(code)) continue
      seats.push({
        id: code.toLowerCase(),
        label: { ko: code, en: code },
        look: 'button',
        set: { [key]: code },
      })
    }
  return [...sc.controls, ...seats]
}

/** The JSON Schema of the format (draft 2020-12), generated from the Zod schema above. */
export function scenarioJsonSchema(): unknown {
  return {
    $id: '/api/v1/kiosk/scenario.schema.json',
    title: 'Gachi kiosk scenario (gachi-kiosk/1)',
    ...(z.toJSONSchema(ScenarioSchema, { io: 'input', unrepresentable: 'any' }) as object),
  }
}

export interface FormatProblem {
  /** Where in the document, e.g. "screens[2].controls[0].to". */
  path: string
  /** 1-based line in the JSON text (0 when unknown). */
  line: number
  message: string
}

export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; problems: FormatProblem[] }

/** Parses and validates a scenario's JSON text; problems name the path and the line they are on. */
export function loadScenario(text: string): LoadResult {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e)
    return {
      ok: false,
      problems: [{ path: '', line: lineAt(text, syntaxErrorAt(text)), message: `not valid JSON: ${msg}` }],
    }
  }
  const r = ScenarioSchema.safeParse(data)
  if (r.success) return { ok: true, scenario: r.data }
  const offsets = jsonOffsets(text)
  return {
    ok: false,
    problems: r.error.issues.slice(0, 20).map((i) => {
      const path = pathString(i.path as (string | number)[])
      let line = 0
      for (let n = i.path.length; n >= 0 && !line; n--) {
        const o = offsets.get(pathString(i.path.slice(0, n) as (string | number)[]))
        if (o !== undefined) line = lineAt(text, o)
      }
      const message = i.message.startsWith('kiosk.format.')
        ? (FORMAT_MESSAGES[i.message] ?? i.message)
        : i.message
      return { path, line, message }
    }),
  }
}

const FORMAT_MESSAGES: Record<string, string> = {
  'kiosk.format.slug': 'use lower-case letters, digits and "-" (at most 40)',
  'kiosk.format.step': 'a step is "screen-id/control-id"',
}

const pathString = (p: (string | number)[]) =>
  p.reduce<string>((s, k) => (typeof k === 'number' ? `${s}[${k}]` : s ? `${s}.${k}` : k), '')

/**
 * Where a JSON text stops being valid: the longest prefix that could still start a valid document
 * (engines do not always give a position in their message).
 */
function syntaxErrorAt(text: string): number {
  const viable = (n: number) => {
    try {
      JSON.parse(text.slice(0, n))
      return true
    } catch (e) {
      const m = e instanceof Error ? e.message : ''
      const pos = Number(/position (\d+)/.exec(m)?.[1] ?? Number.NaN)
      return /end of JSON|Unterminated/.test(m) || pos >= n
    }
  }
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    if (viable(mid)) lo = mid
    else hi = mid - 1
  }
  return lo
}

const lineAt = (text: string, offset: number) => text.slice(0, offset).split('\n').length

/** Start offset of every value in a JSON text, by path (a small scanner; the text is already valid JSON). */
function jsonOffsets(text: string): Map<string, number> {
  const out = new Map<string, number>()
  let i = 0
  const ws = () => {
    while (i < text.length && /\s/.test(text[i] ?? '')) i++
  }
  const str = () => {
    const start = i
    i++
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1
    i++
    return JSON.parse(text.slice(start, i)) as string
  }
  const value = (path: (string | number)[]) => {
    ws()
    out.set(pathString(path), i)
    const ch = text[i]
    if (ch === '{') {
      i++
      ws()
      while (text[i] !== '}') {
        ws()
        const key = str()
        ws()
        i++ // :
        value([...path, key])
        ws()
        if (text[i] === ',') i++
        ws()
      }
      i++
    } else if (ch === '[') {
      i++
      ws()
      let n = 0
      while (text[i] !== ']') {
        value([...path, n++])
        ws()
        if (text[i] === ',') i++
        ws()
      }
      i++
    } else if (ch === '"') str()
    else while (i < text.length && /[^,\]}\s]/.test(text[i] ?? '')) i++
  }
  value([])
  return out
}
