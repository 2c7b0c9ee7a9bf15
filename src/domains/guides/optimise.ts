/**
 * Deployment of digital-guide teams (issue #6): for every shift choose where each available team stands
 * to maximise the senior demand covered within walking distance, with at most one team per site, each team
 * at a site of its home district or within its travel limit, a minimum number of teams in every district,
 * and the manager's pins and forbids.
 *
 * The problem is reduced before it is solved (each step is exact):
 *  1. demand points with the same set of sites in walking distance become one group (weights summed);
 *     a group seen by one site only becomes that site's own value;
 *  2. a site whose whole walking area is inside another site's of the same district, with no value of its
 *     own and no wider reach of teams, is dominated and dropped (moving its team to the other is never worse);
 *  3. teams of one home district with the same shifts are interchangeable: the model counts teams per
 *     district (z), and names them afterwards;
 *  4. shifts are independent given the team counts: one model per shift; shifts with the same available
 *     counts, pins and forbids are solved once.
 * The MILP per shift: max Σ w_g y_g + Σ v_j o_j, y_g ≤ Σ_{j∈g} o_j, o_j = Σ_d z_dj ≤ 1, Σ_j z_dj ≤ n_d,
 * Σ_{j∈D} o_j ≥ min_D, z integer. A lazy greedy (with the same constraints) runs first: it is the fallback
 * and the comparison. Pure functions; HiGHS is passed in (it runs in a worker, see plan-worker.mjs).
 */

export interface Site {
  id: string
  lat: number
  lon: number
  district: string
  /** Value of the site beyond the seniors it covers (hotspot bonus from facilities and past assists). */
  bonus?: number
}
export interface DemandPoint {
  lat: number
  lon: number
  w: number
}
export interface Team {
  id: string
  home: string
  shifts: string[]
}
export interface Pin {
  teamId: string
  siteId: string
  shift: string
}
export interface Forbid {
  siteId: string
  /** null: every shift */
  shift: string | null
}
export interface PlanInput {
  sites: Site[]
  demand: DemandPoint[]
  teams: Team[]
  shifts: string[]
  /** District centroids (a team's base for the travel limit). */
  districts: Record<string, { lat: number; lon: number }>
  walkM: number
  travelKm: number
  minPerDistrict: number
  pins?: Pin[]
  forbids?: Forbid[]
  timeLimitS?: number
  /** Relative gap at which a shift's solve stops (default 0.5 %). */
  mipGap?: number
}
export interface Placement {
  teamId: string
  siteId: string
  shift: string
  pinned: boolean
  /** Seniors within walking distance of the site. */
  covered: number
}
export interface PlanResult {
  solver: 'milp' | 'greedy'
  status: string
  placements: Placement[]
  /** Senior demand covered, summed over shifts (each point counted once per shift). */
  covered: number
  /** Objective (covered demand plus site bonuses) and the MILP's proved upper bound. */
  objective: number
  bound: number
  gap: number
  greedy: { covered: number; objective: number; ms: number }
  totalDemand: number
  ms: number
  stats: {
    demandPoints: number
    groups: number
    singletonGroups: number
    uncoveredPoints: number
    sites: number
    sitesKept: number
    models: number
    columns: number
    rows: number
    shiftStatus: Record<string, string>
    /** Σ over distinct shifts of the Lagrangian bounds found before HiGHS, and the time they took. */
    lagrangeBound?: number
    lagrangeMs?: number
    /** Shifts where HiGHS found a plan above the Lagrangian bound (a bug if ever > 0; that bound is dropped). */
    lagrangeRejected?: number
    /** Shifts whose plan came from the relaxation's solutions (better than the greedy's). */
    lagrangePlans?: number
  }
  warnings: string[]
}

const KM_LAT = 110.574
const kmLon = (lat: number) => 111.32 * Math.cos((lat * Math.PI) / 180)

/** Distance in km (equirectangular; exact enough within a city). */
export function km(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dy = (a.lat - b.lat) * KM_LAT
  const dx = (a.lon - b.lon) * kmLon((a.lat + b.lat) / 2)
  return Math.sqrt(dx * dx + dy * dy)
}

/** For every demand point, the indices of the sites within `walkM` metres (a grid of walkM cells). */
export function coverage(sites: Site[], demand: DemandPoint[], walkM: number): number[][] {
  const r = walkM / 1000
  const lat0 = sites[0]?.lat ?? 37.5
  const cx = r / kmLon(lat0)
  const cy = r / KM_LAT
  const grid = new Map<string, number[]>()
  sites.forEach((s, j) => {
    const k = `${Math.floor(s.lon / cx)},${Math.floor(s.lat / cy)}`
    const a = grid.get(k)
    if (a) a.push(j)
    else grid.set(k, [j])
  })
  return demand.map((p) => {
    const gx = Math.floor(p.lon / cx)
    const gy = Math.floor(p.lat / cy)
    const out: number[] = []
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++)
        for (const j of grid.get(`${gx + dx},${gy + dy}`) ?? []) if (km(p, sites[j]!) <= r) out.push(j)
    return out.sort((a, b) => a - b)
  })
}

export interface Reduced {
  groups: { sites: number[]; w: number }[]
  value: number[]
  keep: boolean[]
  singletons: number
  uncovered: number
  totalDemand: number
}

/** Steps 1–2 of the reduction (groups of identical coverage; dominated sites dropped). */
export function reduce(input: PlanInput, cov: number[][], eligible: string[][]): Reduced {
  const n = input.sites.length
  const value = input.sites.map((s) => s.bonus ?? 0)
  const protectedSite = new Set<string>([
    ...(input.pins ?? []).map((p) => p.siteId),
    ...(input.forbids ?? []).map((f) => f.siteId),
  ])
  let totalDemand = 0
  let uncovered = 0
  const bySig = new Map<string, { sites: number[]; w: number }>()
  cov.forEach((c, i) => {
    const w = input.demand[i]!.w
    totalDemand += w
    if (c.length === 0) {
      uncovered++
      return
    }
    const sig = c.join(',')
    const g = bySig.get(sig)
    if (g) g.w += w
    else bySig.set(sig, { sites: c, w })
  })
  // dominance: j ⊆ k (every group with j has k), j has no own value, same district, k reachable by every
  // district that reaches j
  const groupsOf: number[][] = Array.from({ length: n }, () => [])
  const all = [...bySig.values()]
  all.forEach((g, gi) => {
    for (const j of g.sites) groupsOf[j]!.push(gi)
  })
  const own = new Array<number>(n).fill(0)
  for (const g of all) if (g.sites.length === 1) own[g.sites[0]!]! += g.w
  const keep = new Array<boolean>(n).fill(true)
  for (let j = 0; j < n; j++) {
    if (value[j]! > 0 || own[j]! > 0 || protectedSite.has(input.sites[j]!.id)) continue
    const gs = groupsOf[j]!
    // candidates: sites in j's first group (or, with no groups, any kept site of the district)
    const cands = gs.length
      ? all[gs[0]!]!.sites
      : input.sites.map((_, k) => k).filter((k) => input.sites[k]!.district === input.sites[j]!.district)
    for (const k of cands) {
      if (k === j || !keep[k]) continue
      if (input.sites[k]!.district !== input.sites[j]!.district) continue
      if (protectedSite.has(input.sites[k]!.id) && !keep[k]) continue
      const ek = new Set(eligible[k])
      if (!eligible[j]!.every((d) => ek.has(d))) continue
      if (!gs.every((gi) => all[gi]!.sites.includes(k))) continue
      // equal sets: keep the lower index only
      keep[j] = false
      break
    }
  }
  // keep at least min+1 sites in each district so the minimum stays feasible
  const perDistrict = new Map<string, number[]>()
  input.sites.forEach((s, j) => {
    perDistrict.set(s.district, [...(perDistrict.get(s.district) ?? []), j])
  })
  for (const js of perDistrict.values()) {
    let kept = js.filter((j) => keep[j]).length
    for (const j of js) {
      if (kept > input.minPerDistrict) break
      if (!keep[j]) {
        keep[j] = true
        kept++
      }
    }
  }
  // regroup over kept sites; a group with one kept site adds to that site's value
  const regroup = new Map<string, { sites: number[]; w: number }>()
  let singletons = 0
  for (const g of all) {
    const s = g.sites.filter((j) => keep[j])
    if (s.length === 0) continue // cannot happen: a dropped site's groups contain its dominator
    if (s.length === 1) {
      value[s[0]!]! += g.w
      singletons++
      continue
    }
    const sig = s.join(',')
    const h = regroup.get(sig)
    if (h) h.w += g.w
    else regroup.set(sig, { sites: s, w: g.w })
  }
  return { groups: [...regroup.values()], value, keep, singletons, uncovered, totalDemand }
}

/** The districts whose teams may stand at each site (its own, and those whose base is within travelKm). */
export function eligibility(input: PlanInput): string[][] {
  const ds = Object.entries(input.districts)
  return input.sites.map((s) => {
    const out = new Set<string>([s.district])
    for (const [code, c] of ds) if (km(c, s) <= input.travelKm) out.add(code)
    return [...out].sort()
  })
}

/** Covered seniors of a set of open sites in one shift (each point once). */
function coveredBy(open: Set<number>, cov: number[][], demand: DemandPoint[]): number {
  let s = 0
  cov.forEach((c, i) => {
    if (c.some((j) => open.has(j))) s += demand[i]!.w
  })
  return s
}

function siteSeniors(input: PlanInput, cov: number[][]): number[] {
  const out = new Array<number>(input.sites.length).fill(0)
  cov.forEach((c, i) => {
    for (const j of c) out[j]! += input.demand[i]!.w
  })
  return out
}

export interface ShiftCtx {
  shift: string
  teams: Team[]
  pins: Pin[]
  forbidden: Set<number>
}

export function shiftContexts(input: PlanInput): ShiftCtx[] {
  const idx = new Map(input.sites.map((s, j) => [s.id, j]))
  return input.shifts.map((shift) => ({
    shift,
    teams: input.teams.filter((t) => t.shifts.includes(shift)),
    pins: (input.pins ?? []).filter((p) => p.shift === shift),
    forbidden: new Set(
      (input.forbids ?? [])
        .filter((f) => f.shift === null || f.shift === shift)
        .map((f) => idx.get(f.siteId))
        .filter((j): j is number => j !== undefined),
    ),
  }))
}

/** Checks pins against teams, shifts and sites; returns problems as message keys with params. */
export function checkPins(input: PlanInput): string[] {
  const out: string[] = []
  const sites = new Set(input.sites.map((s) => s.id))
  const teams = new Map(input.teams.map((t) => [t.id, t]))
  const seenTeam = new Set<string>()
  const seenSite = new Set<string>()
  for (const p of input.pins ?? []) {
    const t = teams.get(p.teamId)
    if (!t || !sites.has(p.siteId) || !t.shifts.includes(p.shift))
      out.push(`pin:${p.teamId}:${p.siteId}:${p.shift}`)
    if (seenTeam.has(`${p.teamId}@${p.shift}`) || seenSite.has(`${p.siteId}@${p.shift}`))
      out.push(`pin-twice:${p.teamId}:${p.siteId}:${p.shift}`)
    seenTeam.add(`${p.teamId}@${p.shift}`)
    seenSite.add(`${p.siteId}@${p.shift}`)
  }
  return out
}

/**
 * Lazy greedy per shift: pins first, then each district's minimum (best site of the district a free team
 * may reach), then the largest marginal gain (upper bounds in a heap, re-evaluated when popped).
 */
export function greedyPlan(input: PlanInput, cov?: number[][], elig?: string[][]): Placement[] {
  const c = cov ?? coverage(input.sites, input.demand, input.walkM)
  const e = elig ?? eligibility(input)
  const sitesOf: number[][] = c // point → sites
  const pointsOf: number[][] = Array.from({ length: input.sites.length }, () => [])
  sitesOf.forEach((s, i) => {
    for (const j of s) pointsOf[j]!.push(i)
  })
  const seniors = siteSeniors(input, c)
  const idx = new Map(input.sites.map((s, j) => [s.id, j]))
  const out: Placement[] = []
  for (const sc of shiftContexts(input)) {
    const covered = new Uint8Array(input.demand.length)
    const open = new Set<number>()
    const free = new Map(sc.teams.map((t) => [t.id, t]))
    const gain = (j: number) => {
      let g = input.sites[j]!.bonus ?? 0
      for (const i of pointsOf[j]!) if (!covered[i]) g += input.demand[i]!.w
      return g
    }
    const place = (j: number, teamId: string, pinned: boolean) => {
      open.add(j)
      free.delete(teamId)
      for (const i of pointsOf[j]!) covered[i] = 1
      out.push({ teamId, siteId: input.sites[j]!.id, shift: sc.shift, pinned, covered: seniors[j]! })
    }
    const teamFor = (j: number): string | undefined => {
      const ok = new Set(e[j])
      let best: Team | undefined
      for (const t of free.values()) {
        if (!ok.has(t.home)) continue
        // prefer a team of the site's own district, then the one with the fewest options
        if (!best || (t.home === input.sites[j]!.district && best.home !== input.sites[j]!.district)) best = t
      }
      return best?.id
    }
    for (const p of sc.pins) {
      const j = idx.get(p.siteId)
      if (j !== undefined && free.has(p.teamId)) place(j, p.teamId, true)
    }
    const byDistrict = new Map<string, number[]>()
    input.sites.forEach((s, j) => {
      if (!sc.forbidden.has(j)) byDistrict.set(s.district, [...(byDistrict.get(s.district) ?? []), j])
    })
    for (const [d, js] of byDistrict) {
      let have = js.filter((j) => open.has(j)).length
      while (have < input.minPerDistrict && free.size > 0) {
        let bestJ = -1
        let bestG = -1
        for (const j of js) {
          if (open.has(j) || !e[j]!.some((h) => [...free.values()].some((t) => t.home === h))) continue
          const g = gain(j)
          if (g > bestG) {
            bestG = g
            bestJ = j
          }
        }
        if (bestJ < 0) break
        place(bestJ, teamFor(bestJ)!, false)
        have++
        void d
      }
    }
    // lazy greedy: a binary heap of (upper bound, site)
    const heap: [number, number][] = []
    const push = (x: [number, number]) => {
      heap.push(x)
      let i = heap.length - 1
      while (i > 0) {
        const p = (i - 1) >> 1
        if (heap[p]![0] >= heap[i]![0]) break
        ;[heap[p], heap[i]] = [heap[i]!, heap[p]!]
        i = p
      }
    }
    const pop = (): [number, number] | undefined => {
      const top = heap[0]
      const last = heap.pop()
      if (heap.length && last) {
        heap[0] = last
        let i = 0
        for (;;) {
          const l = 2 * i + 1
          const r = l + 1
          let m = i
          if (l < heap.length && heap[l]![0] > heap[m]![0]) m = l
          if (r < heap.length && heap[r]![0] > heap[m]![0]) m = r
          if (m === i) break
          ;[heap[m], heap[i]] = [heap[i]!, heap[m]!]
          i = m
        }
      }
      return top
    }
    input.sites.forEach((_, j) => {
      if (!open.has(j) && !sc.forbidden.has(j)) push([gain(j), j])
    })
    while (free.size > 0 && heap.length) {
      const [, j] = pop()!
      const g = gain(j)
      if (heap.length && g < heap[0]![0]) {
        push([g, j])
        continue
      }
      if (g <= 0) break
      const t = teamFor(j)
      if (t) place(j, t, false)
    }
  }
  return out
}

/**
 * Improves a plan by moving one team at a time to the best site it may stand at (its district's minimum
 * kept), until no move helps or the time is up. Used to give the MILP a good first solution.
 */
export function improvePlan(
  input: PlanInput,
  placements: Placement[],
  cov: number[][],
  elig: string[][],
  deadline: number,
  clock: () => number = Date.now,
): Placement[] {
  const n = input.sites.length
  const pointsOf: number[][] = Array.from({ length: n }, () => [])
  cov.forEach((s, i) => {
    for (const j of s) pointsOf[j]!.push(i)
  })
  const idx = new Map(input.sites.map((s, j) => [s.id, j]))
  const sitesFor = new Map<string, number[]>()
  elig.forEach((ds, j) => {
    for (const d of ds) sitesFor.set(d, [...(sitesFor.get(d) ?? []), j])
  })
  const home = new Map(input.teams.map((t) => [t.id, t.home]))
  const seniors = siteSeniors(input, cov)
  const out: Placement[] = []
  for (const sc of shiftContexts(input)) {
    const mine = placements.filter((p) => p.shift === sc.shift).map((p) => ({ ...p }))
    const cnt = new Uint16Array(input.demand.length)
    const open = new Set<number>()
    const perDistrict = new Map<string, number>()
    const add = (j: number) => {
      open.add(j)
      for (const i of pointsOf[j]!) cnt[i]!++
      const d = input.sites[j]!.district
      perDistrict.set(d, (perDistrict.get(d) ?? 0) + 1)
    }
    const remove = (j: number) => {
      open.delete(j)
      for (const i of pointsOf[j]!) cnt[i]!--
      const d = input.sites[j]!.district
      perDistrict.set(d, (perDistrict.get(d) ?? 0) - 1)
    }
    const gain = (j: number) => {
      let g = input.sites[j]!.bonus ?? 0
      for (const i of pointsOf[j]!) if (cnt[i] === 0) g += input.demand[i]!.w
      return g
    }
    for (const p of mine) add(idx.get(p.siteId)!)
    let improved = true
    while (improved && clock() < deadline) {
      improved = false
      for (const p of mine) {
        if (p.pinned || clock() >= deadline) continue
        const j = idx.get(p.siteId)!
        remove(j)
        const base = gain(j)
        const d = input.sites[j]!.district
        const mustStay = (perDistrict.get(d) ?? 0) < input.minPerDistrict
        let best = j
        let bestG = base
        for (const k of sitesFor.get(home.get(p.teamId)!) ?? []) {
          if (open.has(k) || sc.forbidden.has(k)) continue
          if (mustStay && input.sites[k]!.district !== d) continue
          const g = gain(k)
          if (g > bestG + 1e-9) {
            bestG = g
            best = k
          }
        }
        add(best)
        if (best !== j) {
          p.siteId = input.sites[best]!.id
          p.covered = seniors[best]!
          improved = true
        }
      }
    }
    out.push(...mine)
  }
  return out
}

/** Covered seniors and objective (with bonuses) of placements. */
export function evaluate(input: PlanInput, placements: Placement[], cov: number[][]) {
  const idx = new Map(input.sites.map((s, j) => [s.id, j]))
  let covered = 0
  let bonus = 0
  for (const shift of input.shifts) {
    const open = new Set(placements.filter((p) => p.shift === shift).map((p) => idx.get(p.siteId)!))
    covered += coveredBy(open, cov, input.demand)
    for (const j of open) bonus += input.sites[j]!.bonus ?? 0
  }
  return { covered, objective: covered + bonus }
}

/** The minimal HiGHS surface the solver needs (the real module in the worker, nothing else). */
export interface HighsLike {
  createModel(source: unknown): {
    options: { set(values: Record<string, string | number | boolean>): unknown }
    info: { get(name: string): number | bigint }
    run(): { modelStatus: number }
    getModelStatus(): number
    getSolution(): { colValue: ArrayLike<number> }
    getObjectiveValue(): number
    dispose(): void
  }
  constants: { objectiveSense: { maximize: unknown } }
  infinity: number
}

const STATUS: Record<number, string> = {
  7: 'optimal',
  8: 'infeasible',
  13: 'time-limit',
  14: 'iteration-limit',
}

/**
 * Solves the plan: greedy first, then one MILP per distinct shift (reduced as above) with the time
 * left; falls back to the greedy plan for any shift whose solve fails or is worse.
 */
export function solvePlan(
  input: PlanInput,
  highs: HighsLike | null,
  clock: () => number = Date.now,
): PlanResult {
  const t0 = clock()
  const warnings = checkPins(input)
  const pins = (input.pins ?? []).filter(
    (p) => !warnings.some((w) => w.endsWith(`${p.teamId}:${p.siteId}:${p.shift}`)),
  )
  const inp = { ...input, pins }
  const cov = coverage(inp.sites, inp.demand, inp.walkM)
  const elig = eligibility(inp)
  const tg = clock()
  const greedy = greedyPlan(inp, cov, elig)
  const greedyEval = evaluate(inp, greedy, cov)
  const greedyMs = clock() - tg
  const budget = (inp.timeLimitS ?? 30) * 1000
  const start = highs ? improvePlan(inp, greedy, cov, elig, t0 + budget * 0.05, clock) : greedy
  const red = reduce(inp, cov, elig)
  const seniors = siteSeniors(inp, cov)
  const stats: PlanResult['stats'] = {
    demandPoints: inp.demand.length,
    groups: red.groups.length,
    singletonGroups: red.singletons,
    uncoveredPoints: red.uncovered,
    sites: inp.sites.length,
    sitesKept: red.keep.filter(Boolean).length,
    models: 0,
    columns: 0,
    rows: 0,
    shiftStatus: {},
  }
  const base = {
    totalDemand: red.totalDemand * inp.shifts.length,
    greedy: { covered: greedyEval.covered, objective: greedyEval.objective, ms: greedyMs },
    stats,
    warnings,
  }
  if (!highs || inp.teams.length === 0 || inp.sites.length === 0) {
    return {
      ...base,
      solver: 'greedy',
      status: highs ? 'trivial' : 'no-solver',
      placements: greedy,
      covered: greedyEval.covered,
      objective: greedyEval.objective,
      bound: greedyEval.objective,
      gap: highs ? 0 : Number.NaN,
      ms: clock() - t0,
    }
  }
  const contexts = shiftContexts(inp)
  const placements: Placement[] = []
  let objective = 0
  let bound = 0
  let anyGreedy = false
  // one entry per distinct shift: the best plan known (the heuristic's first) and the best proved bound
  type Best = {
    shift: string
    placements: Omit<Placement, 'shift'>[]
    obj: number
    bound: number
    status: string
    milp: boolean
  }
  const bySig = new Map<string, Best>()
  for (const sc of contexts) {
    const sig = signatureOf(sc)
    if (bySig.has(sig)) continue
    const g = start.filter((p) => p.shift === sc.shift)
    const gObj = evaluate({ ...inp, shifts: [sc.shift] }, g, cov).objective
    bySig.set(sig, {
      shift: sc.shift,
      placements: g,
      obj: gObj,
      bound: Number.POSITIVE_INFINITY,
      status: 'not-solved',
      milp: false,
    })
  }
  const ctxOf = new Map(contexts.map((sc) => [sc.shift, sc]))
  const siteIndex = new Map(inp.sites.map((s, j) => [s.id, j]))
  const planSites = (b: Best) =>
    b.placements.map((p) => siteIndex.get(p.siteId)!).filter((j) => j !== undefined)
  const trivial = red.groups.reduce((a, g) => a + g.w, 0) + red.value.reduce((a, v) => a + v, 0)
  // a bound for every distinct shift before HiGHS starts (≤ 10 % of the time): a shift HiGHS cannot
  // bound in its share (a slow or busy CPU) keeps this one instead of "everything in reach"
  const lagBy = new Map<Best, number>()
  const primals = new Map<Best, { obj: number; assign: [number, string][] | null }>()
  const primalOf = (b: Best) => {
    const p = primals.get(b) ?? { obj: b.obj, assign: null }
    primals.set(b, p)
    p.obj = Math.max(p.obj, b.obj)
    return p
  }
  const lamBy = new Map<Best, Float64Array>()
  // a plan from the relaxation: name the teams of each district in order; kept when it evaluates better
  const adopt = (b: Best, primal: { obj: number; assign: [number, string][] | null }) => {
    if (!primal.assign) return
    const free = new Map<string, Team[]>()
    for (const t of ctxOf.get(b.shift)!.teams) free.set(t.home, [...(free.get(t.home) ?? []), t])
    const ps: Omit<Placement, 'shift'>[] = []
    for (const [j, d] of primal.assign) {
      const t = free.get(d)?.shift()
      if (!t) return
      ps.push({ teamId: t.id, siteId: inp.sites[j]!.id, pinned: false, covered: seniors[j]! })
    }
    const obj = evaluate(
      { ...inp, shifts: [b.shift] },
      ps.map((p) => ({ ...p, shift: b.shift })),
      cov,
    ).objective
    if (obj > b.obj + 1e-6) {
      b.placements = ps
      b.obj = obj
      stats.lagrangePlans = (stats.lagrangePlans ?? 0) + 1
    }
  }
  {
    const list = [...bySig.values()]
    const lagStart = clock()
    const warm = new Float64Array(red.groups.length).fill(Number.NaN)
    list.forEach((b, k) => {
      // the first shift starts cold and gets more; the others start from the shift before
      const left = budget * 0.15 - (clock() - lagStart)
      const share = k === 0 ? left / Math.min(3, list.length) : left / (list.length - k)
      const lag = lagrangeBound(
        inp,
        red,
        elig,
        ctxOf.get(b.shift)!,
        b.obj,
        clock() + Math.max(share, 20),
        clock,
        k === 0 ? 400 : 150,
        warm,
        primalOf(b),
        planSites(b),
      )
      adopt(b, primalOf(b))
      if (Number.isFinite(lag) && lag >= b.obj - 1e-6 * Math.max(1, b.obj)) {
        b.bound = Math.max(lag, b.obj)
        lagBy.set(b, b.bound)
        lamBy.set(b, warm.slice())
      }
    })
    stats.lagrangeMs = clock() - lagStart
    stats.lagrangeBound = contexts.reduce(
      (a, sc) => a + (lagBy.get(bySig.get(signatureOf(sc))!) ?? Number.NaN),
      0,
    )
  }
  const highsBounded = new Set<Best>()
  const run = (b: Best, timeS: number) => {
    const sc = ctxOf.get(b.shift)!
    const first = b.placements.map((p) => ({ ...p, shift: b.shift }))
    const r = solveShift(inp, red, elig, seniors, sc, first, highs, timeS, inp.mipGap ?? 0.005, stats)
    if (r.status === 'failed') {
      b.status = b.milp ? b.status : 'failed'
      return
    }
    const lag = lagBy.get(b)
    if (lag !== undefined && r.obj > lag + 1e-6 * Math.max(1, lag)) {
      // HiGHS found more than the Lagrangian bound allows: never trust that bound for this shift
      lagBy.delete(b)
      b.bound = Number.POSITIVE_INFINITY
      stats.lagrangeRejected = (stats.lagrangeRejected ?? 0) + 1
    }
    if (Number.isFinite(r.bound)) highsBounded.add(b)
    b.bound = Math.min(b.bound, Math.max(r.bound, r.obj))
    if (r.obj > b.obj + 1e-6) {
      b.placements = r.placements
      b.obj = r.obj
      b.milp = true
    }
    b.status = r.status
  }
  // first pass: every distinct shift, the time shared out (a shift may take more than its share if left)
  // If a shift's root LP does not finish in its share, the CPU is too slow or too busy for HiGHS to
  // bound every shift: the rest of the time goes first to the Lagrangian bounds (below).
  const entries = [...bySig.values()]
  for (const [k, b] of entries.entries()) {
    const left = (budget - (clock() - t0)) / 1000
    const rest = entries.length - k
    run(b, Math.max(0.5, Math.min((left / rest) * 1.5, left - 0.8 * (rest - 1))))
    if (!highsBounded.has(b) && lamBy.size === entries.length) break
  }
  // a shift HiGHS has not bounded: more subgradient steps (from its own multipliers) until they stall
  const lagStalled = new Set<Best>()
  const refine = (b: Best, ms: number) => {
    const before = b.bound
    const lag = lagrangeBound(
      inp,
      red,
      elig,
      ctxOf.get(b.shift)!,
      b.obj,
      clock() + ms,
      clock,
      300,
      lamBy.get(b),
      primalOf(b),
      planSites(b),
    )
    adopt(b, primalOf(b))
    if (lag < b.bound && lag >= b.obj - 1e-6 * Math.max(1, b.obj)) {
      b.bound = Math.max(lag, b.obj)
      lagBy.set(b, b.bound)
    }
    if (before - b.bound < 5e-4 * before) lagStalled.add(b)
  }
  // then, while time is left, the shift with the largest unproved difference again (from its best plan)
  for (;;) {
    const left = (budget - (clock() - t0)) / 1000
    const worst = entries
      .filter((b) => !b.status.startsWith('optimal'))
      .sort((a, b) => b.bound - b.obj - (a.bound - a.obj))[0]
    if (!worst || left < 0.5) break
    // stop once the whole plan is proved within the target gap
    const ub = entries.reduce(
      (a, b) => a + (Number.isFinite(b.bound) ? b.bound : Math.max(b.obj, trivial)),
      0,
    )
    const lb = entries.reduce((a, b) => a + b.obj, 0)
    if (ub > 0 && (ub - lb) / ub <= (inp.mipGap ?? 0.005)) break
    if (!highsBounded.has(worst) && lamBy.has(worst) && !lagStalled.has(worst)) {
      refine(worst, Math.min(left * 500, 3000))
      continue
    }
    if (left < 2) break
    // HiGHS starts each run from scratch: a share of what is left (at most three more rounds), not all
    const unfinished = entries.filter((b) => !b.status.startsWith('optimal')).length
    run(worst, Math.max(2, left / Math.min(3, unfinished)))
  }
  for (const sc of contexts) {
    const b = bySig.get(signatureOf(sc))!
    stats.shiftStatus[sc.shift] =
      !highsBounded.has(b) && lagBy.has(b)
        ? `lagrange ${((100 * (b.bound - b.obj)) / Math.max(b.bound, 1e-9)).toFixed(2)}% (HiGHS: ${b.status})`
        : b.status
    if (!b.milp) anyGreedy = true
    placements.push(...b.placements.map((p) => ({ ...p, shift: sc.shift })))
    objective += b.obj
    // a shift HiGHS did not bound (failed, or never reached) is bounded by covering everything in reach
    bound += Number.isFinite(b.bound) ? b.bound : Math.max(b.obj, trivial)
  }
  void objective
  const ev = evaluate(inp, placements, cov)
  const statuses = new Set(Object.values(stats.shiftStatus))
  return {
    ...base,
    solver: anyGreedy && [...statuses].every((x) => x === 'failed') ? 'greedy' : 'milp',
    status: [...statuses].join(','),
    placements,
    covered: ev.covered,
    objective: ev.objective,
    bound,
    gap: bound > 0 ? Math.max(0, (bound - ev.objective) / bound) : 0,
    ms: clock() - t0,
  }
}

function signatureOf(sc: ShiftCtx): string {
  const counts = new Map<string, number>()
  for (const t of sc.teams) counts.set(t.home, (counts.get(t.home) ?? 0) + 1)
  return JSON.stringify([
    [...counts].sort(),
    sc.pins.map((p) => `${p.teamId}@${p.siteId}`).sort(),
    [...sc.forbidden].sort((a, b) => a - b),
  ])
}

function solveShift(
  inp: PlanInput,
  red: Reduced,
  elig: string[][],
  seniors: number[],
  sc: ShiftCtx,
  first: Placement[],
  highs: HighsLike,
  timeS: number,
  mipGap: number,
  stats: PlanResult['stats'],
): { placements: Omit<Placement, 'shift'>[]; obj: number; bound: number; status: string } {
  const teamsBy = new Map<string, Team[]>()
  for (const t of sc.teams) teamsBy.set(t.home, [...(teamsBy.get(t.home) ?? []), t])
  const pinAt = new Map<number, Pin>()
  const idx = new Map(inp.sites.map((s, j) => [s.id, j]))
  const teamHome = new Map(inp.teams.map((t) => [t.id, t.home]))
  for (const p of sc.pins) pinAt.set(idx.get(p.siteId)!, p)
  // sites in this shift
  const siteList: number[] = []
  inp.sites.forEach((_, j) => {
    if ((red.keep[j] || pinAt.has(j)) && !sc.forbidden.has(j)) siteList.push(j)
  })
  // columns: o_j for each site, z_(d,j) for each reaching district with teams, y_g for groups
  const colCost: number[] = []
  const colLower: number[] = []
  const colUpper: number[] = []
  const integrality: number[] = []
  const oCol = new Map<number, number>()
  const zCols: { d: string; j: number; col: number }[] = []
  const addCol = (cost: number, lo: number, hi: number, int: boolean) => {
    colCost.push(cost)
    colLower.push(lo)
    colUpper.push(hi)
    integrality.push(int ? 1 : 0)
    return colCost.length - 1
  }
  // site value in this shift: own value plus groups that have only this site left here
  const value = [...red.value]
  const groups: { sites: number[]; w: number }[] = []
  for (const g of red.groups) {
    const s = g.sites.filter((j) => !sc.forbidden.has(j))
    if (s.length === 0) continue
    if (s.length === 1) value[s[0]!]! += g.w
    else groups.push({ sites: s, w: g.w })
  }
  for (const j of siteList) {
    const pin = pinAt.get(j)
    const ds = elig[j]!.filter((d) => teamsBy.has(d))
    if (pin && !ds.includes(teamHome.get(pin.teamId)!)) ds.push(teamHome.get(pin.teamId)!)
    if (ds.length === 0) continue
    oCol.set(j, addCol(value[j]!, pin ? 1 : 0, 1, false))
    for (const d of ds) {
      const pinned = pin && teamHome.get(pin.teamId) === d
      zCols.push({ d, j, col: addCol(0, pinned ? 1 : 0, 1, true) })
    }
  }
  const rowsIdx: number[][] = []
  const rowsVal: number[][] = []
  const rowLower: number[] = []
  const rowUpper: number[] = []
  const inf = highs.infinity
  const addRow = (cols: number[], vals: number[], lo: number, hi: number) => {
    rowsIdx.push(cols)
    rowsVal.push(vals)
    rowLower.push(lo)
    rowUpper.push(hi)
  }
  // o_j − Σ_d z_dj = 0
  const zBySite = new Map<number, number[]>()
  const zByDistrict = new Map<string, number[]>()
  for (const z of zCols) {
    zBySite.set(z.j, [...(zBySite.get(z.j) ?? []), z.col])
    zByDistrict.set(z.d, [...(zByDistrict.get(z.d) ?? []), z.col])
  }
  for (const [j, o] of oCol) {
    const zs = zBySite.get(j) ?? []
    addRow([o, ...zs], [1, ...zs.map(() => -1)], 0, 0)
  }
  // Σ_j z_dj ≤ n_d
  for (const [d, zs] of zByDistrict)
    addRow(
      zs,
      zs.map(() => 1),
      -inf,
      teamsBy.get(d)?.length ?? 0,
    )
  // y_g − Σ o_j ≤ 0
  const yCols: [number, number[]][] = []
  for (const g of groups) {
    const os = g.sites.map((j) => oCol.get(j)).filter((c): c is number => c !== undefined)
    if (os.length === 0) continue
    const y = addCol(g.w, 0, 1, false)
    yCols.push([y, os])
    addRow([y, ...os], [1, ...os.map(() => -1)], -inf, 0)
  }
  // district minimum (capped by what is reachable)
  const byDistrict = new Map<string, number[]>()
  for (const [j, o] of oCol) {
    const d = inp.sites[j]!.district
    byDistrict.set(d, [...(byDistrict.get(d) ?? []), o])
  }
  let minTotal = 0
  for (const [, os] of byDistrict) {
    const m = Math.min(inp.minPerDistrict, os.length)
    if (m > 0) {
      addRow(
        os,
        os.map(() => 1),
        m,
        inf,
      )
      minTotal += m
    }
  }
  if (minTotal > sc.teams.length) return { placements: [], obj: 0, bound: 0, status: 'failed' }
  // CSR
  const starts = [0]
  const indices: number[] = []
  const values: number[] = []
  for (let r = 0; r < rowsIdx.length; r++) {
    const order = rowsIdx[r]!.map((c, k) => [c, rowsVal[r]![k]!] as const).sort((a, b) => a[0] - b[0])
    for (const [c, v] of order) {
      indices.push(c)
      values.push(v)
    }
    starts.push(indices.length)
  }
  stats.models++
  stats.columns += colCost.length
  stats.rows += rowsIdx.length
  // the heuristic plan as HiGHS' first incumbent
  const startCols = new Array<number>(colCost.length).fill(0)
  const openFirst = new Set<number>()
  for (const p of first) {
    const j = idx.get(p.siteId)!
    const z = zCols.find((c) => c.j === j && c.d === teamHome.get(p.teamId))
    const o = oCol.get(j)
    if (z && o !== undefined) {
      startCols[z.col] = 1
      startCols[o] = 1
      openFirst.add(o)
    }
  }
  for (const [col, os] of yCols) if (os.some((o) => openFirst.has(o))) startCols[col] = 1
  const model = highs.createModel({
    numCols: colCost.length,
    numRows: rowsIdx.length,
    sense: highs.constants.objectiveSense.maximize,
    colCost,
    colLower,
    colUpper,
    rowLower,
    rowUpper,
    integrality,
    matrix: {
      format: 'csr',
      numRows: rowsIdx.length,
      numCols: colCost.length,
      starts,
      indices,
      values,
    },
  })
  try {
    model.options.set({ time_limit: timeS, mip_rel_gap: mipGap, output_flag: false, presolve: 'on' })
    try {
      ;(model as unknown as { setSolution(x: { colValue: number[] }): unknown }).setSolution({
        colValue: startCols,
      })
    } catch {
      /* a start HiGHS refuses is only a lost head start */
    }
    model.run()
    const code = model.getModelStatus()
    const status = STATUS[code] ?? `status-${code}`
    const sol = model.getSolution().colValue
    if (!(code === 7 || code === 13) || !sol || sol.length !== colCost.length)
      return { placements: [], obj: 0, bound: 0, status: 'failed' }
    const dual = Number(model.info.get('mip_dual_bound'))
    // name the teams: pinned ones first, then the others of each district in order
    const free = new Map<string, Team[]>()
    for (const [d, ts] of teamsBy) free.set(d, [...ts])
    const placements: Omit<Placement, 'shift'>[] = []
    const chosen = zCols.filter((z) => sol[z.col]! > 0.5)
    const take = (d: string, teamId?: string) => {
      const list = free.get(d) ?? []
      const k = teamId ? list.findIndex((t) => t.id === teamId) : 0
      if (k < 0 || !list[k]) return undefined
      return list.splice(k, 1)[0]!.id
    }
    for (const z of chosen) {
      const pin = pinAt.get(z.j)
      if (pin && teamHome.get(pin.teamId) === z.d) {
        take(z.d, pin.teamId)
        placements.push({
          teamId: pin.teamId,
          siteId: inp.sites[z.j]!.id,
          pinned: true,
          covered: seniors[z.j]!,
        })
      }
    }
    for (const z of chosen) {
      const pin = pinAt.get(z.j)
      if (pin && teamHome.get(pin.teamId) === z.d) continue
      const teamId = take(z.d)
      if (teamId)
        placements.push({ teamId, siteId: inp.sites[z.j]!.id, pinned: false, covered: seniors[z.j]! })
    }
    const obj = model.getObjectiveValue()
    // no finite dual bound (stopped before the root LP): nothing is proved — never report the plan's own
    // objective as its bound (that claimed a 0 % gap for shifts HiGHS had not bounded at all)
    const b = Number.isFinite(dual) ? dual : code === 7 ? obj : Number.POSITIVE_INFINITY
    return {
      placements,
      obj,
      bound: b,
      status: Number.isFinite(b)
        ? `${status} ${((100 * (b - obj)) / Math.max(b, 1e-9)).toFixed(2)}%`
        : `${status} unbounded`,
    }
  } catch {
    return { placements: [], obj: 0, bound: 0, status: 'failed' }
  } finally {
    model.dispose()
  }
}

/**
 * A proved upper bound for one shift without HiGHS (Lagrangian relaxation of y_g ≤ Σ_{j∈g} o_j).
 * For multipliers λ_g ≥ 0, L(λ) = Σ_g max(0, w_g − λ_g) + max_o Σ_j (v_j + Σ_{g∋j} λ_g) o_j over the
 * placements that respect the team counts per district and "one team per site" (the district minimum
 * and pins are dropped, which only loosens). That inner problem is a max-weight independent set of a
 * transversal matroid (sites matched to district slots), so picking sites by weight while an
 * augmenting path still fits them is exact. Every L(λ) is an upper bound on the shift's optimum;
 * subgradient steps (Polyak, towards the best known plan `lower`) lower it towards the LP bound.
 * Cheap (milliseconds an iteration) and independent of the CPU HiGHS gets, so a shift whose root LP
 * does not finish in time still has a real bound instead of "everything in reach".
 */
export function lagrangeBound(
  inp: PlanInput,
  red: Reduced,
  elig: string[][],
  sc: ShiftCtx,
  lower: number,
  deadline: number,
  clock: () => number = Date.now,
  maxIter = 400,
  /** Multipliers per group of `red.groups` (read as the start, written back): shifts differ only in
   *  their team counts, so one shift's multipliers are a good start for the next. */
  warm?: Float64Array,
  /** Filled with the best feasible plan among the relaxation's solutions (sites → the district whose team
   *  stands there), when one is better than `primal.obj`; only for shifts without pins. */
  primal?: { obj: number; assign: [number, string][] | null },
  /** The sites (indices into `inp.sites`) of the best plan known for this shift: a second start. */
  plan?: readonly number[],
): number {
  const cap = new Map<string, number>()
  for (const t of sc.teams) cap.set(t.home, (cap.get(t.home) ?? 0) + 1)
  const teamHome = new Map(inp.teams.map((t) => [t.id, t.home]))
  const pinned = new Map<number, string>()
  const idx = new Map(inp.sites.map((s, j) => [s.id, j]))
  for (const p of sc.pins) pinned.set(idx.get(p.siteId)!, teamHome.get(p.teamId)!)
  // the shift's sites (as in solveShift) with the districts whose teams may stand there
  const sites: number[] = []
  const ds: string[][] = []
  const local = new Map<number, number>()
  inp.sites.forEach((_, j) => {
    if (!(red.keep[j] || pinned.has(j)) || sc.forbidden.has(j)) return
    const d = elig[j]!.filter((x) => cap.has(x))
    const p = pinned.get(j)
    if (p && !d.includes(p) && cap.has(p)) d.push(p)
    if (d.length === 0) return
    local.set(j, sites.length)
    sites.push(j)
    ds.push(d)
  })
  const n = sites.length
  const value = sites.map((j) => red.value[j]!)
  const groups: { s: number[]; w: number; of: number }[] = []
  for (const [gi, g] of red.groups.entries()) {
    const open = g.sites.filter((j) => !sc.forbidden.has(j))
    const s = open.map((j) => local.get(j)).filter((k): k is number => k !== undefined)
    // a group whose only site left is forbidden here counts for that site in solveShift; it cannot be
    // covered in this shift at all, so leaving it out keeps the bound valid
    if (s.length === 0) continue
    if (open.length === 1) value[s[0]!]! += g.w
    else groups.push({ s, w: g.w, of: gi })
  }
  const slots = [...cap.values()].reduce((a, b) => a + b, 0)
  const dIndex = new Map([...cap.keys()].map((d, i) => [d, i]))
  const capArr = [...cap.values()]
  const dsIdx = ds.map((d) => d.map((x) => dIndex.get(x)!))
  // inner problem: max-weight transversal-matroid basis (greedy with augmenting paths over districts)
  const chosen = new Uint8Array(n)
  const where = new Int32Array(n)
  const inner = (c: Float64Array): number => {
    chosen.fill(0)
    where.fill(-1)
    const order = Array.from({ length: n }, (_, k) => k)
      .filter((k) => c[k]! > 0)
      .sort((a, b) => c[b]! - c[a]!)
    const load = new Int32Array(capArr.length)
    const at: number[][] = capArr.map(() => []) // sites assigned to each district
    let used = 0
    let total = 0
    const full = new Uint8Array(capArr.length) // districts from which no free slot is reachable (stays true)
    for (const k of order) {
      if (used === slots) break
      if (dsIdx[k]!.every((d) => full[d])) continue
      // BFS over districts: from k's districts, through assigned sites that could move elsewhere
      const prev = new Int32Array(capArr.length).fill(-2) // -1: reached from k; else the site moved in
      const queue: number[] = []
      for (const d of dsIdx[k]!)
        if (prev[d] === -2) {
          prev[d] = -1
          queue.push(d)
        }
      let end = -1
      for (let q = 0; q < queue.length && end < 0; q++) {
        const d = queue[q]!
        if (load[d]! < capArr[d]!) {
          end = d
          break
        }
        for (const m of at[d]!)
          for (const e of dsIdx[m]!)
            if (prev[e] === -2) {
              prev[e] = m
              queue.push(e)
            }
      }
      if (end < 0) {
        for (const d of queue) full[d] = 1
        continue
      }
      // augment: walk back from the free slot, moving each site one district along the path; only
      // `end` gains a team, and k takes the slot freed in the district it reached directly
      load[end]!++
      let d = end
      for (;;) {
        const m = prev[d]!
        if (m === -1) {
          at[d]!.push(k)
          where[k] = d
          break
        }
        const from = where[m]!
        at[from]!.splice(at[from]!.indexOf(m), 1)
        at[d]!.push(m)
        where[m] = d
        d = from
      }
      chosen[k] = 1
      used++
      total += c[k]!
    }
    return total
  }
  // start: the previous shift's multipliers, else λ_g = w_g / |g| (each group shared by its sites)
  // the district minimum, as solveShift states it (capped by the district's sites in this shift)
  const dCodes = [...cap.keys()]
  const siteDistrict = sites.map((j) => inp.sites[j]!.district)
  const needMin = new Map<string, number>()
  for (const d of siteDistrict) needMin.set(d, (needMin.get(d) ?? 0) + 1)
  for (const [d, k] of needMin) needMin.set(d, Math.min(inp.minPerDistrict, k))
  const tryPrimal = primal && sc.pins.length === 0
  const lam = new Float64Array(groups.length)
  for (let g = 0; g < groups.length; g++) {
    const w = warm?.[groups[g]!.of]
    lam[g] =
      w !== undefined && w >= 0 && Number.isFinite(w)
        ? Math.min(w, groups[g]!.w)
        : groups[g]!.w / groups[g]!.s.length
  }
  const c = new Float64Array(n)
  const Lof = (l: Float64Array) => {
    c.set(value)
    let L = 0
    for (let g = 0; g < groups.length; g++) {
      const G = groups[g]!
      if (G.w > l[g]!) L += G.w - l[g]!
      for (const k of G.s) c[k]! += l[g]!
    }
    return L + inner(c)
  }
  // a second start from the best plan known (complementary slackness with it): a group no open site
  // covers, or only one, is worth its weight to the sites (λ_g = w_g); one covered twice, nothing
  // (λ_g = 0). Then L(λ) is the plan's value plus what the best exchanges of sites could add, which on a
  // good plan is small: the bound starts near the end instead of far above it (short time limits).
  if (plan?.length) {
    const open = new Uint8Array(n)
    for (const j of plan) {
      const k = local.get(j)
      if (k !== undefined) open[k] = 1
    }
    const cs = new Float64Array(groups.length)
    for (let g = 0; g < groups.length; g++) {
      let m = 0
      for (const k of groups[g]!.s) m += open[k]!
      cs[g] = m <= 1 ? groups[g]!.w : 0
    }
    if (Lof(cs) < Lof(lam)) lam.set(cs)
  }
  let bestLam = lam.slice()
  let best = Number.POSITIVE_INFINITY
  let theta = 1
  let sinceBest = 0
  for (let it = 0; it < maxIter; it++) {
    if (it > 0 && clock() > deadline) break
    c.set(value)
    let L = 0
    for (let g = 0; g < groups.length; g++) {
      const G = groups[g]!
      const l = lam[g]!
      if (G.w > l) L += G.w - l
      for (const k of G.s) c[k]! += l
    }
    L += inner(c)
    if (L < best - 1e-9) {
      best = L
      bestLam = lam.slice()
      sinceBest = 0
    } else if (++sinceBest >= 15) {
      theta /= 2
      sinceBest = 0
    }
    if (best <= lower * (1 + 1e-6) || theta < 1e-4) break
    // subgradient of L at λ: Σ_{j∈g} o_j − y_g
    let norm = 0
    let P = 0
    const sub = new Float64Array(groups.length)
    for (let g = 0; g < groups.length; g++) {
      const G = groups[g]!
      let open = 0
      for (const k of G.s) open += chosen[k]!
      if (open > 0) P += G.w
      const s = open - (G.w > lam[g]! ? 1 : 0)
      sub[g] = s
      norm += s * s
    }
    // the relaxation's sites are a plan too (teams and sites respected); keep it when it also meets
    // every district's minimum and beats the best known
    if (tryPrimal) {
      const per = new Map<string, number>()
      for (let k = 0; k < n; k++)
        if (chosen[k]) {
          P += value[k]!
          per.set(siteDistrict[k]!, (per.get(siteDistrict[k]!) ?? 0) + 1)
        }
      if (P > primal.obj + 1e-6 && [...needMin].every(([d, m]) => (per.get(d) ?? 0) >= m)) {
        primal.obj = P
        primal.assign = []
        for (let k = 0; k < n; k++) if (chosen[k]) primal.assign.push([sites[k]!, dCodes[where[k]!]!])
      }
    }
    if (norm === 0) break // λ is optimal: L(λ) is the LP bound
    const step = (theta * Math.max(L - lower, 1e-6 * L)) / norm
    for (let g = 0; g < groups.length; g++) lam[g] = Math.max(0, lam[g]! - step * sub[g]!)
  }
  if (warm) for (let g = 0; g < groups.length; g++) warm[groups[g]!.of] = bestLam[g]!
  return best
}
