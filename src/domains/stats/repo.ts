import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { statTargets } from './tables.ts'

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows

/** How far a source has been read: the (time, key) of the last fact taken. */
export interface Cursor {
  at: Date
  key: string
}

/** Where each source was left (none before its first run). */
export async function sourceCursor(tx: Db, name: string): Promise<Cursor | null> {
  const r = rowsOf<{ cursor_at: string | Date; cursor_key: string }>(
    await tx.execute(sql`select cursor_at, cursor_key from stat_source_state where name = ${name}`),
  )[0]
  return r ? { at: new Date(r.cursor_at), key: r.cursor_key } : null
}

export async function saveSourceCursor(tx: Db, name: string, c: Cursor, now: Date) {
  await tx.execute(sql`
    insert into stat_source_state (name, cursor_at, cursor_key, read_at)
    values (${name}, ${c.at.toISOString()}::timestamptz, ${c.key}, ${now.toISOString()}::timestamptz)
    on conflict (name) do update set cursor_at = excluded.cursor_at, cursor_key = excluded.cursor_key,
      read_at = excluded.read_at`)
}

export interface NewEvent {
  kind: string
  at: Date
  districtCode: string
  grp: string
  value: number
  sourceKey: string | null
  disability?: boolean
  lowIncome?: boolean
}

/** Appends events; one already collected (same source key) is skipped. Returns how many were added. */
export async function insertEvents(tx: Db, rows: NewEvent[]): Promise<number> {
  let n = 0
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    const r = await tx.execute(sql`
      insert into stat_events (kind, at, district_code, grp, value, source_key, disability, low_income)
      values ${sql.join(
        chunk.map(
          (e) =>
            sql`(${e.kind}, ${e.at}, ${e.districtCode}, ${e.grp}, ${e.value}, ${e.sourceKey}, ${e.disability ?? false}, ${e.lowIncome ?? false})`,
        ),
        sql`, `,
      )}
      on conflict (source_key) where source_key is not null do nothing returning id`)
    n += rowsOf(r).length
  }
  return n
}

/**
 * Adds the events above the watermark to the monthly rollup and moves the watermark, in one
 * transaction. The SHARE ROW EXCLUSIVE lock waits for transactions still inserting events, so no
 * event with a lower id can commit after the watermark has passed it.
 */
export async function refreshRollup(tx: Db, now: Date): Promise<{ added: number; lastId: number }> {
  await tx.execute(sql`lock table stat_events in share row exclusive mode`)
  const state = rowsOf<{ last_id: string | number }>(
    await tx.execute(sql`select last_id from stat_rollup_state where name = 'monthly' for update`),
  )[0]
  const from = Number(state?.last_id ?? 0)
  const top = Number(
    rowsOf<{ m: string | number | null }>(await tx.execute(sql`select max(id) as m from stat_events`))[0]
      ?.m ?? 0,
  )
  if (top <= from) return { added: 0, lastId: from }
  const r = await tx.execute(sql`
    insert into stat_rollup_monthly (month, district_code, grp, kind, n)
    select date_trunc('month', at at time zone 'Asia/Seoul')::date, district_code, grp, kind, sum(value)
    from stat_events where id > ${from} and id <= ${top} group by 1, 2, 3, 4
    on conflict (month, district_code, grp, kind) do update set n = stat_rollup_monthly.n + excluded.n`)
  // the new events' needs, added to the needs rollup and (without the age group) to the needs' totals
  await tx.execute(sql`
    with d as (
      select date_trunc('month', at at time zone 'Asia/Seoul')::date as month, district_code, nd.need, grp, kind,
        sum(value) as n
      from stat_events, lateral (values ('disability', disability), ('low_income', low_income)) as nd(need, flag)
      where id > ${from} and id <= ${top} and nd.flag group by 1, 2, 3, 4, 5
    ), a as (
      insert into stat_rollup_needs (month, district_code, need, grp, kind, n) select * from d
      on conflict (month, district_code, need, grp, kind) do update set n = stat_rollup_needs.n + excluded.n
    )
    insert into stat_rollup_need_totals (month, district_code, need, kind, n)
    select month, district_code, need, kind, sum(n) from d group by 1, 2, 3, 4
    on conflict (month, district_code, need, kind) do update set n = stat_rollup_need_totals.n + excluded.n`)
  await tx.execute(sql`
    insert into stat_rollup_state (name, last_id, refreshed_at) values ('monthly', ${top}, ${now})
    on conflict (name) do update set last_id = excluded.last_id, refreshed_at = excluded.refreshed_at`)
  void r
  return { added: top - from, lastId: top }
}

export interface Filter {
  from: string
  to: string
  district?: string | undefined
  /** One group, an age group or a stated need (the older single filter; `age` and `need` win over it). */
  grp?: string | undefined
  /** An age group: senior, adult or unknown. */
  age?: string | undefined
  /** People who stated a disability / a low income; combines with an age group. */
  need?: string | undefined
}
const isNeed = (g: string | undefined) => g === 'disability' || g === 'low_income'
/** The age group and the need a filter asks for (from `age` / `need`, or its single `grp`). */
export const partsOf = (f: Filter) => ({
  age: f.age ?? (f.grp && !isNeed(f.grp) ? f.grp : undefined),
  need: f.need ?? (isNeed(f.grp) ? f.grp : undefined),
})
/** The rollup a filter reads: the needs rollup (which also has the age group) under a need, else the main one. */
const rollupOf = (f: Filter) => (partsOf(f).need ? sql`stat_rollup_needs` : sql`stat_rollup_monthly`)
const where = (f: Filter) => {
  const { age, need } = partsOf(f)
  return sql.join(
    [
      sql`month >= ${f.from}::date and month < ${f.to}::date`,
      ...(f.district ? [sql`district_code = ${f.district}`] : []),
      ...(age ? [sql`grp = ${age}`] : []),
      ...(need ? [sql`need = ${need}`] : []),
    ],
    sql` and `,
  )
}
/** The same filter without its need (the needs rollup is read for every need at once). */
const withoutNeed = (f: Filter): Filter => ({ ...f, grp: undefined, age: partsOf(f).age, need: undefined })
/**
 * Each need's totals per kind within a filter that has no need: from the small needs' totals when there is
 * no age group either (the unfiltered pages), else from the needs rollup.
 */
const needsWithin = (f: Filter) => {
  const g = withoutNeed(f)
  return sql`select need as key, kind, sum(n) as n from ${g.age ? sql`stat_rollup_needs` : sql`stat_rollup_need_totals`}
    where ${where(g)} group by 1, 2`
}

export interface KindSum {
  kind: string
  n: number
}
/** Totals per kind in a period (and district / group). Reads the rollup only. */
export async function totals(tx: Db, f: Filter): Promise<KindSum[]> {
  return rowsOf<{ kind: string; n: string | number }>(
    await tx.execute(sql`select kind, sum(n) as n from ${rollupOf(f)} where ${where(f)} group by kind`),
  ).map((r) => ({ kind: r.kind, n: Number(r.n) }))
}

export interface Cut {
  key: string
  kind: string
  n: number
}
/**
 * Totals per kind cut by month ('YYYY-MM'), district or group, within the filter. The group cut gives each
 * age group and, overlapping them, 'disability' and 'low_income' (from the needs rollup), each within the
 * filter: under an age filter, that age group and its people with each need; under a need filter, the
 * need's total and each age group within it.
 */
export async function cut(tx: Db, f: Filter, by: 'month' | 'district' | 'group'): Promise<Cut[]> {
  const toCuts = (r: unknown) =>
    rowsOf<{ key: string; kind: string; n: string | number }>(r).map((x) => ({
      key: x.key,
      kind: x.kind,
      n: Number(x.n),
    }))
  if (by === 'group') {
    const { need } = partsOf(f)
    const q = need
      ? sql`select grp as key, kind, sum(n) as n from stat_rollup_needs where ${where(f)} group by 1, 2
          union all select need, kind, sum(n) from stat_rollup_needs where ${where(f)} group by 1, 2`
      : sql`select grp as key, kind, sum(n) as n from stat_rollup_monthly where ${where(f)} group by 1, 2
          union all ${needsWithin(f)}`
    return toCuts(await tx.execute(sql`select * from (${q}) c order by 1, 2`))
  }
  const col = by === 'month' ? sql`to_char(month, 'YYYY-MM')` : sql`district_code`
  return toCuts(
    await tx.execute(
      sql`select ${col} as key, kind, sum(n) as n from ${rollupOf(f)} where ${where(f)} group by 1, 2 order by 1, 2`,
    ),
  )
}

/** The cuts one page needs, from one scan of the rollup (and one of the small needs rollup). */
export interface Cuts {
  month: Cut[]
  district: Cut[]
  group: Cut[]
  /** Seniors' figures per district (the equity view), within the filter. */
  seniorDistrict: Cut[]
}

/**
 * By month, by district, by group and seniors by district in one statement (grouping sets over the
 * year's rollup rows), instead of one scan per cut; equal to `cut()` for each (tested).
 */
export async function cuts(tx: Db, f: Filter): Promise<Cuts> {
  const out: Cuts = { month: [], district: [], group: [], seniorDistrict: [] }
  type Row = { gm: number; m: string; d: string; g: string; kind: string; n: string | number }
  const { need } = partsOf(f)
  // two grouping sets (month; district × group) over the filter's rollup rows: the district and group cuts
  // are added up from the second here (fewer hash tables in the database; the month is formatted per group,
  // not per row); the needs within the filter (none given) are read at the same time, on another
  // connection of the pool
  const [grouped, needs] = await Promise.all([
    tx.execute(sql`
      select grouping(month) as gm, to_char(month, 'YYYY-MM') as m, district_code as d, grp as g, kind,
        sum(n) as n
      from ${rollupOf(f)} where ${where(f)}
      group by grouping sets ((month, kind), (district_code, grp, kind))`),
    need ? null : tx.execute(needsWithin(f)),
  ])
  const add = (m: Map<string, Cut>, key: string, kind: string, n: number) => {
    const k = `${key}|${kind}`
    const c = m.get(k)
    if (c) c.n += n
    else m.set(k, { key, kind, n })
  }
  const byDistrict = new Map<string, Cut>()
  const byGroup = new Map<string, Cut>()
  const needTotal = new Map<string, number>()
  for (const r of rowsOf<Row>(grouped)) {
    const n = Number(r.n)
    if (Number(r.gm) === 0) {
      out.month.push({ key: r.m, kind: r.kind, n })
      if (need) needTotal.set(r.kind, (needTotal.get(r.kind) ?? 0) + n)
      continue
    }
    add(byDistrict, r.d, r.kind, n)
    add(byGroup, r.g, r.kind, n)
    if (r.g === 'senior') out.seniorDistrict.push({ key: r.d, kind: r.kind, n })
  }
  out.district.push(...byDistrict.values())
  out.group.push(...byGroup.values())
  // the need's own row (under a need filter), else each need within the filter
  if (need) for (const [kind, n] of needTotal) out.group.push({ key: need, kind, n })
  else
    out.group.push(
      ...rowsOf<{ key: string; kind: string; n: string | number }>(needs).map((r) => ({
        key: r.key,
        kind: r.kind,
        n: Number(r.n),
      })),
    )
  const order = (a: Cut, b: Cut) => a.key.localeCompare(b.key) || a.kind.localeCompare(b.kind)
  for (const k of ['month', 'district', 'group', 'seniorDistrict'] as const) out[k].sort(order)
  return out
}

/** The same totals computed from the raw events (tests and the benchmark's baseline). */
export async function rawTotals(tx: Db, f: Filter): Promise<KindSum[]> {
  const w = sql.join(
    [
      sql`at >= (${f.from}::date)::timestamp at time zone 'Asia/Seoul'`,
      sql`at < (${f.to}::date)::timestamp at time zone 'Asia/Seoul'`,
      ...(f.district ? [sql`district_code = ${f.district}`] : []),
      ...(partsOf(f).age ? [sql`grp = ${partsOf(f).age}`] : []),
      ...(partsOf(f).need === 'disability' ? [sql`disability`] : []),
      ...(partsOf(f).need === 'low_income' ? [sql`low_income`] : []),
    ],
    sql` and `,
  )
  return rowsOf<{ kind: string; n: string | number }>(
    await tx.execute(sql`select kind, sum(value) as n from stat_events where ${w} group by kind`),
  ).map((r) => ({ kind: r.kind, n: Number(r.n) }))
}

export async function rawCut(tx: Db, f: Filter, by: 'month' | 'district'): Promise<Cut[]> {
  const col = by === 'month' ? sql`to_char(at at time zone 'Asia/Seoul', 'YYYY-MM')` : sql`district_code`
  return rowsOf<{ key: string; kind: string; n: string | number }>(
    await tx.execute(sql`
      select ${col} as key, kind, sum(value) as n from stat_events
      where at >= (${f.from}::date)::timestamp at time zone 'Asia/Seoul'
        and at < (${f.to}::date)::timestamp at time zone 'Asia/Seoul'
      group by 1, 2 order by 1, 2`),
  ).map((r) => ({ key: r.key, kind: r.kind, n: Number(r.n) }))
}

export interface DistrictRow {
  code: string
  name_ko: string
  name_en: string
  population_65: number | null
  share_65: string | number | null
  seniors_living_alone: number | null
}
export async function districtRows(tx: Db): Promise<DistrictRow[]> {
  return rowsOf<DistrictRow>(
    await tx.execute(
      sql`select code, name_ko, name_en, population_65, share_65, seniors_living_alone from districts order by code`,
    ),
  )
}

/** The year's targets: for the year ('year'), quarters ('q1'…) and months ('m01'…). */
export async function targetsOf(tx: Db, year: number) {
  return rowsOf<{ kind: string; period: string; target: number }>(
    await tx.execute(sql`select kind, period, target from stat_targets where year = ${year}`),
  ).map((r) => ({ ...r, target: Number(r.target) }))
}
export async function setTarget(
  tx: Db,
  t: { kind: string; year: number; period: string; target: number },
  by: string | null,
  at: Date,
) {
  await tx
    .insert(statTargets)
    .values({ ...t, updatedBy: by, updatedAt: at })
    .onConflictDoUpdate({
      target: [statTargets.kind, statTargets.year, statTargets.period],
      set: { target: t.target, updatedBy: by, updatedAt: at },
    })
}

export async function lastRefresh(tx: Db): Promise<Date | null> {
  const r = rowsOf<{ refreshed_at: string | Date }>(
    await tx.execute(sql`select refreshed_at from stat_rollup_state where name = 'monthly'`),
  )[0]
  return r ? new Date(r.refreshed_at) : null
}

/** The rollup's watermark (0 before the first refresh): the rollup changes only when it moves. */
export async function watermark(tx: Db): Promise<number> {
  const r = rowsOf<{ last_id: string | number }>(
    await tx.execute(sql`select last_id from stat_rollup_state where name = 'monthly'`),
  )[0]
  return Number(r?.last_id ?? 0)
}
