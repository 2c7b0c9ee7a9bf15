import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { registerDomains } from '../../app.ts'
import { formatDate, formatDateTime, formatMoney, formatPhone, isMobile } from './format.ts'
import { allMessages, negotiateLocale, translate } from './index.ts'

registerDomains()

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    if (statSync(p).isDirectory()) return sourceFiles(p)
    return /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : []
  })
}

/** Keys used in code: t('a.b'), v.t("a.b"), AppError(…, 'a.b'), and template keys like `door.${p}.title`. */
function usedKeys(): { file: string; key: string; pattern?: RegExp }[] {
  const out: { file: string; key: string; pattern?: RegExp }[] = []
  for (const file of sourceFiles('src')) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(/\bt\(\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) out.push({ file, key: m[1]! })
    for (const m of text.matchAll(/\bt\(\s*`([a-z][\w.${}()?:' -]*)`/g)) {
      const raw = m[1]!
      if (!raw.includes('${')) {
        out.push({ file, key: raw })
        continue
      }
      const source = raw
        .split(/\$\{[^}]*\}/)
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('[\\w-]+')
      out.push({ file, key: raw, pattern: new RegExp(`^${source}$`) })
    }
    for (const m of text.matchAll(/new AppError\(\s*'\w+',\s*'([a-z][\w-]*(?:\.[\w-]+)+)'/g))
      out.push({ file, key: m[1]! })
  }
  return out
}

describe('message catalogues', () => {
  it('have the same keys in Korean and English, none empty', () => {
    const { ko, en } = allMessages()
    const missingInEn = [...ko.keys()].filter((k) => !en.has(k))
    const missingInKo = [...en.keys()].filter((k) => !ko.has(k))
    expect(missingInEn, 'keys missing in English').toEqual([])
    expect(missingInKo, 'keys missing in Korean').toEqual([])
    const empty = [...ko, ...en].filter(([, v]) => v.trim() === '').map(([k]) => k)
    expect(empty).toEqual([])
  })

  it('define every key the code uses', () => {
    const { ko } = allMessages()
    const keys = [...ko.keys()]
    const undefinedKeys = usedKeys()
      .filter((u) => (u.pattern ? !keys.some((k) => u.pattern!.test(k)) : !ko.has(u.key)))
      .map((u) => `${u.file}: ${u.key}`)
    expect(undefinedKeys).toEqual([])
    expect(usedKeys().length).toBeGreaterThan(50)
  })

  it('fills placeholders', () => {
    expect(translate('en', 'validation.tooLong', { max: 20 })).toBe('Enter 20 characters or fewer')
    expect(translate('ko', 'validation.tooLong', { max: 20 })).toBe('20자 이하로 입력하세요')
  })
})

describe('language negotiation', () => {
  it('prefers the cookie, then Accept-Language by quality, then Korean', () => {
    expect(negotiateLocale('en', 'ko')).toBe('en')
    expect(negotiateLocale(undefined, 'fr;q=1, en;q=0.8, ko;q=0.5')).toBe('en')
    expect(negotiateLocale(undefined, 'ko-KR,ko;q=0.9,en;q=0.8')).toBe('ko')
    expect(negotiateLocale('xx', 'de')).toBe('ko')
    expect(negotiateLocale(undefined, undefined)).toBe('ko')
  })
})

describe('Korean formats', () => {
  it('formats dates, money and phone numbers', () => {
    expect(formatDate('ko', '2026-11-23T03:00:00Z')).toBe('2026년 11월 23일 (월)')
    expect(formatDate('en', '2026-11-23T03:00:00Z')).toBe('Mon 23 November 2026')
    expect(formatDateTime('ko', '2026-11-23T05:30:00Z')).toBe('2026년 11월 23일 (월) 14:30')
    expect(formatMoney('ko', 1250000)).toBe('₩1,250,000')
    expect(formatPhone('01012345678')).toBe('010-1234-5678')
    expect(formatPhone('+82 10 1234 5678')).toBe('010-1234-5678')
    expect(formatPhone('0212345678')).toBe('02-1234-5678')
    expect(formatPhone('021234567')).toBe('02-123-4567')
    expect(formatPhone('15881234')).toBe('1588-1234')
    expect(formatPhone('120')).toBe('120')
    expect(isMobile('010-1234-5678')).toBe(true)
    expect(isMobile('02-123-4567')).toBe(false)
  })
})
