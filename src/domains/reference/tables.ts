import { doublePrecision, index, integer, jsonb, numeric, pgTable, text } from 'drizzle-orm/pg-core'

/** Districts (자치구) of the city, with population figures from the reference data. */
export const districts = pgTable('districts', {
  code: text('code').primaryKey(),
  nameKo: text('name_ko').notNull(),
  nameEn: text('name_en').notNull(),
  lat: doublePrecision('lat').notNull(),
  lon: doublePrecision('lon').notNull(),
  population: integer('population'),
  population65: integer('population_65'),
  share65: numeric('share_65', { precision: 5, scale: 2, mode: 'number' }),
  seniorsLivingAlone: integer('seniors_living_alone'),
  geometry: jsonb('geometry'),
})

/**
 * Places from the reference data where help can be found: community service centres, senior
 * welfare centres, senior halls, libraries, subway stations, public Wi-Fi.
 */
export const places = pgTable(
  'places',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    nameKo: text('name_ko').notNull(),
    nameEn: text('name_en'),
    districtCode: text('district_code').references(() => districts.code),
    districtName: text('district_name'),
    address: text('address'),
    lat: doublePrecision('lat').notNull(),
    lon: doublePrecision('lon').notNull(),
    phone: text('phone'),
    note: text('note'),
    source: text('source').notNull(),
  },
  (t) => [index('places_kind_district_idx').on(t.kind, t.districtCode)],
)
