import { z } from 'zod'
import { noRrn } from '../../platform/validation.ts'
import { DEVICE_STATUSES, DEVICE_TYPES, DONOR_KINDS, GRADES } from './tables.ts'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const Text = (max: number, required: string) =>
  noRrn(z.preprocess(trimmed, z.string(required).min(1, required).max(max, 'devices.err.tooLong')))
const OptText = (max: number) =>
  noRrn(z.preprocess(empty, z.string().max(max, 'devices.err.tooLong').optional()))
const Int = (min: number, max: number, msg: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/,/g, '')) : v),
    z.number(msg).int(msg).min(min, msg).max(max, msg),
  )
const Flag = z.preprocess(
  (v) => v === true || v === 'yes' || v === 'on' || v === 'true' || v === 'y' || v === '1',
  z.boolean(),
)

export const STORAGE_KINDS = ['hdd', 'ssd', 'nvme', 'emmc', 'other'] as const
/** One storage device wiped (a PC may have two drives). */
export const StorageItem = z.object({
  kind: z.enum(STORAGE_KINDS, 'devices.err.storageKind'),
  serial: OptText(60),
  capacityGb: z.preprocess(empty, Int(1, 100_000, 'devices.err.capacity').optional()),
})
export type StorageItem = z.infer<typeof StorageItem>

/** The refurbishment checklist; each item is ticked when it passed. */
export const CHECKLIST = [
  'cleaned',
  'screen',
  'keyboard',
  'battery',
  'ports',
  'storageHealth',
  'osInstalled',
  'updates',
  'accessibility',
] as const
export type ChecklistItem = (typeof CHECKLIST)[number]

export const Part = z.object({
  part: Text(80, 'devices.err.partName'),
  costKrw: Int(0, 10_000_000, 'devices.err.partCost'),
})

export const Specs = z.object({
  cpu: OptText(80),
  ramGb: z.preprocess(empty, Int(1, 1024, 'devices.err.ram').optional()),
  storageGb: z.preprocess(empty, Int(1, 100_000, 'devices.err.capacity').optional()),
  os: OptText(60),
  screenInches: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v === '' ? undefined : v),
    z.number('devices.err.screen').min(5, 'devices.err.screen').max(60, 'devices.err.screen').optional(),
  ),
})
export type Specs = z.infer<typeof Specs>

export const RefurbishInput = z.object({
  checklist: z.array(z.enum(CHECKLIST)).default([]),
  parts: z.array(Part).max(20).default([]),
  grade: z.enum(GRADES, 'devices.err.grade'),
  specs: Specs.default({}),
  note: OptText(300),
})
export type RefurbishInput = z.infer<typeof RefurbishInput>

export const MoneyDonationInput = z.object({
  donorKind: z.enum(DONOR_KINDS, 'devices.err.donorKind'),
  name: Text(100, 'devices.err.nameRequired'),
  businessNo: z.preprocess(
    empty,
    z
      .string()
      .regex(/^\d{3}-?\d{2}-?\d{5}$/, 'devices.err.businessNo')
      .optional(),
  ),
  contact: OptText(100),
  kind: z.enum(['money', 'points'], 'devices.err.moneyKind'),
  amount: Int(1, 10_000_000_000, 'devices.err.amount'),
  receivedOn: z.preprocess(
    trimmed,
    z.string('devices.err.date').regex(/^\d{4}-\d{2}-\d{2}$/, 'devices.err.date'),
  ),
  reference: Text(60, 'devices.err.reference'),
  wantsReceipt: Flag.default(false),
  issuer: z.preprocess(
    empty,
    z
      .string()
      .regex(/^[A-Z0-9-]{2,20}$/, 'devices.err.issuer')
      .default('GACHI'),
  ),
})
export type MoneyDonationInput = z.infer<typeof MoneyDonationInput>

/** One row of a bulk device intake CSV. */
export const DeviceCsvRow = z.object({
  type: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(DEVICE_TYPES, 'devices.err.deviceType'),
  ),
  model: OptText(100),
  serial: OptText(60),
  ageYears: Int(0, 30, 'devices.err.age'),
  cpu: OptText(80),
  ramGb: z.preprocess(empty, Int(1, 1024, 'devices.err.ram').optional()),
  storageGb: z.preprocess(empty, Int(1, 100_000, 'devices.err.capacity').optional()),
  centre: OptText(100),
})
export type DeviceCsvRow = z.infer<typeof DeviceCsvRow>

export const DeviceImportInput = z.object({
  csv: z.string('devices.err.csv').min(1, 'devices.err.csv').max(5_000_000, 'devices.err.csvTooBig'),
  pledgeId: z.preprocess(empty, z.uuid('devices.err.pledge').optional()),
  centre: OptText(100),
})
export const MoneyImportInput = z.object({
  csv: z.string('devices.err.csv').min(1, 'devices.err.csv').max(5_000_000, 'devices.err.csvTooBig'),
})

export const ValuationInput = z.object({
  type: z.enum(DEVICE_TYPES, 'devices.err.deviceType'),
  maxAgeYears: z.preprocess(
    (v) => (typeof v === 'string' ? Number(v) : v),
    z.union([z.literal(2), z.literal(4), z.literal(6), z.literal(99)]),
  ),
  grade: z.enum(GRADES, 'devices.err.grade'),
  valueKrw: Int(0, 100_000_000, 'devices.err.amount'),
  reason: Text(300, 'devices.err.reasonRequired'),
})

export const LinkOrgInput = z.object({ orgId: z.preprocess(empty, z.uuid('devices.err.org').optional()) })

export const ImpactQuery = z.object({ donor: z.preprocess(empty, z.uuid().optional()) })

export const StockViewQuery = z.object({
  status: z.preprocess(empty, z.enum(DEVICE_STATUSES).optional()),
  type: z.preprocess(empty, z.enum(DEVICE_TYPES).optional()),
  grade: z.preprocess(empty, z.enum(GRADES).optional()),
  centre: z.preprocess(empty, z.string().max(100).optional()),
  age: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : undefined),
    z.union([z.literal(2), z.literal(4), z.literal(6), z.literal(99)]).optional(),
  ),
  by: z.preprocess(empty, z.enum(['status', 'type', 'grade', 'centre', 'age']).default('status')),
})
export type StockViewQuery = z.infer<typeof StockViewQuery>

/** Intake by scanning serial numbers (one a line) for devices of one type and age. */
export const ScanInput = z.object({
  deviceType: z.enum(DEVICE_TYPES, 'devices.err.deviceType'),
  ageYears: Int(0, 30, 'devices.err.age'),
  model: OptText(100),
  serials: z
    .string('devices.err.serials')
    .trim()
    .min(1, 'devices.err.serials')
    .max(200_000, 'devices.err.csvTooBig'),
  pledgeId: z.preprocess(empty, z.uuid('devices.err.pledge').optional()),
  centre: OptText(100),
})
