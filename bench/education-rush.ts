/**
 * Registration rush: one session with 50 seats, N distinct verified citizens enrolling at once through
 * the HTTP API (app on a local port, load generator in this process). Prints enrolments/s, latency
 * percentiles, oversold and duplicate counts, and the ratio to a bare Hono endpoint running the same
 * conditional UPDATE on the same database in the same run.
 *
 *   node --import tsx bench/education-rush.ts                 # PGlite (in memory)
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node --import tsx bench/education-rush.ts
 *   RUSH_PEOPLE=2000 RUSH_CONCURRENCY=200 …
 */
import { serve } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { CourseInput, SessionInput } from '../src/domains/education/schema.ts'
import { createCourse, createSession } from '../src/domains/education/service.ts'
import { staffUsers } from '../src/domains/identity/tables.ts'
import { persons } from '../src/domains/people/tables.ts'
import { places } from '../src/domains/reference/tables.ts'
import { createSession as createWebSession } from '../src/platform/auth/session.ts'
import { testApp } from '../test/app.ts'
import { freshDb } from '../test/fresh-db.ts'

const PEOPLE = Number(process.env.RUSH_PEOPLE ?? 2000)
const CONCURRENCY = Number(process.env.RUSH_CONCURRENCY ?? 200)
const SEATS = 50

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0
}

async function load(url: string, n: number, init: (i: number) => RequestInit) {
  const lat: number[] = []
  const statuses = new Map<number, number>()
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (;;) {
        const i = next++
        if (i >= n) return
        const s = performance.now()
        const res = await fetch(url, init(i))
        await res.arrayBuffer()
        lat.push(performance.now() - s)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      }
    }),
  )
  const secs = (performance.now() - t0) / 1000
  return {
    rps: n / secs,
    p50: pct(lat, 50),
    p95: pct(lat, 95),
    p99: pct(lat, 99),
    statuses: Object.fromEntries(statuses),
  }
}

const database = await freshDb()
const db = database.db
const now = new Date()
const [admin] = await db
  .insert(staffUsers)
  .values({ username: 'bench-admin', displayName: 'bench', role: 'admin', passwordHash: 'x' })
  .returning()
await db.execute(
  sql`insert into districts (code, name_ko, name_en, lat, lon) values ('11110', '종로구', 'Jongno-gu', 37.57, 126.98)`,
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
const actor = {
  kind: 'staff' as const,
  id: admin!.id,
  role: 'admin' as const,
  orgId: null,
  name: 'bench',
  via: 'session' as const,
  sessionId: null,
}
const course = await createCourse(
  db,
  actor,
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
const plan = await createSession(
  db,
  actor,
  course.id,
  SessionInput.parse({
    placeId: 'bench-venue',
    firstDay: day,
    time: '10:00',
    weekly: true,
    meetings: 3,
    capacity: SEATS,
    opensAt: now.toISOString(),
  }),
  now,
)
const people = await db
  .insert(persons)
  .values(Array.from({ length: PEOPLE }, (_, i) => ({ name: `러시${i}`, createdChannel: 'web' as const })))
  .returning({ id: persons.id })
const sids: string[] = []
for (const p of people) sids.push(await createWebSession(db, { personId: p.id }, { now }))
await db.execute(
  sql`create table if not exists bench_counter (id int primary key, taken int not null, capacity int not null)`,
)
await db.execute(
  sql`insert into bench_counter values (1, 0, ${PEOPLE * 10}) on conflict (id) do update set taken = 0`,
)

const { app } = testApp(database)
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise((r) => server.once('listening', r))
const port = (server.address() as { port: number }).port
const bare = new Hono().post('/take', async (c) => {
  const r = await db.execute(
    sql`update bench_counter set taken = taken + 1 where id = 1 and taken < capacity returning taken`,
  )
  return c.json({ ok: !!r })
})
const bareServer = serve({ fetch: bare.fetch, port: 0, hostname: '127.0.0.1' })
await new Promise((r) => bareServer.once('listening', r))
const barePort = (bareServer.address() as { port: number }).port

const rush = await load(
  `http://127.0.0.1:${port}/api/v1/sessions/${plan.session.id}/enrolments`,
  PEOPLE,
  (i) => ({
    method: 'POST',
    headers: {
      cookie: `gachi_sid=${sids[i]}; gachi_csrf=bench`,
      'x-csrf-token': 'bench',
      origin: `http://127.0.0.1:${port}`,
      'content-type': 'application/json',
      'idempotency-key': `rush-${i}`,
    },
    body: '{}',
  }),
)
const base = await load(`http://127.0.0.1:${barePort}/take`, PEOPLE, () => ({ method: 'POST' }))

const [counts] = await database.query<{
  enrolled: number
  waitlisted: number
  distinct_people: number
  total: number
  taken: number
}>(
  `select count(*) filter (where status = 'enrolled')::int as enrolled, count(*) filter (where status = 'waitlisted')::int as waitlisted,
          count(distinct person_id)::int as distinct_people, count(*)::int as total,
          (select taken from edu_sessions where id = $1) as taken
     from edu_enrolments where session_id = $1`,
  [plan.session.id],
)
const r = counts!
const line = (name: string, x: typeof rush) =>
  `${name.padEnd(22)} ${x.rps.toFixed(0).padStart(6)} req/s  p50 ${x.p50.toFixed(0)} ms  p95 ${x.p95.toFixed(0)} ms  p99 ${x.p99.toFixed(0)} ms  ${JSON.stringify(x.statuses)}`
console.log(
  `registration rush on ${database.kind}: ${PEOPLE} people, ${SEATS} seats, ${CONCURRENCY} concurrent clients`,
)
console.log(line('enrolment API', rush))
console.log(line('bare conditional UPDATE', base))
console.log(`enrolled ${r.enrolled}, waitlisted ${r.waitlisted}, seat counter ${r.taken}`)
console.log(
  `oversold ${Math.max(0, r.enrolled - SEATS)} (must be 0), duplicates ${r.total - r.distinct_people} (must be 0)`,
)
console.log(`throughput ratio (API / bare) ${(rush.rps / base.rps).toFixed(2)} (target ≥ 0.5)`)
server.close()
bareServer.close()
await database.close()
process.exit(r.enrolled > SEATS || r.total !== r.distinct_people ? 1 : 0)
