import type { Db } from '../../platform/db/client.ts'
import { getMeta } from '../../platform/db/meta.ts'
import { listFacilities } from '../directory/service.ts'
import { hoursText } from './details.ts'
import {
  featureCollection,
  type NearbyPoint,
  pointFeature,
  registerMapLayer,
  registerNearbySource,
} from './layers.ts'
import { DEMO_REPAIR_META } from './seed.ts'

/**
 * Repair centres: the directory's facilities that offer device repair (`device_repair` among their
 * services). The reference data has no repair-centre kind and the devices domain's repairers have a
 * district only, so the directory is the one place with a location, hours and a phone for "where can
 * my phone be repaired". Read through the directory's own service (its paging), never its tables.
 */
const MAX_PAGES = 50 // 20 a page: up to 1,000 repair places, far more than a city lists

export async function repairPlaces(db: Db, district?: string) {
  const out: Awaited<ReturnType<typeof listFacilities>>['items'] = []
  for (let page = 1; page <= MAX_PAGES; page++) {
    const r = await listFacilities(db, { service: 'device_repair', district, stepFree: false, page })
    out.push(...r.items)
    if (page * r.perPage >= r.total) break
  }
  return out
}

/** The places the demo marked as repair places (seed.ts), labelled "demo" wherever they are shown. */
export async function demoRepairIds(db: Db): Promise<Set<string>> {
  return new Set((await getMeta(db, DEMO_REPAIR_META))?.split(',') ?? [])
}

const DEMO_PREFIX = { ko: '데모 자료', en: 'Demo data' }

/** The "find help near me" points of the repair places (live: a staff edit shows at once). */
export async function repairPoints(db: Db): Promise<NearbyPoint[]> {
  const demo = await demoRepairIds(db)
  return (await repairPlaces(db)).map(({ place, details }) => ({
    demo: demo.has(place.id),
    id: `repair-${place.id}`,
    nameKo: place.nameKo,
    nameEn: place.nameEn,
    lat: place.lat,
    lon: place.lon,
    districtCode: place.districtCode,
    address: place.address,
    phone: details.contact.phone ?? place.phone,
    hoursKo: hoursText(details.hours, 'ko'),
    hoursEn: hoursText(details.hours, 'en'),
    kind: place.kind,
    placeId: place.id,
    href: `/directory/${encodeURIComponent(place.id)}`,
  }))
}

export function registerRepairCentres(): void {
  registerNearbySource({
    id: 'repair',
    label: { ko: '기기 수리', en: 'Device repair' },
    // read on every search: the directory changes these without telling the spatial index
    live: true,
    load: (db) => repairPoints(db),
  })
  registerMapLayer({
    id: 'repair-centres',
    label: { ko: '기기 수리 (디렉터리)', en: 'Device repair (directory)' },
    kind: 'points',
    public: true,
    group: 'places',
    load: async (db, f) => {
      const all = await repairPlaces(db, f.district)
      const demo = await demoRepairIds(db)
      // like the other place layers: a kind filter that names none of these places' kinds keeps them all
      const wanted = f.kinds?.filter((k) => all.some(({ place }) => place.kind === k)) ?? []
      const rows = wanted.length ? all.filter(({ place }) => wanted.includes(place.kind)) : all
      return featureCollection(
        rows.map(({ place, details }) =>
          pointFeature(`repair-${place.id}`, place.lon, place.lat, {
            name: place.nameKo,
            nameEn: place.nameEn,
            district: place.districtCode,
            kind: place.kind,
            demo: demo.has(place.id) || undefined,
            detail:
              [
                demo.has(place.id) ? DEMO_PREFIX.ko : null,
                place.address,
                details.contact.phone ?? place.phone,
                hoursText(details.hours, 'ko'),
              ]
                .filter(Boolean)
                .join(' · ') || null,
            detailEn:
              [
                demo.has(place.id) ? DEMO_PREFIX.en : null,
                place.address,
                details.contact.phone ?? place.phone,
                hoursText(details.hours, 'en'),
              ]
                .filter(Boolean)
                .join(' · ') || null,
          }),
        ),
      )
    },
  })
}
