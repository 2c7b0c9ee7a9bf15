import PDFDocument from 'pdfkit'
import { formatDate } from '../../platform/i18n/format.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import { KOREAN_FONT } from '../education/documents.ts'

/** What a certificate of volunteer hours shows. */
export interface HoursCertificateDoc {
  locale: Locale
  name: string
  role: string
  fromDay: string | null
  toDay: string | null
  minutes: number
  /** Minutes per kind of activity, already in words ("Guide shift" → 240). */
  byActivity: { label: string; minutes: number }[]
  certificateNo: string
  issuedAt: Date
  code: string
  cityName: string
  verifyUrl: string
}

/** "12 h 30 min" / "12시간 30분". */
export const hoursText = (locale: Locale, minutes: number) =>
  translate(locale, 'volunteering.hoursValue', {
    h: String(Math.floor(minutes / 60)),
    m: String(minutes % 60),
  })

/**
 * A certificate of volunteer hours as a PDF (A4, Noto Sans KR embedded and subset, as the education
 * certificates) with its verification code and the address where anyone can check it.
 */
export function hoursCertificatePdf(c: HoursCertificateDoc): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string>) => translate(c.locale, k, p)
  const doc = new PDFDocument({
    size: 'A4',
    margin: 72,
    info: { Title: t('volunteering.cert.title'), Author: c.cityName },
  })
  doc.registerFont('ko', KOREAN_FONT)
  doc.font('ko')
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const day = (d: string | null) => (d ? formatDate(c.locale, new Date(`${d}T12:00:00+09:00`)) : '—')
  doc.fontSize(30).text(t('volunteering.cert.title'), { align: 'center' })
  doc.moveDown(2)
  doc.fontSize(22).text(c.name, { align: 'center' })
  doc.moveDown()
  doc.fontSize(15).text(
    t('volunteering.cert.body', {
      name: c.name,
      role: c.role,
      from: day(c.fromDay),
      to: day(c.toDay),
      hours: hoursText(c.locale, c.minutes),
    }),
    { align: 'center' },
  )
  doc.moveDown()
  doc.fontSize(13)
  for (const a of c.byActivity)
    doc.text(t('volunteering.cert.activity', { activity: a.label, hours: hoursText(c.locale, a.minutes) }), {
      align: 'center',
    })
  doc.moveDown(2)
  doc.fontSize(14).text(formatDate(c.locale, c.issuedAt), { align: 'center' })
  doc.text(c.cityName, { align: 'center' })
  doc.moveDown(3)
  doc.fontSize(12).text(t('volunteering.cert.number', { no: c.certificateNo }), { align: 'center' })
  doc.text(t('volunteering.cert.code', { code: c.code }), { align: 'center' })
  doc.text(c.verifyUrl, { align: 'center' })
  doc.end()
  return done
}
