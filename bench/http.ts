/**
 * HTTP throughput and latency (issue #10): the home page, the course list and a form POST (a donation
 * pledge: parse, validate, encrypt, insert, 303) on PGlite and on PostgreSQL (a fresh database each), beside
 * a bare Hono "hello" on the same machine in the same run; the ratio shows Gachi's overhead. Server and
 * load generator are separate processes on loopback.
 *
 *   node --import tsx bench/http.ts
 *   HTTP_BENCH_SECONDS=10 HTTP_BENCH_CONCURRENCY=50 BENCH_PG_URL=postgres://… node --import tsx bench/http.ts
 * PostgreSQL: BENCH_PG_URL, else DATABASE_URL, else the local server if it answers (skipped otherwise).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import http from 'node:http'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { type LoadRequest, type LoadResult, load, request } from './lib/load.ts'
import { figure } from './lib/report.ts'

const SECONDS = Number(process.env.HTTP_BENCH_SECONDS ?? 5)
const CONCURRENCY = Number(process.env.HTTP_BENCH_CONCURRENCY ?? 20)
/** Targets for one instance on this class of machine (2 cores, shared): see docs/operations.md. */
const TARGET_PAGE_RPS = 100
const TARGET_POST_RPS = 50
const TARGET_P95_MS = 500

async function startServer(mode: 'app' | 'bare', databaseUrl: string) {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('lib/http-server.ts', import.meta.url)), mode],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, stdio: ['ignore', 'pipe', 'inherit'] },
  )
  const port = await new Promise<number>((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening (\d+)/.exec(out)
      if (m) resolve(Number(m[1]))
    })
    child.once('exit', (code) => reject(new Error(`bench server (${mode}) exited with ${code}`)))
  })
  return {
    port,
    stop: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r())
        child.kill('SIGTERM')
      }),
  }
}

async function pgUrl(): Promise<string | null> {
  const url =
    process.env.BENCH_PG_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 })
  try {
    await c.connect()
    return url
  } catch {
    return null
  } finally {
    await c.end().catch(() => {})
  }
}

const line = (name: string, r: LoadResult) =>
  console.log(
    `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(1)} ms  p95 ${r.p95.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  ${JSON.stringify(r.statuses)}`,
  )

async function measure(port: number, r: LoadRequest, expect: number, name: string) {
  await load(port, r, { seconds: Math.min(1, SECONDS), concurrency: CONCURRENCY }) // warm up
  const res = await load(port, r, { seconds: SECONDS, concurrency: CONCURRENCY })
  line(name, res)
  const wrong = res.requests - (res.statuses[expect] ?? 0)
  if (wrong > 0) {
    console.log(`  ${wrong} responses were not ${expect}`)
    process.exitCode = 1
  }
  return res
}

console.log(`HTTP bench: ${CONCURRENCY} concurrent keep-alive clients, ${SECONDS} s a measurement, loopback`)
const bare = await startServer('bare', '')
const hello = await measure(bare.port, { path: '/' }, 200, 'bare Hono hello')
await bare.stop()
figure({ name: 'bare Hono hello', value: hello.rps, unit: 'req/s' })

const engines: [string, string][] = [['PGlite', '']]
const pgServer = await pgUrl()
if (pgServer) engines.push(['PostgreSQL', pgServer])
else console.log('(no PostgreSQL server answered: PGlite only)')

for (const [engine, url] of engines) {
  const app = await startServer('app', url)
  const agent = new http.Agent({ keepAlive: true })
  const first = await request(agent, app.port, { path: '/' })
  const csrf = /gachi_csrf=([^;]+)/.exec(String(first.headers['set-cookie'] ?? ''))?.[1] ?? ''
  agent.destroy()
  const home = await measure(app.port, { path: '/' }, 200, `home page (${engine})`)
  const courses = await measure(app.port, { path: '/learn' }, 200, `course list /learn (${engine})`)
  const run = Date.now()
  const post = await measure(
    app.port,
    {
      method: 'POST',
      path: '/devices/donate',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: `gachi_csrf=${csrf}`,
        origin: `http://127.0.0.1:${app.port}`,
      },
      body: (i) =>
        new URLSearchParams({
          _csrf: csrf,
          donorKind: 'individual',
          name: '벤치 기부자',
          contact: '010-1234-5678',
          deviceType: 'laptop',
          count: '1',
          ageYears: '3',
          condition: '양호',
          handover: 'drop_off',
          consentDataDestruction: 'yes',
          idempotencyKey: `bench-${run}-${i}`,
        }).toString(),
    },
    303,
    `form POST /devices/donate (${engine})`,
  )
  await app.stop()
  for (const [name, r, target] of [
    ['home page', home, TARGET_PAGE_RPS],
    ['course list', courses, TARGET_PAGE_RPS],
    ['form POST', post, TARGET_POST_RPS],
  ] as const) {
    figure({
      name: `${name} req/s (${engine})`,
      value: r.rps,
      unit: 'req/s',
      target,
      better: 'higher',
      baseline: hello.rps,
      baselineName: 'bare Hono hello',
    })
    figure({ name: `${name} p50 (${engine})`, value: r.p50, unit: 'ms' })
    figure({ name: `${name} p95 (${engine})`, value: r.p95, unit: 'ms', target: TARGET_P95_MS })
    figure({ name: `${name} p99 (${engine})`, value: r.p99, unit: 'ms' })
  }
}
