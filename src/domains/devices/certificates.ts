import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import type { CertificateDevice } from './donors.ts'

const require = createRequire(import.meta.url)
/** The same embedded Noto Sans KR as the receipts (pdf.ts), so Hangul renders in every viewer. */
const KOREAN_FONT = require.resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf')

export interface CertificateOpts {
  locale: Locale
  cityName: string
  /** What the certificate covers, e.g. the asset tag, or "donation of 같이전자 (20 devices)". */
  scope: string
  issuedAt: Date
}

/**
 * A data-destruction certificate (NIST SP 800-88) as an A4 PDF with the Korean font embedded: one section
 * per device with each wipe record — storage devices, method (clear / purge / destroy), tool, operator,
 * verifier, time and result. Works for one device or a whole batch (a donation).
 */
export function wipeCertificatePdf(items: CertificateDevice[], o: CertificateOpts): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string | number>) => translate(o.locale, k, p)
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `${t('devices.cert.title')} — ${o.scope}`, Author: o.cityName },
  })
  doc.registerFont('ko', KOREAN_FONT)
  doc.font('ko')
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  doc.fontSize(22).text(t('devices.cert.title'), { align: 'center' })
  doc.fontSize(11).text(t('devices.cert.standard'), { align: 'center' })
  doc.moveDown()
  doc.fontSize(12)
  doc.text(`${t('devices.cert.scope')}: ${o.scope}`)
  doc.text(`${t('devices.cert.devices')}: ${items.length}`)
  doc.text(`${t('devices.cert.passedCount')}: ${items.filter((i) => i.wipes.some((w) => w.passed)).length}`)
  doc.text(`${t('devices.cert.issuedAt')}: ${formatDateTime(o.locale, o.issuedAt)}`)
  doc.text(`${t('devices.receipt.issuer')}: ${o.cityName}`)
  doc.moveDown()
  for (const d of items) {
    if (doc.y > 700) doc.addPage()
    doc
      .fontSize(13)
      .text(
        `${d.assetTag} — ${t(`devices.type.${d.type}`)}${d.model ? ` ${d.model}` : ''}${d.serial ? ` (S/N ${d.serial})` : ''}`,
      )
    doc.fontSize(10)
    if (!d.wipes.length) doc.text(`  ${t('devices.cert.noWipe')}`)
    for (const w of d.wipes) {
      const storage = (w.storage as { kind: string; serial?: string; capacityGb?: number }[] | null) ?? []
      doc.text(
        `  ${formatDateTime(o.locale, w.at)} · ${t(`devices.wipeMethod.${w.method}`)} · ${t('devices.field.wipeTool')}: ${w.tool} · ${
          w.passed ? t('devices.passed') : t('devices.failed')
        }`,
      )
      doc.text(
        `  ${t('devices.cert.operator')}: ${w.technicianName} · ${t('devices.cert.verifier')}: ${w.verifierName}`,
      )
      doc.text(
        `  ${t('devices.cert.storage')}: ${
          storage.length
            ? storage
                .map(
                  (s) =>
                    `${t(`devices.storageKind.${s.kind}`)}${s.capacityGb ? ` ${s.capacityGb}GB` : ''}${s.serial ? ` S/N ${s.serial}` : ''}`,
                )
                .join(', ')
            : t('devices.cert.storageUnrecorded')
        }`,
      )
    }
    doc.moveDown(0.5)
  }
  doc.moveDown()
  doc.fontSize(10).text(t('devices.cert.legal'))
  doc.end()
  return done
}
