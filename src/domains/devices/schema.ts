import { z } from 'zod'
import { noRrn } from '../../platform/validation.ts'
import { StorageItem } from './donor-schema.ts'
import { CRITERIA } from './rules.ts'
import {
  CLASS_OFFERS,
  DEVICE_STATUSES,
  DEVICE_TYPES,
  DONOR_KINDS,
  GRADES,
  REPAIR_SKILLS,
  STARTER_GUIDES,
  WIPE_METHODS,
} from './tables.ts'

const trimmed = (v: unknown) => (typeof v === 'string' ? v.trim() : v)
const empty = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : trimmed(v))
const Text = (max: number, required: string) =>
  noRrn(z.preprocess(trimmed, z.string().min(1, required).max(max, 'devices.err.tooLong')))
const OptText = (max: number) =>
  noRrn(z.preprocess(empty, z.string().max(max, 'devices.err.tooLong').optional()))
const Int = (min: number, max: number, msg: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : v),
    z.number(msg).int(msg).min(min, msg).max(max, msg),
  )
/** A form checkbox ("yes") or a JSON boolean. */
const Flag = z.preprocess((v) => v === true || v === 'yes' || v === 'on' || v === 'true', z.boolean())
const IsoDate = z.preprocess(
  empty,
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'devices.err.date')
    .optional(),
)
const IdemKey = z
  .preprocess(empty, z.string().max(100).optional())
  .describe('Idempotency key: the same key never creates a second record')

export const PledgeInput = z
  .object({
    donorKind: z.enum(DONOR_KINDS, 'devices.err.donorKind'),
    name: Text(100, 'devices.err.nameRequired'),
    businessNo: z.preprocess(
      empty,
      z
        .string()
        .regex(/^\d{3}-?\d{2}-?\d{5}$/, 'devices.err.businessNo')
        .optional(),
    ),
    contact: Text(100, 'devices.err.contactRequired'),
    deviceType: z.enum(DEVICE_TYPES, 'devices.err.deviceType'),
    count: Int(1, 5000, 'devices.err.count'),
    ageYears: Int(0, 30, 'devices.err.age'),
    condition: Text(300, 'devices.err.conditionRequired'),
    handover: z.enum(['drop_off', 'pickup'], 'devices.err.handover'),
    pickupAddress: OptText(200),
    consentDataDestruction: Flag.refine((v) => v, 'devices.err.consent'),
    idempotencyKey: IdemKey,
  })
  .refine((p) => p.handover !== 'pickup' || !!p.pickupAddress, {
    path: ['pickupAddress'],
    message: 'devices.err.pickupAddress',
  })
export type PledgeInput = z.infer<typeof PledgeInput>

export const IntakeInput = z.object({
  pledgeId: z.preprocess(empty, z.uuid('devices.err.pledge').optional()),
  deviceType: z.enum(DEVICE_TYPES, 'devices.err.deviceType'),
  count: Int(1, 500, 'devices.err.count'),
  ageYears: Int(0, 30, 'devices.err.age'),
  model: OptText(100),
  centre: OptText(100),
})
export type IntakeInput = z.infer<typeof IntakeInput>

export const TransitionInput = z.object({
  to: z.enum(DEVICE_STATUSES, 'devices.err.status'),
  note: OptText(300),
  wipeMethod: z.preprocess(empty, z.enum(WIPE_METHODS, 'devices.err.wipeMethod').optional()),
  wipeTool: OptText(100),
  verifierName: OptText(50),
  grade: z.preprocess(empty, z.enum(GRADES, 'devices.err.grade').optional()),
  /** The storage devices wiped (kind, serial, capacity), recorded on the wipe certificate. */
  storage: z.array(StorageItem).max(8).optional(),
})
export type TransitionInput = z.infer<typeof TransitionInput>

export const ReceiptInput = z.object({
  issuer: z.preprocess(
    empty,
    z
      .string()
      .regex(/^[A-Z0-9-]{2,20}$/, 'devices.err.issuer')
      .default('GACHI'),
  ),
  donorId: z.uuid('devices.err.donor'),
  pledgeId: z.preprocess(empty, z.uuid().optional()),
  kind: z.enum(['in_kind', 'money']).default('in_kind'),
  amountKrw: z.preprocess(empty, Int(1, 10_000_000_000, 'devices.err.amount').optional()),
  adjustReason: OptText(300),
  idempotencyKey: IdemKey,
})
export type ReceiptInput = z.infer<typeof ReceiptInput>

export const VoidInput = z.object({
  reason: Text(300, 'devices.err.reasonRequired'),
  reissue: Flag.default(false),
})

const criteriaShape = Object.fromEntries(CRITERIA.map((c) => [c, Flag.default(false)])) as Record<
  (typeof CRITERIA)[number],
  z.ZodDefault<typeof Flag>
>

export const ApplicationInput = z.object({
  deviceType: z.enum(DEVICE_TYPES, 'devices.err.deviceType'),
  districtCode: z.preprocess(trimmed, z.string().regex(/^\d{5}$/, 'devices.err.district')),
  quantity: z.preprocess(empty, Int(1, 200, 'devices.err.count').default(1)),
  /** The lowest grade that fits the need (C = any); an organisation may ask for better. */
  minGrade: z.preprocess(empty, z.enum(GRADES, 'devices.err.grade').default('C')),
  lastPublicDeviceAt: IsoDate,
  ...criteriaShape,
  idempotencyKey: IdemKey,
})
export type ApplicationInput = z.infer<typeof ApplicationInput>

/** Staff entering an application: for a person (proxy, with consent) or for their organisation (batch). */
export const StaffApplicationInput = ApplicationInput.extend({
  applicantKind: z.enum(['proxy', 'organisation']),
  personId: z.preprocess(empty, z.uuid('devices.err.person').optional()),
  channel: z.enum(['phone', 'walk_in', 'field']).default('phone'),
  consentGiven: Flag.default(false),
}).refine((a) => a.applicantKind !== 'proxy' || (!!a.personId && a.consentGiven), {
  path: ['consentGiven'],
  message: 'devices.err.proxyConsent',
})
export type StaffApplicationInput = z.infer<typeof StaffApplicationInput>

export const DecisionInput = z.object({ decision: z.enum(['approved', 'rejected']) })
export const AllocationRunInput = z.object({
  dryRun: Flag.default(true),
  /** The preview's runId: committing the same run again changes nothing. */
  runId: z.uuid().optional(),
})
export const DeliveryInput = z.object({
  receivedBy: Text(50, 'devices.err.receivedBy'),
  starterGuide: Flag.default(false),
  /** Which starter guide went with the device (printed, large print, audio, Braille, none). */
  starterGuideKind: z.preprocess(empty, z.enum(STARTER_GUIDES, 'devices.handover.err.guide').optional()),
  /** A beginners' class (education catalogue) offered at the handover. */
  classOffer: z.preprocess(empty, z.enum(CLASS_OFFERS, 'devices.handover.err.class').optional()),
  warrantyMonths: z.preprocess(empty, Int(0, 60, 'devices.handover.err.warranty').optional()),
})
export const RepairInput = z.object({
  assetTag: Text(30, 'devices.err.assetTag'),
  problem: Text(500, 'devices.err.problem'),
  channel: z.enum(['web', 'phone', 'walk_in', 'field']).default('phone'),
  /** Triage: the skill the repair needs (suggests a technician or volunteer). */
  skill: z.preprocess(empty, z.enum(REPAIR_SKILLS, 'devices.repair.err.skill').optional()),
})
export const ResolveInput = z.object({
  resolution: Text(500, 'devices.err.resolution'),
  /** Parts used and their cost. */
  parts: z
    .array(
      z.object({
        part: Text(100, 'devices.repair.err.part'),
        costKrw: z.preprocess(empty, Int(0, 10_000_000, 'devices.err.amount').default(0)),
      }),
    )
    .max(10)
    .default([]),
})
export const StockQuery = z.object({
  status: z.preprocess(empty, z.enum(DEVICE_STATUSES).optional()),
  type: z.preprocess(empty, z.enum(DEVICE_TYPES).optional()),
})

export const DeviceOut = z.object({
  id: z.uuid(),
  assetTag: z.string(),
  type: z.enum(DEVICE_TYPES),
  status: z.enum(DEVICE_STATUSES),
  grade: z.enum(GRADES).nullable(),
  ageYears: z.number(),
  wipeVerified: z.boolean(),
})
export const ReceiptOut = z.object({
  id: z.uuid(),
  number: z.string(),
  status: z.enum(['issued', 'voided']),
  amountKrw: z.number(),
  revision: z.number(),
})
