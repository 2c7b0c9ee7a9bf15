/** Supported languages; Korean is the default. */
export const LOCALES = ['ko', 'en'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'ko'

/** A message catalogue: flat keys → text with `{name}` placeholders. Both languages must have the same keys. */
export type Catalogue = Record<string, string>
export interface Messages {
  ko: Catalogue
  en: Catalogue
}

const catalogues: Record<Locale, Map<string, string>> = { ko: new Map(), en: new Map() }
const sources = new Map<string, string>()

/** Adds a module's messages to the shared catalogue. A key defined twice by different modules is a bug. */
export function registerMessages(source: string, messages: Messages): void {
  for (const locale of LOCALES) {
    for (const [key, text] of Object.entries(messages[locale])) {
      const owner = sources.get(`${locale}:${key}`)
      if (owner && owner !== source) throw new Error(`Message key ${key} defined by ${owner} and ${source}`)
      sources.set(`${locale}:${key}`, source)
      catalogues[locale].set(key, text)
    }
  }
}

/** Every key and its text, per locale (for the completeness test). */
export function allMessages(): Record<Locale, ReadonlyMap<string, string>> {
  return catalogues
}

export type Params = Record<string, string | number>

/** Translates a key. A missing key renders as the key itself so it is visible (and a test fails on it). */
export function translate(locale: Locale, key: string, params?: Params): string {
  const text = catalogues[locale].get(key) ?? catalogues[DEFAULT_LOCALE].get(key) ?? key
  if (!params) return text
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m))
}

export function hasMessage(key: string): boolean {
  return catalogues.ko.has(key) && catalogues.en.has(key)
}

export type T = (key: string, params?: Params) => string

export function translator(locale: Locale): T {
  return (key, params) => translate(locale, key, params)
}

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v)
}

/** Picks the language: the cookie first, then the browser's Accept-Language, then Korean. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined): Locale {
  if (isLocale(cookie)) return cookie
  if (acceptLanguage) {
    const ranked = acceptLanguage
      .split(',')
      .map((part) => {
        const [tag = '', ...rest] = part.trim().split(';')
        const q = rest.find((r) => r.trim().startsWith('q='))
        return { lang: tag.trim().toLowerCase().split('-')[0] ?? '', q: q ? Number(q.trim().slice(2)) : 1 }
      })
      .filter((x) => x.q > 0)
      .sort((a, b) => b.q - a.q)
    for (const { lang } of ranked) if (isLocale(lang)) return lang
  }
  return DEFAULT_LOCALE
}
