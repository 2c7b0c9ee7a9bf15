import { existsSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { romanize } from 'es-hangul'
import { cityDataPath } from '../../platform/city.ts'
import { setMeta } from '../../platform/db/meta.ts'
import type { SeedContext } from '../../platform/domain.ts'
import { getFacility, writeFacts } from '../directory/service.ts'
import { invalidateNearby } from './layers.ts'
import { type NewAdminDong, type NewWifiSite, upsertAdminDongs, upsertWifiSites } from './repo.ts'

type Row = Record<string, string>
const readCsv = (path: string): Row[] =>
  parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Row[]
const int = (s: string | undefined) => (s === undefined || s === '' ? 0 : Number(s))

/** The optional data files of the map (city.json `files`; a city without them has no dong/Wi-Fi layers). */
function mapFiles(city: string): { dongs?: string; dongPopulation?: string; wifi?: string } {
  const files = (JSON.parse(readFileSync(cityDataPath(city, 'city.json'), 'utf8')) as { files: Row }).files
  const at = (k: string) => {
    const f = files[k]
    return f && existsSync(cityDataPath(city, f)) ? cityDataPath(city, f) : undefined
  }
  return {
    dongs: at('adminDongBoundaries'),
    dongPopulation: at('adminDongPopulation'),
    wifi: at('publicWifi'),
  }
}

/** "청운효자동" → "Cheongunhyo-dong"-style romanisation (Revised Romanization via es-hangul). */
export function romanizeDong(nameKo: string): string {
  const base = nameKo.endsWith('동') ? nameKo.slice(0, -1) : nameKo
  const r = romanize(base).replace(/\s+/g, '')
  const cap = r.charAt(0).toUpperCase() + r.slice(1)
  return nameKo.endsWith('동') ? `${cap}-dong` : cap
}

/** Loads dong boundaries + 65+ population and public Wi-Fi sites (idempotent: upserts by id). */
export async function seedNearbyReference(ctx: SeedContext): Promise<void> {
  const f = mapFiles(ctx.config.GACHI_CITY)
  if (f.dongs) {
    const geo = JSON.parse(readFileSync(f.dongs, 'utf8')) as {
      features: { properties: Record<string, string | number>; geometry: unknown }[]
    }
    // 2026 population by the 2021 dong that holds it (dongs split or renamed since 2021 add up)
    const pop = new Map<string, { total: number; p65: number }>()
    for (const r of f.dongPopulation ? readCsv(f.dongPopulation) : []) {
      const code = r.geometry_2021_code || r.code!
      const cur = pop.get(code) ?? { total: 0, p65: 0 }
      cur.total += int(r.total)
      cur.p65 += int(r.age_65_plus)
      pop.set(code, cur)
    }
    const rows: NewAdminDong[] = geo.features.map((ft) => {
      const p = ft.properties
      const code = String(p.adm_cd2)
      const n = pop.get(code)
      return {
        code,
        nameKo: String(p.name_ko),
        nameEn: romanizeDong(String(p.name_ko)),
        districtCode: String(p.district_code),
        lat: Number(p.centroid_lat),
        lon: Number(p.centroid_lon),
        population: n ? n.total : null,
        population65: n ? n.p65 : null,
        share65: n && n.total > 0 ? Math.round((n.p65 / n.total) * 10_000) / 100 : null,
        geometry: ft.geometry,
      }
    })
    await upsertAdminDongs(ctx.db, rows)
    ctx.progress(`admin dongs: ${rows.length}`)
  }
  if (f.wifi) {
    const codeByDistrict = new Map<string, string>()
    const summary = await import('../reference/service.ts').then((m) => m.listDistricts(ctx.db))
    for (const d of summary) codeByDistrict.set(d.nameKo, d.code)
    const sites = new Map<string, NewWifiSite>()
    for (const r of readCsv(f.wifi)) {
      const lat = Number(r.lat)
      const lon = Number(r.lon)
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue
      // one site per name at one spot (about 10 m): the floors of one building are one place to go
      const key = `${r.name_ko}|${lat.toFixed(4)}|${lon.toFixed(4)}`
      const cur = sites.get(key)
      if (cur) {
        cur.accessPoints = (cur.accessPoints ?? 1) + 1
        continue
      }
      sites.set(key, {
        id: r.id!,
        nameKo: r.name_ko!,
        districtCode: codeByDistrict.get(r.district!) ?? null,
        address: r.address ? r.address.replace(/\s+\d+F$/i, '') : null,
        lat,
        lon,
        accessPoints: 1,
        indoor: r.indoor_outdoor === '실내',
        installType: r.install_type || null,
      })
    }
    await upsertWifiSites(ctx.db, [...sites.values()])
    ctx.progress(`public Wi-Fi sites: ${sites.size}`)
  }
  invalidateNearby()
}

/**
 * DEMO ONLY: places the demo marks as offering device repair, so the repair layer and "find help near me"
 * show real places (the reference data has no repair centres, and the devices domain's repair centres are
 * names without a location). Real places from data/<city>/ — Seoul's digital companion plazas, 50+ centres
 * and senior welfare centres near the demo guide teams — but whether they repair phones is made up for the
 * demo; the description on each says so, and find-help and the map label them "demo".
 */
export const DEMO_REPAIR_PLACES = [
  'shelter-0103', // 서울디지털동행플라자 (은평구)
  'shelter-1799', // 서울디지털동행플라자영등포센터
  'shelter-1842', // 관악50플러스센터
  'shelter-0941', // 강동50플러스센터
  'shelter-3544', // 종로노인종합복지관
  'shelter-0326', // 시립노원노인종합복지관
  'shelter-2495', // 강서구립마곡어르신복지관
  'shelter-1365', // 송파노인종합복지관
] as const

export const DEMO_REPAIR_NOTE = {
  ko: '데모 자료: 시연을 위해 이곳을 기기 수리 장소로 표시했습니다. 실제 수리 여부는 전화로 확인하세요.',
  en: 'Demo data: this place is marked as offering device repair for the demonstration. Call to check before you go.',
}

/** The meta key set when the demo marks its repair places (find-help labels them "demo" only then). */
export const DEMO_REPAIR_META = 'nearby_demo_repair'

/**
 * Demo mode: adds `device_repair` to the demo repair places through the directory's own writeFacts (a
 * history row with source "seed"), keeping every other fact, with weekday hours when none are known.
 */
export async function seedNearbyDemo(ctx: SeedContext): Promise<string[]> {
  const now = new Date()
  let n = 0
  for (const id of DEMO_REPAIR_PLACES) {
    const f = await getFacility(ctx.db, id).catch(() => null)
    if (!f) continue // another city, or the place left the reference data
    const facts = {
      ...f.facts,
      services: [...new Set([...f.facts.services, 'device_repair' as const])],
      hours: f.facts.hours.length
        ? f.facts.hours
        : (['MO', 'TU', 'WE', 'TH', 'FR'] as const).map((day) => ({ day, opens: '09:00', closes: '18:00' })),
      descriptionKo: DEMO_REPAIR_NOTE.ko,
      descriptionEn: DEMO_REPAIR_NOTE.en,
    }
    await ctx.db.transaction((tx) => writeFacts(tx, id, facts, { source: 'seed', by: null, at: now }))
    n++
  }
  await setMeta(ctx.db, DEMO_REPAIR_META, DEMO_REPAIR_PLACES.join(','))
  ctx.progress(`nearby: ${n} demo repair places (directory service device_repair)`)
  return [`  demo repair places: ${n} (marked "demo"; see ${DEMO_REPAIR_PLACES[0]} in the directory)`]
}
