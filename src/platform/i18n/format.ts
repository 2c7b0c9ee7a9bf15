import type { Locale } from './index.ts'

const TZ = 'Asia/Seoul'
const tag = (l: Locale) => (l === 'ko' ? 'ko-KR' : 'en-GB')

function parts(locale: Locale, d: Date | string, withTime: boolean) {
  const f = new Intl.DateTimeFormat(tag(locale), {
    timeZone: TZ,
    year: 'numeric',
    month: locale === 'ko' ? 'numeric' : 'long',
    day: 'numeric',
    weekday: 'short',
    ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}),
  })
  const p = Object.fromEntries(f.formatToParts(new Date(d)).map((x) => [x.type, x.value]))
  return p as Record<'year' | 'month' | 'day' | 'weekday' | 'hour' | 'minute', string>
}

/** 2026년 11월 23일 (월) / Mon 23 November 2026 — stable across ICU versions. */
export function formatDate(locale: Locale, d: Date | string): string {
  const p = parts(locale, d, false)
  return locale === 'ko'
    ? `${p.year}년 ${p.month}월 ${p.day}일 (${p.weekday})`
    : `${p.weekday} ${p.day} ${p.month} ${p.year}`
}

/** 2026년 11월 23일 (월) 14:30 / Mon 23 November 2026, 14:30 (24-hour clock, Korea time). */
export function formatDateTime(locale: Locale, d: Date | string): string {
  const p = parts(locale, d, true)
  return locale === 'ko'
    ? `${p.year}년 ${p.month}월 ${p.day}일 (${p.weekday}) ${p.hour}:${p.minute}`
    : `${p.weekday} ${p.day} ${p.month} ${p.year}, ${p.hour}:${p.minute}`
}

/** ₩1,250,000 in both languages (Korean won has no minor unit). */
export function formatMoney(locale: Locale, won: number): string {
  return new Intl.NumberFormat(tag(locale), {
    style: 'currency',
    currency: 'KRW',
    maximumFractionDigits: 0,
  }).format(won)
}

export function formatNumber(locale: Locale, n: number, fractionDigits = 0): string {
  return new Intl.NumberFormat(tag(locale), {
    maximumFractionDigits: fractionDigits,
    minimumFractionDigits: fractionDigits,
  }).format(n)
}

/** Keeps only digits; +82 10… becomes 010…. */
export function normalisePhone(input: string): string {
  let digits = input.replace(/\D/g, '')
  if (digits.startsWith('82') && digits.length >= 11) digits = `0${digits.slice(2)}`
  return digits
}

/** Formats a Korean phone number for reading: 010-1234-5678, 02-123-4567, 1588-1234, 120. */
export function formatPhone(input: string): string {
  const d = normalisePhone(input)
  if (d.length <= 4) return d
  if (d.length === 8 && /^1[5-9]/.test(d)) return `${d.slice(0, 4)}-${d.slice(4)}`
  if (d.startsWith('02')) {
    const mid = d.length === 9 ? 3 : 4
    return `02-${d.slice(2, 2 + mid)}-${d.slice(2 + mid)}`
  }
  if (d.length === 10) return `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`
  if (d.length === 11) return `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`
  return d
}

/** A valid Korean mobile number (010, 011, 016–019). */
export function isMobile(input: string): boolean {
  return /^01[016789]\d{7,8}$/.test(normalisePhone(input))
}
