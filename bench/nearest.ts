/**
 * Nearest-neighbour search for "find help near me" (issue #6: ≤ 1 ms a query over 20,000 points).
 * The Seoul reference places (senior/community places, libraries, subway stations from data/seoul/)
 * densified to 20,000 points by jittering copies within ~300 m; many random queries inside the city,
 * each asking for the 5 nearest within 3 km (what /nearby asks per kind) and the 5 nearest with no limit.
 * The same queries on a linear scan in the same run are the baseline (and the answers must agree).
 *   node --import tsx bench/nearest.ts
 */
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { linearNearest, PointIndex } from '../src/domains/nearby/spatial.ts'
import { cityDataPath, cityProfile } from '../src/platform/city.ts'
import { figure } from './lib/report.ts'

const N = 20_000
const QUERIES = 20_000
const BASELINE_QUERIES = 1_000
const TARGET_MS = 1

/** Deterministic pseudo-random numbers (mulberry32). */
function rng(seed: number) {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const city = 'seoul'
const files = cityProfile(city).files
const rows = [files.communityPlaces, files.libraries, files.subwayStations].flatMap(
  (f) => parse(readFileSync(cityDataPath(city, f), 'utf8'), { columns: true }) as Record<string, string>[],
)
const base = rows
  .map((r) => ({ lat: Number(r.lat), lon: Number(r.lon) }))
  .filter((p) => Number.isFinite(p.lat))
const r = rng(6)
const points = Array.from({ length: N }, (_, i) => {
  const p = base[i % base.length]!
  const jitter = i < base.length ? 0 : 0.003
  return { id: i, lat: p.lat + (r() - 0.5) * jitter, lon: p.lon + (r() - 0.5) * jitter }
})
console.log(`${points.length} points (${base.length} Seoul places, densified)`)

let t = performance.now()
const index = new PointIndex(points)
const buildMs = performance.now() - t
figure({ name: 'nearest: build the index (20,000 points)', value: buildMs, unit: 'ms' })

const queries = Array.from({ length: QUERIES }, () => ({ lat: 37.45 + r() * 0.23, lon: 126.82 + r() * 0.33 }))

// warm up, then time
for (let i = 0; i < 2000; i++) index.nearest(queries[i]!, 5, 3)
let sink = 0
t = performance.now()
for (const q of queries) sink += index.nearest(q, 5, 3).length
const kdRadiusUs = ((performance.now() - t) * 1000) / QUERIES
t = performance.now()
for (const q of queries) sink += index.nearest(q, 5).length
const kdUs = ((performance.now() - t) * 1000) / QUERIES

t = performance.now()
for (const q of queries.slice(0, BASELINE_QUERIES)) sink += linearNearest(points, q, 5, 3).length
const linearUs = ((performance.now() - t) * 1000) / BASELINE_QUERIES

// the answers agree
let mismatches = 0
for (const q of queries.slice(0, 500)) {
  const a = index.nearest(q, 5, 3).map((h) => h.point.id)
  const b = linearNearest(points, q, 5, 3).map((h) => h.point.id)
  if (a.join() !== b.join()) mismatches++
}
console.log(`(checked 500 answers against the linear scan: ${mismatches} differ; sink ${sink})`)

const ok1 = figure({
  name: 'nearest: 5 within 3 km, per query',
  value: kdRadiusUs,
  unit: 'µs',
  target: TARGET_MS * 1000,
  better: 'lower',
  baseline: linearUs,
  baselineName: 'linear scan',
})
const ok2 = figure({
  name: 'nearest: 5 with no radius, per query',
  value: kdUs,
  unit: 'µs',
  target: TARGET_MS * 1000,
  better: 'lower',
  baseline: linearUs,
  baselineName: 'linear scan',
})
figure({ name: 'nearest: linear scan baseline, per query', value: linearUs, unit: 'µs' })
if (!ok1 || !ok2 || mismatches > 0) process.exitCode = 1
