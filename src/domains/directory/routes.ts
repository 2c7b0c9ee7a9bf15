import { z } from 'zod'
import { api } from '../../platform/http/route.ts'
import { exportHsds, importHsds } from './hsds.ts'
import { cityOf } from './pages.tsx'
import { FacilitiesQuery, PlaceDetailsQuery } from './schema.ts'
import { facilitiesGeoJson, placeDetails } from './service.ts'

const Report = z.object({
  ok: z.boolean(),
  errors: z.array(z.object({ path: z.string(), message: z.string(), schema: z.string().optional() })),
  created: z.number(),
  updated: z.number(),
  unchanged: z.number(),
})

/** JSON API: HSDS 3.0 export/import, and place details for maps and lists. */
export const directoryApi = [
  api({
    method: 'GET',
    path: '/directory/hsds',
    access: 'public',
    summary: 'The facility directory as an Open Referral HSDS 3.0 package',
    tags: ['directory'],
    query: z.object({
      district: z
        .string()
        .regex(/^\d{5}$/)
        .optional(),
    }),
    handle: async (c, { query }) => {
      c.header('content-disposition', 'attachment; filename="directory-hsds.json"')
      return c.json(await exportHsds(c.var.db, cityOf(c), query.district))
    },
  }),
  api({
    method: 'POST',
    path: '/directory/hsds',
    access: 'directory:manage',
    summary: 'Imports an HSDS 3.0 package (validated; all or nothing); returns the validation report',
    tags: ['directory'],
    body: z.record(z.string(), z.unknown()),
    response: Report,
    handle: async (c, { body }) => {
      const by = c.var.actor.kind === 'staff' ? c.var.actor.id : null
      const report = await importHsds(c.var.db, body, by, c.var.deps.now(), {
        schemaDir: c.var.deps.config.HSDS_SCHEMA_DIR,
      })
      return c.json(report, report.ok ? 200 : 422)
    },
  }),
  api({
    method: 'GET',
    path: '/directory/facilities.geojson',
    access: 'public',
    summary: 'The directory list (same filters) as GeoJSON points for its map',
    tags: ['directory'],
    query: FacilitiesQuery,
    handle: async (c, { query }) => {
      c.header('content-type', 'application/geo+json; charset=utf-8')
      return c.body(JSON.stringify(await facilitiesGeoJson(c.var.db, query)))
    },
  }),
  api({
    method: 'GET',
    path: '/directory/places',
    access: 'public',
    summary: 'Hours, accessibility, languages, services and contact of places (ids comma-separated)',
    tags: ['directory'],
    query: PlaceDetailsQuery,
    handle: async (c, { query }) =>
      c.json({ places: [...(await placeDetails(c.var.db, query.ids)).values()] }),
  }),
]
