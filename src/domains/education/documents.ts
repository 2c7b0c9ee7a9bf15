import { createRequire } from 'node:module'
import ical from 'ical-generator'
import PDFDocument from 'pdfkit'
import { formatDate } from '../../platform/i18n/format.ts'
import type { Locale } from '../../platform/i18n/index.ts'
import { translate } from '../../platform/i18n/index.ts'

const require = createRequire(import.meta.url)
/** Noto Sans KR (SIL Open Font License), a full TrueType font so the PDF shows Hangul. */
export const KOREAN_FONT = require.resolve(
  '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
)

/** A completion certificate as a PDF (A4, Korean font embedded and subset) with its verification code. */
export function certificatePdf(c: {
  locale: Locale
  name: string
  course: string
  issuedAt: Date
  code: string
  cityName: string
  verifyUrl: string
}): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string>) => translate(c.locale, k, p)
  const doc = new PDFDocument({
    size: 'A4',
    margin: 72,
    info: { Title: t('education.cert.title'), Author: c.cityName },
  })
  doc.registerFont('ko', KOREAN_FONT)
  doc.font('ko')
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.fontSize(32).text(t('education.cert.title'), { align: 'center' })
  doc.moveDown(2)
  doc.fontSize(22).text(c.name, { align: 'center' })
  doc.moveDown()
  doc.fontSize(16).text(t('education.cert.body', { course: c.course }), { align: 'center' })
  doc.moveDown(2)
  doc.fontSize(14).text(formatDate(c.locale, c.issuedAt), { align: 'center' })
  doc.text(c.cityName, { align: 'center' })
  doc.moveDown(4)
  doc.fontSize(12).text(t('education.cert.code', { code: c.code }), { align: 'center' })
  doc.text(c.verifyUrl, { align: 'center' })
  doc.end()
  return done
}

export interface CalendarItem {
  id: string
  start: Date
  end: Date
  summary: string
  location: string | null
}

/** An iCalendar (RFC 5545) feed of meetings (times in UTC, so every calendar app shows Seoul time right). */
export function calendarFeed(name: string, items: CalendarItem[]): string {
  const cal = ical({ name, prodId: { company: 'gachi', product: 'learn', language: 'KO' } })
  for (const i of items)
    cal.createEvent({
      id: `${i.id}@gachi`,
      start: i.start,
      end: i.end,
      summary: i.summary,
      location: i.location ?? undefined,
    })
  return cal.toString()
}
