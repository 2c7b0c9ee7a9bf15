import type { Ctx } from '../platform/http/context.ts'
import { AppError } from '../platform/http/errors.ts'
import type { FormState } from './view.ts'

/** Translates an AppError into the form state shown again above the form (summary + inline messages). */
export function formStateFrom(c: Ctx, e: AppError, values: Record<string, unknown>): FormState {
  const t = c.var.t
  const errors = Object.fromEntries(Object.entries(e.fields).map(([k, key]) => [k, t(key, e.fieldParams[k])]))
  const formError =
    Object.keys(errors).length === 0 || e.code !== 'validation' ? t(e.message, e.params) : undefined
  return { errors, values, formError }
}

/**
 * Runs a form handler (POST → 303 on success). A 4xx AppError shows the same form again with an error
 * summary, inline messages and what was typed; 403/404 and 5xx go to the one error handler instead.
 * `beforeShow` may adjust the error first (e.g. put codes in a message into words).
 */
export async function withForm(
  c: Ctx,
  values: Record<string, unknown>,
  ok: () => Promise<Response>,
  again: (form: FormState, status: number) => Promise<Response> | Response,
  beforeShow?: (e: AppError) => void,
): Promise<Response> {
  try {
    return await ok()
  } catch (e) {
    if (!(e instanceof AppError) || e.status >= 500 || e.code === 'not_found' || e.code === 'forbidden')
      throw e
    beforeShow?.(e)
    return again(formStateFrom(c, e, values), e.status)
  }
}
