import type { Geometry } from './layers.ts'
import {
  type Feature,
  featureCollection,
  type LayerFilter,
  pointFeature,
  registerMapLayer,
} from './layers.ts'
import * as repo from './repo.ts'
import { COMMUNITY_KINDS } from './sources.ts'

const PLACE_KIND_LABELS: Record<string, { ko: string; en: string }> = {
  community_service_center: { ko: '주민센터', en: 'Community service centre' },
  senior_welfare_center: { ko: '노인복지관', en: 'Senior welfare centre' },
  social_welfare_center: { ko: '사회복지관', en: 'Social welfare centre' },
  disability_welfare_center: { ko: '장애인복지관', en: 'Disability welfare centre' },
  digital_learning_center: { ko: '디지털 배움터', en: 'Digital learning centre' },
  lifelong_learning_center: { ko: '평생학습관', en: 'Lifelong learning centre' },
  fifty_plus_center: { ko: '50플러스센터', en: '50 Plus centre' },
  library: { ko: '도서관', en: 'Library' },
  senior_hall: { ko: '경로당', en: 'Senior hall' },
  senior_gathering_place: { ko: '어르신 쉼터', en: 'Senior gathering place' },
  subway_station: { ko: '지하철역', en: 'Subway station' },
}
const kindsOf = (ks: readonly string[]) =>
  Object.fromEntries(ks.map((k) => [k, PLACE_KIND_LABELS[k] ?? { ko: k, en: k }]))

const pick = (all: readonly string[], f: LayerFilter) => {
  const wanted = f.kinds?.filter((k) => all.includes(k))
  return wanted?.length ? wanted : all
}

function placeLayer(id: string, label: { ko: string; en: string }, kinds: readonly string[]) {
  registerMapLayer({
    id,
    label,
    kind: 'points',
    public: true,
    group: 'places',
    kinds: kinds.length > 1 ? kindsOf(kinds) : undefined,
    load: async (db, f) =>
      featureCollection(
        (await repo.placesOfKinds(db, pick(kinds, f), f.district)).map((p) =>
          pointFeature(p.id, p.lon, p.lat, {
            name: p.nameKo,
            nameEn: p.nameEn,
            district: p.districtCode,
            kind: p.kind,
            detail:
              [p.address, p.kind === 'subway_station' ? p.note : null].filter(Boolean).join(' · ') || null,
          }),
        ),
      ),
  })
}

const area = (id: string, geometry: unknown, props: Feature['properties']): Feature | null =>
  geometry ? { type: 'Feature', id, geometry: geometry as Geometry, properties: props } : null

/** The map layers made from the reference data this domain can read. */
export function registerBuiltInLayers(): void {
  registerMapLayer({
    id: 'seniors-district',
    label: { ko: '65세 이상 인구 (자치구)', en: 'People aged 65+ (district)' },
    legend: { ko: '65세 이상 인구', en: 'People aged 65+' },
    kind: 'choropleth',
    public: true,
    group: 'population',
    load: async (db, f) =>
      featureCollection(
        (await repo.districtsWithGeometry(db, f.district)).flatMap(
          (d) =>
            area(d.code, d.geometry, {
              name: d.nameKo,
              nameEn: d.nameEn,
              district: d.code,
              value: d.population65,
              share65: d.share65,
              population: d.population,
              detail: d.share65 === null ? null : `${d.share65}%`,
            }) ?? [],
        ),
      ),
  })
  registerMapLayer({
    id: 'seniors-dong',
    label: { ko: '65세 이상 인구 (행정동)', en: 'People aged 65+ (dong)' },
    legend: { ko: '65세 이상 인구', en: 'People aged 65+' },
    kind: 'choropleth',
    public: true,
    group: 'population',
    load: async (db, f) =>
      featureCollection(
        (await repo.listAdminDongs(db, { district: f.district, geometry: true })).flatMap(
          (d) =>
            area(d.code, d.geometry, {
              name: d.nameKo,
              nameEn: d.nameEn,
              district: d.districtCode,
              value: d.population65,
              share65: d.share65,
              population: d.population,
              detail: d.share65 === null ? null : `${d.share65}%`,
            }) ?? [],
        ),
      ),
  })
  registerMapLayer({
    id: 'districts',
    label: { ko: '자치구 경계', en: 'District boundaries' },
    kind: 'choropleth',
    public: true,
    group: 'boundaries',
    load: async (db, f) =>
      featureCollection(
        (await repo.districtsWithGeometry(db, f.district)).flatMap(
          (d) => area(d.code, d.geometry, { name: d.nameKo, nameEn: d.nameEn, district: d.code }) ?? [],
        ),
      ),
  })
  registerMapLayer({
    id: 'dongs',
    label: { ko: '행정동 경계', en: 'Administrative dong boundaries' },
    kind: 'choropleth',
    public: true,
    group: 'boundaries',
    load: async (db, f) =>
      featureCollection(
        (await repo.listAdminDongs(db, { district: f.district, geometry: true })).flatMap(
          (d) =>
            area(d.code, d.geometry, { name: d.nameKo, nameEn: d.nameEn, district: d.districtCode }) ?? [],
        ),
      ),
  })
  placeLayer('subway', { ko: '지하철역', en: 'Subway stations' }, ['subway_station'])
  placeLayer('senior-centres', { ko: '노인복지관·경로당', en: 'Senior welfare centres and halls' }, [
    'senior_welfare_center',
    'senior_hall',
    'senior_gathering_place',
  ])
  placeLayer(
    'community-centres',
    { ko: '주민센터·복지관', en: 'Community and welfare centres' },
    COMMUNITY_KINDS,
  )
  placeLayer('learning', { ko: '도서관·학습관', en: 'Libraries and learning centres' }, [
    'library',
    'digital_learning_center',
    'lifelong_learning_center',
    'fifty_plus_center',
  ])
  registerMapLayer({
    id: 'wifi',
    label: { ko: '공공 와이파이', en: 'Public Wi-Fi' },
    kind: 'points',
    public: true,
    group: 'places',
    kinds: { indoor: { ko: '실내', en: 'Indoors' }, outdoor: { ko: '실외', en: 'Outdoors' } },
    load: async (db, f) => {
      const k = pick(['indoor', 'outdoor'], f)
      const indoor = k.length === 2 ? undefined : k[0] === 'indoor'
      return featureCollection(
        (await repo.listWifiSites(db, { district: f.district, indoor })).map((w) =>
          pointFeature(w.id, w.lon, w.lat, {
            name: w.nameKo,
            district: w.districtCode,
            kind: w.indoor ? 'indoor' : 'outdoor',
            detail: w.address,
            value: w.accessPoints,
          }),
        ),
      )
    },
  })
  registerMapLayer({
    id: 'education-venues',
    label: { ko: '디지털 교육 장소 (예정 수업)', en: 'Digital class venues (upcoming)' },
    kind: 'points',
    public: true,
    group: 'education',
    load: async (db, f) => {
      const seen = new Map<string, Feature>()
      for (const s of await repo.upcomingSessions(db, f.now, f.district)) {
        if (!s.placeId || s.lat === null || s.lon === null) continue
        const cur = seen.get(s.placeId)
        if (cur) {
          cur.properties.value = (cur.properties.value ?? 0) + 1
          continue
        }
        seen.set(
          s.placeId,
          pointFeature(s.placeId, s.lon, s.lat, {
            name: s.placeKo ?? '',
            nameEn: s.placeEn,
            district: s.districtCode,
            detail: s.titleKo,
            detailEn: s.titleEn,
            value: 1,
          }),
        )
      }
      return featureCollection([...seen.values()])
    },
  })
  registerMapLayer({
    id: 'education-bus-stops',
    label: { ko: '찾아가는 교육 버스 정류장', en: 'Education bus stops' },
    kind: 'points',
    public: true,
    group: 'education',
    load: async (db, f) => {
      const { nearbyIndex } = await import('./service.ts')
      const idx = await nearbyIndex(db)
      const seen = new Map<string, Feature>()
      for (const s of await repo.upcomingSessions(db, f.now, f.district)) {
        if (!s.busStop) continue
        const key = `${s.busStop}|${s.districtCode}`
        if (seen.has(key)) continue
        // a stop is a name: place it at the best match of that name in its district, else the district centre
        const hit = idx.gazetteer
          .search(s.busStop, 8)
          .find((x) => !s.districtCode || x.districtCode === s.districtCode)
        const d = s.districtCode ? idx.districts.get(s.districtCode) : undefined
        const at = hit ?? d
        if (!at) continue
        seen.set(
          key,
          pointFeature(`bus-${seen.size + 1}`, at.lon, at.lat, {
            name: s.busStop,
            district: s.districtCode,
            detail: hit ? s.titleKo : `${s.titleKo} (위치는 구 중심 근처)`,
            detailEn: hit ? s.titleEn : `${s.titleEn} (location approximate: district centre)`,
          }),
        )
      }
      return featureCollection([...seen.values()])
    },
  })
}
