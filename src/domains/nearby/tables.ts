import { boolean, doublePrecision, index, integer, jsonb, numeric, pgTable, text } from 'drizzle-orm/pg-core'

/**
 * Administrative dongs (행정동) with their boundary and senior population, for the data map's choropleth
 * and the place search ("find help near me" by dong name). Boundaries are the 2021 ones; the 2026
 * population of dongs split or renamed since then is added to the 2021 dong that holds them.
 */
export const adminDongs = pgTable(
  'nearby_admin_dongs',
  {
    code: text('code').primaryKey(),
    nameKo: text('name_ko').notNull(),
    /** Romanised name (for English search and display); Korean data has no English dong names. */
    nameEn: text('name_en').notNull(),
    districtCode: text('district_code').notNull(),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    population: integer('population'),
    population65: integer('population_65'),
    share65: numeric('share_65', { precision: 5, scale: 2, mode: 'number' }),
    geometry: jsonb('geometry'),
  },
  (t) => [index('nearby_admin_dongs_district_idx').on(t.districtCode)],
)

/**
 * Public Wi-Fi sites: the access points of the reference file grouped by name and location (several
 * access points on the floors of one building are one site).
 */
export const wifiSites = pgTable(
  'nearby_wifi_sites',
  {
    id: text('id').primaryKey(),
    nameKo: text('name_ko').notNull(),
    districtCode: text('district_code'),
    address: text('address'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    accessPoints: integer('access_points').notNull(),
    indoor: boolean('indoor').notNull(),
    installType: text('install_type'),
  },
  (t) => [index('nearby_wifi_sites_district_idx').on(t.districtCode)],
)
