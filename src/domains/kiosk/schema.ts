import { z } from 'zod'
import { KIOSK_MODES } from './tables.ts'

/** Ids the simulator uses: scenario slugs and screen ids. */
const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/)

/** One practice attempt as the device sends it (queued offline, sent again until acknowledged). */
export const AttemptInput = z.strictObject({
  /** Made on the device (crypto.randomUUID); the same attempt sent twice is stored once. */
  id: z.uuid(),
  scenario: Slug,
  scenarioVersion: z.number().int().min(1).max(1_000_000),
  mode: z.enum(KIOSK_MODES),
  completed: z.boolean(),
  goalMet: z.boolean().nullable().default(null),
  durationMs: z
    .number()
    .int()
    .min(0)
    .max(24 * 3600 * 1000),
  wrongTaps: z.number().int().min(0).max(10_000),
  hints: z.number().int().min(0).max(10_000),
  timeouts: z.number().int().min(0).max(1_000),
  stoppedAt: Slug.nullable().default(null),
  steps: z
    .array(
      z.strictObject({
        screen: Slug,
        wrong: z.number().int().min(0).max(10_000),
        hints: z.number().int().min(0).max(10_000),
        timeouts: z.number().int().min(0).max(1_000),
      }),
    )
    .max(40),
  startedAt: z.iso.datetime({ offset: true }),
})
export type AttemptInput = z.infer<typeof AttemptInput>

export const AttemptBatch = z.strictObject({
  attempts: z.array(AttemptInput).min(1).max(50),
  /** A verified citizen links these attempts to their record (ignored for anyone else). */
  link: z.boolean().default(false),
  /** A random id the device keeps (localStorage) so limits apply per device, not only per address. */
  device: z.uuid().nullable().default(null),
})
export type AttemptBatch = z.infer<typeof AttemptBatch>

export const AttemptReceipt = z.object({
  /** Ids now stored (new or already there): the device may forget them. */
  stored: z.array(z.uuid()),
  linked: z.boolean(),
})

/** The authoring form: the scenario JSON and what to do with it. */
export const AuthorForm = z.object({
  source: z.string().min(1, 'kiosk.author.sourceRequired').max(200_000),
  action: z.enum(['save', 'publish']).default('save'),
})
export type AuthorForm = z.infer<typeof AuthorForm>

export const AdaptQuery = z.object({ from: Slug.optional() })
export const PlayQuery = z.object({ mode: z.enum(KIOSK_MODES).optional(), goal: Slug.optional() })

export const ScenarioSummary = z.object({
  id: z.string(),
  version: z.number(),
  title: z.object({ ko: z.string(), en: z.string() }),
  summary: z.object({ ko: z.string(), en: z.string() }),
  shipped: z.boolean(),
})

export const StuckStat = z.object({
  scenario: z.string(),
  screen: z.string(),
  attempts: z.number(),
  wrong: z.number(),
  hints: z.number(),
  timeouts: z.number(),
  stopped: z.number(),
})
