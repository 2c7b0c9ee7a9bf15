import type { Child } from 'hono/jsx'
import type { View } from '../view.ts'

/**
 * A map as progressive enhancement of a list or table.
 *
 * CONTRACT
 * - The server renders `children` — the accessible list/table with the same content and filters — FIRST;
 *   that is the primary content and works without JavaScript. Choropleth layers also get their legend as
 *   a text list here (colour is never the only carrier of meaning: the table has the numbers).
 * - After it, an empty `<div data-map hidden>` carries the map's description as data attributes:
 *     data-layers  JSON `MapLayerRef[]` (id, label, kind, url of a GeoJSON FeatureCollection, legend, colour)
 *     data-center  "lat,lon"; data-zoom the start zoom (the island fits the data's bounds when it can)
 *     data-tiles   optional tile URL template (our own /api/v1/map/tiles/{z}/{x}/{y} when MAP_TILE_URL is set)
 *     data-lazy    "true": the island shows a "Show the map" button and loads nothing before it is pressed
 *     data-origin  optional "lat,lon" marked with a ring (where a search started), data-origin-label its name
 * - The island /static/map/map.js (a few KB, loaded with `defer`) un-hides the div, loads Leaflet 1.9.4
 *   from our own server (/api/v1/map/assets/, the pinned npm package; never a CDN), fetches each layer's
 *   GeoJSON and draws it:
 *     'points' circle markers, 'choropleth' polygons filled by `properties.value` with `legend.stops`,
 *     'heat' circles sized and shaded by `properties.weight` (or `value`).
 *   Features follow `LayerProps` in src/domains/nearby/layers.ts (name, nameEn, detail, value, weight).
 * - Without a tile URL the map shows only our own GeoJSON (district/dong outlines give the context).
 * @example
 * <MapFigure v={v} id="near" title="지도" center={{ lat: 37.56, lon: 126.97 }} lazy
 *   layers={[{ id: 'places', label: '도움 장소', kind: 'points', url: '/api/v1/nearby?…&format=geojson' }]}>
 *   <ol>…the same places as a list…</ol>
 * </MapFigure>
 */
export interface MapLayerRef {
  id: string
  label: string
  kind: 'points' | 'choropleth' | 'heat'
  /** A GeoJSON FeatureCollection (same origin). */
  url: string
  /** Marker / outline colour for points and heat (CSS colour); choropleths use `legend.stops`. */
  color?: string
  legend?: Legend
}

/** A choropleth legend: class breaks with their colours, lowest first; `to` is inclusive. */
export interface Legend {
  title: string
  stops: { from: number; to: number; color: string }[]
}

/** Colour-blind-safe sequential scale (light to dark blue-purple, ColorBrewer BuPu 5). */
export const CHOROPLETH_COLORS = ['#edf8fb', '#b3cde3', '#8c96c6', '#8856a7', '#810f7c'] as const

/** Distinct, dark-enough marker colours (each ≥ 3:1 against white) for point layers, in order. */
export const POINT_COLORS = [
  '#0b5cad',
  '#b3261e',
  '#1d7a3a',
  '#7a3db8',
  '#a65e00',
  '#00707a',
  '#5a5a5a',
  '#a3146c',
] as const

/**
 * Quantile class breaks of `values` (nulls ignored) into up to five classes, as a legend.
 * Equal values collapse into one class, so a legend never shows an empty or repeated range.
 */
export function quantileLegend(title: string, values: (number | null | undefined)[]): Legend {
  const xs = values
    .filter((x): x is number => typeof x === 'number' && Number.isFinite(x))
    .sort((a, b) => a - b)
  if (xs.length === 0) return { title, stops: [] }
  const n = CHOROPLETH_COLORS.length
  const uppers: number[] = []
  for (let i = 1; i <= n; i++) {
    const q = xs[Math.min(xs.length - 1, Math.ceil((i * xs.length) / n) - 1)]!
    if (uppers.length === 0 || q > uppers[uppers.length - 1]!) uppers.push(q)
  }
  const stops = uppers.map((to, i) => ({
    from: i === 0 ? xs[0]! : uppers[i - 1]!,
    to,
    color: CHOROPLETH_COLORS[Math.round((i * (n - 1)) / Math.max(1, uppers.length - 1))]!,
  }))
  return { title, stops }
}

/** The legend's colour for a value (the first class whose `to` is ≥ value), or null. */
export function legendColor(legend: Legend, value: number | null | undefined): string | null {
  if (typeof value !== 'number') return null
  return (
    legend.stops.find((s) => value <= s.to)?.color ?? legend.stops[legend.stops.length - 1]?.color ?? null
  )
}

const fmt = (v: View, x: number) =>
  new Intl.NumberFormat(v.locale === 'ko' ? 'ko-KR' : 'en-GB', { maximumFractionDigits: 2 }).format(x)

/** A legend as text: a swatch (decorative) and the range in words, for each class. */
export function LegendList({ v, legend, id }: { v: View; legend: Legend; id: string }) {
  if (legend.stops.length === 0) return null
  return (
    <div class="map-legend" id={id}>
      <p class="map-legend__title">{legend.title}</p>
      <ul class="map-legend__list">
        {legend.stops.map((s) => (
          <li>
            <span class="map-legend__swatch" data-color={s.color} aria-hidden="true">
              <svg width="24" height="24" viewBox="0 0 24 24" focusable="false">
                <rect x="1" y="1" width="22" height="22" fill={s.color} stroke="#0b0c0c" stroke-width="1" />
              </svg>
            </span>
            {s.from === s.to
              ? fmt(v, s.from)
              : v.t('map.legendRange', { from: fmt(v, s.from), to: fmt(v, s.to) })}
          </li>
        ))}
      </ul>
    </div>
  )
}

/**
 * A figure with the list/table first (children) and the map island after it. See the contract above.
 * @param id unique on the page (the map div is `${id}-map`)
 * @param title the figure's caption (what the map and the list show)
 * @param layers the layers the island draws (choropleth legends are also printed as text)
 * @param lazy show a "Show the map" button instead of loading the map at once (citizen pages: light pages)
 * @param tileUrl optional tile URL template; without it the map draws only our GeoJSON
 */
export function MapFigure(p: {
  v: View
  id: string
  title: string
  layers: MapLayerRef[]
  center: { lat: number; lon: number }
  zoom?: number
  lazy?: boolean
  tileUrl?: string | null
  /** The attribution the tile provider requires (shown on the map with ours). */
  tileAttribution?: string | null
  /** A point to mark (where a search started), with its name. */
  origin?: { lat: number; lon: number; label: string }
  children: Child
}) {
  const { v } = p
  const legends = p.layers.filter((l) => l.kind === 'choropleth' && l.legend)
  return (
    <figure class="map-figure" aria-labelledby={`${p.id}-title`}>
      <link rel="stylesheet" href="/static/map/map.css" />
      <figcaption id={`${p.id}-title`} class="map-figure__title">
        {p.title}
      </figcaption>
      {p.children}
      {legends.map((l) => (
        <LegendList v={v} legend={l.legend!} id={`${p.id}-legend-${l.id}`} />
      ))}
      <div
        id={`${p.id}-map`}
        class="map-figure__map"
        data-map=""
        data-layers={JSON.stringify(p.layers)}
        data-center={`${p.center.lat},${p.center.lon}`}
        data-zoom={String(p.zoom ?? 11)}
        data-tiles={p.tileUrl ?? ''}
        data-tile-attribution={p.tileAttribution ?? ''}
        data-origin={p.origin ? `${p.origin.lat},${p.origin.lon}` : undefined}
        data-origin-label={p.origin?.label}
        data-lazy={p.lazy ? 'true' : 'false'}
        data-label={v.t('map.regionLabel', { title: p.title })}
        data-show={v.t('map.show')}
        data-hide={v.t('map.hide')}
        data-loading={v.t('map.loading')}
        data-failed={v.t('map.failed')}
        data-same={v.t('map.sameAsList')}
        data-attribution={v.t('map.attribution')}
        hidden
      ></div>
      <script src="/static/map/map.js" defer></script>
    </figure>
  )
}
