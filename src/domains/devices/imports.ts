import { parse as parseCsv } from 'csv-parse/sync'
import { and, eq, inArray } from 'drizzle-orm'
import type { ZodType } from 'zod'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { issueMessage } from '../../platform/http/parse.ts'
import type { Params } from '../../platform/i18n/index.ts'
import { DeviceCsvRow, MoneyDonationInput } from './donor-schema.ts'
import { addMoneyDonation } from './donors.ts'
import * as repo from './repo.ts'
import { deviceEvents, devices, moneyDonations } from './tables.ts'

/** One problem in an uploaded file: the line (1 = header), the column, and a message key. */
export interface RowError {
  line: number
  field: string
  key: string
  params?: Params
}

export type ImportResult<T> = { ok: true; created: T[] } | { ok: false; errors: RowError[]; rows: number }

/** The most rows one file may have (300 PCs from one company is the usual case). */
export const MAX_ROWS = 5000

/** Header names accepted for each field (English snake_case, camelCase or Korean). */
const ALIASES: Record<string, string> = {
  type: 'type',
  device_type: 'type',
  종류: 'type',
  model: 'model',
  모델: 'model',
  serial: 'serial',
  serial_no: 'serial',
  일련번호: 'serial',
  age_years: 'ageYears',
  age: 'ageYears',
  사용연수: 'ageYears',
  cpu: 'cpu',
  ram_gb: 'ramGb',
  ram: 'ramGb',
  storage_gb: 'storageGb',
  storage: 'storageGb',
  centre: 'centre',
  center: 'centre',
  보관센터: 'centre',
  donor_kind: 'donorKind',
  기부자구분: 'donorKind',
  name: 'name',
  이름: 'name',
  business_no: 'businessNo',
  사업자번호: 'businessNo',
  contact: 'contact',
  연락처: 'contact',
  kind: 'kind',
  구분: 'kind',
  amount: 'amount',
  금액: 'amount',
  received_on: 'receivedOn',
  date: 'receivedOn',
  받은날: 'receivedOn',
  reference: 'reference',
  참조번호: 'reference',
  receipt: 'wantsReceipt',
  wants_receipt: 'wantsReceipt',
  영수증: 'wantsReceipt',
  issuer: 'issuer',
}
const normalise = (h: string) => {
  const k = h.replace(/^\uFEFF/, '').trim()
  const snake = k
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
  return ALIASES[snake] ?? ALIASES[k] ?? k
}

/** Parses CSV text into records with their line numbers, or one error for a file that is not CSV. */
function readCsv(
  text: string,
): { rows: { line: number; record: Record<string, string> }[] } | { error: RowError } {
  try {
    const out = parseCsv(text.replace(/^\uFEFF/, ''), {
      columns: (header: string[]) => header.map(normalise),
      skip_empty_lines: true,
      trim: true,
      info: true,
      relax_column_count: false,
    }) as { record: Record<string, string>; info: { lines: number } }[]
    return { rows: out.map((r) => ({ line: r.info.lines, record: r.record })) }
  } catch (e) {
    const line = (e as { lines?: number }).lines ?? 1
    return { error: { line, field: '_', key: 'devices.import.badCsv' } }
  }
}

/** Validates every row with the schema; returns the parsed rows or every row's errors (first per field). */
function validate<S extends ZodType>(
  rows: { line: number; record: Record<string, string> }[],
  schema: S,
): { parsed: { line: number; value: import('zod').infer<S> }[]; errors: RowError[] } {
  const parsed: { line: number; value: import('zod').infer<S> }[] = []
  const errors: RowError[] = []
  for (const r of rows) {
    const res = schema.safeParse(r.record)
    if (res.success) parsed.push({ line: r.line, value: res.data })
    else {
      const seen = new Set<string>()
      for (const issue of res.error.issues) {
        const field = issue.path.join('.') || '_'
        if (seen.has(field)) continue
        seen.add(field)
        const m = issueMessage(issue)
        errors.push({ line: r.line, field, key: m.key, params: m.params })
      }
    }
  }
  return { parsed, errors }
}

const tooMany = (n: number): RowError[] =>
  n > MAX_ROWS ? [{ line: 1, field: '_', key: 'devices.import.tooMany', params: { max: MAX_ROWS } }] : []

/**
 * Bulk intake from a company's CSV (type, model, serial, age_years, cpu, ram_gb, storage_gb, centre).
 * Every row is checked first (a duplicate serial in the file or already in stock is an error on its
 * line); with any error nothing is imported. Otherwise all devices get asset tags in ONE transaction.
 */
export async function importDevices(
  db: Db,
  actor: Actor,
  input: { csv: string; pledgeId?: string; centre?: string },
  now: Date,
): Promise<ImportResult<repo.DeviceRow>> {
  authorize(actor, 'devices:intake')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  const read = readCsv(input.csv)
  if ('error' in read) return { ok: false, errors: [read.error], rows: 0 }
  if (!read.rows.length)
    return { ok: false, errors: [{ line: 1, field: '_', key: 'devices.import.empty' }], rows: 0 }
  const { parsed, errors } = validate(read.rows, DeviceCsvRow)
  errors.push(...tooMany(read.rows.length))
  const serials = new Map<string, number>()
  for (const p of parsed) {
    const s = p.value.serial?.toUpperCase()
    if (!s) continue
    if (serials.has(s))
      errors.push({
        line: p.line,
        field: 'serial',
        key: 'devices.import.dupSerialFile',
        params: { line: serials.get(s)! },
      })
    else serials.set(s, p.line)
  }
  if (serials.size) {
    const known = await db
      .select({ serial: devices.serial, assetTag: devices.assetTag })
      .from(devices)
      .where(inArray(devices.serial, [...serials.keys()]))
    for (const k of known)
      errors.push({
        line: serials.get(k.serial!)!,
        field: 'serial',
        key: 'devices.import.dupSerialStock',
        params: { tag: k.assetTag },
      })
  }
  const pledge = input.pledgeId ? await repo.getPledge(db, input.pledgeId) : null
  if (input.pledgeId && !pledge) errors.push({ line: 1, field: 'pledgeId', key: 'devices.err.pledge' })
  if (errors.length)
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line), rows: read.rows.length }
  try {
    const created = await db.transaction(async (tx) => {
      const year = now.getUTCFullYear()
      const values = []
      for (const { value: r } of parsed) {
        const n = await repo.bumpCounter(tx, '#asset', year)
        const specs = { cpu: r.cpu, ramGb: r.ramGb, storageGb: r.storageGb }
        values.push({
          assetTag: `D-${year}-${String(n).padStart(5, '0')}`,
          pledgeId: pledge?.id ?? null,
          donorId: pledge?.donorId ?? null,
          type: r.type,
          model: r.model ?? null,
          serial: r.serial?.toUpperCase() ?? null,
          specs: Object.values(specs).some((x) => x !== undefined) ? specs : null,
          ageYears: r.ageYears,
          centre: r.centre ?? input.centre ?? null,
          status: 'received' as const,
          createdAt: now,
          updatedAt: now,
        })
      }
      const made: repo.DeviceRow[] = []
      for (let i = 0; i < values.length; i += 500)
        made.push(...(await repo.insertDevices(tx, values.slice(i, i + 500))))
      for (let i = 0; i < made.length; i += 500)
        await tx.insert(deviceEvents).values(
          made.slice(i, i + 500).map((d) => ({
            deviceId: d.id,
            fromStatus: null,
            toStatus: 'received',
            actorId: actor.id,
            actorName: actor.name,
            note: 'CSV',
            at: now,
          })),
        )
      await audit(tx, actor, {
        entity: 'device_import',
        entityId: pledge?.id ?? made[0]!.id,
        action: 'import.devices',
        after: { devices: made.length, first: made[0]!.assetTag, last: made.at(-1)!.assetTag },
        at: now,
      })
      if (pledge) await repo.setPledgeStatus(tx, pledge.id, 'received')
      return made
    })
    return { ok: true, created }
  } catch (e) {
    // a serial taken by a concurrent intake between the check and the insert: nothing was imported
    if (
      String(
        (e as { cause?: { code?: string }; code?: string }).cause?.code ?? (e as { code?: string }).code,
      ) === '23505'
    )
      return {
        ok: false,
        errors: [{ line: 1, field: 'serial', key: 'devices.import.dupSerialRace' }],
        rows: read.rows.length,
      }
    throw e
  }
}

/**
 * Money and reward-point donations from CSV (donor_kind, name, business_no, contact, kind, amount,
 * received_on, reference, receipt). Same rule: every row is checked first (a reference seen in the file or
 * already recorded is an error), and all rows — with their receipts — are recorded in one transaction.
 */
export async function importMoney(
  db: Db,
  actor: Actor,
  input: { csv: string },
  now: Date,
): Promise<ImportResult<{ id: string; receiptId: string | null }>> {
  authorize(actor, 'devices:donations')
  if (actor.kind !== 'staff') throw new AppError('forbidden', 'auth.forbidden')
  const read = readCsv(input.csv)
  if ('error' in read) return { ok: false, errors: [read.error], rows: 0 }
  if (!read.rows.length)
    return { ok: false, errors: [{ line: 1, field: '_', key: 'devices.import.empty' }], rows: 0 }
  const { parsed, errors } = validate(read.rows, MoneyDonationInput)
  errors.push(...tooMany(read.rows.length))
  const refs = new Map<string, number>()
  for (const p of parsed) {
    const k = `${p.value.kind}|${p.value.reference}`
    if (refs.has(k))
      errors.push({
        line: p.line,
        field: 'reference',
        key: 'devices.import.dupRefFile',
        params: { line: refs.get(k)! },
      })
    else refs.set(k, p.line)
  }
  for (const p of parsed) {
    const [seen] = await db
      .select({ id: moneyDonations.id })
      .from(moneyDonations)
      .where(and(eq(moneyDonations.kind, p.value.kind), eq(moneyDonations.reference, p.value.reference)))
    if (seen) errors.push({ line: p.line, field: 'reference', key: 'devices.err.duplicateReference' })
  }
  if (errors.length)
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line), rows: read.rows.length }
  let line = 0
  try {
    const created = await db.transaction(async (tx) => {
      const out: { id: string; receiptId: string | null }[] = []
      for (const p of parsed) {
        line = p.line
        const r = await addMoneyDonation(tx, actor, p.value, 'csv', now)
        out.push({ id: r.donation.id, receiptId: r.donation.receiptId })
      }
      return out
    })
    return { ok: true, created }
  } catch (e) {
    if (e instanceof AppError && e.status < 500)
      return {
        ok: false,
        errors: [{ line, field: Object.keys(e.fields)[0] ?? '_', key: e.message }],
        rows: read.rows.length,
      }
    throw e
  }
}

/**
 * Intake by scanning: a barcode scanner types each serial number and Enter, so the list is one serial a line,
 * all of one type and age. Same rules as the CSV intake (every line checked, nothing half-imported); error
 * lines are the scanned lines (1 = first serial).
 */
export async function importScanned(
  db: Db,
  actor: Actor,
  input: {
    deviceType: string
    ageYears: number
    serials: string
    model?: string
    pledgeId?: string
    centre?: string
  },
  now: Date,
): Promise<ImportResult<repo.DeviceRow>> {
  const serials = input.serials
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean)
  if (!serials.length)
    return { ok: false, errors: [{ line: 1, field: 'serials', key: 'devices.import.empty' }], rows: 0 }
  const q = (v: string | number | undefined) => `"${String(v ?? '').replace(/"/g, '""')}"`
  const csv = [
    'type,model,serial,age_years',
    ...serials.map((s) => [input.deviceType, input.model, s, input.ageYears].map(q).join(',')),
  ].join('\n')
  const r = await importDevices(db, actor, { csv, pledgeId: input.pledgeId, centre: input.centre }, now)
  if (r.ok) return r
  const shift = (n: number) => Math.max(1, n - 1)
  return {
    ...r,
    errors: r.errors.map((e) => ({
      ...e,
      line: shift(e.line),
      ...(typeof e.params?.line === 'number' ? { params: { ...e.params, line: shift(e.params.line) } } : {}),
    })),
  }
}
