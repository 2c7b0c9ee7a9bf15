import { and, asc, eq, gt, lte, type SQL } from 'drizzle-orm'
import writeExcelFile from 'write-excel-file/node'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { type DeviceStatus, type DeviceType, devices, type Grade } from './tables.ts'
import { AGE_BANDS, type AgeBand } from './valuation.ts'

/** The dimensions stock can be grouped by. */
export const STOCK_DIMENSIONS = ['status', 'type', 'grade', 'centre', 'age'] as const
export type StockDimension = (typeof STOCK_DIMENSIONS)[number]

export interface StockFilter {
  status?: DeviceStatus
  type?: DeviceType
  grade?: Grade
  centre?: string
  age?: AgeBand
}

const ageLabel = (band: AgeBand) => {
  const i = AGE_BANDS.indexOf(band)
  const lo = i === 0 ? 0 : AGE_BANDS[i - 1]! + 1
  return band === 99 ? `${lo}+` : `${lo}-${band}`
}
export const ageBandOf = (ageYears: number): AgeBand => AGE_BANDS.find((b) => ageYears <= b) ?? 99

function where(f: StockFilter): SQL | undefined {
  const parts: (SQL | undefined)[] = [
    f.status ? eq(devices.status, f.status) : undefined,
    f.type ? eq(devices.type, f.type) : undefined,
    f.grade ? eq(devices.grade, f.grade) : undefined,
    f.centre ? eq(devices.centre, f.centre) : undefined,
  ]
  if (f.age) {
    const i = AGE_BANDS.indexOf(f.age)
    parts.push(lte(devices.ageYears, f.age))
    if (i > 0) parts.push(gt(devices.ageYears, AGE_BANDS[i - 1]!))
  }
  const list = parts.filter((x): x is SQL => x !== undefined)
  return list.length ? and(...list) : undefined
}

/** The devices matching a filter (stock rows for the table and the exports), by asset tag. */
export async function stockRows(db: Db, actor: Actor, f: StockFilter) {
  authorize(actor, 'devices:read')
  return db.select().from(devices).where(where(f)).orderBy(asc(devices.assetTag)).limit(20_000)
}

export interface StockGroup {
  /** The group's value: a status, type, grade, centre, or an age band like "3-4"; null when not known. */
  key: string | null
  n: number
}

/** Counts of the filtered stock grouped by one dimension (status, type, grade, centre or age band). */
export async function stockSummary(
  db: Db,
  actor: Actor,
  f: StockFilter,
  by: StockDimension,
): Promise<{ total: number; groups: StockGroup[] }> {
  const rows = await stockRows(db, actor, f)
  const counts = new Map<string | null, number>()
  for (const d of rows) {
    const key =
      by === 'age'
        ? ageLabel(ageBandOf(d.ageYears))
        : by === 'status'
          ? d.status
          : by === 'type'
            ? d.type
            : by === 'grade'
              ? d.grade
              : d.centre
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  const groups = [...counts].map(([key, n]) => ({ key, n }))
  groups.sort((a, b) => (a.key ?? '~').localeCompare(b.key ?? '~', 'en', { numeric: true }))
  return { total: rows.length, groups }
}

/** Distinct centres holding devices (for the filter). */
export async function stockCentres(db: Db): Promise<string[]> {
  const rows = await db.selectDistinct({ centre: devices.centre }).from(devices).orderBy(asc(devices.centre))
  return rows.map((r) => r.centre).filter((c): c is string => !!c)
}

const HEAD = [
  'asset_tag',
  'type',
  'model',
  'serial',
  'age_years',
  'age_band',
  'status',
  'grade',
  'wipe_verified',
  'centre',
  'received_at',
] as const

type Row = Awaited<ReturnType<typeof stockRows>>[number]
const cells = (d: Row) => [
  d.assetTag,
  d.type,
  d.model,
  d.serial,
  d.ageYears,
  ageLabel(ageBandOf(d.ageYears)),
  d.status,
  d.grade,
  d.wipeVerified,
  d.centre,
  d.createdAt.toISOString(),
]

/** CSV with formula injection neutralised (a cell starting with = + - @ gets a leading apostrophe). */
export function toCsv(rows: Row[]): string {
  const esc = (v: unknown) => {
    const s = v === null || v === undefined ? '' : String(v)
    const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
    return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return `${[HEAD.join(','), ...rows.map((d) => cells(d).map(esc).join(','))].join('\n')}\n`
}

/** The same columns as an XLSX workbook (one sheet, header row in bold, numbers as numbers). */
export async function toXlsx(rows: Row[]): Promise<Buffer> {
  const data = [
    HEAD.map((h) => ({ value: h, fontWeight: 'bold' as const })),
    ...rows.map((d) =>
      cells(d).map((v) =>
        v === null || v === undefined
          ? null
          : typeof v === 'number'
            ? { value: v, type: Number }
            : typeof v === 'boolean'
              ? { value: v, type: Boolean }
              : { value: String(v), type: String },
      ),
    ),
  ]
  return writeExcelFile(data as never, { sheet: 'stock', stickyRowsCount: 1 } as never).toBuffer()
}
