/**
 * Digital-guide deployment at city scale (issue #6): 100 two-person teams (home districts in proportion to
 * the district's seniors, each working 8 of the 10 half-day shifts), 2,000 candidate sites (Seoul's
 * community centres, senior welfare centres, libraries, stations, then senior halls), 20,000 demand points
 * (the 65+ population of every administrative dong densified around its centre), walking radius 500 m (about seven minutes at a senior's pace),
 * travel limit 3 km from the home district's centre, at least one team in every district each shift.
 * Prints time, covered demand, the MILP's proved gap and the lazy greedy beside it.
 * Target: gap ≤ 1 % proved by the MILP's own bound in ≤ 60 s. HiGHS runs in a worker thread: the bench
 * also measures the main thread's event-loop delay while it solves.
 *   node --import tsx bench/deployment.ts
 */
import { readFileSync } from 'node:fs'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parse } from 'csv-parse/sync'
import { demandPoints, dongs, prng } from '../src/domains/guides/demand.ts'
import type { PlanInput, Site, Team } from '../src/domains/guides/optimise.ts'
import { planInWorker } from '../src/domains/guides/plan-run.ts'
import { SHIFTS } from '../src/domains/guides/tables.ts'
import { cityDataPath } from '../src/platform/city.ts'
import { figure } from './lib/report.ts'

const TARGET_GAP = 0.01
const TARGET_S = 60
const N_TEAMS = 100
const N_SITES = 2_000
const N_DEMAND = 20_000
const city = 'seoul'

type Row = Record<string, string>
const csv = (f: string) =>
  parse(readFileSync(cityDataPath(city, f), 'utf8'), { columns: true, skip_empty_lines: true }) as Row[]

const summary = csv('seoul_district_summary.csv')
const codeByName = new Map(summary.map((r) => [r.name_ko!, r.code!]))
const districts = Object.fromEntries(
  summary.map((r) => [r.code!, { lat: Number(r.centroid_lat), lon: Number(r.centroid_lon) }]),
)

// candidate sites: the help places first, then senior halls, up to 2,000
const rank = (k: string) =>
  [
    'community_service_center',
    'senior_welfare_center',
    'social_welfare_center',
    'library',
    'subway_station',
  ].includes(k)
    ? 0
    : 1
const raw: { id: string; kind: string; district: string; lat: number; lon: number }[] = []
for (const r of csv('seoul_senior_community_places_2026.csv'))
  raw.push({ id: r.id!, kind: r.kind!, district: r.district!, lat: Number(r.lat), lon: Number(r.lon) })
for (const r of csv('seoul_public_libraries.csv'))
  raw.push({ id: r.id!, kind: 'library', district: r.district!, lat: Number(r.lat), lon: Number(r.lon) })
for (const r of csv('seoul_subway_stations.csv'))
  raw.push({
    id: r.id!,
    kind: 'subway_station',
    district: r.district!,
    lat: Number(r.lat),
    lon: Number(r.lon),
  })
const seen = new Set<string>()
const sites: Site[] = raw
  .filter((p) => codeByName.has(p.district) && Number.isFinite(p.lat) && !seen.has(p.id) && seen.add(p.id))
  .sort((a, b) => rank(a.kind) - rank(b.kind) || a.id.localeCompare(b.id))
  .slice(0, N_SITES)
  .map((p) => ({ id: p.id, lat: p.lat, lon: p.lon, district: codeByName.get(p.district)! }))

const perDong = Math.ceil(N_DEMAND / dongs(city).length)
const demand = demandPoints(city, perDong, 500).slice(0, N_DEMAND)

// teams in proportion to seniors (at least 2 a district), 8 of 10 shifts each
const seniorsBy = new Map<string, number>()
for (const d of dongs(city)) seniorsBy.set(d.district, (seniorsBy.get(d.district) ?? 0) + d.seniors)
const total = [...seniorsBy.values()].reduce((a, b) => a + b, 0)
const codes = Object.keys(districts)
const quota = new Map(codes.map((c) => [c, 2]))
let left = N_TEAMS - 2 * codes.length
const share = codes.map((c) => ({ c, x: ((seniorsBy.get(c) ?? 0) / total) * left }))
for (const s of share) {
  const n = Math.floor(s.x)
  quota.set(s.c, quota.get(s.c)! + n)
  left -= n
}
for (const s of share.sort((a, b) => (b.x % 1) - (a.x % 1)).slice(0, left))
  quota.set(s.c, quota.get(s.c)! + 1)
const rnd = prng(2026)
const teams: Team[] = []
for (const [c, n] of quota)
  for (let k = 0; k < n; k++) {
    const off = new Set<number>()
    while (off.size < 2) off.add(Math.floor(rnd() * SHIFTS.length))
    teams.push({ id: `team-${c}-${k}`, home: c, shifts: SHIFTS.filter((_, i) => !off.has(i)) })
  }

const input: PlanInput = {
  sites,
  demand,
  teams,
  shifts: [...SHIFTS],
  districts,
  walkM: 500,
  travelKm: 3,
  minPerDistrict: 1,
  // DEPLOY_TIME_LIMIT_S: a shorter limit stands in for a busy machine (at a load average of ~20 on two
  // cores the solver gets about a tenth of the CPU: 55 s of wall time is ~5 s of CPU)
  timeLimitS: Number(process.env.DEPLOY_TIME_LIMIT_S ?? 55),
  mipGap: 0.008,
}

console.log(
  `deployment: ${teams.length} teams, ${sites.length} sites, ${demand.length} demand points, ${SHIFTS.length} shifts`,
)
const h = monitorEventLoopDelay({ resolution: 10 })
h.enable()
let ticks = 0
const tick = setInterval(() => ticks++, 50)
const t0 = performance.now()
const r = await planInWorker(input)
const pct = (x: number) => `${(100 * x).toFixed(2)} %`
const s = (performance.now() - t0) / 1000
clearInterval(tick)
h.disable()
console.log(
  `reduction: ${r.stats.demandPoints} points → ${r.stats.groups} groups (+${r.stats.singletonGroups} single-site, ${r.stats.uncoveredPoints} out of reach); ` +
    `${r.stats.sites} sites → ${r.stats.sitesKept} kept; ${r.stats.models} models, ${r.stats.columns} columns, ${r.stats.rows} rows`,
)
console.log(`shift status: ${JSON.stringify(r.stats.shiftStatus)}`)
console.log(
  `Lagrangian bound before HiGHS: ${Math.round(r.stats.lagrangeBound ?? Number.NaN).toLocaleString('en')} ` +
    `(${((r.stats.lagrangeMs ?? 0) / 1000).toFixed(1)} s; ${pct(r.bound > 0 ? ((r.stats.lagrangeBound ?? 0) - r.bound) / r.bound : 0)} above the final bound` +
    `${r.stats.lagrangeRejected ? `; REJECTED for ${r.stats.lagrangeRejected} shift(s)` : ''})`,
)
console.log(
  [
    'solver    time      covered seniors (Σ shifts)   share of demand',
    `MILP      ${s.toFixed(1).padStart(5)} s  ${Math.round(r.covered).toLocaleString('en').padStart(14)}   ${pct(r.covered / r.totalDemand)}   proved bound ${Math.round(r.bound).toLocaleString('en')}, gap ${pct(r.gap)}`,
    `greedy    ${(r.greedy.ms / 1000).toFixed(1).padStart(5)} s  ${Math.round(r.greedy.covered).toLocaleString('en').padStart(14)}   ${pct(r.greedy.covered / r.totalDemand)}   ${pct(r.bound > 0 ? (r.bound - r.greedy.objective) / r.bound : 0)} below the bound`,
  ].join('\n'),
)
console.log(
  `main thread while solving: ${ticks} timer ticks of ${Math.floor((s * 1000) / 50)} expected, event-loop delay p99 ${(h.percentile(99) / 1e6).toFixed(1)} ms, max ${(h.max / 1e6).toFixed(1)} ms`,
)
let ok = true
ok =
  figure({ name: 'deployment MILP gap (proved)', value: 100 * r.gap, unit: '%', target: 100 * TARGET_GAP }) &&
  ok
ok = figure({ name: 'deployment MILP time', value: s, unit: 's', target: TARGET_S }) && ok
ok =
  figure({
    name: 'deployment covered demand, MILP vs greedy',
    value: r.greedy.covered > 0 ? r.covered / r.greedy.covered : 0,
    unit: '×',
    target: 1,
    better: 'higher',
  }) && ok
ok =
  figure({
    name: 'event-loop delay p99 while solving',
    value: h.percentile(99) / 1e6,
    unit: 'ms',
    target: 100,
  }) && ok
if (!ok) process.exitCode = 1
