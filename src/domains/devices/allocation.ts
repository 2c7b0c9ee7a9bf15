/**
 * Allocation as a transportation problem (issue #3): ready devices, aggregated by (type × grade ×
 * centre), flow to approved need, aggregated by (type × minimum grade × district × phase × priority
 * score). The model is a network flow (every column has one +1 and one −1 in the flow rows), so its
 * LP relaxation has an integral optimum: HiGHS solves the LP with the simplex method in a worker
 * thread and the solution is checked to be integral. Organisations' batches are all or nothing; the
 * LP treats them as divisible (that is the relaxation bound), and a batch the LP fills only in part is
 * dropped and the LP solved again, so the gap to the bound is measured, not assumed. Every applicant
 * gets a reason (served from which centre and how far, or why not).
 */
import { Worker } from 'node:worker_threads'
import type { Reason } from './rules.ts'
import type { DeviceType, Grade } from './tables.ts'

export interface LatLon {
  lat: number
  lon: number
}

/** A programme round's allocation settings (the programme manager's choices). */
export interface RoundSettings {
  /** Welfare organisations are served before individuals ("organisations_first") or all compete on score. */
  phases: 'organisations_first' | 'together'
  /** Only these districts take part (a pilot); null = all. */
  pilotDistricts: string[] | null
  /** Each district may get at most its share of approved need × (1 + tolerance) of the supply. */
  tolerance: number
  /** Priority points one kilometre of travel from the centre to the district is worth. */
  pointsPerKm: number
}
export const DEFAULT_ROUND: RoundSettings = {
  phases: 'organisations_first',
  pilotDistricts: null,
  tolerance: 0.1,
  pointsPerKm: 0.2,
}
/** Points that put every organisation's device ahead of every individual's when organisations go first. */
export const PHASE_BONUS = 1000
/**
 * Points for every device given, so travel only orders who gets which device and never leaves a device
 * on the shelf while someone eligible waits (the longest trip in Seoul costs far less at ≤ 2 points/km).
 */
export const SERVE_POINTS = 100

export interface MatchDevice {
  id: string
  type: DeviceType
  grade: Grade | null
  assetTag: string
  /** Where the device is held: a key of `centres`. */
  centre: string
}
export interface MatchApplication {
  id: string
  type: DeviceType
  quantity: number
  /** The lowest grade that fits the need (C = any). */
  minGrade: Grade
  districtCode: string
  score: number
  createdAt: Date
  applicantKind: 'citizen' | 'proxy' | 'organisation'
}
export interface MatchDecision {
  applicationId: string
  districtCode: string
  score: number
  quantity: number
  applicantKind: MatchApplication['applicantKind']
  deviceIds: string[]
  reason: Reason
}
export interface DistrictShare {
  code: string
  need: number
  /** Share of approved need, 0..1. */
  needShare: number
  cap: number
  given: number
  /** Share of the devices given, 0..1. */
  givenShare: number
}
export interface MatchPlan {
  decisions: MatchDecision[]
  districts: DistrictShare[]
  /** Σ (SERVE_POINTS + priority score + phase bonus) − pointsPerKm × km over the devices given. */
  objective: number
  /** The LP relaxation's optimum (batches divisible): no allocation can score more. */
  bound: number
  /** (bound − objective) / bound. */
  gap: number
  solver: 'highs-lp' | 'greedy'
  /** The greedy-by-priority plan's objective on the same data. */
  greedyObjective: number
  /** Devices given, km travelled in total. */
  given: number
  km: number
  /** LP size and solves (batch repair may solve again). */
  stats: { columns: number; rows: number; solves: number; solveMs: number; integral: boolean }
}

const GRADES: Grade[] = ['A', 'B', 'C']
const gradeIdx = (g: Grade | null) => (g === 'A' ? 0 : g === 'B' ? 1 : 2)

/** Great-circle distance in km. */
export function km(a: LatLon, b: LatLon): number {
  const r = Math.PI / 180
  const dLat = (b.lat - a.lat) * r
  const dLon = (b.lon - a.lon) * r
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(dLon / 2) ** 2
  return 2 * 6371 * Math.asin(Math.sqrt(h))
}

/** District caps: share of approved need × supply × (1 + tolerance); all need when supply suffices. */
export function fairCaps(apps: MatchApplication[], supply: number, tolerance: number) {
  const need = new Map<string, number>()
  for (const a of apps) need.set(a.districtCode, (need.get(a.districtCode) ?? 0) + a.quantity)
  const totalNeed = [...need.values()].reduce((s, n) => s + n, 0)
  const cap = new Map<string, number>()
  for (const [code, n] of need)
    cap.set(
      code,
      totalNeed <= supply
        ? n
        : Math.min(n, Math.max(1, Math.ceil((supply * n * (1 + tolerance)) / totalNeed))),
    )
  return { need, cap, totalNeed }
}

const isOrg = (a: MatchApplication) => a.applicantKind === 'organisation'

/** Priority order: phase (organisations first when the round says so), score, who applied first. */
export function matchOrder(apps: MatchApplication[], settings: RoundSettings) {
  const orgFirst = settings.phases === 'organisations_first'
  // one numeric key per application (sorting 50,000 with Date calls in the comparator is slow)
  const keyed = apps.map((a) => ({
    a,
    phase: orgFirst && isOrg(a) ? 0 : 1,
    at: a.createdAt instanceof Date ? a.createdAt.getTime() : new Date(a.createdAt).getTime(),
  }))
  keyed.sort(
    (x, y) =>
      x.phase - y.phase ||
      y.a.score - x.a.score ||
      x.at - y.at ||
      (x.a.id < y.a.id ? -1 : x.a.id > y.a.id ? 1 : 0),
  )
  return keyed.map((k) => k.a)
}

interface Context {
  devs: MatchDevice[]
  apps: MatchApplication[]
  inRound: MatchApplication[]
  settings: RoundSettings
  distKm: (centre: string, district: string) => number
  gain: (a: MatchApplication) => number
  cap: Map<string, number>
  need: Map<string, number>
  totalNeed: number
  rank: Map<string, number>
  /** All applications in priority order. */
  order: MatchApplication[]
}

function context(
  devs: MatchDevice[],
  apps: MatchApplication[],
  centres: ReadonlyMap<string, LatLon>,
  districts: ReadonlyMap<string, LatLon>,
  settings: RoundSettings,
): Context {
  const pilot = settings.pilotDistricts ? new Set(settings.pilotDistricts) : null
  const inRound = apps.filter((a) => !pilot || pilot.has(a.districtCode))
  const { need, cap, totalNeed } = fairCaps(inRound, devs.length, settings.tolerance)
  const cache = new Map<string, number>()
  const distKm = (c: string, d: string) => {
    const k = `${c}|${d}`
    let v = cache.get(k)
    if (v === undefined) {
      const a = centres.get(c)
      const b = districts.get(d)
      v = a && b ? Math.round(km(a, b) * 10) / 10 : 0
      cache.set(k, v)
    }
    return v
  }
  const bonus = settings.phases === 'organisations_first' ? PHASE_BONUS : 0
  const gain = (a: MatchApplication) => SERVE_POINTS + a.score + (isOrg(a) ? bonus : 0)
  const order = matchOrder(apps, settings)
  const rank = new Map(order.map((a, i) => [a.id, i + 1]))
  return { devs, apps, inRound, settings, distKm, gain, cap, need, totalNeed, rank, order }
}

/** Device pools by (type, grade, centre), best asset tag order, for handing out ids. */
function pools(devs: MatchDevice[]) {
  const m = new Map<string, MatchDevice[]>()
  for (const d of [...devs].sort((a, b) =>
    a.assetTag < b.assetTag ? -1 : a.assetTag > b.assetTag ? 1 : 0,
  )) {
    const k = `${d.type}|${gradeIdx(d.grade)}|${d.centre}`
    const l = m.get(k)
    if (l) l.push(d)
    else m.set(k, [d])
  }
  return m
}

function shares(ctx: Context, given: Map<string, number>): DistrictShare[] {
  const total = [...given.values()].reduce((s, n) => s + n, 0)
  return [...ctx.need]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([code, n]) => ({
      code,
      need: n,
      needShare: ctx.totalNeed ? n / ctx.totalNeed : 0,
      cap: ctx.cap.get(code) ?? 0,
      given: given.get(code) ?? 0,
      givenShare: total ? (given.get(code) ?? 0) / total : 0,
    }))
}

/** Why an application got nothing, from what is left after the plan. */
function whyNot(
  ctx: Context,
  a: MatchApplication,
  given: Map<string, number>,
  left: Map<string, number>,
  lowest: Map<string, number>,
  partialBatch: boolean,
  supply: Map<string, number>,
): Reason {
  const rank = ctx.rank.get(a.id) ?? 0
  const cap = ctx.cap.get(a.districtCode) ?? 0
  const fittingOf = (m: Map<string, number>) => {
    let n = 0
    for (let g = 0; g <= gradeIdx(a.minGrade); g++) n += m.get(`${a.type}|${g}`) ?? 0
    return n
  }
  if (fittingOf(supply) < a.quantity) return { key: 'devices.alloc.noStock', params: { rank }, met: false }
  if (partialBatch)
    return { key: 'devices.alloc.batchWhole', params: { rank, quantity: a.quantity }, met: false }
  if ((given.get(a.districtCode) ?? 0) + a.quantity > cap)
    return { key: 'devices.alloc.districtCap', params: { rank, cap }, met: false }
  if (fittingOf(left) < a.quantity) {
    const low = lowest.get(`${a.type}|${a.districtCode}`)
    if (low !== undefined)
      return { key: 'devices.alloc.outscoredBy', params: { rank, score: a.score, lowest: low }, met: false }
  }
  return { key: 'devices.alloc.outscored', params: { rank }, met: false }
}

/** Collects decisions, objective and reasons once each application's devices are known. */
function finish(
  ctx: Context,
  taken: Map<string, { devs: MatchDevice[] }>,
  partial: ReadonlySet<string>,
  solver: MatchPlan['solver'],
  bound: number,
  greedyObjective: number,
  stats: MatchPlan['stats'],
): MatchPlan {
  const given = new Map<string, number>()
  const supply = new Map<string, number>()
  for (const d of ctx.devs) {
    const k = `${d.type}|${gradeIdx(d.grade)}`
    supply.set(k, (supply.get(k) ?? 0) + 1)
  }
  const left = new Map(supply)
  const lowest = new Map<string, number>()
  let objective = 0
  let n = 0
  let totalKm = 0
  for (const a of ctx.inRound) {
    const t = taken.get(a.id)
    if (!t) continue
    given.set(a.districtCode, (given.get(a.districtCode) ?? 0) + t.devs.length)
    for (const d of t.devs) {
      const k = ctx.distKm(d.centre, a.districtCode)
      objective += ctx.gain(a) - ctx.settings.pointsPerKm * k
      totalKm += k
      n++
      const key = `${d.type}|${gradeIdx(d.grade)}`
      left.set(key, (left.get(key) ?? 0) - 1)
    }
    const lk = `${a.type}|${a.districtCode}`
    lowest.set(lk, Math.min(lowest.get(lk) ?? Number.POSITIVE_INFINITY, a.score))
  }
  const inRound = new Set(ctx.inRound.map((a) => a.id))
  const decisions: MatchDecision[] = ctx.order.map((a) => ({
    districtCode: a.districtCode,
    score: a.score,
    quantity: a.quantity,
    applicantKind: a.applicantKind,
    ...decide(a),
  }))
  function decide(
    a: MatchApplication,
  ): Omit<MatchDecision, 'districtCode' | 'score' | 'quantity' | 'applicantKind'> {
    const rank = ctx.rank.get(a.id) ?? 0
    if (!inRound.has(a.id))
      return {
        applicationId: a.id,
        deviceIds: [],
        reason: { key: 'devices.alloc.notPilot', params: { rank }, met: false },
      }
    const t = taken.get(a.id)
    if (t) {
      const first = t.devs[0]!
      return {
        applicationId: a.id,
        deviceIds: t.devs.map((d) => d.id),
        reason: {
          key: 'devices.alloc.getsFrom',
          params: {
            rank,
            score: a.score,
            centre: first.centre,
            km: ctx.distKm(first.centre, a.districtCode),
          },
          met: true,
        },
      }
    }
    return {
      applicationId: a.id,
      deviceIds: [],
      reason: whyNot(ctx, a, given, left, lowest, partial.has(a.id), supply),
    }
  }
  objective = Math.round(objective * 10) / 10
  return {
    decisions,
    districts: shares(ctx, given),
    objective,
    bound: Math.max(bound, objective),
    gap: bound > 0 ? Math.max(0, (bound - objective) / bound) : 0,
    solver,
    greedyObjective,
    given: n,
    km: Math.round(totalKm),
    stats,
  }
}

// ── greedy by priority (the comparison and the fallback) ───────────────────────────────────────

/**
 * Greedy by priority on the same model: in priority order, each application takes the fitting devices
 * (lowest fitting grade first) from the nearest centre, if its district has room and the whole batch
 * can be given.
 */
export function greedyMatch(
  devs: MatchDevice[],
  apps: MatchApplication[],
  centres: ReadonlyMap<string, LatLon>,
  districts: ReadonlyMap<string, LatLon>,
  settings: RoundSettings = DEFAULT_ROUND,
): MatchPlan {
  const ctx = context(devs, apps, centres, districts, settings)
  return greedyWith(ctx, 0)
}

function greedyWith(ctx: Context, bound: number): MatchPlan {
  const pool = pools(ctx.devs)
  const centreList = [...new Set(ctx.devs.map((d) => d.centre))].sort()
  const near = new Map<string, string[]>()
  const nearest = (d: string) => {
    let l = near.get(d)
    if (!l) {
      l = [...centreList].sort((a, b) => ctx.distKm(a, d) - ctx.distKm(b, d) || (a < b ? -1 : 1))
      near.set(d, l)
    }
    return l
  }
  const count = new Map<string, number>()
  for (const d of ctx.devs)
    count.set(`${d.type}|${gradeIdx(d.grade)}`, (count.get(`${d.type}|${gradeIdx(d.grade)}`) ?? 0) + 1)
  const room = new Map(ctx.cap)
  const inRoundIds = new Set(ctx.inRound.map((a) => a.id))
  const taken = new Map<string, { devs: MatchDevice[] }>()
  for (const a of ctx.order) {
    if (!inRoundIds.has(a.id)) continue
    if ((room.get(a.districtCode) ?? 0) < a.quantity) continue
    let fitting = 0
    for (let g = 0; g <= gradeIdx(a.minGrade); g++) fitting += count.get(`${a.type}|${g}`) ?? 0
    if (fitting < a.quantity) continue
    const got: MatchDevice[] = []
    for (const c of nearest(a.districtCode)) {
      for (let g = gradeIdx(a.minGrade); g >= 0 && got.length < a.quantity; g--) {
        const l = pool.get(`${a.type}|${g}|${c}`)
        while (l?.length && got.length < a.quantity) got.push(l.pop()!)
      }
      if (got.length >= a.quantity) break
    }
    for (const d of got) {
      const k = `${d.type}|${gradeIdx(d.grade)}`
      count.set(k, (count.get(k) ?? 0) - 1)
    }
    room.set(a.districtCode, (room.get(a.districtCode) ?? 0) - a.quantity)
    taken.set(a.id, { devs: got })
  }
  const plan = finish(ctx, taken, new Set(), 'greedy', bound, 0, {
    columns: 0,
    rows: 0,
    solves: 0,
    solveMs: 0,
    integral: true,
  })
  return { ...plan, greedyObjective: plan.objective, gap: bound > 0 ? plan.gap : 0 }
}

// ── the transportation LP ──────────────────────────────────────────────────────────────────────

export interface LpResult {
  ok: boolean
  status?: string
  objective?: number
  columns?: Record<string, number>
  error?: string
}

/** Solves a CPLEX-LP model with HiGHS in a worker thread (its solve() blocks the thread it runs on). */
export function solveInWorker(lp: string, timeLimitS: number): Promise<LpResult> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./highs-worker.mjs', import.meta.url), {
      workerData: {
        lp,
        options: { time_limit: timeLimitS, output_flag: false, solver: 'simplex', presolve: 'on' },
      },
    })
    const timer = setTimeout(
      () => {
        void worker.terminate()
        resolve({ ok: false, error: 'timeout' })
      },
      (timeLimitS + 5) * 1000,
    )
    worker.once('message', (m: LpResult) => {
      clearTimeout(timer)
      void worker.terminate()
      resolve(m)
    })
    worker.once('error', (e) => {
      clearTimeout(timer)
      resolve({ ok: false, error: String(e) })
    })
  })
}

interface Bucket {
  name: string
  type: DeviceType
  grade: number
  district: string
  gain: number
  /** Applications in the bucket in priority order. */
  apps: MatchApplication[]
  size: number
}

/** Builds the LP: x (centre → district per type and grade), w (grade step-down), y (to a bucket). */
function buildLp(ctx: Context, buckets: Bucket[], excluded: ReadonlySet<string>) {
  const supply = new Map<string, number>()
  for (const d of ctx.devs) {
    const k = `${d.type}|${gradeIdx(d.grade)}|${d.centre}`
    supply.set(k, (supply.get(k) ?? 0) + 1)
  }
  const districtsOfType = new Map<string, Set<string>>()
  for (const b of buckets) {
    const s = districtsOfType.get(b.type) ?? new Set<string>()
    s.add(b.district)
    districtsOfType.set(b.type, s)
  }
  const idx = <T>(m: Map<T, number>, k: T) => {
    let v = m.get(k)
    if (v === undefined) {
      v = m.size
      m.set(k, v)
    }
    return v
  }
  const typeIds = new Map<string, number>()
  const distIds = new Map<string, number>()
  const centreIds = new Map<string, number>()
  const obj: string[] = []
  const bounds: string[] = []
  const rowSupply = new Map<string, string[]>()
  const rowNode = new Map<string, string[]>()
  const rowDistrict = new Map<string, string[]>()
  const push = (m: Map<string, string[]>, k: string, term: string) => {
    const l = m.get(k)
    if (l) l.push(term)
    else m.set(k, [term])
  }
  const xs: { name: string; type: string; grade: number; centre: string; district: string }[] = []
  for (const [k, n] of supply) {
    if (n <= 0) continue
    const [type, g, centre] = k.split('|') as [string, string, string]
    const ds = districtsOfType.get(type)
    if (!ds) continue
    for (const d of ds) {
      const name = `x${idx(typeIds, type)}_${g}_${idx(centreIds, centre)}_${idx(distIds, d)}`
      const cost = ctx.settings.pointsPerKm * ctx.distKm(centre, d)
      if (cost) obj.push(`- ${cost} ${name}`)
      push(rowSupply, k, name)
      push(rowNode, `${type}|${g}|${d}`, name)
      xs.push({ name, type, grade: Number(g), centre, district: d })
    }
  }
  // grade step-down: an A device may serve a B or C need, a B device a C need
  const ws: { name: string; type: string; from: number; district: string }[] = []
  for (const [type, ds] of districtsOfType)
    for (const d of ds)
      for (let g = 0; g < 2; g++) {
        const name = `w${idx(typeIds, type)}_${g}_${idx(distIds, d)}`
        push(rowNode, `${type}|${g}|${d}`, `- ${name}`)
        push(rowNode, `${type}|${g + 1}|${d}`, name)
        ws.push({ name, type, from: g, district: d })
      }
  const ys: { name: string; bucket: Bucket }[] = []
  buckets.forEach((b, i) => {
    const size = b.apps.reduce((s, a) => s + (excluded.has(a.id) ? 0 : a.quantity), 0)
    if (size <= 0) return
    const name = `y${i}`
    obj.push(`+ ${b.gain} ${name}`)
    push(rowNode, `${b.type}|${b.grade}|${b.district}`, `- ${name}`)
    push(rowDistrict, b.district, name)
    bounds.push(` ${name} <= ${size}`)
    ys.push({ name, bucket: b })
  })
  const lines = ['Maximize', ' obj:']
  for (const t of obj) lines.push(`  ${t}`)
  lines.push('Subject To')
  let r = 0
  const row = (terms: string[], rhs: string) => {
    lines.push(` r${r++}:`)
    terms.forEach((t, i) => {
      lines.push(`  ${i === 0 || t.startsWith('-') ? t : `+ ${t}`}`)
    })
    lines.push(`  ${rhs}`)
  }
  for (const [k, terms] of rowSupply) row(terms, `<= ${supply.get(k)}`)
  for (const terms of rowNode.values()) row(terms, '>= 0')
  for (const [d, terms] of rowDistrict) row(terms, `<= ${ctx.cap.get(d) ?? 0}`)
  lines.push('Bounds', ...bounds, 'End', '')
  return { lp: lines.join('\n'), xs, ws, ys, columns: xs.length + ws.length + ys.length, rows: r }
}

/**
 * The optimised plan. Falls back to greedy by priority when HiGHS fails or the LP solution is not
 * integral (it always is for this network model; the check makes that a verified fact per run).
 */
export async function optimiseMatch(
  devs: MatchDevice[],
  apps: MatchApplication[],
  centres: ReadonlyMap<string, LatLon>,
  districts: ReadonlyMap<string, LatLon>,
  settings: RoundSettings = DEFAULT_ROUND,
  timeLimitS = 10,
  solve: (lp: string, timeLimitS: number) => Promise<LpResult> = solveInWorker,
): Promise<MatchPlan> {
  const ctx = context(devs, apps, centres, districts, settings)
  const greedy = greedyWith(ctx, 0)
  if (ctx.inRound.length === 0 || devs.length === 0) return greedy
  // buckets: (type, min grade, district, gain); applications inside in priority order
  const byKey = new Map<string, Bucket>()
  const inRoundIds = new Set(ctx.inRound.map((a) => a.id))
  for (const a of ctx.order) {
    if (!inRoundIds.has(a.id)) continue
    const g = gradeIdx(a.minGrade)
    const gain = ctx.gain(a)
    const k = `${a.type}|${g}|${a.districtCode}|${gain}`
    const b = byKey.get(k)
    if (b) {
      b.apps.push(a)
      b.size += a.quantity
    } else
      byKey.set(k, {
        name: k,
        type: a.type,
        grade: g,
        district: a.districtCode,
        gain,
        apps: [a],
        size: a.quantity,
      })
  }
  const buckets = [...byKey.values()]
  const excluded = new Set<string>()
  let bound = Number.NaN
  let solves = 0
  let solveMs = 0
  let integral = true
  let columns = 0
  let rows = 0
  for (let round = 0; round < 6; round++) {
    const model = buildLp(ctx, buckets, excluded)
    columns = model.columns
    rows = model.rows
    const t0 = performance.now()
    const r = await solve(model.lp, timeLimitS)
    solveMs += performance.now() - t0
    solves++
    if (!r.ok || r.status !== 'Optimal' || !r.columns)
      return { ...greedy, stats: { ...greedy.stats, solves } }
    const val = (n: string) => r.columns?.[n] ?? 0
    for (const v of Object.values(r.columns)) if (Math.abs(v - Math.round(v)) > 1e-6) integral = false
    if (!integral) return { ...greedy, stats: { ...greedy.stats, solves, integral } }
    if (Number.isNaN(bound)) bound = r.objective ?? 0
    // hand the flow to applications: per bucket, in priority order; a batch that does not fit whole is dropped
    const fill = new Map<string, number>()
    const partial = new Set<string>()
    for (const y of model.ys) {
      let f = Math.round(val(y.name))
      for (const a of y.bucket.apps) {
        if (excluded.has(a.id)) continue
        if (f >= a.quantity) {
          fill.set(a.id, a.quantity)
          f -= a.quantity
        } else {
          if (f > 0) partial.add(a.id)
          break
        }
      }
    }
    if (partial.size > 0 && round < 5) {
      for (const id of partial) excluded.add(id)
      continue
    }
    for (const id of partial) excluded.add(id)
    const taken = assignDevices(ctx, model, val, buckets, fill)
    const stats = { columns, rows, solves, solveMs: Math.round(solveMs), integral }
    const plan = finish(ctx, taken, excluded, 'highs-lp', bound, greedy.objective, stats)
    // a plan never worse than greedy
    return plan.objective >= greedy.objective
      ? plan
      : {
          ...greedy,
          bound: plan.bound,
          gap: plan.bound > 0 ? (plan.bound - greedy.objective) / plan.bound : 0,
          stats,
        }
  }
  return greedy
}

/**
 * Turns the flow into device ids: per (type, district) the units arriving from each centre and grade
 * are poured down the grades (A, then B, then C), each grade's buckets taking from the pool first;
 * the flow conservation rows guarantee the units suffice.
 */
function assignDevices(
  ctx: Context,
  model: ReturnType<typeof buildLp>,
  val: (n: string) => number,
  buckets: Bucket[],
  fill: Map<string, number>,
) {
  const pool = pools(ctx.devs)
  type Unit = { centre: string; grade: number; n: number }
  const arriving = new Map<string, Unit[]>()
  for (const x of model.xs) {
    const n = Math.round(val(x.name))
    if (n <= 0) continue
    const k = `${x.type}|${x.district}`
    const l = arriving.get(k) ?? []
    l.push({ centre: x.centre, grade: x.grade, n })
    arriving.set(k, l)
  }
  const bucketsAt = new Map<string, Bucket[]>()
  for (const b of buckets) {
    const k = `${b.type}|${b.district}`
    const l = bucketsAt.get(k) ?? []
    l.push(b)
    bucketsAt.set(k, l)
  }
  const taken = new Map<string, { devs: MatchDevice[] }>()
  for (const [k, bs] of bucketsAt) {
    const [type, district] = k.split('|') as [string, string]
    const units = (arriving.get(k) ?? []).sort(
      (a, b) => ctx.distKm(a.centre, district) - ctx.distKm(b.centre, district) || a.grade - b.grade,
    )
    const available: Unit[] = []
    for (let g = 0; g < 3; g++) {
      for (const u of units) if (u.grade === g) available.push({ ...u })
      // nearest first among what has arrived at this grade level or better
      available.sort(
        (a, b) => ctx.distKm(a.centre, district) - ctx.distKm(b.centre, district) || b.grade - a.grade,
      )
      const here = bs.filter((b) => b.grade === g).sort((a, b) => b.gain - a.gain)
      for (const b of here)
        for (const a of b.apps) {
          const q = fill.get(a.id)
          if (!q) continue
          const got: MatchDevice[] = []
          for (const u of available) {
            while (u.n > 0 && got.length < q) {
              const d = pool.get(`${type}|${u.grade}|${u.centre}`)?.pop()
              if (!d) {
                u.n = 0
                break
              }
              got.push(d)
              u.n--
            }
            if (got.length >= q) break
          }
          if (got.length === q) taken.set(a.id, { devs: got })
          else for (const d of got) pool.get(`${type}|${gradeIdx(d.grade)}|${d.centre}`)?.push(d)
        }
      for (let i = available.length - 1; i >= 0; i--) if (available[i]!.n <= 0) available.splice(i, 1)
    }
  }
  return taken
}

export { GRADES as MATCH_GRADES }

/**
 * optimiseMatch in a worker thread: building the model, handing out 15,000 devices and writing 50,000
 * reasons take the main thread about a second otherwise. Falls back to greedy if the worker fails.
 */
export function matchInWorker(
  devs: MatchDevice[],
  apps: MatchApplication[],
  centres: ReadonlyMap<string, LatLon>,
  districts: ReadonlyMap<string, LatLon>,
  settings: RoundSettings = DEFAULT_ROUND,
  timeLimitS = 10,
): Promise<MatchPlan> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./match-worker.mjs', import.meta.url), {
      workerData: { devs, apps, centres, districts, settings, timeLimitS },
    })
    const fallback = () => resolve(greedyMatch(devs, apps, centres, districts, settings))
    const timer = setTimeout(
      () => {
        void worker.terminate()
        fallback()
      },
      (timeLimitS * 3 + 10) * 1000,
    )
    worker.once('message', (m: { ok: boolean; plan?: MatchPlan }) => {
      clearTimeout(timer)
      void worker.terminate()
      if (m.ok && m.plan) resolve(m.plan)
      else fallback()
    })
    worker.once('error', () => {
      clearTimeout(timer)
      fallback()
    })
  })
}
