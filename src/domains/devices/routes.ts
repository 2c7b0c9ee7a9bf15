import { z } from 'zod'
import { cityProfile } from '../../platform/city.ts'
import type { Ctx } from '../../platform/http/context.ts'
import { AppError } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/http/params.ts'
import { api } from '../../platform/http/route.ts'
import { labelSheetPdf, receiptPdf } from './pdf.ts'
import { now } from './present.ts'
import {
  AllocationRunInput,
  ApplicationInput,
  DecisionInput,
  DeliveryInput,
  DeviceOut,
  IntakeInput,
  PledgeInput,
  ReceiptInput,
  ReceiptOut,
  RepairInput,
  ResolveInput,
  StaffApplicationInput,
  StockQuery,
  TransitionInput,
  VoidInput,
} from './schema.ts'
import * as svc from './service.ts'

const tags = ['devices']

/** A path id; anything that is not a UUID is simply "not found". */
export function idOf(c: Ctx, name = 'id'): string {
  const v = (c.req.param(name) ?? '').replace(/\.pdf$/, '')
  if (!isUuid(v)) throw new AppError('not_found', 'devices.err.notFound')
  return v
}

const presentDevice = (d: {
  id: string
  assetTag: string
  type: string
  status: string
  grade: string | null
  ageYears: number
  wipeVerified: boolean
}) => ({
  id: d.id,
  assetTag: d.assetTag,
  type: d.type,
  status: d.status,
  grade: d.grade,
  ageYears: d.ageYears,
  wipeVerified: d.wipeVerified,
})
const presentReceipt = (r: svc.ReceiptLike) => ({
  id: r.id,
  number: svc.receiptNumber(r),
  status: r.status,
  amountKrw: r.amountKrw,
  revision: r.revision,
})
const presentApplication = (a: {
  id: string
  status: string
  eligible: boolean
  score: number
  explanation: unknown
  deviceType: string
  quantity: number
}) => ({
  id: a.id,
  status: a.status,
  eligible: a.eligible,
  score: a.score,
  deviceType: a.deviceType,
  quantity: a.quantity,
  explanation: a.explanation,
})
const ApplicationOut = z.object({
  id: z.uuid(),
  status: z.string(),
  eligible: z.boolean(),
  score: z.number(),
  deviceType: z.string(),
  quantity: z.number(),
  explanation: z.unknown(),
})

/** Renders a receipt PDF in the request's language. */
export async function receiptPdfResponse(c: Ctx, id: string): Promise<Response> {
  const { receipt: r, donor } = await svc.receiptWithDonor(c.var.db, c.var.actor, id)
  const pdf = await receiptPdf({
    locale: c.var.locale,
    number: svc.receiptNumber(r),
    status: r.status,
    donorName: donor.name,
    businessNo: donor.businessNo,
    kind: r.kind,
    amountKrw: r.amountKrw,
    items: r.items as svc.ReceiptItem[],
    issuedAt: r.issuedAt,
    issuer: r.issuer,
    cityName: cityProfile(c.var.deps.config.GACHI_CITY).name[c.var.locale],
  })
  return new Response(new Uint8Array(pdf), {
    headers: {
      'content-type': 'application/pdf',
      'content-disposition': `inline; filename="receipt-${svc.receiptNumber(r)}.pdf"`,
      'cache-control': 'no-store',
    },
  })
}

export const devicesApi = [
  api({
    method: 'POST',
    path: '/donations',
    access: 'public',
    summary: 'Pledges devices (individual or company); the same idempotencyKey returns the first pledge',
    tags,
    body: PledgeInput,
    response: z.object({ id: z.uuid(), created: z.boolean() }),
    status: 201,
    handle: async (c, { body }) => {
      const r = await svc.createPledge(c.var.db, c.var.actor, body, now(c))
      return c.json({ id: r.pledge.id, created: r.created }, r.created ? 201 : 200)
    },
  }),
  api({
    method: 'POST',
    path: '/devices',
    access: 'devices:intake',
    summary: 'Receives devices: each gets an asset tag and starts as "received"',
    tags,
    body: IntakeInput,
    response: z.object({ items: z.array(DeviceOut) }),
    status: 201,
    handle: async (c, { body }) =>
      c.json(
        { items: (await svc.intakeDevices(c.var.db, c.var.actor, body, now(c))).map(presentDevice) },
        201,
      ),
  }),
  api({
    method: 'GET',
    path: '/devices',
    access: 'devices:read',
    summary: 'Stock by status and type',
    tags,
    query: StockQuery,
    response: z.object({ items: z.array(DeviceOut) }),
    handle: async (c, { query }) =>
      c.json({ items: (await svc.listStock(c.var.db, c.var.actor, query)).map(presentDevice) }),
  }),
  api({
    method: 'GET',
    path: '/devices.csv',
    access: 'devices:read',
    summary: 'Stock as CSV',
    tags,
    handle: async (c) =>
      new Response(await svc.stockCsv(c.var.db, c.var.actor), {
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': 'attachment; filename="devices.csv"',
        },
      }),
  }),
  api({
    method: 'GET',
    path: '/devices/labels.pdf',
    access: 'devices:intake',
    summary:
      'Printable asset labels (A4, 24 a page) with QR codes that open each device page; filter by status and type',
    tags,
    query: StockQuery,
    handle: async (c, { query }) => {
      const rows = await svc.listStock(c.var.db, c.var.actor, query)
      const base = c.var.deps.config.PUBLIC_URL ?? new URL(c.req.url).origin
      const pdf = await labelSheetPdf(rows, { locale: c.var.locale, baseUrl: base.replace(/\/$/, '') })
      return new Response(new Uint8Array(pdf), {
        headers: {
          'content-type': 'application/pdf',
          'content-disposition': 'inline; filename="labels.pdf"',
        },
      })
    },
  }),
  api({
    method: 'GET',
    path: '/devices/:id',
    access: 'devices:read',
    summary: 'A device with its history, wipe records and repair tickets',
    tags,
    handle: async (c) => {
      const d = await svc.deviceDetail(c.var.db, c.var.actor, idOf(c))
      return c.json({ ...presentDevice(d.device), events: d.events, wipes: d.wipes, tickets: d.tickets })
    },
  }),
  api({
    method: 'POST',
    path: '/devices/:id/transitions',
    access: 'devices:intake',
    summary: 'Moves a device one step in its lifecycle (409 with a message for a step that is not allowed)',
    tags,
    body: TransitionInput,
    response: DeviceOut,
    handle: async (c, { body }) =>
      c.json(presentDevice(await svc.transitionDevice(c.var.db, c.var.actor, idOf(c), body, now(c)))),
  }),
  api({
    method: 'POST',
    path: '/receipts',
    access: 'devices:receipts',
    summary: 'Issues a donation receipt with the next gap-free number of the issuer and year',
    tags,
    body: ReceiptInput,
    response: ReceiptOut,
    status: 201,
    handle: async (c, { body }) =>
      c.json(presentReceipt(await svc.issueReceipt(c.var.db, c.var.actor, body, now(c))), 201),
  }),
  api({
    method: 'GET',
    path: '/receipts/:id.pdf',
    access: 'devices:receipts',
    summary: 'The receipt as a PDF (Korean font embedded)',
    tags,
    handle: (c) => receiptPdfResponse(c, idOf(c, 'id.pdf')),
  }),
  api({
    method: 'POST',
    path: '/receipts/:id/void',
    access: 'devices:receipts',
    summary: 'Voids a receipt (its number stays); with reissue, a new revision under the same number',
    tags,
    body: VoidInput,
    handle: async (c, { body }) => {
      const r = await svc.voidReceipt(c.var.db, c.var.actor, idOf(c), body.reason, body.reissue, now(c))
      return c.json({
        voided: presentReceipt({ ...r.voided, status: 'voided' }),
        reissued: r.reissued ? presentReceipt(r.reissued) : null,
      })
    },
  }),
  api({
    method: 'POST',
    path: '/applications',
    access: 'signed-in',
    summary:
      'Applies for a device: a verified citizen for themselves, or staff for a person (proxy) or their organisation',
    tags,
    body: z.union([StaffApplicationInput, ApplicationInput]),
    response: ApplicationOut,
    status: 201,
    handle: async (c, { body }) => {
      const actor = c.var.actor
      const r =
        actor.kind === 'staff'
          ? await svc.applyAsStaff(c.var.db, actor, StaffApplicationInput.parse(body), now(c))
          : await svc.applyAsCitizen(c.var.db, actor, body, now(c))
      return c.json(presentApplication(r.application), r.created ? 201 : 200)
    },
  }),
  api({
    method: 'GET',
    path: '/applications',
    access: 'devices:apply',
    summary: 'Applications the caller may see (a centre worker: their organisation only); access is logged',
    tags,
    response: z.object({ items: z.array(ApplicationOut) }),
    handle: async (c) =>
      c.json({ items: (await svc.listApplications(c.var.db, c.var.actor, now(c))).map(presentApplication) }),
  }),
  api({
    method: 'GET',
    path: '/applications/:id',
    access: 'devices:apply',
    summary: 'One application with its eligibility explanation; 404 outside the caller’s organisation',
    tags,
    response: ApplicationOut,
    handle: async (c) =>
      c.json(presentApplication(await svc.viewApplication(c.var.db, c.var.actor, idOf(c), now(c)))),
  }),
  api({
    method: 'POST',
    path: '/applications/:id/decision',
    access: 'devices:review',
    summary: 'Approves or rejects a submitted application',
    tags,
    body: DecisionInput,
    response: ApplicationOut,
    handle: async (c, { body }) =>
      c.json(
        presentApplication(
          await svc.decideApplication(c.var.db, c.var.actor, idOf(c), body.decision, now(c)),
        ),
      ),
  }),
  api({
    method: 'POST',
    path: '/allocation-runs',
    access: 'devices:allocate',
    summary:
      'Matches ready devices to approved applications (transportation LP); dryRun (default true) previews with reasons; commit with the preview runId is idempotent',
    tags,
    body: AllocationRunInput,
    handle: async (c, { body }) => {
      const r = await svc.runAllocation(c.var.db, c.var.actor, body.dryRun, now(c), body.runId)
      return c.json({
        runId: r.runId,
        dryRun: r.dryRun,
        committed: r.committed,
        already: r.already,
        objective: r.plan.objective,
        bound: r.plan.bound,
        gap: r.plan.gap,
        solver: r.plan.solver,
        greedyObjective: r.plan.greedyObjective,
        districts: r.plan.districts,
        decisions: r.plan.decisions,
      })
    },
  }),
  api({
    method: 'POST',
    path: '/allocations/:id/delivery',
    access: 'devices:deliver',
    summary: 'Records the handover of a reserved device',
    tags,
    body: DeliveryInput,
    handle: async (c, { body }) => {
      const a = await svc.deliver(c.var.db, c.var.actor, idOf(c), body, now(c))
      return c.json({ id: a.id, status: a.status })
    },
  }),
  api({
    method: 'POST',
    path: '/repair-tickets',
    access: 'devices:repair',
    summary:
      'Opens an after-service repair ticket for a delivered device within its warranty (default 1 year); with a skill, a technician or volunteer is suggested and assigned; SLA 3 business days',
    tags,
    body: RepairInput,
    status: 201,
    handle: async (c, { body }) => {
      const t = await svc.openRepair(c.var.db, c.var.actor, body, now(c))
      return c.json({ id: t.id, status: t.status }, 201)
    },
  }),
  api({
    method: 'POST',
    path: '/repair-tickets/:id/resolve',
    access: 'devices:repair',
    summary: 'Resolves a repair ticket; the device goes back to its owner',
    tags,
    body: ResolveInput,
    handle: async (c, { body }) => {
      const t = await svc.resolveRepair(c.var.db, c.var.actor, idOf(c), body.resolution, now(c), body.parts)
      return c.json({ id: t.id, status: t.status })
    },
  }),
]
