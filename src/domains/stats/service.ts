import { readFileSync } from 'node:fs'
import writeExcelFile from 'write-excel-file/node'
import { type Actor, authorize } from '../../platform/auth/actor.ts'
import { DATA_ROOT } from '../../platform/city.ts'
import { decryptOptional } from '../../platform/crypto/fields.ts'
import type { Db } from '../../platform/db/client.ts'
import { AppError } from '../../platform/http/errors.ts'
import { AAD } from '../people/present.ts'
import * as repo from './repo.ts'
import { STAT_GROUPS, STAT_KINDS, type StatKind } from './tables.ts'

/** The staff member's id for a "who did it" column; null for others and system actors without an account. */
const staffIdOf = (actor: Actor) => (actor.kind === 'staff' && actor.id ? actor.id : null)

/** Fewer than this many people in a published cell and it is shown as "fewer than 5". */
export const SMALL_CELL = 5
/** Kinds that count people (suppressed when small); device and ticket counts are not about few people. */
const PEOPLE_KINDS = new Set<string>([
  'person_trained',
  'person_certified',
  'person_reached',
  'assist',
  'device_delivered',
  'survey_answer',
  'survey_happy',
  'ticket_opened',
  'ticket_resolved',
  'ticket_in_sla',
])

export { STAT_GROUPS, STAT_KINDS }

const KST_MS = 9 * 3_600_000
const yearOf = (d: Date) => new Date(d.getTime() + KST_MS).getUTCFullYear()
const periodOf = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` })

/** Age group at the time of the event: 65 and over (senior), under 65 (adult), or not known. */
function groupOf(birthDate: string | null, at: Date): string {
  if (!birthDate) return 'unknown'
  const b = new Date(`${birthDate}T00:00:00Z`)
  let age = at.getUTCFullYear() - b.getUTCFullYear()
  if (
    at.getUTCMonth() < b.getUTCMonth() ||
    (at.getUTCMonth() === b.getUTCMonth() && at.getUTCDate() < b.getUTCDate())
  )
    age--
  return age >= 65 ? 'senior' : 'adult'
}

/**
 * Turns what happened in the other domains since the last run into anonymous events (idempotent by
 * source key), then adds the new events to the monthly rollup. Runs hourly from the job queue; the
 * staff dashboard can also ask for it. Returns how many events were collected and rolled up.
 */
export async function collectAndRefresh(db: Db, now: Date, batch = 5000) {
  let collected = 0
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const rows = await repo.newSourceRows(tx, batch)
      const ids = [...new Set(rows.map((r) => r.person_id).filter((x): x is string => !!x))]
      const births = new Map(
        (await repo.birthDatesOf(tx, ids)).map((p) => [
          p.id,
          decryptOptional(p.birth_date_enc, AAD.birthDate),
        ]),
      )
      return repo.insertEvents(
        tx,
        rows.map((r) => {
          const at = new Date(r.at)
          return {
            kind: r.kind,
            at,
            districtCode: r.district_code ?? '',
            grp: r.person_id ? groupOf(births.get(r.person_id) ?? null, at) : 'unknown',
            value: Number(r.value),
            sourceKey: r.source_key,
          }
        }),
      )
    })
    collected += n
    if (n < batch) break
  }
  const rolled = await db.transaction((tx) => repo.refreshRollup(tx, now))
  return { collected, rolled: rolled.added }
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
      value: e.value ?? 1,
      sourceKey: e.sourceKey ?? null,
    },
  ])
}

const memo = new WeakMap<object, Map<string, { at: number; value: repo.Cut[] }>>()

/**
 * A cut of the rollup, kept in memory until the rollup's watermark moves (the rollup changes only then),
 * per database: repeated page views cost one tiny query. Bounded to 200 entries per database.
 */
/** Forgets the cached cuts of a database (the benchmark measures both cold and warm). */
export const clearStatsCache = (db: Db) => memo.delete(db)

async function cachedCut(db: Db, f: repo.Filter, by: 'month' | 'district' | 'group'): Promise<repo.Cut[]> {
  const at = await repo.watermark(db)
  let m = memo.get(db)
  if (!m) {
    m = new Map()
    memo.set(db, m)
  }
  const key = `${by}|${f.from}|${f.to}|${f.district ?? ''}|${f.grp ?? ''}`
  const hit = m.get(key)
  if (hit && hit.at === at) return hit.value
  const value = await repo.cut(db, f, by)
  m.set(key, { at, value })
  if (m.size > 200) m.delete(m.keys().next().value as string)
  return value
}

export interface DashboardQuery {
  year: number
  district?: string | undefined
  grp?: string | undefined
}

/** Totals per kind added up from a cut (one query fewer than asking the rollup again). */
const totalsOf = (rows: repo.Cut[]): repo.KindSum[] => {
  const m = new Map<string, number>()
  for (const r of rows) m.set(r.kind, (m.get(r.kind) ?? 0) + r.n)
  return [...m].map(([kind, n]) => ({ kind, n }))
}
const sumsOf = (rows: repo.KindSum[]) =>
  Object.fromEntries(rows.map((r) => [r.kind, r.n])) as Record<string, number>

/** The KPI dashboard: totals against the year's targets, by month, by district and by group. */
export async function dashboard(db: Db, actor: Actor, q: DashboardQuery) {
  authorize(actor, 'stats:read')
  const f = { ...periodOf(q.year), district: q.district, grp: q.grp }
  const [byMonth, byDistrict, byGroup, targets, districts, refreshedAt] = await Promise.all([
    cachedCut(db, f, 'month'),
    cachedCut(db, f, 'district'),
    cachedCut(db, f, 'group'),
    repo.targetsOf(db, q.year),
    repo.districtRows(db),
    repo.lastRefresh(db),
  ])
  const sums = sumsOf(totalsOf(byMonth))
  const target = Object.fromEntries(targets.map((t) => [t.kind, t.target])) as Record<string, number>
  return {
    year: q.year,
    kpis: STAT_KINDS.map((kind) => ({ kind, n: sums[kind] ?? 0, target: target[kind] ?? null })),
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

export async function setTarget(db: Db, actor: Actor, kind: string, year: number, target: number, now: Date) {
  authorize(actor, 'stats:targets')
  if (!(STAT_KINDS as readonly string[]).includes(kind))
    throw new AppError('validation', 'validation.summary', { kind: 'stats.targets.kind' })
  await repo.setTarget(db, kind, year, target, staffIdOf(actor), now)
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
  const f = { ...periodOf(year), grp: 'senior' }
  const [reach, districts] = await Promise.all([cachedCut(db, f, 'district'), repo.districtRows(db)])
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

/** A published number: null when it counts fewer than SMALL_CELL people (shown "fewer than 5"). */
const publish = (kind: string, n: number): number | null =>
  PEOPLE_KINDS.has(kind) && n > 0 && n < SMALL_CELL ? null : n

export const PUBLIC_KINDS = [
  'device_delivered',
  'person_trained',
  'person_certified',
  'assist',
  'ticket_resolved',
  'person_reached',
] as const

/**
 * The public statistics (no sign-in): headline figures, by month and by district, every cell counting
 * fewer than 5 people withheld (null). Reads the rollup only.
 */
export async function publicStats(db: Db, year: number) {
  const f = periodOf(year)
  const [byMonth, byDistrict, equityList, refreshedAt] = await Promise.all([
    cachedCut(db, f, 'month'),
    cachedCut(db, f, 'district'),
    equityRows(db, year, true),
    repo.lastRefresh(db),
  ])
  const sums = sumsOf(totalsOf(byMonth))
  const months = Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`)
  const cell = (rows: repo.Cut[], key: string, kind: string) =>
    publish(kind, rows.find((r) => r.key === key && r.kind === kind)?.n ?? 0)
  return {
    year,
    headline: PUBLIC_KINDS.map((kind) => ({ kind, n: publish(kind, sums[kind] ?? 0) })),
    satisfaction:
      (sums.survey_answer ?? 0) >= SMALL_CELL ? rate(sums.survey_happy, sums.survey_answer) : null,
    monthly: months.map((m) => ({
      month: m,
      ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, cell(byMonth, m, k)])),
    })) as ({ month: string } & Record<(typeof PUBLIC_KINDS)[number], number | null>)[],
    districts: equityList.map((d) => ({
      ...d,
      ...Object.fromEntries(PUBLIC_KINDS.map((k) => [k, cell(byDistrict, d.code, k)])),
    })) as ((typeof equityList)[number] & Record<(typeof PUBLIC_KINDS)[number], number | null>)[],
    refreshedAt,
  }
}
export type PublicStats = Awaited<ReturnType<typeof publicStats>>

export const currentYear = (now: Date) => yearOf(now)

// ── open data: tables, data dictionary, CSV / XLSX ─────────────────────────────────────────────

export const DATASETS = ['districts', 'monthly'] as const
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
      ko: '서비스를 받은 65세 이상 주민 수 (5명 미만은 비움)',
      en: 'Residents 65+ who used a service (empty when fewer than 5)',
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
      ko: `${KIND_KO[k]} (5명 미만은 비움)`,
      en: `${KIND_EN[k]} (empty when fewer than 5)`,
    })),
  ],
  monthly: [
    { column: 'month', type: 'string', ko: '월 (YYYY-MM, 한국 시간)', en: 'Month (YYYY-MM, Korea time)' },
    ...PUBLIC_KINDS.map((k) => ({
      column: k,
      type: 'integer' as const,
      ko: `${KIND_KO[k]} (5명 미만은 비움)`,
      en: `${KIND_EN[k]} (empty when fewer than 5)`,
    })),
  ],
}

/** Rows of a dataset as plain records (null = withheld small cell). */
export function datasetRows(s: PublicStats, d: Dataset): Record<string, string | number | null>[] {
  if (d === 'monthly') return s.monthly.map((m) => ({ ...m }))
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
