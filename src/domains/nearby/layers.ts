/**
 * Two small registries other domains fill from their own index.ts (import this module; no cycle back):
 *
 * - MAP LAYERS (`registerMapLayer`): what the staff data map (/staff/map) and any `MapFigure` can show.
 *   A layer loads a GeoJSON FeatureCollection from the database for a filter; the map page renders it
 *   as a table (always) and the map island draws it from `/api/v1/map/layers/{id}` (progressive
 *   enhancement). Feature properties follow `LayerProps` so every layer gets the same table.
 *
 * - NEARBY SOURCES (`registerNearbySource`): what "find help near me" (/nearby) can list besides the
 *   reference places. A static source (e.g. repair centres) is put in the spatial index, built once and
 *   rebuilt after `invalidateNearby()`; a `live` source (e.g. today's guide positions) is read on every
 *   search (it is small and changes during the day).
 *
 * @example
 * // src/domains/guides/index.ts
 * registerMapLayer({
 *   id: 'guides-hotspots', label: { ko: '거점 점수', en: 'Hotspot scores' }, kind: 'points',
 *   legend: { ko: '점수', en: 'Score' },
 *   load: async (db, f) => featureCollection((await hotspots(db, f.district)).map((h) =>
 *     pointFeature(h.id, h.lon, h.lat, { name: h.nameKo, nameEn: h.nameEn, district: h.districtCode, value: h.score }))),
 * })
 * registerNearbySource({
 *   id: 'guides', label: { ko: '오늘의 디지털 안내사', en: "Today's digital guides" }, live: true,
 *   load: async (db, now) => (await positionsToday(db, now)).map((p) => ({ id: p.id, nameKo: p.siteKo, ... })),
 * })
 */
import type { Db } from '../../platform/db/client.ts'
import type { Locale } from '../../platform/i18n/index.ts'

export type Bilingual = { ko: string; en: string }

// ── GeoJSON (the subset we produce) ───────────────────────────────────────────────────────────

export type Position = [number, number]
export type Geometry =
  | { type: 'Point'; coordinates: Position }
  | { type: 'Polygon'; coordinates: Position[][] }
  | { type: 'MultiPolygon'; coordinates: Position[][][] }

/**
 * The properties every layer's features carry; the map page's table and the island read only these.
 * - `name` (Korean) and `nameEn` (English, optional): what the row / popup is called
 * - `district`: 5-digit district code (the table shows its name; the district filter uses it)
 * - `kind`: a sub-kind for the kind filter (e.g. the place kind); free text
 * - `detail`: one line of extra text (address, line, opening hours) in Korean, `detailEn` in English
 * - `value`: the number a choropleth colours by, or a score / count shown in the table
 * - `weight`: a heat layer's intensity (defaults to `value`, then 1)
 */
export interface LayerProps {
  name: string
  nameEn?: string | null
  district?: string | null
  kind?: string | null
  detail?: string | null
  detailEn?: string | null
  value?: number | null
  weight?: number | null
  [extra: string]: unknown
}

export interface Feature {
  type: 'Feature'
  id: string
  geometry: Geometry
  properties: LayerProps
}

export interface FeatureCollection {
  type: 'FeatureCollection'
  features: Feature[]
}

export const featureCollection = (features: Feature[]): FeatureCollection => ({
  type: 'FeatureCollection',
  features,
})

/** A point feature (GeoJSON order: longitude, latitude). */
export const pointFeature = (id: string, lon: number, lat: number, properties: LayerProps): Feature => ({
  type: 'Feature',
  id,
  geometry: { type: 'Point', coordinates: [lon, lat] },
  properties,
})

// ── map layers ────────────────────────────────────────────────────────────────────────────────

/** 'points' markers; 'choropleth' areas coloured by `value` (with a legend); 'heat' weighted circles. */
export type MapLayerKind = 'points' | 'choropleth' | 'heat'

/** What the map page asks a layer for: the same filters as its table. */
export interface LayerFilter {
  /** 5-digit district code, or undefined for the whole city. */
  district?: string
  /** Sub-kinds to keep (`LayerProps.kind`); undefined or empty for all. */
  kinds?: string[]
  /** For time-based layers: the last N days (1–366) when the caller asks; else the layer's default. */
  days?: number
  now: Date
  locale: Locale
}

export interface MapLayer {
  /** URL-safe id, unique: `^[a-z0-9-]+$`, prefixed by the domain (e.g. 'guides-hotspots'). */
  id: string
  label: Bilingual
  kind: MapLayerKind
  /** What `value` measures (legend title / table column), e.g. { ko: '65세 이상 인구', en: 'People 65+' }. */
  legend?: Bilingual
  /** Shown to anyone (citizen pages, anonymous GeoJSON). Default false: only staff with 'map:read'. */
  public?: boolean
  /** Sub-kinds offered in the kind filter: value → label. */
  kinds?: Record<string, Bilingual>
  /** Layer group on the staff map page (e.g. 'population', 'places', 'education', 'guides'). */
  group?: string
  /** Loads the features for a filter; must apply `district` (and `kinds` when given) itself. */
  load: (db: Db, filter: LayerFilter) => Promise<FeatureCollection>
}

const layerRegistry = new Map<string, MapLayer>()

/** Adds a layer to the data map (call from a domain's index.ts). Re-registering the same id replaces it. */
export function registerMapLayer(layer: MapLayer): void {
  if (!/^[a-z0-9-]+$/.test(layer.id)) throw new Error(`map layer id must be [a-z0-9-]+: ${layer.id}`)
  layerRegistry.set(layer.id, layer)
}

/** Every registered layer, in registration order. */
export const mapLayers = (): MapLayer[] => [...layerRegistry.values()]

export const mapLayer = (id: string): MapLayer | undefined => layerRegistry.get(id)

// ── nearby sources ────────────────────────────────────────────────────────────────────────────

/** One place where help can be found, as "find help near me" lists it. */
export interface NearbyPoint {
  /** Unique within its source. */
  id: string
  nameKo: string
  nameEn?: string | null
  lat: number
  lon: number
  districtCode?: string | null
  address?: string | null
  phone?: string | null
  /** Opening hours / when (e.g. a guide team's shift "09:30–16:30"), Korean and English when known. */
  hoursKo?: string | null
  hoursEn?: string | null
  /** A sub-kind shown with the name (e.g. the place kind 'library'; its label is `place.<kind>`). */
  kind?: string | null
  /** A reference place id (places.id) when this point is one, so its directory details can be shown. */
  placeId?: string | null
  /** A page with more about it. */
  href?: string | null
  /** Made up for the demo (shown with a "demo" label so nobody takes it for a real service). */
  demo?: boolean
}

export interface NearbySource {
  /** URL-safe id, unique (also the `kinds` value in /nearby and /api/v1/nearby). */
  id: string
  label: Bilingual
  /** Read on every search instead of being indexed (small, changes during the day). */
  live?: boolean
  load: (db: Db, now: Date) => Promise<NearbyPoint[]>
}

const sourceRegistry = new Map<string, NearbySource>()
const invalidators = new Set<() => void>()

/** Adds a kind of help to "find help near me" (call from a domain's index.ts). */
export function registerNearbySource(source: NearbySource): void {
  if (!/^[a-z0-9-_]+$/.test(source.id)) throw new Error(`nearby source id must be [a-z0-9-_]+: ${source.id}`)
  sourceRegistry.set(source.id, source)
  invalidateNearby()
}

export const nearbySources = (): NearbySource[] => [...sourceRegistry.values()]

/** Tells the spatial index that a static source's data changed (it is rebuilt on the next search). */
export function invalidateNearby(): void {
  for (const f of invalidators) f()
}

/** The index module listens here (kept in this file so domains import only layers.ts). */
export function onNearbyInvalidate(f: () => void): void {
  invalidators.add(f)
}
