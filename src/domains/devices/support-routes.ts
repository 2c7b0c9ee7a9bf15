import { z } from 'zod'
import { api } from '../../platform/http/route.ts'
import {
  BookInput,
  bookSlot,
  cancelBooking,
  cancelSlot,
  createSlot,
  dueFollowUps,
  FollowUpInput,
  recordFollowUp,
  SlotCancelInput,
  SlotChangeInput,
  SlotInput,
  type SlotRow,
  upcomingSlots,
  updateSlot,
} from './delivery.ts'
import { now } from './present.ts'
import {
  AssignInput,
  assignRepair,
  createRepairer,
  listRepairCentres,
  listRepairers,
  listRepairTypeSlas,
  openRepairTickets,
  REPAIR_SLA_DAYS,
  RepairCentreInput,
  RepairerActiveInput,
  RepairerInput,
  type RepairerRow,
  RepairTypeSlaBody,
  repairDetail,
  repairRef,
  repairTypeOf,
  scheduleVisit,
  setRepairCentre,
  setRepairerActive,
  setRepairTypeSla,
  type TicketRow,
  TriageInput,
  triageRepair,
  VisitInput,
} from './repairs.ts'
import { idOf } from './routes.ts'
import { REPAIR_SKILLS } from './tables.ts'

/**
 * JSON API for delivery slots and bookings, follow-ups, and the repair workflow after the ticket is
 * opened (triage, assignment, visit), repairers and repair centres. Thin: parse → service (which
 * authorizes and checks the object) → present.
 */

const tags = ['devices']

const RepairTypeOut = z.object({
  skill: z.enum(REPAIR_SKILLS),
  /** The type's own length in business days; null: the repair centre's length applies. */
  slaDays: z.number().nullable(),
  updatedAt: z.string().nullable(),
})
const presentRepairType = (
  skill: (typeof REPAIR_SKILLS)[number],
  row: { slaDays: number; updatedAt: Date } | undefined,
): z.infer<typeof RepairTypeOut> => ({
  skill,
  slaDays: row?.slaDays ?? null,
  updatedAt: row?.updatedAt.toISOString() ?? null,
})

const SlotOut = z.object({
  id: z.uuid(),
  kind: z.enum(['delivery', 'pickup']),
  centre: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  capacity: z.number(),
  booked: z.number(),
  cancelledAt: z.string().nullable(),
})
const presentSlot = (s: SlotRow): z.infer<typeof SlotOut> => ({
  id: s.id,
  kind: s.kind,
  centre: s.centre,
  startsAt: s.startsAt.toISOString(),
  endsAt: s.endsAt.toISOString(),
  capacity: s.capacity,
  booked: s.booked,
  cancelledAt: s.cancelledAt?.toISOString() ?? null,
})
const BookingOut = z.object({ allocationId: z.uuid(), slotId: z.uuid().nullable() })

const TicketOut = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: z.enum(['open', 'resolved']),
  channel: z.string(),
  problem: z.string(),
  skill: z.string().nullable(),
  districtCode: z.string().nullable(),
  suggestedId: z.uuid().nullable(),
  assigneeId: z.uuid().nullable(),
  visitAt: z.string().nullable(),
  openedAt: z.string(),
  dueAt: z.string().nullable(),
  escalatedAt: z.string().nullable(),
  resolvedAt: z.string().nullable(),
})
const iso = (d: Date | null) => d?.toISOString() ?? null
const presentTicket = (t: TicketRow): z.infer<typeof TicketOut> => ({
  id: t.id,
  reference: repairRef(t.id),
  status: t.status,
  channel: t.channel,
  problem: t.problem,
  skill: t.skill,
  districtCode: t.districtCode,
  suggestedId: t.suggestedId,
  assigneeId: t.assigneeId,
  visitAt: iso(t.visitAt),
  openedAt: t.openedAt.toISOString(),
  dueAt: iso(t.dueAt),
  escalatedAt: iso(t.escalatedAt),
  resolvedAt: iso(t.resolvedAt),
})
const RepairerOut = z.object({
  id: z.uuid(),
  kind: z.enum(['technician', 'volunteer']),
  name: z.string(),
  skills: z.array(z.string()),
  districts: z.array(z.string()),
  active: z.boolean(),
})
const presentRepairer = (r: RepairerRow): z.infer<typeof RepairerOut> => ({
  id: r.id,
  kind: r.kind,
  name: r.name,
  skills: r.skills as string[],
  districts: r.districts as string[],
  active: r.active,
})

export const supportApi = [
  // ── delivery slots ──
  api({
    method: 'GET',
    path: '/delivery-slots',
    access: 'devices:deliver',
    summary: 'Upcoming delivery and pickup slots that are not cancelled, soonest first, with places booked',
    tags,
    response: z.object({ items: z.array(SlotOut) }),
    handle: async (c) => c.json({ items: (await upcomingSlots(c.var.db, now(c))).map(presentSlot) }),
  }),
  api({
    method: 'POST',
    path: '/delivery-slots',
    access: 'devices:deliver',
    summary:
      'Adds a delivery or pickup slot (date and time in Seoul time); the same kind, centre and start twice is 409',
    tags,
    body: SlotInput,
    response: SlotOut,
    status: 201,
    handle: async (c, { body }) =>
      c.json(presentSlot(await createSlot(c.var.db, c.var.actor, body, now(c))), 201),
  }),
  api({
    method: 'PATCH',
    path: '/delivery-slots/:id',
    access: 'devices:deliver',
    summary:
      'Moves a slot or changes its length or places (never below the places booked); people booked are texted the new time',
    tags,
    body: SlotChangeInput,
    response: z.object({ slot: SlotOut, texted: z.number() }),
    handle: async (c, { body }) => {
      const r = await updateSlot(c.var.db, c.var.actor, idOf(c), body, now(c))
      return c.json({ slot: presentSlot(r.slot), texted: r.texted })
    },
  }),
  api({
    method: 'POST',
    path: '/delivery-slots/:id/cancel',
    access: 'devices:deliver',
    summary:
      'Cancels a slot with a reason: its bookings are released (the devices stay set aside) and each person is texted',
    tags,
    body: SlotCancelInput,
    response: z.object({ released: z.number(), texted: z.number() }),
    handle: async (c, { body }) =>
      c.json(await cancelSlot(c.var.db, c.var.actor, idOf(c), body.reason, now(c))),
  }),
  api({
    method: 'PUT',
    path: '/allocations/:id/slot',
    access: 'signed-in',
    summary:
      'Books (or moves) the handover slot of a reserved device: the recipient (verified citizen) for their own device, or staff with devices:deliver; 404 for someone else’s; 409 when full. A home-delivery slot needs the address (stored encrypted, erased at the handover)',
    tags,
    body: BookInput,
    response: BookingOut,
    handle: async (c, { body }) => {
      const a = await bookSlot(c.var.db, c.var.actor, idOf(c), body.slotId, now(c), body.address)
      return c.json({ allocationId: a.id, slotId: a.slotId })
    },
  }),
  api({
    method: 'DELETE',
    path: '/allocations/:id/slot',
    access: 'signed-in',
    summary:
      'Gives the booked place back (the recipient for their own device, or staff); the device stays set aside',
    tags,
    response: BookingOut,
    handle: async (c) => {
      const a = await cancelBooking(c.var.db, c.var.actor, idOf(c), now(c))
      return c.json({ allocationId: a.id, slotId: a.slotId })
    },
  }),
  // ── follow-ups ──
  api({
    method: 'GET',
    path: '/follow-ups',
    access: 'devices:deliver',
    summary: 'Follow-up calls due (two weeks after a handover), oldest first',
    tags,
    response: z.object({
      items: z.array(
        z.object({
          id: z.uuid(),
          status: z.string(),
          dueAt: z.string(),
          texted: z.boolean(),
          assetTag: z.string(),
          districtCode: z.string().nullable(),
        }),
      ),
    }),
    handle: async (c) => {
      const rows = await dueFollowUps(c.var.db, c.var.actor, now(c))
      return c.json({
        items: rows.map((r) => ({
          id: r.followUp.id,
          status: r.followUp.status,
          dueAt: r.followUp.dueAt.toISOString(),
          texted: r.followUp.texted,
          assetTag: r.assetTag,
          districtCode: r.districtCode,
        })),
      })
    },
  }),
  api({
    method: 'POST',
    path: '/follow-ups/:id',
    access: 'devices:deliver',
    summary: 'Records the follow-up call: done (with what was said) or unreachable; a second record is 409',
    tags,
    body: FollowUpInput,
    response: z.object({ id: z.uuid(), status: z.string() }),
    handle: async (c, { body }) => {
      const f = await recordFollowUp(c.var.db, c.var.actor, idOf(c), body, now(c))
      return c.json({ id: f.id, status: f.status })
    },
  }),
  // ── repair workflow ──
  api({
    method: 'GET',
    path: '/repair-tickets',
    access: 'devices:repair',
    summary: 'Open repair tickets, escalated first, then by due time',
    tags,
    response: z.object({ items: z.array(TicketOut.extend({ assetTag: z.string() })) }),
    handle: async (c) => {
      const rows = await openRepairTickets(c.var.db, c.var.actor)
      return c.json({ items: rows.map((r) => ({ ...presentTicket(r.ticket), assetTag: r.assetTag })) })
    },
  }),
  api({
    method: 'GET',
    path: '/repair-tickets/:id',
    access: 'devices:repair',
    summary: 'One repair ticket with the ranked suggestions and the device’s whole repair history',
    tags,
    handle: async (c) => {
      const d = await repairDetail(c.var.db, c.var.actor, idOf(c))
      return c.json({
        ...presentTicket(d.ticket),
        assetTag: d.device.assetTag,
        warrantyUntil: iso(d.warrantyUntil),
        suggestions: d.suggestions.map((s) => ({
          repairer: presentRepairer(s.repairer),
          openTickets: s.open,
          inDistrict: s.district,
        })),
        history: d.history.map((h) => ({ ...presentTicket(h.ticket), assignee: h.assignee })),
      })
    },
  }),
  api({
    method: 'POST',
    path: '/repair-tickets/:id/triage',
    access: 'devices:repair',
    summary:
      'Triage: the skill the repair needs; the best active repairer is suggested (and assigned if nobody is yet)',
    tags,
    body: TriageInput,
    response: TicketOut,
    handle: async (c, { body }) => {
      const id = idOf(c)
      await triageRepair(c.var.db, c.var.actor, id, body.skill, now(c))
      return c.json(presentTicket((await repairDetail(c.var.db, c.var.actor, id)).ticket))
    },
  }),
  api({
    method: 'POST',
    path: '/repair-tickets/:id/assignment',
    access: 'devices:repair_assign',
    summary: 'Assigns an active technician or volunteer; overriding the suggestion is audited',
    tags,
    body: AssignInput,
    response: TicketOut,
    handle: async (c, { body }) => {
      const id = idOf(c)
      await assignRepair(c.var.db, c.var.actor, id, body.repairerId, now(c))
      return c.json(presentTicket((await repairDetail(c.var.db, c.var.actor, id)).ticket))
    },
  }),
  api({
    method: 'POST',
    path: '/repair-tickets/:id/visit',
    access: 'devices:repair',
    summary: 'Schedules or moves the visit (date and time in Seoul time); the recipient is texted the time',
    tags,
    body: VisitInput,
    response: TicketOut.extend({ texted: z.boolean() }),
    handle: async (c, { body }) => {
      const id = idOf(c)
      const r = await scheduleVisit(c.var.db, c.var.actor, id, body.visitAt, now(c))
      return c.json({
        ...presentTicket((await repairDetail(c.var.db, c.var.actor, id)).ticket),
        texted: r.texted,
      })
    },
  }),
  // ── repairers and repair centres ──
  api({
    method: 'GET',
    path: '/repairers',
    access: 'devices:repair',
    summary: 'Technicians and volunteers with their skills, districts and whether they are active',
    tags,
    response: z.object({ items: z.array(RepairerOut) }),
    handle: async (c) => c.json({ items: (await listRepairers(c.var.db, c.var.actor)).map(presentRepairer) }),
  }),
  api({
    method: 'POST',
    path: '/repairers',
    access: 'devices:repair_assign',
    summary: 'Adds a technician or volunteer with skills and districts',
    tags,
    body: RepairerInput,
    response: RepairerOut,
    status: 201,
    handle: async (c, { body }) =>
      c.json(presentRepairer(await createRepairer(c.var.db, c.var.actor, body, now(c))), 201),
  }),
  api({
    method: 'POST',
    path: '/repairers/:id/active',
    access: 'devices:repair_assign',
    summary:
      'Deactivates (or reactivates) a repairer; their open tickets go to the next suggestion, audited per ticket',
    tags,
    body: RepairerActiveInput,
    response: z.object({ repairer: RepairerOut, moved: z.number() }),
    handle: async (c, { body }) => {
      const r = await setRepairerActive(c.var.db, c.var.actor, idOf(c), body.active, now(c))
      return c.json({ repairer: presentRepairer(r.repairer), moved: r.moved })
    },
  }),
  api({
    method: 'GET',
    path: '/repair-centres',
    access: 'devices:repair',
    summary: 'Repair centres with their manager (emailed when a repair is late) and SLA length',
    tags,
    handle: async (c) => {
      const rows = await listRepairCentres(c.var.db, c.var.actor)
      return c.json({
        items: rows.map((r) => ({
          centre: r.centre.centre,
          managerId: r.centre.managerId,
          manager: r.manager,
          slaDays: r.centre.slaDays,
        })),
      })
    },
  }),
  api({
    method: 'PUT',
    path: '/repair-centres',
    access: 'devices:repair_assign',
    summary:
      'Sets a repair centre’s manager and SLA length in business days (1–30); new tickets of its devices use it',
    tags,
    body: RepairCentreInput,
    handle: async (c, { body }) => {
      const r = await setRepairCentre(c.var.db, c.var.actor, body, now(c))
      return c.json({ centre: r.centre, managerId: r.managerId, slaDays: r.slaDays })
    },
  }),
  api({
    method: 'GET',
    path: '/repair-types',
    access: 'devices:repair',
    summary: `Every repair type with its own SLA length in business days, or null where the ticket's repair centre's length applies (default ${REPAIR_SLA_DAYS})`,
    tags,
    response: z.object({ items: z.array(RepairTypeOut) }),
    handle: async (c) => {
      const rows = await listRepairTypeSlas(c.var.db, c.var.actor)
      return c.json({
        items: REPAIR_SKILLS.map((skill) =>
          presentRepairType(
            skill,
            rows.find((r) => r.skill === skill),
          ),
        ),
      })
    },
  }),
  api({
    method: 'PUT',
    path: '/repair-types/:skill',
    access: 'devices:repair_assign',
    summary:
      'Sets a repair type’s SLA length in business days (1–30), or removes it with null (the repair centre’s length applies again); new tickets and tickets triaged from now on use it, open tickets keep their due time; audited. An unknown type is 404',
    tags,
    body: RepairTypeSlaBody,
    response: RepairTypeOut,
    handle: async (c, { body }) => {
      const skill = repairTypeOf(c.req.param('skill') ?? '')
      const row = await setRepairTypeSla(c.var.db, c.var.actor, { skill, slaDays: body.slaDays }, now(c))
      return c.json(presentRepairType(skill, row ?? undefined))
    },
  }),
]
