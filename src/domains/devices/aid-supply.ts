import { z } from 'zod'
import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { noRrn } from '../../platform/validation.ts'
import type { AidRow } from './aid-repo.ts'
import * as aidRepo from './aid-repo.ts'
import type { AidKind, aidApplications, SupplyStatus } from './tables.ts'

/**
 * What happens after an aid application is approved, as one step machine per kind:
 * - assistive device: ordered (from whom) → supplied (serial) → handed over (who, the co-payment and how);
 * - internet-fee support: arranged (provider, amount covered a month, first and last month) → paying → ended.
 * One service moves either one step under the row lock, refuses a step out of order or of the other kind,
 * and audits each step.
 */

const trimmedText = (max: number, required: string) =>
  noRrn(
    z.preprocess(
      (v) => (typeof v === 'string' ? v.trim() : v),
      z.string(required).min(1, required).max(max, 'devices.err.tooLong'),
    ),
  )
const optionalText = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() === '' ? undefined : typeof v === 'string' ? v.trim() : v),
    z.string().max(max, 'devices.err.tooLong').optional(),
  )
const Won = (msg: string, min: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.replace(/[,\s원₩]/g, '')) : v),
    z.number(msg).int(msg).min(min, msg),
  )
const Month = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v),
  z.string('devices.aid.supply.err.month').regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'devices.aid.supply.err.month'),
)
/** Internet-fee support is arranged for at most this many months at a time. */
export const MAX_SUPPORT_MONTHS = 24

/** One supply step (assistive: order, supply, handover; internet-fee support: arrange, start, end). */
export const SupplyInput = z.discriminatedUnion(
  'step',
  [
    z.object({ step: z.literal('order'), supplier: trimmedText(100, 'devices.aid.supply.err.supplier') }),
    z.object({ step: z.literal('supply'), serialNo: optionalText(100) }),
    z.object({
      step: z.literal('handover'),
      receivedBy: trimmedText(50, 'devices.err.receivedBy'),
      copayMethod: z.enum(['cash', 'card', 'transfer', 'waived'], 'devices.aid.supply.err.method'),
      copayPaidKrw: Won('devices.err.amount', 0),
    }),
    z
      .object({
        step: z.literal('arrange'),
        provider: trimmedText(100, 'devices.aid.supply.err.provider'),
        coveredKrw: Won('devices.aid.supply.err.covered', 1),
        startMonth: Month,
        endMonth: Month,
      })
      .refine((s) => s.endMonth >= s.startMonth, {
        path: ['endMonth'],
        message: 'devices.aid.supply.err.period',
      })
      .refine((s) => monthsBetween(s.startMonth, s.endMonth) <= MAX_SUPPORT_MONTHS, {
        path: ['endMonth'],
        message: 'devices.aid.supply.err.tooLong',
      }),
    z.object({ step: z.literal('start') }),
    z.object({ step: z.literal('end') }),
  ],
  'devices.aid.supply.err.step',
)
export type SupplyInput = z.infer<typeof SupplyInput>
export type SupplyStep = SupplyInput['step']

/** Months from the first to the last, both counted ("2027-01".."2027-12" = 12). */
export function monthsBetween(first: string, last: string) {
  const [y1, m1] = first.split('-').map(Number)
  const [y2, m2] = last.split('-').map(Number)
  return (y2! - y1!) * 12 + (m2! - m1!) + 1
}

/** Each kind's steps in order: which status a step needs and which it leaves. */
export const SUPPLY_FLOWS: Record<
  AidKind,
  readonly { step: SupplyStep; from: SupplyStatus | null; to: SupplyStatus }[]
> = {
  assistive: [
    { step: 'order', from: null, to: 'ordered' },
    { step: 'supply', from: 'ordered', to: 'supplied' },
    { step: 'handover', from: 'supplied', to: 'handed_over' },
  ],
  internet: [
    { step: 'arrange', from: null, to: 'arranged' },
    { step: 'start', from: 'arranged', to: 'paying' },
    { step: 'end', from: 'paying', to: 'ended' },
  ],
}

/** The next step of an approved application (null when its supply is finished). */
export const nextSupplyStep = (a: Pick<AidRow, 'kind' | 'supplyStatus'>): SupplyStep | null =>
  SUPPLY_FLOWS[a.kind].find((s) => s.from === (a.supplyStatus ?? null))?.step ?? null

/** What a step records on the application (and checks against what was computed at application). */
function fieldsOf(a: AidRow, input: SupplyInput, now: Date): Partial<typeof aidApplications.$inferInsert> {
  switch (input.step) {
    case 'order':
      return { supplier: input.supplier, orderedAt: now }
    case 'supply':
      return { serialNo: input.serialNo ?? null, suppliedAt: now }
    case 'handover': {
      const due = input.copayMethod === 'waived' ? 0 : a.copayKrw
      if (input.copayPaidKrw !== due)
        throw new AppError(
          'validation',
          'devices.aid.supply.err.copay',
          { copayPaidKrw: 'devices.aid.supply.err.copay' },
          { n: due.toLocaleString('ko-KR') },
          { fieldParams: { copayPaidKrw: { n: due.toLocaleString('ko-KR') } } },
        )
      return {
        receivedBy: input.receivedBy,
        copayPaidKrw: input.copayPaidKrw,
        copayMethod: input.copayMethod,
        handedOverAt: now,
      }
    }
    case 'arrange': {
      // the programme never pays more a month than was computed at application (fee up to the cap)
      if (input.coveredKrw > a.stateKrw)
        throw new AppError(
          'validation',
          'devices.aid.supply.err.coveredMax',
          { coveredKrw: 'devices.aid.supply.err.coveredMax' },
          { n: a.stateKrw.toLocaleString('ko-KR') },
          { fieldParams: { coveredKrw: { n: a.stateKrw.toLocaleString('ko-KR') } } },
        )
      return {
        provider: input.provider,
        coveredKrw: input.coveredKrw,
        startMonth: input.startMonth,
        endMonth: input.endMonth,
        arrangedAt: now,
      }
    }
    case 'start':
      return { startedAt: now }
    case 'end':
      return { endedAt: now }
  }
}

/** What the audit trail keeps of a step (amounts and the period; never who received it). */
const audited = (input: SupplyInput) =>
  input.step === 'handover'
    ? { copayPaidKrw: input.copayPaidKrw, copayMethod: input.copayMethod }
    : input.step === 'arrange'
      ? {
          provider: input.provider,
          coveredKrw: input.coveredKrw,
          startMonth: input.startMonth,
          endMonth: input.endMonth,
        }
      : {}

/**
 * Moves an approved application one supply step. An assistive device's steps need `devices:deliver`
 * (technicians too); internet-fee support's need `devices:review` (the programme pays the provider).
 * A step of the other kind or out of order is refused; each step is audited.
 */
export async function advanceSupply(db: Db, actor: Actor, id: string, input: SupplyInput, now: Date) {
  authorize(actor, 'devices:deliver')
  return db.transaction(async (tx) => {
    const a = await aidRepo.lockAid(tx, id)
    if (!a) throw new AppError('not_found', 'devices.err.notFound')
    if (a.kind === 'internet') authorize(actor, 'devices:review')
    const internet = a.kind === 'internet'
    if (a.status !== 'approved')
      throw new AppError('conflict', `devices.aid.supply.err.notApproved${internet ? 'Internet' : ''}`)
    const step = SUPPLY_FLOWS[a.kind].find((s) => s.step === input.step)
    if (!step) throw new AppError('conflict', 'devices.aid.supply.err.kind')
    if ((a.supplyStatus ?? null) !== step.from)
      throw new AppError('conflict', `devices.aid.supply.err.order${internet ? 'Internet' : ''}`)
    const set = { ...fieldsOf(a, input, now), supplyStatus: step.to }
    await aidRepo.updateAid(tx, id, set)
    await audit(tx, actor, {
      entity: 'device_aid_application',
      entityId: id,
      action: `supply.${input.step}`,
      before: { supplyStatus: a.supplyStatus },
      after: { supplyStatus: step.to, ...audited(input) },
      at: now,
    })
    return { ...a, ...set } as AidRow
  })
}
