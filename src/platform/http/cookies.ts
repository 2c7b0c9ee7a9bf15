import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'

/** True when the request came over https (directly or via a proxy that says so). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}

/**
 * Secure cookies use the `__Host-` prefix (Secure, Path=/, no Domain). Plain http is allowed only on
 * localhost (development), where the prefix cannot be used.
 */
export function cookieName(c: Context, base: string): string {
  return isHttps(c) ? `__Host-${base}` : base
}

export function readCookie(c: Context, base: string): string | undefined {
  return getCookie(c, cookieName(c, base))
}

export function writeCookie(
  c: Context,
  base: string,
  value: string,
  opts: { httpOnly?: boolean; maxAge?: number } = {},
): void {
  setCookie(c, cookieName(c, base), value, {
    path: '/',
    secure: isHttps(c),
    httpOnly: opts.httpOnly ?? true,
    sameSite: 'Lax',
    ...(opts.maxAge !== undefined ? { maxAge: opts.maxAge } : {}),
  })
}

export function clearCookie(c: Context, base: string): void {
  deleteCookie(c, cookieName(c, base), { path: '/', secure: isHttps(c) })
}

/** Preference cookies (language, text size, contrast) are not secrets and last a year. */
export const PREF_MAX_AGE = 365 * 24 * 3600
