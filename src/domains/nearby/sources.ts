import type { Db } from '../../platform/db/client.ts'
import { formatDateTime } from '../../platform/i18n/format.ts'
import { type NearbyPoint, registerNearbySource } from './layers.ts'
import * as repo from './repo.ts'

/** Place kinds where someone can learn digital skills (libraries and centres that run classes). */
export const LEARNING_KINDS = [
  'digital_learning_center',
  'lifelong_learning_center',
  'fifty_plus_center',
  'senior_welfare_center',
  'library',
] as const

/** Place kinds that are community centres (ask in person, get help with public services). */
export const COMMUNITY_KINDS = [
  'community_service_center',
  'social_welfare_center',
  'disability_welfare_center',
] as const

const placePoints = async (db: Db, kinds: readonly string[]): Promise<NearbyPoint[]> =>
  (await repo.placesOfKinds(db, kinds)).map((p) => ({
    id: p.id,
    nameKo: p.nameKo,
    nameEn: p.nameEn,
    lat: p.lat,
    lon: p.lon,
    districtCode: p.districtCode,
    address: p.address,
    phone: p.phone,
    // the reference data keeps libraries' opening hours in `note`
    hoursKo: p.kind === 'library' ? p.note : null,
    placeId: p.id,
    kind: p.kind,
  }))

/** The built-in kinds of help (other domains add theirs — guides, repair centres — with registerNearbySource). */
export function registerBuiltInSources(): void {
  registerNearbySource({
    id: 'learning',
    label: { ko: '배울 수 있는 곳', en: 'Places to learn' },
    load: (db) => placePoints(db, LEARNING_KINDS),
  })
  registerNearbySource({
    id: 'classes',
    label: { ko: '곧 열리는 디지털 교실', en: 'Digital classes starting soon' },
    live: true,
    load: async (db, now) => {
      const byPlace = new Map<string, NearbyPoint>()
      for (const s of await repo.upcomingSessions(db, now)) {
        if (!s.placeId || s.lat === null || s.lon === null || byPlace.has(s.placeId)) continue
        byPlace.set(s.placeId, {
          id: `class-${s.placeId}`,
          nameKo: `${s.placeKo} · ${s.titleKo}`,
          nameEn: `${s.placeEn ?? s.placeKo} · ${s.titleEn}`,
          lat: s.lat,
          lon: s.lon,
          districtCode: s.districtCode,
          address: s.placeAddress,
          hoursKo: `다음 수업 ${formatDateTime('ko', s.startsAt)}`,
          hoursEn: `Next class ${formatDateTime('en', s.startsAt)}`,
          placeId: s.placeId,
          href: `/learn/courses/${s.courseId}`,
        })
      }
      return [...byPlace.values()]
    },
  })
  registerNearbySource({
    id: 'community',
    label: { ko: '주민센터·복지관', en: 'Community and welfare centres' },
    load: (db) => placePoints(db, COMMUNITY_KINDS),
  })
  registerNearbySource({
    id: 'wifi',
    label: { ko: '무료 공공 와이파이', en: 'Free public Wi-Fi' },
    load: async (db) =>
      (await repo.listWifiSites(db)).map((w) => ({
        id: w.id,
        nameKo: w.nameKo,
        nameEn: null,
        lat: w.lat,
        lon: w.lon,
        districtCode: w.districtCode,
        address: w.address,
        hoursKo: w.indoor ? '실내' : '실외',
        hoursEn: w.indoor ? 'Indoors' : 'Outdoors',
      })),
  })
}
