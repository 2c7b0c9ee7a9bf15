import { audit } from '../../platform/audit/trail.ts'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import * as repo from './repo.ts'
import { FACILITY_KINDS, type FacilitiesQuery, type FacilityInput } from './schema.ts'
import {
  type CHANGE_SOURCES,
  DAYS,
  type Day,
  type FacilityContact,
  type FacilityFacts,
  type OpeningPeriod,
  type ServiceCode,
} from './tables.ts'

/** What the directory knows about a place: hours, accessibility, languages, services and contact. */
export interface PlaceDetails {
  placeId: string
  hours: OpeningPeriod[]
  hoursNote: { ko: string | null; en: string | null }
  /** true = yes, false = no, null = not known. */
  accessibility: { stepFree: boolean | null; hearingLoop: boolean | null; braille: boolean | null }
  accessNote: { ko: string | null; en: string | null }
  languages: string[]
  services: ServiceCode[]
  /** The facility's contact; the phone falls back to the reference place's phone. */
  contact: FacilityContact
  updatedAt: Date | null
}

/** Facts for a place the directory has no details for yet. */
export const emptyFacts = (): FacilityFacts => ({
  hours: [],
  hoursNoteKo: null,
  hoursNoteEn: null,
  stepFree: null,
  hearingLoop: null,
  braille: null,
  accessKo: null,
  accessEn: null,
  languages: ['ko'],
  services: [],
  contact: {},
  descriptionKo: null,
  descriptionEn: null,
})

export const factsOf = (d: repo.DetailRow | null | undefined): FacilityFacts =>
  d
    ? {
        hours: d.hours,
        hoursNoteKo: d.hoursNoteKo,
        hoursNoteEn: d.hoursNoteEn,
        stepFree: d.stepFree,
        hearingLoop: d.hearingLoop,
        braille: d.braille,
        accessKo: d.accessKo,
        accessEn: d.accessEn,
        languages: d.languages,
        services: d.services,
        contact: d.contact,
        descriptionKo: d.descriptionKo,
        descriptionEn: d.descriptionEn,
      }
    : emptyFacts()

const present = (placeId: string, d: repo.DetailRow | undefined, placePhone: string | null): PlaceDetails => {
  const f = factsOf(d)
  const contact = { ...f.contact }
  if (!contact.phone && placePhone) contact.phone = placePhone
  return {
    placeId,
    hours: sortHours(f.hours),
    hoursNote: { ko: f.hoursNoteKo, en: f.hoursNoteEn },
    accessibility: { stepFree: f.stepFree, hearingLoop: f.hearingLoop, braille: f.braille },
    accessNote: { ko: f.accessKo, en: f.accessEn },
    languages: f.languages,
    services: f.services,
    contact,
    updatedAt: d?.updatedAt ?? null,
  }
}

/**
 * Opening hours, accessibility (step-free, hearing loop, Braille), languages, services and contact
 * of these places, keyed by place id (for the map and lists of other domains). Public facts: no
 * actor needed. Unknown ids are left out; known places without details get an entry with
 * nothing known (and the reference phone).
 */
export async function placeDetails(db: Db, placeIds: string[]): Promise<Map<string, PlaceDetails>> {
  const ids = [...new Set(placeIds)].slice(0, 1000)
  const [rows, places] = await Promise.all([repo.detailsOf(db, ids), repo.placesByIds(db, ids)])
  const byId = new Map(rows.map((r) => [r.placeId, r]))
  return new Map(places.map((p) => [p.id, present(p.id, byId.get(p.id), p.phone)]))
}

const dayIndex = (d: Day) => DAYS.indexOf(d)
export const sortHours = (h: OpeningPeriod[]) =>
  [...h].sort((a, b) => dayIndex(a.day) - dayIndex(b.day) || a.opens.localeCompare(b.opens))

/** Whether a place is open at this moment (its hours are in the city's time, Korea: UTC+9). */
export function isOpenAt(hours: OpeningPeriod[], at: Date, utcOffsetMinutes = 540): boolean {
  const local = new Date(at.getTime() + utcOffsetMinutes * 60_000)
  const day = DAYS[(local.getUTCDay() + 6) % 7]!
  const hm = `${String(local.getUTCHours()).padStart(2, '0')}:${String(local.getUTCMinutes()).padStart(2, '0')}`
  return hours.some((p) => p.day === day && p.opens <= hm && hm < p.closes)
}

const PER_PAGE = 20

/** The public directory list: facilities filtered by kind, district, service and step-free access. */
export async function listFacilities(db: Db, q: FacilitiesQuery) {
  const f = {
    kinds: q.kind ? [q.kind] : [...FACILITY_KINDS],
    district: q.district,
    service: q.service,
    stepFree: q.stepFree,
  }
  const [rows, total] = await Promise.all([
    repo.listFacilities(db, { ...f, limit: PER_PAGE, offset: (q.page - 1) * PER_PAGE }),
    repo.countFacilities(db, f),
  ])
  return {
    items: rows.map((r) => ({
      place: r.place,
      details: present(r.place.id, r.detail ?? undefined, r.place.phone),
      facts: factsOf(r.detail),
    })),
    total,
    page: q.page,
    perPage: PER_PAGE,
  }
}

/** The most points the map layer of the directory list draws (the list pages through all of them). */
export const MAP_LIMIT = 3000

/**
 * The facilities of the list's filters as a GeoJSON FeatureCollection of points, for the map beside the
 * list (properties as the map island reads them: name, nameEn, district, kind, detail = phone).
 */
export async function facilitiesGeoJson(db: Db, q: FacilitiesQuery) {
  const rows = await repo.listFacilities(db, {
    kinds: q.kind ? [q.kind] : [...FACILITY_KINDS],
    district: q.district,
    service: q.service,
    stepFree: q.stepFree,
    limit: MAP_LIMIT,
    offset: 0,
  })
  return {
    type: 'FeatureCollection' as const,
    features: rows.map((r) => {
      const d = present(r.place.id, r.detail ?? undefined, r.place.phone)
      return {
        type: 'Feature' as const,
        id: r.place.id,
        geometry: { type: 'Point' as const, coordinates: [r.place.lon, r.place.lat] },
        properties: {
          name: r.place.nameKo,
          nameEn: r.place.nameEn,
          district: r.place.districtName,
          kind: r.place.kind,
          detail: d.contact.phone ?? null,
          href: `/directory/${encodeURIComponent(r.place.id)}`,
        },
      }
    }),
  }
}

/** One facility with its details and description (public page). */
export async function getFacility(db: Db, placeId: string) {
  const place = await repo.findPlace(db, placeId)
  if (!place || !(FACILITY_KINDS as readonly string[]).includes(place.kind))
    throw new AppError('not_found', 'error.notFound')
  const [d] = await repo.detailsOf(db, [placeId])
  return { place, details: present(placeId, d, place.phone), facts: factsOf(d), version: d?.version ?? 0 }
}

export const factsFromInput = (i: FacilityInput): FacilityFacts => ({
  hours: sortHours(i.hours),
  hoursNoteKo: i.hoursNoteKo,
  hoursNoteEn: i.hoursNoteEn,
  stepFree: i.stepFree,
  hearingLoop: i.hearingLoop,
  braille: i.braille,
  accessKo: i.accessKo,
  accessEn: i.accessEn,
  languages: [...new Set(i.languages)],
  services: [...new Set(i.services)],
  contact: {
    ...(i.phone ? { phone: i.phone } : {}),
    ...(i.email ? { email: i.email } : {}),
    ...(i.website ? { website: i.website } : {}),
  },
  descriptionKo: i.descriptionKo,
  descriptionEn: i.descriptionEn,
})

/** JSON with object keys sorted (jsonb returns keys in its own order). */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(
          Object.entries(x as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)),
        )
      : x,
  )

/** The fields that differ between two sets of facts (for the change history). */
export function changedFields(a: FacilityFacts | null, b: FacilityFacts): string[] {
  const before = a ?? emptyFacts()
  return (Object.keys(b) as (keyof FacilityFacts)[]).filter((k) => canonical(before[k]) !== canonical(b[k]))
}

/**
 * Writes a facility's facts with a version check and a history row (inside the caller's
 * transaction). Returns false when nothing changed.
 */
export async function writeFacts(
  tx: Db,
  placeId: string,
  facts: FacilityFacts,
  opts: { expectVersion?: number; source: (typeof CHANGE_SOURCES)[number]; by: string | null; at: Date },
): Promise<boolean> {
  const current = await repo.lockDetail(tx, placeId)
  const version = current?.version ?? 0
  if (opts.expectVersion !== undefined && opts.expectVersion !== version)
    throw new AppError('conflict', 'directory.error.staleVersion')
  const before = current ? factsOf(current) : null
  const fields = changedFields(before, facts)
  if (!fields.length && current) return false
  await repo.upsertDetail(tx, placeId, facts, version + 1, opts.at, opts.by)
  await repo.insertHistory(tx, {
    placeId,
    version: version + 1,
    source: opts.source,
    changedBy: opts.by,
    changedAt: opts.at,
    before,
    after: facts,
    fields,
  })
  return true
}

/** Staff edit of a facility's details (directory:manage; version-checked, history and audit). */
export async function updateFacility(db: Db, actor: Actor, placeId: string, input: FacilityInput, now: Date) {
  authorize(actor, 'directory:manage')
  const by = actor.kind === 'staff' ? actor.id : null
  return db.transaction(async (tx) => {
    const place = await repo.findPlace(tx, placeId)
    if (!place) throw new AppError('not_found', 'error.notFound')
    const facts = factsFromInput(input)
    const changed = await writeFacts(tx, placeId, facts, {
      expectVersion: input.version,
      source: 'staff',
      by,
      at: now,
    })
    if (changed)
      await audit(tx, actor, {
        entity: 'facility',
        entityId: placeId,
        action: 'update',
        after: facts,
        at: now,
      })
    return changed
  })
}

/** The change history of a facility (staff). */
export async function facilityHistory(db: Db, actor: Actor, placeId: string) {
  authorize(actor, 'directory:manage')
  return repo.historyOf(db, placeId)
}
