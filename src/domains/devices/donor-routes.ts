import { cityProfile } from '../../platform/city.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { uuidParam } from '../../platform/http/params.ts'
import { api } from '../../platform/http/route.ts'
import { wipeCertificatePdf } from './certificates.ts'
import {
  DeviceImportInput,
  MoneyDonationInput,
  MoneyImportInput,
  RefurbishInput,
  ScanInput,
  StockViewQuery,
  ValuationInput,
} from './donor-schema.ts'
import * as donors from './donors.ts'
import { importDevices, importMoney, importScanned } from './imports.ts'
import { now } from './present.ts'
import { recordRefurbishment } from './refurbish.ts'
import * as stock from './stock.ts'
import { setValuation, valuationTable } from './valuation.ts'

const tags = ['devices']
const idOf = (c: Ctx) => uuidParam(c, 'id', 'devices.err.notFound')

const importFailed = (c: Ctx, r: { errors: import('./imports.ts').RowError[]; rows: number }) =>
  c.json(
    {
      error: 'validation',
      message: c.var.t('devices.import.nothing', { n: r.errors.length }),
      rows: r.rows,
      errors: r.errors.map((e) => ({ ...e, message: c.var.t(e.key, e.params) })),
    },
    422,
  )

async function certificateResponse(
  c: Ctx,
  of: { deviceId: string } | { pledgeId: string } | { donorId: string },
  file: string,
) {
  const items = await donors.certificateDevices(c.var.db, c.var.actor, of)
  const scope =
    'deviceId' in of
      ? items[0]!.assetTag
      : c.var.t('devices.cert.batch', { donor: items[0]?.donorName ?? '—', n: items.length })
  const pdf = await wipeCertificatePdf(items, {
    locale: c.var.locale,
    cityName: cityProfile(c.var.deps.config.GACHI_CITY).name[c.var.locale],
    scope,
    issuedAt: now(c),
  })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="${file}"`,
      'cache-control': 'no-store',
    },
  })
}

export const donorApi = [
  api({
    method: 'GET',
    path: '/devices/:id/wipe-certificate.pdf',
    access: 'signed-in',
    summary:
      'Data-destruction certificate of one device (NIST SP 800-88): storage, method, tool, operator, verifier, time. Staff, or the device’s donor',
    tags,
    handle: (c) => certificateResponse(c, { deviceId: idOf(c) }, 'wipe-certificate.pdf'),
  }),
  api({
    method: 'GET',
    path: '/pledges/:id/wipe-certificates.pdf',
    access: 'signed-in',
    summary: 'Data-destruction certificates of every device of one donation (batch). Staff, or the donor',
    tags,
    handle: (c) => certificateResponse(c, { pledgeId: idOf(c) }, 'wipe-certificates.pdf'),
  }),
  api({
    method: 'GET',
    path: '/donors/:id/wipe-certificates.pdf',
    access: 'signed-in',
    summary: 'Data-destruction certificates of every device a donor gave. Staff, or the donor',
    tags,
    handle: (c) => certificateResponse(c, { donorId: idOf(c) }, 'wipe-certificates.pdf'),
  }),
  api({
    method: 'GET',
    path: '/donors/:id/impact',
    access: 'devices:impact',
    summary:
      'A donor’s impact: each device’s journey (received, wiped, refurbished, delivered to a district) with totals; no recipient data. A company account sees only its own organisation’s donors',
    tags,
    handle: async (c) => {
      const r = await donors.impact(c.var.db, c.var.actor, idOf(c))
      return c.json({
        totals: r.totals,
        journeys: r.journeys.map((j) => ({
          assetTag: j.assetTag,
          type: j.type,
          status: j.status,
          grade: j.grade,
          receivedAt: j.receivedAt,
          wipedAt: j.wipedAt,
          refurbishedAt: j.refurbishedAt,
          deliveredAt: j.deliveredAt,
          district: j.district?.code ?? null,
        })),
      })
    },
  }),
  api({
    method: 'POST',
    path: '/devices/import',
    access: 'devices:intake',
    summary:
      'Bulk intake from CSV (type, model, serial, age_years, cpu, ram_gb, storage_gb, centre): all rows or none; 422 lists every row’s errors',
    tags,
    body: DeviceImportInput,
    status: 201,
    handle: async (c, { body }) => {
      const r = await importDevices(c.var.db, c.var.actor, body, now(c))
      if (!r.ok) return importFailed(c, r)
      return c.json({ created: r.created.length, assetTags: r.created.map((d) => d.assetTag) }, 201)
    },
  }),
  api({
    method: 'POST',
    path: '/devices/scan-intake',
    access: 'devices:intake',
    summary:
      'Intake by scanning: serial numbers one a line, all of one type and age; all lines or none (422 lists each line’s errors)',
    tags,
    body: ScanInput,
    status: 201,
    handle: async (c, { body }) => {
      const r = await importScanned(c.var.db, c.var.actor, body, now(c))
      if (!r.ok) return importFailed(c, r)
      return c.json({ created: r.created.length, assetTags: r.created.map((d) => d.assetTag) }, 201)
    },
  }),
  api({
    method: 'POST',
    path: '/devices/:id/refurbishment',
    access: 'devices:intake',
    summary: 'Records a refurbishment (checklist, parts and cost, specs, grade); the device becomes "graded"',
    tags,
    body: RefurbishInput,
    status: 201,
    handle: async (c, { body }) => {
      const r = await recordRefurbishment(c.var.db, c.var.actor, idOf(c), body, now(c))
      return c.json({ id: r.id, grade: r.grade, partsCostKrw: r.partsCostKrw }, 201)
    },
  }),
  api({
    method: 'POST',
    path: '/money-donations',
    access: 'devices:donations',
    summary:
      'Records a money or city reward-point donation; with wantsReceipt, its donation receipt is issued in the same transaction. A reference is recorded once',
    tags,
    body: MoneyDonationInput,
    status: 201,
    handle: async (c, { body }) => {
      const r = await donors.recordMoneyDonation(c.var.db, c.var.actor, body, now(c))
      return c.json({ id: r.donation.id, donorId: r.donor.id, receiptId: r.donation.receiptId }, 201)
    },
  }),
  api({
    method: 'POST',
    path: '/money-donations/import',
    access: 'devices:donations',
    summary:
      'Money and reward-point donations from CSV (donor_kind, name, business_no, contact, kind, amount, received_on, reference, receipt): all rows or none',
    tags,
    body: MoneyImportInput,
    status: 201,
    handle: async (c, { body }) => {
      const r = await importMoney(c.var.db, c.var.actor, body, now(c))
      if (!r.ok) return importFailed(c, r)
      return c.json({ created: r.created.length, receipts: r.created.filter((x) => x.receiptId).length }, 201)
    },
  }),
  api({
    method: 'GET',
    path: '/device-valuations',
    access: 'devices:valuation',
    summary: 'The in-kind valuation table (type × age band × grade → KRW) used by receipts',
    tags,
    handle: async (c) => c.json({ items: await valuationTable(c.var.db) }),
  }),
  api({
    method: 'PUT',
    path: '/device-valuations',
    access: 'devices:valuation',
    summary: 'Changes one cell of the valuation table; the reason is kept in the audit trail',
    tags,
    body: ValuationInput,
    handle: async (c, { body }) => c.json(await setValuation(c.var.db, c.var.actor, body, now(c))),
  }),
  api({
    method: 'GET',
    path: '/device-stock',
    access: 'devices:read',
    summary: 'Stock counts grouped by status, type, grade, centre or age band, with filters',
    tags,
    query: StockViewQuery,
    handle: async (c, { query }) => {
      const { by, ...f } = query
      return c.json(await stock.stockSummary(c.var.db, c.var.actor, f, by))
    },
  }),
  api({
    method: 'GET',
    path: '/device-stock.csv',
    access: 'devices:read',
    summary: 'Filtered stock as CSV',
    tags,
    query: StockViewQuery,
    handle: async (c, { query }) => {
      const { by: _by, ...f } = query
      return new Response(stock.toCsv(await stock.stockRows(c.var.db, c.var.actor, f)), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="device-stock.csv"',
        },
      })
    },
  }),
  api({
    method: 'GET',
    path: '/device-stock.xlsx',
    access: 'devices:read',
    summary: 'Filtered stock as an Excel workbook (XLSX)',
    tags,
    query: StockViewQuery,
    handle: async (c, { query }) => {
      const { by: _by, ...f } = query
      const buf = await stock.toXlsx(await stock.stockRows(c.var.db, c.var.actor, f))
      return new Response(new Uint8Array(buf), {
        headers: {
          'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': 'attachment; filename="device-stock.xlsx"',
        },
      })
    },
  }),
]
