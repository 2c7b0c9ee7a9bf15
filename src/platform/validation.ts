import type { ZodType } from 'zod'

/**
 * A Korean resident registration number (주민등록번호): YYMMDD-GXXXXXX with G in 1–8 (1–4 citizens,
 * 5–8 foreign residents), with or without the hyphen, possibly spaced. Digits around it must not
 * be digits (so a longer number such as an account number is not mistaken for one).
 */
const RRN = /(?<!\d)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])[\s-]*[1-8]\d{6}(?!\d)/

/** True when the text contains something shaped like a resident registration number. */
export function containsRrn(text: string): boolean {
  return RRN.test(text.replace(/[\u2010-\u2015\u2212]/g, '-'))
}

/**
 * Refuses free text that contains a resident registration number. Gachi never collects one
 * (no column, no field); this stops one arriving by accident in a note or a name.
 * @example const Note = noRrn(z.string().max(500))
 */
export function noRrn<S extends ZodType>(schema: S): S {
  return schema.refine((v) => typeof v !== 'string' || !containsRrn(v), { message: 'validation.noRrn' }) as S
}
