import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { places } from '../reference/tables.ts'
import { type FacilityFacts, facilityDetails, facilityHistory } from './tables.ts'

export type DetailRow = typeof facilityDetails.$inferSelect
export type PlaceRow = typeof places.$inferSelect
export type HistoryRow = typeof facilityHistory.$inferSelect

/** The directory details of these places (missing ones have none yet). */
export async function detailsOf(db: Db, placeIds: string[]): Promise<DetailRow[]> {
  if (!placeIds.length) return []
  return db.select().from(facilityDetails).where(inArray(facilityDetails.placeId, placeIds))
}

export async function lockDetail(db: Db, placeId: string): Promise<DetailRow | undefined> {
  const [r] = await db
    .select()
    .from(facilityDetails)
    .where(eq(facilityDetails.placeId, placeId))
    .for('update')
  return r
}

export async function findPlace(db: Db, id: string): Promise<PlaceRow | undefined> {
  const [r] = await db.select().from(places).where(eq(places.id, id)).limit(1)
  return r
}

export async function placesByIds(db: Db, ids: string[]): Promise<PlaceRow[]> {
  if (!ids.length) return []
  return db.select().from(places).where(inArray(places.id, ids))
}

/** Facilities (the place kinds the directory lists) with their details, filtered and paged. */
export async function listFacilities(
  db: Db,
  f: {
    kinds: string[]
    district?: string
    service?: string
    stepFree?: boolean
    limit: number
    offset: number
  },
): Promise<{ place: PlaceRow; detail: DetailRow | null }[]> {
  const rows = await db
    .select({ place: places, detail: facilityDetails })
    .from(places)
    .leftJoin(facilityDetails, eq(facilityDetails.placeId, places.id))
    .where(facilityWhere(f))
    .orderBy(asc(places.districtName), asc(places.nameKo))
    .limit(f.limit)
    .offset(f.offset)
  return rows
}

export async function countFacilities(
  db: Db,
  f: { kinds: string[]; district?: string; service?: string; stepFree?: boolean },
): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(places)
    .leftJoin(facilityDetails, eq(facilityDetails.placeId, places.id))
    .where(facilityWhere(f))
  return r?.n ?? 0
}

function facilityWhere(f: { kinds: string[]; district?: string; service?: string; stepFree?: boolean }) {
  return and(
    inArray(places.kind, f.kinds),
    f.district ? eq(places.districtCode, f.district) : undefined,
    f.service ? sql`${facilityDetails.services} @> ${JSON.stringify([f.service])}::jsonb` : undefined,
    f.stepFree ? eq(facilityDetails.stepFree, true) : undefined,
  )
}

/** Every place of these kinds with details (for the HSDS export). */
export async function allFacilities(
  db: Db,
  kinds: string[],
  district?: string,
): Promise<{ place: PlaceRow; detail: DetailRow | null }[]> {
  return db
    .select({ place: places, detail: facilityDetails })
    .from(places)
    .leftJoin(facilityDetails, eq(facilityDetails.placeId, places.id))
    .where(and(inArray(places.kind, kinds), district ? eq(places.districtCode, district) : undefined))
    .orderBy(asc(places.id))
}

export async function upsertDetail(
  db: Db,
  placeId: string,
  facts: FacilityFacts,
  version: number,
  at: Date,
  by: string | null,
): Promise<void> {
  const values = { placeId, ...facts, version, updatedAt: at, updatedBy: by }
  await db
    .insert(facilityDetails)
    .values(values)
    .onConflictDoUpdate({ target: facilityDetails.placeId, set: { ...values, placeId: undefined } })
}

export async function insertHistory(db: Db, row: typeof facilityHistory.$inferInsert): Promise<void> {
  await db.insert(facilityHistory).values(row)
}

export async function historyOf(db: Db, placeId: string, limit = 50): Promise<HistoryRow[]> {
  return db
    .select()
    .from(facilityHistory)
    .where(eq(facilityHistory.placeId, placeId))
    .orderBy(desc(facilityHistory.version), desc(facilityHistory.id))
    .limit(limit)
}

/** Updates the reference place's own fields (name, address, position) during an HSDS import. */
export async function updatePlaceCore(
  db: Db,
  id: string,
  set: Partial<
    Pick<
      PlaceRow,
      'nameKo' | 'nameEn' | 'address' | 'lat' | 'lon' | 'phone' | 'districtCode' | 'districtName'
    >
  >,
): Promise<void> {
  await db.update(places).set(set).where(eq(places.id, id))
}

export async function insertPlace(db: Db, row: typeof places.$inferInsert): Promise<void> {
  await db.insert(places).values(row)
}
