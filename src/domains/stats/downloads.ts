import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { DATASETS, type Dataset, DICTIONARY, datasetRows, publicStats, toCsv, toXlsx } from './service.ts'

const FILE = /^(districts|monthly|groups|dictionary)\.(csv|json|xlsx)$/

/** A download of the open data: districts / monthly as CSV, JSON or XLSX, or the data dictionary. */
export const download = async (c: Ctx, file: string, year: number) => {
  const m = FILE.exec(file)
  if (!m) throw new AppError('not_found', 'error.notFound')
  const [, set = '', ext = ''] = m
  const headers = (type: string, fname: string) => ({
    'content-type': type,
    'content-disposition': `attachment; filename="${fname}"`,
    'cache-control': 'public, max-age=300',
  })
  if (set === 'dictionary') {
    const rows = DATASETS.flatMap((d) => DICTIONARY[d].map((col) => ({ dataset: d, ...col })))
    if (ext === 'json')
      return c.json({ datasets: DATASETS.map((n) => ({ name: n, columns: DICTIONARY[n] })) })
    if (ext === 'csv') {
      const esc = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s)
      const body = `\uFEFFdataset,column,type,description_ko,description_en\r\n${rows.map((r) => [r.dataset, r.column, r.type, r.ko, r.en].map(esc).join(',')).join('\r\n')}\r\n`
      return new Response(body, { headers: headers('text/csv; charset=utf-8', 'gachi-dictionary.csv') })
    }
    throw new AppError('not_found', 'error.notFound')
  }
  const d = set as Dataset
  const rows = datasetRows(await publicStats(c.var.db, year), d)
  const base = `gachi-${d}-${year}`
  if (ext === 'json') {
    c.header('content-disposition', `attachment; filename="${base}.json"`)
    return c.json({ dataset: d, year, dictionary: DICTIONARY[d], items: rows })
  }
  if (ext === 'csv')
    return new Response(toCsv(d, rows), { headers: headers('text/csv; charset=utf-8', `${base}.csv`) })
  return new Response(new Uint8Array(await toXlsx(d, rows)), {
    headers: headers('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', `${base}.xlsx`),
  })
}
