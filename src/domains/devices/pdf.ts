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

/**
 * A sheet of asset labels (A4, 3 × 8): each label has the asset tag, the kind of device and a QR code that
 * opens the device page on a staff phone (`${baseUrl}/staff/devices/<tag>`).
 */
export async function labelSheetPdf(
  items: { assetTag: string; type: string }[],
  opts: { locale: Locale; baseUrl: string },
): Promise<Buffer> {
  const QRCode = (await import('qrcode')).default
  const doc = new PDFDocument({ size: 'A4', margin: 20, info: { Title: 'Asset labels' } })
  doc.registerFont('ko', KOREAN_FONT)
  doc.font('ko')
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const cols = 3
  const rows = 8
  const w = (595 - 40) / cols
  const h = (842 - 40) / rows
  for (const [i, item] of items.entries()) {
    const slot = i % (cols * rows)
    if (i > 0 && slot === 0) doc.addPage()
    const x = 20 + (slot % cols) * w
    const y = 20 + Math.floor(slot / cols) * h
    const png = await QRCode.toBuffer(`${opts.baseUrl}/staff/devices/${item.assetTag}`, {
      margin: 1,
      width: 160,
    })
    doc.image(png, x + 6, y + 6, { width: h - 12 })
    doc.fontSize(12).text(item.assetTag, x + h, y + 20, { width: w - h - 6 })
    doc
      .fontSize(10)
      .text(translate(opts.locale, `devices.type.${item.type}`), x + h, y + 40, { width: w - h - 6 })
  }
  if (items.length === 0) doc.fontSize(12).text('—')
  doc.end()
  return done
}
