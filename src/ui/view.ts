import type { Actor } from '../platform/auth/actor.ts'
import type { CityProfile } from '../platform/city.ts'
import type { Prefs } from '../platform/http/context.ts'
import type { Locale, T } from '../platform/i18n/index.ts'

/** Everything a template needs from the request; built once per request by `viewOf(c)`. */
export interface View {
  locale: Locale
  t: T
  prefs: Prefs
  actor: Actor
  csrfToken: string
  path: string
  city: CityProfile
}

/** A form's state when it is shown again: translated field errors and what the person typed. */
export interface FormState {
  errors: Record<string, string>
  values: Record<string, unknown>
  /** An error about the whole form, not one field. */
  formError?: string
}

export const emptyForm = (values: Record<string, unknown> = {}): FormState => ({ errors: {}, values })

// biome-ignore lint/suspicious/noShadowRestrictedNames: a module export, never the global Object#valueOf
export const valueOf = (form: FormState | undefined, name: string): string => {
  const v = form?.values[name]
  return typeof v === 'string' || typeof v === 'number' ? String(v) : ''
}
