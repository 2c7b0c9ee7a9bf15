import { z } from 'zod'
import { noRrn } from '../../platform/validation.ts'
import {
  ANSWER_CHANNELS,
  KIOSK_PROBLEMS,
  KIOSK_REPORT_SOURCES,
  KIOSK_TYPES,
  RESPONDENT_GROUPS,
  SURVEY_SERVICES,
} from './tables.ts'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const text = (min: number, max: number, msg = 'validation.required') =>
  noRrn(z.preprocess(trimmed, z.string(msg).min(min, msg).max(max, 'voice.tooLong')))
const optionalText = (max: number) =>
  z.preprocess(emptyToUndefined, noRrn(z.string().max(max, 'voice.tooLong')).optional())
/** Several checkboxes with one name arrive as a string or a list. */
const many = <T extends readonly [string, ...string[]]>(values: T, msg: string) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(values, msg)).min(1, msg).max(values.length),
  )
/** A checkbox: ticked when 'yes' (or 'on') arrives, alone or in a list. */
const yes = z.preprocess((v) => {
  const x = Array.isArray(v) ? v[0] : v
  return x === 'yes' || x === 'on' || x === true
}, z.boolean())
const District = z.preprocess(
  emptyToUndefined,
  z
    .string()
    .regex(/^\d{5}$/, 'voice.district')
    .optional(),
)
/** A Korean mobile number, digits only after normalising (010-1234-5678 → 01012345678). */
const Phone = z.preprocess(
  (v) => (typeof v === 'string' ? (v.replace(/[\s-]/g, '') === '' ? undefined : v.replace(/[\s-]/g, '')) : v),
  z
    .string()
    .regex(/^01[016789]\d{7,8}$/, 'voice.phoneFormat')
    .optional(),
)

export const SurveyService = z.enum(SURVEY_SERVICES)
export const Score = z.coerce
  .number('voice.survey.chooseFace')
  .int()
  .min(1, 'voice.survey.chooseFace')
  .max(3, 'voice.survey.chooseFace')

/** An answer to a survey: a face (1–3), an optional comment, an optional call-back number. */
export const SurveyAnswer = z
  .object({
    score: Score,
    comment: optionalText(500),
    callBack: yes,
    phone: Phone,
  })
  .superRefine((v, ctx) => {
    if (v.callBack && !v.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'voice.survey.phoneNeeded' })
  })
export type SurveyAnswer = z.infer<typeof SurveyAnswer>

/** The optional second step: a comment and/or a call-back number. */
export const SurveyDetails = z
  .object({
    comment: optionalText(500),
    callBack: yes,
    phone: Phone,
  })
  .superRefine((v, ctx) => {
    if (v.callBack && !v.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'voice.survey.phoneNeeded' })
    if (!v.callBack && !v.comment)
      ctx.addIssue({ code: 'custom', path: ['comment'], message: 'voice.survey.detailsEmpty' })
  })
export type SurveyDetails = z.infer<typeof SurveyDetails>

/** The tap: one face. */
export const SurveyTap = z.object({ score: Score })

/** A general survey answered on the web without an invitation (service chosen by the person). */
export const OpenSurveyAnswer = z
  .object({
    service: SurveyService,
    score: Score,
    comment: optionalText(500),
    callBack: yes,
    phone: Phone,
    districtCode: District,
  })
  .superRefine((v, ctx) => {
    if (v.callBack && !v.phone)
      ctx.addIssue({ code: 'custom', path: ['phone'], message: 'voice.survey.phoneNeeded' })
  })
export type OpenSurveyAnswer = z.infer<typeof OpenSurveyAnswer>

/** What another domain passes to ask for a survey after its service. */
export const SurveyRequestInput = z.object({
  service: SurveyService,
  reference: z.string().min(1).max(60),
  personId: z.uuid().optional(),
  phone: z.string().optional(),
  districtCode: z.string().optional(),
  locale: z.enum(['ko', 'en']).optional(),
})
export type SurveyRequestInput = z.infer<typeof SurveyRequestInput>

/**
 * A survey for someone a guide has just helped in the street: the assist's key (made on the guide's phone
 * when the assist was logged) and the district of the place. Nothing about the person.
 */
export const AssistSurveyInput = z.object({
  assistKey: z
    .string('voice.assistSurvey.noAssist')
    .regex(/^[A-Za-z0-9_-]{8,80}$/, 'voice.assistSurvey.noAssist'),
  districtCode: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
  ),
})
export type AssistSurveyInput = z.infer<typeof AssistSurveyInput>

/** A kiosk that was hard to use. */
export const KioskReportInput = z.object({
  company: text(1, 80, 'voice.kiosk.companyRequired'),
  kioskType: z.enum(KIOSK_TYPES, 'voice.kiosk.typeRequired'),
  place: text(1, 120, 'voice.kiosk.placeRequired'),
  districtCode: District,
  problems: many(KIOSK_PROBLEMS, 'voice.kiosk.problemsRequired'),
  hardText: optionalText(500),
})
export type KioskReportForm = z.infer<typeof KioskReportInput>
export const KioskReportSource = z.enum(KIOSK_REPORT_SOURCES)

/** Programme manager: a new opinion question with 2–6 choices (one per line in each language). */
export const CampaignInput = z
  .object({
    questionKo: text(4, 300),
    questionEn: text(4, 300),
    choicesKo: z.preprocess(trimmed, z.string('validation.required').min(1, 'validation.required').max(1000)),
    choicesEn: z.preprocess(trimmed, z.string('validation.required').min(1, 'validation.required').max(1000)),
  })
  .transform((v, ctx) => {
    const split = (s: string) =>
      s
        .split(/\r?\n/)
        .map((x) => x.trim())
        .filter(Boolean)
    const ko = split(v.choicesKo)
    const en = split(v.choicesEn)
    if (ko.length < 2 || ko.length > 6)
      ctx.addIssue({ code: 'custom', path: ['choicesKo'], message: 'voice.campaign.choicesCount' })
    if (en.length !== ko.length)
      ctx.addIssue({ code: 'custom', path: ['choicesEn'], message: 'voice.campaign.choicesMatch' })
    return {
      questionKo: v.questionKo,
      questionEn: v.questionEn,
      choices: ko.map((k, i) => ({ ko: k, en: en[i] ?? k })),
    }
  })
export type CampaignInput = z.infer<typeof CampaignInput>

/** One answer to an opinion question (web, or a paper form entered by staff). */
export const OpinionAnswer = z.object({
  choice: z.coerce
    .number('voice.campaign.chooseOne')
    .int('voice.campaign.chooseOne')
    .min(0, 'voice.campaign.chooseOne'),
  respondentGroup: z.enum(RESPONDENT_GROUPS, 'voice.campaign.groupRequired'),
  districtCode: District,
})
export type OpinionAnswer = z.infer<typeof OpinionAnswer>

/** Staff entering paper answers: several at once for the same choice, group and district. */
export const PaperAnswers = OpinionAnswer.extend({
  count: z.coerce
    .number('voice.campaign.count')
    .int('voice.campaign.count')
    .min(1, 'voice.campaign.count')
    .max(500, 'voice.campaign.count'),
  channel: z.enum(ANSWER_CHANNELS).default('paper'),
})
export type PaperAnswers = z.infer<typeof PaperAnswers>

export const CompanyParam = z.string().min(1).max(80)
