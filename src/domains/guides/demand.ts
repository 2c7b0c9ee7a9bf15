/**
 * Where the seniors are: the 65+ population of every administrative dong (data/<city>/…population_by_admin_dong…
 * joined to …admin_dong_centroids…), spread into demand points around the dong's centre (deterministic
 * jitter, so plans and tests repeat). With `perDong` points a dong's seniors are split evenly.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { cityDataPath } from '../../platform/city.ts'
import type { DemandPoint } from './optimise.ts'

type Row = Record<string, string>

export interface Dong {
  code: string
  nameKo: string
  district: string
  lat: number
  lon: number
  seniors: number
}

const cache = new Map<string, Dong[]>()

function csvByPart(city: string, part: string): Row[] {
  const dir = cityDataPath(city, '.')
  const file = readdirSync(dir).find((f) => f.includes(part) && f.endsWith('.csv'))
  if (!file) return []
  return parse(readFileSync(cityDataPath(city, file), 'utf8'), {
    columns: true,
    skip_empty_lines: true,
  }) as Row[]
}

/** The city's administrative dongs with their senior population and a centre point. */
export function dongs(city: string): Dong[] {
  const hit = cache.get(city)
  if (hit) return hit
  const centres = new Map(csvByPart(city, 'admin_dong_centroids').map((r) => [r.id!, r]))
  const out: Dong[] = []
  for (const r of csvByPart(city, 'population_by_admin_dong')) {
    if (r.level !== 'admin_dong') continue
    const c = centres.get(r.geometry_2021_code || r.code || '') ?? centres.get(r.code ?? '')
    if (!c) continue
    out.push({
      code: r.code!,
      nameKo: r.name_ko!,
      district: r.district_code || c.district_code || '',
      lat: Number(c.lat),
      lon: Number(c.lon),
      seniors: Number(r.age_65_plus) || 0,
    })
  }
  cache.set(city, out)
  return out
}

/** A small deterministic generator (mulberry32). */
export function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Demand points: `perDong` points around each dong's centre (σ ≈ spreadM metres), seniors split evenly. */
export function demandPoints(
  city: string,
  perDong = 8,
  spreadM = 450,
  seed = 65,
): (DemandPoint & { district: string })[] {
  const rnd = prng(seed)
  const gauss = () => {
    const u = Math.max(rnd(), 1e-9)
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd())
  }
  const out: (DemandPoint & { district: string })[] = []
  for (const d of dongs(city)) {
    const w = d.seniors / perDong
    for (let k = 0; k < perDong; k++) {
      const dy = k === 0 ? 0 : (gauss() * spreadM) / 110_574
      const dx = k === 0 ? 0 : (gauss() * spreadM) / (111_320 * Math.cos((d.lat * Math.PI) / 180))
      out.push({ lat: d.lat + dy, lon: d.lon + dx, w, district: d.district })
    }
  }
  return out
}
