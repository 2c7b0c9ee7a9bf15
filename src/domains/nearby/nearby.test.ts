import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Browser, testApp } from '../../../test/app.ts'
import { freshDb } from '../../../test/fresh-db.ts'
import { testConfig } from '../../config.ts'
import type { Database } from '../../platform/db/client.ts'
import { createLogger } from '../../platform/log.ts'
import { emptyFacts, writeFacts } from '../directory/service.ts'
import { facilityDetails } from '../directory/tables.ts'
import { makeStaff } from '../people/test-helpers.ts'
import { places } from '../reference/tables.ts'
import { hoursText } from './details.ts'
import { Gazetteer, type Spot } from './gazetteer.ts'
import {
  featureCollection,
  invalidateNearby,
  pointFeature,
  registerMapLayer,
  registerNearbySource,
} from './layers.ts'
import { DEMO_REPAIR_NOTE, DEMO_REPAIR_PLACES, romanizeDong, seedNearbyDemo } from './seed.ts'
import { nearbyIndex } from './service.ts'
import { kmBetween, linearNearest, PointIndex, walkMinutes } from './spatial.ts'

// ── the index (pure) ──────────────────────────────────────────────────────────────────────────

/** A deterministic pseudo-random generator (mulberry32). */
function rng(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('PointIndex (kdbush + geokdbush)', () => {
  const r = rng(42)
  const pts = Array.from({ length: 3000 }, (_, i) => ({
    id: i,
    lat: 37.45 + r() * 0.25,
    lon: 126.8 + r() * 0.35,
    even: i % 2 === 0,
  }))
  const idx = new PointIndex(pts)

  it('gives the same k nearest, in the same order, as looking at every point (200 random queries)', () => {
    for (let q = 0; q < 200; q++) {
      const at = { lat: 37.45 + r() * 0.25, lon: 126.8 + r() * 0.35 }
      const k = 1 + Math.floor(r() * 10)
      const maxKm = r() < 0.5 ? Number.POSITIVE_INFINITY : 0.3 + r() * 3
      const a = idx.nearest(at, k, maxKm)
      const b = linearNearest(pts, at, k, maxKm)
      expect(a.map((h) => h.point.id)).toEqual(b.map((h) => h.point.id))
      for (let i = 1; i < a.length; i++) expect(a[i]!.km).toBeGreaterThanOrEqual(a[i - 1]!.km)
      for (const h of a) expect(h.km).toBeLessThanOrEqual(maxKm)
    }
  })

  it('applies a filter inside the search (only matching points, still nearest first)', () => {
    const at = { lat: 37.56, lon: 126.97 }
    const a = idx.nearest(at, 5, 5, (p) => p.even)
    const b = linearNearest(pts, at, 5, 5, (p) => p.even)
    expect(a.map((h) => h.point.id)).toEqual(b.map((h) => h.point.id))
    expect(a.every((h) => h.point.even)).toBe(true)
  })

  it('answers nothing for an empty index or k = 0, and measures great-circle km', () => {
    expect(new PointIndex([]).nearest({ lat: 37.5, lon: 127 }, 3)).toEqual([])
    expect(idx.nearest({ lat: 37.5, lon: 127 }, 0)).toEqual([])
    // Seoul Station → City Hall is about 1.07 km
    const km = kmBetween({ lat: 37.556228, lon: 126.972135 }, { lat: 37.565715, lon: 126.977088 })
    expect(km).toBeGreaterThan(1.0)
    expect(km).toBeLessThan(1.2)
    expect(walkMinutes(0.5)).toBe(10)
    expect(walkMinutes(0.001)).toBe(1)
  })
})

describe('Gazetteer (Korean-aware search over our own names)', () => {
  const spot = (
    id: string,
    kind: Spot['kind'],
    nameKo: string,
    nameEn: string | null,
    address: string | null = null,
  ) => ({ id, kind, nameKo, nameEn, address, districtCode: '11110', lat: 37.5, lon: 127 }) as Spot
  const g = new Gazetteer([
    spot('station:stn-150', 'station', '서울역', 'Seoul Station'),
    spot('station:stn-151', 'station', '시청', 'City Hall'),
    spot('dong:1111051500', 'dong', '청운효자동', 'Cheongunhyoja-dong'),
    spot('district:11680', 'district', '강남구', 'Gangnam-gu'),
    spot('place:p1', 'place', '강남구청', null, '서울특별시 강남구 학동로 426'),
    spot('place:p2', 'place', '서울시립도서관', null, '서울특별시 중구 세종대로 110'),
  ])
  const ids = (q: string) => g.search(q).map((s) => s.id)

  it('finds exact names first, with or without 역 / 동', () => {
    expect(ids('서울역')[0]).toBe('station:stn-150')
    expect(ids('시청역')[0]).toBe('station:stn-151')
    expect(ids('청운효자')[0]).toBe('dong:1111051500')
    expect(ids('  청운 효자동 ')[0]).toBe('dong:1111051500')
  })

  it('matches partial syllables, initial consonants, English names and street addresses', () => {
    expect(ids('강남구ㅊ')).toEqual(['place:p1'])
    expect(ids('ㅅㅇㅇ')[0]).toBe('station:stn-150')
    expect(ids('seoul station')[0]).toBe('station:stn-150')
    expect(ids('gangnam')[0]).toBe('district:11680')
    expect(ids('세종대로')).toEqual(['place:p2'])
  })

  it('finds nothing for nothing, and keeps the limit', () => {
    expect(ids('')).toEqual([])
    expect(ids('없는장소이름')).toEqual([])
    expect(g.search('서', 2)).toHaveLength(2)
  })

  it('romanises dong names for English', () => {
    expect(romanizeDong('청운효자동')).toBe('Cheongunhyoja-dong')
    expect(romanizeDong('사직동')).toBe('Sajik-dong')
  })
})

describe('hoursText (directory opening hours in words)', () => {
  it('joins consecutive days with the same hours', () => {
    const h = ['MO', 'TU', 'WE', 'TH', 'FR'].map((day) => ({ day, opens: '09:00', closes: '18:00' }))
    h.push({ day: 'SA', opens: '09:00', closes: '13:00' })
    expect(hoursText(h as never, 'ko')).toBe('월–금 09:00–18:00, 토 09:00–13:00')
    expect(hoursText(h as never, 'en')).toBe('Mon–Fri 09:00–18:00, Sat 09:00–13:00')
    expect(hoursText([], 'en')).toBeNull()
  })
})

// ── pages and API on a real database with the Seoul reference data ────────────────────────────

let database: Database
let app: ReturnType<typeof testApp>['app']
const ko = { 'accept-language': 'ko' }
const en = { 'accept-language': 'en' }

beforeAll(async () => {
  database = await freshDb({ reference: true })
  app = testApp(database).app
}, 120_000)
afterAll(() => database?.close())

const get = (path: string, headers: Record<string, string> = ko) => app.request(path, { headers })

describe('reference data for the map', () => {
  it('seeds 425 dongs with boundaries and 65+ population, and public Wi-Fi sites', async () => {
    const [d] = await database.query<{ n: number; pop: number; geo: number }>(
      'select count(*)::int n, count(population_65)::int pop, count(geometry)::int geo from nearby_admin_dongs',
    )
    expect(d).toEqual({ n: 425, pop: 425, geo: 425 })
    const [w] = await database.query<{ n: number; aps: number }>(
      'select count(*)::int n, sum(access_points)::int aps from nearby_wifi_sites',
    )
    expect(w!.n).toBeGreaterThan(9000)
    expect(w!.aps).toBe(19_100)
    // dongs split after 2021 add their people to the 2021 dong: the city total is kept
    const [t] = await database.query<{ p65: number }>(
      'select sum(population_65)::int p65 from nearby_admin_dongs',
    )
    expect(t!.p65).toBeGreaterThan(1_900_000)
  })
})

describe('GET /nearby (citizen, no sign-in)', () => {
  it('the home page opens the "find help near me" door', async () => {
    expect(await (await get('/')).text()).toContain('href="/nearby"')
  })

  it('with no search shows the form (no-JS path: a GET form) and no results', async () => {
    const res = await get('/nearby')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('가까운 도움 찾기')
    expect(html).toMatch(/<form method="get" action="\/nearby"/)
    expect(html).not.toContain('data-map=""')
  })

  it('a station name gives lists nearest first, with distance and walking time, before the map', async () => {
    const res = await get('/nearby?q=%EC%84%9C%EC%9A%B8%EC%97%AD') // 서울역
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('서울역 가까운 곳')
    expect(html).toContain('배울 수 있는 곳')
    expect(html).toContain('무료 공공 와이파이')
    expect(html).toMatch(/걸어서 약 \d+분/)
    // list first, map second, and the search form only after the answer
    expect(html.indexOf('class="nearby-list"')).toBeLessThan(html.indexOf('data-map=""'))
    expect(html.indexOf('class="nearby-list"')).toBeLessThan(html.indexOf('action="/nearby"'))
    expect(html).toContain('다른 곳 찾기')
    expect(html).toContain('data-lazy="true"')
    expect(html).toContain('/static/map/map.js')
    // no repair place listed near here yet: said plainly, with the phone number
    expect(html).toContain('가까운 곳에 등록된 수리 장소가 없습니다. 120번으로')
  })

  it('in English too', async () => {
    const html = await (await get('/nearby?q=Seoul%20Station', en)).text()
    expect(html).toContain('Near Seoul Station')
    expect(html).toContain('Places to learn')
    expect(html).toMatch(/about \d+ min on foot/)
  })

  it('several matches are offered as choices (links that work without JS)', async () => {
    const html = await (await get('/nearby?q=%EC%8B%A0%EC%B4%8C')).text() // 신촌
    expect(html).toContain('여러 곳이 찾아졌습니다')
    const m = html.match(/href="\/nearby\?at=([^"&]+)/)
    expect(m).not.toBeNull()
    const next = await get(`/nearby?at=${m![1]}`)
    expect(next.status).toBe(200)
    expect(await next.text()).toContain('class="nearby-list"')
  })

  it('a district lists places in that district only', async () => {
    const res = await app.request('/api/v1/nearby?district=11110&kinds=community&limit=20')
    const body = (await res.json()) as {
      origin: { how: string }
      groups: { items: { districtCode: string }[] }[]
    }
    expect(body.origin.how).toBe('district')
    expect(body.groups[0]!.items.length).toBeGreaterThan(5)
    expect(body.groups[0]!.items.every((i) => i.districtCode === '11110')).toBe(true)
  })

  it('a name that matches nothing: 422 with an error summary and the field error, in Korean and English', async () => {
    const res = await get('/nearby?q=zzqqxx%EB%98%A0')
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('error-summary')
    expect(html).toContain('그런 이름의 장소를 찾지 못했습니다')
    const enHtml = await (await get('/nearby?q=zzqqxx%EB%98%A0', en)).text()
    expect(enHtml).toContain('We found no place with that name')
  })

  it('a location outside the city or a bad district is a clear 4xx, never a 500', async () => {
    const out = await get('/nearby?lat=35.1&lon=129.0')
    expect(out.status).toBe(422)
    expect(await out.text()).toContain('서울 밖입니다')
    expect((await get('/nearby?district=abc')).status).toBe(422)
    expect((await get('/nearby?lat=37.5')).status).toBe(422)
    expect((await get('/nearby?kinds=%3Cscript%3E')).status).toBe(422)
    expect((await get('/nearby?at=dong:0000000000')).status).toBe(422)
  })

  it('the browser location (after consent, rounded) searches around it', async () => {
    const html = await (await get('/nearby?lat=37.572&lon=126.979&kinds=wifi')).text()
    expect(html).toContain('지금 계신 곳 가까운 곳')
    expect(html).toContain('무료 공공 와이파이')
    expect(html).not.toContain('배울 수 있는 곳 <')
  })
})

describe('directory details on the list', () => {
  it('shows opening hours, accessibility, languages and the phone the directory knows, in both languages', async () => {
    await database.db.insert(places).values({
      id: 'test-detail-centre',
      kind: 'digital_learning_center',
      nameKo: '상세 디지털배움터',
      districtCode: '11350',
      lat: 37.6551,
      lon: 127.0613,
      source: 'test',
    })
    await database.db.insert(facilityDetails).values({
      placeId: 'test-detail-centre',
      hours: ['MO', 'TU', 'WE', 'TH', 'FR'].map((day) => ({ day, opens: '09:00', closes: '18:00' })) as never,
      stepFree: true,
      hearingLoop: true,
      languages: ['ko', 'en'],
      contact: { phone: '02-2116-3114' },
      updatedAt: new Date(),
    })
    invalidateNearby()
    const q = '/nearby?lat=37.6551&lon=127.0613&kinds=learning&limit=1'
    const html = await (await get(q)).text()
    expect(html).toContain('상세 디지털배움터')
    expect(html).toContain('월–금 09:00–18:00')
    expect(html).toContain('휠체어로 들어갈 수 있음(계단 없음)')
    expect(html).toContain('보청기용 루프')
    expect(html).toContain('href="tel:0221163114"')
    const enHtml = await (await get(q, en)).text()
    expect(enHtml).toContain('Mon–Fri 09:00–18:00')
    expect(enHtml).toContain('Step-free entrance')
    expect(enHtml).toContain('English')
  })
})

describe('repair centres (directory facilities offering device repair)', () => {
  it('find-help lists a repair place near a point and the public map layer has it, with the district filter', async () => {
    const [near, far] = await database
      .query<{ id: string; name_ko: string; lat: number; lon: number }>(
        `select id, name_ko, lat, lon from places where kind = 'community_service_center'
         and district_code in ('11170', '11350') order by district_code, id limit 1000`,
      )
      .then((rows) => [rows[0]!, rows[rows.length - 1]!])
    const at = { lat: near!.lat + 0.002, lon: near!.lon + 0.002 } // ~280 m away
    const search = `/nearby?lat=${at.lat.toFixed(4)}&lon=${at.lon.toFixed(4)}&kinds=repair`
    // nothing offers repair yet: the group says so and gives the phone line
    expect(await (await get(search)).text()).toContain('가까운 곳에 등록된 수리 장소가 없습니다. 120번으로')
    const facts = (phone: string) => ({
      ...emptyFacts(),
      services: ['device_repair' as const, 'device_help' as const],
      hours: ['MO', 'TU', 'WE', 'TH', 'FR'].map((day) => ({
        day: day as 'MO',
        opens: '10:00',
        closes: '17:00',
      })),
      contact: { phone },
    })
    const opts = { source: 'staff' as const, by: null, at: new Date() }
    await writeFacts(database.db, near!.id, facts('02-2199-7000'), opts)
    await writeFacts(database.db, far!.id, facts('02-2116-3000'), opts)
    // live: shown at once, without invalidating the index
    const api = (await (
      await app.request(`/api/v1/nearby?lat=${at.lat}&lon=${at.lon}&kinds=repair&radius=3000`)
    ).json()) as { groups: { id: string; items: { id: string; km: number }[] }[] }
    expect(api.groups.map((g) => g.id)).toEqual(['repair'])
    expect(api.groups[0]!.items[0]!.id).toBe(`repair-${near!.id}`)
    expect(api.groups[0]!.items[0]!.km).toBeLessThan(0.4)
    expect(api.groups[0]!.items.some((i) => i.id === `repair-${far!.id}`)).toBe(false) // another district, >3 km
    const html = await (await get(search)).text()
    expect(html).toContain(near!.name_ko)
    expect(html).toContain('월–금 10:00–17:00')
    expect(html).toContain('href="tel:0221997000"')
    expect(await (await get(search, en)).text()).toContain('Device repair')
    // the map layer: public GeoJSON with both, and the district filter keeps one
    const all = (await (await app.request('/api/v1/map/layers/repair-centres')).json()) as {
      features: { id: string; properties: { district: string; detail: string } }[]
    }
    expect(all.features.map((f) => f.id).sort()).toEqual([`repair-${near!.id}`, `repair-${far!.id}`].sort())
    const one = (await (await app.request('/api/v1/map/layers/repair-centres?district=11350')).json()) as {
      features: { id: string }[]
    }
    expect(one.features.map((f) => f.id)).toEqual([`repair-${far!.id}`])
    // a place that stops offering repair leaves the list
    await writeFacts(database.db, near!.id, { ...facts('02-2199-7000'), services: ['device_help'] }, opts)
    expect(await (await get(search)).text()).not.toContain('href="tel:0221997000"')
  })
})

describe('GET /api/v1/nearby', () => {
  it('returns each kind nearest first within the radius, same as a linear scan of the index', async () => {
    const at = { lat: 37.5547, lon: 126.9707 }
    const res = await app.request(
      `/api/v1/nearby?lat=${at.lat}&lon=${at.lon}&kinds=learning,wifi&limit=7&radius=2000`,
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { groups: { id: string; items: { id: string; km: number }[] }[] }
    expect(body.groups.map((g) => g.id)).toEqual(['learning', 'wifi'])
    const idx = await nearbyIndex(database.db)
    for (const g of body.groups) {
      const kms = g.items.map((i) => i.km)
      expect(kms).toEqual([...kms].sort((a, b) => a - b))
      expect(kms.every((k) => k <= 2)).toBe(true)
      const oracle = linearNearest(idx.sources.get(g.id)!.points, at, 7, 2)
      expect(g.items.map((i) => i.id)).toEqual(oracle.map((h) => h.point.id))
    }
  })

  it('offers choices for an unclear name and validates its query (422 in the caller’s language)', async () => {
    const body = (await (await app.request('/api/v1/nearby?q=%EC%8B%A0%EC%B4%8C')).json()) as {
      choices: unknown[]
    }
    expect(body.choices.length).toBeGreaterThan(1)
    const bad = await app.request('/api/v1/nearby?lat=100&lon=0', { headers: en })
    expect(bad.status).toBe(422)
    const places = (await (await app.request('/api/v1/nearby/places?q=%EC%B2%AD%EC%9A%B4')).json()) as {
      items: { id: string }[]
    }
    expect(places.items[0]!.id).toBe('dong:1111051500')
  })

  it('gives the map its points as GeoJSON', async () => {
    const res = await app.request('/api/v1/nearby/features?lat=37.5547&lon=126.9707&kinds=community')
    const fc = (await res.json()) as { type: string; features: { geometry: { type: string } }[] }
    expect(fc.type).toBe('FeatureCollection')
    expect(fc.features.length).toBeGreaterThan(0)
    expect(fc.features[0]!.geometry.type).toBe('Point')
  })
})

describe('registries: other domains add nearby sources and map layers', () => {
  it('a live source (today’s guides) is read on every search', async () => {
    let positions = [
      { id: 'g1', nameKo: '서울역 광장 안내', nameEn: 'Seoul Station square', lat: 37.5547, lon: 126.9707 },
    ]
    registerNearbySource({
      id: 'guides',
      label: { ko: '오늘의 디지털 안내사', en: "Today's digital guides" },
      live: true,
      load: async () => positions,
    })
    const first = (await (
      await app.request('/api/v1/nearby?lat=37.555&lon=126.971&kinds=guides')
    ).json()) as {
      groups: { id: string; items: { id: string }[] }[]
    }
    expect(first.groups[0]!.items.map((i) => i.id)).toEqual(['g1'])
    positions = []
    const html = await (await get('/nearby?lat=37.555&lon=126.971&kinds=guides')).text()
    expect(html).toContain('오늘 이 근처에서 활동하는 디지털 안내사가 없습니다')
  })

  it('a static source is indexed once and rebuilt after invalidateNearby()', async () => {
    await database.db.insert(places).values({
      id: 'test-new-centre',
      kind: 'digital_learning_center',
      nameKo: '새 디지털배움터',
      districtCode: '11140',
      lat: 37.5601,
      lon: 126.9751,
      source: 'test',
    })
    invalidateNearby()
    const body = (await (
      await app.request('/api/v1/nearby?lat=37.5601&lon=126.9751&kinds=learning&limit=1')
    ).json()) as {
      groups: { items: { id: string }[] }[]
    }
    expect(body.groups[0]!.items[0]!.id).toBe('test-new-centre')
  })

  it('a staff-only layer needs map:read; public layers are open; unknown layers are 404', async () => {
    registerMapLayer({
      id: 'test-assists',
      label: { ko: '도움 기록', en: 'Assists' },
      kind: 'heat',
      load: async () => featureCollection([pointFeature('a', 126.97, 37.55, { name: '서울역', weight: 3 })]),
    })
    expect((await app.request('/api/v1/map/layers/test-assists')).status).toBe(401)
    expect((await app.request('/api/v1/map/layers/no-such-layer')).status).toBe(404)
    const pub = await app.request('/api/v1/map/layers/seniors-district')
    expect(pub.status).toBe(200)
    const fc = (await pub.json()) as { features: { properties: { value: number } }[] }
    expect(fc.features).toHaveLength(25)
    expect(fc.features.every((f) => f.properties.value > 10_000)).toBe(true)
    const dongs = (await (await app.request('/api/v1/map/layers/seniors-dong?district=11110')).json()) as {
      features: unknown[]
    }
    expect(dongs.features).toHaveLength(17)
    // a time-based layer gets the caller's "last N days" (the heatmap page's map = its table)
    registerMapLayer({
      id: 'test-days',
      label: { ko: '기간', en: 'Days' },
      kind: 'heat',
      public: true,
      load: async (_db, f) =>
        featureCollection([pointFeature('d', 126.97, 37.55, { name: 'x', value: f.days ?? -1 })]),
    })
    const days = async (q: string) =>
      (
        (await (await app.request(`/api/v1/map/layers/test-days${q}`)).json()) as {
          features: { properties: { value: number } }[]
        }
      ).features[0]!.properties.value
    expect(await days('?days=7')).toBe(7)
    expect(await days('')).toBe(-1)
    expect((await app.request('/api/v1/map/layers/test-days?days=0')).status).toBe(422)
    expect(() =>
      registerMapLayer({
        id: 'Bad Id',
        label: { ko: 'x', en: 'x' },
        kind: 'points',
        load: async () => featureCollection([]),
      }),
    ).toThrow()
  })

  it('serves Leaflet 1.9.4 from our own server, and tiles only when configured', async () => {
    const js = await app.request('/api/v1/map/assets/leaflet.js')
    expect(js.status).toBe(200)
    expect(js.headers.get('content-type')).toContain('javascript')
    expect((await js.text()).slice(0, 200)).toContain('Leaflet 1.9.4')
    expect((await app.request('/api/v1/map/assets/images/layers.png')).status).toBe(200)
    expect((await app.request('/api/v1/map/assets/..%2Fpackage.json')).status).toBe(404)
    expect((await app.request('/api/v1/map/tiles/1/0/0')).status).toBe(404)
  })
})

describe('tile proxy against a real HTTP tile server (MAP_TILE_URL)', () => {
  // a 1×1 transparent PNG
  const PNG = Buffer.from(
    'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
    'base64',
  )
  const seen: { url: string; headers: IncomingHttpHeaders }[] = []
  let server: Server
  let base = ''
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers })
      const m = /^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/.exec(req.url ?? '')
      if (!m) return res.writeHead(404).end()
      const [, z, x] = m
      if (x === '13') return res.writeHead(500, { 'content-type': 'text/plain' }).end('boom')
      if (x === '14')
        return res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>')
      if (z === '0' || Number(x) < 20) return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG)
      return res.writeHead(404).end()
    })
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((ok) => server.close(() => ok())))

  const appWith = (url: string) => testApp(database, { config: { ...testConfig(), MAP_TILE_URL: url } }).app

  it('passes a tile through (PNG bytes, image type, cached a day) without the citizen’s cookies', async () => {
    const tiles = appWith(`${base}/tiles/{z}/{x}/{y}.png`)
    const res = await tiles.request('/api/v1/map/tiles/12/3/1580.png', {
      headers: { cookie: 'gachi_sid=secret' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('cache-control')).toBe('public, max-age=86400')
    expect(Buffer.from(await res.arrayBuffer()).equals(PNG)).toBe(true)
    const hit = seen.at(-1)!
    expect(hit.url).toBe('/tiles/12/3/1580.png')
    expect(hit.headers.cookie).toBeUndefined()
    expect(hit.headers.referer).toBeUndefined()
  })

  it('error path: upstream 500, 404, a non-image answer and a server that is down are all a 404 to the map', async () => {
    const tiles = appWith(`${base}/tiles/{z}/{x}/{y}.png`)
    const before = seen.length
    expect((await tiles.request('/api/v1/map/tiles/12/13/1580')).status).toBe(404) // upstream 500
    expect((await tiles.request('/api/v1/map/tiles/12/3000/1580')).status).toBe(404) // upstream 404
    const html = await tiles.request('/api/v1/map/tiles/12/14/1580') // upstream answers HTML
    expect(html.status).toBe(404)
    expect(await html.text()).not.toContain('<script>alert(1)</script>')
    expect(seen.length - before).toBe(3)
    // out-of-range and malformed coordinates never reach the tile server
    expect((await tiles.request('/api/v1/map/tiles/3/8/0')).status).toBe(422)
    expect((await tiles.request('/api/v1/map/tiles/20/0/0')).status).toBe(422)
    expect((await tiles.request('/api/v1/map/tiles/1/0/..%2F..')).status).toBe(422)
    expect(seen.length - before).toBe(3)
    // a tile server that is down (nothing listens on the port any more)
    const down = createServer()
    await new Promise<void>((ok) => down.listen(0, '127.0.0.1', ok))
    const port = (down.address() as AddressInfo).port
    await new Promise<void>((ok) => down.close(() => ok()))
    const gone = appWith(`http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`)
    expect((await gone.request('/api/v1/map/tiles/0/0/0')).status).toBe(404)
  })
})

describe('GET /staff/map (map:read)', () => {
  it('anonymous people are sent to sign in; a tutor (no map:read) is refused', async () => {
    const anon = await get('/staff/map')
    expect([302, 303]).toContain(anon.status)
    const tutor = await makeStaff(database.db, 'tutor', null)
    const b = new Browser(app, ko)
    b.cookies.set('gachi_sid', tutor.sid)
    expect((await b.get('/staff/map')).status).toBe(403)
  })

  it('an analyst sees each chosen layer as a table with the same filters, choropleths with a legend', async () => {
    const analyst = await makeStaff(database.db, 'analyst', null)
    const b = new Browser(app, ko)
    b.cookies.set('gachi_sid', analyst.sid)
    const res = await b.get('/staff/map?layers=seniors-dong&layers=learning&district=11110&kind=library')
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('href="/staff/map"') // in the staff menu
    expect(html).toContain('65세 이상 인구 (행정동)')
    expect(html).toContain('청운효자동')
    expect(html).toContain('class="map-legend"')
    expect(html).toContain('도서관·학습관')
    // the kind filter applies to the table: libraries only
    expect(html).not.toContain('디지털 배움터</td>')
    expect(html).toContain('/api/v1/map/layers/seniors-dong?district=11110&amp;kind=library')
    expect(html.indexOf('<table')).toBeLessThan(html.indexOf('data-map=""'))
    const bad = await b.get('/staff/map?layers=nope')
    expect(bad.status).toBe(422)
  })
})

describe('demo repair places (demo mode marks real places as offering repair, labelled demo)', () => {
  it('after the demo seed, find-help lists a demo repair place near a demo point, labelled demo; the layer has them all', async () => {
    const db = await freshDb({ reference: true })
    try {
      const { app: demoApp } = testApp(db)
      // before the demo seed: no repair place anywhere
      const empty = (await (await demoApp.request('/api/v1/map/layers/repair-centres')).json()) as {
        features: unknown[]
      }
      expect(empty.features).toEqual([])
      const lines = await seedNearbyDemo({
        db: db.db,
        config: testConfig({ GACHI_MODE: 'demo' }),
        log: createLogger('silent'),
        progress: () => {},
      })
      expect(lines.join('\n')).toContain(`demo repair places: ${DEMO_REPAIR_PLACES.length}`)
      // a point ~300 m from 종로노인종합복지관 (a demo repair place)
      const [p] = await db.query<{ id: string; name_ko: string; lat: number; lon: number }>(
        `select id, name_ko, lat, lon from places where id = 'shelter-3544'`,
      )
      const at = { lat: p!.lat + 0.002, lon: p!.lon + 0.002 }
      const api = (await (
        await demoApp.request(`/api/v1/nearby?lat=${at.lat}&lon=${at.lon}&kinds=repair&radius=2000`)
      ).json()) as {
        groups: { id: string; items: { id: string; km: number; demo: boolean; hoursKo: string }[] }[]
      }
      const first = api.groups[0]!.items[0]!
      expect(first.id).toBe('repair-shelter-3544')
      expect(first.km).toBeLessThan(0.4)
      expect(first.demo).toBe(true)
      expect(first.hoursKo).toBe('월–금 09:00–18:00')
      // the page labels it demo in both languages
      const q = `/nearby?lat=${at.lat.toFixed(4)}&lon=${at.lon.toFixed(4)}&kinds=repair`
      const ko = await (await demoApp.request(q, { headers: { cookie: 'gachi_lang=ko' } })).text()
      expect(ko).toContain(p!.name_ko)
      expect(ko).toContain('<strong class="tag tag--warning">데모 자료</strong>')
      const en = await (await demoApp.request(q, { headers: { cookie: 'gachi_lang=en' } })).text()
      expect(en).toContain('<strong class="tag tag--warning">Demo data</strong>')
      // the public layer: every demo place, each saying "demo" in its detail line
      const layer = (await (await demoApp.request('/api/v1/map/layers/repair-centres')).json()) as {
        features: { id: string; properties: { detail: string; detailEn: string; demo?: boolean } }[]
      }
      expect(layer.features.map((f) => f.id).sort()).toEqual(
        DEMO_REPAIR_PLACES.map((id) => `repair-${id}`).sort(),
      )
      for (const f of layer.features) {
        expect(f.properties.demo).toBe(true)
        expect(f.properties.detail.startsWith('데모 자료')).toBe(true)
        expect(f.properties.detailEn.startsWith('Demo data')).toBe(true)
      }
      // the directory page of the place says it is demo data (its description)
      const dir = await (await demoApp.request('/directory/shelter-3544')).text()
      expect(dir).toContain(DEMO_REPAIR_NOTE.ko)
      // running the seed again changes nothing (no second history row for the same facts)
      await seedNearbyDemo({
        db: db.db,
        config: testConfig({ GACHI_MODE: 'demo' }),
        log: createLogger('silent'),
        progress: () => {},
      })
      const [h] = await db.query<{ n: number }>(
        `select count(*)::int as n from dir_facility_history where place_id = 'shelter-3544'`,
      )
      expect(h!.n).toBe(1)
    } finally {
      await db.close()
    }
  })
})
