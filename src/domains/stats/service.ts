import { readFileSync } from 'node:fs'
import writeExcelFile from 'write-excel-file/node'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { DATA_ROOT } from '../../platform/city.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { collect } from './collect.ts'
import * as repo from './repo.ts'
import { type Line, suppress } from './suppress.ts'
import {
  FILTER_GROUPS,
  STAT_GROUPS,
  STAT_KINDS,
  type StatKind,
  TARGET_KINDS,
  TARGET_PERIODS,
  type TargetKind,
  type TargetPeriod,
} from './tables.ts'

/** The staff member's id for a "who did it" column; null for others and system actors without an account. */
const staffIdOf = (actor: Actor) => (actor.kind === 'staff' && actor.id ? actor.id : null)

/**
 * Fewer than this many people in a published cell and it is withheld (every published figure counts people;
 * see suppress.ts for the cells withheld with it).
 */
export const SMALL_CELL = 5
export { FILTER_GROUPS, STAT_GROUPS, STAT_KINDS, TARGET_KINDS, TARGET_PERIODS }

const KST_MS = 9 * 3_600_000
const yearOf = (d: Date) => new Date(d.getTime() + KST_MS).getUTCFullYear()
const periodOf = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` })

/**
 * Collects what happened in the other domains since each source's cursor (sources.ts: the domains hand
 * their facts over; never the whole history again) into anonymous events, then adds the new events to
 * the monthly rollup. Runs hourly from the job queue; the staff dashboard can also ask for it.
 */
export async function collectAndRefresh(db: Db, now: Date, batch = 5000) {
  const bySource = await collect(db, now, batch)
  const rolled = await db.transaction((tx) => repo.refreshRollup(tx, now))
  const collected = Object.values(bySource).reduce((a, b) => a + b, 0)
  return { collected, rolled: rolled.added, bySource }
}

/**
 * Records one event directly (for a domain that wants a count without a table of its own to read).
 * Give a `sourceKey` to make it idempotent.
 */
export async function recordStatEvent(
  tx: Db,
  e: {
    kind: StatKind
    at: Date
    districtCode?: string | null
    grp?: 'senior' | 'adult'
    disability?: boolean
    lowIncome?: boolean
    value?: number
    sourceKey?: string
  },
) {
  return repo.insertEvents(tx, [
    {
      kind: e.kind,
      at: e.at,
      districtCode: e.districtCode ?? '',
      grp: e.grp ?? 'unknown',
      disability: e.disability ?? false,
      lowIncome: e.lowIncome ?? false,
      value: e.value ?? 1,
      sourceKey: e.sourceKey ?? null,
    },
  ])
}

/** A filter as a cache key (its age group and need, however they were given). */
const filterKey = (f: repo.Filter) => {
  const { age, need } = repo.partsOf(f)
  return `${f.from}|${f.to}|${f.district ?? ''}|${age ?? ''}|${need ?? ''}`
}

const memo = new WeakMap<object, Map<string, { at: number; value: Promise<unknown> }>>()

/** Forgets the cached cuts of a database (the benchmark measures both cold and warm). */
export const clearStatsCache = (db: Db) => memo.delete(db)

/**
 * A cut of the rollup, kept in memory until the rollup's watermark moves (the rollup changes only then),
 * per database: repeated page views cost one tiny query. The promise is kept, so two parts of one page
 * asking for the same cut at once (the public page's figures and its equity view) share one query.
 * Bounded to 200 entries per database; a failed query is not kept.
 */
async function cached<T>(db: Db, key: string, compute: () => Promise<T>): Promise<T> {
  const at = await repo.watermark(db)
  let m = memo.get(db)
  if (!m) {
    m = new Map()
    memo.set(db, m)
  }
  const hit = m.get(key)
  if (hit && hit.at === at) return hit.value as Promise<T>
  const value = compute()
  const entry = { at, value }
  m.set(key, entry)
  if (m.size > 200) m.delete(m.keys().next().value as string)
  value.catch(() => {
    if (m.get(key) === entry) m.delete(key)
  })
  return value
}

const cachedCut = (db: Db, f: repo.Filter, by: 'month' | 'district' | 'group') =>
  cached(db, `${by}|${filterKey(f)}`, () => repo.cut(db, f, by))

/** All the cuts of a page from one statement (repo.cuts), cached like cachedCut. */
const cachedCuts = (db: Db, f: repo.Filter) => cached(db, `all|${filterKey(f)}`, () => repo.cuts(db, f))

export interface DashboardQuery {
  year: number
  /** One month of the year (1–12); the whole year when not given. */
  month?: number | undefined
  district?: string | undefined
  /** An age group (senior, adult, unknown). */
  age?: string | undefined
  /** People who stated a disability or a low income; combines with `age`. */
  need?: string | undefined
  /** One group, an age group or a need (older links); `age` and `need` win over it. */
  grp?: string | undefined
}

/** The rollup filter of a query: the year or one month of it, the district, the age group and the need. */
export function filterOf(q: DashboardQuery): repo.Filter {
  const { age, need } = repo.partsOf({ from: '', to: '', grp: q.grp, age: q.age, need: q.need })
  if (!q.month) return { ...periodOf(q.year), district: q.district, age, need }
  const mm = (m: number) => String(m).padStart(2, '0')
  const to = q.month === 12 ? `${q.year + 1}-01-01` : `${q.year}-${mm(q.month + 1)}-01`
  return { from: `${q.year}-${mm(q.month)}-01`, to, district: q.district, age, need }
}

/** Totals per kind added up from a cut (one query fewer than asking the rollup again). */
const totalsOf = (rows: repo.Cut[]): repo.KindSum[] => {
  const m = new Map<string, number>()
  for (const r of rows) m.set(r.kind, (m.get(r.kind) ?? 0) + r.n)
  return [...m].map(([kind, n]) => ({ kind, n }))
}
const sumsOf = (rows: repo.KindSum[]) =>
  Object.fromEntries(rows.map((r) => [r.kind, r.n])) as Record<string, number>

/** The months ('YYYY-MM') a target period covers in a year. */
export function monthsOf(year: number, period: TargetPeriod): string[] {
  const m = (i: number) => `${year}-${String(i).padStart(2, '0')}`
  if (period === 'year') return Array.from({ length: 12 }, (_, i) => m(i + 1))
  if (period.startsWith('q')) {
    const q = Number(period.slice(1))
    return [1, 2, 3].map((i) => m((q - 1) * 3 + i))
  }
  return [m(Number(period.slice(1)))]
}

/**
 * The KPI dashboard: totals against the year's targets, by month, by district and by group (age groups,
 * and people who stated a disability or a low income), and each quarterly or monthly target with what
 * was done in its period. Seniors reached per 1,000 residents 65+ is shown for the year and against its
 * targets.
 */
export async function dashboard(db: Db, actor: Actor, q: DashboardQuery) {
  authorize(actor, 'stats:read')
  const f = filterOf(q)
  const [all, targets, districts, refreshedAt] = await Promise.all([
    cachedCuts(db, f),
    repo.targetsOf(db, q.year),
    repo.districtRows(db),
    repo.lastRefresh(db),
  ])
  const { month: byMonth, district: byDistrict, group: byGroup } = all
  // seniors reached by month: only asked for when a quarter or a month has a per-1,000 target
  const seniorsByMonth = targets.some((t) => t.kind === 'reach_per_1000' && t.period !== 'year')
    ? await cachedCut(db, { ...periodOf(q.year), district: q.district, age: 'senior' }, 'month')
    : []
  const sums = sumsOf(totalsOf(byMonth))
  const seniors = districts
    .filter((d) => !q.district || d.code === q.district)
    .reduce((s, d) => s + (d.population_65 ?? 0), 0)
  /** What was done in some months: a figure's count, or seniors reached per 1,000 residents 65+. */
  const actual = (kind: TargetKind, months: string[]) => {
    const inMonths = (rows: repo.Cut[], k: string) =>
      rows.filter((r) => r.kind === k && months.includes(r.key)).reduce((a, r) => a + r.n, 0)
    if (kind !== 'reach_per_1000') return inMonths(byMonth, kind)
    return seniors ? Math.round((inMonths(seniorsByMonth, 'person_reached') / seniors) * 1000 * 100) / 100 : 0
  }
  const target = (kind: string, period: string) =>
    targets.find((t) => t.kind === kind && t.period === period)?.target ?? null
  // with one month chosen, the figures are set against that month's targets
  const period = q.month ? `m${String(q.month).padStart(2, '0')}` : 'year'
  return {
    year: q.year,
    month: q.month ?? null,
    kpis: STAT_KINDS.map((kind) => ({ kind, n: sums[kind] ?? 0, target: target(kind, period) })),
    reachPer1000: {
      // seniors reached (the group cut) per 1,000 residents 65+: not for other age groups, nor for a need
      // (the residents with a need are not known), nor for one month (the targets are for reach so far)
      n:
        (f.age && f.age !== 'senior') || f.need || q.month
          ? null
          : seniors
            ? Math.round(
                ((byGroup.find((r) => r.key === 'senior' && r.kind === 'person_reached')?.n ?? 0) / seniors) *
                  1000 *
                  100,
              ) / 100
            : 0,
      target: target('reach_per_1000', period),
    },
    periodTargets: targets
      .filter((t) => t.period !== 'year')
      .map((t) => ({
        kind: t.kind as TargetKind,
        period: t.period as TargetPeriod,
        target: t.target,
        n: actual(t.kind as TargetKind, monthsOf(q.year, t.period as TargetPeriod)),
      }))
      .sort(
        (a, b) =>
          TARGET_KINDS.indexOf(a.kind) - TARGET_KINDS.indexOf(b.kind) ||
          TARGET_PERIODS.indexOf(a.period) - TARGET_PERIODS.indexOf(b.period),
      ),
    sla: rate(sums.ticket_in_sla, sums.ticket_resolved),
    satisfaction: rate(sums.survey_happy, sums.survey_answer),
    byMonth,
    byDistrict,
    byGroup,
    districts,
    refreshedAt,
  }
}

const rate = (part = 0, whole = 0) => (whole > 0 ? Math.round((part / whole) * 1000) / 10 : null)

/** Sets the target of a figure for a year, a quarter or a month (programme managers). */
export async function setTarget(
  db: Db,
  actor: Actor,
  t: { kind: string; year: number; period?: string; target: number },
  now: Date,
) {
  authorize(actor, 'stats:targets')
  if (!(TARGET_KINDS as readonly string[]).includes(t.kind))
    throw new AppError('validation', 'validation.summary', { kind: 'stats.targets.kind' })
  const period = t.period ?? 'year'
  if (!(TARGET_PERIODS as readonly string[]).includes(period))
    throw new AppError('validation', 'validation.summary', { period: 'stats.targets.period' })
  await repo.setTarget(db, { kind: t.kind, year: t.year, period, target: t.target }, staffIdOf(actor), now)
}

/** National digital-divide index rows for older people (the data file is national, by group, not by district). */
export interface DivideIndicator {
  year: number
  group: string
  metric: string
  value: number
}
let divideCache: DivideIndicator[] | null = null
export function divideIndicators(): DivideIndicator[] {
  if (divideCache) return divideCache
  const text = readFileSync(`${DATA_ROOT}/seoul/korea_digital_divide_index.csv`, 'utf8')
  const out: DivideIndicator[] = []
  for (const line of text.split(/\r?\n/).slice(1)) {
    // year,group,group_ko,metric,value,… (group_ko may hold a quoted comma)
    const m = /^(\d{4}),([a-z0-9_]+),(?:"[^"]*"|[^,]*),([a-z_]+),([\d.]+),/.exec(line)
    if (m) out.push({ year: Number(m[1]), group: m[2] ?? '', metric: m[3] ?? '', value: Number(m[4]) })
  }
  divideCache = out
  return out
}

/** The latest value of each metric for the older groups (70+, 60–69, 55+ "elderly"). */
export function seniorDivide() {
  const latest = new Map<string, DivideIndicator>()
  for (const r of divideIndicators())
    if (/^(age_70_plus|age_60_69|elderly_55_plus)$/.test(r.group)) {
      const k = `${r.group}|${r.metric}`
      const seen = latest.get(k)
      if (!seen || seen.year < r.year) latest.set(k, r)
    }
  return [...latest.values()].sort(
    (a, b) => a.group.localeCompare(b.group) || a.metric.localeCompare(b.metric),
  )
}

/** Equity view: people 65+ reached per 1,000 seniors in each district, beside its indicators. */
export async function equity(db: Db, actor: Actor, year: number) {
  authorize(actor, 'stats:read')
  return equityRows(db, year, false)
}

async function equityRows(db: Db, year: number, publish: boolean) {
  const [all, districts] = await Promise.all([cachedCuts(db, periodOf(year)), repo.districtRows(db)])
  const reach = all.seniorDistrict
  const reached = new Map(reach.filter((r) => r.kind === 'person_reached').map((r) => [r.key, r.n]))
  return districts.map((d) => {
    const n = reached.get(d.code) ?? 0
    const small = publish && n > 0 && n < SMALL_CELL
    const pop = d.population_65 ?? 0
    return {
      code: d.code,
      nameKo: d.name_ko,
      nameEn: d.name_en,
      population65: d.population_65,
      share65: d.share_65 === null ? null : Number(d.share_65),
      aloneShare:
        pop && d.seniors_living_alone ? Math.round((d.seniors_living_alone / pop) * 1000) / 10 : null,
      reached: small ? null : n,
      perThousand: small || !pop ? null : Math.round((n / pop) * 1000 * 100) / 100,
    }
  })
}

export const PUBLIC_KINDS = [
  'device_delivered',
  'person_trained',
  'person_certified',
  'assist',
  'ticket_resolved',
  'person_reached',
] as const

/**
 * The lines of the public tables of one kind (each adds up to the year's headline figure): by month, by
 * district (plus the events with no district, never shown) and by age group. The groups who stated a
 * disability or a low income overlap the age groups and have no published total of their own.
 */
function publicLines(kind: string, districts: readonly string[], rest: number): Line[] {
  const months = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'))
  return [
    { cells: months.map((m) => `m:${m}:${kind}`), total: `h:${kind}` },
    { cells: districts.map((d) => `d:${d}:${kind}`), total: `h:${kind}`, rest },
    { cells: STAT_GROUPS.map((g) => `g:${g}:${kind}`), total: `h:${kind}` },
  ]
}

/**
 * The public statistics (no sign-in): headline figures, by month, by district and by group, and seniors
 * reached per district. Every cell counting fewer than 5 people is withheld (null), and so is, in each
 * line of a table whose total is published, one more cell wherever a withheld one could otherwise be
 * worked out as the total minus the others (secondary suppression, suppress.ts). This is the one place
 * the page, the downloads and the open-data API take their figures from. Reads the rollup only.
 */
export async function publicStats(db: Db, year: number) {
  const f = periodOf(year)
  const [all, equityList, refreshedAt] = await Promise.all([
    cachedCuts(db, f),
    equityRows(db, year, false),
    repo.lastRefresh(db),
  ])
  const { month: byMonth, district: byDistrict, group: byGroup } = all
  const sums = sumsOf(totalsOf(byMonth))
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
  const codes = equityList.map((d) => d.code)
  const n = (rows: repo.Cut[], key: string, kind: string) =>
    rows.find((r) => r.key === key && r.kind === kind)?.n ?? 0
  // every published count by an id, and the lines they add up in
  const counts = new Map<string, number>()
  const lines: Line[] = []
  for (const kind of PUBLIC_KINDS) {
    counts.set(`h:${kind}`, sums[kind] ?? 0)
    for (const m of months) counts.set(`m:${m.slice(5)}:${kind}`, n(byMonth, m, kind))
    for (const c of codes) counts.set(`d:${c}:${kind}`, n(byDistrict, c, kind))
    for (const g of FILTER_GROUPS) counts.set(`g:${g}:${kind}`, n(byGroup, g, kind))
    const inDistricts = codes.reduce((a, c) => a + (counts.get(`d:${c}:${kind}`) ?? 0), 0)
    lines.push(...publicLines(kind, codes, (sums[kind] ?? 0) - inDistricts))
  }
  // seniors reached per district add up to the seniors' figure in the group table
  for (const d of equityList) counts.set(`e:${d.code}`, d.reached ?? 0)
  const seniors = counts.get('g:senior:person_reached') ?? 0
  lines.push({
    cells: codes.map((c) => `e:${c}`),
    total: 'g:senior:person_reached',
    rest: seniors - equityList.reduce((a, d) => a + (d.reached ?? 0), 0),
  })
  const withheld = suppress(counts, lines, SMALL_CELL)
  const shown = (id: string) => (withheld.has(id) ? null : (counts.get(id) ?? 0))
  return {
    year,
    headline: PUBLIC_KINDS.map((kind) => ({ kind, n: shown(`h:${kind}`) })),
    satisfaction:
      (sums.survey_answer ?? 0) >= SMALL_CELL ? rate(sums.survey_happy, sums.survey_answer) : null,
    monthly: months.map((m) => ({
      month: m,
      ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, shown(`m:${m.slice(5)}:${k}`)])),
    })) as ({ month: string } & Record<(typeof PUBLIC_KINDS)[number], number | null>)[],
    groups: FILTER_GROUPS.map((g) => ({
      group: g,
      ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, shown(`g:${g}:${k}`)])),
    })) as ({ group: (typeof FILTER_GROUPS)[number] } & Record<
      (typeof PUBLIC_KINDS)[number],
      number | null
    >)[],
    districts: equityList.map((d) => {
      const hide = withheld.has(`e:${d.code}`)
      return {
        ...d,
        reached: hide ? null : d.reached,
        perThousand: hide ? null : d.perThousand,
        ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, shown(`d:${d.code}:${k}`)])),
      }
    }) as ((typeof equityList)[number] & Record<(typeof PUBLIC_KINDS)[number], number | null>)[],
    /** Ids and counts of the published cells and the lines they add up in (tests check nothing comes back). */
    suppression: { counts, lines, withheld },
    refreshedAt,
  }
}
export type PublicStats = Awaited<ReturnType<typeof publicStats>>

/**
 * The public figures of one combined cell (open data): a year or one month of it, a district, an age group
 * and a need, any together. Each figure that counts fewer than 5 people is withheld (null), judged on the
 * combined cell itself; satisfaction only from 5 answers. Reads the rollup only.
 */
export async function publicCell(
  db: Db,
  q: Omit<DashboardQuery, 'grp'>,
): Promise<{
  figures: { kind: (typeof PUBLIC_KINDS)[number]; n: number | null }[]
  satisfaction: number | null
}> {
  const f = filterOf(q)
  // the lines the cell is in: its month among the year's months, its district among the districts, its
  // age group among the age groups, each within the rest of the filter and adding up to that wider cell
  const wider = await Promise.all([
    q.month ? cachedCuts(db, filterOf({ ...q, month: undefined })).then((c) => ({ by: 'month', c })) : null,
    q.district
      ? cachedCuts(db, filterOf({ ...q, district: undefined })).then((c) => ({ by: 'district', c }))
      : null,
    q.age ? cachedCuts(db, filterOf({ ...q, age: undefined })).then((c) => ({ by: 'age', c })) : null,
  ])
  const sums = sumsOf(totalsOf((await cachedCuts(db, f)).month))
  const districtCodes = q.district ? (await repo.districtRows(db)).map((d) => d.code) : []
  const counts = new Map<string, number>()
  const lines: Line[] = []
  for (const kind of PUBLIC_KINDS) {
    counts.set(`cell:${kind}`, sums[kind] ?? 0)
    for (const w of wider) {
      if (!w) continue
      const total = totalsOf(w.c.month).find((r) => r.kind === kind)?.n ?? 0
      counts.set(`${w.by}:${kind}`, total)
      const mine =
        w.by === 'month'
          ? `${q.year}-${String(q.month).padStart(2, '0')}`
          : w.by === 'district'
            ? q.district
            : q.age
      const keys =
        w.by === 'month'
          ? Array.from({ length: 12 }, (_, i) => `${q.year}-${String(i + 1).padStart(2, '0')}`)
          : w.by === 'district'
            ? districtCodes
            : [...STAT_GROUPS]
      const rows = w.by === 'month' ? w.c.month : w.by === 'district' ? w.c.district : w.c.group
      const cells = keys.map((k) => {
        const id = k === mine ? `cell:${kind}` : `${w.by}:${k}:${kind}`
        if (k !== mine) counts.set(id, rows.find((r) => r.key === k && r.kind === kind)?.n ?? 0)
        return id
      })
      const inCells = cells.reduce((a, id) => a + (counts.get(id) ?? 0), 0)
      lines.push({ cells, total: `${w.by}:${kind}`, rest: total - inCells })
    }
  }
  const withheld = suppress(counts, lines, SMALL_CELL)
  return {
    figures: PUBLIC_KINDS.map((kind) => ({
      kind,
      n: withheld.has(`cell:${kind}`) ? null : (sums[kind] ?? 0),
    })),
    satisfaction:
      (sums.survey_answer ?? 0) >= SMALL_CELL ? rate(sums.survey_happy, sums.survey_answer) : null,
  }
}

export const currentYear = (now: Date) => yearOf(now)

// ── open data: tables, data dictionary, CSV / XLSX ─────────────────────────────────────────────

export const DATASETS = ['districts', 'monthly', 'groups'] as const
export type Dataset = (typeof DATASETS)[number]

const KIND_KO: Record<string, string> = {
  device_delivered: '전달한 기기',
  person_trained: '교육을 받은 사람',
  person_certified: '수료한 사람',
  assist: '현장 도움',
  ticket_resolved: '해결한 문의',
  person_reached: '서비스를 받은 사람',
}
const KIND_EN: Record<string, string> = {
  device_delivered: 'Devices delivered',
  person_trained: 'People trained',
  person_certified: 'People certified',
  assist: 'Assists by guides',
  ticket_resolved: 'Questions resolved',
  person_reached: 'People reached',
}

const GROUP_KO: Record<string, string> = {
  senior: '65세 이상',
  adult: '65세 미만',
  unknown: '나이를 모름',
  disability: '장애가 있다고 신청서에 밝힌 사람',
  low_income: '기초생활수급·차상위라고 신청서에 밝힌 사람',
}
const GROUP_EN: Record<string, string> = {
  senior: 'Aged 65 and over',
  adult: 'Under 65',
  unknown: 'Age not known',
  disability: 'Stated a disability on an application',
  low_income: 'Stated basic livelihood or near-poverty on an application',
}

/** How a withheld cell is described in the data dictionary (primary and secondary suppression alike). */
const WITHHELD_KO =
  '가린 칸은 비움: 5명 미만인 칸, 그리고 그런 칸이 한 줄(월, 자치구, 나이 집단)에 하나뿐일 때 합계에서 빼기로 알아낼 수 없도록 함께 가린 그 줄의 다음으로 작은 칸'
const WITHHELD_EN =
  'empty when withheld: a cell under 5 people, and, where such a cell is the only one withheld in a line (months, districts, age groups), the next smallest cell of that line, so that it cannot be worked out as the total minus the others'

/** Column → description (ko, en) for every published column: the data dictionary. */
export const DICTIONARY: Record<
  Dataset,
  { column: string; type: 'string' | 'integer' | 'number'; ko: string; en: string }[]
> = {
  districts: [
    { column: 'year', type: 'integer', ko: '연도', en: 'Year' },
    {
      column: 'district_code',
      type: 'string',
      ko: '자치구 코드 (행정표준코드 5자리)',
      en: 'District code (5-digit administrative code)',
    },
    { column: 'district_ko', type: 'string', ko: '자치구 이름', en: 'District name in Korean' },
    { column: 'district_en', type: 'string', ko: '자치구 영문 이름', en: 'District name in English' },
    { column: 'population_65', type: 'integer', ko: '65세 이상 인구', en: 'Residents aged 65 and over' },
    {
      column: 'share_65',
      type: 'number',
      ko: '65세 이상 인구 비율 (%)',
      en: 'Share of residents aged 65+ (%)',
    },
    {
      column: 'alone_share',
      type: 'number',
      ko: '65세 이상 중 홀로 사는 어르신 비율 (%)',
      en: 'Share of residents 65+ living alone (%)',
    },
    {
      column: 'seniors_reached',
      type: 'integer',
      ko: '서비스를 받은 65세 이상 주민 수 (가린 칸은 비움: 5명 미만, 또는 그 값을 합계에서 계산해 낼 수 없도록 함께 가린 칸)',
      en: 'Residents 65+ who used a service (empty when withheld: fewer than 5, or withheld with such a cell so that it cannot be worked out from the total)',
    },
    {
      column: 'reach_per_1000_seniors',
      type: 'number',
      ko: '65세 이상 1,000명당 도달 수',
      en: 'Reached per 1,000 residents aged 65+',
    },
    ...PUBLIC_KINDS.map((k) => ({
      column: k,
      type: 'integer' as const,
      ko: `${KIND_KO[k]} (${WITHHELD_KO})`,
      en: `${KIND_EN[k]} (${WITHHELD_EN})`,
    })),
  ],
  groups: [
    { column: 'year', type: 'integer', ko: '연도', en: 'Year' },
    {
      column: 'group',
      type: 'string',
      ko: '집단: senior, adult, unknown (나이), disability, low_income (신청서에 밝힌 사정; 나이 집단과 겹침)',
      en: 'Group: senior, adult, unknown (age), disability, low_income (stated on an application; overlaps the age groups)',
    },
    { column: 'group_ko', type: 'string', ko: '집단 이름', en: 'Group name in Korean' },
    { column: 'group_en', type: 'string', ko: '집단 영문 이름', en: 'Group name in English' },
    ...PUBLIC_KINDS.map((k) => ({
      column: k,
      type: 'integer' as const,
      ko: `${KIND_KO[k]} (${WITHHELD_KO})`,
      en: `${KIND_EN[k]} (${WITHHELD_EN})`,
    })),
  ],
  monthly: [
    { column: 'month', type: 'string', ko: '월 (YYYY-MM, 한국 시간)', en: 'Month (YYYY-MM, Korea time)' },
    ...PUBLIC_KINDS.map((k) => ({
      column: k,
      type: 'integer' as const,
      ko: `${KIND_KO[k]} (${WITHHELD_KO})`,
      en: `${KIND_EN[k]} (${WITHHELD_EN})`,
    })),
  ],
}

/** Rows of a dataset as plain records (null = withheld small cell). */
export function datasetRows(s: PublicStats, d: Dataset): Record<string, string | number | null>[] {
  if (d === 'monthly') return s.monthly.map((m) => ({ ...m }))
  if (d === 'groups')
    return s.groups.map((g) => ({
      year: s.year,
      group_ko: GROUP_KO[g.group] ?? g.group,
      group_en: GROUP_EN[g.group] ?? g.group,
      ...g,
    }))
  return s.districts.map((x) => ({
    year: s.year,
    district_code: x.code,
    district_ko: x.nameKo,
    district_en: x.nameEn,
    population_65: x.population65,
    share_65: x.share65,
    alone_share: x.aloneShare,
    seniors_reached: x.reached,
    reach_per_1000_seniors: x.perThousand,
    ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, x[k]])),
  }))
}

const csvCell = (v: string | number | null) => {
  const s = v === null ? '' : String(v)
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return /[",\n\r']/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** CSV with a UTF-8 byte-order mark (so Excel shows Hangul); withheld cells are empty. */
export function toCsv(d: Dataset, rows: Record<string, string | number | null>[]): string {
  const cols = DICTIONARY[d].map((c) => c.column)
  return `\uFEFF${[cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c] ?? null)).join(','))].join('\r\n')}\r\n`
}

/** XLSX: the data sheet and a "dictionary" sheet describing every column. */
export async function toXlsx(d: Dataset, rows: Record<string, string | number | null>[]): Promise<Buffer> {
  const dict = DICTIONARY[d]
  const head = dict.map((c) => ({ value: c.column, fontWeight: 'bold' as const }))
  const data = [
    head,
    ...rows.map((r) =>
      dict.map((c) => {
        const v = r[c.column]
        return v === null || v === undefined
          ? null
          : typeof v === 'number'
            ? { value: v, type: Number }
            : { value: String(v), type: String }
      }),
    ),
  ]
  const dictSheet = [
    ['column', 'type', 'description_ko', 'description_en'].map((v) => ({
      value: v,
      fontWeight: 'bold' as const,
    })),
    ...dict.map((c) => [c.column, c.type, c.ko, c.en].map((v) => ({ value: v, type: String }))),
  ]
  return writeExcelFile([
    { data, sheet: d, stickyRowsCount: 1 },
    { data: dictSheet, sheet: 'dictionary', stickyRowsCount: 1 },
  ] as never).toBuffer()
}
