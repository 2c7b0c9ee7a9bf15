import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import { formatDate } from '../../platform/i18n/format.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'

const require = createRequire(import.meta.url)
/** Noto Sans KR (SIL OFL), the same font file the education certificates embed, so Hangul renders. */
const KOREAN_FONT = require.resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf')

export interface ReceiptDoc {
  locale: Locale
  number: string
  status: 'issued' | 'voided'
  donorName: string
  businessNo: string | null
  kind: 'in_kind' | 'money'
  amountKrw: number
  items: { assetTag: string; type: string; ageYears: number; grade: string | null; valueKrw: number }[]
  issuedAt: Date
  issuer: string
  cityName: string
}

/** A donation receipt (기부금 영수증) as an A4 PDF with the Korean font embedded; voided ones say so. */
export function receiptPdf(r: ReceiptDoc): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string | number>) => translate(r.locale, k, p)
  const doc = new PDFDocument({
    size: 'A4',
    margin: 60,
    info: { Title: `${t('devices.receipt.title')} ${r.number}`, Author: r.cityName },
  })
  doc.registerFont('ko', KOREAN_FONT)
  doc.font('ko')
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const won = (n: number) => `${n.toLocaleString('ko-KR')}${t('devices.won')}`
  doc.fontSize(24).text(t('devices.receipt.title'), { align: 'center' })
  if (r.status === 'voided')
    doc
      .fontSize(18)
      .fillColor('#b00020')
      .text(t('devices.receipt.voidedStamp'), { align: 'center' })
      .fillColor('black')
  doc.moveDown()
  doc.fontSize(12)
  doc.text(`${t('devices.receipt.number')}: ${r.number}`)
  doc.text(`${t('devices.receipt.donor')}: ${r.donorName}${r.businessNo ? ` (${r.businessNo})` : ''}`)
  doc.text(`${t('devices.receipt.kind')}: ${t(`devices.receipt.kind.${r.kind}`)}`)
  doc.text(`${t('devices.receipt.issuedAt')}: ${formatDate(r.locale, r.issuedAt)}`)
  doc.text(`${t('devices.receipt.issuer')}: ${r.issuer}`)
  doc.moveDown()
  for (const i of r.items)
    doc.text(
      `${i.assetTag}  ${t(`devices.type.${i.type}`)}  ${t('devices.years', { n: i.ageYears })}  ${i.grade ?? '-'}  ${won(i.valueKrw)}`,
    )
  doc.moveDown()
  doc.fontSize(16).text(`${t('devices.receipt.amount')}: ${won(r.amountKrw)}`)
  doc.moveDown(2)
  doc.fontSize(11).text(t('devices.receipt.legal'))
  doc.end()
  return done
}
