import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { districts, places } from './tables.ts'

export type DistrictRow = typeof districts.$inferSelect
export type PlaceRow = typeof places.$inferSelect
export type NewPlace = typeof places.$inferInsert
export type NewDistrict = typeof districts.$inferInsert

export async function listDistricts(db: Db): Promise<Omit<DistrictRow, 'geometry'>[]> {
  return db
    .select({
      code: districts.code,
      nameKo: districts.nameKo,
      nameEn: districts.nameEn,
      lat: districts.lat,
      lon: districts.lon,
      population: districts.population,
      population65: districts.population65,
      share65: districts.share65,
      seniorsLivingAlone: districts.seniorsLivingAlone,
    })
    .from(districts)
    .orderBy(asc(districts.nameKo))
}

export async function findDistrict(db: Db, code: string): Promise<DistrictRow | undefined> {
  const [d] = await db.select().from(districts).where(eq(districts.code, code)).limit(1)
  return d
}

export async function listPlaces(
  db: Db,
  filter: { kinds?: string[]; districtCode?: string; limit?: number; offset?: number },
): Promise<PlaceRow[]> {
  const where = and(
    filter.kinds?.length ? inArray(places.kind, filter.kinds) : undefined,
    filter.districtCode ? eq(places.districtCode, filter.districtCode) : undefined,
  )
  return db
    .select()
    .from(places)
    .where(where)
    .orderBy(asc(places.kind), asc(places.nameKo))
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0)
}

export async function countPlaces(
  db: Db,
  filter: { kinds?: string[]; districtCode?: string },
): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(places)
    .where(
      and(
        filter.kinds?.length ? inArray(places.kind, filter.kinds) : undefined,
        filter.districtCode ? eq(places.districtCode, filter.districtCode) : undefined,
      ),
    )
  return r?.n ?? 0
}

export async function upsertDistricts(db: Db, rows: NewDistrict[]): Promise<void> {
  for (const r of rows)
    await db
      .insert(districts)
      .values(r)
      .onConflictDoUpdate({ target: districts.code, set: { ...r, code: undefined } as never })
}

export async function upsertPlaces(db: Db, rows: NewPlace[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    await db
      .insert(places)
      .values(chunk)
      .onConflictDoUpdate({
        target: places.id,
        set: {
          kind: sql`excluded.kind`,
          nameKo: sql`excluded.name_ko`,
          nameEn: sql`excluded.name_en`,
          districtCode: sql`excluded.district_code`,
          districtName: sql`excluded.district_name`,
          address: sql`excluded.address`,
          lat: sql`excluded.lat`,
          lon: sql`excluded.lon`,
          phone: sql`excluded.phone`,
          note: sql`excluded.note`,
          source: sql`excluded.source`,
        },
      })
  }
}
