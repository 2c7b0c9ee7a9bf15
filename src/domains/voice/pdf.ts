import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'
import { formatDate } from '../../platform/i18n/format.ts'
import { type Locale, translate } from '../../platform/i18n/index.ts'
import type { Cell, PartnerReport } from './service.ts'

const require = createRequire(import.meta.url)
/** Noto Sans KR (SIL OFL), the font the certificates and receipts embed, so Hangul renders. */
const KOREAN_FONT = require.resolve('@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf')

/** A partner company's anonymous kiosk report as an A4 PDF: counts as text tables and simple bars. */
export function partnerPdf(
  locale: Locale,
  r: PartnerReport,
  districts: Map<string, string>,
): Promise<Buffer> {
  const t = (k: string, p?: Record<string, string | number>) => translate(locale, k, p)
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: t('voice.report.title', { company: r.company }), Author: 'Gachi' },
  })
  doc.registerFont('ko', KOREAN_FONT)
  doc.font('ko')
  const chunks: Buffer[] = []
  doc.on('data', (b: Buffer) => chunks.push(b))
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))))
  const small = t('stats.small')
  doc.fontSize(20).text(t('voice.report.title', { company: r.company }))
  doc.moveDown(0.5)
  doc
    .fontSize(11)
    .text(t('voice.report.lead', { reports: r.reports, date: formatDate(locale, r.generatedAt) }))
  doc.text(t('voice.report.anonymous'))
  const section = (title: string, cells: Cell[], label: (k: string) => string) => {
    doc.moveDown()
    doc.fontSize(14).text(title)
    doc.fontSize(11)
    const max = Math.max(1, ...cells.map((c) => c.n ?? 0))
    for (const c of cells) {
      const y = doc.y
      doc.text(label(c.key), 56, y, { width: 200 })
      if (c.n !== null)
        doc
          .rect(262, y + 3, Math.round((c.n / max) * 180), 9)
          .fill('#444')
          .fillColor('black')
      doc.text(c.n === null ? small : String(c.n), 450, y, { width: 80, align: 'right' })
      doc.x = 56
    }
  }
  section(t('voice.report.problems'), r.problems, (k) => t(`voice.problem.${k}`))
  section(t('voice.report.trend'), r.months, (k) => k)
  section(t('voice.report.types'), r.types, (k) => t(`voice.kioskType.${k}`))
  section(t('voice.report.districts'), r.districts, (k) => districts.get(k) ?? t('voice.districtUnknown'))
  section(t('voice.report.sources'), r.sources, (k) => t(`voice.source.${k}`))
  doc.moveDown()
  doc.fontSize(14).text(t('voice.report.practice'))
  doc.fontSize(11)
  if (!r.practice.length) doc.text(t('voice.report.practiceNone'))
  for (const p of r.practice)
    doc.text(
      `${p.scenario} · ${p.screen}: ${t('voice.report.attempts')} ${p.attempts}, ${t('voice.report.stopped')} ${p.stopped}, ${t('voice.report.wrong')} ${p.wrong}`,
    )
  doc.end()
  return done
}
