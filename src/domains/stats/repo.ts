import { sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { statTargets } from './tables.ts'

const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows

/** A candidate event read from another domain's records; `personId` only to work out the age group. */
export interface SourceRow {
  source_key: string
  kind: string
  at: Date | string
  district_code: string | null
  person_id: string | null
  value: number
}

/**
 * The collection queries: each reads one kind of countable fact from a domain's tables and returns the
 * ones not yet turned into events (NOT EXISTS on the unique source key), so a run only sees what is new.
 * Read-only; the owning domains keep writing their tables as before.
 */
const SOURCES = (limit: number) =>
  [
    sql`select 'pledge:' || p.id as source_key, 'device_pledged' as kind, p.created_at as at, null as district_code,
        null as person_id, p.count as value
      from device_pledges p where p.status <> 'cancelled'`,
    sql`select 'dev_' || e.to_status || ':' || e.device_id as source_key,
        case e.to_status when 'received' then 'device_received' when 'wiped' then 'device_wiped'
          else 'device_refurbished' end as kind, min(e.at) as at, null as district_code, null as person_id, 1 as value
      from device_events e where e.to_status in ('received', 'wiped', 'graded') group by e.to_status, e.device_id`,
    sql`select 'dev_del:' || a.id as source_key, 'device_delivered' as kind, a.delivered_at as at,
        ap.district_code, ap.person_id, 1 as value
      from device_allocations a join device_applications ap on ap.id = a.application_id
      where a.status = 'delivered' and a.delivered_at is not null`,
    sql`select 'trained:' || en.id as source_key, 'person_trained' as kind, min(at.marked_at) as at,
        min(s.district_code) as district_code, en.person_id::text as person_id, 1 as value
      from edu_enrolments en join edu_attendance at on at.enrolment_id = en.id and at.present
      join edu_sessions s on s.id = en.session_id group by en.id, en.person_id`,
    sql`select 'cert:' || c.id as source_key, 'person_certified' as kind, c.issued_at as at, s.district_code,
        en.person_id::text as person_id, 1 as value
      from edu_certificates c join edu_enrolments en on en.id = c.enrolment_id join edu_sessions s on s.id = en.session_id`,
    sql`select 'assist:' || g.id as source_key, 'assist' as kind, g.occurred_at as at, g.district_code,
        null as person_id, 1 as value from guide_assists g`,
    sql`select 'tk_open:' || t.id as source_key, 'ticket_opened' as kind, t.created_at as at, p.district_code,
        t.person_id::text as person_id, 1 as value
      from help_tickets t left join persons p on p.id = t.person_id where t.status <> 'merged'`,
    sql`select 'tk_res:' || t.id as source_key, 'ticket_resolved' as kind, t.resolved_at as at, p.district_code,
        t.person_id::text as person_id, 1 as value
      from help_tickets t left join persons p on p.id = t.person_id where t.resolved_at is not null`,
    sql`select 'tk_sla:' || t.id as source_key, 'ticket_in_sla' as kind, t.resolved_at as at, p.district_code,
        t.person_id::text as person_id, 1 as value
      from help_tickets t left join persons p on p.id = t.person_id
      where t.resolved_at is not null and t.resolved_at <= t.resolution_due`,
    sql`select 'sv:' || r.id as source_key, 'survey_answer' as kind, r.created_at as at, r.district_code,
        null as person_id, 1 as value from voice_survey_responses r`,
    sql`select 'svh:' || r.id as source_key, 'survey_happy' as kind, r.created_at as at, r.district_code,
        null as person_id, 1 as value from voice_survey_responses r where r.score = 3`,
    sql`select 'tkr:' || t.id as source_key, 'survey_answer' as kind, t.rated_at as at, p.district_code,
        t.person_id::text as person_id, 1 as value
      from help_tickets t left join persons p on p.id = t.person_id where t.rating is not null and t.rated_at is not null`,
    sql`select 'tkrh:' || t.id as source_key, 'survey_happy' as kind, t.rated_at as at, p.district_code,
        t.person_id::text as person_id, 1 as value
      from help_tickets t left join persons p on p.id = t.person_id where t.rating = 3 and t.rated_at is not null`,
    // a person reached: once, at their first service (class place, question, device)
    sql`select 'reach:' || x.person_id as source_key, 'person_reached' as kind, min(x.at) as at,
        min(p.district_code) as district_code, x.person_id, 1 as value
      from (
        select person_id::text, created_at as at from edu_enrolments where status = 'enrolled'
        union all select person_id::text, created_at from help_tickets where person_id is not null
        union all select person_id::text, created_at from device_applications where person_id is not null
      ) x join persons p on p.id::text = x.person_id group by x.person_id`,
  ].map(
    (q) => sql`select * from (${q}) s where not exists (
    select 1 from stat_events e where e.source_key = s.source_key) limit ${limit}`,
  )

/** New facts from every source (at most `limit` per source per call). */
export async function newSourceRows(tx: Db, limit: number): Promise<SourceRow[]> {
  const out: SourceRow[] = []
  for (const q of SOURCES(limit)) out.push(...rowsOf<SourceRow>(await tx.execute(q)))
  return out
}

/** Birth dates (encrypted) of the people behind new events, to find their age group. */
export async function birthDatesOf(tx: Db, ids: string[]) {
  if (!ids.length) return []
  return rowsOf<{ id: string; birth_date_enc: string | null }>(
    await tx.execute(
      sql`select id::text as id, birth_date_enc from persons where id::text in (${sql.join(
        ids.map((i) => sql`${i}`),
        sql`, `,
      )})`,
    ),
  )
}

export interface NewEvent {
  kind: string
  at: Date
  districtCode: string
  grp: string
  value: number
  sourceKey: string | null
}

/** Appends events; one already collected (same source key) is skipped. Returns how many were added. */
export async function insertEvents(tx: Db, rows: NewEvent[]): Promise<number> {
  let n = 0
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500)
    const r = await tx.execute(sql`
      insert into stat_events (kind, at, district_code, grp, value, source_key)
      values ${sql.join(
        chunk.map((e) => sql`(${e.kind}, ${e.at}, ${e.districtCode}, ${e.grp}, ${e.value}, ${e.sourceKey})`),
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
  grp?: string | undefined
}
const where = (f: Filter) =>
  sql.join(
    [
      sql`month >= ${f.from}::date and month < ${f.to}::date`,
      ...(f.district ? [sql`district_code = ${f.district}`] : []),
      ...(f.grp ? [sql`grp = ${f.grp}`] : []),
    ],
    sql` and `,
  )

export interface KindSum {
  kind: string
  n: number
}
/** Totals per kind in a period (and district / group). Reads the rollup only. */
export async function totals(tx: Db, f: Filter): Promise<KindSum[]> {
  return rowsOf<{ kind: string; n: string | number }>(
    await tx.execute(sql`select kind, sum(n) as n from stat_rollup_monthly where ${where(f)} group by kind`),
  ).map((r) => ({ kind: r.kind, n: Number(r.n) }))
}

export interface Cut {
  key: string
  kind: string
  n: number
}
/** Totals per kind cut by month ('YYYY-MM'), district or group. */
export async function cut(tx: Db, f: Filter, by: 'month' | 'district' | 'group'): Promise<Cut[]> {
  const col =
    by === 'month' ? sql`to_char(month, 'YYYY-MM')` : by === 'district' ? sql`district_code` : sql`grp`
  return rowsOf<{ key: string; kind: string; n: string | number }>(
    await tx.execute(
      sql`select ${col} as key, kind, sum(n) as n from stat_rollup_monthly where ${where(f)} group by 1, 2 order by 1, 2`,
    ),
  ).map((r) => ({ key: r.key, kind: r.kind, n: Number(r.n) }))
}

/** The same totals computed from the raw events (tests and the benchmark's baseline). */
export async function rawTotals(tx: Db, f: Filter): Promise<KindSum[]> {
  const w = sql.join(
    [
      sql`at >= (${f.from}::date)::timestamp at time zone 'Asia/Seoul'`,
      sql`at < (${f.to}::date)::timestamp at time zone 'Asia/Seoul'`,
      ...(f.district ? [sql`district_code = ${f.district}`] : []),
      ...(f.grp ? [sql`grp = ${f.grp}`] : []),
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

export async function targetsOf(tx: Db, year: number) {
  return rowsOf<{ kind: string; target: number }>(
    await tx.execute(sql`select kind, target from stat_targets where year = ${year}`),
  )
}
export async function setTarget(
  tx: Db,
  kind: string,
  year: number,
  target: number,
  by: string | null,
  at: Date,
) {
  await tx
    .insert(statTargets)
    .values({ kind, year, target, updatedBy: by, updatedAt: at })
    .onConflictDoUpdate({
      target: [statTargets.kind, statTargets.year],
      set: { target, updatedBy: by, updatedAt: at },
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
