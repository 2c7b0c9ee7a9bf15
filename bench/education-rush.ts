/**
 * Registration rush (issue #4): one session with 50 seats, N distinct people enrolled at once through
 * POST /api/v1/sessions/{id}/enrolments by a staff token (person given by name, birth date and phone,
 * Idempotency-Key), C concurrent clients. The app runs in a worker thread (its own event loop, like the
 * server process) on a fresh database; the load generator runs in this thread on the same machine.
 *
 * Measured in the same run, on the same database:
 *   - the enrolment API (then a retry storm: the same requests again with the same keys);
 *   - a bare Hono endpoint running the same conditional UPDATE (`taken < capacity`) on a row with room
 *     for every request (so each request writes and commits), and on a 50-seat row (same conditions);
 *   - a plain single-row UPDATE loop (one client, no HTTP).
 * Then an overload phase (many more clients than the shedder admits) that must see only 2xx and 503.
 *
 *   node --import tsx bench/education-rush.ts                 # PGlite (in memory)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/education-rush.ts
 *   RUSH_PEOPLE=2000 RUSH_CONCURRENCY=200 RUSH_OVERLOAD=1500 RUSH_CPU_PROF=1 …
 * Exits non-zero when oversold, duplicates or a non-503 5xx occur, or (PostgreSQL) a target is missed.
 */

import http from 'node:http'
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { type LoadRequest, request } from './lib/load.ts'
import { figure } from './lib/report.ts'

const PEOPLE = Number(process.env.RUSH_PEOPLE ?? 2000)
const CONCURRENCY = Number(process.env.RUSH_CONCURRENCY ?? 200)
const OVERLOAD = Number(process.env.RUSH_OVERLOAD ?? 1500)
const SEATS = 50

interface Setup {
  kind: 'pglite' | 'postgres'
  port: number
  barePort: number
  token: string
  sessionId: string
  poolSize: number
  inflight: number
}
interface Counts {
  enrolled: number
  waitlisted: number
  total: number
  distinctPeople: number
  persons: number
  taken: number
  waitlistSeqOk: boolean
  accessLog: { ok: boolean; count: number }
}
type Msg =
  | { type: 'ready'; setup: Setup }
  | { type: 'counts'; counts: Counts }
  | { type: 'loop'; ops: number }
  | { type: 'reset' }
  | { type: 'queries'; n: number }
  | { type: 'closed' }

const person = (i: number) => ({
  name: `러시${i}`,
  birthDate: `19${40 + (i % 40)}-0${1 + (i % 9)}-1${i % 10}`,
  phone: `010${String(10_000_000 + i).padStart(8, '0')}`,
})

// ── the server side (worker thread) ──────────────────────────────────────────────────────────────
async function server() {
  const { serve } = await import('@hono/node-server')
  const { sql } = await import('drizzle-orm')
  const { Hono } = await import('hono')
  const pino = (await import('pino')).default
  const { createApp } = await import('../src/app.ts')
  const { loadConfig } = await import('../src/config.ts')
  const { CourseInput, SessionInput } = await import('../src/domains/education/schema.ts')
  const { createCourse, createSession } = await import('../src/domains/education/service.ts')
  const { createToken } = await import('../src/domains/identity/service.ts')
  const { staffUsers } = await import('../src/domains/identity/tables.ts')
  const { places } = await import('../src/domains/reference/tables.ts')
  const { verifyAccessLog } = await import('../src/platform/audit/access-log.ts')
  const { transportsFromConfig } = await import('../src/platform/jobs/transports.ts')
  const { createLogger } = await import('../src/platform/log.ts')
  const { freshDb } = await import('../test/fresh-db.ts')
  const { openDatabase } = await import('../src/platform/db/client.ts')
  const { randomBytes } = await import('node:crypto')
  const pg = (await import('pg')).default
  const port = parentPort!
  // statements sent to PostgreSQL (each one round trip), to report round trips per enrolment request
  let queries = 0
  const clientQuery = pg.Client.prototype.query
  pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
    queries++
    return (clientQuery as (...a: unknown[]) => unknown).apply(this, args)
  } as typeof clientQuery
  const profile = !!process.env.RUSH_CPU_PROF
  let session: import('node:inspector/promises').Session | null = null
  if (profile) {
    const inspector = await import('node:inspector/promises')
    session = new inspector.Session()
    session.connect()
    await session.post('Profiler.enable')
  }

  const config = loadConfig({
    NODE_ENV: 'production',
    GACHI_MODE: 'demo',
    LOG_LEVEL: 'info',
    GACHI_WORKER: 'off',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => k.startsWith('SHED_') || k === 'DATABASE_POOL_SIZE'),
    ),
  })
  // a fresh database: in-memory PGlite, or a new PostgreSQL database (dropped at the end) opened with
  // the app's configured pool size
  let database: Awaited<ReturnType<typeof openDatabase>>
  let dropDb = async () => {}
  if (process.env.DATABASE_URL) {
    const name = `gachi_rush_${randomBytes(6).toString('hex')}`
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL })
    await admin.connect()
    await admin.query(`create database ${name}`)
    await admin.end()
    const url = new URL(process.env.DATABASE_URL)
    url.pathname = `/${name}`
    database = await openDatabase({
      kind: 'postgres',
      url: url.toString(),
      poolSize: config.DATABASE_POOL_SIZE,
    })
    await database.migrate()
    dropDb = async () => {
      const a = new pg.Client({ connectionString: process.env.DATABASE_URL })
      await a.connect()
      await a.query(`drop database if exists ${name} with (force)`)
      await a.end()
    }
  } else database = await freshDb()
  const db = database.db
  const now = new Date()
  const [staff] = await db
    .insert(staffUsers)
    .values({ username: 'bench-agent', displayName: 'bench', role: 'helpdesk_agent', passwordHash: 'x' })
    .returning()
  const { token } = await createToken(
    db,
    'system',
    { name: 'rush', role: 'helpdesk_agent', days: 1, staffId: staff!.id },
    now,
  )
  await database.query(
    `insert into districts (code, name_ko, name_en, lat, lon) values ('11110', '종로구', 'Jongno-gu', 37.57, 126.98)`,
  )
  await db.insert(places).values({
    id: 'bench-venue',
    kind: 'digital_learning_center',
    nameKo: '벤치',
    districtCode: '11110',
    lat: 37.5,
    lon: 127,
    source: 'bench',
  })
  const admin = {
    kind: 'staff' as const,
    id: staff!.id,
    role: 'admin' as const,
    orgId: null,
    name: 'bench',
    via: 'session' as const,
    sessionId: null,
  }
  const course = await createCourse(
    db,
    admin,
    CourseInput.parse({
      titleKo: '러시',
      titleEn: 'Rush',
      whoKo: '누구나',
      whoEn: 'Anyone',
      level: 'basic',
      format: 'class',
      durationMinutes: 60,
    }),
    now,
  )
  const day = new Date(now.getTime() + 14 * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10)
  const newSession = (capacity: number) =>
    createSession(
      db,
      admin,
      course.id,
      SessionInput.parse({
        placeId: 'bench-venue',
        firstDay: day,
        time: '10:00',
        weekly: true,
        meetings: 3,
        capacity,
        opensAt: now.toISOString(),
      }),
      now,
    )
  const plan = await newSession(SEATS)
  // the bare endpoint's rows: the same table and the same conditional UPDATE as taking a seat
  const roomy = await newSession(5000)
  const tight = await newSession(SEATS)
  await database.query('create table bench_counter (id int primary key, n bigint not null)')
  await database.query('insert into bench_counter values (1, 0)')

  const app = createApp({
    config,
    database,
    // request logs at info, as in production, written to /dev/null (asynchronously, as pino does to a file)
    log: createLogger('info', pino.destination({ dest: '/dev/null', sync: false })),
    transports: transportsFromConfig(config, db),
    now: () => new Date(),
  })
  const api = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => api.once('listening', r))
  const bare = new Hono().post('/take/:id', async (c) => {
    const rows = await database.query<{ taken: number }>(
      'update edu_sessions set taken = taken + 1 where id = $1 and taken < capacity returning taken',
      [c.req.param('id')],
    )
    return c.json({ taken: rows[0]?.taken ?? null })
  })
  const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => bareServer.once('listening', r))
  void sql
  port.postMessage({
    type: 'ready',
    setup: {
      kind: database.kind,
      port: (api.address() as { port: number }).port,
      barePort: (bareServer.address() as { port: number }).port,
      token,
      sessionId: plan.session.id,
      roomyId: roomy.session.id,
      tightId: tight.session.id,
      poolSize: config.DATABASE_POOL_SIZE,
      inflight: config.SHED_MAX_INFLIGHT,
    },
  } satisfies Msg | { type: 'ready'; setup: Setup & { roomyId: string; tightId: string } })

  port.on('message', async (m: { type: string; ms?: number }) => {
    if (m.type === 'loop') {
      const until = performance.now() + (m.ms ?? 2000)
      let ops = 0
      while (performance.now() < until) {
        await database.query('update bench_counter set n = n + 1 where id = 1')
        ops++
      }
      port.postMessage({ type: 'loop', ops: ops / ((m.ms ?? 2000) / 1000) } satisfies Msg)
    } else if (m.type === 'queries') {
      port.postMessage({ type: 'queries', n: queries } satisfies Msg)
    } else if (m.type === 'counts') {
      const [r] = await database.query<{
        enrolled: number
        waitlisted: number
        total: number
        distinct_people: number
        persons: number
        taken: number
        seq_ok: boolean
      }>(
        `select count(*) filter (where status = 'enrolled')::int as enrolled,
                count(*) filter (where status = 'waitlisted')::int as waitlisted,
                count(*)::int as total, count(distinct person_id)::int as distinct_people,
                (select count(*)::int from persons) as persons,
                (select taken from edu_sessions where id = $1) as taken,
                count(distinct seq) = count(*) as seq_ok
           from edu_enrolments where session_id = $1`,
        [plan.session.id],
      )
      const chain = await verifyAccessLog(db)
      port.postMessage({
        type: 'counts',
        counts: {
          enrolled: r!.enrolled,
          waitlisted: r!.waitlisted,
          total: r!.total,
          distinctPeople: r!.distinct_people,
          persons: r!.persons,
          taken: r!.taken,
          waitlistSeqOk: r!.seq_ok,
          accessLog: { ok: chain.ok, count: chain.count },
        },
      } satisfies Msg)
    } else if (m.type === 'close') {
      if (session) {
        const { writeFileSync } = await import('node:fs')
        const { profile: p } = await session.post('Profiler.stop')
        const file = `rush-${database.kind}-${Date.now()}.cpuprofile`
        writeFileSync(file, JSON.stringify(p))
        console.log(`cpu profile of the server thread: ${file}`)
      }
      api.close()
      bareServer.close()
      await database.close()
      await dropDb()
      port.postMessage({ type: 'closed' } satisfies Msg)
    }
  })
  if (session) await session.post('Profiler.start')
}

// ── the load generator (main thread) ─────────────────────────────────────────────────────────────
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

interface LoadResult {
  rps: number
  p50: number
  p95: number
  p99: number
  statuses: Record<string, number>
  retryAfterMissing: number
  /** Why requests got no answer at all (status 0). */
  errors: Record<string, number>
}

/**
 * n requests from `concurrency` clients (node:http with keep-alive: the load generator shares the two
 * cores with the server, so it should cost as little as it can; fetch costs about twice as much CPU).
 */
async function load(
  concurrency: number,
  n: number,
  req: (i: number) => { port: number; r: LoadRequest },
  keep?: (i: number, status: number, body: string) => void,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const lat: number[] = []
  const statuses = new Map<number, number>()
  let retryAfterMissing = 0
  const errors = new Map<string, number>()
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      for (;;) {
        const i = next++
        if (i >= n) return
        const { port, r } = req(i)
        const res = await request(agent, port, r)
        const { status, body } = res
        if (status === 503 && !res.headers['retry-after']) retryAfterMissing++
        // no answer (connection refused, reset or timed out): counted as a failure
        if (status === 0) errors.set('socket error', (errors.get('socket error') ?? 0) + 1)
        lat.push(res.ms)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        keep?.(i, status, body)
      }
    }),
  )
  const secs = (performance.now() - t0) / 1000
  agent.destroy()
  return {
    rps: n / secs,
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    p99: pct(lat, 99),
    statuses: Object.fromEntries(statuses),
    retryAfterMissing,
    errors: Object.fromEntries(errors),
  }
}

async function main() {
  // the worker loads this file through tsx's loader (registered inside it)
  const worker = new Worker(
    `import('tsx/esm/api').then((t) => { t.register(); return import(${JSON.stringify(import.meta.url)}) })`,
    { eval: true, workerData: {} },
  )
  const inbox: Msg[] = []
  const waiters: ((m: Msg) => void)[] = []
  worker.on('message', (m: Msg) => {
    const w = waiters.shift()
    if (w) w(m)
    else inbox.push(m)
  })
  worker.on('error', (e) => {
    console.error(e)
    process.exit(2)
  })
  const nextMsg = () =>
    new Promise<Msg>((r) => {
      const m = inbox.shift()
      if (m) r(m)
      else waiters.push(r)
    })
  const countQueries = async () => {
    worker.postMessage({ type: 'queries' })
    return ((await nextMsg()) as { type: 'queries'; n: number }).n
  }
  const ready = (await nextMsg()) as { type: 'ready'; setup: Setup & { roomyId: string; tightId: string } }
  const s = ready.setup
  const base = `http://127.0.0.1:${s.port}`
  const enrolReq = (i: number) => ({
    port: s.port,
    r: {
      method: 'POST',
      path: `/api/v1/sessions/${s.sessionId}/enrolments`,
      headers: {
        authorization: `Bearer ${s.token}`,
        'content-type': 'application/json',
        'idempotency-key': `rush-${i}`,
      },
      body: JSON.stringify({ person: person(i), channel: 'phone' }),
    },
  })

  // warm-up: a few requests for other people (JIT, connections) on a separate session is not possible
  // without changing the counts, so the first requests of the rush pay for warming up, as in real life.
  const firstIds = new Map<number, string>()
  const queriesBefore = await countQueries()
  const rush = await load(CONCURRENCY, PEOPLE, enrolReq, (i, status, body) => {
    if (status === 200 || status === 201) firstIds.set(i, (JSON.parse(body) as { id: string }).id)
  })
  const perRequest = ((await countQueries()) - queriesBefore) / PEOPLE
  // a retry storm: every 10th request sent again with the same key, concurrently
  const retried = Array.from({ length: Math.floor(PEOPLE / 10) }, (_, k) => k * 10)
  let replayMismatch = 0
  const replay = await load(
    CONCURRENCY,
    retried.length,
    (k) => enrolReq(retried[k]!),
    (k, status, body) => {
      const i = retried[k]!
      const first = firstIds.get(i)
      if ((status === 200 || status === 201) && first && first !== (JSON.parse(body) as { id: string }).id)
        replayMismatch++
    },
  )
  const bareRoomy = await load(CONCURRENCY, PEOPLE, () => ({
    port: s.barePort,
    r: { method: 'POST', path: `/take/${s.roomyId}` },
  }))
  const bareTight = await load(CONCURRENCY, PEOPLE, () => ({
    port: s.barePort,
    r: { method: 'POST', path: `/take/${s.tightId}` },
  }))
  worker.postMessage({ type: 'loop', ms: 2000 })
  const loop = (await nextMsg()) as { type: 'loop'; ops: number }
  worker.postMessage({ type: 'counts' })
  const { counts: c } = (await nextMsg()) as { type: 'counts'; counts: Counts }

  // overload: far more clients than the shedder admits; another session, other people
  const overload = OVERLOAD > 0 ? await load(OVERLOAD, OVERLOAD * 2, (i) => enrolReq(100_000 + i)) : null
  const healthz = await fetch(`${base}/healthz`).then((r) => r.status)

  worker.postMessage({ type: 'close' })
  await nextMsg()
  await worker.terminate()

  const five = (x: LoadResult) =>
    Object.entries(x.statuses)
      .filter(([k]) => Number(k) >= 500 && k !== '503')
      .reduce((a, [, v]) => a + v, 0)
  const unanswered = (x: LoadResult) => x.statuses['0'] ?? 0
  const oversold = Math.max(0, c.enrolled - SEATS) + Math.max(0, c.taken - SEATS)
  const duplicates = c.total - c.distinctPeople + replayMismatch
  const ratio = rush.rps / bareRoomy.rps
  const pg = s.kind === 'postgres'
  const rows: [string, string, string, boolean | null][] = [
    ['enrolment requests/s', rush.rps.toFixed(0), pg ? '≥ 300' : '(report)', pg ? rush.rps >= 300 : null],
    [
      'statements per enrolment request',
      pg ? perRequest.toFixed(1) : 'n/a (PGlite is not counted)',
      '(report)',
      null,
    ],
    ['latency p50', `${rush.p50.toFixed(0)} ms`, '', null],
    ['latency p95', `${rush.p95.toFixed(0)} ms`, '', null],
    ['latency p99', `${rush.p99.toFixed(0)} ms`, pg ? '≤ 1000 ms' : '(report)', pg ? rush.p99 <= 1000 : null],
    ['statuses (rush)', JSON.stringify(rush.statuses), 'all 201', rush.statuses['201'] === PEOPLE],
    [
      'enrolled / waitlisted',
      `${c.enrolled} / ${c.waitlisted}`,
      `${SEATS} / ${PEOPLE - SEATS}`,
      c.enrolled === SEATS && c.waitlisted === PEOPLE - SEATS,
    ],
    ['seat counter', String(c.taken), `= ${SEATS}`, c.taken === SEATS],
    ['oversold', String(oversold), '0', oversold === 0],
    ['people registered', String(c.persons), String(PEOPLE), c.persons === PEOPLE],
    ['duplicates', String(duplicates), '0', duplicates === 0],
    [
      'retry storm (same keys)',
      `${replay.rps.toFixed(0)} req/s ${JSON.stringify(replay.statuses)}`,
      'same ids',
      replayMismatch === 0 &&
        (replay.statuses['200'] ?? 0) + (replay.statuses['201'] ?? 0) === retried.length,
    ],
    [
      'access log chain',
      `${c.accessLog.ok ? 'verifies' : 'BROKEN'} (${c.accessLog.count} rows)`,
      'verifies',
      c.accessLog.ok,
    ],
    [
      'bare UPDATE endpoint, room for all',
      `${bareRoomy.rps.toFixed(0)} req/s p99 ${bareRoomy.p99.toFixed(0)} ms`,
      '',
      null,
    ],
    [
      'bare UPDATE endpoint, 50 seats',
      `${bareTight.rps.toFixed(0)} req/s p99 ${bareTight.p99.toFixed(0)} ms`,
      '',
      null,
    ],
    ['plain UPDATE loop (1 client)', `${loop.ops.toFixed(0)} updates/s`, '', null],
    [
      'ratio API / bare (room for all)',
      ratio.toFixed(2),
      pg ? '≥ 0.5' : '(report)',
      pg ? ratio >= 0.5 : null,
    ],
    ['ratio API / bare (50 seats)', (rush.rps / bareTight.rps).toFixed(2), '(report)', null],
    ['ratio API / plain loop', (rush.rps / loop.ops).toFixed(2), '(report)', null],
  ]
  if (overload)
    rows.push(
      [
        'overload statuses',
        `${OVERLOAD} clients ${JSON.stringify(overload.statuses)}`,
        '2xx/503 only',
        five(overload) + unanswered(overload) === 0,
      ],
      [
        'overload 503 without Retry-After',
        String(overload.retryAfterMissing),
        '0',
        overload.retryAfterMissing === 0,
      ],
      ['overload p99', `${overload.p99.toFixed(0)} ms`, '', null],
      ['/healthz after overload', String(healthz), '200', healthz === 200],
    )
  const other5xx = five(rush) + five(replay) + (overload ? five(overload) : 0)
  const noAnswer = unanswered(rush) + unanswered(replay) + (overload ? unanswered(overload) : 0)
  const why = JSON.stringify({ ...rush.errors, ...replay.errors, ...(overload?.errors ?? {}) })
  rows.push(['5xx other than 503 (all phases)', String(other5xx), '0', other5xx === 0])
  rows.push(['no answer at all (all phases)', `${noAnswer} ${noAnswer ? why : ''}`, '0', noAnswer === 0])

  console.log(
    `registration rush on ${s.kind}: ${PEOPLE} people, ${SEATS} seats, ${CONCURRENCY} concurrent clients, pool ${s.poolSize}, in-flight limit ${s.inflight}`,
  )
  const w0 = Math.max(...rows.map((r) => r[0].length))
  const w1 = Math.max(...rows.map((r) => r[1].length))
  const w2 = Math.max(...rows.map((r) => r[2].length))
  console.log(`${'metric'.padEnd(w0)}  ${'value'.padEnd(w1)}  ${'target'.padEnd(w2)}  result`)
  for (const [m, v, t, ok] of rows)
    console.log(
      `${m.padEnd(w0)}  ${v.padEnd(w1)}  ${t.padEnd(w2)}  ${ok === null ? '' : ok ? 'pass' : 'FAIL'}`,
    )
  // the same figures for `npm run bench` (bench/run.ts collects them into its table)
  const t = <T>(v: T) => (pg ? v : undefined)
  figure({
    name: 'registration rush enrolments/s',
    value: rush.rps,
    unit: 'req/s',
    target: t(300),
    better: 'higher',
    baseline: bareRoomy.rps,
    baselineName: 'bare Hono conditional UPDATE',
  })
  figure({ name: 'registration rush p99', value: rush.p99, unit: 'ms', target: t(1000) })
  figure({
    name: 'registration rush API/bare ratio',
    value: ratio,
    unit: '×',
    target: t(0.5),
    better: 'higher',
  })
  figure({ name: 'plain single-row UPDATE loop', value: loop.ops, unit: 'updates/s' })
  figure({ name: 'registration rush oversold seats', value: oversold, unit: '', target: 0 })
  figure({ name: 'registration rush duplicate enrolments', value: duplicates, unit: '', target: 0 })
  figure({ name: 'registration rush 5xx other than 503', value: other5xx, unit: '', target: 0 })
  figure({ name: 'registration rush requests without an answer', value: noAnswer, unit: '', target: 0 })
  const failed = rows.some((r) => r[3] === false)
  process.exitCode = failed ? 1 : 0
}

if (isMainThread) await main()
else {
  void workerData
  await server()
}
