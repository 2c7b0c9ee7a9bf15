import { and, desc, eq, inArray, isNotNull, sql } from 'drizzle-orm'
import type { Db } from '../../platform/db/client.ts'
import { isUuid } from '../../platform/http/params.ts'
import { persons } from '../people/tables.ts'
import { kioskAttempts, kioskRateLimits, kioskScenarios } from './tables.ts'

export type AuthoredRow = typeof kioskScenarios.$inferSelect
export type NewAttempt = typeof kioskAttempts.$inferInsert

/** Inserts attempts; an id already stored is skipped. Returns the ids that are stored now. */
export async function insertAttempts(tx: Db, rows: NewAttempt[]): Promise<string[]> {
  if (rows.length === 0) return []
  await tx.insert(kioskAttempts).values(rows).onConflictDoNothing({ target: kioskAttempts.id })
  const ids = rows.map((r) => r.id)
  const found = await tx
    .select({ id: kioskAttempts.id })
    .from(kioskAttempts)
    .where(inArray(kioskAttempts.id, ids))
  return found.map((r) => r.id)
}

/** A person's attempts, newest first. */
export async function attemptsOf(tx: Db, personId: string, limit = 200) {
  return tx
    .select()
    .from(kioskAttempts)
    .where(eq(kioskAttempts.personId, personId))
    .orderBy(desc(kioskAttempts.startedAt))
    .limit(limit)
}

/** Per scenario: attempts, completions, median time, wrong taps and hints per attempt. */
export async function scenarioTotals(tx: Db) {
  return tx
    .select({
      scenario: kioskAttempts.scenario,
      attempts: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${kioskAttempts.completed})::int`,
      medianMs: sql<number>`coalesce(percentile_cont(0.5) within group (order by ${kioskAttempts.durationMs}) filter (where ${kioskAttempts.completed}), 0)::int`,
      wrong: sql<number>`coalesce(sum(${kioskAttempts.wrongTaps}), 0)::int`,
      hints: sql<number>`coalesce(sum(${kioskAttempts.hints}), 0)::int`,
    })
    .from(kioskAttempts)
    .groupBy(kioskAttempts.scenario)
    .orderBy(kioskAttempts.scenario)
}

export interface StuckRow {
  scenario: string
  screen: string
  attempts: number
  wrong: number
  hints: number
  timeouts: number
  stopped: number
}

/** Per scenario screen: how often people tapped wrong, asked for help, timed out or stopped there. */
export async function stuckSteps(tx: Db) {
  const r = (await tx.execute(sql`
    with steps as (
      select a.scenario, s->>'screen' as screen, count(distinct a.id)::int as attempts,
             sum((s->>'wrong')::int)::int as wrong, sum((s->>'hints')::int)::int as hints,
             sum((s->>'timeouts')::int)::int as timeouts
      from kiosk_attempts a, jsonb_array_elements(a.steps) s
      group by 1, 2
    ), stops as (
      select scenario, stopped_at as screen, count(*)::int as stopped
      from kiosk_attempts where not completed and stopped_at is not null group by 1, 2
    )
    select coalesce(st.scenario, sp.scenario) as scenario, coalesce(st.screen, sp.screen) as screen,
           greatest(coalesce(st.attempts, 0), coalesce(sp.stopped, 0)) as attempts,
           coalesce(st.wrong, 0) as wrong, coalesce(st.hints, 0) as hints,
           coalesce(st.timeouts, 0) as timeouts, coalesce(sp.stopped, 0) as stopped
    from steps st full outer join stops sp on sp.scenario = st.scenario and sp.screen = st.screen
    order by 1, coalesce(st.wrong, 0) + coalesce(st.hints, 0) + coalesce(st.timeouts, 0) + coalesce(sp.stopped, 0) desc, 2
  `)) as unknown as { rows: StuckRow[] }
  return r.rows
}

/** Learners who linked practice: per person and scenario, attempts, completions, best time, help used. */
export async function learnerProgress(tx: Db) {
  return tx
    .select({
      personId: kioskAttempts.personId,
      name: persons.name,
      scenario: kioskAttempts.scenario,
      attempts: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${kioskAttempts.completed})::int`,
      bestMs: sql<number | null>`min(${kioskAttempts.durationMs}) filter (where ${kioskAttempts.completed})`,
      wrong: sql<number>`sum(${kioskAttempts.wrongTaps})::int`,
      hints: sql<number>`sum(${kioskAttempts.hints})::int`,
      last: sql<Date>`max(${kioskAttempts.startedAt})`,
    })
    .from(kioskAttempts)
    .innerJoin(persons, eq(persons.id, kioskAttempts.personId))
    .where(and(isNotNull(kioskAttempts.personId), eq(persons.status, 'active')))
    .groupBy(kioskAttempts.personId, persons.name, kioskAttempts.scenario)
    .orderBy(persons.name, kioskAttempts.scenario)
    .limit(500)
}

/** Moves a person's attempts to another record (merge). */
export async function moveAttempts(tx: Db, fromId: string, intoId: string): Promise<void> {
  await tx.update(kioskAttempts).set({ personId: intoId }).where(eq(kioskAttempts.personId, fromId))
}

/** Unlinks a person's attempts (erasure): the anonymous numbers stay. */
export async function unlinkAttempts(tx: Db, personId: string): Promise<void> {
  await tx.update(kioskAttempts).set({ personId: null }).where(eq(kioskAttempts.personId, personId))
}

// ── authored scenarios ──────────────────────────────────────────────────────────────────────────

export async function listAuthored(tx: Db): Promise<AuthoredRow[]> {
  return tx.select().from(kioskScenarios).orderBy(desc(kioskScenarios.updatedAt))
}

export async function findAuthored(tx: Db, slug: string): Promise<AuthoredRow | undefined> {
  const [r] = await tx.select().from(kioskScenarios).where(eq(kioskScenarios.slug, slug))
  return r
}

export async function lockAuthored(tx: Db, slug: string): Promise<AuthoredRow | undefined> {
  const [r] = await tx.select().from(kioskScenarios).where(eq(kioskScenarios.slug, slug)).for('update')
  return r
}

/** Inserts a new authored scenario; undefined when the slug is taken. */
export async function insertAuthored(
  tx: Db,
  row: typeof kioskScenarios.$inferInsert,
): Promise<AuthoredRow | undefined> {
  const [r] = await tx.insert(kioskScenarios).values(row).onConflictDoNothing().returning()
  return r
}

export async function updateAuthored(tx: Db, id: string, patch: Partial<AuthoredRow>): Promise<void> {
  await tx.update(kioskScenarios).set(patch).where(eq(kioskScenarios.id, id))
}

/** Published authored scenarios (what learners can play). */
export async function publishedAuthored(tx: Db) {
  return tx
    .select({ slug: kioskScenarios.slug, published: kioskScenarios.published })
    .from(kioskScenarios)
    .where(isNotNull(kioskScenarios.published))
    .orderBy(kioskScenarios.slug)
}

// ── read-only summaries for other domains (education's class views) ─────────────────────────────

const uuidList = (ids: string[]) =>
  sql.join(
    [...new Set(ids.filter((id) => isUuid(id)))].map((id) => sql`${id}::uuid`),
    sql`, `,
  )
const validIds = (ids: string[]) => ids.some((id) => isUuid(id))

/** Per person and scenario: attempts, completions, best completed time, wrong taps, hints, last practised. */
export async function practiceOf(tx: Db, personIds: string[]) {
  if (!validIds(personIds)) return []
  return tx
    .select({
      personId: sql<string>`${kioskAttempts.personId}`,
      scenario: kioskAttempts.scenario,
      attempts: sql<number>`count(*)::int`,
      completed: sql<number>`count(*) filter (where ${kioskAttempts.completed})::int`,
      bestMs: sql<number | null>`min(${kioskAttempts.durationMs}) filter (where ${kioskAttempts.completed})`,
      wrongTaps: sql<number>`coalesce(sum(${kioskAttempts.wrongTaps}), 0)::int`,
      hints: sql<number>`coalesce(sum(${kioskAttempts.hints}), 0)::int`,
      lastPractisedAt: sql<Date>`max(${kioskAttempts.startedAt})`,
    })
    .from(kioskAttempts)
    .where(sql`${kioskAttempts.personId} in (${uuidList(personIds)})`)
    .groupBy(kioskAttempts.personId, kioskAttempts.scenario)
    .orderBy(kioskAttempts.personId, kioskAttempts.scenario)
}

/**
 * Per scenario step, how many of these people got stuck there at least once: a wrong tap, a hint, a
 * time-out on that screen, or an unfinished attempt that stopped on it. Also how many practised the scenario.
 */
export async function stuckPeopleOf(tx: Db, personIds: string[]) {
  if (!validIds(personIds)) return []
  const ids = uuidList(personIds)
  const r = (await tx.execute(sql`
    with mine as (
      select * from kiosk_attempts where person_id in (${ids})
    ), stuck as (
      select a.person_id, a.scenario, s->>'screen' as screen
      from mine a, jsonb_array_elements(a.steps) s
      where (s->>'wrong')::int + (s->>'hints')::int + (s->>'timeouts')::int > 0
      union
      select person_id, scenario, stopped_at from mine where not completed and stopped_at is not null
    ), practised as (
      select scenario, count(distinct person_id)::int as people from mine group by 1
    )
    select st.scenario, st.screen, count(distinct st.person_id)::int as people, p.people as practised
    from stuck st join practised p on p.scenario = st.scenario
    group by st.scenario, st.screen, p.people
    order by 1, 3 desc, 2
  `)) as unknown as { rows: { scenario: string; screen: string; people: number; practised: number }[] }
  return r.rows.map((x) => ({ ...x, people: Number(x.people), practised: Number(x.practised) }))
}

// ── rate limits ─────────────────────────────────────────────────────────────────────────────────

/**
 * Adds `n` to a key's counter in its current fixed window (a new window starts when the old one has
 * ended) in one atomic statement. Returns the count in the window and when the window started.
 */
export async function hitRate(
  tx: Db,
  keyHash: string,
  n: number,
  now: Date,
  windowMs: number,
): Promise<{ hits: number; windowStart: Date }> {
  const ended = sql`${kioskRateLimits.windowStart} <= ${new Date(now.getTime() - windowMs).toISOString()}::timestamptz`
  const [r] = await tx
    .insert(kioskRateLimits)
    .values({ keyHash, windowStart: now, hits: n })
    .onConflictDoUpdate({
      target: kioskRateLimits.keyHash,
      set: {
        hits: sql`case when ${ended} then ${n} else ${kioskRateLimits.hits} + ${n} end`,
        windowStart: sql`case when ${ended} then ${now.toISOString()}::timestamptz else ${kioskRateLimits.windowStart} end`,
      },
    })
    .returning({ hits: kioskRateLimits.hits, windowStart: kioskRateLimits.windowStart })
  return { hits: r!.hits, windowStart: new Date(r!.windowStart) }
}

/** Deletes counters whose window started before `before`. Returns how many. */
export async function purgeRates(tx: Db, before: Date): Promise<number> {
  const gone = await tx
    .delete(kioskRateLimits)
    .where(sql`${kioskRateLimits.windowStart} < ${before.toISOString()}::timestamptz`)
    .returning({ k: kioskRateLimits.keyHash })
  return gone.length
}
