import type { Locale } from '../i18n/index.ts'
import type { Ctx } from './context.ts'
import { clientIp } from './middleware.ts'

/** What services record about the request behind a change (rate limits, access log, consent records). */
export interface RequestMeta {
  ip: string | null
  now: Date
  userAgent?: string | null
  locale?: Locale
}

/** The request's meta data from the context. */
export const metaOf = (c: Ctx): RequestMeta => ({
  ip: clientIp(c),
  now: c.var.deps.now(),
  userAgent: c.req.header('user-agent') ?? null,
  locale: c.var.locale,
})
