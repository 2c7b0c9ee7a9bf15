import { z } from 'zod'
import { normalisePhone } from '../../platform/i18n/format.ts'
import { noRrn } from '../../platform/validation.ts'
import { CHANNELS, CONSENT_METHODS, RELATIONSHIPS, SENSITIVE_CATEGORIES } from './tables.ts'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))

/** A person's name as they write it (Hangul or Latin), never a number. */
export const Name = noRrn(
  z.preprocess(trimmed, z.string().min(1, 'people.nameRequired').max(50, 'people.nameTooLong')),
)

/** A Korean mobile number, normalised to digits (01012345678). */
export const Mobile = z.preprocess(
  (v) => (typeof v === 'string' ? normalisePhone(v) : v),
  z
    .string()
    .min(1, 'people.phoneRequired')
    .regex(/^01[016789]\d{7,8}$/, 'validation.phone'),
)

const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s
}

/** A date of birth as YYYY-MM-DD: a real date, not in the future, not before 1900. */
export const BirthDate = z.preprocess(
  trimmed,
  z
    .string()
    .min(1, 'people.birthDateRequired')
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'people.birthDateInvalid')
    .refine(isRealDate, 'people.birthDateInvalid')
    .refine((s) => s >= '1900-01-01' && s <= new Date().toISOString().slice(0, 10), 'people.birthDateRange'),
)

/** Optional free text (address, note): empty means not given; never a resident registration number. */
export const FreeText = (max: number) => noRrn(z.preprocess(emptyToUndefined, z.string().max(max).optional()))

/** The verification form: the three date-of-birth boxes are joined into birthDate. */
export const VerifyStartForm = z.preprocess(
  (v) => {
    if (!v || typeof v !== 'object') return v
    const o = v as Record<string, unknown>
    const parts = [o.birthYear, o.birthMonth, o.birthDay].map((x) => (typeof x === 'string' ? x.trim() : ''))
    const [y, m, d] = parts as [string, string, string]
    const birthDate = y || m || d ? `${y.padStart(4, '0')}-${m.padStart(2, '0')}-${d.padStart(2, '0')}` : ''
    return { name: o.name, phone: o.phone, next: o.next, birthDate }
  },
  z.object({
    name: Name,
    birthDate: BirthDate,
    phone: Mobile,
    next: z.string().max(500).optional(),
  }),
)

/** Verification request (API): name, date of birth and mobile number. */
export const VerifyStart = z.object({
  name: Name,
  birthDate: BirthDate.describe('YYYY-MM-DD'),
  phone: Mobile.describe('Korean mobile number, e.g. 010-1234-5678'),
})
export type VerifyStart = z.infer<typeof VerifyStart>

export const Code = z.preprocess(
  (v) => (typeof v === 'string' ? v.replace(/[\s-]/g, '') : v),
  z
    .string()
    .min(1, 'people.verify.codeRequired')
    .regex(/^\d{6}$/, 'people.verify.codeFormat'),
)

export const VerifyCodeForm = z.object({ code: Code, next: z.string().max(500).optional() })

export const VerifyCode = z.object({
  challenge: z.string().min(20).max(100).describe('The challenge token returned when the code was sent'),
  code: Code.describe('The 6-digit code from the text message'),
})

export const VerifyStarted = z.object({
  challenge: z.string(),
  expiresAt: z.string().describe('ISO time after which the code no longer works'),
  message: z.string(),
})

export const Verified = z.object({ personId: z.uuid() })

const yesNo = z.preprocess(
  (v) => (v === 'yes' || v === true ? true : v === 'no' || v === false ? false : v),
  z.boolean(),
)

/** Staff: find or register a person on their behalf. */
export const RegisterPerson = z.object({
  name: Name,
  birthDate: BirthDate,
  phone: Mobile,
  address: FreeText(200),
  districtCode: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .regex(/^\d{5}$/)
      .optional(),
  ),
  preferredLanguage: z.enum(['ko', 'en']).default('ko'),
  channel: z.enum(CHANNELS),
  relationship: z.enum(RELATIONSHIPS),
  consentGiven: yesNo,
  consentMethod: z.enum(CONSENT_METHODS),
  note: FreeText(500),
})
export type RegisterPerson = z.infer<typeof RegisterPerson>

/** What another domain passes to recordProxy. */
export const ProxyInput = z.object({
  personId: z.uuid(),
  channel: z.enum(CHANNELS),
  actedBy: z.uuid().nullable(),
  orgId: z.uuid().nullable(),
  relationship: z.enum(RELATIONSHIPS),
  consentGiven: z.boolean(),
  consentMethod: z.enum(CONSENT_METHODS),
  purpose: z.string().min(1).max(100),
  entity: z.string().max(100).optional(),
  entityId: z.string().max(100).optional(),
  note: FreeText(500),
  at: z.date(),
})
export type ProxyInput = z.input<typeof ProxyInput>

export const PeopleSearch = z.object({
  q: z.preprocess(emptyToUndefined, z.string().max(50).optional()).describe('Part of the name'),
  phone: z.preprocess(emptyToUndefined, Mobile.optional()).describe('Exact mobile number'),
  birthDate: z
    .preprocess(emptyToUndefined, BirthDate.optional())
    .describe('Exact date of birth with the name'),
})
export type PeopleSearch = z.infer<typeof PeopleSearch>

export const MergeInput = z.object({ into: z.uuid('people.merge.chooseRecord') })
export const ExportInput = z.object({
  reason: noRrn(z.preprocess(trimmed, z.string().min(5, 'people.export.reasonRequired').max(300))),
})

export const SensitiveConsentInput = z.object({
  category: z.enum(SENSITIVE_CATEGORIES),
  purpose: z.preprocess(trimmed, z.string().min(1).max(200)),
  channel: z.enum(CHANNELS),
})

export const MonthQuery = z.object({
  month: z
    .string()
    .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'people.review.monthFormat')
    .optional(),
})

export const PersonView = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  birthDate: z.string().nullable(),
  phone: z.string().nullable(),
  address: z.string().nullable(),
  districtCode: z.string().nullable(),
  preferredLanguage: z.enum(['ko', 'en']),
  createdChannel: z.enum(CHANNELS),
  status: z.enum(['active', 'merged', 'erased']),
  createdAt: z.string(),
  lastActivityAt: z.string(),
})
export type PersonView = z.infer<typeof PersonView>

export const PersonSummary = z.object({
  id: z.uuid(),
  name: z.string().nullable(),
  birthYear: z.string().nullable(),
  phoneMasked: z.string().nullable(),
})
export const PersonList = z.object({ items: z.array(PersonSummary) })
