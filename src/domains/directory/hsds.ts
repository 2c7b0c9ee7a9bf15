import { createHash } from 'node:crypto'
import { parse as parseCsv } from 'csv-parse/sync'
import { z } from 'zod'
import type { Db } from '../../platform/db/client.ts'
import { validateAgainstHsdsSchema } from './hsds-schema.ts'
import * as repo from './repo.ts'
import { FACILITY_KINDS, HoursText } from './schema.ts'
import { emptyFacts, factsOf, sortHours, writeFacts } from './service.ts'
import { DAYS, type FacilityFacts, SERVICES } from './tables.ts'

/**
 * Open Referral HSDS 3.0 exchange of the directory: one HSDS `location` per facility (with its
 * languages, address, phones, schedules and accessibility), one `service` per facility delivered by
 * the city's organization, linked by `service_at_location`. Fields HSDS has no place for (the place
 * kind, English texts, unknown-vs-no accessibility, Gachi's service codes) travel in an `x_gachi`
 * extension object so a re-import is lossless; an import without it is read from the HSDS fields.
 */

export const HSDS_VERSION = '3.0'
const NS = '6f1d3c1e-2b8a-5a43-9a57-4c7b3f0e9d10'

/** A stable UUID (version 5 layout) for a Gachi record, so ids survive export → import → export. */
export function stableUuid(name: string): string {
  const ns = Buffer.from(NS.replace(/-/g, ''), 'hex')
  const h = createHash('sha1').update(ns).update(name).digest()
  h[6] = (h[6]! & 0x0f) | 0x50
  h[8] = (h[8]! & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

const uuid = z.uuid({ error: 'not a UUID' })
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'not a time HH:MM')
const tri = z.boolean().nullable()

/** The Gachi extension on a location (optional: data from elsewhere has none). */
const XGachi = z.object({
  placeId: z.string().min(1).max(200),
  kind: z.enum(FACILITY_KINDS),
  districtCode: z.string().nullable(),
  nameEn: z.string().nullable(),
  hoursNoteKo: z.string().nullable(),
  hoursNoteEn: z.string().nullable(),
  stepFree: tri,
  hearingLoop: tri,
  braille: tri,
  accessKo: z.string().nullable(),
  accessEn: z.string().nullable(),
  descriptionEn: z.string().nullable(),
  services: z.array(z.enum(SERVICES)),
  email: z.string().nullable(),
  website: z.string().nullable(),
  directoryPhone: z.string().nullable(),
})

/** The HSDS 3.0 fields the directory reads, with their required properties and formats. */
const HsdsLocation = z.object({
  id: uuid,
  location_type: z.enum(['physical', 'postal', 'virtual']),
  name: z.string().min(1).optional(),
  alternate_name: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  external_identifier: z.string().optional(),
  external_identifier_type: z.string().optional(),
  languages: z
    .array(z.object({ id: uuid, name: z.string().optional(), code: z.string().optional() }))
    .optional(),
  addresses: z
    .array(
      z.object({
        id: uuid,
        address_1: z.string(),
        city: z.string(),
        state_province: z.string(),
        postal_code: z.string(),
        country: z.string().length(2),
        address_type: z.enum(['physical', 'postal', 'virtual']),
      }),
    )
    .optional(),
  phones: z
    .array(z.object({ id: uuid, number: z.string().min(1), description: z.string().optional() }))
    .optional(),
  schedules: z
    .array(
      z.object({
        id: uuid,
        freq: z.enum(['WEEKLY', 'MONTHLY']).optional(),
        byday: z
          .string()
          .regex(/^(MO|TU|WE|TH|FR|SA|SU)(,(MO|TU|WE|TH|FR|SA|SU))*$/, 'byday must be MO..SU')
          .optional(),
        opens_at: hhmm.optional(),
        closes_at: hhmm.optional(),
        notes: z.string().optional(),
      }),
    )
    .optional(),
  accessibility: z
    .array(z.object({ id: uuid, description: z.string().optional(), details: z.string().optional() }))
    .optional(),
  x_gachi: XGachi.optional(),
})
const HsdsService = z.object({
  id: uuid,
  name: z.string().min(1),
  status: z.enum(['active', 'inactive', 'defunct', 'temporarily closed']),
  organization_id: uuid.optional(),
  description: z.string().optional(),
  email: z.string().optional(),
  url: z.string().optional(),
})
/**
 * The published 3.0 location.json names a location's arrays `addresss` and `accessibilitys` (generated
 * plurals) where the documentation and examples say `addresses` and `accessibility`: read either.
 */
function publishedArrayNames(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v
  const o = v as Record<string, unknown>
  const { addresss, accessibilitys, ...rest } = o
  return {
    ...rest,
    ...((o.addresses ?? addresss) !== undefined ? { addresses: o.addresses ?? addresss } : {}),
    ...((o.accessibility ?? accessibilitys) !== undefined
      ? { accessibility: o.accessibility ?? accessibilitys }
      : {}),
  }
}

export const HsdsPackage = z.object({
  hsds_version: z.string().optional(),
  organizations: z
    .array(z.object({ id: uuid, name: z.string().min(1), description: z.string() }))
    .default([]),
  services: z.array(HsdsService).default([]),
  locations: z.array(z.preprocess(publishedArrayNames, HsdsLocation)),
  service_at_locations: z.array(z.object({ id: uuid, service_id: uuid, location_id: uuid })).default([]),
})
export type HsdsPackage = z.infer<typeof HsdsPackage>
type HsdsLocation = z.infer<typeof HsdsLocation>

const ACCESS_TEXT = {
  stepFree: 'Step-free access (wheelchair accessible)',
  hearingLoop: 'Hearing loop',
  braille: 'Braille signage',
} as const

/** The directory as an HSDS 3.0 package (every facility kind the directory lists). */
export async function exportHsds(
  db: Db,
  city: { code: string; nameKo: string; nameEn: string },
  district?: string,
): Promise<HsdsPackage> {
  const rows = await repo.allFacilities(db, [...FACILITY_KINDS], district)
  const orgId = stableUuid(`org:${city.code}`)
  const locations: HsdsPackage['locations'] = []
  const services: HsdsPackage['services'] = []
  const links: HsdsPackage['service_at_locations'] = []
  for (const { place, detail } of rows) {
    const f = factsOf(detail)
    const lid = stableUuid(`location:${place.id}`)
    const sid = stableUuid(`service:${place.id}`)
    const phones = [
      ...(place.phone
        ? [{ id: stableUuid(`phone:${place.id}:main`), number: place.phone, description: 'main' }]
        : []),
      ...(f.contact.phone && f.contact.phone !== place.phone
        ? [{ id: stableUuid(`phone:${place.id}:dir`), number: f.contact.phone, description: 'directory' }]
        : []),
    ]
    locations.push({
      id: lid,
      location_type: 'physical',
      name: place.nameKo,
      ...(place.nameEn ? { alternate_name: place.nameEn } : {}),
      ...(f.descriptionKo ? { description: f.descriptionKo } : {}),
      latitude: place.lat,
      longitude: place.lon,
      external_identifier: place.id,
      external_identifier_type: 'gachi-place',
      languages: f.languages.map((code) => ({ id: stableUuid(`lang:${place.id}:${code}`), code })),
      addresses: place.address
        ? [
            {
              id: stableUuid(`address:${place.id}`),
              address_1: place.address,
              city: city.nameKo,
              state_province: place.districtName ?? '',
              postal_code: '',
              country: 'KR',
              address_type: 'physical',
            },
          ]
        : [],
      phones,
      schedules: sortHours(f.hours).map((p, i) => ({
        id: stableUuid(`schedule:${place.id}:${i}:${p.day}${p.opens}`),
        freq: 'WEEKLY' as const,
        byday: p.day,
        opens_at: p.opens,
        closes_at: p.closes,
        ...(i === 0 && f.hoursNoteKo ? { notes: f.hoursNoteKo } : {}),
      })),
      accessibility: (['stepFree', 'hearingLoop', 'braille'] as const)
        .filter((k) => f[k] === true)
        .map((k) => ({
          id: stableUuid(`access:${place.id}:${k}`),
          description: ACCESS_TEXT[k],
          ...(f.accessKo ? { details: f.accessKo } : {}),
        })),
      x_gachi: {
        placeId: place.id,
        kind: place.kind as (typeof FACILITY_KINDS)[number],
        districtCode: place.districtCode,
        nameEn: place.nameEn,
        hoursNoteKo: f.hoursNoteKo,
        hoursNoteEn: f.hoursNoteEn,
        stepFree: f.stepFree,
        hearingLoop: f.hearingLoop,
        braille: f.braille,
        accessKo: f.accessKo,
        accessEn: f.accessEn,
        descriptionEn: f.descriptionEn,
        services: f.services,
        email: f.contact.email ?? null,
        website: f.contact.website ?? null,
        directoryPhone: f.contact.phone ?? null,
      },
    })
    services.push({
      id: sid,
      organization_id: orgId,
      name: place.nameKo,
      status: 'active',
      ...(f.descriptionKo ? { description: f.descriptionKo } : {}),
      ...(f.contact.email ? { email: f.contact.email } : {}),
      ...(f.contact.website ? { url: f.contact.website } : {}),
    })
    links.push({ id: stableUuid(`sal:${place.id}`), service_id: sid, location_id: lid })
  }
  return {
    hsds_version: HSDS_VERSION,
    organizations: [{ id: orgId, name: city.nameKo, description: city.nameEn }],
    services,
    locations,
    service_at_locations: links,
  }
}

export interface ImportReport {
  ok: boolean
  /** `schema` names the JSON Schema that found a problem (absent for our own model's checks). */
  errors: { path: string; message: string; schema?: string }[]
  created: number
  updated: number
  unchanged: number
}

/** Facts from an HSDS location: the extension when present, else the standard fields. */
function factsFromLocation(l: HsdsLocation): FacilityFacts {
  const x = l.x_gachi
  const has = (needle: string) =>
    (l.accessibility ?? []).some((a) => a.description?.toLowerCase().includes(needle))
  const hours = (l.schedules ?? []).flatMap((s) =>
    s.byday && s.opens_at && s.closes_at
      ? s.byday.split(',').map((d) => ({
          day: d as (typeof DAYS)[number],
          opens: s.opens_at!.slice(0, 5),
          closes: s.closes_at!.slice(0, 5),
        }))
      : [],
  )
  const phones = l.phones ?? []
  return {
    ...emptyFacts(),
    hours: sortHours(hours),
    hoursNoteKo: x ? x.hoursNoteKo : (l.schedules?.[0]?.notes ?? null),
    hoursNoteEn: x?.hoursNoteEn ?? null,
    stepFree: x ? x.stepFree : has('step-free') || has('wheelchair') ? true : null,
    hearingLoop: x ? x.hearingLoop : has('hearing loop') ? true : null,
    braille: x ? x.braille : has('braille') ? true : null,
    accessKo: x ? x.accessKo : (l.accessibility?.[0]?.details ?? null),
    accessEn: x?.accessEn ?? null,
    languages: (l.languages ?? []).map((g) => g.code ?? '').filter(Boolean),
    services: x?.services ?? [],
    contact: {
      ...((x ? x.directoryPhone : phones[0]?.number)
        ? { phone: (x ? x.directoryPhone : phones[0]?.number)! }
        : {}),
      ...(x?.email ? { email: x.email } : {}),
      ...(x?.website ? { website: x.website } : {}),
    },
    descriptionKo: l.description ?? null,
    descriptionEn: x?.descriptionEn ?? null,
  }
}

/**
 * Validates an HSDS package (against an HSDS 3.0 JSON Schema — the published files in `schemaDir` when an
 * operator provides them, else Gachi's transcription — and against our model) and, when it is valid, writes
 * every location's facts (all or nothing), creating places that do not exist yet. Returns the report.
 */
export async function importHsds(
  db: Db,
  raw: unknown,
  by: string | null,
  now: Date,
  opts: { dryRun?: boolean; schemaDir?: string | undefined } = {},
): Promise<ImportReport> {
  const report: ImportReport = { ok: false, errors: [], created: 0, updated: 0, unchanged: 0 }
  // First the HSDS 3.0 JSON Schema, then our own model of the fields we read.
  const schemaProblems = validateAgainstHsdsSchema(raw, { schemaDir: opts.schemaDir })
  const parsed = HsdsPackage.safeParse(raw)
  if (!parsed.success || schemaProblems.length) {
    const ours = parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
    report.errors = [...schemaProblems, ...ours].slice(0, 200)
    return report
  }
  const pkg = parsed.data
  const ids = new Set<string>()
  pkg.locations.forEach((l, i) => {
    if (ids.has(l.id)) report.errors.push({ path: `locations.${i}.id`, message: 'duplicate id' })
    ids.add(l.id)
    if (!l.x_gachi && !l.external_identifier)
      report.errors.push({
        path: `locations.${i}.external_identifier`,
        message: 'needed to match a place (or x_gachi.placeId)',
      })
    if (l.latitude === undefined || l.longitude === undefined)
      report.errors.push({ path: `locations.${i}.latitude`, message: 'latitude and longitude are needed' })
    for (const [j, lang] of (l.languages ?? []).entries())
      if (!lang.code || !/^[a-z]{2,3}$/.test(lang.code))
        report.errors.push({
          path: `locations.${i}.languages.${j}.code`,
          message: 'an ISO 639 code is needed',
        })
    const facts = factsFromLocation(l)
    const check = HoursText.safeParse(facts.hours.map((h) => `${h.day} ${h.opens}-${h.closes}`).join('\n'))
    if (!check.success)
      report.errors.push({
        path: `locations.${i}.schedules`,
        message: 'opening times must close after they open',
      })
  })
  for (const [i, s] of pkg.service_at_locations.entries())
    if (!ids.has(s.location_id))
      report.errors.push({ path: `service_at_locations.${i}.location_id`, message: 'no such location' })
  if (report.errors.length) return report
  const apply = async (tx: Db) => {
    for (const l of pkg.locations) {
      const x = l.x_gachi
      const placeId = x?.placeId ?? l.external_identifier!
      const existing = await repo.findPlace(tx, placeId)
      const core = {
        nameKo: l.name ?? existing?.nameKo ?? placeId,
        nameEn: x ? x.nameEn : (l.alternate_name ?? existing?.nameEn ?? null),
        address: l.addresses?.[0]?.address_1 ?? null,
        lat: l.latitude!,
        lon: l.longitude!,
        phone:
          (l.phones ?? []).find((p) => p.description === 'main')?.number ??
          (x ? null : (l.phones?.[0]?.number ?? null)),
        districtName: l.addresses?.[0]?.state_province || null,
        ...(x ? { districtCode: x.districtCode } : {}),
      }
      if (!existing) {
        await repo.insertPlace(tx, {
          id: placeId,
          kind: x?.kind ?? 'community_service_center',
          source: 'hsds-import',
          ...core,
        })
        report.created++
      } else await repo.updatePlaceCore(tx, placeId, core)
      const changed = await writeFacts(tx, placeId, factsFromLocation(l), {
        source: 'hsds_import',
        by,
        at: now,
      })
      if (existing) changed ? report.updated++ : report.unchanged++
    }
  }
  if (!opts.dryRun) await db.transaction(apply)
  report.ok = true
  return report
}

// ── CSV bulk update ─────────────────────────────────────────────────────────────────────────────

export const CSV_COLUMNS = [
  'place_id',
  'hours',
  'step_free',
  'hearing_loop',
  'braille',
  'languages',
  'services',
  'phone',
  'email',
  'website',
] as const

const yn = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['yes', 'no', '', 'unknown'], { error: 'use yes, no or leave empty' }))
  .transform((s) => (s === 'yes' ? true : s === 'no' ? false : null))

const CsvRow = z.object({
  place_id: z.string().trim().min(1, 'place_id is needed'),
  hours: z
    .string()
    .transform((s) => s.replace(/;/g, '\n'))
    .pipe(HoursText),
  step_free: yn,
  hearing_loop: yn,
  braille: yn,
  languages: z
    .string()
    .transform((s) => s.split(/[\s,;]+/).filter(Boolean))
    .pipe(z.array(z.string().regex(/^[a-z]{2,3}$/, 'language codes like ko, en'))),
  services: z
    .string()
    .transform((s) => s.split(/[\s,;]+/).filter(Boolean))
    .pipe(z.array(z.enum(SERVICES, { error: `services: ${SERVICES.join(', ')}` }))),
  phone: z.string().trim(),
  email: z
    .string()
    .trim()
    .pipe(z.union([z.literal(''), z.email('not an email address')])),
  website: z
    .string()
    .trim()
    .pipe(z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'not a web address' })])),
})

/**
 * Bulk update of facility details from CSV (one row per place, columns CSV_COLUMNS; hours as
 * "MO 09:00-18:00; TU 09:00-18:00"). All rows or none: any error leaves everything unchanged.
 */
export async function importCsv(db: Db, text: string, by: string | null, now: Date): Promise<ImportReport> {
  const report: ImportReport = { ok: false, errors: [], created: 0, updated: 0, unchanged: 0 }
  let rows: Record<string, string>[]
  try {
    rows = parseCsv(text.replace(/^\uFEFF/, ''), {
      columns: true,
      skip_empty_lines: true,
      trim: false,
    }) as Record<string, string>[]
  } catch (e) {
    report.errors.push({ path: 'file', message: (e as Error).message.slice(0, 200) })
    return report
  }
  const missing = CSV_COLUMNS.filter((c) => rows.length && !(c in rows[0]!))
  if (!rows.length) report.errors.push({ path: 'file', message: 'no rows' })
  if (missing.length)
    report.errors.push({ path: 'header', message: `missing columns: ${missing.join(', ')}` })
  if (report.errors.length) return report
  const parsed = rows.map((r, i) => ({ i, r: CsvRow.safeParse(r) }))
  for (const { i, r } of parsed)
    if (!r.success)
      for (const issue of r.error.issues)
        report.errors.push({ path: `row ${i + 2}.${issue.path.join('.')}`, message: issue.message })
  if (report.errors.length) return report
  await db
    .transaction(async (tx) => {
      for (const { i, r } of parsed) {
        const d = r.data!
        const place = await repo.findPlace(tx, d.place_id)
        if (!place) {
          report.errors.push({ path: `row ${i + 2}.place_id`, message: 'no such place' })
          continue
        }
        const [cur] = await repo.detailsOf(tx, [d.place_id])
        const f = factsOf(cur)
        const facts: FacilityFacts = {
          ...f,
          hours: sortHours(d.hours),
          stepFree: d.step_free,
          hearingLoop: d.hearing_loop,
          braille: d.braille,
          languages: d.languages.length ? d.languages : f.languages,
          services: d.services,
          contact: {
            ...(d.phone ? { phone: d.phone } : {}),
            ...(d.email ? { email: d.email } : {}),
            ...(d.website ? { website: d.website } : {}),
          },
        }
        ;(await writeFacts(tx, d.place_id, facts, { source: 'csv_import', by, at: now }))
          ? report.updated++
          : report.unchanged++
      }
      if (report.errors.length) throw new RollBack()
    })
    .catch((e) => {
      if (!(e instanceof RollBack)) throw e
      report.updated = 0
      report.unchanged = 0
    })
  report.ok = report.errors.length === 0
  return report
}

class RollBack extends Error {}

export { DAYS }
