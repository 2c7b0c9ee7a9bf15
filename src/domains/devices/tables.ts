import { sql } from 'drizzle-orm'
import {
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core'
import { organisations, staffUsers } from '../identity/tables.ts'
import { persons } from '../people/tables.ts'

export const DEVICE_TYPES = ['desktop', 'laptop', 'tablet', 'monitor'] as const
export type DeviceType = (typeof DEVICE_TYPES)[number]
export const GRADES = ['A', 'B', 'C'] as const
export type Grade = (typeof GRADES)[number]
export const DEVICE_STATUSES = [
  'received',
  'wiping',
  'wiped',
  'wipe_failed',
  'refurbishing',
  'graded',
  'ready',
  'reserved',
  'delivered',
  'in_repair',
  'retired',
  'recycled',
] as const
export type DeviceStatus = (typeof DEVICE_STATUSES)[number]
export const WIPE_METHODS = ['clear', 'purge', 'destroy'] as const
export const DONOR_KINDS = ['individual', 'company'] as const
export const APPLICANT_KINDS = ['citizen', 'proxy', 'organisation'] as const
export const APPLICATION_STATUSES = ['submitted', 'approved', 'rejected', 'allocated', 'delivered'] as const
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number]
export const AID_KINDS = ['assistive', 'internet'] as const
export type AidKind = (typeof AID_KINDS)[number]
export const AID_CATEGORIES = ['screen_reader', 'magnifier', 'braille', 'input', 'hearing'] as const
export type AidCategory = (typeof AID_CATEGORIES)[number]
/** Supply of an approved aid application: assistive device, then internet-fee support. */
export const SUPPLY_STATUSES = ['ordered', 'supplied', 'handed_over', 'arranged', 'paying', 'ended'] as const
export type SupplyStatus = (typeof SUPPLY_STATUSES)[number]
export const REPAIR_SKILLS = ['hardware', 'software', 'network', 'accessibility'] as const
export type RepairSkill = (typeof REPAIR_SKILLS)[number]
/** Starter guides handed over with a device. */
export const STARTER_GUIDES = ['printed', 'large_print', 'audio', 'braille', 'none'] as const
export type StarterGuide = (typeof STARTER_GUIDES)[number]
export const CLASS_OFFERS = ['accepted', 'declined', 'not_offered'] as const
/** Documents staff may check for an application (the check is recorded; the paper is handed back). */
export const DOCUMENTS = [
  'id_card',
  'livelihood_certificate',
  'near_poverty_certificate',
  'disability_certificate',
  'family_relation',
  'school_enrolment',
  'care_leaver_certificate',
  'internet_bill',
  'other',
] as const
export type DocumentKind = (typeof DOCUMENTS)[number]

/** A person or company that gives devices or money. Individuals link to their person record when known. */
export const donors = pgTable('device_donors', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: DONOR_KINDS }).notNull(),
  name: text('name').notNull(),
  /** Business registration number (companies), printed on the receipt. */
  businessNo: text('business_no'),
  contact: text('contact'),
  personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
  /** A company donor's organisation: its `donor_org` staff accounts see this donor's impact. */
  orgId: uuid('org_id').references(() => organisations.id),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

/** A promise to give devices: what, how many, how old, where they come in. */
export const pledges = pgTable(
  'device_pledges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    donorId: uuid('donor_id')
      .notNull()
      .references(() => donors.id),
    deviceType: text('device_type', { enum: DEVICE_TYPES }).notNull(),
    count: integer('count').notNull(),
    ageYears: integer('age_years').notNull(),
    condition: text('condition').notNull(),
    handover: text('handover', { enum: ['drop_off', 'pickup'] }).notNull(),
    pickupAddress: text('pickup_address'),
    consentDataDestruction: boolean('consent_data_destruction').notNull(),
    channel: text('channel', { enum: ['web', 'staff'] }).notNull(),
    status: text('status', { enum: ['pledged', 'received', 'cancelled'] })
      .notNull()
      .default('pledged'),
    idempotencyKey: text('idempotency_key'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('device_pledges_idem_idx').on(t.idempotencyKey),
    check('pledge_count_pos', sql`${t.count} > 0`),
  ],
)

/** One physical device with its asset tag; `status` moves only through the state machine in rules.ts. */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    assetTag: text('asset_tag').notNull(),
    pledgeId: uuid('pledge_id').references(() => pledges.id),
    donorId: uuid('donor_id').references(() => donors.id),
    type: text('type', { enum: DEVICE_TYPES }).notNull(),
    model: text('model'),
    ageYears: integer('age_years').notNull(),
    status: text('status', { enum: DEVICE_STATUSES }).notNull().default('received'),
    grade: text('grade', { enum: GRADES }),
    wipeVerified: boolean('wipe_verified').notNull().default(false),
    centre: text('centre'),
    /** Manufacturer serial number (bulk intake by CSV or scanning); unique when known. */
    serial: text('serial'),
    /** Specs as received or after refurbishment: cpu, ramGb, storageGb, os, screenInches. */
    specs: jsonb('specs'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('devices_asset_tag_idx').on(t.assetTag),
    index('devices_status_idx').on(t.status),
    uniqueIndex('devices_serial_idx').on(t.serial),
  ],
)

/** Every step of a device's life, with who did it. */
export const deviceEvents = pgTable(
  'device_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    fromStatus: text('from_status'),
    toStatus: text('to_status').notNull(),
    actorId: uuid('actor_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    actorName: text('actor_name'),
    note: text('note'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('device_events_device_idx').on(t.deviceId, t.id)],
)

/** Data destruction record per device (NIST SP 800-88 clear/purge, or physical destruction). */
export const wipeCertificates = pgTable('device_wipe_certificates', {
  id: uuid('id').primaryKey().defaultRandom(),
  deviceId: uuid('device_id')
    .notNull()
    .references(() => devices.id),
  method: text('method', { enum: WIPE_METHODS }).notNull(),
  tool: text('tool').notNull(),
  technicianId: uuid('technician_id').references(() => staffUsers.id, { onDelete: 'set null' }),
  technicianName: text('technician_name').notNull(),
  verifierName: text('verifier_name').notNull(),
  /** The storage devices wiped: [{ kind: hdd|ssd|nvme|emmc, serial, capacityGb }]. */
  storage: jsonb('storage'),
  passed: boolean('passed').notNull(),
  at: timestamp('at', { withTimezone: true }).notNull(),
})

/** Gap-free receipt numbering: one row per issuer and year, bumped in the issuing transaction. */
export const receiptCounters = pgTable(
  'device_receipt_counters',
  {
    issuer: text('issuer').notNull(),
    year: integer('year').notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.year] })],
)

/** Donation receipts (기부금 영수증). Never deleted; a void keeps its number and a reissue is revision n+1. */
export const receipts = pgTable(
  'device_receipts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    issuer: text('issuer').notNull(),
    year: integer('year').notNull(),
    number: integer('number').notNull(),
    revision: integer('revision').notNull().default(1),
    donorId: uuid('donor_id')
      .notNull()
      .references(() => donors.id),
    pledgeId: uuid('pledge_id').references(() => pledges.id),
    kind: text('kind', { enum: ['in_kind', 'money'] }).notNull(),
    amountKrw: integer('amount_krw').notNull(),
    computedKrw: integer('computed_krw').notNull(),
    adjustReason: text('adjust_reason'),
    items: jsonb('items').notNull(),
    status: text('status', { enum: ['issued', 'voided'] })
      .notNull()
      .default('issued'),
    voidReason: text('void_reason'),
    issuedBy: uuid('issued_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
    voidedAt: timestamp('voided_at', { withTimezone: true }),
    /** The issuing form's key: a double-click or a retried request returns the same receipt. */
    idempotencyKey: text('idempotency_key'),
  },
  (t) => [
    uniqueIndex('device_receipts_number_idx').on(t.issuer, t.year, t.number, t.revision),
    uniqueIndex('device_receipts_idem_idx').on(t.idempotencyKey),
  ],
)

/** An application for a device, by a citizen, a proxy or an organisation (batch). */
export const applications = pgTable(
  'device_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicantKind: text('applicant_kind', { enum: APPLICANT_KINDS }).notNull(),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
    orgId: uuid('org_id').references(() => organisations.id),
    deviceType: text('device_type', { enum: DEVICE_TYPES }).notNull(),
    quantity: integer('quantity').notNull().default(1),
    districtCode: text('district_code').notNull(),
    criteria: jsonb('criteria').notNull(),
    lastPublicDeviceAt: date('last_public_device_at'),
    /** The lowest device grade that fits the need (C = any); organisations may ask for better. */
    minGrade: text('min_grade', { enum: GRADES }).notNull().default('C'),
    eligible: boolean('eligible').notNull(),
    explanation: jsonb('explanation').notNull(),
    score: integer('score').notNull(),
    status: text('status', { enum: APPLICATION_STATUSES }).notNull().default('submitted'),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('device_applications_idem_idx').on(t.idempotencyKey),
    index('device_applications_status_idx').on(t.status, t.score),
    index('device_applications_person_idx').on(t.personId),
  ],
)

/** A device given to an application. The partial unique index means a device is never in two places. */
export const allocations = pgTable(
  'device_allocations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    runId: uuid('run_id').notNull(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    status: text('status', { enum: ['reserved', 'delivered', 'cancelled'] })
      .notNull()
      .default('reserved'),
    reason: text('reason').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    receivedBy: text('received_by'),
    starterGuide: boolean('starter_guide'),
    deliveredBy: uuid('delivered_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    /** The delivery or pickup slot booked for the handover (its capacity is guarded in device_delivery_slots). */
    slotId: uuid('slot_id').references(() => deliverySlots.id),
    /** Which starter guide went with it (STARTER_GUIDES), recorded at handover. */
    starterGuideKind: text('starter_guide_kind'),
    /** A beginners' class (education catalogue) was offered at handover, and whether it was wanted. */
    classOffer: text('class_offer', { enum: CLASS_OFFERS }),
    /** Repairs are covered until then (default a year after handover). */
    warrantyUntil: timestamp('warranty_until', { withTimezone: true }),
    /**
     * Where a home delivery goes, for someone who cannot come to the centre (AES-GCM, purpose
     * "device.deliveryAddress"); given when booking a delivery slot, erased at the handover.
     */
    deliveryAddressEnc: text('delivery_address_enc'),
  },
  (t) => [
    uniqueIndex('device_allocations_active_idx').on(t.deviceId).where(sql`${t.status} <> 'cancelled'`),
    index('device_allocations_app_idx').on(t.applicationId),
  ],
)

/** After-service repair tickets for a delivered device. */
export const repairTickets = pgTable(
  'device_repair_tickets',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    channel: text('channel', { enum: ['web', 'phone', 'walk_in', 'field'] }).notNull(),
    problem: text('problem').notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    resolution: text('resolution'),
    openedBy: uuid('opened_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    resolvedBy: uuid('resolved_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** Triage: what kind of repair it is (the skill it needs). */
    skill: text('skill', { enum: REPAIR_SKILLS }),
    /** The district of the recipient (from the application): where a visit goes. */
    districtCode: text('district_code'),
    /** Opened by the recipient on the web (their person id), else null. */
    openedByPerson: uuid('opened_by_person').references(() => persons.id, { onDelete: 'set null' }),
    suggestedId: uuid('suggested_id').references(() => repairers.id),
    assigneeId: uuid('assignee_id').references(() => repairers.id),
    assignedBy: uuid('assigned_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    visitAt: timestamp('visit_at', { withTimezone: true }),
    /** [{ part, costKrw }] */
    parts: jsonb('parts'),
    partsCostKrw: integer('parts_cost_krw'),
    /** SLA: resolution due (business days, Korean public holidays excluded). */
    dueAt: timestamp('due_at', { withTimezone: true }),
    escalatedAt: timestamp('escalated_at', { withTimezone: true }),
    /** Time spent on the repair (minutes), given at resolution: a volunteer repairer's hours. */
    minutesSpent: integer('minutes_spent'),
  },
  (t) => [
    index('device_repair_tickets_device_idx').on(t.deviceId),
    index('device_repair_tickets_open_idx').on(t.status, t.dueAt),
  ],
)

/** Technicians and volunteers who repair delivered devices: skills and the districts they cover. */
export const repairers = pgTable('device_repairers', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind', { enum: ['technician', 'volunteer'] }).notNull(),
  name: text('name').notNull(),
  staffId: uuid('staff_id').references(() => staffUsers.id, { onDelete: 'set null' }),
  /** REPAIR_SKILLS */
  skills: jsonb('skills').notNull(),
  /** District codes */
  districts: jsonb('districts').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
})

/** Delivery or pickup slots; `booked` can never pass `capacity` (CHECK), so a full slot refuses the booking. */
export const deliverySlots = pgTable(
  'device_delivery_slots',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['delivery', 'pickup'] }).notNull(),
    centre: text('centre').notNull(),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    capacity: integer('capacity').notNull(),
    booked: integer('booked').notNull().default(0),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    /** Cancelled by staff: its bookings are released and the people told; it takes no new booking. */
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('device_delivery_slots_unique_idx').on(t.kind, t.centre, t.startsAt),
    check('slot_capacity_pos', sql`${t.capacity} > 0`),
    check('slot_booked_range', sql`${t.booked} >= 0 and ${t.booked} <= ${t.capacity}`),
    check('slot_ends_after', sql`${t.endsAt} > ${t.startsAt}`),
  ],
)

/** The follow-up contact two weeks after a handover: queued by the outbox, recorded by staff. */
export const followUps = pgTable(
  'device_follow_ups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    allocationId: uuid('allocation_id')
      .notNull()
      .references(() => allocations.id),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    status: text('status', { enum: ['scheduled', 'due', 'done', 'unreachable'] })
      .notNull()
      .default('scheduled'),
    /** Whether the text message went out when it became due. */
    texted: boolean('texted').notNull().default(false),
    outcome: text('outcome'),
    doneBy: uuid('done_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('device_follow_ups_alloc_idx').on(t.allocationId)],
)

/**
 * Assistive-device (ICT aid) and internet-fee support applications. The catalogue price and the
 * state's share are copied in when the application is made, so the co-payment shown stays as computed.
 */
export const aidApplications = pgTable(
  'device_aid_applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: AID_KINDS }).notNull(),
    applicantKind: text('applicant_kind', { enum: ['citizen', 'proxy'] }).notNull(),
    personId: uuid('person_id').references(() => persons.id, { onDelete: 'set null' }),
    districtCode: text('district_code').notNull(),
    /** Assistive: the catalogue item code; internet: null. */
    itemCode: text('item_code'),
    /** Assistive: catalogue price; internet: the monthly fee. */
    priceKrw: integer('price_krw').notNull(),
    /** The state's share in percent (80, or 90 for basic-livelihood / near-poverty); internet: null. */
    statePct: integer('state_pct'),
    stateKrw: integer('state_krw').notNull(),
    copayKrw: integer('copay_krw').notNull(),
    criteria: jsonb('criteria').notNull(),
    eligible: boolean('eligible').notNull(),
    explanation: jsonb('explanation').notNull(),
    status: text('status', { enum: ['submitted', 'approved', 'rejected'] })
      .notNull()
      .default('submitted'),
    idempotencyKey: text('idempotency_key'),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    /**
     * After approval, an assistive device is ordered → supplied → handed over; internet-fee support is
     * arranged (provider, amount, period) → paying → ended (SUPPLY_STATUSES, aid-supply.ts).
     */
    supplyStatus: text('supply_status', { enum: SUPPLY_STATUSES }),
    supplier: text('supplier'),
    orderedAt: timestamp('ordered_at', { withTimezone: true }),
    /** The serial number of the device supplied (when it has one). */
    serialNo: text('serial_no'),
    suppliedAt: timestamp('supplied_at', { withTimezone: true }),
    handedOverAt: timestamp('handed_over_at', { withTimezone: true }),
    receivedBy: text('received_by'),
    /** The co-payment actually paid at handover and how (waived: paid 0). */
    copayPaidKrw: integer('copay_paid_krw'),
    copayMethod: text('copay_method', { enum: ['cash', 'card', 'transfer', 'waived'] }),
    /** Internet-fee support: the provider paid, the amount covered a month and the period (YYYY-MM). */
    provider: text('provider'),
    coveredKrw: integer('covered_krw'),
    startMonth: text('start_month'),
    endMonth: text('end_month'),
    arrangedAt: timestamp('arranged_at', { withTimezone: true }),
    startedAt: timestamp('started_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('device_aid_applications_idem_idx').on(t.idempotencyKey),
    index('device_aid_applications_person_idx').on(t.personId),
    check(
      'aid_amounts',
      sql`${t.stateKrw} >= 0 and ${t.copayKrw} >= 0 and ${t.stateKrw} + ${t.copayKrw} = ${t.priceKrw}`,
    ),
  ],
)

/**
 * The assistive-device catalogue of the programme round, kept by the programme manager (seeded by
 * migration 0030 with the round's items). An application copies the price it was computed from, so a later
 * price change never changes an existing application's co-payment. A withdrawn item cannot be applied for.
 */
export const aidCatalogue = pgTable(
  'device_aid_catalogue',
  {
    code: text('code').primaryKey(),
    /** Listing order (the order items were added). */
    position: bigserial('position', { mode: 'number' }).notNull(),
    category: text('category', { enum: AID_CATEGORIES }).notNull(),
    labelKo: text('label_ko').notNull(),
    labelEn: text('label_en').notNull(),
    priceKrw: integer('price_krw').notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('aid_catalogue_price_pos', sql`${t.priceKrw} > 0`)],
)

/** Every change to the catalogue: who, when, what (added / price / withdrawn), old → new price, why. */
export const aidCatalogueChanges = pgTable(
  'device_aid_catalogue_changes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    itemCode: text('item_code')
      .notNull()
      .references(() => aidCatalogue.code),
    action: text('action', { enum: ['added', 'price', 'withdrawn', 'reinstated'] }).notNull(),
    oldPriceKrw: integer('old_price_krw'),
    newPriceKrw: integer('new_price_krw'),
    reason: text('reason'),
    changedBy: uuid('changed_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    changedByName: text('changed_by_name').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('device_aid_catalogue_changes_item_idx').on(t.itemCode, t.id)],
)

/** Documents checked by staff for an application: who checked which document, when. No scans are stored. */
export const documentChecks = pgTable(
  'device_document_checks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    /** A device_applications or device_aid_applications id. */
    applicationId: uuid('application_id').notNull(),
    applicationKind: text('application_kind', { enum: ['device', 'aid'] }).notNull(),
    document: text('document', { enum: DOCUMENTS }).notNull(),
    result: text('result', { enum: ['verified', 'not_valid'] }).notNull(),
    note: text('note'),
    checkedBy: uuid('checked_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    checkedByName: text('checked_by_name').notNull(),
    checkedAt: timestamp('checked_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('device_document_checks_app_idx').on(t.applicationId, t.id)],
)

/** A refurbishment record: checklist, parts used with their cost, specs and the grade given. */
export const refurbishments = pgTable(
  'device_refurbishments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    deviceId: uuid('device_id')
      .notNull()
      .references(() => devices.id),
    /** Checklist item → passed (see refurbish.ts CHECKLIST). */
    checklist: jsonb('checklist').notNull(),
    /** [{ part, costKrw }] */
    parts: jsonb('parts').notNull(),
    partsCostKrw: integer('parts_cost_krw').notNull(),
    grade: text('grade', { enum: GRADES }).notNull(),
    specs: jsonb('specs').notNull(),
    byId: uuid('by_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('device_refurbishments_device_idx').on(t.deviceId)],
)

/** The in-kind valuation table (type × age band × grade → KRW), edited by staff with a reason (audit trail). */
export const valuations = pgTable(
  'device_valuations',
  {
    type: text('type', { enum: DEVICE_TYPES }).notNull(),
    /** Upper bound of the age band in years (2, 4, 6, 99). */
    maxAgeYears: integer('max_age_years').notNull(),
    grade: text('grade', { enum: GRADES }).notNull(),
    valueKrw: integer('value_krw').notNull(),
    updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.type, t.maxAgeYears, t.grade] }),
    check('valuation_value_nonneg', sql`${t.valueKrw} >= 0`),
  ],
)

/** Money and city-website reward-point donations, recorded by staff (form) or imported from CSV. */
export const moneyDonations = pgTable(
  'device_money_donations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    donorId: uuid('donor_id')
      .notNull()
      .references(() => donors.id),
    kind: text('kind', { enum: ['money', 'points'] }).notNull(),
    /** KRW for money, points for reward points. */
    amount: integer('amount').notNull(),
    /** Value in KRW (points are worth 1 won each). */
    valueKrw: integer('value_krw').notNull(),
    receivedOn: date('received_on').notNull(),
    /** Bank transfer or points transaction reference: the same reference is never recorded twice. */
    reference: text('reference').notNull(),
    channel: text('channel', { enum: ['form', 'csv'] }).notNull(),
    receiptId: uuid('receipt_id').references(() => receipts.id),
    createdBy: uuid('created_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('device_money_donations_ref_idx').on(t.kind, t.reference),
    index('device_money_donations_donor_idx').on(t.donorId),
    check('money_amount_pos', sql`${t.amount} > 0`),
  ],
)

/**
 * A programme round's allocation settings, set by the programme manager (one row, id 'current'):
 * phases, pilot districts, fairness tolerance, travel weight and the priority weights. Changes are audited.
 */
export const allocationSettings = pgTable('device_allocation_settings', {
  id: text('id').primaryKey(),
  phases: text('phases', { enum: ['organisations_first', 'together'] }).notNull(),
  /** District codes taking part; null = all. */
  pilotDistricts: jsonb('pilot_districts'),
  /** Percent over a district's share of need it may get. */
  tolerancePct: integer('tolerance_pct').notNull(),
  /** Priority points a kilometre of travel costs, in tenths. */
  kmTenths: integer('km_tenths').notNull(),
  /** Priority points per criterion (rules.ts WEIGHTS keys). */
  weights: jsonb('weights').notNull(),
  updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
})

/** A committed allocation run: the preview's id makes committing it twice change nothing. */
export const allocationRuns = pgTable('device_allocation_runs', {
  id: uuid('id').primaryKey(),
  committedBy: uuid('committed_by').references(() => staffUsers.id, { onDelete: 'set null' }),
  committedAt: timestamp('committed_at', { withTimezone: true }).notNull(),
  objective: integer('objective').notNull(),
  bound: integer('bound').notNull(),
  devices: integer('devices').notNull(),
  solver: text('solver').notNull(),
})

/**
 * A repair centre's after-service settings: who manages it (told by email when a ticket passes its SLA)
 * and the SLA length in business days. `centre` is the name devices carry (devices.centre); a device
 * without a centre, or a centre without a row, uses the default (3 days, programme managers told).
 */
export const repairCentres = pgTable(
  'device_repair_centres',
  {
    centre: text('centre').primaryKey(),
    managerId: uuid('manager_id').references(() => staffUsers.id, { onDelete: 'set null' }),
    slaDays: integer('sla_days').notNull().default(3),
    updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('repair_centre_sla_range', sql`${t.slaDays} between 1 and 30`)],
)

/**
 * The programme manager's SLA length per repair type (the triage skill), in business days: it overrides
 * the repair centre's length for tickets of that type (e.g. hardware 5 days, software 2).
 */
export const repairTypeSlas = pgTable(
  'device_repair_type_slas',
  {
    skill: text('skill', { enum: REPAIR_SKILLS }).primaryKey(),
    slaDays: integer('sla_days').notNull(),
    updatedBy: uuid('updated_by').references(() => staffUsers.id, { onDelete: 'set null' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('repair_type_sla_range', sql`${t.slaDays} between 1 and 30`)],
)
