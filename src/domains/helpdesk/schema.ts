import { z } from 'zod'
import { noRrn } from '../../platform/validation.ts'
import { BirthDate, Mobile, Name } from '../people/schema.ts'
import { CONSENT_METHODS } from '../people/tables.ts'
import { PRIORITIES, REFERRAL_CHANNELS, REPLY_CHANNELS, TICKET_CATEGORIES } from './tables.ts'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const text = (min: number, max: number, msg = 'validation.required') =>
  noRrn(z.preprocess(trimmed, z.string().min(min, msg).max(max)))
const list = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((x) => x.trim().toLowerCase())
          .filter(Boolean)
      : v,
  z.array(z.string().regex(/^[a-z0-9-]{1,30}$/)).max(10),
)

/** A picture in a step: a same-site path or https address, with alt text in both languages (required). */
export const StepImage = z.object({
  src: z
    .string()
    .max(200_000)
    .regex(
      /^(\/static\/|https:\/\/|data:image\/(svg\+xml|png|jpeg|webp)[;,]|\/api\/v1\/help\/images\/[0-9a-f-]{36}$)/,
      'helpdesk.article.imageSrc',
    ),
  altKo: text(2, 300, 'helpdesk.article.altRequired'),
  altEn: text(2, 300, 'helpdesk.article.altRequired'),
})

export const ArticleStep = z.object({
  ko: text(1, 1000),
  en: text(1, 1000),
  image: StepImage.optional(),
})

/** A new article or a new version of one. */
export const ArticleInput = z.object({
  slug: z
    .string()
    .regex(/^[a-z0-9-]{3,60}$/, 'helpdesk.article.slugFormat')
    .describe('Address part, e.g. text-size'),
  titleKo: text(2, 120),
  titleEn: text(2, 120),
  summaryKo: text(2, 400),
  summaryEn: text(2, 400),
  devices: list,
  tasks: list,
  steps: z.array(ArticleStep).min(1, 'helpdesk.article.stepsRequired').max(15),
  note: z.preprocess(emptyToUndefined, noRrn(z.string().max(300)).optional()),
})
export type ArticleInput = z.infer<typeof ArticleInput>

export const MAX_FORM_STEPS = 6

/** The article form: step rows step1Ko, step1En, step1Image, step1AltKo, step1AltEn … become steps. */
export const ArticleForm = z.preprocess((v) => {
  if (!v || typeof v !== 'object') return v
  const o = v as Record<string, unknown>
  const s = (k: string) => (typeof o[k] === 'string' ? (o[k] as string).trim() : '')
  const steps: unknown[] = []
  for (let i = 1; i <= MAX_FORM_STEPS; i++) {
    const [ko, en, src, altKo, altEn] = ['Ko', 'En', 'Image', 'AltKo', 'AltEn'].map((x) => s(`step${i}${x}`))
    if (!ko && !en && !src) continue
    steps.push({ ko, en, ...(src ? { image: { src, altKo, altEn } } : {}) })
  }
  return { ...o, steps }
}, ArticleInput)

export const SearchQuery = z.object({
  q: z
    .preprocess(emptyToUndefined, z.string().max(100).optional())
    .describe('Words, or initial consonants like ㄱㅈ'),
  device: z.preprocess(emptyToUndefined, z.string().max(30).optional()),
  task: z.preprocess(emptyToUndefined, z.string().max(30).optional()),
})
export type SearchQuery = z.infer<typeof SearchQuery>

const yesNo = z.preprocess(
  (v) => (v === 'yes' || v === true ? true : v === 'no' || v === false ? false : v),
  z.boolean('helpdesk.chooseOne'),
)
export const FeedbackInput = z.object({ helpful: yesNo })

const Email = z.preprocess(emptyToUndefined, z.email().max(200).optional())

const withEmail = <T extends { replyChannel: string; email?: string | undefined }>(
  v: T,
  ctx: z.RefinementCtx,
) => {
  if (v.replyChannel === 'email' && !v.email)
    ctx.addIssue({ code: 'custom', path: ['email'], message: 'helpdesk.ask.emailNeeded' })
}

/** A citizen's question (web). */
export const AskInput = z
  .object({
    category: z.enum(TICKET_CATEGORIES, 'helpdesk.ask.chooseCategory'),
    question: text(5, 3000, 'helpdesk.ask.questionRequired'),
    replyChannel: z.enum(REPLY_CHANNELS, 'helpdesk.ask.chooseReply'),
    email: Email,
    device: z
      .preprocess(emptyToUndefined, z.string().trim().max(40).optional())
      .describe("Asset tag of the citizen's own donated device the question is about"),
  })
  .superRefine(withEmail)
export type AskInput = z.infer<typeof AskInput>

/** A question taken on the phone (or passed on by a digital guide): the caller is found or registered. */
export const IntakeInput = z
  .object({
    channel: z.enum(['phone', 'referral']),
    name: Name,
    birthDate: BirthDate,
    phone: Mobile,
    consentGiven: yesNo,
    consentMethod: z.enum(CONSENT_METHODS),
    category: z.enum(TICKET_CATEGORIES, 'helpdesk.ask.chooseCategory'),
    priority: z
      .preprocess(emptyToUndefined, z.enum(PRIORITIES).optional())
      .describe('Default: high for scams, else normal'),
    question: text(5, 3000, 'helpdesk.ask.questionRequired'),
    replyChannel: z.enum(REPLY_CHANNELS, 'helpdesk.ask.chooseReply'),
    email: Email,
    language: z.enum(['ko', 'en']).default('ko'),
    referralNote: z.preprocess(emptyToUndefined, noRrn(z.string().max(500)).optional()),
  })
  .superRefine(withEmail)
export type IntakeInput = z.infer<typeof IntakeInput>

/**
 * A digital guide passes on someone's question: where they met, the person's consent (required),
 * who to answer (name and mobile), the question and how to answer (SMS, a call or the web).
 */
export const ReferralInput = z.object({
  referralChannel: z.enum(REFERRAL_CHANNELS, 'helpdesk.refer.chooseChannel'),
  name: Name,
  phone: Mobile,
  consentGiven: yesNo,
  consentMethod: z.enum(CONSENT_METHODS),
  category: z.enum(TICKET_CATEGORIES, 'helpdesk.ask.chooseCategory'),
  question: text(5, 3000, 'helpdesk.ask.questionRequired'),
  replyChannel: z.enum(['sms', 'call', 'web'], 'helpdesk.ask.chooseReply'),
  language: z.enum(['ko', 'en']).default('ko'),
  referralNote: z.preprocess(emptyToUndefined, noRrn(z.string().max(500)).optional()),
})
export type ReferralInput = z.infer<typeof ReferralInput>

/** Escalate to a repair: the donated device's asset tag and what is wrong with it. */
export const EscalateRepairInput = z.object({
  assetTag: z.preprocess(trimmed, z.string().min(3, 'helpdesk.escalate.assetTag').max(30)),
  problem: text(3, 400, 'helpdesk.escalate.problem'),
})
export type EscalateRepairInput = z.infer<typeof EscalateRepairInput>

/** Escalate to a class: the session to enrol the person in, and how they agreed. */
export const EscalateClassInput = z.object({
  sessionId: z.uuid('helpdesk.escalate.chooseSession'),
  consentMethod: z.enum(CONSENT_METHODS).default('verbal'),
})
export type EscalateClassInput = z.infer<typeof EscalateClassInput>

/** An agent's skills and languages (team page). */
export const SkillsInput = z.object({
  categories: z.preprocess(
    (v) => (typeof v === 'string' ? [v] : (v ?? [])),
    z.array(z.enum(TICKET_CATEGORIES)).min(1, 'helpdesk.team.chooseCategory'),
  ),
  languages: z.preprocess(
    (v) => (typeof v === 'string' ? [v] : (v ?? [])),
    z.array(z.enum(['ko', 'en'])).min(1, 'helpdesk.team.chooseLanguage'),
  ),
  lead: z.preprocess((v) => v === 'yes' || v === true || v === 'on', z.boolean()),
})
export type SkillsInput = z.infer<typeof SkillsInput>

export const ReplyInput = z.object({
  body: text(2, 3000, 'helpdesk.reply.bodyRequired'),
  kind: z.enum(['reply', 'note']).default('reply'),
  /** After this reply: keep open, wait for the citizen, or resolve. */
  after: z.enum(['open', 'waiting_citizen', 'resolved']).default('waiting_citizen'),
})
export type ReplyInput = z.infer<typeof ReplyInput>

export const CitizenReplyInput = z.object({ body: text(2, 3000, 'helpdesk.reply.bodyRequired') })

export const AssignInput = z.object({
  staffId: z
    .preprocess(emptyToUndefined, z.uuid().optional())
    .describe('Empty: assign by skill and language'),
})
export const TriageInput = z.object({
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(PRIORITIES),
})
export const MergeInput = z.object({
  into: z.preprocess(trimmed, z.string().regex(/^\d{4}-\d{4}$/, 'helpdesk.merge.refFormat')),
})
export const RatingInput = z.object({ rating: z.coerce.number().int().min(1).max(3) })
export const QueueQuery = z.object({
  view: z.enum(['mine', 'open', 'waiting', 'breached', 'resolved']).default('open'),
})
export const RefQuery = z.object({
  ref: z.preprocess(trimmed, z.string().regex(/^\d{4}-?\d{4}$/, 'helpdesk.merge.refFormat')),
})

export const TicketView = z.object({
  id: z.uuid(),
  ref: z.string(),
  status: z.string(),
  category: z.string(),
  priority: z.string(),
  channel: z.string(),
  subject: z.string(),
  createdAt: z.string(),
  firstResponseDue: z.string(),
  resolutionDue: z.string(),
  breached: z.boolean(),
  messages: z.array(z.object({ kind: z.string(), body: z.string(), at: z.string() })),
})

export const ArticleView = z.object({
  slug: z.string(),
  version: z.number(),
  title: z.string(),
  summary: z.string(),
  devices: z.array(z.string()),
  tasks: z.array(z.string()),
  steps: z.array(
    z.object({ text: z.string(), image: z.object({ src: z.string(), alt: z.string() }).optional() }),
  ),
})
export const ArticleHits = z.object({
  items: z.array(z.object({ slug: z.string(), title: z.string(), summary: z.string(), score: z.number() })),
})

/** Self-check answers: q1..q10, each 1 (not at all) to 4 (very much). */
export const SelfCheckInput = z.object(
  Object.fromEntries(
    Array.from({ length: 10 }, (_, i) => [
      `q${i + 1}`,
      z.coerce.number('helpdesk.check.answer').int().min(1).max(4),
    ]),
  ) as Record<`q${number}`, z.ZodCoercedNumber>,
)
export const SelfCheckGroup = z.enum(['adult', 'senior'])

/** A saved reply (staff page /staff/help/canned): title and text in both languages. */
export const CannedInput = z.object({
  titleKo: text(2, 80, 'helpdesk.canned.titleKoRequired'),
  titleEn: text(2, 80, 'helpdesk.canned.titleEnRequired'),
  textKo: text(5, 1000, 'helpdesk.canned.textKoRequired'),
  textEn: text(5, 1000, 'helpdesk.canned.textEnRequired'),
  category: z.preprocess(emptyToUndefined, z.enum(TICKET_CATEGORIES).optional()),
  active: z.preprocess(
    (v) => (Array.isArray(v) ? v.includes('yes') : v === 'yes' || v === true || v === 'on'),
    z.boolean(),
  ),
})
export type CannedInput = z.infer<typeof CannedInput>
