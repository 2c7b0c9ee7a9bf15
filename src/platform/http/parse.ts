import { type ZodError, type ZodType, z } from 'zod'
import type { Params } from '../i18n/index.ts'
import { AppError } from './errors.ts'

/** Converts a Zod issue into a message key + params. A custom message that is a key wins. */
export function issueMessage(issue: z.core.$ZodIssue): { key: string; params: Params } {
  if (issue.message && /^[a-z][\w-]*(\.[\w-]+)+$/.test(issue.message))
    return { key: issue.message, params: {} }
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null || issue.input === ''
        ? { key: 'validation.required', params: {} }
        : { key: 'validation.invalid', params: {} }
    case 'too_small':
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? { key: 'validation.required', params: {} }
          : { key: 'validation.tooShort', params: { min: Number(issue.minimum) } }
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'validation.chooseAtLeast', params: { min: Number(issue.minimum) } }
      return { key: 'validation.tooSmall', params: { min: Number(issue.minimum) } }
    case 'too_big':
      if (issue.origin === 'string')
        return { key: 'validation.tooLong', params: { max: Number(issue.maximum) } }
      if (issue.origin === 'array' || issue.origin === 'set')
        return { key: 'validation.chooseAtMost', params: { max: Number(issue.maximum) } }
      return { key: 'validation.tooBig', params: { max: Number(issue.maximum) } }
    case 'invalid_format':
      if (issue.format === 'email') return { key: 'validation.email', params: {} }
      if (issue.format === 'date') return { key: 'validation.date', params: {} }
      return { key: 'validation.invalid', params: {} }
    case 'invalid_value':
      return { key: 'validation.choose', params: {} }
    case 'unrecognized_keys':
      return { key: 'validation.unknownField', params: { field: issue.keys.join(', ') } }
    default:
      return { key: 'validation.invalid', params: {} }
  }
}

/** Turns a ZodError into an AppError('validation') with one message per field (the first issue wins). */
export function validationError(error: ZodError): AppError {
  const fields: Record<string, string> = {}
  const fieldParams: Record<string, Params> = {}
  for (const issue of error.issues) {
    const name = issue.path.length ? issue.path.join('.') : '_'
    if (name in fields) continue
    const { key, params } = issueMessage(issue)
    fields[name] = key
    fieldParams[name] = params
  }
  return new AppError('validation', 'validation.summary', fields, {}, { fieldParams })
}

/** Parses input with a schema or throws AppError('validation') with field messages. */
export function parse<S extends ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw validationError(r.error)
  return r.data
}

/** Reads an urlencoded/multipart form into a plain object; repeated names become arrays. */
export function formToObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of form.entries()) {
    if (k === '_csrf') continue
    const value = typeof v === 'string' ? v : v
    if (k in out || arrays.includes(k)) {
      const prev = out[k]
      out[k] = Array.isArray(prev) ? [...prev, value] : prev === undefined ? [value] : [prev, value]
    } else out[k] = value
  }
  for (const k of arrays) if (!(k in out)) out[k] = []
  return out
}

/** Form helpers: empty text inputs mean "not given". */
export const formText = () => z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.string())
export const optionalText = (max = 2000) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z.string().max(max).optional(),
  )
