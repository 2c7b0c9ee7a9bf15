import type { Db } from '../../platform/db/client.ts'
import * as repo from './repo.ts'
import type { PlacesQuery } from './schema.ts'

/** The city's districts with their population figures. */
export const listDistricts = (db: Db) => repo.listDistricts(db)

/** Places where help can be found, filtered and paginated. */
export async function listPlaces(db: Db, q: PlacesQuery & { kinds?: string[] }) {
  const kinds = q.kinds ?? (q.kind ? [q.kind] : undefined)
  const filter = { kinds, districtCode: q.district }
  const [items, total] = await Promise.all([
    repo.listPlaces(db, { ...filter, limit: q.perPage, offset: (q.page - 1) * q.perPage }),
    repo.countPlaces(db, filter),
  ])
  return { items, total, page: q.page, perPage: q.perPage }
}

export const findDistrict = (db: Db, code: string) => repo.findDistrict(db, code)
