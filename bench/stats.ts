/**
 * Statistics at scale (issue #9): N synthetic events (default 10 million on PostgreSQL, 200,000 on PGlite)
 * generated in SQL with generate_series, the monthly rollup built and then refreshed incrementally, and the
 * staff dashboard and public statistics page timed — their queries (service functions) and the whole pages
 * through the app — against the target of 200 ms, beside the same figures computed from the raw events.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/stats.ts
 *   STATS_EVENTS=1000000 … (a quicker run)          node --import tsx bench/stats.ts   # PGlite
 *
 * On PostgreSQL it creates its own database (gachi_bench_stats_…) and drops it at the end; STATS_KEEP=1
 * keeps it (its name is printed) and STATS_REUSE=<name> times the pages again on a kept database without
 * generating events (new migrations are applied and the rollup refreshed first), e.g. for EXPLAIN ANALYZE.
 */
import { randomBytes } from 'node:crypto'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { sql } from 'drizzle-orm'
import pg from 'pg'
import { seedIfNeeded } from '../src/boot.ts'
import { testConfig } from '../src/config.ts'
import { makeStaff } from '../src/domains/people/test-helpers.ts'
import * as repo from '../src/domains/stats/repo.ts'
import { clearStatsCache, currentYear, dashboard, publicStats } from '../src/domains/stats/service.ts'
import { STAT_KINDS } from '../src/domains/stats/tables.ts'
import { type Database, openDatabase } from '../src/platform/db/client.ts'
import { createLogger } from '../src/platform/log.ts'
import { Browser, testApp } from '../test/app.ts'
import { figure } from './lib/report.ts'

const PG = process.env.DATABASE_URL || ''
const N = Number(process.env.STATS_EVENTS ?? (PG ? 10_000_000 : 200_000))
const MORE = Math.max(1000, Math.round(N / 100))
const RUNS = Number(process.env.STATS_RUNS ?? 40)
const TARGET_MS = 200
const engine = PG ? 'PostgreSQL' : 'PGlite'
const KEEP = !!process.env.STATS_KEEP
const REUSE = process.env.STATS_REUSE ?? ''

async function open(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (!PG) {
    const database = await openDatabase({ kind: 'pglite' })
    return { database, drop: async () => {} }
  }
  if (REUSE && !/^gachi_bench_stats_[0-9a-f]{8}$/.test(REUSE)) throw new Error(`STATS_REUSE=${REUSE}?`)
  const name = REUSE || `gachi_bench_stats_${randomBytes(4).toString('hex')}`
  if (!REUSE) {
    const admin = new pg.Client({ connectionString: PG })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
  }
  const url = new URL(PG)
  url.pathname = `/${name}`
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 10 })
  return {
    database,
    drop: async () => {
      await database.close()
      if (KEEP || REUSE) {
        console.log(`  kept the database ${name} (STATS_REUSE=${name} to time it again; drop it when done)`)
        return
      }
      const a = new pg.Client({ connectionString: PG })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    },
  }
}

/**
 * Inserts n random events over three years (2024–2026), 25 districts + unknown, three age groups, 10%
 * with a stated disability and 20% with a low income (so the rollup has every combination).
 */
async function generate(database: Database, n: number) {
  const kinds = `array[${STAT_KINDS.map((k) => `'${k}'`).join(',')}]`
  const codes = (await database.db.execute(sql`select code from districts order by code`)) as unknown as {
    rows: { code: string }[]
  }
  const districts = `array[${[...codes.rows.map((r) => `'${r.code}'`), "''"].join(',')}]`
  const chunk = 1_000_000
  for (let done = 0; done < n; done += chunk) {
    const k = Math.min(chunk, n - done)
    await database.db.execute(
      sql.raw(`insert into stat_events (kind, at, district_code, grp, disability, low_income, value)
        select (${kinds})[1 + floor(random() * ${STAT_KINDS.length})::int],
               timestamptz '2024-01-01 00:00+09' + random() * interval '1095 days',
               (${districts})[1 + floor(random() * ${codes.rows.length + 1})::int],
               (array['senior','adult','unknown'])[1 + floor(random() * 3)::int],
               random() < 0.1, random() < 0.2,
               1
        from generate_series(1, ${k})`),
    )
    if (n > chunk) console.log(`  … ${(done + k).toLocaleString('en')} events`)
  }
}

async function time<T>(fn: () => Promise<T>, runs = RUNS) {
  await fn() // warm-up
  const ms: number[] = []
  for (let i = 0; i < runs; i++) {
    const t = performance.now()
    await fn()
    ms.push(performance.now() - t)
  }
  ms.sort((a, b) => a - b)
  return {
    p50: ms[Math.floor(ms.length / 2)] ?? 0,
    p95: ms[Math.min(ms.length - 1, Math.ceil(ms.length * 0.95) - 1)] ?? 0,
  }
}

/** Runs fn with the statistics cache of the bench database cleared first (the rollup is queried). */
const cold = <T>(fn: () => Promise<T>) => {
  clearStatsCache(database.db)
  return fn()
}

const { database, drop } = await open()
try {
  await database.migrate()
  await seedIfNeeded(database, testConfig({ GACHI_MODE: 'production' }), createLogger('silent'))
  const db = database.db
  console.log(`stats bench on ${engine}: ${N.toLocaleString('en')} events`)

  if (REUSE) {
    // a kept database: only what is new since (e.g. a migration that emptied the rollups) is rolled up
    const t = performance.now()
    const again = await db.transaction((tx) => repo.refreshRollup(tx, new Date()))
    console.log(
      `  reused ${REUSE}: rollup refresh added ${again.added} events in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
  } else {
    let t = performance.now()
    await generate(database, N)
    const genS = (performance.now() - t) / 1000
    figure({ name: `generate ${N.toLocaleString('en')} events (${engine})`, value: genS, unit: 's' })
    if (PG) await db.execute(sql`analyze stat_events`)

    t = performance.now()
    const full = await db.transaction((tx) => repo.refreshRollup(tx, new Date()))
    const fullS = (performance.now() - t) / 1000
    figure({ name: `rollup, first full build (${engine})`, value: fullS, unit: 's' })

    await generate(database, MORE)
    t = performance.now()
    const inc = await db.transaction((tx) => repo.refreshRollup(tx, new Date()))
    const incMs = performance.now() - t
    figure({
      name: `rollup, incremental refresh of ${MORE.toLocaleString('en')} new events (${engine})`,
      value: incMs,
      unit: 'ms',
      baseline: fullS * 1000,
      baselineName: 'full build',
    })
    if (full.added !== N || inc.added !== MORE) throw new Error(`rollup added ${full.added} + ${inc.added}`)
  }
  const rollupRows = (await db.execute(
    sql`select (select count(*) from stat_rollup_monthly)::int as n, (select count(*) from stat_rollup_needs)::int as needs,
      (select count(*) from stat_rollup_need_totals)::int as totals`,
  )) as unknown as {
    rows: { n: number; needs: number; totals: number }[]
  }
  console.log(
    `  rollup rows: ${rollupRows.rows[0]?.n} (+ ${rollupRows.rows[0]?.needs} for the disability / low-income groups, ${rollupRows.rows[0]?.totals} of their totals)`,
  )

  // correctness at scale: the rollup equals the raw events for the year
  const year = currentYear(new Date())
  const f = { from: `${year}-01-01`, to: `${year + 1}-01-01` }
  const a = Object.fromEntries((await repo.totals(db, f)).map((r) => [r.kind, r.n]))
  const rawT = performance.now()
  const b = Object.fromEntries((await repo.rawTotals(db, f)).map((r) => [r.kind, r.n]))
  const rawTotalsMs = performance.now() - rawT
  for (const k of STAT_KINDS) if ((a[k] ?? 0) !== (b[k] ?? 0)) throw new Error(`rollup ≠ raw for ${k}`)
  for (const grp of ['disability', 'low_income']) {
    const x = Object.fromEntries((await repo.totals(db, { ...f, grp })).map((r) => [r.kind, r.n]))
    const y = Object.fromEntries((await repo.rawTotals(db, { ...f, grp })).map((r) => [r.kind, r.n]))
    for (const k of STAT_KINDS)
      if ((x[k] ?? 0) !== (y[k] ?? 0)) throw new Error(`rollup ≠ raw for ${grp} ${k}`)
  }
  // combined: a need with an age group in one district and one month
  const combined = {
    from: `${year}-03-01`,
    to: `${year}-04-01`,
    district: '11110',
    age: 'senior',
    need: 'disability',
  }
  const cx = Object.fromEntries((await repo.totals(db, combined)).map((r) => [r.kind, r.n]))
  const cy = Object.fromEntries((await repo.rawTotals(db, combined)).map((r) => [r.kind, r.n]))
  for (const k of STAT_KINDS)
    if ((cx[k] ?? 0) !== (cy[k] ?? 0)) throw new Error(`rollup ≠ raw for a combined cell ${k}`)
  console.log(
    '  rollup totals equal the raw events for the year, also for the disability and low-income groups and a combined cell (month × district × age × need) ✓',
  )

  // a kept database already has the analyst of an earlier run (the helper numbers its usernames from 1)
  if (REUSE)
    await db.execute(
      sql`update staff_users set username = username || '-' || substr(md5(random()::text), 1, 8) where username ~ '^u[0-9]+-analyst$'`,
    )
  const analyst = await makeStaff(db, 'analyst', null)
  const load = () =>
    loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')
  console.log(`  load average before timing: ${load()}`)
  // cold: the rollup is queried every time (cache cleared); warm: cuts cached until the watermark moves
  const dash = await time(() => cold(() => dashboard(db, analyst.actor, { year })))
  const pub = await time(() => cold(() => publicStats(db, year)))
  // the same figures straight from the raw events (totals + by month + by district), a few runs
  const raw = await time(
    () => Promise.all([repo.rawTotals(db, f), repo.rawCut(db, f, 'month'), repo.rawCut(db, f, 'district')]),
    3,
  )
  figure({
    name: `dashboard queries p95 (${engine})`,
    value: dash.p95,
    unit: 'ms',
    target: TARGET_MS,
    better: 'lower',
    baseline: raw.p50,
    baselineName: 'same cuts from raw events (p50)',
  })
  figure({
    name: `public statistics queries p95 (${engine})`,
    value: pub.p95,
    unit: 'ms',
    target: TARGET_MS,
    better: 'lower',
    baseline: raw.p50,
    baselineName: 'same cuts from raw events (p50)',
  })
  console.log(
    `  raw events: totals ${rawTotalsMs.toFixed(0)} ms; totals + month + district p50 ${raw.p50.toFixed(0)} ms — rollup is ${(raw.p50 / Math.max(0.01, pub.p50)).toFixed(0)}× faster`,
  )

  // whole pages through the app (render included)
  const { app } = testApp(database)
  const staff = new Browser(app)
  staff.cookies.set('gachi_sid', analyst.sid)
  const citizen = new Browser(app)
  const page = async (b: Browser, path: string) => {
    const r = await b.get(path)
    if (r.status !== 200) throw new Error(`${path}: ${r.status}`)
    await r.text()
  }
  const coldDashPage = await time(() => cold(() => page(staff, `/staff/stats?year=${year}`)))
  const coldPubPage = await time(() => cold(() => page(citizen, `/stats?year=${year}`)))
  figure({
    name: `GET /staff/stats p95, rollup queried (${engine})`,
    value: coldDashPage.p95,
    unit: 'ms',
    target: TARGET_MS,
    better: 'lower',
  })
  figure({
    name: `GET /stats p95, rollup queried (${engine})`,
    value: coldPubPage.p95,
    unit: 'ms',
    target: TARGET_MS,
    better: 'lower',
  })
  const dashPage = await time(() => page(staff, `/staff/stats?year=${year}`))
  const pubPage = await time(() => page(citizen, `/stats?year=${year}`))
  figure({
    name: `GET /staff/stats p95, cached cuts (${engine})`,
    value: dashPage.p95,
    unit: 'ms',
    target: TARGET_MS,
    better: 'lower',
  })
  figure({
    name: `GET /stats p95, cached cuts (${engine})`,
    value: pubPage.p95,
    unit: 'ms',
    target: TARGET_MS,
    better: 'lower',
  })
  console.log(
    `  p50: dashboard queries ${dash.p50.toFixed(0)} ms, public queries ${pub.p50.toFixed(0)} ms; pages rollup queried ${coldDashPage.p50.toFixed(0)} / ${coldPubPage.p50.toFixed(0)} ms, cached ${dashPage.p50.toFixed(0)} / ${pubPage.p50.toFixed(0)} ms (${RUNS} runs each)`,
  )
  console.log(`  load average after timing: ${load()}`)
  const ok = [dash, pub, dashPage, pubPage].every((x) => x.p95 <= TARGET_MS)
  if (!ok && PG) process.exitCode = 1
} finally {
  await drop()
}
