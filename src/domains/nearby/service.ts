import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { listDistricts } from '../reference/service.ts'
import { Gazetteer, type Spot } from './gazetteer.ts'
import { type NearbyPoint, type NearbySource, nearbySources, onNearbyInvalidate } from './layers.ts'
import * as repo from './repo.ts'
import type { NearbyInput } from './schema.ts'
import { type Hit, kmBetween, type LonLat, linearNearest, PointIndex, walkMinutes } from './spatial.ts'

// ── the index: built once per database from the reference data, rebuilt when it changes ────────

interface Built {
  generation: number
  fingerprint: string
  checkedAt: number
  sources: Map<string, PointIndex<NearbyPoint>>
  gazetteer: Gazetteer
  districts: Map<string, { code: string; nameKo: string; nameEn: string; lat: number; lon: number }>
}

let generation = 0
onNearbyInvalidate(() => {
  generation++
})
const built = new WeakMap<Db, Promise<Built>>()
/** How often a search checks whether the reference data changed under it (cheap count query). */
const RECHECK_MS = 60_000

async function build(db: Db): Promise<Built> {
  const gen = generation
  const fingerprint = await repo.referenceFingerprint(db)
  const sources = new Map<string, PointIndex<NearbyPoint>>()
  for (const s of nearbySources())
    if (!s.live) sources.set(s.id, new PointIndex(await s.load(db, new Date())))
  const districts = await listDistricts(db)
  const spots: Spot[] = districts.map((d) => ({
    id: `district:${d.code}`,
    kind: 'district',
    nameKo: d.nameKo,
    nameEn: d.nameEn,
    lat: d.lat,
    lon: d.lon,
    districtCode: d.code,
    address: null,
  }))
  for (const d of await repo.listAdminDongs(db))
    spots.push({
      id: `dong:${d.code}`,
      kind: 'dong',
      nameKo: d.nameKo,
      nameEn: d.nameEn,
      lat: d.lat,
      lon: d.lon,
      districtCode: d.districtCode,
      address: null,
    })
  for (const p of await repo.placesOfKinds(db, SEARCHABLE_PLACE_KINDS))
    spots.push({
      id: p.kind === 'subway_station' ? `station:${p.id}` : `place:${p.id}`,
      kind: p.kind === 'subway_station' ? 'station' : 'place',
      // "시청" → "시청역": how people say a station's name
      nameKo: p.kind === 'subway_station' && !p.nameKo.endsWith('역') ? `${p.nameKo}역` : p.nameKo,
      nameEn: p.nameEn,
      lat: p.lat,
      lon: p.lon,
      districtCode: p.districtCode,
      address: p.address,
    })
  return {
    generation: gen,
    fingerprint,
    checkedAt: Date.now(),
    sources,
    gazetteer: new Gazetteer(spots),
    districts: new Map(districts.map((d) => [d.code, d])),
  }
}

/** Places whose names and addresses people search by (landmarks); 경로당 are too many and too alike. */
const SEARCHABLE_PLACE_KINDS = [
  'subway_station',
  'community_service_center',
  'senior_welfare_center',
  'social_welfare_center',
  'disability_welfare_center',
  'digital_learning_center',
  'lifelong_learning_center',
  'fifty_plus_center',
  'library',
  'public_office',
] as const

/** The current index of a database (built on first use; rebuilt after invalidateNearby() or a data change). */
export async function nearbyIndex(db: Db): Promise<Built> {
  let p = built.get(db)
  if (p) {
    const b = await p.catch(() => null)
    if (b && b.generation === generation) {
      if (Date.now() - b.checkedAt < RECHECK_MS) return b
      b.checkedAt = Date.now()
      if ((await repo.referenceFingerprint(db)) === b.fingerprint) return b
    }
  }
  p = build(db)
  built.set(db, p)
  return p
}

// ── searching ─────────────────────────────────────────────────────────────────────────────────

/** The city's rough bounds: a location outside is refused (it is not a place we know anything about). */
export const CITY_BOUNDS = { minLat: 37.38, maxLat: 37.75, minLon: 126.7, maxLon: 127.25 }
export const inCity = (p: LonLat) =>
  p.lat >= CITY_BOUNDS.minLat &&
  p.lat <= CITY_BOUNDS.maxLat &&
  p.lon >= CITY_BOUNDS.minLon &&
  p.lon <= CITY_BOUNDS.maxLon

/** Where the search starts from, and how it was chosen. */
export interface Origin extends LonLat {
  how: 'location' | 'spot' | 'district'
  nameKo: string
  nameEn: string
  districtCode: string | null
}

export type OriginResult =
  | { origin: Origin; choices?: undefined }
  | { origin?: undefined; choices: Spot[] }
  | { origin?: undefined; choices?: undefined }

/**
 * Decides the starting point: a chosen spot (`at`), the browser's location (`lat`/`lon`), a typed name
 * (`q`: one clear answer is used, several are offered as choices), or a district's centre.
 * Throws AppError('validation') with a field message when a location is outside the city or nothing matches.
 */
export async function resolveOrigin(db: Db, q: NearbyInput): Promise<OriginResult> {
  const idx = await nearbyIndex(db)
  if (q.at) {
    const spot = idx.gazetteer.get(q.at)
    if (!spot) throw new AppError('validation', 'validation.summary', { q: 'nearby.error.unknownSpot' })
    return { origin: fromSpot(spot) }
  }
  if (q.lat !== undefined && q.lon !== undefined) {
    const at = { lat: q.lat, lon: q.lon }
    if (!inCity(at)) throw new AppError('validation', 'validation.summary', { q: 'nearby.error.outside' })
    return {
      origin: { ...at, how: 'location', nameKo: '지금 계신 곳', nameEn: 'Where you are', districtCode: null },
    }
  }
  if (q.q) {
    const found = idx.gazetteer.search(q.q, 8)
    const inDistrict = q.district ? found.filter((s) => s.districtCode === q.district) : found
    const list = inDistrict.length > 0 ? inDistrict : found
    if (list.length === 0)
      throw new AppError('validation', 'validation.summary', { q: 'nearby.error.noMatch' })
    if (list.length === 1) return { origin: fromSpot(list[0]!) }
    // one place by that very name (a station on several lines, a station and its dong are one place)
    const exact = list.filter((s) => idx.gazetteer.isExact(s, q.q!))
    if (exact.length > 0 && exact.every((s) => kmBetween(s, exact[0]!) < 1))
      return { origin: fromSpot(exact[0]!) }
    return { choices: list }
  }
  if (q.district) {
    const d = idx.districts.get(q.district)
    if (!d) throw new AppError('validation', 'validation.summary', { district: 'nearby.error.district' })
    return {
      origin: {
        lat: d.lat,
        lon: d.lon,
        how: 'district',
        nameKo: d.nameKo,
        nameEn: d.nameEn,
        districtCode: d.code,
      },
    }
  }
  return {}
}

const fromSpot = (s: Spot): Origin => ({
  lat: s.lat,
  lon: s.lon,
  how: 'spot',
  nameKo: s.nameKo,
  nameEn: s.nameEn ?? s.nameKo,
  districtCode: s.districtCode,
})

export interface NearbyHit {
  point: NearbyPoint
  km: number
  walkMinutes: number
}

export interface NearbyGroup {
  source: Pick<NearbySource, 'id' | 'label' | 'live'>
  hits: NearbyHit[]
}

/**
 * The nearest points of each chosen kind of help around `origin`, nearest first (static kinds from the
 * spatial index, live kinds by looking at each of their few points). With a district origin, only
 * points in that district count.
 */
export async function findNearby(
  db: Db,
  origin: Origin,
  opts: { kinds?: string[]; perKind: number; maxKm: number; now: Date },
): Promise<NearbyGroup[]> {
  const idx = await nearbyIndex(db)
  const wanted = opts.kinds?.length ? new Set(opts.kinds) : null
  const keep =
    origin.how === 'district' && origin.districtCode
      ? (p: NearbyPoint) => p.districtCode === origin.districtCode
      : undefined
  const groups: NearbyGroup[] = []
  for (const s of orderedSources()) {
    if (wanted && !wanted.has(s.id)) continue
    let hits: Hit<NearbyPoint>[]
    if (s.live) {
      const pts = await s.load(db, opts.now).catch(() => [] as NearbyPoint[])
      hits = linearNearest(pts, origin, opts.perKind, opts.maxKm, keep)
    } else {
      hits = idx.sources.get(s.id)?.nearest(origin, opts.perKind, opts.maxKm, keep) ?? []
    }
    groups.push({
      source: { id: s.id, label: s.label, live: s.live },
      hits: hits.map((h) => ({ ...h, walkMinutes: walkMinutes(h.km) })),
    })
  }
  return groups
}

/** Kinds of help in the order a person reads them: people first, then places to learn, then the rest. */
const ORDER = ['guides', 'learning', 'classes', 'community', 'repair', 'wifi']
export function orderedSources(): NearbySource[] {
  const rank = (id: string) => {
    const i = ORDER.indexOf(id)
    return i === -1 ? ORDER.length : i
  }
  return nearbySources().sort((a, b) => rank(a.id) - rank(b.id))
}

/** Place-search suggestions (for the API and the no-match page). */
export async function searchSpots(db: Db, q: string, limit = 8): Promise<Spot[]> {
  return (await nearbyIndex(db)).gazetteer.search(q, limit)
}
