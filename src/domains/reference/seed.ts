import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { cityDataPath, cityProfile } from '../../platform/city.ts'
import type { SeedContext } from '../../platform/domain.ts'
import { type NewDistrict, type NewPlace, upsertDistricts, upsertPlaces } from './repo.ts'

type Row = Record<string, string>
const readCsv = (city: string, file: string): Row[] =>
  parse(readFileSync(cityDataPath(city, file), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[]

const num = (s: string | undefined) => (s === undefined || s === '' ? null : Number(s))

/** The place kinds from the senior/community places file that the product uses as "help is here". */
export const HELP_PLACE_KINDS = [
  'community_service_center',
  'senior_welfare_center',
  'social_welfare_center',
  'disability_welfare_center',
  'digital_learning_center',
  'lifelong_learning_center',
  'fifty_plus_center',
  'library',
  'senior_hall',
  'senior_gathering_place',
  'public_office',
] as const

/** Loads districts and places from data/<city>/ (idempotent: upserts by id). */
export async function seedReference(ctx: SeedContext): Promise<void> {
  const city = ctx.config.GACHI_CITY
  const files = cityProfile(city).files
  const summary = readCsv(city, files.districtSummary)
  const geo = JSON.parse(readFileSync(cityDataPath(city, files.districtBoundaries), 'utf8')) as {
    features: { properties: Record<string, string>; geometry: unknown }[]
  }
  const geomByCode = new Map(geo.features.map((f) => [String(f.properties.code), f.geometry]))
  const districts: NewDistrict[] = summary.map((r) => ({
    code: r.code!,
    nameKo: r.name_ko!,
    nameEn: r.name_en!,
    lat: Number(r.centroid_lat),
    lon: Number(r.centroid_lon),
    population: num(r.population_2026_06),
    population65: num(r.pop_65_plus_2026_06),
    share65: num(r.share_65_plus_pct),
    seniorsLivingAlone: num(r.seniors_living_alone_2023),
    geometry: geomByCode.get(r.code!) ?? null,
  }))
  await upsertDistricts(ctx.db, districts)
  ctx.progress(`districts: ${districts.length}`)
  const codeByName = new Map(districts.map((d) => [d.nameKo, d.code]))

  const placeRows: NewPlace[] = []
  const wanted = new Set<string>(HELP_PLACE_KINDS)
  for (const r of readCsv(city, files.communityPlaces)) {
    if (!wanted.has(r.kind!) || r.kind === 'library') continue // libraries come from their own file
    placeRows.push({
      id: r.id!,
      kind: r.kind!,
      nameKo: r.name_ko!,
      nameEn: r.name_en || null,
      districtCode: codeByName.get(r.district!) ?? null,
      districtName: r.district || null,
      address: r.address || null,
      lat: Number(r.lat),
      lon: Number(r.lon),
      phone: null,
      note: r.note || null,
      source: r.source!,
    })
  }
  for (const r of readCsv(city, files.libraries)) {
    placeRows.push({
      id: r.id!,
      kind: 'library',
      nameKo: r.name_ko!,
      nameEn: r.name_en || null,
      districtCode: codeByName.get(r.district!) ?? null,
      districtName: r.district || null,
      address: r.address || null,
      lat: Number(r.lat),
      lon: Number(r.lon),
      phone: r.phone || null,
      note: [r.opening_hours, r.closed_days].filter(Boolean).join(' / ') || null,
      source: r.source!,
    })
  }
  const seenStation = new Set<string>()
  for (const r of readCsv(city, files.subwayStations)) {
    const key = `${r.name_ko}`
    if (seenStation.has(key)) continue
    seenStation.add(key)
    placeRows.push({
      id: r.id!,
      kind: 'subway_station',
      nameKo: r.name_ko!,
      nameEn: r.name_en || null,
      districtCode: codeByName.get(r.district!) ?? null,
      districtName: r.district || null,
      address: null,
      lat: Number(r.lat),
      lon: Number(r.lon),
      phone: null,
      note: r.line || null,
      source: r.source!,
    })
  }
  await upsertPlaces(ctx.db, placeRows)
  ctx.progress(`places: ${placeRows.length}`)
}
