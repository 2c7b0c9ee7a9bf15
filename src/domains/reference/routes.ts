import { z } from 'zod'
import { api } from '../../platform/http/route.ts'
import { presentDistrict, presentPlace } from './present.ts'
import { District, Place, PlacesQuery } from './schema.ts'
import { listDistricts, listPlaces } from './service.ts'

export const referenceApi = [
  api({
    method: 'GET',
    path: '/districts',
    access: 'public',
    summary: 'Districts of the city with population figures',
    tags: ['reference'],
    response: z.object({ items: z.array(District) }),
    handle: async (c) => c.json({ items: (await listDistricts(c.var.db)).map(presentDistrict) }),
  }),
  api({
    method: 'GET',
    path: '/places',
    access: 'public',
    summary: 'Places where help can be found (community centres, senior centres, libraries, stations)',
    tags: ['reference'],
    query: PlacesQuery,
    response: z.object({ items: z.array(Place), total: z.number(), page: z.number(), perPage: z.number() }),
    handle: async (c, { query }) => {
      const r = await listPlaces(c.var.db, query)
      return c.json({ ...r, items: r.items.map(presentPlace) })
    },
  }),
]
