import { z } from 'zod'
import { allows } from '../../platform/auth/actor.ts'
import { AppError } from '../../platform/http/errors.ts'
import { api } from '../../platform/http/route.ts'
import { leafletAsset } from './assets.ts'
import { type FeatureCollection, featureCollection, mapLayer, mapLayers, pointFeature } from './layers.ts'
import { LayerQuery, NearbyApiQuery, NearbyInput, NearbyOut, SpotOut } from './schema.ts'
import { findNearby, resolveOrigin, searchSpots } from './service.ts'

const GeoJson = z
  .object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) })
  .meta({ description: 'A GeoJSON FeatureCollection (RFC 7946); properties follow LayerProps' })

/** The API's query as the shared input (kinds as a list). */
const toInput = (q: z.infer<typeof NearbyApiQuery>) =>
  NearbyInput.parse({ ...q, kinds: q.kinds ? q.kinds.split(',').filter(Boolean) : [] })

const TILE = /^\d{1,2}$/

export const nearbyApi = [
  api({
    method: 'GET',
    path: '/nearby',
    access: 'public',
    summary:
      'Find help near a place: the nearest learning centres, classes, guides, community centres and Wi-Fi',
    tags: ['nearby'],
    query: NearbyApiQuery,
    response: NearbyOut,
    handle: async (c, { query }) => {
      const input = toInput(query)
      const r = await resolveOrigin(c.var.db, input)
      const groups = r.origin
        ? await findNearby(c.var.db, r.origin, {
            kinds: input.kinds,
            perKind: input.limit,
            maxKm: r.origin.how === 'district' ? 30 : input.radius / 1000,
            now: c.var.deps.now(),
          })
        : []
      return c.json({
        origin: r.origin ?? null,
        choices: r.choices ?? [],
        groups: groups.map((g) => ({
          id: g.source.id,
          label: g.source.label,
          items: g.hits.map((h) => ({
            id: h.point.id,
            nameKo: h.point.nameKo,
            nameEn: h.point.nameEn ?? null,
            kind: h.point.kind ?? null,
            lat: h.point.lat,
            lon: h.point.lon,
            districtCode: h.point.districtCode ?? null,
            address: h.point.address ?? null,
            phone: h.point.phone ?? null,
            hoursKo: h.point.hoursKo ?? null,
            hoursEn: h.point.hoursEn ?? null,
            demo: h.point.demo === true,
            km: Math.round(h.km * 1000) / 1000,
            walkMinutes: h.walkMinutes,
          })),
        })),
      })
    },
  }),
  api({
    method: 'GET',
    path: '/nearby/features',
    access: 'public',
    summary: 'The same search as GeoJSON points (what the map of "find help near me" draws)',
    tags: ['nearby'],
    query: NearbyApiQuery,
    response: GeoJson,
    handle: async (c, { query }) => {
      const input = toInput(query)
      const r = await resolveOrigin(c.var.db, input)
      if (!r.origin) return c.json(featureCollection([]))
      const groups = await findNearby(c.var.db, r.origin, {
        kinds: input.kinds,
        perKind: input.limit,
        maxKm: r.origin.how === 'district' ? 30 : input.radius / 1000,
        now: c.var.deps.now(),
      })
      const fc: FeatureCollection = featureCollection(
        groups.flatMap((g) =>
          g.hits.map((h) =>
            pointFeature(`${g.source.id}:${h.point.id}`, h.point.lon, h.point.lat, {
              name: h.point.nameKo,
              nameEn: h.point.nameEn ?? null,
              district: h.point.districtCode ?? null,
              kind: g.source.id,
              detail: h.point.address ?? null,
              value: Math.round(h.km * 1000),
            }),
          ),
        ),
      )
      return c.json(fc)
    },
  }),
  api({
    method: 'GET',
    path: '/nearby/places',
    access: 'public',
    summary: 'Search the city’s own names (dongs, stations, places, addresses) for a starting point',
    tags: ['nearby'],
    query: z.object({
      q: z.string().min(1).max(80),
      limit: z.coerce.number().int().min(1).max(20).default(8),
    }),
    response: z.object({ items: z.array(SpotOut) }),
    handle: async (c, { query }) => c.json({ items: await searchSpots(c.var.db, query.q, query.limit) }),
  }),
  api({
    method: 'GET',
    path: '/map/layers',
    access: 'public',
    summary: 'The data map’s layers this caller may see (staff with map:read see every layer)',
    tags: ['nearby'],
    response: z.object({
      items: z.array(
        z.object({
          id: z.string(),
          label: z.object({ ko: z.string(), en: z.string() }),
          kind: z.enum(['points', 'choropleth', 'heat']),
          public: z.boolean(),
          url: z.string(),
        }),
      ),
    }),
    handle: (c) => {
      const staff = allows(c.var.actor, 'map:read')
      return c.json({
        items: mapLayers()
          .filter((l) => l.public || staff)
          .map((l) => ({
            id: l.id,
            label: l.label,
            kind: l.kind,
            public: l.public === true,
            url: `/api/v1/map/layers/${l.id}`,
          })),
      })
    },
  }),
  api({
    method: 'GET',
    path: '/map/layers/:id',
    access: 'public',
    summary: 'One map layer as GeoJSON, filtered by district and kind (staff-only layers need map:read)',
    tags: ['nearby'],
    query: LayerQuery,
    response: GeoJson,
    handle: async (c, { query }) => {
      const layer = mapLayer(c.req.param('id') ?? '')
      if (!layer) throw new AppError('not_found', 'nearby.error.layerNotFound')
      if (!layer.public && !allows(c.var.actor, 'map:read'))
        throw new AppError(
          c.var.actor.kind === 'anonymous' ? 'unauthenticated' : 'forbidden',
          c.var.actor.kind === 'anonymous' ? 'auth.signInRequired' : 'auth.forbidden',
        )
      const fc = await layer.load(c.var.db, {
        district: query.district,
        kinds: query.kind ? query.kind.split(',').filter(Boolean) : undefined,
        days: query.days,
        now: c.var.deps.now(),
        locale: c.var.locale,
      })
      c.header('cache-control', layer.public ? 'public, max-age=300' : 'private, no-store')
      return c.json(fc)
    },
  }),
  api({
    method: 'GET',
    path: '/map/tiles/:z/:x/:y',
    access: 'public',
    summary:
      'A map tile from the configured tile server (MAP_TILE_URL), fetched by our server; 404 when none',
    tags: ['nearby'],
    handle: async (c) => {
      const url = c.var.deps.config.MAP_TILE_URL
      const [zs, xs, ys] = [
        c.req.param('z') ?? '',
        c.req.param('x') ?? '',
        (c.req.param('y') ?? '').replace(/\.png$/, ''),
      ]
      if (!url) throw new AppError('not_found', 'nearby.error.noTiles')
      if (!TILE.test(zs) || !/^\d{1,7}$/.test(xs) || !/^\d{1,7}$/.test(ys))
        throw new AppError('validation', 'nearby.error.tile')
      const z = Number(zs)
      const n = 2 ** z
      if (z > 19 || Number(xs) >= n || Number(ys) >= n) throw new AppError('validation', 'nearby.error.tile')
      const res = await fetch(url.replace('{z}', zs).replace('{x}', xs).replace('{y}', ys), {
        signal: AbortSignal.timeout(5000),
      }).catch(() => null)
      if (!res?.ok) throw new AppError('not_found', 'nearby.error.noTiles')
      const type = res.headers.get('content-type') ?? 'image/png'
      if (!/^image\/(png|jpeg|webp)$/.test(type.split(';')[0]!.trim()))
        throw new AppError('not_found', 'nearby.error.noTiles')
      return new Response(await res.arrayBuffer(), {
        headers: { 'content-type': type, 'cache-control': 'public, max-age=86400' },
      })
    },
  }),
  api({
    method: 'GET',
    path: '/map/assets/:file',
    access: 'public',
    summary: 'Leaflet 1.9.4 (the map library of the map island), served from our own npm package',
    tags: ['nearby'],
    handle: (c) => assetResponse(c.req.param('file') ?? ''),
  }),
  api({
    method: 'GET',
    path: '/map/assets/images/:file',
    access: 'public',
    summary: 'Leaflet’s control images (layer switcher icon)',
    tags: ['nearby'],
    handle: (c) => assetResponse(`images/${c.req.param('file') ?? ''}`),
  }),
]

function assetResponse(path: string): Response {
  const a = leafletAsset(path)
  if (!a) throw new AppError('not_found', 'error.notFound')
  return new Response(new Uint8Array(a.body), {
    headers: { 'content-type': a.type, 'cache-control': 'public, max-age=86400' },
  })
}
