import { and, asc, eq, gte, inArray, isNotNull, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { courses, eduSessions } from '../education/tables.ts'
import { districts, places } from '../reference/tables.ts'
import { adminDongs, wifiSites } from './tables.ts'

export type AdminDongRow = typeof adminDongs.$inferSelect
export type NewAdminDong = typeof adminDongs.$inferInsert
export type WifiSiteRow = typeof wifiSites.$inferSelect
export type NewWifiSite = typeof wifiSites.$inferInsert

export async function upsertAdminDongs(db: Db, rows: NewAdminDong[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    await db
      .insert(adminDongs)
      .values(rows.slice(i, i + 200))
      .onConflictDoUpdate({
        target: adminDongs.code,
        set: {
          nameKo: sql`excluded.name_ko`,
          nameEn: sql`excluded.name_en`,
          districtCode: sql`excluded.district_code`,
          lat: sql`excluded.lat`,
          lon: sql`excluded.lon`,
          population: sql`excluded.population`,
          population65: sql`excluded.population_65`,
          share65: sql`excluded.share_65`,
          geometry: sql`excluded.geometry`,
        },
      })
  }
}

export async function upsertWifiSites(db: Db, rows: NewWifiSite[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000) {
    await db
      .insert(wifiSites)
      .values(rows.slice(i, i + 1000))
      .onConflictDoUpdate({
        target: wifiSites.id,
        set: {
          nameKo: sql`excluded.name_ko`,
          districtCode: sql`excluded.district_code`,
          address: sql`excluded.address`,
          lat: sql`excluded.lat`,
          lon: sql`excluded.lon`,
          accessPoints: sql`excluded.access_points`,
          indoor: sql`excluded.indoor`,
          installType: sql`excluded.install_type`,
        },
      })
  }
}

/** Districts with their boundary (for the boundary and population layers). */
export async function districtsWithGeometry(db: Db, district?: string) {
  return db
    .select()
    .from(districts)
    .where(district ? eq(districts.code, district) : undefined)
    .orderBy(asc(districts.nameKo))
}

export async function listAdminDongs(db: Db, opts: { district?: string; geometry?: boolean } = {}) {
  const cols = {
    code: adminDongs.code,
    nameKo: adminDongs.nameKo,
    nameEn: adminDongs.nameEn,
    districtCode: adminDongs.districtCode,
    lat: adminDongs.lat,
    lon: adminDongs.lon,
    population: adminDongs.population,
    population65: adminDongs.population65,
    share65: adminDongs.share65,
    geometry: opts.geometry ? adminDongs.geometry : sql<null>`null`,
  }
  return db
    .select(cols)
    .from(adminDongs)
    .where(opts.district ? eq(adminDongs.districtCode, opts.district) : undefined)
    .orderBy(asc(adminDongs.districtCode), asc(adminDongs.nameKo))
}

export async function listWifiSites(db: Db, opts: { district?: string; indoor?: boolean } = {}) {
  const where: (SQL | undefined)[] = [
    opts.district ? eq(wifiSites.districtCode, opts.district) : undefined,
    opts.indoor === undefined ? undefined : eq(wifiSites.indoor, opts.indoor),
  ]
  return db
    .select()
    .from(wifiSites)
    .where(and(...where))
    .orderBy(asc(wifiSites.districtCode), asc(wifiSites.nameKo))
}

export async function placesOfKinds(db: Db, kinds: readonly string[], district?: string) {
  return db
    .select()
    .from(places)
    .where(and(inArray(places.kind, [...kinds]), district ? eq(places.districtCode, district) : undefined))
    .orderBy(asc(places.kind), asc(places.nameKo))
}

/**
 * Upcoming education sessions with where they meet (read-only over the education tables): the venue's
 * place (with coordinates) or the EduBus stop's name and district.
 */
export async function upcomingSessions(db: Db, now: Date, district?: string) {
  return db
    .select({
      sessionId: eduSessions.id,
      courseId: courses.id,
      titleKo: courses.titleKo,
      titleEn: courses.titleEn,
      startsAt: eduSessions.startsAt,
      busStop: eduSessions.busStop,
      districtCode: eduSessions.districtCode,
      placeId: places.id,
      placeKo: places.nameKo,
      placeEn: places.nameEn,
      placeAddress: places.address,
      lat: places.lat,
      lon: places.lon,
    })
    .from(eduSessions)
    .innerJoin(courses, eq(courses.id, eduSessions.courseId))
    .leftJoin(places, eq(places.id, eduSessions.placeId))
    .where(
      and(
        gte(eduSessions.endsAt, now),
        district ? eq(eduSessions.districtCode, district) : undefined,
        isNotNull(sql`coalesce(${eduSessions.placeId}, ${eduSessions.busStop})`),
      ),
    )
    .orderBy(asc(eduSessions.startsAt))
    .limit(500)
}

/** A cheap fingerprint of the reference data the index is built from (it is rebuilt when it changes). */
export async function referenceFingerprint(db: Db): Promise<string> {
  const n = sql<number>`count(*)::int`
  const [[a], [b], [c]] = await Promise.all([
    db.select({ n }).from(places),
    db.select({ n }).from(wifiSites),
    db.select({ n }).from(adminDongs),
  ])
  return `${a?.n}/${b?.n}/${c?.n}`
}
